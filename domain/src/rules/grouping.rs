//! Finding identical ballots: numbering the distinct ballots of an instance
//! in order of first appearance, for [`Profile`](super::profile::Profile).
//! A stable radix sort of the ballots' hashes puts identical ballots next to
//! each other (8 bytes a ballot), instead of a hash map of ballots.

use crate::rules::instance::Ballot;
use crate::rules::profile::WeightMode;

/// What makes two ballots the same for `mode`: their projects, and their points under [`WeightMode::Points`].
fn ballot_key(ballot: &Ballot, mode: WeightMode) -> (&[u32], Option<&[u64]>) {
    match mode {
        WeightMode::Presence => (ballot.raw_projects(), None),
        WeightMode::Points => (ballot.raw_projects(), ballot.raw_points()),
    }
}

/// Numbers the distinct ballots in order of first appearance: returns the
/// voters of each class and the first ballot of each class.
///
/// Each ballot's position is packed with the high 32 bits of its hash into
/// one `u64`, and these are sorted by hash with a stable radix sort, so that
/// equal ballots end up next to each other, positions ascending. Ballots with
/// the same hash are compared, which finds for each ballot the first
/// identical one; a last pass in ballot order numbers the classes.
pub(crate) fn group(ballots: &[Ballot], mode: WeightMode) -> (Vec<u64>, Vec<usize>) {
    // Positions must fit in the low half of a key.
    let Ok(count) = u32::try_from(ballots.len()) else {
        return group_by_table(ballots, mode);
    };
    let mut keys: Vec<u64> = ballots
        .iter()
        .zip(0..count)
        .map(|(ballot, index)| hash_key(ballot_key(ballot, mode)) & !0xffff_ffff | u64::from(index))
        .collect();
    radix_sort_high_half(&mut keys);
    // first[i]: the first ballot identical to ballot i (i itself when it is the first).
    let mut first = vec![0u32; ballots.len()];
    let mut distinct: Vec<u32> = Vec::new();
    for run in keys.chunk_by(|a, b| a >> 32 == b >> 32) {
        if let [key] = run {
            // A hash of its own: a ballot unlike any other, read no further.
            first[*key as u32 as usize] = *key as u32;
            continue;
        }
        distinct.clear();
        for &key in run {
            let index = key as u32;
            let ballot = ballot_key(&ballots[index as usize], mode);
            let same = distinct
                .iter()
                .copied()
                .find(|&d| ballot_key(&ballots[d as usize], mode) == ballot);
            first[index as usize] = match same {
                Some(d) => d,
                None => {
                    distinct.push(index);
                    index
                }
            };
        }
    }
    drop(keys);
    // Classes in order of first appearance; `first` becomes ballot → class.
    let mut class_mult: Vec<u64> = Vec::new();
    let mut class_ballot: Vec<usize> = Vec::new();
    for index in 0..ballots.len() {
        let earlier = first[index] as usize;
        let class = if earlier == index {
            class_ballot.push(index);
            class_mult.push(0);
            class_mult.len() - 1
        } else {
            first[earlier] as usize
        };
        first[index] = class as u32;
        class_mult[class] += 1;
    }
    (class_mult, class_ballot)
}

/// Sorts by the high 32 bits, keeping the order of equal ones (LSD radix, 8 bits a pass).
fn radix_sort_high_half(keys: &mut Vec<u64>) {
    let mut other = vec![0u64; keys.len()];
    for shift in [32u32, 40, 48, 56] {
        let mut start = [0usize; 256];
        for &key in keys.iter() {
            start[(key >> shift) as usize & 0xff] += 1;
        }
        let mut sum = 0;
        for slot in &mut start {
            let count = *slot;
            *slot = sum;
            sum += count;
        }
        for &key in keys.iter() {
            let slot = &mut start[(key >> shift) as usize & 0xff];
            other[*slot] = key;
            *slot += 1;
        }
        std::mem::swap(keys, &mut other);
    }
}

/// [`group`] for more than `u32::MAX` ballots: the same classes, found with
/// an open-addressing table (linear probing, at most half full) holds class
/// numbers; each class keeps its ballot's hash, so a probe compares ballots
/// only when the hashes agree.
fn group_by_table(ballots: &[Ballot], mode: WeightMode) -> (Vec<u64>, Vec<usize>) {
    const EMPTY: u32 = u32::MAX;
    let slots = ballots.len().saturating_mul(2).next_power_of_two().max(16);
    let mask = slots - 1;
    let shift = 64 - slots.trailing_zeros();
    let mut table = vec![EMPTY; slots];
    let mut class_hash: Vec<u64> = Vec::new();
    let mut class_mult: Vec<u64> = Vec::new();
    let mut class_ballot: Vec<usize> = Vec::new();
    for (index, ballot) in ballots.iter().enumerate() {
        let key = ballot_key(ballot, mode);
        let hash = hash_key(key);
        // The high bits of the Fx hash are the well-mixed ones.
        let mut slot = (hash >> shift) as usize;
        loop {
            let class = table[slot];
            if class == EMPTY {
                table[slot] = class_mult.len() as u32;
                class_hash.push(hash);
                class_mult.push(1);
                class_ballot.push(index);
                break;
            }
            let class = class as usize;
            if class_hash[class] == hash && ballot_key(&ballots[class_ballot[class]], mode) == key {
                class_mult[class] += 1;
                break;
            }
            slot = (slot + 1) & mask;
        }
    }
    (class_mult, class_ballot)
}

/// The Fx hash of a ballot key (length, projects, then points).
fn hash_key((projects, points): (&[u32], Option<&[u64]>)) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.add(projects.len() as u64);
    for pair in projects.chunks(2) {
        let high = pair.get(1).map_or(0, |&p| u64::from(p) << 32);
        hasher.add(u64::from(pair[0]) | high);
    }
    if let Some(points) = points {
        for &p in points {
            hasher.add(p);
        }
    }
    hasher.0
}

/// A small, fast, deterministic hash (the Fx hash).
#[derive(Default)]
struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_groupings_agree() {
        // Points ballots with repeats, some differing only in points.
        let ballots: Vec<Ballot> = (0..3000u64)
            .map(|i| Ballot::cumulative((0..5usize).filter(|&p| (i * 13 % 29) >> p & 1 == 1).map(|p| (p, i % 3))))
            .collect();
        for mode in [WeightMode::Presence, WeightMode::Points] {
            let (mult, first) = group(&ballots, mode);
            assert_eq!(group_by_table(&ballots, mode), (mult.clone(), first.clone()));
            assert_eq!(mult.iter().sum::<u64>(), 3000);
            assert!(first.windows(2).all(|w| w[0] < w[1]));
        }
        assert_eq!(group(&[], WeightMode::Presence), (Vec::new(), Vec::new()));
    }

    #[test]
    fn radix_sort_sorts_by_high_half_keeping_positions_ascending() {
        let mut keys: Vec<u64> = (0..2000u64)
            .map(|i| (i.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 7 & 0xff00_ff00_0000_0000) | i)
            .collect();
        let mut expected = keys.clone();
        expected.sort_unstable();
        radix_sort_high_half(&mut keys);
        assert_eq!(keys, expected);
    }
}
