//! The pipeline's rules on a real SQLite file.

use super::*;

/// A fresh store in a temporary file (removed with its WAL companions when dropped).
pub(crate) struct TempStore {
    pub store: Store,
    path: PathBuf,
}

impl Drop for TempStore {
    fn drop(&mut self) {
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", self.path.display()));
        }
    }
}

pub(crate) fn temp(tag: &str) -> TempStore {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let path = std::env::temp_dir().join(format!(
        "chainlead-tracking-{tag}-{}-{}.db",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let _ = std::fs::remove_file(&path);
    let store = Store::open(&path, Config::default(), &forces()).unwrap();
    TempStore { store, path }
}

fn forces() -> Vec<String> {
    ["steel", "pv", "medical", "hardware"]
        .map(String::from)
        .to_vec()
}

const PW: &str = "correct horse";
const TODAY: &str = "2026-12-04";

fn users(s: &Store) -> (User, User, User, User) {
    let a = s
        .add_user(None, "steel1", Role::TaskForce, Some("steel"), PW)
        .unwrap();
    let b = s
        .add_user(None, "pv1", Role::TaskForce, Some("pv"), PW)
        .unwrap();
    let l = s.add_user(None, "boss", Role::Leader, None, PW).unwrap();
    let ad = s.add_user(None, "admin", Role::Admin, None, PW).unwrap();
    (a, b, l, ad)
}

fn company(id: &str) -> NewEntry {
    NewEntry {
        company_id: id.into(),
        company_name: format!("{id}有限公司"),
        chain: Some("steel".into()),
        node: None,
    }
}

fn stage(stage: Stage, amount: Option<f64>) -> StageChange {
    StageChange {
        stage,
        date: None,
        amount,
        reason: None,
    }
}

#[test]
fn one_company_one_task_force() {
    let t = temp("claim");
    let (a, b, l, _) = users(&t.store);
    let e = t.store.claim(&a, &company("c1"), None, TODAY).unwrap();
    assert_eq!(e.task_force, "steel");
    assert_eq!(e.stage, Stage::Lead);
    let again = t
        .store
        .claim(&b, &company("c1"), None, "2026-12-05")
        .unwrap_err();
    assert_eq!(
        again,
        TrackError::Conflict {
            task_force: "steel".into(),
            since: TODAY.into(),
            entry_id: e.id
        }
    );
    assert_eq!(again.status(), 409);
    assert!(again.message(Lang::Zh).contains("steel") && again.message(Lang::Zh).contains(TODAY));
    // A member claims for its own task force only; a leader names one.
    assert_eq!(
        t.store
            .claim(&a, &company("c2"), Some("pv"), TODAY)
            .unwrap_err(),
        TrackError::Forbidden
    );
    let e2 = t
        .store
        .claim(&l, &company("c2"), Some("pv"), TODAY)
        .unwrap();
    assert_eq!(e2.task_force, "pv");
    assert!(matches!(
        t.store.claim(&l, &company("c3"), Some("nowhere"), TODAY),
        Err(TrackError::Invalid { .. })
    ));
    let holders = t.store.holders().unwrap();
    assert_eq!(holders["c1"].task_force, "steel");
    assert_eq!(holders.len(), 2);
}

#[test]
fn members_touch_only_their_own_task_force() {
    let t = temp("perm");
    let (a, b, l, ad) = users(&t.store);
    let id = t.store.claim(&a, &company("c1"), None, TODAY).unwrap().id;
    let ev = NewEvent {
        kind: EventKind::Call,
        date: TODAY.into(),
        note: "电话".into(),
        next_date: None,
    };
    // Another task force's member: every read and write is forbidden.
    assert_eq!(
        t.store.entry(&b, id, TODAY).unwrap_err(),
        TrackError::Forbidden
    );
    assert_eq!(
        t.store.add_event(&b, id, &ev).unwrap_err(),
        TrackError::Forbidden
    );
    assert_eq!(
        t.store
            .set_stage(&b, id, &stage(Stage::Contacted, None), TODAY)
            .unwrap_err(),
        TrackError::Forbidden
    );
    let p = NewProblem {
        category: "用地".into(),
        text: "缺地".into(),
        owner: "自然资源局".into(),
        deadline: None,
    };
    assert_eq!(
        t.store.add_problem(&b, id, &p, TODAY).unwrap_err(),
        TrackError::Forbidden
    );
    assert_eq!(
        t.store.reassign(&a, id, "pv").unwrap_err(),
        TrackError::Forbidden
    );
    assert!(t
        .store
        .list(&b, &ListFilter::default(), TODAY)
        .unwrap()
        .is_empty());
    assert_eq!(
        t.store
            .list(
                &b,
                &ListFilter {
                    task_force: Some("steel".into()),
                    ..Default::default()
                },
                TODAY
            )
            .unwrap_err(),
        TrackError::Forbidden
    );
    // The owner and a leader may; a leader hands it over, and then the new task force may.
    t.store.add_event(&a, id, &ev).unwrap();
    t.store.add_event(&l, id, &ev).unwrap();
    t.store.reassign(&l, id, "pv").unwrap();
    t.store.add_event(&b, id, &ev).unwrap();
    assert_eq!(
        t.store.add_event(&a, id, &ev).unwrap_err(),
        TrackError::Forbidden
    );
    // Only admins manage users.
    assert_eq!(
        t.store
            .add_user(Some(&l), "x", Role::Leader, None, PW)
            .unwrap_err(),
        TrackError::Forbidden
    );
    t.store
        .add_user(Some(&ad), "x", Role::Leader, None, PW)
        .unwrap();
    assert_eq!(
        t.store.entry(&ad, id, TODAY).unwrap().entry.task_force,
        "pv"
    );
}

#[test]
fn stages_need_their_amounts_and_flag_signed_less() {
    let t = temp("stages");
    let (a, _, l, _) = users(&t.store);
    let id = t.store.claim(&a, &company("c1"), None, TODAY).unwrap().id;
    t.store
        .set_stage(&a, id, &stage(Stage::Visited, None), TODAY)
        .unwrap();
    assert!(matches!(
        t.store
            .set_stage(&a, id, &stage(Stage::Signed, None), TODAY),
        Err(TrackError::Invalid { .. })
    ));
    assert!(matches!(
        t.store
            .set_stage(&a, id, &stage(Stage::Signed, Some(0.0)), TODAY),
        Err(TrackError::Invalid { .. })
    ));
    // 五个一 only once signed.
    let five = Five {
        official: "张副区长".into(),
        team: vec!["招商局".into()],
        plan: vec![Milestone {
            name: "供地".into(),
            date: "2027-03-01".into(),
            done: false,
        }],
    };
    assert!(t.store.set_five(&a, id, &five).is_err());
    t.store
        .set_stage(&a, id, &stage(Stage::Signed, Some(10000.0)), TODAY)
        .unwrap();
    t.store.set_five(&a, id, &five).unwrap();
    assert!(matches!(
        t.store
            .set_stage(&a, id, &stage(Stage::Registered, None), TODAY),
        Err(TrackError::Invalid { .. })
    ));
    // Exactly at the tolerance (10% below) is not flagged.
    t.store
        .set_stage(&a, id, &stage(Stage::Registered, Some(9000.0)), TODAY)
        .unwrap();
    let d = t.store.entry(&a, id, TODAY).unwrap();
    assert!(!d.entry.signed_less);
    assert_eq!(d.five.as_ref().unwrap(), &five);
    assert_eq!(d.entry.official.as_deref(), Some("张副区长"));
    // Below it is 签多备少 (a leader corrects the filed amount by registering again).
    t.store
        .set_stage(&l, id, &stage(Stage::Registered, Some(8999.0)), TODAY)
        .unwrap();
    let d = t.store.entry(&a, id, TODAY).unwrap();
    assert!(d.entry.signed_less);
    let stages: Vec<Stage> = d.history.iter().map(|h| h.stage).collect();
    assert_eq!(
        stages,
        vec![
            Stage::Lead,
            Stage::Visited,
            Stage::Signed,
            Stage::Registered,
            Stage::Registered
        ]
    );
    // Members cannot move back; dropping needs a reason; only leaders reopen.
    assert_eq!(
        t.store
            .set_stage(&a, id, &stage(Stage::Visited, None), TODAY)
            .unwrap_err(),
        TrackError::Forbidden
    );
    assert!(t
        .store
        .set_stage(&a, id, &stage(Stage::Dropped, None), TODAY)
        .is_err());
    let mut drop = stage(Stage::Dropped, None);
    drop.reason = Some("企业投资计划取消".into());
    t.store.set_stage(&a, id, &drop, TODAY).unwrap();
    assert_eq!(
        t.store
            .set_stage(&a, id, &stage(Stage::Negotiating, None), TODAY)
            .unwrap_err(),
        TrackError::Forbidden
    );
    t.store
        .set_stage(&l, id, &stage(Stage::Negotiating, None), TODAY)
        .unwrap();
    // A bad date is refused.
    let mut bad = stage(Stage::Signed, Some(1.0));
    bad.date = Some("2026-02-30".into());
    assert!(matches!(
        t.store.set_stage(&l, id, &bad, TODAY),
        Err(TrackError::Invalid { .. })
    ));
}

#[test]
fn overdue_until_a_newer_event() {
    let t = temp("overdue");
    let (a, ..) = users(&t.store);
    let id = t
        .store
        .claim(&a, &company("c1"), None, "2026-11-01")
        .unwrap()
        .id;
    let ev = |date: &str, next: Option<&str>| NewEvent {
        kind: EventKind::Visit,
        date: date.into(),
        note: "拜访".into(),
        next_date: next.map(String::from),
    };
    assert!(
        !t.store.entry(&a, id, TODAY).unwrap().entry.overdue,
        "no event, not overdue"
    );
    t.store
        .add_event(&a, id, &ev("2026-11-10", Some("2026-12-01")))
        .unwrap();
    let e = t.store.entry(&a, id, TODAY).unwrap().entry;
    assert!(e.overdue);
    assert_eq!(e.next_date.as_deref(), Some("2026-12-01"));
    assert!(
        !t.store.entry(&a, id, "2026-12-01").unwrap().entry.overdue,
        "due today is not late"
    );
    let over = ListFilter {
        overdue: Some(true),
        ..Default::default()
    };
    assert_eq!(t.store.list(&a, &over, TODAY).unwrap().len(), 1);
    t.store
        .add_event(&a, id, &ev("2026-12-03", Some("2026-12-20")))
        .unwrap();
    assert!(!t.store.entry(&a, id, TODAY).unwrap().entry.overdue);
    assert!(t.store.list(&a, &over, TODAY).unwrap().is_empty());
}

#[test]
fn problems_open_and_close() {
    let t = temp("problems");
    let (a, ..) = users(&t.store);
    let id = t.store.claim(&a, &company("c1"), None, TODAY).unwrap().id;
    let p = NewProblem {
        category: "用电".into(),
        text: "专线未通".into(),
        owner: "供电局".into(),
        deadline: Some("2026-12-01".into()),
    };
    let pid = t.store.add_problem(&a, id, &p, TODAY).unwrap();
    let d = t.store.entry(&a, id, TODAY).unwrap();
    assert_eq!(d.entry.open_problems, 1);
    assert!(d.problems[0].late);
    t.store.close_problem(&a, pid, TODAY, "已通电").unwrap();
    let d = t.store.entry(&a, id, TODAY).unwrap();
    assert_eq!(d.entry.open_problems, 0);
    assert_eq!(d.problems[0].closed.as_deref(), Some(TODAY));
    assert!(!d.problems[0].late);
}

#[test]
fn every_change_is_audited_with_old_and_new_values() {
    let t = temp("audit");
    let (a, _, l, _) = users(&t.store);
    let id = t.store.claim(&a, &company("c1"), None, TODAY).unwrap().id;
    t.store
        .set_stage(&a, id, &stage(Stage::Signed, Some(500.0)), TODAY)
        .unwrap();
    t.store.reassign(&l, id, "pv").unwrap();
    let d = t.store.entry(&l, id, TODAY).unwrap();
    let fields: Vec<(&str, Option<&str>, Option<&str>, &str)> = d
        .audit
        .iter()
        .map(|r| {
            (
                r.field.as_str(),
                r.old.as_deref(),
                r.new.as_deref(),
                r.user.as_str(),
            )
        })
        .collect();
    assert!(
        fields.contains(&("task_force", Some("steel"), Some("pv"), "boss")),
        "{fields:?}"
    );
    assert!(fields.contains(&("stage", Some("lead"), Some("signed"), "steel1")));
    assert!(fields.contains(&("agreement", None, Some("500"), "steel1")));
    assert!(fields.iter().any(|f| f.0 == "claimed"));
    let log = t.store.audit_log(&l, 100).unwrap();
    assert!(log.iter().any(|r| r.entity == "user" && r.field == "added"));
    assert_eq!(
        t.store.audit_log(&a, 10).unwrap_err(),
        TrackError::Forbidden
    );
}

#[test]
fn logins_are_throttled_and_sessions_end() {
    let t = temp("login");
    let (a, ..) = users(&t.store);
    let now = 1_800_000_000;
    assert_eq!(
        t.store.login("steel1", "wrong", now).unwrap_err(),
        TrackError::BadLogin
    );
    assert_eq!(
        t.store.login("nobody", PW, now).unwrap_err(),
        TrackError::BadLogin
    );
    let token = t.store.login("steel1", PW, now).unwrap();
    assert_eq!(
        t.store
            .session_user(&token, now + 10)
            .unwrap()
            .unwrap()
            .name,
        a.name
    );
    // Expired.
    assert!(t
        .store
        .session_user(&token, now + SESSION_SECS + 1)
        .unwrap()
        .is_none());
    // Five failures lock the name, even for the right password.
    for k in 0..FAILURES_BEFORE_LOCK {
        assert_eq!(
            t.store.login("steel1", "wrong", now + k).unwrap_err(),
            TrackError::BadLogin
        );
    }
    let e = t.store.login("steel1", PW, now + 5).unwrap_err();
    assert!(matches!(e, TrackError::Throttled { .. }), "{e:?}");
    assert_eq!(e.status(), 429);
    // The window passes: it works again.
    assert!(t.store.login("steel1", PW, now + 5 + LOCK_SECS + 1).is_ok());
    // Unknown names are throttled the same way.
    for k in 0..FAILURES_BEFORE_LOCK {
        let _ = t.store.login("ghost", "x", now + k);
    }
    assert!(matches!(
        t.store.login("ghost", "x", now + 6),
        Err(TrackError::Throttled { .. })
    ));
    // Disabling ends the sessions and the logins.
    let token = t.store.login("steel1", PW, now + 100).unwrap();
    t.store.set_disabled(None, "steel1", true).unwrap();
    assert!(t.store.session_user(&token, now + 101).unwrap().is_none());
    assert_eq!(
        t.store.login("steel1", PW, now + 102).unwrap_err(),
        TrackError::BadLogin
    );
    t.store.set_disabled(None, "steel1", false).unwrap();
    let token = t.store.login("steel1", PW, now + 103).unwrap();
    t.store.logout(&token).unwrap();
    assert!(t.store.session_user(&token, now + 104).unwrap().is_none());
    // Short passwords and duplicate names are refused.
    assert!(t
        .store
        .add_user(None, "short", Role::Leader, None, "1234567")
        .is_err());
    assert!(t
        .store
        .add_user(None, "steel1", Role::Leader, None, PW)
        .is_err());
    assert!(t
        .store
        .add_user(None, "tf", Role::TaskForce, None, PW)
        .is_err());
}

#[test]
fn a_restart_keeps_everything_and_a_newer_file_is_refused() {
    let t = temp("restart");
    let (a, ..) = users(&t.store);
    let id = t.store.claim(&a, &company("c1"), None, TODAY).unwrap().id;
    let again = Store::open(t.store.path(), Config::default(), &forces()).unwrap();
    assert_eq!(again.entry(&a, id, TODAY).unwrap().entry.company_id, "c1");
    assert_eq!(again.users().unwrap().len(), 4);
    assert_eq!(
        again.check().unwrap(),
        ("ok".to_string(), MIGRATIONS.len() as i64)
    );
    let c = Connection::open(t.store.path()).unwrap();
    c.pragma_update(None, "user_version", 99).unwrap();
    drop(c);
    assert!(matches!(
        Store::open(t.store.path(), Config::default(), &forces()),
        Err(TrackError::Invalid { .. })
    ));
    assert!(Store::open(t.store.path(), Config { tolerance: 1.5 }, &forces()).is_err());
}

#[test]
fn a_backup_is_a_consistent_copy() {
    let t = temp("backup");
    let (a, ..) = users(&t.store);
    t.store.claim(&a, &company("c1"), None, TODAY).unwrap();
    let to = std::env::temp_dir().join(format!("chainlead-backup-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&to);
    t.store.backup(&to).unwrap();
    assert!(t.store.backup(&to).is_err(), "never overwrites");
    let copy = Store::open(&to, Config::default(), &forces()).unwrap();
    assert_eq!(copy.holders().unwrap().len(), 1);
    std::fs::remove_file(&to).unwrap();
}

/// Dozens of threads, each with its own store on the same file: none of their writes is lost, no
/// "database is locked" reaches them, and of racing claims on one company exactly one wins.
#[test]
fn concurrent_writers_lose_nothing() {
    let t = temp("concurrency");
    let (a, ..) = users(&t.store);
    let path = t.store.path().to_path_buf();
    let wins = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for k in 0..32 {
            let (path, a) = (path.clone(), a.clone());
            s.spawn(move || {
                let store = Store::open(&path, Config::default(), &forces()).unwrap();
                let id = store
                    .claim(&a, &company(&format!("own{k}")), None, TODAY)
                    .unwrap()
                    .id;
                for j in 0..20 {
                    let ev = NewEvent {
                        kind: EventKind::Note,
                        date: TODAY.into(),
                        note: format!("{k}-{j}"),
                        next_date: None,
                    };
                    store
                        .add_event(&a, id, &ev)
                        .unwrap_or_else(|e| panic!("{e}"));
                }
            });
        }
        for _ in 0..8 {
            let (path, a, wins) = (path.clone(), a.clone(), &wins);
            s.spawn(move || {
                let store = Store::open(&path, Config::default(), &forces()).unwrap();
                match store.claim(&a, &company("contested"), None, TODAY) {
                    Ok(_) => {
                        wins.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                    Err(TrackError::Conflict { .. }) => {}
                    Err(e) => panic!("{e}"),
                }
            });
        }
    });
    assert_eq!(wins.into_inner(), 1);
    let list = t.store.list(&a, &ListFilter::default(), TODAY).unwrap();
    assert_eq!(list.len(), 33);
    for e in list.iter().filter(|e| e.company_id.starts_with("own")) {
        assert_eq!(t.store.entry(&a, e.id, TODAY).unwrap().events.len(), 20);
    }
}
