//! Customers and reach from the command line: one customer across channels, the consent
//! ledger, broadcasts and posters.

use std::time::Duration;

use sportello_core::model::{
    Audience, BroadcastRecipient, ConsentBasis, Customer, Poster, PosterView, Preflight,
    TemplateChoice,
};
use sportello_core::reach::print::PaperSize;
use sportello_core::{ConsentDraft, Error, Inbox};

use crate::args_reach::{
    BasisArg, BroadcastCommand, ConsentCommand, CustomersCommand, PaperArg, PostersCommand,
};
use crate::print::{self, json, one_line};

pub async fn customers(inbox: &Inbox, command: CustomersCommand) -> Result<(), Error> {
    let (customer, as_json) = match command {
        CustomersCommand::Show { conversation, json } => {
            (inbox.customer(conversation).await?, json)
        }
        CustomersCommand::Merge {
            conversation,
            other,
            json,
        } => (
            inbox.merge_customers(conversation, other, None).await?,
            json,
        ),
        CustomersCommand::Unmerge { conversation, json } => {
            (inbox.unmerge_customer(conversation).await?, json)
        }
        CustomersCommand::Suggestions { json: as_json } => {
            let list = inbox.merge_suggestions().await?;
            if as_json {
                return json(&list);
            }
            if list.is_empty() {
                println!("No suggestions.");
            }
            for s in list {
                println!(
                    "{} ({}) and {} ({}): {}  → customers merge {} {}",
                    one_line(&s.title),
                    s.channel.as_str(),
                    one_line(&s.other_title),
                    s.other_channel.as_str(),
                    one_line(&s.detail),
                    s.conversation_id,
                    s.other_conversation_id
                );
            }
            return Ok(());
        }
    };
    if as_json {
        return json(&customer);
    }
    print_customer(&customer);
    Ok(())
}

fn print_customer(c: &Customer) {
    println!("{}", one_line(&c.name));
    for ch in &c.channels {
        let ids: Vec<String> = ch.identities.iter().map(|i| one_line(&i.value)).collect();
        println!(
            "  {:>6}  {:<9} {}  {}",
            ch.conversation_id,
            ch.channel.as_str(),
            ids.join(", "),
            if ch.can_write {
                ""
            } else {
                "(cannot write now)"
            }
        );
    }
    if let Some(source) = &c.source {
        println!("  arrived through poster {}", one_line(source));
    }
    for l in &c.labels {
        println!("  label: {}", one_line(&l.name));
    }
    for n in &c.notes {
        println!("  note: {}", one_line(&n.text));
    }
    for k in &c.consents {
        println!(
            "  consent {} on {} since {}{}",
            one_line(&k.topic),
            k.channel.as_str(),
            k.given_at,
            k.withdrawn_at
                .as_ref()
                .map(|w| format!(", withdrawn {w}"))
                .unwrap_or_default()
        );
    }
    for m in &c.merges {
        println!(
            "  merged ({}): {}",
            one_line(&m.joined_title),
            one_line(&m.evidence)
        );
    }
}

pub async fn consent(inbox: &Inbox, command: ConsentCommand) -> Result<(), Error> {
    match command {
        ConsentCommand::Add {
            conversation,
            topic,
            source,
            wording,
            wording_version,
            proof,
            basis,
            json: as_json,
        } => {
            let lines = inbox
                .add_consent(ConsentDraft {
                    conversation,
                    topic,
                    basis: match basis {
                        BasisArg::Consent => ConsentBasis::Consent,
                        BasisArg::Customer => ConsentBasis::Customer,
                    },
                    source,
                    wording,
                    wording_version,
                    proof,
                })
                .await?;
            consent_lines(&lines, as_json)
        }
        ConsentCommand::Withdraw {
            conversation,
            topic,
            how,
            json: as_json,
        } => consent_lines(
            &inbox.withdraw_consent(conversation, topic, how).await?,
            as_json,
        ),
        ConsentCommand::List {
            topic,
            json: as_json,
        } => consent_lines(&inbox.consents(topic).await?, as_json),
        ConsentCommand::Export { csv } => {
            let text = inbox.consents_csv().await?;
            std::fs::write(&csv, text)
                .map_err(|e| Error::InvalidInput(format!("Cannot write {}: {e}", csv.display())))?;
            print::status(format_args!("Wrote {}.", csv.display()));
            Ok(())
        }
    }
}

fn consent_lines(lines: &[sportello_core::model::Consent], as_json: bool) -> Result<(), Error> {
    if as_json {
        return json(&lines);
    }
    for k in lines {
        println!(
            "{}  {:<20} {:<9} {:<14} {}  {}{}",
            k.given_at,
            one_line(&k.customer),
            k.channel.as_str(),
            one_line(&k.topic),
            k.basis.as_str(),
            one_line(&k.source),
            k.withdrawn_at
                .as_ref()
                .map(|w| format!("  withdrawn {w}"))
                .unwrap_or_default()
        );
    }
    Ok(())
}

pub async fn broadcast(inbox: &Inbox, command: BroadcastCommand) -> Result<(), Error> {
    match command {
        BroadcastCommand::Create {
            topic,
            label,
            conversations,
            text,
            template,
            language,
            json: as_json,
        } => {
            let audience = match label {
                Some(name) => Audience::Label { name },
                None => Audience::Conversations { ids: conversations },
            };
            let template = template.map(|name| TemplateChoice {
                name,
                language: language.unwrap_or_default(),
                parameters: Vec::new(),
            });
            let b = inbox
                .create_broadcast(topic, audience, text, template)
                .await?;
            if as_json {
                return json(&b);
            }
            println!("{}", b.id);
            Ok(())
        }
        BroadcastCommand::Preflight { id, json: as_json } => {
            preflight(&inbox.preflight(id).await?, as_json)
        }
        BroadcastCommand::Send { id, json: as_json } => {
            let queued = inbox.send_broadcast(id).await?;
            deliver(inbox, &queued).await?;
            report(inbox, id, as_json).await
        }
        BroadcastCommand::Show { id, json: as_json } => report(inbox, id, as_json).await,
        BroadcastCommand::List { json: as_json } => {
            let list = inbox.broadcasts().await?;
            if as_json {
                return json(&list);
            }
            for b in list {
                println!(
                    "{:>4}  {}  {:<14} {}",
                    b.id,
                    b.queued_at.as_deref().unwrap_or("draft"),
                    one_line(&b.topic),
                    one_line(&b.text)
                );
            }
            Ok(())
        }
    }
}

/// Sends what the broadcast queued, account by account, until nothing of it waits (a rate
/// limit waits its time; an account that cannot send now leaves its part queued for the next
/// sync, and says why).
async fn deliver(inbox: &Inbox, queued: &Preflight) -> Result<(), Error> {
    let lock = match inbox.lock_sync() {
        Ok(lock) => lock,
        Err(Error::SyncBusy(_)) => {
            print::status("Queued; the running sync sends it.");
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    inbox.recover_interrupted(&lock).await?;
    let accounts = inbox.broadcast_accounts(queued.broadcast.id).await?;
    for account in accounts {
        loop {
            let pass = inbox.flush_outbox(&lock, account).await?;
            if let Some(e) = pass.stopped_by {
                print::status(format_args!("Queued, not all sent yet: {e}"));
                break;
            }
            match pass.next_due_ms {
                Some(due) => {
                    let wait = (due - sportello_core::time_fmt::now_ms()).clamp(0, 120_000);
                    tokio::time::sleep(Duration::from_millis(wait.unsigned_abs())).await;
                }
                None => break,
            }
        }
    }
    Ok(())
}

fn recipient_line(r: &BroadcastRecipient) -> String {
    let state = match (&r.reason, &r.status) {
        (Some(reason), _) => format!("excluded: {}", reason.as_str()),
        (None, Some(s)) => s.as_str().to_owned(),
        (None, None) => "will receive".to_owned(),
    };
    format!(
        "{:>6}  {:<9} {:<24} {}{}",
        r.conversation_id,
        r.channel.as_str(),
        one_line(&r.title),
        state,
        r.error
            .as_ref()
            .map(|e| format!(" ({})", one_line(e)))
            .unwrap_or_default()
    )
}

fn preflight(p: &Preflight, as_json: bool) -> Result<(), Error> {
    if as_json {
        return json(p);
    }
    println!(
        "{} will receive it, {} will not.",
        p.recipients.len(),
        p.excluded.len()
    );
    for r in p.recipients.iter().chain(&p.excluded) {
        println!("{}", recipient_line(r));
    }
    Ok(())
}

async fn report(inbox: &Inbox, id: i64, as_json: bool) -> Result<(), Error> {
    let r = inbox.broadcast_report(id).await?;
    if as_json {
        return json(&r);
    }
    println!(
        "sent {}, delivered {}, read {}, failed {}, unknown {}, waiting {}; {} excluded",
        r.sent,
        r.delivered,
        r.read,
        r.failed,
        r.unknown,
        r.waiting,
        r.excluded.len()
    );
    for line in r.recipients.iter().chain(&r.excluded) {
        println!("{}", recipient_line(line));
    }
    Ok(())
}

pub async fn posters(inbox: &Inbox, command: PostersCommand) -> Result<(), Error> {
    match command {
        PostersCommand::Create {
            code,
            text,
            consent_topic,
            consent_wording,
            consent_version,
            out,
            poster_language,
            paper,
            json: as_json,
        } => {
            let view = inbox
                .save_poster(Poster {
                    code,
                    text,
                    consent_topic,
                    consent_wording,
                    consent_version,
                })
                .await?;
            let mut files = Vec::new();
            if let Some(dir) = out {
                let language = poster_language.unwrap_or_else(|| {
                    std::env::var("LANG")
                        .ok()
                        .and_then(|l| sportello_core::hours::wording::known_language(&l))
                        .unwrap_or("en")
                        .to_owned()
                });
                let paper = match paper {
                    PaperArg::A4 => PaperSize::A4,
                    PaperArg::A5 => PaperSize::A5,
                };
                files = inbox
                    .write_poster_files(view.poster.code.clone(), dir, language, paper)
                    .await?
                    .files;
            }
            if as_json {
                #[derive(serde::Serialize)]
                struct Made<'a> {
                    #[serde(flatten)]
                    poster: &'a PosterView,
                    files: Vec<String>,
                }
                return json(&Made {
                    poster: &view,
                    files: files.iter().map(|f| f.display().to_string()).collect(),
                });
            }
            for l in &view.links {
                println!("{:<9} {}", l.channel.as_str(), l.url);
            }
            for f in files {
                println!("wrote {}", f.display());
            }
            Ok(())
        }
        PostersCommand::List { json: as_json } => {
            let list = inbox.posters().await?;
            if as_json {
                return json(&list);
            }
            for p in list {
                println!("{:<24} {} arrivals", p.poster.code, p.arrivals);
            }
            Ok(())
        }
        PostersCommand::Remove { code } => inbox.remove_poster(code).await,
    }
}
