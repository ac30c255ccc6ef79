//! An Euler circuit (Hierholzer's algorithm) over a multiset of arc
//! traversals: every item used exactly once, consecutive items sharing a node.
//!
//! Undirected items may be walked either way; directed items only in their
//! given direction. The caller makes every degree even (undirected) or
//! balanced (directed) and the items connected; if they are not, `None`.

use super::local::{Local, Step};

/// One item to walk: an arc, the way it must be taken (directed) or a
/// nominal way (undirected), and whether it is a required street.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    pub step: Step,
    pub required: bool,
}

/// The circuit from `start` over every item once, as steps in travel order
/// with their `required` flag.
pub fn circuit(local: &Local, items: &[Item], start: u32, directed: bool) -> Option<Vec<Item>> {
    if items.is_empty() {
        return Some(Vec::new());
    }
    let mut at: Vec<Vec<usize>> = vec![Vec::new(); local.len()];
    for (i, it) in items.iter().enumerate() {
        let (from, to) = local.arcs[it.step.arc as usize].ends(it.step.forward);
        at[from as usize].push(i);
        if !directed && to != from {
            at[to as usize].push(i);
        }
    }
    let mut used = vec![false; items.len()];
    let mut next = vec![0usize; local.len()];
    let mut stack: Vec<(u32, Option<Item>)> = vec![(start, None)];
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    while let Some(&(v, _)) = stack.last() {
        let list = &at[v as usize];
        while next[v as usize] < list.len() && used[list[next[v as usize]]] {
            next[v as usize] += 1;
        }
        if let Some(&i) = list.get(next[v as usize]) {
            used[i] = true;
            let it = items[i];
            let arc = &local.arcs[it.step.arc as usize];
            let (from, to) = arc.ends(it.step.forward);
            // Undirected: leave `v` by whichever end it is.
            let (forward, w) = if from == v { (it.step.forward, to) } else { (!it.step.forward, from) };
            stack.push((w, Some(Item { step: Step { arc: it.step.arc, forward }, required: it.required })));
        } else {
            let (_, via) = stack.pop().expect("stack not empty");
            out.extend(via);
        }
    }
    out.reverse();
    // Hierholzer's output is a closed walk only where the degrees allowed one.
    let mut here = start;
    for it in &out {
        let (from, to) = local.arcs[it.step.arc as usize].ends(it.step.forward);
        if from != here {
            return None;
        }
        here = to;
    }
    (out.len() == items.len() && here == start).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::local::Arc;

    /// A square 0-1-2-3 with a diagonal 0-2 twice.
    fn square() -> Local {
        let arcs = [(0, 1), (1, 2), (2, 3), (3, 0), (0, 2)]
            .iter()
            .enumerate()
            .map(|(i, &(a, b))| Arc { edge: i as u32, a, b, len: 1.0, fwd: true, bwd: true })
            .collect::<Vec<_>>();
        let mut out = vec![Vec::new(); 4];
        for (i, a) in arcs.iter().enumerate() {
            out[a.a as usize].push(Step { arc: i as u32, forward: true });
            out[a.b as usize].push(Step { arc: i as u32, forward: false });
        }
        Local { net_node: (0..4).collect(), arcs, out, by_edge: Default::default() }
    }

    fn walk_is_connected(local: &Local, c: &[Item], start: u32) {
        let mut at = start;
        for it in c {
            let (from, to) = local.arcs[it.step.arc as usize].ends(it.step.forward);
            assert_eq!(from, at);
            at = to;
        }
        assert_eq!(at, start);
    }

    #[test]
    fn every_item_once_and_back_at_the_start() {
        let local = square();
        let mut items: Vec<Item> =
            (0..5).map(|i| Item { step: Step { arc: i, forward: true }, required: true }).collect();
        items.push(Item { step: Step { arc: 4, forward: true }, required: false });
        let c = circuit(&local, &items, 1, false).unwrap();
        assert_eq!(c.len(), 6);
        walk_is_connected(&local, &c, 1);
        assert_eq!(c.iter().filter(|i| !i.required).count(), 1);
    }

    #[test]
    fn directed_items_are_walked_their_way_only() {
        let local = square();
        let items: Vec<Item> = (0..4).map(|i| Item { step: Step { arc: i, forward: true }, required: true }).collect();
        let c = circuit(&local, &items, 2, true).unwrap();
        assert!(c.iter().all(|i| i.step.forward));
        walk_is_connected(&local, &c, 2);
        // Unbalanced (0→1 and 1→2 only): no circuit.
        assert!(circuit(&local, &items[..2], 0, true).is_none());
    }
}
