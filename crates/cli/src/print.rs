//! Output: `--json` (stable field names, for scripts) or plain lines for people.

use serde::Serialize;
use sportello_core::model::{
    Account, ConversationSummary, Direction, MessageView, NoteHit, SearchFragment, SearchHit,
};
use sportello_core::Error;

/// A status line for people, on stderr. A closed stderr (a pipe whose reader went away) is not a
/// reason to crash mid-sync, so write errors are ignored.
pub fn status(line: impl std::fmt::Display) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

pub fn json<T: Serialize>(value: &T) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Internal(format!("cannot write JSON: {e}")))?;
    println!("{text}");
    Ok(())
}

/// Keeps one listing row on one line and in its order, whatever the customer typed: control
/// characters become spaces, and the invisible marks that reorder text on screen (U+202E, the
/// right-to-left override, makes "gpj.exe" look like "exe.jpg") are dropped, so no message can
/// disguise itself or the rest of the row in a terminal.
pub fn one_line(s: &str) -> String {
    s.chars()
        .filter(|c| !is_bidi_control(*c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

pub fn accounts(list: &[Account], as_json: bool) -> Result<(), Error> {
    if as_json {
        return json(&list);
    }
    for a in list {
        println!(
            "{:>4}  {:<9}  {}  {}{}",
            a.id,
            a.channel.as_str(),
            one_line(&a.name),
            a.display_name.as_deref().unwrap_or(""),
            if a.is_demo { "  (demo)" } else { "" }
        );
        for link in &a.business_links {
            let state = match (link.is_enabled, link.can_reply) {
                (false, _) => "disabled",
                (true, false) => "may not reply",
                (true, true) => "may reply",
            };
            println!(
                "      business account of {}: {state}",
                one_line(&link.owner_name)
            );
        }
        for gap in &a.missing_periods {
            println!(
                "      messages between {} and {} may be missing",
                gap.from, gap.to
            );
        }
        if a.channel == sportello_core::model::ChannelKind::Whatsapp {
            println!(
                "      {}  quality {}  webhook: {}",
                a.phone.as_deref().unwrap_or(""),
                a.quality_rating.as_deref().unwrap_or("?"),
                match &a.webhook_seen_at {
                    Some(at) => format!("last verified delivery {at}"),
                    None => "no verified delivery yet".into(),
                }
            );
        }
    }
    Ok(())
}

pub fn conversations(list: &[ConversationSummary], as_json: bool) -> Result<(), Error> {
    if as_json {
        return json(&list);
    }
    for c in list {
        let unread = if c.unread > 0 {
            format!("({})", c.unread)
        } else {
            String::new()
        };
        println!(
            "{:>5}  {:<9}  {:<24} {:>5}  {}  {}",
            c.id,
            c.channel.as_str(),
            one_line(&c.title),
            unread,
            c.last_message_at.as_deref().unwrap_or(""),
            one_line(c.last_message_preview.as_deref().unwrap_or(""))
        );
    }
    Ok(())
}

pub fn messages(list: &[MessageView], as_json: bool) -> Result<(), Error> {
    if as_json {
        return json(&list);
    }
    for m in list {
        let who = match m.direction {
            Direction::In => m.sender_name.clone().unwrap_or_else(|| "customer".into()),
            // Sent by Sportello on its own (away, greeting, FAQ).
            Direction::Out if m.automated => "you (auto)".into(),
            Direction::Out => "you".into(),
        };
        println!(
            "{:>6}  {}  {:<16} {}  [{}]",
            m.id,
            m.sent_at,
            one_line(&who),
            one_line(if m.text.is_empty() { &m.kind } else { &m.text }),
            match &m.scheduled_at {
                Some(at) if m.status == sportello_core::model::MessageStatus::Scheduled => {
                    format!("scheduled {at}")
                }
                _ => m.status.as_str().to_owned(),
            }
        );
    }
    Ok(())
}

/// Notes first (marked as such), then messages. `--json` keeps its shape: the message hits
/// (notes are listed by `notes list`).
pub fn search(hits: &[SearchHit], notes: &[NoteHit], as_json: bool) -> Result<(), Error> {
    if as_json {
        return json(&hits);
    }
    for n in notes {
        println!(
            "  note  {:<20}  {}",
            one_line(&n.conversation_title),
            one_line(&marked(&n.fragments))
        );
    }
    for h in hits {
        let text = marked(&h.fragments);
        println!(
            "{:>6}  {:<20}  {}",
            h.message.id,
            one_line(&h.conversation_title),
            one_line(&text)
        );
    }
    Ok(())
}

pub fn templates(
    list: &[sportello_core::model::MessageTemplate],
    as_json: bool,
) -> Result<(), Error> {
    if as_json {
        return json(&list);
    }
    for t in list {
        println!(
            "{}  {}  {}  ({} values)  {}",
            t.name,
            t.language,
            t.category,
            t.parameter_count,
            one_line(&t.body)
        );
    }
    Ok(())
}

/// A search result's text with the matched words between stars.
fn marked(fragments: &[SearchFragment]) -> String {
    fragments
        .iter()
        .map(|f| {
            if f.matched {
                format!("*{}*", f.text)
            } else {
                f.text.clone()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_row_cannot_be_reordered_or_broken_by_what_a_customer_typed() {
        assert_eq!(super::one_line("foto\u{202e}gpj.exe"), "fotogpj.exe");
        assert_eq!(
            super::one_line("a\u{2067}b\u{2069}\nc\x1b[31m"),
            "ab c [31m"
        );
        assert_eq!(super::one_line("Ciao 😀 مرحبا"), "Ciao 😀 مرحبا");
    }
}
