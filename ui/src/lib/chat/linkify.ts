// Splits message text into plain pieces and web links, so links can be made clickable without
// ever building markup from a customer's text. Only http(s) links are recognised: nothing
// like `javascript:` can become a link.

export type Piece = { text: string; href: string | null };

// A URL starts at "http(s)://" or "www." and runs to whitespace; closing punctuation that
// usually ends a sentence is left out.
const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi;
const TRAILING = /[.,;:!?)\]}'"»]+$/;

export function linkify(text: string): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    let url = match[0];
    const trailing = url.match(TRAILING)?.[0] ?? "";
    url = url.slice(0, url.length - trailing.length);
    if (!url) continue;
    const href = url.toLowerCase().startsWith("www.") ? `https://${url}` : url;
    if (!isWebUrl(href)) continue;
    if (start > last) pieces.push({ text: text.slice(last, start), href: null });
    pieces.push({ text: url, href });
    last = start + url.length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last), href: null });
  return pieces;
}

function isWebUrl(href: string): boolean {
  try {
    const u = new URL(href);
    return (u.protocol === "https:" || u.protocol === "http:") && u.hostname.includes(".");
  } catch {
    return false;
  }
}
