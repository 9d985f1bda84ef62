// The UI's words in Sportello's four languages. The locale follows the OS (navigator.languages)
// unless the shop owner chose one; dates and times use Intl in the same locale.
import { language } from "./choice.svelte";
import { en } from "./en";
import { it } from "./it";
import { pt } from "./pt";
import { es } from "./es";

export type Key = keyof typeof en;
export type Dictionary = Record<Key, string>;
export const locales = { en, it, pt, es } satisfies Record<string, Dictionary>;
export type Locale = keyof typeof locales;

export function pickLocale(preferred: readonly string[] = navigator.languages): Locale {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0];
    if (base && base in locales) return base as Locale;
  }
  return "en";
}

/** The language in use now: the shop owner's choice, else the OS's. */
export function currentLocale(): Locale {
  const chosen = language.chosen;
  return chosen && chosen in locales ? (chosen as Locale) : pickLocale();
}

/** The text for `key`, with `{name}` placeholders filled in. */
export function t(key: Key, vars: Record<string, string | number> = {}): string {
  const text = locales[currentLocale()][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}
