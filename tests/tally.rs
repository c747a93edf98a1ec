//! Tallies (count registers): a count per teacher per month, per term or per measure, read
//! with no configuration, fed into the same rules as detailed logs, never counted twice
//! beside the detail they summarize, and checked against their own 合计.

mod common;

use common::{book, book_with_merges, check, Outcome};
use serde_json::{json, Value as Json};
use std::path::Path;

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

const TERM1: &str = "2025-2026-1";
const TERM2: &str = "2025-2026-2";
const YEAR: &str = "2025-2026";

/// The params of the findings with a code on a cell.
fn finding<'a>(r: &'a Outcome, code: &str, sheet: &str, cell: &str) -> &'a Json {
    r.findings()
        .into_iter()
        .find(|f| f["code"] == code && f["sheet"] == sheet && f["cell"] == cell)
        .unwrap_or_else(|| panic!("no {code} on {sheet}!{cell}: {:?}", r.finding_cells()))
}

fn codes(r: &Outcome, code: &str) -> Vec<(String, String)> {
    r.finding_cells().into_iter().filter(|f| f.0 == code).map(|(_, _, s, c)| (s, c)).collect()
}

/// 听课节数 per month of the first term, with a 合计; months written every way offices write them.
fn monthly_grid(path: &Path) {
    book_with_merges(
        path,
        &[(
            "听课统计",
            &[
                &["2025-2026学年第一学期教师听课节数统计表"],
                &["序号", "姓名", "9月", "十月", "Nov", "12月", "1月", "合计"],
                &["1", "张伟", "2", "3", "2节", "３", "1", "11"],
                &["2", "王芳", "3", "3", "3", "3", "", "12"],
                &["3", "李娜", "1", "两节", "1", "1", "1", "5"],
                &["4", "刘洋", "2", "2", "2", "2", "1", "10"],
                &["制表人：教务处"],
            ],
            &[(0, 0, 0, 7)],
        )],
    );
}

#[test]
fn a_monthly_count_grid_is_a_tally_with_a_month_per_column() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("听课节数统计.xlsx");
    monthly_grid(&f);
    let r = check(&[arg(&f), "--as-of", "2026-02-10"]);
    let s = r.sheet("听课节数统计.xlsx", "听课统计");
    assert_eq!((s["kind"].as_str(), s["layout"].as_str()), (Some("observations"), Some("tally")));
    assert_eq!(s["header_rows"], json!([2]));
    assert_eq!(s["columns"], json!({"name": "B"}));
    let covers: Vec<(&str, &str)> =
        ["C", "D", "E", "F", "G"].iter().map(|c| (*c, s["counts"][c]["covers"].as_str().unwrap_or("?"))).collect();
    assert_eq!(covers, vec![("C", "2025-09"), ("D", "2025-10"), ("E", "2025-11"), ("F", "2025-12"), ("G", "2026-01")]);
    assert_eq!(s["counts"]["G"]["start"], "2026-01-01");
    assert_eq!(s["counts"]["G"]["end"], "2026-01-31");
    assert_eq!(s["counts"]["C"]["measure"], "observations");
    assert_eq!(s["counts"]["H"]["total"], true);
    // Four teachers × five months; the 合计 is not a count.
    assert_eq!(s["records"], 20);
    // 两节 is not a count; 2节 and full-width ３ are.
    assert_eq!(codes(&r, "invalid-number"), vec![("听课统计".into(), "D5".into())]);
    assert_eq!(finding(&r, "invalid-number", "听课统计", "D5")["params"]["field"], "count");
    // 刘洋's 合计 says 10; his months add up to 9. 李娜's row has an unreadable count: not compared.
    assert_eq!(codes(&r, "total-mismatch"), vec![("听课统计".into(), "H6".into())]);
    let m = finding(&r, "total-mismatch", "听课统计", "H6");
    assert_eq!((m["value"].as_str(), m["params"]["computed"].as_str()), (Some("10"), Some("9")));
    assert!(m["message"].as_str().unwrap().contains('9'), "{m}");
    // The counts feed the per-term rule (≥ 10 lessons): a blank month is zero.
    assert_eq!(r.result("张伟", "observations-term", TERM1), (11.0, "pass".into()));
    assert_eq!(r.result("王芳", "observations-term", TERM1), (12.0, "pass".into()));
    assert_eq!(r.result("李娜", "observations-term", TERM1), (4.0, "fail".into()));
    assert_eq!(r.result("刘洋", "observations-term", TERM1), (9.0, "fail".into()));
}

#[test]
fn a_blank_count_is_unknown_when_the_rules_file_says_so() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("听课节数统计.xlsx");
    monthly_grid(&f);
    let rules = d.path().join("rules.toml");
    std::fs::write(&rules, "[counting]\nblank_count = \"unknown\"\n").unwrap();
    let r = check(&[arg(&f), "--rules", arg(&rules), "--as-of", "2026-02-10"]);
    assert_eq!(codes(&r, "missing-value"), vec![("听课统计".into(), "G4".into())]);
    // An unknown count is not compared with the 合计 either.
    assert_eq!(codes(&r, "total-mismatch"), vec![("听课统计".into(), "H6".into())]);
    assert_eq!(r.result("王芳", "observations-term", TERM1).0, 12.0);
    let default = check(&[arg(&f), "--as-of", "2026-02-10"]);
    assert!(codes(&default, "missing-value").is_empty());
}

/// 教师校本研修情况统计: one row per teacher, several measures side by side, a sheet per term.
fn term_tally(path: &Path) {
    let header: &[&str] = &["姓名", "教研组", "听课节数", "反思篇数", "读书笔记字数", "培训学时", "学分"];
    book(
        path,
        &[
            (
                "第一学期",
                &[
                    &["2025-2026学年第一学期教师校本研修情况统计"],
                    header,
                    &["张伟", "语文组", "12", "3", "3500", "40", "4"],
                    &["王芳", "语文组", "8", "2篇", "1200字", "1.5学时", "0.5"],
                    &["李娜", "数学组", "10", "4", "", "48", "5"],
                ],
            ),
            (
                "第二学期",
                &[
                    &["2025-2026学年第二学期教师校本研修情况统计"],
                    header,
                    &["张伟", "语文组", "11", "3", "3000", "52", "5"],
                    &["王芳", "语文组", "10", "3", "800", "30", "3"],
                    &["李娜", "数学组", "9", "约三篇", "3100", "50", "5"],
                ],
            ),
        ],
    );
}

#[test]
fn a_per_term_tally_of_several_measures_feeds_each_rule() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("教师校本研修情况统计.xlsx");
    term_tally(&f);
    let rules = d.path().join("rules.toml");
    std::fs::write(
        &rules,
        "[[rules]]\nid = \"hours-year\"\nmeasure = \"hours\"\nperiod = \"year\"\nmin = 90\n\
         [[rules]]\nid = \"observations-term\"\nmeasure = \"observations\"\nperiod = \"term\"\nmin = 10\n\
         [[rules]]\nid = \"reflections-term\"\nmeasure = \"reflections\"\nperiod = \"term\"\nkinds = [\"教学反思\"]\nmin = 3\n\
         [[rules]]\nid = \"notes-term\"\nmeasure = \"words\"\nperiod = \"term\"\nkinds = [\"读书笔记\"]\nmin = 3000\n",
    )
    .unwrap();
    let r = check(&[arg(&f), "--rules", arg(&rules), "--as-of", "2026-09-01"]);
    let s = r.sheet("教师校本研修情况统计.xlsx", "第一学期");
    assert_eq!(s["layout"], "tally");
    assert_eq!(s["columns"], json!({"name": "A", "department": "B"}));
    let what = |c: &str| {
        let c = &s["counts"][c];
        (c["measure"].as_str().unwrap_or("?"), c["label"].as_str().unwrap_or("-"), c["covers"].as_str().unwrap_or("?"))
    };
    assert_eq!(what("C"), ("observations", "-", TERM1));
    assert_eq!(what("D"), ("reflections", "反思", TERM1));
    assert_eq!(what("E"), ("words", "读书笔记", TERM1));
    assert_eq!(what("F"), ("hours", "-", TERM1));
    assert_eq!(what("G"), ("credits", "-", TERM1));
    assert_eq!(r.sheet("教师校本研修情况统计.xlsx", "第二学期")["counts"]["C"]["covers"], TERM2);
    // Each measure feeds its rule, term by term; hours add up over the year.
    assert_eq!(r.result("张伟", "hours-year", YEAR), (92.0, "pass".into()));
    assert_eq!(r.result("王芳", "hours-year", YEAR), (31.5, "fail".into()));
    assert_eq!(r.result("王芳", "observations-term", TERM1), (8.0, "fail".into()));
    assert_eq!(r.result("王芳", "observations-term", TERM2), (10.0, "pass".into()));
    assert_eq!(r.result("王芳", "reflections-term", TERM1), (2.0, "fail".into()));
    assert_eq!(r.result("李娜", "reflections-term", TERM1), (4.0, "pass".into()));
    assert_eq!(r.result("张伟", "notes-term", TERM1), (3500.0, "pass".into()));
    assert_eq!(r.result("王芳", "notes-term", TERM2), (800.0, "fail".into()));
    // A blank is zero; 约三篇 is not a count and counts nothing.
    assert_eq!(r.result("李娜", "notes-term", TERM1), (0.0, "fail".into()));
    assert_eq!(codes(&r, "invalid-number"), vec![("第二学期".into(), "D5".into())]);
    assert_eq!(r.result("李娜", "reflections-term", TERM2), (0.0, "fail".into()));
}

#[test]
fn a_count_for_the_year_is_not_split_into_terms() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("统计.xlsx");
    book(&f, &[("全年", &[&["姓名", "全年听课节数", "全年培训学时"], &["张伟", "25", "96"], &["王芳", "18", "80"]])]);
    let r = check(&[arg(&f), "--as-of", "2026-08-31"]);
    assert_eq!(r.sheet("统计.xlsx", "全年")["counts"]["B"]["covers"], YEAR);
    // The yearly hours rule takes the yearly count ...
    assert_eq!(r.result("张伟", "hours-year", YEAR), (96.0, "pass".into()));
    assert_eq!(r.result("王芳", "hours-year", YEAR), (80.0, "fail".into()));
    // ... but the per-term lessons rule cannot: no guess, no result, a no-records that says why.
    let results = r.teacher("张伟")["results"].as_array().unwrap();
    assert!(results.iter().all(|x| x["rule"] != "observations-term"), "{results:?}");
    let why: Vec<_> = r
        .findings()
        .into_iter()
        .filter(|f| f["code"] == "no-records" && f["rule"] == "observations-term")
        .map(|f| (f["period"].as_str().unwrap_or(""), f["params"]["reason"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(why, vec![(TERM1, "tally-period"), (TERM2, "tally-period")]);
}

#[test]
fn a_tally_that_does_not_count_what_a_rule_measures_leaves_the_rule_unchecked() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("读书笔记统计.xlsx");
    book(&f, &[("统计", &[&["姓名", "上学期读书笔记字数", "下学期读书笔记字数"], &["张伟", "3000", "2800"]])]);
    let r = check(&[arg(&f), "--as-of", "2026-08-31"]);
    // Words are no count of pieces: 教学反思 per term is not judged at all, rather than failed.
    assert!(r.teacher("张伟")["results"].as_array().unwrap().is_empty());
    let why: Vec<_> = r
        .findings()
        .into_iter()
        .filter(|f| f["code"] == "no-records" && f["rule"] == "reflections-term")
        .map(|f| (f["period"].as_str().unwrap_or(""), f["params"]["reason"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(why, vec![(TERM1, "tally-measure"), (TERM2, "tally-measure")]);
}

/// An observation log of the first term: 张伟 twice in September and once in October, 王芳
/// once in each; nothing logged after October.
fn observation_log(path: &Path) {
    book(
        path,
        &[(
            "上学期",
            &[
                &["听课人", "听课日期", "授课教师", "班级", "节次"],
                &["张伟", "d:2025-09-10", "赵敏", "三(1)", "2"],
                &["张伟", "d:2025-09-17", "赵敏", "三(2)", "3"],
                &["张伟", "d:2025-10-15", "孙丽", "四(1)", "1"],
                &["王芳", "d:2025-09-11", "赵敏", "三(1)", "4"],
                &["王芳", "d:2025-10-16", "孙丽", "四(2)", "2"],
            ],
        )],
    );
}

#[test]
fn beside_a_detailed_log_the_detail_counts_and_the_tally_is_checked_against_it() {
    let d = tempfile::tempdir().unwrap();
    let log = d.path().join("听课记录.xlsx");
    observation_log(&log);
    let tally = d.path().join("听课节数统计.xlsx");
    book(
        &tally,
        &[
            (
                "月统计",
                &[
                    &["2025-2026学年第一学期听课节数统计"],
                    &["姓名", "9月", "10月", "11月", "12月", "1月", "合计"],
                    &["张伟", "2", "2", "3", "3", "2", "12"],
                    &["王芳", "1", "1", "2", "2", "2", "8"],
                    &["李娜", "1", "0", "2", "2", "2", "7"],
                ],
            ),
            (
                "学期统计",
                &[&["2025-2026学年第一学期"], &["姓名", "听课节数"], &["张伟", "11"], &["王芳", "9"], &["李娜", "7"]],
            ),
        ],
    );
    let r = check(&[arg(&log), arg(&tally), "--as-of", "2026-02-10"]);
    // September and October are in the log: the log counts there, the tally's months do not.
    // 张伟's October says 2, the log has 1; 李娜's September says 1, the log has none of hers.
    assert_eq!(
        codes(&r, "total-mismatch"),
        vec![
            ("月统计".into(), "C3".into()),
            ("月统计".into(), "B5".into()),
            ("学期统计".into(), "B4".into()),
            ("学期统计".into(), "B5".into())
        ]
    );
    let m = finding(&r, "total-mismatch", "月统计", "C3");
    assert_eq!((m["value"].as_str(), m["params"]["computed"].as_str()), (Some("2"), Some("1")));
    assert_eq!((m["teacher"].as_str(), m["period"].as_str()), (Some("张伟"), Some("2025-10")));
    let message = m["message"].as_str().unwrap();
    assert!(message.contains("听课记录.xlsx / 上学期") && message.contains('1'), "{message}");
    assert_eq!(finding(&r, "total-mismatch", "月统计", "B5")["params"]["computed"], "0");
    // November to January are only in the tally: they count. The term's count is checked
    // against log and months together: 张伟 3 + 8 = 11 agrees; 王芳 2 + 6 = 8, not 9; 李娜's
    // 7 holds the September the log does not have.
    let term = finding(&r, "total-mismatch", "学期统计", "B4");
    assert_eq!((term["value"].as_str(), term["params"]["computed"].as_str()), (Some("9"), Some("8")));
    let message = term["message"].as_str().unwrap();
    assert!(message.contains("听课记录.xlsx / 上学期") && message.contains("听课节数统计.xlsx / 月统计"), "{message}");
    // Nothing is counted twice: log + months not in the log.
    assert_eq!(r.result("张伟", "observations-term", TERM1).0, 11.0);
    assert_eq!(r.result("王芳", "observations-term", TERM1).0, 8.0);
    assert_eq!(r.result("李娜", "observations-term", TERM1).0, 6.0);
}

/// [`book`] with one sheet of rows built at run time.
fn owned_book(path: &Path, sheet: &str, rows: &[Vec<String>]) {
    let cells: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    let rows: Vec<&[&str]> = cells.iter().map(Vec::as_slice).collect();
    book(path, &[(sheet, &rows)]);
}

// The same school year of one school, kept two ways: detailed logs, or only tallies.

const ROSTER: &[&[&str]] = &[
    &["姓名", "教研组", "职务"],
    &["张伟", "语文组", "教研组长"],
    &["王芳", "语文组", ""],
    &["李娜", "数学组", "教导主任"],
];

/// Lessons observed per teacher per month (September … July).
const LESSONS: &[(&str, [u32; 11])] = &[
    ("张伟", [3, 3, 2, 2, 1, 0, 3, 3, 2, 2, 1]),
    ("王芳", [2, 2, 2, 1, 1, 0, 2, 1, 1, 1, 1]),
    ("李娜", [5, 5, 4, 4, 2, 1, 5, 5, 4, 3, 2]),
];
/// Reflections and summaries per term, and hours per term.
const WRITING: &[(&str, [u32; 4], [f64; 2])] =
    &[("张伟", [3, 1, 3, 1], [46.0, 48.0]), ("王芳", [2, 1, 3, 0], [30.0, 36.5]), ("李娜", [4, 1, 3, 1], [45.0, 45.0])];
const MONTHS: [u32; 11] = [9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7];

fn detailed_school(dir: &Path) {
    book(&dir.join("教师名册.xlsx"), &[("教师名册", ROSTER)]);
    let year = |m: u32| if m >= 9 { 2025 } else { 2026 };
    // One row per lesson observed, on distinct days.
    let mut obs: Vec<Vec<String>> = vec![["听课人", "听课日期", "授课教师", "节次"].map(String::from).to_vec()];
    for (name, per_month) in LESSONS {
        for (i, n) in per_month.iter().enumerate() {
            for k in 0..*n {
                let date = format!("d:{}-{:02}-{:02}", year(MONTHS[i]), MONTHS[i], 3 + k);
                obs.push(vec![name.to_string(), date, "赵敏".into(), format!("{}", k + 1)]);
            }
        }
    }
    // One row per piece of writing; one hours-ledger line per term.
    let mut writing: Vec<Vec<String>> = vec![["姓名", "提交日期", "类型", "题目"].map(String::from).to_vec()];
    let mut hours: Vec<Vec<String>> = vec![["姓名", "项目名称", "培训日期", "学时"].map(String::from).to_vec()];
    for (name, counts, term_hours) in WRITING {
        for (j, n) in counts.iter().enumerate() {
            let (kind, date) = match j {
                0 => ("教学反思", "2025-10"),
                1 => ("教学总结", "2026-01"),
                2 => ("教学反思", "2026-04"),
                _ => ("教学总结", "2026-06"),
            };
            for k in 0..*n {
                writing.push(vec![
                    name.to_string(),
                    format!("d:{date}-{:02}", 10 + k),
                    kind.into(),
                    format!("{kind}{j}{k}"),
                ]);
            }
        }
        for (t, h) in term_hours.iter().enumerate() {
            let date = if t == 0 { "d:2025-11-05" } else { "d:2026-04-08" };
            hours.push(vec![name.to_string(), format!("校本研修{t}"), date.into(), h.to_string()]);
        }
    }
    owned_book(&dir.join("听课记录.xlsx"), "听课记录", &obs);
    owned_book(&dir.join("教学反思登记.xlsx"), "反思登记", &writing);
    owned_book(&dir.join("学时登记.xlsx"), "学时登记", &hours);
}

fn tally_school(dir: &Path) {
    book(&dir.join("教师名册.xlsx"), &[("教师名册", ROSTER)]);
    // Lessons: a grid of months with a 合计.
    let mut grid: Vec<Vec<String>> = vec![vec!["2025-2026学年教师听课节数统计表".into()]];
    let mut header = vec!["姓名".to_string()];
    header.extend(MONTHS.iter().map(|m| format!("{m}月")));
    header.push("合计".into());
    grid.push(header);
    for (name, per_month) in LESSONS {
        let mut row = vec![name.to_string()];
        row.extend(per_month.iter().map(|n| n.to_string()));
        row.push(per_month.iter().sum::<u32>().to_string());
        grid.push(row);
    }
    // Writing and hours: one row per teacher, a column per measure and term.
    let mut terms: Vec<Vec<String>> = vec![
        vec!["2025-2026学年教师校本研修情况统计".into()],
        [
            "姓名",
            "上学期反思篇数",
            "上学期教学总结篇数",
            "下学期反思篇数",
            "下学期教学总结篇数",
            "上学期学时",
            "下学期学时",
            "全年学时",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for (name, counts, term_hours) in WRITING {
        let mut row = vec![name.to_string()];
        row.extend(counts.iter().map(|n| n.to_string()));
        row.extend(term_hours.iter().map(|h| h.to_string()));
        row.push((term_hours[0] + term_hours[1]).to_string());
        terms.push(row);
    }
    owned_book(&dir.join("听课节数统计.xlsx"), "听课", &grid);
    owned_book(&dir.join("研修统计.xlsx"), "统计", &terms);
}

#[test]
fn a_school_keeping_only_tallies_gets_the_same_results_as_one_keeping_detailed_logs() {
    let detail_dir = tempfile::tempdir().unwrap();
    detailed_school(detail_dir.path());
    let tally_dir = tempfile::tempdir().unwrap();
    tally_school(tally_dir.path());
    // The default rules less absences (a tally does not record attendance).
    let rules = detail_dir.path().join("rules.toml");
    std::fs::write(
        &rules,
        "[[rules]]\nid = \"hours-year\"\nmeasure = \"hours\"\nperiod = \"year\"\nmin = 90\n\
         [[rules]]\nid = \"observations-term\"\nmeasure = \"observations\"\nperiod = \"term\"\nmin = 10\nby_role = { admin = 20 }\n\
         [[rules]]\nid = \"reflections-term\"\nmeasure = \"reflections\"\nperiod = \"term\"\nkinds = [\"教学反思\"]\nmin = 3\n\
         [[rules]]\nid = \"summaries-term\"\nmeasure = \"reflections\"\nperiod = \"term\"\nkinds = [\"教学总结\"]\nmin = 1\n",
    )
    .unwrap();
    for as_of in ["2026-01-20", "2026-09-01"] {
        let detail = check(&[arg(detail_dir.path()), "--rules", arg(&rules), "--as-of", as_of]);
        let tally = check(&[arg(tally_dir.path()), "--rules", arg(&rules), "--as-of", as_of]);
        assert_eq!(detail.report["school_year"], tally.report["school_year"]);
        for name in ["张伟", "王芳", "李娜"] {
            assert_eq!(detail.teacher(name), tally.teacher(name), "{name} on {as_of}");
        }
        // Every tally sheet was read as one, with no problem in it.
        assert_eq!(tally.sheet("听课节数统计.xlsx", "听课")["layout"], "tally");
        assert_eq!(tally.sheet("研修统计.xlsx", "统计")["counts"]["H"]["total"], true);
        assert!(tally.findings().iter().all(|f| f["rule"].is_string()), "{:?}", tally.finding_cells());
    }
    // And the results are the ones the activity gives, not merely equal.
    let tally = check(&[arg(tally_dir.path()), "--rules", arg(&rules), "--as-of", "2026-09-01"]);
    assert_eq!(tally.result("王芳", "hours-year", YEAR), (66.5, "fail".into()));
    assert_eq!(tally.result("李娜", "observations-term", TERM1), (20.0, "pass".into()));
    assert_eq!(tally.result("张伟", "observations-term", TERM2), (11.0, "pass".into()));
    assert_eq!(tally.result("王芳", "summaries-term", TERM2), (0.0, "fail".into()));
}
#[test]
fn inspect_shows_the_period_and_measure_of_each_count_column() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("听课节数统计.xlsx");
    monthly_grid(&f);
    let inspect = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_regcheck"))
            .arg("inspect")
            .arg(&f)
            .args(args)
            .output()
            .expect("run regcheck");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let text = inspect(&["--lang", "en"]);
    assert!(text.contains("observation log (tally: teachers down, counts across)"), "{text}");
    assert!(text.contains("count (observations) · covers 2025-10 (2025-10-01–2025-10-31)"), "{text}");
    assert!(text.contains("totals, checked against the counts of the row (observations)"), "{text}");
    let json: Json = serde_json::from_str(&inspect(&["--json"])).expect("JSON");
    let columns = json[0]["sheets"][0]["columns"].as_array().unwrap();
    let g = columns.iter().find(|c| c["column"] == "G").unwrap();
    assert_eq!((g["field"].as_str(), g["count"]["covers"].as_str()), (Some("count"), Some("2026-01")));
    let sample = &json[0]["sheets"][0]["sample"][0];
    assert_eq!((sample["cell"].as_str(), sample["count"].as_f64()), (Some("C3"), Some(2.0)));
}

#[test]
fn export_gives_each_count_with_its_cell_and_the_period_it_covers() {
    let d = tempfile::tempdir().unwrap();
    let log = d.path().join("听课记录.xlsx");
    observation_log(&log);
    let f = d.path().join("听课节数统计.xlsx");
    monthly_grid(&f);
    let out = d.path().join("导出");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_regcheck"))
        .args(["export", arg(&log), arg(&f), "--out", arg(&out), "--format", "json", "--as-of", "2026-02-10"])
        .status()
        .expect("run regcheck");
    assert!(status.success());
    let json: Json = serde_json::from_str(&std::fs::read_to_string(out.join("records.json")).unwrap()).unwrap();
    let rows = json["observations"].as_array().unwrap();
    let row = |cell: &str| rows.iter().find(|r| r["count_cell"] == cell).unwrap_or_else(|| panic!("{cell}"));
    let d3 = row("D3");
    assert_eq!((d3["name"].as_str(), d3["count"].as_f64()), (Some("张伟"), Some(3.0)));
    assert_eq!((d3["covers"].as_str(), d3["covers_start"].as_str()), (Some("2025-10"), Some("2025-10-01")));
    // October is in the log: the count is kept, but the log is what counts.
    assert_eq!((d3["counted"].as_bool(), d3["findings"].as_str()), (Some(false), Some("total-mismatch")));
    assert_eq!(row("E3")["counted"], true, "November is only in the tally");
    let d5 = row("D5");
    assert_eq!((d5["usable"].as_bool(), d5["findings"].as_str()), (Some(false), Some("invalid-number")));
}

#[test]
fn a_measure_merged_over_its_terms_and_english_headers_are_read() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("研修统计.xlsx");
    book_with_merges(
        &f,
        &[
            (
                "汇总",
                &[
                    &["序号", "姓名", "听课节数", "", "", "反思篇数", "", ""],
                    &["", "", "第一学期", "第二学期", "全年", "第一学期", "第二学期", "全年"],
                    &["1", "张伟", "10", "11", "21", "3", "3", "7"],
                ],
                &[(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 0, 4), (0, 5, 0, 7)],
            ),
            ("Summary", &[&["Name", "Observations", "Reflections", "Hours"], &["Zhang Wei", "12", "3", "40"]], &[]),
        ],
    );
    let r = check(&[arg(&f), "--as-of", "2026-08-31"]);
    let s = r.sheet("研修统计.xlsx", "汇总");
    assert_eq!((s["layout"].as_str(), s["header_rows"].clone()), (Some("tally"), json!([1, 2])));
    let what = |c: &str| {
        let c = &s["counts"][c];
        (c["measure"].as_str().unwrap_or("?"), c["covers"].as_str().unwrap_or("?"), c["total"].as_bool())
    };
    assert_eq!(what("C"), ("observations", TERM1, None));
    assert_eq!(what("D"), ("observations", TERM2, None));
    assert_eq!(what("E"), ("observations", YEAR, Some(true)), "全年 beside the terms is their total");
    assert_eq!(what("G"), ("reflections", TERM2, None));
    // 3 + 3 is not 7.
    assert_eq!(codes(&r, "total-mismatch"), vec![("汇总".into(), "H3".into())]);
    assert_eq!(r.result("张伟", "observations-term", TERM2).0, 11.0);
    let en = r.sheet("研修统计.xlsx", "Summary");
    assert_eq!(en["layout"], "tally");
    let measures: Vec<&str> =
        ["B", "C", "D"].iter().map(|c| en["counts"][c]["measure"].as_str().unwrap_or("?")).collect();
    assert_eq!(measures, vec!["observations", "reflections", "hours"]);
    assert_eq!(r.result("Zhang Wei", "hours-year", YEAR), (40.0, "fail".into()));
}
