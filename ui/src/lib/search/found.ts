// What the search box finds: messages in any chat, and the shop's notes about customers (marked
// as notes in the results, never sent anywhere).
import type { NoteHit, SearchFragment, SearchHit } from "../ipc/bindings";

export type Found = SearchHit | NoteHit;

export const isNote = (hit: Found): hit is NoteHit => "note_id" in hit;

/** Both searches at once; notes first, as they are few and about the customer as a whole. */
export async function findBoth(
  messages: (q: string) => Promise<SearchHit[] | undefined>,
  notes: (q: string) => Promise<NoteHit[] | undefined>,
  query: string,
): Promise<Found[] | undefined> {
  const [m, n] = await Promise.all([messages(query), notes(query)]);
  if (m === undefined && n === undefined) return undefined;
  return [...(n ?? []), ...(m ?? [])];
}

/**
 * The fragments with the text before the first match cut to `keep` characters (at a word
 * boundary where there is one), so the matched words are on screen in a one-line result
 * rather than hidden behind its ellipsis.
 */
export function centredOnMatch(fragments: SearchFragment[], keep = 28): SearchFragment[] {
  const first = fragments.findIndex((f) => f.matched);
  if (first < 0) return fragments;
  const before = fragments.slice(0, first).map((f) => f.text).join("");
  if ([...before].length <= keep) return fragments;
  const chars = [...before];
  let cut = chars.slice(chars.length - keep).join("");
  const space = cut.indexOf(" ");
  if (space >= 0 && space < keep / 2) cut = cut.slice(space + 1);
  return [{ text: `…${cut}`, matched: false }, ...fragments.slice(first)];
}
