import { Form, useNavigation, useSearchParams } from "@remix-run/react";
import { type ReactNode, useId } from "react";
import { useT } from "~/i18n/use-t";

/** A GET search form: the query lives in the URL so results can be shared and paged. */
export function SearchForm({ placeholder, children }: { placeholder: string; children?: ReactNode }) {
  const t = useT();
  const id = useId();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const searching = navigation.state === "loading" && navigation.location?.search !== undefined;
  return (
    <Form method="get" role="search" className="flex flex-wrap items-end gap-2">
      <div className="min-w-0 flex-1">
        <label htmlFor={id} className="label">
          {t("common.search")}
        </label>
        <input
          id={id}
          type="search"
          name="q"
          defaultValue={params.get("q") ?? ""}
          placeholder={placeholder}
          className="input"
          maxLength={200}
        />
      </div>
      {children}
      <button type="submit" className="btn-secondary" disabled={searching} aria-busy={searching}>
        {searching ? t("common.searching") : t("common.search")}
      </button>
    </Form>
  );
}
