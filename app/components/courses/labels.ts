import type { LabNeed } from "~/courseware/types";
import { type Locale, formatNumber } from "~/i18n/locale";
import type { TFunction } from "~/i18n/t";

/** "Ascend 910B training nodes: 60 min" in the reader's language. */
export function labNeedText(t: TFunction, locale: Locale, need: LabNeed): string {
  return t("courses.labNeed", { pool: t(`pool.${need.pool}`), minutes: formatNumber(locale, need.minutes) });
}
