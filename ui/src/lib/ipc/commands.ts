// The app's Tauri commands for the window: the calls themselves are generated from their Rust
// signatures (calls.ts, `make bindings`); this module adds what the window builds on them.
import { convertFileSrc } from "@tauri-apps/api/core";
import { openUrl } from "@tauri-apps/plugin-opener";
import type { Account, ErrorPayload } from "./bindings";
import { attachmentFile, reconnectMetaAccount, reconnectTelegramAccount } from "./calls";

export * from "./calls";

/** A URL the window can show for an attachment (fetched on first view, then kept offline). */
export async function attachmentUrl(attachmentId: number, thumbnail: boolean): Promise<string> {
  return convertFileSrc(await attachmentFile(attachmentId, thumbnail));
}

/** Errors from commands arrive as `{code, message}`; anything else is turned into one. */
export function asError(e: unknown): ErrorPayload {
  if (e && typeof e === "object" && "code" in e && "message" in e) return e as ErrorPayload;
  return { code: "Internal", message: String(e), service: null, reply_block: null, retry_after_s: null };
}

/** Opens a web link from a message in the system browser, never in the app's window. */
export async function openLink(href: string): Promise<void> {
  if (!/^https?:\/\//i.test(href)) return;
  await openUrl(href);
}

/** A new token for an account: the bot's only secret on Telegram (a fresh keyring entry, which
 * also mends a lost one), the access token beside the app secret on Meta's channels. */
export const renewToken = (account: Account, token: string) =>
  account.channel === "telegram" ? reconnectTelegramAccount(account.id, token) : reconnectMetaAccount(account.id, token);
