//! A submission as a reviewer sees it: `GET /api/v1/submissions/{id}`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::LeaseInfo;
use crate::consistency::DeclaredIdentity;
use crate::id::NumberReading;
use crate::review::SubmissionStatus;
use crate::sheet::mask_id_number;
use crate::Finding;

/// The SHA-256 (lower-case hex) of each of the three photos; also their `ETag`s.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct SubmissionImages {
    pub portrait: String,
    pub emblem: String,
    pub handheld: String,
}

/// A submission with everything a reviewer sees.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Submission {
    pub id: String,
    /// The number people quote (`11-20261206-0042`, [`crate::case_number`]).
    #[serde(default)]
    pub case_number: String,
    pub applicant_id: String,
    pub province: String,
    pub identity: DeclaredIdentity,
    pub images: SubmissionImages,
    /// The consistency checks' findings (and, once ready, the photo checks').
    pub findings: Vec<Finding>,
    /// 1, 2 or 3 within the period.
    pub attempt: u32,
    pub period_start: NaiveDate,
    pub submitted_at: DateTime<Utc>,
    /// `None` only when no answer could be computed at all (a year outside 1901–2099).
    pub due_date: Option<NaiveDate>,
    /// The due date rests on days the official calendar does not settle yet (a year without an
    /// imported notice, or the last days of the last covered year); recomputed on import.
    #[serde(default)]
    pub due_provisional: bool,
    pub status: SubmissionStatus,
    /// The current lease, if one is held and not expired.
    pub lease: Option<LeaseInfo>,
    /// What the declared number says, read by the server, which alone holds the number in full
    /// (`identity.id_number` is then masked: [`Submission::for_reader`]). `None` from a server
    /// that sent the number itself.
    #[serde(default)]
    pub number: Option<NumberReading>,
}

impl Submission {
    /// The submission as it leaves the server for a reader: the number masked, what it says (as
    /// of `today`) in [`Submission::number`]. The full number is sent only on request, audited.
    pub fn for_reader(self, today: NaiveDate) -> Submission {
        let reading =
            NumberReading::of(self.identity.id_type, &self.identity.id_number, today).masked();
        let identity = DeclaredIdentity {
            id_number: mask_id_number(&self.identity.id_number),
            ..self.identity
        };
        Submission { identity, number: Some(reading), ..self }
    }

    /// The due date with its provisional mark.
    pub fn due(&self) -> Option<crate::calendar::DueDate> {
        self.due_date
            .map(|date| crate::calendar::DueDate { date, provisional: self.due_provisional })
    }
}

/// The API's answer: the submission and the attempt allowance ("attempt 2 of 3").
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct SubmissionBody {
    #[serde(flatten)]
    pub submission: Submission,
    pub attempts_allowed: u32,
    /// Where the automatic photo checks stand (they run after intake has answered); their
    /// findings are in `findings`, each naming its photo.
    #[serde(default)]
    pub image_checks: crate::photo_findings::PhotoChecks,
    /// `image_checks == done`, kept for clients older than `image_checks`.
    #[serde(default)]
    pub image_checks_done: bool,
}

impl SubmissionBody {
    /// Where the photo checks stand, also from a server that only says `image_checks_done`.
    pub fn photo_checks(&self) -> crate::photo_findings::PhotoChecks {
        use crate::photo_findings::PhotoChecks;
        match self.image_checks {
            PhotoChecks::Pending if self.image_checks_done => PhotoChecks::Done,
            checks => checks,
        }
    }
}

/// `POST /api/v1/submissions/{id}/reveal`: the full ID number, recorded as `pii_reveal`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct RevealedNumber {
    pub id_number: String,
}
