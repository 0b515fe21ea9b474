//! Forensic hints about one photo, computed on demand for a person to weigh, never findings:
//! the EXIF provenance fields, the JPEG quality estimate and the encoder fingerprint from the
//! quantization tables, and an error-level view.
//!
//! - Quality and encoder: the file's tables (read by `jpeg_header::quantization_tables`) are
//!   compared with the IJG standard tables (JPEG spec Annex K) scaled for each quality 1–100 as
//!   libjpeg scales them (`jpeg_quality_scaling`). An exact match is libjpeg/libjpeg-turbo or a
//!   program built on them (the `image` crate and most web tools write the same tables);
//!   anything else is another encoder (a camera's or phone's own, Photoshop, mozjpeg's tuned
//!   tables), with the quality whose IJG tables are nearest as the estimate.
//! - Error levels: the photo's brightness re-encoded at [`ELA_QUALITY`] and the difference
//!   amplified by [`ELA_GAIN`]. A region pasted from a picture saved at another quality often
//!   stands out brighter or darker than the rest. Decoding goes through `decode`, so the same
//!   limits as the checks hold.

use std::io::Cursor;

use base64::prelude::{Engine, BASE64_STANDARD};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{imageops, GrayImage, ImageEncoder, Luma};
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_domain::wire::photo_hints::{EncoderHint, ExifHints, PhotoHints};

use crate::config::CheckConfig;
use crate::decode::decode;
use crate::error::ImagingError;
use crate::jpeg_header::{exif_block, quantization_tables, QuantTable};

/// The quality the error-level view re-encodes at.
pub const ELA_QUALITY: u8 = 90;
/// How much the re-encoding's difference is amplified.
pub const ELA_GAIN: u16 = 20;
/// The error-level view's long side at most, in pixels.
pub const ELA_MAX_SIDE: u32 = 1600;
/// An EXIF text longer than this is cut (it is shown, not parsed).
const EXIF_TEXT_MAX: usize = 120;

/// The IJG luminance table (JPEG spec, Annex K.1), natural order.
const IJG_LUMA: [u16; 64] = [
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
    14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
    92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
/// The IJG chrominance table (Annex K.2), natural order.
const IJG_CHROMA: [u16; 64] = [
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
    47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
];
/// Zigzag position → natural position.
const UNZIGZAG: [usize; 64] = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
    13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59,
    52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

/// The hints of one photo, its error-level view included (a PNG, in base64).
pub fn hints(
    side: PhotoSide,
    bytes: &[u8],
    config: &CheckConfig,
) -> Result<PhotoHints, ImagingError> {
    let decoded = decode(bytes, config)?;
    let tables = quantization_tables(bytes)?;
    let (quality, quality_exact, encoder) = match quality_of(&tables) {
        Some((quality, true)) => (Some(quality), true, EncoderHint::IjgStandard),
        Some((quality, false)) => (Some(quality), false, EncoderHint::Other),
        None => (None, false, EncoderHint::Unknown),
    };
    let png = error_levels(&decoded.grey)?;
    Ok(PhotoHints {
        side,
        exif: exif_hints(bytes),
        quality,
        quality_exact,
        encoder,
        error_levels_png: BASE64_STANDARD.encode(png),
        error_levels_quality: ELA_QUALITY,
    })
}

/// An IJG table (natural order) scaled for `quality` as libjpeg does (baseline: at most 255).
fn ijg_scaled(base: &[u16; 64], quality: u8) -> [u16; 64] {
    let quality = u32::from(quality.clamp(1, 100));
    let scale = if quality < 50 { 5000 / quality } else { 200 - quality * 2 };
    base.map(|value| ((u32::from(value) * scale + 50) / 100).clamp(1, 255) as u16)
}

/// A stored table (zigzag order) in natural order.
fn natural(table: &QuantTable) -> [u16; 64] {
    let mut out = [0u16; 64];
    for (k, &at) in UNZIGZAG.iter().enumerate() {
        out[at] = table.values[k];
    }
    out
}

/// The quality whose IJG tables are nearest to the file's (luminance in slot 0, chrominance in
/// slot 1 when present), and whether they are exactly equal. `None` without a slot-0 table.
fn quality_of(tables: &[QuantTable]) -> Option<(u8, bool)> {
    let last_in = |slot: u8| tables.iter().rev().find(|table| table.slot == slot).map(natural);
    let luma = last_in(0)?;
    let chroma = last_in(1);
    let mut best: Option<(u64, u8)> = None;
    for quality in 1..=100u8 {
        let mut off = differences(&luma, &ijg_scaled(&IJG_LUMA, quality));
        if let Some(chroma) = &chroma {
            off += differences(chroma, &ijg_scaled(&IJG_CHROMA, quality));
        }
        if best.is_none_or(|(least, _)| off < least) {
            best = Some((off, quality));
        }
    }
    best.map(|(off, quality)| (quality, off == 0))
}

fn differences(a: &[u16; 64], b: &[u16; 64]) -> u64 {
    a.iter().zip(b).map(|(x, y)| u64::from(x.abs_diff(*y))).sum()
}

/// The EXIF provenance fields; all absent when the file has no readable EXIF block.
pub fn exif_hints(bytes: &[u8]) -> ExifHints {
    let Some(block) = exif_block(bytes) else { return ExifHints::default() };
    let Ok(exif) = exif::Reader::new().read_raw(block.to_vec()) else {
        return ExifHints::default();
    };
    let text = |tag: exif::Tag| -> Option<String> {
        let field = exif.get_field(tag, exif::In::PRIMARY)?;
        let exif::Value::Ascii(parts) = &field.value else { return None };
        let raw = String::from_utf8_lossy(parts.first()?);
        let clean: String = raw
            .chars()
            .filter(|c| !c.is_control())
            .take(EXIF_TEXT_MAX)
            .collect::<String>()
            .trim()
            .to_owned();
        (!clean.is_empty()).then_some(clean)
    };
    ExifHints {
        software: text(exif::Tag::Software),
        make: text(exif::Tag::Make),
        model: text(exif::Tag::Model),
        date_time: text(exif::Tag::DateTime),
        date_time_original: text(exif::Tag::DateTimeOriginal),
    }
}

/// The error-level view of a grey photo, as PNG bytes, its long side at most [`ELA_MAX_SIDE`].
pub fn error_levels(grey: &GrayImage) -> Result<Vec<u8>, ImagingError> {
    let internal = |error: image::ImageError| ImagingError::Corrupt(error.to_string());
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, ELA_QUALITY).encode_image(grey).map_err(internal)?;
    let again = image::load_from_memory_with_format(&jpeg, image::ImageFormat::Jpeg)
        .map_err(internal)?
        .to_luma8();
    let view = GrayImage::from_fn(grey.width(), grey.height(), |x, y| {
        let off = grey.get_pixel(x, y)[0].abs_diff(again.get_pixel(x, y)[0]);
        Luma([(u16::from(off) * ELA_GAIN).min(255) as u8])
    });
    let long = view.width().max(view.height());
    let view = if long > ELA_MAX_SIDE {
        let scale = ELA_MAX_SIDE as f32 / long as f32;
        let w = ((view.width() as f32 * scale).round() as u32).max(1);
        let h = ((view.height() as f32 * scale).round() as u32).max(1);
        imageops::resize(&view, w, h, imageops::FilterType::Triangle)
    } else {
        view
    };
    let mut png = Cursor::new(Vec::new());
    PngEncoder::new(&mut png)
        .write_image(view.as_raw(), view.width(), view.height(), image::ExtendedColorType::L8)
        .map_err(internal)?;
    Ok(png.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ijg_scaling_is_libjpegs() {
        assert_eq!(ijg_scaled(&IJG_LUMA, 50), IJG_LUMA);
        assert_eq!(ijg_scaled(&IJG_LUMA, 100), [1; 64]);
        assert_eq!(ijg_scaled(&IJG_LUMA, 75)[0], 8);
        assert_eq!(ijg_scaled(&IJG_LUMA, 10)[0], 80);
    }
}
