//! The hand-held photo (手持照): the holder, head and shoulders against a wall-coloured gradient,
//! holding the document's portrait side in front of the chest (35–60 % of the photo's width,
//! slightly off centre) with a hand over one or both bottom corners. The card's bounding box is
//! returned as ground truth for the imaging checks.

use image::imageops;
use image::{Rgb, RgbImage};

use super::blanks::CORNER_RADIUS_MM;
use super::geometry::{Format, Sheet};
use super::person::{draw_bust, Appearance};
use super::shapes::{
    fill_capsule, fill_ellipse, fill_rounded_rect, mix, paste_rounded, vertical_gradient, Paint,
};
use crate::random::Draws;

/// Wall colours (top, bottom) of the background.
const WALLS: [([u8; 3], [u8; 3]); 6] = [
    ([236, 230, 218], [206, 198, 184]),
    ([224, 228, 232], [188, 194, 202]),
    ([214, 226, 236], [172, 188, 204]),
    ([226, 234, 222], [190, 204, 186]),
    ([244, 238, 228], [222, 210, 196]),
    ([200, 196, 192], [150, 146, 142]),
];

/// The rendered scene and where the document is in it: `[x, y, width, height]`.
pub(crate) struct Scene {
    pub(crate) image: RgbImage,
    pub(crate) card_box: [u32; 4],
}

/// Renders the scene around `front`, the document's portrait side (of `format`) at its base
/// size, scaled down as a camera would see it.
pub(crate) fn render(
    front: &RgbImage,
    format: Format,
    look: &Appearance,
    draws: &mut Draws,
) -> Scene {
    let width = draws.between_u32(250, 320) * 4;
    let height = width * 3 / 4;
    let (w, h) = (width as f32, height as f32);
    let mut image = RgbImage::new(width, height);
    let (top, bottom) = draws.pick(&WALLS).copied().unwrap_or(WALLS[0]);
    let tint = draws.between(-8, 8);
    let shade = |c: [u8; 3]| Rgb(c.map(|v| (i64::from(v) + tint).clamp(0, 255) as u8));
    vertical_gradient(&mut image, shade(top), shade(bottom));

    // The person: the body reaches the bottom edge.
    let cx = w * (0.5 + draws.float(-0.06, 0.06));
    let head_ry = h * draws.float(0.12, 0.145);
    let head_cy = h * draws.float(0.2, 0.25);
    // From the torso's widest line (see draw_bust) down.
    let body_top = head_cy + 3.0 * head_ry;
    fill_rounded_rect(
        &mut image,
        cx - 1.9 * head_ry,
        body_top,
        3.8 * head_ry,
        h - body_top + 10.0,
        0.0,
        Paint::solid(look.clothing),
    );
    draw_bust(&mut image, look, cx, head_cy, head_ry);

    // The document, in front of the chest.
    let card_width = (w * draws.float(0.35, 0.60)).round().max(40.0) as u32;
    let card_height = format.height_for(card_width);
    let (cw, ch) = (card_width as f32, card_height as f32);
    let margin = 0.02 * w;
    let left =
        (cx - cw / 2.0 + w * draws.float(-0.12, 0.12)).clamp(margin, (w - cw - margin).max(margin));
    let wanted_top = h * draws.float(0.6, 0.68) - ch / 2.0;
    let top = wanted_top.max(head_cy + 0.9 * head_ry).min(h * 0.97 - ch).max(0.0);
    // Hands at one or both bottom corners: sleeves and fingertips behind the card, palm and
    // thumb in front.
    let both = draws.chance(0.5);
    let right_only = draws.chance(0.5);
    let sides: &[f32] = match (both, right_only) {
        (true, _) => &[-1.0, 1.0],
        (false, true) => &[1.0],
        (false, false) => &[-1.0],
    };
    let hands: Vec<Hand> = sides
        .iter()
        .map(|side| Hand {
            corner_x: if *side < 0.0 { left } else { left + cw },
            corner_y: top + ch,
            side: *side,
            size: w,
        })
        .collect();
    for hand in &hands {
        hand.draw_behind(&mut image, look, h);
    }
    let radius = Sheet::new(format, card_width).px(CORNER_RADIUS_MM);
    let shadow = 0.01 * w;
    fill_rounded_rect(
        &mut image,
        left + shadow,
        top + shadow,
        cw,
        ch,
        radius,
        Paint::solid(Rgb([0, 0, 0])).with_opacity(0.25),
    );
    let seen = imageops::thumbnail(front, card_width, card_height);
    let radius = if format == Format::Card { radius } else { 0.0 };
    paste_rounded(&mut image, &seen, left.round() as i64, top.round() as i64, radius);
    for hand in &hands {
        hand.draw_in_front(&mut image, look);
    }

    let x = (left.round().max(0.0) as u32).min(width.saturating_sub(1));
    let y = (top.round().max(0.0) as u32).min(height.saturating_sub(1));
    let card_box = [x, y, card_width.min(width - x), card_height.min(height - y)];
    Scene { image, card_box }
}

/// A hand holding the card's bottom corner at (`corner_x`, `corner_y`); `side` is -1 for the
/// left corner, 1 for the right; sizes are fractions of the photo width `size`.
struct Hand {
    corner_x: f32,
    corner_y: f32,
    side: f32,
    size: f32,
}

impl Hand {
    /// The sleeve from the bottom edge and the fingertips showing past the card's side edge.
    fn draw_behind(&self, image: &mut RgbImage, look: &Appearance, photo_height: f32) {
        let (x, y, side, w) = (self.corner_x, self.corner_y, self.side, self.size);
        let sleeve = Paint::solid(mix(look.clothing, Rgb([0, 0, 0]), 0.12));
        let wrist_x = x + side * 0.03 * w;
        fill_rounded_rect(
            image,
            wrist_x - 0.045 * w,
            y + 0.03 * w,
            0.09 * w,
            photo_height - y,
            0.03 * w,
            sleeve,
        );
        let finger = Paint::solid(mix(look.skin, Rgb([120, 70, 60]), 0.12));
        for i in 0..4 {
            let finger_y = y - 0.012 * w - 0.021 * w * i as f32;
            fill_capsule(
                image,
                (x - side * 0.02 * w, finger_y),
                (x + side * 0.018 * w, finger_y + 0.004 * w),
                0.0105 * w,
                finger,
            );
        }
    }

    /// The palm below the corner and the thumb lying over the card.
    fn draw_in_front(&self, image: &mut RgbImage, look: &Appearance) {
        let (x, y, side, w) = (self.corner_x, self.corner_y, self.side, self.size);
        let skin = Paint::solid(look.skin);
        let crease = Paint::solid(mix(look.skin, Rgb([120, 70, 60]), 0.25));
        let palm = (x + side * 0.022 * w, y + 0.035 * w);
        fill_ellipse(image, palm.0, palm.1, 0.04 * w, 0.045 * w, skin);
        let tip = (x - side * 0.045 * w, y - 0.035 * w);
        fill_capsule(image, (palm.0 - side * 0.01 * w, palm.1 - 0.01 * w), tip, 0.0135 * w, skin);
        fill_ellipse(
            image,
            tip.0 + side * 0.003 * w,
            tip.1 + 0.002 * w,
            0.007 * w,
            0.006 * w,
            crease,
        );
    }
}
