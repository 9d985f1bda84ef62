import type { ChannelKind } from "../ipc/bindings";

/** How each platform spells its own name (brand names are not translated). */
export const channelNames: Record<ChannelKind, string> = {
  telegram: "Telegram",
  whatsapp: "WhatsApp",
  messenger: "Messenger",
};
