//! The monthly report: a month's statistics (the same [`Stats`] the 统计 view charts) as an XLSX
//! workbook with Chinese headers — 概况 (totals, SLA, QA and golden agreement, the queue now),
//! 每日, 审核人员 and 不通过原因. Numbers are numbers, text is text (never a formula).

use reviewdesk_domain::reasons;
use reviewdesk_domain::wire::supervision::{Agreement, Stats};
use rust_xlsxwriter::{Format, Workbook, Worksheet};

use super::export::ExportError;

/// The sheets' names, in order.
pub const SHEETS: [&str; 4] = ["概况", "每日", "审核人员", "不通过原因"];

fn header(sheet: &mut Worksheet, titles: &[&str]) -> Result<(), ExportError> {
    let bold = Format::new().set_bold();
    for (column, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *title, &bold)?;
        sheet.set_column_width(column as u16, 14)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn share(agreement: Agreement) -> Option<f64> {
    (agreement.checked > 0).then(|| f64::from(agreement.agreed) / f64::from(agreement.checked))
}

/// Writes a number, or leaves the cell empty when there is none (no "NaN", no 0 that means nothing).
fn number(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    value: Option<f64>,
) -> Result<(), ExportError> {
    if let Some(value) = value {
        sheet.write_number(row, column, value)?;
    }
    Ok(())
}

/// The workbook of `stats` (a month's, `month` as `YYYY-MM`).
pub fn monthly_xlsx(stats: &Stats, month: &str) -> Result<Vec<u8>, ExportError> {
    let mut workbook = Workbook::new();
    let percent = Format::new().set_num_format("0.0%");

    let summary = workbook.add_worksheet();
    summary.set_name(SHEETS[0])?;
    header(summary, &["项目", "数值"])?;
    summary.set_column_width(0, 32)?;
    let rows: [(&str, Option<f64>); 12] = [
        ("决定总数", Some(f64::from(stats.decisions))),
        ("通过", Some(f64::from(stats.approved))),
        ("不通过", Some(f64::from(stats.decisions - stats.approved))),
        ("超过答复期限的决定", Some(f64::from(stats.sla_breaches))),
        ("质检复核数", Some(f64::from(stats.qa.checked))),
        ("质检维持数", Some(f64::from(stats.qa.agreed))),
        ("金标作答数", Some(f64::from(stats.golden.checked))),
        ("金标答对数", Some(f64::from(stats.golden.agreed))),
        ("当前未结", Some(f64::from(stats.open))),
        ("其中一个工作日内到期或已超期", Some(f64::from(stats.at_risk))),
        ("质检一致率", share(stats.qa)),
        ("金标一致率", share(stats.golden)),
    ];
    summary.write_string(1, 0, "月份")?;
    summary.write_string(1, 1, month)?;
    summary.write_string(2, 0, "统计范围（北京时间）")?;
    summary.write_string(2, 1, format!("{} 至 {}", stats.from, stats.to))?;
    for (i, (title, value)) in rows.iter().enumerate() {
        let row = i as u32 + 3;
        summary.write_string(row, 0, *title)?;
        match (title.ends_with("一致率"), value) {
            (true, Some(value)) => {
                summary.write_number_with_format(row, 1, *value, &percent)?;
            }
            (_, value) => number(summary, row, 1, *value)?,
        }
    }

    let daily = workbook.add_worksheet();
    daily.set_name(SHEETS[1])?;
    header(daily, &["日期", "通过", "不通过", "合计"])?;
    for (i, day) in stats.per_day.iter().enumerate() {
        let row = i as u32 + 1;
        daily.write_string(row, 0, day.date.format("%Y-%m-%d").to_string())?;
        daily.write_number(row, 1, f64::from(day.approved))?;
        daily.write_number(row, 2, f64::from(day.rejected))?;
        daily.write_number(row, 3, f64::from(day.approved + day.rejected))?;
    }

    let reviewers = workbook.add_worksheet();
    reviewers.set_name(SHEETS[2])?;
    header(
        reviewers,
        &[
            "审核人员",
            "决定数",
            "通过",
            "不通过",
            "每个工作日决定数",
            "处理用时中位数（秒）",
            "超期决定",
            "质检复核",
            "质检维持",
            "金标作答",
            "金标答对",
        ],
    )?;
    for (i, reviewer) in stats.reviewers.iter().enumerate() {
        let row = i as u32 + 1;
        reviewers.write_string(row, 0, &reviewer.reviewer)?;
        reviewers.write_number(row, 1, f64::from(reviewer.decisions))?;
        reviewers.write_number(row, 2, f64::from(reviewer.approved))?;
        reviewers.write_number(row, 3, f64::from(reviewer.decisions - reviewer.approved))?;
        reviewers.write_number(row, 4, reviewer.per_active_day)?;
        number(reviewers, row, 5, reviewer.median_handling_seconds)?;
        reviewers.write_number(row, 6, f64::from(reviewer.sla_breaches))?;
        reviewers.write_number(row, 7, f64::from(reviewer.qa.checked))?;
        reviewers.write_number(row, 8, f64::from(reviewer.qa.agreed))?;
        reviewers.write_number(row, 9, f64::from(reviewer.golden.checked))?;
        reviewers.write_number(row, 10, f64::from(reviewer.golden.agreed))?;
    }

    let reasons_sheet = workbook.add_worksheet();
    reasons_sheet.set_name(SHEETS[3])?;
    header(reasons_sheet, &["不通过原因", "次数", "金标预期该原因", "金标答出该原因"])?;
    reasons_sheet.set_column_width(0, 36)?;
    for (i, reason) in stats.reasons.iter().enumerate() {
        let row = i as u32 + 1;
        let label = reasons::find(&reason.code).map_or(reason.code.as_str(), |r| r.zh);
        reasons_sheet.write_string(row, 0, label)?;
        reasons_sheet.write_number(row, 1, f64::from(reason.count))?;
        reasons_sheet.write_number(row, 2, f64::from(reason.golden.checked))?;
        reasons_sheet.write_number(row, 3, f64::from(reason.golden.agreed))?;
    }
    Ok(workbook.save_to_buffer()?)
}
