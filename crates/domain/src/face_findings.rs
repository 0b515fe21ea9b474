//! The repeat-face findings (1:N within the province): the person in a submission's hand-held
//! photo compared with the faces of the province's other submissions, by the similarity bands a
//! supervisor set from the calibration (`wire::face_calibration`). Both are hints for a person:
//! the reviewer compares the faces by eye; neither suggests a reject reason
//! (`finding_reasons::TABLE`). While the deployment is uncalibrated neither is ever made: a
//! distance means nothing for these faces until measured on the province's own decided cases.
//!
//! They name the other cases' case numbers, as `photo_near_duplicate` does: a supervisor opens
//! them; a reviewer reads the number but cannot open a case they do not hold (reads follow the
//! work). Filed under the hand-held photo.

use crate::finding::Finding;

/// The person's face is within the calibrated "similar" band of a face (the hand-held person
/// or the uploaded card's portrait) in other applicants' submissions under a different ID
/// number: the same person may be applying under someone else's identity, or someone else's
/// photos were used. `cases`: those submissions' case numbers.
pub fn face_seen_elsewhere(cases: &[String]) -> Finding {
    Finding::warning(
        "face_seen_elsewhere",
        None,
        format!(
            "手持照中的人脸与其他申请人（证件号码不同）照片中的人脸相似（按已校准的相似区间），需人工复核：请比对是否同一人；相关案件：{}",
            cases.join("、")
        ),
        format!(
            "The face in the hand-held photo is similar (by the calibrated bands) to a face in other applicants' photos under a different ID number; check by eye. Cases: {}",
            cases.join(", ")
        ),
    )
}

/// The person's face is in the calibrated "dissimilar" band from the person in the same
/// applicant's earlier submissions: a different person may be holding the card this time.
/// `cases`: those earlier submissions' case numbers.
pub fn face_differs_from_earlier_attempt(cases: &[String]) -> Finding {
    Finding::warning(
        "face_differs_from_earlier_attempt",
        None,
        format!(
            "手持照中的人脸与该申请人此前提交的手持照人脸不相似（按已校准的不相似区间），需人工复核：请比对是否同一人；此前案件：{}",
            cases.join("、")
        ),
        format!(
            "The face in the hand-held photo is dissimilar (by the calibrated bands) from the person in this applicant's earlier submissions; check by eye. Earlier cases: {}",
            cases.join(", ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding_reasons::{is_finding_code, name_zh};

    #[test]
    fn both_name_the_cases_and_are_warnings_in_the_table() {
        let cases = ["11-20261206-0042".to_owned(), "11-20261207-0001".to_owned()];
        for finding in [face_seen_elsewhere(&cases), face_differs_from_earlier_attempt(&cases)] {
            assert!(!finding.is_error(), "a hint for a person, not an error");
            assert!(finding.message_zh.contains("11-20261206-0042、11-20261207-0001"));
            assert!(finding.message_en.contains("11-20261206-0042, 11-20261207-0001"));
            assert!(finding.message_zh.starts_with("手持照"), "{}", finding.message_zh);
            assert!(is_finding_code(&finding.code));
            assert!(name_zh(&finding.code).is_some());
        }
    }
}
