//! `reviewdesk-server check-id`: one declared identity in, one JSON object out.

use std::io::Write;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use reviewdesk_domain::consistency::{self, DeclaredIdentity, Validity};
use reviewdesk_domain::id::{IdType, Nationality, Sex};
use reviewdesk_domain::region::RegionInfo;
use reviewdesk_domain::{Finding, Lang};
use serde::Serialize;

use super::dates::parse_date;
use super::Outcome;
use crate::clock::{china_date, Clock, SystemClock};

#[derive(Debug, Args)]
pub struct CheckIdArgs {
    /// Document type: resident, hk-macau-permit, taiwan-permit, foreign-permanent, hk-macau-travel,
    /// taiwan-travel, passport.
    #[arg(long = "type", value_name = "TYPE")]
    id_type: IdType,
    /// The document number as the applicant entered it.
    number: String,
    /// Declared sex.
    #[arg(long, value_enum)]
    sex: Option<SexArg>,
    /// Declared birth date, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    birth: Option<String>,
    /// Declared start of the document's validity, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    valid_from: Option<String>,
    /// Declared end of the document's validity, YYYY-MM-DD, or `long-term` (长期).
    #[arg(long, value_name = "YYYY-MM-DD|long-term")]
    valid_to: Option<String>,
    /// The date to check against (expiry, future birth dates); default: today in Beijing time.
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// Language of the messages.
    #[arg(long, value_enum, default_value = "zh")]
    lang: LangArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SexArg {
    #[value(name = "M", alias = "m")]
    M,
    #[value(name = "F", alias = "f")]
    F,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

/// One error or warning as the CLI prints it.
#[derive(Debug, Serialize)]
struct CodeMessage<'a> {
    code: &'a str,
    message: &'a str,
}

/// The printed JSON object.
#[derive(Debug, Serialize)]
struct CheckIdOutput<'a> {
    valid: bool,
    id_type: IdType,
    normalized: Option<&'a str>,
    sex: Option<Sex>,
    birth_date: Option<NaiveDate>,
    region: Option<&'a RegionInfo>,
    nationality: Option<&'a Nationality>,
    errors: Vec<CodeMessage<'a>>,
    warnings: Vec<CodeMessage<'a>>,
}

struct Parsed {
    declared: DeclaredIdentity,
    today: NaiveDate,
    lang: Lang,
}

fn parse_args(args: &CheckIdArgs) -> Result<Parsed, String> {
    let optional_date = |flag: &str, value: &Option<String>| -> Result<Option<NaiveDate>, String> {
        value.as_deref().map(|v| parse_date(flag, v)).transpose()
    };
    let valid_to = match args.valid_to.as_deref() {
        None => None,
        Some("long-term") | Some("长期") => Some(Validity::LongTerm),
        Some(value) => Some(Validity::Until(parse_date("--valid-to", value)?)),
    };
    let declared = DeclaredIdentity {
        sex: args.sex.map(|s| match s {
            SexArg::M => Sex::Male,
            SexArg::F => Sex::Female,
        }),
        birth_date: optional_date("--birth", &args.birth)?,
        valid_from: optional_date("--valid-from", &args.valid_from)?,
        valid_to,
        ..DeclaredIdentity::number_only(args.id_type, args.number.clone())
    };
    let today =
        optional_date("--today", &args.today)?.unwrap_or_else(|| china_date(SystemClock.now()));
    let lang = match args.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    Ok(Parsed { declared, today, lang })
}

pub fn run(args: &CheckIdArgs, out: &mut impl Write, err: &mut impl Write) -> Outcome {
    let Parsed { declared, today, lang } = match parse_args(args) {
        Ok(parsed) => parsed,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return Outcome::Usage;
        }
    };
    let report = consistency::check(&declared, today);
    let listed = |keep_errors: bool| -> Vec<CodeMessage<'_>> {
        report
            .findings
            .iter()
            .filter(|f: &&Finding| f.is_error() == keep_errors)
            .map(|f| CodeMessage { code: &f.code, message: f.message(lang) })
            .collect()
    };
    let parsed = report.parsed.as_ref();
    let output = CheckIdOutput {
        valid: report.is_valid(),
        id_type: args.id_type,
        normalized: parsed.map(|p| p.normalized.as_str()),
        sex: parsed.and_then(|p| p.sex),
        birth_date: parsed.and_then(|p| p.birth_date),
        region: parsed.and_then(|p| p.region.as_ref()),
        nationality: parsed.and_then(|p| p.nationality.as_ref()),
        errors: listed(true),
        warnings: listed(false),
    };
    match serde_json::to_string(&output) {
        Ok(json) if writeln!(out, "{json}").is_ok() => {
            if output.valid {
                Outcome::Success
            } else {
                Outcome::Negative
            }
        }
        _ => {
            let _ = writeln!(err, "error: could not write the result");
            Outcome::Negative
        }
    }
}
