// Sidebar notices the owner dismissed, each until it changes: a notice is hidden while what it
// says (its signature) is what was dismissed, and shows again when that changes. Kept in the
// window's local storage, so a restart does not bring back what was already seen.
const STORAGE_KEY = "sportello.dismissed";

function load(): Record<string, string> {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "{}") as unknown;
    return saved && typeof saved === "object" ? (saved as Record<string, string>) : {};
  } catch {
    return {};
  }
}

class Dismissals {
  #dismissed: Record<string, string> = $state(load());

  isDismissed(key: string, signature: string): boolean {
    return this.#dismissed[key] === signature;
  }

  dismiss(key: string, signature: string): void {
    this.#dismissed = { ...this.#dismissed, [key]: signature };
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(this.#dismissed));
    } catch {
      // Storage full or off: dismissed for this session only.
    }
  }
}

export const dismissals = new Dismissals();
