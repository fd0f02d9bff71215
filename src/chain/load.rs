//! Loading chain files (TOML) into a [`ChainSet`], with validation that reports every problem.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::error::{ChainErrors, ChainIssue, Problem};
use super::model::{
    Activities, Band, Chain, ChainSet, Link, LinkKind, Location, Needs, Node, Policy, PolicyStatus,
    Tier,
};
use crate::industry::IndustryCodes;

/// The chain files shipped in `data/chains/`, embedded in the binary.
pub const EMBEDDED: [(&str, &str); 5] = [
    (
        "medical-devices.toml",
        include_str!("../../data/chains/medical-devices.toml"),
    ),
    ("steel.toml", include_str!("../../data/chains/steel.toml")),
    ("pv.toml", include_str!("../../data/chains/pv.toml")),
    (
        "hardware.toml",
        include_str!("../../data/chains/hardware.toml"),
    ),
    ("links.toml", include_str!("../../data/chains/links.toml")),
];

/// One chain file's name and text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name errors use (file name or path).
    pub name: String,
    /// The TOML text.
    pub text: String,
}

impl ChainSet {
    /// The four chains shipped with chainlead.
    pub fn embedded() -> Result<ChainSet, ChainErrors> {
        let files: Vec<SourceFile> = EMBEDDED
            .iter()
            .map(|(name, text)| SourceFile {
                name: format!("data/chains/{name}"),
                text: (*text).to_string(),
            })
            .collect();
        load_sources(&files)
    }

    /// Loads every `*.toml` file of a directory, in name order.
    pub fn load_dir(dir: &Path) -> Result<ChainSet, ChainErrors> {
        let unreadable = |e: std::io::Error| ChainErrors {
            issues: vec![ChainIssue {
                at: Location {
                    file: dir.display().to_string(),
                    line: 0,
                },
                problem: Problem::Unreadable(e.to_string()),
            }],
        };
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(unreadable)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        let mut files = Vec::with_capacity(paths.len());
        let mut issues = Vec::new();
        for path in paths {
            match std::fs::read_to_string(&path) {
                Ok(text) => files.push(SourceFile {
                    name: path.display().to_string(),
                    text,
                }),
                Err(e) => issues.push(ChainIssue {
                    at: Location {
                        file: path.display().to_string(),
                        line: 0,
                    },
                    problem: Problem::Unreadable(e.to_string()),
                }),
            }
        }
        if !issues.is_empty() {
            return Err(ChainErrors { issues });
        }
        load_sources(&files)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    id: Option<Spanned<String>>,
    name: Option<String>,
    name_en: Option<String>,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    band: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    node: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    link: Vec<Spanned<toml::Table>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    id: String,
    name: String,
    name_en: String,
    tier: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawCode {
    Text(String),
    Number(i64),
}

impl RawCode {
    fn text(&self) -> String {
        match self {
            RawCode::Text(s) => s.trim().to_string(),
            RawCode::Number(n) => n.to_string(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNode {
    id: String,
    name: String,
    name_en: String,
    tier: String,
    #[serde(alias = "group")]
    band: String,
    #[serde(default)]
    industry_codes: Vec<RawCode>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    require_any: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    weight: f64,
    #[serde(default)]
    bottleneck: bool,
    #[serde(default)]
    distribution: bool,
    #[serde(default)]
    roles: Option<Vec<String>>,
    #[serde(default)]
    policy: Option<RawPolicy>,
    #[serde(default)]
    needs: Option<RawNeeds>,
    #[serde(default)]
    project: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    status: String,
    #[serde(default)]
    item: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    condition: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawNeeds {
    #[serde(default)]
    land: String,
    #[serde(default)]
    energy: String,
    #[serde(default)]
    water: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLink {
    from: String,
    to: String,
    kind: String,
}

/// Collects issues for one file, turning byte offsets into lines.
struct FileCtx<'a> {
    name: &'a str,
    text: &'a str,
    issues: &'a mut Vec<ChainIssue>,
}

impl FileCtx<'_> {
    fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    fn loc(&self, offset: usize) -> Location {
        Location {
            file: self.name.to_string(),
            line: self.line_of(offset),
        }
    }

    /// The byte range of an entry: from its `[[…]]` header to the next table header.
    fn entry_range(&self, span: &std::ops::Range<usize>) -> std::ops::Range<usize> {
        let start = span.start.min(self.text.len());
        let body_start = self.text[start..]
            .find('\n')
            .map(|i| start + i + 1)
            .unwrap_or(self.text.len());
        let mut end = self.text.len();
        let mut offset = body_start;
        for line in self.text[body_start..].split_inclusive('\n') {
            if line.trim_start().starts_with('[') && !line.contains('=') {
                end = offset;
                break;
            }
            offset += line.len();
        }
        start..end
    }

    /// The line of `key = ...` inside an entry, or the entry's first line.
    fn field_loc(&self, span: &std::ops::Range<usize>, key: &str) -> Location {
        let range = self.entry_range(span);
        let mut offset = range.start;
        for line in self.text[range.clone()].split_inclusive('\n') {
            let t = line.trim_start();
            if let Some(rest) = t.strip_prefix(key) {
                if rest.trim_start().starts_with('=') {
                    return self.loc(offset);
                }
            }
            offset += line.len();
        }
        self.loc(range.start)
    }

    /// The line of the first line in an entry that contains `"needle"` (or `needle`).
    fn find_loc(&self, span: &std::ops::Range<usize>, needle: &str) -> Location {
        let range = self.entry_range(span);
        let text = &self.text[range.clone()];
        match text
            .find(&format!("\"{needle}\""))
            .or_else(|| text.find(needle))
        {
            Some(i) => self.loc(range.start + i),
            None => self.loc(range.start),
        }
    }

    fn push(&mut self, at: Location, problem: Problem) {
        self.issues.push(ChainIssue { at, problem });
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

struct PendingLink {
    from: String,
    to: String,
    kind: LinkKind,
    from_at: Location,
    to_at: Location,
    at: Location,
}

/// Loads chain files from memory: chain files have an `id`; other files hold only `[[link]]`s.
pub fn load_sources(files: &[SourceFile]) -> Result<ChainSet, ChainErrors> {
    let codes = IndustryCodes::embedded();
    let mut issues = Vec::new();
    let mut chains: Vec<Chain> = Vec::new();
    let mut nodes: Vec<Node> = Vec::new();
    let mut pending: Vec<PendingLink> = Vec::new();
    let mut node_at: HashMap<String, Location> = HashMap::new();

    for file in files {
        let mut ctx = FileCtx {
            name: &file.name,
            text: &file.text,
            issues: &mut issues,
        };
        let raw: RawFile = match toml::from_str(&file.text) {
            Ok(raw) => raw,
            Err(e) => {
                let line = e.span().map(|s| ctx.line_of(s.start)).unwrap_or(1);
                let msg = e.message().trim().to_string();
                ctx.push(
                    Location {
                        file: file.name.clone(),
                        line,
                    },
                    Problem::Syntax(msg),
                );
                continue;
            }
        };
        if let Some(id) = &raw.id {
            let chain_idx = chains.len();
            let chain_at = ctx.loc(id.span().start);
            let chain_id = id.get_ref().trim().to_string();
            if !valid_id(&chain_id) {
                ctx.push(chain_at.clone(), Problem::BadId(chain_id.clone()));
            }
            if chains.iter().any(|c| c.id == chain_id) {
                ctx.push(chain_at.clone(), Problem::DuplicateChain(chain_id.clone()));
            }
            if raw.name.is_none() {
                ctx.push(chain_at.clone(), Problem::MissingChainField("name"));
            }
            if raw.name_en.is_none() {
                ctx.push(chain_at.clone(), Problem::MissingChainField("name_en"));
            }
            let bands = read_bands(&mut ctx, &raw.band);
            let first_node = nodes.len();
            read_nodes(
                &mut ctx,
                &raw.node,
                chain_idx,
                &bands,
                codes,
                &mut nodes,
                &mut node_at,
            );
            if nodes.len() == first_node && raw.node.is_empty() {
                ctx.push(chain_at.clone(), Problem::EmptyChain(chain_id.clone()));
            }
            let mut order: Vec<usize> = (first_node..nodes.len()).collect();
            order.sort_by_key(|&n| (nodes[n].tier, nodes[n].band, n));
            chains.push(Chain {
                id: chain_id,
                name: raw.name.clone().unwrap_or_default(),
                name_en: raw.name_en.clone().unwrap_or_default(),
                summary: raw.summary.trim().to_string(),
                bands,
                nodes: order,
                source: chain_at,
            });
        } else {
            if !raw.node.is_empty() || !raw.band.is_empty() {
                ctx.push(ctx.loc(0), Problem::MissingChainField("id"));
            } else if raw.link.is_empty() && raw.name.is_none() && raw.name_en.is_none() {
                // Blank or only comments: most likely a file left unfinished.
                ctx.push(ctx.loc(0), Problem::EmptyFile);
            }
        }
        read_links(&mut ctx, &raw.link, &mut pending);
    }
    // A syntax error drops what it stands in (a file, a node, a link): the checks across files
    // would then report follow-on errors (unknown link ends, isolated nodes, no chains) that go
    // away once it is fixed. So it is reported alone (with empty files, which have no follow-ons),
    // and the rest is checked on the next run.
    if issues
        .iter()
        .any(|i| matches!(i.problem, Problem::Syntax(_)))
    {
        let order: HashMap<&str, usize> = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name.as_str(), i))
            .collect();
        issues.retain(|i| matches!(i.problem, Problem::Syntax(_) | Problem::EmptyFile));
        issues.sort_by_key(|i| (order.get(i.at.file.as_str()).copied(), i.at.line));
        return Err(ChainErrors { issues });
    }
    if chains.is_empty() && issues.is_empty() {
        issues.push(ChainIssue {
            at: Location {
                file: files.first().map(|f| f.name.clone()).unwrap_or_default(),
                line: 0,
            },
            problem: Problem::NoChains,
        });
    }

    let index: HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .rev()
        .collect();
    let mut links = Vec::new();
    let mut seen_links = HashSet::new();
    for p in pending {
        let from = index.get(p.from.as_str()).copied();
        let to = index.get(p.to.as_str()).copied();
        if from.is_none() {
            issues.push(ChainIssue {
                at: p.from_at.clone(),
                problem: Problem::UnknownLinkEnd(p.from.clone()),
            });
        }
        if to.is_none() {
            issues.push(ChainIssue {
                at: p.to_at.clone(),
                problem: Problem::UnknownLinkEnd(p.to.clone()),
            });
        }
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        if !seen_links.insert((from, to)) {
            issues.push(ChainIssue {
                at: p.at.clone(),
                problem: Problem::DuplicateLink {
                    from: p.from.clone(),
                    to: p.to.clone(),
                },
            });
            continue;
        }
        links.push(Link {
            from,
            to,
            kind: p.kind,
            source: p.at,
        });
    }

    let mut linked = vec![false; nodes.len()];
    for l in &links {
        linked[l.from] = true;
        linked[l.to] = true;
    }
    for (i, n) in nodes.iter().enumerate() {
        if !linked[i] && index.get(n.id.as_str()) == Some(&i) {
            issues.push(ChainIssue {
                at: n.source.clone(),
                problem: Problem::Isolated(n.id.clone()),
            });
        }
    }
    for cycle in find_cycles(nodes.len(), &links) {
        let first = &links[cycle[0]];
        let mut ids: Vec<String> = cycle
            .iter()
            .map(|&l| nodes[links[l].from].id.clone())
            .collect();
        ids.push(nodes[first.from].id.clone());
        issues.push(ChainIssue {
            at: first.source.clone(),
            problem: Problem::Cycle(ids),
        });
    }

    if issues.is_empty() {
        Ok(ChainSet::new(chains, nodes, links))
    } else {
        let order: HashMap<&str, usize> = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name.as_str(), i))
            .collect();
        issues.sort_by_key(|i| (order.get(i.at.file.as_str()).copied(), i.at.line));
        Err(ChainErrors { issues })
    }
}

fn read_bands(ctx: &mut FileCtx<'_>, raw: &[Spanned<toml::Table>]) -> Vec<Band> {
    let mut bands: Vec<Band> = Vec::new();
    for entry in raw {
        let span = entry.span();
        let band = match RawBand::deserialize(toml::Value::Table(entry.get_ref().clone())) {
            Ok(b) => b,
            Err(e) => {
                ctx.push(
                    ctx.loc(span.start),
                    Problem::Syntax(format!("[[band]]: {}", e.message().trim())),
                );
                continue;
            }
        };
        let tier = match Tier::parse(&band.tier) {
            Some(t) => t,
            None => {
                ctx.push(
                    ctx.field_loc(&span, "tier"),
                    Problem::BadTier(band.tier.clone()),
                );
                continue;
            }
        };
        if !valid_id(&band.id) {
            ctx.push(ctx.field_loc(&span, "id"), Problem::BadId(band.id.clone()));
        }
        if bands.iter().any(|b| b.id == band.id) {
            ctx.push(
                ctx.field_loc(&span, "id"),
                Problem::DuplicateBand(band.id.clone()),
            );
            continue;
        }
        bands.push(Band {
            id: band.id,
            name: band.name,
            name_en: band.name_en,
            tier,
        });
    }
    // Bands are shown upstream first, keeping file order inside a tier.
    bands.sort_by_key(|b| b.tier);
    bands
}

fn read_nodes(
    ctx: &mut FileCtx<'_>,
    raw: &[Spanned<toml::Table>],
    chain: usize,
    bands: &[Band],
    codes: &IndustryCodes,
    nodes: &mut Vec<Node>,
    node_at: &mut HashMap<String, Location>,
) {
    for entry in raw {
        let span = entry.span();
        let node = match RawNode::deserialize(toml::Value::Table(entry.get_ref().clone())) {
            Ok(n) => n,
            Err(e) => {
                let id = entry
                    .get_ref()
                    .get("id")
                    .and_then(|v| v.as_str())
                    .map(|s| format!(" `{s}`"))
                    .unwrap_or_default();
                ctx.push(
                    ctx.loc(span.start),
                    Problem::Syntax(format!("[[node]]{id}: {}", e.message().trim())),
                );
                continue;
            }
        };
        let at = ctx.field_loc(&span, "id");
        let id = node.id.trim().to_string();
        let mut ok = true;
        if !valid_id(&id) {
            ctx.push(at.clone(), Problem::BadId(id.clone()));
        }
        if let Some(first) = node_at.get(&id) {
            ctx.push(
                at.clone(),
                Problem::DuplicateNode {
                    id: id.clone(),
                    first: first.clone(),
                },
            );
            ok = false;
        }
        let tier = Tier::parse(&node.tier);
        if tier.is_none() {
            ctx.push(
                ctx.field_loc(&span, "tier"),
                Problem::BadTier(node.tier.clone()),
            );
            ok = false;
        }
        let band = bands.iter().position(|b| b.id == node.band.trim());
        match (band, tier) {
            (None, _) => {
                let band_key = if entry.get_ref().contains_key("group") {
                    "group"
                } else {
                    "band"
                };
                ctx.push(
                    ctx.field_loc(&span, band_key),
                    Problem::UnknownBand(node.band.clone()),
                );
                ok = false;
            }
            (Some(b), Some(t)) if bands[b].tier != t => {
                ctx.push(
                    ctx.field_loc(&span, "band"),
                    Problem::BandTierMismatch {
                        node: id.clone(),
                        tier: t.as_str().to_string(),
                        band: bands[b].id.clone(),
                        band_tier: bands[b].tier.as_str().to_string(),
                    },
                );
                ok = false;
            }
            _ => {}
        }
        let clean = |v: &[String]| -> Vec<String> {
            v.iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        };
        let keywords = clean(&node.keywords);
        let industry_codes: Vec<String> = node.industry_codes.iter().map(RawCode::text).collect();
        if keywords.is_empty() && industry_codes.is_empty() {
            ctx.push(at.clone(), Problem::NoKeywordsOrCodes(id.clone()));
        }
        for code in &industry_codes {
            if !codes.is_class(code) {
                ctx.push(
                    ctx.find_loc(&span, code),
                    Problem::BadIndustryCode {
                        node: id.clone(),
                        code: code.clone(),
                    },
                );
            }
        }
        if !(0.0..=1.0).contains(&node.weight) || node.weight.is_nan() {
            ctx.push(
                ctx.field_loc(&span, "weight"),
                Problem::WeightOutOfRange {
                    node: id.clone(),
                    weight: node.weight.to_string(),
                },
            );
        }
        let roles = match &node.roles {
            None => Activities::default_for(&industry_codes, node.distribution),
            Some(words) => match Activities::parse(words) {
                Ok(a) => a,
                Err(role) => {
                    ctx.push(
                        ctx.field_loc(&span, "roles"),
                        Problem::BadRole {
                            node: id.clone(),
                            role,
                        },
                    );
                    Activities::default_for(&industry_codes, node.distribution)
                }
            },
        };
        let policy = node
            .policy
            .as_ref()
            .and_then(|p| read_policy(ctx, &span, &id, p));
        let needs = node.needs.unwrap_or_default();
        let project = node
            .project
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        if !ok {
            continue;
        }
        node_at.insert(id.clone(), at.clone());
        nodes.push(Node {
            id,
            name: node.name.trim().to_string(),
            name_en: node.name_en.trim().to_string(),
            chain,
            tier: tier.unwrap_or(Tier::Midstream),
            band: band.unwrap_or(0),
            industry_codes,
            keywords,
            require_any: clean(&node.require_any),
            exclude: clean(&node.exclude),
            weight: node.weight,
            bottleneck: node.bottleneck,
            distribution: node.distribution,
            roles,
            policy,
            needs: Needs {
                land: needs.land.trim().to_string(),
                energy: needs.energy.trim().to_string(),
                water: needs.water.trim().to_string(),
            },
            project,
            source: at,
        });
    }
}

/// A node's policy note, checked: a known class, the item and its source always, and a condition
/// for a restricted or permitted node (what a bureau must satisfy to pursue it).
fn read_policy(
    ctx: &mut FileCtx<'_>,
    span: &std::ops::Range<usize>,
    id: &str,
    p: &RawPolicy,
) -> Option<Policy> {
    let at = ctx.field_loc(span, "policy");
    let Some(status) = PolicyStatus::parse(&p.status) else {
        ctx.push(
            ctx.find_loc(span, p.status.trim()),
            Problem::BadPolicyStatus {
                node: id.to_string(),
                status: p.status.clone(),
            },
        );
        return None;
    };
    let mut missing = Vec::new();
    if p.item.trim().is_empty() {
        missing.push("item");
    }
    if p.source.trim().is_empty() {
        missing.push("source");
    }
    if matches!(status, PolicyStatus::Restricted | PolicyStatus::Permitted)
        && p.condition.trim().is_empty()
    {
        missing.push("condition");
    }
    for field in &missing {
        ctx.push(
            at.clone(),
            Problem::PolicyMissing {
                node: id.to_string(),
                field,
            },
        );
    }
    missing.is_empty().then(|| Policy {
        status,
        item: p.item.trim().to_string(),
        source: p.source.trim().to_string(),
        condition: p.condition.trim().to_string(),
    })
}

fn read_links(ctx: &mut FileCtx<'_>, raw: &[Spanned<toml::Table>], pending: &mut Vec<PendingLink>) {
    for entry in raw {
        let span = entry.span();
        let link = match RawLink::deserialize(toml::Value::Table(entry.get_ref().clone())) {
            Ok(l) => l,
            Err(e) => {
                ctx.push(
                    ctx.loc(span.start),
                    Problem::Syntax(format!("[[link]]: {}", e.message().trim())),
                );
                continue;
            }
        };
        let Some(kind) = LinkKind::parse(&link.kind) else {
            ctx.push(
                ctx.field_loc(&span, "kind"),
                Problem::BadLinkKind(link.kind.clone()),
            );
            continue;
        };
        pending.push(PendingLink {
            from: link.from.trim().to_string(),
            to: link.to.trim().to_string(),
            kind,
            from_at: ctx.field_loc(&span, "from"),
            to_at: ctx.field_loc(&span, "to"),
            at: ctx.loc(span.start),
        });
    }
}

/// Finds one cycle per strongly connected component that has one; each cycle as link indices.
fn find_cycles(n: usize, links: &[Link]) -> Vec<Vec<usize>> {
    use petgraph::graph::{DiGraph, NodeIndex};
    let mut g: DiGraph<(), usize> = DiGraph::with_capacity(n, links.len());
    for _ in 0..n {
        g.add_node(());
    }
    for (i, l) in links.iter().enumerate() {
        g.add_edge(NodeIndex::new(l.from), NodeIndex::new(l.to), i);
    }
    let mut cycles = Vec::new();
    let mut sccs = petgraph::algo::tarjan_scc(&g);
    sccs.iter_mut().for_each(|c| c.sort());
    sccs.sort();
    for scc in sccs {
        let self_loop = scc.len() == 1
            && links
                .iter()
                .any(|l| l.from == scc[0].index() && l.to == l.from);
        if scc.len() < 2 && !self_loop {
            continue;
        }
        let members: HashSet<usize> = scc.iter().map(|ix| ix.index()).collect();
        let start = scc[0].index();
        // Breadth-first search inside the component for the shortest way back to `start`.
        let mut prev: HashMap<usize, usize> = HashMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        let mut closing = None;
        'search: while let Some(u) = queue.pop_front() {
            let mut out: Vec<usize> = (0..links.len()).filter(|&i| links[i].from == u).collect();
            out.sort_by_key(|&i| links[i].to);
            for li in out {
                let v = links[li].to;
                if !members.contains(&v) {
                    continue;
                }
                if v == start {
                    closing = Some(li);
                    break 'search;
                }
                if v != start && !prev.contains_key(&v) {
                    prev.insert(v, li);
                    queue.push_back(v);
                }
            }
        }
        if let Some(last) = closing {
            let mut path = vec![last];
            let mut at = links[last].from;
            while at != start {
                let li = prev[&at];
                path.push(li);
                at = links[li].from;
            }
            path.reverse();
            cycles.push(path);
        }
    }
    cycles
}
