//! The language to write to a customer in when their app does not say (WhatsApp and Messenger
//! never do): their phone's country, for the four languages Sportello writes.

/// The language of a WhatsApp number's country ("393331234567" is Italian), if Sportello
/// writes it.
pub fn of_phone(phone: &str) -> Option<&'static str> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    // Longest prefixes first: 351 (Portugal) before 35x, 1 (North America) last.
    const PREFIXES: &[(&str, &str)] = &[
        ("351", "pt"),
        ("353", "en"),
        ("378", "it"), // San Marino
        ("39", "it"),
        ("34", "es"),
        ("55", "pt"),
        ("52", "es"),
        ("54", "es"),
        ("56", "es"),
        ("57", "es"),
        ("51", "es"),
        ("58", "es"),
        ("44", "en"),
        ("61", "en"),
        ("64", "en"),
        ("1", "en"),
    ];
    PREFIXES
        .iter()
        .find(|(p, _)| digits.starts_with(p))
        .map(|(_, l)| *l)
}

#[cfg(test)]
mod tests {
    use super::of_phone;

    #[test]
    fn a_number_s_country_names_the_language() {
        assert_eq!(of_phone("393331234567"), Some("it"));
        assert_eq!(of_phone("+351 912 345 678"), Some("pt"));
        assert_eq!(of_phone("5511987654321"), Some("pt"));
        assert_eq!(of_phone("34612345678"), Some("es"));
        assert_eq!(of_phone("447700900123"), Some("en"));
        assert_eq!(of_phone("4915112345678"), None);
        assert_eq!(of_phone(""), None);
    }
}
