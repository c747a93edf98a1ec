//! The page in a real browser: Debian's chromium, driven by playwright-core
//! (`tests/browser/check.mjs`), chooses and drops the sample files, checks them, reads the
//! findings and teachers tables and downloads the zip, whose entries this test compares with
//! what `regcheck check` writes.
//!
//! Needs `/usr/bin/chromium` (or `REGCHECK_CHROMIUM`), node, and `npm ci` run in `tests/browser`.
//! Without chromium, node or `tests/browser/node_modules` the test says loudly that it skipped and
//! what to install — unless `REGCHECK_BROWSER_TESTS` is set (`.ci/run` sets it, after installing
//! them), in which case it fails. So the README's `cargo test` works on a fresh machine, and CI
//! always runs the browser. `REGCHECK_SCREENSHOT=docs/serve.png` also saves a screenshot of
//! the results.

mod server;

use server::{root, Server};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::Command;

const AS_OF: &str = "2026-11-22";

/// Said on the terminal even though the test passes (libtest captures print!, not direct writes).
fn loud(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "\n*** {text}\n");
}

#[test]
fn the_page_checks_the_samples_in_chromium() {
    let chromium =
        std::env::var_os("REGCHECK_CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    let required = std::env::var_os("REGCHECK_BROWSER_TESTS").is_some();
    let install = "apt-get install -y chromium nodejs npm && (cd tests/browser && npm ci)";
    let browser = root().join("tests/browser");
    let playwright = browser.join("node_modules/playwright-core").is_dir();
    let missing = if !node {
        Some("node")
    } else if !chromium.exists() {
        Some("chromium")
    } else if !playwright {
        Some("tests/browser/node_modules")
    } else {
        None
    };
    if let Some(missing) = missing {
        assert!(!required, "REGCHECK_BROWSER_TESTS is set but {missing} is missing; install it: {install}");
        loud(&format!("skipped: the browser test needs {missing}; install it ({install}) or set REGCHECK_BROWSER_TESTS=1 to make this a failure"));
        return;
    }

    let server = Server::start(&["--as-of", AS_OF], None);
    let temp = tempfile::tempdir().expect("temp");
    let zip_path = temp.path().join("downloaded.zip");
    let mut node = Command::new("node");
    node.current_dir(&browser).arg("check.mjs").arg(&server.url).arg(&zip_path);
    if let Some(shot) = std::env::var_os("REGCHECK_SCREENSHOT") {
        node.arg(root().join(shot));
    }
    let output = node.output().expect("run node");
    let said = String::from_utf8_lossy(&output.stdout);
    print!("{said}");
    assert!(output.status.success(), "the browser test failed:\n{said}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(said.contains("ok: a dropped folder"), "{said}");

    // The zip the browser downloaded holds what check writes, byte for byte: the page chose the
    // four files one by one, as `check` given the four names from inside samples/.
    let out = tempfile::tempdir().expect("temp");
    let samples = ["听课记录.xlsx", "教学反思登记.xlsx", "教师名册.xlsx", "校本研修签到表.xlsx"];
    let status = Command::new(env!("CARGO_BIN_EXE_regcheck"))
        .current_dir(root().join("samples"))
        .arg("check")
        .args(samples)
        .args(["--as-of", AS_OF, "--out"])
        .arg(out.path())
        .output()
        .expect("run check")
        .status;
    assert_eq!(status.code(), Some(1), "check finds the samples' errors");
    let bytes = std::fs::read(&zip_path).expect("the downloaded zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().expect("name").to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("data");
        let expected = std::fs::read(out.path().join(&name)).unwrap_or_default();
        assert!(data == expected, "{name} in the zip differs from what check wrote");
        names.push(name);
    }
    assert_eq!(
        names,
        [
            "听课记录.checked.xlsx",
            "教学反思登记.checked.xlsx",
            "教师名册.checked.xlsx",
            "校本研修签到表.checked.xlsx",
            "summary.xlsx",
            "report.json"
        ]
    );
}
