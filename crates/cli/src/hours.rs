//! Opening hours, automatic messages, FAQ cards and reply figures from the command line.

use std::collections::BTreeMap;

use serde::Serialize;
use sportello_core::hours::spec::format_week;
use sportello_core::model::{
    AutoKind, AutoMessage, AutoReplies, ClosingEarly, FaqCard, Figures, HoursNow, OpeningHours,
};
use sportello_core::{Error, FaqDraft, Inbox};

use crate::args_hours::{AutoArg, AutoReplyCommand, FaqCommand, HoursCommand};
use crate::print::{self, json, one_line};

/// `hours show --json`: the schedule and whether it is open now.
#[derive(Serialize)]
struct HoursShown {
    #[serde(flatten)]
    now: HoursNow,
    /// The week as one line `hours set` reads back.
    week: String,
    hours: OpeningHours,
}

pub async fn hours(inbox: &Inbox, command: HoursCommand) -> Result<(), Error> {
    let as_json = match command {
        HoursCommand::Set {
            week,
            timezone,
            json,
        } => {
            inbox.set_week(week, timezone).await?;
            json
        }
        HoursCommand::Closed {
            from,
            until,
            note,
            json,
        } => {
            inbox.close_dates(from, until, note).await?;
            json
        }
        HoursCommand::CloseEarly {
            at,
            date,
            cancel,
            json,
        } => {
            let early = match (cancel, at) {
                (true, _) | (false, None) => None,
                (false, Some(at)) => Some(ClosingEarly {
                    date: match date {
                        Some(d) => d,
                        None => sportello_core::hours::today(&inbox.opening_hours().await?)?,
                    },
                    at,
                }),
            };
            inbox.close_early(early).await?;
            json
        }
        HoursCommand::Show { json } => json,
    };
    show_hours(inbox, as_json).await
}

async fn show_hours(inbox: &Inbox, as_json: bool) -> Result<(), Error> {
    let hours = inbox.opening_hours().await?;
    let now = inbox.hours_now().await?;
    let shown = HoursShown {
        now,
        week: format_week(&hours.week),
        hours,
    };
    if as_json {
        return json(&shown);
    }
    if !shown.now.set {
        println!("No opening hours set (hours set \"mon-fri 08:00-13:00,15:30-19:30\").");
        return Ok(());
    }
    println!("{}  ({})", shown.week, shown.now.timezone);
    for c in &shown.hours.closed {
        println!(
            "closed {} – {}{}",
            c.from,
            c.until,
            c.note
                .as_deref()
                .map(|n| format!("  {}", one_line(n)))
                .unwrap_or_default()
        );
    }
    if let Some(e) = &shown.hours.closing_early {
        println!("closing early {} at {}", e.date, e.at);
    }
    let state = if shown.now.open_now { "Open" } else { "Closed" };
    match &shown.now.next_change {
        Some(at) => println!(
            "{state} now; {} {at}",
            if shown.now.open_now {
                "closes"
            } else {
                "opens"
            }
        ),
        None => println!("{state} now"),
    }
    Ok(())
}

pub async fn auto_reply(inbox: &Inbox, command: AutoReplyCommand) -> Result<(), Error> {
    let current = inbox.auto_replies().await?;
    let (which, text, language, after_days, as_json) = match command {
        AutoReplyCommand::Away {
            text,
            language,
            json,
        } => (AutoKind::Away, text, language, None, json),
        AutoReplyCommand::Greeting {
            text,
            after_days,
            language,
            json,
        } => (AutoKind::Greeting, text, language, after_days, json),
        AutoReplyCommand::Off { which } => {
            let (which, mut message) = match which {
                AutoArg::Away => (AutoKind::Away, current.away),
                AutoArg::Greeting => (AutoKind::Greeting, current.greeting),
            };
            message.on = false;
            inbox.set_auto_message(which, message).await?;
            print::status("Switched off.");
            return Ok(());
        }
        AutoReplyCommand::Show { json } => return show_auto(&current, json),
    };
    let mut message = match which {
        AutoKind::Greeting => current.greeting,
        _ => current.away,
    };
    match language {
        Some(l) => {
            message.translations.insert(l, text);
        }
        None => message.text = text,
    }
    if which == AutoKind::Greeting {
        message.after_days = after_days;
    }
    message.on = true;
    let saved = inbox.set_auto_message(which, message).await?;
    if saved.coexistence_warning {
        print::status(
            "This WhatsApp number may also be in the WhatsApp Business app: switch off the app's own greeting and away messages there, or customers get both.",
        );
    }
    show_auto(&saved, as_json)
}

fn show_auto(replies: &AutoReplies, as_json: bool) -> Result<(), Error> {
    if as_json {
        return json(replies);
    }
    let line = |name: &str, m: &AutoMessage| {
        println!(
            "{name:<9} {}  {}",
            if m.on { "on " } else { "off" },
            one_line(&m.text)
        );
        for (l, t) in &m.translations {
            println!("          {l}: {}", one_line(t));
        }
    };
    line("away", &replies.away);
    line("greeting", &replies.greeting);
    if let Some(days) = replies.greeting.after_days {
        println!("          again after {days} days without contact");
    }
    println!(
        "faq       {}  {} cards",
        if replies.faq_on { "on " } else { "off" },
        replies.faq.len()
    );
    Ok(())
}

pub async fn faq(inbox: &Inbox, command: FaqCommand) -> Result<(), Error> {
    match command {
        FaqCommand::Add {
            keywords,
            answer,
            file,
            json: as_json,
        } => {
            let card = inbox
                .save_faq_card(FaqDraft {
                    id: None,
                    keywords: keywords.split(',').map(str::to_owned).collect(),
                    answer,
                    file,
                    keep_attachment: false,
                })
                .await?;
            if as_json {
                return json(&card);
            }
            print::status(format_args!("Card {} saved.", card.id));
            Ok(())
        }
        FaqCommand::List { json: as_json } => {
            let replies = inbox.auto_replies().await?;
            if as_json {
                return json(&FaqList {
                    on: replies.faq_on,
                    cards: replies.faq,
                });
            }
            for c in &replies.faq {
                println!(
                    "{}  [{}]  {}",
                    c.id,
                    one_line(&c.keywords.join(", ")),
                    one_line(&c.answer)
                );
            }
            Ok(())
        }
        FaqCommand::Remove { id } => inbox.remove_faq_card(id).await,
        FaqCommand::Test {
            sample,
            json: as_json,
        } => {
            let test = inbox.test_faq(sample).await?;
            if as_json {
                return json(&test);
            }
            match (&test.card, test.matched.len()) {
                (Some(card), _) => println!("{}  {}", card.id, one_line(&card.answer)),
                (None, 0) => println!("No card matches."),
                (None, n) => println!(
                    "{n} cards match, so none would answer: make their keywords more precise."
                ),
            }
            Ok(())
        }
        FaqCommand::On => inbox.switch_faq(true).await.map(|_| ()),
        FaqCommand::Off => inbox.switch_faq(false).await.map(|_| ()),
    }
}

#[derive(Serialize)]
struct FaqList {
    on: bool,
    cards: Vec<FaqCard>,
}

/// `stats --json`: the figures, with the overall reply times at the top level.
#[derive(Serialize)]
struct Stats<'a> {
    days: u32,
    waiting_now: u32,
    oldest_waiting_since: &'a Option<String>,
    answered: u32,
    first_reply_median_s: Option<i64>,
    first_reply_p90_s: Option<i64>,
    channels: BTreeMap<&'static str, &'a sportello_core::model::ReplyFigures>,
    after_hours: u32,
    after_hours_answered_by_ten: u32,
    heat: &'a Vec<Vec<u32>>,
}

pub async fn stats(inbox: &Inbox, days: u32, as_json: bool) -> Result<(), Error> {
    let f: Figures = inbox.figures(days).await?;
    if as_json {
        return json(&Stats {
            days: f.days,
            waiting_now: f.waiting_now,
            oldest_waiting_since: &f.oldest_waiting_since,
            answered: f.overall.answered,
            first_reply_median_s: f.overall.first_reply_median_s,
            first_reply_p90_s: f.overall.first_reply_p90_s,
            channels: f
                .channels
                .iter()
                .map(|c| (c.channel.as_str(), &c.figures))
                .collect(),
            after_hours: f.after_hours,
            after_hours_answered_by_ten: f.after_hours_answered_by_ten,
            heat: &f.heat,
        });
    }
    let minutes = |s: Option<i64>| s.map_or("–".to_string(), |s| format!("{} min", s / 60));
    println!(
        "waiting now: {}{}",
        f.waiting_now,
        f.oldest_waiting_since
            .as_deref()
            .map(|s| format!(" (oldest since {s})"))
            .unwrap_or_default()
    );
    println!(
        "last {} days: {} answered, first reply median {}, 90% within {} (opening hours only)",
        f.days,
        f.overall.answered,
        minutes(f.overall.first_reply_median_s),
        minutes(f.overall.first_reply_p90_s)
    );
    for c in &f.channels {
        println!(
            "  {:<9} {} answered, median {}, 90% within {}",
            c.channel.as_str(),
            c.figures.answered,
            minutes(c.figures.first_reply_median_s),
            minutes(c.figures.first_reply_p90_s)
        );
    }
    if f.after_hours > 0 {
        println!(
            "after hours: {} of {} answered by 10:00 the next opening day",
            f.after_hours_answered_by_ten, f.after_hours
        );
    }
    Ok(())
}
