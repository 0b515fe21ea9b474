//! The checks on each setting's value, beyond its type: ranges, shares, non-empty strings. Each
//! problem names its key (`section.name`) and what is allowed.

use std::fmt::Display;

use super::{ConfigError, ServerConfig};

fn invalid(key: &str, message: impl Into<String>) -> ConfigError {
    ConfigError::Invalid { key: key.to_owned(), at: None, message: message.into() }
}

fn within<T: PartialOrd + Display>(key: &str, value: T, min: T, max: T) -> Result<(), ConfigError> {
    if value < min || value > max {
        return Err(invalid(key, format!("{value} is outside {min}..={max}")));
    }
    Ok(())
}

fn share(key: &str, value: f64) -> Result<(), ConfigError> {
    if !(0.0..=1.0).contains(&value) {
        return Err(invalid(key, format!("{value} is not a share between 0 and 1")));
    }
    Ok(())
}

/// The first problem in `config`, if any.
pub fn check(config: &ServerConfig) -> Result<(), ConfigError> {
    let storage = &config.storage;
    if storage.data_dir.as_os_str().is_empty() {
        return Err(invalid("storage.data_dir", "must not be empty"));
    }
    if storage.database_url.as_deref().is_some_and(|url| url.trim().is_empty()) {
        return Err(invalid("storage.database_url", "must not be empty (leave it out for SQLite)"));
    }
    if storage.images_dir.as_ref().is_some_and(|dir| dir.as_os_str().is_empty()) {
        return Err(invalid("storage.images_dir", "must not be empty"));
    }
    within("storage.db_pool", storage.db_pool, 1, 1000)?;
    if config.server.metrics_listen.is_some_and(|address| address == config.server.listen) {
        return Err(invalid("server.metrics_listen", "must differ from server.listen"));
    }

    let connections = &config.connections;
    within("connections.header_timeout_seconds", connections.header_timeout_seconds, 1, 300)?;
    within("connections.body_timeout_seconds", connections.body_timeout_seconds, 1, 3600)?;
    within("connections.idle_timeout_seconds", connections.idle_timeout_seconds, 1, 3600)?;
    within("connections.max", connections.max, 1, 1_000_000)?;

    let images = &config.images;
    within("images.max_bytes", images.max_bytes, 1024, 20_000_000)?;
    within("images.max_side", images.max_side, 16, 100_000)?;
    within("images.max_pixels", images.max_pixels, 256, 1_000_000_000)?;
    if !images.blur_threshold.is_finite() || images.blur_threshold < 0.0 {
        return Err(invalid(
            "images.blur_threshold",
            format!("{} is not a non-negative number", images.blur_threshold),
        ));
    }
    within("images.check_workers", images.check_workers, 0, 64)?;
    within("images.check_lease_seconds", images.check_lease_seconds, 5, 3600)?;
    within("images.check_attempts", images.check_attempts, 1, 10)?;

    let review = &config.review;
    within("review.lease_minutes", review.lease_minutes, 1, 24 * 60)?;
    within("review.due_working_days", review.due_working_days, 1, 60)?;
    share("review.qa_share_approved", review.qa_share_approved)?;
    share("review.qa_share_rejected", review.qa_share_rejected)?;

    within("sessions.lifetime_hours", config.sessions.lifetime_hours, 1, 168)?;

    let throttle = &config.login_throttle;
    within("login_throttle.per_username", throttle.per_username, 1, 10_000)?;
    within("login_throttle.per_address", throttle.per_address, 1, 1_000_000)?;
    within("login_throttle.window_minutes", throttle.window_minutes, 1, 24 * 60)?;

    let rate = &config.request_rate;
    within("request_rate.per_second", rate.per_second, 0, 1_000_000)?;
    within("request_rate.burst", rate.burst, 1, 10_000_000)?;

    let retention = &config.retention;
    within("retention.days", retention.days, 1, 36_500)?;
    within("retention.run_every_minutes", retention.run_every_minutes, 1, 7 * 24 * 60)?;
    // An intake writes its photos a moment before its row: a younger file may be in flight.
    within("retention.orphan_min_age_minutes", retention.orphan_min_age_minutes, 10, 525_600)?;

    let audit = &config.audit;
    within("audit.checkpoint_every_events", audit.checkpoint_every_events, 1, 1_000_000)?;
    within("audit.checkpoint_every_minutes", audit.checkpoint_every_minutes, 1, 24 * 60)?;
    if audit.signing_key_file.as_ref().is_some_and(|file| file.as_os_str().is_empty()) {
        return Err(invalid("audit.signing_key_file", "must not be empty"));
    }
    Ok(())
}
