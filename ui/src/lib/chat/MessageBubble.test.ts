import { render } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { MessageView } from "../ipc/bindings";
import MessageBubble from "./MessageBubble.svelte";
import { aMessage } from "../testing/fixtures";

const message = (text: string, extra: Partial<MessageView> = {}) => aMessage({ text, ...extra });

const props = (m: MessageView) => ({ message: m, quoted: null, chatTitle: "Giulia", onretry: () => {}, ondiscard: () => {} });

describe("MessageBubble", () => {
  it("shows a customer's HTML and script as text and runs nothing", () => {
    const hostile = "<img src=x onerror=alert(1)><script>alert(2)</script>";
    const { container } = render(MessageBubble, props(message(hostile)));
    expect(container.querySelector("[data-testid=message-text]")?.textContent).toBe(hostile);
    expect(container.querySelector("img, script")).toBeNull();
  });

  it("makes web links clickable, and only those", () => {
    const { container } = render(MessageBubble, props(message("ordina su https://forno.it o javascript:alert(1)")));
    const links = [...container.querySelectorAll("a")].map((a) => a.getAttribute("href"));
    expect(links).toEqual(["https://forno.it"]);
  });

  it("offers retry and discard only for a message that did not surely go out", () => {
    const failed = render(MessageBubble, props(message("x", { direction: "out", status: "unknown", error: "?" })));
    expect(failed.container.querySelector("[data-testid=retry]")).not.toBeNull();
    const sent = render(MessageBubble, props(message("y", { direction: "out", status: "sent" })));
    expect(sent.container.querySelector("[data-testid=retry]")).toBeNull();
  });

  it("shows reactions, and offers reacting only where the channel takes it", async () => {
    const reacted = message("Torta pronta", {
      channel: "whatsapp",
      reactions: [{ emoji: "❤️", mine: false }, { emoji: "<b>👍</b>", mine: true }],
    });
    const chosen: [number, string][] = [];
    const { container } = render(MessageBubble, {
      ...props(reacted),
      onreact: (id: number, emoji: string) => chosen.push([id, emoji]),
    });
    expect(container.querySelector("[data-testid=reactions]")?.textContent).toBe("❤️<b>👍</b>");
    expect(container.querySelector("b")).toBeNull();
    (container.querySelector("[data-testid=react]") as HTMLButtonElement).click();
    await Promise.resolve();
    (container.querySelector("[data-testid='react-😂']") as HTMLButtonElement).click();
    expect(chosen).toEqual([[1, "😂"]]);

    const telegram = render(MessageBubble, props(message("no reactions here")));
    expect(telegram.container.querySelector("[data-testid=react]")).toBeNull();
  });

  it("shows a poster's /start as where the customer came from, and other text as it is", () => {
    const fromPoster = render(MessageBubble, props(message("/start vetrina-natale", { direction: "in" })));
    const shown = fromPoster.container.querySelector("[data-testid=message-text]")!.textContent;
    expect(shown).toContain("vetrina-natale");
    expect(shown).not.toContain("/start");
    const plain = render(MessageBubble, props(message("/start vetrina natale e altro", { direction: "in" })));
    expect(plain.container.querySelector("[data-testid=message-text]")!.textContent).toContain("/start vetrina natale");
  });
});
