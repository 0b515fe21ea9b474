//! The emblem side (国徽面): for ID-1 cards the back with the mark, 中华人民共和国 and the
//! document's name in large type, 签发机关 and 有效期限; for booklets (travel permits, passports)
//! the cover, gold on a dark colour.

use image::{Rgb, RgbImage};
use reviewdesk_domain::id::IdType;

use super::blanks::{cover_colour, Blanks};
use super::emblem_mark;
use super::font::CardFonts;
use super::geometry::{Format, Sheet};
use super::printed::Printed;
use super::text::{self, TextStyle};

const LABEL_BLUE: Rgb<u8> = Rgb([48, 112, 168]);
const INK: Rgb<u8> = Rgb([24, 24, 28]);
const TITLE: Rgb<u8> = Rgb([30, 30, 36]);
const MARK_RED: Rgb<u8> = Rgb([196, 36, 36]);
const MARK_GOLD: Rgb<u8> = Rgb([232, 188, 64]);
const COVER_GOLD: Rgb<u8> = Rgb([214, 176, 96]);

/// The large name printed under 中华人民共和国.
fn card_title(id_type: IdType) -> &'static str {
    match id_type {
        IdType::HkMacauPermit => "港澳居民居住证",
        IdType::TaiwanPermit => "台湾居民居住证",
        IdType::ForeignPermanent => "外国人永久居留身份证",
        _ => "居民身份证",
    }
}

/// Renders the emblem side (or the booklet's cover) at the base size.
pub(crate) fn render(fonts: &CardFonts, blanks: &Blanks, printed: &Printed) -> RgbImage {
    match Format::of(printed.id_type) {
        Format::Card => render_card_back(fonts, blanks, printed),
        Format::Booklet => render_cover(fonts, blanks, printed.id_type),
    }
}

fn render_card_back(fonts: &CardFonts, blanks: &Blanks, printed: &Printed) -> RgbImage {
    let sheet = Sheet::new(Format::Card, Format::Card.base_width());
    let mut image = blanks.card_back();
    let mm = |value: f32| sheet.px(value);
    emblem_mark::draw(&mut image, mm(14.0), mm(13.5), mm(9.0), MARK_GOLD, MARK_RED);
    let country = TextStyle::new(mm(5.0), true, TITLE);
    let spacing = text::spacing_to_span(fonts, &country, "中华人民共和国", mm(50.0));
    text::draw(&mut image, fonts, &country.spaced(spacing), mm(29.0), mm(6.5), "中华人民共和国");
    let name = card_title(printed.id_type);
    let title = TextStyle::new(mm(7.6), true, TITLE);
    let title = title.spaced(text::spacing_to_span(fonts, &title, name, mm(58.0)).min(mm(3.0)));
    let title = text::fit(fonts, title, name, mm(74.0));
    text::draw_centred(&mut image, fonts, &title, mm(50.0), mm(19.5), name);
    let label = TextStyle::new(mm(2.7), false, LABEL_BLUE).spaced(mm(0.6));
    let value = TextStyle::new(mm(3.0), true, INK);
    text::draw(&mut image, fonts, &label, mm(15.0), mm(37.6), "签发机关");
    let authority = text::fit(fonts, value, &printed.authority, mm(48.0));
    text::draw(&mut image, fonts, &authority, mm(32.0), mm(37.3), &printed.authority);
    text::draw(&mut image, fonts, &label, mm(15.0), mm(44.6), "有效期限");
    let validity = text::fit(fonts, value, &printed.validity, mm(48.0));
    text::draw(&mut image, fonts, &validity, mm(32.0), mm(44.3), &printed.validity);
    image
}

/// The title lines of a booklet's cover.
fn cover_titles(id_type: IdType) -> (&'static str, &'static str) {
    match id_type {
        IdType::HkMacauTravel => {
            ("港澳居民来往内地通行证", "MAINLAND TRAVEL PERMIT FOR HONG KONG AND MACAO RESIDENTS")
        }
        IdType::TaiwanTravel => {
            ("台湾居民来往大陆通行证", "MAINLAND TRAVEL PERMIT FOR TAIWAN RESIDENTS")
        }
        _ => ("护照", "PASSPORT"),
    }
}

fn render_cover(fonts: &CardFonts, blanks: &Blanks, id_type: IdType) -> RgbImage {
    let sheet = Sheet::new(Format::Booklet, Format::Booklet.base_width());
    let (title, english) = cover_titles(id_type);
    let colour = cover_colour(id_type);
    let mut image = blanks.cover(id_type);
    let mm = |value: f32| sheet.px(value);
    let centre = sheet.width as f32 / 2.0;
    let country = TextStyle::new(mm(6.5), true, COVER_GOLD);
    let country =
        country.spaced(text::spacing_to_span(fonts, &country, "中华人民共和国", mm(80.0)));
    text::draw_centred(&mut image, fonts, &country, centre, mm(8.0), "中华人民共和国");
    emblem_mark::draw(&mut image, centre, mm(39.0), mm(15.0), COVER_GOLD, colour);
    let title_style = TextStyle::new(mm(8.5), true, COVER_GOLD);
    let title_style = title_style
        .spaced(text::spacing_to_span(fonts, &title_style, title, mm(40.0)).min(mm(6.0)));
    let title_style = text::fit(fonts, title_style, title, mm(110.0));
    text::draw_centred(&mut image, fonts, &title_style, centre, mm(60.0), title);
    let english_style = text::fit(
        fonts,
        TextStyle::new(mm(3.6), false, COVER_GOLD).spaced(mm(0.5)),
        english,
        mm(112.0),
    );
    text::draw_centred(&mut image, fonts, &english_style, centre, mm(73.0), english);
    image
}
