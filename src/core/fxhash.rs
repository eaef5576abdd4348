//! A fast hasher for the maps of one analysis: rustc's FxHash scheme (rotate,
//! xor, multiply per eight bytes). The standard SipHash costs about ten
//! instructions a byte, and these maps hash every name and every embedded
//! certificate of the file (1.5 KB of base64 each; 16 M of the 263 M
//! instructions of a 1,000-cluster kubeconfig went to SipHash). This costs
//! under one. It does not resist crafted collisions, which could only slow
//! down the analysis of the very input that crafts them.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with [`FxHasher`]; create it with `FxHashMap::default()`.
pub type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[derive(Default)]
pub struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in words.by_ref() {
            self.add(super::scan::word(w));
        }
        self.add(super::scan::word(words.remainder()));
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_equal_hashes_and_a_map_works() {
        let mut m: FxHashMap<&str, usize> = FxHashMap::default();
        for (i, k) in ["a", "ab", "abcdefgh", "abcdefghi", ""].iter().enumerate() {
            m.insert(k, i);
        }
        assert_eq!(m.get("abcdefghi"), Some(&3));
        assert_eq!(m.get(""), Some(&4));
        assert_eq!(m.get("abcdefg"), None);
        assert_eq!(m.len(), 5);
    }
}
