//! Placeholders typed into a form's cells: `{{school.name}}`, `共{{totals.teachers}}人`.
//! A cell that holds one placeholder and nothing else (spaces aside) gets the value with its
//! type — a number stays a number; inside other text the value is written as text.

use super::figures::Scope;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Text(String),
    Key(String),
}

/// A cell's text split into literal text and placeholders. `{{` without `}}` is literal.
pub fn parse(text: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open + 2..].find("}}") else { break };
        if open > 0 {
            parts.push(Part::Text(rest[..open].to_string()));
        }
        parts.push(Part::Key(rest[open + 2..open + 2 + close].trim().to_string()));
        rest = &rest[open + 2 + close + 2..];
    }
    if !rest.is_empty() {
        parts.push(Part::Text(rest.to_string()));
    }
    parts
}

/// The placeholders of a cell's text.
pub fn keys(parts: &[Part]) -> impl Iterator<Item = &str> {
    parts.iter().filter_map(|p| match p {
        Part::Key(k) => Some(k.as_str()),
        Part::Text(_) => None,
    })
}

/// The one placeholder of a cell that holds nothing else.
pub fn alone(parts: &[Part]) -> Option<&str> {
    let mut found = None;
    for p in parts {
        match p {
            Part::Key(k) if found.is_none() => found = Some(k.as_str()),
            Part::Key(_) => return None,
            Part::Text(t) if t.trim().is_empty() => {}
            Part::Text(_) => return None,
        }
    }
    found
}

/// The repeating scope of a cell: teacher or department rows if any placeholder is one.
pub fn scope(parts: &[Part]) -> Scope {
    keys(parts).map(Scope::of).find(|s| *s != Scope::Form).unwrap_or(Scope::Form)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_alone_and_in_text() {
        assert_eq!(alone(&parse(" {{ t.hours }} ")), Some("t.hours"));
        let parts = parse("填报单位：{{school.name}}（共{{totals.teachers}}人）");
        assert_eq!(alone(&parts), None);
        assert_eq!(keys(&parts).collect::<Vec<_>>(), ["school.name", "totals.teachers"]);
        assert_eq!(parse("{{not closed"), vec![Part::Text("{{not closed".into())]);
        assert_eq!(scope(&parse("{{t.name}}（{{term.name}}）")), Scope::Teacher);
    }
}
