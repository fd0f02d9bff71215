//! Import of vendor exports: encodings, headers, values, rejects, merges; and the CLI around it.

use std::path::{Path, PathBuf};
use std::process::Command;

use chainlead::company::{self, clean, Col, Companies, ImportOptions};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn import(names: &[&str]) -> company::Imported {
    let paths: Vec<PathBuf> = names.iter().map(|n| fixture(n)).collect();
    company::import_files(&paths, &ImportOptions::default()).expect("import works")
}

fn row_of(c: &Companies, name: &str) -> usize {
    (0..c.len())
        .find(|&i| c.text(Col::Name).get(i) == name)
        .unwrap_or_else(|| panic!("no row {name}"))
}

fn tmp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chainlead-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn gbk_export_with_chinese_headers() {
    let out = import(&["gbk_qichacha.csv"]);
    let c = &out.companies;
    assert_eq!(c.len(), 4);
    assert_eq!(out.report.files[0].format, "CSV, GB18030/GBK");
    let steel = row_of(c, "玉溪恒达钢铁有限公司");
    assert_eq!(c.num(Col::RegisteredCapital)[steel], 5000.0);
    assert_eq!(c.render(steel, Col::Founded), "2019-03-01");
    assert_eq!(c.num(Col::Employees)[steel], 320.0, "full-width digits");
    assert_eq!(c.text(Col::RegionCode).get(steel), "530402");
    assert_eq!(
        c.tags(steel).collect::<Vec<_>>(),
        ["高新技术企业", "专精特新"]
    );
    assert_eq!(c.num(Col::Abnormal)[steel], 0.0);
    assert!(c.is_active(steel));
    assert!(c.flag(Col::UsccValid)[steel]);
    assert!(c.extra_names().is_empty(), "{:?}", c.extra_names());
    assert_eq!(c.text(Col::LegalRep).get(steel), "张三", "a contact column");

    let tools = row_of(c, "永康锐达五金制品有限公司");
    assert_eq!(c.num(Col::RegisteredCapital)[tools], 1000.0);
    assert_eq!(c.render(tools, Col::Founded), "2015-07-08");
    assert_eq!(c.text(Col::IndustryCode).get(tools), "3322");
    assert_eq!(c.num(Col::Revenue)[tools], 3500.0);
    assert_eq!(c.tags(tools).collect::<Vec<_>>(), ["专精特新", "小巨人"]);

    let med = row_of(c, "深圳华康医疗器械有限公司");
    assert!(!c.is_active(med), "吊销 is inactive");
    assert!(
        (c.num(Col::RegisteredCapital)[med] - 2130.0).abs() < 1e-9,
        "300万美元 at 7.1"
    );
    assert_eq!(c.render(med, Col::Founded), "2008-11-20");
    assert_eq!(c.num(Col::Abnormal)[med], 1.0);
    assert_eq!(
        c.text(Col::District).get(med),
        "",
        "a city-level uscc region fills no district"
    );
    assert_eq!(c.text(Col::RegionCode).get(med), "440300");

    let pv = row_of(c, "常州光明光伏科技有限公司");
    assert_eq!(c.num(Col::RegisteredCapital)[pv], 12000.0);
    assert_eq!(
        c.render(pv, Col::Founded),
        "2019-03-01",
        "Excel serial 43525"
    );
    assert_eq!(
        c.text(Col::RegionCode).get(pv),
        "320412",
        "from province, city and district names"
    );
    assert_eq!(c.text(Col::Province).get(pv), "江苏");
    assert!(!c.flag(Col::UsccValid)[pv]);
    assert_eq!(out.report.missing_uscc, 1);
    assert_eq!(out.report.region_from, [0, 3, 1, 0]);
}

#[test]
fn bom_export_with_other_headers() {
    let out = import(&["bom_tianyancha.csv"]);
    let c = &out.companies;
    assert_eq!(out.report.files[0].format, "CSV, UTF-8 (BOM)");
    let t = row_of(c, "唐山冀东特钢有限公司");
    assert_eq!(
        c.text(Col::RegionCode).get(t),
        "130203",
        "12-digit code cut to 6"
    );
    assert_eq!(c.text(Col::District).get(t), "路北区");
    assert_eq!(c.num(Col::RegisteredCapital)[t], 8000.0);
    assert_eq!(c.num(Col::Lat)[t], 39.63);
    assert_eq!(c.num(Col::FinancingEvents)[t], 2.0);
    assert_eq!(c.render(t, Col::LastFinancing), "2025-06-30");
    assert_eq!(c.text(Col::MainProducts).get(t), "特钢、轴承钢");
    let cd = row_of(c, "成都蓉新材料有限公司");
    assert!(!c.is_active(cd));
    assert_eq!(c.num(Col::RegisteredCapital)[cd], 50.0);
    assert!(!c.flag(Col::UsccValid)[cd]);
    assert_eq!(out.report.invalid_uscc, 1);
}

#[test]
fn xlsx_export_with_real_dates_and_numbers() {
    let out = import(&["qixinbao.xlsx"]);
    let c = &out.companies;
    assert_eq!(out.report.read, 3);
    assert_eq!(out.report.accepted, 2);
    assert_eq!(out.rejects.len(), 1);
    assert_eq!(out.rejects[0].row, 4, "the header is row 1");
    assert!(out.rejects[0].reason.contains("no company name"));
    let f = row_of(c, "佛山顺德美厨厨具有限公司");
    assert_eq!(c.render(f, Col::Founded), "2012-04-16");
    assert_eq!(c.num(Col::RegisteredCapital)[f], 2000.0);
    assert_eq!(c.num(Col::Employees)[f], 150.0);
    assert_eq!(
        c.text(Col::MainProducts).get(f),
        "不锈钢锅、炒锅",
        "主营业务 maps onto main products"
    );
    assert_eq!(c.text(Col::RegionCode).get(f), "440606");
    let s = row_of(c, "上海申康医疗科技股份有限公司");
    assert_eq!(c.num(Col::RegisteredCapital)[s], 15000.0);
    assert_eq!(c.num(Col::Enforced)[s], 1.0);
    assert_eq!(c.tags(s).collect::<Vec<_>>(), ["专精特新", "小巨人"]);
    assert_eq!(c.extra_names(), ["备注"]);
    // A named sheet that is not there.
    let err = company::import_files(
        &[fixture("qixinbao.xlsx")],
        &ImportOptions {
            sheet: Some("不存在".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("企业列表"), "{err}");
}

#[test]
fn broken_rows_duplicates_and_invalid_codes() {
    let out = import(&["broken.csv"]);
    let r = &out.report;
    assert_eq!(
        (r.read, r.accepted, r.rejected, r.merged, r.written),
        (9, 5, 4, 1, 4)
    );
    let rows: Vec<usize> = out.rejects.iter().map(|x| x.row).collect();
    assert_eq!(rows, [5, 6, 7, 10]);
    assert!(out.rejects[0].reason.contains("no company name"));
    assert!(out.rejects[1].reason.contains("closing quote"));
    assert!(out.rejects[2].reason.contains("9 fields, the header has 7"));
    assert!(out.rejects[3].reason.contains("unterminated quote"));
    assert_eq!(
        out.rejects[2].raw,
        "玉溪丁有限公司,,云南,玉溪,列数太多,,,,多余"
    );
    let c = &out.companies;
    let jia = row_of(c, "玉溪甲钢铁有限公司");
    assert_eq!(
        c.text(Col::BusinessScope).get(jia),
        "一般项目：钢坯制造；钢材销售。",
        "the longer scope wins"
    );
    assert_eq!(c.text(Col::MainProducts).get(jia), "钢坯、螺纹钢");
    assert_eq!(c.num(Col::Employees)[jia], 320.0);
    let wu = row_of(c, "玉溪戊有限公司");
    assert!(!c.flag(Col::UsccValid)[wu], "kept and flagged");
    assert_eq!(
        c.text(Col::RegionCode).get(wu),
        "530400",
        "from the names 云南, 玉溪"
    );
    assert_eq!((r.invalid_uscc, r.missing_uscc), (2, 1));
}

#[test]
fn a_file_without_names_says_which_columns_it_has() {
    let err =
        company::import_files(&[fixture("no_name.csv")], &ImportOptions::default()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("统一社会信用代码, 地址, 电话"), "{msg}");
    assert!(msg.contains("企业名称"), "{msg}");
}

#[test]
fn several_files_at_once() {
    let out = import(&["gbk_qichacha.csv", "bom_tianyancha.csv", "qixinbao.xlsx"]);
    assert_eq!(out.report.files.len(), 3);
    assert_eq!(out.report.read, 9);
    assert_eq!(out.companies.len(), 8);
    assert_eq!(out.companies.extra_names(), ["备注"]);
    let f = row_of(&out.companies, "佛山顺德美厨厨具有限公司");
    assert_eq!(out.companies.extra(0).get(f), "展会名单");
    assert_eq!(out.companies.text(Col::LegalRep).get(f), "");
}

#[test]
fn value_table_capital_and_dates() {
    // A table of strings seen in real exports and what they mean.
    let capital = [
        ("5000万元人民币", 5000.0),
        ("1.2亿元", 12000.0),
        ("300万美元", 2130.0),
        ("50万(元)", 50.0),
        ("100万港元", 91.0),
        ("２００万元", 200.0),
        ("3,000万元", 3000.0),
        ("10000000元", 1000.0),
        ("0.5亿", 5000.0),
    ];
    for (s, want) in capital {
        let got = clean::money_wan(s).unwrap();
        assert!((got - want).abs() < 1e-6, "{s}: {got}");
    }
    let day = clean::days_from_civil(2019, 3, 1);
    for s in [
        "2019-03-01",
        "2019/3/1",
        "2019年3月1日",
        "2019年03月01日",
        "20190301",
        "43525",
        "2019-03-01T00:00:00",
    ] {
        assert_eq!(clean::date(s), Some(day), "{s}");
    }
}

#[test]
fn cli_import_writes_the_table_rejects_and_reconciliation() {
    let dir = tmp_dir("import");
    let out = dir.join("clean.csv");
    let run = Command::new(env!("CARGO_BIN_EXE_chainlead"))
        .args([
            "import",
            fixture("broken.csv").to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(
        text.contains("读取 9 行 = 接受 5 + 拒绝 4；合并重复 1 行，写出 4 家企业"),
        "{text}"
    );
    let rejects = std::fs::read_to_string(dir.join("clean.csv.rejects.csv")).unwrap();
    assert!(rejects.starts_with('\u{feff}'));
    assert_eq!(rejects.lines().count(), 5, "{rejects}");
    assert!(rejects.contains("broken.csv,7,"), "{rejects}");
    let table = std::fs::read_to_string(&out).unwrap();
    assert!(table.starts_with("\u{feff}id,uscc,uscc_valid,name,"));
    assert!(table.contains("'=HYPERLINK"), "formula neutralised");
    assert_eq!(table.lines().count(), 5);
    // English, and Parquet round trip through the same command.
    let pq = dir.join("clean.parquet");
    let run = Command::new(env!("CARGO_BIN_EXE_chainlead"))
        .args([
            "--lang",
            "en",
            "import",
            out.to_str().unwrap(),
            "-o",
            pq.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(
        text.contains("read 4 = accepted 4 + rejected 0, and merged 0"),
        "{text}"
    );
    let back = company::import_files(&[pq], &ImportOptions::default()).unwrap();
    assert_eq!(back.companies.len(), 4);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn cli_import_fails_clearly_without_a_name_column() {
    let dir = tmp_dir("noname");
    let run = Command::new(env!("CARGO_BIN_EXE_chainlead"))
        .args([
            "import",
            fixture("no_name.csv").to_str().unwrap(),
            "-o",
            dir.join("x.csv").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("找不到企业名称列"), "{err}");
    let run = Command::new(env!("CARGO_BIN_EXE_chainlead"))
        .args([
            "--lang",
            "en",
            "import",
            fixture("no_name.csv").to_str().unwrap(),
            "-o",
            dir.join("x.csv").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("no company name column"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn synth_is_byte_identical_for_the_same_seed() {
    let dir = tmp_dir("synth");
    let run = |name: &str, seed: &str| {
        let path = dir.join(name);
        let out = Command::new(env!("CARGO_BIN_EXE_chainlead"))
            .args([
                "synth",
                "-n",
                "20000",
                "--seed",
                seed,
                "-o",
                path.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
        std::fs::read(path).unwrap()
    };
    let a = run("a.parquet", "5");
    let b = run("b.parquet", "5");
    let c = run("c.parquet", "6");
    assert_eq!(a, b);
    assert_ne!(a, c);
    let a = run("a.csv", "5");
    let b = run("b.csv", "5");
    assert_eq!(a, b);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_shipped_sample_is_the_documented_synth_output_and_imports_whole() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample/companies_sample.csv");
    let dir = tmp_dir("sample");
    let path = dir.join("s.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_chainlead"))
        .args([
            "synth",
            "-n",
            "300",
            "--seed",
            "1",
            "--vendor",
            "-o",
            path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(&sample).unwrap(),
        "regenerate the sample"
    );
    let imported = company::import_files(&[sample], &ImportOptions::default()).unwrap();
    assert_eq!(imported.report.read, 300);
    assert_eq!(imported.report.accepted, 300);
    assert_eq!(
        imported.report.region_from[1], 300,
        "every region from the uscc"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Writes a probe file into a fresh directory and imports it.
fn import_bytes(tag: &str, name: &str, bytes: &[u8]) -> Result<company::Imported, String> {
    let dir = tmp_dir(tag);
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let out = company::import_files(&[path], &ImportOptions::default()).map_err(|e| e.to_string());
    std::fs::remove_dir_all(&dir).ok();
    out
}

/// A CSV of `n` companies with the given line end after each line.
fn companies_csv(n: usize, end: impl Fn(usize) -> &'static str) -> String {
    let mut s = format!("企业名称,所属省份,参保人数{}", end(0));
    for i in 1..=n {
        s.push_str(&format!("测试{i}有限公司,云南,{i}{}", end(i)));
    }
    s
}

#[test]
fn csv_with_cr_only_line_ends_reads_every_row() {
    let text = companies_csv(300, |_| "\r");
    let out = import_bytes("cr", "cr.csv", text.as_bytes()).unwrap();
    assert_eq!(out.companies.len(), 300);
    assert_eq!(out.report.rejected, 0);
    let notes = out.report.files[0].warnings(chainlead::Lang::Zh).join("\n");
    assert!(notes.contains("行尾为 CR"), "{notes}");
    let i = row_of(&out.companies, "测试300有限公司");
    assert_eq!(out.companies.num(Col::Employees)[i], 300.0);
}

#[test]
fn csv_with_mixed_cr_and_crlf_loses_no_row() {
    let text = companies_csv(300, |i| if i % 7 == 3 { "\r" } else { "\r\n" });
    let out = import_bytes("mixed-ends", "mixed.csv", text.as_bytes()).unwrap();
    assert_eq!(out.companies.len(), 300);
    assert_eq!(out.report.rejected, 0);
    let notes = out.report.files[0].warnings(chainlead::Lang::Zh).join("\n");
    assert!(notes.contains("行尾混用"), "{notes}");
    let notes = out.report.files[0].warnings(chainlead::Lang::En).join("\n");
    assert!(notes.contains("line ends mix"), "{notes}");
    for i in [3, 10, 17, 299, 300] {
        let r = row_of(&out.companies, &format!("测试{i}有限公司"));
        assert_eq!(out.companies.num(Col::Employees)[r], i as f64);
    }
}

#[test]
fn a_line_that_does_not_parse_is_a_reject_not_glued_to_the_next() {
    // Line 3 opens a quote that closes on line 4: the two must not become one record.
    let text = "企业名称,所属省份,参保人数\n甲有限公司,云南,1\n\"乙有限公司,云南,2\n丙有限公司,云南\",3\n丁有限公司,云南,4\n";
    let out = import_bytes("glued", "glued.csv", text.as_bytes()).unwrap();
    let names: Vec<&str> = (0..out.companies.len())
        .map(|i| out.companies.text(Col::Name).get(i))
        .collect();
    assert!(names.contains(&"丙有限公司"), "{names:?}");
    assert!(names.contains(&"丁有限公司"), "{names:?}");
    assert_eq!(out.rejects.len(), 1, "{:?}", out.rejects);
    assert_eq!(out.rejects[0].row, 3);
    assert_eq!(out.rejects[0].raw, "\"乙有限公司,云南,2");
    assert_eq!(out.report.read, 4);
}

#[test]
fn a_gbk_file_with_some_utf8_rows_is_decoded_row_by_row() {
    let gbk = |s: &str| encoding_rs::GBK.encode(s).0.into_owned();
    let mut bytes = gbk("企业名称,所属省份,参保人数\r\n");
    for i in 1..=20 {
        let row = format!("玉溪{i}号钢铁有限公司,云南,{i}\r\n");
        if i % 5 == 0 {
            bytes.extend_from_slice(row.as_bytes());
        } else {
            bytes.extend_from_slice(&gbk(&row));
        }
    }
    let out = import_bytes("mixed-gbk", "mixed.csv", &bytes).unwrap();
    assert_eq!(out.companies.len(), 20);
    for i in 1..=20 {
        row_of(&out.companies, &format!("玉溪{i}号钢铁有限公司"));
    }
    let f = &out.report.files[0];
    assert_eq!(f.mixed_rows, [6, 11, 16, 21], "{}", f.format);
    assert_eq!(f.mixed_encoding, "UTF-8");
    assert!(f.format.contains("GB18030/GBK"), "{}", f.format);
    let warn = f.warnings(chainlead::Lang::Zh).join("\n");
    assert!(warn.contains("4 行") && warn.contains("UTF-8"), "{warn}");
}

#[test]
fn a_utf8_file_with_some_gbk_rows_never_shows_replacement_characters() {
    let mut bytes = "企业名称,所属省份,参保人数\n".as_bytes().to_vec();
    for i in 1..=10 {
        let row = format!("云南{i}号光伏有限公司,云南,{i}\n");
        if i == 4 {
            bytes.extend_from_slice(&encoding_rs::GBK.encode(&row).0);
        } else {
            bytes.extend_from_slice(row.as_bytes());
        }
    }
    // A row that is neither: its bad byte must be reported, not hidden.
    bytes.extend_from_slice(b"\xff\xfe\xfd,x,1\n");
    let out = import_bytes("mixed-utf8", "mixed.csv", &bytes).unwrap();
    row_of(&out.companies, "云南4号光伏有限公司");
    let f = &out.report.files[0];
    assert_eq!(f.mixed_rows, [5]);
    assert_eq!(f.mixed_encoding, "GB18030/GBK");
    assert_eq!(f.undecodable_rows, [12]);
    let warn = f.warnings(chainlead::Lang::En).join("\n");
    assert!(warn.contains("12"), "{warn}");
    let names = out.companies.text(Col::Name);
    let garbled = (0..out.companies.len())
        .filter(|&i| names.get(i).contains('\u{fffd}'))
        .count();
    assert!(garbled <= 1, "only the undecodable row, and it is reported");
}

#[test]
fn duplicate_headers_keep_the_first_and_the_others_become_extra_columns() {
    let text = "企业名称,经度,备注,经度,备注,备注\n甲有限公司,102.533445,a,0,b,c\n";
    let out = import_bytes("dup-headers", "dup.csv", text.as_bytes()).unwrap();
    let c = &out.companies;
    assert_eq!(c.num(Col::Lon)[0], 102.533445);
    assert_eq!(
        c.extra_names(),
        ["备注", "经度 (2)", "备注 (2)", "备注 (3)"]
    );
    assert_eq!(c.extra(0).get(0), "a");
    assert_eq!(c.extra(1).get(0), "0");
    assert_eq!(c.extra(2).get(0), "b");
    assert_eq!(c.extra(3).get(0), "c");
    let f = &out.report.files[0];
    assert_eq!(f.duplicate_headers, ["经度", "备注", "备注"]);
    let warn = f.warnings(chainlead::Lang::Zh).join("\n");
    assert!(warn.contains("经度 (2)"), "{warn}");
}

#[test]
fn a_write_cut_short_by_a_file_size_limit_keeps_the_old_output() {
    let dir = tmp_dir("ulimit");
    let input = dir.join("in.csv");
    std::fs::write(&input, companies_csv(5000, |_| "\n")).unwrap();
    for name in ["out.csv", "out.xlsx", "out.parquet"] {
        let out = dir.join(name);
        std::fs::write(&out, "the good file of yesterday").unwrap();
        let run = Command::new("sh")
            .args([
                "-c",
                "ulimit -f 4; exec \"$0\" import \"$1\" -o \"$2\"",
                env!("CARGO_BIN_EXE_chainlead"),
                input.to_str().unwrap(),
                out.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(!run.status.success(), "{name}: the write must fail");
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "the good file of yesterday",
            "{name}"
        );
        let left: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp"))
            .collect();
        assert!(left.is_empty(), "{name}: {left:?}");
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(err.contains(name), "{name}: {err}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_output_may_not_be_the_input() {
    let dir = tmp_dir("same");
    let input = dir.join("in.csv");
    let text = companies_csv(3, |_| "\n");
    std::fs::write(&input, &text).unwrap();
    let other = dir.join("sub/../in.csv");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_chainlead"))
        .args([
            "import",
            input.to_str().unwrap(),
            "-o",
            other.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("就是输入文件"), "{err}");
    assert_eq!(std::fs::read_to_string(&input).unwrap(), text);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_workbook_with_one_far_cell_is_read_from_its_data() {
    // A small workbook whose used range reaches XFD1048576 through one stray cell.
    let dir = tmp_dir("far-cell");
    let path = dir.join("far.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "企业名称").unwrap();
    ws.write_string(0, 1, "参保人数").unwrap();
    for i in 1..=50u32 {
        ws.write_string(i, 0, format!("远端{i}有限公司")).unwrap();
        ws.write_number(i, 1, i as f64).unwrap();
    }
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    wb.save(&path).unwrap();
    let out = company::import_files(&[path], &ImportOptions::default()).unwrap();
    assert_eq!(out.companies.len(), 50);
    assert_eq!(out.rejects.len(), 1, "the stray cell's row is a reject");
    assert_eq!(out.rejects[0].row, 1_048_576);
    std::fs::remove_dir_all(&dir).ok();
}

/// Many rows that each hold one cell far to the right would each be sized to 16,384 columns: the
/// sheet is refused with a clear error instead of growing without bound.
#[test]
fn a_workbook_of_many_far_cells_is_refused_not_allocated() {
    let dir = tmp_dir("far-cells");
    let path = dir.join("far.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "企业名称").unwrap();
    for i in 1..=4000u32 {
        ws.write_string(i, 16_383, "x").unwrap();
    }
    wb.save(&path).unwrap();
    let Err(err) = company::import_files(&[path], &ImportOptions::default()) else {
        panic!("too big a sheet is an error");
    };
    assert!(err.to_string().contains("工作表过大"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn values_that_do_not_parse_are_counted_per_column() {
    let text = "企业名称,注册资本,成立日期,参保人数,纬度\n\
甲有限公司,abc,2019-03-01,10,24.3\n\
乙有限公司,500万元,不详,很多,24.3\n\
丙有限公司,def,2020-01-01,5,北纬\n\
丁有限公司,,,,\n";
    let out = import_bytes("bad-values", "bad.csv", text.as_bytes()).unwrap();
    assert_eq!(out.companies.len(), 4, "the rows are kept");
    let f = &out.report.files[0];
    let got: Vec<(&str, usize, usize, &str)> = f
        .bad_values
        .iter()
        .map(|b| (b.column.as_str(), b.count, b.first_row, b.example.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("注册资本", 2, 2, "abc"),
            ("成立日期", 1, 3, "不详"),
            ("参保人数", 1, 3, "很多"),
            ("纬度", 1, 4, "北纬"),
        ]
    );
    let warn = f.warnings(chainlead::Lang::Zh).join("\n");
    assert!(warn.contains("注册资本 2 行"), "{warn}");
}

#[test]
fn a_title_line_above_the_header_is_skipped_in_csv_and_xlsx() {
    let text = "企查查 企业列表导出 2026-11-30,,\n\n企业名称,所属省份,参保人数\n甲有限公司,云南,3\n乙有限公司,云南,4\n";
    let out = import_bytes("title-csv", "title.csv", text.as_bytes()).unwrap();
    assert_eq!(out.companies.len(), 2);
    assert_eq!(out.report.read, 2, "the title is not a row");
    let f = &out.report.files[0];
    assert_eq!(f.header_row, 3);
    assert!(f.warnings(chainlead::Lang::Zh).join("").contains("第 3 行"));

    let dir = tmp_dir("title-xlsx");
    let path = dir.join("title.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "天眼查 搜索结果导出").unwrap();
    ws.write_string(2, 0, "企业名称").unwrap();
    ws.write_string(2, 1, "参保人数").unwrap();
    ws.write_string(3, 0, "丙有限公司").unwrap();
    ws.write_number(3, 1, 7.0).unwrap();
    wb.save(&path).unwrap();
    let out = company::import_files(&[path], &ImportOptions::default()).unwrap();
    assert_eq!(out.companies.len(), 1);
    assert_eq!(out.companies.num(Col::Employees)[0], 7.0);
    assert_eq!(out.report.files[0].header_row, 3);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn empty_and_header_only_files_say_so_in_chinese() {
    let dir = tmp_dir("no-rows");
    for (name, text, want_zh, want_en) in [
        ("empty.csv", "", "文件是空的", "empty"),
        ("blank.csv", "\r\n\r\n", "文件是空的", "empty"),
        (
            "header.csv",
            "企业名称,所属省份\r\n",
            "文件没有数据行",
            "no data rows",
        ),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        for (lang, want) in [("zh", want_zh), ("en", want_en)] {
            let run = Command::new(env!("CARGO_BIN_EXE_chainlead"))
                .args(["--lang", lang, "import", path.to_str().unwrap(), "-o"])
                .arg(dir.join("out.csv"))
                .output()
                .unwrap();
            assert_eq!(run.status.code(), Some(1), "{name}");
            let err = String::from_utf8_lossy(&run.stderr);
            assert!(err.contains(want), "{name} {lang}: {err}");
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// The national registration data's columns (注册资金 with its unit in brackets, N/A for nothing),
/// written as a CSV: the capital was dropped (an unknown header) and would have been read as yuan.
#[test]
fn registration_data_capital_in_brackets_and_n_a_placeholders() {
    let d = tmp_dir("registry-columns");
    let path = d.join("registry.csv");
    std::fs::write(
        &path,
        "企业名称,统一社会信用代码,注册日期,企业类型,法人代表,注册资金,经营范围,所在省份,地区,注册地址\n\
         甲钢材有限公司,91530402MA6K000001,1998-05-12,有限责任公司,N/A,3.1000(万元),钢材加工,云南省,玉溪市,N/A\n\
         乙五金有限公司,91530402MA6K000002,2001-01-03,有限责任公司,李四,\"27,850.0875(万)\",紧固件制造,云南省,玉溪市,红塔区\n\
         丙贸易有限公司,91530402MA6K000003,2003-07-08,有限责任公司,王五,N/A,五金销售,云南省,玉溪市,NULL\n\
         丁制品有限公司,91530402MA6K000004,2002-02-02,有限责任公司,赵六,183.8000(万人民币元),弹簧制造,云南省,玉溪市,--\n",
    )
    .unwrap();
    let out = company::import_files(&[path], &ImportOptions::default()).expect("import works");
    let c = &out.companies;
    let capital = |name: &str| c.num(Col::RegisteredCapital)[row_of(c, name)];
    assert_eq!(capital("甲钢材有限公司"), 3.1);
    assert_eq!(capital("乙五金有限公司"), 27850.0875);
    assert!(capital("丙贸易有限公司").is_nan());
    assert_eq!(capital("丁制品有限公司"), 183.8);
    let a = row_of(c, "甲钢材有限公司");
    assert_eq!(
        c.text(Col::LegalRep).get(a),
        "",
        "N/A is no legal representative"
    );
    assert_eq!(c.text(Col::Address).get(a), "");
    assert_eq!(c.text(Col::Address).get(row_of(c, "丁制品有限公司")), "");
    assert_eq!(
        c.text(Col::LegalRep).get(row_of(c, "乙五金有限公司")),
        "李四"
    );
    assert!(
        out.report.files[0].bad_values.is_empty(),
        "placeholders are not values that fail: {:?}",
        out.report.files[0].bad_values
    );
    assert!(
        !c.extra_names().iter().any(|n| n == "注册资金"),
        "{:?}",
        c.extra_names()
    );
    std::fs::remove_dir_all(&d).ok();
}
