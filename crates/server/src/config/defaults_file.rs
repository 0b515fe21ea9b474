//! `reviewdesk-server config defaults`: every setting with its default and what it means, as a
//! commented TOML file — the one place the defaults are documented. The committed copy
//! `assets/reviewdesk-server.toml` is checked against [`render`] by a test.

use super::ServerConfig;

/// A section: its name and what it holds.
struct Section {
    name: &'static str,
    doc: &'static str,
    keys: &'static [Key],
}

/// A key: its name, what it means, and for a setting with no default an example (printed
/// commented out).
struct Key {
    name: &'static str,
    doc: &'static str,
    example: Option<&'static str>,
}

const fn key(name: &'static str, doc: &'static str) -> Key {
    Key { name, doc, example: None }
}

const fn optional(name: &'static str, doc: &'static str, example: &'static str) -> Key {
    Key { name, doc, example: Some(example) }
}

const SECTIONS: &[Section] = &[
    Section {
        name: "server",
        doc: "The HTTP listener and the log.",
        keys: &[
            key("listen", "Address and port of the API (loopback unless told otherwise)."),
            optional(
                "metrics_listen",
                "Address of a second listener serving only GET /metrics (Prometheus). Unset: /metrics\nis served on `listen` too. Both answer aggregates only (no applicant, no account).",
                "\"127.0.0.1:9740\"",
            ),
            key("log_format", "\"text\" (human-readable lines) or \"json\" (one JSON object a line)."),
            key(
                "trusted_proxies",
                "Addresses of the load balancers in front (e.g. [\"10.0.0.5\"]): only for their requests is\nthe client's address read from X-Forwarded-For (login throttle, request rates, audit).",
            ),
        ],
    },
    Section {
        name: "connections",
        doc: "What one HTTP connection may take: slow clients are cut off, idle ones closed, and at\nmost `max` are served at once (more wait in the listen backlog until one ends).",
        keys: &[
            key(
                "header_timeout_seconds",
                "A request's head (request line and headers) must arrive whole within this long of its\nfirst byte; otherwise the connection is closed.",
            ),
            key(
                "body_timeout_seconds",
                "A request's body must arrive whole within this long of its head; otherwise 408\nrequest_timeout and the connection is closed (60: an intake of 600 KB needs 10 KB/s).",
            ),
            key(
                "idle_timeout_seconds",
                "A connection waiting for its next request (or its first) is closed after this long.",
            ),
            key(
                "max",
                "Connections served at once. Each holds a file descriptor: keep it under the process's\nopen-file limit (the systemd unit sets LimitNOFILE).",
            ),
        ],
    },
    Section {
        name: "storage",
        doc: "Where the data lives.",
        keys: &[
            key("data_dir", "The embedded deployment's folder: reviewdesk.db (SQLite) and images/."),
            optional(
                "database_url",
                "PostgreSQL instead of the data directory's SQLite (several instances may share it):\npostgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE or \"host=/run/postgresql dbname=reviewdesk\".",
                "\"host=/run/postgresql dbname=reviewdesk user=reviewdesk\"",
            ),
            optional(
                "images_dir",
                "Where the photos are kept. Unset: <data_dir>/images. Instances sharing a database\nmust share this directory.",
                "\"/mnt/reviewdesk-images\"",
            ),
            key("db_pool", "PostgreSQL connections this instance keeps open at most (1..=1000)."),
        ],
    },
    Section {
        name: "images",
        doc: "The uploaded photos and their automatic checks.",
        keys: &[
            key("max_bytes", "Largest accepted photo in bytes (\"190 KB\": 194560, or 190000)."),
            key("max_side", "Largest accepted width or height in pixels (from the JPEG header)."),
            key("max_pixels", "Largest accepted width x height."),
            key(
                "blur_threshold",
                "Variance of the Laplacian under which a photo counts as blurred (photo checks).",
            ),
            key(
                "check_workers",
                "Threads running the photo checks (OCR) after intake; 0: none here (another instance may).",
            ),
            key(
                "check_lease_seconds",
                "How long a worker holds a submission's checks: one that dies is replaced after this.",
            ),
            key("check_attempts", "Tries of a submission's checks before they are recorded as failed."),
        ],
    },
    Section {
        name: "review",
        doc: "The review queue.",
        keys: &[
            key("lease_minutes", "Lease length when a claim or renewal names none."),
            key("due_working_days", "Working days promised for an answer."),
            key(
                "qa_share_approved",
                "Share (0 to 1) of each reviewer's approvals routed to the supervisors' QA sample.",
            ),
            key(
                "qa_share_rejected",
                "Share (0 to 1) of each reviewer's rejections routed to the QA sample.",
            ),
            key(
                "supervisors_claim_first_stage",
                "Whether supervisors may claim and decide first-stage items like reviewers. false:\nthey audit the reviewers' decisions and make none (403 reviewers_only).",
            ),
        ],
    },
    Section {
        name: "sessions",
        doc: "Staff logins.",
        keys: &[key("lifetime_hours", "How long a login lasts (1..=168).")],
    },
    Section {
        name: "login_throttle",
        doc: "Failed logins allowed within the window before logins are refused (per instance).",
        keys: &[
            key("per_username", "Failures per username."),
            key("per_address", "Failures per client address."),
            key("window_minutes", "The sliding window."),
        ],
    },
    Section {
        name: "request_rate",
        doc: "Requests per caller (a session, an intake key, or an anonymous address), per instance;\nover it, 429 rate_limited with Retry-After.",
        keys: &[
            key("per_second", "Sustained requests per second; 0: unlimited."),
            key("burst", "Requests allowed at once above the sustained rate."),
        ],
    },
    Section {
        name: "retention",
        doc: "Personal data of decided submissions (declared identity, photos) is deleted after\n`days`; the decision rows and the audit chain stay. Three years by default: past the\napplicant's reconsideration and litigation windows and the review periods' own audits.",
        keys: &[
            key("days", "Days after the decision."),
            key("run_every_minutes", "How often `serve` runs the retention sweep."),
            key(
                "orphan_min_age_minutes",
                "Photo files no submission references are deleted once this old (at least 10:\nintake writes photos a moment before their row).",
            ),
        ],
    },
    Section {
        name: "audit",
        doc: "The audit log's signed checkpoints: `serve` signs the chain's head (its sequence number and\nhash) with a key kept outside the database, so `audit verify` finds a chain cut short or\nrecomputed. Keep exports (`audit checkpoint export`) and the public key elsewhere.",
        keys: &[
            key(
                "checkpoint_every_events",
                "Sign a checkpoint once this many events were appended since the last one.",
            ),
            key(
                "checkpoint_every_minutes",
                "Or once this many minutes passed and the chain moved (and at start and stop).",
            ),
            optional(
                "signing_key_file",
                "The Ed25519 signing key (mode 0600, created on first start). Unset:\n<data_dir>/audit-signing.key. Instances sharing a database should share one key file\n(or verify with each instance's --public-key).",
                "\"/etc/reviewdesk/audit-signing.key\"",
            ),
        ],
    },
];

fn comment(out: &mut String, text: &str) {
    for line in text.lines() {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
}

/// The commented TOML of every default, in the order of [`SECTIONS`].
pub fn render() -> String {
    let defaults = toml::Table::try_from(ServerConfig::default()).unwrap_or_default();
    let mut out = String::new();
    comment(
        &mut out,
        "reviewdesk-server configuration: every setting, with its default.\n\
         Generated by `reviewdesk-server config defaults`; use it with `serve --config FILE`.\n\
         Each key may be overridden by the environment variable REVIEWDESK__SECTION__KEY\n\
         (for example REVIEWDESK__SERVER__LISTEN=0.0.0.0:8740), and by serve's flags.\n\
         Unknown keys are refused. Check a file with `reviewdesk-server config check FILE`.",
    );
    for section in SECTIONS {
        out.push('\n');
        comment(&mut out, section.doc);
        out.push_str(&format!("[{}]\n", section.name));
        let values = defaults.get(section.name).and_then(toml::Value::as_table);
        for key in section.keys {
            comment(&mut out, key.doc);
            match (values.and_then(|table| table.get(key.name)), key.example) {
                (Some(value), _) => out.push_str(&format!("{} = {value}\n", key.name)),
                (None, Some(example)) => out.push_str(&format!("# {} = {example}\n", key.name)),
                (None, None) => out.push_str(&format!("# {} = (no default)\n", key.name)),
            }
        }
    }
    out
}

/// Every key [`render`] documents, as `section.name`.
#[cfg(test)]
fn documented_keys() -> Vec<String> {
    SECTIONS
        .iter()
        .flat_map(|section| section.keys.iter().map(|key| format!("{}.{}", section.name, key.name)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_is_documented_and_the_file_parses_to_the_defaults() {
        let mut every = ServerConfig::default();
        every.server.metrics_listen = Some(([127, 0, 0, 1], 9740).into());
        every.storage.database_url = Some("host=/run/postgresql".to_owned());
        every.storage.images_dir = Some("/srv/images".into());
        every.audit.signing_key_file = Some("/etc/reviewdesk/audit-signing.key".into());
        let defaults = toml::Table::try_from(every).expect("serialises");
        let documented = documented_keys();
        for (section, values) in &defaults {
            for name in values.as_table().expect("a section").keys() {
                let key = format!("{section}.{name}");
                assert!(documented.contains(&key), "{key} has no documentation");
            }
        }
        let parsed: ServerConfig = toml::from_str(&render()).expect("the defaults file parses");
        assert_eq!(parsed, ServerConfig::default());
    }
}
