import { describe, expect, it } from "vitest";
import { locales, pickLocale, t, type Entry } from "./index";
import { chooseLanguage } from "./choice.svelte";

describe("i18n", () => {
  it("follows the first supported OS language", () => {
    expect(pickLocale(["pt-BR", "en"])).toBe("pt");
    expect(pickLocale(["de-DE", "es-ES"])).toBe("es");
    expect(pickLocale(["ja"])).toBe("en");
  });

  it("has every word in every language, with the same placeholders", () => {
    const keys = Object.keys(locales.en).sort();
    for (const [name, dict] of Object.entries(locales)) {
      expect(Object.keys(dict).sort(), name).toEqual(keys);
      for (const key of keys) {
        const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        // Every form of a counted text has the same placeholders as English's.
        const forms = (e: Entry) => (typeof e === "string" ? [e] : [e.one, e.other, ...(e.many ? [e.many] : [])]);
        const en = (locales.en as Record<string, Entry>)[key]!;
        const want = holes(forms(en)[0]!);
        for (const form of forms((dict as Record<string, Entry>)[key]!)) {
          expect(holes(form), `${name}.${key}`).toEqual(want);
        }
      }
    }
  });

  it("fills placeholders", () => {
    expect(t("offlineWaiting", { n: 3 })).toContain("3");
  });

  it("counts by each language's plural rules", () => {
    chooseLanguage("it");
    expect(t("unreadMessages", { n: 1 })).toBe("1 messaggio non letto");
    expect(t("unreadMessages", { n: 3 })).toBe("3 messaggi non letti");
    chooseLanguage("en");
    expect(t("offlineWaiting", { n: 1 })).toBe("Offline — 1 message waiting");
    expect(t("offlineWaiting", { n: 2 })).toBe("Offline — 2 messages waiting");
    chooseLanguage(null);
  });
});
