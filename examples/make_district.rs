//! Writes a synthetic school district for benchmarks: N schools, each a folder with a roster,
//! a long sign-in register, an attendance grid, an observation log and a reflection log, about
//! 1% of rows carrying the usual problems (misspelt names, impossible dates, unknown marks,
//! duplicated rows, units typed into numbers); optionally one large sign-in register.
//!
//! Deterministic: a small inline PRNG (SplitMix64) seeded from `--seed`, fixed workbook
//! metadata, no clock — the same arguments give byte-identical files. Teacher names are unique
//! across the district, so a district-wide check attributes every row to one teacher.
//!
//! ```sh
//! cargo run --release --example make_district -- --schools 200 --seed 1 --out bench-data/district
//! cargo run --release --example make_district -- --schools 0 --big 500000 --out bench-data/big
//! ```
//!
//! Writes `school-NNN/*.xlsx` (and `big/` with `--big`), and `rows.txt`: the number of register
//! data rows written (roster rows included), which the benchmark divides by.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::collections::HashSet;
use std::error::Error;
use std::path::{Path, PathBuf};

const TEACHERS: usize = 120;
const SIGNIN_SESSIONS: usize = 50;
const GRID_SESSIONS: usize = 40;
const OBSERVATIONS: usize = 20;
const REFLECTIONS: usize = 8;
/// One row in this many gets a problem.
const PROBLEM_EVERY: u64 = 100;

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建文林宇浩凯博晨雪琳婷颖欣怡佳悦思雨嘉子轩梓涵一诺宁远志国庆海波春燕晓慧俊峰鑫斌亮永健晶倩";
const DEPTS: [(&str, &str); 6] = [
    ("语文组", "语文"),
    ("数学组", "数学"),
    ("英语组", "英语"),
    ("综合组", "物理"),
    ("艺体组", "体育"),
    ("综合组", "化学"),
];
const TITLES: [&str; 3] = ["高级教师", "一级教师", "二级教师"];
const TOPICS: [&str; 8] = [
    "新课标解读",
    "大单元教学设计",
    "作业设计与评价",
    "课堂观察方法",
    "信息技术融合",
    "班主任工作",
    "心理健康教育",
    "教学反思写作",
];
const FORMS: [&str; 3] = ["专题讲座", "工作坊", "集体备课"];
const MARKS: [&str; 6] = ["√", "√", "√", "√", "迟到", "请假"];
const KINDS: [&str; 3] = ["教学反思", "教学反思", "教学总结"];

/// SplitMix64: tiny, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    /// True about once in `PROBLEM_EVERY` calls.
    fn problem(&mut self) -> bool {
        self.next() % PROBLEM_EVERY == 0
    }
}

#[allow(dead_code)]
struct Args {
    schools: usize,
    seed: u64,
    out: PathBuf,
    big: usize,
}

#[allow(dead_code)]
fn parse_args() -> Result<Args, String> {
    let mut args = Args { schools: 10, seed: 1, out: PathBuf::from("bench-data/district"), big: 0 };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--schools" => args.schools = value()?.parse().map_err(|e| format!("--schools: {e}"))?,
            "--seed" => args.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--big" => args.big = value()?.parse().map_err(|e| format!("--big: {e}"))?,
            "--out" => args.out = PathBuf::from(value()?),
            _ => return Err(format!("unknown argument {a}; use --schools N --seed S --out DIR [--big ROWS]")),
        }
    }
    Ok(args)
}

/// A cell of a generated row.
enum Cell {
    Text(String),
    Num(f64),
    Date(NaiveDate),
}

fn t(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// One sheet: title row, header row, data rows, written top to bottom (constant memory).
struct Sheet {
    name: &'static str,
    title: String,
    header: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

struct Teacher {
    name: String,
    dept: usize,
}

/// Unique names across the district: drawn until unseen.
fn teachers(rng: &mut Rng, taken: &mut HashSet<String>, n: usize) -> Vec<Teacher> {
    let surnames: Vec<char> = SURNAMES.chars().collect();
    let given: Vec<char> = GIVEN.chars().collect();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let mut name = String::new();
        name.push(surnames[rng.below(surnames.len())]);
        name.push(given[rng.below(given.len())]);
        if rng.below(3) > 0 {
            name.push(given[rng.below(given.len())]);
        }
        if taken.insert(name.clone()) {
            out.push(Teacher { name, dept: rng.below(DEPTS.len()) });
        }
    }
    out
}

/// A name with its last character replaced by one no generated name uses.
fn misspelt(name: &str) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    if let Some(last) = chars.last_mut() {
        *last = '玥';
    }
    chars.into_iter().collect()
}

/// School days (Mon–Fri) of the school year 2025-2026, both terms.
fn school_days() -> Vec<NaiveDate> {
    let mut days = Vec::new();
    for (start, end) in [((2025, 9, 1), (2026, 1, 16)), ((2026, 3, 2), (2026, 7, 3))] {
        let mut d = NaiveDate::from_ymd_opt(start.0, start.1, start.2).unwrap_or_default();
        let end = NaiveDate::from_ymd_opt(end.0, end.1, end.2).unwrap_or_default();
        while d <= end {
            if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                days.push(d);
            }
            d = d + Days::new(1);
        }
    }
    days
}

/// `n` session days spread evenly over the school year.
fn spread(days: &[NaiveDate], n: usize) -> Vec<NaiveDate> {
    (0..n).map(|i| days[i * days.len() / n.max(1)]).collect()
}

fn roster(school: &str, teachers: &[Teacher]) -> Sheet {
    let header = ["序号", "姓名", "工号", "性别", "教研组", "任教学科", "职务", "职称", "参加工作年月"];
    let rows = teachers
        .iter()
        .enumerate()
        .map(|(i, te)| {
            vec![
                Cell::Num((i + 1) as f64),
                t(&te.name),
                t(format!("T{:04}", i + 1)),
                t(if i % 2 == 0 { "女" } else { "男" }),
                t(DEPTS[te.dept].0),
                t(DEPTS[te.dept].1),
                t(if i == 0 { "校长" } else { "" }),
                t(TITLES[i % TITLES.len()]),
                t(format!("{}.09", 1995 + i % 28)),
            ]
        })
        .collect();
    sheet("教师名册", format!("{school}2025-2026学年教师名册"), &header, rows)
}

fn sheet(name: &'static str, title: String, header: &[&str], rows: Vec<Vec<Cell>>) -> Sheet {
    Sheet { name, title, header: header.iter().map(|s| s.to_string()).collect(), rows }
}

/// The long sign-in register: one row per teacher per session, ~1% of rows with a problem.
fn signin(rng: &mut Rng, title: String, teachers: &[Teacher], sessions: &[NaiveDate]) -> Sheet {
    let header = ["序号", "培训日期", "培训主题", "培训形式", "主讲人", "学时", "姓名", "签到情况", "备注"];
    let mut rows = Vec::with_capacity(sessions.len() * teachers.len() + sessions.len());
    for (s, day) in sessions.iter().enumerate() {
        let topic = format!("{}（第{}期）", TOPICS[s % TOPICS.len()], s + 1);
        let form = FORMS[s % FORMS.len()];
        let speaker = &teachers[s % teachers.len()].name;
        for te in teachers {
            let mut row = vec![
                Cell::Num((rows.len() + 1) as f64),
                Cell::Date(*day),
                t(&topic),
                t(form),
                t(speaker),
                Cell::Num(2.0),
                t(&te.name),
                t(rng.pick(&MARKS)),
                t(""),
            ];
            let duplicate = rng.problem() && plant(rng, &mut row, 1, 5, 6, Some(7));
            push_row(&mut rows, row, duplicate);
        }
    }
    sheet("签到表", title, &header, rows)
}

/// Plants one problem in a row; returns true when the row is to be duplicated instead.
fn plant(rng: &mut Rng, row: &mut [Cell], date: usize, number: usize, name: usize, mark: Option<usize>) -> bool {
    match rng.below(5) {
        0 => {
            if let Cell::Text(n) = &row[name] {
                row[name] = t(misspelt(n));
            }
        }
        1 => row[date] = t("2025年9月31日"),
        2 => match mark {
            Some(m) => row[m] = t("？"),
            None => row[date] = t("2026-02-30"),
        },
        3 => return true,
        _ => {
            if let Cell::Num(n) = row[number] {
                row[number] = t(format!("{n}小时"));
            }
        }
    }
    false
}

/// Adds a row, twice when it is a planted duplicate.
fn push_row(rows: &mut Vec<Vec<Cell>>, row: Vec<Cell>, duplicate: bool) {
    if duplicate {
        let copy = row.iter().map(copy_cell).collect();
        rows.push(row);
        rows.push(copy);
    } else {
        rows.push(row);
    }
}

fn copy_cell(c: &Cell) -> Cell {
    match c {
        Cell::Text(s) => Cell::Text(s.clone()),
        Cell::Num(n) => Cell::Num(*n),
        Cell::Date(d) => Cell::Date(*d),
    }
}

/// The attendance grid: a teacher per row, a session per column (date in the header).
fn grid(rng: &mut Rng, school: &str, teachers: &[Teacher], sessions: &[NaiveDate]) -> Sheet {
    let mut header = vec!["序号".to_string(), "姓名".to_string(), "教研组".to_string()];
    header.extend(sessions.iter().map(|d| d.format("%Y-%m-%d").to_string()));
    let rows = teachers
        .iter()
        .enumerate()
        .map(|(i, te)| {
            let name = if rng.problem() { misspelt(&te.name) } else { te.name.clone() };
            let mut row = vec![Cell::Num((i + 1) as f64), t(name), t(DEPTS[te.dept].0)];
            for _ in sessions {
                let mark = if rng.problem() { "？" } else { rng.pick(&MARKS) };
                row.push(t(mark));
            }
            row
        })
        .collect();
    Sheet { name: "考勤表", title: format!("{school}2025-2026学年教研活动考勤表"), header, rows }
}

fn observations(rng: &mut Rng, school: &str, teachers: &[Teacher], days: &[NaiveDate]) -> Sheet {
    let header = ["序号", "听课人", "听课日期", "节次", "授课教师", "班级", "学科", "课题", "评价"];
    let mut rows = Vec::new();
    for (i, te) in teachers.iter().enumerate() {
        for k in 0..OBSERVATIONS {
            let day = days[(k * days.len() / OBSERVATIONS + i) % days.len()];
            let taught = &teachers[(i + k + 1) % teachers.len()];
            let mut row = vec![
                Cell::Num((rows.len() + 1) as f64),
                t(&te.name),
                Cell::Date(day),
                t(format!("第{}节", 1 + (i + k) % 8)),
                t(&taught.name),
                t(format!("{}({})班", ["七", "八", "九"][k % 3], 1 + i % 6)),
                t(DEPTS[taught.dept].1),
                t(format!("{}第{}课", DEPTS[taught.dept].1, k + 1)),
                t(["优", "良", "中"][(i + k) % 3]),
            ];
            let duplicate = rng.problem() && plant(rng, &mut row, 2, 0, 1, None);
            push_row(&mut rows, row, duplicate);
        }
    }
    sheet("听课记录", format!("{school}2025-2026学年听课记录"), &header, rows)
}

fn reflections(rng: &mut Rng, school: &str, teachers: &[Teacher], days: &[NaiveDate]) -> Sheet {
    let header = ["序号", "姓名", "提交日期", "类型", "题目", "字数", "等级"];
    let mut rows = Vec::new();
    for (i, te) in teachers.iter().enumerate() {
        for k in 0..REFLECTIONS {
            let day = days[(k * days.len() / REFLECTIONS + i % 5) % days.len()];
            let mut row = vec![
                Cell::Num((rows.len() + 1) as f64),
                t(&te.name),
                Cell::Date(day),
                t(KINDS[k % KINDS.len()]),
                t(format!("关于{}的反思（{}）", TOPICS[(i + k) % TOPICS.len()], k + 1)),
                Cell::Num((1200 + rng.below(1800)) as f64),
                t(["优秀", "良好", "合格"][(i + k) % 3]),
            ];
            let duplicate = rng.problem() && plant(rng, &mut row, 2, 5, 1, None);
            push_row(&mut rows, row, duplicate);
        }
    }
    sheet("反思登记", format!("{school}2025-2026学年教学反思登记表"), &header, rows)
}

/// Writes one workbook of one sheet, rows in order (constant memory), fixed metadata.
fn save(sheet: &Sheet, path: &Path) -> Result<usize, XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 9, 1)?;
    wb.set_properties(&DocProperties::new().set_author("教务处").set_creation_datetime(&created));
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let bold = Format::new().set_bold();
    let ws: &mut Worksheet = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(sheet.name)?;
    ws.write_string_with_format(0, 0, &sheet.title, &bold)?;
    for (c, h) in sheet.header.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, h, &bold)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32 + 2;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) if s.is_empty() => {}
                Cell::Text(s) => {
                    ws.write_string(r, c, s)?;
                }
                Cell::Num(n) => {
                    ws.write_number(r, c, *n)?;
                }
                Cell::Date(d) => {
                    let d = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    ws.write_datetime_with_format(r, c, d, &date)?;
                }
            }
        }
    }
    ws.write_string(sheet.rows.len() as u32 + 3, 0, "制表人：教务处    审核人：校长")?;
    wb.save(path)?;
    Ok(sheet.rows.len())
}

#[allow(dead_code)] // tests/district.rs includes this file for `generate` alone
fn main() -> Result<(), Box<dyn Error>> {
    let args = parse_args()?;
    let total = generate(args.schools, args.seed, &args.out, args.big)?;
    let big = if args.big > 0 { " (with big/)" } else { "" };
    println!("{}: {} schools, {total} rows{big}", args.out.display(), args.schools);
    Ok(())
}

/// Writes `schools` schools (and a register of `big` rows when not 0) under `out`; returns the
/// number of data rows written, also written to `out/rows.txt`.
pub fn generate(schools: usize, seed: u64, out: &Path, big: usize) -> Result<usize, Box<dyn Error>> {
    std::fs::create_dir_all(out)?;
    let days = school_days();
    let mut taken = HashSet::new();
    let mut total = 0usize;
    for s in 0..schools {
        let mut rng = Rng(seed.wrapping_mul(1_000_003).wrapping_add(s as u64));
        let school = format!("第{}中学", s + 1);
        let dir = out.join(format!("school-{:03}", s + 1));
        std::fs::create_dir_all(&dir)?;
        let people = teachers(&mut rng, &mut taken, TEACHERS);
        let title = format!("{school}2025-2026学年校本研修签到表");
        let sheets = [
            roster(&school, &people),
            signin(&mut rng, title, &people, &spread(&days, SIGNIN_SESSIONS)),
            grid(&mut rng, &school, &people, &spread(&days[3..], GRID_SESSIONS)),
            observations(&mut rng, &school, &people, &days),
            reflections(&mut rng, &school, &people, &days),
        ];
        let files = ["教师名册", "校本研修签到表", "教研活动考勤表", "听课记录", "教学反思登记"];
        for (sheet, file) in sheets.iter().zip(files) {
            total += save(sheet, &dir.join(format!("{file}.xlsx")))?;
        }
    }
    if big > 0 {
        let mut rng = Rng(seed ^ 0xB16);
        let dir = out.join("big");
        std::fs::create_dir_all(&dir)?;
        let people = teachers(&mut rng, &mut taken, 500);
        let sessions = big.div_ceil(people.len());
        let title = "全区2025-2026学年教师培训签到总表".to_string();
        let register = signin(&mut rng, title, &people, &spread(&days, sessions));
        total += save(&roster("全区", &people), &dir.join("教师名册.xlsx"))?;
        total += save(&register, &dir.join("全区培训签到表.xlsx"))?;
    }
    std::fs::write(out.join("rows.txt"), format!("{total}\n"))?;
    Ok(total)
}
