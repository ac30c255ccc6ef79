//! What belongs to the person at this computer rather than to a project:
//! initials (who made an edit), recent projects and the online-basemap choice. One small JSON
//! file in the user's configuration folder (`$XDG_CONFIG_HOME/afdaek` or
//! `~/.config/afdaek`; `AFDAEK_CONFIG_DIR` overrides it, for tests), shared
//! by the app and the CLI.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Recent projects kept.
const RECENT: usize = 10;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserPrefs {
    pub initials: Option<String>,
    pub recent_projects: Vec<String>,
    /// Show OpenStreetMap's online raster map under the project's layers.
    /// Off by default: with it off, Afdæk makes no network request at all.
    pub online_basemap: bool,
    /// The app's language, "da" (default) or "en": a person's choice, not the team's.
    pub language: Option<String>,
    /// Larger type everywhere (for a projector in a meeting room).
    pub large_text: bool,
}

pub fn config_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("AFDAEK_CONFIG_DIR") {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_CONFIG_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d).join("afdaek"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config/afdaek"))
}

/// Where the user's own copies live (`$XDG_DATA_HOME/afdaek`, else
/// `~/.local/share/afdaek`): the demo copied on first start.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d).join("afdaek"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share/afdaek"))
}

/// The project an installed app opens on its very first start: a copy of the
/// demo it was shipped with (`bundled`, read-only under `/usr/share`) in
/// `into`, made once, so the team can try every button on a file of its own.
/// `None` once any project has been opened, or when no demo was shipped.
pub fn first_start_demo(prefs: &UserPrefs, bundled: &Path, into: &Path) -> Option<PathBuf> {
    if !prefs.recent_projects.is_empty() || !bundled.is_file() {
        return None;
    }
    let copy = into.join("demo.gpkg");
    if !copy.exists() {
        // Copied beside and renamed: a copy cut short is never opened.
        std::fs::create_dir_all(into).ok()?;
        let partial = into.join("demo.gpkg.partial");
        std::fs::copy(bundled, &partial).ok()?;
        std::fs::rename(&partial, &copy).ok()?;
    }
    Some(copy)
}

fn file() -> Option<PathBuf> {
    config_dir().map(|d| d.join("user.json"))
}

impl UserPrefs {
    /// The saved preferences; defaults when there are none or the file is unreadable.
    pub fn load() -> UserPrefs {
        file().and_then(|f| std::fs::read(f).ok()).and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
    }

    /// Writes the file atomically (temporary file, then rename).
    pub fn save(&self) -> Result<()> {
        let f = file().ok_or_else(|| Error::invalid("config", "ingen hjemmemappe at gemme indstillinger i"))?;
        let dir = f.parent().expect("file in a folder");
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join(".user.json.tmp");
        std::fs::write(&tmp, serde_json::to_vec_pretty(self).expect("prefs serialise"))?;
        std::fs::rename(&tmp, &f)?;
        Ok(())
    }

    /// Puts a project first in the recent list.
    pub fn add_recent(&mut self, path: &Path) {
        let p = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()).display().to_string();
        self.recent_projects.retain(|r| *r != p);
        self.recent_projects.insert(0, p);
        self.recent_projects.truncate(RECENT);
    }
}

/// Initials: 2–6 letters (Danish letters too), shown in every audit line.
pub fn check_initials(initials: &str) -> Result<String> {
    let t = initials.trim();
    let n = t.chars().count();
    if !(2..=6).contains(&n) || !t.chars().all(char::is_alphabetic) {
        return Err(Error::invalid("initialer", "skriv 2–6 bogstaver, fx ABC"));
    }
    Ok(t.to_uppercase())
}

/// Who the person at this computer is, for the audit log: the initials given
/// (`--user`), else `AFDAEK_USER`, else the saved initials, else the login
/// name. Never "ukendt".
pub fn resolve_user(given: Option<&str>) -> String {
    given
        .map(str::to_string)
        .or_else(|| std::env::var("AFDAEK_USER").ok().filter(|u| !u.trim().is_empty()))
        .or_else(|| UserPrefs::load().initials)
        .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
        .or_else(|| std::env::var("LOGNAME").ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| "bruger".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_are_checked_and_upper_cased() {
        assert_eq!(check_initials(" æb ").unwrap(), "ÆB");
        assert!(check_initials("a").is_err());
        assert!(check_initials("ab1").is_err());
        assert!(check_initials("abcdefg").is_err());
    }

    #[test]
    fn the_first_start_copies_the_shipped_demo_once() {
        let dir = tempfile::tempdir().unwrap();
        let shipped = dir.path().join("share/demo.gpkg");
        let home = dir.path().join("home");
        let mut prefs = UserPrefs::default();
        assert_eq!(first_start_demo(&prefs, &shipped, &home), None, "nothing shipped, nothing opened");
        std::fs::create_dir_all(shipped.parent().unwrap()).unwrap();
        std::fs::write(&shipped, b"demo").unwrap();
        let copy = first_start_demo(&prefs, &shipped, &home).expect("the demo is copied");
        assert_eq!(copy, home.join("demo.gpkg"));
        std::fs::write(&copy, b"the team's own changes").unwrap();
        assert_eq!(first_start_demo(&prefs, &shipped, &home), Some(copy.clone()));
        assert_eq!(std::fs::read(&copy).unwrap(), b"the team's own changes", "the copy is never overwritten");
        prefs.add_recent(&copy);
        assert_eq!(first_start_demo(&prefs, &shipped, &home), None, "after the first start, the recent list rules");
    }

    #[test]
    fn recent_projects_are_unique_newest_first() {
        let mut p = UserPrefs::default();
        for i in 0..12 {
            p.add_recent(Path::new(&format!("/tmp/nowhere-{i}.gpkg")));
        }
        p.add_recent(Path::new("/tmp/nowhere-5.gpkg"));
        assert_eq!(p.recent_projects.len(), 10);
        assert_eq!(p.recent_projects[0], "/tmp/nowhere-5.gpkg");
        assert_eq!(p.recent_projects.iter().filter(|r| r.ends_with("-5.gpkg")).count(), 1);
    }
}
