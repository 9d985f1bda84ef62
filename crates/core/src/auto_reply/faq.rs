//! Which question card a customer's message asks: keywords and phrases matched as whole words
//! after folding case and accents ("Perché" = "perche", "AÑO" = "ano"), so "orari" matches
//! "Quali sono gli orari?" but not "orario" or "laboratori". A message that matches no card or
//! several gets no answer: a wrong automatic answer is worse than none.

use unicode_normalization::UnicodeNormalization;

use crate::model::FaqCard;

/// The words of a text, lower case, without accents; letters and digits only.
pub fn fold_words(text: &str) -> Vec<String> {
    let folded: String = text
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Combining marks left by decomposition (the accents themselves).
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// Whether `phrase`'s words appear in `words` one after the other.
fn contains_phrase(words: &[String], phrase: &[String]) -> bool {
    !phrase.is_empty() && words.windows(phrase.len()).any(|w| w == phrase)
}

/// The ids of the cards `text` matches, in the cards' order.
pub fn matching_cards<'a>(cards: &'a [FaqCard], text: &str) -> Vec<&'a FaqCard> {
    let words = fold_words(text);
    cards
        .iter()
        .filter(|card| {
            card.keywords
                .iter()
                .any(|k| contains_phrase(&words, &fold_words(k)))
        })
        .collect()
}

/// The one card `text` asks, if exactly one matches.
pub fn answer_for<'a>(cards: &'a [FaqCard], text: &str) -> Option<&'a FaqCard> {
    match matching_cards(cards, text).as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(id: &str, keywords: &[&str]) -> FaqCard {
        FaqCard {
            id: id.into(),
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
            answer: format!("answer {id}"),
            attachment: None,
            attachment_name: None,
        }
    }

    fn cards() -> Vec<FaqCard> {
        vec![
            card(
                "hours",
                &[
                    "orari",
                    "quando aprite",
                    "opening hours",
                    "horário",
                    "¿a qué hora abren",
                ],
            ),
            card(
                "where",
                &["dove siete", "indirizzo", "where are you", "dirección"],
            ),
            card("price", &["prezzo", "quanto costa", "price"]),
        ]
    }

    #[test]
    fn folds_case_and_accents_into_whole_words() {
        assert_eq!(
            fold_words("Perché?  AÑO — ça-va"),
            ["perche", "ano", "ca", "va"]
        );
        let cards = cards();
        assert_eq!(
            answer_for(&cards, "Quali sono gli ORARI?").unwrap().id,
            "hours"
        );
        assert_eq!(
            answer_for(&cards, "Qual é o horario de vocês").unwrap().id,
            "hours"
        );
        assert_eq!(
            answer_for(&cards, "a que hora abren mañana?").unwrap().id,
            "hours"
        );
        assert_eq!(
            answer_for(&cards, "Quando aprite domani?").unwrap().id,
            "hours"
        );
        assert_eq!(
            answer_for(&cards, "Direccion por favor").unwrap().id,
            "where"
        );
    }

    #[test]
    fn a_part_of_a_word_or_a_broken_phrase_does_not_match() {
        let cards = cards();
        assert!(answer_for(&cards, "Il laboratorio è aperto?").is_none());
        assert!(answer_for(&cards, "orario").is_none());
        assert!(answer_for(&cards, "quando voi aprite").is_none());
        assert!(answer_for(&cards, "").is_none());
    }

    #[test]
    fn two_cards_matching_means_no_answer() {
        let cards = cards();
        let asked = "Dove siete e quali sono gli orari?";
        assert_eq!(matching_cards(&cards, asked).len(), 2);
        assert!(answer_for(&cards, asked).is_none());
    }

    #[test]
    fn odd_text_is_just_text() {
        let cards = cards();
        for odd in [
            "<script>orari</script>",
            "\u{202e}irao",
            "😀😀 orari 😀",
            "o\u{0301}rari",
        ] {
            let _ = answer_for(&cards, odd);
        }
        assert_eq!(answer_for(&cards, "<b>orari</b>").unwrap().id, "hours");
    }
}
