//! The demo's planted photo defects reach the reviewer: the default demo queue (what the
//! desktop's local mode seeds) is checked by the real workers (real Tesseract): each kind of
//! planted photo defect (rotated, mirrored, blurred) yields its finding, and no planted defect
//! goes unflagged on its photo — an orientation the search cannot settle is reported as
//! `photo_orientation_unsure` ("look yourself"), never as nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_server::clock::{china_date, SystemClock};
use reviewdesk_server::data_dir::DataDir;
use reviewdesk_server::demo::{self, DemoOptions};
use reviewdesk_server::image_checks::{check_config, CheckWorkers, ImageChecks};
use reviewdesk_server::metrics::Metrics;
use reviewdesk_server::settings::Settings;
use reviewdesk_server::store::Store;
use reviewdesk_synthetic::{Defect, Generator, GeneratorConfig, Side};

/// The finding an image defect must produce, and on which photo.
fn expected(defect: &Defect) -> Option<(PhotoSide, &'static str)> {
    let side = |side: &Side| match side {
        Side::Portrait => PhotoSide::Portrait,
        Side::Emblem => PhotoSide::Emblem,
        Side::Handheld => PhotoSide::Handheld,
    };
    match defect {
        Defect::Rotated { side: s, .. } => Some((side(s), "photo_rotated")),
        Defect::Mirrored { side: s } => Some((side(s), "photo_mirrored")),
        Defect::Blurred { side: s } => Some((side(s), "photo_blurred")),
        Defect::WrongSex | Defect::WrongBirthDate | Defect::Expired => None,
    }
}

#[test]
fn every_planted_photo_defect_of_the_demo_yields_its_finding() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let now = Utc::now();
    let options = DemoOptions::default();
    demo::seed(&data, &options, now).unwrap();

    let store: Arc<dyn Store> = Arc::new(data.open_store().unwrap());
    let checks = ImageChecks::start(
        Arc::clone(&store),
        Arc::new(data.images()),
        Arc::new(SystemClock),
        check_config(&Settings::default()),
        CheckWorkers::server(2),
        Arc::new(Metrics::default()),
    );
    let until = Instant::now() + Duration::from_secs(900);
    while store.photo_check_backlog(Utc::now()).unwrap().queued > 0 {
        assert!(Instant::now() < until, "the demo's checks did not finish");
        std::thread::sleep(Duration::from_millis(200));
    }
    checks.stop(Duration::from_secs(5));

    let database = rusqlite::Connection::open(data.database()).unwrap();
    let mut query =
        database.prepare("SELECT applicant_id, id FROM submissions WHERE golden = 0").unwrap();
    let submissions: BTreeMap<String, String> = query
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();

    let provinces: Vec<&str> = options.provinces.iter().map(String::as_str).collect();
    let generator = Generator::new(
        GeneratorConfig::new(options.seed, china_date(now)).with_provinces(&provinces),
    )
    .unwrap();
    let mut planted: BTreeMap<&str, u32> = BTreeMap::new();
    let mut found_exactly: BTreeMap<&str, u32> = BTreeMap::new();
    let mut missed = Vec::new();
    for index in 0..u64::from(options.count) {
        let applicant = generator.applicant(index);
        let id = &submissions[&applicant.applicant_id];
        let record = store.photo_checks(id).unwrap();
        assert_eq!(record.state, reviewdesk_domain::photo_findings::PhotoChecks::Done, "{id}");
        for defect in &applicant.defects {
            let Some((side, code)) = expected(defect) else { continue };
            *planted.entry(code).or_default() += 1;
            let on_the_photo = |wanted: &str| {
                record.findings.iter().any(|f| f.side == side && f.finding.code == wanted)
            };
            if on_the_photo(code) {
                *found_exactly.entry(code).or_default() += 1;
            }
            let orientation = code != "photo_blurred";
            let flagged =
                on_the_photo(code) || (orientation && on_the_photo("photo_orientation_unsure"));
            if !flagged {
                let found: Vec<_> =
                    record.findings.iter().map(|f| (f.side, f.finding.code.as_str())).collect();
                missed.push(format!("{id}: {defect:?} without {code}; found {found:?}"));
            }
        }
    }
    for code in ["photo_rotated", "photo_mirrored", "photo_blurred"] {
        assert!(
            planted.get(code).copied().unwrap_or(0) > 0,
            "the demo plants no {code}: {planted:?}"
        );
    }
    assert!(missed.is_empty(), "planted {planted:?}; missed:\n{}", missed.join("\n"));
}
