//! The scoring profile (评分方案): weights and terms of the lead score, from a TOML file.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::Lang;

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

/// Quality terms (absent in older profiles: the defaults).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quality {
    /// Weight of the mean size percentile (registered capital, employees, revenue among the node's
    /// companies); the tag bonuses are added to it, at most 1 in all.
    #[serde(default = "defaults::size_weight")]
    pub size_weight: f64,
}

impl Default for Quality {
    fn default() -> Self {
        Quality {
            size_weight: defaults::size_weight(),
        }
    }
}

/// Expansion terms: a weighted sum of financing recency and four counts on log scales, each term
/// full (1) at its `*_full` count.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expansion {
    /// A financing round within this many days counts, decaying to nothing.
    pub recent_financing_days: f64,
    /// The date the data describe (YYYY-MM-DD); the demo data's date ([`default_data_date`]) when
    /// absent.
    #[serde(default = "defaults::data_date")]
    pub data_date: String,
    /// Weight of financing recency (1 on the data date, 0 after `recent_financing_days`).
    #[serde(default = "defaults::financing_weight")]
    pub financing_weight: f64,
    /// Weight of the number of financing rounds.
    #[serde(default = "defaults::count_weight")]
    pub rounds_weight: f64,
    /// Rounds that score full.
    #[serde(default = "defaults::rounds_full")]
    pub rounds_full: f64,
    /// Weight of the number of branches.
    #[serde(default = "defaults::count_weight")]
    pub branches_weight: f64,
    /// Branches that score full.
    #[serde(default = "defaults::branches_full")]
    pub branches_full: f64,
    /// Weight of the hires of the last three months.
    #[serde(default = "defaults::count_weight")]
    pub hiring_weight: f64,
    /// Hires that score full.
    #[serde(default = "defaults::hiring_full")]
    pub hiring_full: f64,
    /// Weight of the number of outbound investments.
    #[serde(default = "defaults::count_weight")]
    pub investments_weight: f64,
    /// Outbound investments that score full.
    #[serde(default = "defaults::investments_full")]
    pub investments_full: f64,
    /// A lead's reason mentions its hiring from this many hires in three months.
    #[serde(default = "defaults::hiring_noted")]
    pub hiring_noted: f64,
}

impl Expansion {
    /// The sum of the term weights: the most the expansion factor can be.
    pub fn weight_sum(&self) -> f64 {
        self.financing_weight
            + self.rounds_weight
            + self.branches_weight
            + self.hiring_weight
            + self.investments_weight
    }
}

/// Closeness terms.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Closeness {
    /// Bonus for the same province.
    pub same_province: f64,
    /// Distance at which the distance term is 0.5.
    pub half_distance_km: f64,
    /// Weight of the links term 1 − e^(−k / links_scale), for the k firms here on the nodes a
    /// company supplies or buys from (以商招商).
    #[serde(default = "defaults::links_weight")]
    pub links_weight: f64,
    /// The k of the links term at which it reaches 1 − 1/e.
    #[serde(default = "defaults::links_scale")]
    pub links_scale: f64,
    /// Weight of the distance term half/(half + distance).
    #[serde(default = "defaults::distance_weight")]
    pub distance_weight: f64,
}

/// Risk terms: each record kind gives a risk r in 0..1, combined as 1 − Π(1 − r).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// score × (1 − penalty × risk).
    pub penalty: f64,
    /// Leave out companies listed as dishonest (失信被执行人).
    pub exclude_dishonest: bool,
    /// Leave out companies with more abnormal-operation records (经营异常) than this.
    pub exclude_abnormal_over: f64,
    /// Risk per abnormal-operation record (经营异常).
    #[serde(default = "defaults::abnormal_each")]
    pub abnormal_each: f64,
    /// The most abnormal-operation records add up to.
    #[serde(default = "defaults::abnormal_max")]
    pub abnormal_max: f64,
    /// Risk of a dishonesty listing (失信).
    #[serde(default = "defaults::dishonest")]
    pub dishonest: f64,
    /// Risk per enforcement record (被执行).
    #[serde(default = "defaults::enforced_each")]
    pub enforced_each: f64,
    /// The most enforcement records add up to.
    #[serde(default = "defaults::enforced_max")]
    pub enforced_max: f64,
}

/// The date the demo data describe, and the profile's data date when it names none: the synthetic
/// table's date ([`crate::synth::DATA_DATE`]), so the two cannot drift apart.
pub fn default_data_date() -> String {
    let (y, m, d) = crate::synth::DATA_DATE;
    format!("{y:04}-{m:02}-{d:02}")
}

/// The values of keys that older profiles lack (the shipped profile writes them all out, with the
/// same values: a test checks that).
mod defaults {
    pub fn size_weight() -> f64 {
        0.75
    }
    pub fn data_date() -> String {
        super::default_data_date()
    }
    pub fn financing_weight() -> f64 {
        0.4
    }
    pub fn count_weight() -> f64 {
        0.15
    }
    pub fn rounds_full() -> f64 {
        5.0
    }
    pub fn branches_full() -> f64 {
        20.0
    }
    pub fn hiring_full() -> f64 {
        100.0
    }
    pub fn investments_full() -> f64 {
        10.0
    }
    pub fn hiring_noted() -> f64 {
        20.0
    }
    pub fn links_weight() -> f64 {
        0.6
    }
    pub fn links_scale() -> f64 {
        5.0
    }
    pub fn distance_weight() -> f64 {
        0.4
    }
    pub fn abnormal_each() -> f64 {
        0.3
    }
    pub fn abnormal_max() -> f64 {
        0.6
    }
    pub fn dishonest() -> f64 {
        0.8
    }
    pub fn enforced_each() -> f64 {
        0.15
    }
    pub fn enforced_max() -> f64 {
        0.5
    }
    pub fn restricted() -> f64 {
        0.5
    }
}

/// How a node's policy note (产业政策) weighs on its leads.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyWeights {
    /// A lead on a restricted node (限制类) scores this times what it would otherwise (0..1); an
    /// eliminated node (淘汰类) is never a gap, so it has no leads.
    #[serde(default = "defaults::restricted")]
    pub restricted: f64,
}

impl Default for PolicyWeights {
    fn default() -> Self {
        PolicyWeights {
            restricted: defaults::restricted(),
        }
    }
}

/// Variety of a top list.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variety {
    /// At most this share of a chain's top N leads on one node (0 < x ≤ 1); raised only as far as
    /// needed when the other nodes have too few leads to fill the list.
    pub max_node_share: f64,
}

impl Default for Variety {
    fn default() -> Self {
        Variety {
            max_node_share: 0.25,
        }
    }
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
    /// Quality terms (absent in older profiles: the defaults).
    #[serde(default)]
    pub quality: Quality,
    /// Expansion terms.
    pub expansion: Expansion,
    /// Closeness terms.
    pub closeness: Closeness,
    /// Risk terms.
    pub risk: Risk,
    /// Variety of the top list (absent in older profiles: the default cap).
    #[serde(default)]
    pub variety: Variety,
    /// Policy weights (absent in older profiles: the defaults).
    #[serde(default)]
    pub policy: PolicyWeights,
}

impl Profile {
    /// The factor a node's policy note puts on its leads' scores and its cards' order: the
    /// profile's `policy.restricted` on a restricted node, 0 on an eliminated one (never a gap),
    /// else 1.
    pub fn policy_factor(&self, policy: Option<&crate::chain::Policy>) -> f64 {
        use crate::chain::PolicyStatus;
        match policy.map(|p| p.status) {
            Some(PolicyStatus::Restricted) => self.policy.restricted,
            Some(PolicyStatus::Eliminated) => 0.0,
            _ => 1.0,
        }
    }
}

/// One number of a profile outside what it may be.
#[derive(Debug, Clone, PartialEq)]
pub struct BadNumber {
    /// Its key, as written in the file (`weights.fit`, `tags.专精特新`).
    pub key: String,
    /// The value found.
    pub value: f64,
    /// The least value allowed, and whether it is allowed itself.
    pub min: (f64, bool),
    /// The greatest value allowed (infinite when there is none).
    pub max: f64,
}

impl BadNumber {
    /// What is wrong, in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        let (min, inclusive) = self.min;
        let range = match (self.max.is_finite(), inclusive, lang) {
            (true, _, Lang::Zh) => format!("应在 {min} 到 {} 之间", self.max),
            (true, _, Lang::En) => format!("must be from {min} to {}", self.max),
            (false, true, Lang::Zh) => format!("应不小于 {min}"),
            (false, true, Lang::En) => format!("must be {min} or more"),
            (false, false, Lang::Zh) => format!("应大于 {min}"),
            (false, false, Lang::En) => format!("must be more than {min}"),
        };
        let value = if self.value.is_nan() {
            "nan".to_string()
        } else {
            self.value.to_string()
        };
        match lang {
            Lang::Zh => format!("{} = {value}：{range}", self.key),
            Lang::En => format!("{} = {value}: {range}", self.key),
        }
    }
}

impl Profile {
    /// Parses a profile; the error names the problem (and the line, from the TOML parser), in
    /// English.
    pub fn parse(text: &str) -> Result<Profile, String> {
        Profile::parse_in(text, Lang::En)
    }

    /// Parses a profile and checks every number; the error names each key that is wrong, in the
    /// user's language.
    pub fn parse_in(text: &str, lang: Lang) -> Result<Profile, String> {
        let p: Profile = toml::from_str(text).map_err(|e| {
            let e = e.to_string();
            match lang {
                Lang::Zh => format!("TOML 格式错误：{}", e.trim_end()),
                Lang::En => format!("TOML syntax error: {}", e.trim_end()),
            }
        })?;
        let bad = p.bad_numbers();
        if !bad.is_empty() {
            let lines: Vec<String> = bad
                .iter()
                .map(|b| format!("  {}", b.message(lang)))
                .collect();
            return Err(format!(
                "{}\n{}",
                lang.pick("以下数值不合法：", "numbers out of range:"),
                lines.join("\n")
            ));
        }
        let w = &p.weights;
        if w.fit + w.quality + w.expansion + w.closeness <= 0.0 {
            return Err(lang
                .pick(
                    "weights 各项权重不能全为 0",
                    "weights must be zero or more, and not all zero",
                )
                .into());
        }
        let most = p.expansion.weight_sum();
        if most > 1.0 + 1e-9 {
            return Err(match lang {
                Lang::Zh => format!(
                    "expansion 各项权重（financing_weight、rounds_weight、branches_weight、hiring_weight、investments_weight）之和为 {most}，不能超过 1"
                ),
                Lang::En => format!(
                    "the expansion weights (financing_weight, rounds_weight, branches_weight, hiring_weight, investments_weight) add up to {most}: at most 1"
                ),
            });
        }
        if crate::company::clean::date(&p.expansion.data_date).is_none() {
            return Err(match lang {
                Lang::Zh => format!(
                    "expansion.data_date = \"{}\"：不是日期，应写成 YYYY-MM-DD",
                    p.expansion.data_date
                ),
                Lang::En => format!(
                    "expansion.data_date `{}` is not a date (YYYY-MM-DD)",
                    p.expansion.data_date
                ),
            });
        }
        Ok(p)
    }

    /// Every number that is not finite or lies outside its range, in file order.
    pub fn bad_numbers(&self) -> Vec<BadNumber> {
        /// The least value (and whether it is allowed) and the greatest.
        type Range = ((f64, bool), f64);
        const UNIT: Range = ((0.0, true), 1.0);
        const NON_NEGATIVE: Range = ((0.0, true), f64::INFINITY);
        let w = &self.weights;
        let mut checks: Vec<(String, f64, Range)> = vec![
            ("weights.fit".into(), w.fit, NON_NEGATIVE),
            ("weights.quality".into(), w.quality, NON_NEGATIVE),
            ("weights.expansion".into(), w.expansion, NON_NEGATIVE),
            ("weights.closeness".into(), w.closeness, NON_NEGATIVE),
            ("roles.make".into(), self.roles.make, UNIT),
            ("roles.service".into(), self.roles.service, UNIT),
            ("roles.trade".into(), self.roles.trade, UNIT),
        ];
        for (tag, v) in &self.tags {
            checks.push((format!("tags.{tag}"), *v, UNIT));
        }
        const POSITIVE: Range = ((0.0, false), f64::INFINITY);
        let (q, e, c, r) = (&self.quality, &self.expansion, &self.closeness, &self.risk);
        checks.extend([
            ("quality.size_weight".into(), q.size_weight, UNIT),
            (
                "expansion.recent_financing_days".into(),
                e.recent_financing_days,
                ((0.0, false), 36_500.0),
            ),
            (
                "expansion.financing_weight".into(),
                e.financing_weight,
                UNIT,
            ),
            ("expansion.rounds_weight".into(), e.rounds_weight, UNIT),
            ("expansion.rounds_full".into(), e.rounds_full, POSITIVE),
            ("expansion.branches_weight".into(), e.branches_weight, UNIT),
            ("expansion.branches_full".into(), e.branches_full, POSITIVE),
            ("expansion.hiring_weight".into(), e.hiring_weight, UNIT),
            ("expansion.hiring_full".into(), e.hiring_full, POSITIVE),
            (
                "expansion.investments_weight".into(),
                e.investments_weight,
                UNIT,
            ),
            (
                "expansion.investments_full".into(),
                e.investments_full,
                POSITIVE,
            ),
            (
                "expansion.hiring_noted".into(),
                e.hiring_noted,
                NON_NEGATIVE,
            ),
            ("closeness.same_province".into(), c.same_province, UNIT),
            (
                "closeness.half_distance_km".into(),
                c.half_distance_km,
                ((0.0, false), 20_000.0),
            ),
            ("closeness.links_weight".into(), c.links_weight, UNIT),
            ("closeness.links_scale".into(), c.links_scale, POSITIVE),
            ("closeness.distance_weight".into(), c.distance_weight, UNIT),
            ("risk.penalty".into(), r.penalty, UNIT),
            (
                "risk.exclude_abnormal_over".into(),
                r.exclude_abnormal_over,
                NON_NEGATIVE,
            ),
            ("risk.abnormal_each".into(), r.abnormal_each, UNIT),
            ("risk.abnormal_max".into(), r.abnormal_max, UNIT),
            ("risk.dishonest".into(), r.dishonest, UNIT),
            ("risk.enforced_each".into(), r.enforced_each, UNIT),
            ("risk.enforced_max".into(), r.enforced_max, UNIT),
            ("policy.restricted".into(), self.policy.restricted, UNIT),
            (
                "variety.max_node_share".into(),
                self.variety.max_node_share,
                ((0.0, false), 1.0),
            ),
        ]);
        checks
            .into_iter()
            .filter(|(_, v, ((min, inclusive), max))| {
                !v.is_finite()
                    || *v < *min
                    || (!inclusive && *v == *min)
                    || (max.is_finite() && *v > *max)
            })
            .map(|(key, value, (min, max))| BadNumber {
                key,
                value,
                min,
                max,
            })
            .collect()
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
        assert_eq!(p.variety.max_node_share, 0.25);
        // A profile written before the key existed still parses, with the same cap.
        let start = DEFAULT.find("[variety]").unwrap();
        let old = &DEFAULT[..start];
        assert_eq!(Profile::parse(old).unwrap().variety.max_node_share, 0.25);
        // And with the shipped policy weight, which comes after it.
        assert_eq!(Profile::parse(old).unwrap().policy.restricted, 0.5);
        assert_eq!(p.policy.restricted, 0.5);
    }

    /// The shipped profile without the keys added when the score's constants moved into it, as
    /// older profiles are written.
    fn without_new_keys() -> String {
        const NEW: [&str; 18] = [
            "size_weight",
            "financing_weight",
            "rounds_weight",
            "rounds_full",
            "branches_weight",
            "branches_full",
            "hiring_weight",
            "hiring_full",
            "investments_weight",
            "investments_full",
            "hiring_noted",
            "links_weight",
            "links_scale",
            "distance_weight",
            "abnormal_each",
            "abnormal_max",
            "enforced_each",
            "enforced_max",
        ];
        DEFAULT
            .lines()
            .filter(|l| {
                let key = l.split('=').next().unwrap_or("").trim();
                !NEW.contains(&key) && key != "dishonest" && !l.starts_with("[quality]")
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn an_older_profile_gets_the_shipped_values() {
        let old = without_new_keys();
        assert!(!old.contains("[quality]") && !old.contains("links_scale"));
        assert!(old.contains("exclude_dishonest") && old.contains("penalty"));
        let (old, new) = (Profile::parse(&old).unwrap(), Profile::default_profile());
        assert_eq!(format!("{old:?}"), format!("{new:?}"));
        assert_eq!(new.quality.size_weight, 0.75);
        assert_eq!(new.expansion.weight_sum(), 0.4 + 0.15 + 0.15 + 0.15 + 0.15);
        assert_eq!(
            (
                new.risk.abnormal_each,
                new.risk.dishonest,
                new.closeness.links_scale
            ),
            (0.3, 0.8, 5.0)
        );
    }

    #[test]
    fn the_data_date_is_the_demo_data_s_unless_given() {
        let p = Profile::default_profile();
        let (y, m, d) = crate::synth::DATA_DATE;
        assert_eq!(
            crate::company::clean::date(&p.expansion.data_date),
            Some(crate::company::clean::days_from_civil(y, m, d))
        );
        let text = DEFAULT.replace(
            "recent_financing_days = 730",
            "recent_financing_days = 730\ndata_date = \"2025-06-30\"",
        );
        assert_eq!(
            Profile::parse(&text).unwrap().expansion.data_date,
            "2025-06-30"
        );
        let bad = DEFAULT.replace(
            "recent_financing_days = 730",
            "recent_financing_days = 730\ndata_date = \"2025-13-01\"",
        );
        assert!(Profile::parse_in(&bad, Lang::Zh)
            .unwrap_err()
            .contains("expansion.data_date"));
    }

    #[test]
    fn the_expansion_weights_add_up_to_one_at_most() {
        let text = DEFAULT.replace("financing_weight = 0.4", "financing_weight = 0.5");
        let e = Profile::parse_in(&text, Lang::Zh).unwrap_err();
        assert!(e.contains("expansion") && e.contains("不能超过 1"), "{e}");
        let e = Profile::parse_in(&text, Lang::En).unwrap_err();
        assert!(e.contains("at most 1"), "{e}");
        let text = DEFAULT.replace("financing_weight = 0.4", "financing_weight = 0.3");
        assert!(Profile::parse(&text).is_ok());
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

    #[test]
    fn every_number_is_checked_and_named() {
        let cases = [
            ("fit = 0.40", "fit = nan", "weights.fit = nan"),
            (
                "quality = 0.25",
                "quality = -0.25",
                "weights.quality = -0.25",
            ),
            (
                "closeness = 0.20",
                "closeness = inf",
                "weights.closeness = inf",
            ),
            ("make = 1.0", "make = 1.5", "roles.make = 1.5"),
            ("trade = 0.5", "trade = -1", "roles.trade = -1"),
            ("\"小巨人\" = 0.25", "\"小巨人\" = 25", "tags.小巨人 = 25"),
            (
                "recent_financing_days = 730",
                "recent_financing_days = 0",
                "expansion.recent_financing_days = 0",
            ),
            (
                "same_province = 0.15",
                "same_province = nan",
                "closeness.same_province = nan",
            ),
            (
                "half_distance_km = 800",
                "half_distance_km = -800",
                "closeness.half_distance_km = -800",
            ),
            ("penalty = 0.5", "penalty = 2", "risk.penalty = 2"),
            (
                "exclude_abnormal_over = 2",
                "exclude_abnormal_over = -1",
                "risk.exclude_abnormal_over = -1",
            ),
            (
                "max_node_share = 0.25",
                "max_node_share = 0",
                "variety.max_node_share = 0",
            ),
            (
                "size_weight = 0.75",
                "size_weight = 1.5",
                "quality.size_weight = 1.5",
            ),
            (
                "rounds_weight = 0.15",
                "rounds_weight = -0.15",
                "expansion.rounds_weight = -0.15",
            ),
            (
                "rounds_full = 5",
                "rounds_full = 0",
                "expansion.rounds_full = 0",
            ),
            (
                "branches_full = 20",
                "branches_full = nan",
                "expansion.branches_full = nan",
            ),
            (
                "hiring_full = 100",
                "hiring_full = -1",
                "expansion.hiring_full = -1",
            ),
            (
                "investments_weight = 0.15",
                "investments_weight = 2",
                "expansion.investments_weight = 2",
            ),
            (
                "investments_full = 10",
                "investments_full = inf",
                "expansion.investments_full = inf",
            ),
            (
                "hiring_noted = 20",
                "hiring_noted = -20",
                "expansion.hiring_noted = -20",
            ),
            (
                "links_weight = 0.6",
                "links_weight = 1.6",
                "closeness.links_weight = 1.6",
            ),
            (
                "links_scale = 5",
                "links_scale = 0",
                "closeness.links_scale = 0",
            ),
            (
                "distance_weight = 0.4",
                "distance_weight = -0.4",
                "closeness.distance_weight = -0.4",
            ),
            (
                "abnormal_each = 0.3",
                "abnormal_each = 3",
                "risk.abnormal_each = 3",
            ),
            (
                "abnormal_max = 0.6",
                "abnormal_max = nan",
                "risk.abnormal_max = nan",
            ),
            ("dishonest = 0.8", "dishonest = 8", "risk.dishonest = 8"),
            (
                "enforced_each = 0.15",
                "enforced_each = -1",
                "risk.enforced_each = -1",
            ),
            (
                "enforced_max = 0.5",
                "enforced_max = 5",
                "risk.enforced_max = 5",
            ),
            (
                "max_node_share = 0.25",
                "max_node_share = 1.5",
                "variety.max_node_share = 1.5",
            ),
        ];
        for (from, to, named) in cases {
            assert!(DEFAULT.contains(from), "{from}");
            let text = DEFAULT.replace(from, to);
            let zh = Profile::parse_in(&text, Lang::Zh).unwrap_err();
            assert!(
                zh.contains(named) && zh.contains("以下数值不合法"),
                "{to}: {zh}"
            );
            let en = Profile::parse_in(&text, Lang::En).unwrap_err();
            assert!(
                en.contains(named) && en.contains("out of range"),
                "{to}: {en}"
            );
        }
        // Several at once are all named.
        let text = DEFAULT
            .replace("fit = 0.40", "fit = -1")
            .replace("penalty = 0.5", "penalty = nan");
        let e = Profile::parse_in(&text, Lang::Zh).unwrap_err();
        assert!(
            e.contains("weights.fit = -1") && e.contains("risk.penalty = nan"),
            "{e}"
        );
        // Edges are allowed.
        let text = DEFAULT
            .replace("penalty = 0.5", "penalty = 1")
            .replace("trade = 0.5", "trade = 0");
        assert!(Profile::parse_in(&text, Lang::Zh).is_ok());
        assert!(Profile::default_profile().bad_numbers().is_empty());
        let e = Profile::parse_in("[weights\n", Lang::Zh).unwrap_err();
        assert!(e.starts_with("TOML 格式错误"), "{e}");
    }
}
