//! Anti-aliased filled shapes on RGB images (ellipses, rings, rounded rectangles, polygons,
//! gradients): each pixel is blended by the share of it the shape covers. Everything is clipped
//! to the image, so any coordinates are safe.

use image::{Rgb, RgbImage};

/// A colour with an opacity (0–1) for translucent shapes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Paint {
    pub(crate) color: Rgb<u8>,
    pub(crate) opacity: f32,
}

impl Paint {
    pub(crate) fn solid(color: Rgb<u8>) -> Paint {
        Paint { color, opacity: 1.0 }
    }

    pub(crate) fn with_opacity(self, opacity: f32) -> Paint {
        Paint { opacity: opacity.clamp(0.0, 1.0), ..self }
    }
}

/// Mixes `a` towards `b` by `t` (0 gives `a`, 1 gives `b`), in 1/256 steps.
pub(crate) fn mix(a: Rgb<u8>, b: Rgb<u8>, t: f32) -> Rgb<u8> {
    let weight = if t.is_nan() { 0 } else { (t.clamp(0.0, 1.0) * 256.0) as u32 };
    let keep = 256 - weight;
    let channel = |from: u8, to: u8| -> u8 {
        ((u32::from(from) * keep + u32::from(to) * weight + 128) >> 8) as u8
    };
    Rgb([channel(a[0], b[0]), channel(a[1], b[1]), channel(a[2], b[2])])
}

/// Blends `paint` into the pixel at (x, y) by `coverage`; outside the image nothing happens.
pub(crate) fn blend(image: &mut RgbImage, x: i64, y: i64, paint: Paint, coverage: f32) {
    let amount = coverage.clamp(0.0, 1.0) * paint.opacity;
    if amount <= 0.0 || x < 0 || y < 0 {
        return;
    }
    let (Ok(x), Ok(y)) = (u32::try_from(x), u32::try_from(y)) else {
        return;
    };
    if let Some(pixel) = image.get_pixel_mut_checked(x, y) {
        *pixel = mix(*pixel, paint.color, amount);
    }
}

/// The pixel rows and columns a box touches, clipped to the image: (x0, y0, x1, y1), exclusive.
fn clip(image: &RgbImage, left: f32, top: f32, right: f32, bottom: f32) -> (i64, i64, i64, i64) {
    let clamp_to = |value: f32, max: u32| -> i64 {
        if value.is_nan() {
            0
        } else {
            (value as i64).clamp(0, i64::from(max))
        }
    };
    (
        clamp_to(left.floor(), image.width()),
        clamp_to(top.floor(), image.height()),
        clamp_to(right.ceil() + 1.0, image.width()),
        clamp_to(bottom.ceil() + 1.0, image.height()),
    )
}

/// Fills every pixel of the box whose coverage `coverage(px, py)` (pixel centre) is positive.
fn fill_by(
    image: &mut RgbImage,
    bounds: (f32, f32, f32, f32),
    paint: Paint,
    coverage: impl Fn(f32, f32) -> f32,
) {
    let (x0, y0, x1, y1) = clip(image, bounds.0, bounds.1, bounds.2, bounds.3);
    for y in y0..y1 {
        for x in x0..x1 {
            let amount = coverage(x as f32 + 0.5, y as f32 + 0.5);
            if amount > 0.0 {
                blend(image, x, y, paint, amount);
            }
        }
    }
}

/// Coverage of a pixel at signed distance `distance` (negative inside) from an edge.
fn edge_coverage(distance: f32) -> f32 {
    (0.5 - distance).clamp(0.0, 1.0)
}

/// Approximate signed distance from (x, y) to the ellipse's outline (negative inside).
fn ellipse_distance(x: f32, y: f32, cx: f32, cy: f32, rx: f32, ry: f32) -> f32 {
    let (dx, dy) = (x - cx, y - cy);
    let (rx, ry) = (rx.max(0.01), ry.max(0.01));
    let value = (dx / rx).powi(2) + (dy / ry).powi(2) - 1.0;
    let gradient = ((2.0 * dx / (rx * rx)).powi(2) + (2.0 * dy / (ry * ry)).powi(2)).sqrt();
    if gradient < 1e-6 {
        -rx.min(ry)
    } else {
        value / gradient
    }
}

/// A filled axis-aligned ellipse.
pub(crate) fn fill_ellipse(image: &mut RgbImage, cx: f32, cy: f32, rx: f32, ry: f32, paint: Paint) {
    let bounds = (cx - rx - 1.0, cy - ry - 1.0, cx + rx + 1.0, cy + ry + 1.0);
    fill_by(image, bounds, paint, |x, y| edge_coverage(ellipse_distance(x, y, cx, cy, rx, ry)));
}

/// A ring: the band of `width` pixels inside the ellipse's outline.
pub(crate) fn stroke_ellipse(
    image: &mut RgbImage,
    cx: f32,
    cy: f32,
    rx: f32,
    ry: f32,
    width: f32,
    paint: Paint,
) {
    let bounds = (cx - rx - 1.0, cy - ry - 1.0, cx + rx + 1.0, cy + ry + 1.0);
    let (inner_rx, inner_ry) = ((rx - width).max(0.0), (ry - width).max(0.0));
    fill_by(image, bounds, paint, |x, y| {
        let outer = edge_coverage(ellipse_distance(x, y, cx, cy, rx, ry));
        let inner = if inner_rx > 0.0 && inner_ry > 0.0 {
            edge_coverage(ellipse_distance(x, y, cx, cy, inner_rx, inner_ry))
        } else {
            0.0
        };
        outer - inner
    });
}

/// The share (0–1) of the pixel centred at (x, y) inside a rounded rectangle.
pub(crate) fn rounded_rect_coverage(
    x: f32,
    y: f32,
    (left, top, width, height): (f32, f32, f32, f32),
    radius: f32,
) -> f32 {
    let (half_w, half_h) = (width / 2.0, height / 2.0);
    let (cx, cy) = (left + half_w, top + half_h);
    let radius = radius.clamp(0.0, half_w.min(half_h).max(0.0));
    let qx = (x - cx).abs() - (half_w - radius);
    let qy = (y - cy).abs() - (half_h - radius);
    let outside = (qx.max(0.0).powi(2) + qy.max(0.0).powi(2)).sqrt();
    edge_coverage(outside + qx.max(qy).min(0.0) - radius)
}

/// A filled rectangle with rounded corners of `radius` pixels.
pub(crate) fn fill_rounded_rect(
    image: &mut RgbImage,
    left: f32,
    top: f32,
    width: f32,
    height: f32,
    radius: f32,
    paint: Paint,
) {
    let bounds = (left - 1.0, top - 1.0, left + width + 1.0, top + height + 1.0);
    fill_by(image, bounds, paint, |x, y| {
        rounded_rect_coverage(x, y, (left, top, width, height), radius)
    });
}

/// Copies `source` onto `target` with its top-left corner at (`left`, `top`), only inside the
/// rounded rectangle of `radius` that `source` fills (anti-aliased corners); clipped to `target`.
pub(crate) fn paste_rounded(
    target: &mut RgbImage,
    source: &RgbImage,
    left: i64,
    top: i64,
    radius: f32,
) {
    let frame = (0.0, 0.0, source.width() as f32, source.height() as f32);
    for (x, y, pixel) in source.enumerate_pixels() {
        let coverage = rounded_rect_coverage(x as f32 + 0.5, y as f32 + 0.5, frame, radius);
        blend(target, left + i64::from(x), top + i64::from(y), Paint::solid(*pixel), coverage);
    }
}

/// A capsule: the segment from (x0, y0) to (x1, y1) thickened by `radius` (fingers, thumbs).
pub(crate) fn fill_capsule(
    image: &mut RgbImage,
    (x0, y0): (f32, f32),
    (x1, y1): (f32, f32),
    radius: f32,
    paint: Paint,
) {
    let bounds = (
        x0.min(x1) - radius - 1.0,
        y0.min(y1) - radius - 1.0,
        x0.max(x1) + radius + 1.0,
        y0.max(y1) + radius + 1.0,
    );
    let (dx, dy) = (x1 - x0, y1 - y0);
    let length_squared = (dx * dx + dy * dy).max(1e-6);
    fill_by(image, bounds, paint, |x, y| {
        let t = (((x - x0) * dx + (y - y0) * dy) / length_squared).clamp(0.0, 1.0);
        let (nx, ny) = (x0 + t * dx - x, y0 + t * dy - y);
        edge_coverage((nx * nx + ny * ny).sqrt() - radius)
    });
}

/// Whether (x, y) is inside the polygon (even-odd rule).
fn inside_polygon(points: &[(f32, f32)], x: f32, y: f32) -> bool {
    let mut inside = false;
    let mut previous = match points.last() {
        Some(point) => *point,
        None => return false,
    };
    for &(px, py) in points {
        let (qx, qy) = previous;
        if (py > y) != (qy > y) && x < (qx - px) * (y - py) / (qy - py) + px {
            inside = !inside;
        }
        previous = (px, py);
    }
    inside
}

/// A filled polygon, anti-aliased by 4 × 4 samples per pixel.
pub(crate) fn fill_polygon(image: &mut RgbImage, points: &[(f32, f32)], paint: Paint) {
    if points.len() < 3 {
        return;
    }
    let fold = |pick: fn(f32, f32) -> f32, start: f32, axis: fn(&(f32, f32)) -> f32| {
        points.iter().map(axis).fold(start, pick)
    };
    let bounds = (
        fold(f32::min, f32::MAX, |p| p.0),
        fold(f32::min, f32::MAX, |p| p.1),
        fold(f32::max, f32::MIN, |p| p.0),
        fold(f32::max, f32::MIN, |p| p.1),
    );
    const OFFSETS: [f32; 4] = [-0.375, -0.125, 0.125, 0.375];
    fill_by(image, bounds, paint, |x, y| {
        let mut hits = 0u8;
        for dy in OFFSETS {
            for dx in OFFSETS {
                if inside_polygon(points, x + dx, y + dy) {
                    hits += 1;
                }
            }
        }
        f32::from(hits) / 16.0
    });
}

/// A five-pointed star centred at (cx, cy), point up.
pub(crate) fn fill_star(image: &mut RgbImage, cx: f32, cy: f32, radius: f32, paint: Paint) {
    let inner = radius * 0.382;
    let points: Vec<(f32, f32)> = (0..10)
        .map(|i| {
            let r = if i % 2 == 0 { radius } else { inner };
            let angle = -std::f32::consts::FRAC_PI_2 + i as f32 * std::f32::consts::PI / 5.0;
            (cx + r * angle.cos(), cy + r * angle.sin())
        })
        .collect();
    fill_polygon(image, &points, paint);
}

/// Fills the whole image with a vertical gradient from `top` to `bottom`.
pub(crate) fn vertical_gradient(image: &mut RgbImage, top: Rgb<u8>, bottom: Rgb<u8>) {
    let last_row = image.height().max(2) - 1;
    for (y, row) in image.rows_mut().enumerate() {
        let color = mix(top, bottom, y as f32 / last_row as f32);
        for pixel in row {
            *pixel = color;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHITE: Rgb<u8> = Rgb([255, 255, 255]);
    const BLACK: Rgb<u8> = Rgb([0, 0, 0]);

    #[test]
    fn ellipse_covers_its_centre_not_its_corners_and_edges_are_soft() {
        let mut image = RgbImage::from_pixel(40, 40, WHITE);
        fill_ellipse(&mut image, 20.0, 20.0, 10.0, 15.0, Paint::solid(BLACK));
        assert_eq!(*image.get_pixel(20, 20), BLACK);
        assert_eq!(*image.get_pixel(2, 2), WHITE);
        let partial = image.pixels().filter(|p| p[0] > 0 && p[0] < 255).count();
        assert!(partial > 10, "{partial}");
    }

    #[test]
    fn shapes_outside_or_degenerate_never_panic() {
        let mut image = RgbImage::from_pixel(8, 8, WHITE);
        let paint = Paint::solid(BLACK);
        fill_ellipse(&mut image, -100.0, 1e9, 0.0, -3.0, paint);
        stroke_ellipse(&mut image, 4.0, 4.0, 2.0, 2.0, 5.0, paint);
        fill_rounded_rect(&mut image, f32::NAN, 0.0, -4.0, 3.0, 9.0, paint);
        fill_polygon(&mut image, &[(0.0, 0.0), (1.0, 1.0)], paint);
        fill_star(&mut image, 4.0, 4.0, 0.0, paint);
        fill_capsule(&mut image, (1.0, 1.0), (1.0, 1.0), -2.0, paint);
        blend(&mut image, i64::MAX, -1, paint, 1.0);
        let mut empty = RgbImage::new(0, 0);
        fill_ellipse(&mut empty, 0.0, 0.0, 5.0, 5.0, paint);
        vertical_gradient(&mut empty, WHITE, BLACK);
    }

    #[test]
    fn rounded_rect_and_star_fill_their_insides() {
        let mut image = RgbImage::from_pixel(50, 50, WHITE);
        fill_rounded_rect(&mut image, 5.0, 5.0, 40.0, 20.0, 6.0, Paint::solid(BLACK));
        assert_eq!(*image.get_pixel(25, 15), BLACK);
        assert_eq!(*image.get_pixel(5, 5), WHITE);
        fill_star(&mut image, 25.0, 38.0, 10.0, Paint::solid(Rgb([255, 0, 0])));
        assert_eq!(*image.get_pixel(25, 38), Rgb([255, 0, 0]));
        assert_eq!(mix(WHITE, BLACK, 0.5), Rgb([128, 128, 128]));
    }
}
