//! Attachments' bytes: fetched from the platform on first view into `<data dir>/media`, kept
//! there for offline viewing; and files the shop sends, copied there first so the outbox
//! survives the original being moved.

use std::path::{Path, PathBuf};

use super::handle::Inbox;
use crate::bus::CoreEvent;
use crate::channel::{Channel, OutgoingFile};
use crate::error::{ChannelError, Error, Result};
use crate::model::{AccountId, ConversationId, MessageView};

/// The largest file the shop can send: the Bot API's upload limit for documents.
pub(super) const MAX_UPLOAD_BYTES: u64 = 50 * 1024 * 1024;
/// Telegram sends photos up to 10 MB as photos; larger images go as documents.
const MAX_PHOTO_BYTES: u64 = 10 * 1024 * 1024;

/// What the system's apps may open from a customer: documents, pictures, audio, video,
/// contact cards and calendars. Anything else (programs, scripts, launchers, installers,
/// shortcuts) is never opened.
const SAFE_TO_OPEN: [&str; 38] = [
    "pdf", "txt", "csv", "rtf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp",
    "jpg", "jpeg", "png", "webp", "gif", "heic", "bmp", "tif", "tiff", "mp4", "mov", "webm", "mkv",
    "3gp", "avi", "ogg", "oga", "opus", "mp3", "m4a", "aac", "wav", "amr", "vcf", "ics",
];

fn safe_to_open(path: &Path) -> Result<()> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if SAFE_TO_OPEN.contains(&ext.as_str()) {
        return Ok(());
    }
    Err(Error::UnsafeFile(ext))
}

fn extension(kind: &str, file_name: Option<&str>, mime: Option<&str>) -> String {
    let from_name = file_name
        .and_then(|n| Path::new(n).extension())
        .and_then(|e| e.to_str())
        .filter(|e| e.len() <= 8 && e.chars().all(|c| c.is_ascii_alphanumeric()));
    let from_mime = mime.and_then(|m| match m {
        "image/jpeg" => Some("jpg"),
        "image/png" => Some("png"),
        "image/webp" => Some("webp"),
        "audio/ogg" => Some("ogg"),
        "audio/mpeg" => Some("mp3"),
        "video/mp4" => Some("mp4"),
        "application/pdf" => Some("pdf"),
        _ => None,
    });
    let by_kind = match kind {
        "photo" => "jpg",
        "voice" => "ogg",
        "video" | "video_note" | "animation" => "mp4",
        "sticker" => "webp",
        "audio" => "mp3",
        _ => "bin",
    };
    from_name
        .or(from_mime)
        .unwrap_or(by_kind)
        .to_ascii_lowercase()
}

/// How a file the shop sends goes out: a photo (an image up to 10 MB) or a document, its
/// extension and type.
pub(super) fn classify(file_name: &str, size: u64) -> (&'static str, String, Option<String>) {
    let ext = extension("document", Some(file_name), None);
    let is_image = matches!(ext.as_str(), "jpg" | "jpeg" | "png" | "webp");
    let kind = if is_image && size <= MAX_PHOTO_BYTES {
        "photo"
    } else {
        "document"
    };
    let mime_type = match ext.as_str() {
        "jpg" | "jpeg" => Some("image/jpeg"),
        "png" => Some("image/png"),
        "webp" => Some("image/webp"),
        "pdf" => Some("application/pdf"),
        _ => None,
    }
    .map(str::to_owned);
    (kind, ext, mime_type)
}

fn media_dir(inbox: &Inbox) -> Result<PathBuf> {
    let dir = inbox.data_dir().join("media");
    crate::paths::create_private_dir(&dir)?;
    Ok(dir)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("part");
    let io = |e: std::io::Error| Error::StoreUnavailable {
        path: path.display().to_string(),
        detail: e.to_string(),
    };
    std::fs::write(&tmp, bytes).map_err(io)?;
    crate::paths::make_private(&tmp);
    std::fs::rename(&tmp, path).map_err(io)
}

impl Inbox {
    /// The local file of an attachment (or of its thumbnail), fetching it on first view.
    pub async fn attachment_file(&self, id: i64, thumbnail: bool) -> Result<PathBuf> {
        let source = self.blocking(move |s| s.attachment_source(id)).await?;
        if !thumbnail {
            if let Some(p) = source.local_path.as_deref().map(PathBuf::from) {
                if p.exists() {
                    return Ok(p);
                }
            }
        }
        let remote = match (thumbnail, &source.thumb_ref) {
            (true, Some(t)) => t.clone(),
            _ => source.remote_ref.clone().ok_or_else(|| {
                Error::InvalidInput("This attachment has no file to download.".into())
            })?,
        };
        let ext = if thumbnail {
            "jpg".to_owned()
        } else {
            extension(
                &source.kind,
                source.file_name.as_deref(),
                source.mime_type.as_deref(),
            )
        };
        let path = media_dir(self)?.join(format!(
            "{id}{}.{ext}",
            if thumbnail { "-thumb" } else { "" }
        ));
        if thumbnail && path.exists() {
            return Ok(path);
        }
        let account_id = source.account_id;
        let account = self.blocking(move |s| s.account(account_id)).await?;
        let channel = self.connect_account(&account).await?;
        self.download(id, thumbnail, &remote, path, channel.as_ref())
            .await
    }

    async fn download(
        &self,
        id: i64,
        thumbnail: bool,
        remote: &str,
        path: PathBuf,
        channel: &dyn Channel,
    ) -> Result<PathBuf> {
        let bytes = channel.fetch_media(remote).await?;
        let (p, b) = (path.clone(), bytes);
        tokio::task::spawn_blocking(move || write_atomically(&p, &b)).await??;
        if !thumbnail {
            let stored = path.to_string_lossy().into_owned();
            self.blocking(move |s| s.set_attachment_local(id, &stored))
                .await?;
        }
        Ok(path)
    }

    /// Downloads what the account received but has not fetched yet, oldest first. For platforms
    /// whose media links expire within minutes (WhatsApp) this runs right after each batch; a
    /// failure is recorded on the attachment (and shown) and tried again on the next pass.
    pub(crate) async fn prefetch_media(&self, account: AccountId, channel: &dyn Channel) {
        let due = match self
            .blocking(move |s| s.attachments_to_prefetch(account, 20))
            .await
        {
            Ok(due) => due,
            Err(e) => {
                tracing::warn!(account, "cannot list media to fetch: {e}");
                return;
            }
        };
        for (id, source) in due {
            let Some(remote) = source.remote_ref.clone() else {
                continue;
            };
            let dir = match media_dir(self) {
                Ok(d) => d,
                Err(e) => {
                    tracing::warn!("cannot keep media: {e}");
                    return;
                }
            };
            let ext = extension(
                &source.kind,
                source.file_name.as_deref(),
                source.mime_type.as_deref(),
            );
            let path = dir.join(format!("{id}.{ext}"));
            match self.download(id, false, &remote, path, channel).await {
                Ok(_) => {
                    if let Ok(message) = self.blocking(move |s| s.attachment_message(id)).await {
                        self.publish(CoreEvent::MessageChanged { message });
                    }
                }
                Err(e) => {
                    tracing::info!(attachment = id, code = %e.code(), "media fetch failed: {e}");
                    let reason = e.to_string();
                    let offline = matches!(&e, Error::Channel(ChannelError::Offline { .. }));
                    let _ = self
                        .blocking(move |s| s.attachment_fetch_failed(id, &reason))
                        .await;
                    if let Ok(message) = self.blocking(move |s| s.attachment_message(id)).await {
                        self.publish(CoreEvent::MessageChanged { message });
                    }
                    if offline {
                        return;
                    }
                }
            }
        }
        self.fetch_pictures(account, channel).await;
    }

    /// Downloads customers' profile pictures (Messenger) into `<data dir>/media` (the one folder
    /// the window may read files from).
    pub(crate) async fn fetch_pictures(&self, account: AccountId, channel: &dyn Channel) -> usize {
        let due = match self
            .blocking(move |s| s.pictures_to_fetch(account, 20))
            .await
        {
            Ok(d) => d,
            Err(_) => return 0,
        };
        let mut fetched = 0;
        for (contact, url) in due {
            let path = match media_dir(self) {
                Ok(d) => d.join(format!("picture-{contact}.jpg")),
                Err(_) => return fetched,
            };
            match channel.fetch_media(&url).await {
                Ok(bytes) => {
                    let (p, b) = (path.clone(), bytes);
                    if tokio::task::spawn_blocking(move || write_atomically(&p, &b))
                        .await
                        .is_ok_and(|r| r.is_ok())
                    {
                        let stored = path.to_string_lossy().into_owned();
                        if self
                            .blocking(move |s| s.set_picture_local(contact, &stored))
                            .await
                            .is_ok()
                        {
                            fetched += 1;
                        }
                    }
                }
                Err(e) => {
                    tracing::debug!(contact, code = %e.code(), "picture not fetched: {e}");
                    let _ = self.blocking(move |s| s.picture_failed(contact)).await;
                }
            }
        }
        if fetched > 0 {
            self.publish(CoreEvent::ConversationsChanged {
                account_id: account,
            });
        }
        fetched
    }

    /// A customer's file, downloaded if need be, for the owner to open with the system's app.
    /// Only documents, pictures, audio and video are handed over: a file that could run a
    /// program (an .exe, a script, a .desktop launcher) is refused, whatever it is called.
    pub async fn file_to_open(&self, id: i64) -> Result<PathBuf> {
        let path = self.attachment_file(id, false).await?;
        safe_to_open(&path)?;
        Ok(path)
    }

    /// Queues several files the owner chose at once, each as its own message, in order; the
    /// caption goes with the first.
    pub async fn send_files(
        &self,
        conversation: ConversationId,
        files: Vec<PathBuf>,
        caption: String,
    ) -> Result<Vec<MessageView>> {
        let mut sent = Vec::with_capacity(files.len());
        let mut caption = Some(caption);
        for file in files {
            let text = caption.take().unwrap_or_default();
            sent.push(self.send_file(conversation, file, text).await?);
        }
        Ok(sent)
    }

    /// Queues a photo or document for a conversation, with an optional caption. The file is
    /// copied into the local cache first.
    pub async fn send_file(
        &self,
        conversation: ConversationId,
        source: PathBuf,
        caption: String,
    ) -> Result<MessageView> {
        let meta = std::fs::metadata(&source)
            .map_err(|e| Error::InvalidInput(format!("Cannot read {}: {e}", source.display())))?;
        if !meta.is_file() {
            return Err(Error::InvalidInput(format!(
                "{} is not a file.",
                source.display()
            )));
        }
        if meta.len() > MAX_UPLOAD_BYTES {
            return Err(Error::FileTooLarge(
                "The file is larger than 50 MB, the most a bot can send. Share it by a link instead.".into(),
            ));
        }
        if caption.chars().map(char::len_utf16).sum::<usize>() > 1024 {
            return Err(Error::InvalidInput(
                "A caption can be at most 1024 characters; send the rest as a message.".into(),
            ));
        }
        let file_name = source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".into());
        let (kind, ext, mime_type) = classify(&file_name, meta.len());
        let copy = media_dir(self)?.join(format!("out-{}.{ext}", uuid::Uuid::new_v4()));
        let (from, to) = (source.clone(), copy.clone());
        // std::fs::copy carries the source's permissions over: the copy is made private.
        tokio::task::spawn_blocking(move || {
            std::fs::copy(&from, &to).inspect(|_| crate::paths::make_private(&to))
        })
        .await?
        .map_err(|e| Error::InvalidInput(format!("Cannot read {}: {e}", source.display())))?;
        let file = OutgoingFile {
            kind: kind.into(),
            path: copy,
            file_name,
            mime_type,
        };
        let size = meta.len() as i64;
        let message = self
            .blocking(move |s| s.enqueue_file(conversation, &file, size, &caption))
            .await?;
        self.publish(CoreEvent::MessageChanged {
            message: message.clone(),
        });
        self.wake(message.account_id);
        Ok(message)
    }
}

#[cfg(test)]
mod tests {
    use super::{extension, safe_to_open};

    #[test]
    fn only_documents_pictures_audio_and_video_are_opened() {
        for ok in ["7.pdf", "8.JPG", "9.ogg", "10.docx", "11.mp4"] {
            assert!(safe_to_open(std::path::Path::new(ok)).is_ok(), "{ok}");
        }
        for refused in [
            "7.exe",
            "8.desktop",
            "9.sh",
            "10.AppImage",
            "11.js",
            "12.lnk",
            "13",
        ] {
            let e = safe_to_open(std::path::Path::new(refused)).unwrap_err();
            assert_eq!(e.code(), "UnsafeFile", "{refused}");
            assert!(e.to_string().contains("could run a program"), "{refused}");
        }
    }

    #[test]
    fn extensions_come_from_the_name_then_the_type_then_the_kind() {
        assert_eq!(extension("document", Some("Menu.PDF"), None), "pdf");
        assert_eq!(extension("photo", None, Some("image/png")), "png");
        assert_eq!(extension("voice", None, None), "ogg");
        assert_eq!(
            extension("document", Some("evil.<script>"), None),
            "bin",
            "odd names are not trusted"
        );
    }
}
