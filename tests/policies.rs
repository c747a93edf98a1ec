//! School policies from the rules file, run through the real binary on registers written by the
//! test: the three example rule sets under `templates/examples/` (a school counting hours, a
//! district counting credits over five years, a US-style licence renewal), roles from the roster
//! (several roles, exempt, part-time, new teachers by years of service, joined mid-year), caps,
//! late thresholds and deductions, monthly, yearly and cycle periods, school rules; and the
//! `rules` and `init` commands and rules-file mistakes.

mod common;

use common::{book, check, root};
use serde_json::Value as Json;
use std::path::Path;
use std::process::Command;

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn example(name: &str) -> String {
    root().join("templates/examples").join(name).display().to_string()
}

/// A result's (actual, min, status) for a teacher, rule and period.
fn result(r: &common::Outcome, name: &str, rule: &str, period: &str) -> (f64, Option<f64>, String) {
    let t = r.teacher(name);
    let x = t["results"]
        .as_array()
        .and_then(|rs| rs.iter().find(|x| x["rule"] == rule && x["period"] == period))
        .unwrap_or_else(|| panic!("no {rule} {period} for {name}: {}", t["results"]));
    (x["actual"].as_f64().unwrap(), x["min"].as_f64(), x["status"].as_str().unwrap().to_string())
}

fn findings_for<'a>(r: &'a common::Outcome, code: &str, teacher: &str) -> Vec<&'a Json> {
    r.findings().into_iter().filter(|f| f["code"] == code && f["teacher"] == teacher).collect()
}

fn regcheck(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_regcheck")).current_dir(root()).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The school of `school-hours.toml`: a roster with several roles, an exempt and a part-time
/// teacher, a new teacher and one who joins in March; a sign-in sheet, an observation log and
/// a reflection log for the first term.
fn school_hours_registers(dir: &Path) {
    book(
        &dir.join("教师名册.xlsx"),
        &[(
            "名册",
            &[
                &["序号", "姓名", "职务", "类别", "参加工作年月", "进本校年月", "状态"],
                &["1", "王芳", "副校长、语文教研组长", "", "2001.09", "2001.09", "在岗"],
                &["2", "李强", "", "", "2010.09", "2010.09", "在岗"],
                &["3", "赵敏", "", "", "2024.09", "2024.09", "在岗"],
                &["4", "陈静", "", "", "2005.09", "2005.09", "病休"],
                &["5", "刘洋", "", "", "2012.09", "2012.09", "兼职"],
                &["6", "孙丽", "", "", "2015.09", "2026.03", "在岗"],
                &["7", "周杰", "", "骨干教师", "2008.09", "2008.09", "在岗"],
            ],
        )],
    );
    book(
        &dir.join("签到表.xlsx"),
        &[(
            "签到",
            &[
                &["日期", "培训主题", "形式", "级别", "学时", "姓名", "签到"],
                &["d:2025-09-10", "新课标解读", "专家讲座", "校级", "3", "王芳", "√"],
                &["d:2025-09-10", "新课标解读", "专家讲座", "校级", "3", "李强", "迟到"],
                &["d:2025-09-10", "新课标解读", "专家讲座", "校级", "3", "赵敏", "√"],
                &["d:2025-09-10", "新课标解读", "专家讲座", "校级", "3", "周杰", "√"],
                &["d:2025-10-15", "作业设计", "专家讲座", "区级", "3", "王芳", "√"],
                &["d:2025-10-15", "作业设计", "专家讲座", "区级", "3", "李强", "迟到"],
                &["d:2025-10-15", "作业设计", "专家讲座", "区级", "3", "赵敏", "旷"],
                &["d:2025-10-15", "作业设计", "专家讲座", "区级", "3", "周杰", "公"],
                &["d:2025-11-12", "听评课", "教研活动", "校级", "3", "王芳", "√"],
                &["d:2025-11-12", "听评课", "教研活动", "校级", "3", "李强", "迟到"],
                &["d:2025-11-12", "听评课", "教研活动", "校级", "3", "赵敏", "√"],
                &["d:2025-12-10", "期末工作安排", "工作例会", "校级", "2", "李强", "√"],
            ],
        )],
    );
    let mut observations: Vec<Vec<String>> =
        vec![["听课人", "听课日期", "授课教师", "听课节数"].map(String::from).to_vec()];
    let mut observe = |who: &str, dates: &[&str]| {
        for d in dates {
            observations.push(vec![who.into(), format!("d:{d}"), "张老师".into(), "2".into()]);
        }
    };
    // 王芳: 16 lessons (admin 20 and head 15: the strictest, 20, applies).
    observe(
        "王芳",
        &[
            "2025-09-03",
            "2025-09-17",
            "2025-10-08",
            "2025-10-22",
            "2025-11-05",
            "2025-11-19",
            "2025-12-03",
            "2025-12-17",
        ],
    );
    // 李强: 12 lessons, none in December.
    observe("李强", &["2025-09-04", "2025-09-18", "2025-10-09", "2025-10-23", "2025-11-06", "2025-11-20"]);
    // 刘洋 (part-time, minimums halved): 6 lessons.
    observe("刘洋", &["2025-09-05", "2025-10-10", "2025-11-07"]);
    let rows: Vec<Vec<&str>> = observations.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    book(&dir.join("听课记录.xlsx"), &[("听课", &rows)]);
    book(
        &dir.join("反思登记.xlsx"),
        &[(
            "反思",
            &[
                &["姓名", "提交日期", "类型", "题目", "字数"],
                &["李强", "d:2025-09-30", "教学反思", "一", "600"],
                &["李强", "d:2025-10-30", "教学反思", "二", "650"],
                &["李强", "d:2025-11-30", "教学反思", "三", "400"],
                &["李强", "d:2026-01-10", "教学总结", "总结", "2000"],
                &["王芳", "d:2025-09-30", "教学反思", "一", "800"],
                &["王芳", "d:2025-10-30", "教学反思", "二", "800"],
                &["王芳", "d:2025-11-30", "教学反思", "三", "800"],
            ],
        )],
    );
}

#[test]
fn school_hours_example_applies_roles_penalties_months_and_school_rules() {
    let d = tempfile::tempdir().unwrap();
    school_hours_registers(d.path());
    let rules = example("school-hours.toml");
    let r = check(&[arg(d.path()), "--rules", &rules, "--as-of", "2026-01-30"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let term = "2025-2026-1";

    // Several roles: 王芳 is administrator and subject-group head; the strictest minimum, 20, applies.
    assert_eq!(r.teacher("王芳")["roles"], serde_json::json!(["teacher", "admin", "head"]));
    assert_eq!(result(&r, "王芳", "observations-term", term), (16.0, Some(20.0), "fail".into()));
    // Part-time: 12 × 0.5 = 6, met.
    assert_eq!(result(&r, "刘洋", "observations-term", term), (6.0, Some(6.0), "pass".into()));
    // Exempt: every result is exempt.
    assert_eq!(r.teacher("陈静")["status"], "exempt");
    // A new teacher by years of service (first employed 2024-09) needs 120 hours, not 90.
    assert!(r.teacher("赵敏")["roles"].as_array().unwrap().contains(&"new-teacher".into()));
    assert_eq!(result(&r, "赵敏", "hours-year", "2025-2026").1, Some(120.0));

    // Three lates make an absence: 李强 was never absent but breaks the no-absence rule.
    assert_eq!(result(&r, "李强", "absences-term", term), (1.0, None, "fail".into()));
    // Deductions: 3 sessions × 3 hours − 3 lates × 0.5; the staff meeting earns nothing.
    assert_eq!(result(&r, "李强", "hours-year", "2025-2026").0, 7.5);
    // 赵敏: 6 hours earned − 1 for the unexcused absence; attended 2 of 3 sessions.
    assert_eq!(result(&r, "赵敏", "hours-year", "2025-2026").0, 5.0);
    assert_eq!(result(&r, "赵敏", "attendance-term", term), (66.67, Some(90.0), "fail".into()));
    // Official leave is neutral: 周杰 attended the one session he was expected at.
    assert_eq!(result(&r, "周杰", "attendance-term", term).0, 100.0);
    // School-level hours only: the district-level lecture does not count.
    assert_eq!(result(&r, "王芳", "school-hours-year", "2025-2026").0, 6.0);

    // A monthly rule: 李强 observed nothing in December.
    assert_eq!(result(&r, "李强", "observations-month", "2025-10"), (4.0, Some(2.0), "pass".into()));
    assert_eq!(result(&r, "李强", "observations-month", "2025-12"), (0.0, Some(2.0), "fail".into()));
    assert!(
        !r.teacher("李强")["results"].as_array().unwrap().iter().any(|x| x["period"] == "2026-01"),
        "January is not a month the rule judges"
    );
    // A piece under 500 characters does not count.
    assert_eq!(result(&r, "李强", "reflections-term", term), (2.0, Some(3.0), "fail".into()));
    assert_eq!(result(&r, "李强", "summaries-term", term).2, "pass");

    // A yearly rule mid-year: in progress, and behind pace.
    assert_eq!(result(&r, "李强", "hours-year", "2025-2026").2, "in-progress");
    assert!(findings_for(&r, "behind-pace", "李强").iter().any(|f| f["rule"] == "hours-year"));
    // Joined in March: exempt from the first term, the yearly minimum scaled to the months at school.
    assert_eq!(result(&r, "孙丽", "observations-term", term).2, "exempt");
    let (_, min, _) = result(&r, "孙丽", "hours-year", "2025-2026");
    assert_eq!(min, Some(45.4), "90 × 184/365 days");

    // School rules: two expert lectures held; backbone teachers are 1 of 6 (陈静 exempt).
    let school = r.report["school_results"].as_array().unwrap();
    let find = |rule: &str| school.iter().find(|x| x["rule"] == rule && x["period"] != "2025-2026-2").unwrap();
    assert_eq!(
        (find("experts-term")["actual"].as_f64(), find("experts-term")["status"].as_str()),
        (Some(2.0), Some("pass"))
    );
    assert_eq!(find("backbone-share")["actual"].as_f64(), Some(16.67));
    assert!(r
        .findings()
        .iter()
        .any(|f| f["code"] == "below-minimum" && f["rule"] == "backbone-share" && f["teacher"].is_null()));
    assert!(r.stdout.contains("学校未达标的规则") && r.stdout.contains("骨干教师占比"), "{}", r.stdout);
    let summary = common::cells(&r.out.path().join("summary.xlsx"));
    let on_sheet = |text: &str| {
        summary
            .iter()
            .any(|(sheet, _, _, v)| sheet == "学校规则" && matches!(v, calamine::Data::String(s) if s == text))
    };
    assert!(on_sheet("骨干教师占比") && on_sheet("未达标"), "summary.xlsx has the school rules");
    // The staff meeting is reported as not counted.
    assert!(r.has("not-counted", "签到表.xlsx", "签到", "C13"), "{:?}", r.finding_cells());
}

#[test]
fn district_credits_example_converts_caps_and_credits_presenters_over_the_cycle() {
    let d = tempfile::tempdir().unwrap();
    book(
        &d.path().join("学时登记.xlsx"),
        &[(
            "学分登记",
            &[
                &["姓名", "项目名称", "培训形式", "级别", "日期", "学时", "学分"],
                &["李强", "暑期集中培训", "集中培训", "市级", "d:2022-07-10", "24", ""],
                &["李强", "网络研修课程", "网络研修", "省级", "d:2023-05-20", "16", ""],
                &["李强", "区级公开课", "公开课", "区级", "d:2024-10-12", "", ""],
                &["李强", "市级公开课", "公开课", "市级", "d:2025-10-10", "", ""],
                &["李强", "校级公开课", "公开课", "校级", "d:2025-11-20", "", ""],
                &["李强", "论文获奖", "论文", "市级", "d:2025-12-01", "", "5"],
                &["王芳", "暑期集中培训", "集中培训", "市级", "d:2025-08-20", "12", ""],
            ],
        )],
    );
    book(
        &d.path().join("签到表.xlsx"),
        &[(
            "签到",
            &[
                &["日期", "培训主题", "形式", "主讲人", "学时", "姓名", "签到"],
                &["d:2025-12-03", "单元整体设计", "校本研修", "李强", "4", "王芳", "√"],
                &["d:2025-12-03", "单元整体设计", "校本研修", "李强", "4", "赵敏", "√"],
            ],
        )],
    );
    let rules = example("district-credits.toml");
    let r = check(&[arg(d.path()), "--rules", &rules, "--as-of", "2026-01-30"]);
    let cycle = "2021-2026周期";
    // 24 h centralised / 6 = 4; 16 h online / 8 = 2; public lessons 2 (2024) + 3 + (1 capped to 0);
    // the paper's own 5 credits; presenting a 4-hour school-based session: 2 × 0.5.
    assert_eq!(result(&r, "李强", "credits-cycle", cycle), (17.0, Some(36.0), "in-progress".into()));
    assert_eq!(result(&r, "李强", "credits-year", "2025-2026").0, 9.0, "3 + 0 + 5 + 1 this year");
    assert_eq!(result(&r, "王芳", "credits-year", "2025-2026").0, 0.5, "12 h before the year began do not count");
    assert_eq!(result(&r, "王芳", "credits-cycle", cycle).0, 2.5, "but they count for the cycle");
    assert_eq!(result(&r, "李强", "school-based-cycle", cycle).0, 1.0, "the presenter earns twice the 0.5");
    // The cap: the school-level lesson came after 3 credits of public lessons this year.
    assert!(r.has("cap-reached", "学时登记.xlsx", "学分登记", "G6"), "{:?}", r.finding_cells());
    let cap = findings_for(&r, "cap-reached", "李强")[0];
    assert_eq!(cap["params"]["cap"], "public-lessons-year");
    assert!(cap["message"].as_str().unwrap().contains("公开课学分"), "{}", cap["message"]);
    // Entries of earlier years inside the cycle are expected, not outside the year.
    assert!(r.findings().iter().all(|f| f["code"] != "date-outside-year"), "{:?}", r.finding_cells());
    assert_eq!(r.report["cycle"]["end"], "2026-08-31");
}

#[test]
fn us_licence_example_counts_clock_hours_caps_online_and_mentors_new_teachers() {
    let d = tempfile::tempdir().unwrap();
    book(
        &d.path().join("staff.xlsx"),
        &[(
            "Staff",
            &[
                &["Name", "Position", "Start date", "Status"],
                &["Ann Lee", "Teacher", "2024-08-15", "Active"],
                &["Bob Cruz", "Teacher", "2009-08-15", "Active"],
                &["Cy Park", "Teacher", "2001-08-15", "Leave of absence"],
            ],
        )],
    );
    book(
        &d.path().join("pd-log.xlsx"),
        &[(
            "PD",
            &[
                &["Name", "Course", "Form", "Date", "Hours"],
                &["Bob Cruz", "Reading strategies", "Online", "d:2025-09-20", "20"],
                &["Bob Cruz", "Math tasks", "Online", "d:2025-10-20", "20"],
                &["Bob Cruz", "Summer institute", "Workshop", "d:2023-07-10", "60"],
                &["Ann Lee", "First-year support", "Mentoring", "d:2025-10-01", "6"],
            ],
        )],
    );
    book(
        &d.path().join("attendance.xlsx"),
        &[(
            "Sign-in",
            &[
                &["Date", "Topic", "Form", "Time", "Teacher Name", "Attendance"],
                &["d:2025-11-05", "Data teams", "Workshop", "15:00-16:30", "Ann Lee", "P"],
                &["d:2025-11-05", "Data teams", "Workshop", "15:00-16:30", "Bob Cruz", "P"],
                &["d:2025-11-12", "Staff meeting", "Staff meeting", "15:00-16:00", "Bob Cruz", "P"],
            ],
        )],
    );
    let rules = example("us-license-renewal.toml");
    let r = check(&[arg(d.path()), "--rules", &rules, "--as-of", "2026-01-30"]);
    assert_eq!(r.report["lang"], "en");
    // Online hours are capped at 30 a year; the session's 90 minutes are 1.5 clock hours.
    assert_eq!(result(&r, "Bob Cruz", "pd-hours-year", "2025-2026").0, 31.5);
    assert_eq!(result(&r, "Bob Cruz", "pd-hours-cycle", "License 2022-2027").0, 91.5);
    assert!(r.has("cap-reached", "pd-log.xlsx", "PD", "E3"), "{:?}", r.finding_cells());
    // Only teachers in their first three years have the mentoring rule.
    assert_eq!(result(&r, "Ann Lee", "mentoring-year", "2025-2026"), (6.0, Some(20.0), "in-progress".into()));
    assert!(r.teacher("Bob Cruz")["results"].as_array().unwrap().iter().all(|x| x["rule"] != "mentoring-year"));
    assert_eq!(r.teacher("Cy Park")["status"], "exempt");
}

#[test]
fn a_day_cap_keeps_only_the_hours_allowed() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("签到表.xlsx");
    book(
        &f,
        &[(
            "签到",
            &[
                &["日期", "培训主题", "学时", "姓名", "签到"],
                &["d:2025-09-10", "上午：新课标", "6", "张伟", "√"],
                &["d:2025-09-10", "下午：作业设计", "4", "张伟", "√"],
            ],
        )],
    );
    let rules = d.path().join("r.toml");
    std::fs::write(&rules, "[counting]\nmax_hours_per_day = 8\n").unwrap();
    let r = check(&[arg(&f), "--rules", arg(&rules), "--as-of", "2026-02-01"]);
    assert_eq!(result(&r, "张伟", "hours-year", "2025-2026").0, 8.0);
    assert!(r.has("cap-reached", "签到表.xlsx", "签到", "C3"), "{:?}", r.finding_cells());
}

#[test]
fn rules_prints_every_example_in_both_languages() {
    let cases = [
        (
            "school-hours.toml",
            "每位教师每学年培训学时不少于90学时；新教师不少于120学时",
            "at least 90 hours; New teachers: at least 120 hours",
        ),
        (
            "district-credits.toml",
            "在培训周期（2021-2026周期）内学分不少于36学分",
            "credits over the cycle (2021-2026周期), at least 36 credits",
        ),
        (
            "us-license-renewal.toml",
            "培训学时不少于150学时",
            "training hours over the cycle (License 2022-2027), at least 150 hours",
        ),
    ];
    for (file, zh, en) in cases {
        let path = example(file);
        let (code, out, err) = regcheck(&["rules", "--rules", &path]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains(zh), "{file} zh:\n{out}");
        let (code, out, err) = regcheck(&["rules", "--rules", &path, "--lang", "en"]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains(en), "{file} en:\n{out}");
        assert!(out.contains("How things are counted"), "{out}");
    }
    let (code, out, _) = regcheck(&["rules"]);
    assert_eq!(code, 0);
    assert!(out.contains("行政不少于20节"), "{out}");
}

#[test]
fn a_rules_file_mistake_names_line_column_and_closest_key_before_reading_any_file() {
    let d = tempfile::tempdir().unwrap();
    let rules = d.path().join("本校规则.toml");
    std::fs::write(
        &rules,
        "[school]\nname = \"一中\"\n\n[[rules]]\nid = \"hours\"\nmesure = \"hours\"\nperiod = \"year\"\nmin = 90\n",
    )
    .unwrap();
    let (code, _, err) = regcheck(&["check", "no-such-folder", "--rules", arg(&rules)]);
    assert_eq!(code, 2);
    assert!(err.contains("本校规则.toml:6:1:") && err.contains("\"measure\""), "{err}");
    assert!(!err.contains("no-such-folder"), "stops before looking at the inputs: {err}");
    // A value: the closest valid one.
    std::fs::write(&rules, "[[rules]]\nid = \"obs\"\nmeasure = \"observation\"\nperiod = \"term\"\nmin = 10\n")
        .unwrap();
    let (code, _, err) = regcheck(&["rules", "--rules", arg(&rules)]);
    assert_eq!(code, 2);
    assert!(err.contains(":3:") && err.contains("\"observations\""), "{err}");
}

#[test]
fn init_writes_a_rules_file_and_roster_that_check_accepts_and_never_overwrites() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("setup");
    let (code, out, err) = regcheck(&["init", arg(&dir)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("本校规则.toml"), "{out}");
    let rules = dir.join("本校规则.toml");
    let text = std::fs::read_to_string(&rules).unwrap();
    assert!(text.starts_with("# 本校规则.toml") && text.contains("[[rules]]"), "{text}");
    // The roster is recognized as a roster; the rules file loads.
    let r = check(&[arg(&dir.join("教师名册.xlsx")), "--rules", arg(&rules)]);
    assert_eq!(r.sheet("教师名册.xlsx", "教师名册")["kind"], "roster", "{}", r.stderr);
    assert!(r.sheet("教师名册.xlsx", "教师名册")["columns"]["join_date"].is_string());
    // Never over an existing file.
    let (code, _, err) = regcheck(&["init", arg(&dir)]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
    // English names and headers.
    let en = d.path().join("en");
    assert_eq!(regcheck(&["init", arg(&en), "--lang", "en"]).0, 0);
    assert!(en.join("rules.toml").exists() && en.join("roster.xlsx").exists());
}

#[test]
fn leaves_words_and_a_teacher_who_left_are_judged_by_their_own_rules() {
    let d = tempfile::tempdir().unwrap();
    book(
        &d.path().join("名册.xlsx"),
        &[("名册", &[&["姓名", "教研组", "离校时间"], &["张伟", "语文组", ""], &["王芳", "数学组", "2025-10-31"]])],
    );
    book(
        &d.path().join("签到表.xlsx"),
        &[(
            "签到",
            &[
                &["日期", "培训主题", "学时", "姓名", "签到"],
                &["d:2025-09-10", "新课标", "3", "张伟", "事假"],
                &["d:2025-09-17", "作业设计", "3", "张伟", "病假"],
                &["d:2025-09-24", "单元设计", "3", "张伟", "公假"],
                &["d:2025-09-10", "新课标", "3", "王芳", "√"],
            ],
        )],
    );
    book(
        &d.path().join("读书笔记.xlsx"),
        &[(
            "读书笔记",
            &[
                &["姓名", "提交日期", "类型", "题目", "字数"],
                &["张伟", "d:2025-10-10", "读书笔记", "一", "1200"],
                &["张伟", "d:2025-11-10", "读书笔记", "二", "900"],
                &["王芳", "d:2025-10-10", "读书笔记", "一", "800"],
            ],
        )],
    );
    let rules = d.path().join("r.toml");
    std::fs::write(
        &rules,
        "[attendance]\nneutral_leave = [\"official_leave\"]\n\n\
         [[rules]]\nid = \"leaves\"\nmeasure = \"leaves\"\nperiod = \"term\"\nmax = 1\n\n\
         [[rules]]\nid = \"notes\"\nmeasure = \"words\"\nperiod = \"term\"\nkinds = [\"读书笔记\"]\nmin = 2000\n",
    )
    .unwrap();
    let r = check(&[arg(d.path()), "--rules", arg(&rules), "--as-of", "2026-02-01"]);
    let term = "2025-2026-1";
    // 事假 and 病假 count as leave; 公假 is neutral.
    assert_eq!(result(&r, "张伟", "leaves", term), (2.0, None, "fail".into()));
    assert_eq!(result(&r, "张伟", "notes", term), (2100.0, Some(2000.0), "pass".into()));
    // 王芳 left on 31 October: 61 of the term's 153 days, so 2000 × 61/153 = 797.4 words suffice.
    assert_eq!(result(&r, "王芳", "notes", term), (800.0, Some(797.4), "pass".into()));
    // The date left is exported with the roster, not dropped.
    let out = d.path().join("export");
    let (code, _, err) = regcheck(&["export", arg(d.path()), "--out", arg(&out), "--as-of", "2026-02-01"]);
    assert_eq!(code, 0, "{err}");
    let roster = std::fs::read_to_string(out.join("roster.csv")).unwrap();
    assert!(roster.lines().next().unwrap().contains("leave_date"), "{roster}");
    assert!(roster.lines().any(|l| l.contains("王芳") && l.contains("2025-10-31")), "{roster}");
}
