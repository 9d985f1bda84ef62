import { describe, expect, it } from "vitest";
import { locales, pickLocale, t } from "./index";

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
        const en = (locales.en as Record<string, string>)[key]!;
        expect(holes((dict as Record<string, string>)[key]!), `${name}.${key}`).toEqual(holes(en));
      }
    }
  });

  it("fills placeholders", () => {
    expect(t("offlineWaiting", { n: 3 })).toContain("3");
  });
});
