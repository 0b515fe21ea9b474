//! `reviewdesk-server calendar`: working days and due dates, and importing a year's holiday
//! arrangement into a deployment.
//!
//! `workdays` and `due` answer from the bundled calendar, or from a deployment's with
//! `--data-dir DIR` / `--db URL`. `workdays` refuses a range reaching a year without official
//! data unless `--provisional`; `due` prints the date, followed by ` provisional` when the
//! answer rests on days no notice settles yet. `import FILE` imports a calendar file (the
//! bundled file's format, see the README) into a deployment, in one transaction.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::Utc;
use clap::{Args, Subcommand};
use reviewdesk_domain::calendar::{CalendarError, WorkCalendar};

use super::data_dir::{DataDirArg, StoreArg};
use super::dates::parse_date;
use super::Outcome;
use crate::store::calendar::{CalendarImport, CalendarImportReport, DEFAULT_WORKING_DAYS};
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Print the working dates from FROM to TO inclusive, one per line.
    Workdays {
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        /// Answer for years without official data too (weekends and statutory holidays),
        /// marking those dates ` provisional`.
        #[arg(long)]
        provisional: bool,
        #[command(flatten)]
        deployment: Deployment,
    },
    /// Print the date an answer is due for a request submitted on a date.
    Due {
        #[arg(long, value_name = "YYYY-MM-DD")]
        submitted: String,
        /// Working days after the submission date (at least 1).
        #[arg(long, default_value_t = DEFAULT_WORKING_DAYS,
              value_parser = clap::value_parser!(u32).range(1..))]
        days: u32,
        #[command(flatten)]
        deployment: Deployment,
    },
    /// Import a calendar file (a year's holiday notice) into a deployment.
    Import {
        /// The calendar file (format: README, "Keeping the calendar current").
        file: PathBuf,
        #[command(flatten)]
        data: StoreArg,
        /// Import even a file older than the current data for its years, or one without a
        /// `published` date.
        #[arg(long)]
        force: bool,
        /// Who imports (recorded with the version and in the audit log); default: $USER.
        #[arg(long, value_name = "NAME")]
        by: Option<String>,
    },
}

/// Where `workdays` and `due` take the calendar from: the bundled file unless told.
#[derive(Debug, Clone, Args)]
pub struct Deployment {
    /// A deployment's data directory: use its calendar.
    #[arg(long, value_name = "DIR", conflicts_with = "db")]
    data_dir: Option<PathBuf>,
    /// A deployment's PostgreSQL database: use its calendar.
    #[arg(long, value_name = "URL")]
    db: Option<String>,
}

impl Deployment {
    fn calendar(&self) -> Result<WorkCalendar, String> {
        if self.data_dir.is_none() && self.db.is_none() {
            return Ok(WorkCalendar::bundled().clone());
        }
        let store = StoreArg {
            data: DataDirArg { data_dir: self.data_dir.clone().unwrap_or_default() },
            db: self.db.clone(),
        };
        if let Some(missing) = store.missing() {
            return Err(missing);
        }
        let store: Arc<dyn Store> = store.open_store()?;
        store.calendar().map(|stored| stored.calendar).map_err(|e| e.to_string())
    }
}

pub fn run(command: &CalendarCommand, out: &mut impl Write, err: &mut impl Write) -> Outcome {
    let answer = match command {
        CalendarCommand::Workdays { from, to, provisional, deployment } => dates(from, to)
            .and_then(|(from, to)| {
                let calendar = deployment.calendar().map_err(Failure::Data)?;
                let days = if *provisional {
                    calendar.workdays_marked(from, to)
                } else {
                    calendar
                        .workdays(from, to)
                        .map(|days| days.into_iter().map(|d| (d, false)).collect())
                };
                days.map_err(Failure::Calendar).map(|days| {
                    days.iter().map(|(day, provisional)| line(*day, *provisional)).collect()
                })
            }),
        CalendarCommand::Due { submitted, days, deployment } => {
            parse_date("--submitted", submitted).map_err(Failure::Usage).and_then(|submitted| {
                let calendar = deployment.calendar().map_err(Failure::Data)?;
                let due = calendar.due(submitted, *days).map_err(Failure::Calendar)?;
                Ok(line(due.date, due.provisional))
            })
        }
        CalendarCommand::Import { file, data, force, by } => import(file, data, *force, by),
    };
    match answer {
        Ok(text) => match out.write_all(text.as_bytes()) {
            Ok(()) => Outcome::Success,
            Err(_) => Outcome::Negative,
        },
        Err(Failure::Usage(usage)) => {
            let _ = writeln!(err, "error: {usage}");
            Outcome::Usage
        }
        Err(Failure::Data(message)) => {
            let _ = writeln!(err, "error: {message}");
            Outcome::Negative
        }
        Err(Failure::Refused { code, message }) => {
            let _ = writeln!(err, "error [{code}]: {message}");
            Outcome::Negative
        }
        Err(Failure::Calendar(error)) => report(&error, err),
    }
}

/// Why a calendar command gave no answer.
enum Failure {
    Usage(String),
    Data(String),
    Refused { code: String, message: String },
    Calendar(CalendarError),
}

fn dates(from: &str, to: &str) -> Result<(chrono::NaiveDate, chrono::NaiveDate), Failure> {
    let from = parse_date("--from", from).map_err(Failure::Usage)?;
    let to = parse_date("--to", to).map_err(Failure::Usage)?;
    Ok((from, to))
}

/// One answer line: the date, and ` provisional` when it is.
fn line(day: chrono::NaiveDate, provisional: bool) -> String {
    if provisional {
        format!("{day} provisional\n")
    } else {
        format!("{day}\n")
    }
}

fn import(
    file: &PathBuf,
    data: &StoreArg,
    force: bool,
    by: &Option<String>,
) -> Result<String, Failure> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| Failure::Data(format!("cannot read {}: {e}", file.display())))?;
    if let Some(missing) = data.missing() {
        return Err(Failure::Data(missing));
    }
    let store = data.open_store().map_err(Failure::Data)?;
    let imported_by = by
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| "admin".to_owned());
    let report = store
        .import_calendar(
            &CalendarImport { text: &text, imported_by: &imported_by, force },
            Utc::now(),
        )
        .map_err(|error| Failure::Refused {
            code: error.code().as_str().to_owned(),
            message: error.to_string(),
        })?;
    Ok(describe(&report))
}

/// What an import changed, for the administrator.
fn describe(report: &CalendarImportReport) -> String {
    let Some(version) = report.version else {
        return "this file is already imported: nothing changed\n".to_owned();
    };
    let years = |years: &[i32]| {
        if years.is_empty() {
            "none".to_owned()
        } else {
            years.iter().map(i32::to_string).collect::<Vec<_>>().join(", ")
        }
    };
    let mut text = format!("imported as calendar version {version}\n");
    text.push_str(&format!("years added: {}\n", years(&report.years_added)));
    text.push_str(&format!("years replaced: {}\n", years(&report.years_replaced)));
    text.push_str(&format!("days changed: {}\n", report.changes.len()));
    for change in &report.changes {
        text.push_str(&format!("  {} {} → {}\n", change.date, change.before, change.after));
    }
    text.push_str(&format!("open submissions whose due date moved: {}\n", report.due_dates_moved));
    text.push_str(&format!(
        "open submissions whose due date became or stopped being provisional: {}\n",
        report.provisional_changed
    ));
    text
}

fn report(error: &CalendarError, err: &mut impl Write) -> Outcome {
    let _ = writeln!(err, "error [{}]: {}", error.code(), error);
    match error.code() {
        "bad_range" | "zero_working_days" => Outcome::Usage,
        _ => Outcome::Negative,
    }
}
