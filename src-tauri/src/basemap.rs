//! The online OpenStreetMap basemap: raster tiles fetched by the shell, and
//! only while the user has switched the setting on (it is off by default).
//! The webview never contacts another host (the CSP allows only the app's own
//! origins); it asks `afdaek://localhost/osm/{z}/{x}/{y}.png`, and this module
//! decides. With the setting off, nothing here opens a connection.
//!
//! OpenStreetMap's tile usage policy asks for an identifying User-Agent, for
//! tiles to be cached and for attribution (the UI shows it while the map is on).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Where tiles come from; `AFDAEK_OSM_TILE_URL` replaces it (tests serve tiles on loopback).
const DEFAULT_URL: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
/// A tile larger than this is refused (OSM tiles are ~10–50 KB).
const MAX_TILE_BYTES: u64 = 2 << 20;
/// Tiles kept in memory for the session.
const MAX_CACHED: usize = 2000;

/// PNG bytes by (z, x, y).
type TileCache = HashMap<(u8, u32, u32), Arc<Vec<u8>>>;

pub struct Basemap {
    template: String,
    agent: ureq::Agent,
    cache: Mutex<TileCache>,
}

impl Default for Basemap {
    fn default() -> Self {
        let template = std::env::var("AFDAEK_OSM_TILE_URL").unwrap_or_else(|_| DEFAULT_URL.to_string());
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(15)))
            .user_agent(format!(
                "Afdaek/{} (desktop app for Danish municipal outreach teams)",
                env!("CARGO_PKG_VERSION")
            ))
            .build()
            .into();
        Basemap { template, agent, cache: Mutex::new(HashMap::new()) }
    }
}

/// `osm/14/8664/5150.png` → (14, 8664, 5150).
pub fn parse_path(path: &str) -> Option<(u8, u32, u32)> {
    crate::scheme::parse_zxy(path, "osm/", ".png", 19)
}

impl Basemap {
    /// The tile's PNG bytes: from the cache, else fetched. Call only while the setting is on.
    pub fn tile(&self, z: u8, x: u32, y: u32) -> Result<Arc<Vec<u8>>, String> {
        if let Some(b) = self.cache.lock().unwrap_or_else(|e| e.into_inner()).get(&(z, x, y)) {
            return Ok(b.clone());
        }
        let url =
            self.template.replace("{z}", &z.to_string()).replace("{x}", &x.to_string()).replace("{y}", &y.to_string());
        let mut resp = self.agent.get(&url).call().map_err(|e| format!("baggrundskortet kunne ikke hentes: {e}"))?;
        let bytes = resp
            .body_mut()
            .with_config()
            .limit(MAX_TILE_BYTES)
            .read_to_vec()
            .map_err(|e| format!("baggrundskortet kunne ikke læses: {e}"))?;
        let bytes = Arc::new(bytes);
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= MAX_CACHED {
            cache.clear();
        }
        cache.insert((z, x, y), bytes.clone());
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tile_paths() {
        assert_eq!(parse_path("osm/14/8664/5150.png"), Some((14, 8664, 5150)));
        assert_eq!(parse_path("osm/1/2/0.png"), None, "x out of range");
        assert_eq!(parse_path("osm/20/0/0.png"), None, "deeper than OSM serves");
        assert_eq!(parse_path("osm/14/8664.png"), None);
    }
}
