//! Industry chains (产业链): the model, the TOML loader with validation, graph queries and export.

mod error;
mod export;
mod load;
mod lookup;
mod model;
#[cfg(test)]
mod tests;

pub use error::{ChainErrors, ChainIssue, Problem};
pub use export::{to_dot, to_json};
pub use load::{load_sources, SourceFile, EMBEDDED};
pub use lookup::{find_chain, find_node, NotFound};
pub use model::{
    Activities, Band, Chain, ChainSet, Link, LinkKind, Location, Needs, Node, Policy, PolicyStatus,
    Tier,
};
