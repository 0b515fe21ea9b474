//! The aligned face crop: from dlib's 5 landmarks (two corners per eye, the base of the nose),
//! a similarity transform puts the eyes level, a fixed distance apart, at a fixed height, so the
//! three faces of a submission show at one size side by side.

use image::{GrayImage, Luma};
use imageproc::geometric_transformations::{warp_into, Border, Interpolation, Projection};

/// Eye distance as a share of the crop's side.
const EYE_SPAN: f32 = 0.36;
/// The eyes' height as a share of the crop's side.
const EYE_LINE: f32 = 0.40;

/// The `side`² crop of the face whose landmarks (in `image`'s pixels) are `points`.
pub fn aligned_crop(image: &GrayImage, points: &[(f32, f32); 5], side: u32) -> GrayImage {
    let eye = |a: (f32, f32), b: (f32, f32)| ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
    let first = eye(points[0], points[1]);
    let second = eye(points[2], points[3]);
    // Left and right as seen in the image.
    let (left, right) = if first.0 <= second.0 { (first, second) } else { (second, first) };
    let (dx, dy) = (right.0 - left.0, right.1 - left.1);
    let span = (dx * dx + dy * dy).sqrt().max(1.0);
    let side_f = side as f32;
    let scale = EYE_SPAN * side_f / span;
    let middle = ((left.0 + right.0) / 2.0, (left.1 + right.1) / 2.0);
    let projection = Projection::translate(side_f / 2.0, EYE_LINE * side_f)
        * Projection::scale(scale, scale)
        * Projection::rotate(-dy.atan2(dx))
        * Projection::translate(-middle.0, -middle.1);
    let mut out = GrayImage::new(side, side);
    warp_into(image, projection, Interpolation::Bilinear, Border::Constant(Luma([128])), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tilted_face_comes_out_level_and_centred() {
        // A bright dot at each eye of a face tilted 30° in a 400² image.
        let mut image = GrayImage::new(400, 400);
        let (cx, cy, half) = (200.0f32, 180.0f32, 40.0f32);
        let (s, c) = 30f32.to_radians().sin_cos();
        let eyes = [(cx - half * c, cy - half * s), (cx + half * c, cy + half * s)];
        for (x, y) in eyes {
            for oy in -2..=2 {
                for ox in -2..=2 {
                    image.put_pixel((x as i32 + ox) as u32, (y as i32 + oy) as u32, Luma([255]));
                }
            }
        }
        let points = [eyes[0], eyes[0], eyes[1], eyes[1], (cx, cy + 40.0)];
        let crop = aligned_crop(&image, &points, 150);
        let expect_y = (EYE_LINE * 150.0) as u32;
        let span = EYE_SPAN * 150.0;
        for x in [75.0 - span / 2.0, 75.0 + span / 2.0] {
            let x = x.round() as u32;
            assert!(crop.get_pixel(x, expect_y)[0] > 200, "eye not at ({x}, {expect_y})");
        }
    }
}
