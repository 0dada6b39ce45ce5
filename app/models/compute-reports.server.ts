import { stringify } from "csv-stringify/sync";
import type { Db } from "~db/client.server";
import { calendarDay } from "~/utils/calendar-day";
import { listPools } from "./pools.server";

/** Months (Asia/Shanghai, `YYYY-MM`) shown in the report: this one and the five before. */
export const REPORT_MONTHS = 6;

export function reportMonths(now = Date.now()): string[] {
  const [y, m] = calendarDay(now).split("-").map(Number) as [number, number];
  return Array.from({ length: REPORT_MONTHS }, (_, i) => {
    const index = y * 12 + (m - 1) - (REPORT_MONTHS - 1 - i);
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
  });
}

// Timestamps are stored in ms; the program's months are Beijing months.
const m = (column: string) => `strftime('%Y-%m', ${column} / 1000, 'unixepoch', '+8 hours')`;

interface MonthRow {
  pool_id: number;
  month: string;
  minutes: number;
}

function byPoolMonth(db: Db, query: string, since: number): Map<string, number> {
  const rows = db.$client.prepare(query).all(since) as MonthRow[];
  return new Map(rows.map((r) => [`${r.pool_id}:${r.month}`, Number(r.minutes)]));
}

export interface PoolMonth {
  month: string;
  capacity: number;
  issued: number;
  redeemed: number;
  used: number;
}

/**
 * Per pool and month: capacity, minutes issued (codes in batches made that
 * month, plus grant credits), redeemed (code credits) and used (job debits).
 */
export function poolReport(db: Db, now = Date.now()) {
  const months = reportMonths(now);
  const since = Date.parse(`${months[0]}-01T00:00:00+08:00`);
  const issuedCodes = byPoolMonth(
    db,
    `SELECT pool_id, ${m("created_at")} AS month, SUM(count * minutes_each) AS minutes
       FROM voucher_batches WHERE created_at >= ? GROUP BY pool_id, month`,
    since,
  );
  const entries = (kind: string, sign: 1 | -1) =>
    byPoolMonth(
      db,
      `SELECT a.pool_id AS pool_id, ${m("e.created_at")} AS month, ${sign} * SUM(e.minutes) AS minutes
         FROM ledger_entries e JOIN compute_accounts a ON a.id = e.account_id
        WHERE e.kind = '${kind}' AND e.created_at >= ? GROUP BY a.pool_id, month`,
      since,
    );
  const granted = entries("grant", 1);
  const redeemed = entries("redeem", 1);
  const used = entries("usage", -1);
  return listPools(db).map((pool) => ({
    pool: { id: pool.id, slug: pool.slug, nameZh: pool.nameZh, nameEn: pool.nameEn },
    months: months.map((month): PoolMonth => {
      const key = `${pool.id}:${month}`;
      return {
        month,
        capacity: pool.capacityMinutesPerMonth,
        issued: (issuedCodes.get(key) ?? 0) + (granted.get(key) ?? 0),
        redeemed: redeemed.get(key) ?? 0,
        used: used.get(key) ?? 0,
      };
    }),
  }));
}

export interface GroupRow {
  label: string;
  credited: number;
  used: number;
}

/** Minutes credited and used by the students of each university. */
export function byUniversity(db: Db): GroupRow[] {
  return db.$client
    .prepare(
      `SELECT coalesce(un.code, '—') AS label,
              coalesce(SUM(CASE WHEN e.kind IN ('redeem','grant') THEN e.minutes END), 0) AS credited,
              coalesce(-SUM(CASE WHEN e.kind = 'usage' THEN e.minutes END), 0) AS used
         FROM ledger_entries e
         JOIN compute_accounts a ON a.id = e.account_id
         JOIN users u ON u.id = a.user_id
         LEFT JOIN universities un ON un.id = u.university_id
        GROUP BY un.id ORDER BY used DESC, credited DESC LIMIT 100`,
    )
    .all() as GroupRow[];
}

/**
 * Minutes credited and used by the students of each cohort (a student in two
 * cohorts counts in both), most used first.
 */
export function byCohort(db: Db, limit = 20): GroupRow[] {
  return db.$client
    .prepare(
      `SELECT c.name || ' (' || c.term || ')' AS label,
              coalesce(SUM(CASE WHEN e.kind IN ('redeem','grant') THEN e.minutes END), 0) AS credited,
              coalesce(-SUM(CASE WHEN e.kind = 'usage' THEN e.minutes END), 0) AS used
         FROM enrolments en
         JOIN cohorts c ON c.id = en.cohort_id
         JOIN compute_accounts a ON a.user_id = en.user_id
         JOIN ledger_entries e ON e.account_id = a.id
        WHERE en.status IN ('active','completed')
        GROUP BY c.id ORDER BY used DESC, credited DESC LIMIT ?`,
    )
    .all(limit) as GroupRow[];
}

/** A spreadsheet must never run what a cell says: text starting like a formula is quoted. */
function neutralise(value: string | number): string | number {
  return typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The report as CSV, with a byte-order mark so spreadsheet programs read the Chinese right. */
export function reportCsv(db: Db, now = Date.now()): string {
  const rows: (string | number)[][] = [
    ["section", "pool_or_group", "month", "capacity", "issued", "redeemed", "used"],
  ];
  for (const { pool, months } of poolReport(db, now)) {
    for (const m of months) rows.push(["pool", pool.slug, m.month, m.capacity, m.issued, m.redeemed, m.used]);
  }
  for (const r of byUniversity(db)) rows.push(["university", r.label, "", "", r.credited, "", r.used]);
  for (const r of byCohort(db, 1000)) rows.push(["cohort", r.label, "", "", r.credited, "", r.used]);
  return `\uFEFF${stringify(rows.map((row) => row.map(neutralise)))}`;
}
