import { describe, expect, it } from "vitest";
import { snoozeChoices } from "./snooze";

describe("snooze choices", () => {
  it("offers later today, tomorrow at 9 and next Monday at 9", () => {
    // Wednesday 2 December 2026, 10:20 local time.
    const choices = snoozeChoices(new Date(2026, 11, 2, 10, 20));
    expect(choices.map((c) => c.key)).toEqual(["laterToday", "tomorrow", "nextMonday"]);
    expect(choices[0]!.at).toEqual(new Date(2026, 11, 2, 13, 0));
    expect(choices[1]!.at).toEqual(new Date(2026, 11, 3, 9, 0));
    expect(choices[2]!.at).toEqual(new Date(2026, 11, 7, 9, 0));
  });

  it("has no later today in the evening, and no second Monday on a Sunday", () => {
    const sunday = snoozeChoices(new Date(2026, 11, 6, 20, 30));
    expect(sunday.map((c) => c.key)).toEqual(["tomorrow"]);
    expect(sunday[0]!.at).toEqual(new Date(2026, 11, 7, 9, 0));
  });
});
