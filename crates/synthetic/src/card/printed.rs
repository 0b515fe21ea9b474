//! What a document prints, as text: the applicant's card data (never the declaration) in the
//! formats the documents use: `1990 年 1 月 5 日` and `1990.01.05` birth dates, `汉` for the
//! ethnicity, `2015.03.01-2035.03.01` or `2015.03.01-长期` validity, the sex as 男/女.

use chrono::{Datelike, NaiveDate};
use reviewdesk_domain::consistency::Validity;
use reviewdesk_domain::id::{IdType, Sex};
use reviewdesk_domain::region::nationality_by_numeric;

use crate::applicant::Applicant;

/// The texts one document shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Printed {
    pub(crate) id_type: IdType,
    pub(crate) name: String,
    pub(crate) sex: Option<Sex>,
    /// 男 / 女.
    pub(crate) sex_zh: &'static str,
    /// The ethnicity without 族 (`汉`, `维吾尔`), as resident IDs print it.
    pub(crate) ethnicity: Option<String>,
    /// `1990 年 1 月 5 日`.
    pub(crate) birth_long: String,
    /// `1990.01.05`.
    pub(crate) birth_dotted: String,
    pub(crate) address: String,
    pub(crate) number: String,
    pub(crate) authority: String,
    /// `2015.03.01-2035.03.01` or `2015.03.01-长期`.
    pub(crate) validity: String,
    /// `美国/USA` for foreign permanent residence IDs.
    pub(crate) nationality: Option<String>,
}

fn dotted(date: NaiveDate) -> String {
    date.format("%Y.%m.%d").to_string()
}

impl Printed {
    pub(crate) fn of(applicant: &Applicant) -> Printed {
        let card = &applicant.card;
        let birth = card.birth_date;
        let validity = match (card.valid_from, card.valid_to) {
            (Some(from), Some(Validity::Until(to))) => format!("{}-{}", dotted(from), dotted(to)),
            (Some(from), Some(Validity::LongTerm)) => format!("{}-长期", dotted(from)),
            _ => String::new(),
        };
        let nationality = match card.id_type {
            IdType::ForeignPermanent => card
                .id_number
                .get(3..6)
                .and_then(nationality_by_numeric)
                .map(|found| format!("{}/{}", found.name_zh, found.alpha3)),
            _ => None,
        };
        Printed {
            id_type: card.id_type,
            name: card.name.clone().unwrap_or_default(),
            sex: card.sex,
            sex_zh: card.sex.map_or("", |sex| sex.name_zh()),
            ethnicity: card.ethnicity.as_ref().map(|text| {
                text.strip_suffix('族').filter(|short| !short.is_empty()).unwrap_or(text).to_owned()
            }),
            birth_long: birth.map_or_else(String::new, |date| {
                format!("{} 年 {} 月 {} 日", date.year(), date.month(), date.day())
            }),
            birth_dotted: birth.map_or_else(String::new, dotted),
            address: applicant.address.clone(),
            number: card.id_number.clone(),
            authority: applicant.issuing_authority.clone(),
            validity,
            nationality,
        }
    }

    /// The end of the validity period as `YYMMDD` (machine-readable zones), when it has one.
    pub(crate) fn expiry_yymmdd(&self) -> Option<String> {
        let end = self.validity.split('-').nth(1)?;
        let digits: String = end.chars().filter(char::is_ascii_digit).collect();
        (digits.len() == 8).then(|| digits.get(2..).unwrap_or_default().to_owned())
    }
}
