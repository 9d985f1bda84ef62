//! The shop's settings through the [`Inbox`]: one JSON value per key, and the notification
//! choices.

use super::handle::Inbox;
use crate::error::Result;
use crate::notify::NotificationSettings;

impl Inbox {
    /// A setting by key (its default when never set).
    pub async fn setting<T>(&self, key: &'static str) -> Result<T>
    where
        T: serde::de::DeserializeOwned + Default + Send + 'static,
    {
        self.blocking(move |s| s.setting(key)).await
    }

    pub async fn set_setting<T>(&self, key: &'static str, value: T) -> Result<()>
    where
        T: serde::Serialize + Send + 'static,
    {
        self.blocking(move |s| s.set_setting(key, &value)).await
    }

    pub async fn notification_settings(&self) -> Result<NotificationSettings> {
        self.blocking(|s| s.setting("notifications")).await
    }

    pub async fn set_notification_settings(&self, settings: NotificationSettings) -> Result<()> {
        self.blocking(move |s| s.set_setting("notifications", &settings))
            .await
    }
}
