//! The decision log as a file a supervisor opens in Excel: CSV (UTF-8 with a byte-order mark, so
//! Excel reads the Chinese right) or XLSX. ID numbers are masked unless the export is a full one
//! (which the caller audits). Cells that a spreadsheet would run as a formula are neutralised.

use chrono::FixedOffset;
use reviewdesk_domain::reasons;
use reviewdesk_domain::review::{Outcome, SubmissionStatus};
use reviewdesk_domain::wire::supervision::DecisionLogEntry;
use reviewdesk_domain::wire::Stage;

use crate::store::LogRecord;

/// Most rows one export holds: one sheet of Excel, less its header.
pub const MAX_EXPORT_ROWS: usize = 1_048_575;

const HEADER: [&str; 17] = [
    "案件编号",
    "决定编号",
    "申请编号",
    "审核人员",
    "阶段",
    "结果",
    "不通过原因",
    "决定时间（北京时间）",
    "处理用时（秒）",
    "答复期限",
    "超期",
    "证件类型",
    "证件号码",
    "第几次申请",
    "当前状态",
    "被改判",
    "质检抽样",
];

#[derive(Debug, thiserror::Error)]
#[error("could not write the spreadsheet: {0}")]
pub struct ExportError(#[from] rust_xlsxwriter::XlsxError);

fn yes_no(value: bool) -> &'static str {
    if value {
        "是"
    } else {
        "否"
    }
}

fn status_zh(status: SubmissionStatus) -> &'static str {
    match status {
        SubmissionStatus::Pending => "待审核",
        SubmissionStatus::PendingSecondReview => "待复核",
        SubmissionStatus::Approved => "通过",
        SubmissionStatus::Rejected => "不通过",
    }
}

/// Reasons as the Chinese labels a person reads (an unknown code as itself).
fn reason_labels(codes: &[String]) -> String {
    let labels: Vec<&str> = codes
        .iter()
        .map(|code| reasons::find(code).map_or(code.as_str(), |reason| reason.zh))
        .collect();
    labels.join("、")
}

/// One entry as the row's cells, in [`HEADER`] order.
fn cells(record: &LogRecord, full: bool) -> [String; 17] {
    let entry: &DecisionLogEntry = &record.entry;
    let beijing = FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
    [
        entry.case_number.clone(),
        entry.decision_id.clone(),
        entry.submission_id.clone(),
        entry.reviewer.clone(),
        match entry.stage {
            Stage::First => "初审".into(),
            Stage::Second => "复核".into(),
        },
        match entry.outcome {
            Outcome::Approve => "通过".into(),
            Outcome::Reject => "不通过".into(),
        },
        reason_labels(&entry.reasons),
        entry.decided_at.with_timezone(&beijing).format("%Y-%m-%d %H:%M:%S").to_string(),
        entry.handling_seconds.map(|s| s.to_string()).unwrap_or_default(),
        entry
            .due_date
            .map(|d| if entry.due_provisional { format!("{d}（暂定）") } else { d.to_string() })
            .unwrap_or_default(),
        yes_no(entry.sla_breached).into(),
        entry.id_type.name_zh().into(),
        if full { record.id_number.clone() } else { entry.id_number_masked.clone() },
        entry.attempt.to_string(),
        status_zh(entry.status).into(),
        yes_no(entry.overturned).into(),
        yes_no(entry.qa_sampled).into(),
    ]
}

/// A cell a spreadsheet would read as a formula gets a leading apostrophe.
fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn csv_field(out: &mut String, cell: &str) {
    let cell = inert(cell);
    if cell.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&cell);
    }
}

fn csv_row<'a>(out: &mut String, row: impl IntoIterator<Item = &'a str>) {
    for (i, cell) in row.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_field(out, cell);
    }
    out.push_str("\r\n");
}

/// The records as CSV: UTF-8 with a byte-order mark, CRLF line ends.
pub fn csv(records: &[LogRecord], full: bool) -> Vec<u8> {
    let mut out = String::from('\u{feff}');
    csv_row(&mut out, HEADER);
    for record in records {
        let cells = cells(record, full);
        csv_row(&mut out, cells.iter().map(String::as_str));
    }
    out.into_bytes()
}

/// The records as an XLSX workbook of one sheet.
pub fn xlsx(records: &[LogRecord], full: bool) -> Result<Vec<u8>, ExportError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("审核记录")?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (column, title) in HEADER.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *title, &bold)?;
    }
    for (row, record) in records.iter().enumerate() {
        for (column, cell) in cells(record, full).iter().enumerate() {
            // Strings, never formulas: write_string stores text as text.
            sheet.write_string(row as u32 + 1, column as u16, cell)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(workbook.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use reviewdesk_domain::id::IdType;

    use super::*;

    fn record(reviewer: &str) -> LogRecord {
        LogRecord {
            entry: DecisionLogEntry {
                decision_id: "d1".into(),
                submission_id: "s1".into(),
                case_number: "11-20261203-0007".into(),
                reviewer: reviewer.into(),
                stage: Stage::First,
                outcome: Outcome::Reject,
                reasons: vec!["photo_rotated".into(), "other".into()],
                decided_at: "2026-12-03T16:30:00Z".parse().unwrap(),
                handling_seconds: Some(95),
                due_date: "2026-12-10".parse().ok(),
                due_provisional: false,
                sla_breached: false,
                id_type: IdType::Resident,
                id_number_masked: "1101**********0015".into(),
                attempt: 2,
                status: SubmissionStatus::Rejected,
                overturned: true,
                qa_sampled: false,
            },
            id_number: "110105199001010015".into(),
        }
    }

    #[test]
    fn csv_starts_with_a_bom_masks_numbers_and_quotes_what_needs_it() {
        let text = String::from_utf8(csv(&[record("wang,\"li\"")], false)).unwrap();
        assert!(text.starts_with("\u{feff}案件编号,决定编号,申请编号,审核人员"));
        let row = text.lines().nth(1).unwrap();
        assert!(row.starts_with(
            "11-20261203-0007,d1,s1,\"wang,\"\"li\"\"\",初审,不通过,照片存在旋转、其他原因,2026-12-04 00:30:00,95,"
        ));
        assert!(row.contains("1101**********0015"));
        assert!(!text.contains("110105199001010015"));
        let full = String::from_utf8(csv(&[record("wang")], true)).unwrap();
        assert!(full.contains("110105199001010015"));
    }

    #[test]
    fn a_formula_is_kept_as_text() {
        let text = String::from_utf8(csv(&[record("=HYPERLINK(\"x\")")], false)).unwrap();
        assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\""));
    }

    #[test]
    fn xlsx_is_a_zip_workbook() {
        let bytes = xlsx(&[record("wang")], false).unwrap();
        assert_eq!(&bytes[..2], b"PK");
        assert!(bytes.len() > 1000);
    }
}
