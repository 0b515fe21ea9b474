//! [`Turn`]: one of the 8 ways a photo can lie (4 quarter turns × mirrored or not), as the
//! correction that makes it upright: rotate clockwise by `rotate_cw`, then flip left to right
//! if `mirrored`. Composition and inverse (the dihedral group D4), the EXIF orientation tags
//! 1–8 as corrections, and applying a correction to pixels.

use image::{imageops, GrayImage};
use serde::Serialize;

/// A correction: rotate clockwise by `quarter_turns` × 90°, then flip horizontally if
/// `mirrored`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Turn {
    quarter_turns: u8,
    pub mirrored: bool,
}

impl Turn {
    /// Leaves the image as it is.
    pub const IDENTITY: Turn = Turn { quarter_turns: 0, mirrored: false };

    /// Every correction: the four rotations, then the four mirrored ones.
    pub const ALL: [Turn; 8] = [
        Turn { quarter_turns: 0, mirrored: false },
        Turn { quarter_turns: 1, mirrored: false },
        Turn { quarter_turns: 2, mirrored: false },
        Turn { quarter_turns: 3, mirrored: false },
        Turn { quarter_turns: 0, mirrored: true },
        Turn { quarter_turns: 1, mirrored: true },
        Turn { quarter_turns: 2, mirrored: true },
        Turn { quarter_turns: 3, mirrored: true },
    ];

    /// `degrees_cw` rounded down to a quarter turn (any value, taken modulo 360).
    pub fn new(degrees_cw: u16, mirrored: bool) -> Turn {
        Turn { quarter_turns: ((degrees_cw / 90) % 4) as u8, mirrored }
    }

    /// 0, 90, 180 or 270.
    pub fn rotate_cw(self) -> u16 {
        u16::from(self.quarter_turns) * 90
    }

    /// Whether the correction swaps width and height.
    pub fn swaps_sides(self) -> bool {
        self.quarter_turns % 2 == 1
    }

    /// The same rotation mirrored the other way.
    pub fn mirror_partner(self) -> Turn {
        Turn { mirrored: !self.mirrored, ..self }
    }

    /// `self` first, then `next`.
    pub fn then(self, next: Turn) -> Turn {
        // Flip ∘ Rotate(a) = Rotate(-a) ∘ Flip: a flip before `next`'s rotation reverses it.
        let next_rotation =
            if self.mirrored { (4 - next.quarter_turns) % 4 } else { next.quarter_turns };
        Turn {
            quarter_turns: (self.quarter_turns + next_rotation) % 4,
            mirrored: self.mirrored != next.mirrored,
        }
    }

    /// The correction that undoes this one.
    pub fn inverse(self) -> Turn {
        if self.mirrored {
            // R(a) then F is its own inverse: F R(a) F R(a) = R(-a) R(a).
            self
        } else {
            Turn { quarter_turns: (4 - self.quarter_turns) % 4, mirrored: false }
        }
    }

    /// The EXIF orientation tag (1–8) as the correction a viewer applies to the stored pixels
    /// to display them; `None` for any other value.
    pub fn from_exif(tag: u16) -> Option<Turn> {
        let (quarter_turns, mirrored) = match tag {
            1 => (0, false),
            2 => (0, true),
            3 => (2, false),
            4 => (2, true),
            5 => (1, true),
            6 => (1, false),
            7 => (3, true),
            8 => (3, false),
            _ => return None,
        };
        Some(Turn { quarter_turns, mirrored })
    }

    /// Applies the correction to an image.
    pub fn apply(self, image: &GrayImage) -> GrayImage {
        let rotated = match self.quarter_turns {
            1 => imageops::rotate90(image),
            2 => imageops::rotate180(image),
            3 => imageops::rotate270(image),
            _ => image.clone(),
        };
        if self.mirrored {
            imageops::flip_horizontal(&rotated)
        } else {
            rotated
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3 × 2 image with every pixel different.
    fn sample() -> GrayImage {
        GrayImage::from_fn(3, 2, |x, y| image::Luma([(y * 3 + x) as u8]))
    }

    #[test]
    fn composition_and_inverse_agree_with_the_pixels() {
        let image = sample();
        for a in Turn::ALL {
            assert_eq!(a.inverse().apply(&a.apply(&image)), image, "{a:?}");
            assert_eq!(a.then(a.inverse()), Turn::IDENTITY);
            for b in Turn::ALL {
                assert_eq!(a.then(b).apply(&image), b.apply(&a.apply(&image)), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn exif_tags_match_their_definitions() {
        let image = sample();
        let (w, h) = image.dimensions();
        let at = |img: &GrayImage, x: u32, y: u32| img.get_pixel(x, y)[0];
        // 5 is the transpose: (x, y) → (y, x); 7 the transverse: (x, y) → (h-1-y, w-1-x).
        let transposed = Turn::from_exif(5).map(|t| t.apply(&image));
        let transversed = Turn::from_exif(7).map(|t| t.apply(&image));
        for y in 0..h {
            for x in 0..w {
                let value = at(&image, x, y);
                assert_eq!(transposed.as_ref().map(|t| at(t, y, x)), Some(value));
                assert_eq!(transversed.as_ref().map(|t| at(t, h - 1 - y, w - 1 - x)), Some(value));
            }
        }
        assert_eq!(Turn::from_exif(6), Some(Turn::new(90, false)));
        assert_eq!(Turn::from_exif(0), None);
        assert_eq!(Turn::from_exif(9), None);
        assert_eq!(Turn::new(450, true).rotate_cw(), 90);
    }
}
