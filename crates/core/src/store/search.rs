//! Full-text search over every channel's messages (FTS5, accent- and case-insensitive).
//! The shop owner's words are turned into quoted FTS terms, so no input is ever FTS syntax.

use super::database::Store;
use super::rows::{self, MESSAGE_VIEW_COLUMNS as COLUMNS, MESSAGE_VIEW_FROM as FROM};
use crate::error::Result;
use crate::model::{NoteHit, SearchFragment, SearchHit};
use crate::time_fmt::rfc3339;

const MARK_START: char = '\u{1}';
const MARK_END: char = '\u{2}';

/// `caffe latte` → `"caffe" "latte"*`: every word must match, the last one as a prefix so
/// results come while typing. Quotes inside words are doubled as FTS5 requires.
fn fts_query(input: &str) -> Option<String> {
    let words: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    let (last, rest) = words.split_last()?;
    let mut query = rest.join(" ");
    if !query.is_empty() {
        query.push(' ');
    }
    query.push_str(last);
    query.push('*');
    Some(query)
}

fn fragments(marked: &str) -> Vec<SearchFragment> {
    let mut out = Vec::new();
    let mut matched = false;
    for piece in marked.split([MARK_START, MARK_END]) {
        if !piece.is_empty() {
            out.push(SearchFragment {
                text: piece.to_owned(),
                matched,
            });
        }
        matched = !matched;
    }
    out
}

impl Store {
    /// The newest `limit` messages matching `input`, newest first (as WhatsApp lists them).
    /// Newest first is also what keeps a common word fast: FTS5 walks its index backwards and
    /// stops at `limit`, where ranking by relevance would score every match in the history.
    pub fn search(&self, input: &str, limit: u32) -> Result<Vec<SearchHit>> {
        let Some(query) = fts_query(input) else {
            return Ok(Vec::new());
        };
        self.read(|c| {
            let sql = format!(
                "WITH hits AS (
                     SELECT rowid AS id,
                            snippet(message_search, 0, char(1), char(2), '…', 24) AS marked
                     FROM message_search WHERE message_search MATCH ?1
                     ORDER BY rowid DESC LIMIT ?2)
                 SELECT {COLUMNS}, conv.title, hits.marked {FROM}
                 JOIN hits ON hits.id = m.id
                 JOIN conversations conv ON conv.id = m.conversation_id
                 ORDER BY m.id DESC"
            );
            let mut stmt = c.prepare_cached(&sql)?;
            let rows = stmt.query_map(rusqlite::params![query, limit], |r| {
                let marked: String = r.get(rows::MESSAGE_VIEW_COLUMN_COUNT + 1)?;
                Ok(SearchHit {
                    message: rows::message_view(r)?,
                    conversation_title: r.get(rows::MESSAGE_VIEW_COLUMN_COUNT)?,
                    fragments: fragments(&marked),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The notes about customers whose current text matches `input`, newest first.
    pub fn search_notes(&self, input: &str, limit: u32) -> Result<Vec<NoteHit>> {
        let Some(query) = fts_query(input) else {
            return Ok(Vec::new());
        };
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT n.note_id, n.conversation_id, conv.title, n.at,
                        snippet(note_search, 0, char(1), char(2), '…', 24)
                 FROM note_search
                 JOIN customer_notes n ON n.rowid = note_search.rowid
                 JOIN conversations conv ON conv.id = n.conversation_id
                 WHERE note_search MATCH ?1 AND n.removed = 0
                   AND n.version = (SELECT MAX(version) FROM customer_notes WHERE note_id = n.note_id)
                 ORDER BY n.at DESC LIMIT ?2",
            )?;
            let rows = stmt.query_map(rusqlite::params![query, limit], |r| {
                Ok(NoteHit {
                    note_id: r.get(0)?,
                    conversation_id: r.get(1)?,
                    conversation_title: r.get(2)?,
                    at: rfc3339(r.get(3)?),
                    fragments: fragments(&r.get::<_, String>(4)?),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::one_chat;
    use crate::store::test_support::temp_store;

    fn store_with(texts: &[&str]) -> (tempfile::TempDir, Store) {
        let (dir, store) = temp_store();
        one_chat(&store, texts);
        (dir, store)
    }

    fn found(store: &Store, q: &str) -> Vec<String> {
        store
            .search(q, 50)
            .unwrap()
            .into_iter()
            .map(|h| h.message.text)
            .collect()
    }

    #[test]
    fn newest_matches_come_first() {
        let (_d, store) = store_with(&["grazie mille", "niente", "grazie a te", "ok grazie"]);
        assert_eq!(
            found(&store, "grazie"),
            ["ok grazie", "grazie a te", "grazie mille"]
        );
    }

    #[test]
    fn ignores_accents_and_case() {
        let (_d, store) = store_with(&["Perché non è pronta?", "Un CAFFÈ per favore", "niente"]);
        assert_eq!(found(&store, "perche"), ["Perché non è pronta?"]);
        assert_eq!(found(&store, "PERCHÉ"), ["Perché non è pronta?"]);
        assert_eq!(found(&store, "caffe"), ["Un CAFFÈ per favore"]);
    }

    #[test]
    fn last_word_matches_as_prefix_and_all_words_must_match() {
        let (_d, store) = store_with(&["torta di mele", "torta al cioccolato", "mele rosse"]);
        assert_eq!(found(&store, "torta cioc"), ["torta al cioccolato"]);
        assert_eq!(found(&store, "mel").len(), 2);
    }

    #[test]
    fn fts_syntax_in_input_is_just_text() {
        let (_d, store) = store_with(&["ordine \"urgente\" NEAR(x)", "altro"]);
        for q in ["\"", "NEAR(", "a OR", "*", "-x", "urgente\"", "()", "^"] {
            store
                .search(q, 10)
                .unwrap_or_else(|e| panic!("{q:?} failed: {e}"));
        }
        assert_eq!(found(&store, "\"urgente"), ["ordine \"urgente\" NEAR(x)"]);
    }

    #[test]
    fn matched_words_are_marked_in_fragments() {
        let (_d, store) = store_with(&["Vorrei la torta domani"]);
        let hit = &store.search("torta", 5).unwrap()[0];
        let marked: Vec<_> = hit
            .fragments
            .iter()
            .filter(|f| f.matched)
            .map(|f| f.text.as_str())
            .collect();
        assert_eq!(marked, ["torta"]);
        let whole: String = hit.fragments.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(whole, "Vorrei la torta domani");
    }
}
