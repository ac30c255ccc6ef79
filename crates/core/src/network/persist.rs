//! The network's topology kept in the project file, so a new process (every
//! CLI command, the app's start) reads it instead of building it again.
//!
//! What is kept: nodes, edges (road, measure interval, ends, length, car,
//! direction) and each road's facts (name, street code, class, length), as
//! one little-endian blob in the internal table `afdaek_network`, with the
//! roads' stamp it was built from ([`crate::Project::roads_stamp`]), and a
//! CRC-32 of the rest at its end (SQLite checks no page's content, and a
//! flipped bit in a length would otherwise route silently wrong). The lines
//! themselves come from the spatial index. A blob is used only when its
//! stamp equals the roads' stamp now; anything odd in it (another format, a
//! wrong checksum, a short read, a node number out of range, text that is
//! not UTF-8, a road the index does not have) makes it unused, never a
//! panic: the network is then built from the roads as before.
//!
//! Decoding restores exactly what [`Network::from_rows`] made: the same
//! node numbers, edge order, adjacency order and road facts (a test builds,
//! encodes, decodes and compares).

use super::{Edge, Network, Oneway, RoadInfo};
use geo_types::{Coord, LineString};

/// Bump when the layout below changes: an older blob is then not used.
pub const FORMAT: i64 = 2;
const MAGIC: &[u8; 4] = b"AFNW";

/// The network as a blob (roads in fid order, so equal networks give equal bytes).
pub fn encode(net: &Network) -> Vec<u8> {
    let mut fids: Vec<i64> = net.roads.keys().copied().collect();
    fids.sort_unstable();
    let mut out = Vec::with_capacity(16 + net.nodes.len() * 16 + net.edges.len() * 45 + fids.len() * 40);
    out.extend_from_slice(MAGIC);
    for n in [net.nodes.len(), net.edges.len(), fids.len()] {
        out.extend_from_slice(&(n as u32).to_le_bytes());
    }
    for c in &net.nodes {
        out.extend_from_slice(&c.x.to_le_bytes());
        out.extend_from_slice(&c.y.to_le_bytes());
    }
    for e in &net.edges {
        out.extend_from_slice(&e.road_fid.to_le_bytes());
        for v in [e.from_m, e.to_m, e.length] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&e.a.to_le_bytes());
        out.extend_from_slice(&e.b.to_le_bytes());
        let dir = match e.oneway {
            Oneway::Both => 0u8,
            Oneway::Forward => 1,
            Oneway::Backward => 2,
        };
        out.push(e.car as u8 | dir << 1);
    }
    for fid in fids {
        let r = &net.roads[&fid];
        out.extend_from_slice(&fid.to_le_bytes());
        out.extend_from_slice(&r.length.to_le_bytes());
        for s in [&r.name, &r.street_code, &r.road_class] {
            match s {
                None => out.extend_from_slice(&u32::MAX.to_le_bytes()),
                Some(s) => {
                    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
                    out.extend_from_slice(s.as_bytes());
                }
            }
        }
    }
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// Reads bytes front to back; `None` past the end.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn f64(&mut self) -> Option<f64> {
        Some(f64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn text(&mut self) -> Option<Option<String>> {
        match self.u32()? {
            u32::MAX => Some(None),
            n => Some(Some(std::str::from_utf8(self.take(n as usize)?).ok()?.to_string())),
        }
    }
}

/// The network a blob holds, with each road's line from `line`; `None` if
/// the blob is not one this build wrote whole, or a road has no line.
pub fn decode(data: &[u8], line: impl Fn(i64) -> Option<LineString<f64>>) -> Option<Network> {
    let (body, crc) = data.split_at_checked(data.len().checked_sub(4)?)?;
    if crc32fast::hash(body).to_le_bytes() != crc {
        return None;
    }
    let mut r = Reader(body);
    if r.take(4)? != MAGIC {
        return None;
    }
    let (n_nodes, n_edges, n_roads) = (r.u32()? as usize, r.u32()? as usize, r.u32()? as usize);
    // Each count must fit in the bytes that are left before anything is reserved for it.
    if n_nodes > r.0.len() / 16 || n_edges > r.0.len() / 45 || n_roads > r.0.len() / 28 {
        return None;
    }
    let mut net = Network::default();
    net.nodes.reserve(n_nodes);
    for _ in 0..n_nodes {
        net.nodes.push(Coord { x: r.f64()?, y: r.f64()? });
    }
    net.adj = vec![Vec::new(); n_nodes];
    net.edges.reserve(n_edges);
    for i in 0..n_edges {
        let road_fid = r.i64()?;
        let (from_m, to_m, length) = (r.f64()?, r.f64()?, r.f64()?);
        let (a, b) = (r.u32()?, r.u32()?);
        let flags = r.u8()?;
        if a as usize >= n_nodes || b as usize >= n_nodes {
            return None;
        }
        let oneway = match flags >> 1 {
            0 => Oneway::Both,
            1 => Oneway::Forward,
            2 => Oneway::Backward,
            _ => return None,
        };
        let ei = i as u32;
        net.adj[a as usize].push((ei, b));
        if a != b {
            net.adj[b as usize].push((ei, a));
        }
        net.by_road.entry(road_fid).or_default().push(ei);
        net.edges.push(Edge { road_fid, from_m, to_m, a, b, length, car: flags & 1 == 1, oneway });
    }
    net.roads.reserve(n_roads);
    net.lines.reserve(n_roads);
    for _ in 0..n_roads {
        let fid = r.i64()?;
        let length = r.f64()?;
        let (name, street_code, road_class) = (r.text()?, r.text()?, r.text()?);
        net.lines.insert(fid, line(fid)?);
        net.by_road.entry(fid).or_default();
        net.roads.insert(fid, RoadInfo { name, street_code, road_class, length });
    }
    // Every edge's road is one of the roads, and nothing is left over.
    if !r.0.is_empty() || net.by_road.len() != net.roads.len() {
        return None;
    }
    Some(net)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Feature;

    fn sample() -> Network {
        let mut roads = crate::synth::grid_roads(200, &mut crate::synth::Rng::new(7));
        // A one-way road and a path, so both flags are kept.
        roads.push(Feature::new(LineString::from(vec![(0.0, -50.0), (80.0, -50.0)])).with("oneway", "forward"));
        roads.push(Feature::new(LineString::from(vec![(0.0, -90.0), (80.0, -95.0)])).with("road_class", "Sti"));
        let roads: Vec<Feature> =
            roads.into_iter().enumerate().map(|(i, f)| Feature { fid: Some(i as i64 + 1), ..f }).collect();
        Network::build(&roads)
    }

    #[test]
    fn a_decoded_network_is_the_built_one() {
        let net = sample();
        let data = encode(&net);
        let back = decode(&data, |fid| net.road_line(fid).cloned()).expect("decodes");
        assert_eq!(back.nodes, net.nodes);
        assert_eq!(back.edges, net.edges);
        assert_eq!(back.adj, net.adj);
        assert_eq!(back.by_road, net.by_road);
        assert_eq!(back.roads.len(), net.roads.len());
        for (fid, r) in &net.roads {
            assert_eq!(back.roads[fid], *r);
            assert_eq!(back.road_line(*fid), net.road_line(*fid));
        }
        assert!(net.edges.iter().any(|e| e.oneway == Oneway::Forward) && net.edges.iter().any(|e| !e.car));
        assert_eq!(encode(&back), data, "equal networks, equal bytes");
    }

    #[test]
    fn a_damaged_blob_is_not_used() {
        let net = sample();
        let data = encode(&net);
        let line = |fid: i64| net.road_line(fid).cloned();
        assert!(decode(&data[..data.len() - 1], line).is_none(), "cut short");
        let mut longer = data.clone();
        longer.push(0);
        assert!(decode(&longer, line).is_none(), "bytes left over");
        let mut huge = b"AFNW\xff\xff\xff\xff\0\0\0\0\0\0\0\0".to_vec();
        huge.extend_from_slice(&crc32fast::hash(&huge).to_le_bytes());
        assert!(decode(&huge, line).is_none(), "a count larger than the blob (checksum right)");
        assert!(decode(&data, |_| None).is_none(), "a road the index does not have");
        // Every changed byte is caught by the checksum.
        for i in (0..data.len()).step_by(7) {
            let mut d = data.clone();
            d[i] ^= 0x5a;
            assert!(decode(&d, line).is_none(), "byte {i} changed");
        }
    }
}
