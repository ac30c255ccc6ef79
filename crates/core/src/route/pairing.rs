//! Minimum-cost perfect matching, by Edmonds' blossom algorithm in
//! `rustworkx-core` (a maximum-weight matching; we ask for maximum
//! cardinality and give each pair `C - cost`, so among the perfect matchings
//! the heaviest is the cheapest).
//!
//! Used twice: pairing the odd-degree nodes of an undirected route (the
//! classic Chinese/rural postman step), and, as an assignment, sending each
//! surplus node of a directed route to a deficit node.

use rustworkx_core::petgraph::graph::UnGraph;
use std::convert::Infallible;

/// Costs are matched in millimetres, as integers: the blossom algorithm
/// is exact on integers and may miss the optimum slightly on floats.
fn mm(cost: f64) -> i128 {
    (cost * 1000.0).round() as i128
}

/// A perfect matching of `n` vertices of least total cost, using only the
/// candidate `pairs` `(i, j, cost)`; `None` when the candidates admit no
/// perfect matching (the caller then offers more pairs).
pub fn min_cost_perfect(n: usize, pairs: &[(usize, usize, f64)]) -> Option<Vec<(usize, usize)>> {
    if n == 0 {
        return Some(Vec::new());
    }
    if n % 2 == 1 {
        return None;
    }
    let top = pairs.iter().map(|p| mm(p.2)).max().unwrap_or(0) + 1;
    let mut g: UnGraph<(), i128> = UnGraph::with_capacity(n, pairs.len());
    for _ in 0..n {
        g.add_node(());
    }
    for &(i, j, c) in pairs {
        if i != j {
            g.add_edge((i as u32).into(), (j as u32).into(), top - mm(c));
        }
    }
    let found = rustworkx_core::max_weight_matching::max_weight_matching(
        &g,
        true,
        |e| Ok::<i128, Infallible>(*e.weight()),
        false,
    )
    .unwrap_or_else(|e: Infallible| match e {});
    if found.len() * 2 != n {
        return None;
    }
    Some(found.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cheaper_pairing_of_four_points_on_a_line() {
        // 0 - 1 - 2 - 3 at 0, 1, 10, 11 m: (0,1)+(2,3) = 2 m beats (0,3)+(1,2) = 20 m.
        let x = [0.0, 1.0, 10.0, 11.0];
        let mut pairs = Vec::new();
        for i in 0..4 {
            for j in i + 1..4 {
                pairs.push((i, j, f64::abs(x[i] - x[j])));
            }
        }
        let mut m: Vec<(usize, usize)> =
            min_cost_perfect(4, &pairs).unwrap().into_iter().map(|(a, b)| (a.min(b), a.max(b))).collect();
        m.sort();
        assert_eq!(m, vec![(0, 1), (2, 3)]);
    }

    #[test]
    fn no_perfect_matching_is_none() {
        assert!(min_cost_perfect(3, &[(0, 1, 1.0)]).is_none());
        assert!(min_cost_perfect(4, &[(0, 1, 1.0), (0, 2, 1.0)]).is_none());
    }
}
