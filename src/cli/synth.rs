//! `chainlead synth`: write a synthetic national company database.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;

use chainlead::company;
use chainlead::synth::{self, SynthOptions};

use super::Context;

/// Arguments of `chainlead synth`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "示例 / Examples:\n  chainlead synth -n 1000000 -o national.parquet\n  \
chainlead synth -n 300 --seed 1 --vendor -o sample.csv\n\n\
企业名称和数据均为虚构。The names and figures are fictional."
)]
pub struct Args {
    /// 企业数量 (number of companies)
    #[arg(short, default_value_t = synth::DEMO_SIZE)]
    n: usize,
    /// 随机种子：相同的数量和种子生成完全相同的文件 (seed: same n and seed, same bytes)
    #[arg(long, default_value_t = synth::DEMO_SEED)]
    seed: u64,
    /// 按本地设计结构生成的本地区划代码 (home region that gets the designed local mix)
    #[arg(long, default_value = synth::DEMO_HOME)]
    home: String,
    /// 以企业数据商导出的样式写 CSV（中文表头）(write a vendor-style CSV with Chinese headers)
    #[arg(long)]
    vendor: bool,
    /// 输出文件：.parquet 或 .csv (output file)
    #[arg(short, long, value_name = "OUT")]
    output: PathBuf,
}

/// Runs `chainlead synth`.
pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let set = ctx.load_chains()?;
    let started = Instant::now();
    let opts = SynthOptions {
        n: args.n,
        seed: args.seed,
        home: args.home,
    };
    let companies = synth::generate(&set, &opts);
    let generated = started.elapsed().as_secs_f64();
    if args.vendor {
        company::write_vendor_csv(&args.output, &companies)?;
    } else {
        company::write_companies(&args.output, &companies)?;
    }
    let total = started.elapsed().as_secs_f64();
    println!(
        "{}",
        match ctx.lang {
            chainlead::Lang::Zh => format!(
                "已生成 {} 家虚构企业（种子 {}）：生成 {:.2} 秒，写出 {:.2} 秒 → {}",
                companies.len(), opts.seed, generated, total - generated, args.output.display()
            ),
            chainlead::Lang::En => format!(
                "generated {} fictional companies (seed {}): {:.2} s to generate, {:.2} s to write → {}",
                companies.len(), opts.seed, generated, total - generated, args.output.display()
            ),
        }
    );
    Ok(ExitCode::SUCCESS)
}
