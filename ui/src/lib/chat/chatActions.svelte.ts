// What the window does for the open chat, in one place: ChatView calls these rather than taking
// a callback each. The real ones act through core and keep the timeline and the list current.
import type { ConversationSummary, MessageView, RenderedQuickReply } from "../ipc/bindings";
import {
  cancelScheduled,
  discardMessage,
  renderQuickReply,
  rescheduleMessage,
  scheduleMessage,
  sendQuickReplyFile,
  followUp,
  labelConversation,
  markDone,
  markUnread,
  reopen,
  snooze,
  unlabelConversation,
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
  /** Done (E); a customer's message opens it again. */
  markDone(): Promise<void>;
  reopen(): Promise<void>;
  snooze(until: Date, unlessReply: boolean): void;
  /** Back in `hours` if the customer has not answered. */
  followUp(hours: number): void;
  /** Puts a label on (or takes it off) the chat. */
  setLabel(labelId: string, on: boolean): void;
  /** A quick reply filled in for this chat's customer. */
  renderQuickReply(shortcut: string): Promise<RenderedQuickReply>;
  /** Sends `caption` with quick reply `shortcut`'s file. */
  sendSnippetFile(shortcut: string, caption: string): Promise<void>;
  /** Queues `text` to go at `at`. */
  schedule(text: string, at: Date): Promise<void>;
  reschedule(messageId: number, text: string, at: Date): Promise<void>;
  cancelScheduled(messageId: number): void;
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
  markDone: async () => {},
  reopen: async () => {},
  snooze: () => {},
  followUp: () => {},
  setLabel: () => {},
  renderQuickReply: async (shortcut) => ({ shortcut, text: "", missing: [], attachment: null, template: null }),
  sendSnippetFile: async () => {},
  schedule: async () => {},
  reschedule: async () => {},
  cancelScheduled: () => {},
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

  async markDone(): Promise<void> {
    await this.#onChat((chat) => markDone(chat.id));
  }

  async reopen(): Promise<void> {
    await this.#onChat((chat) => reopen(chat.id));
  }

  snooze(until: Date, unlessReply: boolean): void {
    void this.#onChat((chat) => snooze(chat.id, until.toISOString(), unlessReply));
  }

  followUp(hours: number): void {
    void this.#onChat((chat) => followUp(chat.id, hours));
  }

  setLabel(labelId: string, on: boolean): void {
    void this.#onChat((chat) => (on ? labelConversation(chat.id, [labelId]) : unlabelConversation(chat.id, [labelId])));
  }

  async renderQuickReply(shortcut: string): Promise<RenderedQuickReply> {
    const chat = this.current();
    if (!chat) throw new Error("no chat open");
    return renderQuickReply(chat.id, shortcut);
  }

  async sendSnippetFile(shortcut: string, caption: string): Promise<void> {
    const chat = this.current();
    if (!chat) return;
    if (!this.timeline.atNewest || this.timeline.highlightId !== null) await this.timeline.jumpToNewest();
    const sent = await sendQuickReplyFile(chat.id, shortcut, caption).catch((e) => {
      toast.show(e);
      throw e;
    });
    this.changed(sent);
  }

  async schedule(text: string, at: Date): Promise<void> {
    const chat = this.current();
    if (!chat) return;
    const done = await scheduleMessage(chat.id, text, at.toISOString()).catch((e) => {
      toast.show(e);
      throw e;
    });
    this.changed(done.message);
  }

  async reschedule(messageId: number, text: string, at: Date): Promise<void> {
    const done = await toast.report(rescheduleMessage(messageId, text, at.toISOString()));
    if (done) this.changed(done.message);
  }

  cancelScheduled(messageId: number): void {
    void toast.report(cancelScheduled(messageId));
  }

  async #onChat(work: (chat: ConversationSummary) => Promise<unknown>, leaves = false): Promise<void> {
    const chat = this.current();
    if (!chat) return;
    await toast.report(work(chat));
    if (leaves) this.leave();
    await this.refreshList();
  }
}
