//! The coverage engine: recording which streets a team has covered (tick,
//! drive, zone; GPS tracks come next) and the coverage figures per area.
//!
//! Coverage records live in the `coverage` layer: a road fid, a measure
//! interval on that road, the line of the covered part, and the visit (date,
//! weekday, time of day, team, method, source). Partner reach and meal
//! routes are *seen by partners* and are reported beside the team's own
//! coverage, never mixed into it.

pub mod clip;
pub mod figures;
pub mod intervals;
pub mod partner_seen;
pub mod record;

pub use figures::{AreaCoverage, area_coverage};
pub use record::{Visit, credit, drive, tick, tick_along, track, untick, zone};
