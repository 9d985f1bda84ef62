import { fireEvent, render } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import type { ContactCard, ConversationSummary, MessageView } from "../ipc/bindings";
import ContactPanel from "./ContactPanel.svelte";

const chat: ConversationSummary = {
  id: 7, account_id: 1, channel: "whatsapp", title: "Giulia <script>x()</script>", picture: null, unread: 0,
  last_message_at: null, last_message_preview: null, last_message_direction: null, last_message_status: null,
  reply_window: { state: "open" }, business: false, draft: null, pinned: false, archived: false, muted: false,
};

const menu: MessageView = {
  id: 41, conversation_id: 7, account_id: 1, channel: "whatsapp", direction: "in", kind: "document",
  text: "", sent_at: "2026-11-20T10:00:00Z", status: "received", sender_name: "Giulia", error: null,
  edited: false, deleted: false, forwarded_from: null, remote_id: "wamid.1", reply_to_remote_id: null,
  attachments: [{
    id: 5, kind: "document", mime_type: "application/pdf", file_name: "menu.pdf", size_bytes: 2048,
    width: null, height: null, duration_secs: null, meta: null, downloaded: true, fetch_error: null,
  }],
  reactions: [],
};

const card: ContactCard = {
  identities: [{ kind: "phone", value: "+393331234567" }],
  media: [menu],
  more_media: true,
};

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("ContactPanel", () => {
  afterEach(() => clearMocks());

  it("shows how the channel knows the customer and the chat's files, as text", async () => {
    const asked: unknown[] = [];
    mockIPC((cmd, args) => {
      asked.push([cmd, args]);
      if (cmd === "contact_card") return card;
    });
    const shown: number[] = [];
    const { container, getByTestId } = render(ContactPanel, {
      conversation: chat, onclose: () => {}, onshow: (id: number) => shown.push(id),
    });
    await settle();
    expect(asked).toContainEqual(["contact_card", { conversationId: 7 }]);
    expect(container.textContent).toContain("Giulia <script>x()</script>");
    expect(container.querySelector("script")).toBeNull();
    const phone = getByTestId("identities").querySelector("[data-kind=phone]")!;
    expect(phone.textContent).toContain("+393331234567");
    expect(getByTestId("contact-media").textContent).toContain("menu.pdf");
    await fireEvent.click(getByTestId("show-in-chat"));
    expect(shown).toEqual([41]);
  });

  it("closes with Esc", async () => {
    mockIPC(() => card);
    let closed = 0;
    const { container } = render(ContactPanel, { conversation: chat, onclose: () => closed++, onshow: () => {} });
    await settle();
    await fireEvent.keyDown(container.querySelector("[data-testid=contact-panel]")!, { key: "Escape" });
    expect(closed).toBe(1);
  });

  it("says what went wrong when the card cannot be read", async () => {
    mockIPC(() => {
      throw { code: "NotFound", message: "That conversation no longer exists." };
    });
    const { findByRole } = render(ContactPanel, { conversation: chat, onclose: () => {}, onshow: () => {} });
    expect((await findByRole("alert")).textContent).toContain("no longer exists");
  });
});
