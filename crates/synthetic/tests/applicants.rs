//! Synthetic applicants against the domain rules: clean ones pass the consistency check, each
//! identity defect produces exactly its finding, and the population has the promised spread.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use reviewdesk_domain::consistency::{check, ETHNIC_GROUPS};
use reviewdesk_domain::finding::Severity;
use reviewdesk_domain::id::{parse, IdType};
use reviewdesk_synthetic::{
    Applicant, ApplicantGenerator, Defect, DefectMix, GeneratorConfig, Side, SyntheticError,
};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

fn generator(config: GeneratorConfig) -> ApplicantGenerator {
    ApplicantGenerator::new(config).unwrap()
}

fn error_codes(
    identity: &reviewdesk_domain::consistency::DeclaredIdentity,
    on: NaiveDate,
) -> BTreeSet<String> {
    check(identity, on).errors().map(|finding| finding.code.clone()).collect()
}

fn age(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

#[test]
fn clean_applicants_pass_the_consistency_check_without_any_finding() {
    for seed in [1u64, 2, 2026, u64::MAX] {
        for today in [today(), NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()] {
            let config = GeneratorConfig::new(seed, today).with_defects(0.0, DefectMix::NONE);
            let applicants = generator(config);
            for index in 0..150 {
                let applicant = applicants.applicant(index);
                assert!(applicant.is_clean());
                assert_eq!(applicant.identity, applicant.card);
                let report = check(&applicant.identity, today);
                assert!(
                    report.findings.is_empty(),
                    "seed {seed} index {index}: {applicant:#?}\n{:#?}",
                    report.findings
                );
            }
        }
    }
}

#[test]
fn each_identity_defect_produces_exactly_its_finding() {
    let applicants = generator(GeneratorConfig::new(7, today()));
    let mut seen: HashMap<&'static str, usize> = HashMap::new();
    for index in 0..1500 {
        let applicant = applicants.applicant(index);
        let expected: BTreeSet<String> =
            applicant.expected_finding_codes().into_iter().map(str::to_owned).collect();
        assert_eq!(
            error_codes(&applicant.identity, today()),
            expected,
            "index {index}: {applicant:#?}"
        );
        for code in applicant.expected_finding_codes() {
            *seen.entry(code).or_default() += 1;
        }
        // The document itself is consistent, apart from having run out.
        let truth: BTreeSet<String> = error_codes(&applicant.card, today());
        let expired = applicant.defects.contains(&Defect::Expired);
        let wanted: BTreeSet<String> =
            if expired { ["id_expired".to_owned()].into() } else { BTreeSet::new() };
        assert_eq!(truth, wanted, "index {index}");
        let warnings: Vec<String> = check(&applicant.identity, today())
            .findings
            .into_iter()
            .filter(|finding| finding.severity == Severity::Warning)
            .map(|finding| finding.code)
            .collect();
        assert!(warnings.is_empty(), "index {index}: {warnings:?}");
    }
    for code in ["sex_mismatch", "birth_date_mismatch", "id_expired"] {
        assert!(seen.get(code).copied().unwrap_or(0) > 10, "{code}: {seen:?}");
    }
}

#[test]
fn identity_defects_change_only_the_declared_field() {
    let only_identity =
        DefectMix { wrong_sex: 1, wrong_birth_date: 1, expired: 1, ..DefectMix::NONE };
    let applicants = generator(GeneratorConfig::new(11, today()).with_defects(1.0, only_identity));
    for index in 0..300 {
        let applicant = applicants.applicant(index);
        let mut declared = applicant.identity.clone();
        if applicant.defects.contains(&Defect::WrongSex) {
            assert_ne!(declared.sex, applicant.card.sex);
            declared.sex = applicant.card.sex;
        }
        if applicant.defects.contains(&Defect::WrongBirthDate) {
            assert_ne!(declared.birth_date, applicant.card.birth_date);
            declared.birth_date = applicant.card.birth_date;
        }
        assert_eq!(declared, applicant.card, "index {index}");
    }
}

#[test]
fn the_population_has_the_promised_spread() {
    let provinces = ["11", "44", "65"];
    let applicants = generator(GeneratorConfig::new(3, today()).with_provinces(&provinces));
    let count = 2000;
    let all: Vec<Applicant> = (0..count).map(|index| applicants.applicant(index)).collect();

    let types: HashMap<IdType, usize> = all.iter().fold(HashMap::new(), |mut counts, a| {
        *counts.entry(a.card.id_type).or_default() += 1;
        counts
    });
    for id_type in IdType::ALL {
        assert!(types.get(&id_type).copied().unwrap_or(0) > 10, "{id_type}: {types:?}");
    }
    let residents = types.get(&IdType::Resident).copied().unwrap_or(0);
    assert!((1500..1700).contains(&residents), "{residents}");

    for province in provinces {
        let here = all.iter().filter(|a| a.province == province).count();
        assert!(here > 500, "{province}: {here}");
    }
    assert!(all.iter().all(|a| provinces.contains(&a.province.as_str())));

    let with_defects = all.iter().filter(|a| !a.is_clean()).count();
    assert!((500..700).contains(&with_defects), "{with_defects}");

    let names: Vec<&str> = all.iter().filter_map(|a| a.card.name.as_deref()).collect();
    assert!(names.iter().filter(|name| name.contains('\u{00B7}')).count() > 10);
    assert!(names.iter().any(|name| [
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容"
    ]
    .iter()
    .any(|surname| name.starts_with(surname))));
    for applicant in all.iter().filter(|a| a.card.id_type == IdType::Resident) {
        let ethnicity = applicant.card.ethnicity.as_deref().unwrap();
        assert!(ETHNIC_GROUPS.contains(&ethnicity), "{ethnicity}");
        assert!(!applicant.address.is_empty());
        assert!(applicant.issuing_authority.contains("公安局"), "{}", applicant.issuing_authority);
    }
    let minorities =
        all.iter().filter(|a| a.card.ethnicity.as_deref().is_some_and(|e| e != "汉族")).count();
    assert!(minorities > 100, "{minorities}");

    for applicant in &all {
        let birth = applicant.card.birth_date.unwrap();
        assert!((18..=60).contains(&age(birth, today())), "{birth}");
        let parsed = parse(applicant.card.id_type, &applicant.card.id_number, today()).unwrap();
        if let Some(encoded) = parsed.birth_date {
            assert_eq!(encoded, birth);
        }
    }

    let mut image_defects: BTreeSet<(String, Side)> = BTreeSet::new();
    for defect in all.iter().flat_map(|a| a.defects.iter()) {
        if let Some(side) = defect.side() {
            let kind = serde_json::to_value(defect).unwrap()["kind"].as_str().unwrap().to_owned();
            image_defects.insert((kind, side));
        }
    }
    assert_eq!(image_defects.len(), 9, "{image_defects:?}");
}

#[test]
fn residents_registered_in_other_provinces_keep_their_home_code() {
    let applicants = generator(GeneratorConfig::new(5, today()).with_provinces(&["31"]));
    let residents: Vec<Applicant> = (0..600)
        .map(|index| applicants.applicant(index))
        .filter(|a| a.card.id_type == IdType::Resident)
        .collect();
    let local = residents.iter().filter(|a| a.card.id_number.starts_with("31")).count();
    assert!(local * 10 > residents.len() * 7, "{local} of {}", residents.len());
    assert!(local < residents.len());
    for applicant in &residents {
        let region =
            parse(IdType::Resident, &applicant.card.id_number, today()).unwrap().region.unwrap();
        assert!(
            applicant.address.starts_with(region.province_zh),
            "{} {}",
            applicant.address,
            region.code
        );
    }
}

#[test]
fn the_mix_selects_which_defects_appear() {
    let rotated_only = DefectMix { rotated: 1, ..DefectMix::NONE };
    let mut config = GeneratorConfig::new(9, today()).with_defects(1.0, rotated_only);
    config.second_defect_share = 0.0;
    let applicants = generator(config);
    let mut angles = BTreeSet::new();
    for index in 0..100 {
        let defects = applicants.applicant(index).defects;
        assert_eq!(defects.len(), 1);
        match defects[0] {
            Defect::Rotated { degrees_cw, .. } => angles.insert(degrees_cw),
            other => panic!("{other:?}"),
        };
    }
    assert_eq!(angles, [90, 180, 270].into());
}

#[test]
fn applicants_are_deterministic_and_serialise() {
    let one = generator(GeneratorConfig::new(42, today()));
    let two = generator(GeneratorConfig::new(42, today()));
    let other_seed = generator(GeneratorConfig::new(43, today()));
    for index in [0, 1, 99, u64::MAX] {
        assert_eq!(one.applicant(index), two.applicant(index));
        assert_ne!(one.applicant(index).card, other_seed.applicant(index).card);
    }
    assert_ne!(one.applicant(0).card, one.applicant(1).card);
    let ids: BTreeSet<String> = (0..500).map(|index| one.applicant(index).applicant_id).collect();
    assert_eq!(ids.len(), 500);

    let applicant =
        (0..100).map(|index| one.applicant(index)).find(|a| a.defects.len() == 2).unwrap();
    let json = serde_json::to_string(&applicant).unwrap();
    let back: Applicant = serde_json::from_str(&json).unwrap();
    assert_eq!(back, applicant);
}

#[test]
fn configuration_errors_are_typed() {
    let bad =
        ApplicantGenerator::new(GeneratorConfig::new(1, today()).with_provinces(&["11", "82"]));
    assert!(matches!(bad, Err(SyntheticError::UnknownProvince { code }) if code == "82"));
    let mut no_types = GeneratorConfig::new(1, today());
    no_types.id_type_weights = vec![(IdType::Resident, 0)];
    assert!(matches!(
        ApplicantGenerator::new(no_types),
        Err(SyntheticError::InvalidConfig { field: "id_type_weights", .. })
    ));
}

#[test]
fn one_document_type_only() {
    let mut config = GeneratorConfig::new(21, today());
    config.id_type_weights = vec![(IdType::Passport, 1)];
    let applicants = generator(config);
    for index in 0..200 {
        let applicant = applicants.applicant(index);
        assert_eq!(applicant.card.id_type, IdType::Passport);
        // Passport numbers encode neither sex nor birth date, so those defects never apply.
        assert!(!applicant.defects.contains(&Defect::WrongSex));
        assert!(!applicant.defects.contains(&Defect::WrongBirthDate));
        assert_eq!(
            error_codes(&applicant.identity, today()).len(),
            applicant.expected_finding_codes().len()
        );
    }
}
