//! The lead workbook, `leads.xlsx`, one layout wherever it is written (`chainlead leads -o
//! x.xlsx` and the report): a summary sheet (per chain the number of leads, the first lead and the
//! mean score), then one sheet per chain with the lead table.

use std::path::Path;

use crate::base::{write_xlsx_sheets, Data, Table, TableError};
use crate::chain::ChainSet;
use crate::company::{Col, Companies};
use crate::gaps::GapReport;
use crate::lang::Lang;
use crate::leads::{lead_table, Leads, Profile};

/// Writes the lead workbook to `path`.
pub fn write_leads_xlsx(
    path: &Path,
    leads: &Leads,
    set: &ChainSet,
    c: &Companies,
    gaps: &GapReport,
    profile: &Profile,
    lang: Lang,
) -> Result<(), TableError> {
    let summary = summary_sheet(leads, set, c, lang);
    let chains: Vec<(String, Table)> = leads
        .by_chain
        .iter()
        .map(|(ci, list)| {
            let t = lead_table(
                &[(*ci, list.as_slice())],
                false,
                set,
                c,
                gaps,
                profile,
                lang,
                lang == Lang::En,
            );
            (set.chains[*ci].label(lang).to_string(), t)
        })
        .collect();
    let mut sheets: Vec<(&str, &Table)> = vec![(lang.pick("汇总", "summary"), &summary)];
    sheets.extend(chains.iter().map(|(n, t)| (n.as_str(), t)));
    write_xlsx_sheets(path, &sheets)
}

/// One row per chain: its name, how many leads, the first lead and the mean score.
pub fn summary_sheet(leads: &Leads, set: &ChainSet, c: &Companies, lang: Lang) -> Table {
    let chains = &leads.by_chain;
    let mut t = Table::default();
    t.push(
        lang.pick("产业链", "chain"),
        Data::Text(
            chains
                .iter()
                .map(|(ci, _)| set.chains[*ci].label(lang).to_string())
                .collect(),
        ),
    )
    .push(
        lang.pick("线索数", "leads"),
        Data::Int(chains.iter().map(|(_, l)| Some(l.len() as i64)).collect()),
    )
    .push(
        lang.pick("首位企业", "first lead"),
        Data::Text(
            chains
                .iter()
                .map(|(_, l)| {
                    l.first()
                        .map(|x| c.text(Col::Name).get(x.row).to_string())
                        .unwrap_or_default()
                })
                .collect(),
        ),
    )
    .push(
        lang.pick("平均得分", "mean score"),
        Data::Float(
            chains
                .iter()
                .map(|(_, l)| {
                    (!l.is_empty()).then(|| l.iter().map(|x| x.score).sum::<f64>() / l.len() as f64)
                })
                .collect(),
        ),
    );
    t
}
