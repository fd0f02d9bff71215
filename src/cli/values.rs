//! Values typed on the command line, read the way a bureau user types them: lists separated by
//! `,`, `，`, `、` or spaces; numbers checked as they are parsed; a province by name; and the message
//! when filters leave nothing.

use chainlead::Lang;

/// Splits list values typed any usual way: `深圳,东莞`, `深圳，东莞`, `深圳、东莞`, `深圳；东莞`,
/// `深圳 东莞` (one argument or several); empty items are dropped.
pub fn split_list(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|v| {
            v.split(|c: char| {
                matches!(c, ',' | '，' | '、' | ';' | '；' | '|') || c.is_whitespace()
            })
        })
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A confidence from 0 to 1 (`--min-confidence`), checked as clap parses it.
pub fn unit_interval(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => {
            Err("应为 0 到 1 之间的数，如 0.5 / must be a number from 0 to 1, e.g. 0.5".to_string())
        }
    }
}

/// A positive finite number (`--strong-lq`), checked as clap parses it.
pub fn positive(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err("应为大于 0 的数，如 1.0 / must be a number above 0, e.g. 1.0".to_string()),
    }
}

/// A count of at least one (`--days`, `--top`), checked as clap parses it.
pub fn at_least_one(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(v) if v >= 1 => Ok(v),
        _ => Err(
            "应为不小于 1 的整数，如 3 / must be a whole number of 1 or more, e.g. 3".to_string(),
        ),
    }
}

/// Refuses a `--province` that names no province, listing the provinces.
pub fn check_province(name: &str, lang: Lang) -> anyhow::Result<()> {
    let regions = chainlead::region::Regions::embedded();
    let want = chainlead::region::short_name(name);
    let names: Vec<&str> = regions
        .provinces()
        .map(|r| chainlead::region::short_name(&r.name))
        .collect();
    if names.contains(&want) {
        return Ok(());
    }
    anyhow::bail!(
        "{}",
        match lang {
            Lang::Zh => format!("没有名为“{name}”的省份。可用：{}", names.join("、")),
            Lang::En => format!(
                "no province named `{name}`. The provinces: {}",
                names.join(", ")
            ),
        }
    )
}

/// When filters leave nothing, says so (naming the filters given) instead of writing an empty list.
pub fn nothing_matched(filters: &[(&str, Option<&str>)], lang: Lang) -> anyhow::Result<()> {
    let given: Vec<String> = filters
        .iter()
        .filter_map(|(flag, v)| v.map(|v| format!("{flag} {v}")))
        .collect();
    if given.is_empty() {
        return Ok(());
    }
    anyhow::bail!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "没有符合筛选条件（{}）的线索，未写出文件：这些企业或在本地区划内、或不在营业、或所在环节本地不缺。请放宽或去掉筛选条件再试",
                given.join("，")
            ),
            Lang::En => format!(
                "no lead matches the filters ({}); nothing written: such companies are in the home region, not active, or on nodes the home region does not lack. Widen or drop a filter",
                given.join(", ")
            ),
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lists_typed_the_chinese_way() {
        let want = ["深圳", "东莞"];
        for typed in [
            "深圳,东莞",
            "深圳，东莞",
            "深圳、东莞",
            "深圳 东莞",
            "深圳；东莞",
            " 深圳 , 东莞 ,",
            "深圳\u{3000}东莞",
        ] {
            assert_eq!(split_list(&[typed.to_string()]), want, "{typed}");
        }
        assert_eq!(split_list(&["深圳".into(), "东莞".into()]), want);
        assert!(split_list(&["，、".into()]).is_empty());
    }

    #[test]
    fn numbers_are_checked_as_they_are_parsed() {
        assert_eq!(unit_interval("0.6"), Ok(0.6));
        assert_eq!(unit_interval("1"), Ok(1.0));
        for bad in ["2", "-0.1", "nan", "abc", ""] {
            assert!(unit_interval(bad).is_err(), "{bad}");
        }
        assert_eq!(at_least_one("3"), Ok(3));
        for bad in ["0", "-1", "1.5", "三"] {
            assert!(at_least_one(bad).is_err(), "{bad}");
        }
        assert_eq!(positive("1.5"), Ok(1.5));
        for bad in ["0", "-1", "inf", "nan", "x"] {
            assert!(positive(bad).is_err(), "{bad}");
        }
    }
}
