//! The demo project the app opens on first start, made by the project
//! itself from the small extract of public data in the repository's `data/`
//! (see `data/README.md` for sources and licences): Odense's road centre
//! lines with their street names, BBR buildings, the municipality polygon
//! and OpenStreetMap places; plus what a team would have drawn and done:
//! two focus areas with different coverage, a housing area, partners of
//! several types and contact statuses, a meal-delivery route, a channel, and
//! visits on several dates and times of day. Two dormitories by Hans Tausens
//! Gade lie outside every focus area and are a blind spot until that street
//! is ticked.
//!
//! The build is atomic (a temporary file renamed into place) and stamped
//! with a hash of its sources, the schema version and [`DEMO_VERSION`], so
//! [`ensure`] rebuilds exactly when one of them changed and never reuses an
//! interrupted build.

use crate::coverage::{Visit, credit};
use crate::error::{Error, Result};
use crate::import::{ImportOptions, import_file};
use crate::model::{Feature, Layer};
use crate::network::Network;
use crate::routing::Piece;
use crate::store::Project;
use geo_types::{LineString, MultiPolygon, Point, polygon};
use std::path::{Path, PathBuf};

/// Bump when what [`build`] draws changes (the sources and schema are hashed anyway).
pub const DEMO_VERSION: u32 = 4;

/// The files of `data/` the demo is made from, in import order (street
/// names first, so the roads get them as they arrive).
pub const SOURCES: &[&str] = &[
    "dagi/kommuner.geojson",
    "cpr/vejnavne_0461_odense.csv",
    "odense/vejmidte_0461_odense.geojson",
    "odense/bbr_bygning_0461_odense.json",
    "osm/osm_poi_odense_2019.geojson",
];

const VOLLSMOSE: [f64; 4] = [590_600.0, 6_139_600.0, 592_600.0, 6_141_400.0];
const BOLBRO: [f64; 4] = [583_600.0, 6_138_600.0, 585_600.0, 6_140_200.0];

fn rect(b: [f64; 4]) -> MultiPolygon<f64> {
    let [x0, y0, x1, y1] = b;
    MultiPolygon(vec![polygon![(x: x0, y: y0), (x: x1, y: y0), (x: x1, y: y1), (x: x0, y: y1), (x: x0, y: y0)]])
}

/// A hash of the sources, the schema version and the demo version (FNV-1a):
/// the demo is rebuilt when it changes.
pub fn stamp(data: &Path) -> Result<String> {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    eat(format!("demo {DEMO_VERSION} schema {}", crate::store::schema::SCHEMA_VERSION).as_bytes());
    for s in SOURCES {
        let p = data.join(s);
        eat(s.as_bytes());
        eat(&std::fs::read(&p).map_err(|e| Error::input(p.display().to_string(), None, e.to_string()))?);
    }
    Ok(format!("{h:016x}"))
}

/// `out` with `suffix` appended to its file name (`demo.gpkg` → `demo.gpkg.stamp`).
fn beside(out: &Path, suffix: &str) -> PathBuf {
    let mut s = out.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn stamp_file(out: &Path) -> PathBuf {
    beside(out, ".stamp")
}

/// Builds the demo at `out` unless it is there and made from the same
/// sources. Returns whether it was (re)built.
pub fn ensure(out: &Path, data: &Path) -> Result<bool> {
    let want = stamp(data)?;
    if out.is_file() && std::fs::read_to_string(stamp_file(out)).ok().as_deref() == Some(want.as_str()) {
        return Ok(false);
    }
    drop(build(out, data)?);
    Ok(true)
}

/// Builds the demo project at `out` (replacing any old one) from `data/`.
pub fn build(out: &Path, data: &Path) -> Result<Project> {
    let partial = beside(out, ".partial");
    for leftover in [partial.clone(), beside(&partial, "-wal"), beside(&partial, "-shm")] {
        let _ = std::fs::remove_file(leftover);
    }
    // The old demo must not be open (its lock), and its write-ahead log must
    // go with it: SQLite would pair a stale WAL with the new file.
    if out.is_file() {
        drop(Project::open_writable(out)?);
    }
    let made = fill(&partial, data);
    match made {
        Ok(p) => {
            drop(p);
            let _ = std::fs::remove_file(stamp_file(out));
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(beside(out, suffix));
            }
            std::fs::rename(&partial, out)?;
            std::fs::write(stamp_file(out), stamp(data)?)?;
            Project::open_writable(out)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

fn fill(path: &Path, data: &Path) -> Result<Project> {
    let mut p =
        crate::session::Session::create_for_municipality(path, "Demo: Odense Kommune", "0461", "DEMO")?.into_project();
    p.set_setting("user_initials", "DEMO".into())?;
    let opts =
        |as_layer: Option<Layer>, clip: bool| ImportOptions { as_layer, clip_to_boundary: clip, ..Default::default() };
    for (file, layer, clip) in [
        ("cpr/vejnavne_0461_odense.csv", None, false),
        ("odense/vejmidte_0461_odense.geojson", None, false),
        ("odense/bbr_bygning_0461_odense.json", None, false),
        ("osm/osm_poi_odense_2019.geojson", None, true),
    ] {
        import_file(&mut p, &data.join(file), &opts(layer, clip))?;
    }
    // One street network for the meal route and the visits: drawing them adds no roads.
    let net = Network::from_project(&p)?;
    drawn_by_the_team(&mut p, &net)?;
    visits(&mut p, &net)?;
    fidelity(&mut p)?;
    Ok(p)
}

/// Two rounds of the fidelity checklist for Vollsmose, so the area sheet and
/// the plan show how the answers changed.
fn fidelity(p: &mut Project) -> Result<()> {
    let fid = crate::planning::focus_area_by_name(p, "Vollsmose")?.fid.unwrap_or_default();
    let round = |answers: [&str; 7]| -> Vec<(String, String)> {
        crate::vocab::FIDELITY_QUESTIONS.iter().zip(answers).map(|(q, a)| (q.code.to_string(), a.to_string())).collect()
    };
    crate::planning::answer_fidelity(
        p,
        fid,
        "2026-09-14",
        &round(["high", "neither", "low", "low", "high", "neither", "low"]),
    )?;
    crate::planning::answer_fidelity(
        p,
        fid,
        "2026-11-24",
        &round(["very_high", "high", "high", "neither", "very_high", "high", "neither"]),
    )
}

fn drawn_by_the_team(p: &mut Project, net: &Network) -> Result<()> {
    let meal = meal_route(p, net)?;
    p.edit("Demo: fokusområder, partnere og ruter", |ed| {
        let vollsmose = ed.insert(
            Layer::FocusAreas,
            Feature::new(rect(VOLLSMOSE))
                .with("name", "Vollsmose")
                .with("priority", 1)
                .with("crit_target_fit", 4)
                .with("crit_task", 4)
                .with("crit_partners", 5)
                .with("crit_yield", 3)
                .with("team", "Team Øst")
                .with("status", "active")
                .with("last_reviewed", "2026-09-14")
                .with("dim_housing_mark", "high")
                .with("dim_partners_mark", "very_high")
                .with("dim_channels_mark", "low"),
        )?;
        ed.insert(
            Layer::FocusAreas,
            Feature::new(rect(BOLBRO))
                .with("name", "Bolbro")
                .with("priority", 3)
                .with("crit_target_fit", 3)
                .with("crit_task", 3)
                .with("crit_partners", 2)
                .with("crit_yield", 3)
                .with("team", "Team Vest")
                .with("status", "planned")
                .with("last_reviewed", "2025-11-02"),
        )?;
        ed.insert(
            Layer::HousingAreas,
            Feature::new(rect([591_000.0, 6_140_000.0, 592_000.0, 6_140_900.0]))
                .with("name", "Almene boliger, Vollsmose")
                .with("housing_types", "social_housing")
                .with("flags", "transfer_income,other_ethnic")
                .with("last_reviewed", "2026-09-14"),
        )?;
        // (x, y, organisation, type, contact status, next contact, what they see, responsible)
        type Partner<'a> = (f64, f64, &'a str, &'a str, &'a str, Option<&'a str>, &'a str, &'a str);
        let partners: [Partner; 5] = [
            (
                591_500.0,
                6_140_450.0,
                "Boligselskabets driftskontor",
                "caretaker",
                "in_progress",
                Some("2026-12-01"),
                "opgange, kældre, klager over lugt og støj",
                "Team Øst",
            ),
            (
                584_600.0,
                6_139_400.0,
                "Madservice Vest",
                "meal_delivery",
                "not_started",
                None,
                "døre, der ikke åbnes; mad, der står urørt",
                "Team Vest",
            ),
            (
                591_200.0,
                6_140_150.0,
                "Hjemmeplejen Øst",
                "home_care",
                "done",
                Some("2027-01-15"),
                "hjem indefra",
                "Team Øst",
            ),
            (
                584_900.0,
                6_139_700.0,
                "Købmanden i Bolbro",
                "grocer",
                "in_progress",
                Some("2026-11-20"),
                "faste kunder, der bliver væk",
                "Team Vest",
            ),
            (
                587_700.0,
                6_139_900.0,
                "Lokalbetjenten, Odense C",
                "police",
                "not_started",
                None,
                "uro og bekymringshenvendelser",
                "Team Øst",
            ),
        ];
        // The communication plan: what the team tells whom, and how.
        for (partner, message, medium, when, status) in [
            (
                "Boligselskabets driftskontor",
                "Hvem vi er, og hvornår man kan ringe til os",
                "møde med driftspersonalet",
                "uge 2",
                "in_progress",
            ),
            (
                "Hjemmeplejen Øst",
                "Tegn på isolation, vi gerne vil høre om",
                "oplæg på personalemøde",
                "januar 2027",
                "not_started",
            ),
        ] {
            crate::planning::plan::add(
                ed,
                crate::planning::plan::PlanRow {
                    fid: None,
                    area_fid: vollsmose,
                    partner: Some(partner.into()),
                    message: message.into(),
                    medium: Some(medium.into()),
                    responsible: Some("Team Øst".into()),
                    timeframe: Some(when.into()),
                    status: Some(status.into()),
                    evaluation: None,
                },
            )?;
        }
        for (x, y, name, kind, status, next, role, responsible) in partners {
            let mut f = Feature::new(Point::new(x, y))
                .with("name", name)
                .with("partner_type", kind)
                .with("contact_status", status)
                .with("role", role)
                .with("responsible", responsible)
                .with("reach_m", 400.0);
            if let Some(d) = next {
                f = f.with("next_contact", d);
            }
            ed.insert(Layer::Partners, f)?;
        }
        ed.insert(
            Layer::VisitingPlaces,
            Feature::new(Point::new(591_650.0, 6_140_600.0))
                .with("name", "Bænkene ved Vollsmose Torv")
                .with("place_type", "bench_square"),
        )?;
        ed.insert(
            Layer::Channels,
            Feature::new(Point::new(591_300.0, 6_140_300.0))
                .with("name", "Beboerbladet")
                .with("channel_type", "residents_newsletter"),
        )?;
        if let Some(line) = &meal {
            ed.insert(Layer::MealRoutes, Feature::new(line.clone()).with("name", "Madservice Vest, tirsdagsrute"))?;
        }
        Ok(())
    })
}

/// A meal-delivery route through Bolbro past the four streets (100 m or
/// more, inside it) with most homes beside them, west to east, routed over
/// the network: partner-seen streets, and "partners' eyes" (a route past
/// homes the team has not covered).
fn meal_route(p: &Project, net: &Network) -> Result<Option<LineString<f64>>> {
    use geo::{BoundingRect, Distance, Euclidean};
    let mut homes = std::collections::HashSet::new();
    p.scan(Layer::Buildings, &["use_code"], |fid, r| {
        if r.i64(0).is_some_and(crate::vocab::is_residential_use) {
            homes.insert(fid);
        }
    })?;
    let idx = p.index();
    let homes_beside = |l: &LineString<f64>| {
        let Some(r) = l.bounding_rect() else { return 0 };
        idx.in_bbox(Layer::Buildings, [r.min().x - 30.0, r.min().y - 30.0, r.max().x + 30.0, r.max().y + 30.0])
            .into_iter()
            .filter(|b| homes.contains(b))
            .filter(|&b| match idx.geometry(Layer::Buildings, b) {
                Some(geo_types::Geometry::Point(pt)) => Euclidean.distance(pt, l) <= 30.0,
                _ => false,
            })
            .count()
    };
    let inside = |l: &LineString<f64>| {
        l.0.iter().all(|c| (BOLBRO[0]..=BOLBRO[2]).contains(&c.x) && (BOLBRO[1]..=BOLBRO[3]).contains(&c.y))
    };
    let mut streets: Vec<(usize, i64)> = idx
        .in_bbox(Layer::Roads, BOLBRO)
        .into_iter()
        .filter(|f| net.roads.get(f).is_some_and(|r| r.length >= 100.0))
        .filter_map(|f| net.road_line(f).filter(|l| inside(l)).map(|l| (homes_beside(l), f)))
        .filter(|(n, _)| *n > 0)
        .collect();
    streets.sort_by(|a, b| b.cmp(a));
    streets.truncate(4);
    let mid_x = |f: i64| net.road_line(f).map_or(0.0, |l| crate::network::point_at(l, net.roads[&f].length / 2.0).x);
    streets.sort_by(|a, b| mid_x(a.1).total_cmp(&mid_x(b.1)));
    // Along each street from its start to its end.
    let stops: Vec<crate::routing::OnNetwork> = streets
        .iter()
        .flat_map(|&(_, f)| {
            let edges = &net.by_road[&f];
            let (first, last) = (edges[0], edges[edges.len() - 1]);
            [
                crate::routing::OnNetwork { edge: first, m: net.edges[first as usize].from_m },
                crate::routing::OnNetwork { edge: last, m: net.edges[last as usize].to_m },
            ]
        })
        .collect();
    if stops.len() < 2 {
        return Ok(None);
    }
    Ok(crate::routing::through(net, &stops, false).map(|r| r.line(net)))
}

/// Visits on several dates (relative to the day the demo is built, so it
/// always has recent and older coverage) and times of day: much of
/// Vollsmose, a little of Bolbro.
fn visits(p: &mut Project, net: &Network) -> Result<()> {
    let today = crate::coverage::figures::today();
    let day = |n: u32| crate::coverage::figures::cutoff(&today, n);
    let roads_in = |b: [f64; 4]| -> Vec<Piece> {
        let mut fids: Vec<i64> = p.index().in_bbox(Layer::Roads, b);
        fids.retain(|f| net.roads.contains_key(f));
        fids.into_iter().map(|f| Piece { road_fid: f, from_m: 0.0, to_m: net.roads[&f].length }).collect()
    };
    let (vollsmose, bolbro) = (roads_in(VOLLSMOSE), roads_in(BOLBRO));
    let plan: [(&[Piece], u32, &str, &str, &str); 5] = [
        (&vollsmose[..vollsmose.len() * 3 / 10], 9, "bike", "evening", "Team Øst"),
        (&vollsmose[vollsmose.len() * 3 / 10..vollsmose.len() / 2], 30, "walk", "morning", "Team Øst"),
        (&vollsmose[vollsmose.len() / 2..vollsmose.len() * 6 / 10], 58, "car", "day", "Team Øst"),
        (&bolbro[..bolbro.len() / 10], 20, "walk", "day", "Team Vest"),
        (&bolbro[bolbro.len() / 10..bolbro.len() / 4], 300, "bike", "morning", "Team Vest"),
    ];
    for (pieces, days_ago, method, time_of_day, team) in plan {
        let visit = Visit {
            date: day(days_ago)?,
            method: method.into(),
            time_of_day: Some(time_of_day.into()),
            team: Some(team.into()),
        };
        p.edit(&format!("Demo: besøg {}", visit.date), |ed| credit(ed, net, pieces, &visit, "manual"))?;
    }
    Ok(())
}
