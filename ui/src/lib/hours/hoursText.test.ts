import { describe, expect, it } from "vitest";
import type { HoursNow } from "../ipc/bindings";
import { language } from "../i18n/choice.svelte";
import { dateLabel, duration, hoursLabel, shortTime, weekdayName } from "./hoursText";

const closed: HoursNow = {
  set: true,
  open_now: false,
  next_change: "2026-12-14T07:00:00Z",
  timezone: "Europe/Rome",
  next_change_weekday: 1,
  next_change_time: "08:00",
  next_change_day: "later",
};

describe("the header's hours", () => {
  it("says when a closed shop opens, in the window's language", () => {
    language.chosen = "en";
    expect(hoursLabel(closed)).toBe("Closed, opens Monday 8:00");
    expect(hoursLabel({ ...closed, next_change_day: "tomorrow" })).toBe("Closed, opens tomorrow 8:00");
    language.chosen = "it";
    expect(hoursLabel(closed)).toBe("Chiuso, apre lunedì 8:00");
    language.chosen = "en";
  });

  it("says when an open shop closes, and nothing without hours", () => {
    expect(hoursLabel({ ...closed, open_now: true, next_change_time: "13:00", next_change_day: "today" })).toBe("Open · closes 13:00");
    expect(hoursLabel({ ...closed, set: false })).toBeNull();
    expect(hoursLabel(null)).toBeNull();
  });

  it("writes times and durations as people say them", () => {
    expect(shortTime("08:05")).toBe("8:05");
    expect(shortTime("15:30")).toBe("15:30");
    expect(weekdayName(7, "long", "en")).toBe("Sunday");
    expect(dateLabel("2027-08-10", "en-GB")).toBe("10 Aug 2027");
    expect(dateLabel("not a date")).toBe("not a date");
    expect(duration(null)).toBe("–");
    expect(duration(20)).toBe("under a minute");
    expect(duration(300)).toBe("5 min");
    expect(duration(2 * 3600 + 600)).toBe("2 h 10 min");
    expect(duration(3 * 3600)).toBe("3 h");
  });
});
