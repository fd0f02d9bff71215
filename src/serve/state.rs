//! What the workspace holds once loaded: the diagnosis, the ranked leads of every chain, the
//! companies they name and the home region's firms on every node, with the indexes the pages and
//! the API look things up by. Built once; shared read-only by every request.

use std::collections::HashMap;

use crate::chain::ChainSet;
use crate::classify::{Classifier, Match, Matches, Role};
use crate::company::{Col, Companies};
use crate::gaps::GapReport;
use crate::lang::Lang;
use crate::leads::{Lead, Leads, Profile, Scope};
use crate::pipeline::LeadRun;
use crate::region::short_name;

/// At most this many leads per chain are ranked and held: the lead explorer pages through them.
pub const LEADS_PER_CHAIN: usize = 2000;

/// A company's size class by employees (参保人数), after the industrial thresholds of the
/// statistical classification of enterprise sizes (统计上大中小微型企业划分办法（2017）).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// 1000 employees or more.
    Large,
    /// 300 to 999.
    Medium,
    /// 20 to 299.
    Small,
    /// Under 20.
    Micro,
    /// No employee count in the data.
    Unknown,
}

impl Size {
    /// Every class, largest first.
    pub const ALL: [Size; 5] = [
        Size::Large,
        Size::Medium,
        Size::Small,
        Size::Micro,
        Size::Unknown,
    ];

    /// The class of an employee count (NaN unknown).
    pub fn of(employees: f64) -> Size {
        match employees {
            e if !e.is_finite() => Size::Unknown,
            e if e >= 1000.0 => Size::Large,
            e if e >= 300.0 => Size::Medium,
            e if e >= 20.0 => Size::Small,
            _ => Size::Micro,
        }
    }

    /// The id used in links and the API.
    pub fn id(self) -> &'static str {
        match self {
            Size::Large => "large",
            Size::Medium => "medium",
            Size::Small => "small",
            Size::Micro => "micro",
            Size::Unknown => "unknown",
        }
    }

    /// Parses an id.
    pub fn parse(s: &str) -> Option<Size> {
        Size::ALL.into_iter().find(|x| x.id() == s)
    }

    /// The name for users.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Size::Large => lang.pick("大型（≥1000人）", "large (1000+)"),
            Size::Medium => lang.pick("中型（300–999人）", "medium (300-999)"),
            Size::Small => lang.pick("小型（20–299人）", "small (20-299)"),
            Size::Micro => lang.pick("微型（<20人）", "micro (<20)"),
            Size::Unknown => lang.pick("人数不详", "size unknown"),
        }
    }
}

/// An expansion signal a lead can be filtered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Financing rounds on record.
    Financing,
    /// Hiring in the last three months.
    Hiring,
    /// Branches.
    Branches,
    /// Outbound investments.
    Investments,
}

impl Signal {
    /// Every signal.
    pub const ALL: [Signal; 4] = [
        Signal::Financing,
        Signal::Hiring,
        Signal::Branches,
        Signal::Investments,
    ];

    /// The id used in links and the API.
    pub fn id(self) -> &'static str {
        match self {
            Signal::Financing => "financing",
            Signal::Hiring => "hiring",
            Signal::Branches => "branches",
            Signal::Investments => "investments",
        }
    }

    /// Parses an id.
    pub fn parse(s: &str) -> Option<Signal> {
        Signal::ALL.into_iter().find(|x| x.id() == s)
    }

    /// The name for users.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Signal::Financing => lang.pick("有融资", "financing"),
            Signal::Hiring => lang.pick("在招聘", "hiring"),
            Signal::Branches => lang.pick("有分支机构", "branches"),
            Signal::Investments => lang.pick("有对外投资", "outbound investments"),
        }
    }

    fn column(self) -> Col {
        match self {
            Signal::Financing => Col::FinancingEvents,
            Signal::Hiring => Col::Hiring,
            Signal::Branches => Col::Branches,
            Signal::Investments => Col::OutboundInvestments,
        }
    }

    /// Whether company `row` shows the signal.
    pub fn shown(self, c: &Companies, row: usize) -> bool {
        let v = c.num(self.column()).get(row).copied().unwrap_or(f64::NAN);
        (v.is_finite() && v > 0.0)
            || (self == Signal::Financing
                && c.date(Col::LastFinancing)
                    .get(row)
                    .copied()
                    .flatten()
                    .is_some())
    }
}

/// How the lead explorer orders its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best score first.
    #[default]
    Score,
    /// Best gap fit first.
    Fit,
    /// Best firm quality first.
    Quality,
    /// Strongest expansion signals first.
    Expansion,
    /// Closest links to the home region's firms first.
    Closeness,
    /// Nearest first.
    Distance,
    /// Most employees first.
    Employees,
}

impl Sort {
    /// Every order.
    pub const ALL: [Sort; 7] = [
        Sort::Score,
        Sort::Fit,
        Sort::Quality,
        Sort::Expansion,
        Sort::Closeness,
        Sort::Distance,
        Sort::Employees,
    ];

    /// The id used in links and the API.
    pub fn id(self) -> &'static str {
        match self {
            Sort::Score => "score",
            Sort::Fit => "fit",
            Sort::Quality => "quality",
            Sort::Expansion => "expansion",
            Sort::Closeness => "closeness",
            Sort::Distance => "distance",
            Sort::Employees => "employees",
        }
    }

    /// Parses an id.
    pub fn parse(s: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|x| x.id() == s)
    }

    /// The name for users.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Sort::Score => lang.pick("综合得分", "score"),
            Sort::Fit => lang.pick("补链契合度", "gap fit"),
            Sort::Quality => lang.pick("企业实力", "quality"),
            Sort::Expansion => lang.pick("扩张信号", "expansion"),
            Sort::Closeness => lang.pick("本地关联", "closeness"),
            Sort::Distance => lang.pick("距离（近到远）", "distance (nearest first)"),
            Sort::Employees => lang.pick("参保人数", "employees"),
        }
    }
}

/// The lead explorer's filters (all optional), checked against the workspace.
#[derive(Debug, Clone, Default)]
pub struct LeadQuery {
    /// Chain index.
    pub chain: Option<usize>,
    /// Node index (the lead's best gap node).
    pub node: Option<usize>,
    /// Province name (with or without 省/市/自治区).
    pub province: Option<String>,
    /// City name.
    pub city: Option<String>,
    /// Which places to list; 市域外 when not given.
    pub scope: Scope,
    /// The lead's role on its node.
    pub role: Option<Role>,
    /// Size class.
    pub size: Option<Size>,
    /// A tag the company carries (高新技术企业, 专精特新, …).
    pub tag: Option<String>,
    /// An expansion signal it shows.
    pub signal: Option<Signal>,
    /// Words the name must hold.
    pub text: Option<String>,
    /// The order.
    pub sort: Sort,
}

/// Names with their counts, most first.
pub type Counts = Vec<(String, usize)>;

/// One lead in the workspace: its chain and position in that chain's list.
#[derive(Debug, Clone, Copy)]
pub struct LeadRef {
    /// Chain index.
    pub chain: usize,
    /// Index in the chain's list (its rank − 1).
    pub index: usize,
}

/// The loaded workspace.
pub struct Workspace {
    /// The chains.
    pub set: ChainSet,
    /// The companies the pages name: the leads, their groups and the home region's firms.
    pub companies: Companies,
    /// Their matches, with evidence (rows of `companies`), in row order.
    pub matches: Matches,
    /// The diagnosis of the home region.
    pub report: GapReport,
    /// The ranked leads of every chain (rows of `companies`).
    pub leads: Leads,
    /// The scoring profile.
    pub profile: Profile,
    /// The home region's firms on each node (rows of `companies`, largest first).
    pub local_firms: Vec<Vec<usize>>,
    /// Where the data came from, in a line.
    pub source: String,
    /// The data's date (YYYY-MM-DD).
    pub data_date: String,
    /// The classifier (its scope parser reads a company's scope for its profile page).
    pub classifier: Classifier,
    /// The home region's coordinates (lat, lon).
    pub home_point: (f64, f64),
    /// The task forces' pipeline, when a database is open.
    pub store: Option<crate::tracking::Store>,
    /// The company key (see [`Workspace::key`]) → row.
    by_key: HashMap<String, usize>,
    /// Per row: the range of its matches in `matches.list`.
    match_ranges: Vec<(usize, usize)>,
    /// Per row: the leads it heads.
    leads_of_row: HashMap<usize, Vec<LeadRef>>,
    /// Per lead (by chain, then index): its role on its node.
    roles: Vec<Vec<Option<Role>>>,
}

impl Workspace {
    /// Builds the workspace from a lead run (made with [`crate::pipeline::Extras::local_firms`]).
    pub fn new(
        set: ChainSet,
        run: LeadRun,
        profile: Profile,
        classifier: Classifier,
        source: String,
        data_date: String,
    ) -> Workspace {
        let LeadRun {
            companies,
            matches,
            report,
            leads,
            local_firms,
            ..
        } = run;
        let n = companies.len();
        let mut match_ranges = vec![(0usize, 0usize); n];
        let mut k = 0;
        while k < matches.list.len() {
            let row = matches.list[k].row as usize;
            let start = k;
            while k < matches.list.len() && matches.list[k].row as usize == row {
                k += 1;
            }
            if row < n {
                match_ranges[row] = (start, k);
            }
        }
        let mut by_key = HashMap::with_capacity(n);
        for row in 0..n {
            by_key.entry(key_of(&companies, row)).or_insert(row);
        }
        let mut leads_of_row: HashMap<usize, Vec<LeadRef>> = HashMap::new();
        let mut roles = Vec::with_capacity(leads.by_chain.len());
        for (chain, list) in &leads.by_chain {
            let mut chain_roles = Vec::with_capacity(list.len());
            for (index, l) in list.iter().enumerate() {
                leads_of_row.entry(l.row).or_default().push(LeadRef {
                    chain: *chain,
                    index,
                });
                let (a, b) = match_ranges.get(l.row).copied().unwrap_or((0, 0));
                chain_roles.push(
                    matches.list[a..b]
                        .iter()
                        .find(|m| m.node as usize == l.node)
                        .map(|m| m.role),
                );
            }
            roles.push(chain_roles);
        }
        let home_point = crate::region::Regions::embedded().map_point(&report.home);
        Workspace {
            set,
            companies,
            matches,
            report,
            leads,
            profile,
            local_firms,
            source,
            data_date,
            classifier,
            home_point,
            store: None,
            by_key,
            match_ranges,
            leads_of_row,
            roles,
        }
    }

    /// The key a company is found by in links and the API: its id, else its credit code, else
    /// `r` and its row.
    pub fn key(&self, row: usize) -> String {
        key_of(&self.companies, row)
    }

    /// The row of a company key.
    pub fn row_of(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    /// Whether a company is one of the home region's firms on some node.
    pub fn is_local(&self, row: usize) -> bool {
        self.local_firms.iter().any(|f| f.contains(&row))
    }

    /// A company's matches.
    pub fn matches_of(&self, row: usize) -> &[Match] {
        let (a, b) = self.match_ranges.get(row).copied().unwrap_or((0, 0));
        &self.matches.list[a..b]
    }

    /// The leads a company heads, in chain order.
    pub fn leads_of(&self, row: usize) -> &[LeadRef] {
        self.leads_of_row
            .get(&row)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The lead a reference points at.
    pub fn lead(&self, r: LeadRef) -> &Lead {
        let list = self
            .leads
            .by_chain
            .iter()
            .find(|(c, _)| *c == r.chain)
            .map(|(_, l)| l.as_slice())
            .unwrap_or(&[]);
        &list[r.index.min(list.len().saturating_sub(1))]
    }

    /// A lead's role on its node.
    pub fn role(&self, r: LeadRef) -> Option<Role> {
        let k = self
            .leads
            .by_chain
            .iter()
            .position(|(c, _)| *c == r.chain)?;
        self.roles.get(k)?.get(r.index).copied().flatten()
    }

    /// The leads the query admits, in its order.
    pub fn query(&self, q: &LeadQuery) -> Vec<LeadRef> {
        let c = &self.companies;
        let (provinces, cities) = (c.text(Col::Province), c.text(Col::City));
        let names = c.text(Col::Name);
        let employees = c.num(Col::Employees);
        let province = q.province.as_deref().map(short_name);
        let city = q.city.as_deref().map(short_name);
        let mut out: Vec<LeadRef> = Vec::new();
        for (k, (chain, list)) in self.leads.by_chain.iter().enumerate() {
            if q.chain.is_some_and(|x| x != *chain) {
                continue;
            }
            for (index, l) in list.iter().enumerate() {
                let r = l.row;
                let ok = q.node.is_none_or(|n| n == l.node)
                    && q.scope.admits(l.place)
                    && province.is_none_or(|p| short_name(provinces.get(r)) == p)
                    && city.is_none_or(|x| short_name(cities.get(r)) == x)
                    && q.role.is_none_or(|role| {
                        self.roles[k].get(index).copied().flatten() == Some(role)
                    })
                    && q.size.is_none_or(|s| Size::of(employees[r]) == s)
                    && q.tag.as_deref().is_none_or(|t| c.tags(r).any(|x| x == t))
                    && q.signal.is_none_or(|s| s.shown(c, r))
                    && q.text.as_deref().is_none_or(|t| names.get(r).contains(t));
                if ok {
                    out.push(LeadRef {
                        chain: *chain,
                        index,
                    });
                }
            }
        }
        let key = |r: &LeadRef| -> f64 {
            let l = self.lead(*r);
            match q.sort {
                Sort::Score => l.score,
                Sort::Fit => l.fit,
                Sort::Quality => l.quality,
                Sort::Expansion => l.expansion,
                Sort::Closeness => l.closeness,
                Sort::Distance => -l.distance_km.unwrap_or(f64::INFINITY),
                Sort::Employees => {
                    let e = employees[l.row];
                    if e.is_finite() {
                        e
                    } else {
                        -1.0
                    }
                }
            }
        };
        // Best first; ties by score, then chain and rank, so a page is stable.
        out.sort_by(|a, b| {
            key(b)
                .total_cmp(&key(a))
                .then(self.lead(*b).score.total_cmp(&self.lead(*a).score))
                .then(a.chain.cmp(&b.chain))
                .then(a.index.cmp(&b.index))
        });
        out
    }

    /// The provinces and cities of the leads, with their lead counts, most first.
    pub fn lead_places(&self) -> (Counts, Counts) {
        let c = &self.companies;
        let mut provinces: HashMap<&str, usize> = HashMap::new();
        let mut cities: HashMap<&str, usize> = HashMap::new();
        for l in self.leads.by_chain.iter().flat_map(|(_, l)| l.iter()) {
            let p = c.text(Col::Province).get(l.row);
            if !p.is_empty() {
                *provinces.entry(p).or_default() += 1;
            }
            let x = c.text(Col::City).get(l.row);
            if !x.is_empty() {
                *cities.entry(x).or_default() += 1;
            }
        }
        let sorted = |m: HashMap<&str, usize>| {
            let mut v: Vec<(String, usize)> =
                m.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v
        };
        (sorted(provinces), sorted(cities))
    }

    /// The tags the leads carry, with their counts, most first.
    pub fn lead_tags(&self) -> Vec<(String, usize)> {
        let mut tags: HashMap<&str, usize> = HashMap::new();
        for l in self.leads.by_chain.iter().flat_map(|(_, l)| l.iter()) {
            for t in self.companies.tags(l.row) {
                *tags.entry(t).or_default() += 1;
            }
        }
        let mut v: Vec<(String, usize)> =
            tags.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }

    /// Number of leads held.
    pub fn lead_count(&self) -> usize {
        self.leads.by_chain.iter().map(|(_, l)| l.len()).sum()
    }

    /// Where a company lies: 省·市·区.
    pub fn place_name(&self, row: usize) -> String {
        let c = &self.companies;
        [Col::Province, Col::City, Col::District]
            .iter()
            .map(|&col| c.text(col).get(row).trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("·")
    }
}

/// The key of company `row`: id, else credit code, else `r` + row.
fn key_of(c: &Companies, row: usize) -> String {
    let id = c.text(Col::Id).get(row).trim();
    if !id.is_empty() {
        return id.to_string();
    }
    let uscc = c.text(Col::Uscc).get(row).trim();
    if !uscc.is_empty() {
        return uscc.to_string();
    }
    format!("r{row}")
}
