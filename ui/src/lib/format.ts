// Dates and times in the UI's locale, via Intl.
import { currentLocale, t } from "./i18n";

// Building an Intl formatter is slow next to using one: keep one per language and style.
const formatters = new Map<string, Intl.DateTimeFormat>();
function dateFormat(style: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${currentLocale()}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(currentLocale(), options);
    formatters.set(key, f);
  }
  return f;
}
const time = { format: (d: Date) => dateFormat("time", { hour: "2-digit", minute: "2-digit" }).format(d) };
const day = { format: (d: Date) => dateFormat("day", { day: "numeric", month: "short", year: "numeric" }).format(d) };
const shortDay = {
  format: (d: Date) => dateFormat("shortDay", { day: "2-digit", month: "2-digit", year: "2-digit" }).format(d),
};

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

export function clockTime(iso: string): string {
  return time.format(new Date(iso));
}

/** Chat-list style: the time today, "Yesterday", else the date. */
export function listTime(iso: string | null, now = new Date()): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (sameDay(d, now)) return time.format(d);
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (sameDay(d, yesterday)) return t("yesterday");
  return shortDay.format(d);
}

/** Day separator label in a chat. */
export function dayLabel(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (sameDay(d, now)) return t("today");
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (sameDay(d, yesterday)) return t("yesterday");
  return day.format(d);
}

export function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.slice(0, 2).map((p) => Array.from(p)[0] ?? "");
  return letters.join("").toUpperCase() || "?";
}

/** A stable, pleasant avatar colour for a name. */
export function avatarHue(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) % 360;
  return h;
}

/** Date and time, for periods and deadlines. */
export function dateTime(iso: string): string {
  return dateFormat("dateTime", { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

export function fileSize(bytes: number | null): string {
  if (bytes === null) return "";
  const units = ["B", "KB", "MB", "GB"];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u += 1;
  }
  return `${new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 1 }).format(n)} ${units[u]}`;
}

/** How long until `iso`, e.g. "5 h 12 min", in the UI's language; "0 min" once passed. */
export function timeLeft(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((Date.parse(iso) - now) / 60_000));
  const unit = (value: number, u: "hour" | "minute") =>
    new Intl.NumberFormat(currentLocale(), { style: "unit", unit: u, unitDisplay: "short" }).format(value);
  const h = Math.floor(minutes / 60);
  return h > 0 ? `${unit(h, "hour")} ${unit(minutes % 60, "minute")}` : unit(minutes, "minute");
}

/** How long something has waited, in one unit, e.g. "45 min", "3 h", "2 d". */
export function waitedFor(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  const [value, unit]: [number, "minute" | "hour" | "day"] =
    minutes < 60 ? [minutes, "minute"] : minutes < 48 * 60 ? [Math.floor(minutes / 60), "hour"] : [Math.floor(minutes / 1440), "day"];
  return new Intl.NumberFormat(currentLocale(), { style: "unit", unit, unitDisplay: "short" }).format(value);
}

/** A time in the next days as people say it: "18:00", "tomorrow 09:00", "Mon 24 Dec, 09:00". */
export function whenAhead(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (sameDay(d, now)) return time.format(d);
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  if (sameDay(d, tomorrow)) return `${t("tomorrow")} ${time.format(d)}`;
  return dateFormat("ahead", { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }).format(d);
}

/** A Date as the value of an <input type="datetime-local"> (local time, to the minute). */
export function localInputValue(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
