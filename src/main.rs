//! The chainlead command line: parses arguments, calls the pipeline, prints summaries.

mod cli;

use std::process::ExitCode;

use clap::FromArgMatches;

fn main() -> ExitCode {
    let code = run();
    report_peak_rss();
    code
}

/// With the hidden `CHAINLEAD_PEAK_RSS=1` (benchmarks and the memory test), the peak resident
/// memory on stderr at exit, from VmHWM of /proc/self/status (Linux; nothing elsewhere).
fn report_peak_rss() {
    if std::env::var_os("CHAINLEAD_PEAK_RSS").is_none_or(|v| v != "1") {
        return;
    }
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return;
    };
    if let Some(kb) = status.lines().find_map(|l| l.strip_prefix("VmHWM:")) {
        eprintln!("chainlead peak RSS: {}", kb.trim());
    }
}

/// Parses the command line and runs the command.
fn run() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Usage errors are said in the language asked for, so it is read before clap parses.
    let lang = cli::errors::lang_from_args(&argv);
    cli::errors::quiet_on_closed_pipe();
    chainlead::atomic::ignore_file_size_signal();
    let parsed = cli::errors::command(lang)
        .try_get_matches_from(&argv)
        .and_then(|m| cli::Cli::from_arg_matches(&m));
    let args = match parsed {
        Ok(args) => args,
        Err(e) => return cli::errors::clap_exit(e, lang, &argv),
    };
    match cli::run(args) {
        Ok(code) => code,
        // The reader of our output went away (`| head`): nothing left to say.
        Err(e) if cli::errors::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("chainlead: {}", cli::errors::localize(&e, lang));
            ExitCode::from(1)
        }
    }
}
