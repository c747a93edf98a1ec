//! OLE compound files (the `D0 CF 11 E0` container) looked at before calamine: an encrypted
//! OOXML workbook (an `EncryptionInfo` / `EncryptedPackage` pair of streams), a legacy .xls with
//! an open password (a BIFF `FILEPASS` record), and how far the cells of each .xls sheet reach —
//! calamine lays every sheet out as a rectangle, so a record claiming row 65535, column 65535
//! must be refused before it does.

use super::limits::{CellBudget, Limits};
use super::ReadError;
use std::io::{BufReader, Read};
use std::path::Path;

/// Checks an OLE file before it is read as a legacy workbook: an encrypted workbook is [`ReadError::Encrypted`], a workbook whose
/// cells reach too far is [`ReadError::TooLarge`], anything without a workbook stream is not a
/// spreadsheet (a .doc renamed .xls).
pub fn check(path: &Path, limits: &Limits) -> Result<(), ReadError> {
    let ole = cfb::open(path).map_err(|e| ReadError::Unreadable(format!("damaged OLE container: {e}")))?;
    if ole.is_stream("/EncryptedPackage") || ole.is_stream("/EncryptionInfo") {
        return Err(ReadError::Encrypted);
    }
    let stream = ["/Workbook", "/Book", "/WORKBOOK", "/BOOK"].into_iter().find(|s| ole.is_stream(s));
    let Some(stream) = stream else {
        let what = if ole.is_stream("/WordDocument") { "a Word document" } else { "an OLE file without a workbook" };
        return Err(ReadError::Unsupported(what.into()));
    };
    let mut ole = ole;
    let reader = ole.open_stream(stream).map_err(|e| ReadError::Unreadable(e.to_string()))?;
    scan_biff(BufReader::new(reader), limits)
}

/// Walks the BIFF records of a workbook stream: a `FILEPASS` record means an open password;
/// each sheet's cell records give how far it reaches.
fn scan_biff(mut r: impl Read, limits: &Limits) -> Result<(), ReadError> {
    let mut budget = CellBudget::new(limits);
    let mut header = [0u8; 4];
    let mut data = Vec::with_capacity(8224);
    // Substreams: the first BOF is the workbook globals, each later one a sheet.
    let mut substream = 0usize;
    let mut extent: Option<(u32, u32)> = None;
    let mut depth = 0usize;
    while r.read_exact(&mut header).is_ok() {
        let typ = u16::from_le_bytes([header[0], header[1]]);
        let len = u16::from_le_bytes([header[2], header[3]]) as usize;
        data.resize(len, 0);
        if r.read_exact(&mut data).is_err() {
            break; // a truncated stream is calamine's to report
        }
        let u16_at = |i: usize| data.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]) as u32);
        match typ {
            0x0809 | 0x0409 | 0x0209 | 0x0009 => {
                depth += 1;
                if depth == 1 {
                    substream += 1;
                    extent = None;
                }
            }
            0x000A => {
                if depth == 1 {
                    if let Some((row, col)) = extent {
                        budget.spend(row as u64 + 1, col as u64 + 1);
                    }
                }
                depth = depth.saturating_sub(1);
            }
            0x002F if substream == 1 => return Err(ReadError::Encrypted),
            // Cell records: FORMULA, LABELSST, NUMBER, RK, BLANK, LABEL, BOOLERR, RSTRING; the
            // MUL* records give their last column at the end.
            0x0006 | 0x00FD | 0x0203 | 0x027E | 0x0201 | 0x0204 | 0x0205 | 0x00D6 | 0x00BD | 0x00BE => {
                let (Some(row), Some(first)) = (u16_at(0), u16_at(2)) else { continue };
                let col =
                    if matches!(typ, 0x00BD | 0x00BE) { u16_at(len.saturating_sub(2)).unwrap_or(first) } else { first };
                let (r0, c0) = extent.unwrap_or((0, 0));
                let now = (r0.max(row), c0.max(col));
                extent = Some(now);
                budget.check(&format!("#{}", substream.saturating_sub(1)), now.0, now.1)?;
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    #[test]
    fn filepass_in_the_globals_is_a_password() {
        let mut s = record(0x0809, &[0; 16]);
        s.extend(record(0x002F, &[1, 0]));
        assert!(matches!(scan_biff(s.as_slice(), &Limits::default()), Err(ReadError::Encrypted)));
    }

    #[test]
    fn a_cell_at_the_far_corner_is_refused() {
        let mut s = record(0x0809, &[0; 16]);
        s.extend(record(0x000A, &[]));
        s.extend(record(0x0809, &[0; 16]));
        s.extend(record(0x0203, &[0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        assert!(matches!(scan_biff(s.as_slice(), &Limits::default()), Err(ReadError::TooLarge { .. })));
        let mut ok = record(0x0809, &[0; 16]);
        ok.extend(record(0x0203, &[9, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        assert!(scan_biff(ok.as_slice(), &Limits::default()).is_ok());
    }
}
