//! The scoring profile (评分方案): weights and terms of the lead score, from a TOML file.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The profile shipped in `data/profiles/default.toml`.
pub const DEFAULT: &str = include_str!("../../data/profiles/default.toml");

/// Weights of the four positive factors.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    /// Gap fit.
    pub fit: f64,
    /// Firm quality.
    pub quality: f64,
    /// Expansion signals.
    pub expansion: f64,
    /// Closeness to the home region's firms.
    pub closeness: f64,
}

/// Role factors in the gap fit.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roles {
    /// Makers.
    pub make: f64,
    /// Service firms.
    pub service: f64,
    /// Traders.
    pub trade: f64,
}

/// Expansion terms.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expansion {
    /// A financing round within this many days counts, decaying to nothing.
    pub recent_financing_days: f64,
    /// The date the data describe (YYYY-MM-DD).
    pub data_date: String,
}

/// Closeness terms.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Closeness {
    /// Bonus for the same province.
    pub same_province: f64,
    /// Distance at which the distance term is 0.5.
    pub half_distance_km: f64,
}

/// Risk terms.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// score × (1 − penalty × risk).
    pub penalty: f64,
    /// Leave out companies listed as dishonest (失信被执行人).
    pub exclude_dishonest: bool,
    /// Leave out companies with more abnormal-operation records (经营异常) than this.
    pub exclude_abnormal_over: f64,
}

/// A scoring profile.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Factor weights.
    pub weights: Weights,
    /// Role factors.
    pub roles: Roles,
    /// Tag bonuses.
    pub tags: BTreeMap<String, f64>,
    /// Expansion terms.
    pub expansion: Expansion,
    /// Closeness terms.
    pub closeness: Closeness,
    /// Risk terms.
    pub risk: Risk,
}

impl Profile {
    /// Parses a profile; the error names the problem (and the line, from the TOML parser).
    pub fn parse(text: &str) -> Result<Profile, String> {
        let p: Profile = toml::from_str(text).map_err(|e| e.to_string())?;
        let w = &p.weights;
        if [w.fit, w.quality, w.expansion, w.closeness]
            .iter()
            .any(|x| !x.is_finite() || *x < 0.0)
            || w.fit + w.quality + w.expansion + w.closeness <= 0.0
        {
            return Err("weights must be zero or more, and not all zero".into());
        }
        if crate::company::clean::date(&p.expansion.data_date).is_none() {
            return Err(format!(
                "expansion.data_date `{}` is not a date",
                p.expansion.data_date
            ));
        }
        Ok(p)
    }

    /// The shipped default profile.
    pub fn default_profile() -> Profile {
        Profile::parse(DEFAULT).unwrap_or_else(|e| panic!("the shipped profile is invalid: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_profile_parses() {
        let p = Profile::default_profile();
        assert_eq!(p.weights.fit, 0.40);
        assert_eq!(p.tags["专精特新"], 0.15);
        assert!(p.risk.exclude_dishonest);
    }

    #[test]
    fn bad_profiles_are_refused() {
        assert!(Profile::parse("x = 1").is_err());
        let zero = DEFAULT
            .replace("fit = 0.40", "fit = 0")
            .replace("quality = 0.25", "quality = 0")
            .replace("expansion = 0.15", "expansion = 0")
            .replace("closeness = 0.20", "closeness = 0");
        assert!(Profile::parse(&zero).unwrap_err().contains("weights"));
    }
}
