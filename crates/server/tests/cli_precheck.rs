//! `reviewdesk-server precheck FILE...` as a user runs it: one JSON object per file, per line, in
//! order; a rotated photo is found rotated; a broken file is an error; exit 1 when any file has
//! an error, 0 when none has.

use std::process::Command;

use chrono::NaiveDate;
use image::imageops;
use reviewdesk_synthetic::{DefectMix, Generator, GeneratorConfig};
use serde_json::Value;

#[test]
fn one_line_per_file_with_orientation_side_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let generator =
        Generator::new(GeneratorConfig::new(4, today).with_defects(0.0, DefectMix::NONE)).unwrap();
    let applicant = generator.applicant(4);
    let front = generator.render(&applicant).portrait.image;
    // Stored turned 90° counter-clockwise: upright after 90° clockwise.
    let turned = imageops::rotate270(&front);
    let rotated = dir.path().join("rotated.jpg");
    turned.save(&rotated).unwrap();
    let broken = dir.path().join("broken.jpg");
    std::fs::write(&broken, b"\xFF\xD8\xFF\xE0 not really a jpeg").unwrap();

    let output = Command::new(env!("CARGO_BIN_EXE_reviewdesk-server"))
        .args(["precheck"])
        .arg(&rotated)
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 2);
    let good = &lines[0];
    assert_eq!(good["file"], rotated.display().to_string());
    assert_eq!(good["ok"], true, "{good}");
    assert_eq!((good["width"].as_u64(), good["height"].as_u64()), (Some(540), Some(856)));
    assert_eq!(good["orientation"]["rotate_cw"], 90, "{good}");
    assert_eq!(good["orientation"]["mirrored"], false);
    assert_eq!(good["orientation"]["unsure"], false);
    assert_eq!(good["side"], "portrait");
    assert_eq!(good["id_number"], applicant.card.id_number.as_str());
    assert_eq!(good["sharp"], true);
    assert_eq!(good["sha256"].as_str().map(str::len), Some(64));
    let warnings: Vec<&str> =
        good["warnings"].as_array().unwrap().iter().filter_map(|w| w["code"].as_str()).collect();
    assert_eq!(warnings, ["image_rotated"]);
    for key in ["bytes", "exif_orientation", "blur_score", "errors"] {
        assert!(good.get(key).is_some(), "{key} missing: {good}");
    }

    let bad = &lines[1];
    assert_eq!(bad["ok"], false);
    assert_eq!(bad["errors"][0]["code"], "image_unreadable", "{bad}");
    assert_eq!(bad["orientation"], Value::Null);
    assert_eq!(bad["side"], "unknown");

    let alone = Command::new(env!("CARGO_BIN_EXE_reviewdesk-server"))
        .args(["precheck", "--no-ocr"])
        .arg(&rotated)
        .output()
        .unwrap();
    assert_eq!(alone.status.code(), Some(0));
    let line: Value = serde_json::from_slice(&alone.stdout).unwrap();
    assert_eq!(line["orientation"]["unsure"], true);
    assert_eq!(line["side"], "unknown");
}
