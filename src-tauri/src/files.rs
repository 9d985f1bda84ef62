//! Files the owner chose to send: dropped on the window or picked in the file dialog. The window
//! sees only their names and an id; the paths stay here, so a script in the page could never
//! make the app send a file the owner did not choose.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;
use ts_rs::TS;

/// Offers kept at once: the newest few, in case the owner drops again before choosing.
const KEPT: usize = 4;

/// Files offered to the open chat, by name.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FileOffer {
    #[ts(type = "number")]
    pub id: u64,
    pub names: Vec<String>,
}

#[derive(Default)]
pub struct OfferedFiles {
    next: u64,
    offers: BTreeMap<u64, Vec<PathBuf>>,
}

impl OfferedFiles {
    /// Keeps the files the owner chose and names them for the window; folders are left out.
    pub fn offer(&mut self, paths: Vec<PathBuf>) -> Option<FileOffer> {
        let files: Vec<PathBuf> = paths.into_iter().filter(|p| p.is_file()).collect();
        if files.is_empty() {
            return None;
        }
        self.next += 1;
        let names = files
            .iter()
            .map(|p| {
                p.file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
            })
            .collect();
        self.offers.insert(self.next, files);
        while self.offers.len() > KEPT {
            self.offers.pop_first();
        }
        Some(FileOffer {
            id: self.next,
            names,
        })
    }

    /// The offer's files, once: sending twice would send them twice.
    pub fn take(&mut self, id: u64) -> Option<Vec<PathBuf>> {
        self.offers.remove(&id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_offer_names_its_files_and_is_taken_once() {
        let dir = tempfile::tempdir().unwrap();
        let menu = dir.path().join("menù.pdf");
        std::fs::write(&menu, b"%PDF").unwrap();
        let mut offered = OfferedFiles::default();
        let offer = offered
            .offer(vec![menu.clone(), dir.path().to_path_buf()])
            .unwrap();
        assert_eq!(offer.names, ["menù.pdf"], "the folder is left out");
        assert_eq!(offered.take(offer.id), Some(vec![menu]));
        assert_eq!(offered.take(offer.id), None, "not twice");
        assert!(offered.offer(vec![dir.path().to_path_buf()]).is_none());
    }

    #[test]
    fn only_the_newest_offers_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("foto.jpg");
        std::fs::write(&file, b"jpg").unwrap();
        let mut offered = OfferedFiles::default();
        let ids: Vec<u64> = (0..6)
            .map(|_| offered.offer(vec![file.clone()]).unwrap().id)
            .collect();
        assert!(offered.take(ids[0]).is_none());
        assert!(offered.take(ids[5]).is_some());
    }
}
