//! Everything the trip says, Chinese and English of one sentence side by side: the brief's headings
//! and sentences, the talking points, and the lines of the day plan. Adding a case here means
//! writing it in both languages in one `match`; the tests check that every case says something
//! in each and that the cases stay apart.

use crate::lang::Lang;

/// The headed sections of a brief, in the order they appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// What the company makes.
    Makes,
    /// Where it is.
    Where,
    /// Why its node matters at home.
    Why,
    /// Employees, capital, revenue, labels.
    Scale,
    /// Financing, hiring, branches.
    Signals,
    /// Phone, e-mail, website.
    Contacts,
    /// The firms at home it could supply or buy from (以商招商).
    Referral,
    /// What to say in the meeting.
    TalkingPoints,
}

impl Section {
    /// Every section, in brief order.
    pub const ALL: [Section; 8] = [
        Section::Makes,
        Section::Where,
        Section::Why,
        Section::Scale,
        Section::Signals,
        Section::Contacts,
        Section::Referral,
        Section::TalkingPoints,
    ];

    /// The heading that starts the section's line, with its colon.
    pub fn heading(self, lang: Lang) -> &'static str {
        match self {
            Section::Makes => lang.pick("主营：", "Makes: "),
            Section::Where => lang.pick("所在地：", "Where: "),
            Section::Why => lang.pick("为何重要：", "Why it matters: "),
            Section::Scale => lang.pick("规模与资质：", "Scale and labels: "),
            Section::Signals => lang.pick("扩张信号：", "Signals: "),
            Section::Contacts => lang.pick("联系方式：", "Contacts: "),
            Section::Referral => lang.pick("以商招商：", "Referral angle: "),
            Section::TalkingPoints => lang.pick("谈话要点：", "Talking points: "),
        }
    }

    /// The section's line: the heading, then the parts joined as the section joins them.
    pub fn line(self, parts: &[String], lang: Lang) -> String {
        let sep = match self {
            Section::TalkingPoints => lang.pick("；", "; "),
            _ => lang.pick("，", "; "),
        };
        format!("{}{}", self.heading(lang), parts.join(sep))
    }
}

/// Names in a list: 甲、乙 or A, B.
pub fn list(names: &[&str], lang: Lang) -> String {
    names.join(lang.pick("、", ", "))
}

/// A list of firms cut at three: the first names and how many in all.
pub fn some_firms(shown: &[&str], total: usize, lang: Lang) -> String {
    let names = list(shown, lang);
    if total <= shown.len() {
        return names;
    }
    match lang {
        Lang::Zh => format!("{names}等{total}家企业"),
        Lang::En => format!("{names} and {} more", total - shown.len()),
    }
}

/// Where the company is: its place (same province, elsewhere) and its area names.
pub fn place(place: &str, area: &[&str], lang: Lang) -> String {
    match (area.is_empty(), lang) {
        (true, _) => place.to_string(),
        (false, Lang::Zh) => format!("{place}（{}）", area.join("")),
        (false, Lang::En) => format!("{place} ({})", area.join(" ")),
    }
}

/// One figure of a company's scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// Insured employees.
    Employees(f64),
    /// Registered capital, 10k CNY.
    Capital(f64),
    /// Revenue, 10k CNY.
    Revenue(f64),
}

impl Scale {
    /// The figure as a phrase.
    pub fn phrase(self, lang: Lang) -> String {
        match (self, lang) {
            (Scale::Employees(n), Lang::Zh) => format!("参保{n}人"),
            (Scale::Employees(n), Lang::En) => format!("{n} employees"),
            (Scale::Capital(v), Lang::Zh) => format!("注册资本{v}万元"),
            (Scale::Capital(v), Lang::En) => format!("capital {v} 10k CNY"),
            (Scale::Revenue(v), Lang::Zh) => format!("营收{v}万元"),
            (Scale::Revenue(v), Lang::En) => format!("revenue {v} 10k CNY"),
        }
    }
}

/// One sign that a company is growing.
#[derive(Debug, Clone, PartialEq)]
pub enum Signal {
    /// The date of its last financing round.
    Financing(String),
    /// People hired in the last three months.
    Hiring(f64),
    /// Branch offices.
    Branches(f64),
}

impl Signal {
    /// The signal as a phrase.
    pub fn phrase(&self, lang: Lang) -> String {
        match (self, lang) {
            (Signal::Financing(d), Lang::Zh) => format!("最近融资{d}"),
            (Signal::Financing(d), Lang::En) => format!("last round {d}"),
            (Signal::Hiring(n), Lang::Zh) => format!("近三月招聘{n}人"),
            (Signal::Hiring(n), Lang::En) => format!("hiring {n}"),
            (Signal::Branches(n), Lang::Zh) => format!("分支机构{n}家"),
            (Signal::Branches(n), Lang::En) => format!("{n} branches"),
        }
    }
}

/// How the company could deal with the firms at home (以商招商).
#[derive(Debug, Clone, PartialEq)]
pub enum Referral {
    /// It could supply these named firms.
    SupplyNamed(String),
    /// It could supply this many firms.
    SupplyCount(usize),
    /// It could buy from these named firms.
    BuyNamed(String),
    /// It could buy from this many firms.
    BuyCount(usize),
    /// No direct supplier or customer at home.
    Nobody,
}

impl Referral {
    /// The angle as a phrase.
    pub fn phrase(&self, lang: Lang) -> String {
        match (self, lang) {
            (Referral::SupplyNamed(n), Lang::Zh) => format!("可供应本地{n}"),
            (Referral::SupplyNamed(n), Lang::En) => format!("could supply {n}"),
            (Referral::SupplyCount(k), Lang::Zh) => format!("可供应本地{k}家企业"),
            (Referral::SupplyCount(k), Lang::En) => format!("could supply {k} firms here"),
            (Referral::BuyNamed(n), Lang::Zh) => format!("可向本地{n}采购"),
            (Referral::BuyNamed(n), Lang::En) => format!("could buy from {n}"),
            (Referral::BuyCount(k), Lang::Zh) => format!("可向本地{k}家企业采购"),
            (Referral::BuyCount(k), Lang::En) => format!("could buy from {k} firms here"),
            (Referral::Nobody, Lang::Zh) => "本地暂无直接上下游企业".into(),
            (Referral::Nobody, Lang::En) => "no direct supplier or customer here yet".into(),
        }
    }
}

/// The home region's position in the visited company's node: the first talking point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GapPoint {
    /// Missing at home while its neighbours in the chain are there (机会类型 延链).
    MissingExtend,
    /// Missing in the middle of the home chain (补链).
    MissingFill,
    /// Missing, with no neighbour at home either.
    Missing,
    /// Present but weak: this many firms at home, with this location quotient.
    Few { count: usize, lq: f64 },
    /// Not in the diagnosis.
    Unknown,
}

impl GapPoint {
    /// Every kind of case, with sample figures (for the tests and for review).
    pub const CASES: [GapPoint; 5] = [
        GapPoint::MissingExtend,
        GapPoint::MissingFill,
        GapPoint::Missing,
        GapPoint::Few { count: 2, lq: 0.4 },
        GapPoint::Unknown,
    ];

    /// The talking point about `node` (its name in the language asked for) in `home`.
    pub fn phrase(self, home: &str, node: &str, lang: Lang) -> String {
        match (self, lang) {
            (GapPoint::MissingExtend, Lang::Zh) => {
                format!("{home}尚无{node}企业而上下游已有配套，可就近设立{node}产线")
            }
            (GapPoint::MissingExtend, Lang::En) => format!(
                "{home} has no {node} firm yet but has its suppliers and customers: a new {node} line would sit close to them"
            ),
            (GapPoint::MissingFill, Lang::Zh) => {
                format!("{node}是{home}链条中间的空缺，落地即可补齐上下游")
            }
            (GapPoint::MissingFill, Lang::En) => format!(
                "{node} is the gap in the middle of {home}'s chain: settling there would join its upstream and downstream"
            ),
            (GapPoint::Missing, Lang::Zh) => {
                format!("{home}尚无{node}企业，可作为首家落地享受政策支持")
            }
            (GapPoint::Missing, Lang::En) => format!(
                "{home} has no {node} firm: the first plant would have the field and the support"
            ),
            (GapPoint::Few { count, lq }, Lang::Zh) => {
                format!("{home}{node}企业仅{count}家（区位熵{lq:.2}），欢迎扩产或合作")
            }
            (GapPoint::Few { count, lq }, Lang::En) => format!(
                "{home} has only {count} {node} firms (LQ {lq:.2}): room to expand or partner"
            ),
            (GapPoint::Unknown, Lang::Zh) => format!("{home}{node}企业偏少，欢迎扩产或合作"),
            (GapPoint::Unknown, Lang::En) => {
                format!("{node} firms in {home} are few: room to expand or partner")
            }
        }
    }
}

/// The talking point that introduces the firms at home to deal with.
pub fn meet_partners(home: &str, firms: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("介绍{home}可对接的上下游企业{firms}"),
        Lang::En => format!("introduce the firms in {home} to deal with: {firms}"),
    }
}

/// The talking point on the home chain's strong links.
pub fn strong_links(home: &str, nodes: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{home}在{nodes}等环节已有优势（强链），产业基础可依托"),
        Lang::En => format!("{home} is strong in {nodes}: an industrial base to build on"),
    }
}

/// The talking point of a node with a policy condition (限制类, 允许类): what the project must meet.
pub fn policy_condition(restricted: bool, condition: &str, lang: Lang) -> String {
    match (restricted, lang) {
        (true, Lang::Zh) => {
            format!("该环节属国家限制类，项目须{condition}；洽谈前先确认企业能否满足")
        }
        (false, Lang::Zh) => format!("该环节有国家政策条件：{condition}；洽谈时一并确认"),
        (true, Lang::En) => format!(
            "the node is restricted nationally: a project needs this: {condition}; check first that the firm can meet it"
        ),
        (false, Lang::En) => {
            format!("national rules set a condition on the node: {condition}; confirm it in the talks")
        }
    }
}

/// The closing talking point: what to ask.
pub fn ask_plans(home: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("了解其扩产计划，以及在{home}落地所需的用地、配套和政策条件"),
        Lang::En => {
            format!("ask about its expansion plans and what it would need to settle in {home}")
        }
    }
}

/// The home region line printed before a plan.
pub fn home_line(code: &str, name: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("本地区划：{code} {name}"),
        Lang::En => format!("home region: {code} {name}"),
    }
}

/// A city given without a lead for the home region's gaps (printed).
pub fn city_without_leads(name: &str, code: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{name}（{code}）：没有符合本地缺口的线索，未安排拜访"),
        Lang::En => {
            format!("{name} ({code}): no leads for the home region's gaps; no visits planned")
        }
    }
}

/// A city given without a lead (on the trip page).
pub fn city_without_leads_short(name: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{name}：没有符合本地缺口的线索"),
        Lang::En => format!("{name}: no leads for the home region's gaps"),
    }
}

/// A city with leads that got no day.
pub fn city_without_a_day(name: &str, code: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{name}（{code}）：有线索，但天数不够，未安排（按输入顺序安排城市）"),
        Lang::En => format!(
            "{name} ({code}): has leads but no day is left (cities are taken in the order given)"
        ),
    }
}

/// A day's line in the printed plan.
pub fn day_line(day: usize, city: &str, visits: usize, km: f64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("第{day}天 {city}：{visits} 家，路线 {km:.1} 公里"),
        Lang::En => format!("day {day} {city}: {visits} visits, {km:.1} km"),
    }
}

/// A day's heading on the trip page.
pub fn day_heading(day: usize, city: &str, visits: usize, km: f64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("第{day}天 · {city} · {visits} 家 · 路线 {km:.1} 公里"),
        Lang::En => format!("Day {day} · {city} · {visits} visits · {km:.1} km"),
    }
}

/// `--start` that is not LAT,LON.
pub fn bad_start(lang: Lang) -> &'static str {
    lang.pick(
        "--start 应写成“纬度,经度”，例如 22.54,114.06",
        "--start wants LAT,LON, e.g. 22.54,114.06",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every talking-point case says something in both languages, and no two cases say the same
    /// in either: the English has as many cases as the Chinese.
    #[test]
    fn every_gap_case_is_said_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            let said: Vec<String> = GapPoint::CASES
                .iter()
                .map(|c| c.phrase("红塔区", "硅片", lang))
                .collect();
            for (case, text) in GapPoint::CASES.iter().zip(&said) {
                assert!(
                    text.contains("红塔区") && text.contains("硅片"),
                    "{case:?} in {lang:?}: {text}"
                );
            }
            let mut distinct = said.clone();
            distinct.sort();
            distinct.dedup();
            assert_eq!(distinct.len(), said.len(), "{lang:?}: {said:?}");
        }
    }

    #[test]
    fn every_other_phrase_is_said_in_both_languages() {
        let referrals = [
            Referral::SupplyNamed("甲".into()),
            Referral::SupplyCount(2),
            Referral::BuyNamed("甲".into()),
            Referral::BuyCount(2),
            Referral::Nobody,
        ];
        for lang in [Lang::Zh, Lang::En] {
            let mut said: Vec<String> = referrals.iter().map(|r| r.phrase(lang)).collect();
            said.extend(
                [
                    Scale::Employees(5.0),
                    Scale::Capital(5.0),
                    Scale::Revenue(5.0),
                ]
                .iter()
                .map(|s| s.phrase(lang)),
            );
            said.extend(
                [
                    Signal::Financing("2026-01-01".into()),
                    Signal::Hiring(5.0),
                    Signal::Branches(5.0),
                ]
                .iter()
                .map(|s| s.phrase(lang)),
            );
            said.extend(Section::ALL.iter().map(|s| s.heading(lang).to_string()));
            said.push(policy_condition(true, "甲", lang));
            said.push(policy_condition(false, "甲", lang));
            let n = said.len();
            said.sort();
            said.dedup();
            assert_eq!(said.len(), n, "{lang:?}: two cases say the same");
            assert!(said.iter().all(|s| !s.trim().is_empty()));
        }
        assert_eq!(
            some_firms(&["甲", "乙", "丙"], 5, Lang::Zh),
            "甲、乙、丙等5家企业"
        );
        assert_eq!(
            some_firms(&["A", "B", "C"], 5, Lang::En),
            "A, B, C and 2 more"
        );
        assert_eq!(some_firms(&["A"], 1, Lang::En), "A");
    }
}
