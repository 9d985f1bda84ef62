// A chat's messages served from an array held in memory: the same view fed without the store,
// for the UI's tests and for the scroll benchmark's baseline.
import type { MessageView } from "../ipc/bindings";
import { AROUND, type MessageSource } from "./timeline.svelte";

/** `all` is one conversation's messages, oldest first. */
export function arraySource(all: MessageView[], firstUnreadId: number | null = null): MessageSource {
  const index = new Map(all.map((m, i) => [m.id, i]));
  const at = (id: number) => {
    const i = index.get(id);
    if (i === undefined) throw new Error(`message ${id} is not in this chat`);
    return i;
  };
  return {
    newest: async (_c, limit) => all.slice(Math.max(0, all.length - limit)),
    before: async (_c, id, limit) => {
      const i = at(id);
      return all.slice(Math.max(0, i - limit), i);
    },
    after: async (_c, id, limit) => {
      const i = at(id);
      return all.slice(i + 1, i + 1 + limit);
    },
    around: async (id) => {
      const i = at(id);
      return all.slice(Math.max(0, i - AROUND), i + AROUND + 1);
    },
    firstUnread: async () => firstUnreadId,
  };
}
