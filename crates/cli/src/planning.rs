//! The planning commands: `blindspots`, `stale`, `priorities`, `next`,
//! `fidelity`, `route`. Each prints text for people or, with `--json`, the documented
//! JSON of the core call it wraps.

use afdaek_core::Layer;
use afdaek_core::planning;
use afdaek_core::session::{Access, Session};
use anyhow::{Result, bail};
use serde_json::json;
use std::path::Path;

fn print_json(v: &serde_json::Value) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

pub fn blindspots_cmd(project: &Path, json: bool, limit: Option<usize>, today: Option<String>) -> Result<()> {
    let mut s = Session::open(project, Access::Read)?;
    let r = s.blindspots(today, limit)?;
    crate::keep_until_exit(s);
    if json {
        return print_json(&serde_json::to_value(&r)?);
    }
    println!(
        "Blinde pletter pr. {}: {} (af {} kandidater; dækning regnes de seneste {} dage)",
        r.today, r.total, r.candidates, r.window_days
    );
    for (i, b) in r.blindspots.iter().enumerate() {
        let reasons: Vec<&str> = b.reasons.iter().map(|r| r.label.as_str()).collect();
        println!(
            "{:>3}. {:<34} {:>4} boliger  {:>6.2}  ({:.5}, {:.5})  {}",
            i + 1,
            format!("{} [{}]", b.type_label, b.kind),
            b.dwellings,
            b.score,
            b.location.lat,
            b.location.lon,
            reasons.join("; ")
        );
    }
    Ok(())
}

pub fn stale_cmd(project: &Path, json: bool, today: Option<String>) -> Result<()> {
    let r = Session::open(project, Access::Read)?.stale(today)?;
    let today = &r.today;
    if json {
        return print_json(&serde_json::to_value(&r)?);
    }
    println!(
        "Forældet pr. {today} (gennemgang/besøg inden for {} dage, dækning inden for {} dage)",
        r.stale_days, r.window_days
    );
    for a in &r.areas {
        println!(
            "  {:<30} {:<14} gennemgået {:<10}  besøgt {:<10}  {}",
            a.name,
            a.layer,
            a.last_reviewed.as_deref().unwrap_or("aldrig"),
            a.last_visited.as_deref().unwrap_or(if a.layer == "focus_areas" { "aldrig" } else { "-" }),
            a.reasons.join(", ")
        );
    }
    println!("Gader med gammel dækning: {}", r.streets.len());
    for s in r.streets.iter().take(30) {
        println!("  {:<30} senest {}  ({:.0} m)", s.name, s.last_covered, s.length_m);
    }
    Ok(())
}

pub fn priorities_cmd(project: &Path, user: &Option<String>, json: bool, derive: Option<String>) -> Result<()> {
    if let Some(name) = derive {
        match crate::open_for_edit(project, user)?.derive_priority(&name)? {
            Some(d) => println!("{name}: prioritet {d} (fra kriterierne)"),
            None => bail!("{name} har ingen kriteriescorer at udlede en prioritet af"),
        }
        return Ok(());
    }
    let v = Session::open(project, Access::Read)?.priorities()?;
    if json {
        return print_json(&json!({ "focus_areas": v }));
    }
    println!("Fokusområder efter prioritet (1 er højest)");
    for a in &v {
        let c: Vec<String> = a.criteria.iter().map(|x| x.map_or("-".into(), |v| v.to_string())).collect();
        println!(
            "  {:<28} prioritet {:<2} ({:<8}) kriterier {}  udledt {}  {}",
            a.name,
            a.priority.map_or("-".into(), |p| p.to_string()),
            a.priority_source.unwrap_or("ingen"),
            c.join("/"),
            a.derived.map_or("-".into(), |p| p.to_string()),
            a.status.as_deref().unwrap_or("")
        );
    }
    Ok(())
}

pub fn next_cmd(project: &Path, area: Option<String>, json: bool, today: Option<String>) -> Result<()> {
    let (today, v) = Session::open(project, Access::Read)?.next_steps(area.as_deref(), today)?;
    if json {
        return print_json(&json!({ "today": today, "areas": v }));
    }
    for a in &v {
        println!(
            "== {} (prioritet {}, {:.0} % dækket, senest {})",
            a.name,
            a.priority.priority.map_or("-".into(), |x| x.to_string()),
            100.0 * a.covered_share,
            a.last_covered.as_deref().unwrap_or("aldrig")
        );
        println!("  Udækkede gader: {}", a.uncovered_streets_total);
        for s in &a.uncovered_streets {
            println!(
                "    {:<30} {:.0} af {:.0} m mangler",
                s.name,
                s.street_length_m - s.covered_length_m,
                s.street_length_m
            );
        }
        println!("  Steder uden dækning i området: {}", a.blind_spots_inside_total);
        for b in &a.blind_spots_inside {
            println!("    {:<30} {} boliger", b.type_label, b.dwellings);
        }
        println!("  Partnere at kontakte: {}", a.partners_to_contact.len());
        for t in &a.partners_to_contact {
            let why = if t.why == "overdue" { "kontakt er overskredet" } else { "ikke kontaktet" };
            println!("    {:<30} {why} {}", t.name, t.next_contact.as_deref().unwrap_or(""));
        }
        println!("  Partneres øjne (udækkede gader, som en partner kommer forbi): {}", a.partners_eyes.len());
        for e in &a.partners_eyes {
            println!("    {}.", e.ask_da(3));
        }
        let labels: Vec<&str> = a.dimensions.iter().filter(|d| d.empty).map(|d| d.label).collect();
        println!("  Tomme dimensioner: {}", if labels.is_empty() { "ingen".into() } else { labels.join(", ") });
        if !a.stale.is_empty() {
            println!("  Forældet: {}", a.stale.join(", "));
        }
    }
    Ok(())
}

pub fn fidelity_cmd(
    project: &Path,
    user: &Option<String>,
    area: &str,
    date: Option<String>,
    answers: &[String],
    json: bool,
) -> Result<()> {
    if !answers.is_empty() {
        let Some(date) = date.clone() else { bail!("angiv --date ÅÅÅÅ-MM-DD for svarene") };
        let parsed: Vec<(String, String)> = answers
            .iter()
            .map(|a| match a.split_once('=') {
                Some((q, v)) => Ok((q.trim().to_string(), v.trim().to_string())),
                None => bail!("'{a}': forventede SPØRGSMÅL=SVAR, fx housing_mapped=high"),
            })
            .collect::<Result<_>>()?;
        crate::open_for_edit(project, user)?.answer_fidelity(area, &date, &parsed)?;
    }
    let rounds = Session::open(project, Access::Read)?.fidelity(area)?;
    if json {
        return print_json(&json!({ "area": area, "layer": Layer::FocusAreas.table(), "rounds": rounds }));
    }
    println!("Fidelitetsskema for {area}");
    for r in &rounds {
        println!("  {}", r.date);
        for (q, a) in &r.answers {
            let label = afdaek_core::vocab::label_da(afdaek_core::vocab::SCALE5, a).unwrap_or(a);
            println!("    {:<75} {label}", planning::question_label(q));
        }
    }
    Ok(())
}

pub fn partners_cmd(project: &Path, json: bool, today: Option<String>) -> Result<()> {
    let r = Session::open(project, Access::Read)?.partners_overview(today)?;
    if json {
        return print_json(&serde_json::to_value(&r)?);
    }
    println!("Samarbejdspartnere pr. {}: {}", r.today, r.partners.len());
    for p in &r.partners {
        println!(
            "{} {:<40} {:<32} {:<13} sidst {:<10} næste {}",
            if p.overdue { "!" } else { " " },
            p.name,
            p.type_label.unwrap_or("–"),
            p.status_label.unwrap_or("–"),
            p.last_contact.as_deref().unwrap_or("–"),
            p.next_contact.as_deref().unwrap_or("–"),
        );
    }
    if !r.referrals.is_empty() {
        println!("Henvendelser (under 5 vises som <5):");
        for rc in &r.referrals {
            println!("  {} {} {}: {}", rc.area, rc.month, rc.source_type, rc.count);
        }
    }
    Ok(())
}

/// `afdaek plan`: the area plan (or the atlas with --all) as PDF.
#[allow(clippy::too_many_arguments)]
pub fn plan_pdf_cmd(
    project: &Path,
    area: Option<String>,
    out: &Path,
    paper: &str,
    landscape: bool,
    layers: Option<String>,
    include_notes: bool,
    grid: bool,
    route: Option<String>,
    today: Option<String>,
    json: bool,
) -> Result<()> {
    use afdaek_core::print::{self, AreaChoice, LayerChoice, Paper, PlanOptions};
    let Some(paper) = Paper::parse(paper) else { bail!("papirformatet '{paper}' kendes ikke (brug a4 eller a3)") };
    let opts = PlanOptions {
        areas: area.map(AreaChoice::One).unwrap_or(AreaChoice::All),
        paper,
        landscape,
        layers: match layers {
            Some(l) => LayerChoice::parse(&l)?,
            None => LayerChoice::all(),
        },
        include_notes,
        grid,
        today,
        route: route.as_deref().map(afdaek_core::route::Method::parse).transpose()?,
    };
    let plan = Session::open(project, Access::Read)?.area_plan(&opts)?;
    print::save(&plan.pdf, out)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&json!({ "out": out, "plan": plan }))?);
    } else {
        println!(
            "Områdeplan for {} gemt i {}: {} sider, {} kB",
            if plan.areas.len() <= 3 { plan.areas.join(", ") } else { format!("{} fokusområder", plan.areas.len()) },
            out.display(),
            plan.pages,
            plan.bytes / 1024
        );
    }
    Ok(())
}

/// `afdaek route`: plan, write the file, print the turn list or the JSON.
#[allow(clippy::too_many_arguments)]
pub fn route_cmd(
    project: &Path,
    area: String,
    method: &str,
    start: Option<String>,
    return_to_start: bool,
    within_days: Option<u32>,
    today: Option<String>,
    out: Option<std::path::PathBuf>,
    json: bool,
) -> Result<()> {
    use afdaek_core::route::Method;
    use afdaek_core::session::RouteQuery;
    let start_lonlat = match start {
        None => None,
        Some(s) => {
            let parts: Vec<f64> = s
                .split(',')
                .map(|p| p.trim().parse::<f64>())
                .collect::<Result<_, _>>()
                .map_err(|_| anyhow::anyhow!("--start '{s}' skal være længde,bredde i grader, fx 10.40,55.39"))?;
            let [lon, lat] = parts[..] else {
                bail!("--start '{s}' skal være længde,bredde i grader, fx 10.40,55.39")
            };
            Some([lon, lat])
        }
    };
    let q = RouteQuery {
        area: Some(area),
        fid: None,
        method: Method::parse(method)?,
        start_lonlat,
        return_to_start,
        within_days,
        today,
    };
    let mut s = Session::open(project, Access::Read)?;
    let report = s.route(&q)?;
    if let Some(out) = &out {
        s.save_route(&report, out)?;
    }
    crate::keep_until_exit(s);
    let p = &report.plan;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    if p.legs.is_empty() {
        println!("{}: ingen udækkede gader at køre (de seneste {} dage).", report.area, report.window_days);
    } else {
        println!(
            "Rute gennem {}: {:.1} km, heraf {:.1} km udækkede gader ({:.0} % kørsel imellem), ca. {:.0} min",
            report.area,
            p.length_m / 1000.0,
            p.required_m / 1000.0,
            100.0 * p.deadhead_share,
            p.minutes
        );
        println!(
            "Nedre grænse for en rundtur {:.1} km; den grådige rute (nærmeste manglende gade) {:.1} km",
            p.lower_bound_m / 1000.0,
            p.greedy_m / 1000.0
        );
        for (i, t) in p.turns.iter().enumerate() {
            let mark = if t.required_m > 0.0 { "*" } else { " " };
            println!("{:>4}. {mark} {:<32} {:>6.0} m", i + 1, t.street, t.length_m);
        }
        println!("(* = udækket gade)");
    }
    if p.unreachable_m > 0.0 {
        println!("Ikke med ({:.0} m, kan ikke nås på den måde): {}", p.unreachable_m, p.unreachable_streets.join(", "));
    }
    if let Some(out) = &out {
        println!("Gemt i {}", out.display());
    }
    Ok(())
}
