//! The classifier (企业与环节匹配): companies onto chain nodes, with a confidence, a role and the
//! evidence behind each match.
//!
//! One term set ([`terms::TermSet`]) holds every keyword, context term and exclusion of every node;
//! it is built once and shared by all threads. Each company's name, main products and business
//! scope are scanned once, leftmost-longest, a character at a time (a small bitmap of the character
//! pairs that start a term skips most of the text; see [`terms`]). A context term or exclusion
//! inside a longer keyword is implied by that keyword. Rows are split into chunks that rayon scans
//! in parallel with per-thread scratch space, so the hot loop allocates nothing per row; results
//! come back in row order.
//!
//! ## Reading a business scope
//!
//! Most real records have no product list: the business scope (经营范围) is the company's legal
//! description of what it does. [`scope::ScopeParser`] splits it into clauses and items, drops the
//! registration notes and boilerplate, honours exclusions (不含…, 除…外, 不得从事…) and gives each
//! item the roles of its verbs (make, trade, service). A keyword hit in the scope takes the roles
//! of the item it sits in, and a node counts the roles its chain file allows (`roles`; by default
//! makers for a manufactured product, makers and service providers for construction and services,
//! traders for the chain's distribution node). So a trader listing a hundred products is counted
//! on the distribution node, never as their maker, and an installer of medical equipment is not
//! its maker.
//!
//! ## The confidence formula
//!
//! For a company and a node, each piece of evidence has a weight, and the weights combine as a
//! noisy-OR, `confidence = 1 − Π (1 − wᵢ)`, so independent hits raise the confidence and none can
//! push it past 1:
//!
//! | evidence | weight |
//! | --- | --- |
//! | a scope item whose verbs fit the node (生产光伏组件 for 组件; 钢结构工程施工 for 钢结构) | 0.80 |
//! | each further such item | 0.30 |
//! | a scope item without any verb (old registrations list bare products) | 0.45 |
//! | each further such item | 0.15 |
//! | a line of the main products (主营产品) holding a keyword, among the first three lines | 0.80 |
//! | … in lines 4 to 6 (main products are listed by revenue) | 0.45 |
//! | … further down the list | 0.30 |
//! | each further such line | half its weight above |
//! | a keyword in the company name | 0.45 |
//! | the company's industry code is one of the node's | 0.45 |
//!
//! A fitting scope item or one of the first three product lines is enough on its own (0.8, above
//! the default 0.5); a name, a code, a bare scope item or a product line far down the list alone
//! is not, two of them together are. A product line that trades the product (焦炭贸易) counts on
//! the distribution node at half its weight, so one such line alone is not enough either; a list of
//! goods without any verb (五金交电、钢材、建材) counts 0.6 on the distribution node, to verify. Each match carries a
//! status: 确认 (confirmed: a fitting scope item, a product line, or two independent sources among
//! name, industry code and scope) or 待核实 (to verify: one weak source), and its evidence: the
//! scope item that decided it and the terms found.
//!
//! Nodes of one chain back each other: a company's most confident node in a chain takes in half the
//! confidence of its next most confident node there (from 0.3 up) as further evidence, so a steel
//! mill listing 优特钢 and 球墨铸铁管 far down its products is still a steel company.
//!
//! A keyword counts only when the node's context terms (`require_any`), if it has any, appear in
//! the same clause of the scope (or the same field elsewhere), and not when one of its exclusions
//! appears in the same field. A keyword that lies inside a longer keyword of another node
//! (光伏玻璃 inside 光伏玻璃原料) is that longer keyword's.
//!
//! A company whose scope items (or product lines, as in 焦炭贸易) holding a product only trade it is
//! not its maker: it is counted on its chain's distribution node (0.8 for the first such item,
//! confirmed) when the chain has one, and not on the product's node.

mod matcher;
mod output;
pub mod review;
pub mod scope;
pub mod terms;
#[cfg(test)]
mod tests;

pub use matcher::{Classifier, Evidence, Field, Match, Matches, Role, Status};

/// The lowest confidence a match needs unless the user says otherwise (`--min-confidence`): one
/// fitting scope item or product line among the first three (0.8) is enough, one weak source
/// (0.45) is not, two together are.
pub const DEFAULT_MIN_CONFIDENCE: f64 = 0.5;
pub use output::{chain_counts, match_table};
