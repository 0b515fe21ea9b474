//! [`ReviewSheet`]: everything the review screen shows about one submission, derived purely from
//! the submission, its lease and today's date — the declared identity beside what the number says,
//! every finding, attempt k of 3, and how the 7-working-day promise stands. The ID number is
//! masked ([`mask_id_number`]); showing it in full is a separate, audited action.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{china_date, DueDate, WorkCalendar};
use crate::consistency::declared_region_name;
use crate::consistency::{self, DeclaredIdentity};
use crate::document::{names_of, DocumentNames};
use crate::finding::Correction;
use crate::finding_reasons;
use crate::id::ParsedId;
use crate::photo_findings::{for_document, PhotoChecks};
use crate::quota::REVIEWS_PER_PERIOD;
use crate::review::{PhotoSide, SubmissionStatus};
use crate::wire::{Lease, LeaseInfo, Submission};
use crate::Finding;

/// How the answer's due date stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DueLevel {
    /// More than one working day left.
    OnTrack,
    /// Due on the next working day.
    Soon,
    /// Due by the end of today.
    Today,
    /// Past the due date.
    Late,
    /// No due date (the calendar has no data for the dates involved).
    Unknown,
}

/// The due date and the working days left until it (negative when late).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DueStatus {
    pub due_date: Option<NaiveDate>,
    pub working_days_left: Option<i32>,
    pub level: DueLevel,
    /// The due date or the count rests on days the official calendar does not settle yet (a
    /// year without an imported notice, or the last days of the last covered year).
    #[serde(default)]
    pub provisional: bool,
}

impl DueStatus {
    /// Where `due` stands on `today` in `calendar`.
    pub fn on(due: Option<DueDate>, today: NaiveDate, calendar: &WorkCalendar) -> DueStatus {
        let counted = due.and_then(|due| calendar.days_left(today, due.date).ok());
        let provisional =
            due.is_some_and(|due| due.provisional) || counted.is_some_and(|left| left.provisional);
        let left = counted.map(|left| left.days);
        let due = due.map(|due| due.date);
        let level = match (due, left) {
            (None, _) => DueLevel::Unknown,
            (Some(due), None) if due < today => DueLevel::Late,
            (Some(due), None) if due == today => DueLevel::Today,
            (Some(_), None) => DueLevel::Unknown,
            (Some(_), Some(left)) if left < 0 => DueLevel::Late,
            (Some(_), Some(0)) => DueLevel::Today,
            (Some(_), Some(1)) => DueLevel::Soon,
            (Some(_), Some(_)) => DueLevel::OnTrack,
        };
        DueStatus {
            due_date: due,
            working_days_left: left.and_then(|left| i32::try_from(left).ok()),
            level,
            provisional,
        }
    }
}

/// What the automatic checks say about one photo.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct PhotoNotes {
    pub side: PhotoSide,
    pub findings: Vec<Finding>,
    /// Rotate clockwise, then mirror, to read upright; `None` when upright or unsure.
    pub correction: Option<Correction>,
}

/// One submission as the review screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ReviewSheet {
    pub submission_id: String,
    /// The number people quote (`11-20261206-0042`); empty from a server before case numbers.
    pub case_number: String,
    /// The declared identity, its number masked.
    pub identity: DeclaredIdentity,
    /// What the declared document calls its photos (人像面, 资料页, 正面 …), for their labels.
    pub document: DocumentNames,
    /// The declared region (地区) by its name, e.g. `香港` for a declared `hk`; the declaration as
    /// written when it names no known region; `None` when none was declared.
    pub declared_region: Option<String>,
    /// What the declared number itself says (sex, birth date, region, checksum), when it parses.
    pub number_says: Option<ParsedId>,
    /// The findings about the declaration: the server's (at intake) and today's re-check, without
    /// repeats.
    pub findings: Vec<Finding>,
    /// Each photo's findings from the automatic checks (when ready), and the orientation
    /// correction they suggest.
    pub photos: Vec<PhotoNotes>,
    /// Whether `photos` holds the checks' findings, or the checks have not run yet.
    pub photo_checks: PhotoChecks,
    /// The reject reasons the findings (declaration and photos) support, in catalogue order
    /// ([`crate::finding_reasons`]): the reject panel opens with them ticked.
    pub suggested_reasons: Vec<String>,
    pub attempt: u32,
    pub attempts_allowed: u32,
    pub due: DueStatus,
    /// The four-eyes second review of a last-attempt rejection.
    pub second_review: bool,
    pub lease_expires_at: DateTime<Utc>,
    pub submitted_at: DateTime<Utc>,
}

impl ReviewSheet {
    /// The sheet of a submission under `lease`, the lease its reviewer holds.
    pub fn new(
        submission: &Submission,
        lease: &Lease,
        today: NaiveDate,
        calendar: &WorkCalendar,
    ) -> ReviewSheet {
        ReviewSheet::build(submission, lease.second_review, lease.expires_at, today, calendar)
    }

    /// The sheet of a submission a supervisor looks at without holding it: its second-review
    /// mark from its status and its lease expiry from the server's [`LeaseInfo`] (`now` when
    /// nobody holds it). `now` is also where today's date comes from.
    pub fn for_case(
        submission: &Submission,
        now: DateTime<Utc>,
        calendar: &WorkCalendar,
    ) -> ReviewSheet {
        let second_review = submission.status == SubmissionStatus::PendingSecondReview;
        let expires_at =
            submission.lease.as_ref().map_or(now, |lease: &LeaseInfo| lease.expires_at);
        ReviewSheet::build(submission, second_review, expires_at, china_date(now), calendar)
    }

    /// The same sheet, saying where the automatic photo checks stand
    /// (`SubmissionBody::image_checks`).
    pub fn with_photo_checks(mut self, checks: PhotoChecks) -> ReviewSheet {
        self.photo_checks = checks;
        self
    }

    fn build(
        submission: &Submission,
        second_review: bool,
        lease_expires_at: DateTime<Utc>,
        today: NaiveDate,
        calendar: &WorkCalendar,
    ) -> ReviewSheet {
        // A server reads the number and sends it masked with what it says; only an older
        // server's body carries the number itself, read here.
        let report = match &submission.number {
            Some(reading) => {
                consistency::check_reading(&submission.identity, reading.clone(), today)
            }
            None => consistency::check(&submission.identity, today),
        };
        let (photo_findings, mut findings): (Vec<Finding>, Vec<Finding>) =
            submission.findings.iter().cloned().partition(|finding| finding.photo.is_some());
        let photos = PhotoSide::ALL
            .into_iter()
            .map(|side| {
                let findings: Vec<Finding> = photo_findings
                    .iter()
                    .filter(|finding| finding.photo == Some(side))
                    .map(|finding| for_document(finding.clone(), submission.identity.id_type))
                    .collect();
                let correction = findings.iter().find_map(|finding| finding.correction);
                PhotoNotes { side, findings, correction }
            })
            .collect();
        for finding in report.findings {
            if !findings.iter().any(|known| known.code == finding.code) {
                findings.push(finding);
            }
        }
        let identity = DeclaredIdentity {
            id_number: mask_id_number(&submission.identity.id_number),
            ..submission.identity.clone()
        };
        let suggested_reasons =
            finding_reasons::suggested_reasons(findings.iter().chain(&photo_findings));
        let number_says = report
            .parsed
            .map(|parsed| ParsedId { normalized: mask_id_number(&parsed.normalized), ..parsed });
        ReviewSheet {
            submission_id: submission.id.clone(),
            case_number: submission.case_number.clone(),
            document: names_of(submission.identity.id_type),
            declared_region: declared_region_name(submission.identity.region.as_deref()),
            identity,
            number_says,
            findings,
            photos,
            photo_checks: PhotoChecks::Pending,
            suggested_reasons,
            attempt: submission.attempt,
            attempts_allowed: REVIEWS_PER_PERIOD,
            due: DueStatus::on(submission.due(), today, calendar),
            second_review,
            lease_expires_at,
            submitted_at: submission.submitted_at,
        }
    }
}

/// An ID number with all but its first two and last two characters hidden
/// (`22**************47`); numbers of five characters or fewer are hidden entirely.
pub fn mask_id_number(number: &str) -> String {
    let chars: Vec<char> = number.trim().chars().collect();
    if chars.len() <= 5 {
        return "*".repeat(chars.len());
    }
    let hidden = chars.len() - 4;
    chars[..2]
        .iter()
        .chain(std::iter::repeat_n(&'*', hidden))
        .chain(&chars[chars.len() - 2..])
        .collect()
}

/// A name with all but its first character hidden (`贾**`, `J*** *****`: spaces kept), for
/// search results, which must tell cases apart without showing who.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    chars.next().into_iter().chain(chars.map(|c| if c.is_whitespace() { c } else { '*' })).collect()
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::id::IdType;
    use crate::wire::SubmissionImages;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn masking_keeps_two_characters_at_each_end() {
        assert_eq!(mask_id_number("220102199003071247"), "22**************47");
        assert_eq!(mask_id_number(" 11010519491231002X "), "11**************2X");
        assert_eq!(mask_id_number("H1234567"), "H1****67");
        assert_eq!(mask_id_number("12345"), "*****");
        assert_eq!(mask_id_number(""), "");
        assert_eq!(mask_id_number("ＡＢ１２３４５６"), "ＡＢ****５６", "characters, not bytes");
    }

    #[test]
    fn a_masked_name_keeps_its_first_character() {
        assert_eq!(mask_name("贾秀英"), "贾**");
        assert_eq!(mask_name(" 欧阳娜娜 "), "欧***");
        assert_eq!(mask_name("JOHN SMITH"), "J*** *****");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn due_levels_follow_the_working_days_left() {
        let calendar = WorkCalendar::bundled();
        // Friday 2025-10-17; Monday 2025-10-20 is the next working day.
        let friday = day("2025-10-17");
        let due = |text: &str| Some(DueDate { date: day(text), provisional: false });
        let level = |text: &str| DueStatus::on(due(text), friday, calendar).level;
        assert_eq!(level("2025-10-17"), DueLevel::Today);
        assert_eq!(level("2025-10-20"), DueLevel::Soon);
        assert_eq!(level("2025-10-21"), DueLevel::OnTrack);
        assert_eq!(level("2025-10-16"), DueLevel::Late);
        let late = DueStatus::on(due("2025-10-15"), friday, calendar);
        assert_eq!(late.working_days_left, Some(-2));
        assert!(!late.provisional);
        assert_eq!(DueStatus::on(None, friday, calendar).level, DueLevel::Unknown);
    }

    /// Submission `s-1` of `identity` as the server holds it: first attempt, no findings yet,
    /// due 2025-10-17, waiting.
    fn pending(identity: DeclaredIdentity) -> Submission {
        Submission {
            id: "s-1".to_owned(),
            case_number: "11-20251010-0001".to_owned(),
            applicant_id: "a-1".to_owned(),
            province: "11".to_owned(),
            identity,
            images: SubmissionImages {
                portrait: "a".repeat(64),
                emblem: "b".repeat(64),
                handheld: "c".repeat(64),
            },
            findings: Vec::new(),
            attempt: 1,
            period_start: day("2025-09-01"),
            submitted_at: "2025-10-10T02:00:00Z".parse().unwrap(),
            due_date: Some(day("2025-10-17")),
            due_provisional: false,
            status: SubmissionStatus::Pending,
            lease: None,
            number: None,
        }
    }

    #[test]
    fn a_sheet_masks_the_number_everywhere_and_adds_todays_findings_once() {
        let mut identity = DeclaredIdentity::number_only(IdType::Resident, "11010519491231002X");
        identity.sex = Some(crate::id::Sex::Male); // the number says female
        let server_finding = consistency::check(&identity, day("2025-10-17")).findings[0].clone();
        let submission = Submission {
            findings: vec![
                server_finding.clone(),
                Finding::warning("photo_rotated", None, "人像面照片被旋转", "rotated")
                    .about_photo(PhotoSide::Emblem)
                    .with_correction(Correction { rotate_cw: 90, mirrored: true }),
            ],
            attempt: 3,
            ..pending(identity)
        };
        let lease = Lease {
            submission_id: "s-1".to_owned(),
            lease_token: "t".to_owned(),
            expires_at: "2025-10-17T02:15:00Z".parse().unwrap(),
            second_review: false,
        };
        let sheet =
            ReviewSheet::new(&submission, &lease, day("2025-10-17"), WorkCalendar::bundled());
        assert_eq!(sheet.identity.id_number, "11**************2X");
        assert_eq!(sheet.number_says.as_ref().unwrap().normalized, "11**************2X");
        let json = serde_json::to_string(&sheet).unwrap();
        assert!(!json.contains("11010519491231002X"), "the full number leaks: {json}");
        // Nobody said the photo checks ran: the sheet does not claim they did.
        assert_eq!(sheet.photo_checks, PhotoChecks::Pending);
        assert!(json.contains(r#""photo_checks":"pending""#), "{json}");
        assert_eq!(
            sheet.clone().with_photo_checks(PhotoChecks::Done).photo_checks,
            PhotoChecks::Done
        );
        assert_eq!(sheet.findings.iter().filter(|f| f.code == server_finding.code).count(), 1);
        assert!(sheet.findings.iter().any(|f| f.code == "sex_mismatch"), "{:?}", sheet.findings);
        assert_eq!((sheet.attempt, sheet.attempts_allowed), (3, 3));
        assert!(sheet.findings.iter().all(|f| f.photo.is_none()), "photo findings go with photos");
        let emblem = sheet.photos.iter().find(|p| p.side == PhotoSide::Emblem).unwrap();
        assert_eq!(emblem.correction, Some(Correction { rotate_cw: 90, mirrored: true }));
        assert_eq!(emblem.findings.len(), 1);
        assert!(sheet
            .photos
            .iter()
            .filter(|p| p.side != PhotoSide::Emblem)
            .all(|p| p.findings.is_empty()));
        assert_eq!(sheet.due.level, DueLevel::Today);
        assert!(!sheet.due.provisional);

        // A supervisor's case: no lease of theirs; today from `now`, the mark from the status.
        let now: DateTime<Utc> = "2025-10-16T02:00:00Z".parse().unwrap();
        let mut case = submission.clone();
        case.status = SubmissionStatus::PendingSecondReview;
        let sheet = ReviewSheet::for_case(&case, now, WorkCalendar::bundled());
        assert!(sheet.second_review);
        assert_eq!(sheet.lease_expires_at, now, "nobody holds it");
        assert_eq!(sheet.due.level, DueLevel::Soon, "counted from now's date, the 16th");
        assert_eq!(sheet.identity.id_number, "11**************2X");
        let held = LeaseInfo { username: "wang".to_owned(), expires_at: lease.expires_at };
        case.lease = Some(held);
        assert_eq!(
            ReviewSheet::for_case(&case, now, WorkCalendar::bundled()).lease_expires_at,
            lease.expires_at
        );
    }

    #[test]
    fn a_sheet_from_the_masked_submission_says_all_the_full_one_says() {
        let mut identity = DeclaredIdentity::number_only(IdType::Resident, "11010519491231002X");
        identity.sex = Some(crate::id::Sex::Male); // the number says female
        identity.birth_date = Some(day("1949-12-30")); // the number says the 31st
        identity.valid_to = Some(crate::consistency::Validity::Until(day("2025-10-01")));
        let full = pending(identity);
        let today = day("2025-10-17");
        let masked = full.clone().for_reader(today);
        assert_eq!(masked.identity.id_number, "11**************2X");
        let wire = serde_json::to_string(&masked).unwrap();
        assert!(!wire.contains("11010519491231002X"), "the number leaves in full: {wire}");
        let received: Submission = serde_json::from_str(&wire).unwrap();
        let lease = Lease {
            submission_id: "s-1".to_owned(),
            lease_token: "t".to_owned(),
            expires_at: "2025-10-17T02:15:00Z".parse().unwrap(),
            second_review: false,
        };
        let calendar = WorkCalendar::bundled();
        let from_full = ReviewSheet::new(&full, &lease, today, calendar);
        let from_masked = ReviewSheet::new(&received, &lease, today, calendar);
        assert_eq!(from_masked, from_full, "the same sheet, without the number ever sent");
        let codes: Vec<&str> = from_masked.findings.iter().map(|f| f.code.as_str()).collect();
        for code in ["sex_mismatch", "birth_date_mismatch", "id_expired"] {
            assert!(codes.contains(&code), "{code} missing from {codes:?}");
        }
        // A number that does not parse says so from the masked body too.
        let mut broken = full;
        broken.identity.id_number = "110105194912310021".to_owned();
        let received = broken.clone().for_reader(today);
        assert_eq!(
            ReviewSheet::new(&received, &lease, today, calendar).findings,
            ReviewSheet::new(&broken, &lease, today, calendar).findings
        );
    }

    #[test]
    fn a_due_date_in_a_year_without_a_notice_is_provisional() {
        let calendar = WorkCalendar::bundled();
        let last = *calendar.covered_years().end();
        let today = NaiveDate::from_ymd_opt(last, 12, 1).unwrap();
        let next_year = NaiveDate::from_ymd_opt(last + 1, 1, 6).unwrap();
        let status = DueStatus::on(calendar.due(next_year, 7).ok(), today, calendar);
        assert!(status.provisional, "{status:?}");
        assert!(status.working_days_left.is_some(), "a provisional count, not none: {status:?}");
        let settled = NaiveDate::from_ymd_opt(last, 6, 1).unwrap();
        let due = calendar.due(settled, 7).ok();
        assert!(!DueStatus::on(due, settled, calendar).provisional);
    }
}
