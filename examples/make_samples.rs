//! Writes the sample registers of a small, made-up school into `samples/`.
//!
//! The school is 城南实验学校, school year 2025-2026, with 25 teachers. Four
//! workbooks are written the way a school office lays them out (a merged title
//! on row 1, a small note or nothing on row 2, the header on row 3, data from
//! row 4 and a signature footer under each register), with a known set of
//! problems planted in them:
//!
//! * `教师名册.xlsx` – the roster (plus a hidden explanatory sheet);
//! * `校本研修签到表.xlsx` – the school-based training sign-in register;
//! * `听课记录.xlsx` – lesson observations, one sheet per term;
//! * `教学反思登记.xlsx` – teaching reflections, summaries and reading notes.
//!
//! It also writes `samples/README.md`, which lists every planted problem with
//! its sheet and cell and the outcome regcheck is expected to report for each
//! teacher. The expected outcomes are tallied here while the rows are written,
//! so the README cannot drift from the workbooks; the integration tests use it
//! as ground truth.
//!
//! Everything comes from the tables at the top of this file: no randomness, no
//! clock, and every workbook carries a fixed creation time, so two runs give
//! byte-identical files.
//!
//! Run with `cargo run --example make_samples`.

use std::collections::BTreeMap;
use std::error::Error;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use chrono::{Datelike, Days, NaiveDate, TimeZone, Utc, Weekday};
use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{Color, DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

// ---------------------------------------------------------------------------
// Data tables
// ---------------------------------------------------------------------------

const SCHOOL: &str = "城南实验学校";
const SCHOOL_YEAR: &str = "2025-2026";
const AUTHOR: &str = "教务处";
const ROSTER_NOTE: &str = "制表：教务处    2025年9月";
const FOOTER: &str = "制表人：李老师    审核人：王主任";
/// Creation time stamped into every workbook (UTC), for byte-identical output.
const CREATED: (i32, u32, u32, u32) = (2025, 9, 1, 8);

/// The roster, one teacher per line:
/// 姓名 性别 教研组 任教学科 职务 职称 出生日期 参加工作年月 (职务 "-" = none).
const ROSTER: &str = "
张伟 男 语文组 语文 校长     高级教师 1972-03-15 1994.08
王芳 女 语文组 语文 教研组长 高级教师 1978-06-22 2000.09
李娜 女 语文组 语文 -        一级教师 1990-11-08 2012.09
刘洋 男 语文组 语文 -        二级教师 1995-04-17 2018.08
陈静 女 语文组 语文 -        一级教师 1988-01-26 2010.09
杨帆 男 数学组 数学 副校长   高级教师 1975-09-03 1997.08
赵磊 男 数学组 数学 -        一级教师 1992-07-19 2014.09
黄丽 女 数学组 数学 教研组长 高级教师 1982-12-05 2004.09
周杰 男 数学组 数学 -        二级教师 1996-02-28 2019.08
吴敏 女 数学组 数学 -        一级教师 1987-05-11 2009.09
徐强 男 英语组 英语 教导主任 高级教师 1979-10-30 2001.09
孙悦 女 英语组 英语 -        一级教师 1993-08-14 2015.09
马超 男 英语组 英语 教研组长 高级教师 1984-03-09 2006.08
朱琳 女 英语组 英语 -        二级教师 1998-12-21 2021.09
胡斌 男 英语组 英语 -        一级教师 1989-06-02 2011.09
郭婷 女 综合组 物理 教研组长 高级教师 1981-04-25 2003.09
何勇 男 综合组 化学 -        一级教师 1991-09-16 2013.09
高洁 女 综合组 生物 -        二级教师 1997-01-07 2019.09
林峰 男 综合组 物理 -        一级教师 1986-10-12 2008.09
郑浩 男 综合组 化学 -        二级教师 1999-05-30 2022.08
梁雪 女 艺体组 音乐 教研组长 高级教师 1983-07-08 2005.09
谢涛 男 艺体组 体育 -        一级教师 1994-11-23 2017.09
宋佳 女 艺体组 美术 -        二级教师 1996-08-04 2018.09
唐亮 男 艺体组 体育 -        一级教师 1985-02-17 2007.08
韩梅 女 艺体组 音乐 -        二级教师 2000-03-29 2022.09
";

/// Region code of every (synthetic) 身份证号.
const ID_REGION: &str = "110101";
/// The teacher whose 身份证号 gets a wrong check digit.
const BAD_ID: &str = "刘洋";
/// The hidden sheet of the roster workbook.
const ROSTER_NOTES_SHEET: &str = "说明";
const ROSTER_NOTES: [&str; 2] = [
    "本名册由教务处维护，仅供校内核对教师培训、听课及教学反思记录使用。",
    "教师信息如有变动，请于每学期开学两周内报教务处更新。",
];

struct Term {
    name: &'static str,
    long_name: &'static str,
    start: &'static str,
    end: &'static str,
    /// First and last day of lessons (observations happen in between).
    lessons: (&'static str, &'static str),
    /// Earliest submission days of the three 教学反思, the 读书笔记 and the 教学总结.
    reflections: [&'static str; 3],
    reading: &'static str,
    summary: &'static str,
}

const TERMS: [Term; 2] = [
    Term {
        name: "上学期",
        long_name: "第一学期",
        start: "2025-09-01",
        end: "2026-01-31",
        lessons: ("2025-09-01", "2026-01-16"),
        reflections: ["2025-10-10", "2025-11-07", "2025-12-05"],
        reading: "2025-11-21",
        summary: "2026-01-09",
    },
    Term {
        name: "下学期",
        long_name: "第二学期",
        start: "2026-02-01",
        end: "2026-08-31",
        lessons: ("2026-03-02", "2026-07-03"),
        reflections: ["2026-03-20", "2026-04-24", "2026-05-22"],
        reading: "2026-05-08",
        summary: "2026-07-03",
    },
];

/// Public holidays inside the lesson periods (no observations on these days).
const HOLIDAYS: [(&str, &str); 5] = [
    ("2025-10-01", "2025-10-08"),
    ("2026-01-01", "2026-01-02"),
    ("2026-04-04", "2026-04-06"),
    ("2026-05-01", "2026-05-05"),
    ("2026-06-19", "2026-06-19"),
];

/// Training sessions in date order: 培训日期 培训主题 培训形式 主讲人 学时.
const SESSIONS: &str = "
2025-09-10 新课标解读         专家讲座 市教科院专家     6
2025-09-24 大单元教学设计     集中培训 王芳             6
2025-10-08 学期工作部署会     工作例会 张伟             2
2025-10-15 作业设计与评价     教研活动 黄丽             6
2025-10-29 班主任工作经验交流 集中培训 徐强             6
2025-11-12 信息技术与课堂融合 网络研修 国家智慧教育平台 6
2025-11-26 课堂观察方法       教研活动 马超             6
2025-12-10 期中质量分析       教研活动 杨帆             6
2025-12-24 教师职业道德       专家讲座 区教师发展中心   6
2026-03-04 命题研究           集中培训 黄丽             6
2026-03-18 心理健康教育       专家讲座 区心理健康中心   6
2026-04-08 跨学科主题学习     教研活动 郭婷             6
2026-04-22 课例研究           教研活动 王芳             6
2026-05-13 教学评一致性       网络研修 国家智慧教育平台 6
2026-05-27 项目化学习         集中培训 梁雪             6
2026-06-10 课题研究方法       专家讲座 市教科院专家     6
2026-06-24 学期教学反思       教研活动 徐强             6
";

/// 签到情况 other than "√": 姓名 培训日期 签到情况.
const MARKS: &str = "
周杰 2025-09-24 迟到
赵磊 2025-10-15 旷课
赵磊 2025-11-26 旷课
吴敏 2025-12-10 病假
林峰 2026-03-18 公假
赵磊 2026-04-22 旷课
赵磊 2026-05-13 事假
孙悦 2026-06-10 旷课
";

const PRESENT: &str = "√";
/// Every 签到情况 other than "√": (mark, 备注 written next to it, effect on the rules).
const MARK_KINDS: [(&str, &str, &str); 5] = [
    ("迟到", "迟到10分钟", "late: still earns the session's hours"),
    ("病假", "已请假", "excused leave: no hours, not an absence"),
    ("事假", "已请假", "excused leave: no hours, not an absence"),
    ("公假", "外出学习", "excused leave: no hours, not an absence"),
    ("旷课", "未请假", "unexcused absence: no hours; counts for absences-term"),
];
/// Marks that earn the session's hours.
const EARNING_MARKS: [&str; 2] = [PRESENT, "迟到"];
const UNEXCUSED: &str = "旷课";
/// Training forms that earn no hours.
const UNCOUNTED_FORMS: [&str; 1] = ["工作例会"];

/// Lessons observed per term by an ordinary teacher and by an admin.
const OBSERVATIONS_PER_TERM: usize = 11;
const OBSERVATIONS_PER_TERM_ADMIN: usize = 21;
/// Grades of the school, used for 班级.
const GRADES: [&str; 3] = ["七", "八", "九"];
const RATINGS: [&str; 5] = ["优", "良", "优", "良", "中"];
/// Lesson topics per subject: four for term 1, then four for term 2.
const LESSON_TOPICS: &str = "
语文 《春》 《济南的冬天》 《背影》 《藤野先生》 《岳阳楼记》 《孔乙己》 《桃花源记》 《故乡》
数学 有理数的加法 一元一次方程 全等三角形 轴对称 勾股定理 平行四边形 一次函数 数据的分析
英语 Unit1听说课 Unit2阅读课 Unit3语法课 Unit4写作课 Unit5阅读课 Unit6听说课 Unit7写作课 Unit8复习课
物理 声音的产生与传播 光的反射 透镜及其应用 质量与密度 力 压强 浮力 简单机械
化学 物质的变化和性质 空气的组成 分子和原子 质量守恒定律 溶液的形成 酸和碱 金属的化学性质 化学与生活
生物 细胞的结构 植物的光合作用 生态系统 种子的萌发 人体的消化 血液循环 植物的生殖 遗传和变异
音乐 《茉莉花》欣赏 节奏与节拍 合唱基础 民族乐器 《黄河大合唱》欣赏 歌曲创编 京剧唱腔 校园歌曲
体育 队列队形 立定跳远 篮球运球 耐久跑 排球垫球 足球传接球 跳绳 广播体操
美术 色彩的对比 线描写生 剪纸艺术 标志设计 中国山水画 版画制作 泥塑 海报设计
";

/// Reflection entries per teacher and term: 3 × 教学反思 and 1 × 教学总结.
const REFLECTIONS_PER_TERM: usize = 3;
const SUMMARIES_PER_TERM: usize = 1;
/// Every teacher whose roster index is a multiple of this also hands in a 读书笔记.
const READING_EVERY: usize = 3;
const REFLECTION_TOPICS: [&str; 8] =
    ["课堂提问", "分层作业", "小组合作", "课堂评价", "错题分析", "情境创设", "课堂节奏", "学困生辅导"];
const BOOKS: [&str; 6] =
    ["给教师的建议", "教育漫话", "爱的教育", "陶行知教育文集", "静悄悄的革命", "课程与教学的基本原理"];
const LEVELS: [&str; 4] = ["优秀", "良好", "良好", "合格"];

/// The rules regcheck applies, as far as the expected outcomes need them.
const MIN_HOURS: f64 = 90.0;
const MAX_UNEXCUSED: usize = 0;
/// Per-term minimum rules: (what is counted, rule, minimum, minimum for admins).
const TERM_MINIMA: [(&str, &str, usize, usize); 3] = [
    ("听课", "observations-term", 10, 20),
    ("教学反思", "reflections-term", 3, 3),
    ("教学总结", "summaries-term", 1, 1),
];

/// Registers kept short on purpose: (teacher, term, what, rows actually written).
const SHORT: [(&str, usize, &str, usize); 4] =
    [("孙悦", 0, "听课", 7), ("杨帆", 1, "听课", 16), ("李娜", 0, "教学反思", 2), ("唐亮", 1, "教学总结", 0)];

/// Planted sign-in problems, keyed by (培训日期, 姓名 or "*" for the whole session).
const SIGNIN_FAULTS: [Fault<(&str, &str)>; 6] = [
    Fault {
        at: ("2025-11-12", "张伟"),
        fix: Fix::Set("姓名", Val::Text("张玮")),
        counts: false,
        what: "姓名 misspelt 张玮 (one character, a homophone of 张伟)",
        expect: "unknown-teacher (张玮, probably 张伟); the row does not count for 张伟",
    },
    Fault {
        at: ("2025-09-24", "王芳"),
        fix: Fix::Set("姓名", Val::Text("王 芳")),
        counts: true,
        what: "姓名 written with an inner space: 王 芳",
        expect: "no finding: normalised to 王芳 and counted",
    },
    Fault {
        at: ("2025-10-29", "*"),
        fix: Fix::Set("培训日期", Val::Text("2025年10月29日")),
        counts: true,
        what: "培训日期 of the whole session typed as the text 2025年10月29日, not a date cell",
        expect: "no finding: read as 2025-10-29; all 25 rows count",
    },
    Fault {
        at: ("2026-04-08", "何勇"),
        fix: Fix::Set("培训日期", Val::Text("2026-13-08")),
        counts: false,
        what: "培训日期 is the text 2026-13-08 (a 13th month)",
        expect: "invalid-date; the row does not count (何勇 keeps 90 hours)",
    },
    Fault {
        at: ("2026-05-27", "高洁"),
        fix: Fix::Duplicate,
        counts: true,
        what: "高洁's row for 2026-05-27 repeated directly below the original, with its own 序号",
        expect: "duplicate-record on the copy; the session counts once",
    },
    Fault {
        at: ("2026-06-24", "宋佳"),
        fix: Fix::Set("学时", Val::Number(60.0)),
        counts: false,
        what: "学时 is 60 (a typing error for 6)",
        expect: "value-out-of-range; the value is not counted (宋佳 keeps 90 hours)",
    },
];

/// Planted observation problems, keyed by (听课人, term, n-th lesson of the term from 0).
const OBSERVATION_FAULTS: [Fault<(&str, usize, usize)>; 2] = [
    Fault {
        at: ("陈静", 0, 2),
        fix: Fix::Set("听课日期", Val::Text("2025年9月31日")),
        counts: false,
        what: "听课日期 is the text 2025年9月31日 (September has 30 days)",
        expect: "invalid-date; the row does not count (陈静 keeps 10 valid rows)",
    },
    Fault {
        at: ("胡斌", 1, 1),
        fix: Fix::Set("听课日期", Val::Date("2024-03-12")),
        counts: false,
        what: "听课日期 is 2024-03-12, a real date cell in the wrong year",
        expect: "date-outside-year; the row does not count (胡斌 keeps 10 valid rows)",
    },
];

/// Planted reflection problems, keyed by (姓名, term, 类型, n-th entry of that 类型 from 0).
const REFLECTION_FAULTS: [Fault<(&str, usize, &str, usize)>; 2] = [
    Fault {
        at: ("郑浩", 0, "教学反思", 1),
        fix: Fix::Set("字数", Val::Text("约1200字")),
        counts: true,
        what: "字数 is the text 约1200字",
        expect: "invalid-number; the row still counts as a 教学反思",
    },
    Fault {
        at: ("韩梅", 1, "教学反思", 0),
        fix: Fix::Set("字数", Val::Blank),
        counts: true,
        what: "字数 is blank",
        expect: "missing-value; the row still counts as a 教学反思",
    },
];

/// Header and column width of each register.
type Columns = [(&'static str, f64)];
const ROSTER_COLUMNS: [(&str, f64); 10] = [
    ("序号", 6.0),
    ("姓名", 10.0),
    ("工号", 8.0),
    ("性别", 6.0),
    ("教研组", 10.0),
    ("任教学科", 10.0),
    ("职务", 10.0),
    ("职称", 12.0),
    ("参加工作年月", 14.0),
    ("身份证号", 22.0),
];
const SIGNIN_COLUMNS: [(&str, f64); 9] = [
    ("序号", 6.0),
    ("培训日期", 16.0),
    ("培训主题", 20.0),
    ("培训形式", 10.0),
    ("主讲人", 16.0),
    ("学时", 6.0),
    ("姓名", 10.0),
    ("签到情况", 10.0),
    ("备注", 12.0),
];
const OBSERVATION_COLUMNS: [(&str, f64); 9] = [
    ("序号", 6.0),
    ("听课人", 10.0),
    ("听课日期", 16.0),
    ("节次", 8.0),
    ("授课教师", 10.0),
    ("班级", 10.0),
    ("学科", 8.0),
    ("课题", 20.0),
    ("评价", 6.0),
];
const REFLECTION_COLUMNS: [(&str, f64); 7] =
    [("序号", 6.0), ("姓名", 10.0), ("提交日期", 14.0), ("类型", 10.0), ("题目", 40.0), ("字数", 8.0), ("等级", 8.0)];
const ISO_DATE: &str = "yyyy-mm-dd";
const CHINESE_DATE: &str = "yyyy\"年\"m\"月\"d\"日\"";
/// Zero-based worksheet rows of the layout.
const TITLE_ROW: u32 = 0;
const NOTE_ROW: u32 = 1;
const HEADER_ROW: u32 = 2;
const FIRST_DATA_ROW: u32 = 3;

// ---------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------

struct Teacher {
    name: &'static str,
    gender: &'static str,
    dept: &'static str,
    subject: &'static str,
    position: &'static str,
    title: &'static str,
    born: NaiveDate,
    started: &'static str,
}

impl Teacher {
    fn is_admin(&self) -> bool {
        self.position.contains("校长") || self.position.contains("主任")
    }
}

struct Session {
    date: NaiveDate,
    topic: &'static str,
    form: &'static str,
    presenter: &'static str,
    hours: f64,
}

/// A planted problem; the key `K` says where, in a register-specific way.
struct Fault<K> {
    at: K,
    fix: Fix,
    /// Whether the teacher still gets credit for the entry.
    counts: bool,
    what: &'static str,
    expect: &'static str,
}

#[derive(Clone, Copy)]
enum Fix {
    /// Overwrite the cell in this column.
    Set(&'static str, Val),
    /// Repeat the row directly below, with its own 序号.
    Duplicate,
}

#[derive(Clone, Copy)]
enum Val {
    Text(&'static str),
    Date(&'static str),
    Number(f64),
    Blank,
}

#[derive(Clone)]
enum Cell {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Blank,
}

impl From<Val> for Cell {
    fn from(val: Val) -> Cell {
        match val {
            Val::Text(s) => text(s),
            Val::Date(s) => Cell::Date(date(s)),
            Val::Number(n) => Cell::Number(n),
            Val::Blank => Cell::Blank,
        }
    }
}

/// One register sheet: title, optional note line, header and numbered rows.
struct Sheet {
    name: &'static str,
    title: String,
    note: &'static str,
    columns: &'static Columns,
    date_format: &'static str,
    footer: bool,
    rows: Vec<Vec<Cell>>,
}

/// A cell or range worth mentioning in the README.
struct Spot {
    sheet: &'static str,
    first: (u32, u16),
    last: (u32, u16),
    what: String,
    expect: String,
}

/// One workbook with what the README says about it.
struct Register {
    file: &'static str,
    about: &'static str,
    sheets: Vec<Sheet>,
    hidden_notes: &'static [&'static str],
    /// Planted problems.
    problems: Vec<Spot>,
    /// Correct entries that still matter for the outcome.
    notes: Vec<Spot>,
    /// Extra Markdown for the README.
    details: String,
}

/// What each teacher is credited with, tallied while the rows are written.
#[derive(Default)]
struct Tally {
    hours: f64,
    /// Per term: 听课 / 教学反思 / 教学总结 / 旷课 → count.
    terms: [BTreeMap<&'static str, usize>; 2],
}

impl Tally {
    fn count(&self, term: usize, what: &str) -> usize {
        self.terms[term].get(what).copied().unwrap_or(0)
    }

    fn add(&mut self, term: usize, what: &'static str) {
        *self.terms[term].entry(what).or_default() += 1;
    }
}

// ---------------------------------------------------------------------------
// Table parsing and small helpers
// ---------------------------------------------------------------------------

/// The whitespace-separated fields of each non-empty line of a table.
fn table<const N: usize>(table: &'static str) -> Vec<[&'static str; N]> {
    table
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<_> = line.split_whitespace().collect();
            fields.try_into().unwrap_or_else(|_| panic!("expected {N} fields: {line}"))
        })
        .collect()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|_| panic!("bad date: {s}"))
}

fn text(s: impl Into<String>) -> Cell {
    let s = s.into();
    if s.is_empty() {
        Cell::Blank
    } else {
        Cell::Text(s)
    }
}

fn teachers() -> Vec<Teacher> {
    table(ROSTER)
        .into_iter()
        .map(|[name, gender, dept, subject, position, title, born, started]| Teacher {
            name,
            gender,
            dept,
            subject,
            position: if position == "-" { "" } else { position },
            title,
            born: date(born),
            started,
        })
        .collect()
}

fn sessions() -> Vec<Session> {
    table(SESSIONS)
        .into_iter()
        .map(|[day, topic, form, presenter, hours]| Session {
            date: date(day),
            topic,
            form,
            presenter,
            hours: hours.parse().expect("学时 is a number"),
        })
        .collect()
}

fn term_of(day: NaiveDate) -> usize {
    TERMS
        .iter()
        .position(|t| date(t.start) <= day && day <= date(t.end))
        .unwrap_or_else(|| panic!("{day} is outside the school year"))
}

/// Weekdays of the term's lesson period that are not public holidays.
fn school_days(term: &Term) -> Vec<NaiveDate> {
    let holiday = |d: &NaiveDate| HOLIDAYS.iter().any(|(from, to)| date(from) <= *d && *d <= date(to));
    date(term.lessons.0)
        .iter_days()
        .take_while(|d| *d <= date(term.lessons.1))
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !holiday(d))
        .collect()
}

/// The first weekday on or after `day`.
fn weekday_from(day: NaiveDate) -> NaiveDate {
    match day.weekday() {
        Weekday::Sat => day + Days::new(2),
        Weekday::Sun => day + Days::new(1),
        _ => day,
    }
}

/// How many rows of `what` a teacher writes in a term (see [`SHORT`]).
fn planned(name: &str, term: usize, what: &str, usual: usize) -> usize {
    SHORT.iter().find(|(n, t, w, _)| *n == name && *t == term && *w == what).map_or(usual, |s| s.3)
}

/// The per-term rule for `what` and the teacher's minimum under it.
fn minimum(teacher: &Teacher, what: &str) -> (&'static str, usize) {
    let (_, rule, min, admin_min) =
        TERM_MINIMA.iter().find(|m| m.0 == what).unwrap_or_else(|| panic!("no rule counts {what}"));
    (rule, if teacher.is_admin() { *admin_min } else { *min })
}

fn find<K: PartialEq>(faults: &[Fault<K>], key: K) -> Option<&Fault<K>> {
    faults.iter().find(|f| f.at == key)
}

/// Whether the teacher gets credit for an entry with this (possible) fault.
fn credited<K>(fault: Option<&Fault<K>>) -> bool {
    fault.is_none_or(|f| f.counts)
}

fn mark_kind(mark: &str) -> (&'static str, &'static str) {
    MARK_KINDS.iter().find(|k| k.0 == mark).map(|k| (k.1, k.2)).unwrap_or_else(|| panic!("unknown 签到情况 {mark}"))
}

/// ISO 7064 MOD 11-2 check character of the first 17 digits of a 身份证号.
fn check_digit(body: &str) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.chars().zip(WEIGHTS).map(|(c, w)| c.to_digit(10).expect("digit") * w).sum();
    char::from(b"10X98765432"[(sum % 11) as usize])
}

/// A synthetic 身份证号: region, birth date, 2-digit roster number, sex digit, check.
fn id_number(teacher: &Teacher, index: usize) -> String {
    let sex = if teacher.gender == "男" { 1 } else { 2 };
    let body = format!("{ID_REGION}{}{:02}{sex}", teacher.born.format("%Y%m%d"), index + 1);
    format!("{body}{}", check_digit(&body))
}

/// The same 身份证号 with a different (so wrong) last character.
fn with_wrong_check_digit(id: &str) -> String {
    let (body, check) = id.split_at(17);
    let wrong = match check {
        "9" | "X" => '0',
        d => char::from(d.as_bytes()[0] + 1),
    };
    format!("{body}{wrong}")
}

// ---------------------------------------------------------------------------
// Sheets
// ---------------------------------------------------------------------------

impl Sheet {
    fn new(name: &'static str, title: String, columns: &'static Columns, date_format: &'static str) -> Sheet {
        Sheet { name, title, note: "", columns, date_format, footer: true, rows: Vec::new() }
    }

    /// Appends a data row, numbering it in the 序号 column; returns its index.
    fn push(&mut self, cells: Vec<Cell>) -> usize {
        let mut row = vec![Cell::Number((self.rows.len() + 1) as f64)];
        row.extend(cells);
        assert_eq!(row.len(), self.columns.len(), "row width of {}", self.name);
        self.rows.push(row);
        self.rows.len() - 1
    }

    fn column(&self, header: &str) -> u16 {
        let col = self.columns.iter().position(|c| c.0 == header);
        col.unwrap_or_else(|| panic!("{} has no column {header}", self.name)) as u16
    }

    fn last_column(&self) -> u16 {
        (self.columns.len() - 1) as u16
    }

    fn worksheet_row(index: usize) -> u32 {
        FIRST_DATA_ROW + index as u32
    }

    fn footer_row(&self) -> u32 {
        Sheet::worksheet_row(self.rows.len() + 1)
    }

    /// A spot covering rows `first..=last` in one column, or all columns if `None`.
    fn spot(
        &self,
        rows: (usize, usize),
        column: Option<&str>,
        what: impl Into<String>,
        expect: impl Into<String>,
    ) -> Spot {
        let (from, to) = column.map_or((0, self.last_column()), |c| (self.column(c), self.column(c)));
        Spot {
            sheet: self.name,
            first: (Sheet::worksheet_row(rows.0), from),
            last: (Sheet::worksheet_row(rows.1), to),
            what: what.into(),
            expect: expect.into(),
        }
    }

    /// Plants `fault` in row `index` and returns where it ended up.
    fn plant<K>(&mut self, index: usize, fault: &Fault<K>) -> Spot {
        match fault.fix {
            Fix::Set(column, val) => {
                let col = self.column(column) as usize;
                self.rows[index][col] = val.into();
                self.spot((index, index), Some(column), fault.what, fault.expect)
            }
            Fix::Duplicate => {
                let copy = self.push(self.rows[index][1..].to_vec());
                self.spot((copy, copy), None, fault.what, fault.expect)
            }
        }
    }

    /// One README line describing the layout.
    fn layout(&self) -> String {
        let width = self.last_column();
        let title = row_col_to_cell(TITLE_ROW, 0);
        let mut line = format!(
            "- sheet `{}`: title \"{}\" in {title} (merged {title}:{})",
            self.name,
            self.title,
            row_col_to_cell(TITLE_ROW, width),
        );
        if !self.note.is_empty() {
            let _ = write!(line, ", note \"{}\" in row {}", self.note, NOTE_ROW + 1);
        }
        let _ = write!(
            line,
            ", header on row {}, data rows {}–{} ({} rows)",
            HEADER_ROW + 1,
            Sheet::worksheet_row(0) + 1,
            Sheet::worksheet_row(self.rows.len() - 1) + 1,
            self.rows.len(),
        );
        if self.footer {
            let cell = row_col_to_cell(self.footer_row(), 0);
            let _ = write!(line, ", footer \"{FOOTER}\" in {cell}");
        }
        line
    }
}

impl Spot {
    fn cell(&self) -> String {
        let first = row_col_to_cell(self.first.0, self.first.1);
        let last = row_col_to_cell(self.last.0, self.last.1);
        if first == last {
            first
        } else {
            format!("{first}:{last}")
        }
    }
}

/// Adds `spot`, merging it into the previous one when it continues it downwards.
fn add(spots: &mut Vec<Spot>, spot: Spot) {
    if let Some(last) = spots.last_mut() {
        if last.sheet == spot.sheet
            && last.what == spot.what
            && last.first.1 == spot.first.1
            && last.last.1 == spot.last.1
            && last.last.0 + 1 == spot.first.0
        {
            last.last = spot.last;
            return;
        }
    }
    spots.push(spot);
}

/// The spot for a register that was kept short on purpose, if this one was.
fn short_spot(
    sheet: &Sheet,
    rows: (usize, usize),
    teacher: &Teacher,
    term: usize,
    what: &str,
    usual: usize,
) -> Option<Spot> {
    let written = planned(teacher.name, term, what, usual);
    (written < usual).then(|| {
        let (rule, min) = minimum(teacher, what);
        sheet.spot(
            rows,
            None,
            format!("{}'s rows in {}: only {written} × {what}", teacher.name, TERMS[term].name),
            format!("below-minimum ({rule}, {}: {written} < {min})", TERMS[term].name),
        )
    })
}

// ---------------------------------------------------------------------------
// The four registers
// ---------------------------------------------------------------------------

fn roster_register(teachers: &[Teacher]) -> Register {
    let title = format!("{SCHOOL}{SCHOOL_YEAR}学年教师名册");
    let mut sheet = Sheet::new("教师名册", title, &ROSTER_COLUMNS, ISO_DATE);
    sheet.note = ROSTER_NOTE;
    sheet.footer = false;
    let mut problems = Vec::new();
    for (i, t) in teachers.iter().enumerate() {
        let id = id_number(t, i);
        let written = if t.name == BAD_ID { with_wrong_check_digit(&id) } else { id.clone() };
        let row = sheet.push(vec![
            text(t.name),
            text(format!("T{:03}", i + 1)),
            text(t.gender),
            text(t.dept),
            text(t.subject),
            text(t.position),
            text(t.title),
            text(t.started),
            text(written.clone()),
        ]);
        if written != id {
            let what = format!("{}'s 身份证号 {written}: the check digit should be {}", t.name, &id[17..]);
            problems.push(sheet.spot((row, row), Some("身份证号"), what, "id-invalid"));
        }
    }
    let notes = vec![Spot {
        sheet: ROSTER_NOTES_SHEET,
        first: (0, 0),
        last: (ROSTER_NOTES.len() as u32 - 1, 0),
        what: "hidden sheet with two lines explaining the roster".into(),
        expect:
            "hidden and not a register: read, kept hidden in the annotated copy, reported as no-register-found (info)"
                .into(),
    }];
    Register {
        file: "教师名册",
        about: "The roster every other file is checked against: 25 teachers with 工号, \
                教研组, 任教学科, 职务 (blank for ordinary teachers), 职称, 参加工作年月 (text \
                such as 2010.09) and 身份证号 (18-digit text, region 110101, birth date and sex \
                digit consistent with the roster).",
        sheets: vec![sheet],
        hidden_notes: &ROSTER_NOTES,
        problems,
        notes,
        details: String::new(),
    }
}

fn signin_register(teachers: &[Teacher], tally: &mut [Tally]) -> Register {
    let title = format!("{SCHOOL}{SCHOOL_YEAR}学年校本研修签到表");
    let mut sheet = Sheet::new("签到表", title, &SIGNIN_COLUMNS, ISO_DATE);
    let marks = table::<3>(MARKS);
    let (mut problems, mut notes) = (Vec::new(), Vec::new());
    let mut details = String::from(
        "Sessions (all 25 teachers in roster order, one row each):\n\n\
         | 培训日期 | 培训主题 | 培训形式 | 学时 | rows |\n|---|---|---|---|---|\n",
    );
    for s in sessions() {
        let first = sheet.rows.len();
        let key = s.date.format("%Y-%m-%d").to_string();
        let earns = !UNCOUNTED_FORMS.contains(&s.form);
        for (i, t) in teachers.iter().enumerate() {
            let mark = marks.iter().find(|[n, d, _]| *n == t.name && *d == key).map_or(PRESENT, |m| m[2]);
            let remark = if mark == PRESENT { "" } else { mark_kind(mark).0 };
            let row = sheet.push(vec![
                Cell::Date(s.date),
                text(s.topic),
                text(s.form),
                text(s.presenter),
                Cell::Number(s.hours),
                text(t.name),
                text(mark),
                text(remark),
            ]);
            let fault = find(&SIGNIN_FAULTS, (key.as_str(), t.name)).or(find(&SIGNIN_FAULTS, (key.as_str(), "*")));
            if let Some(f) = fault {
                add(&mut problems, sheet.plant(row, f));
            }
            if mark != PRESENT {
                let what = format!("{} {} {mark}", t.name, key);
                notes.push(sheet.spot((row, row), Some("签到情况"), what, mark_kind(mark).1));
            }
            if !credited(fault) {
                continue;
            }
            if earns && EARNING_MARKS.contains(&mark) {
                tally[i].hours += s.hours;
            }
            if mark == UNEXCUSED {
                tally[i].add(term_of(s.date), UNEXCUSED);
            }
        }
        let last = sheet.rows.len() - 1;
        if !earns {
            let what = format!("{key} {} is a {}", s.topic, s.form);
            let effect = "earns no hours; not an error: one not-counted (info) on D54, the first cell of the session";
            notes.push(sheet.spot((first, last), Some("培训形式"), what, effect));
        }
        let rows = format!("{}–{}", Sheet::worksheet_row(first) + 1, Sheet::worksheet_row(last) + 1);
        let _ = writeln!(details, "| {key} | {} | {} | {} | {rows} |", s.topic, s.form, s.hours);
    }
    Register {
        file: "校本研修签到表",
        about: "The school-based training sign-in register: one row per teacher per session, \
                17 sessions (16 training sessions of 6 学时 and one 2-学时 staff meeting). \
                签到情况 is √ unless noted below; a teacher earns a session's 学时 only when \
                present (√) or late (迟到), and the staff meeting (工作例会) earns nothing.",
        sheets: vec![sheet],
        hidden_notes: &[],
        problems,
        notes,
        details,
    }
}

/// Row cells of one observed lesson. 节次, 班级 and 课题 depend only on who teaches on
/// which day, so colleagues who sit in on the same lesson record it identically.
fn observation_cells(
    observer: &Teacher,
    taught: (usize, &Teacher),
    day: NaiveDate,
    term: usize,
    rating: &str,
    topics: &[[&'static str; 9]],
) -> Vec<Cell> {
    let (t, teacher) = taught;
    let day_no = day.ordinal() as usize;
    let class = 1 + (t / 3) % 3 * 2 + day_no % 2;
    let week_block = ((day - date(TERMS[term].lessons.0)).num_days() / 35) as usize;
    let topics = topics.iter().find(|l| l[0] == teacher.subject).expect("subject has topics");
    vec![
        text(observer.name),
        Cell::Date(day),
        text(format!("第{}节", 1 + (t + day_no) % 8)),
        text(teacher.name),
        text(format!("{}({class})班", GRADES[t % GRADES.len()])),
        text(teacher.subject),
        text(topics[1 + term * 4 + week_block % 4]),
        text(rating),
    ]
}

fn observation_register(teachers: &[Teacher], tally: &mut [Tally]) -> Register {
    let mut sheets = Vec::new();
    let mut problems = Vec::new();
    let topics = table::<9>(LESSON_TOPICS);
    for (term, t) in TERMS.iter().enumerate() {
        let title = format!("{SCHOOL}{SCHOOL_YEAR}学年{}听课记录", t.long_name);
        let mut sheet = Sheet::new(t.name, title, &OBSERVATION_COLUMNS, CHINESE_DATE);
        let days = school_days(t);
        for (i, observer) in teachers.iter().enumerate() {
            let usual = if observer.is_admin() { OBSERVATIONS_PER_TERM_ADMIN } else { OBSERVATIONS_PER_TERM };
            let n = planned(observer.name, term, "听课", usual);
            let colleagues: Vec<_> = teachers
                .iter()
                .enumerate()
                .filter(|(_, c)| c.dept == observer.dept && c.name != observer.name)
                .collect();
            let first = sheet.rows.len();
            // One lesson in each of n equal stretches of the term, shifted per observer.
            let step = days.len() / n;
            for k in 0..n {
                let day = days[k * step + (i * 5 + k * 3) % step];
                let taught = colleagues[k % colleagues.len()];
                let rating = RATINGS[(i + k) % RATINGS.len()];
                let cells = observation_cells(observer, taught, day, term, rating, &topics);
                let row = sheet.push(cells);
                let fault = find(&OBSERVATION_FAULTS, (observer.name, term, k));
                if let Some(f) = fault {
                    add(&mut problems, sheet.plant(row, f));
                }
                if credited(fault) {
                    tally[i].add(term_of(day), "听课");
                }
            }
            let rows = (first, sheet.rows.len() - 1);
            problems.extend(short_spot(&sheet, rows, observer, term, "听课", usual));
        }
        sheets.push(sheet);
    }
    Register {
        file: "听课记录",
        about: "Lesson observations, one sheet per term, grouped by 听课人 in roster order and \
                in date order within each. Every teacher observes colleagues of the same 教研组 \
                on school days (Mon–Fri, no public holidays): 11 lessons per term, admins 21.",
        sheets,
        hidden_notes: &[],
        problems,
        notes: Vec::new(),
        details: String::new(),
    }
}

/// 题目 and 字数 of a teacher's `k`-th entry of type `what` in a term.
fn reflection_content(teacher: &Teacher, i: usize, term: usize, what: &str, k: usize) -> (String, f64) {
    let seed = i * 137 + term * 59 + k * 251;
    match what {
        "教学反思" => {
            let topic = REFLECTION_TOPICS[(i + term * 3 + k) % REFLECTION_TOPICS.len()];
            (format!("{}教学中的{topic}反思", teacher.subject), (800 + seed % 701) as f64)
        }
        "教学总结" => {
            let long_name = TERMS[term].long_name;
            let title = format!("{SCHOOL_YEAR}学年{long_name}{}教学工作总结", teacher.subject);
            (title, (2000 + seed % 1001) as f64)
        }
        _ => {
            let book = BOOKS[(i / READING_EVERY + term) % BOOKS.len()];
            (format!("读《{book}》有感"), (1200 + seed % 801) as f64)
        }
    }
}

fn reflection_register(teachers: &[Teacher], tally: &mut [Tally]) -> Register {
    let title = format!("{SCHOOL}{SCHOOL_YEAR}学年教学反思登记表");
    let mut sheet = Sheet::new("反思登记", title, &REFLECTION_COLUMNS, ISO_DATE);
    let mut problems = Vec::new();
    let mut reading_rows = 0;
    for (term, t) in TERMS.iter().enumerate() {
        for (i, teacher) in teachers.iter().enumerate() {
            let due = |day: &str| weekday_from(date(day) + Days::new((i % 5) as u64));
            let mut entries = Vec::new();
            for k in 0..planned(teacher.name, term, "教学反思", REFLECTIONS_PER_TERM) {
                entries.push((due(t.reflections[k]), "教学反思", k));
            }
            if i % READING_EVERY == 0 {
                entries.push((due(t.reading), "读书笔记", 0));
            }
            for k in 0..planned(teacher.name, term, "教学总结", SUMMARIES_PER_TERM) {
                entries.push((due(t.summary), "教学总结", k));
            }
            entries.sort();
            let first = sheet.rows.len();
            for (day, what, k) in entries {
                let (subject, words) = reflection_content(teacher, i, term, what, k);
                let level = LEVELS[(i + k + term) % LEVELS.len()];
                let cells = vec![
                    text(teacher.name),
                    Cell::Date(day),
                    text(what),
                    text(subject),
                    Cell::Number(words),
                    text(level),
                ];
                let row = sheet.push(cells);
                let fault = find(&REFLECTION_FAULTS, (teacher.name, term, what, k));
                if let Some(f) = fault {
                    add(&mut problems, sheet.plant(row, f));
                }
                if what == "读书笔记" {
                    reading_rows += 1;
                } else if credited(fault) {
                    tally[i].add(term_of(day), what);
                }
            }
            let rows = (first, sheet.rows.len() - 1);
            for (what, usual) in [("教学反思", REFLECTIONS_PER_TERM), ("教学总结", SUMMARIES_PER_TERM)] {
                problems.extend(short_spot(&sheet, rows, teacher, term, what, usual));
            }
        }
    }
    let readers: Vec<_> = teachers.iter().step_by(READING_EVERY).map(|t| t.name).collect();
    let notes = vec![sheet.spot(
        (0, sheet.rows.len() - 1),
        Some("类型"),
        format!("{reading_rows} rows of 类型 读书笔记 (one per term each for {})", readers.join("、")),
        "correct rows; they count for no rule",
    )];
    Register {
        file: "教学反思登记",
        about: "Teaching reflections for the whole year on one sheet: 上学期 first, then \
                下学期, grouped by teacher in roster order and in date order within each. Per \
                term every teacher hands in 3 × 教学反思 (800–1500 字) and 1 × 教学总结 \
                (2000–3000 字); some also hand in a 读书笔记.",
        sheets: vec![sheet],
        hidden_notes: &[],
        problems,
        notes,
        details: String::new(),
    }
}

// ---------------------------------------------------------------------------
// Writing the workbooks
// ---------------------------------------------------------------------------

struct Styles {
    title: Format,
    note: Format,
    header: Format,
    cell: Format,
    footer: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new().set_font_name("宋体").set_font_size(11);
        let cell = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        Styles {
            title: base
                .clone()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            note: base.clone().set_font_size(9).set_align(FormatAlign::Right),
            header: cell.clone().set_bold().set_text_wrap().set_background_color(Color::RGB(0xDDEBF7)),
            cell,
            footer: base,
        }
    }
}

fn write_sheet(ws: &mut Worksheet, sheet: &Sheet, styles: &Styles) -> Result<(), XlsxError> {
    let width = sheet.last_column();
    ws.set_name(sheet.name)?;
    ws.merge_range(TITLE_ROW, 0, TITLE_ROW, width, &sheet.title, &styles.title)?;
    ws.set_row_height(TITLE_ROW, 30)?;
    if !sheet.note.is_empty() {
        ws.merge_range(NOTE_ROW, 0, NOTE_ROW, width, sheet.note, &styles.note)?;
    }
    for (col, (header, col_width)) in sheet.columns.iter().enumerate() {
        ws.set_column_width(col as u16, *col_width)?;
        ws.write_string_with_format(HEADER_ROW, col as u16, *header, &styles.header)?;
    }
    ws.set_row_height(HEADER_ROW, 20)?;
    let date_style = styles.cell.clone().set_num_format(sheet.date_format);
    for (index, row) in sheet.rows.iter().enumerate() {
        let r = Sheet::worksheet_row(index);
        for (col, cell) in row.iter().enumerate() {
            let c = col as u16;
            match cell {
                Cell::Text(s) => ws.write_string_with_format(r, c, s, &styles.cell)?,
                Cell::Number(n) => ws.write_number_with_format(r, c, *n, &styles.cell)?,
                Cell::Date(d) => ws.write_datetime_with_format(r, c, d, &date_style)?,
                Cell::Blank => ws.write_blank(r, c, &styles.cell)?,
            };
        }
    }
    if sheet.footer {
        ws.write_string_with_format(sheet.footer_row(), 0, FOOTER, &styles.footer)?;
    }
    ws.set_freeze_panes(FIRST_DATA_ROW, 0)?;
    Ok(())
}

fn save(register: &Register, dir: &Path, styles: &Styles) -> Result<(), XlsxError> {
    let (y, m, d, h) = CREATED;
    let created = Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap();
    let properties = DocProperties::new()
        .set_title(register.file)
        .set_author(AUTHOR)
        .set_company(SCHOOL)
        .set_creation_datetime(&created);
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties);
    for sheet in &register.sheets {
        write_sheet(workbook.add_worksheet(), sheet, styles)?;
    }
    if !register.hidden_notes.is_empty() {
        let ws = workbook.add_worksheet();
        ws.set_name(ROSTER_NOTES_SHEET)?.set_hidden(true);
        for (row, line) in register.hidden_notes.iter().enumerate() {
            ws.write_string_with_format(row as u32, 0, *line, &styles.footer)?;
        }
    }
    workbook.save(dir.join(format!("{}.xlsx", register.file)))
}

// ---------------------------------------------------------------------------
// README
// ---------------------------------------------------------------------------

fn spot_table(out: &mut String, heading: &str, spots: &[Spot], expect_header: &str) {
    if spots.is_empty() {
        return;
    }
    let _ = writeln!(out, "{heading}\n\n| sheet | cell | what | {expect_header} |\n|---|---|---|---|");
    for s in spots {
        let _ = writeln!(out, "| {} | {} | {} | {} |", s.sheet, s.cell(), s.what, s.expect);
    }
    out.push('\n');
}

/// The findings regcheck should report for a teacher's totals.
fn failures(teacher: &Teacher, tally: &Tally) -> Vec<String> {
    let mut out = Vec::new();
    if tally.hours < MIN_HOURS {
        out.push(format!("hours-year: {} < {MIN_HOURS} → below-minimum", tally.hours));
    }
    for (term, t) in TERMS.iter().enumerate() {
        for (what, ..) in TERM_MINIMA {
            let (rule, min) = minimum(teacher, what);
            let n = tally.count(term, what);
            if n < min {
                out.push(format!("{rule} {}: {n} < {min} → below-minimum", t.name));
            }
        }
        let n = tally.count(term, UNEXCUSED);
        if n > MAX_UNEXCUSED {
            out.push(format!("absences-term {}: {n} × 旷课 > {MAX_UNEXCUSED} → absences", t.name));
        }
    }
    out
}

fn outcome_table(out: &mut String, teachers: &[Teacher], tallies: &[Tally]) {
    out.push_str(
        "| 姓名 | 职务 | 学时 (year) | 听课 上/下 | 教学反思 上/下 | 教学总结 上/下 | 旷课 上/下 | expected findings |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for (t, tally) in teachers.iter().zip(tallies) {
        let per_term = |what| format!("{} / {}", tally.count(0, what), tally.count(1, what));
        let fails = failures(t, tally);
        let verdict = if fails.is_empty() { "all pass".to_string() } else { fails.join("; ") };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {verdict} |",
            t.name,
            if t.position.is_empty() { "—" } else { t.position },
            tally.hours,
            per_term("听课"),
            per_term("教学反思"),
            per_term("教学总结"),
            per_term(UNEXCUSED),
        );
    }
}

fn readme(registers: &[Register], teachers: &[Teacher], tallies: &[Tally]) -> String {
    let admins: Vec<_> = teachers.iter().filter(|t| t.is_admin()).map(|t| t.name).collect();
    let mut out = format!(
        "# Sample registers: {SCHOOL}, {SCHOOL_YEAR}学年\n\n\
         These are the kind of Excel files a school office keeps for teacher training: a \
         teacher roster and three registers (training sign-in, lesson observations, teaching \
         reflections) for one made-up school. Names and 身份证号 are invented. A handful of \
         everyday mistakes were planted on purpose — a misspelt name, a date typed as text, \
         a duplicated row, a typo in a number — and a few teachers fall short of the school's \
         rules. This file says where every one of them is and what regcheck should report, so \
         you can try regcheck on the files and compare.\n\n\
         The files are generated by `cargo run --example make_samples` (do not edit them or this \
         README by hand; change `examples/make_samples.rs` and re-run — the output is \
         byte-for-byte reproducible).\n\n\
         ## The school year\n\n\
         - 上学期 (term 1): {} to {}; 下学期 (term 2): {} to {}.\n\
         - 25 teachers in 5 教研组; admins (职务 contains 校长 or 主任): {}.\n\
         - Rules: **hours-year** ≥ {MIN_HOURS} 学时 per school year (only rows marked √ or 迟到 \
         of counted forms earn hours; 工作例会 earns none); **observations-term** ≥ 10 lessons \
         per term (≥ 20 for admins); **reflections-term** ≥ 3 × 教学反思 per term; \
         **summaries-term** ≥ 1 × 教学总结 per term; **absences-term** ≤ {MAX_UNEXCUSED} × 旷课 \
         per term.\n\
         - Every workbook: row 1 is a merged, bold title; row 2 is a note line (roster) or blank; \
         the header is on row 3 and data start on row 4. Dates are real Excel date cells unless \
         listed below as text. Cells and ranges are given in Excel's A1 notation; \
         row numbers are Excel row numbers.\n\n",
        TERMS[0].start,
        TERMS[0].end,
        TERMS[1].start,
        TERMS[1].end,
        admins.join("、"),
    );
    for reg in registers {
        let _ = writeln!(out, "## {}.xlsx\n\n{}\n", reg.file, reg.about);
        for sheet in &reg.sheets {
            let _ = writeln!(out, "{}", sheet.layout());
        }
        if !reg.hidden_notes.is_empty() {
            let _ = writeln!(out, "- sheet `{ROSTER_NOTES_SHEET}`: hidden; not a register");
        }
        out.push('\n');
        if !reg.details.is_empty() {
            let _ = writeln!(out, "{}", reg.details);
        }
        spot_table(&mut out, "Planted problems:", &reg.problems, "regcheck should say");
        spot_table(&mut out, "Correct, but worth knowing:", &reg.notes, "effect");
    }
    out.push_str(
        "## Expected outcome per teacher\n\n\
         Counted after regcheck has set aside the problem rows above: 张玮 does not count for \
         张伟, the 2026-13-08 row does not count for 何勇, 高洁's duplicated row counts once, \
         宋佳's 60-学时 row is reported as out of range and its value is not counted, and \
         observation rows with an impossible or wrong-year date do not count.\n\n",
    );
    outcome_table(&mut out, teachers, tallies);
    out.push_str("\nEvery other rule passes for every teacher. Expected rule findings in total:\n\n");
    for (t, tally) in teachers.iter().zip(tallies) {
        for f in failures(t, tally) {
            let _ = writeln!(out, "- {}: {f}", t.name);
        }
    }
    out
}

// ---------------------------------------------------------------------------

fn main() -> Result<(), Box<dyn Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    fs::create_dir_all(&dir)?;
    let teachers = teachers();
    let mut tallies: Vec<Tally> = teachers.iter().map(|_| Tally::default()).collect();
    let registers = [
        roster_register(&teachers),
        signin_register(&teachers, &mut tallies),
        observation_register(&teachers, &mut tallies),
        reflection_register(&teachers, &mut tallies),
    ];
    let styles = Styles::new();
    for register in &registers {
        save(register, &dir, &styles)?;
        println!("wrote samples/{}.xlsx", register.file);
    }
    fs::write(dir.join("README.md"), readme(&registers, &teachers, &tallies))?;
    println!("wrote samples/README.md");
    Ok(())
}
