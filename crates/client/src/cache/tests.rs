//! The cache's own tests on real SQLite files: sealing (no personal data in the raw file, a
//! wrong key refused, moved values do not open), the outbox across reopening, purges.

use chrono::Duration;
use reviewdesk_domain::review::{Outcome, PhotoSide, SubmissionStatus};
use reviewdesk_domain::wire::{NewDecision, SubmissionBody};

use super::*;
use crate::sync::fixtures::{body, decision, lease, now};

const NAME: &str = "王小明";
const ID_NUMBER: &str = "11010519491231002X";
/// Starts like a JFIF JPEG, then something recognisable.
const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00 distinctive photo bytes 1234567890";

fn key(byte: u8) -> CacheKey {
    CacheKey::from_bytes([byte; 32])
}

fn open(dir: &tempfile::TempDir) -> Cache {
    Cache::open(&dir.path().join("cache.sqlite3"), &key(1), now()).unwrap()
}

fn named_body(id: &str) -> reviewdesk_domain::wire::SubmissionBody {
    let mut body = body(id, SubmissionStatus::Pending);
    body.submission.identity.name = Some(NAME.to_owned());
    body
}

/// Claims `id`, stores its submission and its three photos.
fn cache_complete(cache: &mut Cache, id: &str, minutes: i64) {
    let mut changes = vec![
        CacheChange::AddItem { lease: lease(id, minutes), lease_seconds: 900, offline: false },
        CacheChange::StoreSubmission { body: Box::new(named_body(id)) },
    ];
    changes.extend(PhotoSide::ALL.map(|side| CacheChange::StoreImage {
        submission_id: id.to_owned(),
        side,
        bytes: JPEG.to_vec(),
    }));
    cache.apply(&changes, now()).unwrap();
}

fn approve(decision_id: &str, submission_id: &str) -> NewDecision {
    NewDecision {
        id: decision_id.to_owned(),
        submission_id: submission_id.to_owned(),
        lease_token: format!("token-{submission_id}"),
        outcome: Outcome::Approve,
        reasons: Vec::new(),
        other_text: None,
        note: Some("核对无误".to_owned()),
        overridden_findings: Vec::new(),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

/// The database file and its WAL, as raw bytes.
fn raw_files(dir: &tempfile::TempDir) -> Vec<u8> {
    let mut bytes = Vec::new();
    for name in ["cache.sqlite3", "cache.sqlite3-wal"] {
        bytes.extend(std::fs::read(dir.path().join(name)).unwrap_or_default());
    }
    bytes
}

#[test]
fn a_complete_item_is_ready_and_reads_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut cache = open(&dir);
    cache_complete(&mut cache, "s1", 15);
    let item = cache.next_ready(now()).unwrap().unwrap();
    assert_eq!(item.submission_id, "s1");
    assert_eq!(item.submission.submission.identity.name.as_deref(), Some(NAME));
    assert_eq!(item.photos.get(PhotoSide::Handheld), JPEG);
    assert_eq!(item.lease_expires_at, now() + Duration::minutes(15));
    assert_eq!(cache.lease_token("s1").unwrap().as_deref(), Some("token-s1"));
    assert!(cache.next_ready(now() + Duration::minutes(15)).unwrap().is_none(), "lease over");
}

#[test]
fn an_incomplete_item_is_not_ready_and_the_state_says_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let mut cache = open(&dir);
    let changes = [
        CacheChange::AddItem { lease: lease("s1", 15), lease_seconds: 900, offline: true },
        CacheChange::StoreImage {
            submission_id: "s1".into(),
            side: PhotoSide::Emblem,
            bytes: JPEG.to_vec(),
        },
    ];
    cache.apply(&changes, now()).unwrap();
    assert!(cache.next_ready(now()).unwrap().is_none());
    let state = cache.local_state(true).unwrap();
    let item = &state.items[0];
    assert!(!item.has_body && item.offline && !item.decided);
    assert_eq!(item.missing_images, [PhotoSide::Portrait, PhotoSide::Handheld]);
}

#[test]
fn a_refreshed_body_that_reads_differently_counts_as_an_update() {
    use reviewdesk_domain::photo_findings::{photo_mirrored, PhotoChecks};
    use reviewdesk_domain::wire::LeaseInfo;
    let dir = tempfile::tempdir().unwrap();
    let mut cache = open(&dir);
    cache_complete(&mut cache, "s1", 15);
    let updates = |cache: &Cache| cache.progress(now()).unwrap().submissions_updated;
    let held = |cache: &Cache| cache.local_state(true).unwrap().items[0].clone();
    let store = |cache: &mut Cache, body: &SubmissionBody, at| {
        let change = CacheChange::StoreSubmission { body: Box::new(body.clone()) };
        cache.apply(&[change], at).unwrap();
    };
    // The first body is no update; its photo checks are pending.
    assert_eq!(updates(&cache), 0);
    assert!(!held(&cache).checks_settled);
    assert_eq!(held(&cache).body_fetched_at, Some(now()));

    // The same body again, or with only the server's lease note moved: nothing to read anew.
    let later = now() + Duration::seconds(15);
    let mut same = named_body("s1");
    store(&mut cache, &same, later);
    same.submission.lease =
        Some(LeaseInfo { username: "wang".into(), expires_at: later + Duration::minutes(15) });
    store(&mut cache, &same, later);
    assert_eq!(updates(&cache), 0);
    assert_eq!(held(&cache).body_fetched_at, Some(later), "asked again: fetched now");
    assert!(!held(&cache).checks_settled);

    // The checks could not run on the server that answered: still not settled, but it reads
    // differently (the screen says so).
    let mut unavailable = same.clone();
    unavailable.image_checks = PhotoChecks::Unavailable;
    store(&mut cache, &unavailable, later);
    assert_eq!(updates(&cache), 1);
    assert!(!held(&cache).checks_settled);

    // The checks ran and found something: settled, counted, and the review reads the finding.
    let mut done = same;
    done.image_checks = PhotoChecks::Done;
    done.image_checks_done = true;
    done.submission.findings.push(photo_mirrored(PhotoSide::Handheld));
    store(&mut cache, &done, later);
    assert_eq!(updates(&cache), 2);
    assert!(held(&cache).checks_settled);
    let entry = cache.review_entry("s1").unwrap().unwrap();
    assert_eq!(entry.submission.photo_checks(), PhotoChecks::Done);
    assert!(entry.submission.submission.findings.iter().any(|f| f.code == "photo_mirrored"));

    // A body of an item no longer held is dropped, and counts for nothing.
    let mut gone = done.clone();
    gone.submission.id = "gone".into();
    store(&mut cache, &gone, later);
    assert_eq!(updates(&cache), 2);
    assert!(cache.review_entry("gone").unwrap().is_none());
}

#[test]
fn the_file_holds_no_name_id_number_photo_or_token_in_clear() {
    let dir = tempfile::tempdir().unwrap();
    let mut cache = open(&dir);
    cache_complete(&mut cache, "s1", 15);
    cache_complete(&mut cache, "s2", 15);
    cache.enqueue_decision(&approve("d1", "s1"), now(), Duration::zero()).unwrap();
    let raw = raw_files(&dir);
    assert!(contains(&raw, b"s1"), "ids are in clear, so the scan is meaningful");
    assert!(!contains(&raw, NAME.as_bytes()));
    assert!(!contains(&raw, ID_NUMBER.as_bytes()));
    assert!(!contains(&raw, b"\xFF\xD8\xFF"));
    assert!(!contains(&raw, b"distinctive photo bytes"));
    assert!(!contains(&raw, b"token-s1"));
    assert!(!contains(&raw, "核对无误".as_bytes()));
}

#[test]
fn another_key_does_not_open_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite3");
    drop(open(&dir));
    let error = Cache::open(&path, &key(2), now()).unwrap_err();
    assert!(matches!(error, CacheError::WrongKey));
    assert_eq!(error.code(), "cache_wrong_key");
    assert!(error.to_string().contains("密钥错误"));
}

#[test]
fn a_decision_is_durable_at_once_and_takes_the_item_out_of_the_queue() {
    let dir = tempfile::tempdir().unwrap();
    let mut cache = open(&dir);
    cache_complete(&mut cache, "s1", 15);
    cache_complete(&mut cache, "s2", 15);
    cache.enqueue_decision(&approve("d1", "s1"), now(), Duration::zero()).unwrap();
    drop(cache);

    let cache = open(&dir);
    assert_eq!(cache.next_ready(now()).unwrap().unwrap().submission_id, "s2");
    assert_eq!(cache.outbox_decision("d1").unwrap(), Some(approve("d1", "s1")));
    let state = cache.local_state(true).unwrap();
    assert_eq!(state.outbox.len(), 1);
    assert!(state.item("s1").unwrap().decided);
    let standing = cache.standing("s1").unwrap().unwrap();
    assert!(standing.decided);
    assert_eq!(cache.progress(now()).unwrap().outbox_pending, 1);
}

#[test]
fn acknowledging_purges_the_decision_the_item_and_its_photos_and_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut cache = open(&dir);
    cache_complete(&mut cache, "s1", 15);
    cache.enqueue_decision(&approve("d1", "s1"), now(), Duration::zero()).unwrap();
    let ack = CacheChange::Acknowledge {
        decision_id: "d1".into(),
        submission_id: "s1".into(),
        replayed: false,
    };
    cache.apply(std::slice::from_ref(&ack), now()).unwrap();
    cache.apply(&[ack], now()).unwrap();
    let state = cache.local_state(true).unwrap();
    assert!(state.items.is_empty() && state.outbox.is_empty());
    let count: u32 =
        cache.conn.query_row("SELECT COUNT(*) FROM images", [], |row| row.get(0)).unwrap();
    assert_eq!(count, 0);
    assert_eq!(cache.progress(now()).unwrap().acknowledged, 1);
}

#[test]
fn a_conflict_moves_the_decision_into_a_record_with_both_decisions() {
    let dir = tempfile::tempdir().unwrap();
    let mut cache = open(&dir);
    cache_complete(&mut cache, "s1", 15);
    cache.enqueue_decision(&approve("d1", "s1"), now(), Duration::zero()).unwrap();
    let theirs = decision("other", "s1", "li");
    let change = CacheChange::Conflict {
        decision_id: "d1".into(),
        submission_id: "s1".into(),
        theirs: Box::new(theirs.clone()),
    };
    cache.apply(&[change], now()).unwrap();
    let records = cache.conflicts().unwrap();
    assert_eq!(records.len(), 1);
    let record = &records[0];
    assert_eq!(record.kind, ConflictKind::Conflict);
    assert_eq!(record.ours.id, "d1");
    assert_eq!(record.ours.note.as_deref(), Some("核对无误"));
    assert_eq!(record.theirs.as_ref(), Some(&theirs));
    assert_eq!(record.submission.as_ref().unwrap().submission.id, "s1");
    assert!(cache.local_state(true).unwrap().outbox.is_empty());
    assert_eq!(cache.progress(now()).unwrap().conflicts, 1);
    assert!(cache.dismiss_conflict("d1").unwrap());
    assert!(cache.conflicts().unwrap().is_empty());
}

#[test]
fn a_refusal_is_kept_with_the_servers_code_and_message() {
    let dir = tempfile::tempdir().unwrap();
    let mut cache = open(&dir);
    cache_complete(&mut cache, "s1", 15);
    cache.enqueue_decision(&approve("d1", "s1"), now(), Duration::zero()).unwrap();
    let change = CacheChange::Refuse {
        decision_id: "d1".into(),
        submission_id: "s1".into(),
        code: "not_open".into(),
        message: "该申请已审结，不能再处理".into(),
    };
    cache.apply(&[change], now()).unwrap();
    let record = cache.conflicts().unwrap().pop().unwrap();
    assert_eq!(record.kind, ConflictKind::Refused);
    assert_eq!(record.refusal.unwrap().code, "not_open");
    assert!(record.theirs.is_none());
}

#[test]
fn forgetting_spares_decided_items() {
    let dir = tempfile::tempdir().unwrap();
    let mut cache = open(&dir);
    cache_complete(&mut cache, "s1", 15);
    cache_complete(&mut cache, "s2", 15);
    cache.enqueue_decision(&approve("d1", "s1"), now(), Duration::zero()).unwrap();
    let forget = |id: &str| CacheChange::Forget {
        submission_id: id.into(),
        why: crate::sync::ForgetReason::LeaseExpired,
    };
    cache.apply(&[forget("s1"), forget("s2")], now()).unwrap();
    let state = cache.local_state(true).unwrap();
    assert_eq!(state.items.len(), 1);
    assert_eq!(state.items[0].submission_id, "s1");
}

#[test]
fn retries_connection_health_and_errors_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut cache = open(&dir);
    cache_complete(&mut cache, "s1", 15);
    cache.enqueue_decision(&approve("d1", "s1"), now(), Duration::zero()).unwrap();
    let at = now() + Duration::seconds(4);
    let changes = [
        CacheChange::Retry { decision_id: "d1".into(), attempts: 2, next_attempt_at: at },
        CacheChange::Offline { failures: 3, next_probe_at: at },
        CacheChange::LastError {
            code: "offline".into(), message: "无法连接".into(), at: now()
        },
    ];
    cache.apply(&changes, now()).unwrap();
    let state = cache.local_state(true).unwrap();
    assert_eq!(state.outbox[0].attempts, 2);
    assert_eq!(state.outbox[0].next_attempt_at, at);
    assert_eq!(state.connection.failures, 3);
    assert_eq!(state.connection.online, Some(false));
    let progress = cache.progress(now()).unwrap();
    assert_eq!(progress.next_attempt_at, Some(at));
    assert_eq!(progress.last_error.unwrap().code, "offline");

    cache.apply(&[CacheChange::Online], now()).unwrap();
    let connection = cache.local_state(true).unwrap().connection;
    assert_eq!(
        connection,
        crate::sync::Connection { online: Some(true), failures: 0, next_probe_at: None }
    );
}

#[test]
fn purge_all_leaves_nothing_but_still_opens_with_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut cache = open(&dir);
    cache_complete(&mut cache, "s1", 15);
    cache.enqueue_decision(&approve("d1", "s1"), now(), Duration::zero()).unwrap();
    cache.purge_all().unwrap();
    assert_eq!(
        cache.local_state(true).unwrap(),
        crate::sync::LocalState { signed_in: true, ..Default::default() }
    );
    drop(cache);
    let cache = open(&dir);
    assert!(cache.next_ready(now()).unwrap().is_none());
    cache.destroy().unwrap();
    assert!(!dir.path().join("cache.sqlite3").exists());
}

#[test]
fn progress_counts_what_is_held_still_downloading_and_the_offline_batch() {
    let dir = tempfile::tempdir().unwrap();
    let mut cache = open(&dir);
    cache_complete(&mut cache, "s1", 15);
    let claimed_only = [
        CacheChange::AddItem { lease: lease("s2", 15), lease_seconds: 900, offline: false },
        CacheChange::AddItem { lease: lease("s3", 480), lease_seconds: 28_800, offline: true },
        CacheChange::AddItem { lease: lease("s4", 420), lease_seconds: 25_200, offline: true },
    ];
    cache.apply(&claimed_only, now()).unwrap();
    let progress = cache.progress(now()).unwrap();
    assert_eq!((progress.held, progress.ready, progress.downloading), (4, 1, 3));
    assert_eq!(progress.offline_held, 2);
    assert_eq!(progress.offline_expiry, Some(now() + Duration::minutes(420)), "its own expiry");
    assert_eq!(progress.earliest_lease_expiry, Some(now() + Duration::minutes(15)));

    cache.enqueue_decision(&approve("d1", "s4"), now(), Duration::zero()).unwrap();
    let later = now() + Duration::minutes(20);
    let progress = cache.progress(later).unwrap();
    assert_eq!((progress.held, progress.downloading, progress.offline_held), (1, 1, 1));
    assert_eq!(progress.offline_expiry, Some(now() + Duration::minutes(480)));
    assert_eq!(cache.offline_leases(later).unwrap().len(), 1);
    assert_eq!(cache.live_leases(later).unwrap().len(), 1);
}
