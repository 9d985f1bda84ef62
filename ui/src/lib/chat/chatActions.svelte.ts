// What the window does for the open chat, in one place: ChatView calls these rather than taking
// a callback each. The real ones act through core and keep the timeline and the list current.
import type { ConversationSummary, MessageView } from "../ipc/bindings";
import {
  discardMessage,
  markUnread,
  reactToMessage,
  retryMessage,
  sendMessage,
  setArchived,
  setDraft,
  setMuted,
  setPinned,
} from "../ipc/commands";
import { toast } from "../errors/toast.svelte";
import type { Timeline } from "./timeline.svelte";

export interface ChatActions {
  /** Sends a reply, quoting the message chosen for it, if any; rejects when it was refused. */
  send(text: string, replyTo: number | null): Promise<void>;
  draft(text: string): void;
  retry(messageId: number): void;
  discard(messageId: number): void;
  /** A message came back changed from the app (a template queued, a reaction made). */
  changed(message: MessageView): void;
  react(messageId: number, emoji: string): void;
  togglePin(): void;
  toggleMute(): void;
  toggleArchive(): void;
  markUnread(): void;
}

/** A chat that does nothing: the scroll benchmark's in-memory baseline, and tests. */
export const inertActions: ChatActions = {
  send: async () => {},
  draft: () => {},
  retry: () => {},
  discard: () => {},
  changed: () => {},
  react: () => {},
  togglePin: () => {},
  toggleMute: () => {},
  toggleArchive: () => {},
  markUnread: () => {},
};

export class OpenChatActions implements ChatActions {
  constructor(
    private readonly timeline: Timeline,
    /** The chat on screen, if any. */
    private readonly current: () => ConversationSummary | null,
    /** Reads the chat list again. */
    private readonly refreshList: () => Promise<void>,
    /** Leaves the chat (archived, marked unread). */
    private readonly leave: () => void,
  ) {}

  async send(text: string, replyTo: number | null): Promise<void> {
    const chat = this.current();
    if (!chat) return;
    // A reply goes at the end of the chat, so the chat goes there too, as in WhatsApp.
    if (!this.timeline.atNewest || this.timeline.highlightId !== null) await this.timeline.jumpToNewest();
    const queued = await sendMessage(chat.id, text, replyTo).catch((e) => {
      toast.show(e);
      throw e;
    });
    // Status events may have overtaken this answer (the send can finish first); they are
    // newer, so the answer only adds messages no event has shown yet.
    for (const message of queued) {
      if (!this.timeline.messages.some((m) => m.id === message.id)) this.timeline.upsert(message);
    }
  }

  draft(text: string): void {
    const chat = this.current();
    if (chat) void toast.report(setDraft(chat.id, text));
  }

  retry(messageId: number): void {
    void toast.report(retryMessage(messageId));
  }

  discard(messageId: number): void {
    void toast.report(discardMessage(messageId));
  }

  changed(message: MessageView): void {
    this.timeline.upsert(message);
    void this.refreshList();
  }

  react(messageId: number, emoji: string): void {
    void toast.report(reactToMessage(messageId, emoji)).then((changed) => {
      if (changed) this.timeline.upsert(changed);
    });
  }

  togglePin(): void {
    void this.#onChat((chat) => setPinned(chat.id, !chat.pinned));
  }

  toggleMute(): void {
    void this.#onChat((chat) => setMuted(chat.id, !chat.muted));
  }

  toggleArchive(): void {
    void this.#onChat((chat) => setArchived(chat.id, !chat.archived), true);
  }

  markUnread(): void {
    void this.#onChat((chat) => markUnread(chat.id), true);
  }

  async #onChat(work: (chat: ConversationSummary) => Promise<unknown>, leaves = false): Promise<void> {
    const chat = this.current();
    if (!chat) return;
    await toast.report(work(chat));
    if (leaves) this.leave();
    await this.refreshList();
  }
}
