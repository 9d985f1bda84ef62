// The UI's words in Sportello's four languages. The locale follows the OS (navigator.languages)
// unless the shop owner chose one; dates and times use Intl in the same locale, and so do
// plurals ("1 messaggio", "3 messaggi"): a counted word has a form per Intl.PluralRules category.
import { language } from "./choice.svelte";
import { en } from "./en";
import { it } from "./it";
import { pt } from "./pt";
import { es } from "./es";

/** A counted text: `{n}` decides the form, by the language's own plural rules. */
export type Plural = { readonly one: string; readonly other: string; readonly many?: string };
export type Entry = string | Plural;
export type Key = keyof typeof en;
export type Dictionary = Record<Key, Entry>;
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

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** The form of a counted text for `n` in `locale`. */
export function pluralForm(entry: Plural, n: number, locale: Locale = currentLocale()): string {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  const category = rules.select(n);
  if (category === "one") return entry.one;
  if (category === "many" && entry.many) return entry.many;
  return entry.other;
}

/** The text for `key`, with `{name}` placeholders filled in; a counted text takes `vars.n`. */
export function t(key: Key, vars: Record<string, string | number> = {}): string {
  const locale = currentLocale();
  const entry: Entry = locales[locale][key] ?? en[key];
  const text = typeof entry === "string" ? entry : pluralForm(entry, Number(vars.n ?? 0), locale);
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}
