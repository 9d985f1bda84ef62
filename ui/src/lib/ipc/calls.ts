// Generated from src-tauri (commands, events) by `UPDATE_BINDINGS=1 cargo test -p sportello bridge`.
// Do not edit by hand.

import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { Account, AccountStatus, Audience, AutoKind, AutoMessage, AutoReplies, Broadcast, BroadcastReport, ChatCounts, ChatFilter, Consent, ConsentBasis, ContactCard, ConversationSummary, CoreEvent, Customer, CustomerNote, ErrorPayload, FaqCard, FaqTest, Figures, HoursNow, KeyringHealth, Label, MergeSuggestion, MessageTemplate, MessageView, NoteHit, NotificationSettings, OpeningHours, Poster, PosterView, Preflight, QuickReply, RenderedQuickReply, Scheduled, SearchHit, TemplateChoice, TemplateRef } from "./bindings";

export type SyncStatus = { 
/**
 * Why this window is not syncing, if it is not.
 */
problem: ErrorPayload | null, 
/**
 * Replies waiting to go out.
 */
waiting: number, };

export type WebhookSetup = { 
/**
 * The path to register after the tunnel's address, e.g. `/webhooks/meta`.
 */
path: string, 
/**
 * Where the receiver listens on this computer, if it does.
 */
listening: string | null, problem: string | null, verify_token: string | null, };

export type FileOffer = { id: number, names: Array<string>, };

export type Words = { newMessage: string, 
/**
 * With `{n}` and `{chats}`: several messages in several chats.
 */
many: string, 
/**
 * With `{n}`: several messages in one chat.
 */
manyInChat: string, 
/**
 * The first-time hint that closing the window left Sportello in the tray.
 */
keptRunning: string, keptRunningBody: string, 
/**
 * A snoozed chat came back.
 */
snoozeBack: string, 
/**
 * A follow-up came back: the customer did not answer.
 */
followUpDue: string, };

export type StoreDamage = { detail: string, 
/**
 * The newest automatic backup's file name, if there is one.
 */
newest_backup: string | null, 
/**
 * Where the data folder is (the damaged file stays there, renamed, after restoring).
 */
data_dir: string, };

export const listAccounts = () => invoke<Account[]>("list_accounts");
export const accountStates = () => invoke<AccountStatus[]>("account_states");
/** The token travels UI → core once, straight into the keyring; it never comes back. */
export const addTelegramAccount = (name: string, token: string, apiBase?: string | null) =>
  invoke<Account>("add_telegram_account", { name, token, apiBase: apiBase ?? null });
/** The secrets travel UI → core once, straight into the keyring (core makes up a verify token left empty). */
export const addWhatsappAccount = (args: { name: string; phoneNumberId: string; businessAccountId: string; accessToken: string; appSecret: string; verifyToken: string | null; apiBase: string | null }) => invoke<Account>("add_whatsapp_account", args);
/** The secrets travel UI → core once, straight into the keyring (core makes up a verify token left empty). */
export const addMessengerAccount = (args: { name: string; pageId: string; pageAccessToken: string; appSecret: string; verifyToken: string | null; apiBase: string | null; humanAgent: boolean }) => invoke<Account>("add_messenger_account", args);
/** A new token for an account whose token was revoked; queued replies then go out. */
export const reconnectTelegramAccount = (id: number, token: string) =>
  invoke<Account>("reconnect_telegram_account", { id, token });
/** A new access token for a WhatsApp number or a Page (they expire, or are revoked); the app secret and verify token stay. */
export const reconnectMetaAccount = (id: number, accessToken: string) =>
  invoke<Account>("reconnect_meta_account", { id, accessToken });
export const renameAccount = (id: number, name: string) =>
  invoke<Account>("rename_account", { id, name });
export const removeAccount = (id: number) =>
  invoke<void>("remove_account", { id });
/** Receive here when another program (a webhook) holds the account's messages. */
export const takeOverAccount = (id: number) =>
  invoke<void>("take_over_account", { id });
export const setHumanAgent = (id: number, on: boolean) =>
  invoke<void>("set_human_agent", { id, on });
/** Whether the OS keyring can be used; the window shows how to fix it when not. */
export const keyringStatus = () => invoke<KeyringHealth>("keyring_status");
export const startDemo = () => invoke<Account>("start_demo");
export const syncStatus = () => invoke<SyncStatus>("sync_status");
/** What the owner needs for the "Webhooks" step in the Meta dashboard. */
export const webhookSetup = (id: number) =>
  invoke<WebhookSetup>("webhook_setup", { id });
/** How the channel knows the customer, and the chat's latest 60 media. */
export const contactCard = (conversationId: number) =>
  invoke<ContactCard>("contact_card", { conversationId });
/** The notes about a chat's customer, newest first, each with its earlier versions. */
export const notes = (conversationId: number) =>
  invoke<CustomerNote[]>("notes", { conversationId });
/** A new note (no id) or a new version of one; the notes as they now are. */
export const writeNote = (conversationId: number, noteId: string | null, text: string) =>
  invoke<CustomerNote[]>("write_note", { conversationId, noteId, text });
export const removeNote = (noteId: string) =>
  invoke<void>("remove_note", { noteId });
/** The chat list: every chat, or those a filter picks (a label, the ones waiting on the shop). */
export const listConversations = (limit?: number | null, filter?: ChatFilter | null) =>
  invoke<ConversationSummary[]>("list_conversations", { limit: limit ?? null, filter: filter ?? null });
/** One chat as the list shows it: the open chat stays current when its view no longer lists it (marked done under "Needs a reply", snoozed). */
export const conversation = (conversationId: number) =>
  invoke<ConversationSummary>("conversation", { conversationId });
/** How many chats each view of the list holds (Needs a reply, Snoozed, Done, Archived). */
export const chatCounts = () => invoke<ChatCounts>("chat_counts");
/** Done: the chat needs nothing more until the customer writes again. */
export const markDone = (conversationId: number) =>
  invoke<void>("mark_done", { conversationId });
export const reopen = (conversationId: number) =>
  invoke<void>("reopen", { conversationId });
/** Snoozed until `until` (RFC 3339); `unless_reply`: a customer's message brings it back. */
export const snooze = (conversationId: number, until: string, unlessReply: boolean) =>
  invoke<void>("snooze", { conversationId, until, unlessReply });
/** Remind the shop in `hours` if the customer has not answered. */
export const followUp = (conversationId: number, hours: number) =>
  invoke<void>("follow_up", { conversationId, hours });
/** Puts labels (by id) on a chat; a label of a group takes the others of its group off. */
export const labelConversation = (conversationId: number, labels: string[]) =>
  invoke<ConversationSummary>("label_conversation", { conversationId, labels });
export const unlabelConversation = (conversationId: number, labels: string[]) =>
  invoke<ConversationSummary>("unlabel_conversation", { conversationId, labels });
export const markRead = (conversationId: number) =>
  invoke<void>("mark_read", { conversationId });
export const markUnread = (conversationId: number) =>
  invoke<void>("mark_unread", { conversationId });
export const setDraft = (conversationId: number, text: string) =>
  invoke<void>("set_draft", { conversationId, text });
export const setPinned = (conversationId: number, pinned: boolean) =>
  invoke<void>("set_pinned", { conversationId, pinned });
export const setArchived = (conversationId: number, archived: boolean) =>
  invoke<void>("set_archived", { conversationId, archived });
export const setMuted = (conversationId: number, muted: boolean) =>
  invoke<void>("set_muted", { conversationId, muted });
/** A new chat from the shop's side (Ctrl+N): WhatsApp only, where a business may write first with an approved template. Returns the chat to open. */
export const startChat = (accountId: number, phone: string, name?: string | null) =>
  invoke<number>("start_chat", { accountId, phone, name: name ?? null });
/** The damage found at start (None: the store is sound). */
export const storeDamage = () => invoke<StoreDamage | null>("store_damage");
/** Restores the newest backup: asks for it and restarts, so it is done before the store opens. (Damage found while running, by the daily check, is restored the same way.) */
export const restoreLatestBackup = () => invoke<void>("restore_latest_backup");
export const openingHours = () => invoke<OpeningHours>("opening_hours");
export const hoursNow = () => invoke<HoursNow>("hours_now");
export const setOpeningHours = (hours: OpeningHours) =>
  invoke<HoursNow>("set_opening_hours", { hours });
export const autoReplies = () => invoke<AutoReplies>("auto_replies");
export const setAutoMessage = (which: AutoKind, message: AutoMessage) =>
  invoke<AutoReplies>("set_auto_message", { which, message });
/** Adds a question card (no id) or changes one; `offer` is a photo or document the shop owner chose in the file dialog (`pick_files`), else the card keeps its attachment if asked. */
export const saveFaqCard = (args: { id: string | null; keywords: string[]; answer: string; offer: number | null; keepAttachment: boolean }) => invoke<FaqCard>("save_faq_card", args);
export const removeFaqCard = (id: string) =>
  invoke<void>("remove_faq_card", { id });
export const switchFaq = (on: boolean) =>
  invoke<AutoReplies>("switch_faq", { on });
export const testFaq = (sample: string) =>
  invoke<FaqTest>("test_faq", { sample });
export const figures = (days: number) =>
  invoke<Figures>("figures", { days });
export const listLabels = () => invoke<Label[]>("list_labels");
/** Adds a label (no id) or changes one; a colour is picked when none is given. */
export const saveLabel = (args: { id: string | null; name: string; color: string | null; group: string | null }) => invoke<Label>("save_label", args);
/** Removes a label from the shop and from every chat. */
export const removeLabel = (id: string) =>
  invoke<void>("remove_label", { id });
export const listMessages = (conversationId: number, limit?: number | null, before?: number | null) =>
  invoke<MessageView[]>("list_messages", { conversationId, limit: limit ?? null, before: before ?? null });
/** The chat scrolling back down: the page after the last message it shows. */
export const listMessagesAfter = (conversationId: number, after: number, limit?: number | null) =>
  invoke<MessageView[]>("list_messages_after", { conversationId, after, limit: limit ?? null });
/** Where a chat with unread messages opens. */
export const firstUnread = (conversationId: number) =>
  invoke<number | null>("first_unread", { conversationId });
/** Notes about customers matching the search box's words. */
export const searchNotes = (query: string) =>
  invoke<NoteHit[]>("search_notes", { query });
/** "Send later": the text waits in the outbox until `at` (RFC 3339). */
export const scheduleMessage = (conversationId: number, text: string, at: string) =>
  invoke<Scheduled>("schedule_message", { conversationId, text, at });
/** A message sent later: its new text and time. */
export const rescheduleMessage = (messageId: number, text: string, at: string) =>
  invoke<Scheduled>("reschedule_message", { messageId, text, at });
export const cancelScheduled = (messageId: number) =>
  invoke<void>("cancel_scheduled", { messageId });
/** A search result opens the chat here, with the messages around it. */
export const messagesAround = (messageId: number) =>
  invoke<MessageView[]>("messages_around", { messageId });
export const searchMessages = (query: string) =>
  invoke<SearchHit[]>("search_messages", { query });
export const sendMessage = (conversationId: number, text: string, replyTo?: number | null) =>
  invoke<MessageView[]>("send_message", { conversationId, text, replyTo: replyTo ?? null });
export const retryMessage = (messageId: number) =>
  invoke<MessageView>("retry_message", { messageId });
export const discardMessage = (messageId: number) =>
  invoke<void>("discard_message", { messageId });
/** The system's file dialog; the files chosen are offered to the window by name. */
export const pickFiles = () => invoke<FileOffer | null>("pick_files");
/** Sends an offer's files to a chat, each as its own message; the caption goes with the first. An offer is sent once: asked again, it is gone. */
export const sendFiles = (conversationId: number, offer: number, caption: string) =>
  invoke<MessageView[]>("send_files", { conversationId, offer, caption });
export const listTemplates = (accountId: number) =>
  invoke<MessageTemplate[]>("list_templates", { accountId });
export const sendTemplate = (conversationId: number, template: TemplateChoice) =>
  invoke<MessageView>("send_template", { conversationId, template });
export const reactToMessage = (messageId: number, emoji: string) =>
  invoke<MessageView>("react_to_message", { messageId, emoji });
/** Best effort: tells the customer the shop is typing (Messenger). */
export const typing = (conversationId: number) =>
  invoke<void>("typing", { conversationId });
/** The local file of an attachment (fetched on first view), for the window to show through the asset protocol, which is allowed to read the media folder only. */
export const attachmentFile = (attachmentId: number, thumbnail: boolean) =>
  invoke<string>("attachment_file", { attachmentId, thumbnail });
/** Opens a customer's document, picture, audio or video with the system's app. The window names the attachment, never a path; files that could run a program are refused by core. */
export const openAttachment = (attachmentId: number) =>
  invoke<void>("open_attachment", { attachmentId });
/** The chat as a readable page (with its files) and as text, into a folder the owner picks; the page's path, or None when cancelled. */
export const exportChat = (conversationId: number) =>
  invoke<string | null>("export_chat", { conversationId });
export const listQuickReplies = () => invoke<QuickReply[]>("list_quick_replies");
/** Adds a quick reply (no id) or changes one. `offer`: a file the owner picked or dropped (pick_files), kept with it; without one, `keep_attachment` keeps the file it had. */
export const saveQuickReply = (args: { id: string | null; shortcut: string; text: string; offer: number | null; keepAttachment: boolean; template: TemplateRef | null }) => invoke<QuickReply>("save_quick_reply", args);
export const removeQuickReply = (id: string) =>
  invoke<void>("remove_quick_reply", { id });
export const orderQuickReplies = (ids: string[]) =>
  invoke<void>("order_quick_replies", { ids });
/** The quick reply `/shortcut` filled in for a chat's customer, for the composer to insert. */
export const renderQuickReply = (conversationId: number, shortcut: string) =>
  invoke<RenderedQuickReply>("render_quick_reply", { conversationId, shortcut });
/** Sends the composer's text as the caption of quick reply `shortcut`'s file. */
export const sendQuickReplyFile = (conversationId: number, shortcut: string, caption: string) =>
  invoke<MessageView>("send_quick_reply_file", { conversationId, shortcut, caption });
/** Saves every quick reply (files inside) where the owner chooses. False: cancelled. */
export const exportQuickReplies = () => invoke<boolean>("export_quick_replies");
/** Adds the quick replies of an export file the owner picks; how many. */
export const importQuickReplies = () => invoke<number>("import_quick_replies");
export const customer = (conversationId: number) =>
  invoke<Customer>("customer", { conversationId });
export const mergeCustomers = (conversationId: number, otherId: number, evidence?: string | null) =>
  invoke<Customer>("merge_customers", { conversationId, otherId, evidence: evidence ?? null });
export const undoMerge = (mergeId: string) =>
  invoke<void>("undo_merge", { mergeId });
export const mergeSuggestions = () => invoke<MergeSuggestion[]>("merge_suggestions");
export const declineMerge = (conversationId: number, otherId: number) =>
  invoke<void>("decline_merge", { conversationId, otherId });
/** Records a consent given at the counter or in the chat. */
export const addConsent = (args: { conversationId: number; topic: string; basis: ConsentBasis; source: string; wording: string; wordingVersion: string | null }) => invoke<Consent[]>("add_consent", args);
export const withdrawConsent = (conversationId: number, topic?: string | null) =>
  invoke<Consent[]>("withdraw_consent", { conversationId, topic: topic ?? null });
export const listBroadcasts = () => invoke<Broadcast[]>("list_broadcasts");
export const createBroadcast = (args: { topic: string; audience: Audience; text: string; template: TemplateChoice | null }) => invoke<Broadcast>("create_broadcast", args);
export const broadcastPreflight = (id: number) =>
  invoke<Preflight>("broadcast_preflight", { id });
export const sendBroadcast = (id: number) =>
  invoke<Preflight>("send_broadcast", { id });
export const broadcastReport = (id: number) =>
  invoke<BroadcastReport>("broadcast_report", { id });
export const listPosters = () => invoke<PosterView[]>("list_posters");
export const savePoster = (poster: Poster) =>
  invoke<PosterView>("save_poster", { poster });
export const removePoster = (code: string) =>
  invoke<void>("remove_poster", { code });
/** The poster's QR codes and printable page into a folder the owner picks, in the window's language; the folder, or None when cancelled. */
export const savePosterFiles = (code: string, language: string, a5: boolean) =>
  invoke<string | null>("save_poster_files", { code, language, a5 });
/** The chat on screen (None: the list only); a notification for it would be noise. */
export const viewing = (conversationId?: number | null) =>
  invoke<void>("viewing", { conversationId: conversationId ?? null });
/** The notifications' words in the UI's language (new messages, and the tray hint). */
export const setNotificationWords = (words: Words) =>
  invoke<void>("set_notification_words", { words });
export const notificationSettings = () => invoke<NotificationSettings>("notification_settings");
export const setNotificationSettings = (settings: NotificationSettings) =>
  invoke<void>("set_notification_settings", { settings });
/** The window has painted the inbox for the first time since launch. Kept for diagnostics and printed, so a launch can be timed from outside (bench/: cold start). */
export const firstPaint = () => invoke<void>("first_paint");
/** What to paste in a support request: versions, accounts and their state, the recent log. Built from what the app already shows and logs, neither of which holds secrets. */
export const diagnostics = () => invoke<string>("diagnostics");
/** Whether Sportello starts when the owner logs in. */
export const autostart = () => invoke<boolean>("autostart");
export const setAutostart = (on: boolean) =>
  invoke<void>("set_autostart", { on });

export const onInbox = (handle: (payload: CoreEvent) => void): Promise<UnlistenFn> =>
  listen<CoreEvent>("inbox", (e) => handle(e.payload));
export const onInboxReload = (handle: (payload: null) => void): Promise<UnlistenFn> =>
  listen<null>("inbox-reload", (e) => handle(e.payload));
export const onOpenConversation = (handle: (payload: number) => void): Promise<UnlistenFn> =>
  listen<number>("open-conversation", (e) => handle(e.payload));
export const onFilesOffered = (handle: (payload: FileOffer) => void): Promise<UnlistenFn> =>
  listen<FileOffer>("files-offered", (e) => handle(e.payload));
