import { describe, expect, it } from "vitest";
import type { MessageView } from "../ipc/bindings";
import { arraySource } from "./arraySource";
import { PAGE, Timeline, WINDOW, type MessageSource } from "./timeline.svelte";
import { aMessage } from "../testing/fixtures";

function chat(count: number): MessageView[] {
  return Array.from({ length: count }, (_, i) =>
    aMessage({
      id: i + 1,
      conversation_id: 7,
      text: `m${i + 1}`,
      sent_at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    }),
  );
}

/** `source` whose newest page comes only when `release` is called: a read on its way. */
function heldBack(source: MessageSource) {
  let answer = () => {};
  const slow: MessageSource = {
    ...source,
    newest: (c, n) => new Promise((done) => (answer = () => void source.newest(c, n).then(done))),
  };
  return { slow, release: () => answer() };
}

const ids = (t: Timeline) => t.messages.map((m) => m.id);
const consecutive = (list: number[]) => list.every((id, i) => i === 0 || id === list[i - 1]! + 1);

describe("Timeline", () => {
  it("scrolls back through a long chat keeping a bounded window, and down again to the newest", async () => {
    const timeline = new Timeline(arraySource(chat(1_000)));
    await timeline.open(7);
    expect(ids(timeline)).toEqual(Array.from({ length: PAGE }, (_, i) => 951 + i));
    while ((await timeline.earlier()) > 0) {
      expect(timeline.messages.length).toBeLessThanOrEqual(WINDOW);
      expect(consecutive(ids(timeline))).toBe(true);
    }
    expect(timeline.atOldest).toBe(true);
    expect(timeline.atNewest).toBe(false);
    expect(ids(timeline)[0]).toBe(1);
    while ((await timeline.later()) > 0) {
      expect(timeline.messages.length).toBeLessThanOrEqual(WINDOW);
      expect(consecutive(ids(timeline))).toBe(true);
    }
    expect(timeline.atNewest).toBe(true);
    expect(ids(timeline).at(-1)).toBe(1_000);
  });

  it("opens at the first unread message with the newest further down", async () => {
    const timeline = new Timeline(arraySource(chat(500), 300));
    await timeline.open(7, { unread: 201 });
    expect(timeline.firstUnreadId).toBe(300);
    expect(ids(timeline)).toContain(300);
    expect(timeline.atNewest).toBe(false);
    while ((await timeline.later()) > 0);
    expect(ids(timeline).at(-1)).toBe(500);
  });

  it("adds arrivals at the newest, and only notes them while the owner reads further back", async () => {
    const all = chat(400);
    const timeline = new Timeline(arraySource(all));
    await timeline.open(7);
    all.push(...chat(401).slice(400));
    await timeline.arrived();
    expect(ids(timeline).at(-1)).toBe(401);

    for (let i = 0; i < 6; i++) await timeline.earlier();
    expect(timeline.atNewest).toBe(false);
    const before = ids(timeline);
    all.push(...chat(402).slice(401));
    await timeline.arrived();
    expect(ids(timeline)).toEqual(before);
    expect(timeline.newBelow).toBe(true);
  });

  it("keeps a change that arrives while a page is on its way", async () => {
    const all = chat(60);
    const { slow, release } = heldBack(arraySource(all));
    const timeline = new Timeline(slow);
    const opening = timeline.open(7);
    // The page was read with the reply only delivered; then "read" comes as an event.
    timeline.upsert({ ...all[59]!, status: "read" });
    release();
    await opening;
    expect(timeline.messages.at(-1)!.status).toBe("read");
  });

  it("keeps a reply sent while the chat was opening", async () => {
    const all = chat(60);
    const { slow, release } = heldBack(arraySource(all));
    const timeline = new Timeline(slow);
    const opening = timeline.open(7);
    // Sent, and already read, before the page read without it comes back.
    const reply = { ...chat(61)[60]!, direction: "out" as const, status: "read" as const };
    timeline.upsert(reply);
    release();
    await opening;
    expect(timeline.messages.at(-1)).toEqual(reply);
  });

  it("puts a reply after a message of the same second, whatever the timestamps' precision", async () => {
    const all = chat(3).map((m, i) => ({ ...m, sent_at: `2026-11-22T10:00:0${i}Z` }));
    const timeline = new Timeline(arraySource(all));
    await timeline.open(7);
    timeline.upsert({ ...all[2]!, id: 99, direction: "out", sent_at: "2026-11-22T10:00:02.120Z" });
    expect(ids(timeline)).toEqual([1, 2, 3, 99]);
  });

  it("ignores a change to a message the window let go of", async () => {
    const all = chat(400);
    const timeline = new Timeline(arraySource(all));
    await timeline.open(7);
    timeline.upsert({ ...all[10]!, text: "edited" });
    expect(ids(timeline)).not.toContain(11);
    timeline.upsert({ ...all[399]!, text: "edited" });
    expect(timeline.messages.at(-1)!.text).toBe("edited");
  });
});
