//! The factors of the lead score, each in 0..1, from a company's figures and the profile's terms.
//!
//! Each function is one factor's formula, written once: [`super::Prospects`] computes the factors
//! that do not depend on the diagnosis (expansion, risk, the tag bonus) as it reads the companies,
//! and the others (fit, quality, closeness) when it ranks. The expressions keep the order of their
//! terms, so a score is the same to the last bit whichever way the companies are read.

use super::profile::{Closeness, Expansion, Profile, Quality, Risk};
use crate::classify::Role;

/// The percentile of `v` among `sorted` (ties count half), None when `v` is not a number or the
/// list is empty.
pub(crate) fn percentile(sorted: &[f64], v: f64) -> Option<f64> {
    if !v.is_finite() || sorted.is_empty() {
        return None;
    }
    let below = sorted.partition_point(|&x| x < v);
    let equal = sorted[below..].partition_point(|&x| x <= v);
    Some((below as f64 + equal as f64 / 2.0) / sorted.len() as f64)
}

/// `v` on a log scale that is 1 at `full` and above, 0 for nothing or no number.
pub(crate) fn log_scale(v: f64, full: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        ((1.0 + v).ln() / (1.0 + full).ln()).min(1.0)
    } else {
        0.0
    }
}

/// A count from the data (abnormal operations, dishonesty, enforcement records): 0 when missing.
pub(crate) fn count(v: f64) -> f64 {
    if v.is_finite() {
        v.max(0.0)
    } else {
        0.0
    }
}

/// The role factor of the gap fit.
pub(crate) fn role_factor(profile: &Profile, role: Role) -> f64 {
    match role {
        Role::Make => profile.roles.make,
        Role::Service => profile.roles.service,
        Role::Trade => profile.roles.trade,
    }
}

/// Risk: abnormal operations, dishonesty and enforcement records, each a risk capped by the
/// profile, combined as 1 − Π(1 − r).
pub(crate) fn risk(r: &Risk, abnormal: f64, dishonest: f64, enforced: f64) -> f64 {
    1.0 - (1.0 - (r.abnormal_each * count(abnormal)).min(r.abnormal_max))
        * (1.0
            - if count(dishonest) > 0.0 {
                r.dishonest
            } else {
                0.0
            })
        * (1.0 - (r.enforced_each * count(enforced)).min(r.enforced_max))
}

/// The figures of a company the expansion factor reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Signals {
    /// Day of the last financing round.
    pub last_financing: Option<i32>,
    /// Financing rounds.
    pub rounds: f64,
    /// Branches.
    pub branches: f64,
    /// Hires in the last three months.
    pub hiring: f64,
    /// Outbound investments.
    pub investments: f64,
}

/// Expansion: financing recency (1 on the data day `data_day`, 0 after `recent_financing_days`)
/// and the counts on log scales, weighted.
pub(crate) fn expansion(e: &Expansion, data_day: i32, s: Signals) -> f64 {
    let recency = s
        .last_financing
        .map(|d| (1.0 - (data_day - d).max(0) as f64 / e.recent_financing_days).max(0.0))
        .unwrap_or(0.0);
    e.financing_weight * recency
        + e.rounds_weight * log_scale(s.rounds, e.rounds_full)
        + e.branches_weight * log_scale(s.branches, e.branches_full)
        + e.hiring_weight * log_scale(s.hiring, e.hiring_full)
        + e.investments_weight * log_scale(s.investments, e.investments_full)
}

/// Quality: the weighted mean percentile of a company's `size` (registered capital, employees,
/// revenue) among the node's companies (`dist`, each sorted), plus its tag `bonus`, at most 1.
pub(crate) fn quality(q: &Quality, dist: &[Vec<f64>; 3], size: [f64; 3], bonus: f64) -> f64 {
    let mut pcts = [0.0f64; 3];
    let mut n = 0;
    for (k, v) in size.into_iter().enumerate() {
        if let Some(p) = percentile(&dist[k], v) {
            pcts[n] = p;
            n += 1;
        }
    }
    let pcts = &pcts[..n];
    let scale = if pcts.is_empty() {
        0.0
    } else {
        pcts.iter().sum::<f64>() / pcts.len() as f64
    };
    (q.size_weight * scale + bonus).min(1.0)
}

/// Closeness: the `links` firms here on the nodes a company supplies or buys from (以商招商), its
/// distance to the home region, and the same-province bonus, at most 1.
pub(crate) fn closeness(
    c: &Closeness,
    links: usize,
    distance_km: Option<f64>,
    same_province: bool,
) -> f64 {
    let links = 1.0 - (-(links as f64) / c.links_scale).exp();
    let near = distance_km
        .map(|d| c.half_distance_km / (c.half_distance_km + d))
        .unwrap_or(0.0);
    (c.links_weight * links
        + c.distance_weight * near
        + if same_province { c.same_province } else { 0.0 })
    .min(1.0)
}
