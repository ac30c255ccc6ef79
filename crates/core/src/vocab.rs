//! The controlled vocabularies from DOMAIN.md. The store keeps the English
//! snake_case *code*; the UI and reports render the Danish (or English) *label*.
//!
//! ```
//! use afdaek_core::vocab::{HOUSING_TYPES, label_da};
//! assert_eq!(label_da(HOUSING_TYPES, "dormitory"), Some("kollegium"));
//! ```

/// One entry of a vocabulary: stored code, Danish label, English label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Term {
    pub code: &'static str,
    pub da: &'static str,
    pub en: &'static str,
}

const fn t(code: &'static str, da: &'static str, en: &'static str) -> Term {
    Term { code, da, en }
}

pub type Vocabulary = &'static [Term];

pub const HOUSING_TYPES: Vocabulary = &[
    t("social_housing", "almene boliger", "social housing"),
    t("housing_cooperative", "andelsboliger, boligforeninger", "housing associations"),
    t("private_rental", "privat udlejning", "private rentals"),
    t("owner_occupied", "ejerboliger, parcelhuse", "owner-occupied, detached houses"),
    t("terraced", "rækkehuse", "terraced houses"),
    t("dormitory", "kollegium", "student dormitory"),
    t("farm", "landejendom, nedlagt landbrug", "farm, decommissioned farm"),
    t("allotment", "kolonihaver, haveforeninger", "allotment gardens"),
    t("campsite", "campingplads", "campsite"),
    t("cabin_village", "hytteby", "cabin village"),
    t("holiday_home", "sommerhusområde", "holiday homes"),
    t("supported_housing", "botilbud, bofællesskab, opgangsfællesskab", "supported housing"),
    t("alternative_housing", "skæve huse", "alternative low-standard housing"),
    t("institution", "døgninstitution, forsorgshjem, herberg", "residential institution, shelter"),
    t("other", "andet", "other"),
];

pub const PARTNER_TYPES: Vocabulary = &[
    // Access to homes
    t("caretaker", "vicevært, varmemester, ejendomsinspektør", "caretaker"),
    t("housing_association", "boligselskab, boligforening", "housing association"),
    t("housing_social_worker", "boligsocial medarbejder, beboerrådgiver", "housing social worker"),
    t("utility", "forsyningsselskab, måleraflæser", "utility, meter reader"),
    t("postal", "postbud", "postal worker"),
    t("home_care", "hjemmepleje, hjemmesygepleje", "home care"),
    t("meal_delivery", "madservice, madudbringning", "meal delivery"),
    t("out_of_hours_doctor", "lægevagt", "out-of-hours doctor"),
    t("tradesperson", "håndværker", "tradesperson"),
    t("cleaning", "rengøringsfirma", "cleaning company"),
    // Health and public
    t("gp", "praktiserende læge", "general practitioner"),
    t("pharmacy", "apotek", "pharmacy"),
    t("psychiatry", "distriktspsykiatri, psykiatrisk afdeling", "psychiatry"),
    t("police", "politi, lokalbetjent", "police"),
    t("jobcentre", "jobcenter", "job centre"),
    t("municipal_service", "borgerservice, områdecenter, visitation", "municipal service"),
    t("library", "bibliotek", "library"),
    // Civil society
    t("church", "kirke, præst", "church"),
    t("association", "forening, idrætsforening, ældreklub", "association"),
    t("tenant_association", "beboerforening", "tenant association"),
    t("homeowners_association", "grundejerforening", "homeowners' association"),
    t("local_council", "lokalråd", "local council"),
    t("cultural_association", "kulturforening, indvandrerforening", "cultural association"),
    t("volunteer_org", "frivillig organisation", "volunteer organisation"),
    t("drop_in", "værested, varmestue, social café", "drop-in centre"),
    t("project", "boligsocial indsats, sundhedsprojekt, OPUS", "project"),
    // Commerce
    t("grocer", "købmand, supermarked", "grocer"),
    t("kiosk", "kiosk, døgnkiosk", "kiosk"),
    t("pizzeria", "pizzeria, grillbar", "pizzeria, grill bar"),
    t("petrol_station", "tankstation", "petrol station"),
    t("cafe", "café", "café"),
];

/// Visiting places reuse the commerce and public partner codes plus two of their own.
pub const PLACE_TYPES: Vocabulary = &[
    t("grocer", "købmand, supermarked", "grocer"),
    t("kiosk", "kiosk, døgnkiosk", "kiosk"),
    t("pizzeria", "pizzeria, grillbar", "pizzeria, grill bar"),
    t("petrol_station", "tankstation", "petrol station"),
    t("cafe", "café", "café"),
    t("drop_in", "værested, varmestue, social café", "drop-in centre"),
    t("library", "bibliotek", "library"),
    t("church", "kirke, præst", "church"),
    t("pharmacy", "apotek", "pharmacy"),
    t("municipal_service", "borgerservice, områdecenter, visitation", "municipal service"),
    t("jobcentre", "jobcenter", "job centre"),
    t("bench_square", "bænk, plads", "bench, square"),
    t("park_wood", "park, skov", "park, wood"),
];

/// OpenStreetMap `place=` values that mark rural dwellings (blind-spot candidates).
pub const RURAL_PLACE_KINDS: Vocabulary = &[
    t("hamlet", "landsby, lille bebyggelse", "hamlet"),
    t("isolated_dwelling", "enkeltliggende bolig", "isolated dwelling"),
    t("farm", "gård", "farm"),
];

pub const CHANNEL_TYPES: Vocabulary = &[
    t("local_paper", "lokalavis", "local paper"),
    t("free_paper", "gratisavis", "free paper"),
    t("residents_newsletter", "beboerblad", "residents' newsletter"),
    t("church_newsletter", "kirkeblad", "church newsletter"),
    t("notice_board", "opslagstavle", "notice board"),
    t("local_radio", "lokalradio", "local radio"),
    t("local_tv", "lokal-tv", "local TV"),
    t("facebook_group", "Facebook-gruppe", "Facebook group"),
    t("website", "hjemmeside", "website"),
    t("meeting", "beboermøde, personalemøde, informationsmøde", "meeting"),
];

pub const VISIT_METHODS: Vocabulary =
    &[t("walk", "til fods", "on foot"), t("bike", "på cykel", "by bike"), t("car", "i bil", "by car")];

pub const TIMES_OF_DAY: Vocabulary = &[
    t("morning", "morgen", "morning"),
    t("day", "dagtimer", "daytime"),
    t("evening", "aften", "evening"),
    t("night", "nat", "night"),
];

/// A road's direction for cars, relative to the order of its line's points.
pub const ONEWAY: Vocabulary = &[
    t("forward", "ensrettet i linjens retning", "one-way along the line"),
    t("backward", "ensrettet mod linjens retning", "one-way against the line"),
];

pub const WEEKDAYS: Vocabulary = &[
    t("mon", "mandag", "Monday"),
    t("tue", "tirsdag", "Tuesday"),
    t("wed", "onsdag", "Wednesday"),
    t("thu", "torsdag", "Thursday"),
    t("fri", "fredag", "Friday"),
    t("sat", "lørdag", "Saturday"),
    t("sun", "søndag", "Sunday"),
];

pub const CONTACT_STATUS: Vocabulary = &[
    t("not_started", "ikke startet", "not started"),
    t("in_progress", "i gang", "in progress"),
    t("done", "gennemført", "done"),
];

/// Where a coverage record came from.
pub const COVERAGE_SOURCES: Vocabulary = &[
    t("manual", "afkrydset", "ticked"),
    t("drive", "markeret tur", "marked drive"),
    t("track", "GPS-spor", "GPS track"),
    t("zone", "besøgt zone", "visited zone"),
];

/// The five-point scale used for completeness marks and the fidelity checklist.
pub const SCALE5: Vocabulary = &[
    t("very_high", "i meget høj grad", "to a very high degree"),
    t("high", "i høj grad", "to a high degree"),
    t("neither", "hverken/eller", "neither"),
    t("low", "i lav grad", "to a low degree"),
    t("not_at_all", "slet ikke", "not at all"),
];

pub const AREA_FLAGS: Vocabulary = &[
    t("transfer_income", "mange på overførselsindkomst", "many on transfer income"),
    t("elderly", "mange ældre", "many elderly"),
    t("young", "mange unge", "many young"),
    t("other_ethnic", "mange med anden etnisk baggrund", "many of other ethnic origin"),
];

pub const FOCUS_STATUS: Vocabulary = &[
    t("planned", "planlagt", "planned"),
    t("active", "aktiv", "active"),
    t("paused", "sat på pause", "paused"),
    t("closed", "afsluttet", "closed"),
];

/// Source types for referral counts ("henvendelser").
pub const REFERRAL_SOURCES: Vocabulary = &[
    t("partner", "samarbejdspartner", "partner"),
    t("neighbour", "nabo", "neighbour"),
    t("relative", "pårørende", "relative"),
    t("outreach", "opsøgende arbejde", "outreach"),
    t("self", "borgeren selv", "the citizen"),
    t("other", "andet", "other"),
];

/// The fidelity checklist for management (DOMAIN.md), answered on [`SCALE5`].
pub const FIDELITY_QUESTIONS: Vocabulary = &[
    t("housing_mapped", "Boligområder er afdækket", "Housing areas have been mapped"),
    t("places_mapped", "Besøgs- og opholdssteder er afdækket", "Visiting places have been mapped"),
    t("partners_mapped", "Samarbejdspartnere er afdækket", "Partners have been mapped"),
    t("channels_mapped", "Kommunikationskanaler er afdækket", "Channels have been mapped"),
    t(
        "outreach_prioritised",
        "Det direkte opsøgende arbejde tog udgangspunkt i de prioriterede områder",
        "Direct outreach was based on the prioritised areas",
    ),
    t("outreach_planned", "Det direkte opsøgende arbejde blev planlagt", "Direct outreach was planned"),
    t("outreach_done", "Det direkte opsøgende arbejde blev gennemført", "Direct outreach was carried out"),
];

/// GeoDanmark VEJKLASSE values, for the roads layer.
pub const ROAD_CLASSES: Vocabulary = &[
    t("Trafikvej-Gennemfart", "Trafikvej, gennemfart", "arterial road"),
    t("Trafikvej-Fordeling", "Trafikvej, fordeling", "distributor road"),
    t("Lokalvej-Primær", "Lokalvej, primær", "primary local road"),
    t("Lokalvej-Sekundær", "Lokalvej, sekundær", "secondary local road"),
    t("Lokalvej-Tertiær", "Lokalvej, tertiær", "tertiary local road"),
    t("Indkørselsvej", "Indkørselsvej", "driveway"),
    t("Anden vej", "Anden vej", "other road"),
    t("Hovedsti", "Hovedsti", "main path"),
    t("Sti", "Sti", "path"),
];

/// BBR use codes that are dwellings (DOMAIN.md): the residential rule that
/// coverage figures and blind spots count with, whatever imported the building.
pub fn is_residential_use(use_code: i64) -> bool {
    matches!(use_code, 110 | 120..=122 | 130..=132 | 140 | 150 | 160 | 190 | 510 | 540)
}

/// The housing type a BBR use code stands for (DOMAIN.md), for the codes that
/// are dwellings or may be lived in (510/585 holiday homes).
pub fn housing_type_of_use(use_code: i64) -> Option<&'static str> {
    Some(match use_code {
        110 => "farm",
        120..=122 => "owner_occupied",
        130..=132 => "terraced",
        140 | 190 => "other",
        150 => "dormitory",
        160 => "institution",
        510 | 585 => "holiday_home",
        540 => "allotment",
        _ => return None,
    })
}

/// Which homes a partner of a type sees at the door (DOMAIN.md's "access to
/// homes" group, and residents' own organisations): `None` for a type that
/// sees people where it works rather than at home (a pharmacy, a grocer, the
/// police), `Some(None)` for every kind of home, `Some(Some(types))` for the
/// housing types it comes to. A partner without a type counts as seeing
/// every home: the team drew its reach on purpose.
pub fn partner_sees_homes(partner_type: Option<&str>) -> Option<Option<&'static [&'static str]>> {
    /// Rented and association housing: where caretakers and housing staff work
    /// (`other` is BBR 140/190, blocks of flats without a known tenure).
    const RENTED: &[&str] = &[
        "social_housing",
        "housing_cooperative",
        "private_rental",
        "dormitory",
        "supported_housing",
        "terraced",
        "other",
    ];
    const OWNED: &[&str] = &["owner_occupied", "terraced", "holiday_home"];
    match partner_type {
        None
        | Some(
            "utility"
            | "postal"
            | "home_care"
            | "meal_delivery"
            | "out_of_hours_doctor"
            | "tradesperson"
            | "cleaning"
            | "local_council",
        ) => Some(None),
        Some("caretaker" | "housing_association" | "housing_social_worker" | "tenant_association") => {
            Some(Some(RENTED))
        }
        Some("homeowners_association") => Some(Some(OWNED)),
        Some(_) => None,
    }
}

pub fn find(vocab: Vocabulary, code: &str) -> Option<&'static Term> {
    vocab.iter().find(|t| t.code == code)
}

pub fn label_da(vocab: Vocabulary, code: &str) -> Option<&'static str> {
    find(vocab, code).map(|t| t.da)
}

pub fn label_en(vocab: Vocabulary, code: &str) -> Option<&'static str> {
    find(vocab, code).map(|t| t.en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partners_that_see_homes_name_real_housing_types() {
        for t in PARTNER_TYPES {
            if let Some(Some(types)) = partner_sees_homes(Some(t.code)) {
                for h in types {
                    assert!(find(HOUSING_TYPES, h).is_some(), "{} sees unknown housing type {h}", t.code);
                }
            }
        }
        assert_eq!(partner_sees_homes(Some("meal_delivery")), Some(None));
        assert!(partner_sees_homes(Some("caretaker")).unwrap().unwrap().contains(&"social_housing"));
        assert_eq!(partner_sees_homes(Some("pharmacy")), None);
    }

    const ALL: &[(&str, Vocabulary)] = &[
        ("housing", HOUSING_TYPES),
        ("partner", PARTNER_TYPES),
        ("place", PLACE_TYPES),
        ("channel", CHANNEL_TYPES),
        ("method", VISIT_METHODS),
        ("tod", TIMES_OF_DAY),
        ("oneway", ONEWAY),
        ("weekday", WEEKDAYS),
        ("contact", CONTACT_STATUS),
        ("scale", SCALE5),
        ("flags", AREA_FLAGS),
        ("roadclass", ROAD_CLASSES),
    ];

    #[test]
    fn codes_are_unique_and_labelled() {
        for (name, v) in ALL {
            let mut seen = std::collections::HashSet::new();
            for term in *v {
                assert!(seen.insert(term.code), "{name}: duplicate code {}", term.code);
                assert!(!term.da.is_empty() && !term.en.is_empty(), "{name}: {} unlabelled", term.code);
            }
        }
    }

    #[test]
    fn snake_case_codes_except_road_classes() {
        for (name, v) in ALL.iter().filter(|(n, _)| *n != "roadclass") {
            for term in *v {
                assert!(
                    term.code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                    "{name}: {} is not snake_case",
                    term.code
                );
            }
        }
    }

    #[test]
    fn domain_md_terms_present() {
        assert_eq!(HOUSING_TYPES.len(), 15);
        assert_eq!(label_da(HOUSING_TYPES, "allotment"), Some("kolonihaver, haveforeninger"));
        assert_eq!(label_da(PARTNER_TYPES, "caretaker"), Some("vicevært, varmemester, ejendomsinspektør"));
        assert_eq!(label_da(CHANNEL_TYPES, "facebook_group"), Some("Facebook-gruppe"));
        assert_eq!(label_da(CONTACT_STATUS, "done"), Some("gennemført"));
        assert_eq!(label_en(VISIT_METHODS, "bike"), Some("by bike"));
        assert_eq!(PARTNER_TYPES.len(), 31);
        assert!(find(PLACE_TYPES, "bench_square").is_some());
        assert!(find(HOUSING_TYPES, "mentally_ill").is_none());
    }
}
