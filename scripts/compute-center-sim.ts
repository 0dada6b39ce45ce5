/**
 * A stand-in for the compute center: `npm run compute-center-sim -- --account <handle>`
 * runs jobs against a running server through the signed API and prints what
 * happened. Each job holds minutes, then either settles its usage or is
 * cancelled; some usage reports are sent twice, as a center retries after a
 * timeout, to show that a retry is answered with the first answer and
 * debited once.
 *
 * Settings: --base-url (COMPUTE_BASE_URL, default http://localhost:3000),
 * --client-id (COMPUTE_CLIENT_ID), --secret (COMPUTE_CLIENT_SECRET),
 * --account, --pool (default ascend-910b), --jobs (default 5), --minutes (most a job holds, default 30).
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { type ApiAnswer, ComputeCenterClient } from "./compute-center/client";

const usage =
  "usage: npm run compute-center-sim -- --account <handle> [--pool ascend-910b] [--jobs 5] [--minutes 30]\n" +
  "       [--base-url http://localhost:3000] [--client-id <id>] [--secret <secret>]\n" +
  "       (or COMPUTE_BASE_URL, COMPUTE_CLIENT_ID, COMPUTE_CLIENT_SECRET)";

const { values } = parseArgs({
  options: {
    "base-url": { type: "string", default: process.env.COMPUTE_BASE_URL ?? "http://localhost:3000" },
    "client-id": { type: "string", default: process.env.COMPUTE_CLIENT_ID },
    secret: { type: "string", default: process.env.COMPUTE_CLIENT_SECRET },
    account: { type: "string" },
    pool: { type: "string", default: "ascend-910b" },
    jobs: { type: "string", default: "5" },
    minutes: { type: "string", default: "30" },
  },
});

const jobs = Number(values.jobs);
const most = Number(values.minutes);
if (
  !values["client-id"] ||
  !values.secret ||
  !values.account ||
  !Number.isSafeInteger(jobs) ||
  jobs < 1 ||
  !Number.isSafeInteger(most) ||
  most < 1
) {
  console.error(usage);
  process.exit(2);
}

const client = new ComputeCenterClient({
  baseUrl: values["base-url"],
  clientId: values["client-id"],
  secrets: [values.secret],
});
const account = values.account;
const pool = values.pool;

function summarise(answer: ApiAnswer): string {
  if (answer.json.error) {
    const { code, message, shortfallMinutes } = answer.json.error;
    return `${answer.status} ${code}${shortfallMinutes ? ` (short by ${shortfallMinutes} min)` : ""}: ${message}`;
  }
  return `${answer.status} ${answer.text}`;
}

let unexpected = 0;
const start = await client.balance(account);
console.log(`balance before: ${summarise(start)}`);
if (start.status !== 200) process.exit(1);

for (let n = 1; n <= jobs; n++) {
  const jobId = `sim-job-${n}-${randomUUID().slice(0, 8)}`;
  const holdId = `hold-${randomUUID()}`;
  const minutes = 1 + Math.floor(Math.random() * most);
  const hold = await client.placeHold({ holdId, account, pool, minutes, jobId });
  console.log(`job ${n}: hold ${minutes} min → ${summarise(hold)}`);
  if (hold.status !== 201) {
    if (hold.json.error?.code !== "insufficient_balance") unexpected++;
    continue;
  }
  if (n % 4 === 0) {
    const release = await client.releaseHold(holdId);
    console.log(`job ${n}: cancelled before it ran, release → ${summarise(release)}`);
    if (release.status !== 200) unexpected++;
    continue;
  }
  const used = Math.max(1, Math.round(minutes * (0.5 + Math.random() / 2)));
  const endedAt = new Date();
  const startedAt = new Date(endedAt.getTime() - used * 60_000);
  const record = {
    recordId: `usage-${randomUUID()}`,
    holdId,
    account,
    pool,
    jobId,
    startedAt: startedAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
    endedAt: endedAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
    minutes: used,
  };
  const settled = await client.recordUsage(record);
  console.log(`job ${n}: used ${used} min → ${summarise(settled)}`);
  if (settled.status !== 201) unexpected++;
  if (n % 3 === 0) {
    const retry = await client.recordUsage(record);
    const same = retry.status === settled.status && retry.text === settled.text;
    console.log(
      `job ${n}: the same usage record sent again → ${same ? "the first answer, debited once" : summarise(retry)}`,
    );
    if (!same) unexpected++;
  }
}

const end = await client.balance(account);
console.log(`balance after: ${summarise(end)}`);
if (unexpected > 0) {
  console.error(`${unexpected} unexpected answer(s)`);
  process.exit(1);
}
