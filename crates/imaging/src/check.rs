//! The check entry point, [`check`]: one photo's bytes in, a [`Report`] out, never a panic
//! ([`check_keeping_upright`] also keeps the decoded photo made upright, for the identity board).
//!
//! In order: SHA-256; bounded decode to grey (byte limit, signature and declared dimensions
//! before any pixel; see `decode`); the card's region (`card_region`); clarity on the card
//! at the normalised size (`clarity`); then, with an OCR engine, the orientation search on the
//! card scaled to [`OcrConfig::work_side`](crate::OcrConfig::work_side) (EXIF's correction tried
//! first) and, when decisive, the card side and the number from the text read. A photo that is
//! not sharp is not OCR'd and never gets a decided orientation (Tesseract reads confident
//! nonsense into blur: 70–93 on some blurred corpus photos).

use std::borrow::Cow;

use image::{imageops, GrayImage};
use sha2::{Digest, Sha256};

use crate::card_region::{locate, Region};
use crate::card_text::{id_number, side_of, CardSide};
use crate::clarity::{laplacian_variance, normalised};
use crate::config::CheckConfig;
use crate::decode::decode;
use crate::ocr::{search, OcrEngine, Strategy};
use crate::orientation::Turn;
use crate::perceptual::hashes_of_parts;
use crate::report::{Issue, OrientationReport, Report};

/// Checks one photo. Without `ocr`, the orientation is EXIF's alone (`unsure`) and the side is
/// `unknown`.
pub fn check(
    bytes: &[u8],
    config: &CheckConfig,
    ocr: Option<(&mut OcrEngine, Strategy)>,
) -> Report {
    checked(bytes, config, ocr, false).report
}

/// A photo's [`Report`] and its pixels made upright, for the identity board.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub report: Report,
    /// The decoded grey photo with the orientation correction applied: the one found by OCR
    /// when decisive, else EXIF's; `None` when the photo did not decode.
    pub upright: Option<GrayImage>,
}

impl Checked {
    /// Whether [`Checked::upright`] is known to be upright: OCR was sure of the turn, or the
    /// photo carries an EXIF turn (a tag other than 1, "as stored", which apps that turn the
    /// pixels themselves write, as they do no tag at all).
    pub fn orientation_established(&self) -> bool {
        let ocr_sure = self.report.orientation.is_some_and(|found| !found.unsure);
        ocr_sure || self.report.exif_orientation.is_some_and(|tag| tag != 1)
    }
}

/// [`check`], keeping the decoded photo made upright (so the identity board needs no second
/// decode).
pub fn check_keeping_upright(
    bytes: &[u8],
    config: &CheckConfig,
    ocr: Option<(&mut OcrEngine, Strategy)>,
) -> Checked {
    checked(bytes, config, ocr, true)
}

fn checked(
    bytes: &[u8],
    config: &CheckConfig,
    ocr: Option<(&mut OcrEngine, Strategy)>,
    keep_upright: bool,
) -> Checked {
    let mut report = Report {
        ok: false,
        bytes: bytes.len(),
        width: None,
        height: None,
        exif_orientation: None,
        blur_score: None,
        sharp: None,
        orientation: None,
        side: CardSide::Unknown,
        id_number: None,
        sha256: hex::encode(Sha256::digest(bytes)),
        errors: Vec::new(),
        warnings: Vec::new(),
        ocr_passes: 0,
        perceptual: Vec::new(),
    };
    let decoded = match decode(bytes, config) {
        Ok(decoded) => decoded,
        Err(error) => {
            report.errors.push(Issue::new(error.code(), error.message_zh()));
            return Checked { report, upright: None };
        }
    };
    report.width = Some(decoded.grey.width());
    report.height = Some(decoded.grey.height());
    report.exif_orientation = decoded.exif_orientation;
    if decoded.exif_unreadable {
        report.errors.push(Issue::new(
            "exif_unreadable",
            "照片的 EXIF 信息无法读取，显示方向可能与实际不符",
        ));
    }
    let exif = decoded.exif_orientation.and_then(|tag| Turn::from_exif(tag.into()));
    let exif = exif.unwrap_or(Turn::IDENTITY);

    let region = locate(&decoded.grey);
    let card = if region == Region::whole(&decoded.grey) {
        Cow::Borrowed(&decoded.grey)
    } else {
        Cow::Owned(region.crop(&decoded.grey))
    };
    report.perceptual = hashes_of_parts(&decoded.grey, &card);
    let blur_score = laplacian_variance(&normalised(&card));
    let sharp = blur_score >= config.blur_threshold;
    report.blur_score = Some((blur_score * 10.0).round() / 10.0);
    report.sharp = Some(sharp);
    if !sharp {
        report.warnings.push(Issue::new(
            "image_blurred",
            format!(
                "照片模糊（清晰度 {blur_score:.0}，低于 {:.0}），请核对能否看清",
                config.blur_threshold
            ),
        ));
    }

    match ocr {
        // Without OCR, or when blurred (Tesseract reads confident nonsense into blur, so a
        // blurred photo is never decided and its OCR is skipped): EXIF's answer, unsure.
        None => report.orientation = Some(exif_only(exif)),
        Some(_) if !sharp => {
            report.orientation = Some(exif_only(exif));
            report.warnings.push(Issue::new(
                "orientation_unsure",
                "照片模糊，无法自动判断方向（是否旋转或镜像），请人工查看",
            ));
        }
        Some((engine, strategy)) => {
            let input = match strategy {
                Strategy::Naive => decoded.grey.clone(),
                Strategy::Fast | Strategy::AllCandidates => ocr_input(&card, config.ocr.work_side),
            };
            let outcome = search(engine, &input, exif, &config.ocr, strategy);
            report.ocr_passes = outcome.tried.len() + outcome.screened;
            report.orientation = Some(OrientationReport {
                rotate_cw: outcome.turn.rotate_cw(),
                mirrored: outcome.turn.mirrored,
                confidence: (outcome.confidence * 100.0).round() / 100.0,
                unsure: outcome.unsure,
            });
            if outcome.timed_out {
                report.warnings.push(Issue::new(
                    "ocr_time_budget_exceeded",
                    "文字识别超时，方向未能判定，请人工查看",
                ));
            }
            if outcome.unsure {
                report.warnings.push(Issue::new(
                    "orientation_unsure",
                    "无法可靠判断照片方向（是否旋转或镜像），请人工查看",
                ));
            } else {
                // Relative to what a viewer shows (EXIF applied), which is what the applicant saw.
                let shown = exif.inverse().then(outcome.turn);
                if shown.rotate_cw() != 0 {
                    report.warnings.push(Issue::new(
                        "image_rotated",
                        format!("照片被旋转，顺时针旋转 {}° 后为正向", shown.rotate_cw()),
                    ));
                }
                if shown.mirrored {
                    report.warnings.push(Issue::new("image_mirrored", "照片为镜像（左右反转）"));
                }
                report.side = side_of(&outcome.text);
                report.id_number = id_number(&outcome.text);
            }
        }
    }
    report.ok = report.errors.is_empty();
    let turn = match report.orientation {
        Some(found) if !found.unsure => found.turn(),
        _ => exif,
    };
    let upright = keep_upright.then(|| turn.apply(&decoded.grey));
    Checked { report, upright }
}

/// EXIF's correction alone, undecided.
fn exif_only(exif: Turn) -> OrientationReport {
    OrientationReport {
        rotate_cw: exif.rotate_cw(),
        mirrored: exif.mirrored,
        confidence: 0.0,
        unsure: true,
    }
}

/// The card's region scaled for OCR (see [`ocr_side`]).
pub fn ocr_input(region: &GrayImage, work_side: u32) -> GrayImage {
    light_print_darkened(scaled(region, ocr_side(region, work_side)))
}

/// A mostly dark region (a booklet's cover: gold print on navy or burgundy) inverted, so that
/// OCR always reads dark print on light stock. Tesseract's own retry of every doubtful line
/// inverted is switched off (see `ocr::engine`): it cost 30–40 % of every pass.
fn light_print_darkened(mut image: GrayImage) -> GrayImage {
    let pixels = image.as_raw();
    let mean = pixels.iter().map(|&p| u64::from(p)).sum::<u64>() / (pixels.len().max(1) as u64);
    if mean < 110 {
        image::imageops::invert(&mut image);
    }
    image
}

/// The long side the card's region is scaled to for OCR: `work_side` when the region has a
/// card's shape (so it is mostly card); otherwise the region holds more than the card (a
/// hand, a face) and is kept near its own size, up to 1.5 × `work_side`, so the print stays
/// legible.
fn ocr_side(region: &GrayImage, work_side: u32) -> u32 {
    let (long, short) = (region.width().max(region.height()), region.width().min(region.height()));
    let aspect = long as f32 / short.max(1) as f32;
    if (1.35..=1.8).contains(&aspect) {
        work_side
    } else {
        long.clamp(work_side, work_side * 3 / 2)
    }
}

/// `image` scaled so that its long side is `side` pixels.
fn scaled(image: &GrayImage, side: u32) -> GrayImage {
    let long = image.width().max(image.height()).max(1);
    let scale = side as f32 / long as f32;
    let w = ((image.width() as f32 * scale).round() as u32).max(1);
    let h = ((image.height() as f32 * scale).round() as u32).max(1);
    imageops::resize(image, w, h, imageops::FilterType::Triangle)
}
