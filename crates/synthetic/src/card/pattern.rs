//! The security-print background of card sides and data pages: a light base with two families of
//! fine wavy lines and a rosette, in pale inks, laid out in millimetres so the density looks the
//! same at every pixel size.

use std::f32::consts::{FRAC_PI_2, PI, TAU};
use std::sync::OnceLock;

use image::{Rgb, RgbImage};

use super::geometry::Sheet;
use super::shapes::mix;

/// The colours of a background.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Guilloche {
    pub(crate) base: Rgb<u8>,
    /// The ink of the horizontal waves and the rosette.
    pub(crate) ink_a: Rgb<u8>,
    /// The ink of the vertical waves.
    pub(crate) ink_b: Rgb<u8>,
    /// How strongly the lines show (0–1).
    pub(crate) strength: f32,
    /// The rosette's centre, in millimetres.
    pub(crate) rosette_mm: (f32, f32),
}

/// Entries of the sine table (one full turn).
const SINE_STEPS: usize = 4096;

/// sin(2π·t) by table look-up: the pattern needs millions of sines per photo.
fn sin_turns(turns: f32) -> f32 {
    static TABLE: OnceLock<Vec<f32>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..SINE_STEPS).map(|i| (TAU * i as f32 / SINE_STEPS as f32).sin()).collect()
    });
    let position = (turns.fract() + 1.0) * SINE_STEPS as f32;
    let index = (position as usize) & (SINE_STEPS - 1);
    table.get(index).copied().unwrap_or(0.0)
}

/// A fast atan2 (error below 0.01 rad), enough for decoration.
fn fast_atan2(y: f32, x: f32) -> f32 {
    let (ax, ay) = (x.abs(), y.abs());
    let (small, large) = if ax > ay { (ay, ax) } else { (ax, ay) };
    if large <= f32::EPSILON {
        return 0.0;
    }
    let a = small / large;
    let squared = a * a;
    let mut angle =
        ((-0.046_496_47 * squared + 0.159_314_22) * squared - 0.327_622_77) * squared * a + a;
    if ay > ax {
        angle = FRAC_PI_2 - angle;
    }
    if x < 0.0 {
        angle = PI - angle;
    }
    if y < 0.0 {
        -angle
    } else {
        angle
    }
}

/// How much of a line a wave value near its crest covers: the top part of the sine.
fn crest(value: f32) -> f32 {
    ((value - 0.86) / 0.14).clamp(0.0, 1.0)
}

/// The rosette's radius in millimetres.
const ROSETTE_RADIUS_MM: f32 = 24.0;

/// Paints the whole sheet with the pattern.
pub(crate) fn paint(image: &mut RgbImage, sheet: &Sheet, style: &Guilloche) {
    let per_mm = sheet.px(1.0).max(0.01);
    let (rosette_x, rosette_y) = style.rosette_mm;
    let mm = |pixel: u32| (pixel as f32 + 0.5) / per_mm;
    // The slow-varying offsets depend on one coordinate only.
    let column_shift: Vec<f32> =
        (0..image.width()).map(|x| 0.55 * sin_turns(mm(x) / 31.0)).collect();
    let row_shift: Vec<f32> = (0..image.height()).map(|y| 0.45 * sin_turns(mm(y) / 23.0)).collect();
    for (x, y, pixel) in image.enumerate_pixels_mut() {
        let (u, v) = (mm(x), mm(y));
        let shift_u = column_shift.get(x as usize).copied().unwrap_or(0.0);
        let shift_v = row_shift.get(y as usize).copied().unwrap_or(0.0);
        let waves = crest(sin_turns(v / 2.4 + shift_u));
        let columns = crest(sin_turns(u / 3.1 + shift_v));
        let (dx, dy) = (u - rosette_x, v - rosette_y);
        let radius = (dx * dx + dy * dy).sqrt();
        let rosette = if radius < ROSETTE_RADIUS_MM {
            let petals = sin_turns(12.0 * fast_atan2(dy, dx) / TAU);
            crest(sin_turns(radius / 1.6 + 0.35 * petals)) * (1.0 - radius / ROSETTE_RADIUS_MM)
        } else {
            0.0
        };
        let mut color = style.base;
        let first = style.strength * (0.55 * waves + 0.7 * rosette);
        if first > 0.0 {
            color = mix(color, style.ink_a, first);
        }
        if columns > 0.0 {
            color = mix(color, style.ink_b, style.strength * 0.45 * columns);
        }
        *pixel = color;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::geometry::{Format, Sheet};

    #[test]
    fn pattern_is_light_and_varied() {
        let sheet = Sheet::new(Format::Card, 214);
        let mut image = RgbImage::new(sheet.width, sheet.height);
        let style = Guilloche {
            base: Rgb([240, 242, 236]),
            ink_a: Rgb([120, 170, 210]),
            ink_b: Rgb([220, 160, 170]),
            strength: 0.5,
            rosette_mm: (40.0, 30.0),
        };
        paint(&mut image, &sheet, &style);
        let darkest = image.pixels().map(|p| p[0].min(p[1]).min(p[2])).min().unwrap_or(0);
        let distinct: std::collections::HashSet<[u8; 3]> = image.pixels().map(|p| p.0).collect();
        assert!(darkest > 120, "{darkest}");
        assert!(distinct.len() > 50);
    }

    #[test]
    fn fast_functions_are_close_to_the_real_ones() {
        for i in -400..400 {
            let t = i as f32 / 97.0;
            assert!((sin_turns(t) - (TAU * t).sin()).abs() < 0.01, "{t}");
            let (y, x) = ((i as f32 * 0.37).sin() * 3.0, (i as f32 * 0.11).cos() * 2.0);
            assert!((fast_atan2(y, x) - y.atan2(x)).abs() < 0.01, "{y} {x}");
        }
        assert_eq!(fast_atan2(0.0, 0.0), 0.0);
    }
}
