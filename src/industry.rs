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
}
