//! Where Sportello keeps its data: the OS's per-user data dir, or the one the user names.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub const DATA_DIR_ENV: &str = "SPORTELLO_DATA_DIR";
const CACHE_FILE: &str = "sportello.sqlite3";

/// The data dir: `explicit` (from `--data-dir`), else `$SPORTELLO_DATA_DIR`, else the OS default
/// (e.g. `~/.local/share/sportello` on Linux). Created if missing.
pub fn data_dir(explicit: Option<&Path>) -> Result<PathBuf> {
    let dir = match explicit {
        Some(p) => p.to_owned(),
        None => match std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
            Some(v) => PathBuf::from(v),
            None => directories::ProjectDirs::from("app", "Sportello", "Sportello")
                .map(|d| d.data_dir().to_owned())
                .ok_or_else(|| Error::StoreUnavailable {
                    path: "(none)".into(),
                    detail: format!("no home folder was found; set {DATA_DIR_ENV}"),
                })?,
        },
    };
    create_private_dir(&dir)?;
    Ok(dir)
}

/// Creates `dir` (and its parents) readable by this user only: chats are the shop's customers'
/// words, and a shared computer has other users.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| Error::StoreUnavailable {
        path: dir.display().to_string(),
        detail: e.to_string(),
    })?;
    make_private(dir);
    Ok(())
}

/// Makes a file or folder this user's only (0600, 0700). Best effort: a file on a disk without
/// Unix permissions stays as it is.
pub fn make_private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            return;
        };
        if meta.file_type().is_symlink() {
            return;
        }
        let wanted = if meta.is_dir() { 0o700 } else { 0o600 };
        if meta.permissions().mode() & 0o777 != wanted {
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(wanted));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Makes everything in the data folder this user's only, as earlier versions left it readable
/// by everyone (folders 0755, files 0644). Symlinks are not followed.
pub fn make_data_private(data_dir: &Path) {
    let mut pending = vec![data_dir.to_owned()];
    while let Some(path) = pending.pop() {
        make_private(&path);
        let is_dir = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        if is_dir {
            if let Ok(entries) = std::fs::read_dir(&path) {
                pending.extend(entries.flatten().map(|e| e.path()));
            }
        }
    }
}

pub fn cache_file(data_dir: &Path) -> PathBuf {
    data_dir.join(CACHE_FILE)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::symlink_metadata(path)
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    }

    #[test]
    fn the_data_folder_is_this_users_only_and_earlier_ones_are_fixed() {
        let root = tempfile::tempdir().unwrap();
        let fresh = root.path().join("new").join("sportello");
        data_dir(Some(&fresh)).unwrap();
        assert_eq!(mode(&fresh), 0o700);

        // As an earlier version left it: folders 0755, files 0644.
        let old = root.path().join("old");
        let media = old.join("media");
        std::fs::create_dir_all(&media).unwrap();
        for (path, m) in [(&old, 0o755), (&media, 0o755)] {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(m)).unwrap();
        }
        let (db, photo) = (old.join(CACHE_FILE), media.join("a.jpg"));
        for file in [&db, &photo] {
            std::fs::write(file, b"x").unwrap();
            std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        // A link to a file elsewhere is not followed (nor changed).
        let elsewhere = root.path().join("shared.txt");
        std::fs::write(&elsewhere, b"x").unwrap();
        std::fs::set_permissions(&elsewhere, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::os::unix::fs::symlink(&elsewhere, media.join("link")).unwrap();

        make_data_private(&old);
        assert_eq!((mode(&old), mode(&media)), (0o700, 0o700));
        assert_eq!((mode(&db), mode(&photo)), (0o600, 0o600));
        assert_eq!(mode(&elsewhere), 0o644);
    }
}
