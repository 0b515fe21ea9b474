//! The document an applicant holds, per type: its number, the name as printed, ethnicity and
//! region where the type records them, the address, and the issuing authority (the county's
//! public security office for resident IDs and residence permits, the national immigration
//! administration for the others).

use chrono::NaiveDate;
use reviewdesk_domain::id::{IdType, Sex};

use super::place::{self, County, Places};
use super::{name, number};
use crate::random::Draws;

/// Who issues the documents the national immigration administration handles.
const IMMIGRATION_ADMINISTRATION: &str = "中华人民共和国国家移民管理局";

/// The parts of an identity that depend on the document type.
pub(super) struct Document {
    pub(super) id_number: String,
    pub(super) name: String,
    pub(super) ethnicity: Option<String>,
    pub(super) region: Option<String>,
    pub(super) address: String,
    pub(super) issuing_authority: String,
}

/// Issues a document of `id_type` to a holder applying in `province`.
pub(super) fn issue(
    draws: &mut Draws,
    places: &Places,
    id_type: IdType,
    province: &str,
    sex: Sex,
    birth: NaiveDate,
) -> Document {
    // Where the applicant lives: a county of the reviewing province.
    let home = draws.pick(places.counties_of(province)).copied();
    let (home_address, home_office) = match &home {
        Some(county) => (place::street_address(draws, county), county.police_office()),
        None => (String::new(), String::new()),
    };
    let immigration = || IMMIGRATION_ADMINISTRATION.to_owned();
    match id_type {
        IdType::Resident => {
            let person = name::resident_name(draws, sex);
            // Most are registered where they apply; some moved from elsewhere.
            let registered: Option<County> =
                if draws.chance(0.8) { home } else { places.any_county(draws).copied().or(home) };
            let (code, address, office) = match &registered {
                Some(county) => {
                    let address = if Some(county) == home.as_ref() {
                        home_address
                    } else {
                        place::street_address(draws, county)
                    };
                    (county.code, address, county.police_office())
                }
                None => ("110105", home_address, home_office),
            };
            Document {
                id_number: number::gb11643(draws, code, birth, sex),
                name: person.name,
                ethnicity: Some(person.ethnicity.to_owned()),
                region: None,
                address,
                issuing_authority: office,
            }
        }
        IdType::HkMacauPermit | IdType::TaiwanPermit => {
            let (code, region) = match id_type {
                IdType::TaiwanPermit => ("830000", "台湾"),
                _ if draws.chance(0.7) => ("810000", "香港"),
                _ => ("820000", "澳门"),
            };
            Document {
                id_number: number::gb11643(draws, code, birth, sex),
                name: name::han_name(draws, sex),
                ethnicity: None,
                region: Some(region.to_owned()),
                address: home_address,
                issuing_authority: home_office,
            }
        }
        IdType::ForeignPermanent => {
            let nationality = draws.pick_text(&number::FOREIGN_NATIONALITIES);
            Document {
                id_number: number::foreign_permanent(draws, province, nationality, birth, sex),
                name: name::latin_name(draws, sex),
                ethnicity: None,
                region: None,
                address: home_address,
                issuing_authority: immigration(),
            }
        }
        IdType::HkMacauTravel => {
            let hong_kong = draws.chance(0.7);
            Document {
                id_number: number::hk_macau_travel(draws, hong_kong),
                name: name::han_name(draws, sex),
                ethnicity: None,
                region: Some(if hong_kong { "香港" } else { "澳门" }.to_owned()),
                address: home_address,
                issuing_authority: immigration(),
            }
        }
        IdType::TaiwanTravel => Document {
            id_number: number::taiwan_travel(draws),
            name: name::han_name(draws, sex),
            ethnicity: None,
            region: Some("台湾".to_owned()),
            address: home_address,
            issuing_authority: immigration(),
        },
        IdType::Passport => Document {
            id_number: number::passport(draws),
            name: name::han_name(draws, sex),
            ethnicity: None,
            region: None,
            address: home_address,
            issuing_authority: immigration(),
        },
    }
}
