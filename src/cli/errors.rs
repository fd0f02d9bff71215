//! Errors a user can cause, said in the user's language with what to do: command-line usage
//! (clap's errors, in the language asked for even before parsing), failures writing outputs, and a
//! closed output pipe (`chainlead chains show | head -1`), which ends quietly.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};

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

/// The command line's definition, its help headed in the user's language: in Chinese, 用法, 命令,
/// 选项 and the help and version flags explained (the descriptions are bilingual already).
pub fn command(lang: Lang) -> clap::Command {
    use clap::CommandFactory;
    let cmd = super::Cli::command();
    match lang {
        Lang::En => cmd,
        Lang::Zh => chinese_help(
            cmd.disable_version_flag(true).arg(
                clap::Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(clap::ArgAction::Version)
                    .help("显示版本 (print version)"),
            ),
        ),
    }
}

fn chinese_help(cmd: clap::Command) -> clap::Command {
    cmd.help_template("{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令 (Commands)")
        .disable_help_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help("显示帮助 (print help)"),
        )
        .mut_args(|a| {
            if a.is_positional() || a.get_help_heading().is_some() {
                a
            } else {
                a.help_heading("选项 (Options)")
            }
        })
        .mut_subcommands(chinese_help)
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
                WriteError::UnexpectedColumn { path, column } => {
                    Some(format!("{path}：列“{column}”不在文件开头写出的表头中"))
                }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn help_is_headed_in_chinese_and_in_english_on_request() {
        let help = |lang: Lang, args: &[&str]| -> String {
            match command(lang).try_get_matches_from(os(args)) {
                Err(e) => e.render().to_string(),
                Ok(_) => panic!("help expected"),
            }
        };
        let zh = help(Lang::Zh, &["chainlead", "gaps", "--help"]);
        for want in [
            "用法：chainlead gaps",
            "选项 (Options)",
            "显示帮助",
            "--home",
            "--lang",
        ] {
            assert!(zh.contains(want), "{want}: {zh}");
        }
        assert!(!zh.contains("Usage:") && !zh.contains("Print help"), "{zh}");
        let top = help(Lang::Zh, &["chainlead", "--help"]);
        assert!(
            top.contains("命令 (Commands)") && top.contains("显示版本"),
            "{top}"
        );
        let en = help(Lang::En, &["chainlead", "gaps", "--help"]);
        assert!(en.contains("Usage:") && en.contains("Options:"), "{en}");
        // The definitions still parse into the arguments.
        use clap::FromArgMatches;
        let m = command(Lang::Zh)
            .try_get_matches_from(os(&["chainlead", "gaps", "--chain", "pv"]))
            .unwrap();
        assert!(super::super::Cli::from_arg_matches(&m).is_ok());
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
}
