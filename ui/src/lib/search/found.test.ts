import { describe, expect, it } from "vitest";
import { centredOnMatch } from "./found";

describe("a search result's text", () => {
  it("cuts what comes before the match so the matched word is on screen", () => {
    const long = "Ordine 120: due filoni di pane e una torta di mele per sabato, e poi ";
    const shown = centredOnMatch([
      { text: long, matched: false },
      { text: "crostata", matched: true },
      { text: " alle albicocche", matched: false },
    ]);
    expect(shown[0]!.text.startsWith("…")).toBe(true);
    expect(shown[0]!.text.length).toBeLessThanOrEqual(29);
    expect(long.endsWith(shown[0]!.text.slice(1))).toBe(true);
    expect(shown[1]).toEqual({ text: "crostata", matched: true });
    expect(shown.map((f) => f.text).join("")).toContain("crostata alle albicocche");
  });

  it("leaves a short start alone, and text without a match", () => {
    const short = [
      { text: "la ", matched: false },
      { text: "torta", matched: true },
    ];
    expect(centredOnMatch(short)).toEqual(short);
    expect(centredOnMatch([{ text: "niente", matched: false }])).toEqual([{ text: "niente", matched: false }]);
  });
});
