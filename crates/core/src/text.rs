//! Splitting a long reply into the parts a channel accepts, at the most natural boundary.

/// Splits `text` into parts of at most `max_units` UTF-16 code units (how Telegram and Meta
/// count), preferring a paragraph break, then a line break, then a sentence end, then a space.
/// Never splits inside a character; each part keeps its own trailing whitespace trimmed.
pub fn split_for_channel(text: &str, max_units: usize) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = text.trim();
    while utf16_len(rest) > max_units {
        // At least one character, even one wider than the limit (an emoji is two UTF-16
        // units): otherwise a limit of 1 would never move on.
        let hard = byte_index_at_units(rest, max_units)
            .max(rest.chars().next().map_or(rest.len(), char::len_utf8));
        let window = &rest[..hard];
        let cut = ["\n\n", "\n", ". ", "! ", "? ", " "]
            .iter()
            .filter_map(|sep| window.rfind(sep).map(|i| i + sep.len()))
            // A boundary in the first third would leave a tiny part: cut hard instead.
            .find(|&i| i > hard / 3)
            .unwrap_or(hard);
        let (head, tail) = rest.split_at(cut);
        parts.push(head.trim_end().to_owned());
        rest = tail.trim_start();
    }
    if !rest.is_empty() {
        parts.push(rest.to_owned());
    }
    parts
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// The byte index of the longest prefix of `s` within `units` UTF-16 units.
fn byte_index_at_units(s: &str, units: usize) -> usize {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        used += c.len_utf16();
        if used > units {
            return i;
        }
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_one_part() {
        assert_eq!(split_for_channel("ciao", 4096), ["ciao"]);
    }

    #[test]
    fn splits_on_paragraphs_then_words_within_the_limit() {
        let para = "a".repeat(30);
        let text = format!("{para}\n\n{para}\n\n{para}");
        let parts = split_for_channel(&text, 70);
        assert_eq!(parts, [format!("{para}\n\n{para}"), para.clone()]);
        let words = "uno due tre quattro cinque sei sette otto nove dieci";
        for p in split_for_channel(words, 12) {
            assert!(utf16_len(&p) <= 12, "{p:?}");
            assert!(!p.starts_with(' ') && !p.ends_with(' '));
        }
        assert_eq!(
            split_for_channel(words, 12).join(" "),
            words,
            "nothing lost"
        );
    }

    #[test]
    fn counts_utf16_and_never_cuts_a_character() {
        // Each emoji is 2 UTF-16 units: 5 of them fit in 10 units, not 6.
        let text = "🎂".repeat(12);
        let parts = split_for_channel(&text, 10);
        assert_eq!(parts.len(), 3);
        assert!(parts.iter().all(|p| utf16_len(p) <= 10));
        assert_eq!(parts.concat(), text);
    }
}

#[cfg(test)]
mod narrow_limits {
    #[test]
    fn a_limit_narrower_than_a_character_still_moves_on() {
        // Found while writing the fuzz target: this looped forever.
        let parts = super::split_for_channel("😀😀 a", 1);
        assert_eq!(parts, ["😀", "😀", "a"]);
    }
}
