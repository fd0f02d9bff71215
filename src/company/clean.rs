//! Cleaning of vendor-export values: full-width characters, money, dates, status, tags, flags.

/// Exchange rates used to turn foreign registered capital into 人民币 (CNY per unit), fixed so that
/// results are reproducible; they are documented in the README.
pub const EXCHANGE_RATES: [(&str, f64); 8] = [
    ("美元", 7.1),
    ("港元", 0.91),
    ("港币", 0.91),
    ("欧元", 7.7),
    ("英镑", 9.0),
    ("日元", 0.048),
    ("新台币", 0.22),
    ("新加坡元", 5.3),
];

/// True when `s` holds a character that [`half_width`] changes: a full-width digit or Latin letter
/// (U+FF10-FF19, FF21-FF3A, FF41-FF5A), the ideographic space or a BOM. Full-width punctuation,
/// common in Chinese text, does not count.
fn has_full_width_alnum(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i + 2 < b.len() {
        let c = b[i];
        if c == 0xEF || c == 0xE3 {
            match (c, b[i + 1], b[i + 2]) {
                (0xEF, 0xBC, 0x90..=0x99)
                | (0xEF, 0xBC, 0xA1..=0xBA)
                | (0xEF, 0xBD, 0x81..=0x9A)
                | (0xE3, 0x80, 0x80)
                | (0xEF, 0xBB, 0xBF) => return true,
                _ => {}
            }
        }
        i += 1;
    }
    false
}

/// True when `s` holds any full-width ASCII character, the ideographic space or a BOM.
fn has_full_width(s: &str) -> bool {
    s.as_bytes()
        .windows(2)
        .any(|w| (w[0] == 0xEF && matches!(w[1], 0xBB..=0xBD)) || (w[0] == 0xE3 && w[1] == 0x80))
}

/// Turns full-width digits and Latin letters into half-width, and the ideographic space into a
/// space; trims. Full-width punctuation in Chinese text is kept.
pub fn half_width(s: &str) -> std::borrow::Cow<'_, str> {
    if !has_full_width_alnum(s) {
        return std::borrow::Cow::Borrowed(s.trim());
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        out.push(match c as u32 {
            0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            0x3000 => ' ',
            _ => c,
        });
    }
    let t = out.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    std::borrow::Cow::Owned(t.to_string())
}

/// Turns every full-width ASCII character (punctuation too) into half-width: for numbers, codes, dates.
pub fn ascii_width(s: &str) -> std::borrow::Cow<'_, str> {
    if !has_full_width(s) {
        return std::borrow::Cow::Borrowed(s.trim());
    }
    let out: String = s
        .chars()
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            0x3000 | 0xFEFF => ' ',
            _ => c,
        })
        .collect();
    std::borrow::Cow::Owned(out.trim().to_string())
}

/// A plain ASCII decimal number, parsed without allocating; None for anything else.
fn plain_number(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Parses an amount of money into 万元 (ten thousand yuan): '5000万元人民币', '1.2亿元', '300万美元',
/// '50万(元)', '8,000,000元', '5000' (a bare number is taken as 万元).
pub fn money_wan(s: &str) -> Option<f64> {
    if let Some(v) = plain_number(s) {
        return Some(v);
    }
    let s = ascii_width(s).replace([',', ' ', '，'], "");
    if s.is_empty() || s == "-" || s == "--" {
        return None;
    }
    let start = s.find(|c: char| c.is_ascii_digit() || c == '.' || c == '-')?;
    let rest = &s[start..];
    let end = rest
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (c == '-' && i == 0)))
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    let number: f64 = rest[..end].parse().ok()?;
    // The unit may stand in brackets: 3.1000(万元), 27,850.0875(万), 183.8000(万人民币元).
    let unit = rest[end..].trim_start_matches(['(', '（', '[', '【']);
    let scale = if unit.starts_with('亿') {
        10_000.0
    } else if unit.starts_with("千万") {
        1_000.0
    } else if unit.starts_with("百万") {
        100.0
    } else if unit.starts_with('万') {
        1.0
    } else if unit.starts_with('千') {
        0.1
    } else if unit.contains('元') || unit.contains("人民币") {
        0.0001
    } else {
        1.0
    };
    let rate = EXCHANGE_RATES
        .iter()
        .find(|(name, _)| unit.contains(name))
        .map(|&(_, r)| r)
        .unwrap_or(1.0);
    let v = number * scale * rate;
    v.is_finite().then_some(v)
}

/// Parses a plain number ('1,234', '１２', '12.5人', '约300'); None when there is none.
pub fn number(s: &str) -> Option<f64> {
    if let Some(v) = plain_number(s) {
        return Some(v);
    }
    let s = ascii_width(s).replace([',', ' '], "");
    let start = s.find(|c: char| c.is_ascii_digit() || c == '-' || c == '.')?;
    let rest = &s[start..];
    let end = rest
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_digit() || c == '.' || (c == '-' && i == 0) || c == 'e' || c == 'E')
        })
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    let v: f64 = rest[..end].parse().ok()?;
    v.is_finite().then_some(v)
}

/// Whether a raw value is a placeholder for nothing (N/A, NULL, None, nil, -, --, —, ——, /, also in
/// full-width letters), as vendor exports and published registers fill their empty cells.
pub fn is_placeholder(s: &str) -> bool {
    const PLACEHOLDERS: [&str; 10] = [
        "n/a", "na", "null", "none", "nil", "-", "--", "—", "——", "/",
    ];
    // Called for every cell of an import: at most four characters (—— is six bytes, Ｎ／Ａ nine),
    // counted no further than the fifth, and nothing is allocated without full-width characters.
    let t = s.trim();
    t.chars().nth(4).is_none() && {
        let t = ascii_width(t);
        PLACEHOLDERS.iter().any(|p| t.eq_ignore_ascii_case(p))
    }
}

/// Parses a risk flag: a count, or yes/no (是/有/yes/true → 1, 否/无/no/false → 0).
pub fn flag(s: &str) -> Option<f64> {
    if let Some(v) = plain_number(s) {
        return Some(v);
    }
    let t = ascii_width(s).to_lowercase();
    match t.as_str() {
        "" | "-" | "--" => None,
        "是" | "有" | "yes" | "y" | "true" | "√" => Some(1.0),
        "否" | "无" | "no" | "n" | "false" => Some(0.0),
        _ => number(&t),
    }
}

/// Days from 1970-01-01 to a civil date (proleptic Gregorian).
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i32 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date (year, month, day) of a day count from 1970-01-01.
pub fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Formats a day count as YYYY-MM-DD.
pub fn format_date(days: i32) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

fn valid_ymd(y: i32, m: u32, d: u32) -> bool {
    let dim = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return false,
    };
    (1800..=2200).contains(&y) && d >= 1 && d <= dim
}

/// Parses a date into days from 1970-01-01: '2019-03-01', '2019/3/1', '2019.3.1', '2019年3月1日',
/// '20190301', '2019-03-01 10:00:00', or an Excel serial number (43525 is 2019-03-01).
pub fn date(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        // The common ISO form, without allocating.
        if let (Ok(y), Ok(m), Ok(d)) = (
            s[..4].parse::<i32>(),
            s[5..7].parse::<u32>(),
            s[8..].parse::<u32>(),
        ) {
            return valid_ymd(y, m, d).then(|| days_from_civil(y, m, d));
        }
    }
    let t = ascii_width(s);
    let t = t.split(['T', ' ']).next().unwrap_or("").trim();
    if t.is_empty() {
        return None;
    }
    if t.bytes().all(|b| b.is_ascii_digit() || b == b'.') && t.matches('.').count() <= 1 {
        if t.len() == 8 && !t.contains('.') {
            let y: i32 = t[..4].parse().ok()?;
            let m: u32 = t[4..6].parse().ok()?;
            let d: u32 = t[6..].parse().ok()?;
            return valid_ymd(y, m, d).then(|| days_from_civil(y, m, d));
        }
        let serial: f64 = t.parse().ok()?;
        if t.len() == 4 && (1800.0..=2200.0).contains(&serial) {
            // A bare year.
            return Some(days_from_civil(serial as i32, 1, 1));
        }
        if (1.0..200_000.0).contains(&serial) {
            // Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included).
            return Some(days_from_civil(1899, 12, 30) + serial.floor() as i32);
        }
        return None;
    }
    let parts: Vec<&str> = t
        .split(['-', '/', '.', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 3 {
        return None;
    }
    let y: i32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let d: u32 = parts[2].parse().ok()?;
    valid_ymd(y, m, d).then(|| days_from_civil(y, m, d))
}

/// Whether a registration status means the company operates: 存续/在业/开业/在营 are active,
/// 注销/吊销/撤销/迁出/停业/清算/歇业 inactive. Unknown or empty counts as active.
pub fn is_active(status: &str) -> bool {
    let s = status.trim().to_lowercase();
    const INACTIVE: [&str; 9] = [
        "注销", "吊销", "撤销", "迁出", "停业", "清算", "歇业", "inactive", "closed",
    ];
    !INACTIVE.iter().any(|t| s.contains(t))
}

/// Splits a tag list on ; ； , ， 、 | and white space, dropping empties and duplicates.
pub fn tags(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in s.split(|c: char| {
        matches!(c, ';' | '；' | ',' | '，' | '、' | '|' | '/') || c.is_whitespace()
    }) {
        let t = half_width(t).into_owned();
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_width_digits_and_letters() {
        assert_eq!(half_width("　ＡＢＣ１２３公司　"), "ABC123公司");
        assert_eq!(
            half_width("销售（不含危险品）；"),
            "销售（不含危险品）；",
            "Chinese punctuation stays"
        );
        assert_eq!(ascii_width("（１２）"), "(12)");
        assert_eq!(half_width("\u{feff}企业名称"), "企业名称");
        assert_eq!(half_width("Ｚ型钢；（１）"), "Z型钢；（1）");
        assert!(matches!(
            half_width(" 钢材（含）；销售 "),
            std::borrow::Cow::Borrowed("钢材（含）；销售")
        ));
        assert_eq!(ascii_width("１２．５"), "12.5");
    }

    #[test]
    fn placeholders_are_empty_cells() {
        for p in [
            "N/A",
            "n/a",
            " NULL ",
            "None",
            "nil",
            "-",
            "--",
            "—",
            "——",
            "/",
            "Ｎ／Ａ",
        ] {
            assert!(is_placeholder(p), "{p:?}");
        }
        for v in ["", "NA公司", "0", "无", "3.1000(万元)", "张三", "N/A/B"] {
            assert!(!is_placeholder(v), "{v:?}");
        }
    }

    #[test]
    fn capital_strings_into_wan() {
        let cases: [(&str, Option<f64>); 20] = [
            // As the national registration data write them: the unit in brackets.
            ("3.1000(万元)", Some(3.1)),
            ("27,850.0875(万)", Some(27850.0875)),
            ("193.3000(万元人民币)", Some(193.3)),
            ("183.8000(万人民币元)", Some(183.8)),
            ("100（万元人民币）", Some(100.0)),
            ("N/A", None),
            ("5000万元人民币", Some(5000.0)),
            ("1.2亿元", Some(12000.0)),
            ("300万美元", Some(2130.0)),
            ("50万(元)", Some(50.0)),
            ("50万（元）", Some(50.0)),
            ("100万港元", Some(91.0)),
            ("1,000万元", Some(1000.0)),
            ("８００万元", Some(800.0)),
            ("8000000元", Some(800.0)),
            ("5000", Some(5000.0)),
            ("200万欧元", Some(1540.0)),
            ("", None),
            ("-", None),
            ("未公开", None),
        ];
        for (s, want) in cases {
            let got = money_wan(s);
            match (got, want) {
                (Some(g), Some(w)) => assert!((g - w).abs() < 1e-6, "{s}: {g} != {w}"),
                _ => assert_eq!(got, want, "{s}"),
            }
        }
    }

    #[test]
    fn date_strings() {
        let d = days_from_civil(2019, 3, 1);
        for s in [
            "2019-03-01",
            "2019/3/1",
            "2019年3月1日",
            "2019.3.1",
            "20190301",
            "2019-03-01 00:00:00",
            "43525",
            "２０１９-０３-０１",
        ] {
            assert_eq!(date(s), Some(d), "{s}");
        }
        assert_eq!(date("1995年12月31日"), Some(days_from_civil(1995, 12, 31)));
        assert_eq!(date("2019-02-30"), None);
        assert_eq!(date(""), None);
        assert_eq!(date("不详"), None);
        assert_eq!(format_date(d), "2019-03-01");
        assert_eq!(format_date(0), "1970-01-01");
        for days in [-1000, 0, 1, 18_000, 20_000, 30_000] {
            let (y, m, dd) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, dd), days);
        }
    }

    #[test]
    fn status_and_flags() {
        for s in [
            "存续",
            "在业",
            "开业",
            "存续（在营、开业、在册）",
            "",
            "active",
        ] {
            assert!(is_active(s), "{s}");
        }
        for s in ["注销", "吊销，未注销", "撤销", "迁出", "停业", "inactive"] {
            assert!(!is_active(s), "{s}");
        }
        assert_eq!(flag("是"), Some(1.0));
        assert_eq!(flag("否"), Some(0.0));
        assert_eq!(flag("3"), Some(3.0));
        assert_eq!(flag(""), None);
    }

    #[test]
    fn tag_lists() {
        assert_eq!(
            tags("专精特新;小巨人，高新技术企业、瞪羚 上市"),
            ["专精特新", "小巨人", "高新技术企业", "瞪羚", "上市"]
        );
        assert_eq!(tags("专精特新；专精特新"), ["专精特新"]);
        assert!(tags("  ").is_empty());
    }

    #[test]
    fn numbers() {
        assert_eq!(number("1,234"), Some(1234.0));
        assert_eq!(number("约300人"), Some(300.0));
        assert_eq!(number("１２"), Some(12.0));
        assert_eq!(number("-"), None);
        assert_eq!(number(""), None);
    }
}
