// The messages of the open chat, as a sliding window over its history. A chat of 100,000
// messages keeps at most WINDOW of them in the page: scrolling back loads the page before the
// first one shown and lets go of the newest, scrolling down again does the reverse. The page's
// size (and so scrolling and memory) stays the same however long the chat is.
import type { MessageView } from "../ipc/bindings";

/** Where a chat's messages come from: the app's store over IPC, or an array (the UI tests and
 *  the scroll benchmark's baseline feed the same view from one). Every list is oldest first. */
export interface MessageSource {
  newest(conversation: number, limit: number): Promise<MessageView[]>;
  before(conversation: number, id: number, limit: number): Promise<MessageView[]>;
  after(conversation: number, id: number, limit: number): Promise<MessageView[]>;
  /** AROUND messages either side of `id`, and itself. */
  around(id: number): Promise<MessageView[]>;
  firstUnread(conversation: number): Promise<number | null>;
}

export const PAGE = 50;
export const AROUND = 25;
/** The most messages kept in the page. */
export const WINDOW = 250;

// Times as numbers: RFC 3339 leaves out whole seconds' fractions ("…:05Z" against
// "…:05.120Z"), so the strings do not sort.
const later = (a: MessageView, b: MessageView) => {
  const [x, y] = [Date.parse(a.sent_at), Date.parse(b.sent_at)];
  return x > y || (x === y && a.id > b.id);
};

export class Timeline {
  conversation: number | null = $state(null);
  messages: MessageView[] = $state([]);
  /** The chat's newest message is among `messages`, so new ones are added as they come. */
  atNewest = $state(true);
  /** There is nothing before the first message shown. */
  atOldest = $state(false);
  /** Messages came while the owner was reading further back. */
  newBelow = $state(false);
  /** A search result being shown. */
  highlightId: number | null = $state(null);
  /** Where the unread messages begin ("3 unread messages"), until the chat is left. */
  firstUnreadId: number | null = $state(null);
  unreadCount = $state(0);
  /** Goes up each time a chat is opened or jumped in, for the view to place it again. */
  opened = $state(0);

  #source: MessageSource;
  #busy = false;
  // A page is read from the store while changes to its messages keep arriving as events: those
  // that came while it was on its way are newer than it, and win.
  #reading = 0;
  #changedMeanwhile = new Map<number, MessageView>();

  constructor(source: MessageSource) {
    this.#source = source;
  }

  /** Opens a chat: at a search result, at its first unread message, or at the newest. */
  async open(conversation: number, { highlight = null, unread = 0 }: { highlight?: number | null; unread?: number } = {}) {
    // Another chat's messages never show under this one's name, even for a moment.
    if (conversation !== this.conversation) {
      this.conversation = conversation;
      this.messages = [];
      this.highlightId = null;
      this.firstUnreadId = null;
    }
    const firstUnread = highlight === null && unread > 0 ? await this.#source.firstUnread(conversation) : null;
    const anchor = highlight ?? firstUnread;
    let page = await this.#read(this.#source.newest(conversation, PAGE));
    let atNewest = true;
    let atOldest = page.length < PAGE;
    if (anchor !== null && !page.some((m) => m.id === anchor)) {
      page = await this.#read(this.#source.around(anchor));
      const i = page.findIndex((m) => m.id === anchor);
      atNewest = page.length - i - 1 < AROUND;
      atOldest = i < AROUND;
    }
    this.conversation = conversation;
    this.messages = atNewest ? this.#withNewer(page, conversation) : page;
    this.atNewest = atNewest;
    this.atOldest = atOldest;
    this.newBelow = false;
    this.highlightId = highlight;
    this.firstUnreadId = firstUnread;
    this.unreadCount = firstUnread === null ? 0 : unread;
    this.opened += 1;
  }

  close() {
    this.conversation = null;
    this.messages = [];
    this.highlightId = null;
    this.firstUnreadId = null;
  }

  async jumpToNewest() {
    if (this.conversation !== null) await this.open(this.conversation);
  }

  /** Loads the page before the first message shown; resolves to how many came. */
  async earlier(): Promise<number> {
    const first = this.messages[0];
    if (this.#busy || this.atOldest || !first || this.conversation === null) return 0;
    return this.#exclusive(async (conversation) => {
      const page = await this.#read(this.#source.before(conversation, first.id, PAGE));
      if (this.conversation !== conversation || this.messages[0]?.id !== first.id) return 0;
      this.atOldest = page.length < PAGE;
      let next = [...page, ...this.messages];
      if (next.length > WINDOW) {
        next = next.slice(0, WINDOW);
        this.atNewest = false;
      }
      this.messages = next;
      return page.length;
    });
  }

  /** Loads the page after the last message shown, when the newest are not in the page. */
  async later(): Promise<number> {
    const last = this.messages.at(-1);
    if (this.#busy || this.atNewest || !last || this.conversation === null) return 0;
    return this.#exclusive(async (conversation) => {
      const page = await this.#read(this.#source.after(conversation, last.id, PAGE));
      if (this.conversation !== conversation || this.messages.at(-1)?.id !== last.id) return 0;
      this.#append(page);
      if (page.length < PAGE) {
        this.atNewest = true;
        this.newBelow = false;
      }
      return page.length;
    });
  }

  /** New messages were stored in this chat. */
  async arrived(): Promise<void> {
    if (this.conversation === null) return;
    if (!this.atNewest) {
      this.newBelow = true;
      return;
    }
    const conversation = this.conversation;
    for (;;) {
      const last = this.messages.at(-1);
      const page = await this.#read(
        last ? this.#source.after(conversation, last.id, PAGE) : this.#source.newest(conversation, PAGE),
      );
      if (this.conversation !== conversation) return;
      this.#append(page.filter((m) => !this.messages.some((shown) => shown.id === m.id)));
      if (page.length < PAGE) return;
    }
  }

  /** The chat changed under the window (older history filled in, names): read it again. */
  async reload(): Promise<void> {
    if (this.conversation === null || !this.atNewest || this.highlightId !== null) return;
    const conversation = this.conversation;
    const page = await this.#read(
      this.#source.newest(conversation, Math.min(WINDOW, Math.max(PAGE, this.messages.length))),
    );
    if (this.conversation === conversation) this.messages = this.#withNewer(page, conversation);
  }

  /** A message came back changed (a status, a reaction, an edit) or was just sent. */
  upsert(message: MessageView) {
    if (this.#reading > 0) this.#changedMeanwhile.set(message.id, message);
    if (message.conversation_id !== this.conversation) return;
    const i = this.messages.findIndex((m) => m.id === message.id);
    if (i >= 0) {
      this.messages[i] = message;
      return;
    }
    // A message that is not in the page belongs to the part the window let go of, unless it
    // is newer than everything shown and the newest are shown.
    const last = this.messages.at(-1);
    if (this.atNewest && (!last || later(message, last))) this.#append([message]);
  }

  remove(id: number) {
    this.messages = this.messages.filter((m) => m.id !== id);
  }

  async #read(work: Promise<MessageView[]>): Promise<MessageView[]> {
    // What changed during the last read is kept until the next one starts, for #withNewer.
    if (this.#reading === 0) this.#changedMeanwhile.clear();
    this.#reading += 1;
    try {
      const page = await work;
      return page.map((m) => this.#changedMeanwhile.get(m.id) ?? m);
    } finally {
      this.#reading -= 1;
    }
  }

  /** `page` reaches the newest message: add those that came (a reply just sent, say) while it
   *  was being read. */
  #withNewer(page: MessageView[], conversation: number): MessageView[] {
    const shown = new Set(page.map((m) => m.id));
    const last = page.at(-1);
    const newer = [...this.#changedMeanwhile.values()]
      .filter((m) => m.conversation_id === conversation && !shown.has(m.id) && (!last || later(m, last)))
      .sort((a, b) => (later(a, b) ? 1 : -1));
    return newer.length ? [...page, ...newer] : page;
  }

  /** Adds newer messages at the end and lets go of the oldest beyond WINDOW. */
  #append(page: MessageView[]) {
    if (page.length === 0) return;
    let next = [...this.messages, ...page];
    if (next.length > WINDOW) {
      next = next.slice(next.length - WINDOW);
      this.atOldest = false;
    }
    this.messages = next;
  }

  async #exclusive(work: (conversation: number) => Promise<number>): Promise<number> {
    this.#busy = true;
    try {
      return await work(this.conversation!);
    } finally {
      this.#busy = false;
    }
  }
}
