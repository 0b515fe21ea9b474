//! The warnings parsing attaches to an accepted number: things a reviewer should look at that do
//! not make the number invalid. Codes are API: never rename one, only add.

use crate::finding::{Field, Finding};

/// `unknown_county`: the address code's county is in no edition of GB/T 2260 the table knows.
pub(crate) fn unknown_county(code: &str) -> Finding {
    Finding::warning(
        "unknown_county",
        Some(Field::IdNumber),
        format!("号码中的地址码“{code}”不在行政区划代码表（含历史代码）中，请人工核对"),
        format!("address code {code} is in no GB/T 2260 edition known (historical codes included); check it by hand"),
    )
}

/// `legacy_15_digit_upgraded`: a first-generation 15-digit number was read as its 18-digit form.
pub(crate) fn legacy_15_digit_upgraded(legacy: &str, upgraded: &str) -> Finding {
    Finding::warning(
        "legacy_15_digit_upgraded",
        Some(Field::IdNumber),
        format!("15位旧号码{legacy}已按规则升级为18位号码{upgraded}，请核对证件"),
        format!(
            "legacy 15-digit number {legacy} read as its 18-digit form {upgraded}; check the card"
        ),
    )
}

/// `old_travel_permit_format`: a travel permit number in a format no longer issued.
pub(crate) fn old_travel_permit_format(format_zh: &str, format_en: &str) -> Finding {
    Finding::warning(
        "old_travel_permit_format",
        Some(Field::IdNumber),
        format!("号码为旧版通行证格式（{format_zh}），请核对证件是否仍在有效期内或已换发新证"),
        format!("the number has the old travel permit format ({format_en}); check that the permit is still valid or was replaced"),
    )
}

/// `foreign_permanent_2017_format`: a 15-character foreign permanent residence ID (2017 layout),
/// whose check digit and layout are known only from third-party implementations.
pub(crate) fn foreign_permanent_2017_format() -> Finding {
    Finding::warning(
        "foreign_permanent_2017_format",
        Some(Field::IdNumber),
        "号码为2017版（15位）外国人永久居留身份证，请核对证件",
        "the number is a 2017-version (15-character) foreigner's permanent residence ID; check the card",
    )
}
