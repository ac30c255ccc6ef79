//! The baseline a person would follow without a planner: from where you
//! are, take an adjacent missing street if there is one, else drive to the
//! nearest missing street; at the end, back to the start. Streets passed on
//! the way count as covered. Benchmarks and tests compare the postman tour
//! with it.

use super::euler::Item;
use super::local::{Local, Step};

/// The greedy closed walk from `start` through every `required` arc (arc ids).
/// `None` if some required arc cannot be reached.
pub fn tour(local: &Local, required: &[u32], start: u32) -> Option<Vec<Item>> {
    let mut left = vec![false; local.arcs.len()];
    for &a in required {
        left[a as usize] = true;
    }
    let mut remaining = required.len();
    let mut at = start;
    let mut steps: Vec<Item> = Vec::new();
    let take = |st: Step, left: &mut Vec<bool>, remaining: &mut usize, steps: &mut Vec<Item>| {
        let required = std::mem::take(&mut left[st.arc as usize]);
        if required {
            *remaining -= 1;
        }
        steps.push(Item { step: st, required });
    };
    while remaining > 0 {
        if let Some(&st) = local.out[at as usize].iter().find(|s| left[s.arc as usize]) {
            take(st, &mut left, &mut remaining, &mut steps);
            at = local.arcs[st.arc as usize].ends(st.forward).1;
            continue;
        }
        // Dijkstra settles nodes nearest first: the first with a missing street is the one.
        let mut nearest = None;
        let search = local.dijkstra(&[at], |n, _| {
            let hit = local.out[n as usize].iter().any(|s| left[s.arc as usize]);
            if hit {
                nearest = Some(n);
            }
            hit
        });
        let nearest = nearest?;
        for st in search.path_to(local, nearest)? {
            take(st, &mut left, &mut remaining, &mut steps);
        }
        at = nearest;
    }
    if at != start {
        let back = local.dijkstra(&[at], |n, _| n == start);
        for st in back.path_to(local, start)? {
            steps.push(Item { step: st, required: false });
        }
    }
    Some(steps)
}
