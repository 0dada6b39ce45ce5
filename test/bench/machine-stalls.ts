/**
 * How steadily this machine runs plain JavaScript, for `npm run bench`: the same small piece of
 * CPU work again and again on one thread, before anything else starts. A stretch in which that
 * work takes at least twice its usual time is lost time; the figure is the stretches that lost
 * 10 ms or more. Every request in flight waits through such a stretch, so on a machine that has
 * them the latency percentiles of a loaded server include them, whatever the server does.
 * Linux's own accounts are read alongside (/proc): whether the thread was waiting for a core
 * (the guest's scheduler) and the steal time the hypervisor reports. Printed, never asserted.
 */
import { readFileSync } from "node:fs";

export interface MachineStalls {
  seconds: number;
  /** Lost time of each stretch that lost 10 ms or more, in order. */
  episodes: number[];
  /** Time lost in all slow stretches, however short. */
  lostMs: number;
  /** The thread's wait for a core meanwhile (null where /proc cannot tell). */
  waitedForCoreMs: number | null;
  /** Steal time the kernel accounted to all cores meanwhile, as a share of their time. */
  stealPercent: number | null;
}

function chunk(): number {
  let x = 0;
  for (let i = 0; i < 200_000; i++) x = (x * 31 + i) | 0;
  return x;
}

function schedstat(): number[] | null {
  try {
    return readFileSync("/proc/thread-self/schedstat", "utf8").trim().split(" ").map(Number);
  } catch {
    return null;
  }
}

function cpuTimes(): number[] | null {
  try {
    return readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  } catch {
    return null;
  }
}

export function machineStalls(seconds: number): MachineStalls {
  let sink = 0;
  for (let i = 0; i < 2_000; i++) sink ^= chunk();
  const sched0 = schedstat();
  const cpu0 = cpuTimes();
  const durations: number[] = [];
  const end = performance.now() + seconds * 1000;
  let last = performance.now();
  while (last < end) {
    sink ^= chunk();
    const now = performance.now();
    durations.push(now - last);
    last = now;
  }
  const sched1 = schedstat();
  const cpu1 = cpuTimes();
  const usual = [...durations].sort((a, b) => a - b)[durations.length >> 1] ?? 0;
  const episodes: number[] = [];
  let lostMs = 0;
  let current = 0;
  for (const d of [...durations, 0]) {
    if (d >= 2 * usual) {
      current += d - usual;
      continue;
    }
    lostMs += current;
    if (current >= 10) episodes.push(current);
    current = 0;
  }
  const total = (t: number[]) => t.reduce((a, b) => a + b, 0);
  const stealPercent =
    cpu0 && cpu1 && cpu0.length > 7
      ? (100 * ((cpu1[7] ?? 0) - (cpu0[7] ?? 0))) / (total(cpu1) - total(cpu0) || 1)
      : null;
  const waitedForCoreMs = sched0 && sched1 ? ((sched1[1] ?? 0) - (sched0[1] ?? 0)) / 1e6 : null;
  // Keeps the work from being optimised away.
  if (sink === 0.5) console.log(sink);
  return { seconds, episodes, lostMs, waitedForCoreMs, stealPercent };
}

export function describeStalls(s: MachineStalls): string {
  const sorted = [...s.episodes].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1] ?? 0;
  const longest = sorted.at(-1) ?? 0;
  const waited =
    s.waitedForCoreMs === null ? "" : `; the thread waited ${s.waitedForCoreMs.toFixed(0)} ms for a core`;
  const steal = s.stealPercent === null ? "" : `, steal reported ${s.stealPercent.toFixed(2)}%`;
  return (
    `${s.episodes.length} stretches losing ≥ 10 ms in ${s.seconds} s of plain CPU work` +
    ` (median ${median.toFixed(0)} ms, longest ${longest.toFixed(0)} ms; ${s.lostMs.toFixed(0)} ms lost in all${waited}${steal})`
  );
}
