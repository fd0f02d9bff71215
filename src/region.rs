//! Administrative regions (行政区划, GB/T 2260): codes, names, levels and coordinates.
//!
//! The table `data/regions.csv` is derived from the cpca package's adcodes (MIT licence,
//! `data/regions.LICENSE`). Codes withdrawn since 1981 (江川县 530421 → 江川区 530403) are mapped to
//! the table's code by `data/region_changes.csv`, derived from the CC0 history of the codes
//! (`data/region_changes.LICENSE`, `data/make_region_changes.py`).

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../data/regions.csv");
const CHANGES: &str = include_str!("../data/region_changes.csv");

/// The level of a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// 省级 (2-digit prefix, code ends in 0000).
    Province,
    /// 地级 (4-digit prefix, code ends in 00).
    City,
    /// 县级 (all six digits).
    County,
}

/// One region of the table.
#[derive(Debug, Clone)]
pub struct Region {
    /// Six-digit code.
    pub code: String,
    /// Full name (云南省, 玉溪市, 红塔区).
    pub name: String,
    /// Level.
    pub level: Level,
    /// Name of the province it lies in.
    pub province: String,
    /// Name of the city it lies in (empty for a province).
    pub city: String,
    /// Latitude of its seat.
    pub lat: f64,
    /// Longitude of its seat.
    pub lon: f64,
}

/// The region table.
#[derive(Debug)]
pub struct Regions {
    list: Vec<Region>,
    by_code: HashMap<String, usize>,
    /// Regions one level down, by the parent's prefix (2 digits → cities, 4 digits → counties).
    children: HashMap<String, Vec<usize>>,
    /// Codes not in the table, by code: what covers them now.
    changes: HashMap<String, Change>,
}

/// A code the table does not hold, and the table's code that covers its place now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The code (withdrawn, or newer than the table).
    pub code: String,
    /// Its name when it was in use.
    pub name: String,
    /// The table's code for the place.
    pub to: String,
    /// The year of the change.
    pub year: u16,
    /// True when the code is newer than the table (mapped back to the code it replaced).
    pub newer: bool,
}

/// A resolved region, and the change followed to reach it when an old code or name was given.
#[derive(Debug, Clone)]
pub struct Resolved<'a> {
    /// The region.
    pub region: &'a Region,
    /// The change followed, if any.
    pub change: Option<Change>,
}

/// Why a region name or code could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    /// Neither a known code nor a known name.
    Unknown(String),
    /// A name that fits several regions: (code, full name) of each.
    Ambiguous {
        /// What was given.
        given: String,
        /// Every candidate: code and full name (省·市·区).
        candidates: Vec<(String, String)>,
    },
}

impl ResolveError {
    /// The error in the user's language, with what to do.
    pub fn message(&self, lang: crate::Lang) -> String {
        match (self, lang) {
            (ResolveError::Unknown(g), crate::Lang::Zh) => format!(
                "找不到本地区划“{g}”：请给出 2、4 或 6 位区划代码（如 53、5304、530402），\
                 或地区名称（如 云南省、玉溪市、玉溪市红塔区、云南省玉溪市红塔区）"
            ),
            (ResolveError::Unknown(g), crate::Lang::En) => format!(
                "unknown home region '{g}': give a 2-, 4- or 6-digit code (53, 5304, 530402) or a \
                 name (云南省, 玉溪市, 玉溪市红塔区, 云南省玉溪市红塔区)"
            ),
            (ResolveError::Ambiguous { given, candidates }, lang) => {
                let mut s = match lang {
                    crate::Lang::Zh => format!(
                        "“{given}”对应 {} 个地区，无法确定是哪一个：\n",
                        candidates.len()
                    ),
                    crate::Lang::En => format!(
                        "'{given}' fits more than one region ({}):\n",
                        candidates.len()
                    ),
                };
                for (code, name) in candidates {
                    s.push_str(&format!("  {code} {name}\n"));
                }
                let (code, name) = &candidates[0];
                let joined = name.replace('·', "");
                s.push_str(&match lang {
                    crate::Lang::Zh => format!(
                        "请用代码或带上省、市名称指定其中一个，例如 --home {code} 或 --home {joined}"
                    ),
                    crate::Lang::En => format!(
                        "pick one by its code or with its province and city, e.g. --home {code} or --home {joined}"
                    ),
                });
                s
            }
        }
    }
}

impl std::fmt::Display for ResolveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::Lang::En))
    }
}

impl std::error::Error for ResolveError {}

/// Suffixes dropped when names are compared, longest first.
/// Where a map puts the home region when its code has no known seat (a code from a newer
/// register than the embedded table, or a typing error the diagnosis let through): latitude 25°N,
/// longitude 102°E, central Yunnan near Kunming, the province of the bureau chainlead was first
/// built for. Only a marker on a chart; no distance or score is computed from it.
pub const FALLBACK_POINT: (f64, f64) = (25.0, 102.0);

const SUFFIXES: [&str; 12] = [
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "自治州",
    "地区",
    "盟",
    "省",
    "市",
    "区",
    "县",
];

/// Ethnic names inside the names of autonomous prefectures and counties, dropped with the suffix.
const ETHNIC: [&str; 46] = [
    "白族",
    "彝族",
    "哈尼族",
    "傣族",
    "景颇族",
    "傈僳族",
    "藏族",
    "土家族",
    "苗族",
    "朝鲜族",
    "羌族",
    "布依族",
    "侗族",
    "回族",
    "蒙古族",
    "哈萨克族",
    "柯尔克孜族",
    "壮族",
    "瑶族",
    "满族",
    "畲族",
    "黎族",
    "水族",
    "仡佬族",
    "佤族",
    "拉祜族",
    "纳西族",
    "普米族",
    "独龙族",
    "怒族",
    "布朗族",
    "阿昌族",
    "德昂族",
    "基诺族",
    "撒拉族",
    "土族",
    "东乡族",
    "保安族",
    "裕固族",
    "锡伯族",
    "达斡尔族",
    "鄂温克族",
    "鄂伦春族",
    "毛南族",
    "仫佬族",
    "各族",
];

/// A name without its administrative suffix: 云南省 → 云南, 广西壮族自治区 → 广西, 深圳市 → 深圳,
/// 大理白族自治州 → 大理.
pub fn short_name(name: &str) -> &str {
    let name = name.trim();
    for suffix in ["自治州", "自治县", "自治旗"] {
        if let Some(mut stem) = name.strip_suffix(suffix) {
            while let Some(e) = ETHNIC.iter().find(|e| stem.ends_with(*e)) {
                stem = &stem[..stem.len() - e.len()];
            }
            if stem.chars().count() >= 2 {
                return stem;
            }
        }
    }
    for suffix in SUFFIXES {
        if let Some(stem) = name.strip_suffix(suffix) {
            if stem.chars().count() >= 2 {
                return stem;
            }
        }
    }
    name
}

/// Whether `given` names region `r`, optionally preceded by its province and city (each in full or
/// short): `Some(true)` when the region's own name is given in full, `Some(false)` when short.
fn name_fits(given: &str, r: &Region) -> Option<bool> {
    let forms = |n: &str| -> Vec<String> {
        if n.is_empty() {
            return vec![String::new()];
        }
        let mut v = vec![String::new(), n.to_string()];
        if short_name(n) != n {
            v.push(short_name(n).to_string());
        }
        v
    };
    let provinces = if r.level == Level::Province {
        vec![String::new()]
    } else {
        forms(&r.province)
    };
    let cities = if r.level == Level::County {
        forms(&r.city)
    } else {
        vec![String::new()]
    };
    let mut best = None;
    for p in &provinces {
        let Some(rest) = given.strip_prefix(p.as_str()) else {
            continue;
        };
        for c in &cities {
            let Some(rest) = rest.strip_prefix(c.as_str()) else {
                continue;
            };
            if rest == r.name {
                return Some(true);
            }
            if rest == short_name(&r.name) && !rest.is_empty() {
                best = Some(false);
            }
        }
    }
    best
}

/// The prefix of the codes that lie in a region: two digits for a province (530000 → 53), four for
/// a city (530400 → 5304), all six for a county.
pub fn selecting_prefix(code: &str) -> &str {
    if code.len() == 6 && code.ends_with("0000") {
        &code[..2]
    } else if code.len() == 6 && code.ends_with("00") {
        &code[..4]
    } else {
        code
    }
}

/// The code of the province a code lies in (53 → 530000).
pub fn province_code(code: &str) -> Option<String> {
    (code.len() >= 2 && code.is_char_boundary(2)).then(|| format!("{}0000", &code[..2]))
}

/// The code of the city a code lies in (530402 → 530400).
pub fn city_code(code: &str) -> Option<String> {
    (code.len() >= 4 && code.is_char_boundary(4)).then(|| format!("{}00", &code[..4]))
}

/// Great-circle distance in kilometres.
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

impl Regions {
    /// The embedded table, parsed once.
    pub fn embedded() -> &'static Regions {
        static REGIONS: OnceLock<Regions> = OnceLock::new();
        REGIONS.get_or_init(|| Regions::parse(TABLE))
    }

    fn parse(text: &str) -> Regions {
        let mut list = Vec::new();
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            if f.len() < 7 {
                continue;
            }
            let level = match f[2] {
                "province" => Level::Province,
                "city" => Level::City,
                _ => Level::County,
            };
            list.push(Region {
                code: f[0].to_string(),
                name: f[1].to_string(),
                level,
                province: f[3].to_string(),
                city: f[4].to_string(),
                lat: f[5].parse().unwrap_or(f64::NAN),
                lon: f[6].parse().unwrap_or(f64::NAN),
            });
        }
        let by_code = list
            .iter()
            .enumerate()
            .map(|(i, r)| (r.code.clone(), i))
            .collect();
        let mut children: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, r) in list.iter().enumerate() {
            match r.level {
                Level::City => children.entry(r.code[..2].to_string()).or_default().push(i),
                Level::County => children.entry(r.code[..4].to_string()).or_default().push(i),
                Level::Province => {}
            }
        }
        let mut changes = HashMap::new();
        for line in CHANGES.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            if f.len() < 5 {
                continue;
            }
            changes.insert(
                f[0].to_string(),
                Change {
                    code: f[0].to_string(),
                    name: f[1].to_string(),
                    to: f[2].to_string(),
                    year: f[3].parse().unwrap_or(0),
                    newer: f[4] == "newer",
                },
            );
        }
        Regions {
            list,
            by_code,
            children,
            changes,
        }
    }

    /// The change that maps a code the table does not hold (withdrawn since 1981, or newer than the
    /// table) to the table's code for the same place.
    pub fn change(&self, code: &str) -> Option<&Change> {
        if self.by_code.contains_key(code) {
            return None;
        }
        self.changes.get(code)
    }

    /// The table's code for a six-digit code: itself when the table holds it, else its successor
    /// (530421 江川县 → 530403 江川区), else itself.
    pub fn current_code<'a>(&'a self, code: &'a str) -> &'a str {
        self.change(code).map(|c| c.to.as_str()).unwrap_or(code)
    }

    /// The full name, province·city·county (云南省·玉溪市·红塔区; 北京市·朝阳区 for a municipality's
    /// district); the code itself when unknown.
    pub fn full_name(&self, code: &str) -> String {
        let Some(r) = self.get(code) else {
            return code.to_string();
        };
        let mut parts: Vec<&str> = Vec::new();
        if r.level != Level::Province {
            parts.push(&r.province);
        }
        if r.level == Level::County && !r.city.is_empty() && r.city != r.province {
            parts.push(&r.city);
        }
        if parts.last() != Some(&r.name.as_str()) {
            parts.push(&r.name);
        }
        parts.join("·")
    }

    /// The region named by a code (2, 4 or 6 digits, old codes mapped to their successors) or by a
    /// name in any completeness (红塔区, 玉溪市红塔区, 云南省玉溪市红塔区, 北京朝阳区, 玉溪). A name that
    /// fits several regions is an error listing them all; a name's exact form (朝阳市) wins over
    /// its short form (朝阳).
    pub fn resolve(&self, given: &str) -> Result<Resolved<'_>, ResolveError> {
        let g = given.trim();
        let unknown = || ResolveError::Unknown(given.trim().to_string());
        if !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()) {
            if !matches!(g.len(), 2 | 4 | 6) {
                return Err(unknown());
            }
            let code = format!("{g:0<6}");
            if let Some(r) = self.get(&code) {
                return Ok(Resolved {
                    region: r,
                    change: None,
                });
            }
            let change = self.change(&code).ok_or_else(unknown)?;
            let r = self.get(&change.to).ok_or_else(unknown)?;
            return Ok(Resolved {
                region: r,
                change: Some(change.clone()),
            });
        }
        if g.is_empty() {
            return Err(unknown());
        }
        // The full name as printed (云南省·玉溪市·红塔区) or typed with spaces or slashes.
        let joined: String = g
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '·' | '・' | '/' | '-' | '，' | ','))
            .collect();
        let g = joined.as_str();
        let mut exact: Vec<&Region> = Vec::new();
        let mut short: Vec<&Region> = Vec::new();
        for r in &self.list {
            match name_fits(g, r) {
                Some(true) => exact.push(r),
                Some(false) => short.push(r),
                None => {}
            }
        }
        let mut found = if exact.is_empty() { short } else { exact };
        let mut change = None;
        if found.is_empty() {
            // An old name (江川县): the table's code of its place.
            let mut old: Vec<&Change> = self
                .changes
                .values()
                .filter(|c| !c.newer && (c.name == g || short_name(&c.name) == short_name(g)))
                .collect();
            old.sort_by_key(|c| std::cmp::Reverse(c.year));
            for c in &old {
                if let Some(r) = self.get(&c.to) {
                    if !found.iter().any(|x| x.code == r.code) {
                        found.push(r);
                    }
                }
            }
            if found.len() == 1 {
                change = old.first().map(|c| (*c).clone());
            }
        }
        // A municipality is both a province and a city of the same name: keep the wider one.
        let wider: Vec<String> = found.iter().map(|r| r.code.clone()).collect();
        found.retain(|r| {
            !wider.iter().any(|w| {
                w != &r.code
                    && self
                        .get(w)
                        .is_some_and(|x| x.name == r.name && x.level < r.level)
                    && r.code.starts_with(w.trim_end_matches("00"))
            })
        });
        found.sort_by(|a, b| (a.level, &a.code).cmp(&(b.level, &b.code)));
        match found.len() {
            0 => Err(unknown()),
            1 => Ok(Resolved {
                region: found[0],
                change,
            }),
            _ => Err(ResolveError::Ambiguous {
                given: g.to_string(),
                candidates: found
                    .iter()
                    .map(|r| (r.code.clone(), self.full_name(&r.code)))
                    .collect(),
            }),
        }
    }

    /// Every region, in code order.
    pub fn all(&self) -> &[Region] {
        &self.list
    }

    /// The region with this six-digit code.
    pub fn get(&self, code: &str) -> Option<&Region> {
        self.by_code.get(code).map(|&i| &self.list[i])
    }

    /// The provinces.
    pub fn provinces(&self) -> impl Iterator<Item = &Region> {
        self.list.iter().filter(|r| r.level == Level::Province)
    }

    /// The cities (地级) of a province, given by its two-digit prefix.
    pub fn cities_of<'a>(&'a self, province_prefix: &'a str) -> impl Iterator<Item = &'a Region> {
        self.children_of(province_prefix, Level::City)
    }

    fn children_of<'a>(&'a self, prefix: &str, level: Level) -> impl Iterator<Item = &'a Region> {
        self.children
            .get(prefix)
            .map(|v| v.as_slice())
            .unwrap_or(&[])
            .iter()
            .map(|&i| &self.list[i])
            .filter(move |r| r.level == level)
    }

    /// The counties of a city, given by its four-digit prefix.
    pub fn counties_of<'a>(&'a self, city_prefix: &'a str) -> impl Iterator<Item = &'a Region> {
        self.children_of(city_prefix, Level::County)
    }

    /// The most specific known region for a code: itself, else its city, else its province.
    pub fn nearest_known(&self, code: &str) -> Option<&Region> {
        self.get(code)
            .or_else(|| city_code(code).and_then(|c| self.get(&c)))
            .or_else(|| province_code(code).and_then(|c| self.get(&c)))
    }

    /// Regions whose name equals `name`, with or without its suffix (深圳, 深圳市, 大理 → 大理白族自治州
    /// and 大理市), else whose name starts with it; provinces first, then cities, then counties.
    /// A six-digit code is looked up directly.
    pub fn find(&self, name: &str) -> Vec<&Region> {
        let name = name.trim();
        if name.len() == 6 && name.bytes().all(|b| b.is_ascii_digit()) {
            return self.get(name).into_iter().collect();
        }
        if name.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<&Region> = self
            .list
            .iter()
            .filter(|r| r.name == name || short_name(&r.name) == short_name(name))
            .collect();
        if found.is_empty() {
            found = self
                .list
                .iter()
                .filter(|r| r.name.starts_with(short_name(name)))
                .collect();
        }
        found.sort_by(|a, b| (a.level, &a.code).cmp(&(b.level, &b.code)));
        found
    }

    /// The region named by a province, city and district (any may be empty), most specific first.
    pub fn by_names(&self, province: &str, city: &str, district: &str) -> Option<&Region> {
        let same = |a: &str, b: &str| !b.is_empty() && (a == b || short_name(a) == short_name(b));
        let fits = |r: &Region| {
            (province.trim().is_empty() || same(&r.province, province))
                && (city.trim().is_empty() || r.level == Level::Province || same(&r.city, city))
        };
        if !district.trim().is_empty() {
            let hits: Vec<&Region> = self
                .list
                .iter()
                .filter(|r| r.level == Level::County && same(&r.name, district) && fits(r))
                .collect();
            if hits.len() == 1 {
                return Some(hits[0]);
            }
        }
        if !city.trim().is_empty() {
            let hits: Vec<&Region> = self
                .list
                .iter()
                .filter(|r| r.level == Level::City && same(&r.name, city) && fits(r))
                .collect();
            if hits.len() == 1 {
                return Some(hits[0]);
            }
        }
        if !province.trim().is_empty() {
            return self
                .list
                .iter()
                .find(|r| r.level == Level::Province && same(&r.name, province));
        }
        None
    }

    /// Seat coordinates of the most specific known region for a code.
    pub fn coordinates(&self, code: &str) -> Option<(f64, f64)> {
        self.nearest_known(code).map(|r| (r.lat, r.lon))
    }

    /// Where a map marks a region: its seat, else [`FALLBACK_POINT`].
    pub fn map_point(&self, code: &str) -> (f64, f64) {
        self.coordinates(code).unwrap_or(FALLBACK_POINT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_every_level() {
        let r = Regions::embedded();
        assert_eq!(r.provinces().count(), 34);
        assert!(r.all().len() > 3000);
        let hongta = r.get("530402").unwrap();
        assert_eq!(hongta.name, "红塔区");
        assert_eq!(hongta.city, "玉溪市");
        assert_eq!(hongta.province, "云南省");
        assert_eq!(hongta.level, Level::County);
        assert_eq!(r.get("110100").unwrap().name, "北京市");
        assert_eq!(r.cities_of("53").count(), 16);
    }

    #[test]
    fn names_with_and_without_suffix() {
        let r = Regions::embedded();
        assert_eq!(short_name("云南省"), "云南");
        assert_eq!(short_name("广西壮族自治区"), "广西");
        assert_eq!(short_name("深圳市"), "深圳");
        let sz: Vec<&str> = r.find("深圳").iter().map(|x| x.code.as_str()).collect();
        assert_eq!(sz, ["440300"]);
        assert_eq!(r.find("深圳市")[0].code, "440300");
        assert_eq!(r.find("440300")[0].name, "深圳市");
        assert_eq!(r.find("大理")[0].code, "532900");
        assert_eq!(r.find("大理")[1].code, "532901");
        assert_eq!(short_name("西双版纳傣族自治州"), "西双版纳");
        assert_eq!(short_name("德宏傣族景颇族自治州"), "德宏");
        assert!(r.find("不存在的地方").is_empty());
    }

    #[test]
    fn by_names_resolves_duplicates_with_the_city() {
        let r = Regions::embedded();
        assert_eq!(r.by_names("北京市", "", "朝阳区").unwrap().code, "110105");
        assert_eq!(
            r.by_names("吉林", "长春市", "朝阳区").unwrap().code,
            "220104"
        );
        assert_eq!(r.by_names("云南", "玉溪", "").unwrap().code, "530400");
        assert_eq!(r.by_names("云南省", "", "").unwrap().code, "530000");
        assert_eq!(r.by_names("", "", "红塔区").unwrap().code, "530402");
        assert!(r.by_names("", "", "").is_none());
    }

    #[test]
    fn names_in_any_completeness_and_ambiguous_ones() {
        let r = Regions::embedded();
        let code = |s: &str| r.resolve(s).map(|x| x.region.code.clone());
        for s in [
            "红塔区",
            "玉溪市红塔区",
            "云南省玉溪市红塔区",
            "云南玉溪红塔区",
            "玉溪红塔",
            "530402",
            "云南省·玉溪市·红塔区",
            "云南省 玉溪市 红塔区",
        ] {
            assert_eq!(code(s).as_deref(), Ok("530402"), "{s}");
        }
        assert_eq!(code("北京市朝阳区").as_deref(), Ok("110105"));
        assert_eq!(code("北京朝阳区").as_deref(), Ok("110105"));
        assert_eq!(code("朝阳市").as_deref(), Ok("211300"));
        assert_eq!(
            code("北京").as_deref(),
            Ok("110000"),
            "a municipality is one region"
        );
        assert_eq!(code("53").as_deref(), Ok("530000"));
        match r.resolve("朝阳区") {
            Err(ResolveError::Ambiguous { candidates, .. }) => assert_eq!(
                candidates,
                [
                    ("110105".to_string(), "北京市·朝阳区".to_string()),
                    ("220104".to_string(), "吉林省·长春市·朝阳区".to_string())
                ]
            ),
            other => panic!("{other:?}"),
        }
        let e = r.resolve("朝阳").unwrap_err();
        assert!(
            e.message(crate::Lang::Zh).contains("211300 辽宁省·朝阳市"),
            "{e}"
        );
        assert!(matches!(r.resolve("火星"), Err(ResolveError::Unknown(_))));
        assert!(matches!(r.resolve("12345"), Err(ResolveError::Unknown(_))));
        assert!(matches!(r.resolve(""), Err(ResolveError::Unknown(_))));
    }

    #[test]
    fn old_codes_and_names_map_to_their_successors() {
        let r = Regions::embedded();
        let x = r.resolve("530421").unwrap();
        assert_eq!(x.region.code, "530403");
        let c = x.change.unwrap();
        assert_eq!((c.name.as_str(), c.year, c.newer), ("江川县", 2015, false));
        // Through two changes: 玉溪地区江川县 (1981-1997) → 530421 → 530403.
        assert_eq!(r.current_code("532422"), "530403");
        // An old name.
        assert_eq!(r.resolve("江川县").unwrap().region.code, "530403");
        // The table's own codes are never remapped.
        assert_eq!(r.current_code("530402"), "530402");
        assert!(r.change("530402").is_none());
        // A withdrawn prefecture: the city its counties went to (玉溪地区 → 玉溪市).
        assert_eq!(r.resolve("5324").unwrap().region.code, "530400");
        // A code split between districts of one city counts for the city.
        assert_eq!(r.current_code("130103"), "130100");
    }

    #[test]
    fn prefixes_select_a_regions_codes() {
        assert_eq!(selecting_prefix("530000"), "53");
        assert_eq!(selecting_prefix("530400"), "5304");
        assert_eq!(selecting_prefix("530402"), "530402");
        assert_eq!(selecting_prefix("53"), "53");
    }

    #[test]
    fn distances() {
        // Beijing to Shanghai is about 1,070 km.
        let d = distance_km(39.9042, 116.4074, 31.2304, 121.4737);
        assert!((d - 1067.0).abs() < 15.0, "{d}");
        assert_eq!(distance_km(25.0, 102.0, 25.0, 102.0), 0.0);
        assert_eq!(province_code("530402").unwrap(), "530000");
        assert_eq!(city_code("530402").unwrap(), "530400");
    }
}
