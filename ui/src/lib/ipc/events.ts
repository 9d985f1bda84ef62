// Core's events as forwarded by src-tauri/src/events.rs (listeners generated in calls.ts).
import type { UnlistenFn } from "@tauri-apps/api/event";
import type { CoreEvent } from "./bindings";
import { onInbox, onInboxReload } from "./calls";

export async function onInboxEvent(
  handle: (event: CoreEvent) => void,
  reload: () => void,
): Promise<UnlistenFn> {
  const stopEvents = await onInbox(handle);
  const stopReload = await onInboxReload(() => reload());
  return () => {
    stopEvents();
    stopReload();
  };
}
