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
//!   node present here, also across chains), strengthen (weak), none;
//! - priority = weight × shortfall × feasibility × bottleneck bonus, where shortfall is 1 for a
//!   missing node and `1 − LQ` for a weak one, feasibility `0.25 + 0.75 × density`, and the bonus 1.25
//!   for a bottleneck (卡脖子) node.

use std::collections::HashMap;

use crate::chain::{ChainSet, Tier};
use crate::classify::{Matches, Role};
use crate::company::{Col, Companies};
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

/// Diagnoses the home region (code or name) from the companies and their matches.
pub fn analyze(
    set: &ChainSet,
    c: &Companies,
    matches: &Matches,
    home: &str,
    cfg: &GapConfig,
) -> Result<GapReport, GapError> {
    let (code, prefix, home_name) = resolve_home(home)?;
    let n_nodes = set.nodes.len();
    let regions = c.text(Col::RegionCode);
    let active: Vec<bool> = (0..c.len()).map(|i| c.is_active(i)).collect();
    let local: Vec<bool> = (0..c.len())
        .map(|i| regions.get(i).starts_with(&prefix))
        .collect();
    // Mass per company.
    let employees = c.num(Col::Employees);
    let revenue = c.num(Col::Revenue);
    let known = |v: &[f64]| {
        (0..c.len())
            .filter(|&i| active[i] && v[i].is_finite() && v[i] > 0.0)
            .count()
    };
    let n_active = active.iter().filter(|&&a| a).count();
    let (mass_kind, values) = if known(employees) * 2 >= n_active.max(1) {
        (Mass::Employees, employees)
    } else if known(revenue) * 2 >= n_active.max(1) {
        (Mass::Revenue, revenue)
    } else {
        (Mass::Count, employees)
    };
    let median = {
        let mut v: Vec<f64> = (0..c.len())
            .filter(|&i| active[i] && values[i].is_finite() && values[i] > 0.0)
            .map(|i| values[i])
            .collect();
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(1.0)
    };
    let mass = |i: usize| -> f64 {
        match mass_kind {
            Mass::Count => 1.0,
            _ if values[i].is_finite() && values[i] > 0.0 => values[i],
            _ => median,
        }
    };
    // Cities (4-digit prefixes) as the regions of the product space; the home region is its own row.
    let mut city_index: HashMap<&str, usize> = HashMap::new();
    let mut city_of = vec![usize::MAX; c.len()];
    for i in 0..c.len() {
        let r = regions.get(i);
        if active[i] && r.len() >= 4 {
            let next = city_index.len();
            city_of[i] = *city_index.entry(&r[..4]).or_insert(next);
        }
    }
    let n_cities = city_index.len();
    let mut x = vec![0.0f64; n_cities * n_nodes];
    let mut x_city = vec![0.0f64; n_cities];
    let mut x_home = vec![0.0f64; n_nodes];
    let (mut home_all, mut national_all) = (0.0, 0.0);
    let mut local_companies = 0;
    for i in 0..c.len() {
        if !active[i] {
            continue;
        }
        let m = mass(i);
        national_all += m;
        if city_of[i] != usize::MAX {
            x_city[city_of[i]] += m;
        }
        if local[i] {
            home_all += m;
            local_companies += 1;
        }
    }
    if local_companies == 0 {
        return Err(GapError::EmptyHome {
            code,
            name: home_name,
        });
    }
    let mut local_count = vec![0usize; n_nodes];
    let mut national_count = vec![0usize; n_nodes];
    let mut local_mass = vec![0.0f64; n_nodes];
    let mut national_mass = vec![0.0f64; n_nodes];
    for m in &matches.list {
        let (i, n) = (m.row as usize, m.node as usize);
        if i >= c.len() || !active[i] || !counts(set, n, m.role) {
            continue;
        }
        let w = mass(i);
        national_count[n] += 1;
        national_mass[n] += w;
        if city_of[i] != usize::MAX {
            x[city_of[i] * n_nodes + n] += w;
        }
        if local[i] {
            local_count[n] += 1;
            local_mass[n] += w;
            x_home[n] += w;
        }
    }
    // Revealed comparative advantage and the product space.
    let total_nodes: f64 = national_mass.iter().sum();
    let rca = |xrn: f64, xr: f64, xn: f64| -> bool {
        xr > 0.0 && xn > 0.0 && total_nodes > 0.0 && (xrn / xr) / (xn / national_all) >= 1.0
    };
    let mut m_city = vec![false; n_cities * n_nodes];
    for r in 0..n_cities {
        for n in 0..n_nodes {
            m_city[r * n_nodes + n] = rca(x[r * n_nodes + n], x_city[r], national_mass[n]);
        }
    }
    let ubiquity: Vec<usize> = (0..n_nodes)
        .map(|n| (0..n_cities).filter(|&r| m_city[r * n_nodes + n]).count())
        .collect();
    let mut phi = vec![0.0f64; n_nodes * n_nodes];
    for a in 0..n_nodes {
        for b in 0..n_nodes {
            if a == b || ubiquity[a] == 0 || ubiquity[b] == 0 {
                continue;
            }
            let both = (0..n_cities)
                .filter(|&r| m_city[r * n_nodes + a] && m_city[r * n_nodes + b])
                .count();
            phi[a * n_nodes + b] = both as f64 / ubiquity[a].max(ubiquity[b]) as f64;
        }
    }
    let m_home: Vec<bool> = (0..n_nodes)
        .map(|n| rca(x_home[n], home_all, national_mass[n]))
        .collect();
    let density: Vec<f64> = (0..n_nodes)
        .map(|n| {
            let total: f64 = (0..n_nodes).map(|m| phi[n * n_nodes + m]).sum();
            if total <= 0.0 {
                return 0.0;
            }
            let near: f64 = (0..n_nodes)
                .filter(|&m| m_home[m])
                .map(|m| phi[n * n_nodes + m])
                .sum();
            near / total
        })
        .collect();
    // Status, opportunity and priority, in chain order.
    let present = |n: usize| local_count[n] > 0;
    let mut nodes = Vec::with_capacity(n_nodes);
    for chain in &set.chains {
        for &n in &chain.nodes {
            let lq = if local_mass[n] > 0.0 && national_mass[n] > 0.0 && home_all > 0.0 {
                (local_mass[n] / home_all) / (national_mass[n] / national_all)
            } else {
                0.0
            };
            let status = if local_count[n] == 0 {
                Status::Missing
            } else if lq < cfg.strong_lq {
                Status::Weak
            } else {
                Status::Strong
            };
            let up: Vec<usize> = set
                .upstream(n)
                .into_iter()
                .map(|(m, _)| m)
                .filter(|&m| present(m))
                .collect();
            let down: Vec<usize> = set
                .downstream(n)
                .into_iter()
                .map(|(m, _)| m)
                .filter(|&m| present(m))
                .collect();
            let opportunity = match status {
                Status::Missing if !up.is_empty() && !down.is_empty() => Opportunity::Fill,
                Status::Missing if !up.is_empty() || !down.is_empty() => Opportunity::Extend,
                Status::Weak => Opportunity::Strengthen,
                _ => Opportunity::None,
            };
            let shortfall = match status {
                Status::Missing => 1.0,
                Status::Weak => (1.0 - lq / cfg.strong_lq).clamp(0.0, 1.0),
                Status::Strong => 0.0,
            };
            let feasibility = cfg.feasibility_floor + (1.0 - cfg.feasibility_floor) * density[n];
            let bottleneck = if set.nodes[n].bottleneck {
                cfg.bottleneck_bonus
            } else {
                1.0
            };
            let priority = set.nodes[n].weight * shortfall * feasibility * bottleneck;
            let mut present_neighbours = up;
            present_neighbours.extend(down);
            present_neighbours.sort_unstable();
            present_neighbours.dedup();
            nodes.push(NodeGap {
                node: n,
                local_count: local_count[n],
                local_mass: local_mass[n],
                national_count: national_count[n],
                national_mass: national_mass[n],
                share: if national_mass[n] > 0.0 {
                    local_mass[n] / national_mass[n]
                } else {
                    0.0
                },
                lq,
                density: density[n],
                ubiquity: ubiquity[n],
                status,
                opportunity,
                shortfall,
                feasibility,
                bottleneck,
                priority,
                present_neighbours,
            });
        }
    }
    let mut tiers = Vec::new();
    for (ci, _) in set.chains.iter().enumerate() {
        for tier in Tier::ALL {
            let of = |s: Status| {
                nodes
                    .iter()
                    .filter(|g| {
                        set.nodes[g.node].chain == ci
                            && set.nodes[g.node].tier == tier
                            && g.status == s
                    })
                    .count()
            };
            tiers.push(TierSummary {
                chain: ci,
                tier,
                strong: of(Status::Strong),
                weak: of(Status::Weak),
                missing: of(Status::Missing),
            });
        }
    }
    Ok(GapReport {
        home: code,
        home_name,
        mass: mass_kind,
        local_companies,
        national_companies: n_active,
        nodes,
        tiers,
    })
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

    /// One sentence saying why a node stands where it does, and what kind of opportunity it is.
    pub fn explain(&self, set: &ChainSet, g: &NodeGap, lang: Lang) -> String {
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

#[cfg(test)]
mod tests;

/// The node table for output: chain, node, node_name, tier, band, local_count, local_mass,
/// national_count, national_mass, share, lq, density, status, opportunity, priority, explanation.
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
        h("说明", "explanation"),
        text(&|g| report.explain(set, g, lang)),
    );
    t
}
