//! What several test files share.

use std::process::Command;

/// The first of `names` that runs (`NAME --version`): the Debian `package` a test needs. When
/// none is installed, `None` with a note (the test is skipped), unless `YUSUAN_REQUIRE_TOOLS`
/// is set (`.ci/run` sets it): then the test fails.
pub fn tool(names: &[&'static str], package: &str) -> Option<&'static str> {
    let found = names.iter().copied().find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("YUSUAN_REQUIRE_TOOLS").is_none(),
            "{} is not installed and YUSUAN_REQUIRE_TOOLS is set: install Debian's `{package}`",
            names.join(" / ")
        );
        eprintln!("{} is not installed: skipping", names.join(" / "));
    }
    found
}
