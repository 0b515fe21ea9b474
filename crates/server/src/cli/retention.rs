//! `reviewdesk-server retention run`: the retention sweep once (see [`crate::retention`]), with
//! the same configuration `serve` reads (`--config`, the `REVIEWDESK__…` variables, and
//! `--data-dir`/`--db`/`--images-dir` over them). Prints one JSON line of counts.

use std::io::Write;
use std::path::PathBuf;

use chrono::{Duration, Utc};
use clap::{Args, Subcommand};

use super::data_dir::{ConfiguredStoreArgs, StoreArg};
use super::Outcome;
use crate::config::ServerConfig;
use crate::images::ImageFiles;
use crate::retention::{run as run_retention, RetentionPolicy};

#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// Delete the personal data of submissions decided longer ago than `retention.days`, and
    /// photo files no submission uses.
    Run(RetentionArgs),
}

#[derive(Debug, Args)]
pub struct RetentionArgs {
    #[command(flatten)]
    store: ConfiguredStoreArgs,
    /// Where the photos are kept [default: DIR/images].
    #[arg(long, value_name = "DIR")]
    images_dir: Option<PathBuf>,
}

/// The retention policy of a configuration.
pub fn policy(config: &ServerConfig) -> RetentionPolicy {
    RetentionPolicy {
        keep_decided: Duration::days(i64::from(config.retention.days)),
        orphan_min_age: Duration::minutes(i64::from(config.retention.orphan_min_age_minutes)),
    }
}

pub fn run(command: &RetentionCommand, out: &mut impl Write, err: &mut impl Write) -> Outcome {
    let RetentionCommand::Run(args) = command;
    let mut config = match args.store.config() {
        Ok(config) => config,
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            return Outcome::Negative;
        }
    };
    if let Some(dir) = &args.images_dir {
        config.storage.images_dir = Some(dir.clone());
    }
    let location = StoreArg::of(&config);
    if let Some(missing) = location.missing() {
        let _ = writeln!(err, "error: {missing}");
        return Outcome::Negative;
    }
    let store = match location.open_store() {
        Ok(store) => store,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return Outcome::Negative;
        }
    };
    let images = match &config.storage.images_dir {
        Some(dir) => ImageFiles::new(dir),
        None => location.data.images(),
    };
    match run_retention(store.as_ref(), &images, policy(&config), Utc::now()) {
        Ok(report) => {
            let line = serde_json::json!({
                "submissions_purged": report.submissions,
                "purged_images_removed": report.purged_images,
                "orphan_images_removed": report.orphan_images,
            });
            let _ = writeln!(out, "{line}");
            Outcome::Success
        }
        Err(error) => {
            let _ = writeln!(err, "error: retention: {error}");
            Outcome::Negative
        }
    }
}
