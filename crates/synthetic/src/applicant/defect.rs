//! [`Defect`] and [`Side`]: what is wrong with a synthetic applicant, recorded exactly so it is
//! the ground truth of tests and of the imaging checks' accuracy report; and the choice of
//! defects for one applicant.
//!
//! Identity defects (`wrong_sex`, `wrong_birth_date`, `expired`) change the declared data (the
//! document still shows the truth; `expired` means the document itself has run out). Image
//! defects change one photo's pixels after rendering.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::config::DefectMix;
use crate::random::Draws;

/// One of the three uploaded photos.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// 人像面: the side with the holder's photo (for booklets, the data page).
    Portrait,
    /// 国徽面: the side with the emblem (for booklets, the cover).
    Emblem,
    /// 手持照: the holder holding the document's portrait side.
    Handheld,
}

impl Side {
    /// Every side, in upload order.
    pub const ALL: [Side; 3] = [Side::Portrait, Side::Emblem, Side::Handheld];

    /// The snake_case name, as serde writes it.
    pub fn as_str(&self) -> &'static str {
        match self {
            Side::Portrait => "portrait",
            Side::Emblem => "emblem",
            Side::Handheld => "handheld",
        }
    }

    /// 人像面 / 国徽面 / 手持照.
    pub fn name_zh(&self) -> &'static str {
        match self {
            Side::Portrait => "人像面",
            Side::Emblem => "国徽面",
            Side::Handheld => "手持照",
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A defect of a synthetic applicant. Serialised tagged by `kind`, e.g.
/// `{"kind":"rotated","side":"portrait","degrees_cw":90}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Defect {
    /// The declared sex is the opposite of the document's.
    WrongSex,
    /// The declared birth date differs from the document's (a typical slip).
    WrongBirthDate,
    /// The document's validity period ended before today (declared as printed).
    Expired,
    /// The photo's pixels are rotated clockwise by 90, 180 or 270 degrees.
    Rotated { side: Side, degrees_cw: u16 },
    /// The photo is mirror-reversed left to right.
    Mirrored { side: Side },
    /// The photo is blurred (Gaussian, sigma 3–5 at the card scale) past legibility.
    Blurred { side: Side },
}

impl Defect {
    /// The photo an image defect is on; `None` for identity defects.
    pub fn side(&self) -> Option<Side> {
        match self {
            Defect::Rotated { side, .. } | Defect::Mirrored { side } | Defect::Blurred { side } => {
                Some(*side)
            }
            Defect::WrongSex | Defect::WrongBirthDate | Defect::Expired => None,
        }
    }

    /// The defect's name, as its serialised `kind` tag says it (`wrong_sex`, `rotated`, ...).
    pub fn kind(&self) -> &'static str {
        match self {
            Defect::WrongSex => "wrong_sex",
            Defect::WrongBirthDate => "wrong_birth_date",
            Defect::Expired => "expired",
            Defect::Rotated { .. } => "rotated",
            Defect::Mirrored { .. } => "mirrored",
            Defect::Blurred { .. } => "blurred",
        }
    }

    /// The consistency finding (`reviewdesk_domain::consistency::check`) an identity defect
    /// produces; `None` for image defects.
    pub fn finding_code(&self) -> Option<&'static str> {
        match self {
            Defect::WrongSex => Some("sex_mismatch"),
            Defect::WrongBirthDate => Some("birth_date_mismatch"),
            Defect::Expired => Some("id_expired"),
            Defect::Rotated { .. } | Defect::Mirrored { .. } | Defect::Blurred { .. } => None,
        }
    }
}

/// A defect kind before its side and angle are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    WrongSex,
    WrongBirthDate,
    Expired,
    Rotated,
    Mirrored,
    Blurred,
}

/// Which identity defects the applicant's document allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Applicable {
    /// The number encodes sex and birth date, so a wrong declaration is detectable.
    pub(crate) number_encodes_person: bool,
    /// An expired document of this type and holder is possible before today.
    pub(crate) can_expire: bool,
}

/// Draws the defects of one applicant: none with probability `1 - share`, else one, and a second
/// of another kind with probability `second_share`. Kinds the document does not allow are left
/// out of the draw; two image defects are on different photos.
pub(crate) fn choose(
    draws: &mut Draws,
    share: f64,
    second_share: f64,
    mix: &DefectMix,
    applicable: Applicable,
) -> Vec<Defect> {
    if !draws.chance(share) {
        return Vec::new();
    }
    let count = if draws.chance(second_share) { 2 } else { 1 };
    let mut defects: Vec<Defect> = Vec::with_capacity(count);
    let mut kinds: Vec<Kind> = Vec::with_capacity(count);
    for _ in 0..count {
        let candidates: Vec<(Kind, u32)> = weights(mix, applicable)
            .into_iter()
            .filter(|(kind, _)| !kinds.contains(kind))
            .collect();
        let Some(kind) = draws.weighted(&candidates).copied() else {
            break;
        };
        let used_sides: Vec<Side> = defects.iter().filter_map(Defect::side).collect();
        let free_sides: Vec<Side> =
            Side::ALL.into_iter().filter(|side| !used_sides.contains(side)).collect();
        let side = draws.pick(&free_sides).copied().unwrap_or(Side::Portrait);
        kinds.push(kind);
        defects.push(match kind {
            Kind::WrongSex => Defect::WrongSex,
            Kind::WrongBirthDate => Defect::WrongBirthDate,
            Kind::Expired => Defect::Expired,
            Kind::Rotated => {
                let degrees_cw = draws.pick(&[90u16, 180, 270]).copied().unwrap_or(90);
                Defect::Rotated { side, degrees_cw }
            }
            Kind::Mirrored => Defect::Mirrored { side },
            Kind::Blurred => Defect::Blurred { side },
        });
    }
    defects
}

fn weights(mix: &DefectMix, applicable: Applicable) -> Vec<(Kind, u32)> {
    let person = if applicable.number_encodes_person { 1 } else { 0 };
    let expiry = if applicable.can_expire { 1 } else { 0 };
    vec![
        (Kind::WrongSex, mix.wrong_sex * person),
        (Kind::WrongBirthDate, mix.wrong_birth_date * person),
        (Kind::Expired, mix.expired * expiry),
        (Kind::Rotated, mix.rotated),
        (Kind::Mirrored, mix.mirrored),
        (Kind::Blurred, mix.blurred),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::Purpose;

    const ALL_ALLOWED: Applicable = Applicable { number_encodes_person: true, can_expire: true };

    #[test]
    fn kind_is_the_serialised_tag() {
        let side = Side::Portrait;
        for defect in [
            Defect::WrongSex,
            Defect::WrongBirthDate,
            Defect::Expired,
            Defect::Rotated { side, degrees_cw: 90 },
            Defect::Mirrored { side },
            Defect::Blurred { side },
        ] {
            let json = serde_json::to_value(defect).expect("serialises");
            assert_eq!(json["kind"], defect.kind());
        }
    }

    #[test]
    fn share_zero_gives_none_and_share_one_gives_some() {
        let mut draws = Draws::new(3, Purpose::Applicant, 0);
        let mix = DefectMix::default();
        for _ in 0..50 {
            assert!(choose(&mut draws, 0.0, 1.0, &mix, ALL_ALLOWED).is_empty());
            let defects = choose(&mut draws, 1.0, 1.0, &mix, ALL_ALLOWED);
            assert_eq!(defects.len(), 2);
            assert_ne!(defects[0], defects[1]);
            let sides: Vec<Side> = defects.iter().filter_map(Defect::side).collect();
            if sides.len() == 2 {
                assert_ne!(sides[0], sides[1]);
            }
        }
    }

    #[test]
    fn inapplicable_kinds_are_never_drawn() {
        let mut draws = Draws::new(4, Purpose::Applicant, 0);
        let only_identity =
            DefectMix { wrong_sex: 1, wrong_birth_date: 1, expired: 1, ..DefectMix::NONE };
        let none_allowed = Applicable { number_encodes_person: false, can_expire: false };
        for _ in 0..50 {
            assert!(choose(&mut draws, 1.0, 1.0, &only_identity, none_allowed).is_empty());
        }
        let only_sex = DefectMix { wrong_sex: 1, ..DefectMix::NONE };
        let defects = choose(&mut draws, 1.0, 1.0, &only_sex, ALL_ALLOWED);
        assert_eq!(defects, vec![Defect::WrongSex]);
    }

    #[test]
    fn serde_is_tagged_snake_case() {
        let rotated = Defect::Rotated { side: Side::Handheld, degrees_cw: 270 };
        assert_eq!(
            serde_json::to_string(&rotated).ok().as_deref(),
            Some(r#"{"kind":"rotated","side":"handheld","degrees_cw":270}"#)
        );
        assert_eq!(
            serde_json::to_string(&Defect::WrongSex).ok().as_deref(),
            Some(r#"{"kind":"wrong_sex"}"#)
        );
        let back: Option<Defect> =
            serde_json::from_str(r#"{"kind":"mirrored","side":"emblem"}"#).ok();
        assert_eq!(back, Some(Defect::Mirrored { side: Side::Emblem }));
    }
}
