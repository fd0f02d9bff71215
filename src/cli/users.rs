//! `chainlead users` and `chainlead db`: the pipeline's users, and its database file.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use chainlead::tracking::{self, Config, Role, Store};
use chainlead::Lang;

use super::Context;

/// Where the pipeline's database is.
#[derive(Debug, Clone, clap::Args)]
pub struct DbArg {
    /// 招商项目跟踪数据库文件 (the pipeline's database file)
    #[arg(long, value_name = "FILE", default_value = "chainlead.db")]
    pub db: PathBuf,
}

/// Arguments of `chainlead users`.
#[derive(Debug, clap::Args)]
#[command(after_help = "示例 / Examples:\n  \
echo '密码至少八位' | chainlead users add 张三 --task-force 光伏 --password-stdin\n  \
chainlead users add 李局 --leader --password-stdin < pw.txt\n  chainlead users list\n  \
chainlead users disable 张三")]
pub struct Args {
    #[command(subcommand)]
    command: UsersCommand,
}

#[derive(Debug, clap::Subcommand)]
enum UsersCommand {
    /// 添加用户 (add a user)
    Add {
        /// 用户名 (login name)
        name: String,
        /// 所属专班：产业链编号或名称 (a task force: the chain's id or name)
        #[arg(long, value_name = "CHAIN", conflicts_with_all = ["leader", "admin"], required_unless_present_any = ["leader", "admin"])]
        task_force: Option<String>,
        /// 领导：查看全部专班并可改派 (a leader: sees and reassigns every entry)
        #[arg(long, conflicts_with = "admin")]
        leader: bool,
        /// 管理员：管理用户 (an administrator: manages users)
        #[arg(long)]
        admin: bool,
        /// 从标准输入读取密码（第一行） (read the password from stdin, first line)
        #[arg(long, required = true)]
        password_stdin: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// 列出用户 (list the users)
    List {
        #[command(flatten)]
        db: DbArg,
    },
    /// 停用用户（其登录立即失效）(disable a user; their sessions end)
    Disable {
        /// 用户名 (login name)
        name: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// 重新启用用户 (enable a user again)
    Enable {
        /// 用户名 (login name)
        name: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// 重设密码 (set a new password)
    Reset {
        /// 用户名 (login name)
        name: String,
        /// 从标准输入读取新密码 (read the new password from stdin)
        #[arg(long, required = true)]
        password_stdin: bool,
        #[command(flatten)]
        db: DbArg,
    },
}

/// Opens the pipeline's database with the chains' ids as task forces.
pub fn open_store(ctx: &Context, db: &Path) -> Result<Store> {
    open_store_with(ctx, db, Config::default())
}

/// [`open_store`] with the pipeline's settings.
pub fn open_store_with(ctx: &Context, db: &Path, config: Config) -> Result<Store> {
    let set = ctx.load_chains()?;
    let forces: Vec<String> = set.chains.iter().map(|c| c.id.clone()).collect();
    Store::open(db, config, &forces).map_err(|e| {
        anyhow::anyhow!(
            "{} {}{}{}",
            ctx.lang.pick("无法打开数据库", "cannot open the database"),
            db.display(),
            ctx.lang.pick("：", ": "),
            e.message(ctx.lang)
        )
    })
}

/// Opens a database that must exist already (a backup or a check never creates one).
fn open_existing(ctx: &Context, db: &Path) -> Result<Store> {
    anyhow::ensure!(
        db.exists(),
        "{} {}",
        ctx.lang.pick("找不到数据库", "no database at"),
        db.display()
    );
    open_store(ctx, db)
}

fn read_password(lang: Lang) -> Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let pw = line.trim_end_matches(['\r', '\n']).to_string();
    anyhow::ensure!(
        !pw.is_empty(),
        "{}",
        lang.pick(
            "标准输入中没有密码（--password-stdin 读取第一行）",
            "no password on stdin (--password-stdin reads the first line)"
        )
    );
    Ok(pw)
}

fn err(e: tracking::TrackError, lang: Lang) -> anyhow::Error {
    anyhow::anyhow!("{}", e.message(lang))
}

/// Runs `chainlead users`.
pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let lang = ctx.lang;
    match args.command {
        UsersCommand::Add {
            name,
            task_force,
            leader,
            admin,
            db,
            ..
        } => {
            let store = open_store(ctx, &db.db)?;
            let (role, tf) = match (leader, admin, task_force) {
                (true, _, _) => (Role::Leader, None),
                (_, true, _) => (Role::Admin, None),
                (_, _, Some(tf)) => {
                    let set = ctx.load_chains()?;
                    let c = ctx.chain_arg(&set, Some(&tf))?.unwrap_or_default();
                    (Role::TaskForce, Some(set.chains[c].id.clone()))
                }
                _ => anyhow::bail!(
                    "{}",
                    lang.pick(
                        "请用 --task-force、--leader 或 --admin 指定角色",
                        "give --task-force, --leader or --admin"
                    )
                ),
            };
            let pw = read_password(lang)?;
            let u = store
                .add_user(None, &name, role, tf.as_deref(), &pw)
                .map_err(|e| err(e, lang))?;
            println!(
                "{} {}（{}{}）→ {}",
                lang.pick("已添加用户", "added user"),
                u.name,
                u.role.label(lang),
                u.task_force.map(|t| format!(" {t}")).unwrap_or_default(),
                db.db.display()
            );
        }
        UsersCommand::List { db } => {
            let store = open_store(ctx, &db.db)?;
            let users = store.users().map_err(|e| err(e, lang))?;
            if users.is_empty() {
                println!(
                    "{}",
                    lang.pick(
                        "还没有用户；用 chainlead users add 添加",
                        "no users yet; add one with chainlead users add"
                    )
                );
            }
            for u in users {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    u.name,
                    u.role.label(lang),
                    u.task_force.unwrap_or_else(|| "—".into()),
                    if u.disabled {
                        lang.pick("已停用", "disabled")
                    } else {
                        lang.pick("启用", "active")
                    },
                    u.created
                );
            }
        }
        UsersCommand::Disable { name, db } => set_disabled(ctx, &db.db, &name, true)?,
        UsersCommand::Enable { name, db } => set_disabled(ctx, &db.db, &name, false)?,
        UsersCommand::Reset { name, db, .. } => {
            let store = open_store(ctx, &db.db)?;
            let pw = read_password(lang)?;
            store
                .reset_password(None, &name, &pw)
                .map_err(|e| err(e, lang))?;
            println!("{} {name}", lang.pick("已重设密码：", "password reset:"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn set_disabled(ctx: &Context, db: &Path, name: &str, disable: bool) -> Result<()> {
    let lang = ctx.lang;
    let store = open_store(ctx, db)?;
    store
        .set_disabled(None, name, disable)
        .map_err(|e| match e {
            tracking::TrackError::NotFound => anyhow::anyhow!(
                "{}",
                match lang {
                    Lang::Zh => format!("没有用户“{name}”"),
                    Lang::En => format!("no user '{name}'"),
                }
            ),
            e => err(e, lang),
        })?;
    println!(
        "{} {name}",
        if disable {
            lang.pick("已停用", "disabled")
        } else {
            lang.pick("已启用", "enabled")
        }
    );
    Ok(())
}

/// Arguments of `chainlead db`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "示例 / Examples:\n  chainlead db backup -o 备份-20261204.db\n  chainlead db check"
)]
pub struct DbArgs {
    #[command(subcommand)]
    command: DbCommand,
}

#[derive(Debug, clap::Subcommand)]
enum DbCommand {
    /// 备份：服务运行时也能得到一致的副本 (a consistent copy, also while serving)
    Backup {
        #[command(flatten)]
        db: DbArg,
        /// 副本文件（不会覆盖已有文件）(the copy; never overwrites)
        #[arg(short, long, value_name = "COPY")]
        output: PathBuf,
    },
    /// 检查数据库完整性和版本 (integrity and schema version)
    Check {
        #[command(flatten)]
        db: DbArg,
    },
    /// Writes claims and events in a loop, one line per commit (for the kill test).
    #[command(hide = true)]
    Stress {
        #[command(flatten)]
        db: DbArg,
        /// Writes to make.
        #[arg(long, default_value_t = 100000)]
        writes: usize,
    },
}

/// Runs `chainlead db`.
pub fn run_db(ctx: &Context, args: DbArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    match args.command {
        DbCommand::Backup { db, output } => {
            let store = open_existing(ctx, &db.db)?;
            store.backup(&output).map_err(|e| err(e, lang))?;
            println!(
                "{} {} → {}",
                lang.pick("已备份", "backed up"),
                db.db.display(),
                output.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        DbCommand::Check { db } => {
            let store = open_existing(ctx, &db.db)?;
            let (ok, version) = store.check().map_err(|e| err(e, lang))?;
            println!(
                "{}{ok}；{}{version}",
                lang.pick("完整性：", "integrity: "),
                lang.pick("版本 ", "version ")
            );
            Ok(if ok == "ok" {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        DbCommand::Stress { db, writes } => {
            use std::io::Write;
            let store = open_store(ctx, &db.db)?;
            let user = match store.users()?.into_iter().find(|u| u.name == "stress") {
                Some(u) => u,
                None => store
                    .add_user(None, "stress", Role::Leader, None, "stress-password")
                    .map_err(|e| err(e, lang))?,
            };
            let today = tracking::time::today();
            let mut out = std::io::stdout().lock();
            for k in 0..writes {
                let company = tracking::NewEntry {
                    company_id: format!("stress-{}-{k}", std::process::id()),
                    company_name: format!("压力测试企业{k}"),
                    chain: store.task_forces().first().cloned(),
                    node: None,
                };
                let e = store
                    .claim(&user, &company, None, &today)
                    .map_err(|e| err(e, lang))?;
                let ev = tracking::NewEvent {
                    kind: tracking::EventKind::Note,
                    date: today.clone(),
                    note: format!("write {k}"),
                    next_date: None,
                };
                let id = store
                    .add_event(&user, e.id, &ev)
                    .map_err(|e| err(e, lang))?;
                writeln!(out, "ok {} {id}", e.id)?;
                out.flush()?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
