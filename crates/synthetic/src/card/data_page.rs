//! The booklet data page, the portrait side of travel permits and passports: the document's name
//! in Chinese and English, the photo on the left, bilingual fields (姓名, 性别, 出生日期, 证件号码,
//! 签发机关, 有效期限) on the right, and for passports the machine-readable zone.

use image::{Rgb, RgbImage};
use reviewdesk_domain::id::{IdType, Sex};

use super::blanks::Blanks;
use super::font::CardFonts;
use super::geometry::{Format, Sheet};
use super::mrz;
use super::person::{draw_bust, Appearance};
use super::printed::Printed;
use super::text::{self, TextStyle};

const LABEL: Rgb<u8> = Rgb([70, 96, 128]);
const INK: Rgb<u8> = Rgb([22, 22, 26]);
const HEADER: Rgb<u8> = Rgb([120, 36, 44]);

/// Millimetre positions of the layout (125 × 88 mm).
const PHOTO: (f32, f32, f32, f32) = (7.0, 17.0, 31.0, 40.0);
const FIELDS_X: f32 = 44.0;
const SECOND_COLUMN_X: f32 = 84.0;

fn header(id_type: IdType) -> (&'static str, &'static str) {
    match id_type {
        IdType::HkMacauTravel => {
            ("港澳居民来往内地通行证", "MAINLAND TRAVEL PERMIT FOR HONG KONG AND MACAO RESIDENTS")
        }
        IdType::TaiwanTravel => {
            ("台湾居民来往大陆通行证", "MAINLAND TRAVEL PERMIT FOR TAIWAN RESIDENTS")
        }
        _ => ("中华人民共和国护照", "PASSPORT · PEOPLE'S REPUBLIC OF CHINA"),
    }
}

/// Renders the data page at the base size.
pub(crate) fn render(
    fonts: &CardFonts,
    blanks: &Blanks,
    printed: &Printed,
    look: &Appearance,
) -> RgbImage {
    let sheet = Sheet::new(Format::Booklet, Format::Booklet.base_width());
    let mut image = blanks.data_page();
    let mm = |value: f32| sheet.px(value);
    let (title, english) = header(printed.id_type);
    text::draw(
        &mut image,
        fonts,
        &TextStyle::new(mm(4.6), true, HEADER).spaced(mm(0.5)),
        mm(7.0),
        mm(3.5),
        title,
    );
    let english_style =
        text::fit(fonts, TextStyle::new(mm(2.4), false, HEADER), english, mm(111.0));
    text::draw(&mut image, fonts, &english_style, mm(7.0), mm(10.0), english);

    let (x, y, w, h) = (mm(PHOTO.0), mm(PHOTO.1), mm(PHOTO.2), mm(PHOTO.3));
    let mut photo =
        RgbImage::from_pixel(w.round().max(1.0) as u32, h.round().max(1.0) as u32, look.backdrop);
    draw_bust(&mut photo, look, w / 2.0, h * 0.36, h * 0.24);
    image::imageops::overlay(&mut image, &photo, x.round() as i64, y.round() as i64);

    let label = TextStyle::new(mm(2.3), false, LABEL);
    let value = TextStyle::new(mm(3.6), true, INK);
    let max_value = mm(125.0 - FIELDS_X - 5.0);
    let mut field = |x_mm: f32, y_mm: f32, caption: &str, content: &str, max: f32| {
        text::draw(&mut image, fonts, &label, mm(x_mm), mm(y_mm), caption);
        let style = text::fit(fonts, value, content, max);
        text::draw(&mut image, fonts, &style, mm(x_mm), mm(y_mm + 2.9), content);
    };
    let sex_text = match printed.sex {
        Some(Sex::Male) => "男/M",
        Some(Sex::Female) => "女/F",
        None => "",
    };
    field(FIELDS_X, 17.0, "姓名/Name", &printed.name, max_value);
    field(FIELDS_X, 26.0, "性别/Sex", sex_text, mm(SECOND_COLUMN_X - FIELDS_X - 2.0));
    field(
        SECOND_COLUMN_X,
        26.0,
        "出生日期/Date of birth",
        &printed.birth_dotted,
        mm(125.0 - SECOND_COLUMN_X - 5.0),
    );
    field(FIELDS_X, 35.0, "证件号码/No.", &printed.number, max_value);
    field(FIELDS_X, 44.0, "签发机关/Authority", &printed.authority, max_value);
    field(FIELDS_X, 53.0, "有效期限/Date of expiry", &printed.validity, max_value);

    if printed.id_type == IdType::Passport {
        let birth: String =
            printed.birth_dotted.chars().filter(char::is_ascii_digit).skip(2).collect();
        let sex = match printed.sex {
            Some(Sex::Male) => 'M',
            Some(Sex::Female) => 'F',
            None => '<',
        };
        let expiry = printed.expiry_yymmdd().unwrap_or_else(|| "<<<<<<".to_owned());
        let zone = TextStyle::new(mm(3.6), false, INK);
        for (i, line) in
            mrz::passport_lines(&printed.number, &birth, sex, &expiry).iter().enumerate()
        {
            let style = zone.spaced(text::spacing_to_span(fonts, &zone, line, mm(113.0)));
            text::draw(&mut image, fonts, &style, mm(6.0), mm(69.0 + 6.5 * i as f32), line);
        }
    }
    image
}
