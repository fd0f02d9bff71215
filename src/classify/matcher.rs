//! The automaton, the per-company evaluation and the parallel scan.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rayon::prelude::*;

use crate::chain::ChainSet;
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

const MAKE_WORDS: [&str; 7] = ["生产", "制造", "加工", "冶炼", "铸造", "轧制", "研制"];
const TRADE_WORDS: [&str; 9] = [
    "销售",
    "批发",
    "零售",
    "进出口",
    "经营",
    "贸易",
    "代理",
    "经销",
    "出口",
];
const SERVICE_WORDS: [&str; 9] = [
    "维修",
    "检测",
    "技术服务",
    "租赁",
    "安装",
    "运营",
    "运维",
    "咨询",
    "施工",
];

/// What separates the items of a business scope.
const SEPARATORS: [char; 3] = ['；', ';', '。'];

/// The words inside the bracketed registration notes of a business scope (（除依法须经批准的项目外…）,
/// （依法须经批准的项目…）); the notes are skipped, not scanned.
const NOTE_WORDS: &str = "依法须经批准";

/// How a term is used by a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    Keyword(u16),
    Context(u16),
    Exclude(u16),
}

/// Nodes below the bar still support their chain's primary node from this confidence up.
const SUPPORT_FLOOR: f64 = 0.3;

/// The most evidence items kept per match.
const MAX_EVIDENCE: usize = 6;

/// Why a company matches a node: the terms found (field, term) and whether its code matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evidence {
    hits: [(u8, u32); MAX_EVIDENCE],
    len: u8,
    /// The company's industry code is one of the node's.
    pub code: bool,
    /// The match moved here from a product the company only trades (node index).
    pub traded_from: Option<u16>,
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
    /// The node's own product is made (its industry codes are in manufacturing or mining).
    made: bool,
    /// Where a chain's traders belong (the chain's wholesale node), if it has one.
    distribution: Option<u16>,
    has_context: bool,
}

/// The matcher: built once from the chains, shared by all threads.
pub struct Classifier {
    automaton: AhoCorasick,
    terms: Vec<String>,
    uses: Vec<Vec<Use>>,
    notes: memchr::memmem::Finder<'static>,
    nodes: Vec<NodeInfo>,
    by_code: HashMap<String, Vec<u16>>,
}

/// Scratch space of one thread.
struct Scratch {
    /// (field, term, byte offset) of each hit.
    hits: Vec<(Field, u32, u32)>,
    accs: Vec<Acc>,
    touched: Vec<u16>,
    /// (match index, boosted confidence) of the best node of each chain.
    boosted: Vec<(usize, f32)>,
}

#[derive(Clone)]
struct Acc {
    context: u8,
    exclude: u8,
    keywords: Vec<(Field, u32, u32)>,
    code: bool,
    active: bool,
}

impl Acc {
    fn new() -> Acc {
        Acc {
            context: 0,
            exclude: 0,
            keywords: Vec::with_capacity(8),
            code: false,
            active: false,
        }
    }
}

/// The role words in a text, one bit per role.
fn roles_in(text: &str) -> u8 {
    let mut bits = 0;
    for (words, role) in [
        (&MAKE_WORDS[..], Role::Make),
        (&TRADE_WORDS[..], Role::Trade),
        (&SERVICE_WORDS[..], Role::Service),
    ] {
        if words.iter().any(|w| text.contains(w)) {
            bits |= 1 << role as u8;
        }
    }
    bits
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
        for (outer, text) in terms.iter().enumerate() {
            for (inner, t) in terms.iter().enumerate() {
                if inner == outer || !text.contains(t.as_str()) {
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
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(&terms)?;
        let nodes = set
            .nodes
            .iter()
            .map(|n| NodeInfo {
                chain: n.chain as u16,
                made: n
                    .industry_codes
                    .first()
                    .map(|c| c.starts_with(['0', '1', '2', '3']))
                    .unwrap_or(true),
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
            notes: memchr::memmem::Finder::new(NOTE_WORDS.as_bytes()),
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

    fn scratch(&self) -> Scratch {
        Scratch {
            hits: Vec::with_capacity(32),
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

    fn scan(&self, text: &str, offset: usize, field: Field, hits: &mut Vec<(Field, u32, u32)>) {
        for m in self.automaton.find_iter(text) {
            hits.push((field, m.pattern().as_u32(), (offset + m.start()) as u32));
        }
    }

    /// Scans a business scope, skipping its bracketed registration notes.
    fn scan_scope(&self, text: &str, hits: &mut Vec<(Field, u32, u32)>) {
        let mut from = 0;
        let mut search = 0;
        while let Some(i) = self.notes.find(&text.as_bytes()[search..]) {
            let at = search + i;
            let before = &text[..at];
            let start = if before.ends_with("（除") {
                at - "（除".len()
            } else if before.ends_with('（') {
                at - '（'.len_utf8()
            } else {
                search = at + NOTE_WORDS.len();
                continue;
            };
            let end = text[at..]
                .find('）')
                .map(|j| at + j + '）'.len_utf8())
                .unwrap_or(text.len());
            if start >= from {
                self.scan(&text[from..start], from, Field::Scope, hits);
                from = end;
            }
            search = end;
        }
        self.scan(&text[from..], from, Field::Scope, hits);
    }

    fn company(
        &self,
        s: &mut Scratch,
        row: u32,
        texts: [&str; 3],
        code: &str,
        min_confidence: f64,
        out: &mut Vec<Match>,
    ) {
        s.hits.clear();
        self.scan(texts[0], 0, Field::Name, &mut s.hits);
        self.scan(texts[1], 0, Field::Products, &mut s.hits);
        self.scan_scope(texts[2], &mut s.hits);
        let code_nodes = self.by_code.get(code.trim());
        if s.hits.is_empty() && code_nodes.is_none() {
            return;
        }
        // Evidence per node.
        s.touched.clear();
        for &(f, p, start) in &s.hits {
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
                    Use::Context(_) => acc.context |= 1 << f as u8,
                    Use::Exclude(_) => acc.exclude |= 1 << f as u8,
                    Use::Keyword(_) => acc.keywords.push((f, p, start)),
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
        let scope = texts[2];
        let mut company_roles: Option<u8> = None;
        let first = out.len();
        for t in 0..s.touched.len() {
            let node = s.touched[t];
            let info = &self.nodes[node as usize];
            let acc = &mut s.accs[node as usize];
            let mut evidence = Evidence::new();
            let mut counts = [0u32; 3];
            let mut roles = 0u8;
            let mut product_lines = 0u64; // bit per product line (up to 64) holding a keyword
            acc.keywords.sort_unstable();
            let mut last: Option<(Field, u32)> = None;
            for &(f, p, start) in &acc.keywords {
                let bit = 1 << f as u8;
                if acc.exclude & bit != 0 || (info.has_context && acc.context & bit == 0) {
                    continue;
                }
                match f {
                    Field::Scope => roles |= roles_in(item_at(scope, start as usize, &SEPARATORS)),
                    Field::Products => {
                        let products = texts[1];
                        let at = (start as usize).min(products.len());
                        let line = products[..at].matches(PRODUCT_SEPARATORS).count();
                        product_lines |= 1 << line.min(63);
                        // A product line such as 焦炭贸易 or 铁精粉销售 says the firm trades it.
                        roles |= roles_in(item_at(products, at, &PRODUCT_SEPARATORS));
                    }
                    Field::Name => {}
                }
                if last != Some((f, p)) {
                    if f != Field::Products {
                        counts[f as usize] += 1;
                    }
                    evidence.push(f, p);
                    last = Some((f, p));
                }
            }
            evidence.code = acc.code;
            // Noisy-OR of the evidence weights (see the module documentation). Main products are
            // listed by revenue, so the first of them weighs more than a line far down the list.
            let mut miss = 1.0f64;
            // Each product line holding a keyword: its weight by position, halved after the first.
            let mut lines = product_lines;
            let mut first = true;
            while lines != 0 {
                let line = lines.trailing_zeros();
                lines &= lines - 1;
                let w = match line {
                    0..=2 => 0.6,
                    3..=5 => 0.45,
                    _ => 0.3,
                };
                miss *= 1.0 - if first { w } else { w / 2.0 };
                first = false;
            }
            if counts[Field::Name as usize] > 0 {
                miss *= 0.55;
            }
            if counts[Field::Scope as usize] > 0 {
                miss *= 0.65 * 0.85f64.powi(counts[Field::Scope as usize] as i32 - 1);
            }
            if acc.code {
                miss *= 0.7;
            }
            let mut confidence = 1.0 - miss;
            acc.keywords.clear();
            acc.context = 0;
            acc.exclude = 0;
            acc.code = false;
            acc.active = false;
            if confidence + 1e-9 < min_confidence.min(0.3) {
                continue;
            }
            // The role: from the scope items holding the keyword, else the scope as a whole.
            if roles == 0 {
                roles = *company_roles.get_or_insert_with(|| roles_in(scope));
            }
            let role = if roles & (1 << Role::Make as u8) != 0 || roles == 0 {
                Role::Make
            } else if roles & (1 << Role::Service as u8) != 0 && !info.made {
                Role::Service
            } else if roles & (1 << Role::Trade as u8) != 0 {
                Role::Trade
            } else {
                Role::Service
            };
            let mut target = node;
            if role == Role::Trade && info.made {
                match info.distribution {
                    Some(d) if d != node => {
                        // Trading a product makes a distributor only on good evidence.
                        evidence.traded_from = Some(node);
                        target = d;
                        confidence *= 0.8;
                    }
                    _ => confidence *= 0.7,
                }
            }
            if confidence + 1e-9 < min_confidence.min(SUPPORT_FLOOR) {
                continue;
            }
            out.push(Match {
                row,
                node: target,
                confidence: confidence as f32,
                role,
                primary: false,
                evidence,
            });
        }
        // Moved matches may land on a node matched directly too: keep the more confident one.
        out[first..].sort_by(|a, b| {
            a.node
                .cmp(&b.node)
                .then(b.confidence.total_cmp(&a.confidence))
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
        // Several nodes of one chain back each other: the primary node of a chain takes in half
        // of the next most confident node's confidence as further evidence.
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
        let mut k = first;
        for i in first..out.len() {
            if (out[i].confidence as f64) + 1e-9 >= min_confidence {
                out[k] = out[i];
                k += 1;
            }
        }
        out.truncate(k);
        // The most confident node per chain is the primary one.
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

    /// The evidence of a match as a sentence-like list, e.g. `主营产品：光伏玻璃、超白压延玻璃；行业代码 3042`.
    pub fn describe(&self, m: &Match, set: &ChainSet, company_code: &str, lang: Lang) -> String {
        let mut parts: Vec<String> = Vec::new();
        for f in Field::ALL {
            let terms: Vec<&str> = m
                .evidence
                .hits()
                .filter(|(hf, _)| *hf == f)
                .map(|(_, t)| self.term(t))
                .collect();
            if !terms.is_empty() {
                parts.push(format!(
                    "{}{}{}",
                    f.label(lang),
                    lang.pick("：", ": "),
                    terms.join(lang.pick("、", ", "))
                ));
            }
        }
        if m.evidence.code {
            parts.push(format!(
                "{} {}",
                lang.pick("行业代码", "industry code"),
                company_code
            ));
        }
        if let Some(from) = m.evidence.traded_from {
            let node = &set.nodes[from as usize];
            parts.push(match lang {
                Lang::Zh => format!("只销售{}，归入流通环节", node.name),
                Lang::En => format!("only trades {}, so counted in distribution", node.name_en),
            });
        }
        parts.join(lang.pick("；", "; "))
    }
}
