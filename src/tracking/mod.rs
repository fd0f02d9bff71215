//! The task forces' lead pipeline (招商项目跟踪), in one SQLite file: users and their sessions, the
//! entries from claim to production with their stages, amounts (签多备少), follow-ups, problems and
//! 五个一, and an audit log of every change.
//!
//! - **Storage.** WAL journal with `synchronous=NORMAL`: a commit is in the log before it returns,
//!   so a process killed at any point loses no committed write (a power cut may lose the last
//!   commits, never corrupt the file). Migrations are numbered in [`MIGRATIONS`] and recorded in
//!   `PRAGMA user_version`; a file newer than the code is refused.
//! - **Concurrency.** Each call opens its own connection (cheap), so the store is shared by every
//!   request thread. Every write is one transaction begun `IMMEDIATE`: writers queue on the busy
//!   timeout instead of failing on a lock upgrade, and a busy answer is retried a few times.
//! - **Rules in one place.** Every write takes the user making it and checks the permissions here:
//!   a task force member reads and changes only its own task force's entries; leaders and admins
//!   all of them; only admins manage users. Every change writes its audit row in the same
//!   transaction.

mod model;
#[cfg(test)]
mod tests;
pub mod time;

use std::path::{Path, PathBuf};

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

use crate::lang::Lang;
pub use model::*;

/// The schema, one migration per step; `user_version` is the number of steps applied.
pub const MIGRATIONS: &[&str] = &[
    // 1: every table.
    "CREATE TABLE users(
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,
        task_force TEXT,
        hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        created TEXT NOT NULL);
    CREATE TABLE login_failures(
        name TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        locked_until INTEGER NOT NULL);
    CREATE TABLE sessions(
        token TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        expires INTEGER NOT NULL);
    CREATE TABLE entries(
        id INTEGER PRIMARY KEY,
        company_id TEXT NOT NULL UNIQUE,
        company_name TEXT NOT NULL,
        chain TEXT,
        node TEXT,
        task_force TEXT NOT NULL,
        claimed_by TEXT NOT NULL,
        claimed_at TEXT NOT NULL,
        stage TEXT NOT NULL,
        agreement REAL,
        filed REAL,
        drop_reason TEXT,
        five TEXT);
    CREATE TABLE stages(
        entry_id INTEGER NOT NULL REFERENCES entries(id),
        stage TEXT NOT NULL,
        date TEXT NOT NULL,
        by TEXT NOT NULL,
        at TEXT NOT NULL);
    CREATE TABLE events(
        id INTEGER PRIMARY KEY,
        entry_id INTEGER NOT NULL REFERENCES entries(id),
        kind TEXT NOT NULL,
        date TEXT NOT NULL,
        note TEXT NOT NULL,
        next_date TEXT,
        by TEXT NOT NULL,
        at TEXT NOT NULL);
    CREATE INDEX events_entry ON events(entry_id, date, id);
    CREATE TABLE problems(
        id INTEGER PRIMARY KEY,
        entry_id INTEGER NOT NULL REFERENCES entries(id),
        category TEXT NOT NULL,
        text TEXT NOT NULL,
        owner TEXT NOT NULL,
        deadline TEXT,
        opened TEXT NOT NULL,
        closed TEXT,
        resolution TEXT);
    CREATE TABLE audit(
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id INTEGER,
        field TEXT NOT NULL,
        old TEXT,
        new TEXT);
    CREATE INDEX audit_entity ON audit(entity, entity_id);",
];

/// Failed logins before a name is locked, and the first lock (doubling with each further
/// failure, at most [`LOCK_MAX_SECS`]).
pub const FAILURES_BEFORE_LOCK: i64 = 5;
/// See [`FAILURES_BEFORE_LOCK`].
pub const LOCK_SECS: i64 = 30;
/// See [`FAILURES_BEFORE_LOCK`].
pub const LOCK_MAX_SECS: i64 = 900;
/// How long a session lasts.
pub const SESSION_SECS: i64 = 12 * 3600;
/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 8;

/// What can go wrong. [`TrackError::message`] says it in either language, [`TrackError::status`]
/// gives the HTTP status.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub enum TrackError {
    /// Nothing has that id.
    NotFound,
    /// Not this user's task force, or not this user's role.
    Forbidden,
    /// The company is already held.
    Conflict {
        /// By this task force.
        task_force: String,
        /// Since this date.
        since: String,
        /// Its entry.
        entry_id: i64,
    },
    /// A value is wrong.
    Invalid {
        /// In Chinese.
        zh: String,
        /// In English.
        en: String,
    },
    /// Too many failed logins: wait.
    Throttled {
        /// Seconds to wait.
        retry_after_secs: i64,
    },
    /// Wrong name or password.
    BadLogin,
    /// No valid session.
    NoSession,
    /// The database failed.
    Db(String),
}

impl TrackError {
    fn invalid(zh: impl Into<String>, en: impl Into<String>) -> TrackError {
        TrackError::Invalid {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The HTTP status of the error.
    pub fn status(&self) -> u16 {
        match self {
            TrackError::NotFound => 404,
            TrackError::Forbidden => 403,
            TrackError::Conflict { .. } => 409,
            TrackError::Invalid { .. } => 400,
            TrackError::Throttled { .. } => 429,
            TrackError::BadLogin | TrackError::NoSession => 401,
            TrackError::Db(_) => 500,
        }
    }

    /// The error in the given language, with what to do.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (TrackError::NotFound, Lang::Zh) => "没有这条记录".into(),
            (TrackError::NotFound, Lang::En) => "no such record".into(),
            (TrackError::Forbidden, Lang::Zh) => {
                "无权操作：这条线索属于其他专班，或需要领导/管理员权限".into()
            }
            (TrackError::Forbidden, Lang::En) => {
                "not allowed: the entry belongs to another task force, or this needs a leader or an administrator".into()
            }
            (
                TrackError::Conflict {
                    task_force, since, ..
                },
                Lang::Zh,
            ) => format!("该企业已由{task_force}专班于 {since} 认领，请勿重复对接"),
            (
                TrackError::Conflict {
                    task_force, since, ..
                },
                Lang::En,
            ) => format!("the company is already held by the {task_force} task force since {since}"),
            (TrackError::Invalid { zh, .. }, Lang::Zh) => zh.clone(),
            (TrackError::Invalid { en, .. }, Lang::En) => en.clone(),
            (TrackError::Throttled { retry_after_secs }, Lang::Zh) => {
                format!("登录失败次数过多，请 {retry_after_secs} 秒后再试")
            }
            (TrackError::Throttled { retry_after_secs }, Lang::En) => {
                format!("too many failed logins: try again in {retry_after_secs} s")
            }
            (TrackError::BadLogin, Lang::Zh) => "用户名或密码不正确".into(),
            (TrackError::BadLogin, Lang::En) => "wrong user name or password".into(),
            (TrackError::NoSession, Lang::Zh) => "请先登录".into(),
            (TrackError::NoSession, Lang::En) => "log in first".into(),
            (TrackError::Db(e), Lang::Zh) => format!("数据库错误：{e}"),
            (TrackError::Db(e), Lang::En) => format!("database error: {e}"),
        }
    }
}

impl From<rusqlite::Error> for TrackError {
    fn from(e: rusqlite::Error) -> Self {
        TrackError::Db(e.to_string())
    }
}

type Result<T> = std::result::Result<T, TrackError>;

/// Settings of the pipeline.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// 签多备少 when the filed amount is below the agreement × (1 − tolerance).
    pub tolerance: f64,
}

impl Default for Config {
    fn default() -> Self {
        Config { tolerance: 0.10 }
    }
}

/// The pipeline store: one SQLite file.
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
    config: Config,
    task_forces: Vec<String>,
}

fn is_date(s: &str) -> bool {
    time::parse_date(s).is_some()
}

fn check_date(s: &str, what: &str) -> Result<()> {
    if is_date(s) {
        Ok(())
    } else {
        Err(TrackError::invalid(
            format!("{what}应为 YYYY-MM-DD 格式的日期，收到“{s}”"),
            format!("{what} must be a date YYYY-MM-DD, got '{s}'"),
        ))
    }
}

fn opt_text(v: Option<f64>) -> Option<String> {
    v.map(|x| format!("{x}"))
}

/// Writes one audit row.
#[allow(clippy::too_many_arguments)]
fn audit(
    tx: &Transaction,
    user: &str,
    entity: &str,
    id: Option<i64>,
    field: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO audit(at, user, entity, entity_id, field, old, new) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![time::now_rfc3339(), user, entity, id, field, old, new],
    )?;
    Ok(())
}

/// The two amounts of an entry.
#[derive(Clone, Copy)]
enum Amount {
    /// 协议投资额.
    Agreement,
    /// 立项备案额.
    Filed,
}

/// Sets an amount when it changes, with its audit row.
fn set_amount(
    tx: &Transaction,
    user: &str,
    id: i64,
    which: Amount,
    old: Option<f64>,
    new: f64,
) -> Result<()> {
    if old == Some(new) {
        return Ok(());
    }
    let column = match which {
        Amount::Agreement => "agreement",
        Amount::Filed => "filed",
    };
    tx.execute(
        &format!("UPDATE entries SET {column} = ?1 WHERE id = ?2"),
        params![new, id],
    )?;
    audit(
        tx,
        user,
        "entry",
        Some(id),
        column,
        opt_text(old).as_deref(),
        Some(&new.to_string()),
    )
}

/// An entry with its five-in-one text, next follow-up date and open problems, read in one query.
const ENTRY_SELECT: &str =
    "SELECT e.id, e.company_id, e.company_name, e.chain, e.node, e.task_force,
    e.claimed_by, e.claimed_at, e.stage, e.agreement, e.filed, e.drop_reason, e.five,
    (SELECT next_date FROM events WHERE entry_id = e.id ORDER BY date DESC, id DESC LIMIT 1),
    (SELECT COUNT(*) FROM problems WHERE entry_id = e.id AND closed IS NULL)
    FROM entries e";

impl Store {
    /// Opens (creating and migrating as needed) the pipeline file. `task_forces` are the valid
    /// task force ids (the chains' ids).
    pub fn open(path: &Path, config: Config, task_forces: &[String]) -> Result<Store> {
        if !(0.0..1.0).contains(&config.tolerance) {
            return Err(TrackError::invalid(
                "签多备少容差应在 0 到 1 之间",
                "the 签多备少 tolerance must lie in 0..1",
            ));
        }
        let store = Store {
            path: path.to_path_buf(),
            config,
            task_forces: task_forces.to_vec(),
        };
        let mut c = store.conn()?;
        c.pragma_update(None, "journal_mode", "WAL")?;
        let version: i64 = c.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(TrackError::invalid(
                format!("数据库 {} 的版本（{version}）比本程序新（{known}），请升级 chainlead", path.display()),
                format!("the database {} is newer (version {version}) than this program ({known}): upgrade chainlead", path.display()),
            ));
        }
        for (k, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", k as i64 + 1)?;
            tx.commit()?;
        }
        Ok(store)
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The settings.
    pub fn config(&self) -> Config {
        self.config
    }

    /// The valid task force ids.
    pub fn task_forces(&self) -> &[String] {
        &self.task_forces
    }

    fn conn(&self) -> Result<Connection> {
        let c = Connection::open(&self.path)?;
        c.busy_timeout(std::time::Duration::from_secs(10))?;
        // With WAL, NORMAL commits are durable against a killed process (not a power cut).
        c.pragma_update(None, "synchronous", "NORMAL")?;
        c.pragma_update(None, "foreign_keys", "ON")?;
        Ok(c)
    }

    /// Runs `f` in one IMMEDIATE transaction, retrying when the database stays busy.
    fn write<T>(&self, mut f: impl FnMut(&Transaction) -> Result<T>) -> Result<T> {
        let mut c = self.conn()?;
        let mut tries = 0;
        loop {
            let attempt = (|| {
                let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let out = f(&tx)?;
                tx.commit()?;
                Ok(out)
            })();
            match attempt {
                Err(TrackError::Db(e)) if e.contains("locked") || e.contains("busy") => {
                    tries += 1;
                    if tries > 20 {
                        return Err(TrackError::Db(e));
                    }
                    std::thread::sleep(std::time::Duration::from_millis(20 * tries));
                }
                other => return other,
            }
        }
    }

    /// A consistent copy of the database while others write (`VACUUM INTO`); never overwrites.
    pub fn backup(&self, to: &Path) -> Result<()> {
        if to.exists() {
            return Err(TrackError::invalid(
                format!("{} 已存在，请换一个文件名", to.display()),
                format!("{} exists: choose another name", to.display()),
            ));
        }
        let c = self.conn()?;
        c.execute("VACUUM INTO ?1", params![to.to_string_lossy()])?;
        Ok(())
    }

    /// `PRAGMA integrity_check` and the schema version.
    pub fn check(&self) -> Result<(String, i64)> {
        let c = self.conn()?;
        let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        let v: i64 = c.pragma_query_value(None, "user_version", |r| r.get(0))?;
        Ok((ok, v))
    }

    // ----- users -----

    fn check_task_force(&self, tf: &str) -> Result<()> {
        if self.task_forces.iter().any(|t| t == tf) {
            Ok(())
        } else {
            Err(TrackError::invalid(
                format!("没有专班“{tf}”；可选：{}", self.task_forces.join("、")),
                format!(
                    "no task force '{tf}'; one of: {}",
                    self.task_forces.join(", ")
                ),
            ))
        }
    }

    fn hash(password: &str) -> Result<String> {
        if password.chars().count() < MIN_PASSWORD {
            return Err(TrackError::invalid(
                format!("密码至少 {MIN_PASSWORD} 个字符"),
                format!("the password needs at least {MIN_PASSWORD} characters"),
            ));
        }
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| TrackError::Db(e.to_string()))
    }

    /// Adds a user (`by` an admin, or `None` from the command line on this machine).
    pub fn add_user(
        &self,
        by: Option<&User>,
        name: &str,
        role: Role,
        task_force: Option<&str>,
        password: &str,
    ) -> Result<User> {
        if by.is_some_and(|u| u.role != Role::Admin) {
            return Err(TrackError::Forbidden);
        }
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 64 {
            return Err(TrackError::invalid(
                "用户名不能为空，最多 64 个字符",
                "the user name must be 1 to 64 characters",
            ));
        }
        let task_force = match (role, task_force) {
            (Role::TaskForce, Some(tf)) => {
                self.check_task_force(tf)?;
                Some(tf.to_string())
            }
            (Role::TaskForce, None) => {
                return Err(TrackError::invalid(
                    "专班成员须指定所属专班（--task-force）",
                    "a task force member needs a task force (--task-force)",
                ))
            }
            (_, _) => None,
        };
        let hash = Store::hash(password)?;
        let actor = by.map(|u| u.name.clone()).unwrap_or_else(|| "(cli)".into());
        self.write(|tx| {
            let exists: Option<i64> = tx
                .query_row("SELECT id FROM users WHERE name = ?1", [name], |r| r.get(0))
                .optional()?;
            if exists.is_some() {
                return Err(TrackError::invalid(
                    format!("用户“{name}”已存在；要改密码请用 users reset"),
                    format!("user '{name}' exists; use users reset to change the password"),
                ));
            }
            let created = time::now_rfc3339();
            tx.execute(
                "INSERT INTO users(name, role, task_force, hash, created) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![name, role.id(), task_force, hash, created],
            )?;
            let id = tx.last_insert_rowid();
            let what = format!("{}{}", role.id(), task_force.as_deref().map(|t| format!(":{t}")).unwrap_or_default());
            audit(tx, &actor, "user", Some(id), "added", None, Some(&format!("{name} {what}")))?;
            Ok(User {
                id,
                name: name.to_string(),
                role,
                task_force: task_force.clone(),
                disabled: false,
                created,
            })
        })
    }

    fn user_row(r: &rusqlite::Row) -> rusqlite::Result<User> {
        let role: String = r.get(2)?;
        Ok(User {
            id: r.get(0)?,
            name: r.get(1)?,
            role: Role::parse(&role).unwrap_or(Role::TaskForce),
            task_force: r.get(3)?,
            disabled: r.get::<_, i64>(4)? != 0,
            created: r.get(5)?,
        })
    }

    /// Every user, by name.
    pub fn users(&self) -> Result<Vec<User>> {
        let c = self.conn()?;
        let mut st = c.prepare(
            "SELECT id, name, role, task_force, disabled, created FROM users ORDER BY name",
        )?;
        let v = st
            .query_map([], Store::user_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    }

    /// Users that can log in.
    pub fn active_users(&self) -> Result<usize> {
        Ok(self.users()?.iter().filter(|u| !u.disabled).count())
    }

    /// Disables or enables a user; disabling ends the user's sessions.
    pub fn set_disabled(&self, by: Option<&User>, name: &str, disabled: bool) -> Result<()> {
        if by.is_some_and(|u| u.role != Role::Admin) {
            return Err(TrackError::Forbidden);
        }
        let actor = by.map(|u| u.name.clone()).unwrap_or_else(|| "(cli)".into());
        self.write(|tx| {
            let (id, was): (i64, i64) = tx
                .query_row(
                    "SELECT id, disabled FROM users WHERE name = ?1",
                    [name],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or(TrackError::NotFound)?;
            tx.execute(
                "UPDATE users SET disabled = ?1 WHERE id = ?2",
                params![disabled as i64, id],
            )?;
            if disabled {
                tx.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
            }
            audit(
                tx,
                &actor,
                "user",
                Some(id),
                "disabled",
                Some(&(was != 0).to_string()),
                Some(&disabled.to_string()),
            )
        })
    }

    /// Sets a new password; ends the user's sessions.
    pub fn reset_password(&self, by: Option<&User>, name: &str, password: &str) -> Result<()> {
        if by.is_some_and(|u| u.role != Role::Admin) {
            return Err(TrackError::Forbidden);
        }
        let hash = Store::hash(password)?;
        let actor = by.map(|u| u.name.clone()).unwrap_or_else(|| "(cli)".into());
        self.write(|tx| {
            let id: i64 = tx
                .query_row("SELECT id FROM users WHERE name = ?1", [name], |r| r.get(0))
                .optional()?
                .ok_or(TrackError::NotFound)?;
            tx.execute(
                "UPDATE users SET hash = ?1 WHERE id = ?2",
                params![hash, id],
            )?;
            tx.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
            tx.execute("DELETE FROM login_failures WHERE name = ?1", [name])?;
            audit(
                tx,
                &actor,
                "user",
                Some(id),
                "password",
                None,
                Some("(reset)"),
            )
        })
    }

    /// Checks a password at `now` (unix seconds) and opens a session: its token. Failures are
    /// counted by name (known or not); after [`FAILURES_BEFORE_LOCK`] the name is locked for a
    /// window that doubles with each further failure.
    pub fn login(&self, name: &str, password: &str, now: i64) -> Result<String> {
        let name = name.trim();
        let c = self.conn()?;
        let lock: Option<(i64, i64)> = c
            .query_row(
                "SELECT failures, locked_until FROM login_failures WHERE name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((_, until)) = lock {
            if until > now {
                return Err(TrackError::Throttled {
                    retry_after_secs: until - now,
                });
            }
        }
        let row: Option<(i64, String, i64)> = c
            .query_row(
                "SELECT id, hash, disabled FROM users WHERE name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let ok = match &row {
            Some((_, hash, disabled)) => {
                *disabled == 0
                    && PasswordHash::new(hash)
                        .map(|h| {
                            Argon2::default()
                                .verify_password(password.as_bytes(), &h)
                                .is_ok()
                        })
                        .unwrap_or(false)
            }
            None => {
                // The same work for an unknown name, so timing says nothing.
                let _ = Store::hash("not a user's password");
                false
            }
        };
        if !ok {
            self.write(|tx| {
                let failures: i64 = tx
                    .query_row(
                        "SELECT failures FROM login_failures WHERE name = ?1",
                        [name],
                        |r| r.get(0),
                    )
                    .optional()?
                    .unwrap_or(0)
                    + 1;
                let until = if failures >= FAILURES_BEFORE_LOCK {
                    let k = (failures - FAILURES_BEFORE_LOCK).min(10) as u32;
                    now + (LOCK_SECS << k).min(LOCK_MAX_SECS)
                } else {
                    0
                };
                tx.execute(
                    "INSERT INTO login_failures(name, failures, locked_until) VALUES (?1, ?2, ?3)
                     ON CONFLICT(name) DO UPDATE SET failures = ?2, locked_until = ?3",
                    params![name, failures, until],
                )?;
                Ok(())
            })?;
            return Err(TrackError::BadLogin);
        }
        let id = row.map(|r| r.0).unwrap_or_default();
        let mut bytes = [0u8; 32];
        OsRng.fill_bytes(&mut bytes);
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        self.write(|tx| {
            tx.execute("DELETE FROM login_failures WHERE name = ?1", [name])?;
            tx.execute("DELETE FROM sessions WHERE expires < ?1", [now])?;
            tx.execute(
                "INSERT INTO sessions(token, user_id, expires) VALUES (?1, ?2, ?3)",
                params![token, id, now + SESSION_SECS],
            )?;
            Ok(())
        })?;
        Ok(token)
    }

    /// The user of a session at `now`, if it is valid and the user is not disabled.
    pub fn session_user(&self, token: &str, now: i64) -> Result<Option<User>> {
        let c = self.conn()?;
        let u = c
            .query_row(
                "SELECT u.id, u.name, u.role, u.task_force, u.disabled, u.created
                 FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.token = ?1 AND s.expires > ?2 AND u.disabled = 0",
                params![token, now],
                Store::user_row,
            )
            .optional()?;
        Ok(u)
    }

    /// Ends a session.
    pub fn logout(&self, token: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM sessions WHERE token = ?1", [token])?;
            Ok(())
        })
    }

    // ----- entries -----

    fn entry_base(tx: &Connection, id: i64) -> Result<(Entry, Option<String>)> {
        tx.query_row(&format!("{ENTRY_SELECT} WHERE e.id = ?1"), [id], |r| {
            Ok((entry_row(r)?, r.get::<_, Option<String>>(12)?))
        })
        .optional()?
        .ok_or(TrackError::NotFound)
    }

    /// Puts a company on a task force: the user's own, or (a leader's or admin's claim) the one
    /// named. A company held already is a conflict naming its task force and date.
    pub fn claim(
        &self,
        by: &User,
        company: &NewEntry,
        task_force: Option<&str>,
        today: &str,
    ) -> Result<Entry> {
        let tf = match (by.role, task_force) {
            (Role::TaskForce, None) => by.task_force.clone().ok_or(TrackError::Forbidden)?,
            (Role::TaskForce, Some(t)) if by.task_force.as_deref() == Some(t) => t.to_string(),
            (Role::TaskForce, Some(_)) => return Err(TrackError::Forbidden),
            (_, Some(t)) => t.to_string(),
            (_, None) => company.chain.clone().ok_or_else(|| {
                TrackError::invalid(
                    "请指定专班（task_force）",
                    "name the task force (task_force)",
                )
            })?,
        };
        self.check_task_force(&tf)?;
        if company.company_id.trim().is_empty() {
            return Err(TrackError::invalid("缺少企业编号", "company_id is missing"));
        }
        check_date(today, "日期")?;
        let id = self.write(|tx| {
            let held: Option<(i64, String, String)> = tx
                .query_row(
                    "SELECT id, task_force, claimed_at FROM entries WHERE company_id = ?1",
                    [&company.company_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            if let Some((entry_id, task_force, since)) = held {
                return Err(TrackError::Conflict {
                    task_force,
                    since,
                    entry_id,
                });
            }
            tx.execute(
                "INSERT INTO entries(company_id, company_name, chain, node, task_force, claimed_by, claimed_at, stage)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'lead')",
                params![company.company_id, company.company_name, company.chain, company.node, tf, by.name, today],
            )?;
            let id = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO stages(entry_id, stage, date, by, at) VALUES (?1, 'lead', ?2, ?3, ?4)",
                params![id, today, by.name, time::now_rfc3339()],
            )?;
            audit(tx, &by.name, "entry", Some(id), "claimed", None, Some(&format!("{} → {tf}", company.company_name)))?;
            Ok(id)
        })?;
        let (mut e, _) = Store::entry_base(&self.conn()?, id)?;
        self.flag(&mut e, today);
        Ok(e)
    }

    /// Hands an entry to another task force (leaders and admins).
    pub fn reassign(&self, by: &User, id: i64, task_force: &str) -> Result<()> {
        if !by.sees_all() {
            return Err(TrackError::Forbidden);
        }
        self.check_task_force(task_force)?;
        self.write(|tx| {
            let (e, _) = Store::entry_base(tx, id)?;
            tx.execute(
                "UPDATE entries SET task_force = ?1 WHERE id = ?2",
                params![task_force, id],
            )?;
            audit(
                tx,
                &by.name,
                "entry",
                Some(id),
                "task_force",
                Some(&e.task_force),
                Some(task_force),
            )
        })
    }

    /// Moves an entry to a stage (see [`StageChange`]): 签约 needs the agreement amount, 注册 the
    /// filed amount, 中止 a reason; only leaders and admins move an entry back.
    pub fn set_stage(&self, by: &User, id: i64, change: &StageChange, today: &str) -> Result<()> {
        let date = change.date.clone().unwrap_or_else(|| today.to_string());
        check_date(&date, "日期")?;
        let amount = change.amount.filter(|a| a.is_finite());
        if change.amount.is_some() && amount.is_none_or(|a| a < 0.0) {
            return Err(TrackError::invalid(
                "金额应为不小于 0 的数（万元）",
                "the amount must be a number ≥ 0 (10k yuan)",
            ));
        }
        self.write(|tx| {
            let (e, _) = Store::entry_base(tx, id)?;
            if !by.covers(&e.task_force) {
                return Err(TrackError::Forbidden);
            }
            let to = change.stage;
            let back = to != Stage::Dropped && e.stage != Stage::Dropped && to < e.stage;
            let reopen = e.stage == Stage::Dropped && to != Stage::Dropped;
            if (back || reopen) && !by.sees_all() {
                return Err(TrackError::Forbidden);
            }
            match to {
                Stage::Signed => {
                    let a = amount
                        .filter(|a| *a > 0.0)
                        .or(e.agreement.filter(|_| amount.is_none()))
                        .ok_or_else(|| {
                            TrackError::invalid(
                                "签约须填写协议投资额（万元，大于 0）",
                                "signing needs the agreement amount (10k yuan, above 0)",
                            )
                        })?;
                    set_amount(tx, &by.name, id, Amount::Agreement, e.agreement, a)?;
                }
                Stage::Registered => {
                    if e.agreement.is_none() {
                        return Err(TrackError::invalid(
                            "注册前须先签约并填写协议投资额",
                            "sign (with the agreement amount) before registering",
                        ));
                    }
                    let f = amount.or(e.filed).ok_or_else(|| {
                        TrackError::invalid(
                            "注册须填写立项备案额（万元）",
                            "registering needs the filed amount (10k yuan)",
                        )
                    })?;
                    set_amount(tx, &by.name, id, Amount::Filed, e.filed, f)?;
                }
                Stage::Dropped => {
                    let reason = change
                        .reason
                        .as_deref()
                        .map(str::trim)
                        .filter(|r| !r.is_empty())
                        .ok_or_else(|| {
                            TrackError::invalid("中止须说明原因", "dropping needs a reason")
                        })?;
                    tx.execute(
                        "UPDATE entries SET drop_reason = ?1 WHERE id = ?2",
                        params![reason, id],
                    )?;
                    audit(
                        tx,
                        &by.name,
                        "entry",
                        Some(id),
                        "drop_reason",
                        e.drop_reason.as_deref(),
                        Some(reason),
                    )?;
                }
                _ => {}
            }
            if to >= Stage::Started
                && to != Stage::Dropped
                && e.filed.is_none()
                && !(back || reopen)
            {
                return Err(TrackError::invalid(
                    "开工、投产前须先注册并填写立项备案额",
                    "register (with the filed amount) before starting",
                ));
            }
            tx.execute(
                "UPDATE entries SET stage = ?1 WHERE id = ?2",
                params![to.id(), id],
            )?;
            tx.execute(
                "INSERT INTO stages(entry_id, stage, date, by, at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, to.id(), date, by.name, time::now_rfc3339()],
            )?;
            audit(
                tx,
                &by.name,
                "entry",
                Some(id),
                "stage",
                Some(e.stage.id()),
                Some(to.id()),
            )
        })
    }

    /// Records a follow-up.
    pub fn add_event(&self, by: &User, id: i64, ev: &NewEvent) -> Result<i64> {
        check_date(&ev.date, "日期")?;
        if let Some(n) = &ev.next_date {
            check_date(n, "下次跟进日期")?;
        }
        self.write(|tx| {
            let (e, _) = Store::entry_base(tx, id)?;
            if !by.covers(&e.task_force) {
                return Err(TrackError::Forbidden);
            }
            tx.execute(
                "INSERT INTO events(entry_id, kind, date, note, next_date, by, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, ev.kind.id(), ev.date, ev.note, ev.next_date, by.name, time::now_rfc3339()],
            )?;
            let eid = tx.last_insert_rowid();
            audit(tx, &by.name, "event", Some(eid), ev.kind.id(), None, Some(&format!("{} {}", ev.date, ev.note)))?;
            Ok(eid)
        })
    }

    /// Raises a problem on an entry.
    pub fn add_problem(&self, by: &User, id: i64, p: &NewProblem, today: &str) -> Result<i64> {
        if let Some(d) = &p.deadline {
            check_date(d, "期限")?;
        }
        if p.text.trim().is_empty() {
            return Err(TrackError::invalid("请写明问题", "describe the problem"));
        }
        self.write(|tx| {
            let (e, _) = Store::entry_base(tx, id)?;
            if !by.covers(&e.task_force) {
                return Err(TrackError::Forbidden);
            }
            tx.execute(
                "INSERT INTO problems(entry_id, category, text, owner, deadline, opened) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, p.category, p.text, p.owner, p.deadline, today],
            )?;
            let pid = tx.last_insert_rowid();
            audit(tx, &by.name, "problem", Some(pid), "opened", None, Some(&format!("{}：{}", p.category, p.text)))?;
            Ok(pid)
        })
    }

    /// Closes a problem as solved.
    pub fn close_problem(
        &self,
        by: &User,
        problem: i64,
        date: &str,
        resolution: &str,
    ) -> Result<()> {
        check_date(date, "日期")?;
        self.write(|tx| {
            let (entry_id, closed): (i64, Option<String>) = tx
                .query_row(
                    "SELECT entry_id, closed FROM problems WHERE id = ?1",
                    [problem],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or(TrackError::NotFound)?;
            let (e, _) = Store::entry_base(tx, entry_id)?;
            if !by.covers(&e.task_force) {
                return Err(TrackError::Forbidden);
            }
            tx.execute(
                "UPDATE problems SET closed = ?1, resolution = ?2 WHERE id = ?3",
                params![date, resolution, problem],
            )?;
            audit(
                tx,
                &by.name,
                "problem",
                Some(problem),
                "closed",
                closed.as_deref(),
                Some(date),
            )
        })
    }

    /// Sets 五个一 on a signed (or later) project.
    pub fn set_five(&self, by: &User, id: i64, five: &Five) -> Result<()> {
        if five.official.trim().is_empty() {
            return Err(TrackError::invalid(
                "请填写牵头领导",
                "name the leading official",
            ));
        }
        for m in &five.plan {
            check_date(&m.date, "计划日期")?;
        }
        let text = serde_json::to_string(five).map_err(|e| TrackError::Db(e.to_string()))?;
        self.write(|tx| {
            let (e, old) = Store::entry_base(tx, id)?;
            if !by.covers(&e.task_force) {
                return Err(TrackError::Forbidden);
            }
            if !e.stage.is_signed() {
                return Err(TrackError::invalid(
                    "五个一用于已签约的项目",
                    "五个一 is for signed projects",
                ));
            }
            tx.execute(
                "UPDATE entries SET five = ?1 WHERE id = ?2",
                params![text, id],
            )?;
            audit(
                tx,
                &by.name,
                "entry",
                Some(id),
                "five",
                old.as_deref(),
                Some(&text),
            )
        })
    }

    // ----- reads -----

    /// The flags of an entry on day `today`: 签多备少 and overdue.
    fn flag(&self, e: &mut Entry, today: &str) {
        e.signed_less = match (e.agreement, e.filed) {
            (Some(a), Some(f)) => f < a * (1.0 - self.config.tolerance) - 1e-9,
            _ => false,
        };
        e.overdue = e.stage != Stage::Dropped
            && e.stage != Stage::Producing
            && e.next_date.as_deref().is_some_and(|n| n < today);
    }

    /// An entry with everything about it.
    pub fn entry(&self, by: &User, id: i64, today: &str) -> Result<EntryDetail> {
        let c = self.conn()?;
        let (mut e, five) = Store::entry_base(&c, id)?;
        if !by.covers(&e.task_force) {
            return Err(TrackError::Forbidden);
        }
        self.flag(&mut e, today);
        let five: Option<Five> = five.and_then(|t| serde_json::from_str(&t).ok());
        let mut st =
            c.prepare("SELECT stage, date, by FROM stages WHERE entry_id = ?1 ORDER BY rowid")?;
        let history = st
            .query_map([id], |r| {
                let s: String = r.get(0)?;
                Ok(StageRow {
                    stage: Stage::parse(&s).unwrap_or(Stage::Lead),
                    date: r.get(1)?,
                    by: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut st = c.prepare(
            "SELECT id, kind, date, note, next_date, by FROM events WHERE entry_id = ?1 ORDER BY date DESC, id DESC",
        )?;
        let events = st
            .query_map([id], |r| {
                let k: String = r.get(1)?;
                Ok(Event {
                    id: r.get(0)?,
                    kind: EventKind::parse(&k).unwrap_or(EventKind::Note),
                    date: r.get(2)?,
                    note: r.get(3)?,
                    next_date: r.get(4)?,
                    by: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut st = c.prepare(
            "SELECT id, category, text, owner, deadline, opened, closed, resolution FROM problems
             WHERE entry_id = ?1 ORDER BY closed IS NOT NULL, deadline, id",
        )?;
        let problems = st
            .query_map([id], |r| {
                let deadline: Option<String> = r.get(4)?;
                let closed: Option<String> = r.get(6)?;
                Ok(Problem {
                    id: r.get(0)?,
                    category: r.get(1)?,
                    text: r.get(2)?,
                    owner: r.get(3)?,
                    late: closed.is_none() && deadline.as_deref().is_some_and(|d| d < today),
                    deadline,
                    opened: r.get(5)?,
                    closed,
                    resolution: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let audit = self.audit_of(&c, id)?;
        Ok(EntryDetail {
            entry: e,
            history,
            events,
            problems,
            five,
            audit,
        })
    }

    fn audit_of(&self, c: &Connection, id: i64) -> Result<Vec<AuditRow>> {
        let mut st = c.prepare(
            "SELECT at, user, entity, entity_id, field, old, new FROM audit
             WHERE (entity = 'entry' AND entity_id = ?1)
                OR (entity = 'event' AND entity_id IN (SELECT id FROM events WHERE entry_id = ?1))
                OR (entity = 'problem' AND entity_id IN (SELECT id FROM problems WHERE entry_id = ?1))
             ORDER BY id DESC",
        )?;
        let v = st
            .query_map([id], audit_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    }

    /// The whole audit log, newest first (admins and leaders).
    pub fn audit_log(&self, by: &User, limit: usize) -> Result<Vec<AuditRow>> {
        if !by.sees_all() {
            return Err(TrackError::Forbidden);
        }
        let c = self.conn()?;
        let mut st = c.prepare(
            "SELECT at, user, entity, entity_id, field, old, new FROM audit ORDER BY id DESC LIMIT ?1",
        )?;
        let v = st
            .query_map([limit as i64], audit_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    }

    /// The entries the user sees that the filter admits, newest claim first.
    pub fn list(&self, by: &User, f: &ListFilter, today: &str) -> Result<Vec<Entry>> {
        if let Some(tf) = &f.task_force {
            if !by.covers(tf) {
                return Err(TrackError::Forbidden);
            }
        }
        let c = self.conn()?;
        let mut st = c.prepare(&format!(
            "{ENTRY_SELECT} ORDER BY e.claimed_at DESC, e.id DESC"
        ))?;
        let rows = st
            .query_map([], |r| Ok((entry_row(r)?, r.get::<_, Option<String>>(12)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut out = Vec::new();
        for (mut e, _) in rows {
            if !by.covers(&e.task_force)
                || f.task_force.as_deref().is_some_and(|t| t != e.task_force)
                || f.stage.is_some_and(|s| s != e.stage)
            {
                continue;
            }
            self.flag(&mut e, today);
            if f.overdue.is_some_and(|o| o != e.overdue) {
                continue;
            }
            out.push(e);
        }
        Ok(out)
    }

    /// Who holds each company on the pipeline (company key → holder).
    pub fn holders(&self) -> Result<std::collections::HashMap<String, Holder>> {
        let c = self.conn()?;
        let mut st =
            c.prepare("SELECT company_id, id, task_force, claimed_at, stage FROM entries")?;
        let v = st
            .query_map([], |r| {
                let s: String = r.get(4)?;
                Ok((
                    r.get::<_, String>(0)?,
                    Holder {
                        entry_id: r.get(1)?,
                        task_force: r.get(2)?,
                        since: r.get(3)?,
                        stage: Stage::parse(&s).unwrap_or(Stage::Lead),
                    },
                ))
            })?
            .collect::<rusqlite::Result<std::collections::HashMap<_, _>>>()?;
        Ok(v)
    }

    /// The stages an entry has reached, by entry (for conversions).
    pub fn reached(&self) -> Result<std::collections::HashMap<i64, Vec<Stage>>> {
        let c = self.conn()?;
        let mut st = c.prepare("SELECT entry_id, stage FROM stages")?;
        let mut out: std::collections::HashMap<i64, Vec<Stage>> = Default::default();
        for row in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (id, s) = row?;
            if let Some(s) = Stage::parse(&s) {
                out.entry(id).or_default().push(s);
            }
        }
        Ok(out)
    }
}

fn entry_row(r: &rusqlite::Row) -> rusqlite::Result<Entry> {
    let stage: String = r.get(8)?;
    Ok(Entry {
        id: r.get(0)?,
        company_id: r.get(1)?,
        company_name: r.get(2)?,
        chain: r.get(3)?,
        node: r.get(4)?,
        task_force: r.get(5)?,
        claimed_by: r.get(6)?,
        claimed_at: r.get(7)?,
        stage: Stage::parse(&stage).unwrap_or(Stage::Lead),
        agreement: r.get(9)?,
        filed: r.get(10)?,
        drop_reason: r.get(11)?,
        signed_less: false,
        overdue: false,
        next_date: r.get(13)?,
        open_problems: r.get::<_, i64>(14)? as usize,
        official: r
            .get::<_, Option<String>>(12)?
            .and_then(|t| serde_json::from_str::<Five>(&t).ok())
            .map(|f| f.official),
    })
}

fn audit_row(r: &rusqlite::Row) -> rusqlite::Result<AuditRow> {
    Ok(AuditRow {
        at: r.get(0)?,
        user: r.get(1)?,
        entity: r.get(2)?,
        entity_id: r.get(3)?,
        field: r.get(4)?,
        old: r.get(5)?,
        new: r.get(6)?,
    })
}
