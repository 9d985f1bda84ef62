// The snooze choices a shop needs, in local time: later today, tomorrow morning, next Monday.
export type SnoozeChoice = { key: "laterToday" | "tomorrow" | "nextMonday"; at: Date };

/** The opening-time morning the shop comes back to. */
const MORNING_HOUR = 9;

export function snoozeChoices(now = new Date()): SnoozeChoice[] {
  const choices: SnoozeChoice[] = [];
  const later = new Date(now.getTime() + 3 * 3600_000);
  later.setMinutes(0, 0, 0);
  // "Later today" only while it still is today (and not in the small hours).
  if (later.getDate() === now.getDate() && later.getHours() <= 21) choices.push({ key: "laterToday", at: later });
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  tomorrow.setHours(MORNING_HOUR, 0, 0, 0);
  choices.push({ key: "tomorrow", at: tomorrow });
  const monday = new Date(now);
  const toMonday = ((8 - now.getDay()) % 7) || 7;
  monday.setDate(now.getDate() + toMonday);
  monday.setHours(MORNING_HOUR, 0, 0, 0);
  if (monday.getTime() !== tomorrow.getTime()) choices.push({ key: "nextMonday", at: monday });
  return choices;
}
