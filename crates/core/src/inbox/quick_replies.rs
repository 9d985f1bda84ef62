//! Quick replies through the [`Inbox`]: the shop's snippets (saved, reordered, removed, each a
//! change of the shop's log; imported and exported as JSON), filled in for one customer, and
//! sent, with their photo or document, only when every variable has a value and the platform
//! allows the reply.

use std::path::PathBuf;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use serde::{Deserialize, Serialize};

use super::handle::Inbox;
use super::media::{classify, MAX_UPLOAD_BYTES};
use crate::error::{Error, Result};
use crate::model::{
    ConversationId, MessageView, QuickReply, RenderedQuickReply, ReplyWindow, ShopChange,
    StoredFile, TemplateRef,
};
use crate::snippet::{render, VARIABLES};

/// A quick reply as the owner writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuickReplyDraft {
    /// None: a new one.
    pub id: Option<String>,
    pub shortcut: String,
    pub text: String,
    /// A new photo or document to keep with it (copied into the data folder).
    pub file: Option<PathBuf>,
    /// Keep the attachment it already has (ignored with a new `file`).
    pub keep_attachment: bool,
    pub template: Option<TemplateRef>,
}

/// One quick reply in an export file; the attachment travels inside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Exported {
    shortcut: String,
    text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    template: Option<TemplateRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    attachment: Option<ExportedFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct ExportedFile {
    file_name: String,
    /// The file's bytes, base64.
    data: String,
}

fn check_shortcut(shortcut: &str) -> Result<String> {
    let s = shortcut.trim().trim_start_matches('/').to_owned();
    let ok = !s.is_empty()
        && s.chars().count() <= 25
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if !ok {
        return Err(Error::InvalidInput(format!(
            "{shortcut:?} cannot be a shortcut: use up to 25 letters, digits, - or _, e.g. /orari."
        )));
    }
    Ok(s)
}

/// A snippet's text, refusing variables Sportello does not know (they would be typos).
fn check_text(text: &str) -> Result<String> {
    let text = text.trim().to_owned();
    if text.is_empty() || text.chars().count() > 4000 {
        return Err(Error::InvalidInput(
            "A quick reply needs a text of at most 4000 characters.".into(),
        ));
    }
    let (_, missing) = render(&text, &Default::default());
    if let Some(unknown) = missing.iter().find(|m| !VARIABLES.contains(&m.as_str())) {
        return Err(Error::InvalidInput(format!(
            "{{{unknown}}} is not a variable Sportello knows: use {{first_name}}, {{name}} or {{shop}}, each with an optional fallback like {{first_name|cliente}}."
        )));
    }
    Ok(text)
}

impl Inbox {
    pub async fn quick_replies(&self) -> Result<Vec<QuickReply>> {
        self.blocking(|s| s.quick_replies()).await
    }

    /// Adds a quick reply, or changes one (`draft.id`).
    pub async fn save_quick_reply(&self, draft: QuickReplyDraft) -> Result<QuickReply> {
        let shortcut = check_shortcut(&draft.shortcut)?;
        let text = check_text(&draft.text)?;
        let id = draft
            .id
            .clone()
            .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
        let attachment = match (&draft.file, &draft.id) {
            (Some(file), _) => Some(self.keep_file(file).await?),
            (None, Some(existing)) if draft.keep_attachment => {
                let existing = existing.clone();
                self.blocking(move |s| s.quick_reply(&existing))
                    .await?
                    .attachment
                    .map(|a| StoredFile {
                        kind: a.kind,
                        file_name: a.file_name,
                        path: a.path,
                    })
            }
            _ => None,
        };
        self.change(ShopChange::QuickReplySaved {
            id: id.clone(),
            shortcut,
            text,
            attachment,
            template: draft.template,
        })
        .await?;
        self.blocking(move |s| s.quick_reply(&id)).await
    }

    /// Removes a quick reply, by shortcut or id.
    pub async fn remove_quick_reply(&self, shortcut: String) -> Result<()> {
        let reply = self.blocking(move |s| s.quick_reply(&shortcut)).await?;
        self.change(ShopChange::QuickReplyRemoved { id: reply.id })
            .await?;
        Ok(())
    }

    /// Puts the quick replies in this order (by id).
    pub async fn order_quick_replies(&self, ids: Vec<String>) -> Result<()> {
        self.change(ShopChange::QuickRepliesOrdered { ids }).await?;
        Ok(())
    }

    /// The quick reply `/shortcut` filled in for the conversation's customer.
    pub async fn render_quick_reply(
        &self,
        conversation: ConversationId,
        shortcut: String,
    ) -> Result<RenderedQuickReply> {
        self.blocking(move |s| {
            let reply = s.quick_reply(&shortcut)?;
            let values = s.snippet_values(conversation)?;
            let (text, missing) = render(&reply.text, &values);
            Ok(RenderedQuickReply {
                shortcut: reply.shortcut,
                text,
                missing,
                attachment: reply.attachment,
                template: reply.template,
            })
        })
        .await
    }

    /// Sends the quick reply `/shortcut` to the conversation, filled in, with its attachment.
    /// Refused (naming it) when a variable has no value and no fallback, and when the reply
    /// window is closed (naming the template to send instead, if the snippet has one).
    pub async fn send_quick_reply(
        &self,
        conversation: ConversationId,
        shortcut: String,
    ) -> Result<Vec<MessageView>> {
        let rendered = self.render_quick_reply(conversation, shortcut).await?;
        if let Some(name) = rendered.missing.first() {
            return Err(Error::InvalidInput(format!(
                "/{} needs {{{name}}}, which is not known for this customer: add a fallback like {{{name}|cliente}} or write the message yourself.",
                rendered.shortcut
            )));
        }
        let summary = self.blocking(move |s| s.conversation(conversation)).await?;
        if let (ReplyWindow::Closed { reason }, Some(t)) =
            (&summary.reply_window, &rendered.template)
        {
            return Err(Error::InvalidInput(format!(
                "{} Send the template linked to /{} instead: --template {} --language {}.",
                Error::ReplyWindowClosed(*reason),
                rendered.shortcut,
                t.name,
                t.language
            )));
        }
        match rendered.attachment {
            Some(file) => Ok(vec![
                self.send_file(conversation, PathBuf::from(file.path), rendered.text)
                    .await?,
            ]),
            None => self.send_text(conversation, rendered.text, None).await,
        }
    }

    /// Every quick reply as one JSON document (attachments inside), to keep or to move.
    pub async fn export_quick_replies(&self) -> Result<String> {
        let replies = self.quick_replies().await?;
        let exported = tokio::task::spawn_blocking(move || {
            replies
                .into_iter()
                .map(|r| {
                    let attachment = match r.attachment {
                        Some(a) => Some(ExportedFile {
                            data: BASE64.encode(std::fs::read(&a.path).map_err(|e| {
                                Error::InvalidInput(format!(
                                    "The file of /{} cannot be read: {e}",
                                    r.shortcut
                                ))
                            })?),
                            file_name: a.file_name,
                        }),
                        None => None,
                    };
                    Ok(Exported {
                        shortcut: r.shortcut,
                        text: r.text,
                        template: r.template,
                        attachment,
                    })
                })
                .collect::<Result<Vec<_>>>()
        })
        .await??;
        serde_json::to_string_pretty(&exported).map_err(|e| Error::Internal(e.to_string()))
    }

    /// Adds the quick replies of an export; one with a shortcut the shop has replaces it.
    /// Returns how many were imported. Nothing is imported if any of them is not right.
    pub async fn import_quick_replies(&self, json: String) -> Result<usize> {
        let list: Vec<Exported> = serde_json::from_str(&json).map_err(|e| {
            Error::InvalidInput(format!("This is not a quick replies export ({e})."))
        })?;
        for e in &list {
            check_shortcut(&e.shortcut)?;
            check_text(&e.text)?;
        }
        let existing = self.quick_replies().await?;
        let dir = tempfile_dir(self)?;
        for e in &list {
            let file = match &e.attachment {
                Some(f) => {
                    let bytes = BASE64.decode(f.data.trim()).map_err(|_| {
                        Error::InvalidInput(format!("The file of /{} is damaged.", e.shortcut))
                    })?;
                    let name = sanitized_name(&f.file_name);
                    let path = dir.join(name);
                    std::fs::write(&path, bytes).map_err(|err| Error::StoreUnavailable {
                        path: path.display().to_string(),
                        detail: err.to_string(),
                    })?;
                    Some(path)
                }
                None => None,
            };
            let id = existing
                .iter()
                .find(|r| r.shortcut.to_lowercase() == e.shortcut.to_lowercase())
                .map(|r| r.id.clone());
            self.save_quick_reply(QuickReplyDraft {
                id,
                shortcut: e.shortcut.clone(),
                text: e.text.clone(),
                file,
                keep_attachment: false,
                template: e.template.clone(),
            })
            .await?;
        }
        let _ = std::fs::remove_dir_all(&dir);
        Ok(list.len())
    }

    /// A copy of `file` in the data folder, kept as long as the quick reply (or FAQ card).
    pub(super) async fn keep_file(&self, file: &std::path::Path) -> Result<StoredFile> {
        let meta = std::fs::metadata(file)
            .map_err(|e| Error::InvalidInput(format!("Cannot read {}: {e}", file.display())))?;
        if !meta.is_file() {
            return Err(Error::InvalidInput(format!(
                "{} is not a file.",
                file.display()
            )));
        }
        if meta.len() > MAX_UPLOAD_BYTES {
            return Err(Error::FileTooLarge(
                "The file is larger than 50 MB, the most a bot can send.".into(),
            ));
        }
        let file_name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".into());
        let (kind, ext, _) = classify(&file_name, meta.len());
        let dir = self.data_dir().join("quick-replies");
        crate::paths::create_private_dir(&dir)?;
        let copy = dir.join(format!("{}.{ext}", uuid::Uuid::new_v4()));
        let (from, to) = (file.to_owned(), copy.clone());
        tokio::task::spawn_blocking(move || {
            std::fs::copy(&from, &to).inspect(|_| crate::paths::make_private(&to))
        })
        .await?
        .map_err(|e| Error::InvalidInput(format!("Cannot read {}: {e}", file.display())))?;
        Ok(StoredFile {
            kind: kind.into(),
            file_name,
            path: copy.to_string_lossy().into_owned(),
        })
    }
}

/// A folder for an import's files until they are kept.
fn tempfile_dir(inbox: &Inbox) -> Result<PathBuf> {
    let dir = inbox
        .data_dir()
        .join(format!("import-{}", uuid::Uuid::new_v4()));
    crate::paths::create_private_dir(&dir)?;
    Ok(dir)
}

/// A file name from an export, made safe to write: no folders, nothing hidden.
fn sanitized_name(name: &str) -> String {
    let base = std::path::Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '/' && *c != '\\')
        .collect::<String>()
        .trim_start_matches('.')
        .chars()
        .take(100)
        .collect();
    if cleaned.is_empty() {
        "file".into()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_are_short_words() {
        assert_eq!(check_shortcut("/orari").unwrap(), "orari");
        assert_eq!(check_shortcut(" prezzi_torte ").unwrap(), "prezzi_torte");
        assert_eq!(check_shortcut("òrari-2").unwrap(), "òrari-2");
        assert!(check_shortcut("due parole").is_err());
        assert!(check_shortcut("/").is_err());
        assert!(check_shortcut(&"x".repeat(26)).is_err());
    }

    #[test]
    fn a_snippet_with_an_unknown_variable_is_refused_when_saved() {
        assert!(check_text("Ciao {first_name|cliente}, siamo {shop}").is_ok());
        let e = check_text("Ciao {nome}").unwrap_err();
        assert!(e.to_string().contains("{nome}"), "{e}");
        assert!(check_text("   ").is_err());
    }

    #[test]
    fn names_from_an_export_stay_in_their_folder() {
        assert_eq!(sanitized_name("../../etc/passwd"), "passwd");
        assert_eq!(sanitized_name(".bashrc"), "bashrc");
        assert_eq!(sanitized_name(""), "file");
        assert_eq!(sanitized_name("menù.pdf"), "menù.pdf");
    }
}
