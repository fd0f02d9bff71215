//! The batch reader: its batches, joined, are the table `company::load` gives, with the same
//! rejects and report, for every format and batch size; and the uscc merge across batches and
//! files is the one `merge_duplicates` makes of the whole table.

use std::path::{Path, PathBuf};

use chainlead::chain::ChainSet;
use chainlead::company::{
    self, import::merge_duplicates, BatchReader, Col, Companies, CompanyWriter, ImportOptions,
    Kind, DEFAULT_BATCH_ROWS,
};
use chainlead::synth::{self, SynthOptions};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn tmp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chainlead-src-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What a reader gave: the rows joined, the rejects, the report as text, the batch sizes.
struct Read {
    companies: Companies,
    rejects: Vec<company::Reject>,
    report: String,
    sizes: Vec<usize>,
    total: Option<usize>,
}

fn read(paths: &[PathBuf], batch_rows: usize, project: Option<&[Col]>) -> Read {
    let mut r = BatchReader::open_files(paths, &ImportOptions::default(), batch_rows).unwrap();
    if let Some(cols) = project {
        r.project(cols);
    }
    let total = r.total_rows();
    let mut companies = Companies::new(r.extra_names().to_vec(), 0);
    let (mut rejects, mut sizes) = (Vec::new(), Vec::new());
    while let Some(b) = r.next_batch().unwrap() {
        assert_eq!(
            b.extra_names(),
            r.extra_names(),
            "every batch has the same columns"
        );
        sizes.push(b.len());
        companies.append(&b);
        rejects.extend(r.take_rejects());
    }
    rejects.extend(r.take_rejects());
    assert_eq!(
        r.report().read,
        total.unwrap_or(r.report().read),
        "total_rows is the rows read"
    );
    Read {
        companies,
        rejects,
        report: format!("{:?}", r.report()),
        sizes,
        total,
    }
}

/// Batch sizes 1, 7 and the default give the table, rejects and report of `import_files`, in
/// batches of exactly that many rows but the last.
fn same_in_batches(paths: &[PathBuf]) -> Read {
    let whole = company::import_files(paths, &ImportOptions::default()).unwrap();
    let mut last = None;
    for n in [1, 7, DEFAULT_BATCH_ROWS] {
        let got = read(paths, n, None);
        assert_same(
            &got.companies,
            &whole.companies,
            &format!("{paths:?} in batches of {n}"),
        );
        assert_eq!(got.rejects, whole.rejects, "{paths:?} in batches of {n}");
        assert_eq!(
            got.report,
            format!("{:?}", whole.report),
            "{paths:?} batch {n}"
        );
        let (init, tail) = got.sizes.split_at(got.sizes.len().saturating_sub(1));
        assert!(init.iter().all(|&s| s == n), "{:?}", got.sizes);
        assert!(tail.iter().all(|&s| s >= 1 && s <= n), "{:?}", got.sizes);
        last = Some(got);
    }
    last.unwrap()
}

/// Where two tables differ first, or None when they are equal (a NaN equal to a NaN).
fn first_difference(a: &Companies, b: &Companies) -> Option<String> {
    if a.len() != b.len() || a.extra_names() != b.extra_names() {
        return Some(format!(
            "{} rows {:?} vs {} rows {:?}",
            a.len(),
            a.extra_names(),
            b.len(),
            b.extra_names()
        ));
    }
    for &col in Col::ALL {
        let same = match col.kind() {
            Kind::Text => a.text(col) == b.text(col),
            Kind::Number => a
                .num(col)
                .iter()
                .zip(b.num(col))
                .all(|(x, y)| x == y || (x.is_nan() && y.is_nan())),
            Kind::Date => a.date(col) == b.date(col),
            Kind::Bool => a.flag(col) == b.flag(col),
        };
        if !same {
            let i = (0..a.len())
                .find(|&i| a.render(i, col) != b.render(i, col))
                .unwrap_or(0);
            return Some(format!(
                "row {i} {col:?}: {:?} vs {:?}",
                a.render(i, col),
                b.render(i, col)
            ));
        }
    }
    (0..a.extra_names().len())
        .find(|&e| a.extra(e) != b.extra(e))
        .map(|e| format!("extra column {e}"))
}

/// Asserts two tables are equal, naming the first difference.
fn assert_same(a: &Companies, b: &Companies, what: &str) {
    if let Some(d) = first_difference(a, b) {
        panic!("{what}: {d}");
    }
}

fn synthetic(n: usize, seed: u64) -> Companies {
    let set = ChainSet::embedded().unwrap();
    synth::generate(
        &set,
        &SynthOptions {
            n,
            seed,
            ..SynthOptions::default()
        },
    )
}

/// Rows `pick` of `c`, with the revenue blanked and the main products lengthened on every other
/// one: duplicates of `c`'s rows that a merge must fold back.
fn altered(c: &Companies, pick: impl Iterator<Item = usize>) -> Companies {
    let mut out = Companies::new(c.extra_names().to_vec(), 0);
    for (k, i) in pick.enumerate() {
        let mut row = c.row(i);
        if k % 2 == 0 {
            row.set(Col::Revenue, company::Cell::Number(f64::NAN));
            let longer = format!("{}、配套零件", row.text(Col::MainProducts));
            row.set(Col::MainProducts, company::Cell::Text(longer));
        } else {
            row.set(
                Col::Name,
                company::Cell::Text(format!("{}（分）", c.text(Col::Name).get(i))),
            );
        }
        out.push(&row);
    }
    out
}

#[test]
fn fixtures_read_in_batches_as_whole() {
    for set in [
        vec!["gbk_qichacha.csv"],
        vec!["bom_tianyancha.csv"],
        vec!["broken.csv"],
        vec!["qixinbao.xlsx"],
        vec![
            "gbk_qichacha.csv",
            "bom_tianyancha.csv",
            "broken.csv",
            "qixinbao.xlsx",
        ],
    ] {
        let paths: Vec<PathBuf> = set.iter().map(|n| fixture(n)).collect();
        let got = same_in_batches(&paths);
        assert!(got.total.is_some());
    }
}

#[test]
fn the_merge_across_batches_and_files_is_the_whole_tables() {
    let dir = tmp_dir("merge");
    let a = synthetic(3000, 7);
    let b = altered(&a, (0..3000).step_by(3));
    let c = altered(&a, (1..3000).step_by(5));
    let (pa, pb, pc) = (dir.join("a.csv"), dir.join("b.csv"), dir.join("c.parquet"));
    company::write_vendor_csv(&pa, &a).unwrap();
    company::write_vendor_csv(&pb, &b).unwrap();
    company::write_companies(&pc, &c).unwrap();
    // Each file alone has no duplicate; together, every row of b and c folds into one of a.
    let mut parts = Vec::new();
    for p in [&pa, &pb, &pc] {
        let one = company::load(p, &ImportOptions::default()).unwrap();
        assert_eq!(one.report.merged, 0);
        parts.push(one.companies);
    }
    let (expected, merged) = merge_duplicates(Companies::concat(&parts));
    assert_eq!(merged, b.len() + c.len());
    let paths = vec![pa.clone(), pb.clone(), pc.clone()];
    let got = same_in_batches(&paths);
    assert_same(&got.companies, &expected, "merged");
    assert!(
        got.report.contains(&format!("merged: {merged},")),
        "{}",
        got.report
    );
    // In another order the merged rows stand where their group's first row stood.
    let paths = vec![pc, pb, pa];
    let parts: Vec<Companies> = parts.into_iter().rev().collect();
    let (expected, _) = merge_duplicates(Companies::concat(&parts));
    assert_same(&same_in_batches(&paths).companies, &expected, "reversed");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn crlf_and_gb18030_text_read_as_the_utf8_file() {
    let dir = tmp_dir("enc");
    let a = synthetic(2000, 11);
    let lf = dir.join("lf.csv");
    company::write_vendor_csv(&lf, &a).unwrap();
    let text = std::fs::read_to_string(&lf).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let crlf = dir.join("crlf.csv");
    std::fs::write(&crlf, text.replace('\n', "\r\n")).unwrap();
    let gbk = dir.join("gbk.csv");
    std::fs::write(&gbk, encoding_rs::GB18030.encode(text).0).unwrap();
    let base = same_in_batches(std::slice::from_ref(&lf));
    for p in [crlf, gbk] {
        let got = same_in_batches(std::slice::from_ref(&p));
        assert_same(&got.companies, &base.companies, &format!("{p:?}"));
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn chainlead_parquet_is_read_row_group_by_row_group() {
    let dir = tmp_dir("canon");
    let a = synthetic(3000, 5);
    let path = dir.join("a.parquet");
    let mut w = CompanyWriter::create(&path, a.extra_names()).unwrap();
    for start in (0..a.len()).step_by(700) {
        let mut part = Companies::new(Vec::new(), 700);
        for i in start..(start + 700).min(a.len()) {
            part.push_from(&a, i);
        }
        w.write(&part).unwrap();
    }
    w.finish().unwrap();
    let got = same_in_batches(std::slice::from_ref(&path));
    assert_same(&got.companies, &a, "read back exactly");
    assert_eq!(got.total, Some(3000), "from the metadata");
    assert!(got.report.contains("Parquet (chainlead)"));

    // Projected: the columns asked for and those the report needs are read, the rest empty.
    let p = read(std::slice::from_ref(&path), 7, Some(&[Col::MainProducts]));
    assert_eq!(p.report, got.report);
    for col in [Col::Name, Col::Uscc, Col::RegionCode, Col::MainProducts] {
        assert_eq!(p.companies.text(col), a.text(col), "{col:?}");
    }
    assert_eq!(p.companies.flag(Col::UsccValid), a.flag(Col::UsccValid));
    assert!(p
        .companies
        .text(Col::BusinessScope)
        .iter()
        .all(str::is_empty));
    assert!(a.text(Col::BusinessScope).iter().any(|s| !s.is_empty()));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn vendor_parquet_reads_as_the_same_vendor_csv() {
    use polars::prelude::*;
    let dir = tmp_dir("vendorpq");
    let a = synthetic(1500, 3);
    // Two row groups' worth of duplicates: the rows of a, then every fourth again, altered.
    let b = altered(&a, (0..1500).step_by(4));
    let both = Companies::concat(&[a.clone(), b]);
    let cols = [
        ("企业名称", Col::Name),
        ("统一社会信用代码", Col::Uscc),
        ("主营产品", Col::MainProducts),
        ("营业收入", Col::Revenue),
        ("所属城市", Col::City),
    ];
    let rendered: Vec<Vec<String>> = cols
        .iter()
        .map(|&(_, col)| (0..both.len()).map(|i| both.render(i, col)).collect())
        .collect();
    let columns: Vec<polars::prelude::Column> = cols
        .iter()
        .zip(&rendered)
        .map(|(&(h, _), v)| {
            StringChunked::from_iter_values(h.into(), v.iter().map(String::as_str))
                .into_series()
                .into()
        })
        .collect();
    let mut df = DataFrame::new(both.len(), columns).unwrap();
    let pq = dir.join("vendor.parquet");
    let file = std::fs::File::create(&pq).unwrap();
    ParquetWriter::new(file)
        .with_row_group_size(Some(400))
        .finish(&mut df)
        .unwrap();
    let csv = dir.join("vendor.csv");
    let mut w = chainlead::base::csv::Writer::new(std::fs::File::create(&csv).unwrap()).unwrap();
    w.record(cols.iter().map(|&(h, _)| (h, true))).unwrap();
    for i in 0..both.len() {
        w.record(rendered.iter().map(|v| (v[i].as_str(), true)))
            .unwrap();
    }
    w.finish().unwrap();
    let from_pq = same_in_batches(std::slice::from_ref(&pq));
    let from_csv = same_in_batches(std::slice::from_ref(&csv));
    assert!(
        from_pq.report.contains("merged: 375,"),
        "{}",
        from_pq.report
    );
    assert_same(
        &from_pq.companies,
        &from_csv.companies,
        "vendor Parquet and CSV",
    );
    assert_eq!(from_pq.companies.len(), 1500);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn errors_of_a_file_come_when_it_is_opened() {
    let Err(e) = BatchReader::open(&fixture("no_name.csv"), &ImportOptions::default(), 7) else {
        panic!("a file without a name column opens");
    };
    assert!(e.to_string().contains("no company name column"), "{e}");
}

/// What a reader of CSV in chunks of `chunk_bytes` gave, as [`read`] collects it.
fn read_chunked(paths: &[PathBuf], batch_rows: usize, chunk_bytes: usize) -> Read {
    let opts = ImportOptions::default();
    let mut r = BatchReader::open_files_chunked(paths, &opts, batch_rows, chunk_bytes).unwrap();
    let total = r.total_rows();
    let mut companies = Companies::new(r.extra_names().to_vec(), 0);
    let (mut rejects, mut sizes) = (Vec::new(), Vec::new());
    while let Some(b) = r.next_batch().unwrap() {
        sizes.push(b.len());
        companies.append(&b);
        rejects.extend(r.take_rejects());
    }
    rejects.extend(r.take_rejects());
    Read {
        companies,
        rejects,
        report: format!("{:?}", r.report()),
        sizes,
        total,
    }
}

#[test]
fn csv_read_in_chunks_of_a_few_bytes_is_the_whole_file() {
    let dir = tmp_dir("chunks");
    let gbk = |s: &str| encoding_rs::GB18030.encode(s).0.to_vec();
    // Quoted fields over CRLF, CR and LF lines, a blank line, lone CRs, a GBK line in a UTF-8
    // file, a line of neither, broken quotes and a quote left open at the end.
    let mut bytes = "\u{feff}企业名称,统一社会信用代码,经营范围,注册地址\r\n"
        .as_bytes()
        .to_vec();
    bytes.extend(
        "云南甲钢铁有限公司,,\"钢材\r\n销售、\"\"冶炼\"\"\",\"昆明市\n五华区\"\r\n".as_bytes(),
    );
    bytes.extend("\r\n玉溪乙光伏有限公司,,光伏组件,玉溪市\r".as_bytes());
    bytes.extend(gbk("曲靖丙五金有限公司,,\"五金\r工具\",曲靖市\n"));
    bytes.extend("丁公司,,\"引号\"后,x\n".as_bytes());
    bytes.extend(b"\xff\xfe\xfd,,x,y\r\n");
    // A stray quote that the next record's quote closes: a broken line, reading goes on.
    bytes.extend("庚公司,,\"半开,x\n".as_bytes());
    for i in 0..40 {
        bytes.extend(
            format!("红河{i}号医疗器械有限公司,,\"医用\r\n敷料{i}\",蒙自市\r\n").as_bytes(),
        );
    }
    bytes.extend("戊公司,,\"未闭合\n己公司,,钢材,\n".as_bytes());
    let crafted = dir.join("crafted.csv");
    std::fs::write(&crafted, &bytes).unwrap();
    // A synthetic file and its CRLF copy: every row of the second merges into the first.
    let a = synthetic(300, 3);
    let lf = dir.join("lf.csv");
    company::write_vendor_csv(&lf, &a).unwrap();
    let text = std::fs::read_to_string(&lf).unwrap();
    let crlf = dir.join("crlf.csv");
    std::fs::write(&crlf, text.replace('\n', "\r\n")).unwrap();
    for paths in [
        vec![crafted.clone()],
        vec![fixture("gbk_qichacha.csv")],
        vec![fixture("bom_tianyancha.csv")],
        vec![fixture("broken.csv")],
        vec![lf.clone(), crlf.clone()],
    ] {
        let whole = company::import_files(&paths, &ImportOptions::default()).unwrap();
        for chunk in [4, 5, 7, 13, 64, 1000] {
            for batch in [7, DEFAULT_BATCH_ROWS] {
                let what = format!("{paths:?} in chunks of {chunk} bytes, batches of {batch}");
                let got = read_chunked(&paths, batch, chunk);
                assert_same(&got.companies, &whole.companies, &what);
                assert_eq!(got.rejects, whole.rejects, "{what}");
                assert_eq!(got.report, format!("{:?}", whole.report), "{what}");
                assert_eq!(got.total, Some(whole.report.read), "{what}");
                assert!(got.sizes.iter().all(|&s| s <= batch), "{what}");
            }
        }
    }
    // The crafted file exercises what it means to.
    let whole = company::import_files(&[crafted], &ImportOptions::default()).unwrap();
    let f = &whole.report.files[0];
    assert_eq!(f.mixed_rows, [7, 8], "{}", f.format);
    assert_eq!(f.undecodable_rows, [10]);
    assert!(f.line_ends.is_some());
    assert!(whole.rejects.len() >= 2, "{:?}", whole.rejects);
    assert_eq!(whole.report.merged, 0);
    let merged = company::import_files(&[lf, crlf], &ImportOptions::default()).unwrap();
    assert_eq!(merged.report.merged, a.len());
    std::fs::remove_dir_all(&dir).ok();
}
