//! Errors a user can cause, said in the user's language with what to do: command-line usage
//! (clap's errors), unreadable input files, an `--encoding` that does not fit the file, a closed
//! output pipe. Also the splitting of lists typed the Chinese way (`深圳、东莞`).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use chainlead::company::csv::Encoding;
use chainlead::company::ImportError;
use chainlead::Lang;

/// The language asked for on the command line (`--lang en`, `--lang=en`), read before the full
/// parse so that usage errors can be said in it; Chinese unless English is asked for.
pub fn lang_from_args(args: &[OsString]) -> Lang {
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        let value = if a == "--lang" {
            it.next().map(|v| v.into_owned())
        } else {
            a.strip_prefix("--lang=").map(str::to_string)
        };
        if let Some(v) = value {
            return v.parse().unwrap_or_default();
        }
    }
    Lang::Zh
}

/// Splits list values typed any usual way: `深圳,东莞`, `深圳，东莞`, `深圳、东莞`, `深圳；东莞`,
/// `深圳 东莞` (one argument or several); empty items are dropped.
pub fn split_list(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|v| {
            v.split(|c: char| {
                matches!(c, ',' | '，' | '、' | ';' | '；' | '|') || c.is_whitespace()
            })
        })
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A confidence from 0 to 1 (`--min-confidence`), checked as clap parses it.
pub fn unit_interval(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => {
            Err("应为 0 到 1 之间的数，如 0.5 / must be a number from 0 to 1, e.g. 0.5".to_string())
        }
    }
}

/// A positive finite number (`--strong-lq`), checked as clap parses it.
pub fn positive(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err("应为大于 0 的数，如 1.0 / must be a number above 0, e.g. 1.0".to_string()),
    }
}

/// A count of at least one (`--days`, `--top`), checked as clap parses it.
pub fn at_least_one(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(v) if v >= 1 => Ok(v),
        _ => Err(
            "应为不小于 1 的整数，如 3 / must be a whole number of 1 or more, e.g. 3".to_string(),
        ),
    }
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The first line of a usage error in Chinese: what is wrong and what to do.
fn explain_zh(e: &clap::Error) -> String {
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut line = match e.kind() {
        ErrorKind::UnknownArgument => format!("不认识的参数 `{arg}`"),
        ErrorKind::InvalidSubcommand => {
            let sub = context(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!(
                "不认识的子命令 `{sub}`；可用：chains、classify、gaps、import、leads、report、summary、trip、synth"
            )
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("参数 `{arg}` 缺少取值"),
        ErrorKind::InvalidValue => {
            let valid = context(e, ContextKind::ValidValue)
                .map(|v| format!("；可用的值：{v}"))
                .unwrap_or_default();
            format!("参数 `{arg}` 的值 `{value}` 无效{valid}")
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|s| format!("：{s}"))
                .unwrap_or_default();
            format!("参数 `{arg}` 的值 `{value}` 无效{why}")
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "缺少子命令".to_string()
        }
        ErrorKind::ArgumentConflict => {
            let other = context(e, ContextKind::PriorArg).unwrap_or_default();
            format!("参数 `{arg}` 不能与 `{other}` 同时使用")
        }
        ErrorKind::TooManyValues => format!("参数 `{arg}` 的取值过多（`{value}`）"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("参数 `{arg}` 的取值个数不对")
        }
        ErrorKind::NoEquals => format!("参数 `{arg}` 需要用等号给值，如 `{arg}=值`"),
        ErrorKind::InvalidUtf8 => "参数中有无法识别的字符（不是 UTF-8）".to_string(),
        _ => "命令行参数有误".to_string(),
    };
    let suggested = context(e, ContextKind::SuggestedArg)
        .or_else(|| context(e, ContextKind::SuggestedSubcommand))
        .or_else(|| context(e, ContextKind::SuggestedValue));
    if let Some(s) = suggested {
        line.push_str(&format!("（是否想用 `{s}`？）"));
    }
    line
}

/// A usage error as the user reads it: in Chinese, a line saying what is wrong, clap's own
/// message (English detail) and the usage, then where to find help; in English, clap's message.
pub fn render_clap_error(e: &clap::Error, lang: Lang, args: &[OsString]) -> String {
    let original = e.render().to_string();
    if lang == Lang::En {
        return original;
    }
    let mut detail = Vec::new();
    let mut usage = Vec::new();
    for line in original.lines() {
        if line.starts_with("Usage:") || !usage.is_empty() {
            if line.trim().is_empty() || line.starts_with("For more information") {
                break;
            }
            usage.push(line.replacen("Usage: ", "用法：", 1));
        } else if let Some(msg) = line.strip_prefix("error: ") {
            detail.push(msg.to_string());
        } else if line.trim_start().starts_with("tip:") {
            detail.push(line.trim().to_string());
        }
    }
    let mut out = format!("错误：{}\n", explain_zh(e));
    // A value check's own message is already in the line above.
    if !detail.is_empty() && e.kind() != ErrorKind::ValueValidation {
        out.push_str(&format!("（原文：{}）\n", detail.join("；")));
    }
    if !usage.is_empty() {
        out.push('\n');
        out.push_str(&usage.join("\n"));
        out.push('\n');
    }
    let command = usage
        .first()
        .and_then(|u| u.strip_prefix("用法："))
        .map(|u| {
            u.split_whitespace()
                .take_while(|w| !w.starts_with('[') && !w.starts_with('<') && !w.starts_with('-'))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| match subcommand(args) {
            Some(sub) => format!("chainlead {sub}"),
            None => "chainlead".to_string(),
        });
    out.push_str(&format!("\n查看全部参数和示例：{command} --help\n"));
    out
}

/// The subcommand named on the command line, if any.
fn subcommand(args: &[OsString]) -> Option<String> {
    use clap::CommandFactory;
    let cmd = super::Cli::command();
    args.iter().skip(1).find_map(|a| {
        let a = a.to_string_lossy();
        cmd.find_subcommand(a.as_ref())
            .map(|s| s.get_name().to_string())
    })
}

/// Prints a clap error (help and version as clap does) and gives the exit code.
pub fn clap_exit(e: clap::Error, lang: Lang, args: &[OsString]) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            // Help and version go to stdout; a closed pipe is no error.
            let _ = e.print();
            ExitCode::SUCCESS
        }
        _ => {
            eprint!("{}", render_clap_error(&e, lang, args));
            ExitCode::from(2)
        }
    }
}

/// True when the error comes from writing to a closed pipe (`chainlead chains show | head -1`).
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Makes a panic from printing to a closed stdout (`println!` after the reader went away) a
/// quiet exit instead of a crash report; every other panic is reported as before.
pub fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let msg = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.starts_with("failed printing to stdout") && msg.contains("os error 32") {
            std::process::exit(0);
        }
        default(info)
    }));
}

/// The message of a failed run in the user's language: errors of writing outputs are said in
/// Chinese with what to do; the others as they are (they are given in the user's language where
/// they arise).
pub fn localize(e: &anyhow::Error, lang: Lang) -> String {
    use chainlead::company::WriteError;
    use chainlead::render::charts::ChartError;
    use chainlead::render::report::ReportError;
    use chainlead::render::TableError;
    if lang == Lang::En {
        return format!("{e:#}");
    }
    let write_failed = |path: &str, message: &str| {
        format!("无法写出 {path}：{message}；请确认目录存在、有写入权限、磁盘有空间，且文件没有在 Excel 或 WPS 中打开")
    };
    let table = |t: &TableError| -> Option<String> {
        #[allow(unreachable_patterns)]
        Some(match t {
            TableError::Io { path, message } => write_failed(path, message),
            TableError::UnknownFormat { path } => {
                format!("{path}：不支持的输出类型；请用 .csv、.xlsx、.json 或 .parquet 结尾的文件名")
            }
            TableError::TooManyRows { path, rows } => format!(
                "{path}：{rows} 行超出 Excel 单个工作表的上限（1,048,575 行）；请改为输出 .csv 或 .parquet"
            ),
            _ => return None,
        })
    };
    for cause in e.chain() {
        let said = if let Some(t) = cause.downcast_ref::<TableError>() {
            table(t)
        } else if let Some(r) = cause.downcast_ref::<ReportError>() {
            #[allow(unreachable_patterns)]
            match r {
                ReportError::Io { path, message } => Some(write_failed(path, message)),
                ReportError::Table(t) => table(t),
                ReportError::Chart(ChartError::Draw { path, message }) => {
                    Some(write_failed(path, message))
                }
                _ => None,
            }
        } else if let Some(ChartError::Draw { path, message }) = cause.downcast_ref::<ChartError>()
        {
            Some(write_failed(path, message))
        } else if let Some(w) = cause.downcast_ref::<WriteError>() {
            #[allow(unreachable_patterns)]
            match w {
                WriteError::Io { path, message } => Some(write_failed(path, message)),
                WriteError::UnknownFormat { path } => Some(format!(
                    "{path}：不支持的输出类型；企业表请用 .parquet 或 .csv 结尾的文件名"
                )),
                _ => None,
            }
        } else {
            None
        };
        if let Some(text) = said {
            return text;
        }
    }
    format!("{e:#}")
}

/// Refuses an input file that is not there or is a directory, before any work, saying what to do.
pub fn check_input(path: &Path, lang: Lang) -> anyhow::Result<()> {
    let p = path.display();
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => anyhow::bail!(
            "{}",
            match lang {
                Lang::Zh => format!("{p} 是一个目录，不是文件：请给出企业数据文件（CSV、XLSX、Parquet）的路径"),
                Lang::En => format!("{p} is a directory, not a file: give the path of a company file (CSV, XLSX, Parquet)"),
            }
        ),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => anyhow::bail!(
            "{}",
            match lang {
                Lang::Zh => format!("找不到文件 {p}：请检查路径和文件名（含空格的路径请加引号）"),
                Lang::En => format!("file not found: {p}; check the path and the name (quote a path with spaces)"),
            }
        ),
        Err(e) => anyhow::bail!(
            "{}",
            match lang {
                Lang::Zh => format!("无法读取 {p}：{e}；请确认有读取权限"),
                Lang::En => format!("cannot read {p}: {e}; check that you may read it"),
            }
        ),
    }
}

/// An import error in the user's language, with what to do.
pub fn import_error(e: ImportError, lang: Lang) -> anyhow::Error {
    let zh = lang == Lang::Zh;
    let text = match &e {
        ImportError::Io { path, message } if zh => {
            format!("无法读取 {path}：{message}；请确认文件存在、有读取权限、未被其他程序独占")
        }
        ImportError::Io { path, message } => {
            format!("cannot read {path}: {message}; check that the file exists, may be read and is not locked by another program")
        }
        ImportError::Workbook { path, message } if message.starts_with("cannot open") => {
            if zh {
                format!("无法打开工作簿 {path}：文件已损坏，或不是真正的 Excel 文件（例如改了扩展名的其他文件）。请用 Excel 或 WPS 打开后另存为 .xlsx，或另存为 CSV 再导入。（详情：{message}）")
            } else {
                format!("cannot open the workbook {path}: it is damaged or not really an Excel file (e.g. another file renamed). Open it in Excel or WPS and save it again as .xlsx, or save it as CSV. (detail: {message})")
            }
        }
        ImportError::Workbook { path, message } if zh => {
            format!("无法读取工作簿 {path}：{message}（可用 --sheet 指定工作表名称）")
        }
        ImportError::Workbook { path, message } => {
            format!("cannot read the workbook {path}: {message} (--sheet NAME picks the worksheet)")
        }
        ImportError::UnknownFormat { path } if zh => {
            format!("{path}：不支持的文件类型；请使用 .csv、.txt、.xlsx、.xls 或 .parquet 文件")
        }
        ImportError::Parquet { path, message } if zh => {
            format!("无法读取 Parquet 文件 {path}：{message}；文件可能不完整，请重新生成")
        }
        ImportError::Empty { path } if zh => {
            format!("{path}：文件是空的（连表头行都没有）；请检查导出是否完整")
        }
        ImportError::NoNameColumn {
            path,
            found,
            accepted,
        } if zh => format!(
            "{path}：找不到企业名称列。文件中的列：{found}。可识别的列名：{accepted}。请把企业名称所在列的表头改为“企业名称”"
        ),
        #[allow(unreachable_patterns)]
        _ => e.to_string(),
    };
    anyhow::anyhow!(text)
}

/// Refuses a `--province` that names no province, listing the provinces.
pub fn check_province(name: &str, lang: Lang) -> anyhow::Result<()> {
    let regions = chainlead::region::Regions::embedded();
    let want = chainlead::region::short_name(name);
    let names: Vec<&str> = regions
        .provinces()
        .map(|r| chainlead::region::short_name(&r.name))
        .collect();
    if names.contains(&want) {
        return Ok(());
    }
    anyhow::bail!(
        "{}",
        match lang {
            Lang::Zh => format!("没有名为“{name}”的省份。可用：{}", names.join("、")),
            Lang::En => format!(
                "no province named `{name}`. The provinces: {}",
                names.join(", ")
            ),
        }
    )
}

/// When filters leave nothing, says so (naming the filters given) instead of writing an empty list.
pub fn nothing_matched(filters: &[(&str, Option<&str>)], lang: Lang) -> anyhow::Result<()> {
    let given: Vec<String> = filters
        .iter()
        .filter_map(|(flag, v)| v.map(|v| format!("{flag} {v}")))
        .collect();
    if given.is_empty() {
        return Ok(());
    }
    anyhow::bail!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "没有符合筛选条件（{}）的线索，未写出文件：这些企业或在本地区划内、或不在营业、或所在环节本地不缺。请放宽或去掉筛选条件再试",
                given.join("，")
            ),
            Lang::En => format!(
                "no lead matches the filters ({}); nothing written: such companies are in the home region, not active, or on nodes the home region does not lack. Widen or drop a filter",
                given.join(", ")
            ),
        }
    )
}

/// Non-ASCII lines of a sample: how many are valid UTF-8, how many are not, and the first of those
/// (1-based) with whether all of them decode as GB18030.
struct EncodingSample {
    utf8: usize,
    other: usize,
    first_other: Option<usize>,
    other_is_gbk: bool,
}

fn sample_encoding(bytes: &[u8]) -> EncodingSample {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut s = EncodingSample {
        utf8: 0,
        other: 0,
        first_other: None,
        other_is_gbk: true,
    };
    for (i, line) in bytes.split(|&b| b == b'\n' || b == b'\r').enumerate() {
        if line.is_ascii() {
            continue;
        }
        match std::str::from_utf8(line) {
            Ok(_) => s.utf8 += 1,
            // A line cut at the end of the sample is not counted.
            Err(e) if e.error_len().is_none() && line.len() - e.valid_up_to() < 4 => {}
            Err(_) => {
                s.other += 1;
                s.first_other.get_or_insert(i + 1);
                let gbk = encoding_rs::GB18030
                    .decode_without_bom_handling_and_without_replacement(line)
                    .is_some();
                s.other_is_gbk &= gbk;
            }
        }
    }
    s
}

/// Refuses `--encoding utf-8` or `--encoding gbk` on a CSV file that is plainly something else,
/// naming the encoding found and the option to use instead.
pub fn check_encoding(files: &[PathBuf], encoding: Encoding, lang: Lang) -> anyhow::Result<()> {
    if encoding == Encoding::Auto {
        return Ok(());
    }
    const SAMPLE: u64 = 4 << 20;
    for path in files {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if !matches!(ext.as_str(), "csv" | "txt" | "tsv") {
            continue;
        }
        let mut bytes = Vec::new();
        let Ok(f) = std::fs::File::open(path) else {
            continue;
        };
        use std::io::Read;
        if f.take(SAMPLE).read_to_end(&mut bytes).is_err() {
            continue;
        }
        let s = sample_encoding(&bytes);
        let p = path.display();
        match encoding {
            Encoding::Utf8 if s.other > 0 => {
                let line = s.first_other.unwrap_or(0);
                let (found_zh, found_en, advice_zh, advice_en) = if s.utf8 == 0 && s.other_is_gbk {
                    ("看起来是 GBK/GB18030 编码", "it looks like GBK/GB18030", "请改用 --encoding gbk，或去掉 --encoding 让程序自动识别", "use --encoding gbk, or leave --encoding out to detect it")
                } else if s.utf8 > 0 {
                    ("文件混有 UTF-8 行和其他编码的行", "the file mixes UTF-8 rows with rows in another encoding", "请去掉 --encoding，让程序逐行识别编码", "leave --encoding out so that each row's encoding is detected")
                } else {
                    ("也不是 GBK 编码", "nor is it GBK", "请在 Excel 或 WPS 中另存为“CSV UTF-8”后再导入", "save it from Excel or WPS as “CSV UTF-8” and import that")
                };
                anyhow::bail!(
                    "{}",
                    match lang {
                        Lang::Zh => format!("{p} 不是 UTF-8 编码（第 {line} 行起有 {} 行无法按 UTF-8 解码），{found_zh}：{advice_zh}", s.other),
                        Lang::En => format!("{p} is not UTF-8 ({} lines, the first on line {line}, are not valid UTF-8); {found_en}: {advice_en}", s.other),
                    }
                )
            }
            Encoding::Gbk if s.utf8 > 0 && s.other == 0 => anyhow::bail!(
                "{}",
                match lang {
                    Lang::Zh => format!("{p} 是 UTF-8 编码，按 --encoding gbk 读取会变成乱码：请改用 --encoding utf-8，或去掉 --encoding 让程序自动识别"),
                    Lang::En => format!("{p} is UTF-8; read as --encoding gbk it would be garbled: use --encoding utf-8, or leave --encoding out to detect it"),
                }
            ),
            Encoding::Gbk if s.utf8 > 0 => anyhow::bail!(
                "{}",
                match lang {
                    Lang::Zh => format!("{p} 混有 UTF-8 行（{} 行）和 GBK 行（{} 行），按 --encoding gbk 读取 UTF-8 行会变成乱码：请去掉 --encoding，让程序逐行识别编码", s.utf8, s.other),
                    Lang::En => format!("{p} mixes UTF-8 rows ({}) and GBK rows ({}); read as --encoding gbk the UTF-8 rows would be garbled: leave --encoding out so that each row's encoding is detected", s.utf8, s.other),
                }
            ),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn finds_the_language_before_parsing() {
        assert_eq!(
            lang_from_args(&os(&["chainlead", "gaps", "--bogus"])),
            Lang::Zh
        );
        assert_eq!(
            lang_from_args(&os(&["chainlead", "gaps", "--lang", "en", "--bogus"])),
            Lang::En
        );
        assert_eq!(
            lang_from_args(&os(&["chainlead", "--lang=en", "x"])),
            Lang::En
        );
        assert_eq!(
            lang_from_args(&os(&["chainlead", "--lang", "cn"])),
            Lang::Zh
        );
        assert_eq!(
            lang_from_args(&os(&["chainlead", "--", "--lang", "en"])),
            Lang::Zh
        );
    }

    #[test]
    fn splits_lists_typed_the_chinese_way() {
        let want = ["深圳", "东莞"];
        for typed in [
            "深圳,东莞",
            "深圳，东莞",
            "深圳、东莞",
            "深圳 东莞",
            "深圳；东莞",
            " 深圳 , 东莞 ,",
            "深圳\u{3000}东莞",
        ] {
            assert_eq!(split_list(&[typed.to_string()]), want, "{typed}");
        }
        assert_eq!(split_list(&["深圳".into(), "东莞".into()]), want);
        assert!(split_list(&["，、".into()]).is_empty());
    }

    #[test]
    fn numbers_are_checked_as_they_are_parsed() {
        assert_eq!(unit_interval("0.6"), Ok(0.6));
        assert_eq!(unit_interval("1"), Ok(1.0));
        for bad in ["2", "-0.1", "nan", "abc", ""] {
            assert!(unit_interval(bad).is_err(), "{bad}");
        }
        assert_eq!(at_least_one("3"), Ok(3));
        for bad in ["0", "-1", "1.5", "三"] {
            assert!(at_least_one(bad).is_err(), "{bad}");
        }
        assert_eq!(positive("1.5"), Ok(1.5));
        for bad in ["0", "-1", "inf", "nan", "x"] {
            assert!(positive(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn samples_encodings_line_by_line() {
        let (gbk, _, _) = encoding_rs::GBK.encode("企业名称,经营范围\n云南测试有限公司,钢材销售\n");
        let s = sample_encoding(&gbk);
        assert_eq!(
            (s.utf8, s.other, s.first_other, s.other_is_gbk),
            (0, 2, Some(1), true)
        );
        let s = sample_encoding("企业名称\r云南\r\n".as_bytes());
        assert_eq!((s.utf8, s.other), (2, 0));
        let mut mixed = "企业名称\n".as_bytes().to_vec();
        mixed.extend_from_slice(&gbk);
        let s = sample_encoding(&mixed);
        assert_eq!((s.utf8, s.other, s.first_other), (1, 2, Some(2)));
    }
}
