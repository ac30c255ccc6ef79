//! What a plan says, gathered from the same core calls as `afdaek coverage`
//! and `afdaek next` (a coverage [`Context`] and [`planning::next_steps`]),
//! formatted for a Danish reader, and handed to the template as JSON.
//!
//! Privacy (DOMAIN.md): only the layers chosen are drawn or listed; free-text
//! notes only when asked; no contact person ever; referral counts under 5
//! as "<5"; the title is neutral ("Områdeplan").

use super::frame::{MapFrame, Paper, map_size_mm};
use super::map_svg::{self, LayerChoice, LegendEntry, MapRequest, NumberedPoint};
use crate::blindspots::{self, BlindSpot};
use crate::coverage::figures::{AreaCoverage, Context};
use crate::coverage::intervals::PreparedArea;
use crate::display::{date_da, distance_da, number_da};
use crate::error::{Error, Result};
use crate::model::Layer;
use crate::network::Network;
use crate::planning::{self, NextSteps, dimensions};
use crate::store::Project;
use crate::vocab;
use geo::BoundingRect;
use geo_types::{Geometry, MultiPolygon};
use serde::Serialize;
use std::collections::HashMap;

/// Which areas a plan covers.
#[derive(Debug, Clone, PartialEq)]
pub enum AreaChoice {
    /// One focus area, by name (as `afdaek coverage --area`).
    One(String),
    /// Every focus area: an atlas with an overview and a table of contents.
    All,
}

/// Everything `afdaek plan` and the export dialog may choose.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    pub areas: AreaChoice,
    pub paper: Paper,
    pub landscape: bool,
    pub layers: LayerChoice,
    /// Free-text notes (the five dimensions' notes) on the sheet.
    pub include_notes: bool,
    /// A UTM grid with coordinates on the maps.
    pub grid: bool,
    /// The plan's date (ISO); default today.
    pub today: Option<String>,
    /// A route through each area's uncovered streets, with its turn list
    /// (a round trip), by this means of travel; `None` for no route.
    pub route: Option<crate::route::Method>,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            areas: AreaChoice::All,
            paper: Paper::A4,
            landscape: false,
            layers: LayerChoice::all(),
            include_notes: false,
            grid: false,
            today: None,
            route: None,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Doc {
    pub title: String,
    pub project: String,
    pub municipality: Option<String>,
    pub date: String,
    pub paper: &'static str,
    pub landscape: bool,
    pub atlas: bool,
    pub map_w_mm: f64,
    pub map_h_mm: f64,
    pub window_days: u32,
    pub notes_included: bool,
    pub layers: Vec<&'static str>,
    pub overview: Option<Overview>,
    pub areas: Vec<AreaDoc>,
}

#[derive(Debug, Serialize)]
pub struct Overview {
    pub map: String,
    pub scale: String,
    pub legend: Vec<LegendEntry>,
    pub attribution: String,
    pub rows: Vec<OverviewRow>,
}

#[derive(Debug, Serialize)]
pub struct OverviewRow {
    pub name: String,
    pub priority: String,
    pub covered: String,
    pub street_km: String,
    pub last_covered: String,
    pub status: String,
}

#[derive(Debug, Serialize)]
pub struct AreaDoc {
    pub name: String,
    pub map: String,
    pub scale: String,
    pub legend: Vec<LegendEntry>,
    pub attribution: String,
    pub priority: String,
    pub priority_source: String,
    pub criteria: Vec<(String, String)>,
    pub team: String,
    pub period: String,
    pub status: String,
    pub last_reviewed: String,
    pub coverage: CoverageDoc,
    pub week: WeekDoc,
    pub dimensions: Vec<DimensionDoc>,
    pub fidelity: FidelityDoc,
    pub partners: Option<Vec<PartnerDoc>>,
    pub plan: Vec<Vec<String>>,
    pub blind_spots: Option<Vec<BlindDoc>>,
    pub next: NextDoc,
    pub referrals: Vec<Vec<String>>,
    pub route: Option<RouteDoc>,
}

/// The next trip's route: summary and turn list.
#[derive(Debug, Serialize)]
pub struct RouteDoc {
    /// "Til fods: 12,4 km, ca. 2 t 45 min, 38 % transport mellem gaderne".
    pub summary: String,
    /// Nr., street, length, and whether the street is one the route is for.
    pub turns: Vec<(String, String, String, bool)>,
    /// "Kan ikke nås: …", or empty.
    pub left_out: String,
}

#[derive(Debug, Serialize)]
pub struct CoverageDoc {
    pub street_km: String,
    pub covered_km: String,
    pub covered_share: String,
    pub segments: String,
    pub dwellings: String,
    pub last_covered: String,
    pub partner_km: String,
}

#[derive(Debug, Serialize)]
pub struct WeekDoc {
    pub weekdays: Vec<&'static str>,
    /// Per time of day: its label and the covered km per weekday ("" for none).
    pub rows: Vec<(String, Vec<String>)>,
}

#[derive(Debug, Serialize)]
pub struct DimensionDoc {
    pub label: &'static str,
    pub count: usize,
    pub mark: String,
    pub notes: String,
}

#[derive(Debug, Serialize)]
pub struct FidelityDoc {
    pub dates: Vec<String>,
    pub rows: Vec<(String, Vec<String>)>,
}

#[derive(Debug, Serialize)]
pub struct PartnerDoc {
    pub nr: usize,
    pub name: String,
    pub partner_type: String,
    pub role: String,
    pub status: String,
    pub colour: String,
    pub last_contact: String,
    pub next_contact: String,
    pub responsible: String,
}

#[derive(Debug, Serialize)]
pub struct BlindDoc {
    pub nr: usize,
    pub kind: String,
    pub dwellings: String,
    pub reasons: String,
    pub inside: bool,
}

#[derive(Debug, Serialize)]
pub struct NextDoc {
    pub uncovered_streets: Vec<(String, String)>,
    pub uncovered_more: usize,
    pub partners_to_contact: Vec<(String, String)>,
    /// Partners' eyes, one sentence each ("Spørg … om …").
    pub partners_eyes: Vec<String>,
    pub empty_dimensions: Vec<String>,
    pub stale: Vec<String>,
}

/// The area's route (a round trip) and its turn list, for the sheet.
fn route_doc(
    p: &Project,
    net: &Network,
    ctx: &Context<'_>,
    area: &MultiPolygon<f64>,
    method: crate::route::Method,
) -> Result<RouteDoc> {
    let required = ctx.uncovered_edges(area);
    let how = match method {
        crate::route::Method::Car => "I bil",
        crate::route::Method::Bike => "På cykel",
        crate::route::Method::Walk => "Til fods",
    };
    if required.is_empty() {
        return Ok(RouteDoc {
            summary: format!("{how}: alle gader i området er dækket inden for perioden."),
            turns: Vec::new(),
            left_out: String::new(),
        });
    }
    let req = crate::route::Request { area, required: &required, method, start: None, return_to_start: true };
    let plan = crate::route::plan(net, p.index(), &req)?;
    let minutes = plan.minutes.round() as i64;
    let time =
        if minutes >= 60 { format!("{} t {} min", minutes / 60, minutes % 60) } else { format!("{minutes} min") };
    let summary = format!(
        "{how}: {} rundt, ca. {time}; {} gader, der mangler, og {} transport mellem dem ({} af turen).",
        distance_da(plan.length_m),
        distance_da(plan.required_m),
        distance_da(plan.deadhead_m),
        pct(plan.deadhead_share)
    );
    let turns = plan
        .turns
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("{}", i + 1), t.street.clone(), distance_da(t.length_m), t.required_m > 0.0))
        .collect();
    let left_out = if plan.unreachable_streets.is_empty() {
        String::new()
    } else {
        format!(
            "Kan ikke nås {}: {} ({}).",
            how.to_lowercase(),
            plan.unreachable_streets.join(", "),
            distance_da(plan.unreachable_m)
        )
    };
    Ok(RouteDoc { summary, turns, left_out })
}

/// A gathered plan: the template's data and the SVG files it names.
pub struct Gathered {
    pub doc: Doc,
    pub files: Vec<(String, Vec<u8>)>,
    pub today: String,
    /// Features drawn on all maps together.
    pub features: usize,
}

/// The most blind spots around an area that its map numbers.
const BLIND_AROUND_LIMIT: usize = 15;

fn km(m: f64) -> String {
    number_da(m / 1000.0, 2)
}

fn pct(share: f64) -> String {
    format!("{} %", number_da(share * 100.0, 1))
}

fn or_dash(s: Option<&str>) -> String {
    s.filter(|s| !s.trim().is_empty()).map(String::from).unwrap_or_else(|| "–".into())
}

fn label(voc: vocab::Vocabulary, code: Option<&str>) -> String {
    match code {
        Some(c) => vocab::label_da(voc, c).unwrap_or(c).to_string(),
        None => "–".into(),
    }
}

fn attribution(sources: &[String]) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for s in sources {
        let part = if s.contains("GeoDanmark") {
            "GeoDanmark (SDFI)"
        } else if s == "BBR" {
            "BBR (SDFI)"
        } else if s == "DAGI" {
            "DAGI (SDFI)"
        } else if s.contains("OpenStreetMap") || s.contains("OSM") {
            "© OpenStreetMap-bidragydere (ODbL)"
        } else {
            continue;
        };
        if !parts.contains(&part) {
            parts.push(part);
        }
    }
    if parts.is_empty() { "Kortdata: projektets egne lag".into() } else { format!("Kortdata: {}", parts.join(", ")) }
}

fn mp_of(g: &Option<Geometry<f64>>) -> Option<MultiPolygon<f64>> {
    match g {
        Some(Geometry::MultiPolygon(mp)) => Some(mp.clone()),
        Some(Geometry::Polygon(p)) => Some(MultiPolygon(vec![p.clone()])),
        _ => None,
    }
}

fn bbox(mp: &MultiPolygon<f64>) -> Option<[f64; 4]> {
    let r = mp.bounding_rect()?;
    Some([r.min().x, r.min().y, r.max().x, r.max().y])
}

/// Gathers the plan: figures, tables and maps.
pub fn gather(p: &Project, net: &Network, opts: &PlanOptions) -> Result<Gathered> {
    let today = opts.today.clone().unwrap_or_else(crate::coverage::figures::today);
    let s = p.settings();
    let ctx = Context::new(p, net, s.recency_days, &today)?;
    let mut areas_f: Vec<_> = p.features(Layer::FocusAreas)?.into_iter().filter(|f| f.fid.is_some()).collect();
    areas_f.sort_by(|a, b| {
        let key = |f: &crate::Feature| planning::priority::of(f).priority.unwrap_or(u8::MAX);
        key(a).cmp(&key(b)).then_with(|| a.str("name").cmp(&b.str("name")))
    });
    if let AreaChoice::One(name) = &opts.areas {
        let found = planning::focus_area_by_name(p, name)?;
        areas_f.retain(|f| f.fid == found.fid);
    }
    if areas_f.is_empty() {
        return Err(Error::invalid("area", "projektet har ingen fokusområder at lave en plan for"));
    }
    let next_all: HashMap<i64, NextSteps> = match &opts.areas {
        AreaChoice::One(_) => planning::next_steps(p, net, &today, areas_f[0].fid)?,
        AreaChoice::All => planning::next_steps(p, net, &today, None)?,
    }
    .into_iter()
    .map(|n| (n.fid, n))
    .collect();
    let blind_all: Vec<BlindSpot> = if opts.layers.has("blindspots") {
        blindspots::analyse_with(p, net, &ctx.records, &today)?.blindspots()?
    } else {
        Vec::new()
    };
    let priorities: HashMap<i64, u8> =
        planning::priority::ranked(p)?.into_iter().filter_map(|fp| fp.priority.map(|pr| (fp.fid, pr))).collect();
    let partner_features = p.features(Layer::Partners)?;
    let referral_counts = p.referral_counts()?;
    let (map_w, map_h) = map_size_mm(opts.paper, opts.landscape);
    let mut files = Vec::new();
    let mut features = 0;
    let mut areas = Vec::new();
    let mut figures: Vec<(String, AreaCoverage, Option<u8>, Option<String>)> = Vec::new();
    let no_labels = HashMap::new();
    for (i, f) in areas_f.iter().enumerate() {
        let fid = f.fid.expect("kept only with fid");
        let Some(mp) = mp_of(&f.geometry) else { continue };
        let name = f.str("name").unwrap_or("(uden navn)").to_string();
        let cov = ctx.area(&name, Layer::FocusAreas, Some(fid), &mp);
        let next =
            next_all.get(&fid).ok_or_else(|| Error::invalid("area", format!("fokusområde nr. {fid} findes ikke")))?;
        let frame = MapFrame::fit(bbox(&mp).unwrap_or([0.0; 4]), map_w, map_h);

        // Partners in the area, numbered in name order; the map numbers them the same.
        let prepared = PreparedArea::new(&mp);
        let mut in_area: Vec<&crate::Feature> =
            partner_features.iter().filter(|pf| dimensions::partner_in_area(pf, &mp, &prepared)).collect();
        in_area.sort_by(|a, b| a.str("name").cmp(&b.str("name")));
        let colours = &s.status_colours;
        let partner_docs: Vec<PartnerDoc> = in_area
            .iter()
            .enumerate()
            .map(|(k, pf)| {
                let status = pf.str("contact_status");
                PartnerDoc {
                    nr: k + 1,
                    name: or_dash(pf.str("name")),
                    partner_type: label(vocab::PARTNER_TYPES, pf.str("partner_type")),
                    role: or_dash(pf.str("role")),
                    status: label(vocab::CONTACT_STATUS, status),
                    colour: colours.get(status.unwrap_or("not_started")).cloned().unwrap_or_else(|| "#d73027".into()),
                    last_contact: pf.str("last_contact").map(date_da).unwrap_or_else(|| "–".into()),
                    next_contact: pf.str("next_contact").map(date_da).unwrap_or_else(|| "–".into()),
                    responsible: or_dash(pf.str("responsible")),
                }
            })
            .collect();
        let partner_points: Vec<NumberedPoint> = in_area
            .iter()
            .zip(&partner_docs)
            .filter_map(|(pf, d)| match &pf.geometry {
                Some(Geometry::Point(pt)) => {
                    Some(NumberedPoint { number: d.nr, at: pt.0, fill: Some(d.colour.clone()) })
                }
                _ => None,
            })
            .collect();

        // Blind spots: the uncovered places inside the area, then the ranked blind spots around it.
        let fb = frame.bbox();
        let around: Vec<&BlindSpot> = blind_all
            .iter()
            .filter(|b| b.x >= fb[0] && b.x <= fb[2] && b.y >= fb[1] && b.y <= fb[3])
            .take(BLIND_AROUND_LIMIT)
            .collect();
        let mut blind_docs = Vec::new();
        let mut blind_points = Vec::new();
        for (inside, b) in
            next.blind_spots_inside.iter().map(|b| (true, b)).chain(around.into_iter().map(|b| (false, b)))
        {
            let nr = blind_docs.len() + 1;
            blind_points.push(NumberedPoint { number: nr, at: geo_types::Coord { x: b.x, y: b.y }, fill: None });
            blind_docs.push(BlindDoc {
                nr,
                kind: b.type_label.clone(),
                dwellings: if b.dwellings > 0 { b.dwellings.to_string() } else { "–".into() },
                reasons: b.reasons.iter().map(|r| r.label.as_str()).collect::<Vec<_>>().join("; "),
                inside,
            });
        }

        let map = map_svg::draw(
            p,
            &ctx,
            &MapRequest {
                frame,
                layers: &opts.layers,
                focus: Some(fid),
                priorities: &priorities,
                area_labels: &no_labels,
                partners: if opts.layers.has("partners") { &partner_points } else { &[] },
                blind_spots: if opts.layers.has("blindspots") { &blind_points } else { &[] },
                grid: opts.grid,
                window_days: s.recency_days,
            },
        )?;
        features += map.features;
        let map_name = format!("map-{}.svg", i + 1);
        files.push((map_name.clone(), map.svg.into_bytes()));

        let pr = &next.priority;
        let criteria_labels =
            ["Match med målgruppen", "Opgaven", "Eksisterende samarbejdspartnere", "Forventet udbytte af kontakt"];
        let week = WeekDoc {
            weekdays: vocab::WEEKDAYS.iter().map(|t| t.da).collect(),
            rows: vocab::TIMES_OF_DAY
                .iter()
                .map(|t| (t.code, t.da))
                .chain([("unknown", "ikke angivet")])
                .map(|(code, da)| {
                    let cells = vocab::WEEKDAYS
                        .iter()
                        .map(|wd| match cov.week.get(wd.code).and_then(|m| m.get(code)) {
                            Some(&m) if m > 0.0 => km(m),
                            _ => String::new(),
                        })
                        .collect();
                    (da.to_string(), cells)
                })
                .filter(|(_, cells): &(String, Vec<String>)| cells.iter().any(|c| !c.is_empty()))
                .collect(),
        };
        let dims = next
            .dimensions
            .iter()
            .map(|d| DimensionDoc {
                label: d.label,
                count: d.count,
                mark: d.mark_label.unwrap_or("–").to_string(),
                notes: if opts.include_notes {
                    f.str(&format!("dim_{}_notes", d.code)).unwrap_or("").to_string()
                } else {
                    String::new()
                },
            })
            .collect();
        let rounds: Vec<_> = next.fidelity.iter().rev().take(3).collect::<Vec<_>>().into_iter().rev().collect();
        let fidelity = FidelityDoc {
            dates: rounds.iter().map(|r| date_da(&r.date)).collect(),
            rows: vocab::FIDELITY_QUESTIONS
                .iter()
                .map(|q| {
                    (
                        q.da.to_string(),
                        rounds
                            .iter()
                            .map(|r| label(vocab::SCALE5, r.answers.get(q.code).map(String::as_str)))
                            .collect(),
                    )
                })
                .collect(),
        };
        let plan_rows = crate::planning::plan::rows(p, fid)?
            .into_iter()
            .map(|r| {
                vec![
                    or_dash(r.partner.as_deref()),
                    r.message.clone(),
                    or_dash(r.medium.as_deref()),
                    or_dash(r.responsible.as_deref()),
                    or_dash(r.timeframe.as_deref()),
                    label(vocab::CONTACT_STATUS, r.status.as_deref()),
                    or_dash(r.evaluation.as_deref()),
                ]
            })
            .collect();
        let referrals = referral_counts
            .iter()
            .filter(|r| r.area_layer == "focus_areas" && r.area_fid == fid)
            .map(|r| {
                vec![
                    r.month.clone(),
                    label(vocab::REFERRAL_SOURCES, Some(&r.source_type)),
                    crate::export::shown_count(r.count),
                ]
            })
            .collect();
        let next_doc = NextDoc {
            uncovered_streets: next
                .uncovered_streets
                .iter()
                .map(|st| (st.name.clone(), format!("{} m", number_da(st.street_length_m - st.covered_length_m, 0))))
                .collect(),
            uncovered_more: next.uncovered_streets_total.saturating_sub(next.uncovered_streets.len()),
            partners_to_contact: if opts.layers.has("partners") {
                next.partners_to_contact
                    .iter()
                    .map(|t| {
                        let why = if t.why == "overdue" {
                            format!("næste kontakt var {}", t.next_contact.as_deref().map(date_da).unwrap_or_default())
                        } else {
                            "ingen kontakt endnu".to_string()
                        };
                        (t.name.clone(), why)
                    })
                    .collect()
            } else {
                Vec::new()
            },
            partners_eyes: next
                .partners_eyes
                .iter()
                .filter(|e| {
                    opts.layers.has(e.seer.layer) || (e.seer.layer == "partner_reach" && opts.layers.has("partners"))
                })
                .map(|e| format!("{}.", e.ask_da(4)))
                .collect(),
            empty_dimensions: next
                .dimensions
                .iter()
                .filter(|d| next.empty_dimensions.contains(&d.code))
                .map(|d| d.label.to_string())
                .collect(),
            stale: next
                .stale
                .iter()
                .map(|c| match *c {
                    "not_reviewed" => format!("ikke gennemgået i {} dage", s.stale_days),
                    "not_covered" => format!("ingen dækning i {} dage", s.stale_days),
                    other => other.to_string(),
                })
                .collect(),
        };
        figures.push((name.clone(), cov.clone(), pr.priority, f.str("status").map(String::from)));
        areas.push(AreaDoc {
            name,
            map: map_name,
            scale: frame.scale_text(),
            legend: map.legend,
            attribution: attribution(&map.sources),
            priority: pr.priority.map(|v| v.to_string()).unwrap_or_else(|| "–".into()),
            priority_source: match pr.priority_source {
                Some("team") => "sat af teamet".into(),
                Some("criteria") => "beregnet af de fire kriterier".into(),
                _ => "ikke sat".into(),
            },
            criteria: criteria_labels
                .iter()
                .zip(pr.criteria)
                .map(|(l, v)| (l.to_string(), v.map(|v| v.to_string()).unwrap_or_else(|| "–".into())))
                .collect(),
            team: or_dash(f.str("team")),
            period: match (f.str("period_start"), f.str("period_end")) {
                (None, None) => "–".into(),
                (a, b) => format!("{} – {}", a.map(date_da).unwrap_or_default(), b.map(date_da).unwrap_or_default()),
            },
            status: label(vocab::FOCUS_STATUS, f.str("status")),
            last_reviewed: f.str("last_reviewed").map(date_da).unwrap_or_else(|| "–".into()),
            coverage: CoverageDoc {
                street_km: km(cov.street_length_m),
                covered_km: km(cov.covered_length_m),
                covered_share: pct(cov.covered_share),
                segments: format!("{} af {}", cov.segments_covered, cov.segments_total),
                dwellings: format!("{} af {}", cov.dwellings_covered, cov.dwellings_total),
                last_covered: cov.last_covered.as_deref().map(date_da).unwrap_or_else(|| "aldrig".into()),
                partner_km: km(cov.partner_covered_length_m),
            },
            week,
            dimensions: dims,
            fidelity,
            partners: opts.layers.has("partners").then_some(partner_docs),
            plan: plan_rows,
            blind_spots: opts.layers.has("blindspots").then_some(blind_docs),
            next: next_doc,
            referrals,
            route: opts.route.map(|m| route_doc(p, net, &ctx, &mp, m)).transpose()?,
        });
    }

    let atlas = opts.areas == AreaChoice::All;
    let overview = if atlas {
        Some(overview(p, &ctx, opts, &figures, &priorities, map_w, map_h, &mut files, &mut features)?)
    } else {
        None
    };
    let municipality = s
        .municipality
        .as_deref()
        .and_then(|code| crate::municipalities::list().ok()?.into_iter().find(|m| m.code == code).map(|m| m.name));
    Ok(Gathered {
        doc: Doc {
            title: "Områdeplan".into(),
            project: s.name.clone(),
            municipality,
            date: date_da(&today),
            paper: opts.paper.name(),
            landscape: opts.landscape,
            atlas,
            map_w_mm: map_w,
            map_h_mm: map_h,
            window_days: s.recency_days,
            notes_included: opts.include_notes,
            layers: opts.layers.names().to_vec(),
            overview,
            areas,
        },
        files,
        today,
        features,
    })
}

/// The atlas's first page: every focus area on one map with its coverage
/// and priority, and the same as a table.
#[allow(clippy::too_many_arguments)]
fn overview(
    p: &Project,
    ctx: &Context<'_>,
    opts: &PlanOptions,
    figures: &[(String, AreaCoverage, Option<u8>, Option<String>)],
    priorities: &HashMap<i64, u8>,
    map_w: f64,
    map_h: f64,
    files: &mut Vec<(String, Vec<u8>)>,
    features: &mut usize,
) -> Result<Overview> {
    // The municipality where the project has streets (a project of part of a
    // municipality gets an overview of that part), always with every focus area.
    let idx = p.index();
    let mut extent = match (idx.extent(Layer::Boundary), idx.extent(Layer::Roads)) {
        (Some(b), Some(r)) => [b[0].max(r[0]), b[1].max(r[1]), b[2].min(r[2]), b[3].min(r[3])],
        (b, r) => b.or(r).unwrap_or([f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY]),
    };
    if let Some(a) = idx.extent(Layer::FocusAreas) {
        extent = [extent[0].min(a[0]), extent[1].min(a[1]), extent[2].max(a[2]), extent[3].max(a[3])];
    }
    let frame = MapFrame::fit(extent, map_w, map_h);
    let labels: HashMap<i64, String> = figures
        .iter()
        .filter_map(|(name, c, _, _)| c.fid.map(|fid| (fid, format!("{name} {}", pct(c.covered_share)))))
        .collect();
    // The overview shows streets and coverage only: at a municipality's scale
    // points and houses would be noise.
    let keep: Vec<&str> = ["roads", "coverage"].into_iter().filter(|l| opts.layers.has(l)).collect();
    let layers = LayerChoice::parse(&keep.join(","))?;
    let map = map_svg::draw(
        p,
        ctx,
        &MapRequest {
            frame,
            layers: &layers,
            focus: None,
            priorities,
            area_labels: &labels,
            partners: &[],
            blind_spots: &[],
            grid: opts.grid,
            window_days: p.settings().recency_days,
        },
    )?;
    *features += map.features;
    files.push(("overview.svg".into(), map.svg.into_bytes()));
    Ok(Overview {
        map: "overview.svg".into(),
        scale: frame.scale_text(),
        legend: map.legend,
        attribution: attribution(&map.sources),
        rows: figures
            .iter()
            .map(|(name, c, pr, status)| OverviewRow {
                name: name.clone(),
                priority: pr.map(|v| v.to_string()).unwrap_or_else(|| "–".into()),
                covered: pct(c.covered_share),
                street_km: km(c.street_length_m),
                last_covered: c.last_covered.as_deref().map(date_da).unwrap_or_else(|| "aldrig".into()),
                status: label(vocab::FOCUS_STATUS, status.as_deref()),
            })
            .collect(),
    })
}
