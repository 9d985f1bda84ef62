import { describe, expect, it, vi } from "vitest";
import type { SearchHit } from "../ipc/bindings";
import { Search } from "./search.svelte";

describe("Search", () => {
  it("searches once typing pauses, and a late answer for older words is dropped", async () => {
    vi.useFakeTimers();
    const asked: string[] = [];
    const answers: Array<(hits: SearchHit[]) => void> = [];
    const search = new Search<SearchHit>((q) => {
      asked.push(q);
      return new Promise((done) => answers.push(done));
    });
    for (const typed of ["t", "to", "tor", "torta"]) {
      search.query = typed;
      search.typed();
      vi.advanceTimersByTime(50);
    }
    vi.advanceTimersByTime(200);
    expect(asked).toEqual(["torta"]);

    search.query = "torta di mele";
    search.typed();
    vi.advanceTimersByTime(200);
    const hit = { message: { id: 1 } } as unknown as SearchHit;
    answers[1]!([hit]);
    answers[0]!([hit, hit]);
    await vi.runAllTimersAsync();
    expect(search.hits).toHaveLength(1);
    vi.useRealTimers();
  });
});
