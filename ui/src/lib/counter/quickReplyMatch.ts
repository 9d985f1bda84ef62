// Which quick replies the composer offers for what follows a `/`: shortcuts starting with it
// first, then shortcuts containing it, then snippets whose text contains it (accents and case
// ignored), each group in the shop's order.
import type { QuickReply } from "../ipc/bindings";

const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

export function matchQuickReplies(list: QuickReply[], query: string): QuickReply[] {
  const q = fold(query);
  if (!q) return list;
  const prefix: QuickReply[] = [];
  const inside: QuickReply[] = [];
  const inText: QuickReply[] = [];
  for (const r of list) {
    const shortcut = fold(r.shortcut);
    if (shortcut.startsWith(q)) prefix.push(r);
    else if (shortcut.includes(q)) inside.push(r);
    else if (fold(r.text).includes(q)) inText.push(r);
  }
  return [...prefix, ...inside, ...inText];
}

/** The `/query` being typed just before the cursor, if any: where it starts and the query. */
export function slashQuery(text: string, cursor: number): { start: number; query: string } | null {
  const before = text.slice(0, cursor);
  const m = /(^|\s)\/([\p{L}\p{N}_-]{0,25})$/u.exec(before);
  if (!m) return null;
  return { start: before.length - m[2]!.length - 1, query: m[2]! };
}

/** Variables a filled-in text still has in braces: it must not be sent like that. */
export function unfilledVariables(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/\{\s*(first_name|name|shop)\s*(\|[^}]*)?\}/g)) found.add(m[1]!);
  return [...found];
}
