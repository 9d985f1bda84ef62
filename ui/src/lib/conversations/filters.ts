// The chat list's views: every chat, unread ones, the ones waiting on the shop, a channel, a
// label, snoozed, done or archived. Each is asked of core, so a view is whole however many chats
// the shop has (not only the loaded page).
import type { ChannelKind, ChatFilter } from "../ipc/bindings";

export type Filter =
  | "all"
  | "unread"
  | "needs_reply"
  | "snoozed"
  | "done"
  | "archived"
  | ChannelKind
  | `label:${string}`;

const channels: readonly string[] = ["telegram", "whatsapp", "messenger"];

/** What core is asked for a view. Snoozed chats are out of sight until their time. */
export function chatFilterOf(filter: Filter): ChatFilter {
  const base: ChatFilter = {
    channel: null,
    unread: false,
    archived: false,
    label: null,
    status: null,
    needs_reply: false,
    hide_snoozed: true,
  };
  if (filter === "all") return base;
  if (filter === "unread") return { ...base, unread: true };
  if (filter === "needs_reply") return { ...base, needs_reply: true };
  if (filter === "snoozed") return { ...base, status: "snoozed", hide_snoozed: false, archived: null };
  if (filter === "done") return { ...base, status: "done" };
  if (filter === "archived") return { ...base, archived: true, hide_snoozed: false };
  if (filter.startsWith("label:")) return { ...base, label: filter.slice("label:".length) };
  if (channels.includes(filter)) return { ...base, channel: filter as ChannelKind };
  return base;
}
