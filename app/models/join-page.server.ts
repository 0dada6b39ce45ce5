import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "~db/client.server";
import { universities } from "~db/schema";
import { getContentIndex } from "~/courseware/store.server";
import { contentLang, type Locale } from "~/i18n/locale";
import { calendarDay } from "~/utils/calendar-day";
import { emailField, passwordField, textField } from "~/utils/forms.server";
import { type CodeLookup, displayJoinCode, lookupJoinCode, normaliseJoinCode } from "./cohorts.server";

export interface JoinCohortView {
  cohort: string;
  term: string;
  university: string;
  course: string;
  courseSlug: string | null;
}

/** What the join page shows for a code: its status and, when open, the cohort in the reader's language. */
export async function joinPageView(db: Tx, raw: string, locale: Locale, now = Date.now()) {
  const lookup: CodeLookup = lookupJoinCode(db, raw, now, calendarDay(now));
  const code = normaliseJoinCode(raw);
  if (lookup.status !== "open") return { status: lookup.status, code: code ? displayJoinCode(code) : null };
  const { cohort } = lookup;
  const lang = contentLang(locale);
  const university = db.select().from(universities).where(eq(universities.id, cohort.universityId)).get();
  const course = (await getContentIndex()).courses.find((c) => c.meta.id === cohort.courseId);
  const view: JoinCohortView = {
    cohort: cohort.name,
    term: cohort.term,
    university: (lang === "en" ? university?.nameEn : university?.nameZh) ?? "",
    course: course?.meta.title[lang] ?? cohort.courseId,
    courseSlug: course?.slug ?? null,
  };
  return { status: "open" as const, code: displayJoinCode(cohort.joinCode), view };
}

/** Where a new member goes: the course page, or the catalogue when content no longer has the course. */
export async function courseHome(courseId: string): Promise<string> {
  const course = (await getContentIndex()).courses.find((c) => c.meta.id === courseId);
  return course ? `/courses/${course.slug}` : "/courses";
}

export function signUpSchema() {
  return z.object({
    name: textField(100),
    email: emailField,
    studentNumber: textField(40).pipe(z.string().regex(/^[\p{L}\p{N}_-]+$/u, "field.invalid")),
    password: passwordField,
  });
}
