//! The pipeline's words: roles, stages, follow-up and problem kinds, and the records the store
//! returns (serialised as JSON by the web workspace).

use serde::Serialize;

use crate::lang::Lang;

/// What a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A member of one task force (专班): its own entries only.
    TaskForce,
    /// A leader: every entry; hands entries between task forces.
    Leader,
    /// An administrator: users, and what leaders do.
    Admin,
}

impl Role {
    /// The id stored and shown.
    pub fn id(self) -> &'static str {
        match self {
            Role::TaskForce => "task_force",
            Role::Leader => "leader",
            Role::Admin => "admin",
        }
    }

    /// Parses an id.
    pub fn parse(s: &str) -> Option<Role> {
        [Role::TaskForce, Role::Leader, Role::Admin]
            .into_iter()
            .find(|r| r.id() == s)
    }

    /// The name for users.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Role::TaskForce => lang.pick("专班成员", "task force member"),
            Role::Leader => lang.pick("领导", "leader"),
            Role::Admin => lang.pick("管理员", "administrator"),
        }
    }
}

/// A user (never with the password hash).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    /// Row id.
    pub id: i64,
    /// Login name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// The task force (chain id) of a member.
    pub task_force: Option<String>,
    /// Disabled users cannot log in.
    pub disabled: bool,
    /// When added (UTC, RFC 3339).
    pub created: String,
}

impl User {
    /// Whether the user may read and change the entries of `task_force`.
    pub fn covers(&self, task_force: &str) -> bool {
        match self.role {
            Role::TaskForce => self.task_force.as_deref() == Some(task_force),
            Role::Leader | Role::Admin => true,
        }
    }

    /// Whether the user sees every task force.
    pub fn sees_all(&self) -> bool {
        self.role != Role::TaskForce
    }
}

/// Where an entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 线索
    Lead,
    /// 接洽
    Contacted,
    /// 拜访
    Visited,
    /// 洽谈
    Negotiating,
    /// 签约: the agreement amount is required.
    Signed,
    /// 注册: the filed amount is required.
    Registered,
    /// 开工
    Started,
    /// 投产
    Producing,
    /// 中止, with a reason.
    Dropped,
}

impl Stage {
    /// The stages in order, 中止 last.
    pub const ALL: [Stage; 9] = [
        Stage::Lead,
        Stage::Contacted,
        Stage::Visited,
        Stage::Negotiating,
        Stage::Signed,
        Stage::Registered,
        Stage::Started,
        Stage::Producing,
        Stage::Dropped,
    ];

    /// The id stored and used in the API.
    pub fn id(self) -> &'static str {
        match self {
            Stage::Lead => "lead",
            Stage::Contacted => "contacted",
            Stage::Visited => "visited",
            Stage::Negotiating => "negotiating",
            Stage::Signed => "signed",
            Stage::Registered => "registered",
            Stage::Started => "started",
            Stage::Producing => "producing",
            Stage::Dropped => "dropped",
        }
    }

    /// Parses an id or the Chinese name.
    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL
            .into_iter()
            .find(|x| x.id() == s || x.label(Lang::Zh) == s)
    }

    /// The name for users.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Stage::Lead => lang.pick("线索", "lead"),
            Stage::Contacted => lang.pick("接洽", "contacted"),
            Stage::Visited => lang.pick("拜访", "visited"),
            Stage::Negotiating => lang.pick("洽谈", "negotiating"),
            Stage::Signed => lang.pick("签约", "signed"),
            Stage::Registered => lang.pick("注册", "registered"),
            Stage::Started => lang.pick("开工", "started"),
            Stage::Producing => lang.pick("投产", "producing"),
            Stage::Dropped => lang.pick("中止", "dropped"),
        }
    }

    /// Its place in the order (中止 after 投产).
    pub fn rank(self) -> usize {
        Stage::ALL.iter().position(|&s| s == self).unwrap_or(0)
    }

    /// Signed or later (not dropped): a project with 五个一.
    pub fn is_signed(self) -> bool {
        self >= Stage::Signed && self != Stage::Dropped
    }
}

/// A follow-up's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// 拜访
    Visit,
    /// 电话
    Call,
    /// 会议
    Meeting,
    /// 备注
    Note,
    /// 问题
    Problem,
}

impl EventKind {
    /// Every kind.
    pub const ALL: [EventKind; 5] = [
        EventKind::Visit,
        EventKind::Call,
        EventKind::Meeting,
        EventKind::Note,
        EventKind::Problem,
    ];

    /// The id.
    pub fn id(self) -> &'static str {
        match self {
            EventKind::Visit => "visit",
            EventKind::Call => "call",
            EventKind::Meeting => "meeting",
            EventKind::Note => "note",
            EventKind::Problem => "problem",
        }
    }

    /// Parses an id.
    pub fn parse(s: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.id() == s)
    }

    /// The name for users.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            EventKind::Visit => lang.pick("拜访", "visit"),
            EventKind::Call => lang.pick("电话", "call"),
            EventKind::Meeting => lang.pick("会议", "meeting"),
            EventKind::Note => lang.pick("备注", "note"),
            EventKind::Problem => lang.pick("问题", "problem"),
        }
    }
}

/// A company put on the pipeline.
#[derive(Debug, Clone, Default)]
pub struct NewEntry {
    /// The company's key in the workspace.
    pub company_id: String,
    /// Its name.
    pub company_name: String,
    /// The chain of the lead, if it is one.
    pub chain: Option<String>,
    /// The node of the lead.
    pub node: Option<String>,
}

/// A move to another stage.
#[derive(Debug, Clone)]
pub struct StageChange {
    /// The stage.
    pub stage: Stage,
    /// Its date (YYYY-MM-DD); today when not given.
    pub date: Option<String>,
    /// 协议投资额 at 签约, 立项备案额 at 注册 (万元).
    pub amount: Option<f64>,
    /// Why, at 中止.
    pub reason: Option<String>,
}

/// A follow-up recorded.
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// Its kind.
    pub kind: EventKind,
    /// Its date (YYYY-MM-DD).
    pub date: String,
    /// What happened.
    pub note: String,
    /// When to follow up next.
    pub next_date: Option<String>,
}

/// A problem raised (land, power, financing, approvals, other).
#[derive(Debug, Clone)]
pub struct NewProblem {
    /// 用地, 用电, 融资, 审批, 其他 (free text, short).
    pub category: String,
    /// The problem.
    pub text: String,
    /// Who solves it.
    pub owner: String,
    /// By when (YYYY-MM-DD).
    pub deadline: Option<String>,
}

/// One milestone of a project's plan.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Milestone {
    /// What.
    pub name: String,
    /// By when (YYYY-MM-DD).
    pub date: String,
    /// Done.
    #[serde(default)]
    pub done: bool,
}

/// 五个一 of a signed project: one leading official, one team, one plan.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, Default)]
pub struct Five {
    /// The leading official (牵头领导).
    pub official: String,
    /// The team (工作专班).
    #[serde(default)]
    pub team: Vec<String>,
    /// The plan (推进计划).
    #[serde(default)]
    pub plan: Vec<Milestone>,
}

/// An entry with its flags, as lists show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// Row id.
    pub id: i64,
    /// The company's key in the workspace.
    pub company_id: String,
    /// Its name.
    pub company_name: String,
    /// The chain of the lead.
    pub chain: Option<String>,
    /// The node of the lead.
    pub node: Option<String>,
    /// The task force holding it.
    pub task_force: String,
    /// Who claimed it.
    pub claimed_by: String,
    /// When (YYYY-MM-DD).
    pub claimed_at: String,
    /// Where it stands.
    pub stage: Stage,
    /// 协议投资额 (万元).
    pub agreement: Option<f64>,
    /// 立项备案额 (万元).
    pub filed: Option<f64>,
    /// Why it was dropped.
    pub drop_reason: Option<String>,
    /// 签多备少: filed below the agreement by more than the tolerance.
    pub signed_less: bool,
    /// A follow-up date passed without a newer event.
    pub overdue: bool,
    /// The next follow-up date.
    pub next_date: Option<String>,
    /// Problems not yet solved.
    pub open_problems: usize,
    /// The leading official, when 五个一 is set.
    pub official: Option<String>,
}

/// A stage reached.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageRow {
    /// The stage.
    pub stage: Stage,
    /// Its date.
    pub date: String,
    /// Who recorded it.
    pub by: String,
}

/// A follow-up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// Row id.
    pub id: i64,
    /// Kind.
    pub kind: EventKind,
    /// Date.
    pub date: String,
    /// What happened.
    pub note: String,
    /// Next follow-up.
    pub next_date: Option<String>,
    /// Who recorded it.
    pub by: String,
}

/// A problem on the on-site meeting's list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// Row id.
    pub id: i64,
    /// 用地, 用电, 融资, 审批, 其他.
    pub category: String,
    /// The problem.
    pub text: String,
    /// Who solves it.
    pub owner: String,
    /// By when.
    pub deadline: Option<String>,
    /// Raised on.
    pub opened: String,
    /// Solved on.
    pub closed: Option<String>,
    /// How.
    pub resolution: Option<String>,
    /// Open past its deadline.
    pub late: bool,
}

/// One change, as the audit log keeps it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditRow {
    /// When (UTC, RFC 3339).
    pub at: String,
    /// Who.
    pub user: String,
    /// What kind of thing (user, entry, event, problem).
    pub entity: String,
    /// Its id.
    pub entity_id: Option<i64>,
    /// What changed.
    pub field: String,
    /// Before.
    pub old: Option<String>,
    /// After.
    pub new: Option<String>,
}

/// An entry with everything about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryDetail {
    /// The entry and its flags.
    pub entry: Entry,
    /// The stages reached, in order.
    pub history: Vec<StageRow>,
    /// Follow-ups, newest first.
    pub events: Vec<Event>,
    /// Problems, open first.
    pub problems: Vec<Problem>,
    /// 五个一.
    pub five: Option<Five>,
    /// Its changes, newest first.
    pub audit: Vec<AuditRow>,
}

/// Who holds a company.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Holder {
    /// The entry.
    pub entry_id: i64,
    /// The task force.
    pub task_force: String,
    /// Since (YYYY-MM-DD).
    pub since: String,
    /// Its stage.
    pub stage: Stage,
}

/// What lists ask for.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// One task force.
    pub task_force: Option<String>,
    /// One stage.
    pub stage: Option<Stage>,
    /// Only overdue (true) or only not (false).
    pub overdue: Option<bool>,
}
