/**
 * A second process joining cohorts on the same database file, for the race
 * tests: `node --import tsx test/support/join-race.ts <code> <userId>...`.
 * Prints one JSON line of outcomes.
 */
import { getDb } from "~db/client.server";
import { joinCohort } from "~/models/enrolment.server";

const [code = "", ...userIds] = process.argv.slice(2);
const db = getDb();
// Every racer starts at the same moment, after its slow start-up.
const startAt = Number(process.env.RACE_AT ?? 0);
await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
const outcomes = userIds.map((id) => {
  const result = joinCohort(db, Number(id), code);
  return result.ok ? (result.alreadyEnrolled ? "already" : "joined") : result.reason;
});
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
