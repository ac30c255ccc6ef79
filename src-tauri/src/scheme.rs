//! The `afdaek://` scheme: the map's vector tiles (`tiles/{z}/{x}/{y}.pbf`
//! for every layer but coverage, `coverage/{z}/{x}/{y}.pbf` for coverage,
//! made by the session from the project's own data) and the bundled label
//! glyphs (`glyphs/{fontstack}/{range}.pbf`). Served asynchronously: each
//! request runs on a worker thread, never on the window's thread.

use crate::state::AppState;
use afdaek_core::tiles::TileSet;
use tauri::http::{Request, Response, StatusCode};
use tauri::{AppHandle, Manager, UriSchemeResponder};

/// DejaVu Sans (see `assets/glyphs/README.md`): Latin, Latin-1 with æ, ø, å,
/// Latin Extended-A, and general punctuation (dashes, quotes).
const GLYPHS: &[(&str, &[u8])] = &[
    ("0-255", include_bytes!("../assets/glyphs/DejaVu Sans Book/0-255.pbf")),
    ("256-511", include_bytes!("../assets/glyphs/DejaVu Sans Book/256-511.pbf")),
    ("8192-8447", include_bytes!("../assets/glyphs/DejaVu Sans Book/8192-8447.pbf")),
];

fn respond(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header("Content-Type", content_type)
        // The page's origin (tauri://localhost) differs from the scheme's.
        .header("Access-Control-Allow-Origin", "*")
        .body(body)
        .expect("static response parts")
}

fn not_found(what: &str) -> Response<Vec<u8>> {
    respond(StatusCode::NOT_FOUND, "text/plain; charset=utf-8", format!("findes ikke: {what}").into_bytes())
}

/// `{prefix}{z}/{x}/{y}{suffix}` → (z, x, y), for a tile that exists at zoom ≤ `max_z`.
pub fn parse_zxy(path: &str, prefix: &str, suffix: &str, max_z: u8) -> Option<(u8, u32, u32)> {
    let rest = path.strip_prefix(prefix)?.strip_suffix(suffix)?;
    let mut it = rest.split('/');
    let (z, x, y): (u8, u32, u32) = (it.next()?.parse().ok()?, it.next()?.parse().ok()?, it.next()?.parse().ok()?);
    (it.next().is_none() && z <= max_z && x < (1 << z) && y < (1 << z)).then_some((z, x, y))
}

/// `tiles/14/8664/5147.pbf` → (base, 14, 8664, 5147); `coverage/…` → the coverage set.
fn parse_tile(path: &str) -> Option<(TileSet, u8, u32, u32)> {
    let (set, rest) = path.split_once('/')?;
    let set = TileSet::parse(set)?;
    let (z, x, y) = parse_zxy(rest, "", ".pbf", 24)?;
    Some((set, z, x, y))
}

fn handle(app: &AppHandle, request: &Request<Vec<u8>>) -> Response<Vec<u8>> {
    let path = request.uri().path().trim_start_matches('/');
    if let Some((set, z, x, y)) = parse_tile(path) {
        let state = app.state::<AppState>();
        return match state.session(|s| s.tile(set, z, x, y)) {
            None => respond(StatusCode::OK, "application/x-protobuf", Vec::new()),
            Some(Ok(bytes)) => respond(StatusCode::OK, "application/x-protobuf", bytes.to_vec()),
            Some(Err(e)) => respond(StatusCode::BAD_REQUEST, "text/plain; charset=utf-8", e.to_string().into_bytes()),
        };
    }
    if let Some((z, x, y)) = crate::basemap::parse_path(path) {
        let state = app.state::<AppState>();
        // Off (the default): refuse without a single network request.
        if !state.prefs().online_basemap {
            return respond(
                StatusCode::FORBIDDEN,
                "text/plain; charset=utf-8",
                b"online-baggrundskortet er slaaet fra".to_vec(),
            );
        }
        return match state.basemap.tile(z, x, y) {
            Ok(png) => respond(StatusCode::OK, "image/png", png.to_vec()),
            Err(e) => respond(StatusCode::BAD_GATEWAY, "text/plain; charset=utf-8", e.into_bytes()),
        };
    }
    if let Some(rest) = path.strip_prefix("glyphs/") {
        let range = rest.rsplit('/').next().and_then(|r| r.strip_suffix(".pbf")).unwrap_or("");
        // Ranges we do not bundle get an empty glyph set: the label shows without those characters.
        let body = GLYPHS.iter().find(|(r, _)| *r == range).map(|(_, b)| b.to_vec()).unwrap_or_default();
        return respond(StatusCode::OK, "application/x-protobuf", body);
    }
    not_found(path)
}

/// The handler given to `register_asynchronous_uri_scheme_protocol`.
pub fn serve(app: AppHandle, request: Request<Vec<u8>>, responder: UriSchemeResponder) {
    tauri::async_runtime::spawn_blocking(move || {
        let response = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle(&app, &request)))
            .unwrap_or_else(|_| respond(StatusCode::INTERNAL_SERVER_ERROR, "text/plain", b"intern fejl".to_vec()));
        responder.respond(response);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tile_paths() {
        assert_eq!(parse_tile("tiles/14/8664/5147.pbf"), Some((TileSet::Base, 14, 8664, 5147)));
        assert_eq!(parse_tile("coverage/14/8664/5147.pbf"), Some((TileSet::Coverage, 14, 8664, 5147)));
        assert_eq!(parse_tile("roads/14/8664/5147.pbf"), None);
        assert_eq!(parse_tile("tiles/14/8664.pbf"), None);
        assert_eq!(parse_tile("tiles/a/1/2.pbf"), None);
        assert_eq!(parse_tile("tiles/1/2/3/4.pbf"), None);
        assert_eq!(parse_tile("tiles/1/2/0.pbf"), None, "x out of range");
    }

    #[test]
    fn glyphs_are_bundled() {
        assert!(GLYPHS.iter().all(|(_, b)| b.len() > 10_000));
    }
}
