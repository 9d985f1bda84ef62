//! The shop's counter from the command line: quick replies, labels, notes, a conversation's
//! status, and messages sent later.

use std::time::Duration;

use serde_json::Value;
use sportello_core::model::{
    ChatFilter, ConversationStatus, ConversationSummary, CustomerNote, Label, QuickReply,
    TemplateRef,
};
use sportello_core::time_fmt::parse_rfc3339_ms;
use sportello_core::{Error, Inbox, QuickReplyDraft};

use crate::args::{LabelsCommand, NotesCommand, QuickRepliesCommand, ScheduledCommand, StatusArg};
use crate::print::{self, json, one_line};

pub async fn quick_replies(inbox: &Inbox, command: QuickRepliesCommand) -> Result<(), Error> {
    match command {
        QuickRepliesCommand::Add {
            shortcut,
            text,
            file,
            template,
            language,
        } => {
            let shortcut_key = shortcut.clone();
            let id = inbox
                .quick_replies()
                .await?
                .into_iter()
                .find(|r| {
                    r.shortcut.to_lowercase() == shortcut_key.trim_start_matches('/').to_lowercase()
                })
                .map(|r| r.id);
            let saved = inbox
                .save_quick_reply(QuickReplyDraft {
                    id,
                    shortcut,
                    text,
                    file,
                    keep_attachment: false,
                    template: template.map(|name| TemplateRef {
                        name,
                        language: language.unwrap_or_default(),
                    }),
                })
                .await?;
            print::status(format_args!("/{} saved.", saved.shortcut));
            Ok(())
        }
        QuickRepliesCommand::List { json: as_json } => {
            list_quick_replies(&inbox.quick_replies().await?, as_json)
        }
        QuickRepliesCommand::Remove { shortcut } => inbox.remove_quick_reply(shortcut).await,
        QuickRepliesCommand::Export { out } => {
            let text = inbox.export_quick_replies().await?;
            match out {
                Some(path) => std::fs::write(&path, text).map_err(|e| {
                    Error::InvalidInput(format!("Cannot write {}: {e}", path.display()))
                }),
                None => {
                    println!("{text}");
                    Ok(())
                }
            }
        }
        QuickRepliesCommand::Import { file } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| Error::InvalidInput(format!("Cannot read {}: {e}", file.display())))?;
            let n = inbox.import_quick_replies(text).await?;
            print::status(format_args!("{n} quick replies imported."));
            Ok(())
        }
    }
}

fn list_quick_replies(list: &[QuickReply], as_json: bool) -> Result<(), Error> {
    if as_json {
        return json(&list);
    }
    for r in list {
        let extra = match (&r.attachment, &r.template) {
            (Some(a), _) => format!("  [{}]", one_line(&a.file_name)),
            (None, Some(t)) => format!("  [template {}]", t.name),
            _ => String::new(),
        };
        println!("/{:<16} {}{extra}", r.shortcut, one_line(&r.text));
    }
    Ok(())
}

pub async fn labels(inbox: &Inbox, command: LabelsCommand) -> Result<(), Error> {
    match command {
        LabelsCommand::Add { name, color, group } => {
            let existing = inbox
                .labels()
                .await?
                .into_iter()
                .find(|l| l.name.to_lowercase() == name.trim().to_lowercase())
                .map(|l| l.id);
            let label = inbox.save_label(existing, name, color, group).await?;
            print::status(format_args!(
                "Label {} saved ({}).",
                label.name, label.color
            ));
            Ok(())
        }
        LabelsCommand::List { json: as_json } => {
            let list = inbox.labels().await?;
            if as_json {
                return json(&list);
            }
            for l in &list {
                let group = l
                    .group
                    .as_deref()
                    .map(|g| format!("  ({g})"))
                    .unwrap_or_default();
                println!("{}  {}{group}", l.color, one_line(&l.name));
            }
            Ok(())
        }
        LabelsCommand::Remove { name } => inbox.remove_label(name).await,
    }
}

pub async fn notes(inbox: &Inbox, command: NotesCommand) -> Result<(), Error> {
    match command {
        NotesCommand::Add { conversation, text } => {
            inbox.write_note(conversation, None, text).await?;
            Ok(())
        }
        NotesCommand::List {
            conversation,
            json: as_json,
        } => {
            let list: Vec<CustomerNote> = inbox.notes(conversation).await?;
            if as_json {
                return json(&list);
            }
            for n in &list {
                println!("{}  {}", n.at, one_line(&n.text));
            }
            Ok(())
        }
    }
}

pub async fn snooze(
    inbox: &Inbox,
    conversation: i64,
    until: &str,
    even_if_reply: bool,
) -> Result<(), Error> {
    let at = time_arg(until)?;
    inbox.snooze(conversation, at, !even_if_reply).await
}

pub async fn follow_up(inbox: &Inbox, conversation: i64, after: &str) -> Result<(), Error> {
    inbox.follow_up(conversation, duration_arg(after)?).await
}

pub async fn scheduled(inbox: &Inbox, command: ScheduledCommand) -> Result<(), Error> {
    match command {
        ScheduledCommand::List { json: as_json } => {
            print::messages(&inbox.scheduled().await?, as_json)
        }
        ScheduledCommand::Cancel { message } => inbox.cancel_scheduled(message).await,
    }
}

/// `send CONVERSATION TEXT --at TIME`: queued for later, with a word if the platform will not
/// take it then.
pub async fn send_later(
    inbox: &Inbox,
    conversation: i64,
    text: String,
    at: &str,
    as_json: bool,
) -> Result<(), Error> {
    let scheduled = inbox.schedule(conversation, text, time_arg(at)?).await?;
    if scheduled.window_closed_by_then {
        print::status(
            "Warning: by then the customer's reply window will be closed; unless they write again, it will be held, not sent.",
        );
    }
    print::messages(&[scheduled.message], as_json)
}

pub async fn conversations(
    inbox: &Inbox,
    limit: u32,
    label: Option<String>,
    status: Option<StatusArg>,
    needs_reply: bool,
    as_json: bool,
) -> Result<(), Error> {
    let label = match label {
        Some(name) => Some(label_id(inbox, &name).await?),
        None => None,
    };
    let filter = ChatFilter {
        label,
        status: status.map(|s| match s {
            StatusArg::Open => ConversationStatus::Open,
            StatusArg::Snoozed => ConversationStatus::Snoozed,
            StatusArg::Done => ConversationStatus::Done,
        }),
        needs_reply,
        ..ChatFilter::default()
    };
    let list = inbox.conversations_where(filter, limit).await?;
    if as_json {
        let rows: Vec<Value> = list
            .iter()
            .map(conversation_json)
            .collect::<Result<_, _>>()?;
        return json(&rows);
    }
    print::conversations(&list, false)
}

/// A conversation as `--json` prints it: the window's fields, with `labels` as their names and
/// `snoozed_until` spelled out, as scripts read them.
fn conversation_json(c: &ConversationSummary) -> Result<Value, Error> {
    let mut value =
        serde_json::to_value(c).map_err(|e| Error::Internal(format!("cannot write JSON: {e}")))?;
    let names: Vec<&str> = c.labels.iter().map(|l: &Label| l.name.as_str()).collect();
    value["labels"] = serde_json::json!(names);
    value["snoozed_until"] = serde_json::json!(c.snooze.as_ref().map(|s| s.until.clone()));
    Ok(value)
}

async fn label_id(inbox: &Inbox, name: &str) -> Result<String, Error> {
    inbox
        .labels()
        .await?
        .into_iter()
        .find(|l| l.name.to_lowercase() == name.trim().to_lowercase() || l.id == name)
        .map(|l| l.id)
        .ok_or_else(|| Error::InvalidInput(format!("There is no label \"{name}\".")))
}

fn time_arg(text: &str) -> Result<i64, Error> {
    parse_rfc3339_ms(text).ok_or_else(|| {
        Error::InvalidInput(format!(
            "{text:?} is not a time like 2026-12-24T09:00:00+01:00."
        ))
    })
}

/// `90m`, `3h`, `2d`, `1w`.
fn duration_arg(text: &str) -> Result<Duration, Error> {
    let text = text.trim();
    let (number, unit) = text.split_at(text.len().saturating_sub(1));
    let n: u64 = number.parse().map_err(|_| bad_duration(text))?;
    let secs = match unit {
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        _ => return Err(bad_duration(text)),
    };
    Ok(Duration::from_secs(n.saturating_mul(secs)))
}

fn bad_duration(text: &str) -> Error {
    Error::InvalidInput(format!(
        "{text:?} is not a duration like 90m, 3h, 2d or 1w."
    ))
}

#[cfg(test)]
mod tests {
    use super::duration_arg;
    use std::time::Duration;

    #[test]
    fn durations_read_the_way_people_say_them() {
        assert_eq!(duration_arg("2d").unwrap(), Duration::from_secs(172_800));
        assert_eq!(duration_arg("90m").unwrap(), Duration::from_secs(5_400));
        assert!(duration_arg("2 giorni").is_err());
        assert!(duration_arg("d").is_err());
    }
}
