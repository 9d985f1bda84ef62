//! When to show a desktop notification, and what it says: one policy function over the new
//! messages of a burst, where the window is, and the shop owner's settings. No I/O here; the
//! app shows what this decides (notify-rust), so the rules are tested on their own.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{ChannelKind, ConversationId};

/// The shop owner's notification choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct NotificationSettings {
    /// "Pause notifications" from the tray.
    pub paused: bool,
    /// Show the message's words; off for privacy (a shared counter screen).
    pub show_preview: bool,
    pub sound: bool,
    /// Quiet hours in minutes after local midnight, e.g. 22:00–07:00 is 1320 and 420.
    pub quiet_from: Option<u16>,
    pub quiet_to: Option<u16>,
}

impl Default for NotificationSettings {
    fn default() -> Self {
        NotificationSettings {
            paused: false,
            show_preview: true,
            sound: false,
            quiet_from: None,
            quiet_to: None,
        }
    }
}

impl NotificationSettings {
    fn quiet_at(&self, minute_of_day: u16) -> bool {
        match (self.quiet_from, self.quiet_to) {
            (Some(from), Some(to)) if from <= to => (from..to).contains(&minute_of_day),
            // Across midnight: 22:00–07:00.
            (Some(from), Some(to)) => minute_of_day >= from || minute_of_day < to,
            _ => false,
        }
    }
}

/// A new customer message, as the notification policy sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    pub conversation_id: ConversationId,
    pub customer: String,
    pub channel: ChannelKind,
    /// The text, or what kind of message it is ("Photo").
    pub preview: String,
    pub muted: bool,
}

/// Where the shop owner is looking.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WindowFocus {
    pub focused: bool,
    pub open_conversation: Option<ConversationId>,
}

/// What to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub summary: String,
    pub body: String,
    /// The chat to open when the notification is clicked (one chat only).
    pub conversation_id: Option<ConversationId>,
    pub sound: bool,
}

/// The words a notice is made of, in the UI's language.
pub struct NoticeWords<'a> {
    /// "New message" (body when the preview is hidden).
    pub new_message: &'a str,
    /// "{n} new messages in {chats} chats".
    pub many: &'a dyn Fn(usize, usize) -> String,
}

/// Whether a burst of new customer messages deserves a notification, and which one: none when
/// paused, in quiet hours, for muted chats, or for the chat the owner is reading in the focused
/// window; one per burst, grouped when it spans several messages.
pub fn should_notify(
    burst: &[NewMessage],
    focus: WindowFocus,
    settings: &NotificationSettings,
    minute_of_day: u16,
    words: &NoticeWords<'_>,
) -> Option<Notice> {
    if settings.paused || settings.quiet_at(minute_of_day) {
        return None;
    }
    let news: Vec<&NewMessage> = burst
        .iter()
        .filter(|m| !m.muted)
        .filter(|m| !(focus.focused && focus.open_conversation == Some(m.conversation_id)))
        .collect();
    let first = news.first()?;
    let mut chats: Vec<ConversationId> = news.iter().map(|m| m.conversation_id).collect();
    chats.sort_unstable();
    chats.dedup();
    let notice = if news.len() == 1 {
        Notice {
            summary: format!("{} · {}", first.customer, first.channel.display_name()),
            body: if settings.show_preview {
                first.preview.chars().take(200).collect()
            } else {
                words.new_message.to_owned()
            },
            conversation_id: Some(first.conversation_id),
            sound: settings.sound,
        }
    } else {
        let single_chat = chats.len() == 1;
        Notice {
            summary: if single_chat {
                format!("{} · {}", first.customer, first.channel.display_name())
            } else {
                "Sportello".to_owned()
            },
            body: (words.many)(news.len(), chats.len()),
            conversation_id: single_chat.then_some(first.conversation_id),
            sound: settings.sound,
        }
    };
    Some(notice)
}

/// A snoozed chat is back (the owner asked to be reminded): a notice unless notifications are
/// paused or it is quiet time. Muted chats remind too: the owner set the reminder themselves.
pub fn should_remind(
    customer: &str,
    conversation_id: ConversationId,
    settings: &NotificationSettings,
    minute_of_day: u16,
    body: &str,
) -> Option<Notice> {
    if settings.paused || settings.quiet_at(minute_of_day) {
        return None;
    }
    Some(Notice {
        summary: customer.to_owned(),
        body: body.to_owned(),
        conversation_id: Some(conversation_id),
        sound: settings.sound,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reminder_respects_pause_and_quiet_hours() {
        let mut settings = NotificationSettings::default();
        let notice = should_remind("Giulia", 7, &settings, 600, "Follow up?").unwrap();
        assert_eq!(notice.conversation_id, Some(7));
        assert_eq!(notice.body, "Follow up?");
        settings.quiet_from = Some(540);
        settings.quiet_to = Some(660);
        assert!(should_remind("Giulia", 7, &settings, 600, "x").is_none());
        settings.quiet_from = None;
        settings.paused = true;
        assert!(should_remind("Giulia", 7, &settings, 600, "x").is_none());
    }

    fn msg(conversation_id: i64, customer: &str, preview: &str) -> NewMessage {
        NewMessage {
            conversation_id,
            customer: customer.into(),
            channel: ChannelKind::Whatsapp,
            preview: preview.into(),
            muted: false,
        }
    }

    fn words() -> NoticeWords<'static> {
        NoticeWords {
            new_message: "New message",
            many: &|n, chats| format!("{n} new messages in {chats} chats"),
        }
    }

    fn notice(
        burst: &[NewMessage],
        focus: WindowFocus,
        s: &NotificationSettings,
    ) -> Option<Notice> {
        should_notify(burst, focus, s, 12 * 60, &words())
    }

    #[test]
    fn one_message_names_the_customer_and_the_channel() {
        let n = notice(
            &[msg(1, "Giulia", "Avete la torta?")],
            WindowFocus::default(),
            &Default::default(),
        )
        .unwrap();
        assert_eq!(n.summary, "Giulia · WhatsApp");
        assert_eq!(n.body, "Avete la torta?");
        assert_eq!(n.conversation_id, Some(1));
    }

    #[test]
    fn a_burst_is_grouped() {
        let burst = [
            msg(1, "A", "x"),
            msg(2, "B", "y"),
            msg(3, "C", "z"),
            msg(1, "A", "w"),
            msg(2, "B", "v"),
        ];
        let n = notice(&burst, WindowFocus::default(), &Default::default()).unwrap();
        assert_eq!(n.body, "5 new messages in 3 chats");
        assert_eq!(n.conversation_id, None);
    }

    #[test]
    fn muted_chats_the_open_chat_paused_and_quiet_hours_stay_silent() {
        let mut muted = msg(1, "A", "x");
        muted.muted = true;
        assert_eq!(
            notice(&[muted], WindowFocus::default(), &Default::default()),
            None
        );
        let reading = WindowFocus {
            focused: true,
            open_conversation: Some(1),
        };
        assert_eq!(
            notice(&[msg(1, "A", "x")], reading, &Default::default()),
            None
        );
        let away = WindowFocus {
            focused: false,
            open_conversation: Some(1),
        };
        assert!(
            notice(&[msg(1, "A", "x")], away, &Default::default()).is_some(),
            "open but not looked at"
        );
        let paused = NotificationSettings {
            paused: true,
            ..Default::default()
        };
        assert_eq!(
            notice(&[msg(1, "A", "x")], WindowFocus::default(), &paused),
            None
        );
        let night = NotificationSettings {
            quiet_from: Some(22 * 60),
            quiet_to: Some(7 * 60),
            ..Default::default()
        };
        assert_eq!(
            should_notify(
                &[msg(1, "A", "x")],
                WindowFocus::default(),
                &night,
                23 * 60,
                &words()
            ),
            None
        );
        assert_eq!(
            should_notify(
                &[msg(1, "A", "x")],
                WindowFocus::default(),
                &night,
                6 * 60,
                &words()
            ),
            None
        );
        assert!(should_notify(
            &[msg(1, "A", "x")],
            WindowFocus::default(),
            &night,
            12 * 60,
            &words()
        )
        .is_some());
    }

    #[test]
    fn the_preview_can_be_hidden() {
        let private = NotificationSettings {
            show_preview: false,
            ..Default::default()
        };
        let n = notice(
            &[msg(1, "A", "my secret order")],
            WindowFocus::default(),
            &private,
        )
        .unwrap();
        assert_eq!(n.body, "New message");
    }
}
