//! Clarity: the variance of the Laplacian (4-neighbour kernel) of the card, scaled so that its
//! long side is [`CLARITY_WIDTH`] px (the score depends on resolution, so it is always measured
//! at the same one). Sharp print scores in the hundreds or more, blur far less; the threshold is
//! a setting ([`crate::CheckConfig::blur_threshold`]).

use image::{imageops, GrayImage};

use crate::config::CLARITY_WIDTH;

/// The image scaled so that its long side is [`CLARITY_WIDTH`] (never enlarged by more than 4×).
pub fn normalised(image: &GrayImage) -> GrayImage {
    let long = image.width().max(image.height()).max(1);
    let scale = (CLARITY_WIDTH as f32 / long as f32).min(4.0);
    let w = ((image.width() as f32 * scale).round() as u32).max(1);
    let h = ((image.height() as f32 * scale).round() as u32).max(1);
    if (w, h) == image.dimensions() {
        image.clone()
    } else {
        imageops::resize(image, w, h, imageops::FilterType::Triangle)
    }
}

/// The variance of the Laplacian of `image` as it is (0 for images under 3 px on a side).
pub fn laplacian_variance(image: &GrayImage) -> f64 {
    let (width, height) = (image.width() as usize, image.height() as usize);
    if width < 3 || height < 3 {
        return 0.0;
    }
    let pixels = image.as_raw();
    let mut sum = 0f64;
    let mut sum_sq = 0f64;
    for y in 1..height - 1 {
        let row = y * width;
        for x in 1..width - 1 {
            let at = |i: usize| i32::from(pixels[i]);
            let i = row + x;
            let value = at(i - 1) + at(i + 1) + at(i - width) + at(i + width) - 4 * at(i);
            let value = f64::from(value);
            sum += value;
            sum_sq += value * value;
        }
    }
    let n = ((width - 2) * (height - 2)) as f64;
    let mean = sum / n;
    (sum_sq / n - mean * mean).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    #[test]
    fn sharp_edges_score_higher_than_blurred_ones() {
        let stripes =
            GrayImage::from_fn(640, 400, |x, _| Luma([if (x / 4) % 2 == 0 { 0 } else { 255 }]));
        let blurred = imageops::blur(&stripes, 4.0);
        let sharp = laplacian_variance(&stripes);
        let soft = laplacian_variance(&blurred);
        assert!(sharp > 100.0 * soft.max(1.0), "{sharp} vs {soft}");
        assert_eq!(laplacian_variance(&GrayImage::new(2, 9)), 0.0);
        assert_eq!(laplacian_variance(&GrayImage::from_pixel(9, 9, Luma([7]))), 0.0);
        assert_eq!(normalised(&GrayImage::new(1280, 10)).width(), 640);
    }
}
