//! Finding a chain or a node by what a user types: its id, its Chinese or English name, or a
//! part of the Chinese name that fits only one (`钢铁` for 现代钢铁, `光伏` for 硅光伏配套).

use std::fmt;

use super::model::ChainSet;
use crate::Lang;

/// Why a chain or node name was not accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct NotFound {
    /// What was typed.
    pub query: String,
    /// True for a node, false for a chain.
    pub node: bool,
    /// The candidates (chain or node indices) the name fits, when it fits more than one.
    pub ambiguous: Vec<usize>,
    /// The chain asked for, and the node of another chain the name fits exactly.
    pub elsewhere: Option<(usize, usize)>,
}

/// How a name fits: exactly (id or a full name) or as a part of a name.
fn fits(query: &str, id: &str, name: &str, name_en: &str) -> (bool, bool) {
    let q = query.trim();
    let exact = q.eq_ignore_ascii_case(id) || q == name || q.eq_ignore_ascii_case(name_en);
    let lower = q.to_lowercase();
    let part = !q.is_empty()
        && (name.contains(q)
            || (lower.chars().count() >= 3 && name_en.to_lowercase().contains(&lower)));
    (exact, part)
}

/// Picks the one exact fit, else the one partial fit; several fits are ambiguous.
fn choose(
    query: &str,
    node: bool,
    candidates: impl Iterator<Item = (usize, (bool, bool))>,
) -> Result<usize, NotFound> {
    let (mut exact, mut part) = (Vec::new(), Vec::new());
    for (i, (e, p)) in candidates {
        if e {
            exact.push(i);
        } else if p {
            part.push(i);
        }
    }
    let pool = if exact.is_empty() { part } else { exact };
    match pool.as_slice() {
        [one] => Ok(*one),
        _ => Err(NotFound {
            query: query.trim().to_string(),
            node,
            ambiguous: pool,
            elsewhere: None,
        }),
    }
}

/// The chain a user means by `query`: id (`pv`), name (`硅光伏配套`), English name, or a part of
/// the Chinese name that fits one chain only (`光伏`).
pub fn find_chain(set: &ChainSet, query: &str) -> Result<usize, NotFound> {
    choose(
        query,
        false,
        set.chains
            .iter()
            .enumerate()
            .map(|(i, c)| (i, fits(query, &c.id, &c.name, &c.name_en))),
    )
}

/// The node a user means by `query`: id (`pv-glass`), name (`光伏玻璃`), English name, or a part of
/// the Chinese name that fits one node only; within `chain` when one is given.
pub fn find_node(set: &ChainSet, query: &str, chain: Option<usize>) -> Result<usize, NotFound> {
    let within = |chain: Option<usize>| {
        choose(
            query,
            true,
            set.nodes
                .iter()
                .enumerate()
                .filter(|(_, n)| chain.is_none_or(|c| n.chain == c))
                .map(|(i, n)| (i, fits(query, &n.id, &n.name, &n.name_en))),
        )
    };
    within(chain).map_err(|mut e| {
        // A node of another chain: say so rather than "no such node".
        if let (Some(c), true) = (chain, e.ambiguous.is_empty()) {
            if let Ok(other) = within(None) {
                e.elsewhere = Some((c, other));
            }
        }
        e
    })
}

impl NotFound {
    /// The message a user reads: what was not found, and the valid ids with their names (the
    /// candidates when the name fits several).
    pub fn message(&self, set: &ChainSet, lang: Lang) -> String {
        let mut out = String::new();
        let what = match (self.node, lang) {
            (false, Lang::Zh) => "产业链",
            (true, Lang::Zh) => "环节",
            (false, Lang::En) => "chain",
            (true, Lang::En) => "node",
        };
        let q = &self.query;
        if let Some((asked, node)) = self.elsewhere {
            let (a, n) = (&set.chains[asked], &set.nodes[node]);
            let c = &set.chains[n.chain];
            return match lang {
                Lang::Zh => format!(
                    "环节“{q}”（{}）属于{}产业链，不在所选的{}产业链中：请改用 --chain {} 或去掉 --chain",
                    n.id, c.name, a.name, c.id
                ),
                Lang::En => format!(
                    "node `{q}` ({}) belongs to the {} chain, not to the {} chain chosen: use --chain {} or leave --chain out",
                    n.id, c.name_en, a.name_en, c.id
                ),
            };
        }
        if self.ambiguous.is_empty() {
            out.push_str(&match lang {
                Lang::Zh => format!("没有名为“{q}”的{what}。可用的{what}（代码 名称）：\n"),
                Lang::En => format!("no {what} named `{q}`. The {what}s (id, name):\n"),
            });
        } else {
            out.push_str(&match lang {
                Lang::Zh => format!("“{q}”可指多个{what}，请写全名或代码：\n"),
                Lang::En => format!("`{q}` fits several {what}s; give the full name or the id:\n"),
            });
        }
        let name = |zh: &str, en: &str| match lang {
            Lang::Zh => zh.to_string(),
            Lang::En => format!("{en} ({zh})"),
        };
        if self.node {
            let list: Vec<usize> = if self.ambiguous.is_empty() {
                (0..set.nodes.len()).collect()
            } else {
                self.ambiguous.clone()
            };
            let mut chain = usize::MAX;
            for i in list {
                let n = &set.nodes[i];
                if n.chain != chain {
                    chain = n.chain;
                    let c = &set.chains[chain];
                    out.push_str(&format!("  【{}】\n", name(&c.name, &c.name_en)));
                }
                out.push_str(&format!("    {:<28} {}\n", n.id, name(&n.name, &n.name_en)));
            }
            out.push_str(lang.pick(
                "（`chainlead chains show` 按产业链列出全部环节）",
                "(`chainlead chains show` lists every node by chain)",
            ));
        } else {
            let list: Vec<usize> = if self.ambiguous.is_empty() {
                (0..set.chains.len()).collect()
            } else {
                self.ambiguous.clone()
            };
            let lines: Vec<String> = list
                .iter()
                .map(|&i| {
                    let c = &set.chains[i];
                    format!("  {:<18} {}", c.id, name(&c.name, &c.name_en))
                })
                .collect();
            out.push_str(&lines.join("\n"));
        }
        out.trim_end().to_string()
    }
}

impl fmt::Display for NotFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.node { "node" } else { "chain" };
        write!(f, "no {what} `{}`", self.query)
    }
}

impl std::error::Error for NotFound {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_of_another_chain_is_named_with_its_chain() {
        let set = ChainSet::embedded().unwrap();
        let md = set.chain_index("medical-devices").unwrap();
        let e = find_node(&set, "光伏玻璃", Some(md)).unwrap_err();
        let text = e.message(&set, Lang::Zh);
        assert!(
            text.contains("属于硅光伏配套产业链") && text.contains("--chain pv"),
            "{text}"
        );
        assert!(find_node(&set, "光伏玻璃", None).is_ok());
        assert!(find_node(&set, "没有这种环节", Some(md))
            .unwrap_err()
            .elsewhere
            .is_none());
    }

    #[test]
    fn chains_by_id_name_and_part_of_the_name() {
        let set = ChainSet::embedded().unwrap();
        let idx = |id: &str| set.chain_index(id).unwrap();
        assert_eq!(find_chain(&set, "pv"), Ok(idx("pv")));
        assert_eq!(find_chain(&set, "PV"), Ok(idx("pv")));
        assert_eq!(find_chain(&set, "医疗器械"), Ok(idx("medical-devices")));
        assert_eq!(find_chain(&set, "现代钢铁"), Ok(idx("steel")));
        assert_eq!(find_chain(&set, "钢铁"), Ok(idx("steel")));
        assert_eq!(find_chain(&set, "硅光伏配套"), Ok(idx("pv")));
        assert_eq!(find_chain(&set, "光伏"), Ok(idx("pv")));
        assert_eq!(find_chain(&set, "现代智能五金"), Ok(idx("hardware")));
        assert_eq!(find_chain(&set, " 五金 "), Ok(idx("hardware")));
        assert_eq!(
            find_chain(&set, "Modern smart hardware"),
            Ok(idx("hardware"))
        );
        // 现代 is in two names.
        let e = find_chain(&set, "现代").unwrap_err();
        assert_eq!(e.ambiguous.len(), 2);
        assert!(e.message(&set, Lang::Zh).contains("可指多个产业链"));
        let e = find_chain(&set, "纺织").unwrap_err();
        assert!(e.ambiguous.is_empty());
        let text = e.message(&set, Lang::Zh);
        for want in [
            "没有名为“纺织”的产业链",
            "medical-devices",
            "医疗器械",
            "pv",
            "硅光伏配套",
        ] {
            assert!(text.contains(want), "{want} in {text}");
        }
        let en = e.message(&set, Lang::En);
        assert!(
            en.contains("no chain named `纺织`")
                && en.contains("Modern smart hardware (现代智能五金)"),
            "{en}"
        );
        assert!(find_chain(&set, "").is_err());
    }

    #[test]
    fn nodes_by_id_and_name_within_a_chain() {
        let set = ChainSet::embedded().unwrap();
        let glass = set
            .nodes
            .iter()
            .position(|n| n.name == "光伏玻璃")
            .expect("the pv chain has 光伏玻璃");
        assert_eq!(find_node(&set, "光伏玻璃", None), Ok(glass));
        assert_eq!(find_node(&set, &set.nodes[glass].id, None), Ok(glass));
        let pv = set.chain_index("pv").unwrap();
        assert_eq!(find_node(&set, "光伏玻璃", Some(pv)), Ok(glass));
        let steel = set.chain_index("steel").unwrap();
        let e = find_node(&set, "光伏玻璃", Some(steel)).unwrap_err();
        let text = e.message(&set, Lang::Zh);
        assert!(text.contains("属于硅光伏配套产业链"), "{text}");
        let e = find_node(&set, "不存在的环节", None).unwrap_err();
        let text = e.message(&set, Lang::Zh);
        assert!(
            text.contains(&set.nodes[glass].id) && text.contains("【硅光伏配套】"),
            "{text}"
        );
    }
}
