//! The automaton, the per-company evaluation and the parallel scan.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rayon::prelude::*;

use crate::chain::{ChainSet, Tier};
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
const TRADE_WORDS: [&str; 7] = ["销售", "批发", "零售", "进出口", "经营", "贸易", "代理"];
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

/// How a term is used by a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    Keyword(u16),
    Context(u16),
    Exclude(u16),
}

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
    role_of: Vec<Option<Role>>,
    is_keyword: Vec<bool>,
    nodes: Vec<NodeInfo>,
    by_code: HashMap<String, Vec<u16>>,
}

/// Scratch space of one thread.
struct Scratch {
    hits: Vec<(Field, u32, u32, u32)>,
    keep: Vec<bool>,
    accs: Vec<Acc>,
    touched: Vec<u16>,
    seps: Vec<u32>,
    item_roles: Vec<u8>,
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

impl Classifier {
    /// Builds the automaton from every node's terms and the role words.
    pub fn new(set: &ChainSet) -> Classifier {
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut terms: Vec<String> = Vec::new();
        let mut uses: Vec<Vec<Use>> = Vec::new();
        let mut role_of: Vec<Option<Role>> = Vec::new();
        let mut term = |t: &str,
                        terms: &mut Vec<String>,
                        uses: &mut Vec<Vec<Use>>,
                        role_of: &mut Vec<Option<Role>>|
         -> u32 {
            let key = t.trim().to_string();
            *index.entry(key.clone()).or_insert_with(|| {
                terms.push(key);
                uses.push(Vec::new());
                role_of.push(None);
                (terms.len() - 1) as u32
            })
        };
        for (i, node) in set.nodes.iter().enumerate() {
            let n = i as u16;
            for k in &node.keywords {
                let id = term(k, &mut terms, &mut uses, &mut role_of);
                uses[id as usize].push(Use::Keyword(n));
            }
            for k in &node.require_any {
                let id = term(k, &mut terms, &mut uses, &mut role_of);
                uses[id as usize].push(Use::Context(n));
            }
            for k in &node.exclude {
                let id = term(k, &mut terms, &mut uses, &mut role_of);
                uses[id as usize].push(Use::Exclude(n));
            }
        }
        for (words, role) in [
            (&MAKE_WORDS[..], Role::Make),
            (&TRADE_WORDS[..], Role::Trade),
            (&SERVICE_WORDS[..], Role::Service),
        ] {
            for w in words {
                let id = term(w, &mut terms, &mut uses, &mut role_of);
                role_of[id as usize] = Some(role);
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(&terms)
            .expect("the chain terms build an automaton");
        let is_keyword = uses
            .iter()
            .map(|u| u.iter().any(|x| matches!(x, Use::Keyword(_))))
            .collect();
        let distribution: Vec<Option<u16>> = set
            .chains
            .iter()
            .map(|c| {
                c.nodes
                    .iter()
                    .copied()
                    .find(|&n| {
                        let node = &set.nodes[n];
                        node.tier == Tier::Downstream
                            && node
                                .industry_codes
                                .iter()
                                .any(|code| code.starts_with("51"))
                    })
                    .map(|n| n as u16)
            })
            .collect();
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
                distribution: distribution[n.chain],
                has_context: !n.require_any.is_empty(),
            })
            .collect();
        let mut by_code: HashMap<String, Vec<u16>> = HashMap::new();
        for (i, n) in set.nodes.iter().enumerate() {
            for c in &n.industry_codes {
                by_code.entry(c.clone()).or_default().push(i as u16);
            }
        }
        Classifier {
            automaton,
            terms,
            uses,
            role_of,
            is_keyword,
            nodes,
            by_code,
        }
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
            hits: Vec::with_capacity(64),
            keep: Vec::with_capacity(64),
            accs: vec![Acc::new(); self.nodes.len()],
            touched: Vec::with_capacity(16),
            seps: Vec::with_capacity(32),
            item_roles: Vec::with_capacity(32),
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
        for (f, text) in Field::ALL.iter().zip(texts) {
            if text.is_empty() {
                continue;
            }
            for m in self.automaton.find_overlapping_iter(text) {
                s.hits
                    .push((*f, m.pattern().as_u32(), m.start() as u32, m.end() as u32));
            }
        }
        // A keyword inside a longer keyword of the same field belongs to the longer one.
        s.keep.clear();
        s.keep.resize(s.hits.len(), true);
        for i in 0..s.hits.len() {
            let (fi, pi, si, ei) = s.hits[i];
            if !self.is_keyword[pi as usize] {
                continue;
            }
            for j in 0..s.hits.len() {
                let (fj, pj, sj, ej) = s.hits[j];
                if i != j
                    && fi == fj
                    && self.is_keyword[pj as usize]
                    && sj <= si
                    && ej >= ei
                    && (ej - sj) > (ei - si)
                {
                    s.keep[i] = false;
                    break;
                }
            }
        }
        // Business scope items (separated by ；;。) and the role words in each.
        s.seps.clear();
        s.item_roles.clear();
        let scope = texts[2];
        for (i, ch) in scope.char_indices() {
            if matches!(ch, '；' | ';' | '。') {
                s.seps.push(i as u32);
            }
        }
        s.item_roles.resize(s.seps.len() + 1, 0);
        let mut company_roles = 0u8;
        for &(f, p, start, _) in &s.hits {
            if f == Field::Scope {
                if let Some(r) = self.role_of[p as usize] {
                    let item = s.seps.partition_point(|&x| x < start);
                    s.item_roles[item] |= 1 << r as u8;
                    company_roles |= 1 << r as u8;
                }
            }
        }
        // Evidence per node.
        s.touched.clear();
        for (h, &(f, p, start, _)) in s.hits.iter().enumerate() {
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
                    Use::Keyword(_) if s.keep[h] => acc.keywords.push((f, p, start)),
                    Use::Keyword(_) => {}
                }
            }
        }
        if let Some(list) = self.by_code.get(code.trim()) {
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
        let first = out.len();
        for t in 0..s.touched.len() {
            let node = s.touched[t];
            let info = &self.nodes[node as usize];
            let acc = &mut s.accs[node as usize];
            let mut evidence = Evidence::new();
            let mut counts = [0u32; 3];
            let mut roles = 0u8;
            acc.keywords.sort_unstable();
            let mut last: Option<(Field, u32)> = None;
            for &(f, p, start) in &acc.keywords {
                let bit = 1 << f as u8;
                if acc.exclude & bit != 0 || (info.has_context && acc.context & bit == 0) {
                    continue;
                }
                if f == Field::Scope {
                    let item = s.seps.partition_point(|&x| x < start);
                    roles |= s.item_roles[item];
                }
                if last != Some((f, p)) {
                    counts[f as usize] += 1;
                    evidence.push(f, p);
                    last = Some((f, p));
                }
            }
            evidence.code = acc.code;
            // Noisy-OR of the evidence weights (see the module documentation).
            let mut miss = 1.0f64;
            if counts[Field::Products as usize] > 0 {
                miss *= 0.4 * 0.7f64.powi(counts[Field::Products as usize] as i32 - 1);
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
            // The role: from the scope items holding the keyword, else the scope as a whole.
            if roles == 0 {
                roles = company_roles;
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
            // Clear the accumulator for the next company.
            acc.keywords.clear();
            acc.context = 0;
            acc.exclude = 0;
            acc.code = false;
            acc.active = false;
            if confidence <= 0.0 {
                continue;
            }
            let mut target = node;
            if role == Role::Trade && info.made {
                match info.distribution {
                    Some(d) if d != node => {
                        evidence.traded_from = Some(node);
                        target = d;
                    }
                    _ => confidence *= 0.7,
                }
            }
            if confidence + 1e-9 < min_confidence {
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
        let mine = &mut out[first..];
        mine.sort_by(|a, b| {
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
