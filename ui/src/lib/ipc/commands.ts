// Typed wrappers around the app's Tauri commands (src-tauri/src/commands/). Argument names are
// camelCase here; Tauri maps them to the Rust parameters.
import { invoke } from "@tauri-apps/api/core";
import { convertFileSrc } from "@tauri-apps/api/core";
import { openUrl } from "@tauri-apps/plugin-opener";
import type {
  Account,
  AccountStatus,
  ContactCard,
  ConversationSummary,
  ErrorPayload,
  KeyringHealth,
  MessageTemplate,
  MessageView,
  NotificationSettings,
  SearchHit,
  TemplateChoice,
} from "./bindings";

export type SyncStatus = { problem: ErrorPayload | null; waiting: number };

export const listAccounts = () => invoke<Account[]>("list_accounts");
export const addTelegramAccount = (name: string, token: string, apiBase: string | null) =>
  invoke<Account>("add_telegram_account", { name, token, apiBase });
export const removeAccount = (id: number) => invoke<void>("remove_account", { id });
export const renameAccount = (id: number, name: string) => invoke<Account>("rename_account", { id, name });
export const keyringStatus = () => invoke<KeyringHealth>("keyring_status");
export const startDemo = () => invoke<Account>("start_demo");
export const syncStatus = () => invoke<SyncStatus>("sync_status");
export const accountStates = () => invoke<AccountStatus[]>("account_states");
export const reconnectTelegramAccount = (id: number, token: string) =>
  invoke<Account>("reconnect_telegram_account", { id, token });
export const takeOverAccount = (id: number) => invoke<void>("take_over_account", { id });

/** A URL the window can show for an attachment (fetched on first view, then kept offline). */
export async function attachmentUrl(attachmentId: number, thumbnail: boolean): Promise<string> {
  const path = await invoke<string>("attachment_file", { attachmentId, thumbnail });
  return convertFileSrc(path);
}

/** The inbox is on screen for the first time since launch (timed for diagnostics). */
export const firstPaint = () => invoke<void>("first_paint");
export const listConversations = () => invoke<ConversationSummary[]>("list_conversations", {});
export const markRead = (conversationId: number) => invoke<void>("mark_read", { conversationId });
export const markUnread = (conversationId: number) => invoke<void>("mark_unread", { conversationId });
export const setPinned = (conversationId: number, pinned: boolean) =>
  invoke<void>("set_pinned", { conversationId, pinned });
export const setArchived = (conversationId: number, archived: boolean) =>
  invoke<void>("set_archived", { conversationId, archived });
/** The contact panel: the customer's ids on their channel and the chat's latest media. */
export const contactCard = (conversationId: number) => invoke<ContactCard>("contact_card", { conversationId });
export const setDraft = (conversationId: number, text: string) =>
  invoke<void>("set_draft", { conversationId, text });

export const listMessages = (conversationId: number, before?: number, limit?: number) =>
  invoke<MessageView[]>("list_messages", { conversationId, before: before ?? null, limit: limit ?? null });
export const listMessagesAfter = (conversationId: number, after: number, limit: number) =>
  invoke<MessageView[]>("list_messages_after", { conversationId, after, limit });
export const firstUnread = (conversationId: number) => invoke<number | null>("first_unread", { conversationId });
/** A text longer than the channel allows comes back as several messages, in order. */
export const sendMessage = (conversationId: number, text: string, replyTo: number | null = null) =>
  invoke<MessageView[]>("send_message", { conversationId, text, replyTo });
export const searchMessages = (query: string) => invoke<SearchHit[]>("search_messages", { query });
export const messagesAround = (messageId: number) => invoke<MessageView[]>("messages_around", { messageId });
export const retryMessage = (messageId: number) => invoke<MessageView>("retry_message", { messageId });
export const discardMessage = (messageId: number) => invoke<void>("discard_message", { messageId });

/** Errors from commands arrive as `{code, message}`; anything else is turned into one. */
export function asError(e: unknown): ErrorPayload {
  if (e && typeof e === "object" && "code" in e && "message" in e) return e as ErrorPayload;
  return { code: "Internal", message: String(e) };
}

/** Opens a web link from a message in the system browser, never in the app's window. */
export async function openLink(href: string): Promise<void> {
  if (!/^https?:\/\//i.test(href)) return;
  await openUrl(href);
}

/** What the owner needs for the Webhooks step in the Meta dashboard. */
export type WebhookSetup = {
  path: string;
  listening: string | null;
  problem: string | null;
  verify_token: string | null;
};

export const addWhatsappAccount = (form: {
  name: string;
  phoneNumberId: string;
  businessAccountId: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string | null;
  apiBase: string | null;
}) => invoke<Account>("add_whatsapp_account", form);
/** A new access token for a WhatsApp number or a Facebook Page. */
export const reconnectMetaAccount = (id: number, accessToken: string) =>
  invoke<Account>("reconnect_meta_account", { id, accessToken });
/** A new token for an account: the bot's only secret on Telegram (a fresh keyring entry, which
 * also mends a lost one), the access token beside the app secret on Meta's channels. */
export const renewToken = (account: Account, token: string) =>
  account.channel === "telegram" ? reconnectTelegramAccount(account.id, token) : reconnectMetaAccount(account.id, token);
export const addMessengerAccount = (form: {
  name: string;
  pageId: string;
  pageAccessToken: string;
  appSecret: string;
  verifyToken: string | null;
  apiBase: string | null;
  humanAgent: boolean;
}) => invoke<Account>("add_messenger_account", form);
export const setHumanAgent = (id: number, on: boolean) => invoke<void>("set_human_agent", { id, on });
export const typing = (conversationId: number) => invoke<void>("typing", { conversationId });
export const webhookSetup = (id: number) => invoke<WebhookSetup>("webhook_setup", { id });
export const listTemplates = (accountId: number) => invoke<MessageTemplate[]>("list_templates", { accountId });
export const sendTemplate = (conversationId: number, template: TemplateChoice) =>
  invoke<MessageView>("send_template", { conversationId, template });
export const reactToMessage = (messageId: number, emoji: string) =>
  invoke<MessageView>("react_to_message", { messageId, emoji });

export const viewing = (conversationId: number | null) => invoke<void>("viewing", { conversationId });
export const setNotificationWords = (newMessage: string, many: string, keptRunning: string, keptRunningBody: string) =>
  invoke<void>("set_notification_words", { newMessage, many, keptRunning, keptRunningBody });
export const notificationSettings = () => invoke<NotificationSettings>("notification_settings");
export const setNotificationSettings = (settings: NotificationSettings) =>
  invoke<void>("set_notification_settings", { settings });
export const setMuted = (conversationId: number, muted: boolean) => invoke<void>("set_muted", { conversationId, muted });
/** Versions, accounts' states and the recent log, for a support request (no secrets). */
export const diagnostics = () => invoke<string>("diagnostics");
export const autostart = () => invoke<boolean>("autostart");
export const setAutostart = (on: boolean) => invoke<void>("set_autostart", { on });
