import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireStaffCohort } from "~/auth/cohort-access.server";
import { CohortHeader } from "~/components/cohort-header";
import { DataTable } from "~/components/data-table";
import { Notice, PendingButton } from "~/components/forms";
import { getLocale } from "~/i18n/locale.server";
import { contentLang, formatDateTime, formatNumber } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages";
import { makeT } from "~/i18n/t";
import { useLocale, useT } from "~/i18n/use-t";
import {
  ACTIVATION_TTL_MS,
  type Counts,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  type PlannedRow,
  applyImport,
  previewImport,
} from "~/models/roster-import.server";
import { courseTitleOf } from "~/models/teaching.server";
import { actorOf } from "~/utils/actor.server";
import { toCsv } from "~/utils/csv.server";
import { firstError, intentField, parseForm, readForm } from "~/utils/forms.server";
import { getDb } from "~db/client.server";

export const meta: MetaFunction = () => [{ title: "批量导入学生 · Import students" }];

const PRIVATE = { "Cache-Control": "private, no-store" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, cohort } = await requireStaffCohort(request, params.cohort);
  const locale = await getLocale(request, viewer);
  const { joinCode: _secret, ...shown } = cohort;
  return json(
    {
      cohort: shown,
      course: (await courseTitleOf(contentLang(locale)))(cohort.courseId),
      maxRows: IMPORT_MAX_ROWS,
    },
    { headers: PRIVATE },
  );
}

type Problem = { key: MessageKey; params?: Record<string, string | number> };
type ActionData =
  | { intent: "preview"; ok: true; hash: string; counts: Counts; rows: PlannedRow[] }
  | { intent: "apply"; ok: true; counts: Counts; created: number; csv: string }
  | { ok: false; error: Problem };

/** The one uploaded file, as bytes; anything else (no file, two files, a text field) is refused. */
async function uploadedBytes(form: FormData): Promise<Uint8Array | Problem> {
  const files = form.getAll("file");
  const file = files[0];
  if (files.length !== 1 || !(file instanceof Blob) || file.size === 0) return { key: "import.error.noFile" };
  if (file.size > IMPORT_MAX_BYTES)
    return { key: "import.error.tooBig", params: { kb: IMPORT_MAX_BYTES / 1024 } };
  return new Uint8Array(await file.arrayBuffer());
}

/**
 * Preview (a dry run that writes nothing) or apply. Apply carries the
 * preview's SHA-256 and the same file again: the model refuses any other file,
 * so what is applied is exactly what the teacher saw.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, cohort } = await requireStaffCohort(request, params.cohort);
  const form = await readForm(request);
  const refused = (error: Problem) =>
    json<ActionData>({ ok: false, error }, { status: 400, headers: PRIVATE });
  const chosen = parseForm(
    form,
    z.object({
      intent: intentField(["preview", "apply"]),
      hash: z
        .string()
        .regex(/^[0-9a-f]{64}$/, "field.invalid")
        .optional(),
    }),
  );
  if (!chosen.ok) return refused(firstError(chosen));
  const bytes = await uploadedBytes(form);
  if (!(bytes instanceof Uint8Array)) return refused(bytes);
  const db = getDb();
  if (chosen.data.intent === "preview") {
    const preview = previewImport(db, cohort, bytes);
    if (!preview.ok) return refused(preview.error);
    return json<ActionData>({ intent: "preview", ...preview }, { headers: PRIVATE });
  }
  if (!chosen.data.hash) return refused({ key: "import.error.changed" });
  const now = Date.now();
  const applied = applyImport(db, actorOf(viewer, context), cohort, bytes, chosen.data.hash, now);
  if (!applied.ok) return refused(applied.error);
  const locale = await getLocale(request, viewer);
  const t = makeT(locale);
  const expires = formatDateTime(locale, now + ACTIVATION_TTL_MS);
  const csv = toCsv(
    [
      t("import.line"),
      t("teach.studentNumber"),
      t("account.name"),
      t("account.email"),
      t("import.csv.link"),
      t("import.csv.expires"),
    ],
    applied.links.map((link) => [
      link.line,
      link.studentNumber,
      link.name,
      link.email,
      new URL(`/reset/${link.token}`, request.url).toString(),
      expires,
    ]),
  );
  return json<ActionData>(
    { intent: "apply", ok: true, counts: applied.counts, created: applied.links.length, csv },
    { headers: PRIVATE },
  );
}

function PreviewTable({ rows }: { rows: PlannedRow[] }) {
  const t = useT();
  return (
    <DataTable
      labelledBy="preview-title"
      headers={[
        t("import.line"),
        t("teach.studentNumber"),
        t("account.name"),
        t("account.email"),
        t("import.fate"),
      ]}
      empty={rows.length === 0}
    >
      {rows.map((row) => (
        <tr key={row.line} data-fate={row.fate}>
          <td>{row.line}</td>
          <td>{row.studentNumber}</td>
          <td>{row.name}</td>
          <td className="break-all">{row.email}</td>
          <td className={row.fate === "error" ? "text-red-800" : undefined}>
            {t(`import.fate.${row.fate}`)}
            {row.reason ? `：${t(row.reason.key, row.reason.params)}` : ""}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

export default function ImportRoster() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const preview = result?.ok && result.intent === "preview" ? result : undefined;
  const applied = result?.ok && result.intent === "apply" ? result : undefined;
  const counts = (c: Counts) => ({
    rows: formatNumber(locale, c.new + c.enrol + c.already + c.error),
    new: formatNumber(locale, c.new),
    enrol: formatNumber(locale, c.enrol),
    already: formatNumber(locale, c.already),
    error: formatNumber(locale, c.error),
  });
  return (
    <div className="space-y-6">
      <CohortHeader cohort={data.cohort} course={data.course} title={t("import.title")} />
      <p className="max-w-3xl text-slate-700">
        {t("import.intro", { max: formatNumber(locale, data.maxRows) })}
      </p>
      {result && !result.ok ? <Notice tone="error">{t(result.error.key, result.error.params)}</Notice> : null}
      {applied ? (
        <Notice tone="success">
          <p>{t("import.done", counts(applied.counts))}</p>
          {applied.created > 0 ? (
            <>
              <p className="mt-2">{t("import.linksNote")}</p>
              <a
                className="btn-primary mt-3 inline-block"
                href={`data:text/csv;charset=utf-8,${encodeURIComponent(applied.csv)}`}
                download={`activation-links-${data.cohort.id}.csv`}
              >
                {t("import.download")}
              </a>
            </>
          ) : null}
        </Notice>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="card max-w-3xl space-y-4">
        <div>
          <label htmlFor="import-file" className="label">
            {t("import.file")}
          </label>
          <input id="import-file" type="file" name="file" accept=".csv,text/csv" required className="input" />
        </div>
        {preview ? <input type="hidden" name="hash" value={preview.hash} /> : null}
        <div className="flex flex-wrap gap-3">
          <PendingButton
            name="intent"
            value="preview"
            className={preview ? "btn-secondary" : "btn-primary"}
            pendingLabel={t("import.previewing")}
          >
            {t("import.preview")}
          </PendingButton>
          {preview && preview.counts.new + preview.counts.enrol > 0 ? (
            <PendingButton name="intent" value="apply" pendingLabel={t("import.applying")}>
              {t("import.apply")}
            </PendingButton>
          ) : null}
        </div>
        {preview ? <p className="text-sm text-slate-600">{t("import.reselect")}</p> : null}
      </Form>
      {preview ? (
        <section className="space-y-3">
          <h2 id="preview-title" className="text-xl font-semibold">
            {t("import.preview")}
          </h2>
          <p data-testid="import-summary">{t("import.summary", counts(preview.counts))}</p>
          {preview.counts.error > 0 ? <p>{t("import.errorsSkipped")}</p> : null}
          {preview.counts.new + preview.counts.enrol === 0 ? <p>{t("import.nothingToDo")}</p> : null}
          <PreviewTable rows={preview.rows} />
        </section>
      ) : null}
    </div>
  );
}
