//! `chainlead users` and `chainlead db`: users added from stdin, listed, refused twice, disabled;
//! a backup made that `db check` accepts; and a writer killed with SIGKILL mid-stream losing no
//! committed write and leaving an intact file.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

fn run(args: &[&str], stdin: Option<&str>) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chainlead"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(s) = stdin {
        child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

fn text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn users_are_added_listed_refused_twice_and_disabled() {
    let dir = common::tmp_dir("cli-users");
    let db = dir.join("p.db");
    let db = db.to_str().unwrap();
    let o = run(
        &[
            "users",
            "add",
            "张三",
            "--task-force",
            "光伏",
            "--db",
            db,
            "--password-stdin",
        ],
        Some("很长的密码12345\n"),
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("已添加用户 张三"), "{}", text(&o));
    let o = run(
        &[
            "users",
            "add",
            "李局",
            "--leader",
            "--db",
            db,
            "--password-stdin",
        ],
        Some("another-password\n"),
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&["users", "list", "--db", db], None);
    let listed = text(&o);
    assert!(
        listed.contains("张三") && listed.contains("pv") && listed.contains("李局"),
        "{listed}"
    );
    // The same name again, a short password, no role: clear errors.
    let o = run(
        &[
            "users",
            "add",
            "张三",
            "--leader",
            "--db",
            db,
            "--password-stdin",
        ],
        Some("another-password\n"),
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("已存在"), "{}", text(&o));
    let o = run(
        &[
            "users",
            "add",
            "王五",
            "--leader",
            "--db",
            db,
            "--password-stdin",
        ],
        Some("short\n"),
    );
    assert!(
        !o.status.success() && text(&o).contains("至少 8"),
        "{}",
        text(&o)
    );
    let o = run(
        &["users", "add", "王五", "--db", db, "--password-stdin"],
        Some("another-password\n"),
    );
    assert!(!o.status.success());
    let o = run(&["users", "disable", "张三", "--db", db], None);
    assert!(
        o.status.success() && text(&o).contains("已停用"),
        "{}",
        text(&o)
    );
    assert!(text(&run(&["users", "list", "--db", db], None)).contains("已停用"));
    let o = run(&["users", "disable", "nobody", "--db", db], None);
    assert!(
        !o.status.success() && text(&o).contains("没有用户"),
        "{}",
        text(&o)
    );
    let o = run(
        &["--lang", "en", "users", "enable", "张三", "--db", db],
        None,
    );
    assert!(
        o.status.success() && text(&o).contains("enabled"),
        "{}",
        text(&o)
    );
}

#[test]
fn a_backup_passes_the_check() {
    let dir = common::tmp_dir("cli-backup");
    let db = dir.join("p.db");
    let copy = dir.join("copy.db");
    let (db, copy) = (db.to_str().unwrap(), copy.to_str().unwrap());
    assert!(run(
        &[
            "users",
            "add",
            "a",
            "--admin",
            "--db",
            db,
            "--password-stdin"
        ],
        Some("password-1\n")
    )
    .status
    .success());
    let o = run(&["db", "backup", "--db", db, "-o", copy], None);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&["db", "check", "--db", copy], None);
    assert!(
        o.status.success() && text(&o).contains("完整性：ok"),
        "{}",
        text(&o)
    );
    assert!(text(&run(&["users", "list", "--db", copy], None)).contains('a'));
    // Never over an existing file.
    assert!(!run(&["db", "backup", "--db", db, "-o", copy], None)
        .status
        .success());
    assert!(!run(&["db", "check", "--db", "/nonexistent/x.db"], None)
        .status
        .success());
}

/// A writer killed with SIGKILL while it commits: the file is intact and every write it reported
/// committed is there.
#[test]
fn a_killed_writer_loses_no_committed_write() {
    let dir = common::tmp_dir("cli-kill");
    let db = dir.join("p.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_chainlead"))
        .args([
            "db",
            "stress",
            "--db",
            db.to_str().unwrap(),
            "--writes",
            "100000",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut committed = Vec::new();
    while committed.len() < 200 {
        let line = lines.next().expect("the writer writes").unwrap();
        let parts: Vec<i64> = line
            .split_whitespace()
            .skip(1)
            .map(|x| x.parse().unwrap())
            .collect();
        committed.push((parts[0], parts[1]));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    // Lines it printed after the ones read are committed too; read what is left in the pipe.
    for line in lines.map_while(Result::ok) {
        let parts: Vec<i64> = line
            .split_whitespace()
            .skip(1)
            .filter_map(|x| x.parse().ok())
            .collect();
        if parts.len() == 2 {
            committed.push((parts[0], parts[1]));
        }
    }
    check(&db, &committed);
}

fn check(db: &Path, committed: &[(i64, i64)]) {
    let o = run(&["db", "check", "--db", db.to_str().unwrap()], None);
    assert!(
        o.status.success() && text(&o).contains("完整性：ok"),
        "{}",
        text(&o)
    );
    let c = rusqlite::Connection::open(db).unwrap();
    for (entry, event) in committed {
        let n: i64 = c
            .query_row(
                "SELECT COUNT(*) FROM events e JOIN entries n ON n.id = e.entry_id WHERE e.id = ?1 AND n.id = ?2",
                [event, entry],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            n, 1,
            "entry {entry} event {event} was reported committed but is missing"
        );
    }
}

#[test]
fn serve_refuses_other_machines_without_a_user() {
    let dir = common::tmp_dir("cli-serve-open");
    let db = dir.join("p.db");
    let db = db.to_str().unwrap();
    let o = run(&["-q", "serve", "--addr", "0.0.0.0:0", "--db", db], None);
    assert!(!o.status.success());
    assert!(text(&o).contains("拒绝在 0.0.0.0:0 上监听"), "{}", text(&o));
    let o = run(
        &[
            "--lang",
            "en",
            "-q",
            "serve",
            "--addr",
            "0.0.0.0:0",
            "--db",
            db,
        ],
        None,
    );
    assert!(text(&o).contains("refusing to listen"), "{}", text(&o));
}
