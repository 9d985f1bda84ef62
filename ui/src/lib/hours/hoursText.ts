// What the header says about the shop's hours ("Open · closes 13:00", "Closed, opens Monday
// 8:00"), and the weekday and duration words the hours settings and the Figures view use, in
// the window's language (Intl), from what core computed in the shop's time zone.
import type { HoursNow } from "../ipc/bindings";
import { currentLocale, t } from "../i18n";

/** "08:00" → "8:00", as people write a time. */
export function shortTime(hhmm: string): string {
  return hhmm.replace(/^0(\d)/, "$1");
}

/** The weekday's name (1 = Monday … 7 = Sunday) in the window's language. */
export function weekdayName(weekday: number, style: "long" | "short" = "long", locale: string = currentLocale()): string {
  // 2024-01-01 was a Monday.
  const day = new Date(Date.UTC(2024, 0, weekday));
  return new Intl.DateTimeFormat(locale, { weekday: style, timeZone: "UTC" }).format(day);
}

/** The header's words, or null when no hours are set. */
export function hoursLabel(now: HoursNow | null): string | null {
  if (!now?.set) return null;
  const time = now.next_change_time ? shortTime(now.next_change_time) : null;
  if (now.open_now) return time ? t("openClosesAt", { time }) : t("shopOpen");
  if (!time || !now.next_change_weekday) return t("shopClosed");
  const day =
    now.next_change_day === "today"
      ? t("hoursToday")
      : now.next_change_day === "tomorrow"
        ? t("tomorrow")
        : weekdayName(now.next_change_weekday);
  return t("closedOpensAt", { day, time });
}

/** A reply time in seconds as people say it: "under a minute", "5 min", "2 h 10 min". */
export function duration(seconds: number | null): string {
  if (seconds === null) return "–";
  if (seconds < 60) return t("underAMinute");
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t("minutesShort", { n: minutes });
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? t("hoursMinutesShort", { h: hours, m: rest }) : t("hoursShort", { n: hours });
}

/** A date the shop wrote ("2027-08-10") as the window's language writes it ("10 Aug 2027"). */
export function dateLabel(iso: string, locale: string = currentLocale()): string {
  const day = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(day.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(day);
}
