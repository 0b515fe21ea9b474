//! [`GeneratorConfig`]: everything a generation run depends on (seed, today, provinces, the share
//! and mix of defects and document types, the photo byte limit, the font), with defaults that
//! match the demo queue, and its validation.

use std::path::PathBuf;

use chrono::NaiveDate;
use reviewdesk_domain::id::IdType;
use reviewdesk_domain::region::province;

use crate::error::SyntheticError;

/// The upload limit of the source: "190 KB", read as 190 × 1024 bytes.
pub const DEFAULT_MAX_JPEG_BYTES: usize = 194_560;

/// Province codes spread across by default: Beijing, Shanghai, Guangdong, Sichuan, Shaanxi.
pub const DEFAULT_PROVINCES: [&str; 5] = ["11", "31", "44", "51", "61"];

/// Relative weights of the defect kinds an applicant with defects draws from. A zero weight turns
/// a kind off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefectMix {
    pub wrong_sex: u32,
    pub wrong_birth_date: u32,
    pub expired: u32,
    pub rotated: u32,
    pub mirrored: u32,
    pub blurred: u32,
}

impl DefectMix {
    /// Every weight zero.
    pub const NONE: DefectMix = DefectMix {
        wrong_sex: 0,
        wrong_birth_date: 0,
        expired: 0,
        rotated: 0,
        mirrored: 0,
        blurred: 0,
    };

    /// The sum of the weights.
    pub fn total(&self) -> u64 {
        [
            self.wrong_sex,
            self.wrong_birth_date,
            self.expired,
            self.rotated,
            self.mirrored,
            self.blurred,
        ]
        .into_iter()
        .map(u64::from)
        .sum()
    }
}

impl Default for DefectMix {
    /// Sex errors (the source's own example) and rotated or mirrored photos are the most common.
    fn default() -> Self {
        DefectMix {
            wrong_sex: 3,
            wrong_birth_date: 2,
            expired: 2,
            rotated: 3,
            mirrored: 3,
            blurred: 2,
        }
    }
}

/// The relative weight of each ID document type. The default makes about 80 % resident IDs.
pub fn default_id_type_weights() -> Vec<(IdType, u32)> {
    vec![
        (IdType::Resident, 80),
        (IdType::HkMacauPermit, 4),
        (IdType::TaiwanPermit, 2),
        (IdType::ForeignPermanent, 3),
        (IdType::HkMacauTravel, 5),
        (IdType::TaiwanTravel, 3),
        (IdType::Passport, 3),
    ]
}

/// How to generate: the same configuration and index always give the same applicant and bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratorConfig {
    /// Everything derives from this.
    pub seed: u64,
    /// The date the applicants apply on: birth dates, validity periods and expiry are relative
    /// to it (nothing reads the clock).
    pub today: NaiveDate,
    /// Two-digit codes of the reviewing provinces applicants are spread across (mainland only).
    pub provinces: Vec<String>,
    /// The share of applicants (0–1) that get at least one defect.
    pub defect_share: f64,
    /// The share of applicants with defects (0–1) that get a second one of another kind.
    pub second_defect_share: f64,
    /// Which defects, in what proportions.
    pub defect_mix: DefectMix,
    /// Which ID document types, in what proportions.
    pub id_type_weights: Vec<(IdType, u32)>,
    /// Each JPEG is kept at or under this many bytes (quality steps down until it fits).
    pub max_jpeg_bytes: usize,
    /// A CJK font file to use instead of the lookup (`REVIEWDESK_CJK_FONT`, then the Debian
    /// `fonts-noto-cjk` paths).
    pub font_path: Option<PathBuf>,
}

impl GeneratorConfig {
    /// The defaults: [`DEFAULT_PROVINCES`], 30 % of applicants with defects (a fifth of them
    /// with two), the default mixes, the 194,560-byte limit, the font looked up.
    pub fn new(seed: u64, today: NaiveDate) -> GeneratorConfig {
        GeneratorConfig {
            seed,
            today,
            provinces: DEFAULT_PROVINCES.iter().map(|code| (*code).to_owned()).collect(),
            defect_share: 0.3,
            second_defect_share: 0.2,
            defect_mix: DefectMix::default(),
            id_type_weights: default_id_type_weights(),
            max_jpeg_bytes: DEFAULT_MAX_JPEG_BYTES,
            font_path: None,
        }
    }

    /// The same configuration spread across these province codes.
    pub fn with_provinces(mut self, codes: &[&str]) -> GeneratorConfig {
        self.provinces = codes.iter().map(|code| (*code).to_owned()).collect();
        self
    }

    /// The same configuration with this defect share and mix.
    pub fn with_defects(mut self, share: f64, mix: DefectMix) -> GeneratorConfig {
        self.defect_share = share;
        self.defect_mix = mix;
        self
    }

    /// Checks every field; the first problem is the error.
    pub fn validate(&self) -> Result<(), SyntheticError> {
        if self.provinces.is_empty() {
            return Err(invalid("provinces", "at least one province code is needed"));
        }
        for code in &self.provinces {
            let known = province(code).filter(|found| found.code == code.as_str());
            let mainland = !matches!(code.as_str(), "71" | "81" | "82" | "83");
            if known.is_none() || !mainland {
                return Err(SyntheticError::UnknownProvince { code: code.clone() });
            }
        }
        for (field, share) in
            [("defect_share", self.defect_share), ("second_defect_share", self.second_defect_share)]
        {
            if !(0.0..=1.0).contains(&share) {
                return Err(invalid(field, &format!("{share} is not between 0 and 1")));
            }
        }
        if self.defect_share > 0.0 && self.defect_mix.total() == 0 {
            return Err(invalid("defect_mix", "every weight is zero but defect_share is not"));
        }
        if self.id_type_weights.iter().all(|(_, weight)| *weight == 0) {
            return Err(invalid("id_type_weights", "every weight is zero"));
        }
        if self.max_jpeg_bytes < MIN_JPEG_BYTES {
            return Err(invalid(
                "max_jpeg_bytes",
                &format!(
                    "{} is below the smallest workable limit {MIN_JPEG_BYTES}",
                    self.max_jpeg_bytes
                ),
            ));
        }
        Ok(())
    }
}

/// Below this no photo of these sizes encodes legibly.
const MIN_JPEG_BYTES: usize = 20_000;

fn invalid(field: &'static str, reason: &str) -> SyntheticError {
    SyntheticError::InvalidConfig { field, reason: reason.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> GeneratorConfig {
        GeneratorConfig::new(1, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default())
    }

    #[test]
    fn defaults_are_valid() {
        assert_eq!(config().validate().ok(), Some(()));
        assert_eq!(DefectMix::default().total(), 15);
    }

    #[test]
    fn refuses_bad_fields() {
        let bad_province = config().with_provinces(&["11", "99"]).validate();
        assert!(
            matches!(bad_province, Err(SyntheticError::UnknownProvince { code }) if code == "99")
        );
        let hong_kong = config().with_provinces(&["81"]).validate();
        assert!(matches!(hong_kong, Err(SyntheticError::UnknownProvince { .. })));
        let six_digits = config().with_provinces(&["110000"]).validate();
        assert!(matches!(six_digits, Err(SyntheticError::UnknownProvince { .. })));
        let none = config().with_provinces(&[]).validate();
        assert!(matches!(none, Err(SyntheticError::InvalidConfig { field: "provinces", .. })));
        let share = config().with_defects(1.5, DefectMix::default()).validate();
        assert!(matches!(share, Err(SyntheticError::InvalidConfig { field: "defect_share", .. })));
        let mix = config().with_defects(0.5, DefectMix::NONE).validate();
        assert!(matches!(mix, Err(SyntheticError::InvalidConfig { field: "defect_mix", .. })));
        assert_eq!(config().with_defects(0.0, DefectMix::NONE).validate().ok(), Some(()));
        let mut tiny = config();
        tiny.max_jpeg_bytes = 1000;
        assert!(matches!(
            tiny.validate(),
            Err(SyntheticError::InvalidConfig { field: "max_jpeg_bytes", .. })
        ));
    }
}
