//! The projects still for sale, ordered by a lower bound of their price.
//!
//! Money is only ever spent, so a project's price never falls: its last
//! price is a lower bound. Each step evaluates projects in the order of
//! their bounds and stops at the first bound above the cheapest price found,
//! so most projects need no evaluation in a step (lazy evaluation). Both MES
//! engines use it.

use std::cmp::Ordering;

/// A price per unit of satisfaction, exactly comparable.
pub(crate) trait Price: Clone {
    /// Compares two prices.
    fn cmp_price(&self, other: &Self) -> Ordering;
}

/// Per project a lower bound of its price and whether it is still for sale.
#[derive(Clone, Debug)]
pub(crate) struct PriceQueue<K> {
    /// Per project (internal index), a lower bound of its price.
    pub stale: Vec<K>,
    /// Per project, whether it can still be bought.
    pub alive: Vec<bool>,
    /// The alive projects by (lower bound, index).
    order: Vec<u32>,
}

impl<K> Default for PriceQueue<K> {
    fn default() -> Self {
        PriceQueue {
            stale: Vec::new(),
            alive: Vec::new(),
            order: Vec::new(),
        }
    }
}

impl<K: Price> PriceQueue<K> {
    /// A queue of the `alive` projects with lower bounds `stale`.
    pub fn new(stale: Vec<K>, alive: Vec<bool>) -> Self {
        let mut queue = PriceQueue {
            stale,
            alive,
            order: Vec::new(),
        };
        let mut order: Vec<u32> = (0..queue.alive.len() as u32)
            .filter(|&p| queue.alive[p as usize])
            .collect();
        order.sort_by(|&a, &b| queue.order_of(a, b));
        queue.order = order;
        queue
    }

    fn order_of(&self, a: u32, b: u32) -> Ordering {
        self.stale[a as usize]
            .cmp_price(&self.stale[b as usize])
            .then(a.cmp(&b))
    }

    /// The cheapest project (exact ties: the lower index) with its
    /// evaluation, or `None` when no project is affordable; and every project
    /// evaluated on the way. `evaluate` gives a project's evaluation, or
    /// `None` when its supporters cannot pay for it (it is then dropped for
    /// good); `price` reads an evaluation's price.
    pub fn cheapest<E>(
        &mut self,
        mut evaluate: impl FnMut(usize) -> Option<E>,
        price: impl Fn(&E) -> &K,
    ) -> (Option<(u32, E)>, Vec<u32>) {
        let mut best: Option<(u32, E)> = None;
        let mut evaluated: Vec<u32> = Vec::new();
        let mut scanned = 0;
        while scanned < self.order.len() {
            let p = self.order[scanned];
            if let Some((_, eval)) = &best {
                if self.stale[p as usize].cmp_price(price(eval)) == Ordering::Greater {
                    break;
                }
            }
            scanned += 1;
            match evaluate(p as usize) {
                None => self.alive[p as usize] = false,
                Some(eval) => {
                    self.stale[p as usize] = price(&eval).clone();
                    evaluated.push(p);
                    let better = match &best {
                        None => true,
                        Some((q, current)) => {
                            let order = price(&eval).cmp_price(price(current));
                            order == Ordering::Less || (order == Ordering::Equal && p < *q)
                        }
                    };
                    if better {
                        best = Some((p, eval));
                    }
                }
            }
        }
        // Re-queue what was evaluated (prices only rise, so they move back),
        // except the project about to be bought.
        let chosen = best.as_ref().map(|(x, _)| *x);
        self.order.drain(..scanned);
        for &p in &evaluated {
            if Some(p) != chosen && self.alive[p as usize] {
                let at = self
                    .order
                    .binary_search_by(|&q| self.order_of(q, p))
                    .unwrap_or_else(|at| at);
                self.order.insert(at, p);
            }
        }
        (best, evaluated)
    }
}
