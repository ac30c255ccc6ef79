//! Typed keys for the attributes the analyses read (coverage, blind spots,
//! planning, the network), made from the layer schema: `f.text(partners::NAME)`
//! instead of `f.str("name")`. A key names the layers it is valid for and the
//! Rust type it reads; a test checks every key against [`crate::model::LAYERS`]
//! (the field exists in each layer, with a type that reads as that Rust
//! type), so a misspelt or retyped field fails the build's tests instead of
//! reading as "missing" at run time.
//!
//! ```
//! use afdaek_core::fields::partners;
//! use afdaek_core::Feature;
//! let f = Feature::new(geo_types::Point::new(0.0, 0.0)).with("name", "Madservice").with("reach_m", 400.0);
//! assert_eq!(f.text(partners::NAME), Some("Madservice"));
//! assert_eq!(f.real(partners::REACH_M), Some(400.0));
//! ```

use crate::model::{Feature, Layer};

/// A text attribute (free text, identifier, code(s), date) of the listed layers.
#[derive(Debug, Clone, Copy)]
pub struct Text(pub &'static [Layer], pub &'static str);
/// An integer attribute of the listed layers.
#[derive(Debug, Clone, Copy)]
pub struct Int(pub &'static [Layer], pub &'static str);
/// A real-number attribute of the listed layers.
#[derive(Debug, Clone, Copy)]
pub struct Real(pub &'static [Layer], pub &'static str);

impl Feature {
    pub fn text(&self, k: Text) -> Option<&str> {
        self.str(k.1)
    }
    pub fn int(&self, k: Int) -> Option<i64> {
        self.i64(k.1)
    }
    pub fn real(&self, k: Real) -> Option<f64> {
        self.f64(k.1)
    }
}

macro_rules! keys {
    ($($(#[$doc:meta])* $module:ident [$($layer:ident),+] { $($konst:ident: $kind:ident = $name:literal),* $(,)? })*) => {
        $(
            $(#[$doc])*
            pub mod $module {
                use super::*;
                const LAYERS: &[Layer] = &[$(Layer::$layer),+];
                $(pub const $konst: $kind = $kind(LAYERS, $name);)*
                /// Every key of the module: layers, field name, Rust type (for the schema test).
                #[cfg(test)]
                pub(super) const KEYS: &[(&[Layer], &str, &str)] = &[$((LAYERS, $name, stringify!($kind))),*];
            }
        )*
        #[cfg(test)]
        const ALL: &[&[(&[Layer], &str, &str)]] = &[$($module::KEYS),*];
    };
}

keys! {
    roads [Roads] {
        NAME: Text = "name",
        ROAD_CLASS: Text = "road_class",
        STREET_CODE: Text = "street_code",
        ONEWAY: Text = "oneway",
        START_NODE: Text = "start_node",
        END_NODE: Text = "end_node",
    }
    buildings [Buildings] {
        USE_CODE: Int = "use_code",
        DWELLINGS: Int = "dwellings",
    }
    partners [Partners] {
        NAME: Text = "name",
        PARTNER_TYPE: Text = "partner_type",
        CONTACT_STATUS: Text = "contact_status",
        NEXT_CONTACT: Text = "next_contact",
        REACH_M: Real = "reach_m",
    }
    coverage [Coverage] {
        ROAD_FID: Int = "road_fid",
        FROM_M: Real = "from_m",
        TO_M: Real = "to_m",
        DATE: Text = "date",
    }
    /// What focus areas and housing areas share.
    areas [FocusAreas, HousingAreas] {
        NAME: Text = "name",
        LAST_REVIEWED: Text = "last_reviewed",
    }
    focus_areas [FocusAreas] {
        PRIORITY: Int = "priority",
        STATUS: Text = "status",
        TEAM: Text = "team",
    }
    housing_areas [HousingAreas] {
        HOUSING_TYPES: Text = "housing_types",
        CHARACTERISTICS: Text = "characteristics",
        FLAGS: Text = "flags",
    }
    channels [Channels] {
        AREA_LAYER: Text = "area_layer",
        AREA_FID: Int = "area_fid",
    }
    rural_places [RuralPlaces] {
        NAME: Text = "name",
        PLACE_KIND: Text = "place_kind",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FieldType;

    #[test]
    fn every_key_is_a_field_of_its_layers_with_a_matching_type() {
        for (layers, name, kind) in ALL.iter().flat_map(|m| m.iter()) {
            for layer in *layers {
                let f = layer.field(name).unwrap_or_else(|| panic!("{layer} has no field {name}"));
                let ok = matches!(
                    (*kind, f.ty),
                    ("Int", FieldType::Integer { .. })
                        | ("Real", FieldType::Real { .. })
                        | (
                            "Text",
                            FieldType::Text
                                | FieldType::Ident
                                | FieldType::Code(_)
                                | FieldType::Codes(_)
                                | FieldType::Date
                                | FieldType::Month
                        )
                );
                assert!(ok, "{layer}.{name} is {:?}, read as {kind}", f.ty);
            }
        }
    }
}
