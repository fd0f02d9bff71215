//! `chainlead import`: clean vendor exports into the canonical company table.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;

use chainlead::company::{self, csv::Encoding, ImportOptions};
use chainlead::Lang;

use super::Context;

/// Arguments of `chainlead import`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "示例 / Examples:\n  chainlead import 企查查导出.xlsx -o companies.parquet\n  \
chainlead import a.csv b.csv --encoding gbk -o companies.csv\n\n\
不能使用的行写入 OUT.rejects.csv（来源文件、行号、原因）；统一社会信用代码相同的行合并。\n\
Rows that cannot be used go to OUT.rejects.csv with file, row and reason; rows sharing a uscc are merged."
)]
pub struct Args {
    /// 企业数据文件：CSV、XLSX/XLS、Parquet，可多个 (company files: CSV, XLSX/XLS, Parquet)
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// 输出文件，按扩展名写 Parquet 或 CSV (output, .parquet or .csv)
    #[arg(short, long, value_name = "OUT")]
    output: PathBuf,
    /// CSV 编码：auto、utf-8、gbk (CSV encoding)
    #[arg(long, default_value = "auto")]
    encoding: Encoding,
    /// 读取的工作表，缺省为第一个 (worksheet to read; the first when omitted)
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
}

/// The rejects file beside an output: companies.parquet → companies.parquet.rejects.csv.
pub fn rejects_path(out: &std::path::Path) -> PathBuf {
    let mut name = out
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".rejects.csv");
    out.with_file_name(name)
}

/// Runs `chainlead import`.
pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let lang = ctx.lang;
    let started = Instant::now();
    let opts = ImportOptions {
        encoding: args.encoding,
        sheet: args.sheet,
    };
    eprintln!(
        "{}",
        match lang {
            Lang::Zh => format!("读取 {} 个文件…", args.files.len()),
            Lang::En => format!("reading {} file(s)…", args.files.len()),
        }
    );
    for f in &args.files {
        super::input::check_input(f, lang)?;
    }
    let inputs: Vec<&std::path::Path> = args.files.iter().map(PathBuf::as_path).collect();
    super::input::check_not_input(Some(&args.output), &inputs, lang)?;
    super::input::check_not_input(Some(&rejects_path(&args.output)), &inputs, lang)?;
    super::input::check_encoding(&args.files, opts.encoding, lang)?;
    // Batch by batch: a batch is read and cleaned, then written, so the table is never held.
    let import_err = |e| super::input::import_error(e, lang);
    let mut reader =
        company::BatchReader::open_files(&args.files, &opts, company::DEFAULT_BATCH_ROWS)
            .map_err(import_err)?;
    let progress = ctx.progress(reader.total_rows().map(|n| n as u64), "导入", "importing");
    let mut writer = company::CompanyWriter::create(&args.output, reader.extra_names())?;
    let mut read_secs = started.elapsed().as_secs_f64();
    let (mut all_rejects, mut old, mut read) = (Vec::new(), 0, 0);
    loop {
        let batch_started = Instant::now();
        let batch = reader.next_batch().map_err(import_err)?;
        read_secs += batch_started.elapsed().as_secs_f64();
        let now_read = reader.report().read;
        progress.add((now_read - read) as u64);
        read = now_read;
        let Some(batch) = batch else {
            break;
        };
        all_rejects.extend(reader.take_rejects());
        old += old_region_codes(&batch);
        writer.write(&batch)?;
    }
    all_rejects.extend(reader.take_rejects());
    writer.finish()?;
    progress.finish();
    let rejects = rejects_path(&args.output);
    let r = reader.report();
    for f in &r.files {
        println!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "{}（{}）：读取 {} 行，接受 {}，拒绝 {}",
                    f.path, f.format, f.read, f.accepted, f.rejected
                ),
                Lang::En => format!(
                    "{} ({}): read {}, accepted {}, rejected {}",
                    f.path, f.format, f.read, f.accepted, f.rejected
                ),
            }
        );
        for w in f.warnings(lang) {
            println!("  {}{w}", lang.pick("注意：", "note: "));
        }
    }
    if !all_rejects.is_empty() {
        company::write_rejects(&rejects, &all_rejects)?;
        println!(
            "{} {}",
            lang.pick("被拒绝的行已写入", "rejected rows written to"),
            rejects.display()
        );
    } else if rejects.exists() {
        std::fs::remove_file(&rejects).ok();
    }
    let [file, uscc, names, none] = r.region_from;
    println!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "行政区划：来自文件 {file}，来自信用代码 {uscc}，来自地名 {names}，未识别 {none}；信用代码无效 {}（已保留并标记），缺失 {}",
                r.invalid_uscc, r.missing_uscc
            ),
            Lang::En => format!(
                "region code: from the file {file}, from the uscc {uscc}, from names {names}, unknown {none}; invalid uscc {} (kept, flagged), missing {}",
                r.invalid_uscc, r.missing_uscc
            ),
        }
    );
    if old > 0 {
        println!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "其中 {old} 家的信用代码带有已撤销或调整的区划代码（如 530421 江川县），已按现行区划（530403 江川区）计入"
                ),
                Lang::En => format!(
                    "{old} of them carry a withdrawn region code in their uscc (e.g. 530421 江川县) and count for its successor (530403 江川区)"
                ),
            }
        );
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{}；{} {}（{} {:.2} s，{} {:.2} s）",
        r.line(lang),
        lang.pick("已写出", "wrote"),
        args.output.display(),
        lang.pick("读取清洗", "read and clean"),
        read_secs,
        lang.pick("共", "total"),
        secs
    );
    Ok(ExitCode::SUCCESS)
}

/// Companies whose credit code carries a withdrawn (or newer) region code that was replaced by the
/// region table's code for the place.
fn old_region_codes(c: &chainlead::company::Companies) -> usize {
    use chainlead::company::{uscc, Col};
    let regions = chainlead::region::Regions::embedded();
    let (codes, region) = (c.text(Col::Uscc), c.text(Col::RegionCode));
    (0..c.len())
        .filter(|&i| {
            uscc::region_of(codes.get(i))
                .and_then(|r| regions.change(r))
                .is_some_and(|ch| ch.to == region.get(i))
        })
        .count()
}
