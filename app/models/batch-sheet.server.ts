import { stringify } from "csv-stringify/sync";
import QRCode from "qrcode";
import { desc, isNull } from "drizzle-orm";
import type { Tx } from "~db/client.server";
import { cohorts } from "~db/schema";
import type { IssueResult } from "./vouchers.server";

type Issued = Extract<IssueResult, { ok: true }>;

/** The one-time CSV of a batch: `code,minutes,expires_at,pool`. */
export function codesCsv(issued: Issued): string {
  const expires = issued.expiresAt.toISOString();
  return stringify([
    ["code", "minutes", "expires_at", "pool"],
    ...issued.codes.map((code) => [code, String(issued.minutesEach), expires, issued.pool.slug]),
  ]);
}

/**
 * A QR code as one SVG path in module units (draw it in a viewBox of
 * `0 0 size size`). Built on the server so no QR library ships to browsers;
 * the path is a few hundred bytes, so a sheet of thousands stays light.
 */
export function qrPath(text: string): { size: number; d: string } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const { size, data } = modules;
  let d = "";
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (!data[y * size + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && data[y * size + x]) x++;
      d += `M${start} ${y}h${x - start}v1h${start - x}z`;
    }
  }
  return { size, d };
}

/** Cohorts an admin may tie a batch to: the newest first, archived ones left out. */
export function cohortChoices(db: Tx) {
  return db
    .select({ id: cohorts.id, name: cohorts.name, term: cohorts.term })
    .from(cohorts)
    .where(isNull(cohorts.archivedAt))
    .orderBy(desc(cohorts.id))
    .limit(500)
    .all();
}
