/**
 * `npm run bench`: figures for the performance targets in docs/architecture.md, printed, never
 * asserted. Runs the production build (build first: `npm run build`) on a
 * fresh database with generated users, cohorts, progress and attempts, then
 * measures with autocannon (50 connections) a bare Remix route and a lesson
 * page in the same process, progress updates (POST), the per-person lesson
 * state, a generated student's dashboard, the busiest teacher's workspace home
 * and a 5,000-row roster import; then, on a second server pointed at a
 * generated 40-lesson course, a teacher's progress matrix of a 300-student cohort.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { startServer } from "../support/server";
import { describeStalls, machineStalls } from "./machine-stalls";
import { seedFortyLessonCohort, writeFortyLessonCourse } from "./forty-lesson-course";

const PORT = Number(process.env.BENCH_PORT ?? 3290);
const DURATION = Number(process.env.BENCH_SECONDS ?? 6);
// The load generator shares the 2 cores with the server, so single runs swing by ±10%: alternate and take medians.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = 50;
/**
 * Every path under load is driven this long before it is timed. A path's first seconds on a fresh
 * server are not its steady state: V8 compiles its hot code on background threads, which took
 * 20–50% of a core for ~2.5–3 s of the compute API (the server's main thread waiting for a core
 * 10–30% of that time, on 2 cores shared with the load generator).
 */
const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 5);
// BENCH_ONLY=compute,matrix measures only those parts (pages, learner, teacher, compute, matrix); all by default.
const only = new Set((process.env.BENCH_ONLY ?? "").split(",").filter(Boolean));
const wants = (part: "pages" | "learner" | "teacher" | "compute" | "matrix") =>
  only.size === 0 || only.has(part);
const LESSON = process.env.BENCH_LESSON ?? "/courses/ai-foundations/03-models-and-training";
const dir = path.resolve("test/.tmp/bench");
const autocannonBin = path.resolve("node_modules/autocannon/autocannon.js");
const dbFile = path.join(dir, "talent.db");
const secret = "bench-secret-bench-secret-bench-secret-00";

// Before anything else runs: how steadily the machine itself runs (see machine-stalls.ts).
const stallSeconds = Number(process.env.BENCH_STALL_SECONDS ?? 10);
const stalls = stallSeconds > 0 ? machineStalls(stallSeconds) : null;
if (stalls) console.log(`machine: ${describeStalls(stalls)}`);

rmSync(dir, { recursive: true, force: true });
const students = process.env.BENCH_STUDENTS ?? "100000";
const progressRows = process.env.BENCH_PROGRESS ?? String(Number(students) * 30);
console.log(`Generating a database with ${students} students and ${progressRows} progress rows…`);
execFileSync("npx", ["tsx", "scripts/generate.ts", "--students", students, "--progress", progressRows], {
  env: { ...process.env, DATABASE_PATH: dbFile },
  stdio: ["ignore", "ignore", "inherit"],
});

// A real session for one demo student, made with the app's own code.
process.env.DATABASE_PATH = dbFile;
process.env.SESSION_SECRET = secret;
const { createSession } = await import("~/auth/session.server");
const { getDb, closeDb } = await import("~db/client.server");
const { createUser } = await import("~/models/users.server");
const { hashPassword } = await import("~/auth/password.server");
// The bench student has no password yet (like staff before their reset link); a second account has one.
const student = createUser(
  getDb(),
  { id: null, label: "bench" },
  { email: "bench@example.edu", name: "Bench", role: "student", universityId: null },
);
createUser(
  getDb(),
  { id: null, label: "bench" },
  {
    email: "bench-password@example.edu",
    name: "Bench Password",
    role: "student",
    universityId: null,
    passwordHash: await hashPassword("bench-password-not-this-one"),
  },
);
// Lessons are for the course's cohorts: the bench student reads as an enrolled learner.
const { createCohort } = await import("~/models/cohorts.server");
const { joinCohort } = await import("~/models/enrolment.server");
const { universities } = await import("~db/schema");
const university = getDb().select().from(universities).limit(1).get();
if (!university) throw new Error("the generated database has no university");
const cohort = createCohort(
  getDb(),
  { id: null, label: "bench" },
  {
    courseId: "ai-foundations",
    universityId: university.id,
    name: "Bench cohort",
    term: "bench",
    startsOn: "2020-01-01",
    endsOn: "2099-12-31",
    capacity: null,
    joinCodeExpiresAt: null,
    teacherIds: [],
  },
);
joinCohort(getDb(), student.id, cohort.joinCode);
const cookie = (await createSession(new Request("http://localhost/"), student.id)).split(";")[0] ?? "";
// The dashboard is measured for a generated student, with a generated student's volume of rows.
const { users } = await import("~db/schema");
const { like } = await import("drizzle-orm");
const generated = getDb().select().from(users).where(like(users.email, "student0.%")).get();
if (!generated) throw new Error("the generated database has no student");
const dashboardCookie =
  (await createSession(new Request("http://localhost/"), generated.id)).split(";")[0] ?? "";
// The teacher workspace: the generated teacher with the most cohorts (the generator gives one ten).
const { cohortTeachers } = await import("~db/schema");
const { count, desc } = await import("drizzle-orm");
const busiest = getDb()
  .select({ userId: cohortTeachers.userId, n: count() })
  .from(cohortTeachers)
  .groupBy(cohortTeachers.userId)
  .orderBy(desc(count()))
  .limit(1)
  .get();
if (!busiest) throw new Error("the generated database has no teacher with a cohort");
const teacherCookie =
  (await createSession(new Request("http://localhost/"), busiest.userId)).split(";")[0] ?? "";
// A 5,000-row roster import into the bench cohort, timed in-process: the dry run, then the apply.
const { IMPORT_MAX_ROWS, applyImport, previewImport } = await import("~/models/roster-import.server");
const importCsv = [
  "学号,姓名,邮箱",
  ...Array.from({ length: IMPORT_MAX_ROWS }, (_, i) => `B${i},导入学生${i},import${i}@bench.example.edu`),
].join("\r\n");
const importBytes = new TextEncoder().encode(importCsv);
const importTarget = { id: cohort.id, universityId: university.id };
const previewStarted = performance.now();
const importPreview = previewImport(getDb(), importTarget, importBytes);
const previewMs = performance.now() - previewStarted;
if (!importPreview.ok) throw new Error("the bench import was refused");
const applyStarted = performance.now();
const imported = applyImport(
  getDb(),
  { id: null, label: "bench" },
  importTarget,
  importBytes,
  importPreview.hash,
);
const applyMs = performance.now() - applyStarted;
if (!imported.ok || imported.links.length !== IMPORT_MAX_ROWS)
  throw new Error("the bench import did not apply");
// The progress matrix: a 300-student cohort of a generated 40-lesson course (the shipped courses are shorter).
const matrixContent = path.join(dir, "content");
const matrixContentOut = path.join(dir, "content-out");
writeFortyLessonCourse(matrixContent);
execFileSync("npx", ["tsx", "scripts/content-build.ts", "--root", matrixContent, "--out", matrixContentOut], {
  stdio: ["ignore", "ignore", "inherit"],
});
const matrixTeacher = createUser(
  getDb(),
  { id: null, label: "bench" },
  { email: "bench-teacher@example.edu", name: "Bench Teacher", role: "teacher", universityId: university.id },
);
const matrixCohort = seedFortyLessonCohort(getDb(), {
  universityId: university.id,
  teacherId: matrixTeacher.id,
  students: Number(process.env.BENCH_MATRIX_STUDENTS ?? 300),
});
const matrixCookie =
  (await createSession(new Request("http://localhost/"), matrixTeacher.id)).split(";")[0] ?? "";
const { prepareComputeBench, benchComputeApiApart } = await import("./compute-api");
const computeSetup = await prepareComputeBench(getDb(), CONNECTIONS);
closeDb();

const env = {
  APP_MODE: "production",
  SESSION_SECRET: secret,
  DATABASE_PATH: dbFile,
  BENCH_ROUTE: "1",
  // Per-request access logs are the reverse proxy's job in production; ACCESS_LOG=1 measures with them.
  ACCESS_LOG: process.env.ACCESS_LOG ?? "0",
  LOG_LEVEL: "warn",
};
const coldStart = performance.now();
// BENCH_PROFILE=<dir> writes the server's CPU profile there (open it in Chrome's DevTools).
const profile = process.env.BENCH_PROFILE;
const server = await startServer(env, PORT, profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : []);
// A failed run must not leave its server holding the port for the next one.
process.on("exit", () => server.process.kill());
const firstOk = await fetch(`${server.url}/healthz`);
const coldMs = performance.now() - coldStart;
if (!firstOk.ok) throw new Error("server not healthy");

type Timing = { p50: number; p95: number };

interface Result {
  requests: { average: number };
  latency: { p50: number; p99: number };
  throughput: { average: number };
  non2xx: number;
  errors: number;
}

/** autocannon in its own process, as a separate load generator would be (it shares the 2 cores all the same). */
function autocannon(url: string, seconds: number, headers: Record<string, string>, post?: string): Result {
  const args = [autocannonBin, "--json", "-c", String(CONNECTIONS), "-d", String(seconds)];
  if (post !== undefined) args.push("-m", "POST", "-b", post);
  for (const [name, value] of Object.entries(headers)) args.push("-H", `${name}: ${value}`);
  return JSON.parse(
    execFileSync(process.execPath, [...args, url], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }),
  );
}

/** A fetch that survives the server closing idle keep-alive sockets (several may be stale) while autocannon ran. */
async function get(url: string, headers: Record<string, string>): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, { headers, redirect: "manual" });
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
}

const warmed = new Set<string>();
async function measure(title: string, url: string, headers: Record<string, string> = {}, post?: string) {
  const probe =
    post === undefined
      ? await get(server.url + url, headers)
      : await fetch(server.url + url, { method: "POST", body: post, headers, redirect: "manual" });
  if (probe.status !== 200 && probe.status !== 204) throw new Error(`${url} answered ${probe.status}`);
  // Steady state, like the one-at-a-time figures: the first seconds of a path compile its code.
  if (!warmed.has(url)) {
    autocannon(server.url + url, WARM_SECONDS, headers, post);
    warmed.add(url);
  }
  const result = autocannon(server.url + url, DURATION, headers, post);
  const non2xx = result.non2xx + result.errors;
  console.log(
    `${title.padEnd(14)} ${result.requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(result.latency.p50).padStart(4)} ms   p99 ${String(result.latency.p99).padStart(4)} ms   ${(result.throughput.average / 1e6).toFixed(1)} MB/s${non2xx ? `   ${non2xx} errors!` : ""}`,
  );
  return result;
}

async function lessonJavaScript() {
  const html = await (await get(server.url + LESSON, { Cookie: cookie })).text();
  const sources = new Set(
    [...html.matchAll(/(?:src|href)="(\/build\/[^"]+\.js)"/g)].map((m) => m[1] as string),
  );
  for (const m of html.matchAll(/import\s*(?:\*\s*as\s*\w+\s*from\s*)?"(\/build\/[^"]+\.js)"/g))
    sources.add(m[1] as string);
  let raw = 0;
  let gzipped = 0;
  for (const src of sources) {
    const file = readFileSync(path.join("public", src));
    raw += file.length;
    gzipped += gzipSync(file, { level: 9 }).length;
  }
  return { files: sources.size, raw, gzipped, htmlGzipped: gzipSync(html).length };
}

/**
 * Sign-in must take the same time whether the email is unknown, has no password
 * yet, or has one and the guess is wrong: a figure, not a test (timing on a
 * shared machine is no assertion). Fewer tries per account than the throttle allows.
 */
async function signInTiming() {
  const kinds = {
    unknown: (i: number) => `nobody-${i}@example.edu`,
    "no password": () => "bench@example.edu",
    "wrong password": () => "bench-password@example.edu",
  };
  const times: Record<string, number[]> = {};
  for (let i = 0; i < 8; i++) {
    for (const [kind, email] of Object.entries(kinds)) {
      const started = performance.now();
      const res = await fetch(`${server.url}/login`, {
        method: "POST",
        body: new URLSearchParams({ email: email(i), password: `wrong guess ${i}` }),
        headers: { Origin: server.url },
        redirect: "manual",
      });
      await res.arrayBuffer();
      if (res.status !== 401) throw new Error(`sign-in (${kind}) answered ${res.status}`);
      times[kind] = [...(times[kind] ?? []), performance.now() - started];
    }
  }
  return Object.entries(times).map(([kind, ms]) => `${kind} ${median(ms).toFixed(1)} ms`);
}
/** One request at a time, so the figure is the server's time plus loopback, not queueing behind 49 others. */
// Server time in steady state: the first requests to a fresh server compile the page's code (cold start is its own figure).
const WARM_UP = 50;
async function sequential(url: string, headers: Record<string, string>, n = 300, base = server.url) {
  for (let i = 0; i < WARM_UP; i++) await (await get(base + url, headers)).arrayBuffer();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const res = await get(base + url, headers);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95) };
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const signIn = wants("pages") ? await signInTiming() : [];

console.log(
  `\nautocannon: ${CONNECTIONS} connections, ${DURATION} s per route after ${WARM_SECONDS} s of warm-up × ${ROUNDS} rounds, production build, ${students} students in the database`,
);
// Browsers always offer compression; the cached lesson page is stored compressed.
const lessonHeaders = { Cookie: cookie, "Accept-Encoding": "gzip, deflate, br" };
const rounds: { bare: Result; lesson: Result }[] = [];
for (let round = 1; wants("pages") && round <= ROUNDS; round++) {
  console.log(`round ${round}`);
  rounds.push({
    bare: await measure("bare route", "/bench/bare"),
    lesson: await measure("lesson page", LESSON, lessonHeaders),
  });
}
// The per-person half of a lesson page (decision 003), and the learner's writes and home.
const STATE = LESSON.replace(/^\/courses\//, "/learning/");
let learner: {
  progressPost: Result;
  stateLoad: Result;
  dashboardLoad: Result;
  stateAlone: Timing;
  dashboardAlone: Timing;
} | null = null;
if (wants("learner")) {
  console.log("per-person requests");
  // Reading-time batches are the learner's frequent write; each one updates the opened lesson's row.
  const open = () =>
    fetch(server.url + STATE, {
      method: "POST",
      headers: { Cookie: cookie, Origin: server.url, Accept: "application/json" },
      body: new URLSearchParams({ intent: "open" }),
    });
  // Retried once: the server may close an idle keep-alive socket left over from autocannon.
  const opened = await open().catch(open);
  if (opened.status !== 200) throw new Error(`opening the lesson answered ${opened.status}`);
  const progressPost = await measure(
    "progress POST",
    `${STATE}/time`,
    { Cookie: cookie, Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
    "seconds=5",
  );
  const stateLoad = await measure("lesson state", STATE, { Cookie: cookie });
  const dashboardLoad = await measure("dashboard", "/dashboard", { Cookie: dashboardCookie });
  const stateAlone = await sequential(STATE, { Cookie: cookie });
  const dashboardAlone = await sequential("/dashboard", { Cookie: dashboardCookie });
  learner = { progressPost, stateLoad, dashboardLoad, stateAlone, dashboardAlone };
}
const teach = wants("teacher")
  ? {
      load: await measure("teacher home", "/teach", { Cookie: teacherCookie }),
      alone: await sequential("/teach", { Cookie: teacherCookie }),
    }
  : null;
let compute: {
  api: ReturnType<typeof benchComputeApiApart>;
  redemptions: Awaited<ReturnType<typeof import("./redemptions").redemptionBench>>;
} | null = null;
if (wants("compute")) {
  console.log("compute API (signed holds + usage settlements)");
  // Warmed up like every other path, and driven from a process of its own like them.
  const api = benchComputeApiApart(server.url, computeSetup, WARM_SECONDS, DURATION);
  const { redemptionBench } = await import("./redemptions");
  compute = { api, redemptions: await redemptionBench(getDb(), server.url, cookie) };
}
const ratio = median(rounds.map((r) => r.lesson.requests.average / r.bare.requests.average));
const lesson = { latency: { p99: median(rounds.map((r) => r.lesson.latency.p99)) } };
const js = wants("pages") ? await lessonJavaScript() : null;
const rss =
  Number(
    execFileSync("ps", ["-o", "rss=", "-p", String(server.process.pid)])
      .toString()
      .trim(),
  ) * 1024;
await server.stop();

let matrix: { alone: Timing; atRisk: Timing } | null = null;
if (wants("matrix")) {
  const matrixServer = await startServer(
    { ...env, CONTENT_ROOT: matrixContent, CONTENT_OUT: matrixContentOut },
    PORT,
  );
  const MATRIX = `/teach/${matrixCohort}/progress?sort=activity&dir=desc`;
  matrix = {
    alone: await sequential(MATRIX, { Cookie: matrixCookie }, 200, matrixServer.url),
    atRisk: await sequential(`${MATRIX}&filter=at-risk`, { Cookie: matrixCookie }, 100, matrixServer.url),
  };
  await matrixServer.stop();
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const figures: string[] = [];
if (js) {
  figures.push(
    `lesson / bare            ${(ratio * 100).toFixed(0)}%        (median of ${ROUNDS} rounds; target ≥ 60%)`,
    `lesson p99               ${lesson.latency.p99} ms      (median; target < 100 ms)`,
    `lesson-page JavaScript   ${(js.gzipped / 1024).toFixed(1)} KB gzipped in ${js.files} files (${(js.raw / 1024).toFixed(0)} KB raw; target < 150 KB)`,
    `lesson HTML              ${(js.htmlGzipped / 1024).toFixed(1)} KB gzipped`,
  );
}
figures.push(
  `server RSS after run     ${mb(rss)}      (target < 300 MB)`,
  `cold start to first 200  ${coldMs.toFixed(0)} ms    (target < 2000 ms)`,
);
if (signIn.length) figures.push(`sign-in, median of 8     ${signIn.join(" · ")}    (should be equal)`);
if (learner) {
  const { progressPost, stateLoad, stateAlone, dashboardLoad, dashboardAlone } = learner;
  figures.push(
    `progress updates         ${progressPost.requests.average.toFixed(0)}/s, p99 ${progressPost.latency.p99} ms   (${CONNECTIONS} connections; target ≥ 2,000/s, p99 < 50 ms)`,
    `lesson state (per person) ${stateLoad.requests.average.toFixed(0)} req/s, p99 ${stateLoad.latency.p99} ms under load; alone p50 ${stateAlone.p50.toFixed(1)} ms, p95 ${stateAlone.p95.toFixed(1)} ms`,
    `dashboard                ${dashboardLoad.requests.average.toFixed(0)} req/s, p99 ${dashboardLoad.latency.p99} ms under load; alone p50 ${dashboardAlone.p50.toFixed(1)} ms, p95 ${dashboardAlone.p95.toFixed(1)} ms   (target p95 < 30 ms)`,
  );
}
if (teach) {
  figures.push(
    `teacher home (${busiest.n} cohorts) ${teach.load.requests.average.toFixed(0)} req/s, p99 ${teach.load.latency.p99} ms under load; alone p50 ${teach.alone.p50.toFixed(1)} ms, p95 ${teach.alone.p95.toFixed(1)} ms   (target p95 < 30 ms)`,
    `roster import, ${IMPORT_MAX_ROWS} rows  dry run ${previewMs.toFixed(0)} ms, apply ${applyMs.toFixed(0)} ms   (target < 10 s)`,
  );
}
if (matrix) {
  figures.push(
    `progress matrix          300 students × 40 lessons, one request at a time: p50 ${matrix.alone.p50.toFixed(1)} ms, p95 ${matrix.alone.p95.toFixed(1)} ms; at-risk filter p95 ${matrix.atRisk.p95.toFixed(1)} ms   (target p95 < 50 ms)`,
  );
}
if (compute) {
  const { api, redemptions } = compute;
  figures.push(
    `redemptions              ${redemptions.perSecond.toFixed(0)}/s of distinct codes, ${redemptions.ok}/${redemptions.count} accepted after a warm-up; ${redemptions.credits} credits for ${redemptions.accepted} accepted codes, ${redemptions.duplicates} duplicates   (target ≥ 1,000/s, zero duplicates; commits are fsynced, decision 015)`,
    `compute API              ${api.perSecond.toFixed(0)} holds + settlements/s, p50 ${api.p50.toFixed(1)} ms, p99 ${api.p99.toFixed(1)} ms, ${api.failures} refused   (${CONNECTIONS} workers; target ≥ 1,000/s, p99 < 50 ms)`,
  );
}
if (stalls) figures.push(`machine, before the run    ${describeStalls(stalls)}`);
console.log(`\n${figures.join("\n")}`);
