//! Project packaging cards (项目策划包装): for the highest-priority recruitable gaps of each chain,
//! one card per gap that a bureau can hand out and pitch — a project name, why here, what it would
//! build, a typical size from the data, what it needs, its policy fit and candidate investors.
//!
//! A gap is recruitable when its diagnosis gives it an opportunity (fill, extend, strengthen): an
//! eliminated link (淘汰类) never has one. Gaps are ordered by priority times the profile's policy
//! factor, so a restricted link (限制类) comes after an equally urgent unrestricted one, and carries
//! its condition on the card.
//!
//! Everything on a card comes from the chain files, the diagnosis and the lead ranking: the size is
//! the spread of registered capital and staff among the node's active makers nationwide (see
//! [`crate::gaps::MakerSizes`]); land, energy and water are what the chain file says, empty where it
//! says nothing.

#[cfg(test)]
pub(crate) mod tests;

use crate::chain::{ChainSet, Needs, Policy};
use crate::classify::scope::ScopeParser;
use crate::company::{Col, Companies};
use crate::gaps::{GapReport, MakerSizes, NodeGap, Opportunity, Spread, Status};
use crate::lang::Lang;
use crate::leads::{self, Lead, Leads, Profile, Scope};

/// Which cards to make.
#[derive(Debug, Clone, Copy)]
pub struct CardOptions {
    /// Cards per chain (the highest-priority recruitable gaps).
    pub per_chain: usize,
    /// Candidate investors per card.
    pub investors: usize,
    /// One chain only.
    pub chain: Option<usize>,
    /// Which leads may be candidate investors, by where they lie.
    pub scope: Scope,
}

impl Default for CardOptions {
    fn default() -> Self {
        CardOptions {
            per_chain: 3,
            investors: 5,
            chain: None,
            scope: Scope::OutsideCity,
        }
    }
}

/// A company named on a card as a candidate investor: one of the top leads for the gap.
#[derive(Debug, Clone)]
pub struct Investor {
    /// Its row in the companies the leads refer to.
    pub row: usize,
    /// Company name.
    pub name: String,
    /// Province and city.
    pub location: String,
    /// Where it lies from the home region (省外, 省内市外).
    pub place: String,
    /// Lead score.
    pub score: f64,
    /// The lead's reason without what the card states once: the gap it fills and the node's
    /// policy note.
    pub reason: String,
    /// Its main products, from its products or business scope.
    pub products: String,
    /// Its contact columns in one line, when the data have them.
    pub contacts: Option<String>,
    /// Registered capital (万元), when known.
    pub capital: Option<f64>,
}

/// A neighbouring node present here: the firms a project would supply or buy from.
#[derive(Debug, Clone)]
pub struct LocalLink {
    /// Node index.
    pub node: usize,
    /// Its name.
    pub name: String,
    /// Active local firms on it.
    pub count: usize,
    /// The largest of them, by name (at most three).
    pub firms: Vec<String>,
}

/// One project card.
#[derive(Debug, Clone)]
pub struct Card {
    /// Chain index.
    pub chain: usize,
    /// Node index.
    pub node: usize,
    /// The node's id (a card's stable key).
    pub node_id: String,
    /// The chain's name.
    pub chain_name: String,
    /// The node's name.
    pub node_name: String,
    /// The project's name (年产XX万吨光伏压延玻璃项目).
    pub title: String,
    /// Status here (缺链, 弱链).
    pub status: Status,
    /// Opportunity kind (补链, 延链, 强化).
    pub opportunity: Opportunity,
    /// The gap's priority.
    pub priority: f64,
    /// Location quotient.
    pub lq: f64,
    /// Relatedness density (0..1).
    pub density: f64,
    /// Active local firms on the node.
    pub local_count: usize,
    /// Why here, sentence by sentence.
    pub why: Vec<String>,
    /// Local firms it would supply (downstream neighbours present here).
    pub customers: Vec<LocalLink>,
    /// Local firms it would buy from (upstream neighbours present here).
    pub suppliers: Vec<LocalLink>,
    /// What it would build: the node's products.
    pub builds: String,
    /// The node's makers nationwide and their sizes.
    pub makers: MakerSizes,
    /// The typical investment and size in a sentence.
    pub size: String,
    /// Land, energy, water as the chain file gives them (empty where unknown).
    pub needs: Needs,
    /// The node's policy note.
    pub policy: Option<Policy>,
    /// The policy fit in a sentence.
    pub policy_text: String,
    /// Candidate investors, best first.
    pub investors: Vec<Investor>,
}

/// The recruitable gaps of each chain (or of `chain`), highest priority × policy factor first,
/// at most `per_chain` per chain, in chain order.
pub fn recruitable<'a>(
    set: &ChainSet,
    report: &'a GapReport,
    profile: &Profile,
    chain: Option<usize>,
    per_chain: usize,
) -> Vec<&'a NodeGap> {
    let mut out = Vec::new();
    for ci in 0..set.chains.len() {
        if chain.is_some_and(|c| c != ci) {
            continue;
        }
        let mut gaps: Vec<(&NodeGap, f64)> = report
            .nodes
            .iter()
            .filter(|g| set.nodes.get(g.node).is_some_and(|n| n.chain == ci))
            .filter(|g| g.opportunity != Opportunity::None)
            .map(|g| {
                let f = profile.policy_factor(set.nodes[g.node].policy.as_ref());
                (g, g.priority * f)
            })
            .filter(|(_, p)| *p > 0.0)
            .collect();
        gaps.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.node.cmp(&b.0.node)));
        out.extend(gaps.into_iter().take(per_chain).map(|(g, _)| g));
    }
    out
}

/// The project cards: one per recruitable gap (see [`recruitable`]), with the top leads whose best
/// node is the gap as candidate investors. `companies` are the rows the leads refer to and
/// `local_firms` the home region's firms per node (rows of `companies`, largest first; empty lists
/// when not fetched).
#[allow(clippy::too_many_arguments)]
pub fn cards(
    set: &ChainSet,
    report: &GapReport,
    leads: &Leads,
    companies: &Companies,
    local_firms: &[Vec<usize>],
    profile: &Profile,
    opts: &CardOptions,
    lang: Lang,
) -> Vec<Card> {
    let parser = ScopeParser::new();
    recruitable(set, report, profile, opts.chain, opts.per_chain)
        .into_iter()
        .map(|g| {
            let list: &[Lead] = leads
                .by_chain
                .iter()
                .find(|(c, _)| *c == set.nodes[g.node].chain)
                .map_or(&[], |(_, l)| l.as_slice());
            let investors = list
                .iter()
                .filter(|l| l.node == g.node && opts.scope.admits(l.place))
                .take(opts.investors)
                .map(|l| investor(l, companies, profile, &parser, lang))
                .collect();
            card(set, report, g, companies, local_firms, investors, lang)
        })
        .collect()
}

/// A card's project name: the chain file's, or one built from the node's name and what its firms
/// do.
pub fn title(set: &ChainSet, node: usize, lang: Lang) -> String {
    let n = &set.nodes[node];
    if let (Some(t), Lang::Zh) = (&n.project, lang) {
        return t.clone();
    }
    let name = n.label(lang);
    match lang {
        Lang::Zh if n.distribution => format!("{name}集散中心项目"),
        Lang::Zh if n.roles.make => format!("{name}生产项目"),
        Lang::Zh => format!("{name}服务项目"),
        Lang::En if n.distribution => format!("{name} distribution centre"),
        Lang::En if n.roles.make => format!("{name} manufacturing project"),
        Lang::En => format!("{name} service project"),
    }
}

fn investor(
    l: &Lead,
    c: &Companies,
    profile: &Profile,
    parser: &ScopeParser,
    lang: Lang,
) -> Investor {
    let i = l.row;
    let (province, city) = (c.text(Col::Province).get(i), c.text(Col::City).get(i));
    Investor {
        row: i,
        name: c.text(Col::Name).get(i).to_string(),
        location: if province == city || city.is_empty() {
            province.to_string()
        } else {
            format!("{province}{}{city}", lang.pick("", " "))
        },
        place: l.place.label(lang).to_string(),
        score: l.score,
        reason: {
            // The card states the gap and the policy once; each investor's reason is what sets it
            // apart.
            let parts = leads::company_reasons(l, c, profile, lang);
            if parts.is_empty() {
                lang.pick("匹配该环节", "matched to the node").to_string()
            } else {
                parts.join(lang.pick("；", "; "))
            }
        },
        products: parser.summary(
            c.text(Col::MainProducts).get(i),
            c.text(Col::BusinessScope).get(i),
            4,
        ),
        contacts: leads::contacts(c, i, lang),
        capital: Some(c.num(Col::RegisteredCapital)[i]).filter(|v| v.is_finite()),
    }
}

/// The `neighbours` (up- or downstream of a node) present here, with their largest local firms.
fn local_links(
    set: &ChainSet,
    report: &GapReport,
    neighbours: Vec<(usize, &crate::chain::Link)>,
    c: &Companies,
    local_firms: &[Vec<usize>],
    lang: Lang,
) -> Vec<LocalLink> {
    let mut out: Vec<LocalLink> = neighbours
        .into_iter()
        .filter_map(|(m, _)| {
            let g = report.node(m)?;
            (g.local_count > 0).then(|| LocalLink {
                node: m,
                name: set.nodes[m].label(lang).to_string(),
                count: g.local_count,
                firms: local_firms
                    .get(m)
                    .map(|rows| {
                        rows.iter()
                            .take(3)
                            .map(|&r| c.text(Col::Name).get(r).to_string())
                            .collect()
                    })
                    .unwrap_or_default(),
            })
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.node.cmp(&b.node)));
    out
}

fn card(
    set: &ChainSet,
    report: &GapReport,
    g: &NodeGap,
    c: &Companies,
    local_firms: &[Vec<usize>],
    investors: Vec<Investor>,
    lang: Lang,
) -> Card {
    let n = &set.nodes[g.node];
    let customers = local_links(set, report, set.downstream(g.node), c, local_firms, lang);
    let suppliers = local_links(set, report, set.upstream(g.node), c, local_firms, lang);
    Card {
        chain: n.chain,
        node: g.node,
        node_id: n.id.clone(),
        chain_name: set.chains[n.chain].label(lang).to_string(),
        node_name: n.label(lang).to_string(),
        title: title(set, g.node, lang),
        status: g.status,
        opportunity: g.opportunity,
        priority: g.priority,
        lq: g.lq,
        density: g.density,
        local_count: g.local_count,
        why: why_here(set, report, g, &customers, &suppliers, lang),
        builds: builds(set, g.node, lang),
        makers: g.makers,
        size: size_text(&g.makers, lang),
        needs: n.needs.clone(),
        policy: n.policy.clone(),
        policy_text: policy_text(n.policy.as_ref(), lang),
        investors,
        customers,
        suppliers,
    }
}

/// The sentences of "why here": the gap, the local firms it would serve, LQ and density in plain
/// words.
fn why_here(
    set: &ChainSet,
    report: &GapReport,
    g: &NodeGap,
    customers: &[LocalLink],
    suppliers: &[LocalLink],
    lang: Lang,
) -> Vec<String> {
    let name = set.nodes[g.node].label(lang);
    let home = &report.home_name;
    let mut out = Vec::new();
    out.push(match (g.status, lang) {
        (Status::Missing, Lang::Zh) => format!(
            "{home}没有{name}企业（缺链），属{}机会；全国有{}家在营企业。",
            g.opportunity.label(lang),
            g.national_count
        ),
        (Status::Missing, Lang::En) => format!(
            "{home} has no {name} firm (missing link): a{} {} opportunity; {} active firms nationwide.",
            if g.opportunity == Opportunity::Extend { "n" } else { "" },
            g.opportunity.label(lang),
            g.national_count
        ),
        (_, Lang::Zh) => format!(
            "{home}有{name}企业{}家，区位熵{:.2}：该环节在本地经济中的比重只有全国平均的{:.0}%（弱链），属强化机会。",
            g.local_count,
            g.lq,
            g.lq * 100.0
        ),
        (_, Lang::En) => format!(
            "{home} has {} {name} firms, location quotient {:.2}: the node's share of the local economy is {:.0}% of the national average (weak link), a strengthen opportunity.",
            g.local_count,
            g.lq,
            g.lq * 100.0
        ),
    });
    let list = |links: &[LocalLink]| -> String {
        links
            .iter()
            .take(3)
            .map(|l| {
                let firms = if l.firms.is_empty() {
                    String::new()
                } else {
                    match lang {
                        Lang::Zh => format!("，如{}", l.firms.join("、")),
                        Lang::En => format!(", e.g. {}", l.firms.join(", ")),
                    }
                };
                match lang {
                    Lang::Zh => format!("{}（{}家{firms}）", l.name, l.count),
                    Lang::En => format!("{} ({} firms{firms})", l.name, l.count),
                }
            })
            .collect::<Vec<_>>()
            .join(lang.pick("；", "; "))
    };
    if !customers.is_empty() {
        out.push(match lang {
            Lang::Zh => format!("可就近供应本地下游：{}。", list(customers)),
            Lang::En => format!(
                "It would supply firms here downstream: {}.",
                list(customers)
            ),
        });
    }
    if !suppliers.is_empty() {
        out.push(match lang {
            Lang::Zh => format!("可向本地上游采购：{}。", list(suppliers)),
            Lang::En => format!(
                "It could buy from firms here upstream: {}.",
                list(suppliers)
            ),
        });
    }
    if customers.is_empty() && suppliers.is_empty() {
        out.push(
            lang.pick(
                "本地暂无其直接上下游企业，需与上下游项目一并谋划。",
                "No direct supplier or customer is here yet: plan it together with its neighbours.",
            )
            .to_string(),
        );
    }
    out.push(match lang {
        Lang::Zh => format!(
            "关联密度{:.2}（0到1）：本地已有的产业与该环节在全国各城市中常常相伴的程度，越高越容易落地；全国有{}个城市在该环节具有比较优势。",
            g.density, g.ubiquity
        ),
        Lang::En => format!(
            "Relatedness density {:.2} (0 to 1): how often the industries already here go with this node in cities across the country; the higher, the easier it lands. {} cities have a comparative advantage in it.",
            g.density, g.ubiquity
        ),
    });
    out
}

/// What the project would build: the node's products (its first product terms).
fn builds(set: &ChainSet, node: usize, lang: Lang) -> String {
    let n = &set.nodes[node];
    let terms: Vec<&str> = n.keywords.iter().take(8).map(String::as_str).collect();
    let band = set.band_of(node).label(lang);
    let tier = n.tier.label(lang);
    match (terms.is_empty(), lang) {
        (true, Lang::Zh) => format!("{tier}·{band}：{}", n.name),
        (true, Lang::En) => format!("{tier}, {band}: {}", n.name_en),
        (false, Lang::Zh) => format!("{tier}·{band}：{}", terms.join("、")),
        (false, Lang::En) => format!("{tier}, {band}: {}", terms.join(", ")),
    }
}

/// A number of 万元 or staff in plain digits (no trailing .0).
pub fn plain(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{:.0}", v)
    } else {
        format!("{v:.1}")
    }
}

/// Below this many firms with a figure, a card says its size is a rough guide.
const FEW: u64 = 10;

/// The typical investment and size from the node's makers, in a sentence; says so when the data
/// have no figure, and when fewer than ten firms give it.
pub fn size_text(m: &MakerSizes, lang: Lang) -> String {
    let spread = |s: &Option<Spread>,
                  unit_zh: &str,
                  unit_en: &str,
                  what_zh: &str,
                  what_en: &str| {
        match (s, lang) {
            (Some(s), Lang::Zh) => format!(
                "{what_zh}中位数{}{unit_zh}（中间一半企业在{}–{}{unit_zh}之间，据{}家有数据的企业）",
                plain(s.median),
                plain(s.p25),
                plain(s.p75),
                s.known
            ),
            (Some(s), Lang::En) => format!(
                "median {what_en} {} {unit_en} (the middle half from {} to {} {unit_en}, of {} firms reporting it)",
                plain(s.median),
                plain(s.p25),
                plain(s.p75),
                s.known
            ),
            (None, Lang::Zh) => format!("数据中没有{what_zh}"),
            (None, Lang::En) => format!("no {what_en} in the data"),
        }
    };
    if m.count == 0 {
        return lang
            .pick(
                "数据中全国没有该环节的在营生产企业，规模无从估计。",
                "The data have no active maker on this node nationwide: no size to go by.",
            )
            .to_string();
    }
    let few = m.capital.is_some_and(|s| s.known < FEW) || m.staff.is_some_and(|s| s.known < FEW);
    let caution = match (few, lang) {
        (false, _) => "",
        (true, Lang::Zh) => "样本少于10家，仅供参考；",
        (true, Lang::En) => " Fewer than ten firms: a rough guide only.",
    };
    match lang {
        Lang::Zh => format!(
            "全国该环节在营生产企业{}家：{}；{}。{caution}注册资本不等于项目投资额，洽谈时以企业的投资计划为准。",
            m.count,
            spread(&m.capital, "万元", "", "注册资本", ""),
            spread(&m.staff, "人", "", "参保人数", "")
        ),
        Lang::En => format!(
            "{} active makers on this node nationwide: {}; {}.{caution} Registered capital is not the project's investment: the firm's own plan decides.",
            m.count,
            spread(&m.capital, "", "10k yuan", "", "registered capital"),
            spread(&m.staff, "", "staff", "", "staff")
        ),
    }
}

/// The policy fit in a sentence.
pub fn policy_text(p: Option<&Policy>, lang: Lang) -> String {
    match (p, lang) {
        (None, Lang::Zh) => "产业链文件未标注该环节的产业政策；立项前按项目所在地要求核对。".into(),
        (None, Lang::En) => {
            "The chain file notes no industrial policy for this node; check local requirements before approval.".into()
        }
        (Some(p), _) => p.note(lang),
    }
}

/// A need as shown on a card: the chain file's text, or that it is unknown.
pub fn need_text(v: &str, lang: Lang) -> String {
    if v.trim().is_empty() {
        lang.pick(
            "未知（产业链文件未填写）",
            "unknown (not in the chain file)",
        )
        .to_string()
    } else {
        v.to_string()
    }
}
