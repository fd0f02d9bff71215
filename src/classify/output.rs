//! The match table for output: one row per (company, node) match.

use rayon::prelude::*;

use crate::base::{Data, Table};
use crate::chain::ChainSet;
use crate::company::{Col, Companies};
use crate::lang::Lang;

use super::scope::Parsed;
use super::{Classifier, Matches};

/// The matches as a table with the columns row, id, name, chain, node, node_name, tier,
/// confidence, role, status, primary, evidence (node names and evidence in the given language).
pub fn match_table(
    m: &Matches,
    c: &Companies,
    set: &ChainSet,
    classifier: &Classifier,
    lang: Lang,
) -> Table {
    let n = m.list.len();
    let mut row = Vec::with_capacity(n);
    let mut id = Vec::with_capacity(n);
    let mut name = Vec::with_capacity(n);
    let mut chain = Vec::with_capacity(n);
    let mut node = Vec::with_capacity(n);
    let mut node_name = Vec::with_capacity(n);
    let mut tier = Vec::with_capacity(n);
    let mut confidence = Vec::with_capacity(n);
    let mut role = Vec::with_capacity(n);
    let mut primary = Vec::with_capacity(n);
    let mut status = Vec::with_capacity(n);
    let codes = c.text(Col::IndustryCode);
    let scopes = c.text(Col::BusinessScope);
    // The evidence re-reads each scope: the costly column, built in parallel (in match order).
    let evidence: Vec<String> = m
        .list
        .par_iter()
        .map_init(Parsed::default, |parsed, x| {
            let r = x.row as usize;
            classifier.describe_in(parsed, x, set, scopes.get(r), codes.get(r), lang)
        })
        .collect();
    for x in &m.list {
        let r = x.row as usize;
        let nd = &set.nodes[x.node as usize];
        row.push(Some(r as i64 + 1));
        id.push(c.text(Col::Id).get(r).to_string());
        name.push(c.text(Col::Name).get(r).to_string());
        chain.push(set.chains[nd.chain].id.clone());
        node.push(nd.id.clone());
        node_name.push(nd.label(lang).to_string());
        tier.push(nd.tier.as_str().to_string());
        confidence.push(Some((x.confidence as f64 * 1000.0).round() / 1000.0));
        role.push(x.role.as_str().to_string());
        primary.push(x.primary);
        status.push(x.status.label(lang).to_string());
    }
    let mut t = Table::default();
    t.push("row", Data::Int(row))
        .push("id", Data::Text(id))
        .push("name", Data::Text(name))
        .push("chain", Data::Text(chain))
        .push("node", Data::Text(node))
        .push("node_name", Data::Text(node_name))
        .push("tier", Data::Text(tier))
        .push("confidence", Data::Float(confidence))
        .push("role", Data::Text(role))
        .push("status", Data::Text(status))
        .push("primary", Data::Bool(primary))
        .push("evidence", Data::Text(evidence));
    t
}

/// Counts for the summary: companies with a match per chain (in chain order) and without any.
pub fn chain_counts(m: &Matches, set: &ChainSet) -> (Vec<usize>, usize) {
    let mut per_chain = vec![0usize; set.chains.len()];
    let mut matched_rows = 0usize;
    let mut last_row: Option<u32> = None;
    for x in &m.list {
        if x.primary {
            per_chain[set.nodes[x.node as usize].chain] += 1;
        }
        if last_row != Some(x.row) {
            matched_rows += 1;
            last_row = Some(x.row);
        }
    }
    (per_chain, m.scanned - matched_rows)
}
