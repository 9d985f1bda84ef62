//! The line every broadcast ends with (ePrivacy Art. 13(2): an easy way to object in every
//! message), in the customer's language. The word it names is one stop.rs recognises.

/// The opt-out line, in `language` ("it", "en", "pt", "es"; anything else reads English).
pub fn line(language: &str) -> &'static str {
    match language {
        "it" => "Per non ricevere più questi messaggi, rispondi STOP.",
        "es" => "Para no recibir más estos mensajes, responde BAJA.",
        "pt" => "Para não receber mais estas mensagens, responda PARAR.",
        _ => "To stop these messages, reply STOP.",
    }
}

/// The broadcast's text with the opt-out line below it.
pub fn with_line(text: &str, language: &str) -> String {
    format!("{}\n\n{}", text.trim_end(), line(language))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reach::stop::is_stop;

    #[test]
    fn every_line_names_a_word_that_withdraws() {
        for language in ["it", "en", "pt", "es", "de"] {
            let word = line(language)
                .split(|c: char| !c.is_alphanumeric())
                .find(|w| w.len() > 2 && w.chars().all(|c| c.is_ascii_uppercase()))
                .expect("an upper-case word");
            assert!(is_stop(word), "{language}: {word}");
        }
        assert!(with_line("Panettone! ", "it").ends_with("rispondi STOP."));
    }
}
