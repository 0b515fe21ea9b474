//! Image defects applied to a rendered photo's pixels: rotation by quarter turns clockwise,
//! mirror reversal (left to right) and Gaussian blur; the card's bounding box follows the
//! rotation and mirroring.

use image::imageops;
use image::RgbImage;

use crate::applicant::Defect;
use crate::specimen::RenderedPhoto;

/// Quarter turns clockwise for a rotation in degrees, rounded to the nearest quarter.
fn quarter_turns(degrees_cw: u16) -> u16 {
    ((u32::from(degrees_cw) + 45) / 90 % 4) as u16
}

/// Rotates by quarter turns clockwise, moving the box with the pixels.
fn rotate(photo: RenderedPhoto, turns: u16) -> RenderedPhoto {
    let (width, height) = (photo.image.width(), photo.image.height());
    let (image, card_box) = match turns {
        1 => (
            imageops::rotate90(&photo.image),
            photo.card_box.map(|[x, y, w, h]| [height.saturating_sub(y + h), x, h, w]),
        ),
        2 => (
            imageops::rotate180(&photo.image),
            photo.card_box.map(|[x, y, w, h]| {
                [width.saturating_sub(x + w), height.saturating_sub(y + h), w, h]
            }),
        ),
        3 => (
            imageops::rotate270(&photo.image),
            photo.card_box.map(|[x, y, w, h]| [y, width.saturating_sub(x + w), h, w]),
        ),
        _ => return photo,
    };
    RenderedPhoto { image, card_box }
}

fn mirror(photo: RenderedPhoto) -> RenderedPhoto {
    let width = photo.image.width();
    RenderedPhoto {
        image: imageops::flip_horizontal(&photo.image),
        card_box: photo.card_box.map(|[x, y, w, h]| [width.saturating_sub(x + w), y, w, h]),
    }
}

fn blur(photo: RenderedPhoto, sigma: f32) -> RenderedPhoto {
    let image: RgbImage = imageproc::filter::gaussian_blur_f32(&photo.image, sigma.max(0.5));
    RenderedPhoto { image, ..photo }
}

/// Applies `defects` (those on this photo, in order); `blur_sigma` is the Gaussian's sigma in
/// pixels.
pub(crate) fn apply<'a>(
    mut photo: RenderedPhoto,
    defects: impl Iterator<Item = &'a Defect>,
    blur_sigma: f32,
) -> RenderedPhoto {
    for defect in defects {
        photo = match defect {
            Defect::Rotated { degrees_cw, .. } => rotate(photo, quarter_turns(*degrees_cw)),
            Defect::Mirrored { .. } => mirror(photo),
            Defect::Blurred { .. } => blur(photo, blur_sigma),
            Defect::WrongSex | Defect::WrongBirthDate | Defect::Expired => photo,
        };
    }
    photo
}

#[cfg(test)]
mod tests {
    use image::Rgb;

    use super::*;
    use crate::applicant::Side;

    /// A 40 × 30 photo, black except a white 10 × 5 box at (2, 3).
    fn photo() -> RenderedPhoto {
        let mut image = RgbImage::new(40, 30);
        for y in 3..8 {
            for x in 2..12 {
                image.put_pixel(x, y, Rgb([255, 255, 255]));
            }
        }
        RenderedPhoto { image, card_box: Some([2, 3, 10, 5]) }
    }

    /// The bounding box of the white pixels.
    fn white_box(image: &RgbImage) -> Option<[u32; 4]> {
        let white: Vec<(u32, u32)> = image
            .enumerate_pixels()
            .filter(|(_, _, p)| p[0] == 255)
            .map(|(x, y, _)| (x, y))
            .collect();
        let x0 = white.iter().map(|p| p.0).min()?;
        let y0 = white.iter().map(|p| p.1).min()?;
        let x1 = white.iter().map(|p| p.0).max()?;
        let y1 = white.iter().map(|p| p.1).max()?;
        Some([x0, y0, x1 - x0 + 1, y1 - y0 + 1])
    }

    #[test]
    fn the_box_follows_every_rotation_and_the_mirror() {
        let side = Side::Handheld;
        for defect in [
            Defect::Rotated { side, degrees_cw: 90 },
            Defect::Rotated { side, degrees_cw: 180 },
            Defect::Rotated { side, degrees_cw: 270 },
            Defect::Mirrored { side },
        ] {
            let changed = apply(photo(), [defect].iter(), 3.0);
            assert_eq!(changed.card_box, white_box(&changed.image), "{defect:?}");
        }
        let turned = apply(photo(), [Defect::Rotated { side, degrees_cw: 90 }].iter(), 3.0);
        assert_eq!(turned.image.dimensions(), (30, 40));
    }

    #[test]
    fn odd_angles_round_to_quarter_turns() {
        assert_eq!(quarter_turns(0), 0);
        assert_eq!(quarter_turns(89), 1);
        assert_eq!(quarter_turns(180), 2);
        assert_eq!(quarter_turns(271), 3);
        assert_eq!(quarter_turns(360), 0);
        assert_eq!(quarter_turns(u16::MAX), 0);
        let unchanged =
            apply(photo(), [Defect::Rotated { side: Side::Portrait, degrees_cw: 0 }].iter(), 3.0);
        assert_eq!(unchanged.image, photo().image);
    }

    #[test]
    fn blur_softens_edges() {
        let blurred = apply(photo(), [Defect::Blurred { side: Side::Emblem }].iter(), 3.0);
        let grey = blurred.image.pixels().filter(|p| p[0] > 10 && p[0] < 245).count();
        assert!(grey > 100, "{grey}");
        assert_eq!(blurred.card_box, photo().card_box);
    }
}
