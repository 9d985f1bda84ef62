import { render, within } from "@testing-library/svelte";
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

describe("SearchResults with notes", () => {
  it("marks a note as a note, in its customer's chat group", () => {
    const note = {
      note_id: "n1",
      conversation_id: 10,
      conversation_title: "Giulia",
      at: "2026-12-01T10:00:00Z",
      fragments: [{ text: "senza ", matched: false }, { text: "glutine", matched: true }],
    };
    const { container } = render(SearchResults, {
      hits: [note, aHit(1, 10, "Giulia", [{ text: "glutine", matched: true }])],
      onopen: () => {},
    });
    const { getAllByTestId } = within(container);
    expect([...container.querySelectorAll("h3")].map((h) => h.textContent)).toEqual(["Giulia"]);
    expect(getAllByTestId("note-hit")).toHaveLength(1);
    expect(getAllByTestId("note-hit")[0]!.textContent).toContain("glutine");
    expect(getAllByTestId("search-hit")).toHaveLength(1);
  });
});
