//! The deterministic random source every generated value comes from: one ChaCha8 stream per
//! (seed, purpose, key), so any applicant or photo can be regenerated alone, in any order, and
//! sampling helpers that never panic (an empty range gives its lower end).

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// What a stream is drawn for. Each purpose has its own key, so adding draws to one purpose never
/// changes the values of another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// The applicant's identity, place, documents and defects.
    Applicant,
    /// How the applicant looks in photos, and the hand-held scene around them.
    Appearance,
}

impl Purpose {
    fn tag(self) -> u64 {
        match self {
            Purpose::Applicant => 0x6170_706c_6963_616e,
            Purpose::Appearance => 0x6170_7065_6172_616e,
        }
    }
}

/// One SplitMix64 step: spreads a 64-bit state into well-mixed key material.
fn split_mix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a 64 of a text: turns a stable name (an applicant ID) into a stream key.
pub(crate) fn text_key(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

/// A deterministic stream of random draws.
#[derive(Debug, Clone)]
pub(crate) struct Draws {
    rng: ChaCha8Rng,
}

impl Draws {
    /// The stream for `purpose` and `key` (an index or a [`text_key`]) under `seed`.
    pub(crate) fn new(seed: u64, purpose: Purpose, key: u64) -> Draws {
        let mut state = seed ^ purpose.tag();
        let mut material = [0u8; 32];
        for chunk in material.chunks_exact_mut(8) {
            chunk.copy_from_slice(&split_mix(&mut state).to_le_bytes());
        }
        let mut rng = ChaCha8Rng::from_seed(material);
        rng.set_stream(key);
        Draws { rng }
    }

    /// A uniform integer in `low..=high`; `low` when the range is empty.
    pub(crate) fn between(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            low
        } else {
            self.rng.random_range(low..=high)
        }
    }

    /// A uniform `u32` in `low..=high`; `low` when the range is empty.
    pub(crate) fn between_u32(&mut self, low: u32, high: u32) -> u32 {
        if high <= low {
            low
        } else {
            self.rng.random_range(low..=high)
        }
    }

    /// A uniform index below `len`; 0 when `len` is 0.
    pub(crate) fn index(&mut self, len: usize) -> usize {
        if len <= 1 {
            0
        } else {
            self.rng.random_range(0..len)
        }
    }

    /// A uniform float in `low..high`; `low` when the range is empty or not finite.
    pub(crate) fn float(&mut self, low: f32, high: f32) -> f32 {
        let unit: f32 = self.rng.random();
        let value = low + (high - low) * unit;
        if value.is_finite() && high > low {
            value
        } else {
            low
        }
    }

    /// True with probability `p` (clamped to 0..=1; NaN counts as 0).
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        let p = if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) };
        let unit: f64 = self.rng.random();
        unit < p
    }

    /// A uniformly chosen element; `None` only for an empty slice.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        let index = self.index(items.len());
        items.get(index)
    }

    /// A uniformly chosen text; the empty string only for an empty slice.
    pub(crate) fn pick_text(&mut self, items: &[&'static str]) -> &'static str {
        self.pick(items).copied().unwrap_or_default()
    }

    /// An element chosen with probability proportional to its weight; `None` when every weight
    /// is zero (or the slice is empty).
    pub(crate) fn weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> Option<&'a T> {
        let total: u64 = items.iter().map(|(_, weight)| u64::from(*weight)).sum();
        if total == 0 {
            return None;
        }
        let mut target = self.rng.random_range(0..total);
        for (item, weight) in items {
            let weight = u64::from(*weight);
            if target < weight {
                return Some(item);
            }
            target -= weight;
        }
        None
    }

    /// A string of `count` decimal digits.
    pub(crate) fn digits(&mut self, count: usize) -> String {
        (0..count).map(|_| char::from_digit(self.between_u32(0, 9), 10).unwrap_or('0')).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_inputs_same_draws_and_streams_differ() {
        let mut a = Draws::new(7, Purpose::Applicant, 3);
        let mut b = Draws::new(7, Purpose::Applicant, 3);
        let first: Vec<i64> = (0..8).map(|_| a.between(0, 1_000_000)).collect();
        let second: Vec<i64> = (0..8).map(|_| b.between(0, 1_000_000)).collect();
        assert_eq!(first, second);
        let mut other_key = Draws::new(7, Purpose::Applicant, 4);
        let mut other_purpose = Draws::new(7, Purpose::Appearance, 3);
        let mut other_seed = Draws::new(8, Purpose::Applicant, 3);
        for other in [&mut other_key, &mut other_purpose, &mut other_seed] {
            let drawn: Vec<i64> = (0..8).map(|_| other.between(0, 1_000_000)).collect();
            assert_ne!(drawn, first);
        }
    }

    #[test]
    fn empty_ranges_and_slices_never_panic() {
        let mut draws = Draws::new(1, Purpose::Applicant, 1);
        assert_eq!(draws.between(5, 5), 5);
        assert_eq!(draws.between(5, 2), 5);
        assert_eq!(draws.between_u32(9, 1), 9);
        assert_eq!(draws.index(0), 0);
        assert_eq!(draws.float(2.0, 1.0), 2.0);
        assert_eq!(draws.pick::<u8>(&[]), None);
        assert_eq!(draws.pick_text(&[]), "");
        assert_eq!(draws.weighted::<u8>(&[(1, 0), (2, 0)]), None);
        assert!(!draws.chance(f64::NAN));
        assert!(draws.chance(1.0));
    }

    #[test]
    fn weighted_choice_follows_weights() {
        let mut draws = Draws::new(2, Purpose::Applicant, 0);
        let items = [("rare", 1u32), ("common", 9)];
        let common =
            (0..2000).filter(|_| draws.weighted(&items).copied() == Some("common")).count();
        assert!((1700..1900).contains(&common), "{common}");
        assert_eq!(draws.digits(6).len(), 6);
        assert_eq!(text_key("a"), text_key("a"));
        assert_ne!(text_key("a"), text_key("b"));
    }
}
