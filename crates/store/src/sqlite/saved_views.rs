//! A supervisor's saved views of the decision log (see `reviewdesk_domain::wire::saved_views`):
//! listed by slot, saved (a new name takes the lowest free slot, a known one keeps its own) and
//! deleted, per account. SQLite has one writer, so reading the taken slots and inserting cannot
//! interleave with another save.

use chrono::{DateTime, Utc};
use reviewdesk_domain::wire::saved_views::{check_view, free_slot, view_name, SavedView};
use reviewdesk_domain::wire::supervision::DecisionLogFilter;
use rusqlite::{params, Connection, OptionalExtension};

use crate::text_values::{parse_timestamp, timestamp};
use crate::{StoreError, User};

pub(super) fn list(tx: &Connection, owner: &User) -> Result<Vec<SavedView>, StoreError> {
    let mut statement = tx.prepare_cached(
        "SELECT name, slot, filter, updated_at FROM saved_views WHERE user_id = ?1 ORDER BY slot",
    )?;
    let mut rows = statement.query([owner.id])?;
    let mut views = Vec::new();
    while let Some(row) = rows.next()? {
        let filter: String = row.get(2)?;
        let updated_at: String = row.get(3)?;
        views.push(SavedView {
            name: row.get(0)?,
            slot: row.get(1)?,
            filter: serde_json::from_str(&filter)?,
            updated_at: parse_timestamp(&updated_at)?,
        });
    }
    Ok(views)
}

pub(super) fn save(
    tx: &Connection,
    owner: &User,
    name: &str,
    filter: &DecisionLogFilter,
    now: DateTime<Utc>,
) -> Result<SavedView, StoreError> {
    let name = check_view(name, filter)?;
    let kept: Option<u8> = tx
        .query_row(
            "SELECT slot FROM saved_views WHERE user_id = ?1 AND name = ?2",
            params![owner.id, name],
            |row| row.get(0),
        )
        .optional()?;
    let slot = match kept {
        Some(slot) => slot,
        None => {
            let mut statement =
                tx.prepare_cached("SELECT slot FROM saved_views WHERE user_id = ?1")?;
            let taken = statement
                .query_map([owner.id], |row| row.get::<_, u8>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            free_slot(&taken)?
        }
    };
    tx.execute(
        "INSERT INTO saved_views (user_id, name, slot, filter, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (user_id, name) DO UPDATE
             SET filter = excluded.filter, updated_at = excluded.updated_at",
        params![owner.id, name, slot, serde_json::to_string(filter)?, timestamp(now)],
    )?;
    Ok(SavedView { name, slot, filter: filter.clone(), updated_at: now })
}

pub(super) fn delete(tx: &Connection, owner: &User, name: &str) -> Result<(), StoreError> {
    let name = view_name(name).map_err(|_| StoreError::NotFound { what: "view" })?;
    let gone = tx.execute(
        "DELETE FROM saved_views WHERE user_id = ?1 AND name = ?2",
        params![owner.id, name],
    )?;
    if gone == 0 {
        return Err(StoreError::NotFound { what: "view" });
    }
    Ok(())
}
