//! Input files checked before any work, and import errors said in the user's language with what
//! to do: a missing file or a directory, a damaged workbook, an `--encoding` that does not fit the
//! file (naming the one found).

use std::path::{Path, PathBuf};

use chainlead::company::csv::Encoding;
use chainlead::company::ImportError;
use chainlead::Lang;

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

/// Refuses an output that is one of the input files (the same file after resolving links and
/// `..`): writing it would destroy the data being read.
pub fn check_not_input(output: Option<&Path>, inputs: &[&Path], lang: Lang) -> anyhow::Result<()> {
    let Some(output) = output else { return Ok(()) };
    match inputs
        .iter()
        .find(|i| chainlead::atomic::same_file(output, i))
    {
        None => Ok(()),
        Some(input) => anyhow::bail!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "输出文件 {} 就是输入文件 {}：写出会覆盖原始数据。请用 -o 另选一个文件名",
                    output.display(),
                    input.display()
                ),
                Lang::En => format!(
                    "the output {} is the input file {}: writing it would overwrite the data. Choose another name with -o",
                    output.display(),
                    input.display()
                ),
            }
        ),
    }
}

/// An import error in the user's language, with what to do.
pub fn import_error(e: ImportError, lang: Lang) -> anyhow::Error {
    anyhow::anyhow!(e.message(lang))
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
        let s = chainlead::company::csv::sample_encodings(&bytes);
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
