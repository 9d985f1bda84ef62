// The chat list's state: read a page of chats at a time, and refreshed at most one read at a
// time however many events ask for it.
import type { ConversationSummary } from "../ipc/bindings";

/** Chats read at first, and read again each time the list is scrolled near its end. */
export const LIST_PAGE = 500;

export class ChatList {
  conversations: ConversationSummary[] = $state([]);
  #limit = LIST_PAGE;
  #refreshing: Promise<void> | null = null;
  #again = false;

  /**
   * `read` asks for the first `limit` chats (undefined when it failed; the list stays as it
   * was); `alongside` runs with each read (the sync status, say).
   */
  constructor(
    private read: (limit: number) => Promise<ConversationSummary[] | undefined>,
    private alongside: () => Promise<void> = async () => {},
  ) {}

  /** The request for the first page, for a start-up that asks everything at once. */
  first(): Promise<ConversationSummary[] | undefined> {
    return this.read(this.#limit);
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
        const [list] = await Promise.all([this.read(this.#limit), this.alongside()]);
        this.conversations = list ?? this.conversations;
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
