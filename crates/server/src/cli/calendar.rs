//! `reviewdesk-server calendar`: working days and due dates from the bundled official calendar.

use std::io::Write;

use clap::Subcommand;
use reviewdesk_domain::calendar::{CalendarError, WorkCalendar};

use super::dates::parse_date;
use super::Outcome;

/// Working days promised for an answer (7 个工作日).
const DEFAULT_DUE_WORKING_DAYS: u32 = 7;

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Print the working dates from FROM to TO inclusive, one per line.
    Workdays {
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
    },
    /// Print the date an answer is due for a request submitted on a date.
    Due {
        #[arg(long, value_name = "YYYY-MM-DD")]
        submitted: String,
        /// Working days after the submission date (at least 1).
        #[arg(long, default_value_t = DEFAULT_DUE_WORKING_DAYS,
              value_parser = clap::value_parser!(u32).range(1..))]
        days: u32,
    },
}

pub fn run(command: &CalendarCommand, out: &mut impl Write, err: &mut impl Write) -> Outcome {
    let calendar = WorkCalendar::bundled();
    let answer = match command {
        CalendarCommand::Workdays { from, to } => parse_date("--from", from)
            .and_then(|from| Ok((from, parse_date("--to", to)?)))
            .map(|(from, to)| {
                calendar
                    .workdays(from, to)
                    .map(|days| days.iter().map(|d| format!("{d}\n")).collect::<String>())
            }),
        CalendarCommand::Due { submitted, days } => parse_date("--submitted", submitted)
            .map(|submitted| calendar.due_date(submitted, *days).map(|due| format!("{due}\n"))),
    };
    match answer {
        Err(usage) => {
            let _ = writeln!(err, "error: {usage}");
            Outcome::Usage
        }
        Ok(Err(error)) => report(&error, err),
        Ok(Ok(text)) => match out.write_all(text.as_bytes()) {
            Ok(()) => Outcome::Success,
            Err(_) => Outcome::Negative,
        },
    }
}

fn report(error: &CalendarError, err: &mut impl Write) -> Outcome {
    let _ = writeln!(err, "error [{}]: {}", error.code(), error);
    match error.code() {
        "bad_range" | "zero_working_days" => Outcome::Usage,
        _ => Outcome::Negative,
    }
}
