//! `sportello-cli`: the headless front to the same core the app uses. Every listing takes
//! `--json`; errors are one line on stderr and a non-zero exit (2 when another process is
//! already syncing the data dir).

mod accounts;
mod args;
mod args_hours;
mod args_reach;
mod counter;
mod hours;
mod print;
mod reach;
mod sync;

use std::process::ExitCode;

use clap::Parser;
use sportello_core::model::TemplateChoice;
use sportello_core::store::backup;
use sportello_core::{paths, Error, Inbox};

use args::{Cli, Command};

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let cli = Cli::parse();
    let cli_data_dir = cli.data_dir.clone();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line, whatever happened; a damaged store also names the newest backup.
            let hint = if e.code() == sportello_core::ErrorCode::CacheDamaged {
                format!(" {}", restore_hint(cli_data_dir.as_deref()))
            } else {
                String::new()
            };
            print::status(format_args!("error: {e}{hint}"));
            match e {
                Error::SyncBusy(_) => ExitCode::from(2),
                _ => ExitCode::FAILURE,
            }
        }
    }
}

/// What to do about a damaged store, naming the newest backup.
fn restore_hint(explicit: Option<&std::path::Path>) -> String {
    let newest = paths::data_dir(explicit)
        .ok()
        .and_then(|d| backup::backups(&d).into_iter().next());
    match newest {
        Some(b) => format!(
            "The newest backup is {}: `sportello-cli restore` puts it in place (the damaged store is kept aside).",
            b.display()
        ),
        None => "There is no automatic backup yet; `sportello-cli restore FILE` restores one you made.".into(),
    }
}

async fn run(cli: Cli) -> Result<(), Error> {
    let data_dir = paths::data_dir(cli.data_dir.as_deref())?;
    // Restoring must work when the store cannot even be opened.
    if let Command::Restore { file } = &cli.command {
        let _lock = sportello_core::SyncLock::acquire(&data_dir)?;
        let (restored, aside) = backup::restore(&data_dir, file.as_deref())?;
        print::status(format_args!("Restored {}.", restored.display()));
        if let Some(aside) = aside {
            print::status(format_args!(
                "The previous store is kept as {}.",
                aside.display()
            ));
        }
        return Ok(());
    }
    let inbox = Inbox::open(&data_dir, sportello_channels::connect)?;
    match cli.command {
        Command::Accounts { command } => accounts::run(&inbox, command).await,
        Command::Customers { command } => reach::customers(&inbox, command).await,
        Command::Consent { command } => reach::consent(&inbox, command).await,
        Command::Broadcast { command } => reach::broadcast(&inbox, command).await,
        Command::Posters { command } => reach::posters(&inbox, command).await,
        Command::Sync { once, listen } => sync::run(&inbox, once, listen).await,
        Command::Conversations {
            limit,
            label,
            status,
            needs_reply,
            json,
        } => counter::conversations(&inbox, limit, label, status, needs_reply, json).await,
        Command::Messages {
            conversation,
            limit,
            before,
            json,
        } => print::messages(&inbox.messages(conversation, limit, before).await?, json),
        Command::Search { query, limit, json } => {
            let notes = inbox.search_notes(query.clone(), limit).await?;
            print::search(&inbox.search(query, limit).await?, &notes, json)
        }
        Command::Send {
            conversation,
            text,
            file,
            reply_to,
            template,
            language,
            params,
            quick_reply,
            at,
            json,
        } => {
            if let Some(at) = at {
                return counter::send_later(&inbox, conversation, text, &at, json).await;
            }
            let what = match (template, file) {
                (Some(name), _) => sync::Outgoing::Template(TemplateChoice {
                    name,
                    language: language.unwrap_or_default(),
                    parameters: params,
                }),
                (None, Some(path)) => sync::Outgoing::File(path, text),
                (None, None) => match quick_reply {
                    Some(shortcut) => sync::Outgoing::QuickReply(shortcut),
                    None => sync::Outgoing::Text(text, reply_to),
                },
            };
            sync::send(&inbox, conversation, what, json).await
        }
        Command::QuickReplies { command } => counter::quick_replies(&inbox, command).await,
        Command::Labels { command } => counter::labels(&inbox, command).await,
        Command::Label {
            conversation,
            names,
        } => inbox.label(conversation, names).await.map(|_| ()),
        Command::Unlabel {
            conversation,
            names,
        } => inbox.unlabel(conversation, names).await.map(|_| ()),
        Command::Notes { command } => counter::notes(&inbox, command).await,
        Command::Done { conversation } => inbox.mark_done(conversation).await,
        Command::Reopen { conversation } => inbox.reopen(conversation).await,
        Command::Snooze {
            conversation,
            until,
            even_if_reply,
        } => counter::snooze(&inbox, conversation, &until, even_if_reply).await,
        Command::FollowUp {
            conversation,
            after,
        } => counter::follow_up(&inbox, conversation, &after).await,
        Command::Scheduled { command } => counter::scheduled(&inbox, command).await,
        Command::Templates { account, json } => {
            print::templates(&inbox.templates(account).await?, json)
        }
        Command::Hours { command } => hours::hours(&inbox, command).await,
        Command::AutoReply { command } => hours::auto_reply(&inbox, command).await,
        Command::Faq { command } => hours::faq(&inbox, command).await,
        Command::Stats { days, json } => hours::stats(&inbox, days, json).await,
        Command::Backup { file } => {
            let made = inbox.backup(file).await?;
            println!("{}", made.display());
            Ok(())
        }
        Command::Restore { .. } => unreachable!("handled before the store is opened"),
        Command::Export {
            conversation,
            all,
            out,
            json,
        } => {
            let done = match (conversation, all) {
                (Some(c), _) => vec![inbox.export_conversation(c, out).await?],
                (None, _) => inbox.export_all(out).await?,
            };
            if json {
                return print::json(&done);
            }
            for e in &done {
                println!("{}", e.html.display());
                println!("{}", e.text.display());
            }
            Ok(())
        }
        Command::Check => {
            inbox.check_store().await?;
            print::status("The message store is sound.");
            Ok(())
        }
        Command::React { message, emoji } => {
            inbox.react(message, emoji).await?;
            Ok(())
        }
        Command::Media {
            attachment,
            thumbnail,
        } => {
            println!(
                "{}",
                inbox
                    .attachment_file(attachment, thumbnail)
                    .await?
                    .display()
            );
            Ok(())
        }
    }
}
