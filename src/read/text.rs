//! Text registers (.csv, .tsv, .txt): encoding detection and delimiter sniffing, into one sheet.
//!
//! Excel on Chinese Windows saves CSV as GBK and "Unicode text" as UTF-16LE with tabs; newer
//! tools write UTF-8, often with a BOM. The BOM decides when there is one, chardetng otherwise.

use super::limits::{CellBudget, Limits};
use super::{ReadError, Sheet, Value};
use std::path::Path;

/// Reads a text file into a single sheet named after the file, refusing it once its rows reach
/// past the cell budget (the file's size was checked before).
pub fn read(path: &Path, limits: &Limits) -> Result<Vec<Sheet>, ReadError> {
    let bytes = std::fs::read(path).map_err(|e| ReadError::Unreadable(e.to_string()))?;
    let text = decode(&bytes)?;
    drop(bytes);
    let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("Sheet1");
    let rows = parse(&text, name, &CellBudget::new(limits))?;
    Ok(vec![Sheet::new(name, rows)])
}

/// Decodes bytes to text: BOM first, then valid UTF-8, then chardetng's guess (GBK and friends).
pub fn decode(bytes: &[u8]) -> Result<String, ReadError> {
    if bytes.contains(&0) && encoding_rs::Encoding::for_bom(bytes).is_none() && looks_binary(bytes) {
        return Err(ReadError::Unsupported("binary data, not text".into()));
    }
    let encoding = match encoding_rs::Encoding::for_bom(bytes) {
        Some((enc, _)) => enc,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => {
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(bytes, true);
            detector.guess(Some(b"cn"), true)
        }
    };
    let (text, _, malformed) = encoding.decode(bytes);
    if malformed {
        // Decoding would replace bytes with U+FFFD: the school's values would change unseen.
        return Err(ReadError::Unreadable(format!(
            "the text is not valid {} (nor UTF-8 or UTF-16); save it again as \"CSV UTF-8\"",
            encoding.name()
        )));
    }
    Ok(text.into_owned())
}

/// Binary content without a BOM: NUL bytes that are not UTF-16 text.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(4096)];
    let nul = sample.iter().filter(|b| **b == 0).count();
    // UTF-16 without BOM has NUL in about every other byte of ASCII text; anything else is binary.
    nul > 0 && nul * 3 < sample.len()
}

/// Splits text into rows with the delimiter that makes the most consistent columns.
fn parse(text: &str, name: &str, budget: &CellBudget) -> Result<Vec<Vec<Value>>, ReadError> {
    let delimiter = sniff_delimiter(text);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows: Vec<Vec<Value>> = Vec::new();
    let mut width = 0usize;
    // The csv crate skips blank lines; a spreadsheet program shows them as empty rows, and every
    // cell must keep the row a person sees it on. A record's position is where reading resumed,
    // before the blank lines it skipped.
    for record in reader.records() {
        // csv only fails here on I/O, which cannot happen on an in-memory string; keep what was read.
        let Ok(record) = record else { break };
        let mut start = record.position().map_or(0, |p| p.byte() as usize);
        // After a CRLF ending, reading resumes between the CR and the LF.
        if start > 0 && text.as_bytes().get(start - 1..=start) == Some(b"\r\n".as_slice()) {
            start += 1;
        }
        let skipped =
            text.as_bytes().get(start..).unwrap_or_default().iter().take_while(|b| matches!(b, b'\n' | b'\r'));
        rows.extend((0..skipped.filter(|b| **b == b'\n').count()).map(|_| Vec::new()));
        width = width.max(record.len());
        budget.check(name, rows.len() as u32, width.saturating_sub(1).min(u32::MAX as usize) as u32)?;
        rows.push(record.iter().map(text_value).collect());
    }
    super::trim_trailing_empty(&mut rows);
    Ok(rows)
}

/// Text cells stay text, exactly as written: parsing numbers and dates is the parse stage's job.
fn text_value(field: &str) -> Value {
    if field.is_empty() {
        Value::Empty
    } else {
        Value::Text(field.to_string())
    }
}

fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(30).collect();
    let score = |d: char| -> usize {
        let counts: Vec<usize> = lines.iter().map(|l| l.matches(d).count()).collect();
        let max = counts.iter().copied().max().unwrap_or(0);
        // Lines that agree with the widest line, weighted by how many columns it makes.
        counts.iter().filter(|c| **c == max && max > 0).count() * max.min(50)
    };
    [b'\t', b',', b';', b'|'].into_iter().max_by_key(|d| (score(*d as char), *d == b',')).unwrap_or(b',')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget() -> CellBudget {
        CellBudget::new(&Limits::default())
    }

    #[test]
    fn a_row_past_the_budget_is_refused() {
        let text = ",".repeat(3000) + "\n" + &"x\n".repeat(100);
        let small = CellBudget::new(&Limits::new(1.0, 10.0, 1_000_000));
        assert!(parse(&text, "t", &small).is_ok());
        let tiny = CellBudget::new(&Limits::new(1.0, 10.0, 100_000));
        assert!(matches!(parse(&text, "t", &tiny), Err(ReadError::TooLarge { .. })));
    }

    #[test]
    fn gbk_text_is_decoded() {
        let (bytes, _, _) = encoding_rs::GBK.encode("姓名,日期\n张伟,2025/9/10\n");
        assert_eq!(decode(&bytes).unwrap(), "姓名,日期\n张伟,2025/9/10\n");
    }

    #[test]
    fn utf16_with_bom_and_tabs_is_split_on_tabs() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "姓名\t字数\r\n李娜\t1200\r\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let rows = parse(&decode(&bytes).unwrap(), "t", &budget()).unwrap();
        assert_eq!(rows[1], vec![Value::Text("李娜".into()), Value::Text("1200".into())]);
    }

    #[test]
    fn blank_lines_stay_rows_and_quoted_line_breaks_do_not_add_any() {
        let rows = parse("姓名,备注\n\n张伟,\"两行\n备注\"\n王芳,x\n", "t", &budget()).unwrap();
        assert_eq!(rows.len(), 4);
        assert!(rows[1].is_empty(), "{rows:?}");
        assert_eq!(rows[3][0], Value::Text("王芳".into()));
    }

    #[test]
    fn bytes_that_are_no_characters_are_refused_not_replaced() {
        assert!(decode(b"\xEF\xBB\xBF\xE5\xBC\xA0,\xFF\xFE\xFD\n").is_err());
    }

    #[test]
    fn binary_is_not_text() {
        assert!(decode(&[0x50, 0x4B, 0, 1, 2, 3, 0, 0, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9]).is_err());
    }
}
