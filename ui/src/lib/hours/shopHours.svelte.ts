// Whether the shop is open now, for the header: read from core, and read again when the
// hours change (here or on another desktop of the shop) and when the state itself changes
// (at the next opening or closing time core announced).
import type { HoursNow } from "../ipc/bindings";
import { hoursNow } from "../ipc/commands";

/** setTimeout's longest wait (about 24.8 days). */
const MAX_WAIT_MS = 2 ** 31 - 1;

class ShopHours {
  now: HoursNow | null = $state(null);
  private timer: ReturnType<typeof setTimeout> | undefined;

  async load(): Promise<void> {
    try {
      this.took(await hoursNow());
    } catch {
      // The header simply shows nothing; Settings says what is wrong when opened.
    }
  }

  /** A fresh answer from core (after loading or saving). */
  took(now: HoursNow): void {
    this.now = now;
    clearTimeout(this.timer);
    if (!now.next_change) return;
    const wait = Date.parse(now.next_change) - Date.now() + 1000;
    this.timer = setTimeout(() => void this.load(), Math.min(Math.max(wait, 1000), MAX_WAIT_MS));
  }
}

export const shopHours = new ShopHours();
