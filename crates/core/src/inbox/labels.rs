//! The shop's labels through the [`Inbox`]: making, changing and removing them, and putting
//! them on conversations (one of a group at a time). Each is a change of the shop's log.

use super::handle::Inbox;
use crate::error::{Error, Result};
use crate::model::{ConversationId, ConversationSummary, Label, ShopChange};
use crate::store::MAX_LABELS;

/// Colours a new label takes in turn when none is chosen (readable on light and dark).
const PALETTE: [&str; 10] = [
    "#25d366", "#34b7f1", "#f4b400", "#e8505b", "#8e6cef", "#00a884", "#ff8a3d", "#5c6bc0",
    "#c2185b", "#6d8f1f",
];

/// What the owner typed for a label, checked.
fn label_of(
    id: Option<String>,
    name: &str,
    color: Option<&str>,
    group: Option<&str>,
    existing: &[Label],
) -> Result<Label> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 40 {
        return Err(Error::InvalidInput(
            "A label needs a name of at most 40 characters.".into(),
        ));
    }
    let color = match color.map(str::trim) {
        None | Some("") => PALETTE[existing.len() % PALETTE.len()].to_owned(),
        Some(c) if is_hex_color(c) => c.to_ascii_lowercase(),
        Some(c) => {
            return Err(Error::InvalidInput(format!(
                "{c:?} is not a colour like #25d366."
            )))
        }
    };
    Ok(Label {
        id: id.unwrap_or_else(|| uuid::Uuid::now_v7().to_string()),
        name: name.to_owned(),
        color,
        group: group
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .map(str::to_owned),
    })
}

fn is_hex_color(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit())
}

impl Inbox {
    pub async fn labels(&self) -> Result<Vec<Label>> {
        self.blocking(|s| s.labels()).await
    }

    /// Adds a label, or changes label `id`.
    pub async fn save_label(
        &self,
        id: Option<String>,
        name: String,
        color: Option<String>,
        group: Option<String>,
    ) -> Result<Label> {
        let existing = self.labels().await?;
        if id.is_none() && existing.len() as i64 >= MAX_LABELS {
            return Err(Error::InvalidInput(format!(
                "A shop can keep {MAX_LABELS} labels; remove one first."
            )));
        }
        let label = label_of(id, &name, color.as_deref(), group.as_deref(), &existing)?;
        self.change(ShopChange::LabelSaved {
            label: label.clone(),
        })
        .await?;
        Ok(label)
    }

    /// Removes a label (by id or name) from the shop and from every conversation.
    pub async fn remove_label(&self, label: String) -> Result<()> {
        let label = self.blocking(move |s| s.label_named(&label)).await?;
        self.change(ShopChange::LabelRemoved { id: label.id })
            .await?;
        Ok(())
    }

    /// Puts labels (by name or id) on a conversation; a label of a group takes the others of
    /// its group off.
    pub async fn label(
        &self,
        conversation: ConversationId,
        labels: Vec<String>,
    ) -> Result<ConversationSummary> {
        self.relabel(conversation, labels, true).await
    }

    pub async fn unlabel(
        &self,
        conversation: ConversationId,
        labels: Vec<String>,
    ) -> Result<ConversationSummary> {
        self.relabel(conversation, labels, false).await
    }

    async fn relabel(
        &self,
        conversation: ConversationId,
        names: Vec<String>,
        on: bool,
    ) -> Result<ConversationSummary> {
        let key = self.key(conversation).await?;
        for name in names {
            let label = self.blocking(move |s| s.label_named(&name)).await?;
            let change = if on {
                ShopChange::Labelled {
                    conversation: key.clone(),
                    label: label.id,
                }
            } else {
                ShopChange::Unlabelled {
                    conversation: key.clone(),
                    label: label.id,
                }
            };
            self.change(change).await?;
        }
        self.blocking(move |s| s.conversation(conversation)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_is_checked_and_gets_a_colour() {
        let first = label_of(None, " Pagato ", None, Some(" Ordine "), &[]).unwrap();
        assert_eq!(first.name, "Pagato");
        assert_eq!(first.group.as_deref(), Some("Ordine"));
        assert_eq!(first.color, PALETTE[0]);
        let second = label_of(None, "VIP", Some("#FFAA00"), Some(""), &[first]).unwrap();
        assert_eq!(second.color, "#ffaa00");
        assert_eq!(second.group, None);
        assert!(label_of(None, "  ", None, None, &[]).is_err());
        assert!(label_of(None, "x", Some("red"), None, &[]).is_err());
    }
}
