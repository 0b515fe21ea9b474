//! The reviewer's local actions, all from the cache and instant: the next submission, a decision
//! (validated, then written to the outbox before returning), the conflict records.

use reviewdesk_domain::calendar::china_date;
use reviewdesk_domain::decision_rules::{check_decision, DecisionDraft, RuleError};
use reviewdesk_domain::overrides::check_overrides;
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_domain::sheet::ReviewSheet;
use reviewdesk_domain::wire::decision::DecisionLookup;
use reviewdesk_domain::wire::{Lease, NewDecision};

use super::status::{DecisionInput, Saved};
use super::Client;
use crate::cache::{ConflictRecord, ReviewEntry, ReviewItem};
use crate::error::ClientError;

pub use reviewdesk_domain::decision_rules::MAX_NOTE_CHARS;

/// The domain's decision rules, as the server applies them.
fn validate(input: &DecisionInput) -> Result<(), ClientError> {
    check_decision(&DecisionDraft {
        outcome: input.outcome,
        reasons: &input.reasons,
        other_text: input.other_text.as_deref(),
        note: input.note.as_deref(),
    })?;
    check_overrides(input.outcome, &input.overridden_findings).map_err(RuleError::from)?;
    Ok(())
}

impl Client {
    /// The first undecided, fully downloaded submission with a live lease. Local only.
    pub fn next_submission(&self) -> Result<Option<ReviewItem>, ClientError> {
        let active = self.active()?;
        let item = active.cache().next_ready(self.clock.now())?;
        Ok(item)
    }

    /// The submissions ready to review, in review order (ids). Local only.
    pub fn ready_submissions(&self) -> Result<Vec<String>, ClientError> {
        let active = self.active()?;
        let ids = active.cache().ready_ids(self.clock.now())?;
        Ok(ids)
    }

    /// One cached photo (JPEG bytes), `None` when it is not cached. Local only.
    pub fn photo(
        &self,
        submission_id: &str,
        side: PhotoSide,
    ) -> Result<Option<Vec<u8>>, ClientError> {
        let active = self.active()?;
        let bytes = active.cache().photo(submission_id, side)?;
        Ok(bytes)
    }

    /// The full ID number of a cached submission, from the server, which records the reveal in
    /// its audit log before it answers. Needs the server: offline, the number stays masked (a
    /// reveal is never unaudited). The number is handed to the caller, never cached.
    /// A case this reviewer decided within 30 days, by its case number, read-only (online only:
    /// nothing of it is cached).
    pub async fn own_decision(&self, case_number: &str) -> Result<DecisionLookup, ClientError> {
        Ok(self.online()?.own_decision(case_number).await?)
    }

    pub async fn reveal_id_number(&self, submission_id: &str) -> Result<String, ClientError> {
        let active = self.active()?;
        if active.cache().body(submission_id)?.is_none() {
            return Err(ClientError::UnknownSubmission);
        }
        let transport = active.transport().ok_or(ClientError::NotSignedIn)?;
        Ok(transport.reveal(submission_id).await?.id_number)
    }

    /// One cached submission's lease and body, without its photos (the review screen's text; the
    /// photos go to the webview one by one). Local only.
    pub fn review_entry(&self, submission_id: &str) -> Result<Option<ReviewEntry>, ClientError> {
        let active = self.active()?;
        let entry = active.cache().review_entry(submission_id)?;
        Ok(entry)
    }

    /// One cached submission as the review screen shows it (the number masked): built under the
    /// lease held here, counting working days from the client's clock with the synced calendar.
    /// `unknown_submission` unless its body is cached. Local only.
    pub fn review_sheet(&self, submission_id: &str) -> Result<ReviewSheet, ClientError> {
        let active = self.active()?;
        let (entry, lease_token) = {
            let cache = active.cache();
            (cache.review_entry(submission_id)?, cache.lease_token(submission_id)?)
        };
        let entry = entry.ok_or(ClientError::UnknownSubmission)?;
        let lease = Lease {
            submission_id: entry.submission_id,
            lease_token: lease_token.ok_or(ClientError::UnknownSubmission)?,
            expires_at: entry.lease_expires_at,
            second_review: entry.second_review,
        };
        let calendar = self.calendar()?;
        let today = china_date(self.clock.now());
        let sheet =
            ReviewSheet::new(&entry.submission.submission, &lease, today, &calendar.calendar);
        Ok(sheet.with_photo_checks(entry.submission.photo_checks()))
    }

    /// One cached submission (body and photos), if fully downloaded. Local only.
    pub fn submission(&self, submission_id: &str) -> Result<Option<ReviewItem>, ClientError> {
        let active = self.active()?;
        let item = active.cache().review_item(submission_id)?;
        Ok(item)
    }

    /// Records a decision: checks it, gives it a new UUID v4 (the server's idempotency key) and
    /// writes it to the outbox in one durable transaction. When this returns `Ok`, the decision
    /// survives a crash or a restart and will reach the server exactly once: the UI may say
    /// "saved". Works offline; [`Client::sync_once`] delivers it.
    pub fn decide(&self, submission_id: &str, input: DecisionInput) -> Result<Saved, ClientError> {
        validate(&input)?;
        let active = self.active()?;
        let now = self.clock.now();
        let mut cache = active.cache();
        let standing = cache.standing(submission_id)?.ok_or(ClientError::UnknownSubmission)?;
        if standing.decided {
            return Err(ClientError::AlreadyDecided);
        }
        if standing.lease_expires_at <= now {
            return Err(ClientError::LeaseExpired);
        }
        let lease_token =
            cache.lease_token(submission_id)?.ok_or(ClientError::UnknownSubmission)?;
        let decision = NewDecision {
            id: uuid::Uuid::new_v4().to_string(),
            submission_id: submission_id.to_owned(),
            lease_token,
            outcome: input.outcome,
            reasons: input.reasons,
            other_text: input.other_text,
            note: input.note,
            overridden_findings: input.overridden_findings,
        };
        cache.enqueue_decision(&decision, now, self.settings.undo_window)?;
        Ok(Saved { decision_id: decision.id, saved_at: now })
    }

    /// Recalls (撤回) a decision inside its undo window: it leaves the outbox without reaching the
    /// server and its submission is back among the ready ones (while its lease lasts). Returns
    /// the submission; `recall_too_late` once the window closed. Local only.
    pub fn recall_decision(&self, decision_id: &str) -> Result<String, ClientError> {
        let active = self.active()?;
        let now = self.clock.now();
        let recalled = active.cache().recall_decision(decision_id, now)?;
        recalled.ok_or(ClientError::RecallTooLate)
    }

    /// Decisions the server did not take (conflicts with both decisions, final refusals).
    pub fn conflicts(&self) -> Result<Vec<ConflictRecord>, ClientError> {
        let active = self.active()?;
        let records = active.cache().conflicts()?;
        Ok(records)
    }

    /// Removes a conflict record the reviewer has dealt with; `false` if there was none.
    pub fn dismiss_conflict(&self, decision_id: &str) -> Result<bool, ClientError> {
        let active = self.active()?;
        let dismissed = active.cache().dismiss_conflict(decision_id)?;
        Ok(dismissed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_are_checked_before_they_are_saved() {
        assert!(validate(&DecisionInput::approve()).is_ok());
        assert!(validate(&DecisionInput::reject(&["sex_incorrect"])).is_ok());
        let mut approve = DecisionInput::approve();
        approve.reasons = vec!["other".into()];
        assert_eq!(
            validate(&approve).map_err(|e| e.code().to_owned()),
            Err("reasons_with_approval".into())
        );
        let empty = DecisionInput::reject(&[]);
        assert_eq!(validate(&empty).map_err(|e| e.code().to_owned()), Err("no_reason".into()));
        let mut long = DecisionInput::approve();
        long.note = Some("备".repeat(MAX_NOTE_CHARS + 1));
        assert_eq!(validate(&long).map_err(|e| e.code().to_owned()), Err("note_too_long".into()));
    }
}
