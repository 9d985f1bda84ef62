import { describe, expect, it } from "vitest";
import { aQuickReply } from "../testing/fixtures";
import { matchQuickReplies, slashQuery, unfilledVariables } from "./quickReplyMatch";

const list = [
  aQuickReply({ id: "1", shortcut: "prezzi", text: "I prezzi delle crostate" }),
  aQuickReply({ id: "2", shortcut: "orari", text: "Apriamo alle 8" }),
  aQuickReply({ id: "3", shortcut: "ritiro-orario", text: "Puoi ritirare dopo le 10" }),
  aQuickReply({ id: "4", shortcut: "auguri", text: "Buone feste! Orario ridotto" }),
];

describe("quick replies in the composer", () => {
  it("ranks shortcut prefix, then shortcut contains, then text contains", () => {
    expect(matchQuickReplies(list, "or").map((r) => r.shortcut)).toEqual(["orari", "ritiro-orario", "auguri"]);
    expect(matchQuickReplies(list, "ÒRA").map((r) => r.shortcut)).toEqual(["orari", "ritiro-orario", "auguri"]);
    expect(matchQuickReplies(list, "").length).toBe(4);
    expect(matchQuickReplies(list, "zzz")).toEqual([]);
  });

  it("finds the / being typed at the cursor, at the start or after a space", () => {
    expect(slashQuery("/or", 3)).toEqual({ start: 0, query: "or" });
    expect(slashQuery("Ciao /pre", 9)).toEqual({ start: 5, query: "pre" });
    expect(slashQuery("Ciao /", 6)).toEqual({ start: 5, query: "" });
    expect(slashQuery("1/2", 3)).toBeNull();
    expect(slashQuery("http://x", 8)).toBeNull();
  });

  it("names variables left in braces", () => {
    expect(unfilledVariables("Ciao {first_name}, da {shop|noi}")).toEqual(["first_name", "shop"]);
    expect(unfilledVariables("Menu {pizza}")).toEqual([]);
  });
});
