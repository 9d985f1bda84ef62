// The language the shop owner chose in the window (null: follow the OS), remembered on this
// computer. Reactive, so every text in the window changes at once.
const STORAGE_KEY = "sportello.locale";

function remembered(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export const language = $state({ chosen: remembered() });

export function chooseLanguage(code: string | null): void {
  language.chosen = code;
  try {
    if (code) localStorage.setItem(STORAGE_KEY, code);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Private storage unavailable: the choice lasts for this session.
  }
}
