//! The synthetic national company database: realistic in its geography, industries, sizes and
//! registration texts, deterministic for a size and a seed, and generated in parallel.
//!
//! Companies are spread over provinces by economic size; most are in other industries (catering,
//! software, logistics, construction, retail, …) and a minority on the four chains, clustered where
//! the real clusters are. The demo home region gets a designed local mix (see [`vocab::HOME_MIX`]).
//! All names and figures are fictional.

pub mod rng;
mod scope;
pub mod vocab;

use rayon::prelude::*;

use crate::chain::ChainSet;
use crate::company::clean::days_from_civil;
use crate::company::{uscc, Cell, Col, Companies, Row};
use crate::industry::{self, IndustryCodes};
use crate::region::{self, Level, Region, Regions};
use rng::{Rng, Weighted};
use scope::{Form, Kind};
use vocab::Sector;

/// The seed of the demo database.
pub const DEMO_SEED: u64 = 20_261_127;
/// The size of the demo database.
pub const DEMO_SIZE: usize = 200_000;
/// The demo home region: 云南省玉溪市红塔区 (the data are fictional).
pub const DEMO_HOME: &str = "530402";
/// The date the synthetic data describe.
pub const DATA_DATE: (i32, u32, u32) = (2026, 10, 31);

/// What to generate.
#[derive(Debug, Clone)]
pub struct SynthOptions {
    /// Number of companies.
    pub n: usize,
    /// Seed: the same size and seed give the same table.
    pub seed: u64,
    /// The home region that gets the designed local mix (six-digit code).
    pub home: String,
}

impl Default for SynthOptions {
    fn default() -> Self {
        SynthOptions {
            n: DEMO_SIZE,
            seed: DEMO_SEED,
            home: DEMO_HOME.to_string(),
        }
    }
}

/// What a chain company does with its products.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Make,
    Trade,
    Service,
}

struct ChainPlan {
    index: usize,
    nodes: Vec<usize>,
    pick: Weighted,
}

struct Place {
    code: String,
    lat: f64,
    lon: f64,
    county: bool,
}

/// Everything that is decided once per run.
struct Plan<'a> {
    set: &'a ChainSet,
    regions: &'a Regions,
    codes: &'a IndustryCodes,
    seed: u64,
    home: String,
    home_n: usize,
    stride: usize,
    home_mix: Vec<(usize, usize)>, // (node, firms), scaled to home_n
    home_designed: usize,
    province_pick: Weighted,
    cities: Vec<(Vec<String>, Weighted)>,
    chain_or_sector: Weighted, // 0..4 chains, 4.. sectors
    chains: Vec<ChainPlan>,
    sector_pick: Weighted,
    group_count: usize,
    /// Per chain, the nodes whose product is made (what its traders sell).
    made: Vec<Vec<usize>>,
}

impl<'a> Plan<'a> {
    fn new(set: &'a ChainSet, opts: &SynthOptions) -> Plan<'a> {
        let regions = Regions::embedded();
        let provinces: Vec<String> = vocab::PROVINCE_WEIGHTS
            .iter()
            .map(|(p, _)| p.to_string())
            .collect();
        let province_pick = Weighted::new(vocab::PROVINCE_WEIGHTS.iter().map(|&(_, w)| w));
        let cities = provinces
            .iter()
            .map(|p| {
                let list: Vec<String> = regions.cities_of(p).map(|r| r.code.clone()).collect();
                let list = if list.is_empty() {
                    vec![format!("{p}0000")]
                } else {
                    list
                };
                let weights = list.iter().map(|c| {
                    let mut r = Rng::new(0xC17E5, c.parse::<u64>().unwrap_or(0));
                    let base = 0.4 + r.f64() * 1.2;
                    if vocab::CAPITALS.contains(&c.as_str())
                        || c.ends_with("0100") && c.starts_with(['1', '3', '5'])
                    {
                        base * 4.0
                    } else {
                        base
                    }
                });
                let pick = Weighted::new(weights);
                (list, pick)
            })
            .collect();
        let chain_weights: Vec<f64> = vocab::CHAIN_SHARES.iter().map(|&(_, s)| s).collect();
        let chain_total: f64 = chain_weights.iter().sum();
        let chain_or_sector = Weighted::new(
            chain_weights
                .iter()
                .copied()
                .chain(std::iter::once(1.0 - chain_total)),
        );
        let chains = vocab::CHAIN_SHARES
            .iter()
            .filter_map(|(id, _)| set.chain_index(id))
            .map(|ci| {
                let nodes = set.chains[ci].nodes.clone();
                // Upstream and midstream nodes hold more firms than downstream services.
                let pick = Weighted::new(nodes.iter().map(|&n| 0.4 + set.nodes[n].weight));
                ChainPlan {
                    index: ci,
                    nodes,
                    pick,
                }
            })
            .collect();
        let sector_pick = Weighted::new(vocab::SECTORS.iter().map(|s| s.weight));
        let home_n = ((opts.n as f64 * vocab::HOME_SHARE).round() as usize).min(opts.n);
        let scale = home_n as f64 / 2000.0;
        let mut home_mix = Vec::new();
        for &(id, firms) in vocab::HOME_MIX.iter() {
            if let Some(node) = set.node_index(id) {
                let k = (firms as f64 * scale).round() as usize;
                let k = if k == 0 && scale >= 0.25 { 1 } else { k };
                if k > 0 {
                    home_mix.push((node, k));
                }
            }
        }
        let mut home_designed: usize = home_mix.iter().map(|&(_, k)| k).sum();
        if home_designed > home_n {
            home_mix.clear();
            home_designed = 0;
        }
        let stride = opts.n.checked_div(home_n).map_or(usize::MAX, |s| s.max(1));
        let group_count = (opts.n / 400).max(20);
        let made =
            set.chains
                .iter()
                .map(|c| {
                    c.nodes
                        .iter()
                        .copied()
                        .filter(|&n| {
                            let node = &set.nodes[n];
                            !node.distribution
                                && node.industry_codes.first().is_some_and(|c| {
                                    industry::makes_goods(c) && !c.starts_with('0')
                                })
                        })
                        .collect()
                })
                .collect();
        Plan {
            set,
            regions,
            codes: IndustryCodes::embedded(),
            seed: opts.seed,
            home: opts.home.clone(),
            home_n,
            stride,
            home_mix,
            home_designed,
            province_pick,
            cities,
            chain_or_sector,
            chains,
            sector_pick,
            group_count,
            made,
        }
    }

    fn place(&self, code: &str, rng: &mut Rng) -> Place {
        let r = self.regions.nearest_known(code);
        let (lat, lon, county) = r
            .map(|r| (r.lat, r.lon, r.level == Level::County))
            .unwrap_or((30.0, 110.0, false));
        let spread = if county { 0.06 } else { 0.15 };
        Place {
            code: r
                .map(|r| r.code.clone())
                .unwrap_or_else(|| code.to_string()),
            lat: lat + (rng.f64() - 0.5) * 2.0 * spread,
            lon: lon + (rng.f64() - 0.5) * 2.0 * spread,
            county,
        }
    }

    /// A county (or city) anywhere, by economic weight; never the home region.
    fn national_region(&self, rng: &mut Rng) -> String {
        for _ in 0..4 {
            let p = self.province_pick.sample(rng);
            let (cities, pick) = &self.cities[p];
            let city = &cities[pick.sample(rng)];
            let code = self.county_of(city, rng);
            if code != self.home {
                return code;
            }
        }
        "530100".to_string()
    }

    /// Most companies are registered in a county of the city; some at the city itself.
    fn county_of(&self, city: &str, rng: &mut Rng) -> String {
        if city.len() != 6 || rng.chance(0.2) {
            return city.to_string();
        }
        let counties: Vec<&str> = self
            .regions
            .counties_of(&city[..4])
            .map(|r| r.code.as_str())
            .collect();
        rng.pick(&counties)
            .map(|c| c.to_string())
            .unwrap_or_else(|| city.to_string())
    }

    fn chain_region(&self, chain: &str, band: &str, rng: &mut Rng) -> String {
        let clusters = vocab::clusters(chain, band);
        if !clusters.is_empty() && rng.chance(vocab::CLUSTER_SHARE) {
            let w = Weighted::new(clusters.iter().map(|&(_, w)| w));
            let code = clusters[w.sample(rng)].0;
            let code = if code.ends_with("00") {
                self.county_of(code, rng)
            } else {
                code.to_string()
            };
            if code != self.home {
                return code;
            }
        }
        self.national_region(rng)
    }
}

/// The demo database: [`DEMO_SIZE`] fictional companies with seed [`DEMO_SEED`] and the designed
/// home region [`DEMO_HOME`], built in memory.
pub fn demo(set: &ChainSet) -> Companies {
    generate(set, &SynthOptions::default())
}

/// Generates `opts.n` companies with the chains' vocabulary, the whole table in memory (about
/// 1.1 GB per million companies); [`batches`] gives the same rows a batch at a time.
pub fn generate(set: &ChainSet, opts: &SynthOptions) -> Companies {
    rows(&Plan::new(set, opts), 0, opts.n)
}

/// Rows per batch of `synth`: about 70 MB of companies, many pieces for the threads to share.
pub const BATCH_ROWS: usize = 65_536;

/// The companies of [`generate`] in batches of `batch_rows` rows (the last one shorter; a size of
/// 0 counts as 1), each generated in parallel, so that a table of any size is written in bounded
/// memory. Every row depends only on its position and the seed: the batches joined are exactly
/// the table [`generate`] returns, whatever the batch size.
pub fn batches<'a>(set: &'a ChainSet, opts: &SynthOptions, batch_rows: usize) -> Batches<'a> {
    Batches {
        plan: Plan::new(set, opts),
        next: 0,
        n: opts.n,
        batch_rows: batch_rows.max(1),
    }
}

/// The iterator of [`batches`].
pub struct Batches<'a> {
    plan: Plan<'a>,
    next: usize,
    n: usize,
    batch_rows: usize,
}

impl Iterator for Batches<'_> {
    type Item = Companies;

    fn next(&mut self) -> Option<Companies> {
        if self.next >= self.n {
            return None;
        }
        let end = self.n.min(self.next.saturating_add(self.batch_rows));
        let batch = rows(&self.plan, self.next, end);
        self.next = end;
        Some(batch)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = (self.n - self.next).div_ceil(self.batch_rows);
        (left, Some(left))
    }
}

impl ExactSizeIterator for Batches<'_> {}

/// Companies `start..end`, generated in parallel in pieces of 8192.
fn rows(plan: &Plan<'_>, start: usize, end: usize) -> Companies {
    const CHUNK: usize = 8192;
    let chunks: Vec<Companies> = (0..(end - start).div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            let from = start + c * CHUNK;
            let to = (from + CHUNK).min(end);
            let mut part = Companies::new(Vec::new(), to - from);
            let mut row = Row::empty(0);
            let mut buf = Buffers::default();
            for i in from..to {
                fill_row(plan, i, &mut row, &mut buf);
                part.push(&row);
            }
            part
        })
        .collect();
    Companies::concat(&chunks)
}

#[derive(Default)]
struct Buffers {
    /// The products or activities of a chain firm; the main products of another firm.
    products: Vec<String>,
    /// Chain products a general trader sells.
    sold: Vec<String>,
}

fn set_text(row: &mut Row, col: Col, f: impl FnOnce(&mut String)) {
    if let Cell::Text(s) = &mut row.cells[col as usize] {
        s.clear();
        f(s);
    } else {
        let mut s = String::new();
        f(&mut s);
        row.set(col, Cell::Text(s));
    }
}

/// Share of older firms (registered before March 2021) whose scope is in the modern form.
const MODERN_SHARE_OF_OLDER: f64 = 0.3;
/// Share of small firms whose record lists main products.
const PRODUCT_LIST_SHARE: f64 = 0.22;

/// Fills `row` with company `i`; returns what the company is (its node and kind), for tests.
///
/// One random stream per company (seeded by the run's seed and `i`) is drawn in a fixed order by
/// the sections below: who the company is and where, what it does, its name and register
/// entries, its age, its business scope, its size, its tags and product list, its expansion
/// signals and its risk flags.
fn fill_row(
    plan: &Plan<'_>,
    i: usize,
    row: &mut Row,
    buf: &mut Buffers,
) -> (Option<usize>, Kind<'static>) {
    let mut rng = Rng::new(plan.seed, i as u64);
    let who = identity(plan, i, &mut rng);
    let (place, region, place_name) = locate(plan, &who.region_code, &mut rng);
    buf.products.clear();
    buf.sold.clear();
    let trade = match who.chain_node {
        Some(node) => chain_trade(plan, node, who.home_index.is_some(), &mut rng, buf),
        None => sector_trade(plan, &mut rng, buf),
    };
    write_name(plan, row, &who, &trade, &place_name, &mut rng);
    write_register(plan, row, i, &place, region, trade.code, &mut rng);
    let (data_day, founded, form) = write_age(row, &mut rng);
    write_scope(plan, row, &who, &trade, form, buf, &mut rng);
    let employees = write_size(row, &trade, &mut rng);
    let maker = who.chain_node.is_some() && trade.role == Role::Make;
    let listed = write_tags(row, maker, trade.code, employees, &mut rng);
    write_main_products(row, listed, employees, buf, &mut rng);
    row.set(Col::Lat, Cell::Number(round6(place.lat)));
    row.set(Col::Lon, Cell::Number(round6(place.lon)));
    write_signals(row, maker, employees, data_day, founded, &mut rng);
    write_risks(row, &mut rng);
    (who.chain_node, trade.kind)
}

/// Who a company is: a designed home firm, a chain firm or a firm of another sector, and the
/// region it is registered in.
struct Identity {
    /// Its position among the home region's firms, when it is one.
    home_index: Option<usize>,
    /// Its chain node, when it is on a chain.
    chain_node: Option<usize>,
    /// The region it is registered in (six-digit code).
    region_code: String,
}

/// What a company does: its kind, its role, the trade word of its name, its industry class and
/// the medians of its size.
struct Trade<'p> {
    kind: Kind<'static>,
    role: Role,
    /// The trade word of its name (科技, 贸易, …).
    word: &'static str,
    /// Its industry class (GB/T 4754 four-digit code).
    code: &'p str,
    /// Median employees.
    scale_median: f64,
    /// Median revenue per employee (10,000 yuan).
    revenue_head: f64,
}

/// Decides who company `i` is: every `stride`-th company belongs to the home region (the first of
/// them on the designed mix of nodes); the others are chain firms clustered where their chain's
/// band is, or firms of another sector spread by economic weight.
fn identity(plan: &Plan<'_>, i: usize, rng: &mut Rng) -> Identity {
    let home_index =
        (i % plan.stride == 0 && i / plan.stride < plan.home_n).then_some(i / plan.stride);
    let mut chain_node: Option<usize> = None;
    let region_code: String;
    if let Some(h) = home_index {
        region_code = plan.home.clone();
        if h < plan.home_designed {
            let mut k = h;
            for &(node, firms) in &plan.home_mix {
                if k < firms {
                    chain_node = Some(node);
                    break;
                }
                k -= firms;
            }
        }
    } else {
        let which = plan.chain_or_sector.sample(rng);
        if which < plan.chains.len() {
            let cp = &plan.chains[which];
            let node = cp.nodes[cp.pick.sample(rng)];
            let chain = &plan.set.chains[cp.index];
            let band = &chain.bands[plan.set.nodes[node].band].id;
            region_code = plan.chain_region(&chain.id, band, rng);
            chain_node = Some(node);
        } else {
            region_code = plan.national_region(rng);
        }
    }
    Identity {
        home_index,
        chain_node,
        region_code,
    }
}

/// The company's point near its region, the known region it lies in, and the place word of its
/// name (the county's name for some county firms, else the city's).
fn locate<'p>(
    plan: &Plan<'p>,
    region_code: &str,
    rng: &mut Rng,
) -> (Place, Option<&'p Region>, String) {
    let place = plan.place(region_code, rng);
    let region = plan.regions.nearest_known(&place.code);
    let place_name = region
        .map(|r| {
            let name = if place.county && rng.chance(0.35) {
                &r.name
            } else if r.level == Level::County {
                &r.city
            } else {
                &r.name
            };
            region::short_name(name).to_string()
        })
        .unwrap_or_default();
    (place, region, place_name)
}

/// What a chain firm on `node` does: on a product node it makes the product, trades it or
/// installs and repairs it (the designed home firms make it); on a service node the products are
/// activities; a distribution node trades the chain's made goods. Fills `buf.products`.
fn chain_trade<'p>(
    plan: &Plan<'p>,
    node: usize,
    home: bool,
    rng: &mut Rng,
    buf: &mut Buffers,
) -> Trade<'p> {
    let n = &plan.set.nodes[node];
    let chain = &plan.set.chains[n.chain];
    let node_code =
        n.industry_codes
            .first()
            .map(String::as_str)
            .unwrap_or(match chain.id.as_str() {
                "hardware" => "3389",
                "medical-devices" => "3589",
                "pv" => "3825",
                _ => "3130",
            });
    let made = industry::makes_goods(node_code);
    // The designed firms of the home region make what the design says they make; firms
    // elsewhere on a product node make it, trade it or install and repair it.
    let kind = if n.distribution {
        Kind::Distribution
    } else if !made {
        Kind::Activity
    } else if home {
        Kind::Make
    } else {
        // Only equipment and metal products are installed and repaired.
        let installed = matches!(
            node_code.get(..2).unwrap_or(""),
            "33" | "34" | "35" | "38" | "39" | "40"
        );
        let u = rng.f64();
        if u < 0.74 {
            Kind::Make
        } else if u < 0.94 || !installed {
            Kind::Trade
        } else {
            Kind::Service
        }
    };
    let role = match kind {
        Kind::Make => Role::Make,
        Kind::Trade | Kind::Distribution => Role::Trade,
        _ => Role::Service,
    };
    if matches!(kind, Kind::Distribution) {
        distributed_products(plan, n.chain, rng, &mut buf.products);
    } else {
        let neighbours = !home && matches!(kind, Kind::Make | Kind::Trade);
        let nouns = matches!(kind, Kind::Trade | Kind::Service);
        if matches!(kind, Kind::Activity) {
            activities(n, rng, &mut buf.products);
        } else {
            chain_products(plan, node, neighbours, nouns, rng, &mut buf.products);
        }
    }
    let code = match kind {
        Kind::Trade => match chain.id.as_str() {
            "steel" => "5164",
            "medical-devices" => "5154",
            "hardware" => "5174",
            _ => "5179",
        },
        _ => node_code,
    };
    let word = if role == Role::Trade {
        *rng.pick(vocab::chain_trader_trades(&chain.id))
            .unwrap_or(&"贸易")
    } else {
        *rng.pick(vocab::chain_trades(&chain.id)).unwrap_or(&"实业")
    };
    let (scale_median, revenue_head) = match role {
        Role::Make => (45.0, 70.0),
        Role::Trade => (8.0, 200.0),
        Role::Service => (20.0, 30.0),
    };
    Trade {
        kind,
        role,
        word,
        code,
        scale_median,
        revenue_head,
    }
}

/// What a firm of another sector does: one to three of the sector's products in `buf.products`,
/// and for a general trader now and then a chain product it sells in `buf.sold`.
fn sector_trade(plan: &Plan<'_>, rng: &mut Rng, buf: &mut Buffers) -> Trade<'static> {
    let s: &'static Sector = &vocab::SECTORS[plan.sector_pick.sample(rng)];
    let k = 1 + rng.below(3);
    for _ in 0..k {
        if let Some(p) = rng.pick(s.products) {
            if !buf.products.iter().any(|x| x == p) {
                buf.products.push((*p).to_string());
            }
        }
    }
    // General traders sometimes list a chain product among their goods.
    if matches!(s.code, "5199" | "5211") && rng.chance(0.08) {
        let g = vocab::TRADED_CHAIN_GOODS[rng.below(vocab::TRADED_CHAIN_GOODS.len())];
        buf.sold.push(g.to_string());
    }
    let word = *rng.pick(s.trades).unwrap_or(&"实业");
    Trade {
        kind: Kind::Sector(s),
        role: Role::Service,
        word,
        code: s.code,
        scale_median: s.employees,
        revenue_head: s.revenue_per_head,
    }
}

/// The name: place + brand + trade + suffix; some chain firms belong to a group, share its brand
/// and trade word, and a few of those are its branches (分公司).
fn write_name(
    plan: &Plan<'_>,
    row: &mut Row,
    who: &Identity,
    trade: &Trade<'_>,
    place_name: &str,
    rng: &mut Rng,
) {
    let grouped = who.chain_node.is_some() && who.home_index.is_none() && rng.chance(0.05);
    let (brand, word) = if grouped {
        let g = rng.below(plan.group_count) as u64;
        let mut gr = Rng::new(plan.seed ^ 0x6A09_E667, g);
        let brand = format!(
            "{}{}",
            vocab::BRAND_CHARS[gr.below(vocab::BRAND_CHARS.len())],
            vocab::BRAND_CHARS[gr.below(vocab::BRAND_CHARS.len())]
        );
        let chain = who.chain_node.map(|n| plan.set.nodes[n].chain).unwrap_or(0);
        let trades = vocab::chain_trades(&plan.set.chains[chain].id);
        (brand, trades[gr.below(trades.len())])
    } else {
        let brand = format!(
            "{}{}",
            vocab::BRAND_CHARS[rng.below(vocab::BRAND_CHARS.len())],
            vocab::BRAND_CHARS[rng.below(vocab::BRAND_CHARS.len())]
        );
        (brand, trade.word)
    };
    let suffix_pick = rng.f64();
    let mut acc = 0.0;
    let mut suffix = "有限公司";
    for &(s, w) in vocab::SUFFIXES.iter() {
        acc += w;
        if suffix_pick < acc {
            suffix = s;
            break;
        }
    }
    let branch = grouped && rng.chance(0.3);
    set_text(row, Col::Name, |s| {
        if branch {
            s.push_str(&brand);
            s.push_str(word);
            s.push_str("有限公司");
            s.push_str(place_name);
            s.push_str("分公司");
        } else {
            s.push_str(place_name);
            s.push_str(&brand);
            s.push_str(word);
            s.push_str(suffix);
        }
    });
}

/// The register entries: id, a valid uscc of the region, the province, city and district, the
/// region code and the industry class with its name.
fn write_register(
    plan: &Plan<'_>,
    row: &mut Row,
    i: usize,
    place: &Place,
    region: Option<&Region>,
    code: &str,
    rng: &mut Rng,
) {
    set_text(row, Col::Id, |s| s.push_str(&format!("S{:08}", i + 1)));
    let code_uscc = uscc::generate(&place.code, rng.next_u64());
    set_text(row, Col::Uscc, |s| s.push_str(&code_uscc));
    row.set(Col::UsccValid, Cell::Bool(true));
    let (province, city, district) = match region {
        Some(r) => match r.level {
            Level::County => (r.province.as_str(), r.city.as_str(), r.name.as_str()),
            Level::City => (r.province.as_str(), r.name.as_str(), ""),
            Level::Province => (r.name.as_str(), "", ""),
        },
        None => ("", "", ""),
    };
    set_text(row, Col::Province, |s| s.push_str(province));
    set_text(row, Col::City, |s| s.push_str(city));
    set_text(row, Col::District, |s| s.push_str(district));
    set_text(row, Col::RegionCode, |s| s.push_str(&place.code));
    set_text(row, Col::IndustryCode, |s| s.push_str(code));
    set_text(row, Col::Industry, |s| {
        s.push_str(plan.codes.name(code).unwrap_or("").trim())
    });
}

/// Status and age; the age decides the form of the scope (the modern form since 2021). Returns
/// the data date and the founding date (days since 1970) and the form.
fn write_age(row: &mut Row, rng: &mut Rng) -> (i32, i32, Form) {
    let inactive = rng.chance(0.04);
    row.set(Col::Status, Cell::Bool(!inactive));
    let data_day = days_from_civil(DATA_DATE.0, DATA_DATE.1, DATA_DATE.2);
    let age_days = (-(rng.f64().max(1e-9)).ln() * 8.0 * 365.25) as i32;
    let founded = (data_day - 30 - age_days).max(days_from_civil(1985, 1, 1));
    row.set(Col::Founded, Cell::Date(Some(founded)));
    let form = if founded >= days_from_civil(2021, 3, 1) || rng.chance(MODERN_SHARE_OF_OLDER) {
        Form::Modern
    } else {
        Form::Older
    };
    (data_day, founded, form)
}

/// The business scope in the forms of real registrations, with the licensed items the kind of
/// firm needs.
fn write_scope(
    plan: &Plan<'_>,
    row: &mut Row,
    who: &Identity,
    trade: &Trade<'_>,
    form: Form,
    buf: &Buffers,
    rng: &mut Rng,
) {
    let chain_id = who
        .chain_node
        .map(|n| plan.set.chains[plan.set.nodes[n].chain].id.as_str());
    let licensed: &[&str] = match (chain_id, trade.kind) {
        (Some("medical-devices"), Kind::Make) => &["第二类医疗器械生产", "第三类医疗器械生产"],
        (Some("medical-devices"), Kind::Trade | Kind::Distribution) => &["第三类医疗器械经营"],
        (Some(_), Kind::Make | Kind::Activity) => vocab::chain_licensed(trade.code),
        _ => &[],
    };
    let spec = scope::Scope {
        kind: trade.kind,
        form,
        chain: chain_id,
        code: trade.code,
        products: if who.chain_node.is_some() {
            &buf.products
        } else {
            &buf.sold
        },
        licensed,
    };
    set_text(row, Col::BusinessScope, |s| scope::write(s, &spec, rng));
}

/// Employees, revenue and registered capital, log-normal around the trade's medians (some
/// unknown); returns the employees.
fn write_size(row: &mut Row, trade: &Trade<'_>, rng: &mut Rng) -> f64 {
    let employees = rng
        .lognormal(
            trade.scale_median,
            if trade.role == Role::Make { 1.4 } else { 1.1 },
        )
        .clamp(1.0, 150_000.0)
        .round();
    let revenue = (employees * rng.lognormal(trade.revenue_head, 0.5)).round();
    let capital = round2(
        rng.lognormal(100.0 * (employees / 10.0).powf(0.6), 0.9)
            .max(1.0),
    );
    row.set(
        Col::Employees,
        Cell::Number(if rng.chance(0.05) {
            f64::NAN
        } else {
            employees
        }),
    );
    row.set(
        Col::Revenue,
        Cell::Number(if rng.chance(0.15) { f64::NAN } else { revenue }),
    );
    row.set(Col::RegisteredCapital, Cell::Number(capital));
    employees
}

/// Tags at realistic rates: quality labels go to makers, more often to larger ones. Returns
/// whether the firm is listed (上市).
fn write_tags(row: &mut Row, maker: bool, code: &str, employees: f64, rng: &mut Rng) -> bool {
    let mut tags: Vec<&str> = Vec::new();
    let big = employees > 100.0;
    let high_tech = if maker {
        0.18 + if big { 0.12 } else { 0.0 }
    } else if code == "6513" {
        0.15
    } else {
        0.02
    };
    if rng.chance(high_tech) {
        tags.push("高新技术企业");
    }
    let srdi = if maker && (20.0..2000.0).contains(&employees) {
        0.06
    } else {
        0.003
    };
    if rng.chance(srdi) {
        tags.push("专精特新");
        if rng.chance(0.15) {
            tags.push("小巨人");
        }
    }
    if rng.chance(if maker { 0.01 } else { 0.002 }) {
        tags.push("瞪羚");
    }
    if rng.chance((employees / if maker { 20_000.0 } else { 50_000.0 }).min(0.4)) {
        tags.push("上市");
    }
    set_text(row, Col::Tags, |s| s.push_str(&tags.join(";")));
    tags.contains(&"上市")
}

/// Most records describe a company by its business scope alone; a minority, more among large
/// and listed firms, also list main products (主营产品).
fn write_main_products(row: &mut Row, listed: bool, employees: f64, buf: &Buffers, rng: &mut Rng) {
    let p_list = if listed {
        0.9
    } else if employees > 300.0 {
        0.55
    } else if employees > 100.0 {
        0.4
    } else {
        PRODUCT_LIST_SHARE
    };
    let shown = rng.chance(p_list);
    set_text(row, Col::MainProducts, |s| {
        if shown {
            s.push_str(&buf.products.join("、"))
        }
    });
}

/// Expansion signals: financing events and the last one's date, branches, hiring and outbound
/// investments.
fn write_signals(
    row: &mut Row,
    maker: bool,
    employees: f64,
    data_day: i32,
    founded: i32,
    rng: &mut Rng,
) {
    let financed = rng.chance(if maker { 0.08 } else { 0.04 });
    let events = if financed {
        1.0 + rng.geometric(1.0) as f64
    } else {
        0.0
    };
    row.set(Col::FinancingEvents, Cell::Number(events));
    let last = financed
        .then(|| data_day - (-(rng.f64().max(1e-9)).ln() * 700.0) as i32)
        .map(|d| d.max(founded));
    row.set(Col::LastFinancing, Cell::Date(last));
    row.set(
        Col::Branches,
        Cell::Number(rng.geometric(0.3 + employees / 200.0).min(300) as f64),
    );
    let hiring = if rng.chance(0.35) {
        (employees * rng.lognormal(0.08, 0.8)).round().min(5000.0)
    } else {
        0.0
    };
    row.set(Col::Hiring, Cell::Number(hiring));
    row.set(
        Col::OutboundInvestments,
        Cell::Number(rng.geometric(0.2 + employees / 500.0).min(200) as f64),
    );
}

/// Risk flags: abnormal operations, dishonest debtor and enforcement records.
fn write_risks(row: &mut Row, rng: &mut Rng) {
    let abnormal = if rng.chance(0.05) {
        1 + rng.below(3)
    } else {
        0
    };
    let dishonest = if rng.chance(0.01) {
        1 + rng.below(2)
    } else {
        0
    };
    let enforced = if rng.chance(0.03) {
        1 + rng.below(5)
    } else {
        0
    };
    row.set(Col::Abnormal, Cell::Number(abnormal as f64));
    row.set(Col::Dishonest, Cell::Number(dishonest as f64));
    row.set(Col::Enforced, Cell::Number(enforced as f64));
}

/// Two to four products of a node, each carrying a context term when the node requires one;
/// sometimes (when `neighbours` is set) a product of a neighbouring node of the same chain too.
/// With `nouns`, terms that carry their own verb (钢材加工) are left out while others remain.
fn chain_products(
    plan: &Plan<'_>,
    node: usize,
    neighbours: bool,
    nouns: bool,
    rng: &mut Rng,
    out: &mut Vec<String>,
) {
    let n = &plan.set.nodes[node];
    let k = 2 + rng.below(3);
    for _ in 0..k {
        if let Some(p) = pick_term(&n.keywords, nouns, rng) {
            let p = with_context(p, &n.require_any, rng);
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    if neighbours && rng.chance(0.2) {
        let neighbours: Vec<usize> = plan
            .set
            .downstream(node)
            .into_iter()
            .chain(plan.set.upstream(node))
            .map(|(m, _)| m)
            .filter(|&m| plan.set.nodes[m].chain == n.chain && !plan.set.nodes[m].distribution)
            .collect();
        if let Some(&m) = rng.pick(&neighbours) {
            let other = &plan.set.nodes[m];
            if let Some(p) = pick_term(&other.keywords, nouns, rng) {
                let p = with_context(p, &other.require_any, rng);
                if !out.contains(&p) {
                    out.push(p);
                }
            }
        }
    }
}

/// A keyword; with `nouns`, one without a verb of its own when the node has any; never a
/// project (钢结构工程) when the node has a product.
fn pick_term<'k>(keywords: &'k [String], nouns: bool, rng: &mut Rng) -> Option<&'k String> {
    let fits = |k: &String| {
        !(k.ends_with("工程") || k.ends_with("服务") || (nouns && scope::is_activity_term(k)))
    };
    let k = rng.pick(keywords)?;
    if fits(k) {
        return Some(k);
    }
    let plain = keywords.iter().filter(|k| fits(k)).count();
    if plain == 0 {
        return Some(k);
    }
    keywords.iter().filter(|k| fits(k)).nth(rng.below(plain))
}

/// One to three activities of a service node (钢结构工程, 光伏运维), with context where needed.
fn activities(n: &crate::chain::Node, rng: &mut Rng, out: &mut Vec<String>) {
    let k = 1 + rng.below(3);
    for _ in 0..k {
        if let Some(p) = rng.pick(&n.keywords) {
            let p = with_context(p, &n.require_any, rng);
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
}

/// Two to four products of a chain's made nodes, one per node: what a distributor sells.
fn distributed_products(plan: &Plan<'_>, chain: usize, rng: &mut Rng, out: &mut Vec<String>) {
    let nodes = &plan.made[chain];
    let k = 2 + rng.below(3);
    for _ in 0..k {
        let Some(&m) = rng.pick(nodes) else { break };
        let node = &plan.set.nodes[m];
        if let Some(p) = pick_term(&node.keywords, true, rng) {
            let p = with_context(p, &node.require_any, rng);
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
}

/// Puts a context term before a product that lacks one (汇流条 → 光伏汇流条); verbs are left to
/// the business scope.
fn with_context(product: &str, require_any: &[String], rng: &mut Rng) -> String {
    const VERBS: [&str; 3] = ["制造", "生产", "加工"];
    if require_any.is_empty() || require_any.iter().any(|t| product.contains(t.as_str())) {
        return product.to_string();
    }
    let nouns: Vec<&String> = require_any
        .iter()
        .filter(|t| !VERBS.contains(&t.as_str()))
        .collect();
    match rng.pick(&nouns) {
        Some(t) => format!("{t}{product}"),
        None => product.to_string(),
    }
}

fn round2(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return v;
    }
    let mag = 10f64.powf(v.log10().floor() - 1.0);
    (v / mag).round() * mag
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests;
