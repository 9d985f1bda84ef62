// What the search box finds: messages in any chat, and the shop's notes about customers (marked
// as notes in the results, never sent anywhere).
import type { NoteHit, SearchHit } from "../ipc/bindings";

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
