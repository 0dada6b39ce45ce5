import { stringify } from "csv-stringify/sync";

/**
 * CSV for people who open it in Excel or WPS: UTF-8 with a byte-order mark (so
 * Chinese text is read as UTF-8, not the system code page), CRLF line ends,
 * and every text cell that a spreadsheet would read as a formula neutralised.
 * Every export goes through here so no export forgets the rules.
 */

export type CsvCell = string | number | null | undefined;

const BOM = "\uFEFF";
/** What makes a spreadsheet treat a cell as a formula or a DDE call (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell that starts like a formula gets a leading apostrophe, which
 * spreadsheets show as plain text. Numbers stay numbers (a negative number
 * is data, not a formula); text such as "-5" is neutralised like any other.
 */
export function neutraliseCell(cell: CsvCell): string | number {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : "";
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** The whole file as text: BOM, the header row, then the rows, every cell neutralised. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const records: (string | number)[][] = [header.map(neutraliseCell)];
  for (const row of rows) records.push(row.map(neutraliseCell));
  return BOM + stringify(records, { record_delimiter: "\r\n" });
}

/**
 * A download response: private, never cached or sniffed. The ASCII fallback
 * name is for old clients; `filename*` carries the real (possibly Chinese) one.
 */
export function csvResponse(filename: string, body: string, headers: HeadersInit = {}): Response {
  const ascii = filename.replace(/[^A-Za-z0-9._-]/g, "_");
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      ...Object.fromEntries(new Headers(headers)),
    },
  });
}
