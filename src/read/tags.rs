//! A fast scan of the start tags of an XML part, for the pass over each .xlsx sheet that reads
//! what calamine's cell reader does not give (merges, row heights, formulas present).
//!
//! That pass runs over every cell of every sheet besides calamine's own and wants a handful of
//! elements, so it looks for `<` and `>` with memchr instead of building every event of a full
//! XML reader (which cost as much as the rest of reading). End tags, text, comments, CDATA,
//! processing instructions and declarations are skipped; quotes are respected, so a `>` inside an
//! attribute value does not end a tag. Well-formedness is calamine's to judge: on damaged input
//! the scan stops quietly.

use quick_xml::events::BytesStart;
use std::io::Read;

/// The most a single tag (or comment) may take; a longer one stops the scan (no real sheet has
/// one, and it keeps a damaged part from being gathered into memory whole).
const MAX_TAG: usize = 16 << 20;

/// Calls `f` on every start or empty element of `input`, in document order.
pub fn each_start_tag(mut input: impl Read, mut f: impl FnMut(&BytesStart)) {
    let mut pending: Vec<u8> = Vec::with_capacity(64 * 1024);
    let mut pos = 0;
    let mut eof = false;
    loop {
        // Everything before `pos` is done; what is left is an incomplete tag or text.
        match next_tag(&pending[pos..]) {
            Scan::Tag { start, end } => {
                let tag = &pending[pos + start..pos + end];
                element(tag, &mut f);
                pos += end + 1;
            }
            Scan::Skipped(n) => pos += n,
            Scan::NeedMore(keep_from) => {
                if eof || pending.len() - (pos + keep_from) > MAX_TAG {
                    return;
                }
                pending.drain(..pos + keep_from);
                pos = 0;
                let len = pending.len();
                pending.resize(len + 64 * 1024, 0);
                match input.read(&mut pending[len..]) {
                    Ok(0) | Err(_) => {
                        pending.truncate(len);
                        eof = true;
                    }
                    Ok(n) => pending.truncate(len + n),
                }
            }
        }
    }
}

/// What the bytes after the last complete tag hold.
#[derive(Debug, PartialEq)]
enum Scan {
    /// A start, empty or end tag between `<` (at `start - 1`) and `>` (at `end`).
    Tag { start: usize, end: usize },
    /// A comment, CDATA section, declaration or processing instruction ending before this offset.
    Skipped(usize),
    /// No complete tag: more input is needed, and what comes before this offset can go.
    NeedMore(usize),
}

fn next_tag(bytes: &[u8]) -> Scan {
    let Some(lt) = memchr::memchr(b'<', bytes) else { return Scan::NeedMore(bytes.len()) };
    let rest = &bytes[lt..];
    let skip_to = |terminator: &[u8]| match memchr::memmem::find(rest, terminator) {
        Some(i) => Scan::Skipped(lt + i + terminator.len()),
        None => Scan::NeedMore(lt),
    };
    if rest.len() < 9 && (b"<!--".starts_with(rest) || b"<![CDATA[".starts_with(rest)) {
        return Scan::NeedMore(lt);
    }
    if rest.starts_with(b"<!--") {
        return skip_to(b"-->");
    }
    if rest.starts_with(b"<![CDATA[") {
        return skip_to(b"]]>");
    }
    if rest.starts_with(b"<?") {
        return skip_to(b"?>");
    }
    // A tag ends at the first `>` outside quotes.
    let mut i = 1;
    loop {
        let Some(j) = memchr::memchr3(b'>', b'"', b'\'', &rest[i..]) else { return Scan::NeedMore(lt) };
        let at = i + j;
        match rest[at] {
            b'>' => return Scan::Tag { start: lt + 1, end: lt + at },
            quote => match memchr::memchr(quote, &rest[at + 1..]) {
                Some(k) => i = at + 1 + k + 1,
                None => return Scan::NeedMore(lt),
            },
        }
    }
}

/// Hands a start or empty tag's content (between `<` and `>`) to `f`; end tags and
/// declarations (`<!DOCTYPE …>`) are not elements.
fn element(tag: &[u8], f: &mut impl FnMut(&BytesStart)) {
    if matches!(tag.first(), None | Some(b'/' | b'!')) {
        return;
    }
    let tag = tag.strip_suffix(b"/").unwrap_or(tag);
    let Ok(text) = std::str::from_utf8(tag) else { return };
    let name_len = text.find(|c: char| c.is_ascii_whitespace()).unwrap_or(text.len());
    f(&BytesStart::from_content(text, name_len));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The start tags of `xml` read `chunk` bytes at a time: (local name, attribute `r` or `ref`).
    fn tags(xml: &str, chunk: usize) -> Vec<(String, Option<String>)> {
        struct Slow<'a>(&'a [u8], usize);
        impl Read for Slow<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.1.min(self.0.len()).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut out = Vec::new();
        each_start_tag(Slow(xml.as_bytes(), chunk), |e| {
            let value =
                e.attributes().flatten().find(|a| matches!(a.key.as_ref(), "r" | "ref")).map(|a| a.value.to_string());
            out.push((e.local_name().as_ref().to_string(), value));
        });
        out
    }

    #[test]
    fn start_and_empty_tags_are_found_across_any_chunking() {
        let xml = r#"<?xml version="1.0"?><!-- <row r="99"> --><x:worksheet xmlns:x="s"><sheetData>
            <x:row r="1" ht="30" customHeight="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<row r="98">]]></t></is></c>
            <c r="B1"><f>SUM(A1:A2)</f><v>3</v></c></x:row><row r="2" spans="1:2"/></sheetData>
            <mergeCells count="1"><mergeCell ref="A3:B3"/></mergeCells><a title='1 > 0'/></x:worksheet>"#;
        let expected: Vec<(String, Option<String>)> = [
            ("worksheet", None),
            ("sheetData", None),
            ("row", Some("1")),
            ("c", Some("A1")),
            ("is", None),
            ("t", None),
            ("c", Some("B1")),
            ("f", None),
            ("v", None),
            ("row", Some("2")),
            ("mergeCells", None),
            ("mergeCell", Some("A3:B3")),
            ("a", None),
        ]
        .iter()
        .map(|(n, r)| (n.to_string(), r.map(str::to_string)))
        .collect();
        for chunk in [1, 2, 3, 7, 64, 100_000] {
            assert_eq!(tags(xml, chunk), expected, "read {chunk} bytes at a time");
        }
    }

    #[test]
    fn a_damaged_part_stops_the_scan_quietly() {
        assert_eq!(tags(r#"<a/><b x="never closed>"#, 5).len(), 1);
        assert_eq!(tags("<a/><!-- never closed", 5).len(), 1);
        assert_eq!(tags("", 5).len(), 0);
    }
}
