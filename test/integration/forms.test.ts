import { createHash } from "node:crypto";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCESS } from "~/auth/access";
import { verifyPassword } from "~/auth/password.server";
import { joinCohort } from "~/models/enrolment.server";
import { createResetToken } from "~/models/password-reset.server";
import { getUser } from "~/models/users.server";
import { type Db, openDatabase } from "~db/client.server";
import { certificates } from "~db/schema";
import { requestMinutes } from "~/models/grants.server";
import { issueBatch } from "~/models/vouchers.server";
import { createTestCohort } from "../support/cohorts";
import { createTestPool } from "../support/compute";
import { createTestUniversity, createTestUser, sessionCookieFor } from "../support/factories";
import { actionRouteIds, loadBuild, routeUrl } from "../support/routes";
import { type RunningServer, startServer, copyBaseDatabase } from "../support/server";

/**
 * Hostile forms against the real server: every action in the build's
 * manifest gets a well-formed sample, then the same form with each field
 * sent twice (400, nothing written) and with field names that are
 * JavaScript's own property names (never a 500).
 */
let server: RunningServer;
let db: Db;
let build: ServerBuild;
const ids: Record<"admin" | "student" | "teacher" | "cohort" | "target" | "university" | "learner", number> =
  {
    learner: 0,
    admin: 0,
    student: 0,
    teacher: 0,
    cohort: 0,
    target: 0,
    university: 0,
  };
let resetToken = "";
const compute = { poolId: 0, otherPoolId: 0, batchId: 0, code: "", scriptCode: "", requestIds: [0, 0] };
let joinCode = "";
const CERTIFICATE = "a".repeat(32);

type Who = "visitor" | "student" | "teacher" | "admin";
interface Sample {
  label: string;
  who: Who;
  params?: Record<string, string>;
  fields: [string, string][];
  /** Sent as multipart/form-data with this file as the `file` field. */
  file?: string;
}

/** A well-formed submission for each action; a new action without one fails the first test. */
function samples(): Record<string, Sample[]> {
  const target = String(ids.target);
  return {
    "routes/login": [
      {
        label: "sign in",
        who: "visitor",
        fields: [
          ["email", "nobody@test.example.edu"],
          ["password", "wrong-password"],
        ],
      },
    ],
    "routes/logout": [{ label: "sign out", who: "student", fields: [] }],
    "routes/locale": [
      {
        label: "switch language",
        who: "student",
        fields: [
          ["locale", "en"],
          ["redirectTo", "/courses"],
        ],
      },
    ],
    "routes/reset.$token": [
      {
        label: "set password",
        who: "visitor",
        params: { token: resetToken },
        fields: [
          ["password", "a-new-password-1"],
          ["confirm", "a-new-password-1"],
        ],
      },
    ],
    "routes/account": [
      {
        label: "profile",
        who: "student",
        fields: [
          ["intent", "profile"],
          ["name", "Renamed"],
          ["locale", "en"],
        ],
      },
      {
        label: "password",
        who: "student",
        fields: [
          ["intent", "password"],
          ["currentPassword", "correct horse battery"],
          ["newPassword", "another-password-2"],
          ["confirmPassword", "another-password-2"],
        ],
      },
    ],
    "routes/admin.users": [
      {
        label: "create",
        who: "admin",
        fields: [
          ["intent", "create"],
          ["email", "made-by-sample@test.example.edu"],
          ["name", "Sample"],
          ["role", "teacher"],
          ["universityId", String(ids.university)],
        ],
      },
      {
        label: "disable",
        who: "admin",
        fields: [
          ["intent", "disable"],
          ["userId", target],
        ],
      },
      {
        label: "enable",
        who: "admin",
        fields: [
          ["intent", "enable"],
          ["userId", target],
        ],
      },
      {
        label: "role",
        who: "admin",
        fields: [
          ["intent", "role"],
          ["userId", target],
          ["role", "admin"],
        ],
      },
      {
        label: "reset link",
        who: "admin",
        fields: [
          ["intent", "reset-link"],
          ["userId", target],
        ],
      },
    ],
    "routes/admin.universities": [
      {
        label: "create",
        who: "admin",
        fields: [
          ["intent", "create"],
          ["code", "SAMPLE"],
          ["nameZh", "样例大学"],
          ["nameEn", "Sample U"],
        ],
      },
      {
        label: "update",
        who: "admin",
        fields: [
          ["intent", "update"],
          ["id", String(ids.university)],
          ["code", "SAMPLE2"],
          ["nameZh", "样例"],
          ["nameEn", "Sample"],
        ],
      },
    ],
    "routes/join.$code": [
      { label: "join", who: "student", params: { code: joinCode }, fields: [["intent", "join"]] },
    ],
    "routes/learning.$course.$lesson": [
      { label: "record a view", who: "student", fields: [["intent", "open"]] },
    ],
    "routes/learning.$course.$lesson_.time": [
      { label: "reading time", who: "student", fields: [["seconds", "30"]] },
    ],
    "routes/admin.compute.pools": [
      {
        label: "create",
        who: "admin",
        fields: [
          ["intent", "create"],
          ["slug", "sample-pool"],
          ["nameZh", "样例池"],
          ["nameEn", "Sample pool"],
          ["hardwareZh", "样例硬件"],
          ["hardwareEn", "Sample hardware"],
          ["capacityMinutesPerMonth", "100000"],
          ["overcommitPercent", "120"],
        ],
      },
      {
        label: "update",
        who: "admin",
        fields: [
          ["intent", "update"],
          ["id", String(compute.poolId)],
          ["slug", "forms-pool"],
          ["nameZh", "表单池"],
          ["nameEn", "Forms pool"],
          ["hardwareZh", "硬件"],
          ["hardwareEn", "Hardware"],
          ["capacityMinutesPerMonth", "1000000"],
          ["overcommitPercent", "100"],
        ],
      },
      {
        label: "retire",
        who: "admin",
        fields: [
          ["intent", "retire"],
          ["id", String(compute.otherPoolId)],
        ],
      },
    ],
    "routes/admin.compute.batches": [
      {
        label: "issue",
        who: "admin",
        fields: [
          ["intent", "issue"],
          ["poolId", String(compute.poolId)],
          ["count", "3"],
          ["minutesEach", "60"],
          ["expiresOn", "2099-12-31"],
          ["purpose", "样例 Sample"],
          ["cohortId", ""],
        ],
      },
      {
        label: "revoke",
        who: "admin",
        fields: [
          ["intent", "revoke"],
          ["id", String(compute.batchId)],
        ],
      },
      {
        label: "clawback",
        who: "admin",
        fields: [
          ["intent", "clawback"],
          ["id", String(compute.batchId)],
          ["reason", "样例 Sample"],
        ],
      },
    ],
    "routes/admin.compute.grants": [
      {
        label: "grant",
        who: "admin",
        fields: [
          ["intent", "grant"],
          ["poolId", String(compute.poolId)],
          ["cohortId", String(ids.cohort)],
          ["minutes", "30"],
          ["expiresOn", "2099-12-31"],
          ["laterUntil", ""],
          ["purpose", "样例 Sample"],
        ],
      },
      {
        label: "approve",
        who: "admin",
        fields: [
          ["intent", "approve"],
          ["id", String(compute.requestIds[0])],
          ["expiresOn", "2099-12-31"],
        ],
      },
      {
        label: "decline",
        who: "admin",
        fields: [
          ["intent", "decline"],
          ["id", String(compute.requestIds[1])],
          ["reason", "样例 Sample"],
        ],
      },
    ],
    "routes/teach.$cohort_.compute": [
      {
        label: "request",
        who: "teacher",
        params: { cohort: String(ids.cohort) },
        fields: [
          ["poolId", String(compute.poolId)],
          ["minutes", "60"],
          ["reason", "样例 Sample"],
        ],
      },
    ],
    "routes/compute": [{ label: "redeem", who: "student", fields: [["code", compute.code]] }],
    "routes/compute_.redeem": [
      { label: "redeem from the script", who: "student", fields: [["code", compute.scriptCode]] },
    ],
    "routes/admin.certificates": [
      {
        label: "revoke",
        who: "admin",
        fields: [
          ["id", CERTIFICATE],
          ["reason", "样例原因 Sample reason"],
        ],
      },
    ],
    "routes/teach.$cohort": [
      {
        label: "reset link",
        who: "teacher",
        params: { cohort: String(ids.cohort) },
        fields: [
          ["intent", "reset-link"],
          ["userId", String(ids.student)],
        ],
      },
      {
        label: "drop a learner",
        who: "teacher",
        params: { cohort: String(ids.cohort) },
        fields: [
          ["intent", "drop"],
          ["userId", String(ids.learner)],
        ],
      },
    ],
    "routes/teach.new": [
      {
        label: "create a cohort",
        who: "admin",
        fields: [
          ["intent", "create"],
          ["courseId", "ai-foundations"],
          ["universityId", String(ids.university)],
          ["name", "表单测试班"],
          ["term", "2026 秋季"],
          ["startsOn", "2026-09-01"],
          ["endsOn", "2027-01-15"],
          ["capacity", ""],
        ],
      },
    ],
    "routes/teach.$cohort_.settings": [
      {
        label: "edit the cohort",
        who: "teacher",
        params: { cohort: String(ids.cohort) },
        fields: [
          ["intent", "update"],
          ["courseId", "ai-foundations"],
          ["name", "改过的名字"],
          ["term", "2026 秋季"],
          ["startsOn", "2026-09-01"],
          ["endsOn", "2027-01-15"],
          ["capacity", "300"],
        ],
      },
      {
        label: "set the code's expiry",
        who: "teacher",
        params: { cohort: String(ids.cohort) },
        fields: [
          ["intent", "set-expiry"],
          ["expiresOn", "2099-01-01"],
        ],
      },
    ],
    "routes/teach.$cohort_.import": [
      {
        label: "preview an import",
        who: "teacher",
        params: { cohort: String(ids.cohort) },
        fields: [["intent", "preview"]],
        file: "学号,姓名,邮箱\nF1,表单,forms-import@test.example.edu\n",
      },
    ],
    "routes/teach.$cohort_.students.$student": [
      {
        label: "reset link from the student's page",
        who: "teacher",
        params: { cohort: String(ids.cohort), student: String(ids.student) },
        fields: [["intent", "reset-link"]],
      },
    ],
    "routes/courses.$course.$lesson": [
      {
        label: "quiz",
        who: "student",
        fields: [
          ["quizId", "check"],
          ["answer-q1", "0"],
          ["answer-q2", "0"],
          ["answer-q3", "false"],
          ["answer-q4", "78"],
          ["answer-q5", "0"],
        ],
      },
    ],
  };
}

beforeAll(async () => {
  const file = copyBaseDatabase("forms");
  db = openDatabase(file);
  build = await loadBuild();
  ids.admin = (await createTestUser({ role: "admin" }, db)).id;
  ids.student = (await createTestUser({ role: "student" }, db)).id;
  ids.target = (await createTestUser({ role: "teacher", email: "target@test.example.edu" }, db)).id;
  // The student reads (and quizzes) as a member of the teacher's cohort of the course.
  ids.teacher = (await createTestUser({ role: "teacher" }, db)).id;
  const cohort = createTestCohort({ courseId: "ai-foundations", teacherIds: [ids.teacher] }, db);
  ids.cohort = cohort.id;
  joinCohort(db, ids.student, cohort.joinCode);
  ids.learner = (await createTestUser({ role: "student" }, db)).id;
  joinCohort(db, ids.learner, cohort.joinCode);
  joinCode = cohort.joinCode;
  db.insert(certificates)
    .values({
      id: CERTIFICATE,
      userId: ids.student,
      courseId: "ai-foundations",
      cohortId: cohort.id,
      issuedAt: new Date(),
    })
    .run();
  ids.university = createTestUniversity("FORMS", db).id;
  resetToken = createResetToken(db, { id: null, label: "test" }, ids.target);
  compute.poolId = createTestPool({}, db).id;
  compute.otherPoolId = createTestPool({}, db).id;
  const issued = issueBatch(
    db,
    { id: null, label: "test" },
    {
      poolId: compute.poolId,
      count: 2,
      minutesEach: 30,
      expiresAt: new Date(Date.now() + 30 * 24 * 60 * 60 * 1000),
      purpose: "forms",
      cohortId: null,
    },
  );
  if (!issued.ok) throw new Error(issued.reason);
  compute.batchId = issued.batchId;
  // The redeem sample's code comes from a batch nothing revokes.
  const own = issueBatch(
    db,
    { id: null, label: "test" },
    {
      poolId: compute.poolId,
      count: 2,
      minutesEach: 30,
      expiresAt: new Date(Date.now() + 30 * 24 * 60 * 60 * 1000),
      purpose: "forms redeem",
      cohortId: null,
    },
  );
  if (!own.ok) throw new Error(own.reason);
  compute.code = own.codes[0] ?? "";
  compute.scriptCode = own.codes[1] ?? "";
  for (const i of [0, 1]) {
    const ask = { cohortId: ids.cohort, poolId: compute.poolId, minutes: 10, reason: "forms" };
    compute.requestIds[i] = requestMinutes(db, { id: ids.teacher, label: "teacher" }, ask)?.id ?? 0;
  }
  server = await startServer({
    APP_MODE: "test",
    SESSION_SECRET: process.env.SESSION_SECRET ?? "",
    DATABASE_PATH: file,
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  db?.$client.close();
});

/** Posts as a fresh session of `who` (a sign-out must not end the next request's session). */
async function post(sample: Sample, routeId: string, fields: [string, string][]) {
  const headers: Record<string, string> = { Origin: server.url };
  if (sample.who !== "visitor") headers.Cookie = await sessionCookieFor(ids[sample.who], db);
  const url = `${routeUrl(build, routeId, sample.params)}?_data=${encodeURIComponent(routeId)}`;
  const body = sample.file === undefined ? new URLSearchParams() : new FormData();
  for (const [name, value] of fields) body.append(name, value);
  if (body instanceof FormData) body.append("file", new Blob([sample.file ?? ""]), "roster.csv");
  return fetch(server.url + url, { method: "POST", headers, body, redirect: "manual" });
}

/** Everything an action could write, sessions aside (every request touches those). */
function fingerprint(): string {
  const hash = createHash("sha256");
  for (const table of [
    "users",
    "universities",
    "audit_events",
    "password_reset_tokens",
    "login_failures",
    "cohorts",
    "cohort_teachers",
    "enrolments",
    "compute_pools",
    "voucher_batches",
    "vouchers",
    "ledger_entries",
    "redeem_failures",
    "compute_grants",
    "compute_requests",
  ])
    hash.update(JSON.stringify(db.$client.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()));
  return hash.digest("hex");
}

function eachSample(): [string, Sample][] {
  return Object.entries(samples()).flatMap(([routeId, list]) =>
    list.map((s) => [routeId, s] as [string, Sample]),
  );
}

describe("every action", () => {
  it("has a sample form here", () => {
    // The signed compute API takes JSON, not forms: test/integration/compute-api.test.ts attacks it.
    const forms = actionRouteIds(build).filter((id) => ACCESS[id] !== "signed-api");
    expect(forms.filter((id) => !(id in samples()))).toEqual([]);
  });

  it("refuses each field sent twice with 400 and writes nothing", async () => {
    const failures: string[] = [];
    for (const [routeId, sample] of eachSample()) {
      for (const [index, [name, value]] of sample.fields.entries()) {
        const fields = [...sample.fields];
        fields.splice(index + 1, 0, [name, value]);
        const before = fingerprint();
        const res = await post(sample, routeId, fields);
        const where = `${routeId} (${sample.label}) with ${name} twice → ${res.status}`;
        if (res.status !== 400) failures.push(where);
        if (fingerprint() !== before) failures.push(`${where}: something was written`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("refuses the first-value-wins attacks the review found", async () => {
    const before = fingerprint();
    const admin: Sample = { label: "attack", who: "admin", fields: [] };
    const role = await post(admin, "routes/admin.users", [
      ["intent", "role"],
      ["userId", String(ids.target)],
      ["role", "student"],
      ["role", "admin"],
    ]);
    const disable = await post(admin, "routes/admin.users", [
      ["intent", "disable"],
      ["userId", String(ids.target)],
      ["userId", String(ids.admin)],
    ]);
    expect([role.status, disable.status]).toEqual([400, 400]);
    expect(await role.json()).toMatchObject({ error: { key: "field.duplicate", params: { field: "role" } } });
    expect(fingerprint()).toBe(before);
  });

  it("accepts each sample as it is (so the refusals above are about the tampering)", async () => {
    const failures: string[] = [];
    for (const [routeId, sample] of eachSample()) {
      if (routeId === "routes/login") continue; // a wrong password is the point of that sample
      const res = await post(sample, routeId, sample.fields);
      if (res.status >= 400)
        failures.push(`${routeId} (${sample.label}) → ${res.status}: ${await res.text()}`);
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it("never answers 500 to field names that are JavaScript property names", async () => {
    const odd = [
      "__proto__",
      "constructor",
      "toString",
      "valueOf",
      "hasOwnProperty",
      "prototype",
      "__defineGetter__",
      "answer-__proto__",
      "answer-constructor",
      "answer-toString",
      "answer-",
      "intent[]",
      "",
    ];
    const failures: string[] = [];
    for (const [routeId, sample] of eachSample()) {
      for (const name of odd) {
        for (const fields of [
          [...sample.fields, [name, "1"]],
          [[name, "1"], ...sample.fields],
          [
            [name, "1"],
            [name, "2"],
          ],
        ] as [string, string][][]) {
          const res = await post(sample, routeId, fields);
          if (res.status >= 500) failures.push(`${routeId} (${sample.label}) with "${name}" → ${res.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);
});

describe("text fields", () => {
  const admin = (): Sample => ({ label: "text", who: "admin", fields: [] });
  const listUsers = async (q: string) => {
    const res = await fetch(
      `${server.url}/admin/users?q=${encodeURIComponent(q)}&_data=${encodeURIComponent("routes/admin.users")}`,
      { headers: { Cookie: await sessionCookieFor(ids.admin, db) } },
    );
    return ((await res.json()) as { rows: { email: string; name: string }[] }).rows;
  };

  it("are stored in NFC, and a search typed in either form finds them", async () => {
    const res = await post(admin(), "routes/admin.users", [
      ["intent", "create"],
      ["email", "NFD.Name@test.example.edu"],
      ["name", " Jose\u0301 Zhe\u0300ng "],
      ["role", "teacher"],
      ["universityId", ""],
    ]);
    expect(res.status).toBe(200);
    const row = db.$client
      .prepare("SELECT name, email FROM users WHERE email = 'nfd.name@test.example.edu'")
      .get();
    expect(row).toEqual({ name: "Jos\u00e9 Zh\u00e8ng", email: "nfd.name@test.example.edu" });
    for (const q of ["Jose\u0301 Zhe\u0300ng", "Jos\u00e9 Zh\u00e8ng", " zhe\u0300ng", "NFD.NAME"])
      expect(
        (await listUsers(q)).map((u) => u.email),
        q,
      ).toEqual(["nfd.name@test.example.edu"]);
  });

  it("refuse NUL, control and bidi-override characters in every form, writing nothing", async () => {
    const before = fingerprint();
    const attempts: [string, Sample, [string, string][]][] = [
      [
        "routes/admin.users",
        admin(),
        [
          ["intent", "create"],
          ["email", "evil@test.example.edu"],
          ["name", "\u202egnp.exe"],
          ["role", "teacher"],
          ["universityId", ""],
        ],
      ],
      [
        "routes/admin.universities",
        admin(),
        [
          ["intent", "create"],
          ["code", "EVIL"],
          ["nameZh", "恶意\u0000大学"],
          ["nameEn", "Evil"],
        ],
      ],
      [
        "routes/account",
        { label: "profile", who: "student", fields: [] },
        [
          ["intent", "profile"],
          ["name", "Li\u2066Wei"],
          ["locale", "en"],
        ],
      ],
    ];
    for (const [routeId, who, fields] of attempts) {
      const res = await post(who, routeId, fields);
      expect(res.status, routeId).toBe(400);
      expect(JSON.stringify(await res.json()), routeId).toContain("field.badCharacters");
    }
    expect(fingerprint()).toBe(before);
  });
});

describe("the password change on /account", () => {
  it("needs the current password, a matching confirmation and a valid length, then ends the other sessions", async () => {
    const user = await createTestUser({ email: "changer@test.example.edu" }, db);
    const here = await sessionCookieFor(user.id, db);
    const elsewhere = await sessionCookieFor(user.id, db);
    const change = (current: string, next: string, confirm = next) =>
      fetch(`${server.url}/account?_data=routes%2Faccount`, {
        method: "POST",
        headers: { Origin: server.url, Cookie: here },
        body: new URLSearchParams({
          intent: "password",
          currentPassword: current,
          newPassword: next,
          confirmPassword: confirm,
        }),
      });
    const oldHash = getUser(db, user.id)?.passwordHash;

    const wrong = await change("not-my-password", "brand-new-password");
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({
      fieldErrors: { currentPassword: { key: "account.wrongPassword" } },
    });
    const mismatch = await change("correct horse battery", "brand-new-password", "brand-new-passw0rd");
    expect(await mismatch.json()).toMatchObject({
      fieldErrors: { confirmPassword: { key: "field.passwordMismatch" } },
    });
    const short = await change("correct horse battery", "short");
    expect(await short.json()).toMatchObject({
      fieldErrors: { newPassword: { key: "field.passwordLength", params: { min: 8, max: 128 } } },
    });
    expect(getUser(db, user.id)?.passwordHash).toBe(oldHash);

    const ok = await change("correct horse battery", "brand-new-password");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ done: "account.passwordChanged" });
    expect(await verifyPassword(getUser(db, user.id)?.passwordHash, "brand-new-password")).toBe(true);

    const ask = (cookie: string) =>
      fetch(`${server.url}/account`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect((await ask(here)).status).toBe(200);
    const other = await ask(elsewhere);
    expect(other.status).toBe(302);
    expect(other.headers.get("location")).toMatch(/^\/login/);
  });
});
