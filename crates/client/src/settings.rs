//! [`Settings`]: how much the client prefetches, how long its leases last, when it renews them,
//! how it backs off, how long it waits for the server, which extra CA it trusts, and how often it
//! asks again for what may have changed on the server (the calendar, unsettled photo checks).
//! Plain values, shared by the pure sync step and the engine.

use std::path::PathBuf;

use chrono::Duration;

/// The server refuses leases longer than this (`bad_lease_length`).
pub use reviewdesk_domain::decision_rules::MAX_LEASE_HOURS;

/// The environment variable naming a PEM file of CA certificates to trust besides the system's
/// (an internal CA of a provincial server), when [`Settings::extra_ca_file`] is not set.
pub const EXTRA_CA_ENV: &str = "REVIEWDESK_EXTRA_CA";
/// Set to `1` to let the client speak plain `http://` to a server that is not on this computer
/// (a lab without TLS). Off by default: applicants' personal data crosses only HTTPS.
pub const ALLOW_PLAIN_HTTP_ENV: &str = "REVIEWDESK_ALLOW_PLAIN_HTTP";

/// The default undo window, in seconds.
pub const DEFAULT_UNDO_SECONDS: i64 = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Submissions kept claimed, downloaded and undecided ahead of the reviewer (N).
    pub prefetch: u32,
    /// Lease length of a prefetch claim and its renewals, in seconds.
    pub lease_seconds: i64,
    /// A live lease is renewed once it has less than this left.
    pub renew_before: Duration,
    /// First retry delay of an outbox item after a server-side failure; doubles per attempt.
    pub retry_base: Duration,
    /// Longest delay between two attempts of one outbox item.
    pub retry_cap: Duration,
    /// First wait before contacting an unreachable server again; doubles per failure.
    pub probe_base: Duration,
    /// Longest wait between two contacts with an unreachable server.
    pub probe_cap: Duration,
    /// Time allowed to open a connection.
    pub connect_timeout: std::time::Duration,
    /// Time allowed for a whole request.
    pub request_timeout: std::time::Duration,
    /// A PEM file of CA certificates trusted for `https://` servers besides the system's roots;
    /// `None`: the file named by [`EXTRA_CA_ENV`], if set. Never a way to turn verification off.
    pub extra_ca_file: Option<PathBuf>,
    /// Plain `http://` to a server that is not loopback; `false` (the default): refused, unless
    /// [`ALLOW_PLAIN_HTTP_ENV`] is `1`.
    pub allow_plain_http: bool,
    /// How long personal data may stay in the cache: submissions and photos claimed, and conflict
    /// records detected, longer ago are purged at start-up and on every sync (a decision still
    /// waiting in the outbox is kept, without its submission).
    pub retention: Duration,
    /// How often the server's working-day calendar is checked for a newer version (one small
    /// request when unchanged).
    pub calendar_check_every: Duration,
    /// How often a held submission whose photo checks are not settled yet (pending, or the
    /// server could not run them) is fetched again, its body only, for the findings. The desktop
    /// syncs every few seconds; this keeps it to one small request per item per interval.
    pub checks_refresh_every: Duration,
    /// How long a decision waits in the outbox before it is sent, during which the reviewer may
    /// recall it (撤回). Zero sends at the next sync and allows no recall.
    pub undo_window: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            prefetch: 5,
            lease_seconds: 15 * 60,
            renew_before: Duration::minutes(5),
            retry_base: Duration::seconds(2),
            retry_cap: Duration::minutes(5),
            probe_base: Duration::seconds(2),
            probe_cap: Duration::minutes(1),
            connect_timeout: std::time::Duration::from_secs(3),
            request_timeout: std::time::Duration::from_secs(20),
            extra_ca_file: None,
            allow_plain_http: false,
            retention: Duration::days(7),
            calendar_check_every: Duration::minutes(10),
            checks_refresh_every: Duration::seconds(15),
            undo_window: Duration::seconds(DEFAULT_UNDO_SECONDS),
        }
    }
}
