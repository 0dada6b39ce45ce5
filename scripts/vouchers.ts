/**
 * The center's tool for codes: `npm run vouchers -- issue --pool <slug> --count <n>
 * --minutes <m> --expires <YYYY-MM-DD> [--purpose "<text>"] --out codes.csv`.
 * Same rules as the admin page (capacity, limits), audited as "cli". The codes
 * exist only in the file it writes: keep it safe, hand it out, delete it.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { z } from "zod";
import { codesCsv } from "~/models/batch-sheet.server";
import { endOfDayField, wholeNumber } from "~/models/compute-forms.server";
import { poolBySlug } from "~/models/pools.server";
import { BATCH_LIMITS, issueBatch } from "~/models/vouchers.server";
import { getDb, whenDurable } from "~db/client.server";

const usage =
  'usage: npm run vouchers -- issue --pool <slug> --count <n> --minutes <m> --expires <YYYY-MM-DD> [--purpose "<text>"] --out <file.csv>';

function args() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        pool: { type: "string" },
        count: { type: "string" },
        minutes: { type: "string" },
        expires: { type: "string" },
        purpose: { type: "string", default: "CLI" },
        out: { type: "string" },
      },
    });
  } catch (error) {
    console.error(`${usage}\n  ${(error as Error).message}`);
    process.exit(2);
  }
}
const { positionals, values } = args();

const input = z
  .object({
    pool: z.string().min(1),
    count: wholeNumber(1, BATCH_LIMITS.countMax, "field.countRange"),
    minutes: wholeNumber(1, BATCH_LIMITS.minutesMax, "field.minutesRange"),
    expires: endOfDayField,
    purpose: z.string().trim().min(1).max(BATCH_LIMITS.purposeMax),
    out: z.string().min(1),
  })
  .safeParse(values);

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

if (positionals[0] !== "issue" || !input.success) {
  const problems = input.success
    ? []
    : input.error.issues.map((i) => `  --${String(i.path[0])}: ${i.message}`);
  fail([usage, ...problems].join("\n"));
}
const { pool: slug, count, minutes, expires, purpose, out } = input.data;
const db = getDb();
const pool = poolBySlug(db, slug);
if (!pool) fail(`unknown pool "${slug}"`);

const bar = new cliProgress.SingleBar(
  { format: "codes {bar} {value}/{total}" },
  cliProgress.Presets.shades_classic,
);
bar.start(count, 0);
const result = issueBatch(
  db,
  { id: null, label: "cli" },
  { poolId: pool.id, count, minutesEach: minutes, expiresAt: expires, purpose, cohortId: null },
  Date.now(),
  (done) => bar.update(done),
);
bar.stop();
if (!result.ok) {
  fail(
    result.reason === "capacity"
      ? `refused: ${result.overBy} minutes over the pool's capacity for the months these codes can be spent in`
      : `refused: ${result.reason}`,
  );
}
// The batch is reported only once its commit is on disk.
await whenDurable();
writeFileSync(out, codesCsv(result), { mode: 0o600 });
console.log(`batch=${result.batchId} codes=${result.codes.length} file=${out}`);
