//! Union-find over `u32` ids, for grouping: street-network nodes that are one
//! place, and dwellings within linking distance of each other.
//!
//! The smaller root always becomes the parent, so a group's root is its
//! smallest id and the result does not depend on the order of unions.

pub(crate) struct UnionFind(Vec<u32>);

impl UnionFind {
    /// `n` ids, each its own group.
    pub(crate) fn new(n: usize) -> Self {
        UnionFind((0..n as u32).collect())
    }

    /// A new id in a group of its own.
    pub(crate) fn add(&mut self) -> u32 {
        self.0.push(self.0.len() as u32);
        (self.0.len() - 1) as u32
    }

    pub(crate) fn find(&mut self, mut i: u32) -> u32 {
        while self.0[i as usize] != i {
            let parent = self.0[i as usize];
            self.0[i as usize] = self.0[parent as usize]; // path halving
            i = parent;
        }
        i
    }

    pub(crate) fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb) as usize] = ra.min(rb);
        }
    }

    /// Every id's group root.
    pub(crate) fn roots(mut self) -> Vec<u32> {
        (0..self.0.len() as u32).map(|i| self.find(i)).collect()
    }
}
