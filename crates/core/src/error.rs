//! One error type for the core. Messages shown to users are Danish first;
//! every variant that comes from input names where (file, feature, line) and why.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A free-text value carried something that looks like a CPR number.
    #[error("{0}")]
    Privacy(String),

    /// A value that does not fit the layer's schema or vocabulary.
    #[error("{field}: {reason}")]
    Invalid { field: String, reason: String },

    /// The file was written by a newer Afdæk than this one.
    #[error(
        "Projektfilen {path} har skemaversion {found}, men denne udgave af Afdæk kender kun op til {known}. Opdatér Afdæk for at åbne den. (The project file is newer than this version of Afdæk.)"
    )]
    NewerSchema { path: PathBuf, found: i64, known: i64 },

    /// The file was written by an older Afdæk and must be upgraded before a
    /// read-only open (opening it for writing upgrades it).
    #[error(
        "Projektfilen {path} er fra en ældre udgave af Afdæk (skemaversion {found}, nu {known}) og skal opgraderes; det sker, når den åbnes med skriveadgang. (The project file must be upgraded first.)"
    )]
    OlderSchema { path: PathBuf, found: i64, known: i64 },

    /// Another process holds the project open for writing.
    #[error(
        "Projektet {0} er allerede åbent i et andet vindue eller program. Luk det dér, eller åbn projektet skrivebeskyttet. (The project is open elsewhere.)"
    )]
    Locked(PathBuf),

    /// The user stopped a long job; nothing of it was stored.
    #[error("{0} blev afbrudt; intet blev gemt. (Cancelled; nothing was stored.)")]
    Cancelled(String),

    /// The project was opened read-only and an edit was attempted.
    #[error("Projektet er åbnet skrivebeskyttet; ændringer gemmes ikke. (The project is read-only.)")]
    ReadOnly,

    #[error("{path}: ikke en Afdæk-projektfil: {reason}")]
    NotAProject { path: PathBuf, reason: String },

    #[error("Ukendt lag '{0}'")]
    UnknownLayer(String),

    #[error("{layer} {fid}: findes ikke")]
    NoSuchFeature { layer: String, fid: i64 },

    #[error("Intet at fortryde")]
    NothingToUndo,

    #[error("Intet at gentage")]
    NothingToRedo,

    /// Input that could not be read: file, place in it (feature index or line) and reason.
    #[error("{file}: {place}{reason}", place = place.as_ref().map(|p| format!("{p}: ")).unwrap_or_default())]
    Input { file: String, place: Option<String>, reason: String },

    /// The file does not say which layer its features belong to (plain
    /// GeoJSON, KML, GPX, CSV): the caller must choose one. `cli` is how the
    /// command line names the choice; the app asks with its own layer list.
    #[error("{file}: {reason} ({cli})")]
    NeedsLayer { file: String, reason: String, cli: String },

    #[error("geometri: {0}")]
    Geometry(String),

    #[error("koordinattransformation: {0}")]
    Crs(String),

    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),

    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::Invalid { field: field.into(), reason: reason.into() }
    }

    pub fn input(file: impl Into<String>, place: Option<String>, reason: impl Into<String>) -> Self {
        Error::Input { file: file.into(), place, reason: reason.into() }
    }

    pub fn needs_layer(file: impl Into<String>, reason: impl Into<String>, cli: impl Into<String>) -> Self {
        Error::NeedsLayer { file: file.into(), reason: reason.into(), cli: cli.into() }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
