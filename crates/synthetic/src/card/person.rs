//! The holder as drawn in photos: an [`Appearance`] drawn once per applicant (skin, hair and
//! hair style, clothes, face proportions, glasses) so the card photo and the hand-held scene show
//! the same person and two applicants never look identical; and the head-and-shoulders figure.

use image::{Rgb, RgbImage};
use reviewdesk_domain::id::Sex;

use super::shapes::{fill_ellipse, fill_polygon, fill_rounded_rect, mix, stroke_ellipse, Paint};
use crate::random::Draws;

const SKIN_TONES: [[u8; 3]; 6] = [
    [241, 205, 178],
    [232, 190, 160],
    [224, 178, 145],
    [210, 160, 125],
    [190, 140, 105],
    [168, 120, 88],
];

const HAIR_COLOURS: [[u8; 3]; 5] =
    [[22, 20, 20], [35, 28, 26], [52, 40, 32], [74, 54, 38], [44, 34, 30]];

const CLOTHING: [[u8; 3]; 8] = [
    [30, 40, 70],
    [48, 48, 54],
    [110, 32, 42],
    [22, 64, 54],
    [90, 108, 138],
    [20, 20, 24],
    [128, 98, 70],
    [60, 80, 120],
];

const COLLARS: [[u8; 3]; 3] = [[238, 238, 236], [214, 226, 240], [250, 246, 236]];

/// How the hair is cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HairStyle {
    Short,
    Long,
    Bun,
}

/// One person's looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Appearance {
    pub(crate) skin: Rgb<u8>,
    pub(crate) hair: Rgb<u8>,
    pub(crate) hair_style: HairStyle,
    pub(crate) clothing: Rgb<u8>,
    pub(crate) collar: Rgb<u8>,
    /// Face width over height (0.72–0.86).
    pub(crate) face_ratio: f32,
    /// Eye centre distance from the face's middle, in face half-widths.
    pub(crate) eye_spacing: f32,
    /// Mouth half-width, in face half-widths.
    pub(crate) mouth_width: f32,
    pub(crate) glasses: bool,
    /// The ID photo's backdrop.
    pub(crate) backdrop: Rgb<u8>,
}

fn jitter(draws: &mut Draws, color: [u8; 3], amount: i64) -> Rgb<u8> {
    let shift = draws.between(-amount, amount);
    Rgb(color.map(|channel| (i64::from(channel) + shift).clamp(0, 255) as u8))
}

/// Draws a person's looks; women more often have long hair or a bun.
pub(crate) fn appearance(draws: &mut Draws, sex: Option<Sex>) -> Appearance {
    let skin_base = draws.pick(&SKIN_TONES).copied().unwrap_or(SKIN_TONES[2]);
    let skin = jitter(draws, skin_base, 6);
    let hair_base = draws.pick(&HAIR_COLOURS).copied().unwrap_or(HAIR_COLOURS[0]);
    let hair = jitter(draws, hair_base, 4);
    let long_share = if sex == Some(Sex::Female) { 0.75 } else { 0.05 };
    let hair_style = if draws.chance(long_share) {
        if draws.chance(0.25) {
            HairStyle::Bun
        } else {
            HairStyle::Long
        }
    } else {
        HairStyle::Short
    };
    let clothing_base = draws.pick(&CLOTHING).copied().unwrap_or(CLOTHING[0]);
    let clothing = jitter(draws, clothing_base, 8);
    let collar = draws.pick(&COLLARS).copied().map_or(Rgb([238, 238, 236]), Rgb);
    Appearance {
        skin,
        hair,
        hair_style,
        clothing,
        collar,
        face_ratio: draws.float(0.72, 0.86),
        eye_spacing: draws.float(0.32, 0.40),
        mouth_width: draws.float(0.20, 0.30),
        glasses: draws.chance(0.25),
        backdrop: jitter(draws, [250, 250, 248], 4),
    }
}

/// Draws the head and shoulders, the face centred at (`cx`, `head_cy`) with vertical radius
/// `head_ry`; the shoulders reach about 3.2 × `head_ry` below the face's centre.
pub(crate) fn draw_bust(
    image: &mut RgbImage,
    look: &Appearance,
    cx: f32,
    head_cy: f32,
    head_ry: f32,
) {
    let ry = head_ry.max(1.0);
    let rx = ry * look.face_ratio;
    let skin = Paint::solid(look.skin);
    let shade = Paint::solid(mix(look.skin, Rgb([90, 50, 40]), 0.18));
    let hair = Paint::solid(look.hair);

    if look.hair_style == HairStyle::Long {
        fill_rounded_rect(
            image,
            cx - 1.22 * rx,
            head_cy - 0.6 * ry,
            2.44 * rx,
            2.45 * ry,
            0.9 * rx,
            hair,
        );
    }
    // Torso with a V-neck collar.
    let shoulders_top = head_cy + 1.3 * ry;
    fill_ellipse(
        image,
        cx,
        shoulders_top + 1.7 * ry,
        1.9 * ry,
        1.75 * ry,
        Paint::solid(look.clothing),
    );
    fill_polygon(
        image,
        &[
            (cx - 0.62 * rx, shoulders_top - 0.02 * ry),
            (cx + 0.62 * rx, shoulders_top - 0.02 * ry),
            (cx, shoulders_top + 0.95 * ry),
        ],
        Paint::solid(look.collar),
    );
    // Neck.
    fill_rounded_rect(
        image,
        cx - 0.42 * rx,
        head_cy + 0.5 * ry,
        0.84 * rx,
        1.05 * ry,
        0.3 * rx,
        shade,
    );
    fill_polygon(
        image,
        &[
            (cx - 0.42 * rx, shoulders_top - 0.1 * ry),
            (cx + 0.42 * rx, shoulders_top - 0.1 * ry),
            (cx, shoulders_top + 0.6 * ry),
        ],
        shade,
    );
    if look.hair_style == HairStyle::Long {
        // Hair falling over the shoulders on both sides.
        fill_rounded_rect(image, cx - 1.25 * rx, head_cy, 0.5 * rx, 1.9 * ry, 0.25 * rx, hair);
        fill_rounded_rect(image, cx + 0.75 * rx, head_cy, 0.5 * rx, 1.9 * ry, 0.25 * rx, hair);
    }
    // Hair cap, ears, face.
    fill_ellipse(image, cx, head_cy - 0.2 * ry, 1.07 * rx, 0.88 * ry, hair);
    if look.hair_style == HairStyle::Bun {
        fill_ellipse(image, cx, head_cy - 1.12 * ry, 0.36 * ry, 0.3 * ry, hair);
    }
    fill_ellipse(image, cx - 0.98 * rx, head_cy + 0.06 * ry, 0.16 * rx, 0.21 * ry, shade);
    fill_ellipse(image, cx + 0.98 * rx, head_cy + 0.06 * ry, 0.16 * rx, 0.21 * ry, shade);
    fill_ellipse(image, cx, head_cy + 0.08 * ry, rx, 0.92 * ry, skin);
    // Fringe over the forehead, parted a little to one side.
    fill_ellipse(image, cx - 0.12 * rx, head_cy - 0.6 * ry, 0.9 * rx, 0.3 * ry, hair);
    draw_features(image, look, cx, head_cy, rx, ry);
}

fn draw_features(image: &mut RgbImage, look: &Appearance, cx: f32, cy: f32, rx: f32, ry: f32) {
    let dark = Paint::solid(Rgb([38, 30, 30]));
    let brow = Paint::solid(mix(look.hair, Rgb([60, 45, 40]), 0.3));
    for side in [-1.0f32, 1.0] {
        let eye_x = cx + side * look.eye_spacing * rx;
        fill_ellipse(image, eye_x, cy - 0.22 * ry, 0.2 * rx, 0.035 * ry, brow);
        fill_ellipse(
            image,
            eye_x,
            cy - 0.04 * ry,
            0.14 * rx,
            0.065 * ry,
            Paint::solid(Rgb([245, 245, 240])),
        );
        fill_ellipse(image, eye_x, cy - 0.04 * ry, 0.075 * rx, 0.06 * ry, dark);
        if look.glasses {
            stroke_ellipse(
                image,
                eye_x,
                cy - 0.04 * ry,
                0.27 * rx,
                0.17 * ry,
                (0.035 * rx).max(1.0),
                dark,
            );
        }
    }
    if look.glasses {
        let gap = (look.eye_spacing - 0.27) * rx;
        fill_rounded_rect(
            image,
            cx - gap,
            cy - 0.07 * ry,
            2.0 * gap,
            (0.03 * ry).max(1.0),
            0.0,
            dark,
        );
    }
    let shade = Paint::solid(mix(look.skin, Rgb([120, 70, 60]), 0.3));
    fill_ellipse(image, cx, cy + 0.26 * ry, 0.1 * rx, 0.05 * ry, shade);
    fill_ellipse(
        image,
        cx,
        cy + 0.5 * ry,
        look.mouth_width * rx,
        0.055 * ry,
        Paint::solid(Rgb([172, 84, 84])),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::Purpose;

    #[test]
    fn two_people_look_different_and_the_same_person_the_same() {
        let one = appearance(&mut Draws::new(1, Purpose::Appearance, 1), Some(Sex::Female));
        let again = appearance(&mut Draws::new(1, Purpose::Appearance, 1), Some(Sex::Female));
        let other = appearance(&mut Draws::new(1, Purpose::Appearance, 2), Some(Sex::Female));
        assert_eq!(one, again);
        assert_ne!(one, other);
    }

    #[test]
    fn the_bust_is_drawn_inside_small_and_odd_frames() {
        let look = appearance(&mut Draws::new(2, Purpose::Appearance, 1), Some(Sex::Male));
        let mut image = RgbImage::from_pixel(60, 80, look.backdrop);
        draw_bust(&mut image, &look, 30.0, 30.0, 16.0);
        assert_eq!(*image.get_pixel(30, 36), look.skin);
        draw_bust(&mut image, &look, -500.0, 1e6, 0.0);
    }
}
