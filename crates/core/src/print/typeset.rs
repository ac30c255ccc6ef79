//! Typst as a library: the area plan's template (`plan.typ`, in the repo),
//! the data as a virtual `data.json` beside it and the maps as virtual SVG
//! files, laid out into pages and written as PDF (`typst-pdf`) or one page as
//! SVG for the app's preview (`typst-svg`).
//!
//! The world is closed: no package downloads, no system fonts, no files from
//! disk. The fonts are Noto Sans, compiled in (`assets/fonts`), so a plan
//! looks the same on every machine and sets æ, ø, å.

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// The template, in the repo beside this file.
const TEMPLATE: &str = include_str!("plan.typ");

const FONT_FILES: [&[u8]; 3] = [
    include_bytes!("../../assets/fonts/NotoSans-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSans-Bold.ttf"),
    include_bytes!("../../assets/fonts/NotoSans-Italic.ttf"),
];

/// The fonts and the standard library, made once per process (parsing the
/// fonts and building the library are the fixed cost of a first plan).
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> = FONT_FILES.iter().flat_map(|b| Font::iter(Bytes::new(*b))).collect();
        let book = FontBook::from_infos(fonts.iter().map(|f| f.info().clone()));
        Shared { library: LazyHash::new(Library::builder().build()), book: LazyHash::new(book), fonts }
    })
}

/// The virtual files of one document: the template as `/plan.typ`, the data
/// and the maps under the names the data gives them.
struct PlanWorld {
    main: FileId,
    source: Source,
    files: HashMap<FileId, Bytes>,
    today: (i32, u8, u8),
}

fn file_id(path: &str) -> Result<FileId> {
    let vpath = VirtualPath::new(path).map_err(|_| Error::invalid("print", format!("ugyldigt filnavn '{path}'")))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl World for PlanWorld {
    fn library(&self) -> &LazyHash<Library> {
        &shared().library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &shared().book
    }
    fn main(&self) -> FileId {
        self.main
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main { Ok(self.source.clone()) } else { Err(FileError::NotSource) }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.get(&id).cloned().ok_or_else(|| FileError::NotFound(format!("{id:?}").into()))
    }
    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Datetime::from_ymd(self.today.0, self.today.1, self.today.2)
    }
}

/// A document laid out, ready to be written as PDF or shown page by page.
pub struct Laid {
    doc: PagedDocument,
}

impl Laid {
    pub fn pages(&self) -> usize {
        self.doc.pages().len()
    }

    /// The document as PDF (tagged, with the outline as bookmarks).
    pub fn pdf(&self, title_ident: &str) -> Result<Vec<u8>> {
        let opts = typst_pdf::PdfOptions {
            ident: typst::foundations::Smart::Custom(title_ident.to_string()),
            creator: typst::foundations::Smart::Custom(Some("Afdæk".to_string())),
            ..Default::default()
        };
        typst_pdf::pdf(&self.doc, &opts).map_err(|e| diagnostics("PDF", &e))
    }

    /// One page (0-based) as SVG, for a preview.
    pub fn page_svg(&self, page: usize) -> Option<String> {
        self.doc.pages().get(page).map(|p| typst_svg::svg(p, &typst_svg::SvgOptions::default()))
    }
}

/// Lays the template out with `data` (JSON) and the `files` it names.
/// `today` is ISO (`2026-12-02`): the template's dates come from the data,
/// this only answers typst's `datetime.today()`.
pub fn lay_out(data: &[u8], files: Vec<(String, Vec<u8>)>, today: &str) -> Result<Laid> {
    let main = file_id("/plan.typ")?;
    let mut map = HashMap::new();
    map.insert(file_id("/data.json")?, Bytes::new(data.to_vec()));
    for (name, bytes) in files {
        map.insert(file_id(&format!("/{name}"))?, Bytes::new(bytes));
    }
    let ymd = |a: usize, b: usize| today.get(a..b).and_then(|s| s.parse::<i32>().ok()).unwrap_or(1);
    let world = PlanWorld {
        main,
        source: Source::new(main, TEMPLATE.to_string()),
        files: map,
        today: (ymd(0, 4), ymd(5, 7) as u8, ymd(8, 10) as u8),
    };
    let doc = typst::compile::<PagedDocument>(&world).output.map_err(|e| diagnostics("layout", &e))?;
    Ok(Laid { doc })
}

/// A template or export failure in words (it is our bug, not the user's
/// data, but the message must still say what broke).
fn diagnostics(stage: &str, errors: &[typst::diag::SourceDiagnostic]) -> Error {
    let text: Vec<String> = errors.iter().take(3).map(|d| d.message.to_string()).collect();
    Error::invalid("print", format!("områdeplanen kunne ikke sættes op ({stage}): {}", text.join("; ")))
}
