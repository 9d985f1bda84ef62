import { fireEvent, render } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import type { Account } from "../ipc/bindings";
import NewChat from "./NewChat.svelte";

const account = (id: number, channel: Account["channel"]): Account => ({
  id, channel, name: `Shop ${id}`, api_base: null, display_name: null, is_demo: false, created_at: "2026-11-01T00:00:00Z",
  business_links: [], missing_periods: [], remote_id: null, business_account_id: null, phone: null,
  quality_rating: null, webhook_seen_at: null, human_agent: false,
});

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("NewChat", () => {
  afterEach(() => clearMocks());

  it("says only WhatsApp lets the shop write first when there is no WhatsApp number", () => {
    const { container } = render(NewChat, {
      accounts: [account(1, "telegram"), account(2, "messenger")], onstarted: () => {}, oncancel: () => {},
    });
    expect(container.querySelector("[data-testid=new-chat-unavailable]")).not.toBeNull();
    expect(container.querySelector("[data-testid=new-chat-phone]")).toBeNull();
  });

  it("starts the chat on the WhatsApp number and hands back the chat to open", async () => {
    const asked: unknown[] = [];
    mockIPC((cmd, args) => {
      asked.push([cmd, args]);
      return 42;
    });
    const started: number[] = [];
    const { container } = render(NewChat, {
      accounts: [account(1, "telegram"), account(3, "whatsapp")], onstarted: (id: number) => started.push(id), oncancel: () => {},
    });
    await fireEvent.input(container.querySelector("[data-testid=new-chat-phone]")!, { target: { value: "+39 333 123 4567" } });
    await fireEvent.input(container.querySelector("[data-testid=new-chat-name]")!, { target: { value: " Signora Bianchi " } });
    await fireEvent.submit(container.querySelector("form")!);
    await settle();
    expect(asked).toEqual([["start_chat", { accountId: 3, phone: "+39 333 123 4567", name: "Signora Bianchi" }]]);
    expect(started).toEqual([42]);
  });

  it("shows why a number was refused", async () => {
    mockIPC(() => {
      throw { code: "InvalidInput", message: "Write the number with its country code, e.g. +39 333 123 4567." };
    });
    const { container, findByRole } = render(NewChat, {
      accounts: [account(3, "whatsapp")], onstarted: () => {}, oncancel: () => {},
    });
    await fireEvent.input(container.querySelector("[data-testid=new-chat-phone]")!, { target: { value: "333 123" } });
    await fireEvent.submit(container.querySelector("form")!);
    expect((await findByRole("alert")).textContent).toContain("country code");
  });
});
