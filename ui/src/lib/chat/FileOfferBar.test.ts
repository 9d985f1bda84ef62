import { fireEvent, render } from "@testing-library/svelte";
import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import FileOfferBar from "./FileOfferBar.svelte";

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("FileOfferBar", () => {
  afterEach(() => clearMocks());

  it("names dropped files and sends them, by the offer's id, with the caption", async () => {
    const asked: unknown[] = [];
    mockIPC(
      (cmd, args) => {
        if (cmd === "send_files") {
          asked.push(args);
          return [];
        }
      },
      { shouldMockEvents: true },
    );
    const sent: unknown[] = [];
    const { container } = render(FileOfferBar, { conversationId: 3, onsent: (m: unknown[]) => sent.push(m) });
    await settle();
    await emit("files-offered", { id: 7, names: ["menù <b>.pdf", "torta.jpg"] });
    await settle();
    const bar = container.querySelector("[data-testid=file-offer]")!;
    expect(bar.textContent).toContain("menù <b>.pdf, torta.jpg");
    expect(bar.querySelector("b")).toBeNull();
    await fireEvent.input(container.querySelector("[data-testid=file-caption]")!, { target: { value: " Il menù di oggi " } });
    await fireEvent.submit(bar);
    await settle();
    expect(asked).toEqual([{ conversationId: 3, offer: 7, caption: "Il menù di oggi" }]);
    expect(sent).toEqual([[]]);
    expect(container.querySelector("[data-testid=file-offer]")).toBeNull();
  });

  it("says so when the files were already sent", async () => {
    mockIPC(
      (cmd) => {
        if (cmd === "send_files") throw { code: "InvalidInput", message: "These files were already sent or set aside; choose them again." };
      },
      { shouldMockEvents: true },
    );
    const { container } = render(FileOfferBar, { conversationId: 3, onsent: () => {} });
    await settle();
    await emit("files-offered", { id: 8, names: ["a.pdf"] });
    await settle();
    await fireEvent.submit(container.querySelector("[data-testid=file-offer]")!);
    await settle();
    expect(container.querySelector("[role=alert]")!.textContent).toContain("already sent");
  });
});
