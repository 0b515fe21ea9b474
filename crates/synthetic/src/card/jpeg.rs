//! JPEG encoding under the upload limit: encode at a high quality and step down until the file
//! fits (or the lowest quality tried still does not, which is an error).

use image::codecs::jpeg::JpegEncoder;
use image::RgbImage;

use crate::applicant::Side;
use crate::error::SyntheticError;

/// The qualities tried, best first.
const QUALITIES: [u8; 8] = [88, 82, 76, 70, 62, 54, 46, 38];

/// The smallest-quality-step JPEG of `image` no larger than `limit` bytes.
pub(crate) fn encode_within(
    image: &RgbImage,
    limit: usize,
    side: Side,
) -> Result<Vec<u8>, SyntheticError> {
    let mut last = (0usize, 0u8);
    for quality in QUALITIES {
        let mut bytes = Vec::with_capacity(limit.min(1 << 20));
        JpegEncoder::new_with_quality(&mut bytes, quality)
            .encode_image(image)
            .map_err(|source| SyntheticError::JpegEncoding { side, source })?;
        if bytes.len() <= limit {
            return Ok(bytes);
        }
        last = (bytes.len(), quality);
    }
    Err(SyntheticError::JpegOverLimit { side, bytes: last.0, quality: last.1, limit })
}

#[cfg(test)]
mod tests {
    use image::Rgb;

    use super::*;

    #[test]
    fn steps_quality_down_to_fit_and_reports_what_cannot() {
        // Noise compresses badly: the first quality does not fit a tight limit.
        let mut state = 7u32;
        let noisy = RgbImage::from_fn(320, 240, |_, _| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let v = (state >> 16) as u8;
            Rgb([v, v.wrapping_mul(3), v.wrapping_add(91)])
        });
        let best = encode_within(&noisy, usize::MAX, Side::Portrait).expect("no limit");
        let tight = best.len() * 2 / 3;
        let fitted = encode_within(&noisy, tight, Side::Portrait).expect("fits at a lower quality");
        assert!(fitted.len() <= tight && fitted.len() < best.len());
        let error = encode_within(&noisy, 100, Side::Emblem).expect_err("cannot fit");
        assert!(matches!(
            error,
            SyntheticError::JpegOverLimit { side: Side::Emblem, limit: 100, quality: 38, .. }
        ));
    }
}
