import { fireEvent, render } from "@testing-library/svelte";
import { clearMocks, mockConvertFileSrc, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import type { AttachmentView } from "../ipc/bindings";
import Attachment from "./Attachment.svelte";
import { anAttachment } from "../testing/fixtures";

const of = (kind: string, extra: Partial<AttachmentView> = {}) => anAttachment({ kind, ...extra });

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("Attachment", () => {
  afterEach(() => clearMocks());

  it("links a place to a map only from numeric coordinates", () => {
    const place = render(Attachment, {
      attachment: of("location", { meta: JSON.stringify({ latitude: 41.8902, longitude: 12.4922, title: "Colosseo" }) }),
    });
    const link = place.container.querySelector<HTMLAnchorElement>("[data-testid=map-link]")!;
    expect(link.href).toBe("https://www.openstreetmap.org/?mlat=41.8902&mlon=12.4922#map=17/41.8902/12.4922");
    const forged = render(Attachment, {
      attachment: of("location", { meta: JSON.stringify({ latitude: "javascript:alert(1)//", longitude: 1 }) }),
    });
    expect(forged.container.querySelector("[data-testid=map-link]")).toBeNull();
    expect(forged.container.textContent).toContain("javascript:alert(1)//");
  });

  it("plays a voice note in the window", async () => {
    mockIPC((cmd) => (cmd === "attachment_file" ? "/data/media/5.ogg" : null));
    mockConvertFileSrc("linux");
    const { container } = render(Attachment, { attachment: of("voice", { duration_secs: 7 }) });
    await settle();
    const audio = container.querySelector("audio")!;
    expect(audio.getAttribute("src")).toContain("5.ogg");
    expect(audio.hasAttribute("controls")).toBe(true);
  });

  it("opens a file with the computer's app, naming the attachment and never a path", async () => {
    const asked: unknown[] = [];
    mockIPC((cmd, args) => {
      asked.push([cmd, args]);
      if (cmd === "open_attachment") throw { code: "UnsafeFile", message: "Sportello opens only documents, pictures, audio and video. This file (.exe) could run a program, so it is not opened." };
    });
    const { container } = render(Attachment, { attachment: of("document", { file_name: "fattura.exe" }) });
    await fireEvent.click(container.querySelector("[data-testid=file-chip]")!);
    await settle();
    expect(asked).toEqual([["open_attachment", { attachmentId: 5 }]]);
    expect(container.querySelector("[role=note]")!.textContent).toContain("could run a program");
  });

  it("shows a video as its thumbnail, opened by the system's player", async () => {
    const asked: unknown[] = [];
    mockIPC((cmd, args) => {
      asked.push([cmd, args]);
      return cmd === "attachment_file" ? "/data/media/5-thumb.jpg" : null;
    });
    mockConvertFileSrc("linux");
    const { container } = render(Attachment, {
      attachment: of("video", { duration_secs: 75, meta: JSON.stringify({ thumb: "AAQ" }) }),
    });
    await settle();
    expect(container.querySelector("[data-testid=video] img")!.getAttribute("src")).toContain("5-thumb.jpg");
    expect(container.textContent).toContain("1:15");
    await fireEvent.click(container.querySelector("[data-testid=video]")!);
    expect(asked).toContainEqual(["attachment_file", { attachmentId: 5, thumbnail: true }]);
    expect(asked).toContainEqual(["open_attachment", { attachmentId: 5 }]);
  });
});
