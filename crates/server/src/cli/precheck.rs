//! `reviewdesk-server precheck FILE...`: the automatic photo checks (reviewdesk-imaging) on each
//! file, one JSON object per line (`file` and the fields of `reviewdesk_imaging::Report`).
//! Exit 0 when every file was read and has no errors, 1 when any has an error or cannot be read.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use reviewdesk_imaging::{check, CheckConfig, Issue, OcrEngine, Report, Strategy};
use serde::Serialize;

use super::Outcome;

#[derive(Debug, Args)]
pub struct PrecheckArgs {
    /// JPEG files to check.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Skip the OCR (orientation from EXIF only, `unsure`; side `unknown`).
    #[arg(long)]
    no_ocr: bool,
    /// Variance-of-Laplacian threshold under which a photo counts as blurred.
    #[arg(long, value_name = "SCORE")]
    blur_threshold: Option<f64>,
    /// Try all 8 orientations instead of stopping when decisive (the slow baseline).
    #[arg(long)]
    all_candidates: bool,
}

#[derive(Serialize)]
struct Line<'a> {
    file: String,
    #[serde(flatten)]
    report: &'a Report,
}

pub fn run(args: &PrecheckArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Outcome {
    let mut config = CheckConfig::default();
    if let Some(threshold) = args.blur_threshold {
        config.blur_threshold = threshold;
    }
    let mut engine = None;
    let mut ocr_problem = None;
    if !args.no_ocr {
        match OcrEngine::new() {
            Ok(started) => engine = Some(started),
            Err(error) => {
                let _ = writeln!(stderr, "precheck: OCR unavailable: {error}");
                ocr_problem = Some(Issue::new(error.code(), error.message_zh()));
            }
        }
    }
    let strategy = if args.all_candidates { Strategy::AllCandidates } else { Strategy::Fast };
    let mut all_ok = true;
    for path in &args.files {
        let file = path.display().to_string();
        let mut report = match std::fs::read(path) {
            Ok(bytes) => check(&bytes, &config, engine.as_mut().map(|engine| (engine, strategy))),
            Err(error) => {
                let _ = writeln!(stderr, "precheck: cannot read {file}: {error}");
                unread(&file)
            }
        };
        if let Some(problem) = &ocr_problem {
            report.warnings.push(problem.clone());
        }
        all_ok &= report.ok;
        match serde_json::to_string(&Line { file, report: &report }) {
            Ok(json) => {
                let _ = writeln!(stdout, "{json}");
            }
            Err(error) => {
                let _ = writeln!(stderr, "precheck: {error}");
                all_ok = false;
            }
        }
    }
    if all_ok {
        Outcome::Success
    } else {
        Outcome::Negative
    }
}

/// The report of a file that could not be read at all.
fn unread(file: &str) -> Report {
    let mut report = check(&[], &CheckConfig::default(), None);
    report.errors = vec![Issue::new("file_unreadable", format!("无法读取文件 {file}"))];
    report.sha256.clear();
    report
}
