import { createHash, randomBytes } from "node:crypto";
import { CsvError, parse } from "csv-parse/sync";
import { and, eq, inArray } from "drizzle-orm";
import iconv from "iconv-lite";
import { z } from "zod";
import type { Db, Tx } from "~db/client.server";
import { enrolments, passwordResetTokens, users } from "~db/schema";
import { hashToken } from "~/auth/session.server";
import type { MessageKey } from "~/i18n/messages";
import { NAME_MAX } from "~/utils/limits";
import { hasForbiddenCharacters, normaliseEmail, normaliseText } from "~/utils/text";
import { type Actor, recordAudit } from "./audit.server";
import { NO_PASSWORD } from "./users.server";

export const IMPORT_MAX_ROWS = 5_000;
/** Under the server's 1 MiB body limit with room for the form around it; 5,000 real rows take ~300 KB. */
export const IMPORT_MAX_BYTES = 900 * 1024;
export const ACTIVATION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
const STUDENT_NUMBER_MAX = 40;

type Params = Record<string, string | number>;
export interface Problem {
  key: MessageKey;
  params?: Params;
}

export type Fate = "new" | "enrol" | "already" | "error";
export interface PlannedRow {
  line: number;
  studentNumber: string;
  name: string;
  email: string;
  fate: Fate;
  reason?: Problem;
  /** The existing account, for "enrol" and "already". */
  userId?: number;
}

export type Counts = Record<Fate, number>;

/**
 * Text from an uploaded file: UTF-8 (with or without BOM) when the bytes are
 * valid UTF-8, otherwise GB18030 (the superset of GBK that Excel on Chinese
 * Windows writes). A strict UTF-8 decode almost never succeeds on GBK text, so
 * trying it first tells the two apart without guessing.
 */
export function decodeUpload(bytes: Uint8Array): { ok: true; text: string } | { ok: false; error: Problem } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return { ok: false, error: { key: "import.error.utf16" } };
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { ok: true, text };
  } catch {
    return { ok: true, text: iconv.decode(Buffer.from(bytes), "gb18030") };
  }
}

const HEADERS: Record<"studentNumber" | "name" | "email", string[]> = {
  studentNumber: ["学号", "studentnumber", "studentno", "studentid", "number"],
  name: ["姓名", "名字", "name", "fullname"],
  email: ["邮箱", "电子邮箱", "邮件", "电子邮件", "email", "e-mail", "emailaddress", "mail"],
};
const headerKey = (cell: string) => normaliseText(cell).toLowerCase().replace(/[\s_]/g, "");
function headerField(cell: string): keyof typeof HEADERS | undefined {
  const key = headerKey(cell);
  return (Object.keys(HEADERS) as (keyof typeof HEADERS)[]).find((field) => HEADERS[field].includes(key));
}

interface RawRow {
  line: number;
  cells: string[];
}

/** Records with their line numbers; a malformed file (bad quoting, too many rows) is one error naming the line. */
export function readRows(text: string): { ok: true; rows: PlannedRow[] } | { ok: false; error: Problem } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: 4_096,
    }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = Number((error as CsvError & { lines?: number }).lines ?? 0);
      return { ok: false, error: { key: "import.error.malformed", params: { line } } };
    }
    throw error;
  }
  const raw: RawRow[] = records
    .map(({ record, info }) => ({ line: info.lines, cells: record }))
    .filter((row) => row.cells.some((cell) => cell.trim() !== ""));
  if (raw.length === 0) return { ok: false, error: { key: "import.error.empty" } };
  // Columns come from a header row (Chinese or English) when there is one, else in the documented order.
  let columns = { studentNumber: 0, name: 1, email: 2 };
  const first = raw[0] as RawRow;
  const named = first.cells.map(headerField);
  if (named.some(Boolean)) {
    const at = (field: keyof typeof HEADERS) => named.indexOf(field);
    if (at("studentNumber") < 0 || at("name") < 0 || at("email") < 0)
      return { ok: false, error: { key: "import.error.header", params: { line: first.line } } };
    columns = { studentNumber: at("studentNumber"), name: at("name"), email: at("email") };
    raw.shift();
  }
  if (raw.length === 0) return { ok: false, error: { key: "import.error.empty" } };
  if (raw.length > IMPORT_MAX_ROWS) {
    const line = (raw[IMPORT_MAX_ROWS] as RawRow).line;
    return { ok: false, error: { key: "import.error.tooManyRows", params: { max: IMPORT_MAX_ROWS, line } } };
  }
  const width = Math.max(columns.studentNumber, columns.name, columns.email) + 1;
  return {
    ok: true,
    rows: raw.map(({ line, cells }) => {
      const row: PlannedRow = {
        line,
        studentNumber: normaliseText(cells[columns.studentNumber] ?? ""),
        name: normaliseText(cells[columns.name] ?? ""),
        email: normaliseEmail(cells[columns.email] ?? ""),
        fate: "error",
      };
      const reason = cells.length < width ? { key: "import.row.columns" as const } : rowProblem(row);
      return reason ? { ...row, reason } : row;
    }),
  };
}

const emailSchema = z.email();
const numberPattern = /^[\p{L}\p{N}_-]+$/u;

function rowProblem(row: PlannedRow): Problem | undefined {
  if (row.name === "") return { key: "import.row.nameMissing" };
  if (row.name.length > NAME_MAX || hasForbiddenCharacters(row.name))
    return { key: "import.row.nameInvalid" };
  if (row.email === "") return { key: "import.row.emailMissing" };
  if (row.email.length > 254 || !emailSchema.safeParse(row.email).success)
    return { key: "import.row.emailInvalid" };
  if (
    row.studentNumber !== "" &&
    (row.studentNumber.length > STUDENT_NUMBER_MAX || !numberPattern.test(row.studentNumber))
  )
    return { key: "import.row.numberInvalid" };
  return undefined;
}

interface Existing {
  id: number;
  email: string;
  studentNumber: string | null;
  universityId: number | null;
  disabledAt: Date | null;
}

function chunks<T>(items: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const existingColumns = {
  id: users.id,
  email: users.email,
  studentNumber: users.studentNumber,
  universityId: users.universityId,
  disabledAt: users.disabledAt,
};

/**
 * Each valid row's fate against the database now. Accounts are found by
 * email, or by student number at the cohort's university; when the two name
 * different accounts the row is an error rather than a guess. A row repeating
 * an earlier row's email or student number is an error naming that line.
 */
export function planRows(
  db: Tx,
  cohort: { id: number; universityId: number },
  rows: PlannedRow[],
): PlannedRow[] {
  const emails = [...new Set(rows.filter((r) => !r.reason).map((r) => r.email))];
  const numbers = [...new Set(rows.filter((r) => !r.reason && r.studentNumber).map((r) => r.studentNumber))];
  const byEmail = new Map<string, Existing>();
  for (const part of chunks(emails))
    for (const user of db.select(existingColumns).from(users).where(inArray(users.email, part)).all())
      byEmail.set(user.email, user);
  const byNumber = new Map<string, Existing>();
  for (const part of chunks(numbers))
    for (const user of db
      .select(existingColumns)
      .from(users)
      .where(and(eq(users.universityId, cohort.universityId), inArray(users.studentNumber, part)))
      .all())
      byNumber.set(user.studentNumber as string, user);
  const enrolled = new Map<number, string>();
  for (const e of db
    .select({ userId: enrolments.userId, status: enrolments.status })
    .from(enrolments)
    .where(eq(enrolments.cohortId, cohort.id))
    .all())
    enrolled.set(e.userId, e.status);

  const emailLine = new Map<string, number>();
  const numberLine = new Map<string, number>();
  return rows.map((row): PlannedRow => {
    if (row.reason) return row;
    const error = (reason: Problem): PlannedRow => ({ ...row, fate: "error", reason });
    const sameEmail = emailLine.get(row.email);
    const sameNumber = row.studentNumber ? numberLine.get(row.studentNumber) : undefined;
    if (!emailLine.has(row.email)) emailLine.set(row.email, row.line);
    if (row.studentNumber && !numberLine.has(row.studentNumber)) numberLine.set(row.studentNumber, row.line);
    if (sameEmail !== undefined)
      return error({ key: "import.row.duplicateEmail", params: { line: sameEmail } });
    if (sameNumber !== undefined)
      return error({ key: "import.row.duplicateNumber", params: { line: sameNumber } });
    const viaEmail = byEmail.get(row.email);
    const viaNumber = row.studentNumber ? byNumber.get(row.studentNumber) : undefined;
    if (viaEmail && viaNumber && viaEmail.id !== viaNumber.id) return error({ key: "import.row.conflict" });
    if (!viaEmail && viaNumber) return error({ key: "import.row.numberTaken" });
    if (
      viaEmail &&
      row.studentNumber &&
      viaEmail.universityId === cohort.universityId &&
      viaEmail.studentNumber !== null &&
      viaEmail.studentNumber !== row.studentNumber
    )
      return error({ key: "import.row.numberDiffers" });
    const user = viaEmail;
    if (!user) return { ...row, fate: "new" };
    if (user.disabledAt) return error({ key: "import.row.disabled" });
    const status = enrolled.get(user.id);
    if (status === "dropped") return { ...error({ key: "import.row.dropped" }), userId: user.id };
    if (status) return { ...row, fate: "already", userId: user.id };
    return { ...row, fate: "enrol", userId: user.id };
  });
}

export function countFates(rows: PlannedRow[]): Counts {
  const counts: Counts = { new: 0, enrol: 0, already: 0, error: 0 };
  for (const row of rows) counts[row.fate] += 1;
  return counts;
}

export function fileHash(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export type Preview =
  | { ok: true; hash: string; rows: PlannedRow[]; counts: Counts }
  | { ok: false; error: Problem };

/** The dry run: what applying this file would do, row by row. Writes nothing. */
export function previewImport(
  db: Tx,
  cohort: { id: number; universityId: number },
  bytes: Uint8Array,
): Preview {
  if (bytes.byteLength === 0) return { ok: false, error: { key: "import.error.empty" } };
  if (bytes.byteLength > IMPORT_MAX_BYTES)
    return {
      ok: false,
      error: { key: "import.error.tooBig", params: { kb: Math.floor(IMPORT_MAX_BYTES / 1024) } },
    };
  const decoded = decodeUpload(bytes);
  if (!decoded.ok) return decoded;
  const read = readRows(decoded.text);
  if (!read.ok) return read;
  const rows = planRows(db, cohort, read.rows);
  return { ok: true, hash: fileHash(bytes), rows, counts: countFates(rows) };
}

export interface ActivationLink {
  line: number;
  studentNumber: string;
  name: string;
  email: string;
  token: string;
}

export type Applied = { ok: true; counts: Counts; links: ActivationLink[] } | { ok: false; error: Problem };

/**
 * Applies the previewed file in one immediate transaction: new accounts (no
 * password until they follow their activation link), enrolments, activation
 * tokens (only their hashes are stored) and one audit event with the counts.
 * The plan is made again inside the transaction, so it holds against what is
 * in the database at that moment; rows in error are skipped. The file must be
 * the one previewed (same SHA-256), else nothing happens. Importing the same
 * file again finds everyone already enrolled and changes nothing.
 */
export function applyImport(
  db: Db,
  actor: Actor,
  cohort: { id: number; universityId: number },
  bytes: Uint8Array,
  previewedHash: string,
  now = Date.now(),
): Applied {
  if (fileHash(bytes) !== previewedHash) return { ok: false, error: { key: "import.error.changed" } };
  return db.transaction(
    (tx): Applied => {
      const preview = previewImport(tx, cohort, bytes);
      if (!preview.ok) return preview;
      const links: ActivationLink[] = [];
      const at = new Date(now);
      const expiresAt = new Date(now + ACTIVATION_TTL_MS);
      // Multi-row inserts in chunks: 5,000 rows one statement each cost seconds of query building.
      const fresh = preview.rows.filter((row) => row.fate === "new");
      for (const part of chunks(fresh, 400))
        tx.insert(users)
          .values(
            part.map((row) => ({
              email: row.email,
              name: row.name,
              role: "student" as const,
              universityId: cohort.universityId,
              studentNumber: row.studentNumber || null,
              passwordHash: NO_PASSWORD,
            })),
          )
          .run();
      const idOf = new Map<string, number>();
      for (const part of chunks(fresh.map((row) => row.email)))
        for (const user of tx
          .select({ id: users.id, email: users.email })
          .from(users)
          .where(inArray(users.email, part))
          .all())
          idOf.set(user.email, user.id);
      const tokens = fresh.map((row) => {
        const token = randomBytes(32).toString("base64url");
        links.push({
          line: row.line,
          studentNumber: row.studentNumber,
          name: row.name,
          email: row.email,
          token,
        });
        return {
          userId: idOf.get(row.email) as number,
          tokenHash: hashToken(token),
          createdBy: actor.id,
          expiresAt,
        };
      });
      for (const part of chunks(tokens, 400)) tx.insert(passwordResetTokens).values(part).run();
      const joining = preview.rows
        .filter((row) => row.fate === "new" || row.fate === "enrol")
        .map((row) => ({
          userId: (row.fate === "new" ? idOf.get(row.email) : row.userId) as number,
          cohortId: cohort.id,
          status: "active" as const,
          enrolledAt: at,
        }));
      for (const part of chunks(joining, 400)) tx.insert(enrolments).values(part).run();
      recordAudit(tx, actor, {
        action: "cohort.roster-import",
        targetType: "cohort",
        targetId: cohort.id,
        after: { ...preview.counts, rows: preview.rows.length, sha256: preview.hash },
      });
      return { ok: true, counts: preview.counts, links };
    },
    { behavior: "immediate" },
  );
}
