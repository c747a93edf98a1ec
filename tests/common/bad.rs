//! Generators for hostile and broken input files: each writes a small file (kilobytes) that
//! claims or unpacks to something huge, so nothing large is committed.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use zip::write::SimpleFileOptions;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// A zip of `(name, content)` parts, deflated.
pub fn zip(path: &Path, parts: &[(&str, &[u8])]) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        z.start_file(*name, options).unwrap();
        z.write_all(content).unwrap();
    }
    z.finish().unwrap();
}

/// An .xlsx with one sheet whose `<sheetData>` is `sheet_data` and the shared strings given.
pub fn xlsx(path: &Path, sheet_data: &str, shared: &[&str]) {
    xlsx_with(path, sheet_data, "", shared);
}

/// [`xlsx`], with more of the worksheet after `<sheetData>` (e.g. `<mergeCells>`).
pub fn xlsx_with(path: &Path, sheet_data: &str, after: &str, shared: &[&str]) {
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData>{after}</worksheet>"#
    );
    let sst: String = shared.iter().map(|s| format!("<si><t>{s}</t></si>")).collect();
    let sst = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{0}" uniqueCount="{0}">{sst}</sst>"#,
        shared.len()
    );
    zip(
        path,
        &[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", RELS.as_bytes()),
            ("xl/workbook.xml", WORKBOOK.as_bytes()),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
            ("xl/sharedStrings.xml", sst.as_bytes()),
        ],
    );
}

/// A number cell.
pub fn num(cell: &str, v: f64) -> String {
    format!(r#"<c r="{cell}"><v>{v}</v></c>"#)
}

/// An inline string cell (`t="inlineStr"`).
pub fn text(cell: &str, s: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{s}</t></is></c>"#)
}

/// A zip bomb in an .xlsx: a worksheet part that inflates to `mb` megabytes of blank rows.
pub fn zip_bomb(path: &Path, mb: usize) {
    let row = "<row/>".repeat(1024 * 1024 / 6);
    let mut data = String::with_capacity(mb << 20);
    for _ in 0..mb {
        data.push_str(&row);
    }
    xlsx(path, &data, &[]);
}

/// A legacy workbook stream of BIFF records in an OLE file.
pub fn xls(path: &Path, records: &[(u16, Vec<u8>)]) {
    let mut stream = Vec::new();
    for (typ, data) in records {
        stream.extend(typ.to_le_bytes());
        stream.extend((data.len() as u16).to_le_bytes());
        stream.extend(data);
    }
    let mut ole = cfb::create(path).unwrap();
    ole.create_stream("/Workbook").unwrap().write_all(&stream).unwrap();
    ole.flush().unwrap();
}

/// A BIFF8 BOF record (workbook globals or worksheet).
pub fn bof(sheet: bool) -> (u16, Vec<u8>) {
    let mut d = vec![0u8; 16];
    d[0..2].copy_from_slice(&0x0600u16.to_le_bytes());
    d[2..4].copy_from_slice(&(if sheet { 0x10u16 } else { 0x05 }).to_le_bytes());
    (0x0809, d)
}

/// A BIFF NUMBER record at a 0-based row and column.
pub fn biff_number(row: u16, col: u16, v: f64) -> (u16, Vec<u8>) {
    let mut d = Vec::new();
    d.extend(row.to_le_bytes());
    d.extend(col.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    d.extend(v.to_le_bytes());
    (0x0203, d)
}

/// An .ods whose one table repeats a row of `cols` numbers `rows` times.
pub fn ods_repeated(path: &Path, rows: u64, cols: u64) {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="表1"><table:table-row table:number-rows-repeated="{rows}"><table:table-cell table:number-columns-repeated="{cols}" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("mimetype", stored).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    z.start_file("content.xml", stored).unwrap();
    z.write_all(content.as_bytes()).unwrap();
    z.start_file("META-INF/manifest.xml", stored).unwrap();
    z.write_all(manifest.as_bytes()).unwrap();
    z.finish().unwrap();
}

/// A Word document (.docx) as far as a zip's part names go.
pub fn docx(path: &Path) {
    zip(
        path,
        &[
            ("[Content_Types].xml", b"<Types/>".as_slice()),
            ("word/document.xml", b"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>\xe6\x95\x99\xe5\xb8\x88\xe5\x90\x8d\xe5\x86\x8c</w:t></w:r></w:p></w:body></w:document>".as_slice()),
        ],
    );
}
