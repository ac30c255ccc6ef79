//! OpenStreetMap tags → our vocabularies. Commerce and public places people
//! go to become visiting places; organisations that see residents become
//! candidate partners (contact not started); hamlets and isolated dwellings
//! become rural places. Everything else is skipped with its reason.

use crate::model::{Feature, Layer};
use serde_json::{Map, Value};

/// (tag key, tag value) → (layer, our code). Order matters: first match wins.
const MAPPING: &[(&str, &str, Layer, &str)] = &[
    ("place", "hamlet", Layer::RuralPlaces, "hamlet"),
    ("place", "isolated_dwelling", Layer::RuralPlaces, "isolated_dwelling"),
    ("place", "farm", Layer::RuralPlaces, "farm"),
    ("shop", "supermarket", Layer::VisitingPlaces, "grocer"),
    ("shop", "convenience", Layer::VisitingPlaces, "grocer"),
    ("shop", "greengrocer", Layer::VisitingPlaces, "grocer"),
    ("shop", "butcher", Layer::VisitingPlaces, "grocer"),
    ("shop", "bakery", Layer::VisitingPlaces, "grocer"),
    ("shop", "kiosk", Layer::VisitingPlaces, "kiosk"),
    ("amenity", "fast_food", Layer::VisitingPlaces, "pizzeria"),
    ("amenity", "cafe", Layer::VisitingPlaces, "cafe"),
    ("amenity", "fuel", Layer::VisitingPlaces, "petrol_station"),
    ("amenity", "library", Layer::VisitingPlaces, "library"),
    ("amenity", "marketplace", Layer::VisitingPlaces, "bench_square"),
    ("amenity", "bench", Layer::VisitingPlaces, "bench_square"),
    ("leisure", "park", Layer::VisitingPlaces, "park_wood"),
    ("amenity", "pharmacy", Layer::Partners, "pharmacy"),
    ("amenity", "doctors", Layer::Partners, "gp"),
    ("amenity", "clinic", Layer::Partners, "gp"),
    ("amenity", "police", Layer::Partners, "police"),
    ("amenity", "social_facility", Layer::Partners, "municipal_service"),
    ("amenity", "townhall", Layer::Partners, "municipal_service"),
    ("amenity", "community_centre", Layer::Partners, "association"),
    ("amenity", "place_of_worship", Layer::Partners, "church"),
    ("amenity", "post_office", Layer::Partners, "postal"),
];

fn tag<'a>(props: &'a Map<String, Value>, k: &str) -> Option<&'a str> {
    props.get(k).and_then(Value::as_str)
}

/// Maps one POI's tags. With `force` set, only POIs whose code fits that
/// layer's vocabulary are taken (so `--as partners` takes the libraries too).
pub fn map(props: &Map<String, Value>, force: Option<Layer>) -> Result<(Layer, Feature), String> {
    let mut hit = None;
    for &(k, v, layer, code) in MAPPING {
        if tag(props, k) == Some(v) {
            let layer = match force {
                None => layer,
                Some(Layer::Partners) if crate::vocab::find(crate::vocab::PARTNER_TYPES, code).is_some() => {
                    Layer::Partners
                }
                Some(Layer::VisitingPlaces) if crate::vocab::find(crate::vocab::PLACE_TYPES, code).is_some() => {
                    Layer::VisitingPlaces
                }
                Some(l) if l == layer => l,
                Some(_) => continue,
            };
            hit = Some((layer, code));
            break;
        }
    }
    let Some((layer, code)) = hit else {
        let what = ["amenity", "shop", "place", "leisure"]
            .iter()
            .find_map(|k| tag(props, k).map(|v| format!("{k}={v}")))
            .unwrap_or_default();
        return Err(format!("OSM-type uden betydning for afdækningen ({what})"));
    };
    let mut f = Feature::default();
    if let Some(n) = tag(props, "name") {
        f.attrs.insert("name".into(), n.into());
    }
    let field = match layer {
        Layer::Partners => "partner_type",
        Layer::VisitingPlaces => "place_type",
        _ => "place_kind",
    };
    f.attrs.insert(field.into(), code.into());
    if layer == Layer::Partners {
        f.attrs.insert("contact_status".into(), "not_started".into());
    }
    f.attrs.insert("source".into(), "OpenStreetMap".into());
    if let Some(id) = tag(props, "@id") {
        f.attrs.insert("source_id".into(), id.into());
    }
    Ok((layer, f))
}
