//! Click-to-chat posters: one code the shop chooses, three links that carry it back.
//!
//! - WhatsApp `https://wa.me/<number>?text=…`: wa.me carries no referral, so the code rides in
//!   the prefilled text as `#code`, and is recognised when the customer sends it.
//! - Messenger `https://m.me/<page>?ref=<code>`: the `ref` comes back in the postback's or the
//!   `messaging_referrals` event's `referral`.
//! - Telegram `https://t.me/<bot>?start=<code>`: the customer's first message is
//!   `/start <code>` (the payload allows `[A-Za-z0-9_-]{1,64}`, the rule poster codes keep).

/// Whether `code` may be a poster code: what Telegram's start payload allows.
pub fn valid_code(code: &str) -> bool {
    (1..=64).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The text the customer's WhatsApp opens with: the shop's words, then the code.
pub fn whatsapp_text(text: &str, code: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        format!("#{code}")
    } else {
        format!("{text} #{code}")
    }
}

pub fn whatsapp_link(phone: &str, text: &str, code: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    format!(
        "https://wa.me/{digits}?text={}",
        encode(&whatsapp_text(text, code))
    )
}

pub fn messenger_link(page: &str, code: &str) -> String {
    format!("https://m.me/{}?ref={}", encode(page), encode(code))
}

pub fn telegram_link(bot_username: &str, code: &str) -> String {
    format!(
        "https://t.me/{}?start={}",
        encode(bot_username.trim_start_matches('@')),
        encode(code)
    )
}

/// The code a Telegram message carries: `/start vetrina-natale` (or `/start@ShopBot …`).
pub fn telegram_start(text: &str) -> Option<&str> {
    let rest = text.trim().strip_prefix("/start")?;
    let rest = match rest.strip_prefix('@') {
        Some(bot) => bot.split_once(char::is_whitespace)?.1,
        None => rest.strip_prefix(char::is_whitespace)?,
    };
    let code = rest.trim();
    valid_code(code).then_some(code)
}

/// The codes written as `#code` in a message (WhatsApp's prefilled text), in order.
pub fn hashtag_codes(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace())
        .filter_map(|w| w.strip_prefix('#'))
        .map(|w| w.trim_end_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')))
        .filter(|c| valid_code(c))
        .collect()
}

/// The `ref` of a Messenger referral (as kept with the message: the platform's JSON).
pub fn messenger_ref(referral_json: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(referral_json).ok()?;
    let r = v.get("ref")?.as_str()?;
    valid_code(r).then(|| r.to_owned())
}

/// Percent-encoding for a URL's path segment or query value (RFC 3986 unreserved kept).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_telegram_s_start_payload_rule() {
        assert!(valid_code("vetrina-natale"));
        assert!(valid_code(&"a".repeat(64)));
        for bad in ["", "vetrina natale", "città", "a/b", &"a".repeat(65)] {
            assert!(!valid_code(bad), "{bad:?}");
        }
    }

    #[test]
    fn the_three_links_carry_the_code() {
        assert_eq!(
            whatsapp_link("+39 333 123 4567", "Ciao, vorrei il panettone!", "vetrina-natale"),
            "https://wa.me/393331234567?text=Ciao%2C%20vorrei%20il%20panettone%21%20%23vetrina-natale"
        );
        assert_eq!(
            messenger_link("123456789", "vetrina-natale"),
            "https://m.me/123456789?ref=vetrina-natale"
        );
        assert_eq!(
            telegram_link("@ForneriaBot", "vetrina-natale"),
            "https://t.me/ForneriaBot?start=vetrina-natale"
        );
    }

    #[test]
    fn arrivals_are_recognised_on_each_channel() {
        assert_eq!(
            telegram_start("/start vetrina-natale"),
            Some("vetrina-natale")
        );
        assert_eq!(
            telegram_start("/start@ForneriaBot vetrina"),
            Some("vetrina")
        );
        assert_eq!(telegram_start("/start"), None);
        assert_eq!(telegram_start("/starting now"), None);
        assert_eq!(telegram_start("/start a b"), None);
        assert_eq!(
            hashtag_codes("Ciao, vorrei il panettone! #vetrina-natale."),
            ["vetrina-natale"]
        );
        assert!(hashtag_codes("prezzo #1? no: # vuoto").contains(&"1"));
        assert_eq!(
            messenger_ref(r#"{"ref":"vetrina-natale","source":"SHORTLINK","type":"OPEN_THREAD"}"#),
            Some("vetrina-natale".into())
        );
        assert_eq!(messenger_ref(r#"{"source":"ADS"}"#), None);
        assert_eq!(messenger_ref("not json"), None);
    }
}
