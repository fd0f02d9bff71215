//! Leftmost-longest search for a few thousand short terms in Chinese text.
//!
//! The classifier looks for every node's keywords, and the scope parser for its verbs and notes, in
//! every company's texts: at national scale, the scan is most of the classifier's time. A general
//! Aho-Corasick DFA walks UTF-8 byte by byte through a table of several megabytes, three steps per
//! Chinese character, most of them missing the cache. [`TermSet`] works a character at a time:
//!
//! 1. At each character it looks the pair (this character, the next) up in a small hashed bitmap
//!    of the pairs that start a term (and the single characters that are terms). The bitmaps take
//!    a few kilobytes and stay in the first-level cache; most characters of a scope stop here.
//! 2. Where the pair may start a term, it walks a trie of characters (a hash table of transitions)
//!    from there and keeps the longest term that ends on the way.
//!
//! A term found ends the step: the search goes on after it. That is leftmost-longest semantics,
//! the same matches as `aho_corasick` with `MatchKind::LeftmostLongest` (the tests compare the two):
//! of the terms starting leftmost, the longest; of equal ones (after ASCII case folding), the one
//! given first.

use std::collections::HashMap;

/// No pattern ends at this state.
const NONE: u32 = u32::MAX;
/// Marks an empty transition slot (no state has this number).
const EMPTY: u64 = u64::MAX;
/// Multiplier of the Fibonacci hash.
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;
/// Bits of the pair bitmap (2^16 bits: 8 KB) and of the single-character bitmap (2^12 bits).
const PAIR_BITS: u32 = 16;
const SINGLE_BITS: u32 = 12;

/// One term found: its index among the patterns and its byte range in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermMatch {
    /// Index of the pattern, in the order given.
    pub pattern: u32,
    /// Byte offset where it starts.
    pub start: u32,
    /// Byte offset where it ends (exclusive).
    pub end: u32,
}

/// A set of terms searched leftmost-longest (see the module documentation). Built once, shared by
/// all threads.
#[derive(Debug, Clone)]
pub struct TermSet {
    fold: bool,
    single: Vec<u64>,
    pairs: Vec<u64>,
    /// Trie transitions by open addressing: key `state << 32 | character` and the child state.
    slots: Vec<(u64, u32)>,
    slot_shift: u32,
    /// The state two characters down from the root, by the pair `first << 32 | second`.
    pair_slots: Vec<(u64, u32)>,
    pair_shift: u32,
    /// The pattern that ends at each state, or [`NONE`].
    ends: Vec<u32>,
    patterns: usize,
}

/// A character as a number: its UTF-8 bytes, little-endian (ASCII folded to lower case when
/// `fold`), and its length in bytes. `i` must be a character boundary below `b.len()`.
#[inline(always)]
fn char_at(b: &[u8], i: usize, fold: bool) -> (u32, usize) {
    let lead = b[i];
    if lead < 0x80 {
        let c = if fold {
            lead.to_ascii_lowercase()
        } else {
            lead
        };
        return (c as u32, 1);
    }
    let len = if lead >= 0xF0 {
        4
    } else if lead >= 0xE0 {
        3
    } else {
        2
    };
    let key = if i + 4 <= b.len() {
        let word = u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        word & (u32::MAX >> (8 * (4 - len)))
    } else {
        b[i..(i + len).min(b.len())]
            .iter()
            .enumerate()
            .fold(0u32, |k, (j, &x)| k | (x as u32) << (8 * j))
    };
    (key, len)
}

/// An open-addressing table of `key → value`, at most half full so that probes stay short, and
/// the shift that turns a key's hash into its slot.
fn table(entries: impl Iterator<Item = (u64, u32)> + Clone) -> (Vec<(u64, u32)>, u32) {
    let n = entries.clone().count();
    let bits = (n.max(1) * 2).next_power_of_two().trailing_zeros().max(4);
    let shift = 64 - bits;
    let mut slots = vec![(EMPTY, 0u32); 1 << bits];
    let mask = slots.len() - 1;
    for (key, value) in entries {
        let mut s = (key.wrapping_mul(GOLDEN) >> shift) as usize;
        while slots[s].0 != EMPTY {
            s = (s + 1) & mask;
        }
        slots[s] = (key, value);
    }
    (slots, shift)
}

/// The value of `key` in a [`table`].
#[inline(always)]
fn probe(slots: &[(u64, u32)], shift: u32, key: u64) -> Option<u32> {
    let mask = slots.len() - 1;
    let mut s = (key.wrapping_mul(GOLDEN) >> shift) as usize;
    loop {
        let (at, value) = slots[s];
        if at == key {
            return Some(value);
        }
        if at == EMPTY {
            return None;
        }
        s = (s + 1) & mask;
    }
}

#[inline(always)]
fn bit(hash: u64, bits: u32) -> (usize, u64) {
    let h = (hash.wrapping_mul(GOLDEN) >> (64 - bits)) as usize;
    (h >> 6, 1u64 << (h & 63))
}

impl TermSet {
    /// Builds the set. With `fold`, ASCII letters match either case. Empty patterns never match.
    pub fn new<I, S>(patterns: I, fold: bool) -> TermSet
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut single = vec![0u64; 1 << (SINGLE_BITS - 6)];
        let mut pairs = vec![0u64; 1 << (PAIR_BITS - 6)];
        let mut children: HashMap<u64, u32> = HashMap::new();
        let mut ends: Vec<u32> = vec![NONE];
        let mut count = 0usize;
        let mut keys = Vec::new();
        for (id, p) in patterns.into_iter().enumerate() {
            count = id + 1;
            let b = p.as_ref().as_bytes();
            keys.clear();
            let mut i = 0;
            while i < b.len() {
                let (k, l) = char_at(b, i, fold);
                keys.push(k);
                i += l;
            }
            let Some(&first) = keys.first() else {
                continue;
            };
            if let Some(&second) = keys.get(1) {
                let (w, m) = bit((first as u64) << 32 | second as u64, PAIR_BITS);
                pairs[w] |= m;
            } else {
                let (w, m) = bit(first as u64, SINGLE_BITS);
                single[w] |= m;
            }
            let mut state = 0u32;
            for &k in &keys {
                let key = (state as u64) << 32 | k as u64;
                state = *children.entry(key).or_insert_with(|| {
                    ends.push(NONE);
                    (ends.len() - 1) as u32
                });
            }
            if ends[state as usize] == NONE {
                ends[state as usize] = id as u32;
            }
        }
        let (slots, slot_shift) = table(children.iter().map(|(&k, &v)| (k, v)));
        // The second level, by pair: one probe instead of two where a pair may start a term.
        let root_children: HashMap<u32, u32> = children
            .iter()
            .filter(|(&k, _)| k >> 32 == 0)
            .map(|(&k, &v)| (v, k as u32))
            .collect();
        let (pair_slots, pair_shift) = table(children.iter().filter_map(|(&k, &v)| {
            let first = root_children.get(&((k >> 32) as u32))?;
            Some(((*first as u64) << 32 | (k & 0xFFFF_FFFF), v))
        }));
        TermSet {
            fold,
            single,
            pairs,
            slots,
            slot_shift,
            pair_slots,
            pair_shift,
            ends,
            patterns: count,
        }
    }

    /// Number of patterns given (empty ones included).
    pub fn len(&self) -> usize {
        self.patterns
    }

    /// Whether no pattern was given.
    pub fn is_empty(&self) -> bool {
        self.patterns == 0
    }

    /// Heap bytes held.
    pub fn memory_usage(&self) -> usize {
        (self.single.len() + self.pairs.len()) * 8
            + (self.slots.len() + self.pair_slots.len()) * 16
            + self.ends.len() * 4
    }

    /// The longest pattern starting at byte `i`, whose first two characters are `k1` and `k2`
    /// (`k2` of length `l2`; `None` at the end of the text), given whether a one-character pattern
    /// may be `k1`: its index and end.
    #[inline]
    fn longest_at(
        &self,
        b: &[u8],
        i: usize,
        (k1, l1): (u32, usize),
        second: Option<(u32, usize)>,
        single: bool,
    ) -> Option<(u32, usize)> {
        let mut best = None;
        if single {
            if let Some(s) = probe(&self.slots, self.slot_shift, k1 as u64) {
                let end = self.ends[s as usize];
                if end != NONE {
                    best = Some((end, i + l1));
                }
            }
        }
        let Some((k2, l2)) = second else {
            return best;
        };
        let Some(mut state) = probe(
            &self.pair_slots,
            self.pair_shift,
            (k1 as u64) << 32 | k2 as u64,
        ) else {
            return best;
        };
        let mut i = i + l1 + l2;
        loop {
            let end = self.ends[state as usize];
            if end != NONE {
                best = Some((end, i));
            }
            if i >= b.len() {
                return best;
            }
            let (k, l) = char_at(b, i, self.fold);
            match probe(
                &self.slots,
                self.slot_shift,
                (state as u64) << 32 | k as u64,
            ) {
                Some(next) => {
                    state = next;
                    i += l;
                }
                None => return best,
            }
        }
    }

    /// The terms in `text`, leftmost-longest, in text order.
    pub fn find_iter<'a>(&'a self, text: &'a str) -> FindIter<'a> {
        let b = text.as_bytes();
        let next = if b.is_empty() {
            (0, 0)
        } else {
            char_at(b, 0, self.fold)
        };
        FindIter {
            set: self,
            b,
            at: 0,
            next,
        }
    }
}

/// The iterator of [`TermSet::find_iter`].
pub struct FindIter<'a> {
    set: &'a TermSet,
    b: &'a [u8],
    at: usize,
    /// The character at `at` (key and length), when `at` is inside the text.
    next: (u32, usize),
}

impl FindIter<'_> {
    /// A term found at byte `i`, ending at `end`: the search goes on after it.
    #[inline]
    fn found(&mut self, pattern: u32, i: usize, end: usize) -> Option<TermMatch> {
        self.at = end;
        if end < self.b.len() {
            self.next = char_at(self.b, end, self.set.fold);
        }
        Some(TermMatch {
            pattern,
            start: i as u32,
            end: end as u32,
        })
    }
}

impl Iterator for FindIter<'_> {
    type Item = TermMatch;

    fn next(&mut self) -> Option<TermMatch> {
        let set = self.set;
        let b = self.b;
        let mut i = self.at;
        if i >= b.len() {
            return None;
        }
        let (mut k1, mut l1) = self.next;
        loop {
            let j = i + l1;
            let (w, m) = bit(k1 as u64, SINGLE_BITS);
            let single = set.single[w] & m;
            if j >= b.len() {
                // The last character: only a term of one character can start here.
                if single != 0 {
                    if let Some((pattern, end)) = set.longest_at(b, i, (k1, l1), None, true) {
                        return self.found(pattern, i, end);
                    }
                }
                self.at = b.len();
                return None;
            }
            let (k2, l2) = char_at(b, j, set.fold);
            let (w, m) = bit((k1 as u64) << 32 | k2 as u64, PAIR_BITS);
            if single | (set.pairs[w] & m) != 0 {
                if let Some((pattern, end)) =
                    set.longest_at(b, i, (k1, l1), Some((k2, l2)), single != 0)
                {
                    return self.found(pattern, i, end);
                }
            }
            i = j;
            k1 = k2;
            l1 = l2;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasickBuilder, MatchKind};

    fn ours(terms: &[&str], fold: bool, text: &str) -> Vec<(u32, u32, u32)> {
        TermSet::new(terms, fold)
            .find_iter(text)
            .map(|m| (m.pattern, m.start, m.end))
            .collect()
    }

    fn theirs(terms: &[&str], fold: bool, text: &str) -> Vec<(u32, u32, u32)> {
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(fold)
            .build(terms)
            .unwrap()
            .find_iter(text)
            .map(|m| (m.pattern().as_u32(), m.start() as u32, m.end() as u32))
            .collect()
    }

    #[test]
    fn longest_of_the_leftmost() {
        let terms = ["光伏", "光伏玻璃", "玻璃原料", "光伏玻璃原料", "钢"];
        assert_eq!(
            ours(&terms, false, "生产光伏玻璃原料和钢材、光伏玻璃"),
            vec![(3, 6, 24), (4, 27, 30), (1, 36, 48)]
        );
        // A term cut off at the end of the text, a single character at the end.
        assert_eq!(ours(&terms, false, "光伏玻"), vec![(0, 0, 6)]);
        assert_eq!(ours(&terms, false, "钢"), vec![(4, 0, 3)]);
        assert!(ours(&terms, false, "").is_empty());
    }

    #[test]
    fn ascii_case_and_mixed_widths() {
        let terms = ["PCB", "pcb板", "LED灯", "é", "𠀀字"];
        assert_eq!(
            ours(&terms, true, "生产Pcb板、led灯和PCB；é𠀀字"),
            theirs(&terms, true, "生产Pcb板、led灯和PCB；é𠀀字")
        );
        assert!(ours(&terms, false, "led灯").is_empty());
    }

    /// The same matches as aho-corasick's leftmost-longest search, on texts made of pieces of the
    /// terms, their prefixes and other characters.
    #[test]
    fn agrees_with_aho_corasick() {
        let terms = [
            "医疗器械",
            "医疗",
            "器械",
            "医用",
            "医用耗材",
            "耗材",
            "生产",
            "生",
            "产",
            "销售",
            "钢材",
            "钢",
            "材料",
            "不锈钢",
            "不锈钢管",
            "管",
            "X射线",
            "x射线机",
            "CT",
            "ct机",
            "光伏组件",
            "组件",
            "太阳能",
            "太阳能电池",
            "电池",
            "电池片",
            "、",
            "；",
            "（",
            "）",
        ];
        let extra = ["的", "和", "A", "b", "1", "；", "。", "玻", "璃", "械"];
        let mut pieces: Vec<&str> = terms.to_vec();
        pieces.extend(extra);
        for t in terms {
            let cut: String = t
                .chars()
                .take(t.chars().count().saturating_sub(1))
                .collect();
            pieces.push(Box::leak(cut.into_boxed_str()));
        }
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut rand = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for fold in [false, true] {
            for _ in 0..3000 {
                let len = rand(12);
                let text: String = (0..len).map(|_| pieces[rand(pieces.len())]).collect();
                assert_eq!(
                    ours(&terms, fold, &text),
                    theirs(&terms, fold, &text),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn empty_patterns_never_match() {
        let terms = ["", "钢"];
        assert_eq!(ours(&terms, false, "钢材"), vec![(1, 0, 3)]);
        assert_eq!(TermSet::new(terms, false).len(), 2);
    }
}
