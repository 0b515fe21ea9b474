//! `reviewdesk-server seed-demo`: fills a data directory with a realistic demo queue: synthetic
//! applicants of several provinces and every ID type, their three rendered photos, a known share
//! with planted defects (wrong sex or birth date, expired ID, rotated, mirrored or blurred photos),
//! and demo staff accounts. Submissions go through the real intake pipeline
//! ([`crate::intake::accept`]), spread over the last ten days so due dates vary (some late).
//!
//! Deterministic for a seed; running it again with the same seed adds nothing twice (the same
//! applicants already have a pending request).

use std::collections::BTreeMap;
use std::io::Write;

use chrono::Duration;
use clap::Args;
use reviewdesk_domain::review::Role;
use reviewdesk_synthetic::{Generator, GeneratorConfig};

use super::data_dir::DataDirArg;
use super::Outcome;
use crate::auth::Passwords;
use crate::clock::{china_date, Clock, SystemClock};
use crate::intake::{self, IntakeError, IntakeRequest};
use crate::settings::Settings;
use crate::store::{NewUser, Store, StoreError};

/// The password of every demo account. Demo data only: never seed a production directory.
pub const DEMO_PASSWORD: &str = "reviewdesk-demo";

/// Most submissions one run may create.
const MAX_COUNT: u32 = 5000;

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

/// The demo accounts of a province: two reviewers (so four-eyes can be shown) and a supervisor.
fn demo_accounts(province: &str) -> [(String, Role); 3] {
    [
        (format!("reviewer{province}"), Role::Reviewer),
        (format!("reviewer{province}b"), Role::Reviewer),
        (format!("supervisor{province}"), Role::Supervisor),
    ]
}

struct Summary {
    created: u32,
    already_there: u32,
    defects: BTreeMap<&'static str, u32>,
    per_province: BTreeMap<String, u32>,
    accounts: Vec<String>,
}

fn seed(args: &SeedDemoArgs) -> Result<Summary, String> {
    let store = args.data.open_store()?;
    let images = args.data.images();
    let settings = Settings::default();
    let now = SystemClock.now();

    let passwords = Passwords::recommended().map_err(|e| e.to_string())?;
    let password_hash = passwords.hash(DEMO_PASSWORD).map_err(|e| e.to_string())?;
    let mut accounts = Vec::new();
    for province in &args.provinces {
        for (username, role) in demo_accounts(province) {
            let new = NewUser {
                username: username.clone(),
                password_hash: password_hash.clone(),
                role,
                province: Some(province.clone()),
            };
            match store.add_user(&new, now) {
                Ok(_) | Err(StoreError::AlreadyExists { .. }) => accounts.push(username),
                Err(error) => return Err(format!("cannot add {username}: {error}")),
            }
        }
    }

    let provinces: Vec<&str> = args.provinces.iter().map(String::as_str).collect();
    let config = GeneratorConfig::new(args.seed, china_date(now)).with_provinces(&provinces);
    let generator = Generator::new(config).map_err(|e| e.to_string())?;
    let mut summary = Summary {
        created: 0,
        already_there: 0,
        defects: BTreeMap::new(),
        per_province: BTreeMap::new(),
        accounts,
    };
    for index in 0..args.count {
        let specimen = generator.specimen(u64::from(index)).map_err(|e| e.to_string())?;
        let applicant = specimen.applicant;
        // Spread over the last ten days, at varying hours, so some requests are late.
        let submitted_at = now
            - Duration::days(i64::from(index % 10))
            - Duration::minutes(i64::from(index * 37 % 600));
        let province = applicant.province.clone();
        let request = IntakeRequest {
            applicant_id: applicant.applicant_id.clone(),
            province: province.clone(),
            identity: applicant.identity.clone(),
            photos: [specimen.portrait.jpeg, specimen.emblem.jpeg, specimen.handheld.jpeg],
        };
        match intake::accept(&store, &images, &settings, request, "seed-demo", submitted_at) {
            Ok(_) => {
                summary.created += 1;
                *summary.per_province.entry(province).or_default() += 1;
                for defect in &applicant.defects {
                    *summary.defects.entry(defect.kind()).or_default() += 1;
                }
            }
            Err(IntakeError::Store(StoreError::AlreadyPending { .. })) => {
                summary.already_there += 1;
            }
            Err(error) => return Err(format!("submission {index}: {error}")),
        }
    }
    Ok(summary)
}

pub fn run(args: &SeedDemoArgs, out: &mut impl Write, err: &mut impl Write) -> Outcome {
    match seed(args) {
        Ok(summary) => {
            let _ = writeln!(
                out,
                "seeded {}: {} new submissions ({} already there)",
                args.data.data_dir.display(),
                summary.created,
                summary.already_there
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
