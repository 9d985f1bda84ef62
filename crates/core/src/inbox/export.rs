//! A chat exported to files a person can keep, print or hand over, without Sportello: one
//! HTML page (everything escaped, so a customer's markup is text) with its photos and files
//! beside it, and a plain-text copy. From the chat's menu and `sportello-cli export`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::handle::Inbox;
use crate::error::{Error, Result};
use crate::model::{ConversationId, Direction, MessageView};

/// Messages read per page while exporting.
const PAGE: u32 = 500;

/// The files one export wrote.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ExportedChat {
    pub conversation_id: ConversationId,
    pub html: PathBuf,
    pub text: PathBuf,
    /// Photos and files copied beside the page (those already downloaded).
    pub files: usize,
}

impl Inbox {
    /// Writes `<chat>.html`, `<chat>.txt` and `<chat>-files/` into `out_dir`.
    pub async fn export_conversation(
        &self,
        conversation: ConversationId,
        out_dir: PathBuf,
    ) -> Result<ExportedChat> {
        let summary = self.blocking(move |s| s.conversation(conversation)).await?;
        let mut messages: Vec<MessageView> = Vec::new();
        let mut before = None;
        loop {
            let page = self
                .blocking(move |s| s.messages(conversation, PAGE, before))
                .await?;
            let Some(first) = page.first() else { break };
            before = Some(first.id);
            let full = page.len() as u32 == PAGE;
            messages.splice(0..0, page);
            if !full {
                break;
            }
        }
        let title = summary.title.clone();
        let sources: Vec<Option<PathBuf>> = {
            let ids: Vec<i64> = messages
                .iter()
                .flat_map(|m| m.attachments.iter().map(|a| a.id))
                .collect();
            let mut out = Vec::new();
            for id in ids {
                let local = self
                    .blocking(move |s| s.attachment_source(id))
                    .await
                    .ok()
                    .and_then(|a| a.local_path)
                    .map(PathBuf::from);
                out.push(local);
            }
            out
        };
        tokio::task::spawn_blocking(move || {
            write_export(&out_dir, conversation, &title, &messages, &sources)
        })
        .await?
    }

    /// Every chat, one export each, into `out_dir`.
    pub async fn export_all(&self, out_dir: PathBuf) -> Result<Vec<ExportedChat>> {
        let mut done = Vec::new();
        for chat in self.conversations(u32::MAX).await? {
            done.push(self.export_conversation(chat.id, out_dir.clone()).await?);
        }
        Ok(done)
    }
}

fn write_export(
    out_dir: &Path,
    conversation: ConversationId,
    title: &str,
    messages: &[MessageView],
    sources: &[Option<PathBuf>],
) -> Result<ExportedChat> {
    let cannot = |path: &Path, e: std::io::Error| {
        Error::InvalidInput(format!("Cannot write {}: {e}", path.display()))
    };
    std::fs::create_dir_all(out_dir).map_err(|e| cannot(out_dir, e))?;
    let base = format!("{}-{conversation}", safe_name(title));
    let files_dir = out_dir.join(format!("{base}-files"));
    let mut html = String::new();
    let mut text = String::new();
    let _ = write!(
        html,
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>body{{font:15px system-ui,sans-serif;max-width:720px;margin:24px auto;background:#efeae2}}\
         .m{{background:#fff;border-radius:8px;padding:6px 10px;margin:6px 0;max-width:80%;white-space:pre-wrap;overflow-wrap:anywhere}}\
         .out{{background:#d9fdd3;margin-left:auto}}.t{{color:#667781;font-size:12px}}img{{max-width:100%}}</style>\
         </head><body>\n<h1>{}</h1>\n",
        escape(title),
        escape(title)
    );
    let _ = writeln!(text, "{title}\n");
    let mut copied = 0;
    let mut attachment = 0;
    for m in messages {
        let who = match m.direction {
            Direction::In => m.sender_name.clone().unwrap_or_else(|| title.to_owned()),
            Direction::Out if m.automated => "Sportello (auto)".to_owned(),
            Direction::Out => "Shop".to_owned(),
        };
        let class = if m.direction == Direction::Out {
            "m out"
        } else {
            "m"
        };
        let _ = write!(
            html,
            "<div class=\"{class}\"><div class=\"t\">{} · {}</div>",
            escape(&who),
            escape(&m.sent_at)
        );
        let _ = write!(text, "[{}] {}: ", m.sent_at, who);
        for a in &m.attachments {
            let source = sources.get(attachment).cloned().flatten();
            attachment += 1;
            let name = safe_name(a.file_name.as_deref().unwrap_or(&a.kind));
            match source.filter(|p| p.is_file()) {
                Some(path) => {
                    std::fs::create_dir_all(&files_dir).map_err(|e| cannot(&files_dir, e))?;
                    let copy_name = format!("{}-{name}", a.id);
                    let dest = files_dir.join(&copy_name);
                    std::fs::copy(&path, &dest).map_err(|e| cannot(&dest, e))?;
                    copied += 1;
                    let href = format!("{base}-files/{}", percent(&copy_name));
                    if a.kind == "photo" || a.kind == "sticker" {
                        let _ = write!(
                            html,
                            "<div><img src=\"{href}\" alt=\"{}\"></div>",
                            escape(&name)
                        );
                    } else {
                        let _ = write!(html, "<div><a href=\"{href}\">{}</a></div>", escape(&name));
                    }
                    let _ = write!(text, "<{}> ", copy_name);
                }
                None => {
                    let _ = write!(html, "<div>[{}]</div>", escape(&name));
                    let _ = write!(text, "[{name}] ");
                }
            }
        }
        let _ = writeln!(html, "{}</div>", escape(&m.text));
        let _ = writeln!(text, "{}", m.text);
    }
    html.push_str("</body></html>\n");
    let html_path = out_dir.join(format!("{base}.html"));
    let text_path = out_dir.join(format!("{base}.txt"));
    std::fs::write(&html_path, html).map_err(|e| cannot(&html_path, e))?;
    std::fs::write(&text_path, text).map_err(|e| cannot(&text_path, e))?;
    Ok(ExportedChat {
        conversation_id: conversation,
        html: html_path,
        text: text_path,
        files: copied,
    })
}

/// Text as HTML shows it: every markup character escaped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A file name from a customer's words: letters, digits, dots, dashes; nothing hidden, no
/// folders, not too long.
fn safe_name(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    let trimmed = cleaned.trim_start_matches('.').to_string();
    if trimmed.is_empty() {
        "chat".into()
    } else {
        trimmed
    }
}

/// A file name as a link (spaces and the like percent-encoded; safe_name leaves few).
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_escape_the_folder_or_hide() {
        assert_eq!(safe_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_name(".bashrc"), "bashrc");
        assert_eq!(safe_name(""), "chat");
        assert_eq!(
            escape("<script>alert('x')</script>&"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"
        );
    }
}
