//! The region commands on the pipeline: the diagnosis of the home region from pass 1 with the gap
//! census only, and (until the two-phase lead ranking is merged) the whole table with its matches
//! and diagnosis for the lead lists, the report and the trip.

use crate::chain::ChainSet;
use crate::classify::{Classifier, Matches};
use crate::company::{Companies, ImportError};
use crate::gaps::{Census, GapConfig, GapError, GapReport};
use crate::progress::Progress;

use super::{scan, Pass, ScanOptions, Source};

/// What can stop a region command's pipeline: reading the companies, or the home region.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The company file cannot be read.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// The home region is unknown, ambiguous, or has no active company.
    #[error(transparent)]
    Gaps(#[from] GapError),
}

/// The diagnosis of the home region and what pass 1 read.
#[derive(Debug, Clone)]
pub struct Diagnosis {
    /// The diagnosis.
    pub report: GapReport,
    /// Rows and matches read, and a file's import counts.
    pub pass: Pass,
}

/// Diagnoses the home region `home` (code or name) in one pass that keeps only the gap census:
/// memory grows with cities × nodes, not with the table. The home region is checked before any
/// row is read.
pub fn diagnose(
    source: &Source,
    set: &ChainSet,
    classifier: &Classifier,
    home: &str,
    opts: &ScanOptions,
    cfg: &GapConfig,
    progress: &Progress,
) -> Result<Diagnosis, PipelineError> {
    let mut census = Census::new(set, home)?;
    let pass = scan(source, classifier, opts, &mut [&mut census], progress)?;
    let report = census.analyze(set, cfg)?;
    Ok(Diagnosis { report, pass })
}

/// The lead lists of the region commands in bounded memory: pass 1 feeds the gap census and the
/// lead candidates (slim records of the matched companies); the diagnosis comes from the census;
/// a pass 2 reads the head offices when the candidates ask for them; the ranking's rows are global
/// rows, narrowed by `keep` (the trip's cities, by a lead's region code) before the few companies
/// the leads refer to are fetched and classified again; the leads are then remapped to the fetched
/// table, which the existing output code takes as it took the whole table.
pub struct LeadRun {
    /// The companies the leads refer to, in row order.
    pub companies: Companies,
    /// Their matches, with evidence (rows of `companies`).
    pub matches: Matches,
    /// The diagnosis.
    pub report: GapReport,
    /// The ranked leads (rows of `companies`).
    pub leads: crate::leads::Leads,
    /// Rows and matches read in pass 1, and a file's import counts.
    pub pass: Pass,
    /// The home region's firms on each node (rows of `companies`, largest first); empty unless
    /// asked for ([`Extras::local_firms`]).
    pub local_firms: Vec<Vec<usize>>,
}

/// What a lead run fetches besides the leads.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras {
    /// The home region's firms on every node (the workspace's node pages).
    pub local_firms: bool,
}

/// Runs the passes of the lead lists (see [`LeadRun`]), also fetching what `extras` asks for.
#[allow(clippy::too_many_arguments)]
pub fn lead_run(
    source: &Source,
    set: &ChainSet,
    classifier: &Classifier,
    home: &str,
    profile: &crate::leads::Profile,
    filter: &crate::leads::LeadFilter,
    keep: Option<&dyn Fn(&str) -> bool>,
    extras: Extras,
    opts: &ScanOptions,
    cfg: &GapConfig,
    progress: &Progress,
) -> Result<LeadRun, PipelineError> {
    use crate::leads::Prospects;
    let mut census = Census::new(set, home)?;
    let mut prospects = Prospects::new(set, home, profile, filter);
    let pass = scan(
        source,
        classifier,
        opts,
        &mut [&mut census, &mut prospects],
        progress,
    )?;
    let report = census.analyze(set, cfg)?;
    if prospects.wanted_heads() {
        super::for_each_batch(
            source,
            Prospects::HEAD_COLUMNS,
            opts.batch,
            &progress.next("查找分支机构的总部", "finding the branches' head offices"),
            |b, first_row| prospects.add_heads(b, first_row),
        )?;
    }
    let mut leads = prospects.rank(set, &report);
    if let Some(keep) = keep {
        for (_, list) in &mut leads.by_chain {
            list.retain(|l| prospects.region_of(l.row).is_some_and(keep));
        }
    }
    let mut local_firms = if extras.local_firms {
        prospects.local_firms()
    } else {
        Vec::new()
    };
    let mut rows = leads.rows();
    if extras.local_firms {
        rows.extend(local_firms.iter().flatten().copied());
        rows.sort_unstable();
        rows.dedup();
    }
    let (companies, matches) = super::fetch_classified(
        source,
        &rows,
        classifier,
        opts,
        &progress.next("读取线索企业的完整记录", "reading the leads' full records"),
    )?;
    let local = |global: usize| rows.partition_point(|&r| r < global);
    leads.remap(local);
    for r in local_firms.iter_mut().flatten() {
        *r = local(*r);
    }
    Ok(LeadRun {
        companies,
        matches,
        report,
        leads,
        pass,
        local_firms,
    })
}
