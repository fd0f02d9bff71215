//! The chain model: tiers, bands, nodes (环节), links and the graph that holds them.

use std::collections::HashMap;
use std::fmt;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::Direction;
use serde::Serialize;

use crate::lang::Lang;

/// Position in the chain (上游 / 中游 / 下游).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// 上游.
    Upstream,
    /// 中游.
    Midstream,
    /// 下游.
    Downstream,
}

impl Tier {
    /// The three tiers, upstream first.
    pub const ALL: [Tier; 3] = [Tier::Upstream, Tier::Midstream, Tier::Downstream];

    /// The id used in files (`upstream`, `midstream`, `downstream`).
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Upstream => "upstream",
            Tier::Midstream => "midstream",
            Tier::Downstream => "downstream",
        }
    }

    /// The name shown to users.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Tier::Upstream, Lang::Zh) => "上游",
            (Tier::Midstream, Lang::Zh) => "中游",
            (Tier::Downstream, Lang::Zh) => "下游",
            (Tier::Upstream, Lang::En) => "Upstream",
            (Tier::Midstream, Lang::En) => "Midstream",
            (Tier::Downstream, Lang::En) => "Downstream",
        }
    }

    /// Parses a tier id; accepts the Chinese names too.
    pub fn parse(s: &str) -> Option<Tier> {
        match s.trim() {
            "upstream" | "上游" => Some(Tier::Upstream),
            "midstream" | "中游" => Some(Tier::Midstream),
            "downstream" | "下游" => Some(Tier::Downstream),
            _ => None,
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a link means: the `from` node supplies, equips or serves the `to` node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// Materials or parts (供应).
    Supplies,
    /// Equipment (装备).
    Equips,
    /// Services (服务).
    Serves,
}

impl LinkKind {
    /// The id used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Supplies => "supplies",
            LinkKind::Equips => "equips",
            LinkKind::Serves => "serves",
        }
    }

    /// The name shown to users.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (LinkKind::Supplies, Lang::Zh) => "供应",
            (LinkKind::Equips, Lang::Zh) => "装备",
            (LinkKind::Serves, Lang::Zh) => "服务",
            (LinkKind::Supplies, Lang::En) => "supplies",
            (LinkKind::Equips, Lang::En) => "equips",
            (LinkKind::Serves, Lang::En) => "serves",
        }
    }

    /// Parses a link kind id.
    pub fn parse(s: &str) -> Option<LinkKind> {
        match s.trim() {
            "supplies" => Some(LinkKind::Supplies),
            "equips" => Some(LinkKind::Equips),
            "serves" => Some(LinkKind::Serves),
            _ => None,
        }
    }
}

/// Where something was defined: file name and 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// File name as given to the loader.
    pub file: String,
    /// 1-based line number.
    pub line: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A band (分段) inside a tier, e.g. 原材料 or 核心零部件.
#[derive(Debug, Clone)]
pub struct Band {
    /// Id, unique inside its chain.
    pub id: String,
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// The tier the band belongs to.
    pub tier: Tier,
}

impl Band {
    /// The name in the given language.
    pub fn label(&self, lang: Lang) -> &str {
        lang.pick(&self.name, &self.name_en)
    }
}

/// One link of a chain (环节): a product or activity.
#[derive(Debug, Clone)]
pub struct Node {
    /// Id, unique across all chains.
    pub id: String,
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Index of its chain in [`ChainSet::chains`].
    pub chain: usize,
    /// Tier.
    pub tier: Tier,
    /// Index of its band in its chain's [`Chain::bands`].
    pub band: usize,
    /// GB/T 4754-2017 classes (4 digits).
    pub industry_codes: Vec<String>,
    /// Product terms that mark a company as belonging here.
    pub keywords: Vec<String>,
    /// Context terms: a keyword hit counts only with one of these in the same text.
    pub require_any: Vec<String>,
    /// Terms that veto a hit in the same text.
    pub exclude: Vec<String>,
    /// Strategic importance, 0..1.
    pub weight: f64,
    /// True where the industry depends on imports (卡脖子).
    pub bottleneck: bool,
    /// The chain's trade and distribution node (流通): where firms that only trade its products belong.
    pub distribution: bool,
    /// Which activities in a business scope put a company on this node (经营方式).
    pub roles: Activities,
    /// Its standing under national industrial policy, when a rule names it.
    pub policy: Option<Policy>,
    /// What a project on this node needs (land, energy, water), as far as the chain file says.
    pub needs: Needs,
    /// The name a bureau would give a project on this node (年产XX万吨光伏压延玻璃项目); None for the
    /// default built from the node's name.
    pub project: Option<String>,
    /// Where the node was defined.
    pub source: Location,
}

/// A node's class under the industrial structure adjustment catalogue (产业结构调整指导目录) or
/// another national rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PolicyStatus {
    /// 鼓励类.
    Encouraged,
    /// 允许类: listed in no class, but a named rule sets conditions.
    Permitted,
    /// 限制类: new capacity only under a condition (capacity swap, energy caps).
    Restricted,
    /// 淘汰类: never an opportunity.
    Eliminated,
}

impl PolicyStatus {
    /// The four classes.
    pub const ALL: [PolicyStatus; 4] = [
        PolicyStatus::Encouraged,
        PolicyStatus::Permitted,
        PolicyStatus::Restricted,
        PolicyStatus::Eliminated,
    ];

    /// The id used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyStatus::Encouraged => "encouraged",
            PolicyStatus::Permitted => "permitted",
            PolicyStatus::Restricted => "restricted",
            PolicyStatus::Eliminated => "eliminated",
        }
    }

    /// The name for users.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (PolicyStatus::Encouraged, Lang::Zh) => "鼓励类",
            (PolicyStatus::Permitted, Lang::Zh) => "允许类（有条件）",
            (PolicyStatus::Restricted, Lang::Zh) => "限制类",
            (PolicyStatus::Eliminated, Lang::Zh) => "淘汰类",
            (PolicyStatus::Encouraged, Lang::En) => "encouraged",
            (PolicyStatus::Permitted, Lang::En) => "permitted (with conditions)",
            (PolicyStatus::Restricted, Lang::En) => "restricted",
            (PolicyStatus::Eliminated, Lang::En) => "eliminated",
        }
    }

    /// Parses a class id; accepts the Chinese names too.
    pub fn parse(s: &str) -> Option<PolicyStatus> {
        match s.trim() {
            "encouraged" | "鼓励类" | "鼓励" => Some(PolicyStatus::Encouraged),
            "permitted" | "允许类" | "允许" => Some(PolicyStatus::Permitted),
            "restricted" | "限制类" | "限制" => Some(PolicyStatus::Restricted),
            "eliminated" | "淘汰类" | "淘汰" => Some(PolicyStatus::Eliminated),
            _ => None,
        }
    }
}

/// A node's policy note: its class, the wording of the rule's item, where the rule is, and the
/// condition under which a project may go ahead.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// The class.
    pub status: PolicyStatus,
    /// The item, as the rule words it (or its gist, as the chain file says).
    pub item: String,
    /// The rule and its place (《产业结构调整指导目录（2024年本）》限制类 钢铁).
    pub source: String,
    /// The condition under which a project may be pursued; empty when there is none.
    pub condition: String,
}

impl Policy {
    /// One line for users: class, condition, item and source.
    pub fn note(&self, lang: Lang) -> String {
        let mut s = self.status.label(lang).to_string();
        let sep = lang.pick("：", ": ");
        if !self.condition.is_empty() {
            s.push_str(sep);
            s.push_str(&self.condition);
        }
        match lang {
            Lang::Zh => s.push_str(&format!("（依据：{}“{}”）", self.source, self.item)),
            Lang::En => s.push_str(&format!(" (rule: {}, “{}”)", self.source, self.item)),
        }
        s
    }
}

/// What a project on a node needs, each a short text from the chain file; empty where unknown
/// (never guessed).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Needs {
    /// Land (用地).
    pub land: String,
    /// Energy (能耗、用电).
    pub energy: String,
    /// Water (用水).
    pub water: String,
}

/// The activities (经营方式) of a company that count for a node: making its product, serving
/// with it (installing, repairing, building, operating), or trading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Activities {
    /// 生产、制造、加工.
    pub make: bool,
    /// 施工、安装、维修、检测、运营.
    pub service: bool,
    /// 销售、批发、零售、进出口.
    pub trade: bool,
}

impl Activities {
    /// The default for a node: a distribution node counts traders; a node whose first industry
    /// code makes goods ([`crate::industry::makes_goods`]: GB/T 4754 sections B and C, mining and
    /// manufacturing, divisions 06–43, except repair, 43) counts makers; any other node (repair,
    /// construction, services, no code) counts makers and service providers.
    pub fn default_for(industry_codes: &[String], distribution: bool) -> Activities {
        if distribution {
            return Activities {
                trade: true,
                ..Activities::default()
            };
        }
        let made = industry_codes
            .first()
            .map(|c| crate::industry::makes_goods(c))
            .unwrap_or(true);
        Activities {
            make: true,
            service: !made,
            trade: false,
        }
    }

    /// Counts traders only (a distribution node): neither makers nor service providers.
    pub fn trade_only(self) -> bool {
        self.trade && !self.make && !self.service
    }

    /// Parses the `roles` field of a chain file (make, service, trade); the unknown word if any.
    pub fn parse(words: &[String]) -> Result<Activities, String> {
        let mut a = Activities::default();
        for w in words {
            match w.trim() {
                "make" => a.make = true,
                "service" => a.service = true,
                "trade" => a.trade = true,
                other => return Err(other.to_string()),
            }
        }
        Ok(a)
    }
}

impl Node {
    /// The name in the given language.
    pub fn label(&self, lang: Lang) -> &str {
        lang.pick(&self.name, &self.name_en)
    }
}

/// One industry chain (产业链).
#[derive(Debug, Clone)]
pub struct Chain {
    /// Id (`medical-devices`, `steel`, `pv`, `hardware`).
    pub id: String,
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// One-sentence description, if given.
    pub summary: String,
    /// Bands in display order.
    pub bands: Vec<Band>,
    /// Node indices in chain order: by tier, then band, then file order.
    pub nodes: Vec<usize>,
    /// Where the chain was defined.
    pub source: Location,
}

impl Chain {
    /// The name in the given language.
    pub fn label(&self, lang: Lang) -> &str {
        lang.pick(&self.name, &self.name_en)
    }
}

/// A directed link between two nodes.
#[derive(Debug, Clone)]
pub struct Link {
    /// Index of the supplying node.
    pub from: usize,
    /// Index of the node supplied.
    pub to: usize,
    /// What the link means.
    pub kind: LinkKind,
    /// Where the link was defined.
    pub source: Location,
}

/// All chains with their nodes and links, held in one petgraph graph.
#[derive(Debug, Clone)]
pub struct ChainSet {
    /// The chains, in file order.
    pub chains: Vec<Chain>,
    /// All nodes; a node's index is its graph index.
    pub nodes: Vec<Node>,
    /// All links; a link's index is stored on its graph edge.
    pub links: Vec<Link>,
    graph: DiGraph<usize, usize>,
    node_by_id: HashMap<String, usize>,
}

impl ChainSet {
    /// Builds the set and its graph from validated parts.
    pub(crate) fn new(chains: Vec<Chain>, nodes: Vec<Node>, links: Vec<Link>) -> ChainSet {
        let mut graph = DiGraph::with_capacity(nodes.len(), links.len());
        for i in 0..nodes.len() {
            graph.add_node(i);
        }
        for (i, link) in links.iter().enumerate() {
            graph.add_edge(NodeIndex::new(link.from), NodeIndex::new(link.to), i);
        }
        let node_by_id = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.clone(), i))
            .collect();
        ChainSet {
            chains,
            nodes,
            links,
            graph,
            node_by_id,
        }
    }

    /// The petgraph graph: node weights are node indices, edge weights link indices.
    pub fn graph(&self) -> &DiGraph<usize, usize> {
        &self.graph
    }

    /// Index of the chain with this id.
    pub fn chain_index(&self, id: &str) -> Option<usize> {
        self.chains.iter().position(|c| c.id == id)
    }

    /// The chain with this id.
    pub fn chain(&self, id: &str) -> Option<&Chain> {
        self.chains.iter().find(|c| c.id == id)
    }

    /// Index of the node with this id.
    pub fn node_index(&self, id: &str) -> Option<usize> {
        self.node_by_id.get(id).copied()
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.node_index(id).map(|i| &self.nodes[i])
    }

    /// The chain a node belongs to.
    pub fn chain_of(&self, node: usize) -> &Chain {
        &self.chains[self.nodes[node].chain]
    }

    /// The band a node belongs to.
    pub fn band_of(&self, node: usize) -> &Band {
        let n = &self.nodes[node];
        &self.chains[n.chain].bands[n.band]
    }

    /// Nodes of a chain in one tier, in chain order.
    pub fn nodes_by_tier(&self, chain: usize, tier: Tier) -> Vec<usize> {
        self.chains[chain]
            .nodes
            .iter()
            .copied()
            .filter(|&n| self.nodes[n].tier == tier)
            .collect()
    }

    /// Nodes that supply, equip or serve `node` (its upstream neighbours), also across chains.
    pub fn upstream(&self, node: usize) -> Vec<(usize, &Link)> {
        self.neighbours(node, Direction::Incoming)
    }

    /// Nodes that `node` supplies, equips or serves (its downstream neighbours), also across chains.
    pub fn downstream(&self, node: usize) -> Vec<(usize, &Link)> {
        self.neighbours(node, Direction::Outgoing)
    }

    fn neighbours(&self, node: usize, dir: Direction) -> Vec<(usize, &Link)> {
        let mut out: Vec<(usize, &Link)> = self
            .graph
            .edges_directed(NodeIndex::new(node), dir)
            .map(|e| {
                let link = &self.links[*e.weight()];
                let other = if dir == Direction::Outgoing {
                    link.to
                } else {
                    link.from
                };
                (other, link)
            })
            .collect();
        out.sort_by_key(|(n, _)| *n);
        out
    }

    /// True when a link joins nodes of two different chains.
    pub fn is_cross_chain(&self, link: &Link) -> bool {
        self.nodes[link.from].chain != self.nodes[link.to].chain
    }

    /// Every supply path from `from` to `to` with at most `max_links` links, shortest first.
    pub fn supply_paths(&self, from: usize, to: usize, max_links: usize) -> Vec<Vec<usize>> {
        if from >= self.nodes.len() || to >= self.nodes.len() {
            return Vec::new();
        }
        if from == to {
            return vec![vec![from]];
        }
        let mut paths: Vec<Vec<usize>> =
            petgraph::algo::all_simple_paths::<Vec<_>, _, std::hash::RandomState>(
                &self.graph,
                NodeIndex::new(from),
                NodeIndex::new(to),
                0,
                Some(max_links.saturating_sub(1)),
            )
            .map(|p| p.into_iter().map(|ix| ix.index()).collect())
            .collect();
        paths.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
        paths
    }

    /// Nodes reachable downstream from `node` (not including it), in index order.
    pub fn reachable_downstream(&self, node: usize) -> Vec<usize> {
        let mut seen = vec![false; self.nodes.len()];
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            for (m, _) in self.downstream(n) {
                if !seen[m] {
                    seen[m] = true;
                    stack.push(m);
                }
            }
        }
        seen[node] = false;
        (0..self.nodes.len()).filter(|&i| seen[i]).collect()
    }

    /// Number of nodes of a chain in each tier (upstream, midstream, downstream).
    pub fn tier_counts(&self, chain: usize) -> [usize; 3] {
        let mut counts = [0; 3];
        for &n in &self.chains[chain].nodes {
            counts[self.nodes[n].tier as usize] += 1;
        }
        counts
    }
}
