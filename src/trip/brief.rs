//! The brief for one visit, section by section: what it makes, where it is, why its node matters
//! at home, its scale and labels, its expansion signals, contacts, the referral angle (以商招商)
//! and the talking points. The words are in [`super::phrases`].

use super::phrases::{self, GapPoint, Referral, Scale, Section, Signal};
use super::Visit;
use crate::chain::{ChainSet, PolicyStatus};
use crate::classify::scope::ScopeParser;
use crate::company::{clean, Col, Companies};
use crate::gaps::{GapReport, NodeGap, Opportunity, Status};
use crate::lang::Lang;

/// The brief for one visit: one line per section that has something to say.
pub fn brief(
    v: &Visit,
    set: &ChainSet,
    c: &Companies,
    gaps: &GapReport,
    lang: Lang,
) -> Vec<String> {
    let i = v.lead.row;
    let mut out = vec![
        Section::Makes.line(&[makes(c, i)], lang),
        Section::Where.line(&[place(v, c, lang)], lang),
    ];
    if let Some(g) = gaps.node(v.lead.node) {
        out.push(Section::Why.line(&[gaps.explain(set, g, lang)], lang));
    }
    let scale = scale(c, i, lang);
    if !scale.is_empty() {
        out.push(Section::Scale.line(&scale, lang));
    }
    let signals = signals(c, i, lang);
    if !signals.is_empty() {
        out.push(Section::Signals.line(&signals, lang));
    }
    if let Some(line) = crate::leads::contacts(c, i, lang) {
        out.push(Section::Contacts.line(&[line], lang));
    }
    out.push(Section::Referral.line(&referral(v, c, lang), lang));
    out.push(Section::TalkingPoints.line(&talking_points(v, set, c, gaps, lang), lang));
    out
}

/// What it makes: its product list, else the maker items of its scope.
fn makes(c: &Companies, i: usize) -> String {
    ScopeParser::new().summary(
        c.text(Col::MainProducts).get(i),
        c.text(Col::BusinessScope).get(i),
        4,
    )
}

fn place(v: &Visit, c: &Companies, lang: Lang) -> String {
    let i = v.lead.row;
    let area: Vec<&str> = [Col::Province, Col::City, Col::District]
        .into_iter()
        .map(|col| c.text(col).get(i))
        .filter(|s| !s.is_empty())
        .collect();
    phrases::place(v.lead.place.label(lang), &area, lang)
}

fn scale(c: &Companies, i: usize, lang: Lang) -> Vec<String> {
    let num = |col: Col| c.num(col)[i];
    let mut figures = Vec::new();
    if num(Col::Employees).is_finite() {
        figures.push(Scale::Employees(num(Col::Employees)));
    }
    if num(Col::RegisteredCapital).is_finite() {
        figures.push(Scale::Capital(num(Col::RegisteredCapital)));
    }
    if num(Col::Revenue).is_finite() {
        figures.push(Scale::Revenue(num(Col::Revenue)));
    }
    let mut out: Vec<String> = figures.iter().map(|f| f.phrase(lang)).collect();
    let tags: Vec<&str> = c.tags(i).collect();
    if !tags.is_empty() {
        out.push(phrases::list(&tags, lang));
    }
    out
}

fn signals(c: &Companies, i: usize, lang: Lang) -> Vec<String> {
    let num = |col: Col| c.num(col)[i];
    let mut out = Vec::new();
    if let Some(d) = c.date(Col::LastFinancing)[i] {
        out.push(Signal::Financing(clean::format_date(d)));
    }
    if num(Col::Hiring).is_finite() && num(Col::Hiring) > 0.0 {
        out.push(Signal::Hiring(num(Col::Hiring)));
    }
    if num(Col::Branches).is_finite() && num(Col::Branches) > 0.0 {
        out.push(Signal::Branches(num(Col::Branches)));
    }
    out.iter().map(|s| s.phrase(lang)).collect()
}

/// Up to three firms by name, and how many in all.
fn named(rows: &[usize], c: &Companies, lang: Lang) -> String {
    let names: Vec<&str> = rows
        .iter()
        .take(3)
        .map(|&r| c.text(Col::Name).get(r))
        .collect();
    phrases::some_firms(&names, rows.len(), lang)
}

/// 以商招商: the firms here it could supply or buy from, by name where known.
fn referral(v: &Visit, c: &Companies, lang: Lang) -> Vec<String> {
    let lead = &v.lead;
    let mut out = Vec::new();
    if !lead.customers_here.is_empty() {
        out.push(Referral::SupplyNamed(named(&lead.customers_here, c, lang)));
    } else if lead.supplies_local > 0 {
        out.push(Referral::SupplyCount(lead.supplies_local));
    }
    if !lead.suppliers_here.is_empty() {
        out.push(Referral::BuyNamed(named(&lead.suppliers_here, c, lang)));
    } else if lead.buys_local > 0 {
        out.push(Referral::BuyCount(lead.buys_local));
    }
    if out.is_empty() {
        out.push(Referral::Nobody);
    }
    out.iter().map(|r| r.phrase(lang)).collect()
}

/// The home region's position in a node, as the first talking point takes it.
pub fn gap_point(gap: Option<&NodeGap>) -> GapPoint {
    match gap {
        Some(g) if g.status == Status::Missing => match g.opportunity {
            Opportunity::Extend => GapPoint::MissingExtend,
            Opportunity::Fill => GapPoint::MissingFill,
            _ => GapPoint::Missing,
        },
        Some(g) => GapPoint::Few {
            count: g.local_count,
            lq: g.lq,
        },
        None => GapPoint::Unknown,
    }
}

/// Talking points from the home region's data: the gap, the firms to meet, the strong links, and
/// what to ask.
fn talking_points(
    v: &Visit,
    set: &ChainSet,
    c: &Companies,
    gaps: &GapReport,
    lang: Lang,
) -> Vec<String> {
    let node = &set.nodes[v.lead.node];
    let home = gaps.home_name.rsplit('·').next().unwrap_or(&gaps.home_name);
    let mut points = vec![gap_point(gaps.node(v.lead.node)).phrase(home, node.label(lang), lang)];
    let mut partners: Vec<usize> = v
        .lead
        .customers_here
        .iter()
        .chain(&v.lead.suppliers_here)
        .copied()
        .collect();
    let mut seen = std::collections::HashSet::new();
    partners.retain(|r| seen.insert(*r));
    if !partners.is_empty() {
        points.push(phrases::meet_partners(
            home,
            &named(&partners, c, lang),
            lang,
        ));
    }
    let mut strong: Vec<&NodeGap> = gaps
        .nodes
        .iter()
        .filter(|g| g.status == Status::Strong && set.nodes[g.node].chain == node.chain)
        .collect();
    strong.sort_by(|a, b| b.lq.total_cmp(&a.lq).then(a.node.cmp(&b.node)));
    if !strong.is_empty() {
        let names: Vec<&str> = strong
            .iter()
            .take(3)
            .map(|g| set.nodes[g.node].label(lang))
            .collect();
        points.push(phrases::strong_links(
            home,
            &phrases::list(&names, lang),
            lang,
        ));
    }
    if let Some(p) = &node.policy {
        if matches!(p.status, PolicyStatus::Restricted | PolicyStatus::Permitted) {
            points.push(phrases::policy_condition(
                p.status == PolicyStatus::Restricted,
                &p.condition,
                lang,
            ));
        }
    }
    points.push(phrases::ask_plans(home, lang));
    points
}
