//! Helpers shared by the tests that read ../shared.

use std::path::PathBuf;

/// The real listed-company corpus beside the checkout, if it is there (see [`shared_path`]).
#[allow(dead_code)]
pub fn corpus_path() -> Option<PathBuf> {
    shared_path("corpus/listed_companies_train.csv")
}

/// A file of ../shared beside the checkout, if it is there. When it is not, the test says it
/// skipped, unless CHAINLEAD_REQUIRE_SHARED is set (as in .ci/run), which makes it fail.
#[allow(dead_code)]
pub fn shared_path(relative: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(relative);
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CHAINLEAD_REQUIRE_SHARED").is_none(),
        "CHAINLEAD_REQUIRE_SHARED is set but ../shared/{relative} is missing"
    );
    eprintln!("skipped: ../shared/{relative} not found");
    None
}

/// Runs the built binary with these arguments, and RAYON_NUM_THREADS when given.
#[allow(dead_code)]
pub fn chainlead(args: &[&str], threads: Option<&str>) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_chainlead"));
    cmd.args(args);
    if let Some(t) = threads {
        cmd.env("RAYON_NUM_THREADS", t);
    }
    cmd.output().expect("the binary runs")
}

/// A fresh temporary directory for one test.
#[allow(dead_code)]
pub fn tmp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chainlead-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The F1 score of a precision and a recall (0 when both are 0).
#[allow(dead_code)]
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}
