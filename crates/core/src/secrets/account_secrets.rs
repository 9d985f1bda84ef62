//! An account's secrets and their names, spelled once: the tokens and app secrets each channel
//! needs, built by one constructor per channel so no other crate writes a secret's name.

use std::collections::BTreeMap;
use std::fmt;

use super::sensitive::Sensitive;
use crate::error::Error;
use crate::model::ChannelKind;

/// The name of one secret: the key of its value in the account's keyring entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretName {
    /// Telegram: the token BotFather gave.
    BotToken,
    /// WhatsApp: the system user's (or temporary) access token.
    AccessToken,
    /// Messenger: the Page access token.
    PageAccessToken,
    /// Meta: the app secret that signs webhook deliveries.
    AppSecret,
    /// Meta: the phrase Meta's webhook subscription check must echo (not a credential).
    VerifyToken,
}

impl SecretName {
    pub fn as_str(self) -> &'static str {
        match self {
            SecretName::BotToken => "bot_token",
            SecretName::AccessToken => "access_token",
            SecretName::PageAccessToken => "page_access_token",
            SecretName::AppSecret => "app_secret",
            SecretName::VerifyToken => "verify_token",
        }
    }

    /// The secret a platform expires or revokes (the one a reconnect replaces).
    pub fn access_token_of(channel: ChannelKind) -> SecretName {
        match channel {
            ChannelKind::Telegram => SecretName::BotToken,
            ChannelKind::Whatsapp => SecretName::AccessToken,
            ChannelKind::Messenger => SecretName::PageAccessToken,
        }
    }

    /// What a channel's account cannot work without (the verify token is made up if missing).
    fn required_by(channel: ChannelKind) -> &'static [SecretName] {
        match channel {
            ChannelKind::Telegram => &[SecretName::BotToken],
            ChannelKind::Whatsapp => &[SecretName::AccessToken, SecretName::AppSecret],
            ChannelKind::Messenger => &[SecretName::PageAccessToken, SecretName::AppSecret],
        }
    }
}

/// All secrets of one account, by name.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct AccountSecrets(BTreeMap<String, Sensitive<String>>);

impl fmt::Debug for AccountSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

impl AccountSecrets {
    /// A Telegram bot's secrets.
    pub fn telegram(bot_token: &str) -> Self {
        AccountSecrets::default().with(SecretName::BotToken, bot_token.trim())
    }

    /// A WhatsApp number's secrets. An empty verify token is left out (one is made up when the
    /// account is added).
    pub fn whatsapp(access_token: &str, app_secret: &str, verify_token: Option<&str>) -> Self {
        AccountSecrets::meta(
            SecretName::AccessToken,
            access_token,
            app_secret,
            verify_token,
        )
    }

    /// A Facebook Page's secrets, as for WhatsApp.
    pub fn messenger(
        page_access_token: &str,
        app_secret: &str,
        verify_token: Option<&str>,
    ) -> Self {
        AccountSecrets::meta(
            SecretName::PageAccessToken,
            page_access_token,
            app_secret,
            verify_token,
        )
    }

    fn meta(token: SecretName, value: &str, app_secret: &str, verify: Option<&str>) -> Self {
        let secrets = AccountSecrets::default()
            .with(token, value.trim())
            .with(SecretName::AppSecret, app_secret.trim());
        match verify.map(str::trim) {
            Some(v) if !v.is_empty() => secrets.with(SecretName::VerifyToken, v),
            _ => secrets,
        }
    }

    /// The secrets of a `channel` account as a script gives them: Telegram, the bot token
    /// alone; WhatsApp and Messenger, a JSON object with the token, `app_secret` and
    /// `verify_token`.
    pub fn parse_for(channel: ChannelKind, text: &str) -> Result<Self, Error> {
        if channel == ChannelKind::Telegram {
            return Ok(AccountSecrets::telegram(text));
        }
        let shape = AccountSecrets::shape_for(channel);
        let values: BTreeMap<String, String> = serde_json::from_str(text).map_err(|_| {
            Error::InvalidInput(format!("Standard input must be a JSON object: {shape}."))
        })?;
        let mut secrets = AccountSecrets::default();
        let wanted = SecretName::required_by(channel)
            .iter()
            .chain(&[SecretName::VerifyToken]);
        for name in wanted {
            match values.get(name.as_str()).map(|v| v.trim()) {
                Some(v) if !v.is_empty() => secrets = secrets.with(*name, v),
                _ => {
                    return Err(Error::InvalidInput(format!(
                        "The JSON on standard input has no \"{}\".",
                        name.as_str()
                    )))
                }
            }
        }
        Ok(secrets)
    }

    /// The JSON shape `parse_for` reads, for a prompt.
    pub fn shape_for(channel: ChannelKind) -> String {
        match channel {
            ChannelKind::Telegram => "the bot token".into(),
            _ => format!(
                r#"{{"{}": "…", "app_secret": "…", "verify_token": "…"}}"#,
                SecretName::access_token_of(channel).as_str()
            ),
        }
    }

    pub fn with(mut self, name: SecretName, value: impl Into<String>) -> Self {
        self.0
            .insert(name.as_str().to_owned(), Sensitive::new(value.into()));
        self
    }

    pub fn get(&self, name: SecretName) -> Option<&Sensitive<String>> {
        self.0.get(name.as_str())
    }

    /// The token the platform checks on every call (see [`SecretName::access_token_of`]).
    pub fn access_token(&self, channel: ChannelKind) -> Option<&Sensitive<String>> {
        self.get(SecretName::access_token_of(channel))
    }

    pub(super) fn to_json(&self) -> String {
        let plain: BTreeMap<&str, &str> = self
            .0
            .iter()
            .map(|(k, v)| (k.as_str(), v.expose().as_str()))
            .collect();
        serde_json::to_string(&plain).expect("a map of strings always serializes")
    }

    /// Names Sportello does not know (written by a newer version) are kept as they are.
    pub(super) fn from_json(json: &str) -> Result<Self, Error> {
        let plain: BTreeMap<String, String> = serde_json::from_str(json).map_err(|_| {
            Error::SecretUnreadable("the keyring entry is not in Sportello's format".into())
        })?;
        Ok(AccountSecrets(
            plain
                .into_iter()
                .map(|(k, v)| (k, Sensitive::new(v)))
                .collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_values() {
        let s = AccountSecrets::telegram("123:very-secret");
        let shown = format!("{s:?} {:?}", s.get(SecretName::BotToken));
        assert!(!shown.contains("very-secret"), "leaked: {shown}");
        assert!(shown.contains("bot_token"));
    }

    #[test]
    fn json_round_trip() {
        let s = AccountSecrets::whatsapp("EAAG", "two \"quoted\"", Some("phrase"));
        assert_eq!(AccountSecrets::from_json(&s.to_json()).unwrap(), s);
    }

    #[test]
    fn a_script_gives_meta_secrets_as_json_and_each_is_required() {
        let s = AccountSecrets::parse_for(
            ChannelKind::Messenger,
            r#"{"page_access_token":" EAAB ","app_secret":"s","verify_token":"v"}"#,
        )
        .unwrap();
        assert_eq!(
            s.access_token(ChannelKind::Messenger).unwrap().expose(),
            "EAAB"
        );
        let missing = AccountSecrets::parse_for(ChannelKind::Whatsapp, r#"{"access_token":"x"}"#)
            .unwrap_err();
        assert!(missing.to_string().contains("app_secret"), "{missing}");
        let not_json = AccountSecrets::parse_for(ChannelKind::Whatsapp, "EAAG").unwrap_err();
        assert!(not_json.to_string().contains("JSON object"), "{not_json}");
    }
}
