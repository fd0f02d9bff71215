//! Dates and timestamps of the pipeline, from the system clock, without a time crate: dates are
//! `YYYY-MM-DD` in China's time (UTC+8, where the bureau works), timestamps UTC RFC 3339.

use crate::company::clean::{civil_from_days, days_from_civil, format_date};

/// Seconds since 1970-01-01 UTC.
pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The current time, UTC, RFC 3339 (`2026-12-04T03:05:09Z`).
pub fn now_rfc3339() -> String {
    rfc3339(now_secs())
}

/// A unix time as UTC RFC 3339.
pub fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let s = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days as i32);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// Today in China (UTC+8), `YYYY-MM-DD`.
pub fn today() -> String {
    format_date(((now_secs() + 8 * 3600).div_euclid(86_400)) as i32)
}

/// The day number of a valid `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i32 = s.get(..4)?.parse().ok()?;
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    if !(1900..=2200).contains(&y) || !(1..=12).contains(&m) || d == 0 {
        return None;
    }
    let days = days_from_civil(y, m, d);
    (civil_from_days(days) == (y, m, d)).then_some(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_796_443_509), "2026-12-05T04:05:09Z");
        assert!(parse_date("2026-02-28").is_some());
        assert!(parse_date("2026-02-29").is_none());
        assert!(parse_date("2024-02-29").is_some());
        assert!(parse_date("2026-13-01").is_none());
        assert!(parse_date("2026-1-01").is_none());
        assert!(parse_date("明天").is_none());
        assert_eq!(today().len(), 10);
    }
}
