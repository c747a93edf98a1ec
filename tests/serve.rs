//! `regcheck serve` over HTTP: the real binary, the sample files uploaded as the page uploads a
//! dropped folder, the answer compared with what `regcheck check` writes.

mod common;
mod server;

use server::{folder, root, Server};
use std::io::Read;

const AS_OF: &str = "2026-11-22";

fn zip_entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).expect("entry");
            let mut data = Vec::new();
            entry.read_to_end(&mut data).expect("entry data");
            (entry.name().expect("entry name").to_string(), data)
        })
        .collect()
}

fn error_text(answer: &serde_json::Value) -> (String, String) {
    let s = |lang: &str| answer["error"][lang].as_str().unwrap_or("").to_string();
    (s("zh"), s("en"))
}

#[test]
fn uploaded_samples_give_what_check_writes() {
    let server = Server::start(&["--as-of", AS_OF], None);
    let (status, answer) = server.check(&folder("samples"), None);
    assert_eq!(status, 200, "{answer}");
    let check = common::check(&["samples", "--as-of", AS_OF]);
    let report = &answer["report"];
    assert_eq!(report["findings"], check.report["findings"]);
    assert_eq!(report["teachers"], check.report["teachers"]);
    assert_eq!(report["inputs"], check.report["inputs"]);

    // The planted problems are there, on their cells.
    let finding = |code: &str, cell: &str| {
        report["findings"].as_array().into_iter().flatten().any(|f| {
            f["code"] == code
                && f["file"] == "samples/校本研修签到表.xlsx"
                && f["sheet"] == "签到表"
                && f["cell"] == cell
        })
    };
    assert!(finding("unknown-teacher", "G129"));
    assert!(finding("value-out-of-range", "F427"));
    let zhao = report["teachers"].as_array().into_iter().flatten().find(|t| t["name"] == "赵磊").expect("赵磊");
    assert_eq!(zhao["status"], "fail");
    let hours = zhao["results"].as_array().into_iter().flatten().find(|r| r["rule"] == "hours-year").expect("hours");
    assert_eq!(hours["actual"], 72.0);

    // Every output is downloadable, byte for byte what check wrote; the zip holds them all.
    let id = answer["id"].as_str().expect("id");
    let names: Vec<&str> =
        answer["downloads"].as_array().into_iter().flatten().filter_map(|d| d["name"].as_str()).collect();
    let expected = [
        "听课记录.checked.xlsx",
        "教学反思登记.checked.xlsx",
        "教师名册.checked.xlsx",
        "校本研修签到表.checked.xlsx",
        "summary.xlsx",
        "report.json",
        "regcheck-results.zip",
    ];
    assert_eq!(names, expected);
    for name in &expected[..6] {
        let (status, bytes) = server.get(&format!("api/results/{id}/{}", percent(name)));
        assert_eq!(status, 200, "{name}");
        assert_eq!(bytes, std::fs::read(check.out.path().join(name)).expect("check's output"), "{name}");
    }
    let (status, zip) = server.get(&format!("api/results/{id}/regcheck-results.zip"));
    assert_eq!(status, 200);
    let entries = zip_entries(&zip);
    assert_eq!(entries.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), &expected[..6]);
    for (name, data) in &entries {
        assert_eq!(data, &std::fs::read(check.out.path().join(name)).expect("check's output"), "{name} in the zip");
    }
}

fn percent(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn a_broken_file_is_reported_and_the_others_checked() {
    let server = Server::start(&["--as-of", AS_OF], None);
    let mut files = folder("samples");
    let bad = std::fs::read(root().join("tests/fixtures/bad/truncated.xlsx")).expect("fixture");
    files.push(("samples/truncated.xlsx".to_string(), bad));
    let (status, answer) = server.check(&files, None);
    assert_eq!(status, 200, "{answer}");
    let report = &answer["report"];
    let unreadable = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["file"] == "samples/truncated.xlsx")
        .expect("a finding on the broken file");
    assert_eq!(unreadable["code"], "unreadable-file");
    assert_eq!(unreadable["severity"], "error");
    assert_eq!(report["teachers"].as_array().map(Vec::len), Some(25));
    assert_eq!(report["summary"]["files_unreadable"], 1);
    let names: Vec<&str> =
        answer["downloads"].as_array().into_iter().flatten().filter_map(|d| d["name"].as_str()).collect();
    assert!(names.contains(&"校本研修签到表.checked.xlsx") && !names.iter().any(|n| n.starts_with("truncated")));
}

#[test]
fn limits_refuse_with_a_message_in_both_languages() {
    let server = Server::start(&["--max-files", "2", "--max-upload-mb", "1"], None);
    let (status, answer) = server.check(&folder("samples")[..3], None);
    assert_eq!(status, 413);
    let (zh, en) = error_text(&answer);
    assert!(zh.contains("文件太多") && zh.contains('2'), "{zh}");
    assert!(en.contains("Too many files") && en.contains("at most 2"), "{en}");

    let big = vec![b'x'; 3 << 19]; // 1.5 MB
    let (status, answer) = server.check(&[("big.csv".to_string(), big)], None);
    assert_eq!(status, 413);
    let (zh, en) = error_text(&answer);
    assert!(zh.contains("文件太大") && zh.contains("1 MB"), "{zh}");
    assert!(en.contains("at most 1 MB"), "{en}");

    // Within the limits the same server checks.
    let (status, answer) = server.check(&folder("samples")[..2], None);
    assert_eq!(status, 200, "{answer}");

    let (status, answer) = server.check(&[], None);
    assert_eq!(status, 400);
    assert!(error_text(&answer).0.contains("没有收到文件"));
}

#[test]
fn upload_names_cannot_leave_the_request_folder() {
    let temp = tempfile::tempdir().expect("temp");
    let server_temp = temp.path().join("server");
    std::fs::create_dir(&server_temp).expect("dir");
    let server = Server::start(&["--as-of", AS_OF], Some(&server_temp));
    let roster = std::fs::read(root().join("samples/教师名册.xlsx")).expect("roster");
    let files = vec![
        ("../../escaped/教师名册.xlsx".to_string(), roster.clone()),
        ("/absolute/教师名册.xlsx".to_string(), roster.clone()),
        ("..\\..\\win.xlsx".to_string(), roster),
    ];
    let (status, answer) = server.check(&files, None);
    assert_eq!(status, 200, "{answer}");
    let inputs: Vec<&str> =
        answer["report"]["inputs"].as_array().into_iter().flatten().filter_map(|i| i["file"].as_str()).collect();
    assert_eq!(inputs, ["absolute/教师名册.xlsx", "escaped/教师名册.xlsx", "win.xlsx"]);
    // Nothing was written outside the server's temporary folder, and that is empty again.
    let beside: Vec<_> = std::fs::read_dir(temp.path()).expect("list").map(|e| e.expect("entry").file_name()).collect();
    assert_eq!(beside, vec![std::ffi::OsString::from("server")]);
    assert_eq!(std::fs::read_dir(&server_temp).expect("list").count(), 0, "the request folder is removed");
    assert!(!root().join("escaped").exists() && !root().parent().expect("parent").join("escaped").exists());
    assert!(!std::path::Path::new("/absolute").exists());
}

#[test]
fn two_checks_at_once_do_not_mix() {
    let server = Server::start(&["--as-of", AS_OF], None);
    let samples = folder("samples");
    let (a, b): (Vec<_>, Vec<_>) = samples.into_iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let strip = |v: Vec<(usize, (String, Vec<u8>))>| v.into_iter().map(|(_, f)| f).collect::<Vec<_>>();
    let (a, b) = (strip(a), strip(b));
    let answers = std::thread::scope(|s| {
        let ta = s.spawn(|| server.check(&a, None));
        let tb = s.spawn(|| server.check(&b, None));
        [ta.join().expect("a"), tb.join().expect("b")]
    });
    for ((status, answer), sent) in answers.iter().zip([&a, &b]) {
        assert_eq!(*status, 200, "{answer}");
        let inputs: Vec<&str> =
            answer["report"]["inputs"].as_array().into_iter().flatten().filter_map(|i| i["file"].as_str()).collect();
        assert_eq!(inputs, sent.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>());
    }
    assert_ne!(answers[0].1["id"], answers[1].1["id"]);
}

#[test]
fn an_uploaded_rules_file_applies_and_a_wrong_one_is_said() {
    let server = Server::start(&["--as-of", AS_OF], None);
    let rules = b"[school]\nname = \"\xe5\x9f\x8e\xe5\x8d\x97\xe5\xae\x9e\xe9\xaa\x8c\xe5\xad\xa6\xe6\xa0\xa1\"\n";
    let (status, answer) = server.check(&folder("samples"), Some(rules));
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["report"]["school"], "城南实验学校");

    let (status, answer) = server.check(&folder("samples"), Some(b"[school\nname = 1"));
    assert_eq!(status, 400);
    assert!(error_text(&answer).1.contains("rules.toml"), "{answer}");
}

#[test]
fn results_need_their_id_and_requests_a_local_host() {
    let server = Server::start(&[], None);
    let (status, page) = server.get("");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&page).contains("/app.js"));
    let (status, _) = server.get("api/results/0123456789abcdef0123456789abcdef/report.json");
    assert_eq!(status, 404);

    let response = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
        .get(format!("{}api/config", server.url))
        .header("Host", "rebound.example:80")
        .call()
        .expect("GET");
    assert_eq!(response.status().as_u16(), 403);
}
