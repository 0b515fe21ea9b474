//! The identity board through the client's transport and engine, against the real review server
//! in-process (its store a SQLite file): before the photo checks the board says `pending` and
//! shows nothing; once a check worker recorded the board (here as a worker does, under its claim
//! on the submission's check work, with real JPEGs) the lease holder reads the held card and the
//! three faces — a face not found comes as no crop — with no similarity (not calibrated); another
//! reviewer of the province gets the server's `not_found`, and only the holder's reads are in the
//! audit chain. Signed out, there is nothing to ask.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;

use chrono::Duration;
use reviewdesk_client::{Client, MemorySecrets};
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::wire::identity_board::{BoardState, FaceSource};
use reviewdesk_server::store::{
    BoardFaceRecord, BoardOutcome, BoardRecord, HeldCardRecord, PhotoCheckOutcome,
    PhotoCheckResult, Store,
};
use support::{client, jpeg, TestServer, PASSWORD};

async fn signed_in(server: &TestServer, username: &str) -> (tempfile::TempDir, Client) {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecrets::default());
    let client = client(dir.path(), &secrets, &server.clock);
    client.login(&server.url(), username, PASSWORD).await.unwrap();
    (dir, client)
}

/// The server's photo checks of `id` end with `board` recorded, as a worker records them: under
/// its claim on the check work (passing over, then giving back, other submissions' work).
fn checked_with_board(server: &TestServer, id: &str, board: &BoardRecord) {
    let now = server.clock.get();
    let mut others = Vec::new();
    loop {
        let claim = format!("test-{}", others.len());
        let work = server
            .store
            .claim_photo_check(&claim, Duration::minutes(1), now)
            .unwrap()
            .expect("the submission's checks are queued");
        if work.submission_id == id {
            assert!(server.store.record_identity_board(id, &claim, board, now).unwrap());
            let result = PhotoCheckResult {
                submission_id: id,
                claim: &claim,
                outcome: PhotoCheckOutcome::Done,
                findings: &[],
            };
            assert!(server.store.finish_photo_check(&result, now).unwrap());
            break;
        }
        others.push(claim);
    }
    server.store.release_photo_checks(&others).unwrap();
}

/// A card found and two of the three faces (no face of the person holding it).
fn board() -> BoardRecord {
    let face = |source, seed| BoardFaceRecord {
        source,
        crop_jpeg: jpeg(150, 150, seed),
        embedding: (0..128).map(|i| i as f32 / 128.0).collect(),
    };
    BoardRecord {
        outcome: BoardOutcome::Computed,
        problem: None,
        held_card: Some(HeldCardRecord {
            corners: [[10.0, 20.0], [650.0, 22.0], [648.0, 420.0], [12.0, 418.0]],
            jpeg: jpeg(64, 40, 9),
        }),
        faces: vec![face(FaceSource::CardPortrait, 4), face(FaceSource::HeldCardPortrait, 5)],
    }
}

/// How many identity-board reads the server's audit chain holds.
fn board_reads(server: &TestServer) -> usize {
    let chain = server.store.audit_chain().unwrap();
    chain
        .iter()
        .filter(|event| event.entry.action == AuditAction::ImageView)
        .filter(|event| event.entry.detail.contains("identity_board"))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lease_holder_reads_the_board_pending_then_computed_and_nobody_else_does() {
    let server = TestServer::start(&["wang", "li"], 1).await;
    let (_wang_dir, wang) = signed_in(&server, "wang").await;
    assert_eq!(wang.sync_once().await.unwrap().ready, 1);
    let id = wang.ready_submissions().unwrap().remove(0);

    // Before the checks: pending, nothing on it, no similarity.
    let pending = wang.identity_board(&id).await.unwrap();
    assert_eq!(pending.state, BoardState::Pending);
    assert!(pending.held_card.is_none() && pending.faces.is_empty() && pending.problem.is_none());
    assert!(!pending.calibrated && pending.bands.is_empty());

    checked_with_board(&server, &id, &board());
    let computed = wang.identity_board(&id).await.unwrap();
    assert_eq!(computed.state, BoardState::Computed);
    let held = computed.held_card.as_ref().expect("the held card");
    assert!(held.rectified_jpeg.starts_with("/9j/"), "base64 of a JPEG");
    assert_eq!(held.corners[2], [648.0, 420.0]);
    assert_eq!((held.width, held.height), (64, 40), "the rectified JPEG's own size");
    let faces: Vec<(FaceSource, bool)> =
        computed.faces.iter().map(|face| (face.source, face.crop_jpeg.is_some())).collect();
    assert_eq!(
        faces,
        [
            (FaceSource::CardPortrait, true),
            (FaceSource::HeldCardPortrait, true),
            (FaceSource::HandheldPerson, false),
        ],
        "three in board order, the one not found without a crop"
    );
    assert!(computed.faces[0].crop_jpeg.as_deref().unwrap().starts_with("/9j/"));
    assert!(!computed.calibrated && computed.bands.is_empty(), "no bands before calibration");
    assert_eq!(board_reads(&server), 2);

    // Another reviewer of the province does not hold it: the server's 404, and no audit row.
    let (_li_dir, li) = signed_in(&server, "li").await;
    let refused = li.identity_board(&id).await.unwrap_err();
    assert_eq!(refused.code(), "not_found", "{refused}");
    assert_eq!(board_reads(&server), 2);

    // Signed out, nothing is asked.
    wang.logout().await.unwrap();
    assert_eq!(wang.identity_board(&id).await.unwrap_err().code(), "not_signed_in");
}
