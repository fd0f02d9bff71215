//! The report's reading aids: a short section explaining its measures (区位熵, 关联密度, 覆盖率, how
//! the lead score is built), and warnings when the data are too few for them to mean much.

use std::fmt::Write as _;

use super::html::escape;
use crate::gaps::{GapConfig, GapReport, Mass};
use crate::lang::Lang;
use crate::leads::Profile;

/// Below this many active companies nationwide, location quotients and densities are noise.
pub const FEW_NATIONAL: usize = 1_000;
/// Below this many active companies in the home region, one firm moves a node between statuses.
pub const FEW_LOCAL: usize = 30;

/// The warnings for data too small to support the measures (`national` active companies in all,
/// `local` in the home region named `home`), in the user's language; empty when the data are large
/// enough.
pub fn data_warnings(national: usize, local: usize, home: &str, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let n = national;
    if n < FEW_NATIONAL {
        out.push(match lang {
            Lang::Zh => format!(
                "数据中只有 {n} 家在营企业。区位熵和关联密度要拿本地与全国各城市比较，需要覆盖全国的企业数据（通常数万家以上）；企业这么少时，这些数字和据此得出的强链、弱链、缺链只能作演示，不宜作为决策依据。"
            ),
            Lang::En => format!(
                "The data hold only {n} active companies. Location quotients and densities compare the home region with every city of the country and need nationwide data (tens of thousands of companies or more); with so few, these figures and the strong, weak and missing links drawn from them are a demonstration, not a basis for decisions."
            ),
        });
    }
    if local < FEW_LOCAL {
        out.push(match lang {
            Lang::Zh => format!(
                "本地区划 {home} 只有 {local} 家在营企业：一两家企业的增减就会让一个环节在缺链、弱链、强链之间变化。请结合实地走访判断，或改用范围更大的区划（如所在市）。"
            ),
            Lang::En => format!(
                "The home region {home} has only {local} active companies: one or two firms more or less move a node between missing, weak and strong. Check on the ground, or diagnose a larger region (e.g. its city)."
            ),
        });
    }
    out
}

/// The warnings of a diagnosis (see [`data_warnings`]).
pub fn warnings_of(gaps: &GapReport, lang: Lang) -> Vec<String> {
    let home = format!("{} {}", gaps.home, gaps.home_name);
    data_warnings(gaps.national_companies, gaps.local_companies, &home, lang)
}

/// The warnings as an HTML block (nothing when there are none).
pub fn warnings_html(gaps: &GapReport, lang: Lang) -> String {
    html_list(&warnings_of(gaps, lang), lang)
}

fn html_list(list: &[String], lang: Lang) -> String {
    if list.is_empty() {
        return String::new();
    }
    let mut h = format!(
        "<div class=\"warn\"><strong>{}</strong><ul>",
        lang.pick("数据量提醒", "Too little data")
    );
    for w in list {
        let _ = write!(h, "<li>{}</li>", escape(w));
    }
    h.push_str("</ul></div>");
    h
}

/// The section explaining the measures, with the numbers of this run (the mass used, the strong
/// threshold, the profile's weights).
pub fn method_html(mass: Mass, profile: &Profile, cfg: &GapConfig, lang: Lang) -> String {
    let mass = match (mass, lang) {
        (Mass::Employees, Lang::Zh) => "参保人数（缺失的按同类企业中位数计）",
        (Mass::Revenue, Lang::Zh) => "营业收入（多数企业缺参保人数时）",
        (Mass::Count, Lang::Zh) => "企业数（没有参保人数和营业收入时）",
        (Mass::Employees, Lang::En) => {
            "employees (a company without the figure counts as the median)"
        }
        (Mass::Revenue, Lang::En) => "revenue (most companies lack employee counts)",
        (Mass::Count, Lang::En) => "company counts (neither employees nor revenue given)",
    };
    let w = &profile.weights;
    let sum = w.fit + w.quality + w.expansion + w.closeness;
    let lq = cfg.strong_lq;
    let items: Vec<(String, String)> = match lang {
        Lang::Zh => vec![
            (
                "区位熵（LQ）".into(),
                format!("本地该环节的规模占本地全部企业规模的比重，除以全国的同一比重；规模按{mass}。区位熵 ≥ {lq} 说明本地该环节比全国平均更集中，为强链；本地有企业但区位熵 < {lq} 为弱链；本地没有企业为缺链。"),
            ),
            (
                "关联密度".into(),
                "0 到 1：在全国各城市中常与该环节同城集聚的那些环节，本地已经具备的比重（Hidalgo 与 Hausmann 的产业空间方法）。越高，说明本地现有产业越能支撑该环节落地。".into(),
            ),
            (
                "覆盖率".into(),
                "本地有企业的环节（强链和弱链）占产业链全部环节的比例。".into(),
            ),
            (
                "机会类型与优先级".into(),
                format!("补链：本地缺、但上下游都有；延链：本地缺、相邻环节本地已有（含跨链）；强化：本地有但偏弱。优先级 = 环节权重 × 差距（缺链为 1，弱链为 1 − 区位熵）× 可行性（{:.2} + {:.2} × 关联密度）× 卡脖子环节加成 {:.2}。", cfg.feasibility_floor, 1.0 - cfg.feasibility_floor, cfg.bottleneck_bonus),
            ),
            (
                "线索得分".into(),
                format!("综合得分 = （缺口契合 × {:.2} + 企业质量 × {:.2} + 扩张信号 × {:.2} + 关联度 × {:.2}）÷ {:.2} × （1 − {:.2} × 风险）。缺口契合：企业所在环节的优先级 × 匹配置信度；企业质量：注册资本、参保人数、营业收入在同环节全国企业中的分位，加资质标签；扩张信号：近期融资、分支机构、招聘、对外投资；关联度：可与本地企业上下游配套（以商招商）、距离、同省。风险来自经营异常、失信和被执行记录。权重见评分方案文件（data/profiles/default.toml），可复制修改后用 --profile 指定。", w.fit, w.quality, w.expansion, w.closeness, sum, profile.risk.penalty),
            ),
        ],
        Lang::En => vec![
            (
                "Location quotient (LQ)".into(),
                format!("the node's share of the home region's mass divided by its share nationwide; mass = {mass}. LQ ≥ {lq}: the node is more concentrated here than on average, a strong link; present with LQ < {lq}: weak; no local firm: missing."),
            ),
            (
                "Density".into(),
                "0 to 1: of the nodes that cluster with this one in the country's cities, the share the home region already has (the product space of Hidalgo and Hausmann). The higher, the better the region's industry can support the node.".into(),
            ),
            (
                "Coverage".into(),
                "the share of a chain's nodes with firms here (strong or weak).".into(),
            ),
            (
                "Opportunity and priority".into(),
                format!("fill: missing, with firms here up- and downstream; extend: missing, next to a node present here (also across chains); strengthen: present but weak. Priority = node weight × shortfall (1 when missing, 1 − LQ when weak) × feasibility ({:.2} + {:.2} × density) × bottleneck bonus {:.2}.", cfg.feasibility_floor, 1.0 - cfg.feasibility_floor, cfg.bottleneck_bonus),
            ),
            (
                "Lead score".into(),
                format!("score = (fit × {:.2} + quality × {:.2} + expansion × {:.2} + closeness × {:.2}) ÷ {:.2} × (1 − {:.2} × risk). Fit: the priority of the company's node × match confidence; quality: percentiles of registered capital, employees and revenue among the node's companies nationwide, plus tags; expansion: recent financing, branches, hiring, outbound investment; closeness: firms here it can supply or buy from, distance, same province. Risk comes from abnormal-operation, dishonesty and enforcement records. The weights are in the profile (data/profiles/default.toml); copy it, change it and pass it with --profile.", w.fit, w.quality, w.expansion, w.closeness, sum, profile.risk.penalty),
            ),
        ],
    };
    let mut h = format!(
        "<h2 id=\"method\">{}</h2><dl class=\"method\">",
        lang.pick("指标说明", "How to read the measures")
    );
    for (term, text) in items {
        let _ = write!(h, "<dt>{}</dt><dd>{}</dd>", escape(&term), escape(&text));
    }
    h.push_str("</dl>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warns_on_few_companies_and_not_otherwise() {
        assert!(data_warnings(200_000, 2_000, "530402 红塔区", Lang::Zh).is_empty());
        assert!(html_list(&[], Lang::Zh).is_empty());
        let w = data_warnings(12, 3, "530402 红塔区", Lang::Zh);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].contains("只有 12 家在营企业"), "{}", w[0]);
        assert!(w[1].contains("530402 红塔区 只有 3 家"), "{}", w[1]);
        let w = data_warnings(200_000, 5, "530402 Hongta", Lang::En);
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("only 5 active companies"), "{}", w[0]);
        let h = html_list(&["<b>".to_string()], Lang::Zh);
        assert!(h.contains("数据量提醒") && h.contains("&lt;b&gt;"), "{h}");
    }

    #[test]
    fn explains_every_measure_with_this_run_s_numbers() {
        let p = Profile::default_profile();
        let h = method_html(Mass::Employees, &p, &GapConfig::default(), Lang::Zh);
        for want in [
            "指标说明",
            "区位熵",
            "关联密度",
            "覆盖率",
            "线索得分",
            "缺口契合 × 0.40",
            "参保人数",
            "强化",
        ] {
            assert!(h.contains(want), "{want} in {h}");
        }
        assert!(!h.contains("强链机会"));
        let en = method_html(Mass::Count, &p, &GapConfig::default(), Lang::En);
        assert!(
            en.contains("Location quotient") && en.contains("fit × 0.40"),
            "{en}"
        );
    }
}
