//! Where a lead lies, seen from the home region, as the bureau is measured: projects from outside
//! the city (市域外) and funds from outside the province (省外到位资金).

use crate::region::{self, Regions};
use crate::Lang;

/// Where a company lies relative to the home region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// In another province (省外).
    OutsideProvince,
    /// In the home province, another city (省内市外).
    OutsideCity,
    /// In the home city, another county (市内).
    SameCity,
    /// Neither its code nor its province and city names say where it lies (不详).
    Unknown,
}

impl Place {
    /// The tag shown with a lead.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Place::OutsideProvince => lang.pick("省外", "outside province"),
            Place::OutsideCity => lang.pick("省内市外", "in province, outside city"),
            Place::SameCity => lang.pick("市内", "same city"),
            Place::Unknown => lang.pick("不详", "unknown"),
        }
    }
}

/// Which leads to list (`--scope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// Companies outside the home city (市域外), the default.
    #[default]
    OutsideCity,
    /// Companies outside the home province (省外).
    OutsideProvince,
    /// Every company outside the home region itself, including the home city's and those whose
    /// place is unknown.
    All,
}

impl Scope {
    /// Parses `outside-city`, `outside-province`, `all` (or the Chinese 市外, 省外, 全部).
    pub fn parse(s: &str) -> Option<Scope> {
        match s.trim() {
            "outside-city" | "市外" | "市域外" => Some(Scope::OutsideCity),
            "outside-province" | "省外" => Some(Scope::OutsideProvince),
            "all" | "全部" => Some(Scope::All),
            _ => None,
        }
    }

    /// The flag value.
    pub fn id(self) -> &'static str {
        match self {
            Scope::OutsideCity => "outside-city",
            Scope::OutsideProvince => "outside-province",
            Scope::All => "all",
        }
    }

    /// What the scope lists, for a header line.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Scope::OutsideCity => lang.pick(
                "市域外企业（省外及省内市外）",
                "companies outside the home city",
            ),
            Scope::OutsideProvince => lang.pick("省外企业", "companies outside the home province"),
            Scope::All => lang.pick(
                "全部（含市内及地点不详的企业）",
                "all (including the home city's and unplaced companies)",
            ),
        }
    }

    /// Whether a company in `place` is listed.
    pub fn admits(self, place: Place) -> bool {
        match self {
            Scope::OutsideCity => matches!(place, Place::OutsideProvince | Place::OutsideCity),
            Scope::OutsideProvince => place == Place::OutsideProvince,
            Scope::All => true,
        }
    }
}

/// The prefix of codes in the same city as `code`: two digits in a municipality (北京, 天津, 上海,
/// 重庆), all six for a county under the province directly (省直辖县级, …90…), else four.
fn city_prefix(code: &str) -> &str {
    if !code.is_char_boundary(4.min(code.len())) || code.len() < 4 {
        return code;
    }
    match &code[..2] {
        "11" | "12" | "31" | "50" => &code[..2],
        _ if &code[2..4] == "90" => code,
        _ => &code[..4],
    }
}

fn is_code(s: &str) -> bool {
    s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Where companies lie relative to one home region: what [`place_of`] needs of the home, looked up
/// once for a whole ranking rather than per company.
#[derive(Debug, Clone)]
pub struct Locator {
    /// The home's six-digit code (withdrawn codes read as their successors), when it is one.
    home: Option<String>,
    /// The prefix of the codes in the home city.
    city_prefix: String,
    /// The home's province and city names, short (云南, 玉溪); no city for a municipality or a
    /// province; None when the home is not in the region table.
    names: Option<(String, Option<String>)>,
}

impl Locator {
    /// The locator of the home region `home` (a six-digit code).
    pub fn new(home: &str) -> Locator {
        let regions = Regions::embedded();
        let home = regions.current_code(home);
        let names = regions.get(home).map(|h| {
            let city = (!h.city.is_empty() && city_prefix(home).len() != 2)
                .then(|| region::short_name(&h.city).to_string());
            (region::short_name(&h.province).to_string(), city)
        });
        Locator {
            home: is_code(home).then(|| home.to_string()),
            city_prefix: city_prefix(home).to_string(),
            names,
        }
    }

    /// Where a company with region code `code` (or, without one, the given province and city
    /// names) lies. Withdrawn codes are read as their successors (530421 江川县 → 530403 江川区).
    pub fn place(&self, code: &str, province: &str, city: &str) -> Place {
        let code = code.trim();
        if let (Some(home), true) = (&self.home, is_code(code)) {
            let code = Regions::embedded().current_code(code);
            return if home[..2] != code[..2] {
                Place::OutsideProvince
            } else if code.starts_with(&self.city_prefix) {
                Place::SameCity
            } else {
                Place::OutsideCity
            };
        }
        let Some((home_province, home_city)) = &self.names else {
            return Place::Unknown;
        };
        let province = province.trim();
        if province.is_empty() {
            return Place::Unknown;
        }
        if region::short_name(province) != home_province {
            return Place::OutsideProvince;
        }
        let Some(home_city) = home_city else {
            // A municipality is one city.
            return Place::SameCity;
        };
        match city.trim() {
            "" => Place::Unknown,
            c if region::short_name(c) == home_city => Place::SameCity,
            _ => Place::OutsideCity,
        }
    }
}

/// Where a company with region code `code` (or, without one, the given province and city names)
/// lies relative to the home region `home` (a six-digit code). Withdrawn codes are read as their
/// successors (530421 江川县 → 530403 江川区).
pub fn place_of(home: &str, code: &str, province: &str, city: &str) -> Place {
    Locator::new(home).place(code, province, city)
}
