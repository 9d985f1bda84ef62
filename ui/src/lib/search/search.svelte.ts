// The search box: it searches once typing pauses (a word is one search, not one per letter),
// and an answer for older words that comes late is dropped. What it finds (messages, the
// customers' notes) is the finder's business.
import type { SearchHit } from "../ipc/bindings";

const PAUSE_MS = 120;

export class Search<Hit = SearchHit> {
  query = $state("");
  hits: Hit[] = $state([]);
  #started = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #find: (query: string) => Promise<Hit[] | undefined>;

  /** `find` answers undefined when the search failed (and said so). */
  constructor(find: (query: string) => Promise<Hit[] | undefined>) {
    this.#find = find;
  }

  /** The query changed. */
  typed() {
    clearTimeout(this.#timer);
    const mine = ++this.#started;
    this.#timer = setTimeout(async () => {
      const q = this.query.trim();
      const found = q ? ((await this.#find(q)) ?? []) : [];
      if (mine === this.#started) this.hits = found;
    }, PAUSE_MS);
  }

  close() {
    clearTimeout(this.#timer);
    this.#started += 1;
    this.query = "";
    this.hits = [];
  }
}
