//! Progress on stderr for the steps that take a while on a large table (reading, matching,
//! writing): rows done, matches found, the rate and the time left.
//!
//! A bar draws only when stderr is a terminal and the user did not ask for quiet (`--quiet`), so
//! scripts, pipes and tests see nothing. Library code takes a [`Progress`] and calls
//! [`Progress::add`] per batch; a hidden one costs a branch.

use std::borrow::Cow;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle};

use crate::Lang;

/// A progress bar over rows, or nothing.
#[derive(Clone)]
pub struct Progress {
    bar: Option<ProgressBar>,
    lang: Lang,
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Progress")
            .field("shown", &self.bar.is_some())
            .finish()
    }
}

impl Progress {
    /// No progress shown.
    pub fn hidden() -> Progress {
        Progress {
            bar: None,
            lang: Lang::Zh,
        }
    }

    /// A bar for a step over `total` rows (unknown: a counter without time left), labelled `what`
    /// (e.g. 读取并匹配 / reading and matching). Hidden when `quiet` or stderr is not a terminal.
    pub fn rows(total: Option<u64>, what: &str, quiet: bool, lang: Lang) -> Progress {
        let target = ProgressDrawTarget::stderr_with_hz(8);
        if quiet || target.is_hidden() {
            return Progress { bar: None, lang };
        }
        let rows = lang.pick("行", "rows");
        let left = lang.pick("剩余", "left");
        let template = match total {
            Some(_) => format!(
                "{{prefix}} [{{bar:30}}] {{human_pos}}/{{human_len}} {rows} {{per_sec}} {left} {{eta}} {{msg}}"
            ),
            None => format!("{{prefix}} {{spinner}} {{human_pos}} {rows} {{per_sec}} {{msg}}"),
        };
        let style = ProgressStyle::with_template(&template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        let bar = ProgressBar::with_draw_target(total, target)
            .with_style(style)
            .with_prefix(what.to_string())
            // A step that ends early (an error) clears its bar when the last handle drops.
            .with_finish(ProgressFinish::AndClear);
        bar.enable_steady_tick(Duration::from_millis(250));
        Progress {
            bar: Some(bar),
            lang,
        }
    }

    /// A bar for the next step of the same run (shown when this one is), labelled `zh` or `en`
    /// in this one's language, its total unknown until [`Progress::set_total`].
    pub fn next(&self, zh: &str, en: &str) -> Progress {
        match self.bar {
            Some(_) => Progress::rows(None, self.lang.pick(zh, en), false, self.lang),
            None => Progress::hidden(),
        }
    }

    /// True when nothing is drawn.
    pub fn is_hidden(&self) -> bool {
        self.bar.is_none()
    }

    /// Counts `rows` more rows done.
    pub fn add(&self, rows: u64) {
        if let Some(b) = &self.bar {
            b.inc(rows);
        }
    }

    /// Sets the total once it is known (a CSV file's rows after a first pass, say).
    pub fn set_total(&self, total: u64) {
        if let Some(b) = &self.bar {
            b.set_length(total);
        }
    }

    /// Shows how many matches were found so far.
    pub fn matches(&self, matches: u64) {
        if let Some(b) = &self.bar {
            let msg: Cow<'static, str> = match self.lang {
                Lang::Zh => format!("匹配 {matches}").into(),
                Lang::En => format!("{matches} matches").into(),
            };
            b.set_message(msg);
        }
    }

    /// Ends the bar and clears it from the screen.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_or_not_a_terminal_draws_nothing() {
        let p = Progress::rows(Some(10), "读取", true, Lang::Zh);
        assert!(p.is_hidden());
        p.add(5);
        p.matches(3);
        p.finish();
        // Under `cargo test` stderr is captured, not a terminal.
        assert!(Progress::rows(None, "read", false, Lang::En).is_hidden() || atty_stderr());
    }

    fn atty_stderr() -> bool {
        use std::io::IsTerminal;
        std::io::stderr().is_terminal()
    }
}
