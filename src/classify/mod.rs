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
//! | first keyword in the main products (主营产品) | 0.60 |
//! | each further distinct keyword in the main products | 0.30 |
//! | first keyword in the company name | 0.45 |
//! | first keyword in the business scope (经营范围) | 0.35 |
//! | each further distinct keyword in the business scope | 0.15 |
//! | the company's industry code is one of the node's codes | 0.30 |
//!
//! A keyword counts only when the node's context terms (`require_any`), if it has any, appear in
//! the same field, and not when one of its exclusions appears there. A keyword that lies inside a
//! longer keyword of another node (光伏玻璃 inside 光伏玻璃原料) is that longer keyword's.
//!
//! A company whose scope only trades a node's product (销售, 批发, 零售, 进出口) is not its maker: the
//! match moves to its chain's distribution node when the chain has one, and otherwise stays with
//! role `trade` and 0.7 times the confidence.

mod matcher;

pub use matcher::{Classifier, Evidence, Field, Match, Matches, Role};
