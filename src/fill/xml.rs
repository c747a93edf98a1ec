//! Just enough XML for patching OOXML parts in place: a token list with byte spans (so that
//! everything not changed is copied byte for byte), attributes, element text, and writing a
//! changed start tag back.

use quick_xml::events::{BytesStart, Event};
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Start,
    Empty,
    End,
    /// Text, references, CDATA, comments, declarations: anything else.
    Other,
}

/// One token of a part: what it is, its element's qualified name, its attributes (start and
/// empty tags) and where it is in the part.
#[derive(Debug, Clone)]
pub struct Token {
    pub kind: Kind,
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub span: Range<usize>,
}

impl Token {
    /// The element's local name (`xm:sqref` → `sqref`).
    pub fn local(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(&self.name)
    }

    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// Splits a part into tokens. Fails on XML that is not well-formed enough to read.
pub fn tokens(xml: &[u8]) -> Result<Vec<Token>, String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().trim_text(false);
    let mut out = Vec::new();
    loop {
        let start = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| format!("XML: {e}"))?;
        let end = reader.buffer_position() as usize;
        let (kind, name, attrs) = match &event {
            Event::Eof => break,
            Event::Start(e) => (Kind::Start, qname(e), attributes(e)?),
            Event::Empty(e) => (Kind::Empty, qname(e), attributes(e)?),
            Event::End(e) => (Kind::End, e.name().into_inner().to_string(), Vec::new()),
            _ => (Kind::Other, String::new(), Vec::new()),
        };
        out.push(Token { kind, name, attrs, span: start..end });
    }
    Ok(out)
}

fn qname(e: &BytesStart) -> String {
    e.name().into_inner().to_string()
}

fn attributes(e: &BytesStart) -> Result<Vec<(String, String)>, String> {
    e.attributes()
        .map(|a| {
            let a = a.map_err(|e| format!("XML attribute: {e}"))?;
            let key = a.key.into_inner().to_string();
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| format!("XML attribute: {e}"))?
                .into_owned();
            Ok((key, value))
        })
        .collect()
}

/// The index of the end token matching the start token at `open` (or `open` itself for an
/// empty element).
pub fn matching_end(tokens: &[Token], open: usize) -> usize {
    if tokens[open].kind != Kind::Start {
        return open;
    }
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        match t.kind {
            Kind::Start => depth += 1,
            Kind::End => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    tokens.len() - 1
}

/// The unescaped text between a start token and its end token.
pub fn inner_text(xml: &[u8], tokens: &[Token], open: usize) -> String {
    let close = matching_end(tokens, open);
    if close == open {
        return String::new();
    }
    let raw = String::from_utf8_lossy(&xml[tokens[open].span.end..tokens[close].span.start]);
    quick_xml::escape::unescape(&raw).map(|s| s.into_owned()).unwrap_or_else(|_| raw.into_owned())
}

/// The text of every `<t>` element from `open` to its end, except inside phonetic runs
/// (`<rPh>`): the text of a shared string or an inline string, rich runs joined.
pub fn t_text(xml: &[u8], tokens: &[Token], open: usize) -> String {
    let close = matching_end(tokens, open);
    let mut text = String::new();
    let mut i = open;
    while i <= close {
        let t = &tokens[i];
        if t.kind == Kind::Start && t.local() == "rPh" {
            i = matching_end(tokens, i) + 1;
            continue;
        }
        if t.kind == Kind::Start && t.local() == "t" {
            text.push_str(&inner_text(xml, tokens, i));
            i = matching_end(tokens, i);
        }
        i += 1;
    }
    text
}

/// Escapes an attribute value.
pub fn escape(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

/// Escapes element text (`<`, `>`, `&` only, so formulas keep their quotes readable).
pub fn escape_text(s: &str) -> String {
    quick_xml::escape::partial_escape(s).into_owned()
}

/// A start (or empty) tag.
pub fn start_tag(name: &str, attrs: &[(String, String)], empty: bool) -> String {
    let mut s = format!("<{name}");
    for (k, v) in attrs {
        s.push_str(&format!(" {k}=\"{}\"", escape(v)));
    }
    s.push_str(if empty { "/>" } else { ">" });
    s
}

/// Sets (or adds) an attribute, keeping the order of the others.
pub fn set_attr(attrs: &mut Vec<(String, String)>, key: &str, value: impl Into<String>) {
    let value = value.into();
    match attrs.iter_mut().find(|(k, _)| k == key) {
        Some((_, v)) => *v = value,
        None => attrs.push((key.to_string(), value)),
    }
}

pub fn remove_attr(attrs: &mut Vec<(String, String)>, key: &str) {
    attrs.retain(|(k, _)| k != key);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_cover_the_part_exactly() {
        let xml = br#"<?xml version="1.0"?><a x="1 &amp; 2"><t>A&lt;B</t><b/></a>"#;
        let toks = tokens(xml).unwrap();
        let joined: Vec<u8> = toks.iter().flat_map(|t| xml[t.span.clone()].to_vec()).collect();
        assert_eq!(joined, xml.to_vec());
        assert_eq!(toks[1].attr("x"), Some("1 & 2"));
        assert_eq!(inner_text(xml, &toks, 2), "A<B");
        assert_eq!(t_text(xml, &toks, 1), "A<B");
    }
}
