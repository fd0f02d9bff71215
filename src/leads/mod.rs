//! Lead ranking (招商线索): active companies outside the home region whose products fill its gaps,
//! scored by a profile and explained in a sentence.
//!
//! For each chain, a company matched to a node with a priority above zero is a candidate. Its factors
//! (each 0..1, all kept; every number below is the profile's default, under its key in brackets):
//! - **fit**: noisy-OR over its gap nodes of (priority / the highest priority) × match confidence ×
//!   role factor (`roles.make`, `roles.service`, `roles.trade`);
//! - **quality**: 0.75 (`quality.size_weight`) × the mean percentile of its registered capital,
//!   employees and revenue among the node's companies nationwide, plus the tag bonuses (`tags`), at
//!   most 1;
//! - **expansion**: 0.4 (`expansion.financing_weight`) × financing recency (1 on the data date, 0
//!   after `recent_financing_days`) and 0.15 each (`rounds_weight`, `branches_weight`,
//!   `hiring_weight`, `investments_weight`) for financing rounds, branches, hiring and outbound
//!   investments on log scales full at 5, 20, 100 and 10 (`rounds_full`, …);
//! - **closeness**: 0.6 (`closeness.links_weight`) × (1 − e^(−k/5)) (`links_scale`) for the k firms
//!   here on the nodes it supplies or buys from (以商招商), 0.4 (`distance_weight`) × half/(half +
//!   distance) to the home region (`half_distance_km`), plus the same-province bonus
//!   (`same_province`), at most 1;
//! - **risk**: from 经营异常 (0.3 each, at most 0.6: `risk.abnormal_each`, `abnormal_max`), 失信 (0.8:
//!   `dishonest`) and 被执行 (0.15 each, at most 0.5: `enforced_each`, `enforced_max`), combined as
//!   1 − Π(1 − r); companies over the profile's limits are left out.
//!
//! The formulas are in `factors`; [`Prospects`] ranks in two phases so the companies can be read in
//! batches (see its docs); [`rank`] is the same over a whole table.
//!
//! score = weighted mean of fit, quality, expansion, closeness × (1 − penalty × risk). Companies of one
//! group (same uscc, or the same name stem once region prefixes and suffixes such as 有限公司 are
//! removed) are one lead, under the highest-scoring one. Ties break by row, so the same input gives
//! the same list whatever the thread count.

mod factors;
pub mod place;
pub mod profile;
mod prospects;

use std::collections::HashMap;

use crate::chain::ChainSet;
use crate::classify::Matches;
use crate::company::clean;
use crate::company::{Col, Companies};
use crate::gaps::{GapReport, Opportunity, Status};
use crate::lang::Lang;
use crate::region::{self, Regions};
pub use place::{place_of, Place, Scope};
pub use profile::Profile;
pub use prospects::Prospects;

/// What to rank.
#[derive(Debug, Clone, Default)]
pub struct LeadFilter {
    /// One chain only.
    pub chain: Option<usize>,
    /// Only companies matched to this node.
    pub node: Option<usize>,
    /// Only companies in this province (name, with or without 省).
    pub province: Option<String>,
    /// At most this many leads per chain (all when None).
    pub top: Option<usize>,
    /// Which companies to list by where they lie (市域外 by default).
    pub scope: Scope,
}

/// One lead.
#[derive(Debug, Clone)]
pub struct Lead {
    /// Row of the company.
    pub row: usize,
    /// Chain index.
    pub chain: usize,
    /// Where it lies relative to the home region (省外, 省内市外, 市内).
    pub place: Place,
    /// The gap node it fits best.
    pub node: usize,
    /// Combined score.
    pub score: f64,
    /// Gap fit.
    pub fit: f64,
    /// Firm quality.
    pub quality: f64,
    /// Expansion signals.
    pub expansion: f64,
    /// Closeness.
    pub closeness: f64,
    /// Risk.
    pub risk: f64,
    /// Firms here on the nodes it supplies.
    pub supplies_local: usize,
    /// Firms here on the nodes it buys from.
    pub buys_local: usize,
    /// The firms here it could supply (rows, distinct, largest first).
    pub customers_here: Vec<usize>,
    /// The firms here it could buy from (rows, distinct, largest first).
    pub suppliers_here: Vec<usize>,
    /// Distance to the home region, km.
    pub distance_km: Option<f64>,
    /// Other companies of its group (rows), folded under it: its branches, and subsidiaries named
    /// with a region in brackets.
    pub group: Vec<usize>,
    /// It is a branch whose head office is not in the data (approach the head office).
    pub branch: bool,
}

/// The leads of each chain, best first.
#[derive(Debug, Clone)]
pub struct Leads {
    /// (chain index, leads).
    pub by_chain: Vec<(usize, Vec<Lead>)>,
    /// Candidates scored before folding and cutting.
    pub candidates: usize,
    /// Companies left out for risk.
    pub excluded_for_risk: usize,
    /// Leads held back from a chain's top list by the node-share cap: (chain, node, count).
    pub held_back: Vec<(usize, usize, usize)>,
    /// The scope the leads were chosen in.
    pub scope: Scope,
    /// Companies matched to a gap but left out by the scope, by place (市内, 省内市外, 不详).
    pub out_of_scope: Vec<(Place, usize)>,
}

const SUFFIXES: [&str; 10] = [
    "集团股份有限公司",
    "股份有限公司",
    "集团有限公司",
    "有限责任公司",
    "有限公司",
    "集团公司",
    "集团",
    "公司",
    "厂",
    "分公司",
];

/// Name endings of a branch (分支机构): it cannot sign for the company, its head office can.
pub const BRANCH_MARKS: [&str; 6] = ["分公司", "分厂", "办事处", "营业部", "分店", "分部"];

/// Whether a company name is a branch's (…有限公司苏州分公司, …厂北京办事处).
pub fn is_branch(name: &str) -> bool {
    let name = name.trim();
    BRANCH_MARKS.iter().any(|m| name.ends_with(m))
}

/// The head office's name of a branch: the name up to its last 公司, 厂 or 集团 before the branch
/// tail (华泰测试制品有限公司东莞分公司 → 华泰测试制品有限公司); None when the name is not a branch's
/// or does not contain its head office's.
pub fn head_office_name(name: &str) -> Option<String> {
    let name = name.trim();
    let rest = BRANCH_MARKS.iter().find_map(|m| name.strip_suffix(m))?;
    let end = ["公司", "厂", "集团"]
        .iter()
        .filter_map(|a| rest.rfind(a).map(|i| i + a.len()))
        .max()?;
    Some(rest[..end].to_string())
}

/// The name without brackets that hold a region (旭阳光伏玻璃(苏州)有限公司, …（天津）…, …（中国）…):
/// such a bracket marks a subsidiary of the same group.
fn without_region_brackets(name: &str) -> String {
    let prefixes = region_prefixes();
    let is_region = |inner: &str| {
        let inner = inner.trim();
        inner == "中国"
            || inner.chars().next().is_some_and(|c| {
                prefixes
                    .get(&c)
                    .is_some_and(|list| list.iter().any(|n| n == inner))
            })
    };
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(open) = rest.find(['(', '（']) {
        let after = &rest[open..];
        let open_len = after.chars().next().map_or(1, char::len_utf8);
        let inner_start = open + open_len;
        match rest[inner_start..].find([')', '）']) {
            Some(close) => {
                let inner = &rest[inner_start..inner_start + close];
                let close_len = rest[inner_start + close..]
                    .chars()
                    .next()
                    .map_or(1, char::len_utf8);
                let next = inner_start + close + close_len;
                if is_region(inner) {
                    out.push_str(&rest[..open]);
                } else {
                    out.push_str(&rest[..next]);
                }
                rest = &rest[next..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// The brand stem of a company name: without a branch tail (…有限公司苏州分公司), a region in
/// brackets (…(苏州)有限公司), the legal suffix, and a leading region name (深圳华泰医疗器械有限公司
/// → 华泰医疗器械).
pub fn name_stem(name: &str) -> String {
    let mut s = without_region_brackets(name.trim());
    if let Some(head) = head_office_name(&s) {
        s = head;
    }
    for suffix in SUFFIXES {
        if let Some(stem) = s.strip_suffix(suffix) {
            s = stem.to_string();
            break;
        }
    }
    // Leading region names, longest first: 云南省玉溪市 → …; 玉溪 → ….
    let prefixes = region_prefixes();
    while let Some(n) = s.chars().next().and_then(|first| {
        prefixes.get(&first).and_then(|list| {
            list.iter()
                .find(|n| s.starts_with(n.as_str()) && s.len() > n.len() + 3)
        })
    }) {
        s = s[n.len()..].to_string();
    }
    s
}

/// Region names and their short forms (two characters or more), by first character, longest first.
fn region_prefixes() -> &'static HashMap<char, Vec<String>> {
    static PREFIXES: std::sync::OnceLock<HashMap<char, Vec<String>>> = std::sync::OnceLock::new();
    PREFIXES.get_or_init(|| {
        let mut map: HashMap<char, Vec<String>> = HashMap::new();
        for r in Regions::embedded().all() {
            for n in [r.name.as_str(), region::short_name(&r.name)] {
                if n.chars().count() >= 2 {
                    if let Some(c) = n.chars().next() {
                        let list = map.entry(c).or_default();
                        if !list.iter().any(|x| x == n) {
                            list.push(n.to_string());
                        }
                    }
                }
            }
        }
        for list in map.values_mut() {
            list.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        }
        map
    })
}

/// Ranks the leads of every chain (or the filtered one) for the home region diagnosed in `gaps`,
/// from a whole table: [`Prospects`] fed the table as one batch, its head offices from the same
/// table.
pub fn rank(
    set: &ChainSet,
    c: &Companies,
    matches: &Matches,
    gaps: &GapReport,
    profile: &Profile,
    filter: &LeadFilter,
) -> Leads {
    let mut prospects = Prospects::new(set, &gaps.home, profile, filter);
    prospects.add(c, &matches.list, 0);
    if prospects.wanted_heads() {
        prospects.add_heads(c, 0);
    }
    prospects.rank(set, gaps)
}

/// The line saying how many companies matched to a gap the scope left out, by place, e.g.
/// 按线索范围未列入：市内 12 家、不详 3 家（--scope all 可列入）; None when none.
pub fn out_of_scope_line(leads: &Leads, lang: Lang) -> Option<String> {
    if leads.out_of_scope.is_empty() {
        return None;
    }
    let parts: Vec<String> = leads
        .out_of_scope
        .iter()
        .map(|(p, k)| match lang {
            Lang::Zh => format!("{} {k} 家", p.label(lang)),
            Lang::En => format!("{} {k}", p.label(lang)),
        })
        .collect();
    Some(match lang {
        Lang::Zh => format!(
            "按线索范围未列入：{}（--scope all 可列入）",
            parts.join("、")
        ),
        Lang::En => format!(
            "left out by the scope: {} (--scope all lists them)",
            parts.join(", ")
        ),
    })
}

/// The line saying which nodes had leads held back from a chain's top list by the node-share cap,
/// e.g. 同一环节最多占前列线索的 25%：光伏玻璃 5 家未列入（评分方案 variety.max_node_share）.
pub fn held_back_line(
    leads: &Leads,
    chain: usize,
    set: &ChainSet,
    profile: &Profile,
    lang: Lang,
) -> Option<String> {
    let parts: Vec<String> = leads
        .held_back
        .iter()
        .filter(|(c, _, _)| *c == chain)
        .map(|&(_, n, k)| match lang {
            Lang::Zh => format!("{} {k} 家", set.nodes[n].label(lang)),
            Lang::En => format!("{} {k}", set.nodes[n].label(lang)),
        })
        .collect();
    if parts.is_empty() {
        return None;
    }
    let pct = profile.variety.max_node_share * 100.0;
    Some(match lang {
        Lang::Zh => format!(
            "为覆盖更多缺口，同一环节最多占前列线索的 {pct:.0}%，以下线索未列入：{}（评分方案 variety.max_node_share）",
            parts.join("、")
        ),
        Lang::En => format!(
            "for variety, one node takes at most {pct:.0}% of the top list; held back: {} (profile key variety.max_node_share)",
            parts.join(", ")
        ),
    })
}

/// The top `top` of a list sorted best first, with no node holding more than `share` of them
/// (at least one each). When the other nodes have too few leads to fill the list, the cap rises one
/// lead at a time, as little as fills it. Also returns, per node, how many leads that would have
/// been in the top list without the cap are not (node, count), most first.
pub fn cap_node_share(list: Vec<Lead>, top: usize, share: f64) -> (Vec<Lead>, Vec<(usize, usize)>) {
    let nodes: Vec<usize> = list.iter().map(|l| l.node).collect();
    let (taken, held) = cap_node_share_by(&nodes, top, share);
    let mut taken = taken.into_iter().peekable();
    let out = list
        .into_iter()
        .enumerate()
        .filter_map(|(k, l)| taken.next_if_eq(&k).map(|_| l))
        .collect();
    (out, held)
}

/// [`cap_node_share`] on the nodes of a list sorted best first: the positions taken, in order,
/// and the leads held back per node.
pub fn cap_node_share_by(
    nodes: &[usize],
    top: usize,
    share: f64,
) -> (Vec<usize>, Vec<(usize, usize)>) {
    if nodes.len() <= top || !(share > 0.0 && share < 1.0) {
        return ((0..nodes.len().min(top)).collect(), Vec::new());
    }
    let base = ((share * top as f64).floor() as usize).max(1);
    let pick = |cap: usize| -> Vec<bool> {
        let mut count: HashMap<usize, usize> = HashMap::new();
        let mut taken = vec![false; nodes.len()];
        let mut n = 0;
        for (k, &node) in nodes.iter().enumerate() {
            if n == top {
                break;
            }
            let c = count.entry(node).or_default();
            if *c < cap {
                *c += 1;
                taken[k] = true;
                n += 1;
            }
        }
        taken
    };
    let mut cap = base;
    let mut taken = pick(cap);
    while taken.iter().filter(|&&t| t).count() < top && cap < top {
        cap += 1;
        taken = pick(cap);
    }
    let mut held: HashMap<usize, usize> = HashMap::new();
    for (k, &node) in nodes.iter().enumerate().take(top) {
        if !taken[k] {
            *held.entry(node).or_default() += 1;
        }
    }
    let mut held: Vec<(usize, usize)> = held.into_iter().collect();
    held.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let taken = taken
        .into_iter()
        .enumerate()
        .filter_map(|(k, t)| t.then_some(k))
        .collect();
    (taken, held)
}

/// The sentence saying why a lead is on the list, e.g. 填补本地缺失的光伏玻璃环节（延链）；专精特新；
/// 2026年完成融资；可供应本地2家企业.
pub fn reason(
    lead: &Lead,
    set: &ChainSet,
    c: &Companies,
    gaps: &GapReport,
    profile: &Profile,
    lang: Lang,
) -> String {
    let mut parts: Vec<String> = gap_reason(lead, set, gaps, lang).into_iter().collect();
    parts.extend(company_reasons(lead, c, profile, lang));
    if let Some(p) = &set.nodes[lead.node].policy {
        parts.push(policy_reason(p, profile, lang));
    }
    parts.join(lang.pick("；", "; "))
}

/// The part of a lead's reason that names the gap it fills (填补本地缺失的光伏玻璃环节（延链）).
fn gap_reason(lead: &Lead, set: &ChainSet, gaps: &GapReport, lang: Lang) -> Option<String> {
    let node = &set.nodes[lead.node];
    let g = gaps.node(lead.node)?;
    let kind = g.opportunity.label(lang);
    Some(match (g.status, g.opportunity, lang) {
        (Status::Missing, Opportunity::None, Lang::Zh) => {
            format!("填补本地缺失的{}环节", node.name)
        }
        (Status::Missing, _, Lang::Zh) => format!("填补本地缺失的{}环节（{kind}）", node.name),
        (_, _, Lang::Zh) => format!("增强本地偏弱的{}环节（区位熵{:.2}）", node.name, g.lq),
        (Status::Missing, _, Lang::En) => {
            format!("fills the missing {} node ({kind})", node.name_en)
        }
        (_, _, Lang::En) => format!(
            "strengthens the weak {} node (LQ {:.2})",
            node.name_en, g.lq
        ),
    })
}

/// The parts of a lead's reason about the company itself: its labels, signals, the firms here it
/// would work with, a branch, risk. A project card shows these per investor, having stated the gap
/// and the node's policy once.
pub fn company_reasons(lead: &Lead, c: &Companies, profile: &Profile, lang: Lang) -> Vec<String> {
    let i = lead.row;
    let mut parts: Vec<String> = Vec::new();
    let tags: Vec<&str> = c
        .tags(i)
        .filter(|t| profile.tags.contains_key(*t))
        .collect();
    if !tags.is_empty() {
        parts.push(tags.join(lang.pick("、", ", ")));
    }
    if let Some(d) = c.date(Col::LastFinancing)[i] {
        let data_day = clean::date(&profile.expansion.data_date).unwrap_or(0);
        if data_day - d <= profile.expansion.recent_financing_days as i32 {
            let year = clean::civil_from_days(d).0;
            parts.push(match lang {
                Lang::Zh => format!("{year}年完成融资"),
                Lang::En => format!("raised a round in {year}"),
            });
        }
    }
    let hiring = c.num(Col::Hiring)[i];
    if hiring.is_finite() && hiring >= profile.expansion.hiring_noted {
        parts.push(match lang {
            Lang::Zh => format!("近三月招聘{hiring:.0}人"),
            Lang::En => format!("hiring {hiring:.0} in three months"),
        });
    }
    if lead.supplies_local > 0 {
        parts.push(match lang {
            Lang::Zh => format!("可供应本地{}家企业", lead.supplies_local),
            Lang::En => format!("could supply {} firms here", lead.supplies_local),
        });
    }
    if lead.buys_local > 0 {
        parts.push(match lang {
            Lang::Zh => format!("可向本地{}家企业采购", lead.buys_local),
            Lang::En => format!("could buy from {} firms here", lead.buys_local),
        });
    }
    if lead.branch {
        parts.push(
            lang.pick(
                "分支机构，其总公司不在数据中，宜联系总公司",
                "a branch whose head office is not in the data: approach the head office",
            )
            .to_string(),
        );
    }
    if lead.risk > 0.0 {
        parts.push(
            lang.pick("有经营风险记录，已折减", "risk records, score reduced")
                .to_string(),
        );
    }
    parts
}

/// What a lead's node policy means for it, as a part of its reason.
fn policy_reason(p: &crate::chain::Policy, profile: &Profile, lang: Lang) -> String {
    use crate::chain::PolicyStatus;
    match (p.status, lang) {
        (PolicyStatus::Restricted, Lang::Zh) => format!(
            "该环节属限制类，须{}，得分已乘以{}（{}）",
            p.condition, profile.policy.restricted, p.source
        ),
        (PolicyStatus::Restricted, Lang::En) => format!(
            "a restricted node: only if {}; score × {} ({})",
            p.condition, profile.policy.restricted, p.source
        ),
        (PolicyStatus::Permitted, Lang::Zh) => {
            format!("该环节有政策条件：{}（{}）", p.condition, p.source)
        }
        (PolicyStatus::Permitted, Lang::En) => {
            format!("policy conditions: {} ({})", p.condition, p.source)
        }
        (PolicyStatus::Encouraged, Lang::Zh) => format!("该环节属鼓励类（{}）", p.source),
        (PolicyStatus::Encouraged, Lang::En) => format!("an encouraged node ({})", p.source),
        // An eliminated node is never a gap; said all the same should one be listed.
        (PolicyStatus::Eliminated, _) => p.note(lang),
    }
}

#[cfg(test)]
pub(crate) mod testkit;
#[cfg(test)]
mod tests;

/// The table of a chain's leads (or all, with a chain column) with the Chinese headers task forces
/// use: 排名, 企业名称, 统一社会信用代码, 省份, 城市, 匹配环节, 环节状态, 机会类型, 综合得分, 缺口契合,
/// 企业质量, 扩张信号, 关联度, 风险, 推荐理由, 产业政策, 主营产品, 同组企业, and the
/// contact columns (法定代表人, 联系电话, 手机, 邮箱, 网址, 地址). With `english` the headers are ids.
#[allow(clippy::too_many_arguments)]
pub fn lead_table(
    lists: &[(usize, &[Lead])],
    with_chain: bool,
    set: &ChainSet,
    c: &Companies,
    gaps: &GapReport,
    profile: &Profile,
    lang: Lang,
    english: bool,
) -> crate::base::Table {
    use crate::base::{Data, Table};
    let rows: Vec<(usize, &Lead)> = lists
        .iter()
        .flat_map(|(_, l)| l.iter().enumerate())
        .collect();
    let h = |zh: &'static str, en: &'static str| if english { en } else { zh };
    let parser = crate::classify::scope::ScopeParser::new();
    let text = |f: &dyn Fn(usize, &Lead) -> String| {
        Data::Text(rows.iter().map(|&(k, l)| f(k, l)).collect())
    };
    let num = |f: &dyn Fn(&Lead) -> f64| {
        Data::Float(
            rows.iter()
                .map(|&(_, l)| Some((f(l) * 1000.0).round() / 1000.0))
                .collect(),
        )
    };
    let mut t = Table::default();
    if with_chain {
        t.push(
            h("产业链", "chain"),
            text(&|_, l| set.chains[l.chain].label(lang).to_string()),
        );
    }
    t.push(
        h("排名", "rank"),
        Data::Int(rows.iter().map(|&(k, _)| Some(k as i64 + 1)).collect()),
    )
    .push(
        h("企业名称", "name"),
        text(&|_, l| c.text(Col::Name).get(l.row).to_string()),
    )
    .push(
        h("统一社会信用代码", "uscc"),
        text(&|_, l| c.text(Col::Uscc).get(l.row).to_string()),
    )
    .push(
        h("所在地", "place"),
        text(&|_, l| l.place.label(lang).to_string()),
    )
    .push(
        h("省份", "province"),
        text(&|_, l| c.text(Col::Province).get(l.row).to_string()),
    )
    .push(
        h("城市", "city"),
        text(&|_, l| c.text(Col::City).get(l.row).to_string()),
    )
    .push(
        h("匹配环节", "node"),
        text(&|_, l| set.nodes[l.node].label(lang).to_string()),
    )
    .push(
        h("环节状态", "status"),
        text(&|_, l| {
            gaps.node(l.node)
                .map(|g| g.status.label(lang).to_string())
                .unwrap_or_default()
        }),
    )
    .push(
        h("机会类型", "opportunity"),
        text(&|_, l| {
            gaps.node(l.node)
                .map(|g| g.opportunity.label(lang).to_string())
                .unwrap_or_default()
        }),
    )
    .push(h("综合得分", "score"), num(&|l| l.score))
    .push(h("缺口契合", "fit"), num(&|l| l.fit))
    .push(h("企业质量", "quality"), num(&|l| l.quality))
    .push(h("扩张信号", "expansion"), num(&|l| l.expansion))
    .push(h("关联度", "closeness"), num(&|l| l.closeness))
    .push(h("风险", "risk"), num(&|l| l.risk))
    .push(
        h("推荐理由", "reason"),
        text(&|_, l| reason(l, set, c, gaps, profile, lang)),
    )
    .push(
        h("产业政策", "policy"),
        text(&|_, l| {
            set.nodes[l.node]
                .policy
                .as_ref()
                .map(|p| p.note(lang))
                .unwrap_or_default()
        }),
    )
    .push(
        h("主营产品", "products"),
        text(&|_, l| {
            parser.summary(
                c.text(Col::MainProducts).get(l.row),
                c.text(Col::BusinessScope).get(l.row),
                4,
            )
        }),
    )
    .push(
        h("同组企业", "group"),
        text(&|_, l| {
            l.group
                .iter()
                .map(|&r| c.text(Col::Name).get(r).to_string())
                .collect::<Vec<_>>()
                .join(lang.pick("、", "; "))
        }),
    );
    for col in CONTACT_COLS {
        t.push(
            h(col.header_zh(), col.name()),
            text(&|_, l| c.text(col).get(l.row).to_string()),
        );
    }
    t
}

/// The vendor's contact columns, as they appear at the end of lead lists and in trip briefs.
pub const CONTACT_COLS: [Col; 6] = [
    Col::LegalRep,
    Col::Phone,
    Col::Mobile,
    Col::Email,
    Col::Website,
    Col::Address,
];

/// The company's contacts in one line (法定代表人 张三；联系电话 0871-…；…), None when it has none.
pub fn contacts(c: &Companies, row: usize, lang: Lang) -> Option<String> {
    let parts: Vec<String> = CONTACT_COLS
        .iter()
        .filter_map(|&col| {
            let v = c.text(col).get(row).trim();
            (!v.is_empty()).then(|| match lang {
                Lang::Zh => format!("{} {v}", col.header_zh()),
                Lang::En => format!("{} {v}", col.name().replace('_', " ")),
            })
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(lang.pick("；", "; ")))
}
