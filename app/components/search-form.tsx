import { Form, useNavigation, useSearchParams } from "@remix-run/react";
import { type ReactNode, useId } from "react";
import { useT } from "~/i18n/use-t";
import { SEARCH_MAX } from "~/utils/limits";

/**
 * A GET search form: the query lives in the URL so results can be shared and
 * paged. `name` and `label` let a list search something other than `q`;
 * extra filters go in as children.
 */
export function SearchForm({
  placeholder,
  name = "q",
  label,
  children,
}: {
  placeholder: string;
  name?: string;
  label?: string;
  children?: ReactNode;
}) {
  const t = useT();
  const id = useId();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const searching = navigation.state === "loading" && navigation.location?.search !== undefined;
  return (
    <Form method="get" role="search" className="flex flex-wrap items-end gap-2">
      <div className="min-w-0 flex-1">
        <label htmlFor={id} className="label">
          {label ?? t("common.search")}
        </label>
        <input
          id={id}
          type="search"
          name={name}
          defaultValue={params.get(name) ?? ""}
          placeholder={placeholder}
          className="input"
          maxLength={SEARCH_MAX}
        />
      </div>
      {children}
      <button type="submit" className="btn-secondary" disabled={searching} aria-busy={searching}>
        {searching ? t("common.searching") : t("common.search")}
      </button>
    </Form>
  );
}
