//! `chainlead trip`: whom to visit on an outbound trip, in what order, with a brief each.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use chainlead::company::Col;
use chainlead::leads::{self, LeadFilter, Profile};
use chainlead::render;
use chainlead::trip::{self, phrases, TripOptions};

use super::Context;

/// Arguments of `chainlead trip`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "示例 / Examples:\n  chainlead trip --cities 深圳,东莞 --days 3 -o 深圳之行\n  \
chainlead trip --cities 常州,无锡 --days 2 --chain pv --visits-per-day 5 -o pv-trip\n\n\
写出 trip.xlsx（日程表和企业简报）、trip.html（每日路线图和简报）、trip.json。"
)]
pub struct Args {
    #[command(flatten)]
    region: super::RegionArgs,
    /// 目的城市，名称或代码，用逗号、顿号或空格分隔：深圳、东莞 (destination cities, names or codes)
    #[arg(long, required = true, num_args = 1.., value_name = "CITIES")]
    cities: Vec<String>,
    /// 出行天数 (days)
    #[arg(long, value_parser = super::values::at_least_one)]
    days: usize,
    /// 每天拜访企业数 (visits per day)
    #[arg(long, default_value_t = 4, value_parser = super::values::at_least_one)]
    visits_per_day: usize,
    /// 每个环节最多拜访几家 (at most this many visits per node)
    #[arg(long, default_value_t = 2, value_parser = super::values::at_least_one)]
    max_per_node: usize,
    /// 只看一条产业链，代码或名称（pv、光伏）(one chain, by id or name)
    #[arg(long, value_name = "CHAIN")]
    chain: Option<String>,
    /// 按企业所在地筛选线索：outside-city（市域外，缺省）、outside-province（省外）、all（全部）
    /// (which leads by where they lie)
    #[arg(long, default_value = "outside-city", value_parser = super::leads::parse_scope, value_name = "SCOPE")]
    scope: leads::Scope,
    /// 每天出发和返回的地点：纬度,经度 (start and end of each day: LAT,LON)
    #[arg(long, value_name = "LAT,LON")]
    start: Option<String>,
    /// 输出目录 (output directory)
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
}

/// Runs `chainlead trip`.
pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let lang = ctx.lang;
    super::resolve_home(&args.region, lang)?;
    let set = ctx.load_chains()?;
    let cities = super::values::split_list(&args.cities)
        .iter()
        .map(|c| trip::resolve_city(c))
        .collect::<Result<Vec<_>, _>>()?;
    let start = match &args.start {
        Some(s) => {
            let parts: Vec<f64> = s.split(',').filter_map(|x| x.trim().parse().ok()).collect();
            anyhow::ensure!(parts.len() == 2, "{}", phrases::bad_start(lang));
            Some((parts[0], parts[1]))
        }
        None => None,
    };
    let chain = ctx.chain_arg(&set, args.chain.as_deref())?;
    let profile = Profile::default_profile();
    let filter = LeadFilter {
        chain,
        scope: args.scope,
        ..LeadFilter::default()
    };
    // Only leads in the cities visited are fetched and planned.
    let in_cities = |region: &str| {
        cities
            .iter()
            .any(|c| region.starts_with(chainlead::region::selecting_prefix(&c.code)))
    };
    let super::Ranked {
        companies,
        source,
        report: diagnosis,
        leads: ranked,
        ..
    } = ctx.lead_run(
        &set,
        &args.region,
        &profile,
        &filter,
        Some(&in_cities),
        Default::default(),
    )?;
    let opts = TripOptions {
        days: args.days,
        visits_per_day: args.visits_per_day,
        max_per_node: args.max_per_node,
        start,
    };
    let plan = trip::plan(&set, &companies, &ranked, &cities, &opts)?;
    println!(
        "{}{}{source}",
        lang.pick("企业数据", "companies"),
        lang.pick("：", ": ")
    );
    println!(
        "{}",
        phrases::home_line(&diagnosis.home, &diagnosis.home_name, lang)
    );
    println!("{}", super::leads::scope_line(args.scope, lang));
    for city in &plan.empty_cities {
        println!(
            "{}",
            phrases::city_without_leads(&city.name, &city.code, lang)
        );
    }
    for city in &plan.unvisited_cities {
        println!(
            "{}",
            phrases::city_without_a_day(&city.name, &city.code, lang)
        );
    }
    for d in &plan.days {
        println!(
            "{}",
            phrases::day_line(d.number, &d.city.name, d.visits.len(), d.km, lang)
        );
        for (k, v) in d.visits.iter().enumerate() {
            println!(
                "  {}. {}  [{}]  {}",
                k + 1,
                companies.text(Col::Name).get(v.lead.row),
                set.nodes[v.lead.node].label(lang),
                companies.text(Col::District).get(v.lead.row)
            );
        }
    }
    render::trip::write_trip(
        &args.output,
        &render::trip::TripData {
            plan: &plan,
            set: &set,
            companies: &companies,
            gaps: &diagnosis,
            profile: &profile,
        },
        lang,
    )?;
    println!("{} {}", lang.pick("已写出", "wrote"), args.output.display());
    Ok(ExitCode::SUCCESS)
}
