import { z } from "zod";
import { idField, textField } from "~/utils/forms.server";

/** Stored lengths of a cohort's free text. */
export const COHORT_NAME_MAX = 120;
export const COHORT_TERM_MAX = 40;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "field.invalid")
  .pipe(z.iso.date("field.invalid"));

/**
 * The create/edit form of a cohort. The course must be one the content index
 * knows now; admins (and only they) also choose the university.
 */
export function cohortFormSchema(courseIds: readonly string[], withUniversity: boolean) {
  return z
    .object({
      courseId: z.string().refine((id) => courseIds.includes(id), "cohortForm.unknownCourse"),
      name: textField(COHORT_NAME_MAX),
      term: textField(COHORT_TERM_MAX),
      startsOn: day,
      endsOn: day,
      capacity: z
        .string()
        .trim()
        .regex(/^\d{0,6}$/, "cohortForm.capacityRange")
        .transform((s) => (s === "" ? null : Number(s)))
        .pipe(
          z
            .number()
            .int()
            .min(1, "cohortForm.capacityRange")
            .max(100_000, "cohortForm.capacityRange")
            .nullable(),
        ),
      universityId: withUniversity ? idField : z.undefined().optional(),
    })
    .refine((input) => input.endsOn >= input.startsOn, {
      path: ["endsOn"],
      message: "cohortForm.endsBeforeStarts",
    });
}
