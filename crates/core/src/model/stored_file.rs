//! A file the shop keeps in the data folder with a quick reply or a FAQ card, sent with it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredFile {
    /// "photo" or "document".
    pub kind: String,
    pub file_name: String,
    pub path: String,
}
