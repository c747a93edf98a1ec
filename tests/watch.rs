//! `regcheck watch` on a temporary inbox: the real binary, sample files copied in (one of them
//! slowly, as a copy over the network arrives), report.json followed as it is kept up to date.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const AS_OF: &str = "2026-11-22";

/// A running `regcheck watch`, stopped when dropped; its log lines are collected.
struct Watch {
    child: Child,
    log: Arc<Mutex<Vec<String>>>,
}

impl Watch {
    fn start(inbox: &Path, args: &[&str]) -> Watch {
        let mut child = Command::new(env!("CARGO_BIN_EXE_regcheck"))
            .arg("watch")
            .arg(inbox)
            .args(["--interval-ms", "50", "--settle-ms", "1500", "--as-of", AS_OF])
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("start regcheck watch");
        let log = Arc::new(Mutex::new(Vec::new()));
        let lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || lines.map_while(Result::ok).for_each(|l| sink.lock().expect("log").push(l)));
        Watch { child, log }
    }

    fn log(&self) -> Vec<String> {
        self.log.lock().expect("log").clone()
    }

    /// Waits (up to a minute) until a check that logged a line containing `text` has ended: a
    /// check logs its closing line (`… → OUT …`) after writing the outputs.
    fn wait_checked(&self, text: &str) {
        let start = Instant::now();
        loop {
            let log = self.log();
            let first = log.iter().position(|l| l.contains(text));
            if first.is_some_and(|i| log[i..].iter().any(|l| l.contains(" → "))) {
                return;
            }
            assert!(start.elapsed() < Duration::from_secs(60), "gave up waiting for {text}: {log:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits (up to a minute) for report.json in `out` to satisfy `done`.
fn wait_for(out: &Path, what: &str, done: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    let start = Instant::now();
    loop {
        let report = std::fs::read_to_string(out.join("report.json"))
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
        if let Some(r) = report.filter(|r| done(r)) {
            return r;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn input_names(report: &serde_json::Value) -> Vec<String> {
    report["inputs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["file"].as_str())
        .map(|f| Path::new(f).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
        .collect()
}

fn sample(name: &str) -> PathBuf {
    common::root().join("samples").join(name)
}

#[test]
fn dropped_files_are_checked_and_the_outputs_kept_up_to_date() {
    let temp = tempfile::tempdir().expect("temp");
    let inbox = temp.path().join("收件箱");
    std::fs::create_dir(&inbox).expect("inbox");
    let out = temp.path().join("收件箱-checked");
    let watch = Watch::start(&inbox, &[]);

    // Two registers, an Office lock file and a download still in progress.
    for name in ["教师名册.xlsx", "听课记录.xlsx"] {
        std::fs::copy(sample(name), inbox.join(name)).expect("copy");
    }
    std::fs::write(inbox.join("~$教师名册.xlsx"), b"lock").expect("lock file");
    std::fs::write(inbox.join("校本研修签到表.xlsx.crdownload"), b"partial").expect("temporary file");
    let report = wait_for(&out, "the first two files", |r| input_names(r).len() == 2);
    assert_eq!(input_names(&report), ["听课记录.xlsx", "教师名册.xlsx"]);

    // What watch wrote is what check writes for the same folder.
    let check = common::check(&[inbox.to_str().expect("utf-8 path"), "--as-of", AS_OF]);
    assert_eq!(report["findings"], check.report["findings"]);
    assert_eq!(report["teachers"], check.report["teachers"]);

    // A third file arrives in two pieces, the second before the settle time is over: it is read
    // once, complete.
    let signin = std::fs::read(sample("校本研修签到表.xlsx")).expect("sample");
    let target = inbox.join("校本研修签到表.xlsx");
    let mut file = std::fs::File::create(&target).expect("create");
    file.write_all(&signin[..signin.len() / 2]).expect("first half");
    file.flush().expect("flush");
    std::thread::sleep(Duration::from_millis(500));
    file.write_all(&signin[signin.len() / 2..]).expect("second half");
    drop(file);
    let report = wait_for(&out, "the sign-in sheet", |r| input_names(r).len() == 3);
    let g129 = report["findings"].as_array().into_iter().flatten().any(|f| {
        f["code"] == "unknown-teacher" && f["sheet"] == "签到表" && f["cell"] == "G129" && f["severity"] == "error"
    });
    assert!(g129, "张玮 at G129 of 签到表");
    assert!(out.join("校本研修签到表.checked.xlsx").is_file());
    watch.wait_checked("校本研修签到表.xlsx");
    let lines: Vec<String> = watch.log().into_iter().filter(|l| l.contains("校本研修签到表.xlsx")).collect();
    assert_eq!(lines.len(), 1, "one line for the file, read once: {lines:?}");
    assert!(lines[0].contains("签到/考勤表 426 条") && !lines[0].contains('✗'), "{}", lines[0]);

    // A file taken out: the outputs follow, its annotated copy goes.
    std::fs::remove_file(inbox.join("听课记录.xlsx")).expect("remove");
    let report = wait_for(&out, "the removal", |r| input_names(r).len() == 2);
    assert_eq!(input_names(&report), ["教师名册.xlsx", "校本研修签到表.xlsx"]);
    watch.wait_checked("已移除");
    assert!(!out.join("听课记录.checked.xlsx").exists());
    assert!(watch.log().iter().any(|l| l.contains("听课记录.xlsx") && l.contains("已移除")));

    // The inbox holds only what was put there.
    let mut names: Vec<String> = std::fs::read_dir(&inbox)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["~$教师名册.xlsx", "教师名册.xlsx", "校本研修签到表.xlsx", "校本研修签到表.xlsx.crdownload"]);
}

#[test]
fn an_output_folder_inside_the_inbox_is_refused() {
    let temp = tempfile::tempdir().expect("temp");
    let inbox = temp.path().join("inbox");
    std::fs::create_dir(&inbox).expect("inbox");
    let output = Command::new(env!("CARGO_BIN_EXE_regcheck"))
        .arg("watch")
        .arg(&inbox)
        .arg("--out")
        .arg(inbox.join("results"))
        .output()
        .expect("run watch");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot be inside the watched folder") && stderr.contains("输出文件夹不能在被监视的文件夹里")
    );
    assert_eq!(std::fs::read_dir(&inbox).expect("list").count(), 0, "nothing written into the inbox");

    let missing = Command::new(env!("CARGO_BIN_EXE_regcheck")).arg("watch").arg(temp.path().join("nowhere")).output();
    assert_eq!(missing.expect("run watch").status.code(), Some(2));
}
