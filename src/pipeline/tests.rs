//! The pipeline gives what the whole-table path gives, for any batch size, from memory or a file.

use super::*;
use crate::chain::ChainSet;
use crate::classify::DEFAULT_MIN_CONFIDENCE;
use crate::gaps::{self, GapConfig, GapError};
use crate::synth::{self, SynthOptions};

fn small() -> (ChainSet, Companies) {
    let set = ChainSet::embedded().unwrap();
    let c = synth::generate(
        &set,
        &SynthOptions {
            n: 3_000,
            ..SynthOptions::default()
        },
    );
    (set, c)
}

/// Every batch and its matches gathered back into one table with global match rows.
#[derive(Default)]
struct Gather {
    companies: Companies,
    matches: Vec<Match>,
}

impl Sink for Gather {
    fn add(&mut self, batch: &Companies, matches: &[Match], first_row: usize) {
        if self.companies.is_empty() {
            self.companies = Companies::new(batch.extra_names().to_vec(), 0);
        }
        self.companies.append(batch);
        self.matches.extend(matches.iter().map(|m| Match {
            row: m.row + first_row as u32,
            ..*m
        }));
    }
}

fn opts(batch: usize) -> ScanOptions {
    ScanOptions {
        batch,
        min_confidence: DEFAULT_MIN_CONFIDENCE,
        columns: &[],
    }
}

/// The whole-table path: every company classified at once, the diagnosis from all of them.
fn whole(set: &ChainSet, c: &Companies) -> (Matches, gaps::GapReport) {
    let classifier = Classifier::new(set).unwrap();
    let m = classifier.classify(c, DEFAULT_MIN_CONFIDENCE);
    let r = gaps::analyze(set, c, &m, synth::DEMO_HOME, &GapConfig::default()).unwrap();
    (m, r)
}

/// Every field of a diagnosis, floats to the last bit.
fn same_report(a: &gaps::GapReport, b: &gaps::GapReport) -> bool {
    format!("{a:?}") == format!("{b:?}")
}

#[test]
fn batch_sizes_give_the_whole_table_results() {
    let (set, c) = small();
    let (m, r) = whole(&set, &c);
    assert!(r.local_companies > 0 && !m.list.is_empty());
    let classifier = Classifier::new(&set).unwrap();
    let source = Source::Memory(c.clone());
    for batch in [1, 7, DEFAULT_BATCH] {
        let d = diagnose(
            &source,
            &set,
            &classifier,
            synth::DEMO_HOME,
            &opts(batch),
            &GapConfig::default(),
            &Progress::hidden(),
        )
        .unwrap();
        assert!(same_report(&d.report, &r), "batch {batch}");
        assert_eq!((d.pass.rows, d.pass.matches), (c.len(), m.list.len()));
        // Every batch and its matches gathered back: the table and its matches, global rows.
        let mut census = Census::new(&set, synth::DEMO_HOME).unwrap();
        let mut gather = Gather::default();
        let pass = scan(
            &source,
            &classifier,
            &opts(batch),
            &mut [&mut census, &mut gather],
            &Progress::hidden(),
        )
        .unwrap();
        // Debug text: a missing number is NaN, which `==` never equals.
        assert_eq!(
            format!("{:?}", gather.companies),
            format!("{c:?}"),
            "batch {batch}"
        );
        assert_eq!(gather.matches, m.list, "batch {batch}");
        assert_eq!(pass.rows, m.scanned);
        assert!(same_report(
            &census.analyze(&set, &GapConfig::default()).unwrap(),
            &r
        ));
    }
}

#[test]
fn a_file_streams_like_the_table_it_holds() {
    let (set, c) = small();
    let dir = std::env::temp_dir().join(format!("chainlead-pipeline-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("small.parquet");
    company::write_companies(&path, &c).unwrap();
    let (loaded, report) = Source::file(&path).load().unwrap();
    let (m, r) = whole(&set, &loaded);
    let classifier = Classifier::new(&set).unwrap();
    let source = Source::file(&path);
    for batch in [7, DEFAULT_BATCH] {
        let d = diagnose(
            &source,
            &set,
            &classifier,
            synth::DEMO_HOME,
            &opts(batch),
            &GapConfig::default(),
            &Progress::hidden(),
        )
        .unwrap();
        assert!(same_report(&d.report, &r), "batch {batch}");
        assert_eq!(d.pass.matches, m.list.len());
        assert_eq!(
            d.pass.report.as_ref().map(|x| x.written),
            report.as_ref().map(|x| x.written)
        );
    }
    let rows = [2_999, 0, 1_234, 5, 5];
    let fetched = fetch(&source, &rows, 7, &Progress::hidden()).unwrap();
    assert_eq!(fetched.len(), 4);
    for (k, &r) in [0, 5, 1_234, 2_999].iter().enumerate() {
        assert_eq!(
            format!("{:?}", fetched.row(k)),
            format!("{:?}", loaded.row(r))
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn fetched_rows_classify_as_in_the_whole_table() {
    let (set, c) = small();
    let (m, _) = whole(&set, &c);
    let classifier = Classifier::new(&set).unwrap();
    let mut rows: Vec<usize> = m.list.iter().map(|x| x.row as usize).step_by(5).collect();
    rows.dedup();
    let (fetched, fm) = fetch_classified(
        &Source::Memory(c.clone()),
        &rows,
        &classifier,
        &opts(7),
        &Progress::hidden(),
    )
    .unwrap();
    assert_eq!(fetched.len(), rows.len());
    let expected: Vec<Match> = m
        .list
        .iter()
        .filter_map(|x| {
            let k = rows.binary_search(&(x.row as usize)).ok()?;
            Some(Match {
                row: k as u32,
                ..*x
            })
        })
        .collect();
    assert_eq!(fm.list, expected);
}

#[test]
fn sinks_see_every_row_once_in_order() {
    struct Rows(Vec<(usize, usize)>);
    impl Sink for Rows {
        fn add(&mut self, batch: &Companies, _: &[Match], first_row: usize) {
            self.0.push((first_row, batch.len()));
        }
    }
    let (set, c) = small();
    let classifier = Classifier::new(&set).unwrap();
    let mut seen = Rows(Vec::new());
    let pass = scan(
        &Source::Memory(c.clone()),
        &classifier,
        &opts(1_000),
        &mut [&mut seen],
        &Progress::hidden(),
    )
    .unwrap();
    assert_eq!(seen.0, vec![(0, 1_000), (1_000, 1_000), (2_000, 1_000)]);
    assert_eq!(pass.rows, 3_000);
    let mut names = Vec::new();
    for_each_batch(
        &Source::Memory(c.clone()),
        &[Col::Name],
        1_024,
        &Progress::hidden(),
        |b, first| names.push((first, b.text(Col::Name).get(0).to_string())),
    )
    .unwrap();
    assert_eq!(names.len(), 3);
    assert_eq!(names[2].0, 2_048);
    assert_eq!(names[2].1, c.text(Col::Name).get(2_048));
}

#[test]
fn errors_come_before_and_from_reading() {
    let (set, c) = small();
    let classifier = Classifier::new(&set).unwrap();
    let run = |source: &Source, home: &str| {
        diagnose(
            source,
            &set,
            &classifier,
            home,
            &opts(7),
            &GapConfig::default(),
            &Progress::hidden(),
        )
    };
    let missing = Source::file(Path::new("/nonexistent/companies.parquet"));
    assert!(matches!(
        run(&missing, "火星"),
        Err(PipelineError::Gaps(GapError::UnknownHome(_)))
    ));
    assert!(matches!(
        run(&missing, "530402"),
        Err(PipelineError::Import(_))
    ));
    // No company in Beijing: its districts are home regions without any.
    let mut elsewhere = Companies::new(c.extra_names().to_vec(), 0);
    for i in (0..c.len()).filter(|&i| !c.text(Col::RegionCode).get(i).starts_with("11")) {
        elsewhere.push_from(&c, i);
    }
    assert!(matches!(
        run(&Source::Memory(elsewhere), "110105"),
        Err(PipelineError::Gaps(GapError::EmptyHome { .. }))
    ));
}

/// The leads of the pipeline (two passes and a fetch, from memory or a Parquet file, in batches of
/// 1, 7 and the default) are the whole-table ranking's, pointed at the fetched rows.
#[test]
fn lead_runs_give_the_whole_table_ranking() {
    use crate::leads::{self, LeadFilter, Profile};
    let (set, c) = small();
    let (m, r) = whole(&set, &c);
    let profile = Profile::default_profile();
    let filter = LeadFilter {
        top: Some(40),
        scope: leads::Scope::All,
        ..LeadFilter::default()
    };
    let expected = leads::rank(&set, &c, &m, &r, &profile, &filter);
    assert!(expected.by_chain.iter().any(|(_, l)| l.len() >= 10));
    let rows = expected.rows();
    let dir = std::env::temp_dir().join(format!("chainlead-leadrun-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("small.parquet");
    company::write_companies(&path, &c).unwrap();
    let classifier = Classifier::new(&set).unwrap();
    for source in [Source::Memory(c.clone()), Source::file(&path)] {
        for batch in [1, 7, DEFAULT_BATCH] {
            let run = lead_run(
                &source,
                &set,
                &classifier,
                synth::DEMO_HOME,
                &profile,
                &filter,
                None,
                Extras::default(),
                &opts(batch),
                &GapConfig::default(),
                &Progress::hidden(),
            )
            .unwrap();
            assert!(same_report(&run.report, &r), "batch {batch}");
            let mut got = run.leads.clone();
            got.remap(|k| rows[k]);
            assert_eq!(format!("{got:?}"), format!("{expected:?}"), "batch {batch}");
            assert_eq!(run.companies.len(), rows.len());
            for (k, &g) in rows.iter().enumerate() {
                assert_eq!(
                    run.companies.text(Col::Name).get(k),
                    c.text(Col::Name).get(g)
                );
            }
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}
