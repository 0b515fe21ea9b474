//! The round emblem-like mark of emblem sides and booklet covers, built from simple shapes (rings,
//! stars, a gate-like band, two arcs of grains). Deliberately not a copy of the national emblem.

use image::{Rgb, RgbImage};

use super::shapes::{fill_ellipse, fill_rounded_rect, fill_star, stroke_ellipse, Paint};

/// Draws the mark centred at (`cx`, `cy`) with outer radius `radius`: `gold` shapes on a `field`
/// disc.
pub(crate) fn draw(
    image: &mut RgbImage,
    cx: f32,
    cy: f32,
    radius: f32,
    gold: Rgb<u8>,
    field: Rgb<u8>,
) {
    let r = radius.max(1.0);
    let gold_paint = Paint::solid(gold);
    let field_paint = Paint::solid(field);
    fill_ellipse(image, cx, cy, r, r, gold_paint);
    fill_ellipse(image, cx, cy, 0.9 * r, 0.9 * r, field_paint);
    stroke_ellipse(image, cx, cy, 0.82 * r, 0.82 * r, (0.035 * r).max(1.0), gold_paint);
    // One large star and four small ones on an arc above it.
    let star_y = cy - 0.2 * r;
    fill_star(image, cx, star_y, 0.24 * r, gold_paint);
    for angle_deg in [-160.0f32, -125.0, -55.0, -20.0] {
        let angle = angle_deg.to_radians();
        fill_star(
            image,
            cx + 0.46 * r * angle.cos(),
            star_y + 0.34 * r * angle.sin(),
            0.085 * r,
            gold_paint,
        );
    }
    // A gate-like band with five openings.
    let band_top = cy + 0.14 * r;
    fill_rounded_rect(image, cx - 0.42 * r, band_top, 0.84 * r, 0.22 * r, 0.03 * r, gold_paint);
    fill_rounded_rect(image, cx - 0.5 * r, band_top + 0.22 * r, r, 0.07 * r, 0.02 * r, gold_paint);
    for i in 0..5 {
        let door_x = cx - 0.3 * r + i as f32 * 0.15 * r;
        fill_rounded_rect(
            image,
            door_x - 0.03 * r,
            band_top + 0.08 * r,
            0.06 * r,
            0.14 * r,
            0.03 * r,
            field_paint,
        );
    }
    // Two arcs of grains rising from the bottom.
    for side in [-1.0f32, 1.0] {
        for i in 0..7 {
            let angle = (100.0f32 + 11.0 * i as f32).to_radians();
            let gx = cx + side * 0.68 * r * angle.sin();
            let gy = cy - 0.68 * r * angle.cos();
            fill_ellipse(image, gx, gy, 0.06 * r, 0.085 * r, gold_paint);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mark_is_gold_at_the_rim_and_field_inside() {
        let gold = Rgb([210, 170, 60]);
        let red = Rgb([200, 30, 30]);
        let mut image = RgbImage::from_pixel(100, 100, Rgb([255, 255, 255]));
        draw(&mut image, 50.0, 50.0, 40.0, gold, red);
        assert_eq!(*image.get_pixel(50, 12), gold);
        assert_eq!(*image.get_pixel(50, 15), red);
        assert_eq!(*image.get_pixel(50, 42), gold);
        assert_eq!(*image.get_pixel(2, 2), Rgb([255, 255, 255]));
    }
}
