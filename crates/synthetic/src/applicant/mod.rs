//! Synthetic applicants: [`Applicant`] (who they are, what they declared, what their document
//! shows, and their [`Defect`]s) and [`ApplicantGenerator`], which makes applicant number `index`
//! of a seed without any other applicant or any font.
//!
//! Spread: about 80 % resident IDs (by default), the rest over every other document type; two
//! thirds women (like teacher applicants); ages 18–60; most residents registered in the reviewing
//! province, some elsewhere. Every clean applicant passes
//! `reviewdesk_domain::consistency::check` without errors or warnings.

mod birth;
mod defect;
mod document;
mod name;
mod number;
mod place;
mod validity;

use chrono::NaiveDate;
use reviewdesk_domain::consistency::DeclaredIdentity;
use reviewdesk_domain::id::{IdType, Sex};
use serde::{Deserialize, Serialize};

pub use defect::{Defect, Side};
use place::Places;

use crate::config::GeneratorConfig;
use crate::error::SyntheticError;
use crate::random::{Draws, Purpose};

/// One synthetic applicant awaiting manual review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    /// Unique per seed and index, e.g. `"SYN-00002A-000017"`.
    pub applicant_id: String,
    /// Two-digit code of the reviewing province.
    pub province: String,
    /// What the applicant declared (identity defects are applied here).
    pub identity: DeclaredIdentity,
    /// What the document itself shows: the truth the photos are rendered from. Equal to
    /// `identity` unless an identity defect changed the declaration.
    pub card: DeclaredIdentity,
    /// 住址: printed on resident IDs and residence permits; for other documents, where the holder
    /// lives in the mainland (not printed).
    pub address: String,
    /// 签发机关, e.g. `"北京市公安局朝阳分局"`.
    pub issuing_authority: String,
    /// Exactly what is wrong with this applicant; empty for a clean one.
    pub defects: Vec<Defect>,
}

impl Applicant {
    /// Whether the applicant has no defect.
    pub fn is_clean(&self) -> bool {
        self.defects.is_empty()
    }

    /// The image defects on one photo, in the order they are applied.
    pub fn defects_on(&self, side: Side) -> impl Iterator<Item = &Defect> + '_ {
        self.defects.iter().filter(move |defect| defect.side() == Some(side))
    }

    /// The consistency finding codes the identity defects must produce, e.g. `["sex_mismatch"]`.
    pub fn expected_finding_codes(&self) -> Vec<&'static str> {
        self.defects.iter().filter_map(Defect::finding_code).collect()
    }
}

/// Makes applicants from a configuration; applicant `index` depends only on the configuration
/// and the index.
#[derive(Debug, Clone)]
pub struct ApplicantGenerator {
    config: GeneratorConfig,
    places: Places,
}

impl ApplicantGenerator {
    /// Checks the configuration and reads the region table.
    pub fn new(config: GeneratorConfig) -> Result<ApplicantGenerator, SyntheticError> {
        config.validate()?;
        Ok(ApplicantGenerator { config, places: Places::load() })
    }

    /// The configuration in use.
    pub fn config(&self) -> &GeneratorConfig {
        &self.config
    }

    /// Applicant number `index`.
    pub fn applicant(&self, index: u64) -> Applicant {
        let config = &self.config;
        let today = config.today;
        let mut draws = Draws::new(config.seed, Purpose::Applicant, index);
        let province = draws.pick(&config.provinces).cloned().unwrap_or_default();
        let id_type = draws.weighted(&config.id_type_weights).copied().unwrap_or(IdType::Resident);
        let sex = if draws.chance(0.65) { Sex::Female } else { Sex::Male };
        let birth = birth::adult_birth_date(&mut draws, today);
        let document = document::issue(&mut draws, &self.places, id_type, &province, sex, birth);
        let current = validity::current(&mut draws, id_type, birth, today);
        let expired = validity::expired(&mut draws, id_type, birth, today);
        let applicable = defect::Applicable {
            number_encodes_person: matches!(
                id_type,
                IdType::Resident
                    | IdType::HkMacauPermit
                    | IdType::TaiwanPermit
                    | IdType::ForeignPermanent
            ),
            can_expire: expired.is_some(),
        };
        let defects = defect::choose(
            &mut draws,
            config.defect_share,
            config.second_defect_share,
            &config.defect_mix,
            applicable,
        );
        let period = match expired {
            Some(period) if defects.contains(&Defect::Expired) => period,
            _ => current,
        };
        let card = DeclaredIdentity {
            id_type,
            id_number: document.id_number,
            name: Some(document.name),
            sex: Some(sex),
            birth_date: Some(birth),
            ethnicity: document.ethnicity,
            region: document.region,
            valid_from: Some(period.valid_from),
            valid_to: Some(period.valid_to),
        };
        let identity = declared(&mut draws, &card, &defects, today);
        Applicant {
            applicant_id: format!("SYN-{:06X}-{index:06}", config.seed & 0xFF_FFFF),
            province,
            identity,
            card,
            address: document.address,
            issuing_authority: document.issuing_authority,
            defects,
        }
    }
}

/// The declaration: the card's data with the identity defects applied.
fn declared(
    draws: &mut Draws,
    card: &DeclaredIdentity,
    defects: &[Defect],
    today: NaiveDate,
) -> DeclaredIdentity {
    let mut identity = card.clone();
    if defects.contains(&Defect::WrongSex) {
        identity.sex = card.sex.map(|sex| match sex {
            Sex::Male => Sex::Female,
            Sex::Female => Sex::Male,
        });
    }
    if defects.contains(&Defect::WrongBirthDate) {
        identity.birth_date = card.birth_date.map(|birth| birth::mistyped(draws, birth, today));
    }
    identity
}
