//! The server's configuration: ONE TOML file with every setting ([`ServerConfig`]), read by
//! `reviewdesk-server serve --config FILE` and checked by `reviewdesk-server config check FILE`.
//!
//! Precedence, lowest first: the defaults ([`ServerConfig::default`], printed with comments by
//! `config defaults`: [`defaults_file`]), the file, environment variables
//! (`REVIEWDESK__SECTION__KEY`: [`env`]), then `serve`'s flags. Unknown keys and unknown
//! `REVIEWDESK__…` variables are refused, never ignored; every value is checked
//! ([`validate`]) with a message naming the key, and the file's line where there is one.

pub mod defaults_file;
pub mod env;
pub mod error;
pub mod validate;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use chrono::Duration;
use serde::{Deserialize, Serialize};

pub use error::ConfigError;

use crate::auth::ThrottleLimits;
use crate::settings::{Settings, DEFAULT_MAX_IMAGE_BYTES, DEFAULT_RETENTION_DAYS};

/// Every setting of `serve`, grouped as the file's sections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    pub server: ServerSection,
    pub connections: ConnectionsSection,
    pub storage: StorageSection,
    pub images: ImagesSection,
    pub review: ReviewSection,
    pub sessions: SessionsSection,
    pub login_throttle: LoginThrottleSection,
    pub request_rate: RequestRateSection,
    pub retention: RetentionSection,
    pub audit: AuditSection,
}

/// How log lines are written (to stderr).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object a line.
    Json,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerSection {
    pub listen: SocketAddr,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics_listen: Option<SocketAddr>,
    pub log_format: LogFormat,
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl Default for ServerSection {
    fn default() -> Self {
        ServerSection {
            listen: SocketAddr::from(([127, 0, 0, 1], 8740)),
            metrics_listen: None,
            log_format: LogFormat::Text,
            trusted_proxies: Vec::new(),
        }
    }
}

/// The HTTP connections' timeouts and number ([`crate::settings::ConnectionLimits`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ConnectionsSection {
    pub header_timeout_seconds: u32,
    pub body_timeout_seconds: u32,
    pub idle_timeout_seconds: u32,
    pub max: u32,
}

impl Default for ConnectionsSection {
    fn default() -> Self {
        let limits = crate::settings::ConnectionLimits::default();
        let seconds =
            |duration: std::time::Duration| u32::try_from(duration.as_secs()).unwrap_or(u32::MAX);
        ConnectionsSection {
            header_timeout_seconds: seconds(limits.header_timeout),
            body_timeout_seconds: seconds(limits.body_timeout),
            idle_timeout_seconds: seconds(limits.idle_timeout),
            max: u32::try_from(limits.max_connections).unwrap_or(u32::MAX),
        }
    }
}

impl ConnectionsSection {
    /// The limits these values make.
    pub fn limits(&self) -> crate::settings::ConnectionLimits {
        let seconds = |value: u32| std::time::Duration::from_secs(u64::from(value));
        crate::settings::ConnectionLimits {
            header_timeout: seconds(self.header_timeout_seconds),
            body_timeout: seconds(self.body_timeout_seconds),
            idle_timeout: seconds(self.idle_timeout_seconds),
            max_connections: self.max as usize,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StorageSection {
    pub data_dir: PathBuf,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub images_dir: Option<PathBuf>,
    pub db_pool: u32,
}

impl Default for StorageSection {
    fn default() -> Self {
        StorageSection {
            data_dir: PathBuf::from("./reviewdesk-data"),
            database_url: None,
            images_dir: None,
            db_pool: crate::store::DEFAULT_PG_POOL_SIZE as u32,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImagesSection {
    pub max_bytes: u64,
    pub max_side: u32,
    pub max_pixels: u64,
    pub blur_threshold: f64,
    pub check_workers: u32,
    pub check_lease_seconds: u32,
    pub check_attempts: u32,
}

impl ImagesSection {
    /// The photo-check workers this section asks for (`check_workers` > 0).
    pub fn check_workers(&self) -> reviewdesk_server::image_checks::CheckWorkers {
        reviewdesk_server::image_checks::CheckWorkers {
            lease: std::time::Duration::from_secs(u64::from(self.check_lease_seconds)),
            attempts: self.check_attempts,
            ..reviewdesk_server::image_checks::CheckWorkers::server(self.check_workers as usize)
        }
    }
}

impl Default for ImagesSection {
    fn default() -> Self {
        let settings = Settings::default();
        ImagesSection {
            max_bytes: DEFAULT_MAX_IMAGE_BYTES as u64,
            max_side: settings.max_image_side,
            max_pixels: settings.max_image_pixels,
            blur_threshold: settings.blur_threshold,
            check_workers: 1,
            check_lease_seconds: 120,
            check_attempts: 3,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReviewSection {
    pub lease_minutes: u32,
    pub due_working_days: u32,
    pub qa_share_approved: f64,
    pub qa_share_rejected: f64,
    pub supervisors_claim_first_stage: bool,
}

impl Default for ReviewSection {
    fn default() -> Self {
        let settings = Settings::default();
        ReviewSection {
            lease_minutes: minutes(settings.default_lease),
            due_working_days: settings.due_working_days,
            qa_share_approved: settings.qa_share_approved,
            qa_share_rejected: settings.qa_share_rejected,
            supervisors_claim_first_stage: settings.supervisors_claim_first_stage,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SessionsSection {
    pub lifetime_hours: u32,
}

impl Default for SessionsSection {
    fn default() -> Self {
        let hours = Settings::default().session_lifetime.num_hours();
        SessionsSection { lifetime_hours: u32::try_from(hours).unwrap_or(12) }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RequestRateSection {
    /// Sustained requests per second per caller; 0: unlimited.
    pub per_second: u32,
    pub burst: u32,
}

impl Default for RequestRateSection {
    fn default() -> Self {
        let limit = crate::settings::RateLimit::default();
        RequestRateSection { per_second: limit.per_second as u32, burst: limit.burst as u32 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LoginThrottleSection {
    pub per_username: u32,
    pub per_address: u32,
    pub window_minutes: u32,
}

impl Default for LoginThrottleSection {
    fn default() -> Self {
        let limits = ThrottleLimits::default();
        LoginThrottleSection {
            per_username: u32::try_from(limits.per_username).unwrap_or(5),
            per_address: u32::try_from(limits.per_address).unwrap_or(20),
            window_minutes: minutes(limits.window),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RetentionSection {
    pub days: u32,
    pub run_every_minutes: u32,
    pub orphan_min_age_minutes: u32,
}

impl Default for RetentionSection {
    fn default() -> Self {
        RetentionSection {
            days: u32::try_from(DEFAULT_RETENTION_DAYS).unwrap_or(1095),
            run_every_minutes: 60,
            orphan_min_age_minutes: 60,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuditSection {
    pub checkpoint_every_events: u32,
    pub checkpoint_every_minutes: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signing_key_file: Option<PathBuf>,
}

impl Default for AuditSection {
    fn default() -> Self {
        let policy = reviewdesk_server::audit_anchor::CheckpointPolicy::default();
        AuditSection {
            checkpoint_every_events: u32::try_from(policy.every_events).unwrap_or(100),
            checkpoint_every_minutes: minutes(policy.every),
            signing_key_file: None,
        }
    }
}

impl AuditSection {
    /// When `serve` signs checkpoints.
    pub fn policy(&self) -> reviewdesk_server::audit_anchor::CheckpointPolicy {
        reviewdesk_server::audit_anchor::CheckpointPolicy {
            every_events: u64::from(self.checkpoint_every_events),
            every: Duration::minutes(i64::from(self.checkpoint_every_minutes)),
        }
    }

    /// The signing key file: `signing_key_file`, else `audit-signing.key` in `data_dir`.
    pub fn key_file(&self, data_dir: &Path) -> PathBuf {
        self.signing_key_file.clone().unwrap_or_else(|| {
            data_dir.join(reviewdesk_server::audit_anchor::signing_key::DEFAULT_FILE_NAME)
        })
    }
}

fn minutes(duration: Duration) -> u32 {
    u32::try_from(duration.num_minutes()).unwrap_or(u32::MAX)
}

impl ServerConfig {
    /// Reads `file` (if any) over the defaults, then the `REVIEWDESK__…` variables among `vars`,
    /// and checks every value.
    pub fn load(
        file: Option<&Path>,
        vars: impl IntoIterator<Item = (String, String)>,
    ) -> Result<ServerConfig, ConfigError> {
        let (mut table, text) = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|source| ConfigError::Read { path: path.to_path_buf(), source })?;
                // Deserialised once as a whole for the error's line and key; kept as a table so
                // the environment can override single keys.
                toml::from_str::<ServerConfig>(&text)
                    .map_err(|error| ConfigError::from_toml(path, &text, &error))?;
                let table = toml::from_str::<toml::Table>(&text)
                    .map_err(|error| ConfigError::from_toml(path, &text, &error))?;
                (table, Some((path.to_path_buf(), text)))
            }
            None => (toml::Table::new(), None),
        };
        env::apply(&mut table, vars)?;
        let config: ServerConfig =
            table.try_into().map_err(|error: toml::de::Error| ConfigError::Env {
                var: format!("{}…", env::PREFIX),
                message: error.message().trim().to_owned(),
            })?;
        config.validate().map_err(|error| match &text {
            Some((path, text)) => error.locate(path, text),
            None => error,
        })?;
        Ok(config)
    }

    /// Checks every value (ranges, shares, non-empty strings); the first problem found.
    pub fn validate(&self) -> Result<(), ConfigError> {
        validate::check(self)
    }

    /// The runtime settings these values make.
    pub fn settings(&self) -> Settings {
        Settings {
            max_image_bytes: usize::try_from(self.images.max_bytes).unwrap_or(usize::MAX),
            max_image_side: self.images.max_side,
            max_image_pixels: self.images.max_pixels,
            default_lease: Duration::minutes(i64::from(self.review.lease_minutes)),
            session_lifetime: Duration::hours(i64::from(self.sessions.lifetime_hours)),
            due_working_days: self.review.due_working_days,
            login_throttle: ThrottleLimits {
                per_username: self.login_throttle.per_username as usize,
                per_address: self.login_throttle.per_address as usize,
                window: Duration::minutes(i64::from(self.login_throttle.window_minutes)),
            },
            qa_share_approved: self.review.qa_share_approved,
            qa_share_rejected: self.review.qa_share_rejected,
            request_rate: (self.request_rate.per_second > 0).then(|| crate::settings::RateLimit {
                per_second: f64::from(self.request_rate.per_second),
                burst: f64::from(self.request_rate.burst),
            }),
            blur_threshold: self.images.blur_threshold,
            retention: Duration::days(i64::from(self.retention.days)),
            trusted_proxies: self.server.trusted_proxies.clone(),
            supervisors_claim_first_stage: self.review.supervisors_claim_first_stage,
            connections: self.connections.limits(),
            calibration_minimums:
                reviewdesk_domain::face_calibration::CalibrationMinimums::STANDARD,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_limits_and_who_claims_come_from_the_environment_and_are_checked() {
        let vars = |pairs: &[(&str, &str)]| {
            pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect::<Vec<_>>()
        };
        let config = ServerConfig::load(
            None,
            vars(&[
                ("REVIEWDESK__CONNECTIONS__HEADER_TIMEOUT_SECONDS", "3"),
                ("REVIEWDESK__CONNECTIONS__MAX", "5"),
                ("REVIEWDESK__REVIEW__SUPERVISORS_CLAIM_FIRST_STAGE", "true"),
            ]),
        )
        .expect("valid");
        let settings = config.settings();
        assert_eq!(settings.connections.header_timeout, std::time::Duration::from_secs(3));
        assert_eq!(settings.connections.max_connections, 5);
        assert!(settings.supervisors_claim_first_stage);
        assert!(!Settings::default().supervisors_claim_first_stage, "off unless set");
        let error = ServerConfig::load(None, vars(&[("REVIEWDESK__CONNECTIONS__MAX", "0")]))
            .expect_err("no connections at all");
        assert!(error.to_string().contains("outside 1..="), "{error}");
    }

    #[test]
    fn the_defaults_make_the_default_settings() {
        assert_eq!(ServerConfig::default().settings(), Settings::default());
        ServerConfig::default().validate().expect("the defaults are valid");
    }
}
