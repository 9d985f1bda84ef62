// Core's events as forwarded by src-tauri/src/events.rs.
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { CoreEvent } from "./bindings";

export async function onInboxEvent(
  handle: (event: CoreEvent) => void,
  reload: () => void,
): Promise<UnlistenFn> {
  const stopEvents = await listen<CoreEvent>("inbox", (e) => handle(e.payload));
  const stopReload = await listen("inbox-reload", () => reload());
  return () => {
    stopEvents();
    stopReload();
  };
}
