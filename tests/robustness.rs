//! Damaged copies of real files (truncated, bytes flipped, blocks zeroed) go through the whole
//! pipeline, outputs included: every file is either read or reported, and nothing panics.

mod common;

use common::root;
use std::path::PathBuf;

/// A small deterministic generator (xorshift), so a failure can be reproduced.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn damage(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = bytes.to_vec();
    match rng.below(3) {
        0 => out.truncate(rng.below(bytes.len())),
        1 => {
            for _ in 0..1 + rng.below(16) {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
        }
        _ => {
            let start = rng.below(out.len());
            let end = (start + 1 + rng.below(512)).min(out.len());
            out[start..end].fill(0);
        }
    }
    out
}

#[test]
fn damaged_files_are_reported_never_a_panic() {
    let sources = [
        "samples/教师名册.xlsx",
        "samples/教学反思登记.xlsx",
        "tests/fixtures/signin-legacy.xls",
        "tests/fixtures/attendance-grid.ods",
        "tests/fixtures/observations-gbk.csv",
        "tests/fixtures/reflections-utf16.txt",
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut files: Vec<PathBuf> = Vec::new();
    for source in sources {
        let path = root().join(source);
        let bytes = std::fs::read(&path).unwrap();
        let ext = path.extension().unwrap().to_str().unwrap();
        for k in 0..15 {
            let damaged = dir.path().join(format!("{}-{k}.{ext}", path.file_stem().unwrap().to_str().unwrap()));
            std::fs::write(&damaged, damage(&bytes, &mut rng)).unwrap();
            files.push(damaged);
        }
    }
    let rules = regcheck::rules::load(None).unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 1, 20).unwrap();
    let run = regcheck::analyze(&files, rules, as_of, None);
    assert_eq!(run.files.len(), files.len());
    for (i, f) in run.files.iter().enumerate() {
        let reported = run.findings.iter().any(|x| x.file == Some(i) && x.sheet.is_none());
        assert!(f.workbook.is_some() || reported, "{} was neither read nor reported", f.display());
    }
    let out = dir.path().join("out");
    regcheck::report::write_all(&run, &out, None).expect("outputs written");
    assert!(out.join("summary.xlsx").exists());
}
