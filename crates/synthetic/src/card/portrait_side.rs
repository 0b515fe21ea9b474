//! The portrait side (人像面) of ID-1 cards: resident IDs (姓名 性别 民族 出生 住址 公民身份号码 and
//! the photo on the right), Hong Kong/Macau/Taiwan residence permits (the same without 民族) and
//! foreign permanent residence IDs (a title, bilingual labels, nationality and validity).

use image::{Rgb, RgbImage};
use reviewdesk_domain::id::IdType;

use super::blanks::Blanks;
use super::font::CardFonts;
use super::geometry::{Format, Sheet};
use super::person::{draw_bust, Appearance};
use super::printed::Printed;
use super::text::{self, TextStyle};

const LABEL_BLUE: Rgb<u8> = Rgb([48, 112, 168]);
const INK: Rgb<u8> = Rgb([24, 24, 28]);
const TITLE_RED: Rgb<u8> = Rgb([150, 40, 40]);
/// Millimetre positions of the layout (85.6 × 54 mm).
const LABEL_X: f32 = 5.0;
const VALUE_X: f32 = 14.5;
const PHOTO: (f32, f32, f32, f32) = (54.0, 6.0, 26.0, 32.0);

/// Renders the portrait side at the base size.
pub(crate) fn render(
    fonts: &CardFonts,
    blanks: &Blanks,
    printed: &Printed,
    look: &Appearance,
) -> RgbImage {
    let sheet = Sheet::new(Format::Card, Format::Card.base_width());
    let mut image = blanks.card_front();
    draw_photo(&mut image, &sheet, look);
    let mm = |value: f32| sheet.px(value);
    let label = TextStyle::new(mm(2.6), false, LABEL_BLUE);
    let value = TextStyle::new(mm(3.1), true, INK);
    match printed.id_type {
        IdType::ForeignPermanent => draw_foreign(&mut image, fonts, printed, &sheet, value),
        _ => draw_resident(&mut image, fonts, printed, &sheet, label, value),
    }
    image
}

fn draw_photo(image: &mut RgbImage, sheet: &Sheet, look: &Appearance) {
    let (x, y, w, h) = (sheet.px(PHOTO.0), sheet.px(PHOTO.1), sheet.px(PHOTO.2), sheet.px(PHOTO.3));
    let mut photo =
        RgbImage::from_pixel(w.round().max(1.0) as u32, h.round().max(1.0) as u32, look.backdrop);
    let head_ry = h * 0.25;
    draw_bust(&mut photo, look, w / 2.0, h * 0.36, head_ry);
    image::imageops::overlay(image, &photo, x.round() as i64, y.round() as i64);
}

/// Resident IDs and residence permits.
fn draw_resident(
    image: &mut RgbImage,
    fonts: &CardFonts,
    printed: &Printed,
    sheet: &Sheet,
    label: TextStyle,
    value: TextStyle,
) {
    let mm = |value: f32| sheet.px(value);
    let caption = label.spaced(mm(1.2));
    // A spaced label at `label_x`, the value from `value_x` shrunk to end before the photo.
    let field =
        |image: &mut RgbImage, label_x: f32, value_x: f32, y: f32, name: &str, text: &str| {
            text::draw(image, fonts, &caption, mm(label_x), mm(y + 0.3), name);
            let style = text::fit(fonts, value, text, mm(PHOTO.0 - value_x - 1.0));
            text::draw(image, fonts, &style, mm(value_x), mm(y), text);
        };
    field(image, LABEL_X, VALUE_X, 5.5, "姓名", &printed.name);
    field(image, LABEL_X, VALUE_X, 12.0, "性别", printed.sex_zh);
    if let Some(ethnicity) = &printed.ethnicity {
        field(image, 24.5, 33.5, 12.0, "民族", ethnicity);
    }
    field(image, LABEL_X, VALUE_X, 18.5, "出生", &printed.birth_long);
    text::draw(image, fonts, &caption, mm(LABEL_X), mm(25.3), "住址");
    let address_style = TextStyle::new(mm(2.9), true, INK);
    let lines = text::wrap(fonts, &address_style, &printed.address, mm(PHOTO.0 - VALUE_X - 1.5), 4);
    for (i, line) in lines.iter().enumerate() {
        text::draw(image, fonts, &address_style, mm(VALUE_X), mm(25.0 + 4.2 * i as f32), line);
    }
    draw_number(image, fonts, sheet, label, "公民身份号码", &printed.number);
}

/// The number row at the bottom: the label, then the number in a larger, spaced type.
fn draw_number(
    image: &mut RgbImage,
    fonts: &CardFonts,
    sheet: &Sheet,
    label: TextStyle,
    caption: &str,
    number: &str,
) {
    let mm = |value: f32| sheet.px(value);
    let caption_width =
        text::draw(image, fonts, &label.spaced(mm(0.35)), mm(LABEL_X), mm(45.6), caption);
    let start = mm(LABEL_X) + caption_width + mm(4.0);
    let style = TextStyle::new(mm(3.9), true, INK).spaced(mm(0.45));
    let style = text::fit(fonts, style, number, sheet.width as f32 - start - mm(4.0));
    text::draw(image, fonts, &style, start, mm(44.7), number);
}

/// Foreign permanent residence IDs: title, bilingual fields, nationality, validity.
fn draw_foreign(
    image: &mut RgbImage,
    fonts: &CardFonts,
    printed: &Printed,
    sheet: &Sheet,
    value: TextStyle,
) {
    let mm = |value: f32| sheet.px(value);
    let title = TextStyle::new(mm(3.2), true, TITLE_RED).spaced(mm(0.4));
    text::draw(image, fonts, &title, mm(LABEL_X), mm(1.8), "中华人民共和国外国人永久居留身份证");
    let small = TextStyle::new(mm(2.1), false, LABEL_BLUE);
    let field = |image: &mut RgbImage, x_mm: f32, y_mm: f32, caption: &str, content: &str| {
        text::draw(image, fonts, &small, mm(x_mm), mm(y_mm), caption);
        let style = text::fit(fonts, value, content, mm(PHOTO.0 - x_mm - 1.0));
        text::draw(image, fonts, &style, mm(x_mm), mm(y_mm + 2.8), content);
    };
    field(image, LABEL_X, 7.0, "姓名/Name", &printed.name);
    field(image, LABEL_X, 14.5, "性别/Sex", printed.sex_zh);
    field(
        image,
        22.0,
        14.5,
        "国籍/Nationality",
        printed.nationality.as_deref().unwrap_or_default(),
    );
    field(image, LABEL_X, 22.0, "出生日期/Date of Birth", &printed.birth_dotted);
    field(image, LABEL_X, 29.5, "有效期限/Period of Validity", &printed.validity);
    draw_number(image, fonts, sheet, small, "证件号码/Card No.", &printed.number);
}
