//! Paper, the map's frame on it, and the round scale that fits an area.
//!
//! A printed map states its scale (1:10 000), so the frame is not "fit to
//! page": the smallest round scale at which the area and a margin fit the
//! frame is chosen, and the frame then shows whatever the page holds around
//! the area at that scale, centred on it.

use geo_types::Coord;
use serde::{Deserialize, Serialize};

/// ISO 216 paper the plan is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    A4,
    A3,
}

impl Paper {
    pub fn parse(s: &str) -> Option<Paper> {
        match s.trim().to_ascii_lowercase().as_str() {
            "a4" => Some(Paper::A4),
            "a3" => Some(Paper::A3),
            _ => None,
        }
    }

    /// Width and height in millimetres, portrait or turned to landscape.
    pub fn size_mm(self, landscape: bool) -> (f64, f64) {
        let (w, h) = match self {
            Paper::A4 => (210.0, 297.0),
            Paper::A3 => (297.0, 420.0),
        };
        if landscape { (h, w) } else { (w, h) }
    }

    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::A3 => "a3",
        }
    }
}

/// Page margin on every side (mm); the template uses the same figure.
pub const MARGIN_MM: f64 = 12.0;
/// The map page's title block above the map (mm).
pub const HEADER_MM: f64 = 16.0;
/// The footer line with date, page and attribution (mm).
pub const FOOTER_MM: f64 = 8.0;
/// The legend beside the map: a strip below it in portrait, a column to its
/// right in landscape (mm).
pub const LEGEND_PORTRAIT_MM: f64 = 44.0;
pub const LEGEND_LANDSCAPE_MM: f64 = 64.0;
/// Gap between map and legend (mm).
pub const GAP_MM: f64 = 4.0;

/// The map's width and height on a map page (mm).
pub fn map_size_mm(paper: Paper, landscape: bool) -> (f64, f64) {
    let (w, h) = paper.size_mm(landscape);
    let (w, h) = (w - 2.0 * MARGIN_MM, h - 2.0 * MARGIN_MM - HEADER_MM - FOOTER_MM);
    if landscape { (w - LEGEND_LANDSCAPE_MM - GAP_MM, h) } else { (w, h - LEGEND_PORTRAIT_MM - GAP_MM) }
}

/// The round scales a municipal map uses: 1, 2, 2.5 and 5 times a power of ten.
///
/// ```
/// use afdaek_core::print::frame::round_scale;
/// assert_eq!(round_scale(7_300.0), 10_000);
/// assert_eq!(round_scale(10_000.0), 10_000);
/// assert_eq!(round_scale(2_100.0), 2_500);
/// ```
pub fn round_scale(at_least: f64) -> u32 {
    let at_least = at_least.max(500.0);
    let mut decade = 100.0_f64;
    loop {
        for m in [1.0, 2.0, 2.5, 5.0] {
            let s = m * decade;
            if s >= at_least - 1e-6 {
                return s.min(u32::MAX as f64) as u32;
            }
        }
        decade *= 10.0;
        if decade > 1e9 {
            return 1_000_000_000;
        }
    }
}

/// A map frame: what part of the world, at what scale, on how much paper.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MapFrame {
    /// The centre in the project CRS (EPSG:25832, metres).
    pub centre_x: f64,
    pub centre_y: f64,
    /// The scale's denominator (10 000 for 1:10 000).
    pub scale: u32,
    pub w_mm: f64,
    pub h_mm: f64,
}

/// Room around the area inside the frame, as a share of the frame.
const MARGIN_SHARE: f64 = 0.06;

impl MapFrame {
    /// The frame of `w_mm` × `h_mm` that shows `bbox` ([minx, miny, maxx,
    /// maxy] in metres) whole with a margin, at the smallest round scale.
    pub fn fit(bbox: [f64; 4], w_mm: f64, h_mm: f64) -> MapFrame {
        let (bw, bh) = ((bbox[2] - bbox[0]).max(1.0), (bbox[3] - bbox[1]).max(1.0));
        let usable = 1.0 - 2.0 * MARGIN_SHARE;
        let need = (bw * 1000.0 / (w_mm * usable)).max(bh * 1000.0 / (h_mm * usable));
        MapFrame {
            centre_x: (bbox[0] + bbox[2]) / 2.0,
            centre_y: (bbox[1] + bbox[3]) / 2.0,
            scale: round_scale(need),
            w_mm,
            h_mm,
        }
    }

    /// Metres on the ground per millimetre of paper.
    pub fn m_per_mm(&self) -> f64 {
        self.scale as f64 / 1000.0
    }

    /// What the frame shows, [minx, miny, maxx, maxy] in metres.
    pub fn bbox(&self) -> [f64; 4] {
        let (hw, hh) = (self.w_mm * self.m_per_mm() / 2.0, self.h_mm * self.m_per_mm() / 2.0);
        [self.centre_x - hw, self.centre_y - hh, self.centre_x + hw, self.centre_y + hh]
    }

    /// A point on the ground to millimetres from the frame's top left corner.
    pub fn to_paper(&self, c: Coord<f64>) -> (f64, f64) {
        let b = self.bbox();
        ((c.x - b[0]) / self.m_per_mm(), (b[3] - c.y) / self.m_per_mm())
    }

    /// The scale as a Danish reader writes it: `1:10.000`.
    pub fn scale_text(&self) -> String {
        format!("1:{}", crate::display::number_da(self.scale as f64, 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_area_fits_the_frame_at_a_round_scale() {
        // 1.8 km × 1.2 km into 186 × 200 mm.
        let f = MapFrame::fit([590_000.0, 6_136_000.0, 591_800.0, 6_137_200.0], 186.0, 200.0);
        assert_eq!(f.scale, 20_000, "1.8 km over 186 mm needs more than 1:10 000");
        let b = f.bbox();
        assert!(b[0] <= 590_000.0 && b[2] >= 591_800.0 && b[1] <= 6_136_000.0 && b[3] >= 6_137_200.0);
        let (x, y) = f.to_paper(Coord { x: b[0], y: b[3] });
        assert!(x.abs() < 1e-9 && y.abs() < 1e-9, "top left is (0, 0)");
        assert_eq!(f.scale_text(), "1:20.000");
    }

    #[test]
    fn paper_sizes_turn_for_landscape() {
        assert_eq!(Paper::A3.size_mm(true), (420.0, 297.0));
        let (w, h) = map_size_mm(Paper::A4, false);
        assert!(w > 180.0 && h > 150.0 && h < 297.0);
        let (lw, lh) = map_size_mm(Paper::A4, true);
        assert!(lw > lh);
    }
}
