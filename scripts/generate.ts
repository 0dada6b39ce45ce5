/**
 * Province-scale data for paging and load checks:
 * `npm run generate -- [--students 100000] [--universities 130] [--teachers 2000] [--cohorts 2000] [--progress 3000000] [--vouchers 200000]`.
 * Writes into DATABASE_PATH (default ./data/talent.db); every generated account
 * shares one password hash so generation stays fast. Then cohorts (sections of
 * each university's courses, about --cohorts in all), enrolments, lesson progress (about --progress rows)
 * and quiz attempts: see scripts/generate-learning.ts. Then compute vouchers, three in ten
 * redeemed: see scripts/generate-compute.ts.
 */
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { hashPassword } from "~/auth/password.server";
import { getDb } from "~db/client.server";
import { universities, users } from "~db/schema";
import { generateCompute } from "./generate-compute";
import { generateLearning } from "./generate-learning";

const { values } = parseArgs({
  options: {
    students: { type: "string", default: "100000" },
    teachers: { type: "string", default: "2000" },
    universities: { type: "string", default: "130" },
    cohorts: { type: "string", default: "2000" },
    progress: { type: "string", default: "3000000" },
    vouchers: { type: "string", default: "200000" },
  },
});
const counts = {
  students: Number(values.students),
  teachers: Number(values.teachers),
  universities: Number(values.universities),
  cohorts: Number(values.cohorts),
  progress: Number(values.progress),
  vouchers: Number(values.vouchers),
};
for (const [name, n] of Object.entries(counts)) {
  if (!Number.isInteger(n) || n < 0 || n > 50_000_000) {
    console.error(`--${name} must be a whole number from 0 to 50,000,000`);
    process.exit(2);
  }
}

const SURNAMES = [
  "王",
  "李",
  "张",
  "刘",
  "陈",
  "杨",
  "黄",
  "赵",
  "吴",
  "周",
  "徐",
  "孙",
  "马",
  "朱",
  "胡",
  "郭",
  "何",
  "林",
  "罗",
  "高",
];
const GIVEN = [
  "伟",
  "芳",
  "娜",
  "敏",
  "静",
  "磊",
  "洋",
  "勇",
  "艳",
  "杰",
  "涛",
  "明",
  "超",
  "秀英",
  "华",
  "平",
  "刚",
  "桂英",
  "晨",
  "欣怡",
];

const db = getDb();
const passwordHash = await hashPassword("generated-account-not-for-sign-in");
const bar = new cliProgress.SingleBar(
  { format: "{task} |{bar}| {value}/{total} {eta_formatted}" },
  cliProgress.Presets.shades_classic,
);
const run = Date.now().toString(36);

bar.start(counts.universities, 0, { task: "universities" });
const universityIds: number[] = [];
db.transaction(
  (tx) => {
    for (let i = 1; i <= counts.universities; i++) {
      const code = `GEN${run.slice(-4).toUpperCase()}${String(i).padStart(3, "0")}`;
      universityIds.push(
        tx
          .insert(universities)
          .values({ code, nameZh: `湖北测试大学${i}`, nameEn: `Hubei Test University ${i}` })
          .returning()
          .get().id,
      );
      bar.increment();
    }
  },
  { behavior: "immediate" },
);
bar.stop();

function insertUsers(task: string, total: number, role: "student" | "teacher"): number[] {
  const ids: number[] = [];
  bar.start(total, 0, { task });
  const batch = 2_000;
  for (let start = 0; start < total; start += batch) {
    const rows: (typeof users.$inferInsert)[] = [];
    for (let i = start; i < Math.min(total, start + batch); i++) {
      const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}`;
      rows.push({
        email: `${role}${i}.${run}@gen.example.edu`,
        name,
        role,
        universityId: universityIds.length ? (universityIds[i % universityIds.length] ?? null) : null,
        studentNumber: role === "student" ? `2026${String(i).padStart(7, "0")}` : null,
        passwordHash,
      });
    }
    db.transaction(
      (tx) => {
        for (const row of tx.insert(users).values(rows).returning({ id: users.id }).all()) ids.push(row.id);
      },
      { behavior: "immediate" },
    );
    bar.update(Math.min(total, start + batch));
  }
  bar.stop();
  return ids;
}

const teacherIds = insertUsers("teachers", counts.teachers, "teacher");
const studentIds = insertUsers("students", counts.students, "student");
// The nth student is at university n mod U, as insertUsers assigned them.
const learning = await generateLearning(db, bar, {
  universityIds,
  teacherIds,
  studentIds,
  progressRows: counts.progress,
  cohorts: counts.cohorts,
  run,
});
bar.start(counts.vouchers, 0, { task: "vouchers, redemptions" });
const compute = await generateCompute(
  db,
  { vouchers: counts.vouchers, studentIds, cohortIds: learning.cohortIds },
  (done) => bar.update(done),
);
bar.stop();
console.log(
  `Generated ${counts.universities} universities, ${counts.teachers} teachers, ${counts.students} students, ` +
    `${learning.cohorts} cohorts, ${learning.enrolments} enrolments, ${learning.progress} progress rows, ` +
    `${learning.attempts} quiz attempts, ${compute.vouchers} vouchers in ${compute.batches} batches and ` +
    `${compute.redeemed} redemptions.`,
);
if (compute.skippedPools.length) {
  console.log(
    `No more vouchers fitted these pools (retired, or at capacity): ${compute.skippedPools.join(", ")}.`,
  );
}
