import { describe, expect, it } from "vitest";
import type { ChatFilter, ConversationSummary } from "../ipc/bindings";
import { ChatList, LIST_PAGE } from "./chatList.svelte";
import { chatFilterOf } from "./filters";

const chats = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1 }) as ConversationSummary);

describe("ChatList", () => {
  it("reads once more after a burst of refreshes, not once each", async () => {
    const limits: number[] = [];
    let release: () => void = () => {};
    const list = new ChatList(async (limit) => {
      limits.push(limit);
      await new Promise<void>((r) => (release = r));
      return chats(3);
    });
    const first = list.refresh();
    for (let i = 0; i < 50; i++) void list.refresh();
    release();
    await new Promise((r) => setTimeout(r, 0));
    release();
    await first;
    expect(limits).toEqual([LIST_PAGE, LIST_PAGE]);
    expect(list.conversations).toHaveLength(3);
  });

  it("reads the next page only when the last one came back full", async () => {
    const limits: number[] = [];
    const total = 1_200;
    const list = new ChatList(async (limit) => {
      limits.push(limit);
      return chats(Math.min(limit, total));
    });
    await list.refresh();
    list.more();
    await list.refresh();
    list.more();
    await list.refresh();
    expect(list.conversations).toHaveLength(1_200);
    list.more();
    await list.refresh();
    expect(limits.at(-1), "no fourth page: the third was not full").toBe(3 * LIST_PAGE);
  });

  it("keeps the list as it was when a read fails", async () => {
    let fail = false;
    const list = new ChatList(async () => (fail ? undefined : chats(2)));
    await list.refresh();
    fail = true;
    await list.refresh();
    expect(list.conversations).toHaveLength(2);
  });

  it("asks core for the view chosen, from its first page, and drops an answer for an old view", async () => {
    const asked: ChatFilter[] = [];
    let release: () => void = () => {};
    const list = new ChatList(async (_limit, filter) => {
      asked.push(filter);
      if (filter.needs_reply) return chats(1);
      await new Promise<void>((r) => (release = r));
      return chats(5);
    });
    const all = list.refresh();
    const waiting = list.show("needs_reply");
    release();
    await all;
    await waiting;
    expect(list.filter).toBe("needs_reply");
    expect(list.conversations).toHaveLength(1);
    expect(asked.map((f) => f.needs_reply)).toEqual([false, true]);
    expect(chatFilterOf("label:abc").label).toBe("abc");
    expect(chatFilterOf("all").hide_snoozed).toBe(true);
    expect(chatFilterOf("snoozed").status).toBe("snoozed");
  });
});
