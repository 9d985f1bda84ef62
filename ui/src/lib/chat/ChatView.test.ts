import { fireEvent, render } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { arraySource } from "./arraySource";
import { inertActions } from "./chatActions.svelte";
import ChatView from "./ChatView.svelte";
import { Timeline } from "./timeline.svelte";
import { aChat, aMessage } from "../testing/fixtures";

const question = aMessage({ id: 1, conversation_id: 7, text: "Posso prenotare un tavolo?", sender_name: "Anna" });

const anna = aChat({
  id: 7, title: "Anna", last_message_at: question.sent_at, last_message_preview: question.text,
  last_message_direction: "in", last_message_status: "received",
});

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("ChatView", () => {
  afterEach(() => clearMocks());

  it("keeps the quoted message when the list refreshes the same chat, and drops it for another", async () => {
    mockIPC(() => null);
    const timeline = new Timeline(arraySource([question]));
    await timeline.open(7);
    const props = { conversation: anna, timeline, gaps: [], actions: inertActions };
    const { container, rerender } = render(ChatView, props);
    await settle();
    await fireEvent.click(container.querySelector("[data-testid=reply]")!);
    expect(container.querySelector("[data-testid=replying-to]")?.textContent).toContain("Posso prenotare");

    // A refresh of the list (after marking the chat read, say) hands over a new object.
    await rerender({ ...props, conversation: { ...anna, unread: 0, last_message_preview: "…" } });
    await settle();
    expect(container.querySelector("[data-testid=replying-to]")).not.toBeNull();

    await rerender({ ...props, conversation: { ...anna, id: 8, title: "Luca" } });
    await settle();
    expect(container.querySelector("[data-testid=replying-to]")).toBeNull();
  });
});
