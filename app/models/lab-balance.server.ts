import type Database from "better-sqlite3";
import type { Db } from "~db/client.server";

const statements = new WeakMap<
  Database.Database,
  Database.Statement<[number, number], { slug: string; minutes: number }>
>();

/**
 * A person's spendable minutes per pool slug, for the lab blocks of a lesson:
 * the live lots' remaining minutes (what the balance is once due expiries are
 * written), in ONE prepared statement and without writing, since it rides on
 * the lesson's per-person request.
 */
export function labBalances(db: Db, userId: number, now = Date.now()): Record<string, number> {
  const client = db.$client;
  let statement = statements.get(client);
  if (!statement) {
    statement = client.prepare(
      `SELECT p.slug AS slug, SUM(l.remaining) AS minutes
         FROM compute_accounts a
         JOIN compute_pools p ON p.id = a.pool_id
         JOIN credit_lots l ON l.account_id = a.id AND l.remaining > 0 AND l.expires_at > ?
        WHERE a.user_id = ?
        GROUP BY p.slug`,
    );
    statements.set(client, statement);
  }
  const balances: Record<string, number> = Object.create(null);
  for (const row of statement.all(now, userId)) balances[row.slug] = row.minutes;
  return balances;
}
