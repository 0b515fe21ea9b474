//! The intake pipeline (`intake::accept`) on a real SQLite file and real JPEGs: a refused request
//! leaves none of its photos on disk (they are ID-card photos: personal data).
#![allow(clippy::unwrap_used)]

use std::path::Path;

use chrono::{TimeZone, Utc};
use image::{ImageEncoder, Rgb, RgbImage};
use reviewdesk_domain::consistency::DeclaredIdentity;
use reviewdesk_domain::id::IdType;
use reviewdesk_server::calendar_cache::DeploymentCalendar;
use reviewdesk_server::images::ImageFiles;
use reviewdesk_server::intake::{accept, IntakeError, IntakeRequest, PhotoProblem};
use reviewdesk_server::settings::Settings;
use reviewdesk_server::store::sqlite::SqliteStore;
use reviewdesk_server::store::StoreError;

fn jpeg(shade: u8) -> Vec<u8> {
    let image = RgbImage::from_pixel(64, 40, Rgb([shade, 128, 255 - shade]));
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut bytes)
        .write_image(image.as_raw(), 64, 40, image::ExtendedColorType::Rgb8)
        .unwrap();
    bytes
}

fn request(applicant: &str, shade: u8) -> IntakeRequest {
    IntakeRequest {
        applicant_id: applicant.to_owned(),
        province: "11".to_owned(),
        identity: DeclaredIdentity::number_only(IdType::Resident, "11010519491231002X"),
        photos: [jpeg(shade), jpeg(shade + 1), jpeg(shade + 2)],
    }
}

fn files_under(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .map(|entry| entry.unwrap().path())
        .map(|path| if path.is_dir() { files_under(&path) } else { 1 })
        .sum()
}

#[test]
fn refused_requests_write_no_photos() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("reviewdesk.db")).unwrap();
    let images = ImageFiles::new(dir.path().join("images"));
    let settings = Settings::default();
    let now = Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap();

    let receipt = accept(
        &store,
        &images,
        &settings,
        &DeploymentCalendar::default(),
        request("app-1", 10),
        "test",
        now,
    )
    .unwrap();
    assert_eq!(receipt.attempt, 1);
    assert_eq!(files_under(images.root()), 3);

    // A second request while the first is pending: refused, and its new photos never written.
    let refused = accept(
        &store,
        &images,
        &settings,
        &DeploymentCalendar::default(),
        request("app-1", 50),
        "test",
        now,
    );
    assert!(matches!(refused, Err(IntakeError::Store(StoreError::AlreadyPending { .. }))));
    assert_eq!(files_under(images.root()), 3);

    // A request with one bad photo: refused before any of its photos is written.
    let mut bad = request("app-2", 90);
    bad.photos[2] = b"not a jpeg".to_vec();
    let refused =
        accept(&store, &images, &settings, &DeploymentCalendar::default(), bad, "test", now);
    assert!(matches!(refused, Err(IntakeError::Photo { problem: PhotoProblem::NotJpeg, .. })));
    assert_eq!(files_under(images.root()), 3);
}
