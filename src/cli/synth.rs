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

/// Runs `chainlead synth`: generates the table batch by batch ([`synth::BATCH_ROWS`] rows, each in
/// parallel) and writes each batch as it comes, so memory stays at a few batches whatever `-n`.
pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let set = ctx.load_chains()?;
    let opts = SynthOptions {
        n: args.n,
        seed: args.seed,
        home: args.home,
    };
    let mut writer = if args.vendor {
        company::CompanyWriter::create_vendor(&args.output)?
    } else {
        company::CompanyWriter::create(&args.output, &[])?
    };
    let progress = ctx.progress(Some(opts.n as u64), "生成", "generating");
    let (mut generated, mut written) = (0.0, 0.0);
    let mut batches = synth::batches(&set, &opts, synth::BATCH_ROWS);
    loop {
        let started = Instant::now();
        let Some(batch) = batches.next() else { break };
        generated += started.elapsed().as_secs_f64();
        let started = Instant::now();
        writer.write(&batch)?;
        written += started.elapsed().as_secs_f64();
        progress.add(batch.len() as u64);
    }
    let started = Instant::now();
    let rows = writer.finish()?;
    written += started.elapsed().as_secs_f64();
    progress.finish();
    println!(
        "{}",
        match ctx.lang {
            chainlead::Lang::Zh => format!(
                "已生成 {} 家虚构企业（种子 {}）：生成 {:.2} 秒，写出 {:.2} 秒 → {}",
                rows, opts.seed, generated, written, args.output.display()
            ),
            chainlead::Lang::En => format!(
                "generated {} fictional companies (seed {}): {:.2} s to generate, {:.2} s to write → {}",
                rows, opts.seed, generated, written, args.output.display()
            ),
        }
    );
    Ok(ExitCode::SUCCESS)
}
