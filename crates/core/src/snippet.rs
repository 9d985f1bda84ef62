//! Filling in a quick reply for one customer: `{first_name}`, `{name}` and `{shop}`, each with
//! an optional fallback (`{first_name|cliente}`) used when the value is unknown. A variable with
//! no value and no fallback, or one Sportello does not know, stays in braces and is named, so
//! it is never sent as braces by mistake.

/// What the variables stand for in one conversation (None: not known).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SnippetValues {
    pub first_name: Option<String>,
    pub name: Option<String>,
    pub shop: Option<String>,
    /// When the shop opens again ("Monday at 8:00"); known to the away message.
    pub opens: Option<String>,
}

/// The variables a snippet may use.
pub const VARIABLES: [&str; 4] = ["first_name", "name", "shop", "opens"];

/// The text with its variables filled in, and the variables left unfilled (in order of first
/// appearance, each once).
pub fn render(text: &str, values: &SnippetValues) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len());
    let mut missing: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let inside = &after[..close];
        match variable(inside) {
            Some((name, fallback)) => {
                let value = match name {
                    "first_name" => values.first_name.as_deref(),
                    "name" => values.name.as_deref(),
                    "shop" => values.shop.as_deref(),
                    "opens" => values.opens.as_deref(),
                    _ => None,
                }
                .map(str::trim)
                .filter(|v| !v.is_empty());
                match (value, fallback) {
                    (Some(v), _) => out.push_str(v),
                    (None, Some(f)) if VARIABLES.contains(&name) => out.push_str(f),
                    _ => {
                        if !missing.iter().any(|m| m == name) {
                            missing.push(name.to_owned());
                        }
                        out.push('{');
                        out.push_str(inside);
                        out.push('}');
                    }
                }
            }
            // Not a variable ("{ciao a tutti}"): kept as the shop wrote it.
            None => {
                out.push('{');
                out.push_str(inside);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    (out, missing)
}

/// The text for a message Sportello sends on its own: a variable nobody knows is left out
/// (with the space before it), never sent in braces. "Ciao {first_name}, siamo chiusi" to a
/// customer with no name is "Ciao, siamo chiusi".
pub fn render_unattended(text: &str, values: &SnippetValues) -> String {
    let (mut out, missing) = render(text, values);
    for name in missing {
        // Each way it can still be written: {name}, {name|…}, with the space before it.
        while let Some(start) = find_variable(&out, &name) {
            let end = start + out[start..].find('}').map_or(out.len() - start, |e| e + 1);
            let start = if out[..start].ends_with(' ') {
                start - 1
            } else {
                start
            };
            out.replace_range(start..end, "");
        }
    }
    out.trim().to_string()
}

/// Where `{name}` or `{name|…}` begins in `text`.
fn find_variable(text: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find('{') {
        let at = from + i;
        let inside = text[at + 1..].split('}').next().unwrap_or("");
        if text[at + 1..].contains('}') && variable(inside).is_some_and(|(n, _)| n == name) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// `name` or `name|fallback`, where the name is a word of letters, digits and underscores.
fn variable(inside: &str) -> Option<(&str, Option<&str>)> {
    let (name, fallback) = match inside.split_once('|') {
        Some((n, f)) => (n.trim(), Some(f.trim())),
        None => (inside.trim(), None),
    };
    let is_word = !name.is_empty()
        && name.len() <= 32
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    is_word.then_some((name, fallback.filter(|f| !f.is_empty())))
}

/// The first word of a name, as a customer is greeted ("Giulia" of "Giulia Bianchi").
pub fn first_name(name: &str) -> Option<String> {
    let first = name.split_whitespace().next()?;
    // A phone number or a handle is not a first name.
    (first.chars().any(char::is_alphabetic) && !first.starts_with('@') && !first.starts_with('+'))
        .then(|| first.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn giulia() -> SnippetValues {
        SnippetValues {
            first_name: Some("Giulia".into()),
            name: Some("Giulia Bianchi".into()),
            shop: Some("Forno Rossi".into()),
            opens: None,
        }
    }

    #[test]
    fn unattended_text_leaves_out_what_nobody_knows() {
        let none = SnippetValues::default();
        assert_eq!(
            render_unattended("Ciao {first_name}, siamo chiusi. {shop|}", &none),
            "Ciao, siamo chiusi."
        );
        let values = SnippetValues {
            opens: Some("lunedì alle 8:00".into()),
            ..giulia()
        };
        assert_eq!(
            render_unattended("Ciao {first_name}! Riapriamo {opens}.", &values),
            "Ciao Giulia! Riapriamo lunedì alle 8:00."
        );
    }

    #[test]
    fn variables_are_filled_in() {
        let (text, missing) = render("Ciao {first_name}, {shop} apre alle 8.", &giulia());
        assert_eq!(text, "Ciao Giulia, Forno Rossi apre alle 8.");
        assert!(missing.is_empty());
        let (text, _) = render("Gentile {name}", &giulia());
        assert_eq!(text, "Gentile Giulia Bianchi");
    }

    #[test]
    fn a_fallback_stands_in_for_an_unknown_value() {
        let none = SnippetValues::default();
        let (text, missing) = render("Ciao {first_name|cliente}!", &none);
        assert_eq!(text, "Ciao cliente!");
        assert!(missing.is_empty());
        // A known value wins over the fallback; spaces around the bar do not matter.
        let (text, _) = render("Ciao {first_name | cliente}!", &giulia());
        assert_eq!(text, "Ciao Giulia!");
        // A blank value is unknown.
        let blank = SnippetValues {
            first_name: Some("  ".into()),
            ..giulia()
        };
        assert_eq!(render("{first_name|tu}", &blank).0, "tu");
    }

    #[test]
    fn a_value_nobody_knows_is_named_and_never_filled_with_nothing() {
        let none = SnippetValues::default();
        let (text, missing) = render("Ciao {first_name}, da {shop} {first_name}", &none);
        assert_eq!(text, "Ciao {first_name}, da {shop} {first_name}");
        assert_eq!(missing, ["first_name", "shop"]);
        // An unknown variable is flagged even with a fallback: it is probably a typo.
        let (text, missing) = render("Ciao {nome|cliente}", &giulia());
        assert_eq!(text, "Ciao {nome|cliente}");
        assert_eq!(missing, ["nome"]);
    }

    #[test]
    fn braces_that_are_not_variables_are_kept_as_written() {
        let (text, missing) = render("Menu {pizza margherita} e {} e {1} e { ciao", &giulia());
        assert_eq!(text, "Menu {pizza margherita} e {} e {1} e { ciao");
        assert!(missing.is_empty());
        let (text, _) = render("Emoji 🎂 {first_name} é ok", &giulia());
        assert_eq!(text, "Emoji 🎂 Giulia é ok");
    }

    #[test]
    fn a_first_name_is_the_first_word_of_a_real_name() {
        assert_eq!(first_name("Giulia Bianchi").as_deref(), Some("Giulia"));
        assert_eq!(first_name("  João ").as_deref(), Some("João"));
        assert_eq!(first_name("+39 333 1234567"), None);
        assert_eq!(first_name("@marco"), None);
        assert_eq!(first_name(""), None);
    }
}
