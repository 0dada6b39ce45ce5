import { describe, expect, it } from "vitest";
import { fifoGate } from "./remix-handler";

/** A unit of work that finishes when told to, recording when it started. */
function deferred(log: string[], name: string) {
  let finish: (value: string) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const work = () => {
    log.push(`start ${name}`);
    return new Promise<string>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return { work, finish: () => finish(name), fail: (error: Error) => fail(error) };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("the queue in front of Remix", () => {
  it("lets in at most its limit at once, and the rest in the order they came", async () => {
    const gate = fifoGate(2);
    const log: string[] = [];
    const jobs = ["a", "b", "c", "d", "e"].map((name) => deferred(log, name));
    const results = jobs.map((job) => gate(job.work));
    await settle();
    expect(log).toEqual(["start a", "start b"]);
    jobs[1]?.finish();
    await settle();
    expect(log).toEqual(["start a", "start b", "start c"]);
    jobs[0]?.finish();
    jobs[2]?.finish();
    await settle();
    expect(log).toEqual(["start a", "start b", "start c", "start d", "start e"]);
    jobs[3]?.finish();
    jobs[4]?.finish();
    expect(await Promise.all(results)).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("gives the place of a failed request to the next one", async () => {
    const gate = fifoGate(1);
    const log: string[] = [];
    const [first, second] = [deferred(log, "first"), deferred(log, "second")];
    const failing = gate(first.work);
    const waiting = gate(second.work);
    await settle();
    expect(log).toEqual(["start first"]);
    first.fail(new Error("loader threw"));
    await expect(failing).rejects.toThrow("loader threw");
    await settle();
    expect(log).toEqual(["start first", "start second"]);
    second.finish();
    expect(await waiting).toBe("second");
    // Nothing is left holding a place: the next request goes straight in.
    const after = deferred(log, "after");
    const done = gate(after.work);
    await settle();
    expect(log.at(-1)).toBe("start after");
    after.finish();
    await done;
  });
});
