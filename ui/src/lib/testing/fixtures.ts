// Factories for the UI's tests: a plausible message, chat, attachment or search hit, with only
// what a test is about written out. When core adds a field, it is added here once.
import type { AttachmentView, ConversationSummary, MessageView, QuickReply, SearchHit } from "../ipc/bindings";

/** A customer's text message in chat 1, received on Telegram. */
export function aMessage(extra: Partial<MessageView> = {}): MessageView {
  const id = extra.id ?? 1;
  const conversation = extra.conversation_id ?? 1;
  return {
    id,
    conversation_id: conversation,
    account_id: 1,
    channel: "telegram",
    direction: "in",
    kind: "text",
    text: "Buongiorno!",
    sent_at: "2026-11-22T10:00:00Z",
    status: "received",
    sender_name: "Giulia",
    error: null,
    edited: false,
    deleted: false,
    forwarded_from: null,
    remote_id: `${conversation}:${id}`,
    reply_to_remote_id: null,
    attachments: [],
    reactions: [],
    error_code: null,
    automated: false,
    broadcast: false,
    scheduled_at: null,
    sent_at_unsure: false,
    ...extra,
  };
}

/** A file already in the local cache. */
export function anAttachment(extra: Partial<AttachmentView> = {}): AttachmentView {
  return {
    id: 5,
    kind: "document",
    mime_type: null,
    file_name: null,
    size_bytes: null,
    width: null,
    height: null,
    duration_secs: null,
    meta: null,
    downloaded: true,
    fetch_error: null,
    ...extra,
  };
}

/** A Telegram chat in the list, nothing unread, replies open. */
export function aChat(extra: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id: 1,
    account_id: 1,
    channel: "telegram",
    title: "Giulia",
    picture: null,
    unread: 0,
    last_message_at: null,
    last_message_preview: null,
    last_message_direction: null,
    last_message_status: null,
    reply_window: { state: "open" },
    business: false,
    draft: null,
    pinned: false,
    archived: false,
    muted: false,
    labels: [],
    status: "open",
    snooze: null,
    waiting_on: null,
    waiting_since: null,
    source: null,
    ...extra,
  };
}

/** A search result in chat `conversation`, its text made of `fragments`. */
export function aHit(id: number, conversation: number, title: string, fragments: SearchHit["fragments"]): SearchHit {
  return {
    conversation_title: title,
    fragments,
    message: aMessage({
      id,
      conversation_id: conversation,
      text: fragments.map((f) => f.text).join(""),
      sender_name: title,
      remote_id: null,
    }),
  };
}

/** A quick reply without a file or template. */
export function aQuickReply(extra: Partial<QuickReply> = {}): QuickReply {
  return { id: "q1", shortcut: "orari", text: "Apriamo alle 8", attachment: null, template: null, ...extra };
}
