//! Desktop notifications (notify-rust) for new customer messages. Core decides whether and
//! what ([`sportello_core::notify::should_notify`]); this collects a burst, asks, and shows it.
//! Clicking a notification for one chat opens that chat.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use sportello_core::notify::{should_notify, should_remind, Notice, NoticeWords, WindowFocus};
use sportello_core::{CoreEvent, Inbox};
use tauri::{AppHandle, Emitter};
use tokio::sync::broadcast::error::RecvError;

/// Messages arriving this close together make one notification.
const BURST: Duration = Duration::from_millis(800);

/// The UI's words for notifications, in its language (it sends them at start).
#[derive(Debug, Clone, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Words {
    pub new_message: String,
    /// With `{n}` and `{chats}`: several messages in several chats.
    pub many: String,
    /// With `{n}`: several messages in one chat.
    pub many_in_chat: String,
    /// The first-time hint that closing the window left Sportello in the tray.
    pub kept_running: String,
    pub kept_running_body: String,
    /// A snoozed chat came back.
    pub snooze_back: String,
    /// A follow-up came back: the customer did not answer.
    pub follow_up_due: String,
}

impl Default for Words {
    fn default() -> Self {
        Words {
            new_message: "New message".into(),
            many: "{n} new messages in {chats} chats".into(),
            many_in_chat: "{n} new messages".into(),
            kept_running: "Sportello keeps running".into(),
            kept_running_body:
                "It is still receiving messages. Open it from the tray icon; Quit is in its menu."
                    .into(),
            snooze_back: "The snoozed chat is back".into(),
            follow_up_due: "No answer yet: time to follow up".into(),
        }
    }
}

/// Where the shop owner is looking, as the window reports it, and the window's words.
#[derive(Default)]
pub struct Attention {
    pub focus: Mutex<WindowFocus>,
    pub words: Mutex<Words>,
}

impl Attention {
    pub fn words(&self) -> Words {
        self.words.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn set_words(&self, words: Words) {
        *self.words.lock().unwrap_or_else(|p| p.into_inner()) = words;
    }

    fn focus(&self) -> WindowFocus {
        *self.focus.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` on what the window last said about where the owner looks.
    pub fn update_focus(&self, f: impl FnOnce(&mut WindowFocus)) {
        f(&mut self.focus.lock().unwrap_or_else(|p| p.into_inner()));
    }
}

/// What deciding on a notification needs: the inbox, where the owner looks, and the
/// computer's time zone (quiet hours are local time).
#[derive(Clone)]
pub struct Notifier {
    pub inbox: Inbox,
    pub attention: Arc<Attention>,
    pub local_offset: time::UtcOffset,
}

pub fn start(app: AppHandle, notifier: Notifier) {
    let mut events = notifier.inbox.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            let first = match events.recv().await {
                Ok(CoreEvent::MessagesAdded { messages, .. }) => messages,
                Ok(CoreEvent::SnoozeEnded {
                    conversation_id,
                    follow_up,
                }) => {
                    if let Some(notice) = remind(&notifier, conversation_id, follow_up).await {
                        show(app.clone(), notice);
                    }
                    continue;
                }
                Ok(_) | Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return,
            };
            let mut ids = first;
            let deadline = tokio::time::Instant::now() + BURST;
            while let Ok(Ok(event)) = tokio::time::timeout_at(deadline, events.recv()).await {
                if let CoreEvent::MessagesAdded { messages, .. } = event {
                    ids.extend(messages);
                }
            }
            if let Some(notice) = decide(&notifier, ids).await {
                show(app.clone(), notice);
            }
        }
    });
}

async fn decide(notifier: &Notifier, ids: Vec<i64>) -> Option<Notice> {
    let settings = notifier.inbox.notification_settings().await.ok()?;
    let burst = notifier.inbox.new_messages(ids).await.ok()?;
    let focus = notifier.attention.focus();
    let words = notifier.attention.words();
    let many = |n: usize, chats: usize| {
        let template = if chats == 1 {
            &words.many_in_chat
        } else {
            &words.many
        };
        template
            .replace("{n}", &n.to_string())
            .replace("{chats}", &chats.to_string())
    };
    let minute = minute_now(notifier);
    should_notify(
        &burst,
        focus,
        &settings,
        minute,
        &NoticeWords {
            new_message: &words.new_message,
            many: &many,
        },
    )
}

/// A snoozed chat that came back, said in the window's words.
async fn remind(notifier: &Notifier, conversation: i64, follow_up: bool) -> Option<Notice> {
    let settings = notifier.inbox.notification_settings().await.ok()?;
    let chat = notifier.inbox.conversation(conversation).await.ok()?;
    let words = notifier.attention.words();
    let body = if follow_up {
        words.follow_up_due
    } else {
        words.snooze_back
    };
    should_remind(
        &chat.title,
        conversation,
        &settings,
        minute_now(notifier),
        &body,
    )
}

fn minute_now(notifier: &Notifier) -> u16 {
    let now = time::OffsetDateTime::now_utc().to_offset(notifier.local_offset);
    now.hour() as u16 * 60 + now.minute() as u16
}

/// Shows the notice; waits (on its own thread) for a click, which opens the chat.
fn show(app: AppHandle, notice: Notice) {
    std::thread::spawn(move || {
        let mut n = notify_rust::Notification::new();
        n.appname("Sportello")
            .summary(&notice.summary)
            .body(&notice.body)
            .icon("mail-message-new");
        if notice.sound {
            n.sound_name("message-new-instant");
        }
        #[cfg(all(unix, not(target_os = "macos")))]
        n.action("default", "Open");
        let shown = match n.show() {
            Ok(h) => h,
            Err(e) => {
                tracing::warn!("cannot show a notification: {e}");
                return;
            }
        };
        #[cfg(all(unix, not(target_os = "macos")))]
        shown.wait_for_action(|action| {
            if action == "default" {
                crate::window::show(&app);
                if let Some(id) = notice.conversation_id {
                    let _ = app.emit(crate::events::OPEN_CONVERSATION_EVENT, id);
                }
            }
        });
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        let _ = (shown, &app);
    });
}
