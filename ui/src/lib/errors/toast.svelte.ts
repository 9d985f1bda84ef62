// The window's error toast: the last thing that failed where no screen part of its own shows
// it (a reply refused while queueing, a chat that could not be read). Any part reports here.
import type { ErrorPayload } from "../ipc/bindings";
import { asError } from "../ipc/commands";

class Toast {
  error: ErrorPayload | null = $state(null);
  /** Something done that the owner should know went well (an export's place), briefly. */
  info: string | null = $state(null);

  show(e: unknown): void {
    this.error = asError(e);
  }

  say(text: string): void {
    this.info = text;
  }

  clear(): void {
    this.error = null;
    this.info = null;
  }

  /** Runs `work`; a failure is shown and gives undefined. */
  async report<T>(work: Promise<T>): Promise<T | undefined> {
    try {
      return await work;
    } catch (e) {
      this.show(e);
      return undefined;
    }
  }
}

export const toast = new Toast();
