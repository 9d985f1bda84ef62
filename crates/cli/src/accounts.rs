//! `sportello-cli accounts …`: connect, list and remove channel accounts.

use std::io::{IsTerminal, Read};

use sportello_core::model::ChannelKind;
use sportello_core::{AccountIds, AccountSecrets, Error, Inbox, NewAccount};

use crate::args::{AccountsCommand, ChannelArg};
use crate::print;

pub async fn run(inbox: &Inbox, command: AccountsCommand) -> Result<(), Error> {
    match command {
        AccountsCommand::Add {
            channel,
            name,
            api_base,
            phone_number_id,
            waba_id,
            page_id,
            human_agent,
        } => {
            let kind = match channel {
                ChannelArg::Telegram => ChannelKind::Telegram,
                ChannelArg::Whatsapp => ChannelKind::Whatsapp,
                ChannelArg::Messenger => ChannelKind::Messenger,
            };
            let secrets = read_secrets(kind)?;
            let account = inbox
                .add_account(NewAccount {
                    channel: kind,
                    name,
                    api_base,
                    secrets,
                    is_demo: false,
                    ids: AccountIds {
                        remote_id: phone_number_id.or(page_id),
                        business_account_id: waba_id,
                    },
                })
                .await?;
            if human_agent {
                inbox.set_human_agent(account.id, true).await?;
            }
            if let Some(rating) = &account.quality_rating {
                print::status(format_args!(
                    "{} ({}), quality rating {rating}",
                    account.display_name.as_deref().unwrap_or(""),
                    account.phone.as_deref().unwrap_or("")
                ));
            }
            println!("{}", account.id);
            Ok(())
        }
        AccountsCommand::List { json } => print::accounts(&inbox.accounts().await?, json),
        AccountsCommand::Remove { id } => inbox.remove_account(id).await,
        AccountsCommand::Reconnect { id } => {
            let channel = inbox
                .accounts()
                .await?
                .into_iter()
                .find(|a| a.id == id)
                .map(|a| a.channel)
                .ok_or_else(|| Error::InvalidInput(format!("There is no account {id}.")))?;
            let secrets = read_secrets(channel)?;
            inbox.reconnect(id, secrets).await?;
            print::status("Reconnected.");
            Ok(())
        }
        AccountsCommand::TakeOver { id } => {
            inbox.take_over(id).await?;
            print::status("This account's messages now come here.");
            Ok(())
        }
    }
}

/// The account's secrets, from standard input: never from argv, where other users and shell
/// history can read them. Telegram: the bot token. WhatsApp and Messenger: a JSON object with
/// the token, `app_secret` and `verify_token` (core knows the names).
fn read_secrets(kind: ChannelKind) -> Result<AccountSecrets, Error> {
    let prompt = match kind {
        ChannelKind::Telegram => "Paste the bot token BotFather gave you, then press Enter:".into(),
        _ => format!(
            "Paste {} on one line, then press Enter:",
            AccountSecrets::shape_for(kind)
        ),
    };
    AccountSecrets::parse_for(kind, &read_stdin(&prompt)?)
}

fn read_stdin(prompt: &str) -> Result<String, Error> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        crate::print::status(prompt);
    }
    let mut token = String::new();
    let mut limited = stdin.lock().take(4096);
    if stdin.is_terminal() {
        std::io::BufRead::read_line(&mut std::io::BufReader::new(&mut limited), &mut token)
    } else {
        limited.read_to_string(&mut token)
    }
    .map_err(|e| {
        Error::InvalidInput(format!("Cannot read the secrets from standard input: {e}"))
    })?;
    let token = token.trim().to_owned();
    if token.is_empty() {
        return Err(Error::InvalidInput(
            "Nothing on standard input. Pipe the secrets in, e.g. `sportello-cli accounts add telegram --name Shop < token.txt`.".into(),
        ));
    }
    Ok(token)
}
