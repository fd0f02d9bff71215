//! Errors found in chain files: each names the file, the line and the problem.

use std::fmt;

use super::model::Location;
use crate::lang::Lang;

/// What is wrong at one place of a chain file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file could not be read.
    Unreadable(String),
    /// TOML syntax or a field of the wrong type or name.
    Syntax(String),
    /// A chain file without `id`, `name` or `name_en`.
    MissingChainField(&'static str),
    /// Two chains with one id.
    DuplicateChain(String),
    /// Two nodes with one id (the first location given).
    DuplicateNode { id: String, first: Location },
    /// Two bands with one id in a file.
    DuplicateBand(String),
    /// An id with characters other than lowercase ascii, digits and hyphens.
    BadId(String),
    /// A tier that is not upstream, midstream or downstream.
    BadTier(String),
    /// A node naming a band its file does not define.
    UnknownBand(String),
    /// A node whose tier differs from its band's.
    BandTierMismatch {
        node: String,
        tier: String,
        band: String,
        band_tier: String,
    },
    /// A node with neither keywords nor industry codes.
    NoKeywordsOrCodes(String),
    /// A code that is not a 4-digit class of GB/T 4754-2017.
    BadIndustryCode { node: String, code: String },
    /// A weight outside 0..1.
    WeightOutOfRange { node: String, weight: String },
    /// A link end that names no node.
    UnknownLinkEnd(String),
    /// A link kind that is not supplies, equips or serves.
    BadLinkKind(String),
    /// A `roles` entry that is not make, service or trade.
    BadRole { node: String, role: String },
    /// A policy class that is not encouraged, permitted, restricted or eliminated.
    BadPolicyStatus { node: String, status: String },
    /// A policy note without its item, source, or (restricted, permitted) condition.
    PolicyMissing { node: String, field: &'static str },
    /// The same link twice.
    DuplicateLink { from: String, to: String },
    /// A cycle among links (the node ids along it, first repeated at the end).
    Cycle(Vec<String>),
    /// A node that takes part in no link.
    Isolated(String),
    /// A chain without nodes.
    EmptyChain(String),
    /// No chain file at all.
    NoChains,
    /// A file with nothing in it but blanks and comments.
    EmptyFile,
}

impl Problem {
    /// The message in the given language.
    pub fn message(&self, lang: Lang) -> String {
        use Problem::*;
        match (self, lang) {
            (Unreadable(e), Lang::Zh) => format!("无法读取文件：{e}"),
            (Unreadable(e), Lang::En) => format!("cannot read the file: {e}"),
            (Syntax(e), Lang::Zh) => format!("格式错误：{e}"),
            (Syntax(e), Lang::En) => format!("syntax error: {e}"),
            (MissingChainField(f), Lang::Zh) => format!("产业链文件缺少 `{f}`"),
            (MissingChainField(f), Lang::En) => format!("chain file lacks `{f}`"),
            (DuplicateChain(id), Lang::Zh) => format!("产业链 id `{id}` 重复"),
            (DuplicateChain(id), Lang::En) => format!("duplicate chain id `{id}`"),
            (DuplicateNode { id, first }, Lang::Zh) => {
                format!("环节 id `{id}` 重复（首次定义于 {first}）")
            }
            (DuplicateNode { id, first }, Lang::En) => {
                format!("duplicate node id `{id}` (first defined at {first})")
            }
            (DuplicateBand(id), Lang::Zh) => format!("分段 id `{id}` 重复"),
            (DuplicateBand(id), Lang::En) => format!("duplicate band id `{id}`"),
            (BadId(id), Lang::Zh) => {
                format!("id `{id}` 不合规：只能用小写英文字母、数字和连字符")
            }
            (BadId(id), Lang::En) => {
                format!("bad id `{id}`: use lowercase ascii letters, digits and hyphens")
            }
            (BadTier(t), Lang::Zh) => {
                format!("层级 `{t}` 无效：应为 upstream、midstream 或 downstream")
            }
            (BadTier(t), Lang::En) => {
                format!("bad tier `{t}`: use upstream, midstream or downstream")
            }
            (UnknownBand(b), Lang::Zh) => format!("分段 `{b}` 未在本文件的 [[band]] 中定义"),
            (UnknownBand(b), Lang::En) => {
                format!("unknown band `{b}`: define it in a [[band]] of this file")
            }
            (
                BandTierMismatch {
                    node,
                    tier,
                    band,
                    band_tier,
                },
                Lang::Zh,
            ) => format!(
                "环节 `{node}` 的层级 `{tier}` 与所属分段 `{band}` 的层级 `{band_tier}` 不一致"
            ),
            (
                BandTierMismatch {
                    node,
                    tier,
                    band,
                    band_tier,
                },
                Lang::En,
            ) => format!("node `{node}` has tier `{tier}` but its band `{band}` is `{band_tier}`"),
            (NoKeywordsOrCodes(n), Lang::Zh) => {
                format!("环节 `{n}` 既没有关键词也没有行业代码，无法匹配企业")
            }
            (NoKeywordsOrCodes(n), Lang::En) => {
                format!("node `{n}` has neither keywords nor industry codes")
            }
            (BadIndustryCode { node, code }, Lang::Zh) => {
                format!("环节 `{node}` 的行业代码 `{code}` 不是 GB/T 4754-2017 的四位小类代码")
            }
            (BadIndustryCode { node, code }, Lang::En) => {
                format!("node `{node}`: `{code}` is not a 4-digit class of GB/T 4754-2017")
            }
            (WeightOutOfRange { node, weight }, Lang::Zh) => {
                format!("环节 `{node}` 的权重 {weight} 超出 0 到 1")
            }
            (WeightOutOfRange { node, weight }, Lang::En) => {
                format!("node `{node}`: weight {weight} is outside 0..1")
            }
            (UnknownLinkEnd(id), Lang::Zh) => format!("关联指向不存在的环节 `{id}`"),
            (UnknownLinkEnd(id), Lang::En) => format!("link names unknown node `{id}`"),
            (BadLinkKind(k), Lang::Zh) => {
                format!("关联类型 `{k}` 无效：应为 supplies、equips 或 serves")
            }
            (BadLinkKind(k), Lang::En) => {
                format!("bad link kind `{k}`: use supplies, equips or serves")
            }
            (BadRole { node, role }, Lang::Zh) => {
                format!("环节 `{node}` 的经营方式 `{role}` 无效：应为 make、service 或 trade")
            }
            (BadRole { node, role }, Lang::En) => {
                format!("node `{node}`: bad role `{role}`: use make, service or trade")
            }
            (BadPolicyStatus { node, status }, Lang::Zh) => format!(
                "环节 `{node}` 的政策类别 `{status}` 无效：应为 encouraged（鼓励类）、permitted（允许类，有条件）、restricted（限制类）或 eliminated（淘汰类）"
            ),
            (BadPolicyStatus { node, status }, Lang::En) => format!(
                "node `{node}` has policy status `{status}`: use encouraged, permitted, restricted or eliminated"
            ),
            (PolicyMissing { node, field }, Lang::Zh) => format!(
                "环节 `{node}` 的政策说明缺少 `{field}`：须写明条目原文（item）和出处（source），限制类与允许类还须写明可推进的条件（condition）"
            ),
            (PolicyMissing { node, field }, Lang::En) => format!(
                "node `{node}`'s policy note lacks `{field}`: give the item's wording (item) and its source, and for a restricted or permitted node the condition under which it may be pursued"
            ),
            (DuplicateLink { from, to }, Lang::Zh) => format!("关联 `{from}` → `{to}` 重复"),
            (DuplicateLink { from, to }, Lang::En) => {
                format!("duplicate link `{from}` -> `{to}`")
            }
            (Cycle(ids), Lang::Zh) => format!("关联成环：{}", ids.join(" → ")),
            (Cycle(ids), Lang::En) => format!("links form a cycle: {}", ids.join(" -> ")),
            (Isolated(n), Lang::Zh) => format!("环节 `{n}` 没有任何上下游关联"),
            (Isolated(n), Lang::En) => format!("node `{n}` takes part in no link"),
            (EmptyChain(c), Lang::Zh) => format!("产业链 `{c}` 没有环节"),
            (EmptyChain(c), Lang::En) => format!("chain `{c}` has no nodes"),
            (NoChains, Lang::Zh) => "目录中没有产业链文件（*.toml）".to_string(),
            (NoChains, Lang::En) => "no chain files (*.toml) found".to_string(),
            (EmptyFile, Lang::Zh) => "文件是空的（或只有注释）：既没有产业链（id、name、[[node]]）也没有关联（[[link]]）；请补全内容或删去该文件".to_string(),
            (EmptyFile, Lang::En) => "the file is empty (or only comments): no chain (id, name, [[node]]) and no [[link]]; fill it in or remove it".to_string(),
        }
    }
}

/// One problem at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainIssue {
    /// Where.
    pub at: Location,
    /// What.
    pub problem: Problem,
}

impl ChainIssue {
    /// The issue as `file:line: message` in the given language.
    pub fn message(&self, lang: Lang) -> String {
        format!("{}: {}", self.at, self.problem.message(lang))
    }
}

/// All problems found while loading a set of chain files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainErrors {
    /// Every problem, ordered by file and line.
    pub issues: Vec<ChainIssue>,
}

impl ChainErrors {
    /// All issues, one per line, in the given language.
    pub fn message(&self, lang: Lang) -> String {
        self.issues
            .iter()
            .map(|i| i.message(lang))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl fmt::Display for ChainErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} problem(s) in the chain files:\n{}",
            self.issues.len(),
            self.message(Lang::En)
        )
    }
}

impl std::error::Error for ChainErrors {}
