//! Subcommands, one file each, with their usage text beside their code.

mod chains;
mod classify;
pub mod errors;
mod gaps;
mod import;
mod input;
mod leads;
mod projects;
mod report;
mod serve;
mod summary;
mod synth;
mod trip;
mod users;
mod values;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

use chainlead::chain::ChainSet;
use chainlead::company::{self, Companies};
use chainlead::pipeline::{self, PipelineError, ScanOptions, Source};
use chainlead::synth as synthetic;
use chainlead::Lang;

/// chainlead — 产业链分析与招商线索引擎 (industry-chain analysis and lead matching).
#[derive(Debug, Parser)]
#[command(
    name = "chainlead",
    version,
    about = "产业链分析与招商线索引擎 — industry-chain analysis and lead matching",
    long_about = "产业链分析与招商线索引擎：产业链图谱、企业匹配、缺链诊断、招商线索排序。\n\
                  Industry-chain analysis and lead matching for an investment-promotion bureau.\n\n\
                  示例 / Examples:\n  chainlead report                       # 演示数据的完整报告 / the full report on the demo\n  \
                  chainlead import 导出.xlsx -o companies.parquet\n  \
                  chainlead gaps --companies companies.parquet --home 530402 -o gaps.xlsx\n  \
                  chainlead leads --chain pv -o leads.xlsx\n  \
                  chainlead trip --cities 深圳,东莞 --days 3 -o trip\n  \
                  chainlead chains show pv --lang en"
)]
pub struct Cli {
    /// 输出语言 zh 或 en (language of what you read: zh or en)
    #[arg(long, global = true, default_value = "zh")]
    pub lang: Lang,
    /// 从该目录读取产业链文件，代替内置的四条产业链 (load chain files from DIR instead of the embedded ones)
    #[arg(long, global = true, value_name = "DIR")]
    pub chains: Option<PathBuf>,
    /// 不显示进度条 (no progress bars on stderr)
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 产业链图谱：列出、查看、校验、导出 (the chains: list, show, validate, export)
    Chains(chains::Args),
    /// 企业与产业链环节匹配，附置信度和依据 (match companies onto chain nodes, with evidence)
    Classify(classify::Args),
    /// 缺链诊断：本地各环节强链、弱链、缺链及机会类型 (the home region's strong, weak and missing links)
    Gaps(gaps::Args),
    /// 导入企业数据商导出的 CSV/Excel/Parquet，清洗为标准企业表 (clean vendor exports into the company table)
    Import(import::Args),
    /// 招商线索：各专班的目标企业排序及推荐理由 (ranked, explained target lists per chain)
    Leads(leads::Args),
    /// 项目策划包装卡片：各链优先缺口的项目卡片（Word、网页、Excel）(project packaging cards per gap: DOCX, HTML, XLSX)
    Projects(projects::Args),
    /// 生成 HTML 报告：诊断、图表、线索（主任务）(the HTML report with charts and lists: the main job)
    Report(report::Args),
    /// 网页工作台：链图、线索、企业画像、地图、出访（本机浏览器打开）(the web workspace: chains, leads, companies, map, trip)
    Serve(serve::Args),
    /// 企业数据概况：数量、在营、地区、标签 (what a company table holds)
    Summary(summary::Args),
    /// 外出招商行程：目的城市拜访名单、每日路线和企业简报 (outbound trip: whom to visit, in what order, briefs)
    Trip(trip::Args),
    /// 生成虚构的全国企业库，用于演示、测试和基准 (write a synthetic national company database)
    Synth(synth::Args),
    /// 工作台用户：添加、列出、停用、重设密码 (the workspace's users)
    Users(users::Args),
    /// 招商项目跟踪数据库：备份、检查 (the pipeline's database: backup, check)
    Db(users::DbArgs),
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let ctx = Context {
        lang: cli.lang,
        chains_dir: cli.chains,
        quiet: cli.quiet,
    };
    match cli.command {
        Command::Chains(args) => chains::run(&ctx, args),
        Command::Classify(args) => classify::run(&ctx, args),
        Command::Gaps(args) => gaps::run(&ctx, args),
        Command::Import(args) => import::run(&ctx, args),
        Command::Leads(args) => leads::run(&ctx, args),
        Command::Projects(args) => projects::run(&ctx, args),
        Command::Report(args) => report::run(&ctx, args),
        Command::Serve(args) => serve::run(&ctx, args),
        Command::Summary(args) => summary::run(&ctx, args),
        Command::Synth(args) => synth::run(&ctx, args),
        Command::Trip(args) => trip::run(&ctx, args),
        Command::Users(args) => users::run(&ctx, args),
        Command::Db(args) => users::run_db(&ctx, args),
    }
}

/// Describes where companies came from, for summaries.
fn describe_demo(lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "内置演示数据（{} 家虚构企业，种子 {}，本地区划 {} {}）",
            synthetic::DEMO_SIZE,
            synthetic::DEMO_SEED,
            synthetic::DEMO_HOME,
            chainlead::region::Regions::embedded().full_name(synthetic::DEMO_HOME)
        ),
        Lang::En => format!(
            "the embedded demo ({} fictional companies, seed {}, home {} Hongta, Yuxi, Yunnan)",
            synthetic::DEMO_SIZE,
            synthetic::DEMO_SEED,
            synthetic::DEMO_HOME
        ),
    }
}

/// The company data and home region of the commands that diagnose a region.
#[derive(Debug, clap::Args)]
pub struct RegionArgs {
    /// 企业数据文件（CSV、XLSX、Parquet）；缺省使用内置演示数据 (company file; the demo when omitted)
    #[arg(long, value_name = "FILE")]
    pub companies: Option<PathBuf>,
    /// 本地区划：代码（53、5304、530402）或名称（玉溪市红塔区、北京市朝阳区）；用 --companies 时必填，
    /// 缺省为演示数据的区划 (home region: code or name; required with --companies)
    #[arg(long, value_name = "CODE")]
    pub home: Option<String>,
}

/// The date a region command's files carry: the demo data's date on the demo, else today.
pub fn output_date(region: &RegionArgs) -> String {
    match region.companies {
        None => chainlead::leads::profile::default_data_date(),
        Some(_) => gaps::today(),
    }
}

/// The home region, resolved and checked before any data are loaded.
#[derive(Debug, Clone)]
pub struct Home {
    /// Its six-digit code.
    pub code: String,
    /// A line saying an old code or name was mapped to its successor.
    pub note: Option<String>,
}

/// Resolves `--home` (the demo's home only on the demo): a name fitting several regions, an
/// unknown one, or own companies without `--home` are errors in the user's language.
pub fn resolve_home(region: &RegionArgs, lang: Lang) -> Result<Home> {
    let given = match (&region.home, &region.companies) {
        (Some(h), _) => h.as_str(),
        (None, None) => synthetic::DEMO_HOME,
        (None, Some(_)) => anyhow::bail!(
            "{}",
            lang.pick(
                "使用自己的企业数据（--companies）时，请用 --home 指定本地区划，\
                 代码或名称均可，例如 --home 440305 或 --home 深圳市南山区",
                "with your own companies (--companies), say which region is home with --home, \
                 by code or name, e.g. --home 440305 or --home 深圳市南山区"
            )
        ),
    };
    let regions = chainlead::region::Regions::embedded();
    let resolved = regions
        .resolve(given)
        .map_err(|e| anyhow::anyhow!("{}", e.message(lang)))?;
    let code = resolved.region.code.clone();
    let full_name = regions.full_name(&code);
    let note = resolved.change.map(|c| match (lang, c.newer) {
        (Lang::Zh, false) => format!(
            "提示：区划 {} {}已于 {} 年撤销或调整，按现行区划 {code} {full_name} 计算",
            c.code, c.name, c.year
        ),
        (Lang::Zh, true) => format!(
            "提示：区划 {} {}（{} 年设立）按本程序区划表中的 {code} {full_name} 计算",
            c.code, c.name, c.year
        ),
        (Lang::En, false) => format!(
            "note: region {} {} was withdrawn or changed in {}; counted as its successor {code} {full_name}",
            c.code, c.name, c.year
        ),
        (Lang::En, true) => format!(
            "note: region {} {} (created {}) is counted as {code} {full_name} of the embedded table",
            c.code, c.name, c.year
        ),
    });
    Ok(Home { code, note })
}

/// The checks of a command that diagnoses a region and writes a table (`gaps`, `leads`), made
/// before any data are loaded: the home region, an output that is not the input, and the output's
/// file type.
pub fn check_table_command(
    region: &RegionArgs,
    output: Option<&std::path::Path>,
    lang: Lang,
) -> Result<()> {
    resolve_home(region, lang)?;
    if let Some(input) = region.companies.as_deref() {
        input::check_not_input(output, &[input], lang)?;
    }
    check_output(
        output,
        &["xlsx", "csv", "txt", "json", "parquet", "pq"],
        lang,
    )
}

/// Checks the output file's type before any work: one of `allowed` extensions.
pub fn check_output(path: Option<&std::path::Path>, allowed: &[&str], lang: Lang) -> Result<()> {
    let Some(path) = path else { return Ok(()) };
    let ext = chainlead::base::extension(path);
    if allowed.contains(&ext.as_str()) {
        return Ok(());
    }
    let list = allowed
        .iter()
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "));
    anyhow::bail!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "无法写出 {}：不支持的输出类型，请改用 {list} 结尾的文件名",
                path.display()
            ),
            Lang::En => format!(
                "cannot write {}: unknown output type, use a file name ending in {list}",
                path.display()
            ),
        }
    )
}

/// The lead lists of a region command and what they refer to.
pub struct Ranked {
    /// The companies the leads refer to (the leads' rows are theirs).
    pub companies: Companies,
    /// Where they came from, for the summary line.
    pub source: String,
    /// The diagnosis of the home region.
    pub report: chainlead::gaps::GapReport,
    /// The ranked leads.
    pub leads: chainlead::leads::Leads,
    /// The home region's firms on each node (rows of `companies`), when asked for.
    pub local_firms: Vec<Vec<usize>>,
}

/// What every subcommand gets: the language and where the chains come from.
pub struct Context {
    /// Output language.
    pub lang: Lang,
    /// `--chains DIR`, if given.
    pub chains_dir: Option<PathBuf>,
    /// `--quiet`: no progress bars.
    pub quiet: bool,
}

impl Context {
    /// A progress bar over `total` rows for a step called `zh` / `en`, hidden with `--quiet` or
    /// when stderr is not a terminal.
    pub fn progress(
        &self,
        total: Option<u64>,
        zh: &str,
        en: &str,
    ) -> chainlead::progress::Progress {
        chainlead::progress::Progress::rows(total, self.lang.pick(zh, en), self.quiet, self.lang)
    }
}

impl Context {
    /// Where the companies of `--companies FILE` come from, or the demo database built in memory.
    pub fn source(&self, path: Option<&std::path::Path>) -> Result<Source> {
        match path {
            Some(p) => {
                input::check_input(p, self.lang)?;
                Ok(Source::file(p))
            }
            None => Ok(Source::Memory(synthetic::demo(&self.load_chains()?))),
        }
    }

    /// The line saying where the companies came from (a file with its import counts, or the
    /// demo), after printing a file's import notes on stderr.
    pub fn source_line(
        &self,
        path: Option<&std::path::Path>,
        report: Option<&company::ImportReport>,
    ) -> String {
        let (Some(p), Some(r)) = (path, report) else {
            return describe_demo(self.lang);
        };
        for w in r.files.iter().flat_map(|f| f.warnings(self.lang)) {
            eprintln!("{}{w}", self.lang.pick("注意：", "note: "));
        }
        match self.lang {
            Lang::Zh => format!("{}（{}）", p.display(), r.line(self.lang)),
            Lang::En => format!("{} ({})", p.display(), r.line(self.lang)),
        }
    }

    /// A pipeline error in the user's language.
    pub(crate) fn pipeline_error(&self, e: PipelineError) -> anyhow::Error {
        match (e, self.lang) {
            (PipelineError::Import(e), lang) => input::import_error(e, lang),
            (
                PipelineError::Gaps(chainlead::gaps::GapError::EmptyHome { code, name }),
                Lang::Zh,
            ) => {
                anyhow::anyhow!(
                    "本地区划 {code} {name} 在企业数据中没有在营企业：请检查 --home 是否与数据中企业所在地区一致"
                )
            }
            (e, _) => e.into(),
        }
    }

    /// The resolved home region of `region` (its note printed) and the source of its companies.
    fn region_source(&self, region: &RegionArgs) -> Result<(Home, Source)> {
        let home = resolve_home(region, self.lang)?;
        if let Some(note) = &home.note {
            eprintln!("{note}");
        }
        let source = self.source(region.companies.as_deref())?;
        Ok((home, source))
    }

    /// Reads the companies of `region` in batches, classifies them and diagnoses the home region,
    /// keeping only the gap census (memory grows with cities × nodes, not with the table); with the
    /// line saying where the companies came from.
    pub fn diagnose_gaps(
        &self,
        set: &ChainSet,
        region: &RegionArgs,
        min_confidence: f64,
        cfg: &chainlead::gaps::GapConfig,
    ) -> Result<(String, chainlead::gaps::GapReport)> {
        let (home, source) = self.region_source(region)?;
        let classifier = chainlead::classify::Classifier::new(set)?;
        let opts = ScanOptions {
            min_confidence,
            ..ScanOptions::default()
        };
        let progress = self.progress(None, "读取并匹配", "reading and matching");
        let d = pipeline::diagnose(&source, set, &classifier, &home.code, &opts, cfg, &progress)
            .map_err(|e| self.pipeline_error(e))?;
        let line = self.source_line(region.companies.as_deref(), d.pass.report.as_ref());
        Ok((line, d.report))
    }

    /// The lead lists of `region` in bounded memory (see `pipeline::lead_run`): the companies the
    /// leads refer to, their matches, the diagnosis and the ranked leads; `keep` narrows the leads
    /// by region code before their companies are fetched; `extras` says what else to fetch.
    pub fn lead_run(
        &self,
        set: &ChainSet,
        region: &RegionArgs,
        profile: &chainlead::leads::Profile,
        filter: &chainlead::leads::LeadFilter,
        keep: Option<&dyn Fn(&str) -> bool>,
        extras: pipeline::Extras,
    ) -> Result<Ranked> {
        let (home, source) = self.region_source(region)?;
        let classifier = chainlead::classify::Classifier::new(set)?;
        let opts = ScanOptions::default();
        let cfg = chainlead::gaps::GapConfig::default();
        let progress = self.progress(None, "读取并匹配", "reading and matching");
        let run = pipeline::lead_run(
            &source,
            set,
            &classifier,
            &home.code,
            profile,
            filter,
            keep,
            extras,
            &opts,
            &cfg,
            &progress,
        )
        .map_err(|e| self.pipeline_error(e))?;
        let line = self.source_line(region.companies.as_deref(), run.pass.report.as_ref());
        Ok(Ranked {
            companies: run.companies,
            source: line,
            report: run.report,
            leads: run.leads,
            local_firms: run.local_firms,
        })
    }

    /// The lead profile of `--profile FILE`, or the shipped default.
    pub fn profile(&self, path: Option<&std::path::Path>) -> Result<chainlead::leads::Profile> {
        match path {
            Some(p) => {
                input::check_input(p, self.lang)?;
                let text = std::fs::read_to_string(p).map_err(|e| {
                    anyhow::anyhow!(
                        "{} {}: {e}",
                        self.lang
                            .pick("无法读取评分方案文件", "cannot read the profile"),
                        p.display()
                    )
                })?;
                chainlead::leads::Profile::parse_in(&text, self.lang).map_err(|e| {
                    anyhow::anyhow!(
                        "{} {}{}{e}",
                        self.lang.pick("评分方案文件", "the profile"),
                        p.display(),
                        self.lang.pick("：", ": ")
                    )
                })
            }
            None => Ok(chainlead::leads::Profile::default_profile()),
        }
    }

    /// The index of the chain named by `--chain` (id, name, or a part of the name that fits one
    /// chain), if one is given; an unknown name is an error that lists the chains.
    pub fn chain_arg(&self, set: &ChainSet, id: Option<&str>) -> Result<Option<usize>> {
        let Some(id) = id else { return Ok(None) };
        chainlead::chain::find_chain(set, id)
            .map(Some)
            .map_err(|e| anyhow::anyhow!("{}", e.message(set, self.lang)))
    }

    /// The index of the node named by `--node` (id or name), within `chain` when one is given;
    /// an unknown name is an error that lists the nodes.
    pub fn node_arg(
        &self,
        set: &ChainSet,
        id: Option<&str>,
        chain: Option<usize>,
    ) -> Result<Option<usize>> {
        let Some(id) = id else { return Ok(None) };
        chainlead::chain::find_node(set, id, chain)
            .map(Some)
            .map_err(|e| anyhow::anyhow!("{}", e.message(set, self.lang)))
    }

    /// The companies of `--companies FILE`, or the demo database built in memory, whole; with a
    /// line saying which.
    pub fn load_companies(&self, path: Option<&std::path::Path>) -> Result<(Companies, String)> {
        let (companies, report) = self
            .source(path)?
            .load()
            .map_err(|e| input::import_error(e, self.lang))?;
        Ok((companies, self.source_line(path, report.as_ref())))
    }

    /// Loads the chains (embedded, or `--chains DIR`); errors are rendered in the user's language.
    pub fn load_chains(&self) -> Result<ChainSet> {
        let loaded = match &self.chains_dir {
            Some(dir) => ChainSet::load_dir(dir),
            None => ChainSet::embedded(),
        };
        loaded.map_err(|e| {
            anyhow::anyhow!(
                "{}\n{}",
                self.lang
                    .pick("产业链文件有错误：", "the chain files have errors:"),
                e.message(self.lang)
            )
        })
    }
}
