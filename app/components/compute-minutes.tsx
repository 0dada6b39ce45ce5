import { useT } from "~/i18n/use-t";

/** Minutes as hours and minutes, numbers written for the locale. */
export function HoursMinutes({ minutes }: { minutes: number }) {
  const t = useT();
  return <>{t("compute.hoursMinutes", { hours: Math.floor(minutes / 60), minutes: minutes % 60 })}</>;
}
