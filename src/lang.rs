//! Output language (输出语言): Chinese first, English on request.

use std::fmt;
use std::str::FromStr;

/// The language of everything a user reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 中文 (default).
    #[default]
    Zh,
    /// English (`--lang en`).
    En,
}

impl Lang {
    /// Picks the Chinese or the English text.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Only the two names the help gives: `cn` is a country, not a language, and is refused.
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" => Ok(Lang::Zh),
            "en" => Ok(Lang::En),
            other => Err(format!(
                "只能用 zh（中文）或 en（English），不能用 '{other}' / use zh or en, not '{other}'"
            )),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.pick("zh", "en"))
    }
}

/// Width of a string in terminal columns: CJK and full-width characters take two.
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD);
    if wide {
        2
    } else if c.is_control() {
        0
    } else {
        1
    }
}

/// Pads `s` with spaces on the right to `width` terminal columns.
pub fn pad(s: &str, width: usize) -> String {
    let w = display_width(s);
    let mut out = String::with_capacity(s.len() + width.saturating_sub(w));
    out.push_str(s);
    for _ in w..width {
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_cjk_twice() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("光伏玻璃"), 8);
        assert_eq!(display_width("EVA胶膜"), 7);
        assert_eq!(display_width("（"), 2);
        assert_eq!(pad("钢", 4), "钢  ");
        assert_eq!(pad("toolong", 3), "toolong");
    }

    #[test]
    fn parses_lang() {
        assert_eq!("en".parse::<Lang>().unwrap(), Lang::En);
        assert_eq!("ZH".parse::<Lang>().unwrap(), Lang::Zh);
        assert!("fr".parse::<Lang>().is_err());
        for not_a_language in ["cn", "zh-cn", "中文", "english", ""] {
            assert!(not_a_language.parse::<Lang>().is_err(), "{not_a_language}");
        }
        assert_eq!(Lang::En.pick("中", "en"), "en");
    }
}
