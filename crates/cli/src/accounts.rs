//! `sportello-cli accounts …`: connect, list and remove channel accounts.

use std::io::{IsTerminal, Read};

use sportello_core::model::ChannelKind;
use sportello_core::{AccountSecrets, Error, Inbox, NewAccount};

use crate::args::{AccountsCommand, ChannelArg};
use crate::print;

pub async fn run(inbox: &Inbox, command: AccountsCommand) -> Result<(), Error> {
    match command {
        AccountsCommand::Add {
            channel,
            name,
            api_base,
        } => {
            let (kind, secrets) = match channel {
                ChannelArg::Telegram => (
                    ChannelKind::Telegram,
                    AccountSecrets::default().with("bot_token", read_token()?),
                ),
                ChannelArg::Whatsapp | ChannelArg::Messenger => {
                    return Err(Error::InvalidInput(
                        "Only Telegram accounts can be added in this version.".into(),
                    ))
                }
            };
            let account = inbox
                .add_account(NewAccount {
                    channel: kind,
                    name,
                    api_base,
                    secrets,
                    is_demo: false,
                    ids: Default::default(),
                })
                .await?;
            println!("{}", account.id);
            Ok(())
        }
        AccountsCommand::List { json } => print::accounts(&inbox.accounts().await?, json),
        AccountsCommand::Remove { id } => inbox.remove_account(id).await,
        AccountsCommand::Reconnect { id } => {
            let secrets = AccountSecrets::default().with("bot_token", read_token()?);
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

/// The bot token, from standard input: never from argv, where other users and shell history
/// can read it.
fn read_token() -> Result<String, Error> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        crate::print::status("Paste the bot token BotFather gave you, then press Enter:");
    }
    let mut token = String::new();
    let mut limited = stdin.lock().take(4096);
    if stdin.is_terminal() {
        std::io::BufRead::read_line(&mut std::io::BufReader::new(&mut limited), &mut token)
    } else {
        limited.read_to_string(&mut token)
    }
    .map_err(|e| Error::InvalidInput(format!("Cannot read the token from standard input: {e}")))?;
    let token = token.trim().to_owned();
    if token.is_empty() {
        return Err(Error::InvalidInput(
            "No token given. Pipe the bot token on standard input, e.g. `sportello-cli accounts add telegram --name Shop < token.txt`.".into(),
        ));
    }
    Ok(token)
}
