//! Points a rules-file mistake at its line and column, and suggests the closest valid key or
//! value. The rules are checked after the school's file is merged over the defaults, which
//! loses positions; the path of the mistake (`rules[2].measure`) finds it again in the text.

use toml_edit::{ImDocument, Item, Table, Value};

/// One step of a path into the rules: a key or a list position.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A path as written in messages: `rules[2].measure`.
pub fn show(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) if out.is_empty() => out.push_str(k),
            Step::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The path serde reported for an error, as steps.
pub fn from_serde(path: &serde_path_to_error::Path) -> Vec<Step> {
    path.iter()
        .filter_map(|s| match s {
            serde_path_to_error::Segment::Seq { index } => Some(Step::Index(*index)),
            serde_path_to_error::Segment::Map { key } => Some(Step::Key(key.clone())),
            serde_path_to_error::Segment::Enum { variant } => Some(Step::Key(variant.clone())),
            serde_path_to_error::Segment::Unknown => None,
        })
        .collect()
}

/// The 1-based line and column of the key at `path` in a TOML text (of the value when the path
/// ends in a list position), if the text has it.
pub fn locate(text: &str, path: &[Step]) -> Option<(usize, usize)> {
    let doc = ImDocument::parse(text).ok()?;
    let mut node = Node::Item(doc.as_item());
    let mut span = None;
    for step in path {
        let (key_span, next) = node.child(step)?;
        span = key_span.or_else(|| next.span());
        node = next;
    }
    let offset = span?.start;
    let before = text.get(..offset)?;
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, column))
}

#[derive(Clone, Copy)]
enum Node<'a> {
    Item(&'a Item),
    Table(&'a Table),
    Value(&'a Value),
}

impl<'a> Node<'a> {
    fn span(self) -> Option<std::ops::Range<usize>> {
        match self {
            Node::Item(i) => i.span(),
            Node::Table(t) => t.span(),
            Node::Value(v) => v.span(),
        }
    }

    /// The child at a step, with the span of its key when it has one.
    fn child(self, step: &Step) -> Option<(Option<std::ops::Range<usize>>, Node<'a>)> {
        match (self, step) {
            (Node::Item(Item::Table(t)) | Node::Table(t), Step::Key(k)) => {
                t.get_key_value(k).map(|(key, item)| (key.span(), Node::Item(item)))
            }
            (Node::Item(Item::ArrayOfTables(a)), Step::Index(i)) => a.get(*i).map(|t| (None, Node::Table(t))),
            (Node::Item(Item::Value(v)), step) => Node::Value(v).child(step),
            (Node::Value(Value::InlineTable(t)), Step::Key(k)) => {
                t.get_key_value(k).map(|(key, item)| (key.span(), Node::Item(item)))
            }
            (Node::Value(Value::Array(a)), Step::Index(i)) => a.get(*i).map(|v| (None, Node::Value(v))),
            _ => None,
        }
    }
}

/// The closest of the valid names to a mistyped one, when it is close enough to be a typo.
pub fn closest<'a>(wrong: &str, valid: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    valid
        .into_iter()
        .map(|v| (strsim::normalized_damerau_levenshtein(wrong, v), v))
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, v)| v)
}

/// Reads serde's "unknown field `x`, expected one of `a`, `b`" (or "unknown variant …") into
/// the wrong name and the valid ones.
pub fn unknown_name(message: &str) -> Option<(&'static str, String, Vec<String>)> {
    let what = if message.starts_with("unknown field") {
        "field"
    } else if message.starts_with("unknown variant") {
        "variant"
    } else {
        return None;
    };
    let mut names = message.split('`').skip(1).step_by(2).map(str::to_string);
    let wrong = names.next()?;
    Some((what, wrong, names.collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_finds_its_line_and_column() {
        let text = "[school]\nname = \"x\"\n\n[[rules]]\nid = \"a\"\n\n[[rules]]\nid = \"b\"\n  measure = \"hourz\"\n";
        let path = [Step::Key("rules".into()), Step::Index(1), Step::Key("measure".into())];
        assert_eq!(locate(text, &path), Some((9, 3)));
        assert_eq!(show(&path), "rules[1].measure");
        let inline = "[[rules]]\nby_role = { admin = 20, boss = 3 }\n";
        let path = [Step::Key("rules".into()), Step::Index(0), Step::Key("by_role".into()), Step::Key("boss".into())];
        assert_eq!(locate(inline, &path), Some((2, 25)));
    }

    #[test]
    fn a_typo_gets_the_closest_name() {
        assert_eq!(closest("mesure", ["id", "measure", "period"]), Some("measure"));
        assert_eq!(closest("zzz", ["id", "measure", "period"]), None);
        let (what, wrong, valid) =
            unknown_name("unknown field `mesure`, expected one of `id`, `title`, `measure`").unwrap();
        assert_eq!((what, wrong.as_str(), valid.len()), ("field", "mesure", 3));
    }
}
