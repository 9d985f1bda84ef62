import { fireEvent, render } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import Composer from "./Composer.svelte";
import { aMessage } from "../testing/fixtures";

const question = aMessage({ id: 9, text: "<b>Avete il babà?</b>" });

describe("Composer", () => {
  it("puts a picked emoji where the cursor is", async () => {
    const { container } = render(Composer, { onsend: async () => {}, ondraft: () => {}, draft: "Grazie mille" });
    const box = container.querySelector("textarea")!;
    box.setSelectionRange(6, 6);
    await fireEvent.click(container.querySelector("[data-testid=emoji-button]")!);
    await fireEvent.click(container.querySelector("[data-testid='emoji-🙏']")!);
    expect(box.value).toBe("Grazie🙏 mille");
  });

  it("shows the message a reply quotes as text, and Esc lets it go", async () => {
    let cancelled = 0;
    const { container } = render(Composer, {
      onsend: async () => {},
      ondraft: () => {},
      replyingTo: question,
      oncancelreply: () => cancelled++,
    });
    const quote = container.querySelector("[data-testid=replying-to]")!;
    expect(quote.textContent).toContain("<b>Avete il babà?</b>");
    expect(quote.querySelector("b")).toBeNull();
    await fireEvent.keyDown(container.querySelector("textarea")!, { key: "Escape" });
    expect(cancelled).toBe(1);
  });
});
