//! The demo deployment: a realistic demo queue — synthetic applicants of several provinces and
//! every ID type, their three rendered photos, a known share with planted defects (wrong sex or
//! birth date, expired ID, rotated, mirrored or blurred photos) — and demo staff accounts.
//! Submissions go through the real intake pipeline ([`crate::intake::accept`]), spread over the
//! last ten days so due dates vary (some late); then a quarter of each province's queue is
//! decided by its second demo reviewer ([`crate::demo_history`]). `reviewdesk-server seed-demo` and the desktop's
//! local mode both seed through here.
//!
//! Deterministic for a seed; seeding again with the same seed adds nothing twice (the same
//! applicants already have a pending request).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use reviewdesk_domain::review::Role;
use reviewdesk_synthetic::{Generator, GeneratorConfig};

use crate::auth::Passwords;
use crate::clock::china_date;
use crate::data_dir::DataDir;
use crate::intake::{self, IntakeError, IntakeRequest};
use crate::settings::Settings;
use crate::store::{NewUser, Store, StoreError};

/// What to seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    /// How many submissions (at most [`MAX_COUNT`]).
    pub count: u32,
    /// Seed of the synthetic data (same seed, same applicants and photos).
    pub seed: u64,
    /// Two-digit codes of the provinces to spread the applicants over.
    pub provinces: Vec<String>,
}

impl Default for DemoOptions {
    fn default() -> DemoOptions {
        DemoOptions {
            count: 60,
            seed: 2026,
            provinces: ["11", "31", "44"].map(String::from).to_vec(),
        }
    }
}

/// How many submissions the desktop's local mode seeds on its first start (one province, the
/// default seed): enough that its queue holds every kind of document, a passport, permits and a
/// foreign permanent resident among the resident IDs (`tests/local_mode.rs`).
pub const LOCAL_MODE_COUNT: u32 = 40;

/// The password of every demo account. Demo data only: never seed a production directory.
pub const DEMO_PASSWORD: &str = "reviewdesk-demo";

/// Most submissions one run may create.
pub const MAX_COUNT: u32 = 5000;

/// The demo accounts of a province: two reviewers (so four-eyes can be shown) and a supervisor.
pub fn demo_accounts(province: &str) -> [(String, Role); 3] {
    [
        (format!("reviewer{province}"), Role::Reviewer),
        (format!("reviewer{province}b"), Role::Reviewer),
        (format!("supervisor{province}"), Role::Supervisor),
    ]
}

/// What a seeding run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub created: u32,
    pub already_there: u32,
    pub defects: BTreeMap<&'static str, u32>,
    pub per_province: BTreeMap<String, u32>,
    /// The demo accounts' usernames (password [`DEMO_PASSWORD`]).
    pub accounts: Vec<String>,
    /// Decisions made for the demo's history ([`crate::demo_history`]).
    pub decided: u32,
}

/// Fills `dir` with `options.count` demo submissions (through the real intake pipeline) and the
/// demo accounts of each province, as of `now`.
pub fn seed(
    dir: &DataDir,
    options: &DemoOptions,
    now: DateTime<Utc>,
) -> Result<DemoSummary, String> {
    if options.count > MAX_COUNT {
        return Err(format!("at most {MAX_COUNT} demo submissions at a time"));
    }
    let store = dir.open_store()?;
    let images = dir.images();
    let settings = Settings::default();
    let calendar = crate::calendar_cache::DeploymentCalendar::default();

    let passwords = Passwords::recommended().map_err(|e| e.to_string())?;
    let password_hash = passwords.hash(DEMO_PASSWORD).map_err(|e| e.to_string())?;
    let mut accounts = Vec::new();
    for province in &options.provinces {
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

    let provinces: Vec<&str> = options.provinces.iter().map(String::as_str).collect();
    let config = GeneratorConfig::new(options.seed, china_date(now)).with_provinces(&provinces);
    let generator = Generator::new(config).map_err(|e| e.to_string())?;
    let mut summary = DemoSummary {
        created: 0,
        already_there: 0,
        defects: BTreeMap::new(),
        per_province: BTreeMap::new(),
        accounts,
        decided: 0,
    };
    for index in 0..options.count {
        let specimen = generator.specimen(u64::from(index)).map_err(|e| e.to_string())?;
        let applicant = specimen.applicant;
        // Spread over the last ten days, at varying hours, so some requests are late.
        let submitted_at = now
            - Duration::days(i64::from(index % 10))
            - Duration::minutes(i64::from(index * 37 % 600));
        let province = applicant.province.clone();
        // An applicant seeded before (pending, or decided for the demo's history) is already
        // there: seeding again adds nothing twice.
        match store.intake_allowed(&applicant.applicant_id, china_date(submitted_at)) {
            Ok(1) => {}
            Ok(_) | Err(StoreError::AlreadyPending { .. }) => {
                summary.already_there += 1;
                continue;
            }
            Err(error) => return Err(format!("submission {index}: {error}")),
        }
        let request = IntakeRequest {
            applicant_id: applicant.applicant_id.clone(),
            province: province.clone(),
            identity: applicant.identity.clone(),
            photos: [specimen.portrait.jpeg, specimen.emblem.jpeg, specimen.handheld.jpeg],
        };
        match intake::accept(
            &store,
            &images,
            &settings,
            &calendar,
            request,
            "seed-demo",
            submitted_at,
        ) {
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
    for (province, queued) in &summary.per_province {
        summary.decided += crate::demo_history::seed_history(&store, province, *queued, now)?;
    }
    Ok(summary)
}
