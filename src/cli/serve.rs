//! `chainlead serve`: the web workspace on this machine.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;

use chainlead::serve::Workspace;
use chainlead::Lang;

use super::Context;

/// Arguments of `chainlead serve`.
#[derive(Debug, clap::Args)]
#[command(after_help = "示例 / Examples:\n  chainlead serve\n  \
chainlead serve --companies companies.parquet --home 530402 --addr 127.0.0.1:8080\n\n\
载入一次数据并诊断，然后在浏览器中打开显示的地址（按 Ctrl+C 停止）。\n\
Loads and diagnoses once, then serves until stopped (Ctrl+C); open the printed address.")]
pub struct Args {
    #[command(flatten)]
    region: super::RegionArgs,
    /// 监听地址；缺省只在本机可访问 (address to listen on; only this machine by default)
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    addr: SocketAddr,
    #[command(flatten)]
    db: super::users::DbArg,
    /// 签多备少容差：立项备案额低于协议投资额超过这一比例即标记（缺省 0.10）
    /// (flag 签多备少 when the filed amount is below the agreement by more than this share)
    #[arg(long, default_value_t = 0.10, value_parser = super::values::unit_interval, value_name = "SHARE")]
    tolerance: f64,
}

/// Runs `chainlead serve`.
pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let lang = ctx.lang;
    // The pipeline's database first: a wrong file or address fails before the long load.
    let store = super::users::open_store_with(
        ctx,
        &args.db.db,
        chainlead::tracking::Config {
            tolerance: args.tolerance,
        },
    )?;
    let users = store
        .active_users()
        .map_err(|e| anyhow::anyhow!("{}", e.message(lang)))?;
    if !args.addr.ip().is_loopback() && users == 0 {
        anyhow::bail!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "拒绝在 {} 上监听：数据库 {} 中还没有用户，其他电脑可以不登录就访问。请先用 chainlead users add 添加用户，或只在本机使用（缺省 127.0.0.1）",
                    args.addr,
                    args.db.db.display()
                ),
                Lang::En => format!(
                    "refusing to listen on {}: the database {} has no user, so other machines could use the pipeline without a login. Add one with chainlead users add, or serve this machine only (127.0.0.1, the default)",
                    args.addr,
                    args.db.db.display()
                ),
            }
        );
    }
    let home = super::resolve_home(&args.region, lang)?;
    if let Some(note) = &home.note {
        eprintln!("{note}");
    }
    let set = ctx.load_chains()?;
    let source = ctx.source(args.region.companies.as_deref())?;
    let profile = ctx.profile(None)?;
    let data_date = if args.region.companies.is_none() {
        chainlead::leads::profile::default_data_date()
    } else {
        super::gaps::today()
    };
    let progress = ctx.progress(None, "读取、匹配并诊断", "reading, matching and diagnosing");
    let companies = args.region.companies.clone();
    let ws = Workspace::load(
        &source,
        set,
        &home.code,
        profile,
        data_date,
        |pass| ctx.source_line(companies.as_deref(), pass.report.as_ref()),
        &progress,
    )
    .map_err(|e| match e {
        chainlead::serve::LoadError::Pipeline(e) => ctx.pipeline_error(e),
        other => anyhow::anyhow!("{other}"),
    })?;
    drop(source);
    println!(
        "{}{}{}",
        lang.pick("企业数据", "companies"),
        lang.pick("：", ": "),
        ws.source
    );
    let ws = ws.with_store(store);
    println!(
        "{}{}{}",
        lang.pick("招商项目跟踪数据库", "pipeline database"),
        lang.pick("：", ": "),
        args.db.db.display()
    );
    if users == 0 {
        println!(
            "{}",
            lang.pick(
                "提示：还没有用户，链图和线索可直接浏览；要使用项目跟踪，请先用 chainlead users add 添加用户",
                "note: no users yet; chains and leads are open, the pipeline needs users (chainlead users add)"
            )
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr).await.map_err(|e| {
            anyhow::anyhow!(
                "{} {}: {e}",
                lang.pick("无法监听地址", "cannot listen on"),
                args.addr
            )
        })?;
        let addr = listener.local_addr()?;
        let host = if addr.ip().is_unspecified() {
            "127.0.0.1".to_string()
        } else {
            addr.ip().to_string()
        };
        println!(
            "{} http://{host}:{}/ {}",
            lang.pick("工作台已启动：", "workspace at"),
            addr.port(),
            lang.pick("（按 Ctrl+C 停止）", "(Ctrl+C stops it)")
        );
        if !addr.ip().is_loopback() {
            eprintln!(
                "{}",
                lang.pick(
                    "提醒：工作台在本机以外也可访问；登录信息经网络传输，请在前面加 HTTPS（反向代理）",
                    "note: the workspace is reachable from other machines; put HTTPS (a reverse proxy) in front, logins cross the network"
                )
            );
        }
        use std::io::Write as _;
        std::io::stdout().flush().ok();
        let ws = Arc::new(ws);
        chainlead::serve::serve(listener, ws, async {
            tokio::signal::ctrl_c().await.ok();
        })
        .await?;
        println!("{}", lang.pick("工作台已停止", "workspace stopped"));
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}
