//! chainlead: industry-chain analysis and lead matching for a district investment-promotion
//! bureau (产业链招商). The chains are graphs of upstream, midstream and downstream links; companies
//! are matched onto them; the home region's gaps are diagnosed; companies elsewhere that would
//! close the gaps are ranked and explained.
//!
//! The modules form one-way layers, each using only those below it (`tests/layers.rs` checks):
//! `lang`, `atomic` → `base` (the generic table, CSV writing, the file-format choice), `industry`,
//! `region`, `progress` → `chain` → `company` → `synth` → `classify` → `gaps` → `leads` → `trip`
//! → `render` → the command line. Each error type says itself in both languages
//! (`message(lang)`), and each domain keeps its phrases, Chinese beside English, in one place
//! (e.g. [`trip::phrases`]).

pub mod atomic;
pub mod base;
pub mod chain;
pub mod classify;
pub mod company;
pub mod gaps;
pub mod industry;
pub mod lang;
pub mod leads;
pub mod pipeline;
pub mod progress;
pub mod projects;
pub mod region;
pub mod render;
pub mod serve;
pub mod synth;
pub mod tracking;
pub mod trip;

pub use chain::ChainSet;
pub use lang::Lang;
