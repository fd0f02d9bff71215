//! Helpers shared by the tests that read ../shared.

use std::path::PathBuf;

/// The real listed-company corpus beside the checkout, if it is there. When it is not, the test
/// says it skipped, unless CHAINLEAD_REQUIRE_SHARED is set (as in .ci/run), which makes it fail.
pub fn corpus_path() -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/listed_companies_train.csv");
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CHAINLEAD_REQUIRE_SHARED").is_none(),
        "CHAINLEAD_REQUIRE_SHARED is set but ../shared/corpus is missing"
    );
    eprintln!("skipped: ../shared/corpus/listed_companies_train.csv not found");
    None
}
