//! Unified social credit code (统一社会信用代码), GB 32100-2015: check and generation.
//!
//! 18 characters: registration authority (1), entity type (1), region code (6 digits, GB/T 2260),
//! organisation code (9) and a check character. The character set is 0-9 and A-Z without
//! I, O, S, V, Z; the check character makes the weighted sum of all 18 divisible by 31.

use std::fmt;

use crate::lang::Lang;

/// The 31 characters a code may use, in the order of their values.
pub const CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Why a code is not a valid unified social credit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsccError {
    /// Not 18 characters.
    Length(usize),
    /// A character outside the set (e.g. I, O, S, V, Z or punctuation), 1-based position.
    Char { pos: usize, ch: char },
    /// Characters 3 to 8 are not six digits.
    Region,
    /// The check character does not match.
    Check { expected: char, found: char },
}

impl UsccError {
    /// What is wrong with the code, in the given language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (UsccError::Length(n), Lang::Zh) => format!("长度为 {n} 位，应为 18 位"),
            (UsccError::Length(n), Lang::En) => format!("{n} characters, not 18"),
            (UsccError::Char { pos, ch }, Lang::Zh) => format!("第 {pos} 位“{ch}”不是允许的字符"),
            (UsccError::Char { pos, ch }, Lang::En) => {
                format!("character {pos} `{ch}` is not allowed")
            }
            (UsccError::Region, Lang::Zh) => "第 3 至 8 位不是六位行政区划代码".into(),
            (UsccError::Region, Lang::En) => {
                "characters 3-8 are not a six-digit region code".into()
            }
            (UsccError::Check { expected, found }, Lang::Zh) => {
                format!("校验位为“{found}”，应为“{expected}”")
            }
            (UsccError::Check { expected, found }, Lang::En) => {
                format!("check character is `{found}`, should be `{expected}`")
            }
        }
    }
}

impl fmt::Display for UsccError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

fn value(c: u8) -> Option<u32> {
    CHARSET.iter().position(|&x| x == c).map(|p| p as u32)
}

/// The check character for the first 17 characters (which must be from [`CHARSET`]).
pub fn check_char(first17: &[u8]) -> Option<char> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (i, &c) in first17.iter().enumerate() {
        sum += value(c)? * WEIGHTS[i];
    }
    let check = (31 - sum % 31) % 31;
    Some(CHARSET[check as usize] as char)
}

/// Checks a code (upper-cased, surrounding spaces ignored).
pub fn validate(code: &str) -> Result<(), UsccError> {
    let code = code.trim();
    let n = code.chars().count();
    if n != 18 {
        return Err(UsccError::Length(n));
    }
    let upper = code.to_ascii_uppercase();
    let bytes = upper.as_bytes();
    for (i, ch) in upper.chars().enumerate() {
        if !ch.is_ascii() || value(ch as u8).is_none() {
            return Err(UsccError::Char { pos: i + 1, ch });
        }
    }
    if !bytes[2..8].iter().all(u8::is_ascii_digit) {
        return Err(UsccError::Region);
    }
    let expected = check_char(&bytes[..17]).unwrap_or('?');
    let found = bytes[17] as char;
    if expected != found {
        return Err(UsccError::Check { expected, found });
    }
    Ok(())
}

/// True when `code` is a valid unified social credit code.
pub fn is_valid(code: &str) -> bool {
    validate(code).is_ok()
}

/// The six-digit region code inside a valid code (characters 3 to 8).
pub fn region_of(code: &str) -> Option<&str> {
    let code = code.trim();
    if is_valid(code) {
        code.get(2..8)
    } else {
        None
    }
}

/// Builds a valid code from a region code and a 9-character organisation body drawn from `seed`.
/// Registration authority 9 (market regulation) and entity type 1 (enterprise).
pub fn generate(region: &str, seed: u64) -> String {
    let mut s = String::with_capacity(18);
    s.push_str("91");
    let region = if region.len() == 6 && region.bytes().all(|b| b.is_ascii_digit()) {
        region
    } else {
        "000000"
    };
    s.push_str(region);
    let mut x = seed;
    for _ in 0..9 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        s.push(CHARSET[((x >> 33) % 31) as usize] as char);
    }
    let check = check_char(s.as_bytes()).unwrap_or('0');
    s.push(check);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_codes() {
        // Published codes of real companies.
        for code in [
            "91350100M000100Y43",
            "91110000802100433B",
            "91440300708461136T",
            "914403001922038216",
        ] {
            assert_eq!(validate(code), Ok(()), "{code}");
        }
        assert!(
            is_valid(" 91350100m000100y43 "),
            "lower case and spaces are tolerated"
        );
    }

    #[test]
    fn rejects_each_kind_of_error() {
        assert_eq!(validate("91350100M000100Y4"), Err(UsccError::Length(17)));
        assert_eq!(validate(""), Err(UsccError::Length(0)));
        assert_eq!(
            validate("91350100M000100I43"),
            Err(UsccError::Char { pos: 16, ch: 'I' })
        );
        for bad in ['O', 'S', 'V', 'Z'] {
            let code = format!("91350100M000100{bad}43");
            assert!(
                matches!(validate(&code), Err(UsccError::Char { .. })),
                "{code}"
            );
        }
        assert!(matches!(
            validate("91350100M00010-Y43"),
            Err(UsccError::Char { pos: 15, .. })
        ));
        assert_eq!(validate("9135A100M000100Y43"), Err(UsccError::Region));
        assert_eq!(
            validate("91350100M000100Y44"),
            Err(UsccError::Check {
                expected: '3',
                found: '4'
            })
        );
        assert!(
            validate("９１350100M000100Y43").is_err(),
            "full-width digits are not valid as such"
        );
        let e = validate("91350100M000100Y44").unwrap_err();
        assert_eq!(e.message(Lang::En), e.to_string());
        assert_eq!(e.message(Lang::Zh), "校验位为“4”，应为“3”");
    }

    #[test]
    fn generated_codes_are_valid_and_carry_the_region() {
        for seed in 0..500 {
            let code = generate("530402", seed);
            assert_eq!(validate(&code), Ok(()), "{code}");
            assert_eq!(region_of(&code), Some("530402"));
        }
        assert_ne!(generate("530402", 1), generate("530402", 2));
    }
}
