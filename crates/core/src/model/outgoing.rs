//! A file the shop sends: already copied into the data folder, so the outbox survives the
//! original being moved.

/// A photo or document to upload with a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingFile {
    /// "photo" or "document".
    pub kind: String,
    pub path: std::path::PathBuf,
    pub file_name: String,
    pub mime_type: Option<String>,
}
