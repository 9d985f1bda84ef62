import { fireEvent, render } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import type { ContactCard } from "../ipc/bindings";
import ContactPanel from "./ContactPanel.svelte";
import { aChat, aMessage, anAttachment } from "../testing/fixtures";

const chat = aChat({ id: 7, channel: "whatsapp", title: "Giulia <script>x()</script>" });

const menu = aMessage({
  id: 41, conversation_id: 7, channel: "whatsapp", kind: "document", text: "", sent_at: "2026-11-20T10:00:00Z",
  remote_id: "wamid.1",
  attachments: [anAttachment({ kind: "document", mime_type: "application/pdf", file_name: "menu.pdf", size_bytes: 2048 })],
});

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
