//! The short plain-language summary printed at the end of a run.

use super::messages::{register_label, render, severity_label, Lang};
use super::Written;
use crate::check::Status;
use crate::finding::Severity;
use crate::read::format_number;
use crate::Run;
use std::fmt::Write;

/// The summary text: what was read and understood, how many problems, who falls short, and
/// where the outputs are.
pub fn summary(run: &Run, written: &Written) -> String {
    let lang = run.lang;
    let zh = lang == Lang::Zh;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} · {} {} · {} {}",
        crate::GENERATOR,
        run.school_year.name,
        lang.pick("学年", "school year"),
        lang.pick("检查日期", "as of"),
        run.as_of
    );
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "{}",
        if zh {
            format!("读取了 {} 个文件：", run.files.len())
        } else {
            format!("Read {} files:", run.files.len())
        }
    );
    for (i, f) in run.files.iter().enumerate() {
        let _ = writeln!(s, "  {}", f.display());
        if f.workbook.is_none() {
            if let Some(finding) = run.findings.iter().find(|x| x.file == Some(i) && x.sheet.is_none()) {
                let _ = writeln!(s, "    ✗ {}", render(finding, lang, run));
            }
        }
        for sheet in &f.sheets {
            // A tally is named for what it counts: 听课记录（统计表）.
            let tally = match (sheet.layout(), zh) {
                (Some(crate::recognize::Layout::Tally), true) => "（统计表）",
                (Some(crate::recognize::Layout::Tally), false) => " (tally)",
                _ => "",
            };
            let mut kinds = sheet.kinds();
            kinds.sort();
            kinds.dedup();
            let register = match kinds.len() {
                1 => register_label(sheet.kind().as_str(), lang),
                _ => lang.pick("研修情况", "training"),
            };
            let what = match (sheet.layout(), zh) {
                (Some(_), true) => format!(
                    "{register}{tally}，表头第 {} 行，{} 条记录",
                    sheet.header_rows().iter().map(u32::to_string).collect::<Vec<_>>().join("、"),
                    sheet.records
                ),
                (Some(_), false) => format!(
                    "{register}{tally}, header on row {}, {} records",
                    sheet.header_rows().iter().map(u32::to_string).collect::<Vec<_>>().join(", "),
                    sheet.records
                ),
                (None, _) => lang.pick("未找到登记表", "no register found").to_string(),
            };
            let _ = writeln!(s, "    {} → {what}", sheet.name);
            if !sheet.unknown_columns().is_empty() {
                let cols: Vec<String> = sheet.unknown_columns().iter().map(|(c, t)| format!("{t} ({c})")).collect();
                let _ = writeln!(
                    s,
                    "      {} {}",
                    lang.pick("未识别的列（已保留）：", "columns kept but not used:"),
                    cols.join(", ")
                );
            }
        }
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "{}：{} {} · {} {} · {} {}",
        lang.pick("发现的问题", "Findings"),
        severity_label(Severity::Error, lang),
        run.count(Severity::Error),
        severity_label(Severity::Warning, lang),
        run.count(Severity::Warning),
        severity_label(Severity::Info, lang),
        run.count(Severity::Info),
    );
    let errors: Vec<_> = run.findings.iter().filter(|f| f.severity == Severity::Error && f.rule.is_none()).collect();
    const SHOWN: usize = 10;
    if !errors.is_empty() {
        let _ = writeln!(s, "{}", lang.pick("需要改正的错误：", "Errors to correct:"));
        for f in errors.iter().take(SHOWN) {
            let (file, sheet, cell) = super::json::location(run, f);
            let place = [file, sheet, cell].into_iter().flatten().collect::<Vec<_>>().join(" / ");
            let _ = writeln!(s, "  {place}: {}", render(f, lang, run));
        }
        if errors.len() > SHOWN {
            let more = errors.len() - SHOWN;
            let _ = writeln!(
                s,
                "  {}",
                if zh {
                    format!("……另有 {more} 条，见 summary.xlsx")
                } else {
                    format!("… and {more} more in summary.xlsx")
                }
            );
        }
    }
    let _ = writeln!(
        s,
        "{}",
        if zh {
            format!(
                "教师：共 {} 人，达标 {}，未达标 {}，进行中 {}，免考核 {}",
                run.teachers.len(),
                run.teachers_with(Status::Pass),
                run.teachers_with(Status::Fail),
                run.teachers_with(Status::InProgress),
                run.teachers_with(Status::Exempt)
            )
        } else {
            format!(
                "Teachers: {} in all, {} pass, {} fail, {} in progress, {} exempt",
                run.teachers.len(),
                run.teachers_with(Status::Pass),
                run.teachers_with(Status::Fail),
                run.teachers_with(Status::InProgress),
                run.teachers_with(Status::Exempt)
            )
        }
    );
    let failed = |results: &[crate::check::RuleResult]| -> String {
        results
            .iter()
            .filter(|r| r.status == Status::Fail)
            .map(|r| {
                let title = run.rules.rules.iter().find(|x| x.id == r.rule).map(|x| x.title(lang)).unwrap_or(&r.rule);
                let bound =
                    r.min.map(|m| format!("≥{}", format_number(m))).or(r.max.map(|m| format!("≤{}", format_number(m))));
                format!("{title} {} {}/{}", r.period, format_number(r.actual), bound.unwrap_or_default())
            })
            .collect::<Vec<_>>()
            .join(lang.pick("；", "; "))
    };
    let short: Vec<_> = run.teachers.iter().filter(|t| t.status == Status::Fail).collect();
    if !short.is_empty() {
        let _ = writeln!(s, "{}", lang.pick("未达标的教师：", "Teachers who fall short:"));
        for t in short {
            let _ = writeln!(s, "  {}  {}", t.name, failed(&t.results));
        }
    }
    if run.school_results.iter().any(|r| r.status == Status::Fail) {
        let _ = writeln!(
            s,
            "{}  {}",
            lang.pick("学校未达标的规则：", "School rules not met:"),
            failed(&run.school_results)
        );
    }
    let _ = writeln!(s);
    let out = written.summary.parent().map(|p| p.display().to_string()).unwrap_or_default();
    let copies = written.annotated.iter().flatten().count();
    let _ = writeln!(
        s,
        "{}",
        if zh {
            format!("结果已写入 {out}/：{copies} 个批注副本（*.checked.xlsx）、summary.xlsx、report.json")
        } else {
            format!("Written to {out}/: {copies} annotated copies (*.checked.xlsx), summary.xlsx, report.json")
        }
    );
    s
}
