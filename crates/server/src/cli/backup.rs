//! `reviewdesk-server backup --data-dir D DEST` (online, while `serve` runs) and
//! `reviewdesk-server restore SRC --data-dir D [--force]`: see [`crate::backup`]. Each prints
//! one JSON line of counts; any problem is exit 1 with a message naming it.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::data_dir::DataDirArg;
use super::Outcome;
use crate::backup::{backup, restore, CopyReport};
use crate::data_dir::DataDir;

#[derive(Debug, Args)]
pub struct BackupArgs {
    #[command(flatten)]
    data: DataDirArg,
    /// A new or empty folder to write the copy to.
    dest: PathBuf,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup folder (made by `backup`).
    source: PathBuf,
    #[command(flatten)]
    data: DataDirArg,
    /// Replace the data directory's database and photos if it is not empty.
    #[arg(long)]
    force: bool,
}

fn answer(
    done: Result<CopyReport, crate::backup::BackupError>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Outcome {
    match done {
        Ok(report) => {
            let line = serde_json::json!({
                "submissions": report.submissions,
                "images": report.images,
                "audit_events": report.audit_events,
                "verified": true,
            });
            let _ = writeln!(out, "{line}");
            Outcome::Success
        }
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            Outcome::Negative
        }
    }
}

pub fn run_backup(args: &BackupArgs, out: &mut impl Write, err: &mut impl Write) -> Outcome {
    answer(backup(&args.data.dir(), &DataDir::new(&args.dest)), out, err)
}

pub fn run_restore(args: &RestoreArgs, out: &mut impl Write, err: &mut impl Write) -> Outcome {
    answer(restore(&DataDir::new(&args.source), &args.data.dir(), args.force), out, err)
}
