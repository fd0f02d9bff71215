//! The chainlead command line: parses arguments, calls the pipeline, prints summaries.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("chainlead: {e:#}");
            ExitCode::from(1)
        }
    }
}
