//! Starting a chat from the shop's side (Ctrl+N). Only WhatsApp lets a business write first,
//! with an approved template; Telegram bots and Facebook Pages may only answer.

use super::handle::Inbox;
use crate::error::{Error, Result};
use crate::model::{AccountId, ChannelKind, ConversationId};

/// E.164: a country code and the number, at most 15 digits; the shortest real ones have 8.
const DIGITS: std::ops::RangeInclusive<usize> = 8..=15;

impl Inbox {
    /// The account's chat with the customer at `phone`, created if there is none. Its reply
    /// window is closed until the customer answers, so what goes out first is a template.
    pub async fn start_chat(
        &self,
        account: AccountId,
        phone: String,
        name: Option<String>,
    ) -> Result<ConversationId> {
        let row = self.blocking(move |s| s.account(account)).await?;
        if row.channel != ChannelKind::Whatsapp {
            return Err(Error::InvalidInput(format!(
                "{} does not let a business write first: the customer has to send the first message.",
                row.channel.display_name()
            )));
        }
        let wa_id = whatsapp_number(&phone)?;
        let name = name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
        self.blocking(move |s| {
            s.start_conversation(account, &wa_id, name.as_deref(), &format!("+{wa_id}"))
        })
        .await
    }
}

/// The number as WhatsApp's ids write it: country code and number, digits only ("+39 333-123
/// 4567" and "0039 3331234567" are both "393331234567").
fn whatsapp_number(typed: &str) -> Result<String> {
    let trimmed = typed.trim();
    let invalid = || {
        Error::InvalidInput("Write the number with its country code, e.g. +39 333 123 4567.".into())
    };
    if trimmed
        .chars()
        .any(|c| !(c.is_ascii_digit() || " +-().".contains(c)))
    {
        return Err(invalid());
    }
    let mut digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let international = trimmed.starts_with('+') || digits.starts_with("00");
    if !trimmed.starts_with('+') {
        if let Some(rest) = digits.strip_prefix("00") {
            digits = rest.to_owned();
        }
    }
    if !international || !DIGITS.contains(&digits.len()) || digits.starts_with('0') {
        return Err(invalid());
    }
    Ok(digits)
}

#[cfg(test)]
mod tests {
    use super::whatsapp_number;

    #[test]
    fn numbers_are_read_the_way_people_write_them() {
        for typed in [
            "+39 333 123 4567",
            "+39-333-1234567",
            "0039 3331234567",
            " +39 (333) 123.4567 ",
        ] {
            assert_eq!(whatsapp_number(typed).unwrap(), "393331234567", "{typed}");
        }
        assert_eq!(
            whatsapp_number("+55 11 91234-5678").unwrap(),
            "5511912345678"
        );
    }

    #[test]
    fn a_number_without_country_code_or_with_letters_is_refused() {
        for typed in [
            "333 123 4567",
            "+39 333 CALL ME",
            "+1 555",
            "",
            "+0 333 123 4567",
            "+39 333 123 4567 890 12",
        ] {
            let e = whatsapp_number(typed).unwrap_err();
            assert_eq!(e.code(), "InvalidInput", "{typed}");
            assert!(e.to_string().contains("country code"), "{typed}");
        }
    }
}
