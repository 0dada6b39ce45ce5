import { TIME_ZONE } from "~/i18n/locale";

const dayFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar day (`YYYY-MM-DD`) it is in the program's time zone at `now`; such days compare as strings. */
export function calendarDay(now: Date | number = Date.now()): string {
  return dayFormat.format(now);
}

/** The first instant after a calendar day (`YYYY-MM-DD`) in Asia/Shanghai (UTC+8 all year, no daylight saving). */
export function endOfDayInShanghai(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00+08:00`) + 24 * 60 * 60 * 1000);
}
