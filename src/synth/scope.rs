//! Business scopes (经营范围) in the forms of real registrations, written from templates: the
//! modern form (一般项目：…；…。（除依法须经批准的项目外…）许可项目：…（依法须经批准的项目…）) and
//! the older forms (生产、销售：…；销售：…；经营本企业自产产品…). A maker names its products in
//! items with a making verb, a trader in items with a trading verb, a service firm in items with
//! 安装、维修、检测 or 施工; goods lists carry the exclusions (不含…, …除外) of real scopes.

use super::rng::Rng;
use super::vocab::{self, Sector};

/// The closing note of the general items of a modern scope.
pub(super) const GENERAL_TAIL: &str = "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）";
/// The closing note of the licensed items of a modern scope.
pub(super) const LICENSED_TAIL: &str =
    "（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）";
/// The closing note of many older scopes.
const OLD_TAIL: [&str; 2] = [
    "（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
    "【依法须经批准的项目，经相关部门批准后方可开展经营活动】",
];

/// General items of modern scopes that name no product.
pub(super) const BOILERPLATE: [&str; 8] = [
    "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广",
    "货物进出口",
    "技术进出口",
    "信息咨询服务（不含许可类信息咨询服务）",
    "会议及展览服务",
    "非居住房地产租赁",
    "机械设备租赁",
    "劳务服务（不含劳务派遣）",
];

const MAKE_VERBS: [&str; 3] = ["制造", "生产", "加工"];
const OLD_MAKE_HEADS: [&str; 4] = [
    "生产、销售：",
    "加工、销售：",
    "制造、销售：",
    "生产、加工、销售：",
];
const OLD_TRADE_HEADS: [&str; 5] = ["销售：", "批发、零售：", "批零兼营：", "经销：", "销售："];
const TRADE_VERBS: [&str; 3] = ["销售", "批发", "零售"];

/// Which form a scope takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    /// 一般项目：… 许可项目：… (registrations since 2021, and many re-registered firms).
    Modern,
    /// Items without headings, with 生产、销售：… clauses and old trade boilerplate.
    Older,
}

/// What a company does, as its scope says it.
#[derive(Clone, Copy)]
pub(super) enum Kind<'a> {
    /// Makes the products.
    Make,
    /// Only trades the products.
    Trade,
    /// Installs, repairs, builds with or tests the products.
    Service,
    /// The products are activities themselves (工程施工, 运维, 医疗服务, …).
    Activity,
    /// A chain's distribution node: trades the chain's products, the own term names the trade.
    Distribution,
    /// A firm of another sector.
    Sector(&'a Sector),
}

/// Everything a scope is written from.
pub(super) struct Scope<'a> {
    pub kind: Kind<'a>,
    pub form: Form,
    /// The firm's chain (`steel`, …), if any.
    pub chain: Option<&'a str>,
    /// The firm's industry class (GB/T 4754).
    pub code: &'a str,
    /// The products or activities the scope names.
    pub products: &'a [String],
    /// Licensed items (许可项目) the firm may hold.
    pub licensed: &'a [&'a str],
}

/// Writes a scope into `s` (which is cleared by the caller).
pub(super) fn write(s: &mut String, sc: &Scope<'_>, rng: &mut Rng) {
    match sc.form {
        Form::Modern => modern(s, sc, rng),
        Form::Older => older(s, sc, rng),
    }
}

fn sep(s: &mut String) {
    s.push('；');
}

fn end_clause(s: &mut String) {
    if s.ends_with('；') || s.ends_with('，') || s.ends_with('、') {
        s.pop();
    }
}

/// A goods item for a firm of `chain`: sometimes one whose exclusion names another chain's product.
fn goods<'g>(chain: Option<&str>, pool: &'g [&'g str], rng: &mut Rng) -> &'g str {
    if rng.chance(0.12) {
        let (c, item) = vocab::EXCLUDING_GOODS[rng.below(vocab::EXCLUDING_GOODS.len())];
        if Some(c) != chain {
            return item;
        }
    }
    pool[rng.below(pool.len())]
}

/// Writes `k` distinct goods, each through `each(s, goods, rng)`.
fn goods_list(
    s: &mut String,
    chain: Option<&str>,
    pool: &[&str],
    k: usize,
    rng: &mut Rng,
    mut each: impl FnMut(&mut String, &str, &mut Rng),
) {
    let mut seen: [&str; 10] = [""; 10];
    let mut n = 0;
    for _ in 0..k.min(10) {
        let g = goods(chain, pool, rng);
        if seen[..n].contains(&g) {
            continue;
        }
        seen[n] = g;
        n += 1;
        each(s, g, rng);
    }
}

/// Up to `k` distinct goods from the general pool, each followed by 、.
fn goods_enum(s: &mut String, chain: Option<&str>, k: usize, rng: &mut Rng) {
    goods_list(s, chain, &vocab::GOODS, k, rng, |s, g, _| {
        s.push_str(g);
        s.push('、');
    });
}

/// A modern goods item: the verb goes before the bracketed exclusion (化工产品销售（不含危险化学品）).
fn modern_goods(s: &mut String, g: &str, verb: &str) {
    match g.find('（') {
        Some(i) => {
            s.push_str(&g[..i]);
            s.push_str(verb);
            s.push_str(&g[i..]);
        }
        None => {
            s.push_str(g);
            s.push_str(verb);
        }
    }
}

/// Whether a term names an activity with its own verb (钢材加工, 硅冶炼, 铁矿采选): it takes no
/// further making verb, and traders do not list it.
pub(super) fn is_activity_term(term: &str) -> bool {
    const VERBS: [&str; 14] = [
        "制造", "生产", "加工", "冶炼", "采选", "开采", "铸造", "处理", "施工", "服务", "维修",
        "回收", "建造", "利用",
    ];
    VERBS.iter().any(|v| term.contains(v))
}

/// Whether a term carries a making verb of its own (钢材加工, 硅冶炼, 铁矿采选).
fn has_make_verb(term: &str) -> bool {
    ["制造", "生产", "加工", "冶炼", "采选", "开采", "铸造"]
        .iter()
        .any(|v| term.contains(v))
}

fn list(s: &mut String, items: &[String]) {
    for (i, p) in items.iter().enumerate() {
        if i > 0 {
            s.push('、');
        }
        s.push_str(p);
    }
}

/// The item an activity (a service node's term) takes in a scope, by the firm's industry:
/// 钢结构工程施工, 屋顶光伏运营, 光伏运维服务.
fn activity_item(s: &mut String, term: &str, code: &str) {
    const DONE: [&str; 20] = [
        "服务", "施工", "维修", "检测", "运维", "认证", "管理", "运营", "设计", "安装", "回收",
        "清洗", "利用", "发电", "咨询", "代理", "检验", "修理", "保养", "开发",
    ];
    s.push_str(term);
    if DONE.iter().any(|d| term.ends_with(d)) {
        return;
    }
    s.push_str(match code.get(..2).unwrap_or("") {
        "44" | "45" | "46" => "运营",
        "47" | "48" | "49" | "50" => "施工",
        "43" => "维修",
        _ if term.ends_with("工程") => "施工",
        _ => "服务",
    });
}

fn licensed(s: &mut String, items: &[&str], rng: &mut Rng) {
    s.push_str("许可项目：");
    let k = 1 + rng.below(items.len());
    for (i, item) in items[..k].iter().enumerate() {
        if i > 0 {
            s.push('；');
        }
        s.push_str(item);
    }
    s.push_str(LICENSED_TAIL);
}

/// `k` of a sector's items, in order from a random one on (the first, its core item, most often).
fn sector_items(s: &mut String, sec: &Sector, k: usize, rng: &mut Rng) {
    let n = sec.scope.len();
    let start = if rng.chance(0.5) { 0 } else { rng.below(n) };
    for j in 0..k {
        s.push_str(sec.scope[(start + j) % n]);
        sep(s);
    }
}

fn is_md(sc: &Scope<'_>) -> bool {
    sc.chain == Some("medical-devices")
}

fn modern(s: &mut String, sc: &Scope<'_>, rng: &mut Rng) {
    let lic: &[&str] = match sc.kind {
        Kind::Sector(sec) => sec.licensed,
        _ => sc.licensed,
    };
    let with_licence = !lic.is_empty() && rng.chance(0.75);
    let licence_first = with_licence && rng.chance(0.35);
    if licence_first {
        licensed(s, lic, rng);
    }
    s.push_str("一般项目：");
    let chain_pool = sc.chain.map(vocab::chain_goods).unwrap_or(&vocab::GOODS);
    let p = sc.products;
    match sc.kind {
        Kind::Make => {
            let verb = MAKE_VERBS[rng.below(3)];
            if is_md(sc) && rng.chance(0.4) {
                s.push_str("第一类医疗器械生产；");
            }
            if p.len() > 1 && rng.chance(0.35) {
                list(s, p);
                s.push_str(verb);
                sep(s);
            } else {
                for x in p {
                    s.push_str(x);
                    let v = if rng.chance(0.8) {
                        verb
                    } else {
                        MAKE_VERBS[rng.below(3)]
                    };
                    if x.ends_with("处理") {
                        s.push_str("加工");
                    } else if !has_make_verb(x) {
                        s.push_str(v);
                    }
                    sep(s);
                }
            }
            if rng.chance(0.7) {
                let k = 1 + rng.below(p.len().max(1));
                for x in p.iter().take(k).filter(|x| !is_activity_term(x)) {
                    s.push_str(x);
                    s.push_str("销售");
                    sep(s);
                }
            }
            if is_md(sc) && rng.chance(0.5) {
                s.push_str("第一类医疗器械销售；第二类医疗器械销售；");
            }
            let k = rng.below(3);
            goods_list(s, sc.chain, &vocab::GOODS, k, rng, |s, g, _| {
                modern_goods(s, g, "销售");
                sep(s);
            });
        }
        Kind::Trade | Kind::Distribution => {
            if sc.chain == Some("hardware") && matches!(sc.kind, Kind::Distribution) {
                s.push_str(["五金市场管理服务；", "市场经营管理；柜台、摊位出租；"][rng.below(2)]);
            }
            let k = 1 + rng.below(3);
            goods_list(s, sc.chain, chain_pool, k, rng, |s, g, rng| {
                modern_goods(s, g, TRADE_VERBS[rng.below(3)]);
                sep(s);
            });
            for x in p {
                s.push_str(x);
                s.push_str(TRADE_VERBS[rng.below(3)]);
                sep(s);
            }
            let k = rng.below(3);
            goods_list(s, sc.chain, &vocab::GOODS, k, rng, |s, g, _| {
                modern_goods(s, g, "销售");
                sep(s);
            });
        }
        Kind::Service => {
            let services = vocab::chain_services(sc.chain.unwrap_or(""));
            for x in p {
                s.push_str(x);
                s.push_str(services[rng.below(services.len())]);
                if rng.chance(0.3) {
                    s.push_str("服务");
                }
                sep(s);
            }
            if rng.chance(0.5) {
                if let Some(x) = p.first() {
                    s.push_str(x);
                    s.push_str("销售");
                    sep(s);
                }
            }
        }
        Kind::Activity => {
            for x in p {
                activity_item(s, x, sc.code);
                sep(s);
            }
            let k = rng.below(2);
            goods_list(s, sc.chain, &vocab::GOODS, k, rng, |s, g, _| {
                modern_goods(s, g, "销售");
                sep(s);
            });
        }
        Kind::Sector(sec) => {
            let k = (2 + rng.below(sec.scope.len().max(1))).min(sec.scope.len());
            sector_items(s, sec, k, rng);
            for x in p {
                // A chain product a general trader also sells.
                s.push_str(x);
                s.push_str("销售");
                sep(s);
            }
            if rng.chance(0.4) {
                let k = 1 + rng.below(4);
                goods_list(s, None, &vocab::GOODS, k, rng, |s, g, _| {
                    modern_goods(s, g, "销售");
                    sep(s);
                });
            }
        }
    }
    let extra = 1 + rng.below(3);
    for _ in 0..extra {
        let b = BOILERPLATE[rng.below(BOILERPLATE.len())];
        if !s.contains(b) {
            s.push_str(b);
            sep(s);
        }
    }
    end_clause(s);
    s.push('。');
    s.push_str(GENERAL_TAIL);
    if with_licence && !licence_first {
        licensed(s, lic, rng);
    }
}

fn older(s: &mut String, sc: &Scope<'_>, rng: &mut Rng) {
    let p = sc.products;
    let chain_pool = sc.chain.map(vocab::chain_goods).unwrap_or(&vocab::GOODS);
    match sc.kind {
        Kind::Make => match rng.below(if is_md(sc) { 5 } else { 4 }) {
            0 => {
                s.push_str(OLD_MAKE_HEADS[rng.below(OLD_MAKE_HEADS.len())]);
                list(s, p);
                s.push_str("；销售：");
                let k = 2 + rng.below(4);
                goods_enum(s, sc.chain, k, rng);
                end_clause(s);
                sep(s);
            }
            1 => {
                list(s, p);
                s.push_str(
                    ["的生产、销售", "的制造、加工、销售", "的研发、生产、销售"][rng.below(3)],
                );
                sep(s);
                let k = 2 + rng.below(3);
                goods_enum(s, sc.chain, k, rng);
                end_clause(s);
                s.push_str(["的批发、零售；", "销售；", "的批发；"][rng.below(3)]);
            }
            2 => {
                list(s, p);
                s.push_str(["制造、加工、销售；", "生产、销售；", "加工；"][rng.below(3)]);
            }
            3 => {
                s.push_str("生产");
                list(s, p);
                s.push_str("，销售本公司产品；");
            }
            _ => {
                s.push_str(["第二类医疗器械生产：", "Ⅱ类医疗器械生产："][rng.below(2)]);
                list(s, p);
                s.push_str("；销售：一类医疗器械、");
                let k = 1 + rng.below(3);
                goods_enum(s, sc.chain, k, rng);
                end_clause(s);
                sep(s);
            }
        },
        Kind::Trade | Kind::Distribution => {
            if sc.chain == Some("hardware") && matches!(sc.kind, Kind::Distribution) {
                s.push_str("五金市场经营管理；场地、摊位出租；");
            }
            // A heading verb (销售：…), or the verb after the list (…的批发、零售).
            let head = !(is_md(sc) && rng.chance(0.6)) && rng.chance(0.75);
            if head {
                s.push_str(OLD_TRADE_HEADS[rng.below(OLD_TRADE_HEADS.len())]);
            } else if is_md(sc) {
                s.push_str(["Ⅰ类、Ⅱ类医疗器械、", "一类医疗器械、二类医疗器械、"][rng.below(2)]);
            }
            // The chain's products among general goods, in a list of four to ten.
            let before = rng.below(3);
            goods_list(s, sc.chain, chain_pool, before, rng, |s, g, _| {
                s.push_str(g);
                s.push('、');
            });
            list(s, p);
            s.push('、');
            let after = 1 + rng.below(5);
            goods_list(s, sc.chain, &vocab::GOODS, after, rng, |s, g, _| {
                s.push_str(g);
                s.push('、');
            });
            end_clause(s);
            if !head {
                s.push_str(["的批发、零售", "批发、零售", "销售"][rng.below(3)]);
            }
            sep(s);
            if is_md(sc) && matches!(sc.kind, Kind::Distribution) && rng.chance(0.7) {
                s.push_str("第三类医疗器械经营（凭许可证经营）；");
            }
        }
        Kind::Service => {
            let services = vocab::chain_services(sc.chain.unwrap_or(""));
            list(s, p);
            s.push_str(services[rng.below(services.len())]);
            sep(s);
            if rng.chance(0.6) {
                s.push_str("销售：");
                if let Some(x) = p.first() {
                    s.push_str(x);
                    s.push('、');
                }
                let k = 1 + rng.below(3);
                goods_enum(s, sc.chain, k, rng);
                end_clause(s);
                sep(s);
            }
        }
        Kind::Activity => {
            for x in p {
                activity_item(s, x, sc.code);
                sep(s);
            }
            if let Some(l) = sc.licensed.first() {
                s.push_str(l);
                s.push_str("（凭资质证书经营）；");
            }
            if rng.chance(0.5) {
                s.push_str("销售：");
                let k = 1 + rng.below(4);
                goods_enum(s, sc.chain, k, rng);
                end_clause(s);
                sep(s);
            }
        }
        Kind::Sector(sec) => {
            let trader = matches!(sec.code, "5199" | "5211" | "5261");
            if trader {
                s.push_str(OLD_TRADE_HEADS[rng.below(OLD_TRADE_HEADS.len())]);
                let k = 3 + rng.below(6);
                goods_list(s, None, &vocab::GOODS, k, rng, |s, g, _| {
                    s.push_str(g);
                    s.push('、');
                });
                list(s, p);
                end_clause(s);
                sep(s);
            } else {
                let k = (1 + rng.below(sec.scope.len().max(1))).min(sec.scope.len());
                sector_items(s, sec, k, rng);
                if !p.is_empty() || rng.chance(0.4) {
                    s.push_str("销售：");
                    list(s, p);
                    if !p.is_empty() {
                        s.push('、');
                    }
                    let k = 1 + rng.below(4);
                    goods_list(s, None, &vocab::GOODS, k, rng, |s, g, _| {
                        s.push_str(g);
                        s.push('、');
                    });
                    end_clause(s);
                    sep(s);
                }
                if !sec.licensed.is_empty() && rng.chance(0.5) {
                    s.push_str(sec.licensed[0]);
                    s.push_str("（凭许可证经营）；");
                }
            }
        }
    }
    let exporter = matches!(sc.kind, Kind::Make) || rng.chance(0.1);
    if exporter && rng.chance(0.5) {
        let b = vocab::OLD_TRADE_BOILERPLATE[rng.below(vocab::OLD_TRADE_BOILERPLATE.len())];
        s.push_str(b);
        sep(s);
    }
    end_clause(s);
    if rng.chance(0.45) {
        s.push_str(OLD_TAIL[rng.below(OLD_TAIL.len())]);
    } else {
        s.push('。');
    }
}
