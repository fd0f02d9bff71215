//! GB/T 4754-2017 national industry classification (国民经济行业分类): codes and names.

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../data/industry_codes.csv");

/// The level of a GB/T 4754-2017 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// 门类 (a letter).
    Section,
    /// 大类 (2 digits).
    Division,
    /// 中类 (3 digits).
    Group,
    /// 小类 (4 digits), the level chain nodes and companies use.
    Class,
}

/// One entry of the classification.
#[derive(Debug, Clone)]
pub struct IndustryCode {
    /// The code (A, 33, 338, 3381).
    pub code: String,
    /// Its level.
    pub level: Level,
    /// Its Chinese name.
    pub name: String,
}

/// The GB/T 4754-2017 table shipped in `data/industry_codes.csv`.
#[derive(Debug)]
pub struct IndustryCodes {
    by_code: HashMap<String, IndustryCode>,
}

impl IndustryCodes {
    /// The embedded table, parsed once.
    pub fn embedded() -> &'static IndustryCodes {
        static CODES: OnceLock<IndustryCodes> = OnceLock::new();
        CODES.get_or_init(|| IndustryCodes::parse(TABLE))
    }

    fn parse(text: &str) -> IndustryCodes {
        let mut by_code = HashMap::new();
        for line in text.lines().skip(1) {
            let mut parts = line.splitn(3, ',');
            let (Some(code), Some(level), Some(name)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let level = match level {
                "section" => Level::Section,
                "division" => Level::Division,
                "group" => Level::Group,
                _ => Level::Class,
            };
            by_code.insert(
                code.to_string(),
                IndustryCode {
                    code: code.to_string(),
                    level,
                    name: name.trim_matches('"').to_string(),
                },
            );
        }
        IndustryCodes { by_code }
    }

    /// Looks a code up.
    pub fn get(&self, code: &str) -> Option<&IndustryCode> {
        self.by_code.get(code)
    }

    /// True when `code` is a 4-digit class (小类) of the standard.
    pub fn is_class(&self, code: &str) -> bool {
        self.get(code).is_some_and(|c| c.level == Level::Class)
    }

    /// The name of a code, if known.
    pub fn name(&self, code: &str) -> Option<&str> {
        self.get(code).map(|c| c.name.as_str())
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.by_code.len()
    }

    /// True when the table is empty.
    pub fn is_empty(&self) -> bool {
        self.by_code.is_empty()
    }
}

/// The GB/T 4754-2017 division (大类) of a code: its first two digits, when they are digits.
fn division(code: &str) -> Option<u32> {
    code.get(..2)
        .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|d| d.parse().ok())
}

/// Whether an industry code is a mining or manufacturing class: GB/T 4754-2017 sections B 采矿业
/// (divisions 06–12) and C 制造业 (divisions 13–43). Agriculture and its services (section A,
/// 01–05), power, heat, gas and water (D, 44–46), construction (E, 47–50) and the services after
/// them are not. Any code of the division counts (4-digit class, 3-digit group or the division).
pub fn is_made(code: &str) -> bool {
    division(code).is_some_and(|d| (6..=43).contains(&d))
}

/// Whether an industry code is in division 43 金属制品、机械和设备修理业: manufacturing by the
/// standard (section C), but its firms repair and maintain equipment rather than make goods.
pub fn is_repair(code: &str) -> bool {
    division(code) == Some(43)
}

/// Whether the firms of an industry class make goods: mining and manufacturing ([`is_made`])
/// except repair ([`is_repair`]). A chain node of such a class is a product (its makers count,
/// not those who install or repair it); synthetic firms on it make, trade or serve its product.
pub fn makes_goods(code: &str) -> bool {
    is_made(code) && !is_repair(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_classes() {
        let codes = IndustryCodes::embedded();
        assert!(codes.len() > 1700);
        assert!(codes.is_class("3825"));
        assert!(codes.is_class("3120"));
        assert_eq!(codes.name("3120"), Some("炼钢"));
        assert!(!codes.is_class("31"), "a division is not a class");
        assert!(!codes.is_class("9999"));
        assert_eq!(codes.get("C").map(|c| c.level), Some(Level::Section));
    }

    #[test]
    fn mining_and_manufacturing_run_from_division_06_to_43() {
        for made in ["0610", "0810", "1311", "3120", "4013", "4210", "4320", "43"] {
            assert!(is_made(made), "{made}");
        }
        for not in [
            "0510", "0190", "4411", "4416", "4710", "5171", "7452", "", "4", "C", "x3",
        ] {
            assert!(!is_made(not), "{not}");
        }
        assert!(is_repair("4320") && is_repair("4350") && !is_repair("4220"));
        assert!(makes_goods("4013") && makes_goods("4220") && makes_goods("0810"));
        assert!(!makes_goods("4320") && !makes_goods("4350") && !makes_goods("0510"));
        // The standard's own sections agree: B begins at 06, C ends at 43, D begins at 44.
        let codes = IndustryCodes::embedded();
        for (d, section) in [("05", false), ("06", true), ("43", true), ("44", false)] {
            assert_eq!(codes.get(d).map(|c| c.level), Some(Level::Division));
            assert_eq!(is_made(d), section, "{d}");
        }
    }
}
