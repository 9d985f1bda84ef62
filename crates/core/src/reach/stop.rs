//! Withdrawal must be as easy as consent (GDPR Art. 7(3)): a customer who writes one of these
//! words, as the whole message, is withdrawn from every topic at once. Only the whole message
//! counts, so "non stop fino a sera" or "basta così, grazie" in a conversation never
//! unsubscribes anyone.

use crate::auto_reply::faq::fold_words;

/// Folded (lower case, no accents). The Italian, Spanish, Portuguese, English, German and
/// French words customers use, and what the opt-out line tells them to write.
const WORDS: &[&str] = &[
    "stop",
    "stopp",
    "basta",
    "annulla",
    "baja",
    "cancelar",
    "parar",
    "unsubscribe",
    "abmelden",
    "desabonner",
];

/// Whether `text` is, as a whole, a request to stop ("STOP", "Stop!", " baja ", "PARÁR").
pub fn is_stop(text: &str) -> bool {
    // Punctuation and emoji around the word are allowed; any other word is not.
    if text.chars().count() > 40 {
        return false;
    }
    match fold_words(text).as_slice() {
        [one] => WORDS.contains(&one.as_str()),
        _ => false,
    }
}

/// The short confirmation a withdrawn customer gets, in their language.
pub fn confirmation(language: &str) -> &'static str {
    match language {
        "it" => "Fatto: non riceverai più messaggi promozionali da noi. Per qualsiasi cosa, scrivici qui.",
        "es" => "Hecho: ya no recibirás mensajes promocionales nuestros. Para cualquier cosa, escríbenos aquí.",
        "pt" => "Pronto: não vai receber mais mensagens promocionais nossas. Para qualquer coisa, escreva-nos aqui.",
        _ => "Done: you will not receive promotional messages from us any more. For anything else, write to us here.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_message_in_any_case_or_accent_withdraws() {
        for yes in [
            "STOP",
            "stop",
            " Stop! ",
            "STOPP",
            "Basta",
            "ANNULLA.",
            "baja",
            "Cancelar",
            "PARÁR",
            "unsubscribe",
            "Désabonner",
            "🛑 stop",
        ] {
            assert!(is_stop(yes), "{yes:?} should withdraw");
        }
    }

    #[test]
    fn a_sentence_containing_the_word_does_not() {
        for no in [
            "non stop",
            "Stop by tomorrow?",
            "basta così, grazie",
            "stop stop",
            "",
            "stopping",
            "la baja de precios",
            "arrêt",
        ] {
            assert!(!is_stop(no), "{no:?} should not withdraw");
        }
    }
}
