//! What a company table holds: how many companies, how many active, how complete the key columns
//! are, the companies per province and per label. An accumulator: a streaming reader feeds it
//! batch by batch ([`Summary::add`]), parallel workers merge theirs ([`Summary::merge`]), and the
//! memory it keeps grows with the provinces and labels, not with the table.

use std::collections::HashMap;

use super::table::{Col, Companies};

/// The figures of a company table, added up batch by batch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Companies.
    pub companies: usize,
    /// Active companies (在营).
    pub active: usize,
    /// Companies with a valid unified social credit code.
    pub valid_uscc: usize,
    /// Companies with a region code.
    pub with_region: usize,
    /// Companies with a main-products text.
    pub with_products: usize,
    /// Companies with a business scope.
    pub with_scope: usize,
    /// Companies per province ("?" when unknown).
    provinces: HashMap<String, usize>,
    /// Companies per label.
    tags: HashMap<String, usize>,
}

/// The province key of a company without one.
pub const UNKNOWN_PROVINCE: &str = "?";

impl Summary {
    /// An empty summary.
    pub fn new() -> Summary {
        Summary::default()
    }

    /// The summary of one table (one batch).
    pub fn of(batch: &Companies) -> Summary {
        let mut s = Summary::new();
        s.add(batch);
        s
    }

    /// Adds a batch of companies.
    pub fn add(&mut self, batch: &Companies) {
        let n = batch.len();
        let filled = |col: Col| batch.text(col).iter().filter(|s| !s.is_empty()).count();
        self.companies += n;
        self.active += (0..n).filter(|&i| batch.is_active(i)).count();
        self.valid_uscc += batch.flag(Col::UsccValid).iter().filter(|&&v| v).count();
        self.with_region += filled(Col::RegionCode);
        self.with_products += filled(Col::MainProducts);
        self.with_scope += filled(Col::BusinessScope);
        for p in batch.text(Col::Province).iter() {
            let p = if p.is_empty() { UNKNOWN_PROVINCE } else { p };
            count(&mut self.provinces, p, 1);
        }
        for i in 0..n {
            for t in batch.tags(i) {
                count(&mut self.tags, t, 1);
            }
        }
    }

    /// Adds another summary (of other batches) to this one.
    pub fn merge(&mut self, other: &Summary) {
        self.companies += other.companies;
        self.active += other.active;
        self.valid_uscc += other.valid_uscc;
        self.with_region += other.with_region;
        self.with_products += other.with_products;
        self.with_scope += other.with_scope;
        for (p, k) in &other.provinces {
            count(&mut self.provinces, p, *k);
        }
        for (t, k) in &other.tags {
            count(&mut self.tags, t, *k);
        }
    }

    /// `k` as a percentage of the companies (0 for an empty table).
    pub fn percent(&self, k: usize) -> f64 {
        100.0 * k as f64 / self.companies.max(1) as f64
    }

    /// Provinces by companies, most first (ties by name).
    pub fn provinces(&self) -> Vec<(&str, usize)> {
        ranked(&self.provinces)
    }

    /// Labels by companies, most first (ties by name).
    pub fn tags(&self) -> Vec<(&str, usize)> {
        ranked(&self.tags)
    }
}

fn count(map: &mut HashMap<String, usize>, key: &str, k: usize) {
    match map.get_mut(key) {
        Some(v) => *v += k,
        None => {
            map.insert(key.to_string(), k);
        }
    }
}

fn ranked(map: &HashMap<String, usize>) -> Vec<(&str, usize)> {
    let mut v: Vec<(&str, usize)> = map.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::company::Row;
    use crate::company::{Cell, Companies};

    fn table(rows: &[(&str, &str, bool)]) -> Companies {
        let mut c = Companies::new(Vec::new(), rows.len());
        for (name, province, tagged) in rows {
            let mut r = Row::empty(0);
            r.set(Col::Name, Cell::Text(name.to_string()));
            r.set(Col::Province, Cell::Text(province.to_string()));
            if *tagged {
                r.set(Col::Tags, Cell::Text("高新技术企业".into()));
            }
            c.push(&r);
        }
        c
    }

    #[test]
    fn batches_add_up_to_the_whole() {
        let rows = [
            ("甲", "云南省", true),
            ("乙", "", false),
            ("丙", "云南省", false),
            ("丁", "广东省", true),
            ("戊", "广东省", false),
        ];
        let whole = Summary::of(&table(&rows));
        for size in [1, 2, 3] {
            let mut s = Summary::new();
            for chunk in rows.chunks(size) {
                s.add(&table(chunk));
            }
            assert_eq!(s, whole, "batches of {size}");
            let mut merged = Summary::new();
            for chunk in rows.chunks(size) {
                merged.merge(&Summary::of(&table(chunk)));
            }
            assert_eq!(merged, whole, "merged batches of {size}");
        }
        assert_eq!(whole.companies, 5);
        assert_eq!(
            whole.provinces(),
            [("云南省", 2), ("广东省", 2), (UNKNOWN_PROVINCE, 1)]
        );
        assert_eq!(whole.tags(), [("高新技术企业", 2)]);
        assert_eq!(Summary::new().percent(0), 0.0);
    }
}
