import { describe, expect, it } from "vitest";
import { fileSize, initials, listTime, timeLeft } from "./format";

describe("format", () => {
  it("initials take the first letters of two names, emoji included", () => {
    expect(initials("giulia bianchi")).toBe("GB");
    expect(initials("🎂 Torte")).toBe("🎂T");
    expect(initials("   ")).toBe("?");
  });

  it("the reply window's time left counts down in hours and minutes, never below zero", () => {
    const now = Date.parse("2026-11-22T10:00:00Z");
    expect(timeLeft("2026-11-22T15:12:30Z", now)).toMatch(/^5\s?h(r)?\s+12\s?min$/);
    expect(timeLeft("2026-11-22T10:45:00Z", now)).toMatch(/^45\s?min$/);
    expect(timeLeft("2026-11-22T09:00:00Z", now)).toMatch(/^0\s?min$/);
  });

  it("file sizes are human", () => {
    expect(fileSize(512)).toMatch(/^512 B$/);
    expect(fileSize(25 * 1024 * 1024)).toMatch(/^25 MB$/);
    expect(fileSize(null)).toBe("");
  });

  it("list times show the clock today and a date before yesterday", () => {
    const now = new Date("2026-11-22T15:00:00");
    expect(listTime(new Date("2026-11-22T09:30:00").toISOString(), now)).toMatch(/9|09/);
    expect(listTime(new Date("2026-11-10T09:30:00").toISOString(), now)).toMatch(/10/);
    expect(listTime(null, now)).toBe("");
  });
});
