import { render } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import SearchResults from "./SearchResults.svelte";
import { aHit } from "../testing/fixtures";

const hit = aHit;

describe("SearchResults", () => {
  it("groups results by chat and marks only the matched words", () => {
    const hits = [
      hit(1, 10, "Giulia", [{ text: "la ", matched: false }, { text: "torta", matched: true }]),
      hit(2, 10, "Giulia", [{ text: "<b>torta</b>", matched: true }]),
      hit(3, 11, "João", [{ text: "torta?", matched: true }]),
    ];
    const { container } = render(SearchResults, { hits, onopen: () => {} });
    expect([...container.querySelectorAll("h3")].map((h) => h.textContent)).toEqual(["Giulia", "João"]);
    const marks = [...container.querySelectorAll("mark")].map((m) => m.textContent);
    expect(marks).toEqual(["torta", "<b>torta</b>", "torta?"]);
    expect(container.querySelector("b")).toBeNull();
  });
});
