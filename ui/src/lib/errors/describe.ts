// What went wrong, in the shop owner's language: core sends a stable code with its English
// sentence; the window says it in its own words by code and keeps core's sentence only as the
// detail (behind "Details").
import type { ErrorCode, ErrorPayload, ReplyBlock } from "../ipc/bindings";
import { t, type Key } from "../i18n";

/** Why no reply is possible now: the one wording, for the composer and for errors alike. */
export function replyBlockText(block: ReplyBlock): string {
  const keys: Record<ReplyBlock, Key> = {
    window_expired: "windowExpired",
    template_only: "templateOnly",
    no_reply_right: "noReplyRight",
    connection_disabled: "connectionDisabled",
  };
  return t(keys[block]);
}

const keyOf: Record<Exclude<ErrorCode, "ReplyWindowClosed">, Key> = {
  KeyringUnavailable: "errKeyringUnavailable",
  KeyringLocked: "errKeyringLocked",
  SecretMissing: "errSecretMissing",
  NotFound: "errNotFound",
  InvalidInput: "errInvalidInput",
  SyncBusy: "errSyncBusy",
  StoreFailed: "errStoreFailed",
  CacheDamaged: "errCacheDamaged",
  Internal: "errInternal",
  Offline: "errOffline",
  AuthExpired: "errAuthExpired",
  ChannelConflict: "errChannelConflict",
  RateLimited: "errRateLimited",
  Rejected: "errRejected",
  DeliveryUnknown: "errDeliveryUnknown",
  CustomerUnreachable: "errCustomerUnreachable",
  ConsentMissing: "errConsentMissing",
  ProtocolError: "errProtocolError",
  Unsupported: "errUnsupported",
  UnsafeFile: "errUnsafeFile",
  FileTooLarge: "errFileTooLarge",
  OpenFailed: "errOpenFailed",
  AutostartFailed: "errAutostartFailed",
  FileDialogFailed: "errFileDialogFailed",
};

/** The sentence for an error, in the window's language. */
export function describeError(e: Pick<ErrorPayload, "code"> & Partial<ErrorPayload>): string {
  if (e.code === "ReplyWindowClosed") return replyBlockText(e.reply_block ?? "window_expired");
  const key = keyOf[e.code] ?? "errInternal";
  return t(key, { service: e.service ?? t("thePlatform"), s: e.retry_after_s ?? 0 });
}

/** Whether core's own sentence adds anything the translated one does not say. */
export function hasDetail(e: Partial<ErrorPayload>): boolean {
  return Boolean(e.message && e.message.trim());
}
