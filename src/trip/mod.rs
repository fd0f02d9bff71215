//! Outbound trip planning (外出招商): whom to visit in the destination cities, in what order each day,
//! with a brief per company.
//!
//! Days are shared among the cities by how many leads each has (each city with leads gets at least
//! one). In each city the best leads are chosen with variety — at most `max_per_node` per node, and
//! first the best lead of every chain that has one there — and groups visited once. Each day's route
//! starts and ends at the day's start (the city's seat, or `--start`): nearest neighbour, then 2-opt
//! on great-circle distance.

pub mod brief;
pub mod phrases;

pub use brief::brief;

use crate::chain::ChainSet;
use crate::company::{Col, Companies};
use crate::lang::Lang;
use crate::leads::{name_stem, Lead, Leads};
use crate::region::{self, Level, Regions};

/// What can stop a plan. Displayed in English; [`TripError::message`] says it in either language.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub enum TripError {
    /// A city that is not known, with the closest names.
    UnknownCity { name: String, suggestions: String },
    /// Nothing to plan.
    Empty,
}

impl TripError {
    /// The error in the given language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (TripError::UnknownCity { name, suggestions }, Lang::Zh) => {
                format!("找不到城市“{name}”；是否指：{suggestions}？")
            }
            (TripError::UnknownCity { name, suggestions }, Lang::En) => {
                format!("unknown city '{name}'; did you mean: {suggestions}?")
            }
            (TripError::Empty, Lang::Zh) => "请至少给出一个城市、一天，每天至少拜访一家".into(),
            (TripError::Empty, Lang::En) => {
                "give at least one city and at least one day with at least one visit".into()
            }
        }
    }
}

/// The trip's settings.
#[derive(Debug, Clone)]
pub struct TripOptions {
    /// Days of the trip.
    pub days: usize,
    /// Visits per day.
    pub visits_per_day: usize,
    /// At most this many visits per node.
    pub max_per_node: usize,
    /// Start and end of each day instead of the city's seat.
    pub start: Option<(f64, f64)>,
}

/// A destination city.
#[derive(Debug, Clone)]
pub struct City {
    /// Six-digit code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Seat coordinates.
    pub seat: (f64, f64),
}

/// One visit.
#[derive(Debug, Clone)]
pub struct Visit {
    /// The lead.
    pub lead: Lead,
    /// Where the company is.
    pub at: (f64, f64),
}

/// One day of the trip.
#[derive(Debug, Clone)]
pub struct Day {
    /// Day number, from 1.
    pub number: usize,
    /// The city of the day.
    pub city: City,
    /// Start and end point.
    pub start: (f64, f64),
    /// Visits in route order.
    pub visits: Vec<Visit>,
    /// Length of the round trip, km.
    pub km: f64,
}

/// The plan.
#[derive(Debug, Clone)]
pub struct TripPlan {
    /// Days in order.
    pub days: Vec<Day>,
    /// Cities without any lead.
    pub empty_cities: Vec<City>,
    /// Cities with leads that got no day (more such cities than days).
    pub unvisited_cities: Vec<City>,
}

/// Resolves a city given by name (with or without 市) or by a 4- or 6-digit code.
pub fn resolve_city(token: &str) -> Result<City, TripError> {
    let regions = Regions::embedded();
    let t = token.trim();
    let digits = t.bytes().all(|b| b.is_ascii_digit());
    let found = if digits && (t.len() == 4 || t.len() == 6) {
        regions.get(&format!("{t:0<6}"))
    } else {
        regions
            .find(t)
            .into_iter()
            .find(|r| r.level == Level::City)
            .or_else(|| regions.find(t).into_iter().next())
    };
    match found {
        Some(r) => Ok(City {
            code: r.code.clone(),
            name: r.name.clone(),
            seat: (r.lat, r.lon),
        }),
        None => {
            let want: Vec<char> = region::short_name(t).chars().collect();
            let mut scored: Vec<(usize, &str)> = regions
                .all()
                .iter()
                .filter(|r| r.level == Level::City)
                .map(|r| {
                    let common = region::short_name(&r.name)
                        .chars()
                        .filter(|c| want.contains(c))
                        .count();
                    (common, r.name.as_str())
                })
                .filter(|(k, _)| *k > 0)
                .collect();
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
            let suggestions: Vec<&str> = scored.iter().take(3).map(|s| s.1).collect();
            Err(TripError::UnknownCity {
                name: token.to_string(),
                suggestions: if suggestions.is_empty() {
                    "—".into()
                } else {
                    suggestions.join("、")
                },
            })
        }
    }
}

/// Length of the closed tour start → points in order → start, km.
pub fn tour_km(start: (f64, f64), points: &[(f64, f64)]) -> f64 {
    let mut km = 0.0;
    let mut at = start;
    for &p in points {
        km += region::distance_km(at.0, at.1, p.0, p.1);
        at = p;
    }
    km + region::distance_km(at.0, at.1, start.0, start.1)
}

/// The order of a closed tour from `start`: nearest neighbour, then 2-opt until no swap shortens it.
pub fn route(start: (f64, f64), points: &[(f64, f64)]) -> Vec<usize> {
    let mut left: Vec<usize> = (0..points.len()).collect();
    let mut order = Vec::with_capacity(points.len());
    let mut at = start;
    while !left.is_empty() {
        let (k, _) = left
            .iter()
            .enumerate()
            .map(|(k, &i)| (k, region::distance_km(at.0, at.1, points[i].0, points[i].1)))
            .fold(
                (0, f64::INFINITY),
                |best, x| if x.1 < best.1 { x } else { best },
            );
        let i = left.remove(k);
        at = points[i];
        order.push(i);
    }
    two_opt(start, points, &mut order);
    order
}

fn two_opt(start: (f64, f64), points: &[(f64, f64)], order: &mut [usize]) {
    let pos = |k: isize, order: &[usize]| -> (f64, f64) {
        if k < 0 || k as usize >= order.len() {
            start
        } else {
            points[order[k as usize]]
        }
    };
    let d = |a: (f64, f64), b: (f64, f64)| region::distance_km(a.0, a.1, b.0, b.1);
    let n = order.len() as isize;
    let mut improved = true;
    let mut rounds = 0;
    while improved && rounds < 100 {
        improved = false;
        rounds += 1;
        for i in 0..n - 1 {
            for j in i + 1..n {
                // Reverse order[i..=j]: edges (i-1,i) and (j,j+1) become (i-1,j) and (i,j+1).
                let (a, b, c, e) = (
                    pos(i - 1, order),
                    pos(i, order),
                    pos(j, order),
                    pos(j + 1, order),
                );
                if d(a, c) + d(b, e) + 1e-9 < d(a, b) + d(c, e) {
                    order[i as usize..=j as usize].reverse();
                    improved = true;
                }
            }
        }
    }
}

/// Plans the trip from the ranked leads.
pub fn plan(
    set: &ChainSet,
    c: &Companies,
    leads: &Leads,
    cities: &[City],
    opts: &TripOptions,
) -> Result<TripPlan, TripError> {
    if cities.is_empty() || opts.days == 0 || opts.visits_per_day == 0 {
        return Err(TripError::Empty);
    }
    let regions = c.text(Col::RegionCode);
    let coords = |row: usize| c.location(row);
    // Candidates per city, best first, each company and group once across chains.
    let mut all: Vec<&Lead> = leads.by_chain.iter().flat_map(|(_, l)| l.iter()).collect();
    all.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.row.cmp(&b.row))
            .then(a.chain.cmp(&b.chain))
    });
    let mut per_city: Vec<Vec<&Lead>> = vec![Vec::new(); cities.len()];
    for l in all {
        if let Some(k) = cities.iter().position(|city| {
            regions
                .get(l.row)
                .starts_with(region::selecting_prefix(&city.code))
        }) {
            per_city[k].push(l);
        }
    }
    let with_leads: Vec<usize> = (0..cities.len())
        .filter(|&k| !per_city[k].is_empty())
        .collect();
    let empty_cities = (0..cities.len())
        .filter(|k| per_city[*k].is_empty())
        .map(|k| cities[k].clone())
        .collect();
    // Days per city: at least one each, the rest by number of leads.
    let mut days_of = vec![0usize; cities.len()];
    let usable = with_leads.len().min(opts.days);
    for &k in with_leads.iter().take(usable) {
        days_of[k] = 1;
    }
    let total: usize = with_leads
        .iter()
        .take(usable)
        .map(|&k| per_city[k].len())
        .sum();
    let mut left = opts.days - usable;
    while left > 0 && total > 0 {
        let k = *with_leads
            .iter()
            .take(usable)
            .max_by(|&&a, &&b| {
                let need = |x: usize| per_city[x].len() as f64 / days_of[x] as f64;
                need(a).total_cmp(&need(b)).then(b.cmp(&a))
            })
            .unwrap_or(&with_leads[0]);
        days_of[k] += 1;
        left -= 1;
    }
    let mut days = Vec::new();
    for &k in with_leads.iter().take(usable) {
        let capacity = days_of[k] * opts.visits_per_day;
        // Variety: first the best lead of each chain, then by score, at most max_per_node a node.
        let mut chosen: Vec<&Lead> = Vec::new();
        let mut seen_rows = std::collections::HashSet::new();
        let mut seen_stems = std::collections::HashSet::new();
        let mut per_node = std::collections::HashMap::new();
        let firsts: Vec<&Lead> = set
            .chains
            .iter()
            .enumerate()
            .filter_map(|(ci, _)| per_city[k].iter().find(|l| l.chain == ci).copied())
            .collect();
        for l in firsts.into_iter().chain(per_city[k].iter().copied()) {
            if chosen.len() == capacity {
                break;
            }
            let stem = name_stem(c.text(Col::Name).get(l.row));
            let n = per_node.entry(l.node).or_insert(0usize);
            if *n >= opts.max_per_node
                || seen_rows.contains(&l.row)
                || (stem.chars().count() >= 3 && seen_stems.contains(&stem))
            {
                continue;
            }
            if coords(l.row).is_none() {
                continue;
            }
            *n += 1;
            seen_rows.insert(l.row);
            seen_stems.insert(stem);
            chosen.push(l);
        }
        // Order the city's visits along one route, then cut it into days and re-route each day.
        let start = opts.start.unwrap_or(cities[k].seat);
        let points: Vec<(f64, f64)> = chosen.iter().filter_map(|l| coords(l.row)).collect();
        let order = route(start, &points);
        for chunk in order.chunks(opts.visits_per_day) {
            let pts: Vec<(f64, f64)> = chunk.iter().map(|&i| points[i]).collect();
            let day_order = route(start, &pts);
            let visits: Vec<Visit> = day_order
                .iter()
                .map(|&j| Visit {
                    lead: chosen[chunk[j]].clone(),
                    at: pts[j],
                })
                .collect();
            let km = tour_km(start, &visits.iter().map(|v| v.at).collect::<Vec<_>>());
            days.push(Day {
                number: days.len() + 1,
                city: cities[k].clone(),
                start,
                visits,
                km,
            });
        }
    }
    let unvisited_cities = with_leads
        .iter()
        .skip(usable)
        .map(|&k| cities[k].clone())
        .collect();
    Ok(TripPlan {
        days,
        empty_cities,
        unvisited_cities,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cities_by_name_or_code() {
        assert_eq!(resolve_city("深圳").unwrap().code, "440300");
        assert_eq!(resolve_city("深圳市").unwrap().code, "440300");
        assert_eq!(resolve_city("440300").unwrap().code, "440300");
        assert_eq!(resolve_city("4419").unwrap().code, "441900");
        let err = resolve_city("深川").unwrap_err().to_string();
        assert!(err.contains("深川") && err.contains("深圳市"), "{err}");
    }

    #[test]
    fn trip_errors_are_said_in_both_languages_and_displayed_in_english() {
        for e in [resolve_city("深川").unwrap_err(), TripError::Empty] {
            let (zh, en) = (e.message(Lang::Zh), e.message(Lang::En));
            assert_eq!(en, e.to_string());
            assert!(!zh.is_empty() && zh != en, "{zh}");
            assert!(!zh.is_ascii(), "{zh}");
        }
    }

    #[test]
    fn two_opt_never_lengthens_the_route_and_visits_each_once() {
        let start = (22.54, 114.06);
        for seed in 0..30u64 {
            let mut r = crate::synth::rng::Rng::new(seed, 1);
            let pts: Vec<(f64, f64)> = (0..9)
                .map(|_| (22.4 + r.f64() * 0.4, 113.8 + r.f64() * 0.6))
                .collect();
            // The nearest-neighbour order alone, for comparison.
            let mut nn: Vec<usize> = Vec::new();
            let mut left: Vec<usize> = (0..pts.len()).collect();
            let mut at = start;
            while !left.is_empty() {
                let k = (0..left.len())
                    .min_by(|&a, &b| {
                        let d = |i: usize| {
                            region::distance_km(at.0, at.1, pts[left[i]].0, pts[left[i]].1)
                        };
                        d(a).total_cmp(&d(b))
                    })
                    .unwrap();
                let i = left.remove(k);
                at = pts[i];
                nn.push(i);
            }
            let order = route(start, &pts);
            let mut sorted = order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..pts.len()).collect::<Vec<_>>(), "each stop once");
            let len = |o: &[usize]| tour_km(start, &o.iter().map(|&i| pts[i]).collect::<Vec<_>>());
            assert!(len(&order) <= len(&nn) + 1e-9, "2-opt made it longer");
        }
    }
}
