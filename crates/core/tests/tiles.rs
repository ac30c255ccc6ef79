//! Vector tiles from the session, on the demo project: what a tile holds,
//! that it decodes as MVT, and that an edit drops exactly the cached tiles
//! it touched (the rest are served from the cache).

use afdaek_core::Layer;
use afdaek_core::session::{Access, Session};
use afdaek_core::tiles::{TileSet, tiles_covering};
use geozero::mvt::{Message, Tile};
use std::path::Path;

/// Hans Tausens Gade (Odense C) and, 5 km east, the Vollsmose partner.
const HANS_TAUSENS_GADE_UTM: [f64; 4] = [587_510.0, 6_140_089.0, 587_510.0, 6_140_089.0];
const VOLLSMOSE_UTM: [f64; 4] = [591_500.0, 6_140_450.0, 591_500.0, 6_140_450.0];

fn demo(dir: &Path) -> Session {
    let path = dir.join("demo.gpkg");
    drop(afdaek_core::demo::build(&path, &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")).unwrap());
    let mut s = Session::open(&path, Access::Write).unwrap();
    s.set_user("TST").unwrap();
    s
}

fn decode(bytes: &[u8]) -> Tile {
    Tile::decode(bytes).expect("a valid MVT")
}

/// Property `key` of each feature of `layer` (string values).
fn strings(t: &Tile, layer: &str, key: &str) -> Vec<String> {
    let Some(l) = t.layers.iter().find(|l| l.name == layer) else { return Vec::new() };
    let k = l.keys.iter().position(|k| k == key).map(|k| k as u32);
    l.features
        .iter()
        .filter_map(|f| {
            let i = f.tags.chunks(2).find(|kv| Some(kv[0]) == k)?[1];
            l.values[i as usize].string_value.clone()
        })
        .collect()
}

#[test]
fn a_street_tile_holds_named_roads_with_fids_inside_the_buffer() {
    let d = tempfile::tempdir().unwrap();
    let s = demo(d.path());
    let [(x, y)] = tiles_covering(HANS_TAUSENS_GADE_UTM, 15)[..] else { panic!("one tile") };
    let t = decode(&s.tile(TileSet::Base, 15, x, y).unwrap());
    let names = strings(&t, "roads", "name");
    assert!(names.iter().any(|n| n == "Hans Tausens Gade"), "{names:?}");
    assert!(!names.iter().any(|n| n.starts_with("vejkode")), "names, not codes");
    for l in &t.layers {
        assert_eq!(l.extent, Some(4096));
        for f in &l.features {
            // The fid is the feature id: what a click inspects and a hover highlights.
            let fid = f.id.unwrap_or_else(|| panic!("{}: a feature without its fid", l.name)) as i64;
            let layer = afdaek_core::Layer::parse(l.name.trim_end_matches("_labels")).unwrap();
            assert!(s.project().index().geometry(layer, fid).is_some(), "{}: fid {fid} is a feature", l.name);
            assert!(!f.geometry.is_empty());
        }
    }
    // Dormitories are marked as such; roads carry their class and rank.
    let kinds = strings(&t, "buildings", "kind");
    assert!(kinds.iter().any(|k| k == "dormitory"), "{kinds:?}");
    assert!(strings(&t, "roads", "class").iter().all(|c| !c.is_empty()));
    // Out of range is an error, not a panic.
    assert!(s.tile(TileSet::Base, 3, 8, 0).is_err());
}

#[test]
fn an_edit_drops_exactly_the_tiles_it_touched() {
    let d = tempfile::tempdir().unwrap();
    let mut s = demo(d.path());
    let [(ax, ay)] = tiles_covering(HANS_TAUSENS_GADE_UTM, 16)[..] else { panic!() };
    let [(bx, by)] = tiles_covering(VOLLSMOSE_UTM, 16)[..] else { panic!() };
    s.tile(TileSet::Base, 16, ax, ay).unwrap();
    s.tile(TileSet::Base, 16, bx, by).unwrap();
    assert_eq!(s.tiles_cached(), 2);
    let rev = s.tile_revision();

    // Rename the partner in Vollsmose: only its tile goes.
    let partner = s.project().index().in_bbox(Layer::Partners, VOLLSMOSE_UTM)[0];
    let mut patch = serde_json::Map::new();
    patch.insert("name".into(), "Driftskontoret".into());
    s.update_feature(Layer::Partners, partner, patch).unwrap();
    assert!(s.tile_revision() > rev, "the map is told to reload");
    assert_eq!(s.tiles_cached(), 1, "the Hans Tausens Gade tile is kept");
    let made = s.tile_stats().made;
    s.tile(TileSet::Base, 16, ax, ay).unwrap();
    assert_eq!(s.tile_stats().made, made, "served from the cache");
    let t = decode(&s.tile(TileSet::Base, 16, bx, by).unwrap());
    assert_eq!(s.tile_stats().made, made + 1, "remade");
    assert!(strings(&t, "partners", "name").contains(&"Driftskontoret".to_string()));

    // Undo drops it again and the old name comes back.
    s.undo().unwrap();
    let t = decode(&s.tile(TileSet::Base, 16, bx, by).unwrap());
    assert!(strings(&t, "partners", "name").contains(&"Boligselskabets driftskontor".to_string()));
    assert_eq!(s.tiles_cached(), 2);
}

#[test]
fn a_tick_reloads_only_the_coverage_tiles() {
    let d = tempfile::tempdir().unwrap();
    let mut s = demo(d.path());
    let [(x, y)] = tiles_covering(HANS_TAUSENS_GADE_UTM, 16)[..] else { panic!() };
    s.tile(TileSet::Base, 16, x, y).unwrap();
    s.tile(TileSet::Coverage, 16, x, y).unwrap();
    let (base, cov) = (s.tile_revision(), s.coverage_revision());
    let visit = afdaek_core::coverage::Visit {
        date: afdaek_core::coverage::figures::today(),
        method: "walk".into(),
        time_of_day: None,
        team: None,
    };
    s.tick((10.38182, 55.39925), false, &visit).unwrap();
    assert_eq!(s.tile_revision(), base, "the base tiles stay");
    assert!(s.coverage_revision() > cov, "the coverage tiles reload");
    assert_eq!(s.tiles_cached(), 1, "only the coverage tile was dropped");
    let t = decode(&s.tile(TileSet::Coverage, 16, x, y).unwrap());
    assert!(strings(&t, "coverage", "state").iter().any(|st| st == "recent"));
}

#[test]
fn coverage_is_coloured_recent_or_earlier() {
    let d = tempfile::tempdir().unwrap();
    let s = demo(d.path());
    // The demo visited Vollsmose 9–58 days ago and Bolbro 20 and 300 days ago.
    let mut states = Vec::new();
    for (x, y) in tiles_covering([583_600.0, 6_138_600.0, 592_600.0, 6_141_400.0], 13) {
        let t = decode(&s.tile(TileSet::Coverage, 13, x, y).unwrap());
        states.extend(strings(&t, "coverage", "state"));
        // The base tiles leave coverage to its own source.
        assert!(strings(&decode(&s.tile(TileSet::Base, 13, x, y).unwrap()), "coverage", "state").is_empty());
    }
    assert!(states.iter().any(|s| s == "recent") && states.iter().any(|s| s == "earlier"), "{states:?}");
}

#[test]
fn an_area_name_is_placed_in_one_tile_only() {
    let d = tempfile::tempdir().unwrap();
    let s = demo(d.path());
    // Vollsmose spans many z15 tiles; its label point is in exactly one of them.
    let mut names = Vec::new();
    let mut pieces = 0;
    for (x, y) in tiles_covering([590_600.0, 6_139_600.0, 592_600.0, 6_141_400.0], 15) {
        let t = decode(&s.tile(TileSet::Base, 15, x, y).unwrap());
        names.extend(strings(&t, "focus_areas_labels", "name"));
        pieces += strings(&t, "focus_areas", "name").iter().filter(|n| *n == "Vollsmose").count();
    }
    assert!(pieces > 4, "the area itself is in every tile it meets: {pieces}");
    assert_eq!(names.iter().filter(|n| *n == "Vollsmose").count(), 1, "{names:?}");
}

#[test]
fn the_first_view_is_the_project_fitted_to_the_window() {
    let d = tempfile::tempdir().unwrap();
    let s = demo(d.path());
    // Odense (25 × 22 km) in a 740 × 718 px map fits at zoom 10.x: the z10 tiles over it.
    let tiles = s.first_view_tiles((740.0, 718.0)).unwrap();
    assert!(!tiles.is_empty() && tiles.iter().all(|t| t.0 == 10), "{tiles:?}");
    assert_eq!(tiles.len(), 6, "x 540–542, y 321–322");
    // A smaller map fits further out.
    assert!(s.first_view_tiles((300.0, 300.0)).unwrap().iter().all(|t| t.0 < 10));
}

#[test]
fn focus_areas_carry_the_priority_the_map_colours_by_and_where_it_came_from() {
    let d = tempfile::tempdir().unwrap();
    let mut s = demo(d.path());
    let vollsmose = s.project().index().in_bbox(Layer::FocusAreas, VOLLSMOSE_UTM)[0];
    let [(x, y)] = tiles_covering(VOLLSMOSE_UTM, 15)[..] else { panic!() };
    let t = decode(&s.tile(TileSet::Base, 15, x, y).unwrap());
    assert!(strings(&t, "focus_areas", "priority_source").contains(&"team".to_string()));
    // Without the team's priority the criteria's counts, and the map says so.
    let mut patch = serde_json::Map::new();
    patch.insert("priority".into(), serde_json::Value::Null);
    s.update_feature(Layer::FocusAreas, vollsmose, patch).unwrap();
    let t = decode(&s.tile(TileSet::Base, 15, x, y).unwrap());
    assert!(strings(&t, "focus_areas", "priority_source").contains(&"criteria".to_string()));
}
