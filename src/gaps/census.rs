//! The gap census (普查计数): everything the diagnosis needs, counted batch by batch, so a table of
//! any size is diagnosed in memory that grows with cities × nodes and the distinct sizes, never
//! with the rows.
//!
//! [`Census::add`] takes a batch of companies and its matches (rows local to the batch), in row
//! order; [`Census::analyze`] turns the counts into the [`GapReport`] in three steps, as the module
//! docs of [`crate::gaps`] describe them: mass (which measure, the median fill, the city × node
//! matrix) → product space (RCA, proximity, density) → status, opportunity and priority per node.
//!
//! Mass is decided only at the end (employees when at least half the active companies report
//! them, else revenue, else counts), so every cell keeps all three: the company count, and per
//! measure the sum of the known positive values and the number of unknowns. The median that fills
//! an unknown is exact: the census counts each distinct known value (a map of its bits to a count),
//! not every value. A cell's mass is then `known sum + unknowns × median`. Summing the same numbers
//! in another order than row by row could change the last bit of a sum of fractions; when the
//! masses are integers (employee counts, company counts, and revenue as the synthetic data round
//! it) every partial sum is exact and the result is bit-identical to adding the masses company by
//! company in row order.

use std::collections::HashMap;

use crate::chain::{ChainSet, PolicyStatus, Tier};
use crate::classify::Match;
use crate::company::{Col, Companies};

use super::{
    counts, resolve_home, GapConfig, GapError, GapReport, MakerSizes, Mass, NodeGap, Opportunity,
    Spread, Status, TierSummary,
};

/// A sum of the known positive values of one measure, and how many companies lacked it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Sum {
    known: f64,
    unknown: u64,
}

impl Sum {
    fn add(&mut self, v: Option<f64>) {
        match v {
            Some(x) => self.known += x,
            None => self.unknown += 1,
        }
    }

    /// The known sum with each unknown filled by `median`.
    fn filled(&self, median: f64) -> f64 {
        self.known + self.unknown as f64 * median
    }
}

/// Companies counted in one cell (a city, a node, a city × node, the home, the nation), with
/// both measures, so the mass can be chosen at the end.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Tally {
    count: u64,
    employees: Sum,
    revenue: Sum,
}

impl Tally {
    fn add(&mut self, m: &RowMass) {
        self.count += 1;
        self.employees.add(m.employees);
        self.revenue.add(m.revenue);
    }

    /// The cell's mass in the chosen measure.
    fn mass(&self, scale: &Scale) -> f64 {
        match scale.kind {
            Mass::Count => self.count as f64,
            Mass::Employees => self.employees.filled(scale.median),
            Mass::Revenue => self.revenue.filled(scale.median),
        }
    }
}

/// One active company's measures: a known positive value, or none.
struct RowMass {
    employees: Option<f64>,
    revenue: Option<f64>,
}

/// The measure chosen and the median that fills its unknowns.
struct Scale {
    kind: Mass,
    median: f64,
}

/// Counts of each distinct known positive value, for an exact median without keeping the values.
#[derive(Debug, Clone, Default)]
struct Distinct {
    counts: HashMap<u64, u64>,
    total: u64,
}

impl Distinct {
    fn add(&mut self, v: f64) {
        *self.counts.entry(v.to_bits()).or_insert(0) += 1;
        self.total += 1;
    }

    /// The value at position `total / 2` of the sorted values (the upper median), or 1 when there
    /// are none, as the whole-table diagnosis always took it.
    fn median(&self) -> f64 {
        self.at(&[self.total / 2]).first().copied().unwrap_or(1.0)
    }

    /// The values at the given positions (ascending) of the sorted values; fewer when the
    /// positions run past the end.
    fn at(&self, positions: &[u64]) -> Vec<f64> {
        // Positive finite values sort by their bits as by their value.
        let mut keys: Vec<(&u64, &u64)> = self.counts.iter().collect();
        keys.sort_unstable_by_key(|(bits, _)| **bits);
        let mut out = Vec::with_capacity(positions.len());
        let mut want = positions.iter().peekable();
        let mut seen = 0u64;
        for (bits, n) in keys {
            seen += n;
            while want.next_if(|&&p| seen > p).is_some() {
                out.push(f64::from_bits(*bits));
            }
        }
        out
    }

    /// The quartiles and median (values at positions total/4, total/2 and 3·total/4 of the sorted
    /// values), None when there are none.
    fn spread(&self) -> Option<Spread> {
        let t = self.total;
        match self.at(&[t / 4, t / 2, (3 * t / 4).min(t.saturating_sub(1))])[..] {
            [p25, median, p75] => Some(Spread {
                known: t,
                p25,
                median,
                p75,
            }),
            _ => None,
        }
    }
}

/// Per node: its active makers nationwide and the distinct values of their registered capital and
/// staff, for the typical size of a project (项目规模).
#[derive(Debug, Clone, Default)]
struct MakerTally {
    count: u64,
    capital: Distinct,
    staff: Distinct,
}

/// The counts of a diagnosis, gathered batch by batch (see the module docs).
#[derive(Debug, Clone)]
pub struct Census {
    code: String,
    prefix: String,
    home_name: String,
    n_nodes: usize,
    /// Whether each node counts a company by its role (makers, services, traders on some nodes).
    counts_trade: Vec<bool>,
    /// City (4-digit region prefix) → its row in `cells`.
    city_index: HashMap<[u8; 4], usize>,
    /// Per city: its active companies.
    city: Vec<Tally>,
    /// Per city × node (row-major by city): its active companies on the node.
    cells: Vec<Tally>,
    /// Active companies in the home region.
    home: Tally,
    /// Active companies nationwide.
    nation: Tally,
    /// Per node: its active local companies.
    local: Vec<Tally>,
    /// Per node: its active companies nationwide.
    national: Vec<Tally>,
    employees: Distinct,
    revenue: Distinct,
    /// Per node: its active makers nationwide, with their sizes.
    makers: Vec<MakerTally>,
}

/// The masses of a diagnosis, in the measure chosen.
struct Masses {
    kind: Mass,
    n_cities: usize,
    /// City × node.
    x: Vec<f64>,
    /// Per city.
    x_city: Vec<f64>,
    home_all: f64,
    national_all: f64,
    local_mass: Vec<f64>,
    national_mass: Vec<f64>,
}

/// The product space: per node the cities with an advantage in it, and the home's density.
struct Space {
    ubiquity: Vec<usize>,
    density: Vec<f64>,
}

/// A known positive value, or none.
fn known(v: Option<&f64>) -> Option<f64> {
    v.copied().filter(|x| x.is_finite() && *x > 0.0)
}

impl Census {
    /// An empty census of the home region `home` (a code or a name, as
    /// [`super::resolve_home`] takes it) over the nodes of `set`.
    pub fn new(set: &ChainSet, home: &str) -> Result<Census, GapError> {
        let (code, prefix, home_name) = resolve_home(home)?;
        let n_nodes = set.nodes.len();
        Ok(Census {
            code,
            prefix,
            home_name,
            n_nodes,
            counts_trade: (0..n_nodes)
                .map(|n| counts(set, n, crate::classify::Role::Trade))
                .collect(),
            city_index: HashMap::new(),
            city: Vec::new(),
            cells: Vec::new(),
            home: Tally::default(),
            nation: Tally::default(),
            local: vec![Tally::default(); n_nodes],
            national: vec![Tally::default(); n_nodes],
            employees: Distinct::default(),
            revenue: Distinct::default(),
            makers: vec![MakerTally::default(); n_nodes],
        })
    }

    /// Counts a batch of companies and their matches, whose rows are the batch's own (0 for its
    /// first company). Batches come in row order; a match outside the batch is ignored.
    pub fn add(&mut self, batch: &Companies, matches: &[Match]) {
        let regions = batch.text(Col::RegionCode);
        let (employees, revenue) = (batch.num(Col::Employees), batch.num(Col::Revenue));
        let capital = batch.num(Col::RegisteredCapital);
        // Per row of the batch: active, its mass, its city, local.
        let mut rows: Vec<Option<(RowMass, usize, bool)>> = Vec::with_capacity(batch.len());
        for i in 0..batch.len() {
            if !batch.is_active(i) {
                rows.push(None);
                continue;
            }
            let m = RowMass {
                employees: known(employees.get(i)),
                revenue: known(revenue.get(i)),
            };
            if let Some(v) = m.employees {
                self.employees.add(v);
            }
            if let Some(v) = m.revenue {
                self.revenue.add(v);
            }
            let r = regions.get(i);
            let city = self.city_of(r);
            let local = r.starts_with(&self.prefix);
            self.nation.add(&m);
            if city != usize::MAX {
                self.city[city].add(&m);
            }
            if local {
                self.home.add(&m);
            }
            rows.push(Some((m, city, local)));
        }
        for x in matches {
            let (i, n) = (x.row as usize, x.node as usize);
            let Some(Some((m, city, local))) = rows.get(i) else {
                continue;
            };
            if n >= self.n_nodes
                || (x.role == crate::classify::Role::Trade && !self.counts_trade[n])
            {
                continue;
            }
            self.national[n].add(m);
            if x.role == crate::classify::Role::Make {
                let t = &mut self.makers[n];
                t.count += 1;
                if let Some(v) = known(capital.get(i)) {
                    t.capital.add(v);
                }
                if let Some(v) = m.employees {
                    t.staff.add(v);
                }
            }
            if *city != usize::MAX {
                self.cells[city * self.n_nodes + n].add(m);
            }
            if *local {
                self.local[n].add(m);
            }
        }
    }

    /// The row of a region's city (its first four bytes), added when new; `usize::MAX` for a code
    /// shorter than four.
    fn city_of(&mut self, region: &str) -> usize {
        let Some(key) = region.as_bytes().get(..4) else {
            return usize::MAX;
        };
        let key: [u8; 4] = [key[0], key[1], key[2], key[3]];
        let next = self.city_index.len();
        let row = *self.city_index.entry(key).or_insert(next);
        if row == next {
            self.city.push(Tally::default());
            self.cells
                .resize(self.cells.len() + self.n_nodes, Tally::default());
        }
        row
    }

    /// Active companies counted so far.
    pub fn active(&self) -> usize {
        self.nation.count as usize
    }

    /// Active companies in the home region counted so far.
    pub fn local(&self) -> usize {
        self.home.count as usize
    }

    /// The diagnosis from the counts: mass, then the product space, then each node's status,
    /// opportunity and priority. An error when the home region has no active company.
    pub fn analyze(&self, set: &ChainSet, cfg: &GapConfig) -> Result<GapReport, GapError> {
        if self.home.count == 0 {
            return Err(GapError::EmptyHome {
                code: self.code.clone(),
                name: self.home_name.clone(),
            });
        }
        let masses = self.masses();
        let space = product_space(&masses, self.n_nodes);
        let local_count: Vec<usize> = self.local.iter().map(|t| t.count as usize).collect();
        let national_count: Vec<usize> = self.national.iter().map(|t| t.count as usize).collect();
        let mut nodes = node_gaps(set, cfg, &masses, &space, &local_count, &national_count);
        for g in &mut nodes {
            if let Some(t) = self.makers.get(g.node) {
                g.makers = MakerSizes {
                    count: t.count as usize,
                    capital: t.capital.spread(),
                    staff: t.staff.spread(),
                };
            }
        }
        let tiers = tier_summaries(set, &nodes);
        Ok(GapReport {
            home: self.code.clone(),
            home_name: self.home_name.clone(),
            mass: masses.kind,
            local_companies: self.home.count as usize,
            national_companies: self.nation.count as usize,
            nodes,
            tiers,
        })
    }

    /// The measure (employees when at least half the active companies report them, else revenue,
    /// else counts), its median fill, and every cell's mass in it.
    fn masses(&self) -> Masses {
        let n_active = self.nation.count.max(1);
        let scale = if self.employees.total * 2 >= n_active {
            Scale {
                kind: Mass::Employees,
                median: self.employees.median(),
            }
        } else if self.revenue.total * 2 >= n_active {
            Scale {
                kind: Mass::Revenue,
                median: self.revenue.median(),
            }
        } else {
            Scale {
                kind: Mass::Count,
                median: 1.0,
            }
        };
        let of = |v: &[Tally]| v.iter().map(|t| t.mass(&scale)).collect::<Vec<f64>>();
        Masses {
            kind: scale.kind,
            n_cities: self.city.len(),
            x: of(&self.cells),
            x_city: of(&self.city),
            home_all: self.home.mass(&scale),
            national_all: self.nation.mass(&scale),
            local_mass: of(&self.local),
            national_mass: of(&self.national),
        }
    }
}

/// Revealed comparative advantage of every city in every node, the proximity of nodes, and the
/// home region's relatedness density per node.
fn product_space(m: &Masses, n_nodes: usize) -> Space {
    let n_cities = m.n_cities;
    let total_nodes: f64 = m.national_mass.iter().sum();
    let rca = |xrn: f64, xr: f64, xn: f64| -> bool {
        xr > 0.0 && xn > 0.0 && total_nodes > 0.0 && (xrn / xr) / (xn / m.national_all) >= 1.0
    };
    let mut m_city = vec![false; n_cities * n_nodes];
    for r in 0..n_cities {
        for n in 0..n_nodes {
            m_city[r * n_nodes + n] = rca(m.x[r * n_nodes + n], m.x_city[r], m.national_mass[n]);
        }
    }
    let ubiquity: Vec<usize> = (0..n_nodes)
        .map(|n| (0..n_cities).filter(|&r| m_city[r * n_nodes + n]).count())
        .collect();
    let mut phi = vec![0.0f64; n_nodes * n_nodes];
    for a in 0..n_nodes {
        for b in 0..n_nodes {
            if a == b || ubiquity[a] == 0 || ubiquity[b] == 0 {
                continue;
            }
            let both = (0..n_cities)
                .filter(|&r| m_city[r * n_nodes + a] && m_city[r * n_nodes + b])
                .count();
            phi[a * n_nodes + b] = both as f64 / ubiquity[a].max(ubiquity[b]) as f64;
        }
    }
    let m_home: Vec<bool> = (0..n_nodes)
        .map(|n| rca(m.local_mass[n], m.home_all, m.national_mass[n]))
        .collect();
    let density: Vec<f64> = (0..n_nodes)
        .map(|n| {
            let total: f64 = (0..n_nodes).map(|k| phi[n * n_nodes + k]).sum();
            if total <= 0.0 {
                return 0.0;
            }
            let near: f64 = (0..n_nodes)
                .filter(|&k| m_home[k])
                .map(|k| phi[n * n_nodes + k])
                .sum();
            near / total
        })
        .collect();
    Space { ubiquity, density }
}

/// Status, opportunity and priority of every node, in chain order.
fn node_gaps(
    set: &ChainSet,
    cfg: &GapConfig,
    m: &Masses,
    space: &Space,
    local_count: &[usize],
    national_count: &[usize],
) -> Vec<NodeGap> {
    let present = |n: usize| local_count[n] > 0;
    let mut nodes = Vec::with_capacity(set.nodes.len());
    for chain in &set.chains {
        for &n in &chain.nodes {
            let (local_mass, national_mass) = (m.local_mass[n], m.national_mass[n]);
            let lq = if local_mass > 0.0 && national_mass > 0.0 && m.home_all > 0.0 {
                (local_mass / m.home_all) / (national_mass / m.national_all)
            } else {
                0.0
            };
            let status = if local_count[n] == 0 {
                Status::Missing
            } else if lq < cfg.strong_lq {
                Status::Weak
            } else {
                Status::Strong
            };
            let up: Vec<usize> = set
                .upstream(n)
                .into_iter()
                .map(|(k, _)| k)
                .filter(|&k| present(k))
                .collect();
            let down: Vec<usize> = set
                .downstream(n)
                .into_iter()
                .map(|(k, _)| k)
                .filter(|&k| present(k))
                .collect();
            // An eliminated link (淘汰类) is never an opportunity, whatever the data say.
            let eliminated = set.nodes[n]
                .policy
                .as_ref()
                .is_some_and(|p| p.status == PolicyStatus::Eliminated);
            let opportunity = match status {
                _ if eliminated => Opportunity::None,
                Status::Missing if !up.is_empty() && !down.is_empty() => Opportunity::Fill,
                Status::Missing if !up.is_empty() || !down.is_empty() => Opportunity::Extend,
                Status::Weak => Opportunity::Strengthen,
                _ => Opportunity::None,
            };
            let shortfall = match status {
                Status::Missing => 1.0,
                Status::Weak => (1.0 - lq / cfg.strong_lq).clamp(0.0, 1.0),
                Status::Strong => 0.0,
            };
            let density = space.density[n];
            let feasibility = cfg.feasibility_floor + (1.0 - cfg.feasibility_floor) * density;
            let bottleneck = if set.nodes[n].bottleneck {
                cfg.bottleneck_bonus
            } else {
                1.0
            };
            let priority = if eliminated {
                0.0
            } else {
                set.nodes[n].weight * shortfall * feasibility * bottleneck
            };
            let mut present_neighbours = up;
            present_neighbours.extend(down);
            present_neighbours.sort_unstable();
            present_neighbours.dedup();
            nodes.push(NodeGap {
                node: n,
                local_count: local_count[n],
                local_mass,
                national_count: national_count[n],
                national_mass,
                share: if national_mass > 0.0 {
                    local_mass / national_mass
                } else {
                    0.0
                },
                lq,
                density,
                ubiquity: space.ubiquity[n],
                status,
                opportunity,
                shortfall,
                feasibility,
                bottleneck,
                priority,
                present_neighbours,
                makers: MakerSizes::default(),
            });
        }
    }
    nodes
}

/// Strong, weak and missing nodes per chain and tier.
fn tier_summaries(set: &ChainSet, nodes: &[NodeGap]) -> Vec<TierSummary> {
    let mut tiers = Vec::new();
    for (ci, _) in set.chains.iter().enumerate() {
        for tier in Tier::ALL {
            let of = |s: Status| {
                nodes
                    .iter()
                    .filter(|g| {
                        set.nodes[g.node].chain == ci
                            && set.nodes[g.node].tier == tier
                            && g.status == s
                    })
                    .count()
            };
            tiers.push(TierSummary {
                chain: ci,
                tier,
                strong: of(Status::Strong),
                weak: of(Status::Weak),
                missing: of(Status::Missing),
            });
        }
    }
    tiers
}
