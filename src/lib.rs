//! chainlead: industry-chain analysis and lead matching for a district investment-promotion
//! bureau (产业链招商). The chains are graphs of upstream, midstream and downstream links; companies
//! are matched onto them; the home region's gaps are diagnosed; companies elsewhere that would
//! close the gaps are ranked and explained.

pub mod atomic;
pub mod chain;
pub mod classify;
pub mod company;
pub mod gaps;
pub mod industry;
pub mod lang;
pub mod leads;
pub mod pipeline;
pub mod progress;
pub mod region;
pub mod render;
pub mod synth;
pub mod trip;

pub use chain::ChainSet;
pub use lang::Lang;
