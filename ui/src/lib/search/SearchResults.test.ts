import { render } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { SearchHit } from "../ipc/bindings";
import SearchResults from "./SearchResults.svelte";

const hit = (id: number, conv: number, title: string, fragments: SearchHit["fragments"]): SearchHit => ({
  conversation_title: title,
  fragments,
  message: {
    id, conversation_id: conv, account_id: 1, channel: "telegram", direction: "in", kind: "text",
    text: fragments.map((f) => f.text).join(""), sent_at: "2026-11-22T10:00:00Z", status: "received",
    sender_name: title, error: null, edited: false, deleted: false, forwarded_from: null, remote_id: null,
    reply_to_remote_id: null, attachments: [], reactions: [],
  },
});

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
