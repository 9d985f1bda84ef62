// The open chat's messages, read from the app's store.
import type { MessageSource } from "../chat/timeline.svelte";
import { firstUnread, listMessages, listMessagesAfter, messagesAround } from "./commands";

export const storeMessages: MessageSource = {
  newest: (conversation, limit) => listMessages(conversation, limit),
  before: (conversation, id, limit) => listMessages(conversation, limit, id),
  after: (conversation, id, limit) => listMessagesAfter(conversation, id, limit),
  around: (id) => messagesAround(id),
  firstUnread: (conversation) => firstUnread(conversation),
};
