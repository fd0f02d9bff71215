//! The automaton, the per-company evaluation and the parallel scan.

use std::collections::HashMap;

use aho_corasick::{AhoCorasickBuilder, MatchKind};
use rayon::prelude::*;

use super::scope::{self, Parsed, ScopeParser};
use super::terms::TermSet;
use crate::chain::{Activities, ChainSet};
use crate::company::{Col, Companies};
use crate::lang::Lang;

/// Which text a hit was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// 企业名称.
    Name = 0,
    /// 主营产品.
    Products = 1,
    /// 经营范围.
    Scope = 2,
}

impl Field {
    const ALL: [Field; 3] = [Field::Name, Field::Products, Field::Scope];

    /// The field's name for users.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Field::Name, Lang::Zh) => "企业名称",
            (Field::Products, Lang::Zh) => "主营产品",
            (Field::Scope, Lang::Zh) => "经营范围",
            (Field::Name, Lang::En) => "name",
            (Field::Products, Lang::En) => "products",
            (Field::Scope, Lang::En) => "scope",
        }
    }
}

/// What a company does with a node's product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Makes it (生产, 制造, 加工).
    Make,
    /// Trades it (销售, 批发, 零售, 进出口).
    Trade,
    /// Serves it (维修, 检测, 技术服务, 租赁).
    Service,
}

impl Role {
    /// The id used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Make => "make",
            Role::Trade => "trade",
            Role::Service => "service",
        }
    }

    /// The name for users.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::Make, Lang::Zh) => "生产",
            (Role::Trade, Lang::Zh) => "贸易",
            (Role::Service, Lang::Zh) => "服务",
            (_, Lang::En) => self.as_str(),
        }
    }
}

/// How sure a match is (核实状态).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// 确认: a maker or service item of the scope, a product line, or two independent sources.
    Confirmed,
    /// 待核实: one weak source only (a name, an industry code or a scope item without a verb).
    ToVerify,
}

impl Status {
    /// The id used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::ToVerify => "to-verify",
        }
    }

    /// The name for users.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::Confirmed, Lang::Zh) => "确认",
            (Status::ToVerify, Lang::Zh) => "待核实",
            (_, Lang::En) => self.as_str(),
        }
    }
}

/// How a term is used by a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    Keyword(u16),
    Context(u16),
    Exclude(u16),
}

/// Nodes below the bar still support their chain's primary node from this confidence up.
const SUPPORT_FLOOR: f64 = 0.3;

/// The evidence weights (see the module documentation).
mod weight {
    /// The first scope item whose verbs fit the node (a maker item for a product).
    pub const ITEM: f64 = 0.8;
    /// Each further such item.
    pub const ITEM_MORE: f64 = 0.3;
    /// The first scope item without any verb.
    pub const BARE: f64 = 0.45;
    /// Each further such item.
    pub const BARE_MORE: f64 = 0.15;
    /// The first item without a verb naming a distribution node's goods (a list of goods with no
    /// verb is a trader's).
    pub const GOODS: f64 = 0.6;
    /// A product line among the first three, lines 4 to 6, further down (each further line: half).
    pub const LINES: [f64; 3] = [0.8, 0.45, 0.3];
    /// A keyword in the company name.
    pub const NAME: f64 = 0.45;
    /// The industry code is one of the node's.
    pub const CODE: f64 = 0.45;
    /// The first scope item trading a node's product, counted on the chain's distribution node.
    pub const TRADED: f64 = 0.8;
    /// A product line trading it (焦炭贸易): this share of the line's weight, so that a trading
    /// line alone is not enough.
    pub const TRADED_LINE: f64 = 0.5;
}

/// The most evidence items kept per match.
const MAX_EVIDENCE: usize = 6;

/// Why a company matches a node: the terms found (field, term), the scope item that decided it
/// and whether its code matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evidence {
    hits: [(u8, u32); MAX_EVIDENCE],
    len: u8,
    /// The company's industry code is one of the node's.
    pub code: bool,
    /// The match moved here from a product the company only trades (node index).
    pub traded_from: Option<u16>,
    /// Byte range in the business scope of the item that decided the match (empty when none).
    pub item: (u32, u32),
}

impl Default for Evidence {
    fn default() -> Self {
        Evidence::new()
    }
}

impl Evidence {
    fn new() -> Evidence {
        Evidence {
            hits: [(0, 0); MAX_EVIDENCE],
            len: 0,
            code: false,
            traded_from: None,
            item: (0, 0),
        }
    }

    fn push(&mut self, field: Field, term: u32) {
        let item = (field as u8, term);
        if (self.len as usize) < MAX_EVIDENCE && !self.hits[..self.len as usize].contains(&item) {
            self.hits[self.len as usize] = item;
            self.len += 1;
        }
    }

    /// The (field, term index) pairs found.
    pub fn hits(&self) -> impl Iterator<Item = (Field, u32)> + '_ {
        self.hits[..self.len as usize]
            .iter()
            .map(|&(f, t)| (Field::ALL[f as usize], t))
    }
}

/// One company matched to one node.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    /// Row of the company in the table.
    pub row: u32,
    /// Node index in the chain set.
    pub node: u16,
    /// Confidence in 0..1.
    pub confidence: f32,
    /// What the company does with the node's product.
    pub role: Role,
    /// 确认 or 待核实.
    pub status: Status,
    /// The most confident node of its chain for this company.
    pub primary: bool,
    /// Why.
    pub evidence: Evidence,
}

/// All matches, in row order (and node order within a row).
#[derive(Debug, Clone, Default)]
pub struct Matches {
    /// The matches.
    pub list: Vec<Match>,
    /// Companies scanned.
    pub scanned: usize,
}

#[derive(Debug, Clone)]
struct NodeInfo {
    chain: u16,
    /// Which item roles count for the node.
    roles: Activities,
    /// Where a chain's traders belong (the chain's wholesale node), if it has one.
    distribution: Option<u16>,
    has_context: bool,
}

/// The matcher: built once from the chains, shared by all threads.
pub struct Classifier {
    automaton: TermSet,
    terms: Vec<String>,
    uses: Vec<Vec<Use>>,
    parser: ScopeParser,
    nodes: Vec<NodeInfo>,
    by_code: HashMap<String, Vec<u16>>,
}

/// A keyword found: field, term, start and end byte.
type Hit = (Field, u32, u32, u32);

/// Scratch space of one thread.
struct Scratch {
    hits: Vec<Hit>,
    /// Where the scope's hits start (for parsing only their clauses).
    near: Vec<u32>,
    parsed: Parsed,
    accs: Vec<Acc>,
    touched: Vec<u16>,
    /// (match index, boosted confidence) of the best node of each chain.
    boosted: Vec<(usize, f32)>,
}

#[derive(Clone)]
struct Acc {
    /// Fields (name, products) holding a context term.
    context: u8,
    /// Scope clauses (bit per clause, the 64th for all further ones) holding a context term.
    context_clauses: u64,
    exclude: u8,
    keywords: Vec<Hit>,
    code: bool,
    active: bool,
}

impl Acc {
    fn new() -> Acc {
        Acc {
            context: 0,
            context_clauses: 0,
            exclude: 0,
            keywords: Vec::with_capacity(8),
            code: false,
            active: false,
        }
    }

    fn clear(&mut self) {
        self.keywords.clear();
        self.context = 0;
        self.context_clauses = 0;
        self.exclude = 0;
        self.code = false;
        self.active = false;
    }
}

fn clause_bit(clause: u16) -> u64 {
    1u64 << clause.min(63)
}

/// What separates the lines of a main-products list.
const PRODUCT_SEPARATORS: [char; 5] = ['、', '，', ',', '；', ';'];

/// The item (between separators) of a text around a byte offset.
fn item_at<'t>(text: &'t str, at: usize, separators: &[char]) -> &'t str {
    let at = at.min(text.len());
    let start = text[..at].rfind(separators).map(|i| i + 1).unwrap_or(0);
    let start = (start..=at)
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(at);
    let end = text[at..]
        .find(separators)
        .map(|i| at + i)
        .unwrap_or(text.len());
    &text[start..end]
}

/// The evidence of one node for one company, summed up from its hits.
#[derive(Default)]
struct Tally {
    /// Distinct scope items whose verbs fit the node.
    items: u32,
    /// Distinct scope items without a verb.
    bare: u32,
    /// Distinct scope items without a verb naming a distribution node's goods.
    goods: u32,
    /// Distinct scope items (or product lines) that only trade the node's product.
    traded: u32,
    /// Bit per product line (up to 64) holding a keyword as a product.
    lines: u64,
    /// Bit per product line trading the node's product (焦炭贸易).
    traded_lines: u64,
    name: bool,
    /// A fitting scope item served rather than made.
    service: bool,
    /// The deciding item, and the first trading item.
    item: Option<(u32, u32)>,
    traded_item: Option<(u32, u32)>,
}

/// The miss factor `Π (1 − w)` of the product lines set in `lines`: each line by its position,
/// halved after the first, all scaled by `scale`.
fn lines_miss(mut lines: u64, scale: f64) -> f64 {
    let mut miss = 1.0f64;
    let mut first = true;
    while lines != 0 {
        let line = lines.trailing_zeros();
        lines &= lines - 1;
        let w = weight::LINES[(line as usize / 3).min(2)] * scale;
        miss *= 1.0 - if first { w } else { w / 2.0 };
        first = false;
    }
    miss
}

impl Tally {
    fn confidence(&self, code: bool) -> f64 {
        let mut miss = lines_miss(self.lines, 1.0);
        if self.items > 0 {
            miss *= (1.0 - weight::ITEM) * (1.0 - weight::ITEM_MORE).powi(self.items as i32 - 1);
        }
        if self.bare > 0 {
            miss *= (1.0 - weight::BARE) * (1.0 - weight::BARE_MORE).powi(self.bare as i32 - 1);
        }
        if self.goods > 0 {
            miss *= (1.0 - weight::GOODS) * (1.0 - weight::BARE_MORE).powi(self.goods as i32 - 1);
        }
        if self.name {
            miss *= 1.0 - weight::NAME;
        }
        if code {
            miss *= 1.0 - weight::CODE;
        }
        1.0 - miss
    }

    /// 确认 with a fitting item or product line, or with two independent sources.
    fn status(&self, code: bool) -> Status {
        let sources = [self.name, code, self.bare > 0]
            .iter()
            .filter(|&&b| b)
            .count();
        if self.items > 0 || self.lines != 0 || sources >= 2 {
            Status::Confirmed
        } else {
            Status::ToVerify
        }
    }
}

impl Classifier {
    /// Builds the automaton from every node's keywords, context terms and exclusions.
    pub fn new(set: &ChainSet) -> Result<Classifier, aho_corasick::BuildError> {
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut terms: Vec<String> = Vec::new();
        let mut uses: Vec<Vec<Use>> = Vec::new();
        let mut add = |t: &str, u: Use, terms: &mut Vec<String>, uses: &mut Vec<Vec<Use>>| {
            let key = t.trim().to_string();
            let id = *index.entry(key.clone()).or_insert_with(|| {
                terms.push(key);
                uses.push(Vec::new());
                (terms.len() - 1) as u32
            });
            if !uses[id as usize].contains(&u) {
                uses[id as usize].push(u);
            }
        };
        for (i, node) in set.nodes.iter().enumerate() {
            let n = i as u16;
            for k in &node.keywords {
                add(k, Use::Keyword(n), &mut terms, &mut uses);
            }
            for k in &node.require_any {
                add(k, Use::Context(n), &mut terms, &mut uses);
            }
            for k in &node.exclude {
                add(k, Use::Exclude(n), &mut terms, &mut uses);
            }
        }
        // The search is leftmost-longest, so a term inside a longer one is not reported by itself:
        // a longer keyword wins over the keyword it contains (光伏玻璃原料 over 光伏玻璃), and the
        // context terms and exclusions inside a term are implied by it here.
        let mut implied: Vec<Vec<Use>> = vec![Vec::new(); terms.len()];
        let inner_terms = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(&terms)?;
        for (outer, text) in terms.iter().enumerate() {
            for m in inner_terms.find_overlapping_iter(text.as_str()) {
                let inner = m.pattern().as_usize();
                if inner == outer {
                    continue;
                }
                for u in &uses[inner] {
                    if matches!(u, Use::Context(_) | Use::Exclude(_)) && !implied[outer].contains(u)
                    {
                        implied[outer].push(*u);
                    }
                }
            }
        }
        for (u, extra) in uses.iter_mut().zip(implied) {
            for x in extra {
                if !u.contains(&x) {
                    u.push(x);
                }
            }
        }
        let automaton = TermSet::new(&terms, true);
        let nodes = set
            .nodes
            .iter()
            .map(|n| NodeInfo {
                chain: n.chain as u16,
                roles: n.roles,
                distribution: set.chains[n.chain]
                    .nodes
                    .iter()
                    .copied()
                    .find(|&m| set.nodes[m].distribution)
                    .map(|m| m as u16),
                has_context: !n.require_any.is_empty(),
            })
            .collect();
        let mut by_code: HashMap<String, Vec<u16>> = HashMap::new();
        for (i, n) in set.nodes.iter().enumerate() {
            for c in &n.industry_codes {
                by_code.entry(c.clone()).or_default().push(i as u16);
            }
        }
        Ok(Classifier {
            automaton,
            terms,
            uses,
            parser: ScopeParser::new(),
            nodes,
            by_code,
        })
    }

    /// The text of a term found (for evidence).
    pub fn term(&self, id: u32) -> &str {
        self.terms
            .get(id as usize)
            .map(String::as_str)
            .unwrap_or("")
    }

    /// Number of distinct terms in the automaton.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// The term set the texts are scanned with.
    pub fn term_set(&self) -> &TermSet {
        &self.automaton
    }

    /// The scope parser the classifier reads business scopes with.
    pub fn parser(&self) -> &ScopeParser {
        &self.parser
    }

    /// The nodes (indices) whose keywords appear in a text, leftmost-longest, with the byte range
    /// of each hit; context terms and exclusions are not applied (for vocabulary review).
    pub fn keyword_hits(&self, text: &str) -> Vec<(u16, u32, u32)> {
        let mut out = Vec::new();
        for m in self.automaton.find_iter(text) {
            for u in &self.uses[m.pattern as usize] {
                if let Use::Keyword(n) = *u {
                    out.push((n, m.start, m.end));
                }
            }
        }
        out
    }

    fn scratch(&self) -> Scratch {
        Scratch {
            hits: Vec::with_capacity(32),
            near: Vec::with_capacity(32),
            parsed: Parsed::default(),
            accs: vec![Acc::new(); self.nodes.len()],
            touched: Vec::with_capacity(16),
            boosted: Vec::with_capacity(8),
        }
    }

    /// Classifies every company; matches below `min_confidence` are dropped.
    pub fn classify(&self, c: &Companies, min_confidence: f64) -> Matches {
        const CHUNK: usize = 2048;
        let n = c.len();
        let names = c.text(Col::Name);
        let products = c.text(Col::MainProducts);
        let scopes = c.text(Col::BusinessScope);
        let codes = c.text(Col::IndustryCode);
        let chunks: Vec<Vec<Match>> = (0..n.div_ceil(CHUNK))
            .into_par_iter()
            .map_init(
                || self.scratch(),
                |scratch, k| {
                    let mut out = Vec::new();
                    for row in k * CHUNK..((k + 1) * CHUNK).min(n) {
                        self.company(
                            scratch,
                            row as u32,
                            [names.get(row), products.get(row), scopes.get(row)],
                            codes.get(row),
                            min_confidence,
                            &mut out,
                        );
                    }
                    out
                },
            )
            .collect();
        let mut list = Vec::with_capacity(chunks.iter().map(Vec::len).sum());
        for chunk in chunks {
            list.extend(chunk);
        }
        Matches { list, scanned: n }
    }

    /// Classifies one company given its texts (name, main products, business scope) and code.
    pub fn classify_one(&self, texts: [&str; 3], code: &str, min_confidence: f64) -> Vec<Match> {
        let mut scratch = self.scratch();
        let mut out = Vec::new();
        self.company(&mut scratch, 0, texts, code, min_confidence, &mut out);
        out
    }

    fn scan(&self, text: &str, field: Field, hits: &mut Vec<Hit>) {
        hits.extend(
            self.automaton
                .find_iter(text)
                .map(|m| (field, m.pattern, m.start, m.end)),
        );
    }

    /// Sums up one node's hits (sorted by field and position) into a tally.
    fn tally(
        &self,
        node: u16,
        acc: &Acc,
        texts: [&str; 3],
        parsed: &Parsed,
        ev: &mut Evidence,
    ) -> Tally {
        let info = &self.nodes[node as usize];
        let fits = |bits: u8| -> Option<Role> {
            if info.roles.make && bits & scope::MAKE != 0 {
                Some(Role::Make)
            } else if info.roles.service && bits & scope::SERVICE != 0 {
                Some(Role::Service)
            } else if info.roles.trade && bits & scope::TRADE != 0 {
                Some(Role::Trade)
            } else {
                None
            }
        };
        let mut t = Tally::default();
        let mut last_item: Option<u32> = None;
        for &(f, p, start, end) in &acc.keywords {
            if acc.exclude & (1 << f as u8) != 0 {
                continue;
            }
            match f {
                Field::Scope => {
                    let Some(item) = parsed.locate(start, end) else {
                        continue;
                    };
                    if info.has_context && acc.context_clauses & clause_bit(item.clause) == 0 {
                        continue;
                    }
                    if last_item == Some(item.start) {
                        ev.push(f, p);
                        continue;
                    }
                    last_item = Some(item.start);
                    let range = (item.start, item.end);
                    if item.roles == 0 && info.roles.trade_only() {
                        // Goods listed without a verb are traded goods (五金交电、钢材、建材).
                        t.goods += 1;
                        t.item.get_or_insert(range);
                    } else if item.roles == 0 {
                        t.bare += 1;
                        t.item.get_or_insert(range);
                    } else if let Some(role) = fits(item.roles) {
                        if t.items == 0 {
                            t.item = Some(range);
                        }
                        t.items += 1;
                        t.service |= role == Role::Service;
                    } else if item.roles & scope::TRADE != 0 {
                        t.traded += 1;
                        t.traded_item.get_or_insert(range);
                        continue;
                    } else {
                        // Serving a made product (安装、维修) does not make its maker.
                        continue;
                    }
                    ev.push(f, p);
                }
                Field::Products => {
                    if info.has_context && acc.context & (1 << f as u8) == 0 {
                        continue;
                    }
                    let products = texts[1];
                    let at = (start as usize).min(products.len());
                    let line = products[..at].matches(PRODUCT_SEPARATORS).count();
                    // A product line such as 焦炭贸易 or 铁精粉销售 says the firm trades it.
                    let bits = self
                        .parser
                        .roles_in(item_at(products, at, &PRODUCT_SEPARATORS));
                    let trades = bits & scope::TRADE != 0 && bits & scope::MAKE == 0;
                    if trades && !info.roles.trade {
                        t.traded_lines |= 1 << line.min(63);
                        continue;
                    }
                    // A distribution node's goods word counts only on a trading line.
                    if !trades && info.roles.trade_only() {
                        continue;
                    }
                    t.lines |= 1 << line.min(63);
                    ev.push(f, p);
                }
                Field::Name => {
                    if info.has_context && acc.context & (1 << f as u8) == 0 {
                        continue;
                    }
                    // A distribution node's goods word in a name counts only for a trading name.
                    if info.roles.trade_only() && self.parser.roles_in(texts[0]) & scope::TRADE == 0
                    {
                        continue;
                    }
                    t.name = true;
                    ev.push(f, p);
                }
            }
        }
        // Product lines without verbs of a firm whose scope only trades the product are traded.
        if t.traded > 0 && t.items == 0 && t.bare == 0 {
            t.traded_lines |= t.lines;
            t.lines = 0;
        }
        t
    }

    /// Matches one company: scans its texts, gathers the evidence per node, turns each node's
    /// tally into a match (or a traded match on the distribution node), then keeps one match a
    /// node, lets nodes of one chain back each other, drops what falls below `min_confidence` and
    /// marks the primary node of each chain. Appends to `out`.
    fn company(
        &self,
        s: &mut Scratch,
        row: u32,
        texts: [&str; 3],
        code: &str,
        min_confidence: f64,
        out: &mut Vec<Match>,
    ) {
        let code_nodes = self.by_code.get(code.trim());
        if !self.scan_company(s, texts, code_nodes.is_some()) {
            return;
        }
        self.gather(s, code_nodes.map(Vec::as_slice));
        let first = out.len();
        self.node_matches(s, row, texts, min_confidence, out);
        keep_best_per_node(out, first);
        self.back_each_other(s, out, first);
        drop_below(out, first, min_confidence);
        self.mark_primary(out, first);
    }

    /// Finds the terms in the name, products and scope, and parses the scope around its hits;
    /// false when there is nothing to match (no term and no industry-code node).
    fn scan_company(&self, s: &mut Scratch, texts: [&str; 3], has_code_nodes: bool) -> bool {
        s.hits.clear();
        self.scan(texts[0], Field::Name, &mut s.hits);
        self.scan(texts[1], Field::Products, &mut s.hits);
        let scope_from = s.hits.len();
        self.scan(texts[2], Field::Scope, &mut s.hits);
        if s.hits.is_empty() && !has_code_nodes {
            return false;
        }
        if s.hits.len() > scope_from {
            s.near.clear();
            s.near
                .extend(s.hits[scope_from..].iter().map(|&(_, _, start, _)| start));
            self.parser.parse_near(texts[2], &s.near, &mut s.parsed);
        } else {
            s.parsed.clear();
        }
        true
    }

    /// Evidence per node: each hit's keyword, context and exclusion uses, and the nodes of the
    /// company's industry code; the nodes touched are listed in order.
    fn gather(&self, s: &mut Scratch, code_nodes: Option<&[u16]>) {
        s.touched.clear();
        for &(f, p, start, end) in &s.hits {
            for u in &self.uses[p as usize] {
                let node = match *u {
                    Use::Keyword(n) | Use::Context(n) | Use::Exclude(n) => n,
                };
                let acc = &mut s.accs[node as usize];
                if !acc.active {
                    acc.active = true;
                    s.touched.push(node);
                }
                match *u {
                    Use::Context(_) if f == Field::Scope => {
                        if let Some(item) = s.parsed.locate(start, end) {
                            acc.context_clauses |= clause_bit(item.clause);
                        }
                    }
                    Use::Context(_) => acc.context |= 1 << f as u8,
                    Use::Exclude(_) => acc.exclude |= 1 << f as u8,
                    Use::Keyword(_) => acc.keywords.push((f, p, start, end)),
                }
            }
        }
        if let Some(list) = code_nodes {
            for &node in list {
                let acc = &mut s.accs[node as usize];
                if !acc.active {
                    acc.active = true;
                    s.touched.push(node);
                }
                acc.code = true;
            }
        }
        s.touched.sort_unstable();
    }

    /// Each touched node's tally as a match when it is confident enough to be kept for now, and
    /// what the company only trades as a match on its chain's distribution node.
    fn node_matches(
        &self,
        s: &mut Scratch,
        row: u32,
        texts: [&str; 3],
        min_confidence: f64,
        out: &mut Vec<Match>,
    ) {
        for t in 0..s.touched.len() {
            let node = s.touched[t];
            let info = &self.nodes[node as usize];
            let acc = &mut s.accs[node as usize];
            acc.keywords
                .sort_unstable_by_key(|&(f, p, start, _)| (f, start, p));
            let mut evidence = Evidence::new();
            let tally = self.tally(node, acc, texts, &s.parsed, &mut evidence);
            let code_hit = acc.code;
            acc.clear();
            evidence.code = code_hit;
            evidence.item = tally.item.unwrap_or((0, 0));
            let confidence = tally.confidence(code_hit);
            if confidence > 0.0 && confidence + 1e-9 >= min_confidence.min(SUPPORT_FLOOR) {
                let role = if info.roles.trade_only() {
                    Role::Trade
                } else if tally.service && tally.lines == 0 && tally.items == 1 {
                    Role::Service
                } else {
                    Role::Make
                };
                out.push(Match {
                    row,
                    node,
                    confidence: confidence as f32,
                    role,
                    status: tally.status(code_hit),
                    primary: false,
                    evidence,
                });
            }
            if let Some(m) = traded_match(info, node, &tally, row) {
                out.push(m);
            }
        }
    }

    /// Several nodes of one chain back each other: the primary node of a chain takes in half of
    /// the next most confident node's confidence as further evidence.
    fn back_each_other(&self, s: &mut Scratch, out: &mut [Match], first: usize) {
        s.boosted.clear();
        s.boosted.extend((first..out.len()).filter_map(|i| {
            let chain = self.nodes[out[i].node as usize].chain;
            let me = out[i];
            let others = out[first..]
                .iter()
                .enumerate()
                .filter(|&(j, m)| first + j != i && self.nodes[m.node as usize].chain == chain)
                .map(|(_, m)| m);
            let second = others.clone().map(|m| m.confidence).fold(0.0f32, f32::max);
            // The best node of the chain; ties go to the node listed first.
            let is_best = others.clone().all(|m| {
                m.confidence < me.confidence || (m.confidence == me.confidence && m.node > me.node)
            });
            (is_best && second > 0.0)
                .then(|| (i, 1.0 - (1.0 - out[i].confidence) * (1.0 - second / 2.0)))
        }));
        for &(i, c) in &s.boosted {
            out[i].confidence = c;
        }
    }

    /// The most confident node per chain is the primary one (ties go to the node listed first).
    fn mark_primary(&self, out: &mut [Match], first: usize) {
        for i in first..out.len() {
            let chain = self.nodes[out[i].node as usize].chain;
            let best = (first..out.len())
                .filter(|&j| self.nodes[out[j].node as usize].chain == chain)
                .max_by(|&a, &b| {
                    out[a]
                        .confidence
                        .total_cmp(&out[b].confidence)
                        .then(out[b].node.cmp(&out[a].node))
                });
            out[i].primary = best == Some(i);
        }
    }

    /// The evidence of a match as a sentence-like list, e.g.
    /// `经营范围「太阳能电池组件生产」：太阳能电池组件；行业代码 3825`.
    pub fn describe(
        &self,
        m: &Match,
        set: &ChainSet,
        scope: &str,
        company_code: &str,
        lang: Lang,
    ) -> String {
        self.describe_in(&mut Parsed::default(), m, set, scope, company_code, lang)
    }

    /// [`Classifier::describe`] with a parse buffer kept between calls (one per thread when a
    /// whole table's evidence is built).
    pub fn describe_in(
        &self,
        parsed: &mut Parsed,
        m: &Match,
        set: &ChainSet,
        scope: &str,
        company_code: &str,
        lang: Lang,
    ) -> String {
        use std::fmt::Write;
        // The deciding item, without its notes and exclusions. Voids never reach past a clause,
        // so parsing the item's clause alone gives the same text as parsing the whole scope.
        let (a, b) = m.evidence.item;
        let text = if a < b {
            self.parser.parse_near(scope, &[a], parsed);
            parsed.text_without_voids(scope, a, b)
        } else {
            String::new()
        };
        let item = Some(text.as_str()).filter(|s| !s.is_empty());
        let (part_sep, term_sep) = (lang.pick("；", "; "), lang.pick("、", ", "));
        let mut out = String::new();
        for f in Field::ALL {
            let mut terms = m.evidence.hits().filter(|(hf, _)| *hf == f).peekable();
            if terms.peek().is_none() {
                continue;
            }
            if !out.is_empty() {
                out.push_str(part_sep);
            }
            out.push_str(f.label(lang));
            if let (Field::Scope, Some(text)) = (f, item) {
                match lang {
                    Lang::Zh => write!(out, "「{text}」").ok(),
                    Lang::En => write!(out, " \"{text}\"").ok(),
                };
            }
            out.push_str(lang.pick("：", ": "));
            for (k, (_, t)) in terms.enumerate() {
                if k > 0 {
                    out.push_str(term_sep);
                }
                out.push_str(self.term(t));
            }
        }
        if m.evidence.code {
            if !out.is_empty() {
                out.push_str(part_sep);
            }
            out.push_str(lang.pick("行业代码", "industry code"));
            out.push(' ');
            out.push_str(company_code);
        }
        if let Some(from) = m.evidence.traded_from {
            if !out.is_empty() {
                out.push_str(part_sep);
            }
            let node = &set.nodes[from as usize];
            let at = item.map(|t| match lang {
                Lang::Zh => format!("（「{t}」）"),
                Lang::En => format!(" (\"{t}\")"),
            });
            let at = at.unwrap_or_default();
            match lang {
                Lang::Zh => write!(out, "只销售{}{at}，归入流通环节", node.name).ok(),
                Lang::En => write!(
                    out,
                    "only trades {}{at}, so counted in distribution",
                    node.name_en
                )
                .ok(),
            };
        }
        out
    }
}
/// What a company only trades (traded scope items or trading product lines, nothing it makes)
/// counts on its chain's distribution node, as a trade match.
fn traded_match(info: &NodeInfo, node: u16, tally: &Tally, row: u32) -> Option<Match> {
    if (tally.traded == 0 && tally.traded_lines == 0) || tally.items != 0 || tally.lines != 0 {
        return None;
    }
    let d = info.distribution.filter(|&d| d != node)?;
    let mut ev = Evidence::new();
    ev.traded_from = Some(node);
    ev.item = tally.traded_item.unwrap_or((0, 0));
    let mut miss = lines_miss(tally.traded_lines, weight::TRADED_LINE);
    if tally.traded > 0 {
        miss *= (1.0 - weight::TRADED) * (1.0 - weight::ITEM_MORE).powi(tally.traded as i32 - 1);
    }
    let c = 1.0 - miss;
    Some(Match {
        row,
        node: d,
        confidence: c as f32,
        role: Role::Trade,
        status: if tally.traded > 0 {
            Status::Confirmed
        } else {
            Status::ToVerify
        },
        primary: false,
        evidence: ev,
    })
}

/// Moved matches may land on a node matched directly too: keeps the more confident one of each
/// node among `out[first..]`, in node order.
fn keep_best_per_node(out: &mut Vec<Match>, first: usize) {
    out[first..].sort_by(|a, b| {
        a.node
            .cmp(&b.node)
            .then(b.confidence.total_cmp(&a.confidence))
            .then(a.evidence.traded_from.cmp(&b.evidence.traded_from))
    });
    let mut k = first;
    for i in first..out.len() {
        if i > first && out[i].node == out[k - 1].node {
            continue;
        }
        out[k] = out[i];
        k += 1;
    }
    out.truncate(k);
}

/// Drops the matches of `out[first..]` below `min_confidence`.
fn drop_below(out: &mut Vec<Match>, first: usize, min_confidence: f64) {
    let mut k = first;
    for i in first..out.len() {
        if (out[i].confidence as f64) + 1e-9 >= min_confidence {
            out[k] = out[i];
            k += 1;
        }
    }
    out.truncate(k);
}
