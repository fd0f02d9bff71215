//! Gap analysis (缺链诊断): for every node, is it strong, weak or missing in the home region compared
//! with the nation, how related it is to what the region already does, what kind of opportunity it
//! is (延链, 补链, 强化) and how urgent.
//!
//! Over active companies matched to a node (makers; service firms on service nodes; traders only on
//! a chain's distribution node), with mass = employees (a company without the figure counts as the
//! median of those with it), or revenue when fewer than half the companies report employees, or
//! plain counts when neither is reported:
//!
//! - location quotient `LQ = (local_n / local_all) / (national_n / national_all)` on mass;
//! - relatedness density after Hidalgo and Hausmann (the Atlas of Economic Complexity): cities are the
//!   regions, `RCA_rn` on mass, `M_rn = RCA_rn ≥ 1`, proximity
//!   `φ_nm = Σ_r M_rn M_rm / max(k_n, k_m)` with `k_n = Σ_r M_rn`, and the home region's density
//!   `w_Hn = Σ_m M_Hm φ_nm / Σ_m φ_nm` (0 when the node has no proximities);
//! - status: missing (no local firm), weak (LQ under `strong_lq`), strong;
//! - opportunity: fill (missing, with local firms both up- and downstream), extend (missing, next to a
//!   node present here, also across chains), strengthen (weak), none; a node whose policy note
//!   says eliminated (淘汰类) is never an opportunity (priority 0), and a restricted one's
//!   explanation says under which condition it may be pursued;
//! - priority = weight × shortfall × feasibility × bottleneck bonus, where shortfall is 1 for a
//!   missing node and `1 − LQ` for a weak one, feasibility `0.25 + 0.75 × density`, and the bonus 1.25
//!   for a bottleneck (卡脖子) node.

mod census;

pub use census::Census;

use crate::chain::{ChainSet, Policy, PolicyStatus, Tier};
use crate::classify::{Matches, Role};
use crate::company::Companies;
use crate::lang::Lang;
use crate::region::Regions;

/// Thresholds and terms of the diagnosis.
#[derive(Debug, Clone)]
pub struct GapConfig {
    /// A present node is strong from this location quotient up, weak below it.
    pub strong_lq: f64,
    /// Feasibility = `feasibility_floor + (1 − feasibility_floor) × density`.
    pub feasibility_floor: f64,
    /// Priority multiplier for bottleneck nodes.
    pub bottleneck_bonus: f64,
}

impl Default for GapConfig {
    fn default() -> Self {
        GapConfig {
            strong_lq: 1.0,
            feasibility_floor: 0.25,
            bottleneck_bonus: 1.25,
        }
    }
}

/// A node's status in the home region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// 强链: LQ at or above the threshold.
    Strong,
    /// 弱链: present, LQ below the threshold.
    Weak,
    /// 缺链: no local firm.
    Missing,
}

impl Status {
    /// The id used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Strong => "strong",
            Status::Weak => "weak",
            Status::Missing => "missing",
        }
    }

    /// The name for users.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::Strong, Lang::Zh) => "强链",
            (Status::Weak, Lang::Zh) => "弱链",
            (Status::Missing, Lang::Zh) => "缺链",
            (s, Lang::En) => s.as_str(),
        }
    }
}

/// The kind of opportunity a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Opportunity {
    /// 补链: missing between present nodes.
    Fill,
    /// 延链: missing, next to a present node.
    Extend,
    /// 强化: weak and present (its own word: 强链 is the status strong).
    Strengthen,
    /// Nothing to do (strong), or missing with nothing near it here.
    None,
}

impl Opportunity {
    /// The id used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Opportunity::Fill => "fill",
            Opportunity::Extend => "extend",
            Opportunity::Strengthen => "strengthen",
            Opportunity::None => "none",
        }
    }

    /// The name for users.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Opportunity::Fill, Lang::Zh) => "补链",
            (Opportunity::Extend, Lang::Zh) => "延链",
            (Opportunity::Strengthen, Lang::Zh) => "强化",
            (Opportunity::None, Lang::Zh) => "—",
            (o, Lang::En) => o.as_str(),
        }
    }
}

/// What mass means in this analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mass {
    /// Employees (参保人数).
    Employees,
    /// Revenue (营业收入, 万元).
    Revenue,
    /// Company counts.
    Count,
}

/// One node's diagnosis.
#[derive(Debug, Clone)]
pub struct NodeGap {
    /// Node index.
    pub node: usize,
    /// Active local companies on the node.
    pub local_count: usize,
    /// Their mass.
    pub local_mass: f64,
    /// Active companies on the node nationwide (local ones included).
    pub national_count: usize,
    /// Their mass.
    pub national_mass: f64,
    /// Local share of the national mass.
    pub share: f64,
    /// Location quotient.
    pub lq: f64,
    /// Relatedness density of the home region (0..1).
    pub density: f64,
    /// Cities with a comparative advantage (RCA ≥ 1) in the node.
    pub ubiquity: usize,
    /// Status.
    pub status: Status,
    /// Opportunity kind.
    pub opportunity: Opportunity,
    /// Shortfall term (0..1).
    pub shortfall: f64,
    /// Feasibility term.
    pub feasibility: f64,
    /// Bottleneck term.
    pub bottleneck: f64,
    /// weight × shortfall × feasibility × bottleneck.
    pub priority: f64,
    /// Neighbouring nodes present here (node indices), the reason for extend and fill.
    pub present_neighbours: Vec<usize>,
    /// The node's active makers nationwide and their sizes: what a typical project on it is.
    pub makers: MakerSizes,
}

/// The spread of a size among the companies that report it: the values at the first quartile,
/// the median and the third quartile (each a value of some company: the lower quartile is the
/// value at position n/4 of the sorted values, the median at n/2, the upper at 3n/4).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// Companies with the figure.
    pub known: u64,
    /// First quartile.
    pub p25: f64,
    /// Median.
    pub median: f64,
    /// Third quartile.
    pub p75: f64,
}

/// A node's active makers (生产企业) nationwide: how many, and the spread of their registered
/// capital (万元) and staff (参保人数).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct MakerSizes {
    /// Active makers matched to the node.
    pub count: usize,
    /// Registered capital, 万元; None when no maker reports it.
    pub capital: Option<Spread>,
    /// Staff; None when no maker reports it.
    pub staff: Option<Spread>,
}

/// Per chain and tier: strong, weak and missing counts.
#[derive(Debug, Clone, PartialEq)]
pub struct TierSummary {
    /// Chain index.
    pub chain: usize,
    /// Tier.
    pub tier: Tier,
    /// Strong nodes.
    pub strong: usize,
    /// Weak nodes.
    pub weak: usize,
    /// Missing nodes.
    pub missing: usize,
}

/// The diagnosis of a home region.
#[derive(Debug, Clone)]
pub struct GapReport {
    /// The home region's code (2, 4 or 6 digits as given, zero-padded to 6).
    pub home: String,
    /// Its full name (云南省·玉溪市·红塔区).
    pub home_name: String,
    /// What mass means.
    pub mass: Mass,
    /// Active companies in the home region.
    pub local_companies: usize,
    /// Active companies nationwide.
    pub national_companies: usize,
    /// Every node, in chain order.
    pub nodes: Vec<NodeGap>,
    /// Per chain and tier.
    pub tiers: Vec<TierSummary>,
}

/// What can stop a diagnosis. Displayed in English; [`GapError::message`] says it in either
/// language.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub enum GapError {
    /// The home region is not a known code or name.
    UnknownHome(String),
    /// The home region has no active company in the data.
    EmptyHome { code: String, name: String },
    /// The home region's name fits several regions.
    AmbiguousHome(crate::region::ResolveError),
}

impl GapError {
    /// The error in the given language, with what to do.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (GapError::UnknownHome(g), Lang::Zh) => format!(
                "找不到本地区划“{g}”：请给出 2、4 或 6 位区划代码（如 53、5304、530402），或地区名称（如 云南省、玉溪市、红塔区）"
            ),
            (GapError::UnknownHome(g), Lang::En) => format!(
                "unknown home region '{g}': give a 2-, 4- or 6-digit code (53, 5304, 530402) or a name (云南省, 玉溪市, 红塔区)"
            ),
            (GapError::EmptyHome { code, name }, Lang::Zh) => format!(
                "本地区划 {code} {name} 在企业数据中没有在营企业：请检查 --home 是否与数据中企业所在地区一致"
            ),
            (GapError::EmptyHome { code, name }, Lang::En) => format!(
                "the home region {code} {name} has no active company in the data: check --home against the companies' regions"
            ),
            (GapError::AmbiguousHome(e), lang) => e.message(lang),
        }
    }
}

/// The six-digit code, the prefix that selects a home region given by code or name, and its full
/// name (省·市·区). Old codes are mapped to their successors; a name that fits several regions is
/// an error listing them.
pub fn resolve_home(home: &str) -> Result<(String, String, String), GapError> {
    let regions = Regions::embedded();
    let resolved = regions.resolve(home).map_err(|e| match e {
        crate::region::ResolveError::Unknown(g) => GapError::UnknownHome(g),
        e => GapError::AmbiguousHome(e),
    })?;
    let code = resolved.region.code.clone();
    let prefix = crate::region::selecting_prefix(&code).to_string();
    let name = regions.full_name(&code);
    Ok((code, prefix, name))
}

/// Whether a match shows the company doing the node's business here: makers; service firms on
/// nodes whose product is a service; traders only on nodes that count them (`roles`: the chain's
/// distribution node by default), the same rule the classifier places them by.
pub(crate) fn counts(set: &ChainSet, node: usize, role: Role) -> bool {
    let n = &set.nodes[node];
    match role {
        Role::Make => true,
        Role::Service => true,
        Role::Trade => n.roles.trade,
    }
}

/// Diagnoses the home region (code or name) from the companies and their matches: a
/// [`Census`] of one batch, the whole table.
pub fn analyze(
    set: &ChainSet,
    c: &Companies,
    matches: &Matches,
    home: &str,
    cfg: &GapConfig,
) -> Result<GapReport, GapError> {
    let mut census = Census::new(set, home)?;
    census.add(c, &matches.list);
    census.analyze(set, cfg)
}

impl GapReport {
    /// The diagnosis of one node.
    pub fn node(&self, node: usize) -> Option<&NodeGap> {
        self.nodes.iter().find(|g| g.node == node)
    }

    /// Coverage of a chain: the share of its nodes present here.
    pub fn coverage(&self, set: &ChainSet, chain: usize) -> f64 {
        let of: Vec<&NodeGap> = self
            .nodes
            .iter()
            .filter(|g| set.nodes[g.node].chain == chain)
            .collect();
        let present = of.iter().filter(|g| g.status != Status::Missing).count();
        present as f64 / of.len().max(1) as f64
    }

    /// One sentence saying why a node stands where it does, and what kind of opportunity it is,
    /// followed by its policy note when it has one.
    pub fn explain(&self, set: &ChainSet, g: &NodeGap, lang: Lang) -> String {
        let mut s = self.explain_data(set, g, lang);
        if let Some(p) = &set.nodes[g.node].policy {
            s.push_str(&policy_sentence(p, g, lang));
        }
        s
    }

    /// The sentence of [`GapReport::explain`] on the data alone.
    fn explain_data(&self, set: &ChainSet, g: &NodeGap, lang: Lang) -> String {
        let node = &set.nodes[g.node];
        let names = |list: &[usize]| -> String {
            let v: Vec<String> = list
                .iter()
                .take(3)
                .map(|&m| {
                    let n = &set.nodes[m];
                    let name = n.label(lang).to_string();
                    match (self.node(m), lang) {
                        (Some(x), Lang::Zh) => format!("{name}（{}家）", x.local_count),
                        (Some(x), Lang::En) => format!("{name} ({} firms)", x.local_count),
                        (None, _) => name,
                    }
                })
                .collect();
            v.join(lang.pick("、", ", "))
        };
        let up: Vec<usize> = g
            .present_neighbours
            .iter()
            .copied()
            .filter(|&m| set.upstream(g.node).iter().any(|(u, _)| *u == m))
            .collect();
        let down: Vec<usize> = g
            .present_neighbours
            .iter()
            .copied()
            .filter(|&m| set.downstream(g.node).iter().any(|(d, _)| *d == m))
            .collect();
        let tail = match lang {
            Lang::Zh => format!(
                "全国{}个城市具有该环节比较优势，本地关联密度{:.2}",
                g.ubiquity, g.density
            ),
            Lang::En => format!(
                "{} cities have a comparative advantage in it; relatedness density here {:.2}",
                g.ubiquity, g.density
            ),
        };
        let name = node.label(lang);
        match (g.opportunity, lang) {
            (Opportunity::Fill, Lang::Zh) => format!(
                "本地缺少{name}，其上游{}与下游{}本地均有企业，属补链机会；{tail}。",
                names(&up),
                names(&down)
            ),
            (Opportunity::Fill, Lang::En) => format!(
                "{name} is missing here while its upstream {} and downstream {} are present: a fill opportunity; {tail}.",
                names(&up),
                names(&down)
            ),
            (Opportunity::Extend, Lang::Zh) => format!(
                "本地缺少{name}，相邻环节{}本地已有，属延链机会；{tail}。",
                names(&g.present_neighbours)
            ),
            (Opportunity::Extend, Lang::En) => format!(
                "{name} is missing here next to {}, present here: an extend opportunity; {tail}.",
                names(&g.present_neighbours)
            ),
            (Opportunity::Strengthen, Lang::Zh) => format!(
                "本地有{}家，区位熵{:.2}低于全国平均，属强化机会；{tail}。",
                g.local_count, g.lq
            ),
            (Opportunity::Strengthen, Lang::En) => format!(
                "{} firms here, location quotient {:.2} below the national level: a strengthen opportunity; {tail}.",
                g.local_count, g.lq
            ),
            (Opportunity::None, Lang::Zh) if g.status == Status::Strong => format!(
                "本地优势环节：{}家，区位熵{:.2}，占全国{:.1}%。",
                g.local_count,
                g.lq,
                g.share * 100.0
            ),
            (Opportunity::None, Lang::En) if g.status == Status::Strong => format!(
                "A local strength: {} firms, location quotient {:.2}, {:.1}% of the nation.",
                g.local_count,
                g.lq,
                g.share * 100.0
            ),
            (_, Lang::Zh) => format!("本地缺少{name}，相邻环节本地也没有企业；{tail}。"),
            (_, Lang::En) => format!("{name} is missing here and so are its neighbours; {tail}."),
        }
    }
}

/// What a node's policy note means for its opportunity, as a sentence after the explanation.
pub fn policy_sentence(p: &Policy, g: &NodeGap, lang: Lang) -> String {
    let gap = g.status != Status::Strong;
    match (p.status, lang) {
        (PolicyStatus::Eliminated, Lang::Zh) => format!(
            "政策：属{}（{}“{}”），不作为招商机会。",
            p.status.label(lang),
            p.source,
            p.item
        ),
        (PolicyStatus::Eliminated, Lang::En) => format!(
            "Policy: {} ({}, “{}”), never an opportunity.",
            p.status.label(lang),
            p.source,
            p.item
        ),
        (PolicyStatus::Restricted | PolicyStatus::Permitted, Lang::Zh) if gap => format!(
            "政策：属{}，仅在以下条件下可推进：{}（{}“{}”）。",
            p.status.label(lang),
            p.condition,
            p.source,
            p.item
        ),
        (PolicyStatus::Restricted | PolicyStatus::Permitted, Lang::En) if gap => format!(
            "Policy: {}; it may be pursued only if {} ({}, “{}”).",
            p.status.label(lang),
            p.condition,
            p.source,
            p.item
        ),
        (_, Lang::Zh) => format!("政策：{}。", p.note(lang)),
        (_, Lang::En) => format!("Policy: {}.", p.note(lang)),
    }
}

#[cfg(test)]
mod tests;

/// The node table for output: chain, node, node_name, tier, band, local_count, local_mass,
/// national_count, national_mass, share, lq, density, status, opportunity, priority, policy,
/// policy_condition, explanation.
/// With `chinese_headers` the headers (and status and opportunity values) are in Chinese, as an XLSX
/// for bureau users has them; otherwise they are the ids above.
pub fn gap_table(
    report: &GapReport,
    set: &ChainSet,
    chain: Option<usize>,
    lang: Lang,
    chinese_headers: bool,
) -> crate::base::Table {
    use crate::base::{Data, Table};
    let rows: Vec<&NodeGap> = report
        .nodes
        .iter()
        .filter(|g| chain.is_none_or(|c| set.nodes[g.node].chain == c))
        .collect();
    let text = |f: &dyn Fn(&NodeGap) -> String| Data::Text(rows.iter().map(|g| f(g)).collect());
    let num = |f: &dyn Fn(&NodeGap) -> f64, digits: i32| {
        let scale = 10f64.powi(digits);
        Data::Float(
            rows.iter()
                .map(|g| Some((f(g) * scale).round() / scale))
                .collect(),
        )
    };
    let int =
        |f: &dyn Fn(&NodeGap) -> usize| Data::Int(rows.iter().map(|g| Some(f(g) as i64)).collect());
    let human = chinese_headers;
    let h = |zh: &'static str, en: &'static str| if human { lang.pick(zh, en) } else { en };
    let mut t = Table::default();
    t.push(
        h("产业链", "chain"),
        text(&|g| {
            let c = &set.chains[set.nodes[g.node].chain];
            if human {
                c.label(lang).to_string()
            } else {
                c.id.clone()
            }
        }),
    )
    .push(
        h("环节编号", "node"),
        text(&|g| set.nodes[g.node].id.clone()),
    )
    .push(
        h("环节", "node_name"),
        text(&|g| set.nodes[g.node].label(lang).to_string()),
    )
    .push(
        h("层级", "tier"),
        text(&|g| {
            let t = set.nodes[g.node].tier;
            if human {
                t.label(lang).to_string()
            } else {
                t.as_str().to_string()
            }
        }),
    )
    .push(
        h("分段", "band"),
        text(&|g| set.band_of(g.node).label(lang).to_string()),
    )
    .push(h("本地企业数", "local_count"), int(&|g| g.local_count))
    .push(h("本地规模", "local_mass"), num(&|g| g.local_mass, 1))
    .push(
        h("全国企业数", "national_count"),
        int(&|g| g.national_count),
    )
    .push(h("全国规模", "national_mass"), num(&|g| g.national_mass, 1))
    .push(h("本地占全国", "share"), num(&|g| g.share, 5))
    .push(h("区位熵", "lq"), num(&|g| g.lq, 3))
    .push(h("关联密度", "density"), num(&|g| g.density, 3))
    .push(
        h("环节状态", "status"),
        text(&|g| {
            if human {
                g.status.label(lang).to_string()
            } else {
                g.status.as_str().to_string()
            }
        }),
    )
    .push(
        h("机会类型", "opportunity"),
        text(&|g| {
            if human {
                g.opportunity.label(lang).to_string()
            } else {
                g.opportunity.as_str().to_string()
            }
        }),
    )
    .push(h("优先级", "priority"), num(&|g| g.priority, 4))
    .push(
        h("产业政策", "policy"),
        text(&|g| {
            set.nodes[g.node]
                .policy
                .as_ref()
                .map(|p| {
                    if human {
                        p.status.label(lang).to_string()
                    } else {
                        p.status.as_str().to_string()
                    }
                })
                .unwrap_or_default()
        }),
    )
    .push(
        h("政策条件", "policy_condition"),
        text(&|g| {
            set.nodes[g.node]
                .policy
                .as_ref()
                .map(|p| p.condition.clone())
                .unwrap_or_default()
        }),
    )
    .push(
        h("说明", "explanation"),
        text(&|g| report.explain(set, g, lang)),
    );
    t
}
