//! The `reviewdesk-server` command line: argument parsing and exit codes.
//!
//! Exit codes: 0 success, 1 a negative answer or a data problem (invalid ID, year without calendar
//! data, a broken audit chain, an unusable data directory), 2 a usage error (unknown flag,
//! malformed date, an invalid username or province). A configuration file or `REVIEWDESK__…`
//! variable with a wrong key or value is a data problem: 1.
//! `precheck` answers 1 when any file has an error.

mod audit;
mod backup;
mod calendar;
mod check_id;
mod config;
mod data_dir;
mod dates;
mod face_calibration;
mod intake_key;
mod man;
mod precheck;
mod retention;
#[cfg(feature = "demo")]
mod seed_demo;
mod serve;
mod user;
mod user_lifecycle;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// ReviewDesk (审核台) review server and tools.
#[derive(Debug, Parser)]
#[command(name = "reviewdesk-server", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse an ID number and check a declared identity against it; prints one JSON object.
    CheckId(check_id::CheckIdArgs),
    /// China's official working days (public holidays and make-up working days).
    #[command(subcommand)]
    Calendar(calendar::CalendarCommand),
    /// Run the review server over HTTP.
    Serve(serve::ServeArgs),
    /// The server's configuration file: check one, or print every default.
    #[command(subcommand)]
    Config(config::ConfigCommand),
    /// Staff accounts.
    #[command(subcommand)]
    User(user::UserCommand),
    /// Keys of the applicant-facing system.
    #[command(subcommand)]
    IntakeKey(intake_key::IntakeKeyCommand),
    /// The audit log.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Fill a data directory with a realistic demo queue and demo accounts (demo data only).
    #[cfg(feature = "demo")]
    SeedDemo(seed_demo::SeedDemoArgs),
    /// Copy a running embedded deployment (database and photos) to a new folder, verified.
    Backup(backup::BackupArgs),
    /// Bring a backup back into a data directory (verified first; --force to replace).
    Restore(backup::RestoreArgs),
    /// Retention: delete personal data of long-decided submissions and unused photo files.
    #[command(subcommand)]
    Retention(retention::RetentionCommand),
    /// The automatic photo checks on JPEG files; prints one JSON object per file.
    Precheck(precheck::PrecheckArgs),
    /// A province's latest face-similarity calibration (rates per threshold) and the bands in
    /// force.
    FaceCalibration(face_calibration::FaceCalibrationArgs),
    /// Write the manual pages of this command and every subcommand into a folder (packaging).
    #[command(hide = true)]
    Man(man::ManArgs),
}

/// The exit code of a finished command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Negative,
    Usage,
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Success => ExitCode::SUCCESS,
            Outcome::Negative => ExitCode::from(1),
            Outcome::Usage => ExitCode::from(2),
        }
    }
}

/// Runs the command line of the current process.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    // Not locked for the whole command: `serve` logs to stderr from its worker threads.
    let mut stderr = std::io::stderr();
    let outcome = match cli.command {
        Command::CheckId(args) => check_id::run(&args, &mut stdout, &mut stderr),
        Command::Calendar(command) => calendar::run(&command, &mut stdout, &mut stderr),
        Command::Serve(args) => serve::run(&args, &mut stdout, &mut stderr),
        Command::Config(command) => config::run(&command, &mut stdout, &mut stderr),
        Command::User(command) => {
            user::run(&command, &mut std::io::stdin().lock(), &mut stdout, &mut stderr)
        }
        Command::IntakeKey(command) => intake_key::run(&command, &mut stdout, &mut stderr),
        Command::Audit(command) => audit::run(&command, &mut stdout, &mut stderr),
        #[cfg(feature = "demo")]
        Command::SeedDemo(args) => seed_demo::run(&args, &mut stdout, &mut stderr),
        Command::Backup(args) => backup::run_backup(&args, &mut stdout, &mut stderr),
        Command::Restore(args) => backup::run_restore(&args, &mut stdout, &mut stderr),
        Command::Retention(command) => retention::run(&command, &mut stdout, &mut stderr),
        Command::Precheck(args) => precheck::run(&args, &mut stdout, &mut stderr),
        Command::FaceCalibration(args) => face_calibration::run(&args, &mut stdout, &mut stderr),
        Command::Man(args) => man::run(&args, &mut stdout, &mut stderr),
    };
    outcome.into()
}
