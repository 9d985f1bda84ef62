import { describe, expect, it } from "vitest";
import { linkify } from "./linkify";

describe("linkify", () => {
  it("finds web links and leaves the rest as text", () => {
    expect(linkify("Menu: https://forno.it/menu.pdf, grazie!")).toEqual([
      { text: "Menu: ", href: null },
      { text: "https://forno.it/menu.pdf", href: "https://forno.it/menu.pdf" },
      { text: ", grazie!", href: null },
    ]);
  });

  it("turns www. links into https", () => {
    expect(linkify("www.forno.it")).toEqual([{ text: "www.forno.it", href: "https://www.forno.it" }]);
  });

  it("never makes a link of anything but http(s)", () => {
    for (const text of ["javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "http://localhost"]) {
      expect(linkify(text).every((p) => p.href === null)).toBe(true);
    }
  });

  it("keeps every character of the text", () => {
    const text = "<img src=x onerror=alert(1)> vedi https://a.it/x?y=1&z=2). ok";
    expect(linkify(text).map((p) => p.text).join("")).toBe(text);
  });
});
