//! A supervisor's saved views of the decision log (see `reviewdesk_domain::wire::saved_views`):
//! listed by slot, saved (a new name takes the lowest free slot, a known one keeps its own) and
//! deleted, per account. A save locks the owner's account row first, so two saves of one
//! supervisor (two PCs) take turns instead of picking the same free slot.

use chrono::{DateTime, Utc};
use reviewdesk_domain::wire::saved_views::{check_view, free_slot, view_name, SavedView};
use reviewdesk_domain::wire::supervision::DecisionLogFilter;

use super::tx::Tx;
use crate::text_values::{corrupt, parse_timestamp, timestamp};
use crate::{StoreError, User};

fn slot_of(value: i32) -> Result<u8, StoreError> {
    u8::try_from(value).map_err(|_| corrupt("view slot", &value.to_string()))
}

pub(super) fn list(tx: &mut Tx<'_>, owner: &User) -> Result<Vec<SavedView>, StoreError> {
    let rows = tx.query(
        "SELECT name, slot, filter, updated_at FROM saved_views WHERE user_id = $1 ORDER BY slot",
        &[&owner.id],
    )?;
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        let filter: String = row.try_get(2)?;
        let updated_at: String = row.try_get(3)?;
        views.push(SavedView {
            name: row.try_get(0)?,
            slot: slot_of(row.try_get(1)?)?,
            filter: serde_json::from_str(&filter)?,
            updated_at: parse_timestamp(&updated_at)?,
        });
    }
    Ok(views)
}

pub(super) fn save(
    tx: &mut Tx<'_>,
    owner: &User,
    name: &str,
    filter: &DecisionLogFilter,
    now: DateTime<Utc>,
) -> Result<SavedView, StoreError> {
    let name = check_view(name, filter)?;
    tx.query_opt("SELECT id FROM users WHERE id = $1 FOR UPDATE", &[&owner.id])?
        .ok_or(StoreError::NotFound { what: "user" })?;
    let kept = tx.query_opt(
        "SELECT slot FROM saved_views WHERE user_id = $1 AND name = $2",
        &[&owner.id, &name],
    )?;
    let slot = match kept {
        Some(row) => slot_of(row.try_get(0)?)?,
        None => {
            let rows = tx.query("SELECT slot FROM saved_views WHERE user_id = $1", &[&owner.id])?;
            let taken = rows
                .iter()
                .map(|row| slot_of(row.try_get(0)?))
                .collect::<Result<Vec<_>, StoreError>>()?;
            free_slot(&taken)?
        }
    };
    tx.execute(
        "INSERT INTO saved_views (user_id, name, slot, filter, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id, name) DO UPDATE
             SET filter = excluded.filter, updated_at = excluded.updated_at",
        &[&owner.id, &name, &i32::from(slot), &serde_json::to_string(filter)?, &timestamp(now)],
    )?;
    Ok(SavedView { name, slot, filter: filter.clone(), updated_at: now })
}

pub(super) fn delete(tx: &mut Tx<'_>, owner: &User, name: &str) -> Result<(), StoreError> {
    let name = view_name(name).map_err(|_| StoreError::NotFound { what: "view" })?;
    let gone = tx
        .execute("DELETE FROM saved_views WHERE user_id = $1 AND name = $2", &[&owner.id, &name])?;
    if gone == 0 {
        return Err(StoreError::NotFound { what: "view" });
    }
    Ok(())
}
