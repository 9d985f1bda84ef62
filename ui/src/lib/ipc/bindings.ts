// Generated from crates/core by `UPDATE_BINDINGS=1 cargo test -p sportello-core bindings`.
// Do not edit by hand.

export type ChannelKind = "telegram" | "whatsapp" | "messenger";

export type Direction = "in" | "out";

export type MessageStatus = "received" | "pending" | "sending" | "sent" | "delivered" | "read" | "failed" | "unknown";

export type ReplyBlock = "window_expired" | "no_reply_right" | "connection_disabled" | "template_only";

export type ReplyWindow = { "state": "open" } | { "state": "closes_at", at: string, } | { "state": "closed", reason: ReplyBlock, };

export type BusinessLink = { owner_name: string, can_reply: boolean, is_enabled: boolean, };

export type SyncGap = { account_id: number, from: string, to: string, };

export type Account = { id: number, channel: ChannelKind, name: string, 
/**
 * A custom API server (self-hosted Bot API, the simulator); None means the platform's own.
 */
api_base: string | null, 
/**
 * How the platform names the account, e.g. the bot's @username.
 */
display_name: string | null, is_demo: boolean, created_at: string, 
/**
 * Business accounts this bot serves (Telegram Business), with what they allow.
 */
business_links: Array<BusinessLink>, 
/**
 * Periods in which messages may be missing, oldest first.
 */
missing_periods: Array<SyncGap>, 
/**
 * The platform's id of the account: the bot id, the WhatsApp phone number id, the Page id.
 */
remote_id: string | null, 
/**
 * WhatsApp: the WhatsApp Business Account the number belongs to.
 */
business_account_id: string | null, 
/**
 * WhatsApp: the number as customers see it.
 */
phone: string | null, 
/**
 * WhatsApp: Meta's quality rating of the number (GREEN, YELLOW, RED).
 */
quality_rating: string | null, 
/**
 * When the webhook receiver last accepted a correctly signed delivery for this account.
 */
webhook_seen_at: string | null, 
/**
 * Messenger: replies 24 hours to 7 days after the customer's last message go out with the
 * HUMAN_AGENT tag (the Page must have Meta's permission for it).
 */
human_agent: boolean, };

export type ConversationSummary = { id: number, account_id: number, channel: ChannelKind, title: string, 
/**
 * The customer's picture in the local cache (Messenger), for the window to show.
 */
picture: string | null, unread: number, last_message_at: string | null, last_message_preview: string | null, last_message_direction: Direction | null, last_message_status: MessageStatus | null, 
/**
 * Whether the shop may reply now, and until when.
 */
reply_window: ReplyWindow, 
/**
 * Set for chats reached through the owner's Telegram Business account.
 */
business: boolean, 
/**
 * What the shop owner started typing and has not sent.
 */
draft: string | null, pinned: boolean, archived: boolean, 
/**
 * Never notifies.
 */
muted: boolean, };

export type AttachmentView = { id: number, kind: string, mime_type: string | null, file_name: string | null, size_bytes: number | null, width: number | null, height: number | null, duration_secs: number | null, 
/**
 * Kind-specific details as JSON (coordinates, contact card).
 */
meta: string | null, 
/**
 * Whether the bytes are already in the local cache (viewable offline).
 */
downloaded: boolean, 
/**
 * Why the last download failed; Sportello keeps trying.
 */
fetch_error: string | null, };

export type ReactionView = { emoji: string, 
/**
 * The shop's own reaction.
 */
mine: boolean, };

export type MessageView = { id: number, conversation_id: number, account_id: number, channel: ChannelKind, direction: Direction, 
/**
 * "text", or the kind of a non-text message ("photo", "voice", "unsupported:…").
 */
kind: string, text: string, sent_at: string, status: MessageStatus, sender_name: string | null, 
/**
 * Why a message failed or is in doubt, in words the shop owner can act on.
 */
error: string | null, edited: boolean, deleted: boolean, forwarded_from: string | null, 
/**
 * The platform's id of this message (None until an outgoing one is accepted).
 */
remote_id: string | null, 
/**
 * The platform id of the message this one replies to.
 */
reply_to_remote_id: string | null, attachments: Array<AttachmentView>, 
/**
 * Reactions to this message, one per person.
 */
reactions: Array<ReactionView>, };

export type MessageTemplate = { name: string, 
/**
 * The language code, e.g. "it" or "en_US".
 */
language: string, 
/**
 * MARKETING, UTILITY or AUTHENTICATION.
 */
category: string, 
/**
 * The body text with its placeholders ({{1}}, {{2}}…).
 */
body: string, 
/**
 * How many values the body needs.
 */
parameter_count: number, };

export type TemplateChoice = { name: string, language: string, parameters: Array<string>, };

export type SearchFragment = { text: string, matched: boolean, };

export type SearchHit = { message: MessageView, conversation_title: string, 
/**
 * The text cut around the match, split into plain and matched pieces so the UI never
 * has to inject markup.
 */
fragments: Array<SearchFragment>, };

export type IdentityKind = "phone" | "username" | "telegram_id" | "telegram_chat_id" | "whatsapp_id" | "page_scoped_id";

export type CustomerIdentity = { kind: IdentityKind, value: string, };

export type ContactCard = { identities: Array<CustomerIdentity>, 
/**
 * The chat's photos, videos, voice notes and files, newest first.
 */
media: Array<MessageView>, 
/**
 * More media than `media` holds exists further back in the chat.
 */
more_media: boolean, };

export type SyncReport = { received: number, stored: number, sent: number, failed: number, };

export type AccountState = { "state": "idle" } | { "state": "catching_up", received: number, } | { "state": "live" } | { "state": "offline", code: ErrorCode, reason: string, } | { "state": "needs_attention", code: ErrorCode, reason: string, };

export type AccountStatus = { account_id: number, state: AccountState, };

export type CoreEvent = { "type": "messages_added", account_id: number, conversations: Array<number>, messages: Array<number>, } | { "type": "conversations_changed", account_id: number, } | { "type": "message_changed", message: MessageView, } | { "type": "message_removed", conversation_id: number, message_id: number, } | { "type": "accounts_changed" } | { "type": "account_state", account_id: number, state: AccountState, };

export type ErrorCode = "KeyringUnavailable" | "KeyringLocked" | "SecretMissing" | "NotFound" | "InvalidInput" | "ReplyWindowClosed" | "SyncBusy" | "StoreFailed" | "Internal" | "Offline" | "AuthExpired" | "ChannelConflict" | "RateLimited" | "Rejected" | "DeliveryUnknown" | "ProtocolError" | "Unsupported" | "UnsafeFile" | "FileTooLarge" | "OpenFailed" | "AutostartFailed" | "FileDialogFailed";

export type ErrorPayload = { code: ErrorCode, 
/**
 * Core's sentence in English: shown behind "Details", never as the main text.
 */
message: string, 
/**
 * The platform concerned ("Telegram", "WhatsApp"…), when there is one.
 */
service: string | null, 
/**
 * Why no reply is possible now (with `ReplyWindowClosed`).
 */
reply_block: ReplyBlock | null, 
/**
 * Seconds until the platform takes messages again (with `RateLimited`).
 */
retry_after_s: number | null, };

export type NotificationSettings = { 
/**
 * "Pause notifications" from the tray.
 */
paused: boolean, 
/**
 * Show the message's words; off for privacy (a shared counter screen).
 */
show_preview: boolean, sound: boolean, 
/**
 * Quiet hours in minutes after local midnight, e.g. 22:00–07:00 is 1320 and 420.
 */
quiet_from: number | null, quiet_to: number | null, };

export type KeyringHealth = { "state": "ok" } | { "state": "locked" } | { "state": "missing", detail: string, };
