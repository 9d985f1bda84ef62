// The chat list's state: read a page of chats at a time for the chosen view, and refreshed at
// most one read at a time however many events ask for it.
import type { ChatFilter, ConversationSummary } from "../ipc/bindings";
import { chatFilterOf, type Filter } from "./filters";

/** Chats read at first, and read again each time the list is scrolled near its end. */
export const LIST_PAGE = 500;

export class ChatList {
  conversations: ConversationSummary[] = $state([]);
  filter: Filter = $state("all");
  #limit = LIST_PAGE;
  #refreshing: Promise<void> | null = null;
  #again = false;

  /**
   * `read` asks for the first `limit` chats of a view (undefined when it failed; the list stays
   * as it was); `alongside` runs with each read (the sync status, the views' counts).
   */
  constructor(
    private read: (limit: number, filter: ChatFilter) => Promise<ConversationSummary[] | undefined>,
    private alongside: () => Promise<void> = async () => {},
  ) {}

  /** The request for the first page, for a start-up that asks everything at once. */
  first(): Promise<ConversationSummary[] | undefined> {
    return this.read(this.#limit, chatFilterOf(this.filter));
  }

  /** Another view: read from its first page. */
  show(filter: Filter): Promise<void> {
    if (filter === this.filter) return this.refresh();
    this.filter = filter;
    this.#limit = LIST_PAGE;
    this.conversations = [];
    return this.refresh();
  }

  /**
   * A history arriving sends an event per stored batch, hundreds a second: one read runs at a
   * time, and whatever asks meanwhile gets one more read after it, not one each.
   */
  refresh(): Promise<void> {
    if (this.#refreshing) {
      this.#again = true;
      return this.#refreshing;
    }
    this.#refreshing = (async () => {
      do {
        this.#again = false;
        const filter = this.filter;
        const [list] = await Promise.all([this.read(this.#limit, chatFilterOf(filter)), this.alongside()]);
        // A view changed meanwhile: this answer is for the old one.
        if (filter === this.filter) this.conversations = list ?? this.conversations;
        else this.#again = true;
      } while (this.#again);
    })().finally(() => (this.#refreshing = null));
    return this.#refreshing;
  }

  /** The list was scrolled near its end: the next page, if the last read filled its page. */
  more(): void {
    if (this.conversations.length < this.#limit) return;
    this.#limit += LIST_PAGE;
    void this.refresh();
  }
}
