//! The canonical fields of the report.json contract and the header texts that name them.
//!
//! A header cell is normalized (NFKC, lower case, no spaces or line breaks, no "(小时)"-style
//! unit suffix, no trailing colon or asterisk) and looked up in the alias table; failing that,
//! a few keywords decide (a header containing 日期 is a date). Some headers mean different
//! fields in different registers (状态 is the mark in a sign-in sheet and the staff status in a
//! roster): they list their candidates and the register's kind picks.

use regex::Regex;
use std::sync::LazyLock;

macro_rules! fields {
    ($($variant:ident = $name:literal,)*) => {
        /// A canonical field: the keys of `columns` in report.json.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Field { $($variant,)* }

        impl Field {
            pub fn name(self) -> &'static str {
                match self { $(Field::$variant => $name,)* }
            }
            pub fn from_name(name: &str) -> Option<Field> {
                match name { $($name => Some(Field::$variant),)* _ => None }
            }
        }
    };
}

fields! {
    Name = "name",
    StaffId = "staff_id",
    IdNumber = "id_number",
    Gender = "gender",
    BirthDate = "birth_date",
    Department = "department",
    Subject = "subject",
    Position = "position",
    Title = "title",
    StartDate = "start_date",
    JoinDate = "join_date",
    LeaveDate = "leave_date",
    Category = "category",
    Status = "status",
    Date = "date",
    Mark = "mark",
    Topic = "topic",
    Form = "form",
    Hours = "hours",
    Time = "time",
    Place = "place",
    Presenter = "presenter",
    Signature = "signature",
    Note = "note",
    Observed = "observed",
    Class = "class",
    Period = "period",
    Lessons = "lessons",
    Rating = "rating",
    Comment = "comment",
    Kind = "kind",
    Words = "words",
    Course = "course",
    Level = "level",
    Credits = "credits",
    Certificate = "certificate",
    // Seq (序号): a row number, recognized so that it is not reported as unknown.
    Seq = "seq",
}

use Field::*;

/// Built-in header aliases (already normalized), each with its candidate fields in order.
const ALIASES: &[(&str, &[Field])] = &[
    ("序号", &[Seq]),
    ("序", &[Seq]),
    ("no", &[Seq]),
    ("no.", &[Seq]),
    ("#", &[Seq]),
    ("行号", &[Seq]),
    ("姓名", &[Name]),
    ("教师姓名", &[Name]),
    ("教师", &[Name]),
    ("老师", &[Name]),
    ("参训人", &[Name]),
    ("参训教师", &[Name]),
    ("参训人员", &[Name]),
    ("参加人员", &[Name]),
    ("参会人员", &[Name]),
    ("参加教师", &[Name]),
    ("培训人员", &[Name]),
    ("学员姓名", &[Name]),
    ("听课人", &[Name]),
    ("听课教师", &[Name]),
    ("听课者", &[Name]),
    ("听课人姓名", &[Name]),
    ("提交人", &[Name]),
    ("作者", &[Name]),
    ("撰写人", &[Name]),
    ("name", &[Name]),
    ("teacher", &[Name]),
    ("teachername", &[Name]),
    ("participant", &[Name]),
    ("observer", &[Name]),
    ("staffname", &[Name]),
    ("工号", &[StaffId]),
    ("编号", &[StaffId]),
    ("教师编号", &[StaffId]),
    ("职工号", &[StaffId]),
    ("教工号", &[StaffId]),
    ("staffid", &[StaffId]),
    ("employeeid", &[StaffId]),
    ("staffno", &[StaffId]),
    ("身份证号", &[IdNumber]),
    ("身份证号码", &[IdNumber]),
    ("身份证", &[IdNumber]),
    ("公民身份号码", &[IdNumber]),
    ("idnumber", &[IdNumber]),
    ("idcard", &[IdNumber]),
    ("性别", &[Gender]),
    ("gender", &[Gender]),
    ("sex", &[Gender]),
    ("出生日期", &[BirthDate]),
    ("出生年月", &[BirthDate]),
    ("生日", &[BirthDate]),
    ("birthdate", &[BirthDate]),
    ("dateofbirth", &[BirthDate]),
    ("dob", &[BirthDate]),
    ("教研组", &[Department]),
    ("部门", &[Department]),
    ("科组", &[Department]),
    ("年级组", &[Department]),
    ("所在教研组", &[Department]),
    ("处室", &[Department]),
    ("组别", &[Department]),
    ("department", &[Department]),
    ("dept", &[Department]),
    ("group", &[Department]),
    ("学科", &[Subject]),
    ("任教学科", &[Subject]),
    ("科目", &[Subject]),
    ("任教科目", &[Subject]),
    ("subject", &[Subject]),
    ("职务", &[Position]),
    ("行政职务", &[Position]),
    ("岗位", &[Position]),
    ("position", &[Position]),
    ("post", &[Position]),
    ("职称", &[Title]),
    ("专业技术职务", &[Title]),
    ("题目", &[Title]),
    ("标题", &[Title]),
    ("篇名", &[Title]),
    ("文章题目", &[Title]),
    ("反思题目", &[Title]),
    ("title", &[Title]),
    ("参加工作年月", &[StartDate]),
    ("参加工作时间", &[StartDate]),
    ("参加工作日期", &[StartDate]),
    ("入职时间", &[StartDate]),
    ("入职日期", &[StartDate]),
    ("startdate", &[StartDate]),
    ("hiredate", &[StartDate]),
    ("进本校年月", &[JoinDate]),
    ("进本校时间", &[JoinDate]),
    ("进校时间", &[JoinDate]),
    ("进校年月", &[JoinDate]),
    ("来校时间", &[JoinDate]),
    ("到校时间", &[JoinDate]),
    ("调入时间", &[JoinDate]),
    ("调入日期", &[JoinDate]),
    ("datejoined", &[JoinDate]),
    ("joindate", &[JoinDate]),
    ("离校时间", &[LeaveDate]),
    ("离校日期", &[LeaveDate]),
    ("调出时间", &[LeaveDate]),
    ("调出日期", &[LeaveDate]),
    ("离职日期", &[LeaveDate]),
    ("离职时间", &[LeaveDate]),
    ("退休日期", &[LeaveDate]),
    ("dateleft", &[LeaveDate]),
    ("leavedate", &[LeaveDate]),
    ("类别", &[Category, Kind]),
    ("教师类别", &[Category]),
    ("category", &[Category]),
    ("状态", &[Mark, Status]),
    ("在岗状态", &[Status]),
    ("在职状态", &[Status]),
    ("status", &[Mark, Status]),
    ("日期", &[Date]),
    ("培训日期", &[Date]),
    ("活动日期", &[Date]),
    ("听课日期", &[Date]),
    ("听课时间", &[Date]),
    ("提交日期", &[Date]),
    ("提交时间", &[Date]),
    ("上交日期", &[Date]),
    ("撰写日期", &[Date]),
    ("研修日期", &[Date]),
    ("培训时间", &[Date, Time]),
    ("活动时间", &[Date, Time]),
    ("时间", &[Date, Time]),
    ("date", &[Date]),
    ("签到情况", &[Mark]),
    ("出勤", &[Mark]),
    ("出勤情况", &[Mark]),
    ("考勤", &[Mark]),
    ("考勤情况", &[Mark]),
    ("签到", &[Mark]),
    ("到会情况", &[Mark]),
    ("参加情况", &[Mark]),
    ("出席情况", &[Mark]),
    ("attendance", &[Mark]),
    ("mark", &[Mark]),
    ("present", &[Mark]),
    ("主题", &[Topic]),
    ("培训主题", &[Topic]),
    ("培训内容", &[Topic]),
    ("活动内容", &[Topic]),
    ("活动主题", &[Topic]),
    ("内容", &[Topic]),
    ("课题", &[Topic]),
    ("讲座主题", &[Topic]),
    ("研修主题", &[Topic]),
    ("研修内容", &[Topic]),
    ("topic", &[Topic]),
    ("content", &[Topic]),
    ("session", &[Topic]),
    ("形式", &[Form]),
    ("培训形式", &[Form]),
    ("活动形式", &[Form]),
    ("研修形式", &[Form]),
    ("培训方式", &[Form]),
    ("类型", &[Kind, Form, Category]),
    ("培训类型", &[Form]),
    ("活动类型", &[Form]),
    ("form", &[Form]),
    ("type", &[Kind, Form]),
    ("学时", &[Hours]),
    ("培训学时", &[Hours]),
    ("学时数", &[Hours]),
    ("小时", &[Hours]),
    ("时长", &[Hours]),
    ("获得学时", &[Hours]),
    ("课时", &[Hours, Lessons]),
    ("hours", &[Hours]),
    ("hour", &[Hours]),
    ("时间段", &[Time]),
    ("起止时间", &[Time]),
    ("具体时间", &[Time]),
    ("time", &[Time]),
    ("地点", &[Place]),
    ("培训地点", &[Place]),
    ("活动地点", &[Place]),
    ("place", &[Place]),
    ("location", &[Place]),
    ("venue", &[Place]),
    ("主讲人", &[Presenter]),
    ("主讲", &[Presenter]),
    ("主持人", &[Presenter]),
    ("讲座人", &[Presenter]),
    ("培训者", &[Presenter]),
    ("主讲教师", &[Presenter]),
    ("presenter", &[Presenter]),
    ("speaker", &[Presenter]),
    ("lecturer", &[Presenter]),
    ("签名", &[Signature]),
    ("本人签名", &[Signature]),
    ("签字", &[Signature]),
    ("教师签名", &[Signature]),
    ("signature", &[Signature]),
    ("备注", &[Note]),
    ("说明", &[Note]),
    ("note", &[Note]),
    ("notes", &[Note]),
    ("remark", &[Note]),
    ("remarks", &[Note]),
    ("授课教师", &[Observed]),
    ("授课人", &[Observed]),
    ("执教教师", &[Observed]),
    ("执教者", &[Observed]),
    ("执教人", &[Observed]),
    ("执教", &[Observed]),
    ("上课教师", &[Observed]),
    ("被听课教师", &[Observed]),
    ("授课者", &[Observed]),
    ("讲课教师", &[Observed]),
    ("observed", &[Observed]),
    ("teacherobserved", &[Observed]),
    ("班级", &[Class]),
    ("授课班级", &[Class]),
    ("听课班级", &[Class]),
    ("class", &[Class]),
    ("节次", &[Period]),
    ("第几节", &[Period]),
    ("课节", &[Period]),
    ("period", &[Period]),
    ("听课节数", &[Lessons]),
    ("节数", &[Lessons]),
    ("课时数", &[Lessons]),
    ("lessons", &[Lessons]),
    ("评价", &[Rating]),
    ("等级", &[Rating]),
    ("评分", &[Rating]),
    ("评级", &[Rating]),
    ("成绩", &[Rating]),
    ("rating", &[Rating]),
    ("grade", &[Rating]),
    ("score", &[Rating]),
    ("评语", &[Comment]),
    ("听课评语", &[Comment]),
    ("听课意见", &[Comment]),
    ("评课意见", &[Comment]),
    ("建议", &[Comment]),
    ("comment", &[Comment]),
    ("comments", &[Comment]),
    ("文章类型", &[Kind]),
    ("反思类型", &[Kind]),
    ("种类", &[Kind]),
    ("kind", &[Kind]),
    ("字数", &[Words]),
    ("篇幅", &[Words]),
    ("words", &[Words]),
    ("wordcount", &[Words]),
    ("项目名称", &[Course]),
    ("培训项目", &[Course]),
    ("课程名称", &[Course]),
    ("培训名称", &[Course]),
    ("项目", &[Course]),
    ("课程", &[Course]),
    ("course", &[Course]),
    ("program", &[Course]),
    ("级别", &[Level]),
    ("培训级别", &[Level]),
    ("层级", &[Level]),
    ("level", &[Level]),
    ("学分", &[Credits]),
    ("credits", &[Credits]),
    ("credit", &[Credits]),
    ("证书编号", &[Certificate]),
    ("证书号", &[Certificate]),
    ("结业证书", &[Certificate]),
    ("证书", &[Certificate]),
    ("certificate", &[Certificate]),
];

/// Keywords tried in order when no alias matches exactly: a header containing one names the field.
const KEYWORDS: &[(&str, Field)] = &[
    ("身份证", IdNumber),
    ("姓名", Name),
    ("节数", Lessons),
    ("字数", Words),
    ("学分", Credits),
    ("学时", Hours),
    ("出生", BirthDate),
    ("参加工作", StartDate),
    ("日期", Date),
    ("签名", Signature),
    ("签到", Mark),
    ("考勤", Mark),
    ("授课", Observed),
    ("执教", Observed),
    ("班级", Class),
    ("职称", Title),
    ("职务", Position),
    ("教研组", Department),
    ("学科", Subject),
    ("主讲", Presenter),
    ("地点", Place),
    ("形式", Form),
    ("主题", Topic),
    ("内容", Topic),
    ("备注", Note),
    ("评语", Comment),
    ("等级", Rating),
    ("证书", Certificate),
];

static UNIT_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[(（\[【][^)）\]】]*[)）\]】]$").expect("constant regex"));

/// The comparable form of a header text.
pub fn normalize_header(text: &str) -> String {
    let s: String = crate::parse::nfkc(text).to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    let s = UNIT_SUFFIX.replace(&s, "").to_string();
    s.trim_end_matches([':', '：', '*', '＊']).trim_start_matches('*').to_string()
}

/// Header aliases: the built-in table plus a school's own from the rules file.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    extra: Vec<(String, Field)>,
}

impl Aliases {
    pub fn new(extra: &std::collections::BTreeMap<String, Vec<String>>) -> Aliases {
        let extra = extra
            .iter()
            .filter_map(|(field, texts)| Some((Field::from_name(field)?, texts)))
            .flat_map(|(field, texts)| texts.iter().map(move |t| (normalize_header(t), field)))
            .collect();
        Aliases { extra }
    }

    /// The candidate fields a header names, best first; empty when it names none.
    pub fn candidates(&self, header: &str) -> Vec<Field> {
        let h = normalize_header(header);
        if h.is_empty() {
            return Vec::new();
        }
        if let Some((_, f)) = self.extra.iter().find(|(t, _)| *t == h) {
            return vec![*f];
        }
        if let Some((_, fs)) = ALIASES.iter().find(|(t, _)| *t == h) {
            return fs.to_vec();
        }
        // Long texts are titles or notes, not headers.
        if h.chars().count() > 12 {
            return Vec::new();
        }
        KEYWORDS.iter().find(|(k, _)| h.contains(k)).map(|(_, f)| vec![*f]).unwrap_or_default()
    }
}

/// The built-in alias closest to a header that names no field, with its field, for a person
/// wondering why a column was not used. `None` when nothing is close.
pub fn closest(header: &str) -> Option<(&'static str, Field)> {
    let h = normalize_header(header);
    if h.is_empty() {
        return None;
    }
    ALIASES
        .iter()
        .map(|(alias, fields)| (strsim::normalized_levenshtein(&h, alias), *alias, fields[0]))
        .filter(|(score, _, field)| *score >= 0.4 && *field != Seq)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, alias, field)| (alias, field))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closest_alias_is_offered_for_an_unknown_header() {
        assert_eq!(closest("参训姓名").map(|(_, f)| f), Some(Name));
        assert_eq!(closest("联系电话"), None);
    }

    #[test]
    fn headers_are_matched_loosely() {
        let a = Aliases::default();
        assert_eq!(a.candidates("姓 名"), vec![Name]);
        assert_eq!(a.candidates("学时\n(小时)"), vec![Hours]);
        assert_eq!(a.candidates("学时（小时）"), vec![Hours]);
        assert_eq!(a.candidates("培训日期："), vec![Date]);
        assert_eq!(a.candidates("Ｎａｍｅ"), vec![Name]);
        assert_eq!(a.candidates("听课节数"), vec![Lessons]);
        assert_eq!(a.candidates("本次培训学时数"), vec![Hours]);
        assert_eq!(a.candidates("城南实验学校2025-2026学年第一学期校本研修签到表"), Vec::<Field>::new());
    }

    #[test]
    fn a_schools_own_alias_wins() {
        let mut extra = std::collections::BTreeMap::new();
        extra.insert("name".to_string(), vec!["参训老师".to_string()]);
        assert_eq!(Aliases::new(&extra).candidates("参训老师"), vec![Name]);
    }
}
