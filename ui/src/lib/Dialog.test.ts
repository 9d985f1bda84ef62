import { fireEvent, render } from "@testing-library/svelte";
import { createRawSnippet } from "svelte";
import { describe, expect, it } from "vitest";
import Dialog from "./Dialog.svelte";

describe("Dialog", () => {
  it("is a labelled modal dialog around its content, closed by Esc", async () => {
    let closed = 0;
    const children = createRawSnippet(() => ({ render: () => "<p>Nuova chat</p>" }));
    const { container } = render(Dialog, { label: "New chat", onclose: () => closed++, children });
    const dialog = container.querySelector("[role=dialog]")!;
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(dialog.getAttribute("aria-label")).toBe("New chat");
    expect(dialog.textContent).toBe("Nuova chat");
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(closed).toBe(1);
  });
});
