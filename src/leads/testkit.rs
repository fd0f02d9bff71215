//! A hand-built company table for the unit tests of the leads and what builds on them: each firm
//! with its region, its node and role, and the figures the tests turn on.

use crate::chain::ChainSet;
use crate::classify::{Evidence, Match, Matches, Role};
use crate::company::{uscc, Cell, Col, Companies, Row};
use crate::region::Regions;

/// One firm of a hand-built table.
pub(crate) struct Firm {
    pub name: String,
    pub region: &'static str,
    /// The node id it is matched to (confidence 0.9), and its role there.
    pub node: Option<(&'static str, Role)>,
    pub tags: &'static str,
    pub dishonest: f64,
    pub financed: Option<i32>,
    pub capital: f64,
    pub staff: f64,
    pub phone: &'static str,
}

/// A firm with 50 staff and nothing else known.
pub(crate) fn firm(name: &str, region: &'static str, node: Option<(&'static str, Role)>) -> Firm {
    Firm {
        name: name.to_string(),
        region,
        node,
        tags: "",
        dishonest: 0.0,
        financed: None,
        capital: f64::NAN,
        staff: 50.0,
        phone: "",
    }
}

/// The firms as a company table (province from the region code, a uscc per row) and their matches.
pub(crate) fn table(set: &ChainSet, firms: &[Firm]) -> (Companies, Matches) {
    let mut c = Companies::new(Vec::new(), firms.len());
    let mut list = Vec::new();
    for (i, f) in firms.iter().enumerate() {
        let mut row = Row::empty(0);
        row.set(Col::Name, Cell::Text(f.name.clone()));
        row.set(Col::Uscc, Cell::Text(uscc::generate(f.region, i as u64)));
        row.set(Col::RegionCode, Cell::Text(f.region.into()));
        row.set(
            Col::Province,
            Cell::Text(
                Regions::embedded()
                    .nearest_known(f.region)
                    .map(|r| r.province.clone())
                    .unwrap_or_default(),
            ),
        );
        row.set(Col::Employees, Cell::Number(f.staff));
        row.set(Col::RegisteredCapital, Cell::Number(f.capital));
        row.set(Col::Tags, Cell::Text(f.tags.into()));
        row.set(Col::Dishonest, Cell::Number(f.dishonest));
        row.set(Col::LastFinancing, Cell::Date(f.financed));
        row.set(Col::Phone, Cell::Text(f.phone.into()));
        c.push(&row);
        if let Some((id, role)) = f.node {
            list.push(Match {
                row: i as u32,
                node: set.node_index(id).expect("a node of the set") as u16,
                confidence: 0.9,
                role,
                primary: true,
                status: crate::classify::Status::Confirmed,
                evidence: Evidence::default(),
            });
        }
    }
    (
        c,
        Matches {
            list,
            scanned: firms.len(),
        },
    )
}
