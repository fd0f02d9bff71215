//! Vocabulary review (词表审查): on real business scopes, which items each node's keywords match
//! and which maker items match no node, so whoever edits the chain files can judge precision (is
//! every frequent item really the node's product?) and coverage (which frequent products are
//! missing?).

use std::collections::HashMap;

use rayon::prelude::*;

use super::scope::{self, Parsed};
use super::Classifier;

/// What a review found, most frequent first.
#[derive(Debug, Clone, Default)]
pub struct Review {
    /// Scopes read.
    pub scopes: usize,
    /// Maker items read (items whose verbs include making), and how many hold a keyword.
    pub maker_items: usize,
    /// Maker items holding a keyword of some node.
    pub matched_maker_items: usize,
    /// Per node (index as in the chain set): (item text, role bits, companies).
    pub nodes: Vec<Vec<(String, u8, usize)>>,
    /// Maker items that match no node: (item text, companies).
    pub unmatched_makers: Vec<(String, usize)>,
}

#[derive(Default)]
struct Counts {
    scopes: usize,
    maker_items: usize,
    matched_maker_items: usize,
    nodes: HashMap<(u16, String, u8), usize>,
    unmatched: HashMap<String, usize>,
}

impl Counts {
    fn merge(mut self, other: Counts) -> Counts {
        self.scopes += other.scopes;
        self.maker_items += other.maker_items;
        self.matched_maker_items += other.matched_maker_items;
        for (k, v) in other.nodes {
            *self.nodes.entry(k).or_default() += v;
        }
        for (k, v) in other.unmatched {
            *self.unmatched.entry(k).or_default() += v;
        }
        self
    }
}

/// An item's text as counted: trimmed of spaces and of the punctuation around it.
fn clean(text: &str) -> String {
    text.trim_matches(|c: char| c.is_whitespace() || "：:、，,（）()".contains(c))
        .to_string()
}

/// Reviews the scopes: per node the `top` most frequent items holding its keywords, and the `top`
/// most frequent maker items holding none. Counts do not depend on the thread count.
pub fn review<'a>(
    classifier: &Classifier,
    node_count: usize,
    scopes: impl IndexedParallelIterator<Item = &'a str>,
    top: usize,
) -> Review {
    let counts = scopes
        .fold(
            || (Counts::default(), Parsed::default()),
            |(mut c, mut parsed), text| {
                c.scopes += 1;
                if text.is_empty() {
                    return (c, parsed);
                }
                classifier.parser().parse(text, &mut parsed);
                let hits = classifier.keyword_hits(text);
                let mut seen: Vec<(u16, u32)> = Vec::new();
                let mut matched_items: Vec<u32> = Vec::new();
                for (node, start, end) in hits {
                    let Some(item) = parsed.locate(start, end) else {
                        continue;
                    };
                    matched_items.push(item.start);
                    if seen.contains(&(node, item.start)) {
                        continue;
                    }
                    seen.push((node, item.start));
                    let t = clean(&text[item.start as usize..item.end as usize]);
                    *c.nodes.entry((node, t, item.roles)).or_default() += 1;
                }
                for item in &parsed.items {
                    if item.roles & scope::MAKE == 0 || parsed.is_void(item.start) {
                        continue;
                    }
                    c.maker_items += 1;
                    if matched_items.contains(&item.start) {
                        c.matched_maker_items += 1;
                    } else {
                        let t = clean(&text[item.start as usize..item.end as usize]);
                        if !t.is_empty() {
                            *c.unmatched.entry(t).or_default() += 1;
                        }
                    }
                }
                (c, parsed)
            },
        )
        .map(|(c, _)| c)
        .reduce(Counts::default, Counts::merge);
    let mut nodes: Vec<Vec<(String, u8, usize)>> = vec![Vec::new(); node_count];
    for ((node, text, roles), n) in counts.nodes {
        if let Some(list) = nodes.get_mut(node as usize) {
            list.push((text, roles, n));
        }
    }
    for list in &mut nodes {
        list.sort_by(|a, b| {
            b.2.cmp(&a.2)
                .then_with(|| a.0.cmp(&b.0))
                .then(a.1.cmp(&b.1))
        });
        list.truncate(top);
    }
    let mut unmatched: Vec<(String, usize)> = counts.unmatched.into_iter().collect();
    unmatched.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    unmatched.truncate(top);
    Review {
        scopes: counts.scopes,
        maker_items: counts.maker_items,
        matched_maker_items: counts.matched_maker_items,
        nodes,
        unmatched_makers: unmatched,
    }
}

/// The role bits as a short label: 生产, 贸易, 服务 joined by /, or 无 for none.
pub fn roles_label(bits: u8, zh: bool) -> String {
    let mut parts = Vec::new();
    for (bit, z, e) in [
        (scope::MAKE, "生产", "make"),
        (scope::TRADE, "贸易", "trade"),
        (scope::SERVICE, "服务", "service"),
    ] {
        if bits & bit != 0 {
            parts.push(if zh { z } else { e });
        }
    }
    if parts.is_empty() {
        return if zh { "无动词" } else { "no verb" }.to_string();
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chain::ChainSet;

    #[test]
    fn counts_node_items_and_unmatched_maker_items() {
        let set = ChainSet::embedded().unwrap();
        let c = Classifier::new(&set).unwrap();
        let scopes = [
            "光伏组件制造；钢材销售",
            "光伏组件制造；服装加工",
            "服装加工；餐饮服务",
            "",
        ];
        let r = review(&c, set.nodes.len(), scopes.par_iter().copied(), 10);
        assert_eq!(r.scopes, 4);
        let module = set.nodes.iter().position(|n| n.id == "pv-module").unwrap();
        assert_eq!(r.nodes[module][0].0, "光伏组件制造");
        assert_eq!(r.nodes[module][0].2, 2);
        assert_eq!(r.unmatched_makers[0], ("服装加工".to_string(), 2));
        assert_eq!(r.maker_items, 4);
        assert_eq!(r.matched_maker_items, 2);
    }
}
