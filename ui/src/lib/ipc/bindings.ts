// Generated from crates/core by `UPDATE_BINDINGS=1 cargo test -p sportello-core bindings`.
// Do not edit by hand.

export type ChannelKind = "telegram" | "whatsapp" | "messenger";

export type ConversationStatus = "open" | "snoozed" | "done";

export type WaitingOn = "us" | "customer";

export type Snooze = { 
/**
 * When it comes back (RFC 3339).
 */
until: string, 
/**
 * A message from the customer reopens it before then.
 */
unless_reply: boolean, 
/**
 * A follow-up: the shop asked to be reminded if the customer does not answer.
 */
follow_up: boolean, };

export type Label = { id: string, name: string, 
/**
 * `#rrggbb`.
 */
color: string, group: string | null, };

export type TemplateRef = { name: string, language: string, };

export type QuickReplyAttachment = { 
/**
 * "photo" or "document".
 */
kind: string, file_name: string, };

export type QuickReply = { id: string, 
/**
 * Without the slash, e.g. "orari".
 */
shortcut: string, text: string, 
/**
 * A photo or document sent with it (its caption is the text).
 */
attachment: QuickReplyAttachment | null, 
/**
 * The approved WhatsApp template offered instead when the chat's reply window is closed.
 */
template: TemplateRef | null, };

export type RenderedQuickReply = { shortcut: string, text: string, 
/**
 * Variables with no value and no fallback: the text keeps them in braces, and it must not
 * be sent until they are written out.
 */
missing: Array<string>, attachment: QuickReplyAttachment | null, template: TemplateRef | null, };

export type NoteVersion = { text: string, at: string, };

export type CustomerNote = { note_id: string, conversation_id: number, text: string, 
/**
 * When this version was written (RFC 3339).
 */
at: string, version: number, 
/**
 * Earlier versions, newest first.
 */
history: Array<NoteVersion>, };

export type ChatFilter = { channel: ChannelKind | null, 
/**
 * Only chats with unread messages.
 */
unread: boolean, 
/**
 * Only archived chats (true), only the others (false), or both (None).
 */
archived: boolean | null, 
/**
 * Only chats with this label (its id).
 */
label: string | null, status: ConversationStatus | null, 
/**
 * Open chats whose customer waits on the shop, the longest waiting first.
 */
needs_reply: boolean, 
/**
 * Leave out snoozed chats (out of sight until their time).
 */
hide_snoozed: boolean, };

export type ChatCounts = { needs_reply: number, snoozed: number, done: number, archived: number, };

export type Direction = "in" | "out";

export type MessageStatus = "received" | "pending" | "sending" | "sent" | "delivered" | "read" | "failed" | "unknown" | "scheduled";

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
muted: boolean, 
/**
 * The conversation's labels, in the shop's order.
 */
labels: Array<Label>, status: ConversationStatus, 
/**
 * Set while snoozed.
 */
snooze: Snooze | null, 
/**
 * Who the conversation waits on (None: nothing written yet).
 */
waiting_on: WaitingOn | null, 
/**
 * Since when (RFC 3339): the customer's first unanswered message, or the shop's last reply.
 */
waiting_since: string | null, 
/**
 * The click-to-chat poster the customer arrived through (its code), if any.
 */
source: string | null, };

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
 * Why a message failed or is in doubt, in words the shop owner can act on (English: the
 * window says it by `error_code` and keeps this as the detail).
 */
error: string | null, error_code: ErrorCode | null, edited: boolean, deleted: boolean, forwarded_from: string | null, 
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
reactions: Array<ReactionView>, 
/**
 * Sent by Sportello on its own (an away message, a FAQ answer), not by a person.
 */
automated: boolean, 
/**
 * Part of a broadcast (news to customers who agreed), not a reply.
 */
broadcast: boolean, 
/**
 * When a scheduled message goes out (RFC 3339).
 */
scheduled_at: string | null, 
/**
 * The platform gave a time that cannot be right (before 1970, or days ahead): `sent_at`
 * is when it arrived instead.
 */
sent_at_unsure: boolean, };

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

export type NoteHit = { note_id: string, conversation_id: number, conversation_title: string, 
/**
 * When this version of the note was written (RFC 3339).
 */
at: string, fragments: Array<SearchFragment>, };

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

export type ShopArea = "quick_replies" | "labels" | "conversation" | "notes" | "hours" | "auto_replies" | "customer" | "posters";

export type CoreEvent = { "type": "messages_added", account_id: number, conversations: Array<number>, messages: Array<number>, } | { "type": "conversations_changed", account_id: number, } | { "type": "message_changed", message: MessageView, } | { "type": "message_removed", conversation_id: number, message_id: number, } | { "type": "accounts_changed" } | { "type": "account_state", account_id: number, state: AccountState, } | { "type": "shop_changed", area: ShopArea, conversation_id: number | null, } | { "type": "store_damaged", detail: string, } | { "type": "snooze_ended", conversation_id: number, follow_up: boolean, };

export type ErrorCode = "KeyringUnavailable" | "KeyringLocked" | "SecretMissing" | "NotFound" | "InvalidInput" | "ReplyWindowClosed" | "SyncBusy" | "StoreFailed" | "CacheDamaged" | "Internal" | "Offline" | "AuthExpired" | "ChannelConflict" | "RateLimited" | "Rejected" | "DeliveryUnknown" | "CustomerUnreachable" | "ConsentMissing" | "ProtocolError" | "Unsupported" | "UnsafeFile" | "FileTooLarge" | "OpenFailed" | "AutostartFailed" | "FileDialogFailed";

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

export type Scheduled = { message: MessageView, 
/**
 * As things stand the platform will not take this reply at its time (the customer would
 * have to write again first); it is then held, never sent against the rules.
 */
window_closed_by_then: boolean, };

export type OpenInterval = { from: string, until: string, };

export type ClosedDates = { from: string, until: string, 
/**
 * What the owner calls it ("Ferragosto"), for the settings list.
 */
note: string | null, };

export type ClosingEarly = { date: string, at: string, };

export type OpeningHours = { 
/**
 * Monday first, seven days; each day up to three intervals (split shifts). An empty day
 * is closed; a schedule with no interval at all means hours are not set.
 */
week: Array<Array<OpenInterval>>, 
/**
 * An IANA zone ("Europe/Rome"); none means the computer's own.
 */
timezone: string | null, 
/**
 * Holidays and vacations: closed on every date from `from` to `until`, both included.
 */
closed: Array<ClosedDates>, 
/**
 * A one-off "closing early today at 17:00".
 */
closing_early: ClosingEarly | null, };

export type RelativeDay = "today" | "tomorrow" | "later";

export type HoursNow = { 
/**
 * Hours are set (otherwise nothing is shown and no away message goes).
 */
set: boolean, open_now: boolean, 
/**
 * When it next opens or closes (RFC 3339), if within a year.
 */
next_change: string | null, 
/**
 * The zone the schedule is read in, for showing times.
 */
timezone: string, 
/**
 * The next change in the shop's zone as a person reads it: weekday (1 = Monday…7) and
 * "HH:MM", and whether it is today or tomorrow there.
 */
next_change_weekday: number | null, next_change_time: string | null, next_change_day: RelativeDay | null, };

export type AutoKind = "away" | "greeting" | "faq";

export type AutoMessage = { on: boolean, text: string, 
/**
 * The language `text` is written in ("it"), for the words Sportello fills in ({opens});
 * none means this computer's.
 */
language: string | null, 
/**
 * Language code ("it", "en", "pt", "es") → text.
 */
translations: { [key in string]: string }, 
/**
 * Greeting only: also after this many days without contact (7, 14, 21 or 28); none means
 * only a customer's first message ever.
 */
after_days: number | null, };

export type FaqCard = { id: string, keywords: Array<string>, answer: string, 
/**
 * The attachment's name, for the settings list.
 */
attachment_name: string | null, };

export type AutoReplies = { away: AutoMessage, greeting: AutoMessage, faq_on: boolean, faq: Array<FaqCard>, 
/**
 * A WhatsApp number also used in the WhatsApp Business app (Coexistence): the phone's own
 * greeting and away messages must be switched off there, or customers get both.
 */
coexistence_warning: boolean, };

export type FaqTest = { 
/**
 * The one card that matches; none when no card or several match.
 */
card: FaqCard | null, 
/**
 * Every card that matched (more than one means no answer goes).
 */
matched: Array<string>, };

export type ReplyFigures = { 
/**
 * Customers' questions answered by a person in the period.
 */
answered: number, first_reply_median_s: number | null, first_reply_p90_s: number | null, };

export type ChannelFigures = { channel: ChannelKind, 
/**
 * Customers' questions answered by a person in the period.
 */
answered: number, first_reply_median_s: number | null, first_reply_p90_s: number | null, };

export type Figures = { days: number, 
/**
 * Conversations waiting on the shop right now.
 */
waiting_now: number, 
/**
 * Since when the longest of them waits (RFC 3339).
 */
oldest_waiting_since: string | null, overall: ReplyFigures, channels: Array<ChannelFigures>, 
/**
 * Customer messages written while closed, and how many were answered by 10:00 of the
 * next opening day.
 */
after_hours: number, after_hours_answered_by_ten: number, 
/**
 * Incoming messages by weekday (Monday first) × hour, in the shop's zone.
 */
heat: Array<Array<number>>, };

export type MergeHow = "verified" | "confirmed";

export type CustomerMerge = { id: string, how: MergeHow, evidence: string, 
/**
 * The conversation whose identity joined this customer (undoing separates it).
 */
joined_conversation_id: number, joined_title: string, at: string, };

export type CustomerChannel = { conversation_id: number, channel: ChannelKind, 
/**
 * The shop's account on that channel (its name).
 */
account: string, title: string, identities: Array<CustomerIdentity>, 
/**
 * The shop may write to the customer there now (its reply window is open).
 */
can_write: boolean, };

export type ConsentBasis = "consent" | "customer";

export type Consent = { id: string, conversation_id: number, customer: string, channel: ChannelKind, topic: string, basis: ConsentBasis, given_at: string, 
/**
 * How it was given: "poster:vetrina-natale", "chat", "paper form at the counter".
 */
source: string, 
/**
 * The exact words the customer was shown.
 */
wording: string, wording_version: string | null, 
/**
 * The platform's id of the message where the customer said yes.
 */
proof: string | null, 
/**
 * The device that recorded it.
 */
recorded_by: string, withdrawn_at: string | null, 
/**
 * How: "wrote STOP", "WhatsApp: stop promotions", "by hand".
 */
withdrawn_how: string | null, withdrawn_proof: string | null, };

export type Customer = { name: string, channels: Array<CustomerChannel>, 
/**
 * The merges that made this customer, newest first (each can be undone).
 */
merges: Array<CustomerMerge>, labels: Array<Label>, notes: Array<CustomerNote>, consents: Array<Consent>, 
/**
 * The poster the customer first arrived through, if any.
 */
source: string | null, };

export type MergeEvidence = "same_name_and_phone_in_message" | "same_name";

export type MergeSuggestion = { conversation_id: number, title: string, channel: ChannelKind, other_conversation_id: number, other_title: string, other_channel: ChannelKind, evidence: MergeEvidence, 
/**
 * What was found, as the owner reads it ("+39 333 1234567 in a message on Telegram").
 */
detail: string, };

export type Audience = { "by": "label", name: string, } | { "by": "conversations", ids: number[], };

export type ExclusionReason = "no_consent" | "withdrawn" | "window_closed_needs_template" | "messenger_marketing_not_allowed" | "telegram_not_started" | "blocked" | "marketing_cap" | "group_chat";

export type Broadcast = { id: number, topic: string, text: string, audience: Audience, template_name: string | null, template_language: string | null, created_at: string, 
/**
 * When it was handed to the outbox (None: still a draft).
 */
queued_at: string | null, };

export type BroadcastRecipient = { conversation_id: number, title: string, channel: ChannelKind, 
/**
 * Set for those who will not (or did not) receive it.
 */
reason: ExclusionReason | null, 
/**
 * Once queued: the message's state (sent, delivered, read, failed, unknown…).
 */
status: MessageStatus | null, error: string | null, };

export type Preflight = { broadcast: Broadcast, recipients: Array<BroadcastRecipient>, excluded: Array<BroadcastRecipient>, };

export type BroadcastReport = { broadcast: Broadcast, recipients: Array<BroadcastRecipient>, excluded: Array<BroadcastRecipient>, waiting: number, sent: number, delivered: number, read: number, failed: number, 
/**
 * Sends whose fate is unknown (the app stopped mid-send): never resent on their own.
 */
unknown: number, };

export type Poster = { 
/**
 * `[A-Za-z0-9_-]{1,64}`: what the links carry back.
 */
code: string, 
/**
 * The message the customer's WhatsApp opens with (the code is added to it).
 */
text: string, 
/**
 * Arriving through the poster records consent to this topic, with this wording.
 */
consent_topic: string | null, consent_wording: string | null, consent_version: string | null, };

export type PosterLink = { channel: ChannelKind, 
/**
 * The shop's account the link opens a chat with.
 */
account: string, url: string, 
/**
 * The QR code of the link, as an SVG document.
 */
qr_svg: string, };

export type PosterView = { poster: Poster, links: Array<PosterLink>, arrivals: number, };
