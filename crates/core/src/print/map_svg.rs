//! The printed map: the project's data inside a [`MapFrame`] drawn as SVG in
//! millimetres, so it stays vector in the PDF and the app can show the same
//! drawing as a preview.
//!
//! What it draws, bottom to top: the veil outside the planned area, housing
//! areas by type, visited zones and partners' reach, buildings, the streets
//! (seen by partners as a pale casing; covered within the window in green,
//! earlier in dashed orange, never in grey), meal-delivery routes, focus
//! areas, visiting places, channels, partners numbered and filled with their
//! contact status's colour, blind spots numbered by rank, street names where
//! they fit, an optional UTM grid, then the north arrow and the scale bar.
//! Colours are the app's (Okabe–Ito), and each kind of coverage differs in
//! width or dash too, so a grey print still reads.
//!
//! Streets of one style are one `<path>`: an A3 page of 20,000 features stays
//! a few hundred elements. Vertices closer than [`MIN_STEP_MM`] on paper are
//! dropped; nothing is simplified that a reader could see.

use super::frame::MapFrame;
use crate::coverage::figures::Context;
use crate::coverage::intervals::{merge, subtract};
use crate::error::Result;
use crate::model::Layer;
use crate::store::Project;
use crate::tiles::props::{building_kind, road_rank};
use crate::vocab;
use geo::Centroid;
use geo_types::{Coord, Geometry, LineString, MultiPolygon};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

/// Vertices closer than this on paper are dropped (mm).
const MIN_STEP_MM: f64 = 0.15;

pub const RECENT: &str = "#009e73";
pub const EARLIER: &str = "#e69f00";
pub const NEVER: &str = "#4d4d4d";
const PATH_GREY: &str = "#8a8a8a";
const PARTNER_SEEN: &str = "#56b4e9";
const MEAL: &str = "#cc79a7";
const FOCUS: &str = "#d55e00";
const VISITING: &str = "#f0e442";
const CHANNEL: &str = "#cc79a7";
const OUTLINE: &str = "#263238";
const PRIORITY_COLOURS: [&str; 5] = ["#a50f15", "#de2d26", "#fb6a4a", "#fc9272", "#fcbba1"];

/// The colour of a housing type on the map and in the legend.
fn housing_colour(code: &str) -> &'static str {
    match code {
        "social_housing" => "#0072b2",
        "housing_cooperative" => "#56b4e9",
        "private_rental" => "#e69f00",
        "owner_occupied" => "#999999",
        "terraced" => "#b3b3b3",
        "dormitory" => "#cc79a7",
        "farm" => "#8c510a",
        "allotment" => "#009e73",
        "campsite" | "cabin_village" | "holiday_home" => "#66a61e",
        "supported_housing" | "institution" => "#d55e00",
        "alternative_housing" => "#7570b3",
        _ => "#6a6a6a",
    }
}

/// The layers a plan may show (`--layers`), with their Danish names. The
/// planned focus area itself is always drawn.
pub const PRINT_LAYERS: &[(&str, &str)] = &[
    ("roads", "Veje"),
    ("coverage", "Dækning"),
    ("buildings", "Bygninger"),
    ("housing_areas", "Boligområder"),
    ("partners", "Samarbejdspartnere"),
    ("partner_reach", "Partneres rækkevidde"),
    ("visiting_places", "Besøgssteder"),
    ("channels", "Kommunikationskanaler"),
    ("meal_routes", "Madruter"),
    ("visited_zones", "Besøgte zoner"),
    ("blindspots", "Blinde pletter"),
    ("focus_areas", "Andre fokusområder"),
];

/// Which layers to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerChoice(Vec<&'static str>);

impl LayerChoice {
    pub fn all() -> LayerChoice {
        LayerChoice(PRINT_LAYERS.iter().map(|(n, _)| *n).collect())
    }

    /// From `roads,coverage,partners`; an unknown name is refused with the list.
    pub fn parse(list: &str) -> Result<LayerChoice> {
        let mut out = Vec::new();
        for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let Some((n, _)) = PRINT_LAYERS.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) else {
                let known: Vec<&str> = PRINT_LAYERS.iter().map(|(n, _)| *n).collect();
                return Err(crate::Error::invalid(
                    "layers",
                    format!("'{name}' er ikke et lag, der kan udskrives (der er: {})", known.join(", ")),
                ));
            };
            if !out.contains(n) {
                out.push(*n);
            }
        }
        Ok(LayerChoice(out))
    }

    pub fn has(&self, name: &str) -> bool {
        self.0.contains(&name)
    }

    pub fn names(&self) -> &[&'static str] {
        &self.0
    }
}

/// One entry of the map's legend: a small drawing and its words.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LegendEntry {
    pub label: String,
    /// An SVG of 10 × 5 mm.
    pub swatch: String,
}

/// A numbered mark on the map that a table on the sheet explains.
#[derive(Debug, Clone)]
pub struct NumberedPoint {
    pub number: usize,
    pub at: Coord<f64>,
    /// Fill colour (a partner's status colour); `None` draws a ring.
    pub fill: Option<String>,
}

/// What the map needs besides the project: the planned area, the numbered
/// partners and blind spots, the focus areas' priorities, the window.
pub struct MapRequest<'a> {
    pub frame: MapFrame,
    pub layers: &'a LayerChoice,
    /// The planned focus area (fid), drawn bold with the rest veiled; `None`
    /// for an overview.
    pub focus: Option<i64>,
    /// Focus areas' effective priorities (1 highest), for their fill.
    pub priorities: &'a HashMap<i64, u8>,
    /// Focus areas' labels on an overview ("Vollsmose 62 %").
    pub area_labels: &'a HashMap<i64, String>,
    pub partners: &'a [NumberedPoint],
    pub blind_spots: &'a [NumberedPoint],
    pub grid: bool,
    pub window_days: u32,
}

/// The drawn map with its legend and the data sources it shows.
#[derive(Debug, Clone, Serialize)]
pub struct MapSvg {
    pub svg: String,
    pub legend: Vec<LegendEntry>,
    /// Sources of what is shown, for the attribution line.
    pub sources: Vec<String>,
    /// Features drawn (for benchmarks and tests).
    pub features: usize,
}

/// Path data in paper millimetres.
struct Pen<'f> {
    frame: &'f MapFrame,
    d: String,
}

impl<'f> Pen<'f> {
    fn new(frame: &'f MapFrame) -> Self {
        Pen { frame, d: String::new() }
    }

    fn line(&mut self, l: &LineString<f64>) {
        let mut last: Option<(f64, f64)> = None;
        let n = l.0.len();
        for (i, c) in l.0.iter().enumerate() {
            let (x, y) = self.frame.to_paper(*c);
            if let Some((lx, ly)) = last {
                if i + 1 < n && (x - lx).hypot(y - ly) < MIN_STEP_MM {
                    continue;
                }
                let _ = write!(self.d, "L{x:.2} {y:.2}");
            } else {
                let _ = write!(self.d, "M{x:.2} {y:.2}");
            }
            last = Some((x, y));
        }
    }

    fn polygons(&mut self, mp: &MultiPolygon<f64>) {
        for p in &mp.0 {
            for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
                self.line(ring);
                self.d.push('Z');
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.d.is_empty()
    }
}

fn multi(g: &Geometry<f64>) -> Option<MultiPolygon<f64>> {
    match g {
        Geometry::MultiPolygon(mp) => Some(mp.clone()),
        Geometry::Polygon(p) => Some(MultiPolygon(vec![p.clone()])),
        _ => None,
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A text's width in mm at `size` mm (Noto Sans averages about 0.55 em).
fn text_width(s: &str, size: f64) -> f64 {
    s.chars().count() as f64 * size * 0.55
}

/// Axis-aligned boxes of labels already placed, so labels never overlap.
#[derive(Default)]
struct Placed(Vec<[f64; 4]>);

impl Placed {
    fn try_place(&mut self, b: [f64; 4]) -> bool {
        if self.0.iter().any(|o| b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) {
            return false;
        }
        self.0.push(b);
        true
    }
}

/// Draws the map of `req` from the project and the coverage context (the
/// same `Context` the sheet's figures come from).
pub fn draw(p: &Project, ctx: &Context<'_>, req: &MapRequest<'_>) -> Result<MapSvg> {
    let f = &req.frame;
    let bbox = f.bbox();
    let (w, h) = (f.w_mm, f.h_mm);
    let mut svg = String::with_capacity(1 << 16);
    let mut legend = Vec::new();
    let mut sources: Vec<String> = Vec::new();
    let mut features = 0usize;
    let mut note_source = |s: Option<&str>| {
        if let Some(s) = s.filter(|s| !s.is_empty())
            && !sources.iter().any(|x| x == s)
        {
            sources.push(s.to_string());
        }
    };
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.2}mm" height="{h:.2}mm" viewBox="0 0 {w:.2} {h:.2}" font-family="Noto Sans"><defs><clipPath id="frame"><rect width="{w:.2}" height="{h:.2}"/></clipPath></defs><rect width="{w:.2}" height="{h:.2}" fill="#ffffff"/><g clip-path="url(#frame)" stroke-linejoin="round" stroke-linecap="round">"##
    );

    // Focus areas first (fills under everything), the planned one kept for the veil.
    let focus_features = p.features_in_bbox(Layer::FocusAreas, bbox)?;
    let mut planned: Option<MultiPolygon<f64>> = None;
    if req.layers.has("focus_areas") || req.focus.is_none() {
        for fa in &focus_features {
            let (Some(fid), Some(mp)) = (fa.fid, fa.geometry.as_ref().and_then(multi)) else { continue };
            if Some(fid) == req.focus {
                continue;
            }
            let fill =
                req.priorities.get(&fid).and_then(|&p| PRIORITY_COLOURS.get(p as usize - 1)).unwrap_or(&"#969696");
            let mut pen = Pen::new(f);
            pen.polygons(&mp);
            let _ = write!(svg, r##"<path d="{}" fill="{fill}" fill-opacity="0.18" fill-rule="evenodd"/>"##, pen.d);
            features += 1;
        }
    }
    // The municipality's boundary: where the map's world ends.
    let mut pen = Pen::new(f);
    for b in p.features_in_bbox(Layer::Boundary, bbox)? {
        if let Some(mp) = b.geometry.as_ref().and_then(multi) {
            pen.polygons(&mp);
            note_source(b.str("source"));
        }
    }
    if !pen.is_empty() {
        let _ = write!(
            svg,
            r##"<path d="{}" fill="none" stroke="#333333" stroke-width="0.5" stroke-dasharray="3 1.5"/>"##,
            pen.d
        );
        if req.focus.is_none() {
            legend.push(entry(
                "Kommunegrænse".into(),
                r##"<path d="M1 2.5H9" stroke="#333333" stroke-width="0.5" stroke-dasharray="3 1.5"/>"##.into(),
            ));
        }
    }
    if let Some(fid) = req.focus {
        planned =
            focus_features.iter().find(|fa| fa.fid == Some(fid)).and_then(|fa| fa.geometry.as_ref().and_then(multi));
    }

    // Housing areas by type (the first type colours it; the legend lists the types shown).
    if req.layers.has("housing_areas") {
        let mut shown: BTreeMap<&'static str, &'static str> = BTreeMap::new();
        let mut by_colour: BTreeMap<&'static str, Pen> = BTreeMap::new();
        for ha in p.features_in_bbox(Layer::HousingAreas, bbox)? {
            let Some(mp) = ha.geometry.as_ref().and_then(multi) else { continue };
            let first =
                ha.text(crate::fields::housing_areas::HOUSING_TYPES).and_then(|s| s.split(',').next()).map(str::trim);
            let term = first.and_then(|c| vocab::find(vocab::HOUSING_TYPES, c));
            let code = term.map(|t| t.code).unwrap_or("other");
            let colour = housing_colour(code);
            shown.insert(code, term.map(|t| t.da).unwrap_or("boligområde"));
            by_colour.entry(colour).or_insert_with(|| Pen::new(f)).polygons(&mp);
            note_source(ha.str("source"));
            features += 1;
        }
        for (colour, pen) in &by_colour {
            let _ = write!(
                svg,
                r##"<path d="{}" fill="{colour}" fill-opacity="0.28" stroke="{colour}" stroke-width="0.35" fill-rule="evenodd"/>"##,
                pen.d
            );
        }
        for (code, label) in shown {
            let c = housing_colour(code);
            legend.push(entry(
                format!("Boligområde: {label}"),
                format!(r##"<rect x="1" y="0.8" width="8" height="3.4" fill="{c}" fill-opacity="0.28" stroke="{c}" stroke-width="0.35"/>"##),
            ));
        }
    }

    // Visited zones and partners' reach: outlined areas, one path each.
    for (name, layer, colour, opacity, width, dash, label) in [
        ("visited_zones", Layer::VisitedZones, RECENT, "0.08", "0.35", "1.2 0.8", "Besøgt zone"),
        ("partner_reach", Layer::PartnerReach, "#0072b2", "0.05", "0.3", "0.4 0.8", "Partners rækkevidde"),
    ] {
        if !req.layers.has(name) {
            continue;
        }
        let mut pen = Pen::new(f);
        for z in p.features_in_bbox(layer, bbox)? {
            if let Some(mp) = z.geometry.as_ref().and_then(multi) {
                pen.polygons(&mp);
                features += 1;
            }
        }
        if !pen.is_empty() {
            let style = format!(
                r#"fill="{colour}" fill-opacity="{opacity}" stroke="{colour}" stroke-width="{width}" stroke-dasharray="{dash}""#
            );
            let _ = write!(svg, r#"<path d="{}" {style} fill-rule="evenodd"/>"#, pen.d);
            legend.push(entry(label.into(), format!(r#"<rect x="1" y="0.8" width="8" height="3.4" {style}/>"#)));
        }
    }

    if req.layers.has("buildings") {
        // Dwellings darker than other buildings; small squares, as on a base map.
        let (mut homes, mut other) = (String::new(), String::new());
        let s = 0.35;
        for b in p.features_in_bbox(Layer::Buildings, bbox)? {
            let Some(Geometry::Point(pt)) = &b.geometry else { continue };
            let (x, y) = f.to_paper(pt.0);
            let out = if building_kind(b.i64("use_code")) == "other" { &mut other } else { &mut homes };
            let _ = write!(out, "M{:.2} {:.2}h{:.2}v{:.2}h-{:.2}Z", x - s, y - s, 2.0 * s, 2.0 * s, 2.0 * s);
            note_source(b.str("source"));
            features += 1;
        }
        if !other.is_empty() {
            let _ = write!(svg, r##"<path d="{other}" fill="#cfcfcf"/>"##);
        }
        if !homes.is_empty() {
            let _ = write!(svg, r##"<path d="{homes}" fill="#8f8f8f"/>"##);
            legend.push(entry(
                "Bygning med boliger".into(),
                r##"<rect x="4.3" y="1.8" width="1.4" height="1.4" fill="#8f8f8f"/>"##.into(),
            ));
        }
    }

    // Streets: casing where partners see them, the plain street, then coverage on top.
    let mut labels: Vec<(String, LineString<f64>)> = Vec::new();
    if req.layers.has("roads") {
        let roads = p.features_in_bbox(Layer::Roads, bbox)?;
        let (mut seen, mut major, mut minor, mut paths) = (Pen::new(f), Pen::new(f), Pen::new(f), Pen::new(f));
        let (mut earlier, mut recent) = (Pen::new(f), Pen::new(f));
        let none = Vec::new();
        for r in &roads {
            let (Some(fid), Some(Geometry::LineString(l))) = (r.fid, &r.geometry) else { continue };
            features += 1;
            note_source(r.str("source"));
            match road_rank(r.str("road_class")) {
                1 | 2 => major.line(l),
                5 => paths.line(l),
                _ => minor.line(l),
            }
            if let Some(name) = r.str("name").filter(|n| !n.trim().is_empty()) {
                labels.push((name.to_string(), l.clone()));
            }
            if req.layers.has("partners") {
                for &(a, b) in ctx.partner.get(&fid).unwrap_or(&none) {
                    if let Some(s) = ctx.net.substring(fid, a, b) {
                        seen.line(&s);
                    }
                }
            }
            if req.layers.has("coverage") {
                let recent_iv = ctx.recent.get(&fid).unwrap_or(&none);
                if let Some(recs) = ctx.records.get(&fid) {
                    let ever = merge(recs.iter().map(|x| (x.from_m, x.to_m)).collect());
                    for (a, b) in subtract(&ever, recent_iv) {
                        if let Some(s) = ctx.net.substring(fid, a, b) {
                            earlier.line(&s);
                        }
                    }
                }
                for &(a, b) in recent_iv {
                    if let Some(s) = ctx.net.substring(fid, a, b) {
                        recent.line(&s);
                    }
                }
            }
        }
        if !seen.is_empty() {
            let _ = write!(
                svg,
                r##"<path d="{}" fill="none" stroke="{PARTNER_SEEN}" stroke-opacity="0.45" stroke-width="2.4"/>"##,
                seen.d
            );
        }
        let _ = write!(
            svg,
            r##"<path d="{}" fill="none" stroke="{PATH_GREY}" stroke-width="0.25" stroke-dasharray="0.8 0.6"/>"##,
            paths.d
        );
        let _ = write!(svg, r##"<path d="{}" fill="none" stroke="{NEVER}" stroke-width="0.35"/>"##, minor.d);
        let _ = write!(svg, r##"<path d="{}" fill="none" stroke="{NEVER}" stroke-width="0.6"/>"##, major.d);
        if !earlier.is_empty() {
            let _ = write!(
                svg,
                r##"<path d="{}" fill="none" stroke="{EARLIER}" stroke-width="1.0" stroke-dasharray="1.4 0.9" stroke-linecap="butt"/>"##,
                earlier.d
            );
        }
        if !recent.is_empty() {
            let _ = write!(svg, r##"<path d="{}" fill="none" stroke="{RECENT}" stroke-width="1.2"/>"##, recent.d);
        }
        if req.layers.has("coverage") {
            legend.push(entry(
                format!("Dækket inden for {} dage", req.window_days),
                format!(r##"<path d="M1 2.5H9" stroke="{RECENT}" stroke-width="1.2" stroke-linecap="round"/>"##),
            ));
            legend.push(entry(
                "Dækket tidligere".into(),
                format!(r##"<path d="M1 2.5H9" stroke="{EARLIER}" stroke-width="1.0" stroke-dasharray="1.4 0.9"/>"##),
            ));
        }
        legend.push(entry(
            if req.layers.has("coverage") { "Aldrig dækket".into() } else { "Vej".into() },
            format!(r##"<path d="M1 2.5H9" stroke="{NEVER}" stroke-width="0.45"/>"##),
        ));
        legend.push(entry(
            "Sti".into(),
            format!(r##"<path d="M1 2.5H9" stroke="{PATH_GREY}" stroke-width="0.25" stroke-dasharray="0.8 0.6"/>"##),
        ));
        if !seen.is_empty() {
            legend.push(entry(
                "Set af samarbejdspartnere".into(),
                format!(r##"<path d="M1 2.5H9" stroke="{PARTNER_SEEN}" stroke-opacity="0.45" stroke-width="2.4"/><path d="M1 2.5H9" stroke="{NEVER}" stroke-width="0.35"/>"##),
            ));
        }
    }

    if req.layers.has("meal_routes") {
        let mut pen = Pen::new(f);
        for m in p.features_in_bbox(Layer::MealRoutes, bbox)? {
            if let Some(Geometry::LineString(l)) = &m.geometry {
                pen.line(l);
                features += 1;
            }
        }
        if !pen.is_empty() {
            let _ = write!(
                svg,
                r##"<path d="{}" fill="none" stroke="{MEAL}" stroke-width="0.7" stroke-dasharray="0.1 1.1"/>"##,
                pen.d
            );
            legend.push(entry(
                "Madrute".into(),
                format!(r##"<path d="M1 2.5H9" stroke="{MEAL}" stroke-width="0.7" stroke-dasharray="0.1 1.1" stroke-linecap="round"/>"##),
            ));
        }
    }

    // The planned area: the world outside it veiled, its edge bold.
    if let Some(mp) = &planned {
        let mut pen = Pen::new(f);
        pen.polygons(mp);
        let _ = write!(
            svg,
            r##"<path d="M-1 -1H{:.2}V{:.2}H-1Z{}" fill="#ffffff" fill-opacity="0.45" fill-rule="evenodd"/><path d="{}" fill="none" stroke="{FOCUS}" stroke-width="0.9"/>"##,
            w + 1.0,
            h + 1.0,
            pen.d,
            pen.d
        );
        legend.insert(
            0,
            entry(
                "Fokusområdet".into(),
                format!(
                    r##"<rect x="1" y="0.8" width="8" height="3.4" fill="none" stroke="{FOCUS}" stroke-width="0.9"/>"##
                ),
            ),
        );
    }
    if req.layers.has("focus_areas") || req.focus.is_none() {
        let mut pen = Pen::new(f);
        for fa in &focus_features {
            if fa.fid == req.focus {
                continue;
            }
            if let Some(mp) = fa.geometry.as_ref().and_then(multi) {
                pen.polygons(&mp);
            }
        }
        if !pen.is_empty() {
            let _ = write!(
                svg,
                r##"<path d="{}" fill="none" stroke="{FOCUS}" stroke-width="0.5" stroke-dasharray="2 1"/>"##,
                pen.d
            );
            legend.push(entry(
                if req.focus.is_some() { "Andet fokusområde".into() } else { "Fokusområde (fyld: prioritet)".into() },
                format!(r##"<rect x="1" y="0.8" width="8" height="3.4" fill="{}" fill-opacity="0.18" stroke="{FOCUS}" stroke-width="0.5" stroke-dasharray="2 1"/>"##, PRIORITY_COLOURS[1]),
            ));
        }
    }

    let mut placed = Placed::default();
    if req.layers.has("visiting_places") {
        let mut any = false;
        for v in p.features_in_bbox(Layer::VisitingPlaces, bbox)? {
            let Some(Geometry::Point(pt)) = &v.geometry else { continue };
            let (x, y) = f.to_paper(pt.0);
            let _ = write!(
                svg,
                r##"<circle cx="{x:.2}" cy="{y:.2}" r="1.2" fill="{VISITING}" stroke="{OUTLINE}" stroke-width="0.3"/>"##
            );
            placed.0.push([x - 1.2, y - 1.2, x + 1.2, y + 1.2]);
            note_source(v.str("source"));
            features += 1;
            any = true;
        }
        if any {
            legend.push(entry(
                "Besøgssted".into(),
                format!(
                    r##"<circle cx="5" cy="2.5" r="1.2" fill="{VISITING}" stroke="{OUTLINE}" stroke-width="0.3"/>"##
                ),
            ));
        }
    }
    if req.layers.has("channels") {
        let mut any = false;
        for c in p.features_in_bbox(Layer::Channels, bbox)? {
            let Some(Geometry::Point(pt)) = &c.geometry else { continue };
            let (x, y) = f.to_paper(pt.0);
            let _ = write!(
                svg,
                r##"<path d="M{x:.2} {:.2}l1.4 1.4l-1.4 1.4l-1.4 -1.4Z" fill="{CHANNEL}" stroke="{OUTLINE}" stroke-width="0.3"/>"##,
                y - 1.4
            );
            placed.0.push([x - 1.4, y - 1.4, x + 1.4, y + 1.4]);
            features += 1;
            any = true;
        }
        if any {
            legend.push(entry(
                "Kommunikationskanal".into(),
                format!(r##"<path d="M5 1.1l1.4 1.4l-1.4 1.4l-1.4 -1.4Z" fill="{CHANNEL}" stroke="{OUTLINE}" stroke-width="0.3"/>"##),
            ));
        }
    }
    if req.layers.has("partners") {
        for n in req.partners {
            let (x, y) = f.to_paper(n.at);
            if x < -3.0 || y < -3.0 || x > w + 3.0 || y > h + 3.0 {
                continue;
            }
            let fill = n.fill.as_deref().unwrap_or("#d73027");
            let _ = write!(
                svg,
                r##"<circle cx="{x:.2}" cy="{y:.2}" r="2.1" fill="{fill}" stroke="{OUTLINE}" stroke-width="0.35"/><text x="{x:.2}" y="{:.2}" font-size="2.4" font-weight="bold" text-anchor="middle" fill="#000000" stroke="#ffffff" stroke-width="0.5" paint-order="stroke">{}</text>"##,
                y + 0.85,
                n.number
            );
            placed.0.push([x - 2.1, y - 2.1, x + 2.1, y + 2.1]);
            features += 1;
        }
        if !req.partners.is_empty() {
            legend.push(entry(
                "Samarbejdspartner (nr. i tabellen; farve: kontaktstatus)".into(),
                format!(r##"<circle cx="5" cy="2.5" r="2.1" fill="#fdae61" stroke="{OUTLINE}" stroke-width="0.35"/>"##),
            ));
        }
    }
    if req.layers.has("blindspots") {
        for n in req.blind_spots {
            let (x, y) = f.to_paper(n.at);
            if x < -3.0 || y < -3.0 || x > w + 3.0 || y > h + 3.0 {
                continue;
            }
            let _ = write!(
                svg,
                r##"<circle cx="{x:.2}" cy="{y:.2}" r="2.6" fill="none" stroke="#000000" stroke-width="0.55"/><circle cx="{x:.2}" cy="{y:.2}" r="2.6" fill="none" stroke="#ffffff" stroke-width="0.2"/><text x="{:.2}" y="{:.2}" font-size="2.6" font-weight="bold" fill="#000000" stroke="#ffffff" stroke-width="0.6" paint-order="stroke">{}</text>"##,
                x + 2.9,
                y - 1.6,
                n.number
            );
            placed.0.push([x - 2.6, y - 2.6, x + 2.6, y + 2.6]);
            features += 1;
        }
        if !req.blind_spots.is_empty() {
            legend.push(entry(
                "Blind plet (nr. i listen)".into(),
                r##"<circle cx="5" cy="2.5" r="2.1" fill="none" stroke="#000000" stroke-width="0.55"/>"##.into(),
            ));
        }
    }

    // Names: focus areas (and their figures on an overview), then streets where they fit.
    for fa in &focus_features {
        let Some(fid) = fa.fid else { continue };
        let Some(mp) = fa.geometry.as_ref().and_then(multi) else { continue };
        let text = match req.area_labels.get(&fid) {
            Some(t) => t.clone(),
            None if Some(fid) != req.focus && req.layers.has("focus_areas") => {
                fa.text(crate::fields::areas::NAME).unwrap_or("").to_string()
            }
            None => continue,
        };
        let Some(c) = mp.centroid() else { continue };
        let (x, y) = f.to_paper(c.0);
        let size = 3.0;
        let tw = text_width(&text, size);
        if placed.try_place([x - tw / 2.0, y - size, x + tw / 2.0, y + 1.0]) {
            let _ = write!(
                svg,
                r##"<text x="{x:.2}" y="{y:.2}" font-size="{size}" font-weight="bold" text-anchor="middle" fill="#8a3b00" stroke="#ffffff" stroke-width="0.7" paint-order="stroke">{}</text>"##,
                esc(&text)
            );
        }
    }
    street_labels(&mut svg, f, &mut placed, labels);

    if req.grid {
        grid(&mut svg, f);
    }
    svg.push_str("</g>");
    north_arrow(&mut svg, w);
    scale_bar(&mut svg, f);
    let _ = write!(
        svg,
        r##"<rect width="{w:.2}" height="{h:.2}" fill="none" stroke="#000000" stroke-width="0.35"/></svg>"##
    );
    Ok(MapSvg { svg, legend, sources, features })
}

fn entry(label: String, body: String) -> LegendEntry {
    LegendEntry {
        label,
        swatch: format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="10mm" height="5mm" viewBox="0 0 10 5">{body}</svg>"##
        ),
    }
}

/// One label per street name, written along the longest piece of that
/// street inside the frame (a `textPath`, so it follows the bends), read left
/// to right, centred; only where the piece is longer than the name and
/// nothing else is written there. Main streets are placed first.
fn street_labels(svg: &mut String, f: &MapFrame, placed: &mut Placed, labels: Vec<(String, LineString<f64>)>) {
    const SIZE: f64 = 2.3;
    // Per name: the longest run of the line inside the frame, on paper, smoothed to 1 mm.
    let mut best: HashMap<String, (Vec<(f64, f64)>, f64)> = HashMap::new();
    let mut pieces: HashMap<String, Vec<Vec<(f64, f64)>>> = HashMap::new();
    for (name, l) in labels {
        let mut run: Vec<(f64, f64)> = Vec::new();
        let mut runs = Vec::new();
        for c in &l.0 {
            let (x, y) = f.to_paper(*c);
            if x < 2.0 || y < 2.0 || x > f.w_mm - 2.0 || y > f.h_mm - 2.0 {
                if run.len() > 1 {
                    runs.push(std::mem::take(&mut run));
                }
                run.clear();
                continue;
            }
            if run.last().is_none_or(|&(lx, ly): &(f64, f64)| (x - lx).hypot(y - ly) >= 1.0) {
                run.push((x, y));
            }
        }
        if run.len() > 1 {
            runs.push(run);
        }
        pieces.entry(name).or_default().extend(runs);
    }
    for (name, runs) in pieces {
        for r in chain(runs) {
            let len: f64 = r.windows(2).map(|w| (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1)).sum();
            if best.get(&name).is_none_or(|(_, l)| len > *l) {
                best.insert(name.clone(), (r, len));
            }
        }
    }
    let mut names: Vec<_> = best.into_iter().collect();
    names.sort_by(|x, y| y.1.1.total_cmp(&x.1.1).then_with(|| x.0.cmp(&y.0)));
    let mut defs = String::new();
    let mut texts = String::new();
    for (k, (name, (mut run, len))) in names.into_iter().enumerate() {
        let tw = text_width(&name, SIZE);
        if len < tw + 4.0 {
            continue;
        }
        // Text runs along the path's direction: keep it left to right.
        if run[run.len() - 1].0 < run[0].0 {
            run.reverse();
        }
        // The room the label takes: the points within half its width of the middle.
        let mut acc = 0.0;
        let (lo, hi) = ((len - tw) / 2.0 - 1.0, (len + tw) / 2.0 + 1.0);
        let mut b = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
        for (i, &(x, y)) in run.iter().enumerate() {
            if i > 0 {
                acc += (x - run[i - 1].0).hypot(y - run[i - 1].1);
            }
            if acc >= lo && acc <= hi {
                b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
            }
        }
        if !b[0].is_finite() {
            continue;
        }
        let pad = SIZE * 0.6;
        if !placed.try_place([b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad]) {
            continue;
        }
        let d: String = run
            .iter()
            .enumerate()
            .map(|(i, (x, y))| format!("{}{x:.2} {y:.2}", if i == 0 { 'M' } else { 'L' }))
            .collect();
        let _ = write!(defs, r##"<path id="street{k}" d="{d}"/>"##);
        let _ = write!(
            texts,
            r##"<text font-size="{SIZE}" dy="0.8" fill="#333333" stroke="#ffffff" stroke-width="0.6" paint-order="stroke"><textPath href="#street{k}" startOffset="50%" text-anchor="middle">{}</textPath></text>"##,
            esc(&name)
        );
    }
    if !defs.is_empty() {
        let _ = write!(svg, "<defs>{defs}</defs>{texts}");
    }
}

/// Joins pieces of one street that meet end to end (within 0.5 mm on
/// paper) into longer runs: a street is often many features, one per block.
fn chain(mut runs: Vec<Vec<(f64, f64)>>) -> Vec<Vec<(f64, f64)>> {
    let near = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).hypot(a.1 - b.1) < 0.5;
    let mut out = Vec::new();
    while let Some(mut cur) = runs.pop() {
        loop {
            let (first, last) = (cur[0], cur[cur.len() - 1]);
            let Some(k) = runs.iter().position(|r| {
                let (a, b) = (r[0], r[r.len() - 1]);
                near(a, last) || near(b, last) || near(a, first) || near(b, first)
            }) else {
                break;
            };
            let mut r = runs.swap_remove(k);
            let (a, b) = (r[0], r[r.len() - 1]);
            if near(a, last) {
                cur.extend(r.drain(1..));
            } else if near(b, last) {
                r.reverse();
                cur.extend(r.drain(1..));
            } else if near(b, first) {
                r.extend(cur.drain(1..));
                cur = r;
            } else {
                r.reverse();
                r.extend(cur.drain(1..));
                cur = r;
            }
        }
        out.push(cur);
    }
    out
}

/// A round step for grid lines and the scale bar: about `target` metres.
fn nice_step(target: f64) -> f64 {
    let mut best = 1.0;
    for decade in [1.0, 10.0, 100.0, 1_000.0, 10_000.0, 100_000.0] {
        for m in [1.0, 2.0, 2.5, 5.0] {
            let s = m * decade;
            if s <= target {
                best = s;
            }
        }
    }
    best
}

/// UTM grid lines (EPSG:25832) with their coordinates at the top and left edges.
fn grid(svg: &mut String, f: &MapFrame) {
    let b = f.bbox();
    let step = nice_step(40.0 * f.m_per_mm());
    let mut d = String::new();
    let mut text = String::new();
    let mut x = (b[0] / step).ceil() * step;
    while x < b[2] {
        let (px, _) = f.to_paper(Coord { x, y: b[3] });
        let _ = write!(d, "M{px:.2} 0V{:.2}", f.h_mm);
        let _ = write!(
            text,
            r##"<text x="{:.2}" y="2.6" font-size="1.9" fill="#555555" stroke="#ffffff" stroke-width="0.4" paint-order="stroke">{}</text>"##,
            px + 0.6,
            x as i64
        );
        x += step;
    }
    let mut y = (b[1] / step).ceil() * step;
    while y < b[3] {
        let (_, py) = f.to_paper(Coord { x: b[0], y });
        let _ = write!(d, "M0 {py:.2}H{:.2}", f.w_mm);
        let _ = write!(
            text,
            r##"<text x="0.8" y="{:.2}" font-size="1.9" fill="#555555" stroke="#ffffff" stroke-width="0.4" paint-order="stroke">{}</text>"##,
            py - 0.6,
            y as i64
        );
        y += step;
    }
    let _ = write!(svg, r##"<path d="{d}" fill="none" stroke="#7a7a7a" stroke-width="0.15"/>{text}"##);
}

fn north_arrow(svg: &mut String, w: f64) {
    let (x, y) = (w - 8.0, 5.0);
    let _ = write!(
        svg,
        r##"<g><rect x="{:.2}" y="{:.2}" width="9" height="13" rx="1" fill="#ffffff" fill-opacity="0.85"/><path d="M{x:.2} {:.2}l3 8l-3 -2l-3 2Z" fill="#000000"/><text x="{x:.2}" y="{:.2}" font-size="3.2" font-weight="bold" text-anchor="middle">N</text></g>"##,
        x - 4.5,
        y - 3.5,
        y + 1.0,
        y + 0.8
    );
}

/// A scale bar of four alternating parts with a round length, and the scale
/// as text beside it.
fn scale_bar(svg: &mut String, f: &MapFrame) {
    let metres = nice_step(f.w_mm / 4.0 * f.m_per_mm());
    let len = metres / f.m_per_mm();
    let (x0, y0) = (5.0, f.h_mm - 7.0);
    let label = if metres >= 1000.0 {
        format!("{} km", crate::display::number_da(metres / 1000.0, if metres % 1000.0 == 0.0 { 0 } else { 1 }))
    } else {
        format!("{} m", metres as i64)
    };
    let _ = write!(
        svg,
        r##"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="9.5" rx="1" fill="#ffffff" fill-opacity="0.85"/>"##,
        x0 - 3.0,
        y0 - 5.5,
        len + 30.0
    );
    for i in 0..4 {
        let fill = if i % 2 == 0 { "#000000" } else { "#ffffff" };
        let _ = write!(
            svg,
            r##"<rect x="{:.2}" y="{y0:.2}" width="{:.2}" height="1.2" fill="{fill}" stroke="#000000" stroke-width="0.2"/>"##,
            x0 + i as f64 * len / 4.0,
            len / 4.0
        );
    }
    let _ = write!(
        svg,
        r##"<text x="{x0:.2}" y="{:.2}" font-size="2.4" text-anchor="middle">0</text><text x="{:.2}" y="{:.2}" font-size="2.4" text-anchor="middle">{label}</text><text x="{:.2}" y="{:.2}" font-size="2.6" font-weight="bold">{}</text>"##,
        y0 - 1.0,
        x0 + len,
        y0 - 1.0,
        x0 + len + 6.0,
        y0 + 1.3,
        f.scale_text()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layer_lists_parse_and_refuse_unknown_names() {
        let c = LayerChoice::parse("roads, Coverage,partners,roads").unwrap();
        assert_eq!(c.names(), &["roads", "coverage", "partners"]);
        let e = LayerChoice::parse("roads,people").unwrap_err().to_string();
        assert!(e.contains("'people'") && e.contains("housing_areas"), "{e}");
    }

    #[test]
    fn nice_steps_are_round() {
        assert_eq!(nice_step(480.0), 250.0);
        assert_eq!(nice_step(1_200.0), 1_000.0);
        assert_eq!(nice_step(60.0), 50.0);
    }
}
