//! The classifier (企业与环节匹配): companies onto chain nodes, with a confidence, a role and the
//! evidence behind each match.
//!
//! One Aho-Corasick automaton holds every keyword, context term and exclusion of every node and
//! the role words; it is built once and shared by all threads. Each company's name, main products
//! and business scope are scanned once (overlapping matches, so a context term inside a longer
//! keyword is still seen). Rows are split into chunks that rayon scans in parallel with per-thread
//! scratch space, so the hot loop allocates nothing per row; results come back in row order.
//!
//! ## The confidence formula
//!
//! For a company and a node, each piece of evidence has a weight, and the weights combine as a
//! noisy-OR, `confidence = 1 − Π (1 − wᵢ)`, so independent hits raise the confidence and none can
//! push it past 1:
//!
//! | evidence | weight |
//! | --- | --- |
//! | a line of the main products (主营产品) holding a keyword, among the first three lines | 0.60 |
//! | … in lines 4 to 6 (main products are listed by revenue) | 0.45 |
//! | … further down the list | 0.30 |
//! | each further such line | half its weight above |
//! | first keyword in the company name | 0.45 |
//! | first keyword in the business scope (经营范围) | 0.35 |
//! | each further distinct keyword in the business scope | 0.15 |
//! | the company's industry code is one of the node's codes | 0.30 |
//!
//! Nodes of one chain back each other: a company's most confident node in a chain takes in half the
//! confidence of its next most confident node there (from 0.3 up) as further evidence, so a steel
//! mill listing 优特钢 and 球墨铸铁管 far down its products is still a steel company.
//!
//! A keyword counts only when the node's context terms (`require_any`), if it has any, appear in
//! the same field, and not when one of its exclusions appears there. A keyword that lies inside a
//! longer keyword of another node (光伏玻璃 inside 光伏玻璃原料) is that longer keyword's.
//!
//! A company whose scope items (or product lines, as in 焦炭贸易) holding the keyword only trade it
//! (销售, 批发, 零售, 进出口, 贸易) is not its maker: the
//! match moves to its chain's distribution node, at 0.8 times the confidence, when the chain has
//! one, and otherwise stays with role `trade` and 0.7 times the confidence.

mod matcher;
mod output;
#[cfg(test)]
mod tests;

pub use matcher::{Classifier, Evidence, Field, Match, Matches, Role};
pub use output::{chain_counts, match_table};
