//! The `items` and `images` tables: claimed submissions (lease in clear, token sealed), their
//! sealed submission bodies and sealed photos.

use chrono::{DateTime, Utc};
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_domain::wire::{Lease, SubmissionBody};
use rusqlite::{params, Connection, OptionalExtension};

use super::error::CacheError;
use super::records::{Photos, ReviewEntry, ReviewItem};
use super::seal::{Place, Sealer};
use super::time::{from_millis, millis};

pub fn token_place(id: &str) -> Place<'_> {
    Place { table: "items", column: "lease_token", id }
}

pub fn body_place(id: &str) -> Place<'_> {
    Place { table: "items", column: "body", id }
}

/// A photo is bound to its submission and side.
pub fn image_column(side: PhotoSide) -> &'static str {
    side.as_str()
}

pub fn add(
    conn: &Connection,
    sealer: &Sealer,
    lease: &Lease,
    lease_seconds: i64,
    offline: bool,
    now: DateTime<Utc>,
) -> Result<(), CacheError> {
    let token = sealer.seal(token_place(&lease.submission_id), lease.lease_token.as_bytes())?;
    conn.execute(
        "INSERT INTO items (submission_id, claimed_at, lease_expires_at, lease_seconds,
                            second_review, offline, lease_token)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (submission_id) DO UPDATE SET
             lease_expires_at = excluded.lease_expires_at, lease_seconds = excluded.lease_seconds,
             offline = excluded.offline, lease_token = excluded.lease_token",
        params![
            lease.submission_id,
            millis(now),
            millis(lease.expires_at),
            lease_seconds,
            lease.second_review,
            offline,
            token
        ],
    )?;
    Ok(())
}

pub fn extend(
    conn: &Connection,
    submission_id: &str,
    expires_at: DateTime<Utc>,
    lease_seconds: i64,
) -> Result<(), CacheError> {
    conn.execute(
        "UPDATE items SET lease_expires_at = ?2, lease_seconds = ?3 WHERE submission_id = ?1",
        params![submission_id, millis(expires_at), lease_seconds],
    )?;
    Ok(())
}

/// Stores a fetched submission body with its photo checks' standing and the time, in place of the
/// one held. `true` when it replaced a different one: what a reviewer reads of it changed (the
/// server's note of the lease aside, which moves with every renewal and is not shown).
pub fn store_body(
    conn: &Connection,
    sealer: &Sealer,
    body: &SubmissionBody,
    now: DateTime<Utc>,
) -> Result<bool, CacheError> {
    let id = &body.submission.id;
    // A held body that no longer opens was never shown: its replacement counts as a change.
    let held = self::body(conn, sealer, id);
    let sealed = sealer.seal_json(body_place(id), body)?;
    let stored = conn.execute(
        "UPDATE items SET body = ?2, body_calendar_version =
             (SELECT value FROM meta WHERE key = 'calendar_version'),
             checks_settled = ?3, body_fetched_at = ?4
         WHERE submission_id = ?1",
        params![id, sealed, body.photo_checks().settled(), millis(now)],
    )?;
    Ok(stored > 0
        && match held {
            Ok(Some(held)) => !reads_the_same(&held, body),
            Ok(None) => false,
            Err(_) => true,
        })
}

/// Two bodies of one submission read the same to a reviewer: equal but for the lease note.
fn reads_the_same(a: &SubmissionBody, b: &SubmissionBody) -> bool {
    let unleased = |body: &SubmissionBody| {
        let mut body = body.clone();
        body.submission.lease = None;
        body
    };
    unleased(a) == unleased(b)
}

pub fn store_image(
    conn: &Connection,
    sealer: &Sealer,
    submission_id: &str,
    side: PhotoSide,
    bytes: &[u8],
) -> Result<(), CacheError> {
    let place = Place { table: "images", column: image_column(side), id: submission_id };
    let sealed = sealer.seal(place, bytes)?;
    conn.execute(
        "INSERT OR REPLACE INTO images (submission_id, side, bytes)
         SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM items WHERE submission_id = ?1)",
        params![submission_id, side.as_str(), sealed],
    )?;
    Ok(())
}

/// Drops an undecided item and its photos.
pub fn forget_undecided(conn: &Connection, submission_id: &str) -> Result<(), CacheError> {
    conn.execute("DELETE FROM items WHERE submission_id = ?1 AND decided = 0", [submission_id])?;
    Ok(())
}

/// Drops an item and its photos, decided or not.
pub fn purge(conn: &Connection, submission_id: &str) -> Result<(), CacheError> {
    conn.execute("DELETE FROM items WHERE submission_id = ?1", [submission_id])?;
    Ok(())
}

pub fn lease_token(
    conn: &Connection,
    sealer: &Sealer,
    submission_id: &str,
) -> Result<Option<String>, CacheError> {
    let sealed: Option<Vec<u8>> = conn
        .query_row(
            "SELECT lease_token FROM items WHERE submission_id = ?1",
            [submission_id],
            |row| row.get(0),
        )
        .optional()?;
    sealed
        .map(|sealed| {
            let bytes = sealer.open(token_place(submission_id), &sealed)?;
            String::from_utf8(bytes).map_err(|error| CacheError::Corrupt(error.to_string()))
        })
        .transpose()
}

pub fn body(
    conn: &Connection,
    sealer: &Sealer,
    submission_id: &str,
) -> Result<Option<SubmissionBody>, CacheError> {
    let sealed: Option<Option<Vec<u8>>> = conn
        .query_row("SELECT body FROM items WHERE submission_id = ?1", [submission_id], |row| {
            row.get(0)
        })
        .optional()?;
    sealed.flatten().map(|sealed| sealer.open_json(body_place(submission_id), &sealed)).transpose()
}

/// How an undecided item stands: `None` when it is not cached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub decided: bool,
    pub lease_expires_at: DateTime<Utc>,
}

pub fn standing(conn: &Connection, submission_id: &str) -> Result<Option<Standing>, CacheError> {
    let row: Option<(bool, i64)> = conn
        .query_row(
            "SELECT decided, lease_expires_at FROM items WHERE submission_id = ?1",
            [submission_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    row.map(|(decided, expires)| Ok(Standing { decided, lease_expires_at: from_millis(expires)? }))
        .transpose()
}

pub fn mark_decided(conn: &Connection, submission_id: &str) -> Result<(), CacheError> {
    conn.execute("UPDATE items SET decided = 1 WHERE submission_id = ?1", [submission_id])?;
    Ok(())
}

/// Ids of undecided, fully downloaded items with a live lease, in claim order.
pub fn ready_ids(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<String>, CacheError> {
    let mut statement = conn.prepare(
        "SELECT i.submission_id FROM items i
         WHERE i.decided = 0 AND i.lease_expires_at > ?1 AND i.body IS NOT NULL
           AND (SELECT COUNT(*) FROM images m WHERE m.submission_id = i.submission_id) = 3
         ORDER BY i.claimed_at, i.rowid",
    )?;
    let ids = statement.query_map([millis(now)], |row| row.get(0))?;
    Ok(ids.collect::<Result<_, _>>()?)
}

/// One cached item's lease and body, without photos; `None` unless the body is cached.
pub fn review_entry(
    conn: &Connection,
    sealer: &Sealer,
    submission_id: &str,
) -> Result<Option<ReviewEntry>, CacheError> {
    let row: Option<(i64, bool, bool)> = conn
        .query_row(
            "SELECT lease_expires_at, second_review, offline FROM items WHERE submission_id = ?1",
            [submission_id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    let Some((expires, second_review, offline)) = row else { return Ok(None) };
    let Some(submission) = body(conn, sealer, submission_id)? else { return Ok(None) };
    Ok(Some(ReviewEntry {
        submission_id: submission_id.to_owned(),
        lease_expires_at: from_millis(expires)?,
        second_review,
        offline,
        submission,
    }))
}

/// One cached item with its body and photos; `None` unless all of them are cached.
pub fn review_item(
    conn: &Connection,
    sealer: &Sealer,
    submission_id: &str,
) -> Result<Option<ReviewItem>, CacheError> {
    let Some(entry) = review_entry(conn, sealer, submission_id)? else { return Ok(None) };
    let mut photos = Photos::default();
    let mut found = 0;
    let mut statement = conn.prepare("SELECT side, bytes FROM images WHERE submission_id = ?1")?;
    let rows = statement.query_map([submission_id], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, Vec<u8>>(1)?))
    })?;
    for row in rows {
        let (side, sealed) = row?;
        let side = PhotoSide::parse(&side)
            .ok_or_else(|| CacheError::Corrupt(format!("未知的照片类型：{side}")))?;
        let place = Place { table: "images", column: image_column(side), id: submission_id };
        photos.set(side, sealer.open(place, &sealed)?);
        found += 1;
    }
    if found < PhotoSide::ALL.len() {
        return Ok(None);
    }
    Ok(Some(ReviewItem {
        submission_id: entry.submission_id,
        lease_expires_at: entry.lease_expires_at,
        second_review: entry.second_review,
        offline: entry.offline,
        submission: entry.submission,
        photos,
    }))
}

/// One cached photo, opened; `None` when it is not (yet) cached.
pub fn photo(
    conn: &Connection,
    sealer: &Sealer,
    submission_id: &str,
    side: PhotoSide,
) -> Result<Option<Vec<u8>>, CacheError> {
    let sealed: Option<Vec<u8>> = conn
        .query_row(
            "SELECT bytes FROM images WHERE submission_id = ?1 AND side = ?2",
            params![submission_id, side.as_str()],
            |row| row.get(0),
        )
        .optional()?;
    let place = Place { table: "images", column: image_column(side), id: submission_id };
    sealed.map(|sealed| sealer.open(place, &sealed)).transpose()
}

/// Undecided items whose lease is still live, with their tokens (to give them back at logout).
pub fn live_leases(
    conn: &Connection,
    sealer: &Sealer,
    now: DateTime<Utc>,
    offline_only: bool,
) -> Result<Vec<(String, String)>, CacheError> {
    let mut statement = conn.prepare(
        "SELECT submission_id FROM items
         WHERE decided = 0 AND lease_expires_at > ?1 AND (offline OR NOT ?2) ORDER BY rowid",
    )?;
    let ids: Vec<String> = statement
        .query_map(rusqlite::params![millis(now), offline_only], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let mut leases = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(token) = lease_token(conn, sealer, &id)? {
            leases.push((id, token));
        }
    }
    Ok(leases)
}
