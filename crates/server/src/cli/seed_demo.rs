//! `reviewdesk-server seed-demo`: fills a data directory with the demo queue and demo accounts
//! ([`crate::demo`]).

use std::io::Write;

use clap::Args;

use super::data_dir::DataDirArg;
use super::Outcome;
use crate::clock::{Clock, SystemClock};
use crate::demo::{self, DemoOptions, DEMO_PASSWORD, MAX_COUNT};

#[derive(Debug, Args)]
pub struct SeedDemoArgs {
    /// How many submissions to create.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_COUNT)))]
    count: u32,
    /// Seed of the synthetic data (same seed, same applicants and photos).
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Two-digit codes of the provinces to spread the applicants over.
    #[arg(long, value_delimiter = ',', default_value = "11,31,44")]
    provinces: Vec<String>,
    #[command(flatten)]
    data: DataDirArg,
}

pub fn run(args: &SeedDemoArgs, out: &mut impl Write, err: &mut impl Write) -> Outcome {
    let options =
        DemoOptions { count: args.count, seed: args.seed, provinces: args.provinces.clone() };
    match demo::seed(&args.data.dir(), &options, SystemClock.now()) {
        Ok(summary) => {
            let _ = writeln!(
                out,
                "seeded {}: {} new submissions ({} already there)",
                args.data.data_dir.display(),
                summary.created,
                summary.already_there
            );
            let _ = writeln!(
                out,
                "  decided by the second demo reviewer of each province: {}",
                summary.decided
            );
            for (province, count) in &summary.per_province {
                let _ = writeln!(out, "  province {province}: {count}");
            }
            for (kind, count) in &summary.defects {
                let _ = writeln!(out, "  planted defect {kind}: {count}");
            }
            let _ = writeln!(
                out,
                "demo accounts (password {DEMO_PASSWORD}): {}",
                summary.accounts.join(", ")
            );
            Outcome::Success
        }
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            Outcome::Negative
        }
    }
}
