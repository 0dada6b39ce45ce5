import { Form } from "@remix-run/react";
import { Field, type FieldErrors, PendingButton, SelectField } from "~/components/forms";
import { useLocale, useT } from "~/i18n/use-t";

export interface CohortFormValues {
  courseId?: string;
  universityId?: string;
  name?: string;
  term?: string;
  startsOn?: string;
  endsOn?: string;
  capacity?: string;
}

/** Create and edit share one form; the university is chosen only when creating, by an admin. */
export function CohortForm({
  courses,
  universities,
  values,
  errors,
  mode,
}: {
  courses: { id: string; title: string }[];
  universities?: { id: number; nameZh: string; nameEn: string }[];
  values: CohortFormValues;
  errors?: FieldErrors;
  mode: "create" | "update";
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <Form method="post" className="card max-w-xl space-y-4" noValidate>
      <input type="hidden" name="intent" value={mode} />
      <SelectField
        label={t("cohortForm.course")}
        name="courseId"
        errors={errors}
        defaultValue={values.courseId}
      >
        {courses.map((course) => (
          <option key={course.id} value={course.id}>
            {course.title}
          </option>
        ))}
      </SelectField>
      {universities ? (
        <SelectField
          label={t("cohortForm.university")}
          name="universityId"
          errors={errors}
          defaultValue={values.universityId}
        >
          {universities.map((university) => (
            <option key={university.id} value={university.id}>
              {locale === "en" ? university.nameEn : university.nameZh}
            </option>
          ))}
        </SelectField>
      ) : null}
      <Field
        label={t("cohortForm.name")}
        name="name"
        hint={t("cohortForm.nameHint")}
        errors={errors}
        defaultValue={values.name}
        required
        maxLength={120}
      />
      <Field
        label={t("cohortForm.term")}
        name="term"
        hint={t("cohortForm.termHint")}
        errors={errors}
        defaultValue={values.term}
        required
        maxLength={40}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label={t("cohortForm.startsOn")}
          name="startsOn"
          type="date"
          errors={errors}
          defaultValue={values.startsOn}
          required
        />
        <Field
          label={t("cohortForm.endsOn")}
          name="endsOn"
          type="date"
          errors={errors}
          defaultValue={values.endsOn}
          required
        />
      </div>
      <Field
        label={t("cohortForm.capacity")}
        name="capacity"
        type="number"
        inputMode="numeric"
        min={1}
        max={100000}
        hint={t("cohortForm.capacityHint")}
        errors={errors}
        defaultValue={values.capacity}
      />
      <PendingButton pendingLabel={mode === "create" ? t("cohortForm.creating") : t("cohortForm.saving")}>
        {mode === "create" ? t("cohortForm.create") : t("cohortForm.save")}
      </PendingButton>
    </Form>
  );
}
