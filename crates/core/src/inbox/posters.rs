//! Click-to-chat posters through the [`Inbox`]: making and removing them (changes of the shop's
//! log), their links and QR codes, and the printable files.

use std::path::{Path, PathBuf};

use super::handle::Inbox;
use crate::error::{Error, Result};
use crate::model::{Poster, PosterView, ShopChange};
use crate::reach::print::{pdf, PaperSize, PosterPage};
use crate::reach::qr::Matrix;
use crate::store::posters::check;

/// The files written for a poster.
#[derive(Debug, Clone)]
pub struct PosterFiles {
    pub files: Vec<PathBuf>,
}

impl Inbox {
    pub async fn posters(&self) -> Result<Vec<PosterView>> {
        self.blocking(|s| s.posters()).await
    }

    pub async fn save_poster(&self, poster: Poster) -> Result<PosterView> {
        let poster = Poster {
            code: poster.code.trim().to_owned(),
            text: poster.text.trim().to_owned(),
            consent_topic: poster
                .consent_topic
                .map(|t| t.trim().to_lowercase())
                .filter(|t| !t.is_empty()),
            consent_wording: poster
                .consent_wording
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty()),
            consent_version: poster
                .consent_version
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty()),
        };
        check(&poster)?;
        let code = poster.code.clone();
        self.change(ShopChange::PosterSaved { poster }).await?;
        self.blocking(move |s| s.poster(&code)).await
    }

    pub async fn remove_poster(&self, code: String) -> Result<()> {
        self.change(ShopChange::PosterRemoved { code }).await?;
        Ok(())
    }

    /// Writes the poster's QR codes (PNG and SVG per channel) and the printable page (PDF) into
    /// `dir`, in `language`.
    pub async fn write_poster_files(
        &self,
        code: String,
        dir: PathBuf,
        language: String,
        paper: PaperSize,
    ) -> Result<PosterFiles> {
        let view = self.blocking(move |s| s.poster(&code)).await?;
        let shop = self.shop_name().await?;
        tokio::task::spawn_blocking(move || write_files(&view, &dir, &shop, &language, paper))
            .await
            .map_err(|e| Error::Internal(e.to_string()))?
    }

    /// The shop's name for a poster: the first account's.
    async fn shop_name(&self) -> Result<String> {
        let accounts = self.accounts().await?;
        Ok(accounts
            .iter()
            .find(|a| !a.is_demo)
            .or(accounts.first())
            .map(|a| a.name.clone())
            .unwrap_or_default())
    }
}

fn write_files(
    view: &PosterView,
    dir: &Path,
    shop: &str,
    language: &str,
    paper: PaperSize,
) -> Result<PosterFiles> {
    if view.links.is_empty() {
        return Err(Error::InvalidInput(
            "Connect a WhatsApp number, a Facebook Page or a Telegram bot first: a poster links to them."
                .into(),
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| cannot_write(dir, &e))?;
    let code = &view.poster.code;
    let mut files = Vec::new();
    let mut write = |name: String, bytes: &[u8]| -> Result<()> {
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(|e| cannot_write(&path, &e))?;
        files.push(path);
        Ok(())
    };
    for link in &view.links {
        let channel = link.channel.as_str();
        let m = Matrix::of(&link.url)?;
        write(format!("{code}-{channel}.svg"), m.svg().as_bytes())?;
        write(format!("{code}-{channel}.png"), &m.png(12)?)?;
    }
    let page = PosterPage {
        shop,
        language,
        links: view
            .links
            .iter()
            .map(|l| (l.channel, l.url.clone()))
            .collect(),
        consent_wording: view.poster.consent_wording.as_deref(),
        code,
        paper,
    };
    let size = match paper {
        PaperSize::A4 => "a4",
        PaperSize::A5 => "a5",
    };
    write(format!("{code}-poster-{size}.pdf"), &pdf(&page)?)?;
    Ok(PosterFiles { files })
}

fn cannot_write(path: &Path, e: &std::io::Error) -> Error {
    Error::InvalidInput(format!(
        "Cannot write {}: {e}. Choose a folder you can write to.",
        path.display()
    ))
}
