//! Lead ranking in two phases, so a national table can be read in batches and dropped as it goes.
//!
//! **Phase 1** ([`Prospects::add`], batch by batch in row order) keeps, of each matched company that
//! may count, only what the ranking needs, column-wise: its global row, where it lies, the factors
//! that do not depend on the diagnosis (expansion, risk, tag bonus, distance), its size figures,
//! name, uscc, region code and compact matches (node, confidence, role). It also keeps the size
//! distribution of every node (capital, employees, revenue of all active matched companies, for
//! the quality percentiles) and the home region's own firms on each node (以商招商). Companies that
//! can never be a lead and are not local are dropped, except those the printed counts need (out of
//! scope, left out for risk), which keep only their nodes.
//!
//! **Head offices** ([`Prospects::add_heads`], a second pass over the batches in row order when
//! [`Prospects::wanted_heads`] says a kept company is a branch): for each name a kept branch gives
//! as its head office's, the first row of that name, an active one preferred.
//!
//! **Phase 2** ([`Prospects::rank`]) takes the diagnosis: priorities and local counts give the gap
//! fit, the best node, quality and closeness; then the groups are folded and the firms here
//! attached, in three steps (candidates → grouping → firms here). Rows in the result are global.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;

use super::factors::{self, Signals};
use super::{
    head_office_name, is_branch, name_stem, place, Lead, LeadFilter, Leads, Place, Profile,
};
use crate::chain::ChainSet;
use crate::classify::{Match, Role};
use crate::company::{clean, Col, Companies};
use crate::gaps::GapReport;
use crate::region::{self, Regions};

/// Whether a company may be a lead, and where it lies when it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Admit {
    /// In the home region itself.
    Here,
    /// Outside the scope asked for.
    OutOfScope(Place),
    /// Outside the province asked for (`--province`).
    OtherProvince,
    /// Left out for risk.
    Risky,
    /// A possible lead.
    Yes(Place),
}

/// A match without its evidence: node, confidence, role.
#[derive(Debug, Clone, Copy)]
struct Hit {
    confidence: f32,
    node: u16,
    role: Role,
}

/// Names, usccs and region codes of rows, back to back in one string.
#[derive(Debug, Clone, Default)]
struct Texts {
    bytes: String,
    /// End of each row's texts in `bytes`.
    ends: Vec<usize>,
    /// Byte lengths of each row's name and uscc (the region code is the rest).
    lens: Vec<[u32; 2]>,
}

impl Texts {
    fn push(&mut self, name: &str, uscc: &str, region: &str) {
        self.bytes.push_str(name);
        self.bytes.push_str(uscc);
        self.bytes.push_str(region);
        self.ends.push(self.bytes.len());
        let len = |s: &str| u32::try_from(s.len()).unwrap_or(u32::MAX);
        self.lens.push([len(name), len(uscc)]);
    }

    /// Name, uscc and region code of row `k` (empty when out of range).
    fn get(&self, k: usize) -> (&str, &str, &str) {
        let Some(&end) = self.ends.get(k) else {
            return ("", "", "");
        };
        let start = if k == 0 { 0 } else { self.ends[k - 1] };
        let [name, uscc] = self.lens[k].map(|l| l as usize);
        let text = |a: usize, b: usize| self.bytes.get(a.min(end)..b.min(end)).unwrap_or("");
        (
            text(start, start + name),
            text(start + name, start + name + uscc),
            text(start + name + uscc, end),
        )
    }

    fn bytes(&self, b: Bytes) -> Bytes {
        b.string(&self.bytes).vec(&self.ends).vec(&self.lens)
    }
}

/// Heap bytes in use (length) and reserved (capacity).
#[derive(Debug, Clone, Copy, Default)]
struct Bytes {
    used: usize,
    reserved: usize,
}

impl Bytes {
    fn vec<T>(mut self, v: &Vec<T>) -> Bytes {
        self.used += v.len() * std::mem::size_of::<T>();
        self.reserved += v.capacity() * std::mem::size_of::<T>();
        self
    }

    fn string(mut self, s: &String) -> Bytes {
        self.used += s.len();
        self.reserved += s.capacity();
        self
    }
}

/// A column whose values are mostly one (a risk of 0, no tag bonus), stored only where they differ,
/// by record index (kept records are far fewer than four billion: they would take 600 GB).
#[derive(Debug, Clone)]
struct Sparse {
    /// The value of the records not listed.
    usual: f64,
    at: Vec<u32>,
    values: Vec<f64>,
}

impl Sparse {
    fn new(usual: f64) -> Sparse {
        Sparse {
            usual,
            at: Vec::new(),
            values: Vec::new(),
        }
    }

    /// Sets the value of record `k`, the last so far.
    fn push(&mut self, k: usize, v: f64) {
        if v.to_bits() != self.usual.to_bits() {
            self.at.push(end32(k));
            self.values.push(v);
        }
    }

    fn get(&self, k: usize) -> f64 {
        match self.at.binary_search(&end32(k)) {
            Ok(j) => self.values[j],
            Err(_) => self.usual,
        }
    }

    fn bytes(&self, b: Bytes) -> Bytes {
        b.vec(&self.at).vec(&self.values)
    }
}

/// Flags of a kept company.
const SAME_PROVINCE: u8 = 1;
const BRANCH: u8 = 2;
const HAS_DISTANCE: u8 = 4;

/// The possible leads: active companies matched to a node of the chains asked for, outside the
/// home region, in scope, in the province asked for and not left out for risk. Column-wise, in
/// row order.
#[derive(Debug, Clone)]
struct Kept {
    row: Vec<u64>,
    place: Vec<Place>,
    flags: Vec<u8>,
    /// Registered capital, employees, revenue.
    size: Vec<[f64; 3]>,
    /// Tag bonus of the quality factor.
    bonus: Sparse,
    expansion: Vec<f64>,
    risk: Sparse,
    /// Distance to the home region, km (0 without HAS_DISTANCE).
    distance: Vec<f64>,
    text: Texts,
    /// End of each company's matches in `hits`.
    hits_end: Vec<u32>,
    hits: Vec<Hit>,
}

impl Kept {
    /// No company yet; `no_bonus` and `no_risk` are the tag bonus and the risk of most companies.
    fn new(no_bonus: f64, no_risk: f64) -> Kept {
        Kept {
            row: Vec::new(),
            place: Vec::new(),
            flags: Vec::new(),
            size: Vec::new(),
            bonus: Sparse::new(no_bonus),
            expansion: Vec::new(),
            risk: Sparse::new(no_risk),
            distance: Vec::new(),
            text: Texts::default(),
            hits_end: Vec::new(),
            hits: Vec::new(),
        }
    }

    fn len(&self) -> usize {
        self.row.len()
    }

    fn hits(&self, k: usize) -> &[Hit] {
        let start = if k == 0 {
            0
        } else {
            self.hits_end[k - 1] as usize
        };
        self.hits
            .get(start..self.hits_end[k] as usize)
            .unwrap_or_default()
    }

    fn distance(&self, k: usize) -> Option<f64> {
        (self.flags[k] & HAS_DISTANCE != 0).then_some(self.distance[k])
    }

    fn bytes(&self, b: Bytes) -> Bytes {
        let b = b
            .vec(&self.row)
            .vec(&self.place)
            .vec(&self.flags)
            .vec(&self.size);
        let b = self.risk.bytes(self.bonus.bytes(b.vec(&self.expansion)));
        let b = b.vec(&self.distance).vec(&self.hits_end).vec(&self.hits);
        self.text.bytes(b)
    }
}

/// Companies that are no lead but count in the lines printed with the leads: out of scope (by
/// place) and left out for risk, with the nodes they are matched to.
#[derive(Debug, Clone, Default)]
struct Counted {
    admit: Vec<Admit>,
    nodes_end: Vec<u32>,
    nodes: Vec<u16>,
}

impl Counted {
    fn nodes(&self, k: usize) -> &[u16] {
        let start = if k == 0 {
            0
        } else {
            self.nodes_end[k - 1] as usize
        };
        self.nodes
            .get(start..self.nodes_end[k] as usize)
            .unwrap_or_default()
    }

    fn bytes(&self, b: Bytes) -> Bytes {
        b.vec(&self.admit).vec(&self.nodes_end).vec(&self.nodes)
    }
}

/// Head offices the kept branches name, found in the second pass.
#[derive(Debug, Clone, Default)]
struct Heads {
    /// Head office name → index of its row below, None until found.
    wanted: HashMap<String, Option<usize>>,
    /// Rows found, ascending (a later active row of a name is appended, not swapped in).
    row: Vec<u64>,
    active: Vec<bool>,
    admit: Vec<Admit>,
    distance: Vec<Option<f64>>,
    text: Texts,
}

/// The size distributions of each node: capital, employees, revenue of every active company
/// matched to it; sorted when first ranked.
#[derive(Debug, Default)]
struct Distributions {
    lists: Vec<[Vec<f64>; 3]>,
    sorted: bool,
}

/// Where a lead's name and uscc are kept: a kept company or a head office.
#[derive(Debug, Clone, Copy)]
enum Source {
    Kept(usize),
    Head(usize),
}

/// No head office, no group.
const NONE: u32 = u32::MAX;

/// A candidate of one chain while the list is ordered, folded and grouped (32 bytes): its score,
/// its row, where its factors come from; the full [`Lead`] is built only for the leads listed.
#[derive(Debug, Clone, Copy)]
struct Cand {
    /// Combined score.
    score: f64,
    /// Its row: the kept company's, or its head office's once a branch is folded.
    row: u64,
    /// The kept company.
    k: u32,
    /// The gap node it fits best.
    node: u32,
    /// The head office a branch folded into, or [`NONE`].
    head: u32,
    /// Its group, or [`NONE`] when it is left out.
    group: u32,
    /// A branch whose head office is not in the data.
    branch: bool,
}

/// A 128-bit fingerprint of a grouping key of kind `tag` (two SipHash values).
fn fingerprint(tag: u8, key: &str) -> u128 {
    use std::hash::{Hash, Hasher};
    let mut a = std::hash::DefaultHasher::new();
    (tag, key).hash(&mut a);
    let mut b = std::hash::DefaultHasher::new();
    (key, tag, 0x9e37_79b9_7f4a_7c15u64).hash(&mut b);
    (u128::from(a.finish()) << 64) | u128::from(b.finish())
}

/// What the lead ranking keeps of the companies, batch by batch (see the module docs).
#[derive(Debug)]
pub struct Prospects {
    profile: Profile,
    filter: LeadFilter,
    home_prefix: String,
    home_province: String,
    home_coords: Option<(f64, f64)>,
    locator: place::Locator,
    province_filter: Option<String>,
    data_day: i32,
    /// Chain of each node.
    node_chain: Vec<usize>,
    /// Whether a firm here on each node counts with each role (make, trade, service), as the
    /// diagnosis counts it.
    node_counts: Vec<[bool; 3]>,
    kept: Kept,
    counted: Counted,
    heads: Heads,
    dist: Mutex<Distributions>,
    /// The home region's active firms on each node: (global row, employees or −1).
    here: Vec<Vec<(u64, f64)>>,
}

/// An end offset in a list of matches or nodes: four billion would take over 16 GB of them.
fn end32(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

fn role_index(role: Role) -> usize {
    match role {
        Role::Make => 0,
        Role::Trade => 1,
        Role::Service => 2,
    }
}

impl Prospects {
    /// An empty ranking of leads for the home region `home` (a six-digit code, as the diagnosis
    /// has it) over the chains of `set`.
    pub fn new(set: &ChainSet, home: &str, profile: &Profile, filter: &LeadFilter) -> Prospects {
        let n_nodes = set.nodes.len();
        let node_counts = (0..n_nodes)
            .map(|n| {
                [Role::Make, Role::Trade, Role::Service].map(|r| crate::gaps::counts(set, n, r))
            })
            .collect();
        Prospects {
            profile: profile.clone(),
            filter: filter.clone(),
            home_prefix: region::selecting_prefix(home).to_string(),
            home_province: home.get(..2).unwrap_or(home).to_string(),
            home_coords: Regions::embedded().coordinates(home),
            locator: place::Locator::new(home),
            province_filter: filter
                .province
                .as_deref()
                .map(|p| region::short_name(p).to_string()),
            data_day: clean::date(&profile.expansion.data_date).unwrap_or(0),
            node_chain: set.nodes.iter().map(|n| n.chain).collect(),
            node_counts,
            // The bonus of a company without tags, and the risk of one without records, as the
            // formulas give them.
            kept: Kept::new(
                std::iter::empty::<&f64>().sum(),
                factors::risk(&profile.risk, 0.0, 0.0, 0.0),
            ),
            counted: Counted::default(),
            heads: Heads::default(),
            dist: Mutex::new(Distributions {
                lists: vec![[Vec::new(), Vec::new(), Vec::new()]; n_nodes],
                sorted: true,
            }),
            here: vec![Vec::new(); n_nodes],
        }
    }

    /// Whether company `i` of `c` may be a lead, and where it lies: the same test for the
    /// candidates and for the head offices their branches fold into.
    fn admit(&self, c: &Companies, i: usize) -> Admit {
        let regions = c.text(Col::RegionCode);
        if regions.get(i).starts_with(self.home_prefix.as_str()) {
            return Admit::Here;
        }
        let province = c.text(Col::Province).get(i);
        let place = self
            .locator
            .place(regions.get(i), province, c.text(Col::City).get(i));
        if !self.filter.scope.admits(place) {
            return Admit::OutOfScope(place);
        }
        if self
            .province_filter
            .as_deref()
            .is_some_and(|p| region::short_name(province) != p)
        {
            return Admit::OtherProvince;
        }
        let (abnormal, dishonest) = (c.num(Col::Abnormal)[i], c.num(Col::Dishonest)[i]);
        let risk = &self.profile.risk;
        if (risk.exclude_dishonest && factors::count(dishonest) > 0.0)
            || factors::count(abnormal) > risk.exclude_abnormal_over
        {
            return Admit::Risky;
        }
        Admit::Yes(place)
    }

    /// Distance from company `i` of `c` to the home region, km.
    fn distance(&self, c: &Companies, i: usize) -> Option<f64> {
        match (c.location(i), self.home_coords) {
            (Some((a, b)), Some((x, y))) => Some(region::distance_km(a, b, x, y)),
            _ => None,
        }
    }

    /// Phase 1: takes what the ranking needs from one batch of companies and its matches (rows
    /// local to the batch, in row order; the batch's first row is global row `first_row`).
    /// Batches come in row order.
    pub fn add(&mut self, batch: &Companies, matches: &[Match], first_row: usize) {
        let n_nodes = self.node_chain.len();
        let valid = |m: &&Match| (m.row as usize) < batch.len() && (m.node as usize) < n_nodes;
        self.add_distributions_and_here(batch, matches, first_row);
        let mut start = 0;
        while start < matches.len() {
            let row = matches[start].row;
            let mut end = start;
            while end < matches.len() && matches[end].row == row {
                end += 1;
            }
            let ms = &matches[start..end];
            start = end;
            let i = row as usize;
            if i >= batch.len() || !batch.is_active(i) {
                continue;
            }
            let on_node = self
                .filter
                .node
                .is_none_or(|n| ms.iter().any(|m| m.node as usize == n));
            match self.admit(batch, i) {
                Admit::Here | Admit::OtherProvince => {}
                Admit::OutOfScope(place) => {
                    // Counted when matched to a gap of the chain and node asked for.
                    let before = self.counted.nodes.len();
                    let (chain, node) = (self.filter.chain, self.filter.node);
                    let node_chain = &self.node_chain;
                    self.counted
                        .nodes
                        .extend(ms.iter().filter(valid).map(|m| m.node).filter(|&n| {
                            chain.is_none_or(|f| node_chain[n as usize] == f)
                                && node.is_none_or(|f| n as usize == f)
                        }));
                    if self.counted.nodes.len() > before {
                        self.counted.admit.push(Admit::OutOfScope(place));
                        self.counted.nodes_end.push(end32(self.counted.nodes.len()));
                    }
                }
                Admit::Risky => {
                    // Counted when on the node asked for and matched to any gap.
                    if on_node {
                        self.counted
                            .nodes
                            .extend(ms.iter().filter(valid).map(|m| m.node));
                        self.counted.admit.push(Admit::Risky);
                        self.counted.nodes_end.push(end32(self.counted.nodes.len()));
                    }
                }
                Admit::Yes(place) => {
                    if on_node {
                        self.keep(batch, i, first_row + i, place, ms);
                    }
                }
            }
        }
    }

    /// The size distributions of the nodes, and the home region's firms on them.
    fn add_distributions_and_here(&mut self, c: &Companies, matches: &[Match], first_row: usize) {
        let (capital, employees, revenue) = (
            c.num(Col::RegisteredCapital),
            c.num(Col::Employees),
            c.num(Col::Revenue),
        );
        let regions = c.text(Col::RegionCode);
        let dist = self.dist.get_mut().unwrap_or_else(|e| e.into_inner());
        let n_nodes = self.node_chain.len();
        for m in matches {
            let (i, n) = (m.row as usize, m.node as usize);
            if i >= c.len() || n >= n_nodes || !c.is_active(i) {
                continue;
            }
            for (k, v) in [capital[i], employees[i], revenue[i]]
                .into_iter()
                .enumerate()
            {
                if v.is_finite() {
                    dist.lists[n][k].push(v);
                    dist.sorted = false;
                }
            }
            let row = (first_row + i) as u64;
            if regions.get(i).starts_with(self.home_prefix.as_str())
                && self.node_counts[n][role_index(m.role)]
                && self.here[n].last().map(|h| h.0) != Some(row)
            {
                let v = employees[i];
                self.here[n].push((row, if v.is_finite() { v } else { -1.0 }));
            }
        }
    }

    /// Keeps a possible lead: company `i` of `c`, global row `row`, with its matches `ms`.
    fn keep(&mut self, c: &Companies, i: usize, row: usize, place: Place, ms: &[Match]) {
        let before = self.kept.hits.len();
        let (chain, node_chain) = (self.filter.chain, &self.node_chain);
        self.kept.hits.extend(
            ms.iter()
                .filter(|m| {
                    node_chain
                        .get(m.node as usize)
                        .is_some_and(|&ci| chain.is_none_or(|f| f == ci))
                })
                .map(|m| Hit {
                    confidence: m.confidence,
                    node: m.node,
                    role: m.role,
                }),
        );
        if self.kept.hits.len() == before {
            // Matched to no chain asked for: never a candidate.
            return;
        }
        let distance = self.distance(c, i);
        let k = &mut self.kept;
        k.hits_end.push(end32(k.hits.len()));
        let p = &self.profile;
        let name = c.text(Col::Name).get(i);
        let region_code = c.text(Col::RegionCode).get(i);
        let branch = is_branch(name);
        let mut flags = 0;
        if region_code.starts_with(self.home_province.as_str()) {
            flags |= SAME_PROVINCE;
        }
        if branch {
            flags |= BRANCH;
        }
        if distance.is_some() {
            flags |= HAS_DISTANCE;
        }
        k.row.push(row as u64);
        k.place.push(place);
        k.flags.push(flags);
        k.size.push([
            c.num(Col::RegisteredCapital)[i],
            c.num(Col::Employees)[i],
            c.num(Col::Revenue)[i],
        ]);
        let index = k.row.len() - 1;
        let bonus: f64 = c.tags(i).filter_map(|t| p.tags.get(t)).sum();
        k.bonus.push(index, bonus);
        k.expansion.push(factors::expansion(
            &p.expansion,
            self.data_day,
            Signals {
                last_financing: c.date(Col::LastFinancing)[i],
                rounds: c.num(Col::FinancingEvents)[i],
                branches: c.num(Col::Branches)[i],
                hiring: c.num(Col::Hiring)[i],
                investments: c.num(Col::OutboundInvestments)[i],
            },
        ));
        k.risk.push(
            index,
            factors::risk(
                &p.risk,
                c.num(Col::Abnormal)[i],
                c.num(Col::Dishonest)[i],
                c.num(Col::Enforced)[i],
            ),
        );
        k.distance.push(distance.unwrap_or(0.0));
        k.text.push(name, c.text(Col::Uscc).get(i), region_code);
        if branch {
            if let Some(head) = head_office_name(name) {
                self.heads.wanted.entry(head).or_insert(None);
            }
        }
    }

    /// Whether a kept company is a branch whose head office is to be looked up: then call
    /// [`Prospects::add_heads`] for every batch, in row order, after the last [`Prospects::add`].
    pub fn wanted_heads(&self) -> bool {
        !self.heads.wanted.is_empty()
    }

    /// The columns [`Prospects::add_heads`] reads (a head office's name, status, uscc, place, risk
    /// and location): the pass over head offices may read only these.
    pub const HEAD_COLUMNS: &'static [Col] = &[
        Col::Name,
        Col::Status,
        Col::Uscc,
        Col::RegionCode,
        Col::Province,
        Col::City,
        Col::Abnormal,
        Col::Dishonest,
        Col::Lat,
        Col::Lon,
    ];

    /// Head offices: records, of one batch (its first row is global row `first_row`), the rows
    /// named as the kept branches' head offices. Of several rows of one name the first counts,
    /// unless it is deregistered and a later one is active: then the first active one.
    pub fn add_heads(&mut self, batch: &Companies, first_row: usize) {
        if self.heads.wanted.is_empty() {
            return;
        }
        let names = batch.text(Col::Name);
        for h in 0..batch.len() {
            let name = names.get(h);
            let Some(&slot) = self.heads.wanted.get(name.trim()) else {
                continue;
            };
            let active = batch.is_active(h);
            // An active head office wins over a deregistered one of the same name.
            if slot.is_some_and(|e| self.heads.active[e] || !active) {
                continue;
            }
            let admit = self.admit(batch, h);
            let distance = self.distance(batch, h);
            let heads = &mut self.heads;
            let index = heads.row.len();
            heads.row.push((first_row + h) as u64);
            heads.active.push(active);
            heads.admit.push(admit);
            heads.distance.push(distance);
            heads.text.push(
                name,
                batch.text(Col::Uscc).get(h),
                batch.text(Col::RegionCode).get(h),
            );
            if let Some(s) = heads.wanted.get_mut(name.trim()) {
                *s = Some(index);
            }
        }
    }

    /// The region code of a possible lead's or a head office's global row: of every row a lead or
    /// its group may name (None for other rows, such as the firms here).
    pub fn region_of(&self, global_row: usize) -> Option<&str> {
        let row = global_row as u64;
        if let Ok(k) = self.kept.row.binary_search(&row) {
            return Some(self.kept.text.get(k).2);
        }
        self.heads
            .row
            .binary_search(&row)
            .ok()
            .map(|k| self.heads.text.get(k).2)
    }

    /// The home region's active firms on each node (by node index): their global rows, the
    /// largest by employees first (unknown sizes last, then by row).
    pub fn local_firms(&self) -> Vec<Vec<usize>> {
        self.here
            .iter()
            .map(|list| {
                let mut v = list.clone();
                v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                v.into_iter().map(|(row, _)| row as usize).collect()
            })
            .collect()
    }

    /// How many companies are kept and the heap bytes they take, with the size distributions,
    /// the firms here and the head offices.
    pub fn footprint(&self) -> Footprint {
        let dist = self.dist.lock().unwrap_or_else(|e| e.into_inner());
        let mut b = Bytes::default();
        for list in dist.lists.iter().flat_map(|d| d.iter()) {
            b = b.vec(list);
        }
        for list in &self.here {
            b = b.vec(list);
        }
        let h = &self.heads;
        for name in h.wanted.keys() {
            // The key, and about the map's own slot.
            b = b.string(name);
            let slot = std::mem::size_of::<(String, Option<usize>)>() + 8;
            b.used += slot;
            b.reserved += slot;
        }
        let b = b.vec(&h.row).vec(&h.active).vec(&h.admit).vec(&h.distance);
        let b = self.counted.bytes(self.kept.bytes(h.text.bytes(b)));
        Footprint {
            companies: self.kept.len() + self.counted.admit.len() + h.row.len(),
            used_bytes: b.used,
            reserved_bytes: b.reserved,
        }
    }

    /// The name and uscc of a lead's company.
    fn name_uscc(&self, src: Source) -> (&str, &str) {
        let (name, uscc, _) = match src {
            Source::Kept(k) => self.kept.text.get(k),
            Source::Head(h) => self.heads.text.get(h),
        };
        (name, uscc)
    }

    /// Phase 2: the leads of every chain (or the filtered one) for the diagnosis `gaps` of the
    /// home region, as [`super::rank`] gives them, with global rows. One chain at a time, each
    /// candidate a compact [`Cand`] while the list is ordered, folded and grouped; the full
    /// [`Lead`] is built only for the leads listed, so the ranking of a national table needs
    /// about 60 bytes per candidate of one chain beside what [`Prospects`] keeps.
    pub fn rank(&self, set: &ChainSet, gaps: &GapReport) -> Leads {
        let gap = GapTerms::new(set, gaps, &self.profile);
        let mut counts = self.counts(&gap);
        let mut dist = self.dist.lock().unwrap_or_else(|e| e.into_inner());
        if !dist.sorted {
            for d in dist.lists.iter_mut() {
                for v in d.iter_mut() {
                    v.sort_by(f64::total_cmp);
                }
            }
            dist.sorted = true;
        }
        let mut held_back = Vec::new();
        let mut by_chain: Vec<(usize, Vec<Lead>)> = Vec::new();
        for ci in 0..set.chains.len() {
            if self.filter.chain.is_some_and(|f| f != ci) {
                continue;
            }
            let mut cands = self.candidates(set, &gap, &dist, ci);
            counts.candidates += cands.len();
            let (out, held) = self.fold(set, &gap, &dist, ci, &mut cands);
            held_back.extend(held.into_iter().map(|(n, k)| (ci, n, k)));
            by_chain.push((ci, out));
        }
        drop(dist);
        self.attach_firms_here(set, &mut by_chain);
        Leads {
            by_chain,
            candidates: counts.candidates,
            excluded_for_risk: counts.excluded_for_risk,
            held_back,
            scope: self.filter.scope,
            out_of_scope: std::mem::take(&mut counts.out_of_scope)
                .into_iter()
                .collect(),
        }
    }

    /// The counts printed with the leads: companies out of scope (by place) and left out for risk
    /// that are matched to a gap.
    fn counts(&self, gap: &GapTerms) -> Counts {
        let mut counts = Counts::default();
        for k in 0..self.counted.admit.len() {
            if self
                .counted
                .nodes(k)
                .iter()
                .any(|&n| gap.is_gap(n as usize))
            {
                match self.counted.admit[k] {
                    Admit::OutOfScope(place) => {
                        *counts.out_of_scope.entry(place).or_insert(0) += 1;
                    }
                    _ => counts.excluded_for_risk += 1,
                }
            }
        }
        counts
    }

    /// Kept company `k` as a lead of chain `ci`, with its factors and score: None when it fits no
    /// gap of the chain. The one place the score is computed, for ordering and for the list.
    fn lead(
        &self,
        set: &ChainSet,
        gap: &GapTerms,
        dist: &Distributions,
        ci: usize,
        k: usize,
    ) -> Option<Lead> {
        let p = &self.profile;
        let w = &p.weights;
        let w_sum = w.fit + w.quality + w.expansion + w.closeness;
        let kept = &self.kept;
        let (node, fit) = gap.fit(set, p, kept.hits(k), ci)?;
        let quality = match dist.lists.get(node) {
            Some(d) => factors::quality(&p.quality, d, kept.size[k], kept.bonus.get(k)),
            None => 0.0,
        };
        let expansion = kept.expansion[k];
        let (supplies_local, buys_local) = gap.links_here[node];
        let distance_km = kept.distance(k);
        let closeness = factors::closeness(
            &p.closeness,
            supplies_local + buys_local,
            distance_km,
            kept.flags[k] & SAME_PROVINCE != 0,
        );
        let risk = kept.risk.get(k);
        let positive =
            (w.fit * fit + w.quality * quality + w.expansion * expansion + w.closeness * closeness)
                / w_sum;
        let score = positive * (1.0 - p.risk.penalty * risk) * gap.policy[node];
        Some(Lead {
            row: kept.row[k] as usize,
            chain: ci,
            place: kept.place[k],
            node,
            score,
            fit,
            quality,
            expansion,
            closeness,
            risk,
            supplies_local,
            buys_local,
            customers_here: Vec::new(),
            suppliers_here: Vec::new(),
            distance_km,
            group: Vec::new(),
            branch: false,
        })
    }

    /// The candidates of chain `ci`, in kept order.
    fn candidates(
        &self,
        set: &ChainSet,
        gap: &GapTerms,
        dist: &Distributions,
        ci: usize,
    ) -> Vec<Cand> {
        (0..self.kept.len())
            .filter_map(|k| {
                let lead = self.lead(set, gap, dist, ci, k)?;
                Some(Cand {
                    score: lead.score,
                    row: lead.row as u64,
                    k: k as u32,
                    node: lead.node as u32,
                    head: NONE,
                    group: NONE,
                    branch: false,
                })
            })
            .collect()
    }

    /// One chain's candidates folded into groups (same valid uscc or the same name stem) under
    /// their head office, else their best member that is not a branch, else their best member;
    /// ordered by that lead's score, then row, and cut to the top list. Also returns the leads the
    /// node-share cap held back, per node.
    fn fold(
        &self,
        set: &ChainSet,
        gap: &GapTerms,
        dist: &Distributions,
        ci: usize,
        cands: &mut [Cand],
    ) -> (Vec<Lead>, Vec<(usize, usize)>) {
        cands.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.row.cmp(&b.row)));
        let groups = self.group(cands);
        // Members of each group in list order: group g's are members[start[g]..start[g + 1]].
        let mut start = vec![0usize; groups + 1];
        for c in cands.iter().filter(|c| c.group != NONE) {
            start[c.group as usize + 1] += 1;
        }
        for g in 0..groups {
            start[g + 1] += start[g];
        }
        let mut members = vec![0u32; start[groups]];
        let mut fill = start.clone();
        for (i, c) in cands.iter().enumerate().filter(|(_, c)| c.group != NONE) {
            members[fill[c.group as usize]] = i as u32;
            fill[c.group as usize] += 1;
        }
        drop(fill);
        // Each group's lead: the first member that is not a branch, else the first.
        let mut reps: Vec<(u32, u32)> = (0..groups)
            .map(|g| {
                let ms = &members[start[g]..start[g + 1]];
                let pick = ms
                    .iter()
                    .position(|&i| !cands[i as usize].branch)
                    .unwrap_or(0);
                (g as u32, ms[pick])
            })
            .collect();
        reps.sort_by(|&(_, a), &(_, b)| {
            let (a, b) = (&cands[a as usize], &cands[b as usize]);
            b.score.total_cmp(&a.score).then(a.row.cmp(&b.row))
        });
        let mut held = Vec::new();
        if let Some(top) = self.filter.top {
            let nodes: Vec<usize> = reps
                .iter()
                .map(|&(_, i)| cands[i as usize].node as usize)
                .collect();
            let (taken, h) =
                super::cap_node_share_by(&nodes, top, self.profile.variety.max_node_share);
            reps = taken.into_iter().map(|k| reps[k]).collect();
            held = h;
        }
        let out = reps
            .into_iter()
            .filter_map(|(g, rep)| {
                let c = cands[rep as usize];
                let mut lead = self.lead(set, gap, dist, ci, c.k as usize)?;
                if c.head != NONE {
                    let h = c.head as usize;
                    lead.group.push(lead.row);
                    lead.row = self.heads.row[h] as usize;
                    if let Admit::Yes(place) = self.heads.admit[h] {
                        lead.place = place;
                    }
                    lead.distance_km = self.heads.distance[h].or(lead.distance_km);
                }
                lead.branch = c.branch;
                let mut rows: Vec<usize> = std::mem::take(&mut lead.group);
                for &m in &members[start[g as usize]..start[g as usize + 1]] {
                    if m == rep {
                        continue;
                    }
                    let m = cands[m as usize];
                    rows.push(m.row as usize);
                    if m.head != NONE {
                        rows.push(self.kept.row[m.k as usize] as usize);
                    }
                }
                let mut seen_rows = HashSet::new();
                lead.group = rows
                    .into_iter()
                    .filter(|&r| r != lead.row && seen_rows.insert(r))
                    .collect();
                Some(lead)
            })
            .collect();
        (out, held)
    }

    /// Folds branches into their head offices and puts each candidate (ordered best first) in a
    /// group: the first group whose uscc or name stem it shares, else a new one. A branch whose
    /// head office is active but here, outside the scope or risky is left out (group `NONE`).
    /// Returns the number of groups. Keys are compared by a 128-bit fingerprint (two SipHash
    /// values of the key), so a national list needs 16 bytes per key; two different keys taken
    /// for one has odds below 10^-20 among 100 million keys.
    fn group(&self, cands: &mut [Cand]) -> usize {
        let mut seen: HashMap<u128, u32> = HashMap::new();
        let mut groups = 0u32;
        for c in cands.iter_mut() {
            let k = c.k as usize;
            let mut src = Source::Kept(k);
            if self.kept.flags[k] & BRANCH != 0 {
                let (name, _) = self.name_uscc(src);
                let head = head_office_name(name)
                    .and_then(|h| self.heads.wanted.get(h.as_str()).copied().flatten());
                match head {
                    Some(h) if self.heads.active[h] => match self.heads.admit[h] {
                        // The head office takes the branch's place on the list.
                        Admit::Yes(_) => {
                            c.head = h as u32;
                            c.row = self.heads.row[h];
                            src = Source::Head(h);
                        }
                        // The head office is here, outside the scope, or risky: no lead.
                        _ => continue,
                    },
                    _ => c.branch = true,
                }
            }
            let (name, uscc) = self.name_uscc(src);
            let stem = name_stem(name);
            // An empty uscc or a stem of one or two characters says nothing about groups.
            let keys = [
                (!(uscc.is_empty() || uscc.ends_with(':'))).then(|| fingerprint(b'u', uscc)),
                (!(stem.is_empty() || stem.ends_with(':') || stem.chars().count() < 2))
                    .then(|| fingerprint(b's', &stem)),
            ];
            let known = keys.iter().flatten().find_map(|k| seen.get(k).copied());
            match known {
                Some(j) => c.group = j,
                None => {
                    for k in keys.into_iter().flatten() {
                        seen.insert(k, groups);
                    }
                    c.group = groups;
                    groups += 1;
                }
            }
        }
        groups as usize
    }

    /// The firms here each lead could supply and buy from (以商招商), largest first.
    fn attach_firms_here(&self, set: &ChainSet, by_chain: &mut [(usize, Vec<Lead>)]) {
        let by_size = |a: &(u64, f64), b: &(u64, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        let here: Vec<Vec<(u64, f64)>> = self
            .here
            .iter()
            .map(|list| {
                let mut list = list.clone();
                list.sort_by(by_size);
                list.dedup();
                list
            })
            .collect();
        let firms_on = |nodes: Vec<(usize, &crate::chain::Link)>| -> Vec<usize> {
            let mut rows: Vec<(u64, f64)> = nodes
                .iter()
                .flat_map(|&(n, _)| here.get(n).into_iter().flatten().copied())
                .collect();
            rows.sort_by(by_size);
            rows.dedup();
            rows.into_iter().map(|(r, _)| r as usize).collect()
        };
        for (_, out) in by_chain.iter_mut() {
            for l in out.iter_mut() {
                l.customers_here = firms_on(set.downstream(l.node));
                l.suppliers_here = firms_on(set.upstream(l.node));
            }
        }
    }
}

/// What the ranking takes from the diagnosis.
struct GapTerms {
    /// Priority of each node.
    priority: Vec<f64>,
    /// The highest priority (at least a tiny positive number).
    max_priority: f64,
    /// Firms here on the nodes each node supplies and buys from.
    links_here: Vec<(usize, usize)>,
    /// Per node: the policy factor of its leads' scores ([`Profile::policy_factor`]).
    policy: Vec<f64>,
}

impl GapTerms {
    fn new(set: &ChainSet, gaps: &GapReport, profile: &Profile) -> GapTerms {
        let n_nodes = set.nodes.len();
        let mut priority = vec![0.0f64; n_nodes];
        let mut local = vec![0usize; n_nodes];
        for g in &gaps.nodes {
            if g.node < n_nodes {
                priority[g.node] = g.priority;
                local[g.node] = g.local_count;
            }
        }
        let max_priority = priority.iter().cloned().fold(0.0, f64::max).max(1e-12);
        let links_here = (0..n_nodes)
            .map(|n| {
                (
                    set.downstream(n).iter().map(|(m, _)| local[*m]).sum(),
                    set.upstream(n).iter().map(|(m, _)| local[*m]).sum(),
                )
            })
            .collect();
        let policy = set
            .nodes
            .iter()
            .map(|n| profile.policy_factor(n.policy.as_ref()))
            .collect();
        GapTerms {
            priority,
            max_priority,
            links_here,
            policy,
        }
    }

    /// The gap fit of a company matched by `hits` on chain `ci`: noisy-OR over its gap nodes of
    /// (priority / the highest priority) × confidence × role factor, with the node it fits best
    /// once the policy factor is applied (a firm on a restricted and an unrestricted gap is listed
    /// under the unrestricted one when it fits both alike); None when it is matched to no gap of
    /// the chain.
    fn fit(&self, set: &ChainSet, p: &Profile, hits: &[Hit], ci: usize) -> Option<(usize, f64)> {
        let mut miss = 1.0;
        let mut best: Option<(usize, f64)> = None;
        for m in hits.iter().filter(|m| {
            set.nodes
                .get(m.node as usize)
                .is_some_and(|n| n.chain == ci)
        }) {
            let n = m.node as usize;
            if self.priority[n] <= 0.0 {
                continue;
            }
            let role = factors::role_factor(p, m.role);
            let part = (self.priority[n] / self.max_priority) * m.confidence as f64 * role;
            miss *= 1.0 - part.clamp(0.0, 1.0);
            let weighed = part * self.policy[n];
            if best.is_none_or(|(_, b)| weighed > b) {
                best = Some((n, weighed));
            }
        }
        best.map(|(node, _)| (node, 1.0 - miss))
    }

    /// Whether node `n` is a gap (a priority above zero).
    fn is_gap(&self, n: usize) -> bool {
        self.priority.get(n).is_some_and(|&p| p > 0.0)
    }
}

/// What [`Prospects`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Footprint {
    /// Companies kept: possible leads, those kept for the counts, head offices found.
    pub companies: usize,
    /// Heap bytes in use.
    pub used_bytes: usize,
    /// Heap bytes allocated (what the vectors reserved as they grew).
    pub reserved_bytes: usize,
}

/// The counts printed with the leads.
#[derive(Debug, Default)]
struct Counts {
    candidates: usize,
    excluded_for_risk: usize,
    out_of_scope: BTreeMap<Place, usize>,
}

impl Leads {
    /// Every row a lead refers to (its own, its group's, the firms here it could supply or buy
    /// from), sorted, each once: the rows whose full records the outputs need.
    pub fn rows(&self) -> Vec<usize> {
        let mut rows: Vec<usize> = self
            .by_chain
            .iter()
            .flat_map(|(_, list)| list.iter())
            .flat_map(|l| {
                std::iter::once(l.row)
                    .chain(l.group.iter().copied())
                    .chain(l.customers_here.iter().copied())
                    .chain(l.suppliers_here.iter().copied())
            })
            .collect();
        rows.sort_unstable();
        rows.dedup();
        rows
    }

    /// Rewrites every row the leads refer to (see [`Leads::rows`]) with `f`, e.g. from global
    /// rows to the rows of a small table holding only those companies.
    pub fn remap(&mut self, f: impl Fn(usize) -> usize) {
        for (_, list) in self.by_chain.iter_mut() {
            for l in list.iter_mut() {
                l.row = f(l.row);
                for r in l
                    .group
                    .iter_mut()
                    .chain(l.customers_here.iter_mut())
                    .chain(l.suppliers_here.iter_mut())
                {
                    *r = f(*r);
                }
            }
        }
    }
}
