//! Drawing text with the CJK font straight from glyph outlines (anti-aliased, sub-pixel
//! positioned): one line at a given size, weight, colour and letter spacing; measuring;
//! shrinking to fit a width; wrapping Chinese text by characters.

use ab_glyph::{point, Font, FontVec, GlyphId, PxScale, ScaleFont};
use image::{Rgb, RgbImage};

use super::font::CardFonts;
use super::shapes::{blend, Paint};

/// How a line of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TextStyle {
    /// The font size in pixels (the em height).
    pub(crate) size: f32,
    pub(crate) bold: bool,
    pub(crate) color: Rgb<u8>,
    /// Extra pixels after every character.
    pub(crate) spacing: f32,
}

impl TextStyle {
    pub(crate) fn new(size: f32, bold: bool, color: Rgb<u8>) -> TextStyle {
        TextStyle { size, bold, color, spacing: 0.0 }
    }

    pub(crate) fn spaced(self, spacing: f32) -> TextStyle {
        TextStyle { spacing, ..self }
    }
}

/// Lays out `text` on one line from `x`, calling `place` with each glyph and its pen position;
/// returns the advance width.
fn lay_out(
    font: &FontVec,
    style: &TextStyle,
    x: f32,
    text: &str,
    mut place: impl FnMut(GlyphId, f32),
) -> f32 {
    let scale = PxScale::from(style.size.max(1.0));
    let scaled = font.as_scaled(scale);
    let mut caret = x;
    let mut previous: Option<GlyphId> = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(previous) = previous {
            caret += scaled.kern(previous, id);
        }
        place(id, caret);
        caret += scaled.h_advance(id) + style.spacing;
        previous = Some(id);
    }
    (caret - x - style.spacing).max(0.0)
}

/// The width `text` takes in `style`.
pub(crate) fn width(fonts: &CardFonts, style: &TextStyle, text: &str) -> f32 {
    lay_out(fonts.get(style.bold), style, 0.0, text, |_, _| {})
}

/// Draws one line with its top at `top`; returns its width.
pub(crate) fn draw(
    image: &mut RgbImage,
    fonts: &CardFonts,
    style: &TextStyle,
    x: f32,
    top: f32,
    text: &str,
) -> f32 {
    let font = fonts.get(style.bold);
    let scale = PxScale::from(style.size.max(1.0));
    let baseline = top + font.as_scaled(scale).ascent();
    let paint = Paint::solid(style.color);
    lay_out(font, style, x, text, |id, caret| {
        let glyph = id.with_scale_and_position(scale, point(caret, baseline));
        if let Some(outlined) = font.outline_glyph(glyph) {
            let bounds = outlined.px_bounds();
            let (left, top) = (bounds.min.x as i64, bounds.min.y as i64);
            outlined.draw(|gx, gy, coverage| {
                blend(image, left + i64::from(gx), top + i64::from(gy), paint, coverage);
            });
        }
    })
}

/// Draws one line centred on `centre_x`; returns its width.
pub(crate) fn draw_centred(
    image: &mut RgbImage,
    fonts: &CardFonts,
    style: &TextStyle,
    centre_x: f32,
    top: f32,
    text: &str,
) -> f32 {
    let line = width(fonts, style, text);
    draw(image, fonts, style, centre_x - line / 2.0, top, text)
}

/// `style` shrunk (size and spacing together) so `text` fits in `max_width`; unchanged when it
/// already fits.
pub(crate) fn fit(fonts: &CardFonts, style: TextStyle, text: &str, max_width: f32) -> TextStyle {
    let line = width(fonts, &style, text);
    if line <= max_width || line <= 0.0 {
        return style;
    }
    let factor = (max_width / line).max(0.1);
    TextStyle { size: style.size * factor, spacing: style.spacing * factor, ..style }
}

/// Spacing that makes `text` exactly `target` wide (never negative).
pub(crate) fn spacing_to_span(
    fonts: &CardFonts,
    style: &TextStyle,
    text: &str,
    target: f32,
) -> f32 {
    let gaps = text.chars().count().saturating_sub(1);
    if gaps == 0 {
        return 0.0;
    }
    let natural = width(fonts, &TextStyle { spacing: 0.0, ..*style }, text);
    ((target - natural) / gaps as f32).max(0.0)
}

/// Splits `text` into lines no wider than `max_width`, breaking between characters (Chinese has
/// no spaces); at most `max_lines`, the last one taking the rest.
pub(crate) fn wrap(
    fonts: &CardFonts,
    style: &TextStyle,
    text: &str,
    max_width: f32,
    max_lines: usize,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        let mut candidate = current.clone();
        candidate.push(c);
        if !current.is_empty()
            && width(fonts, style, &candidate) > max_width
            && lines.len() + 1 < max_lines
        {
            lines.push(std::mem::take(&mut current));
            current.push(c);
        } else {
            current = candidate;
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}
