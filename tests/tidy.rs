//! The tree's own rules, checked on every test run (in the manner of rust-analyzer's tidy tests).
//! Each failure names the file and the rule; ARCHITECTURE.md states why the rule exists.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file below `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The source folders of every crate: the desktop's and each `crates/*/src`.
fn source_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![root().join("src-tauri/src")];
    for entry in std::fs::read_dir(root().join("crates")).unwrap() {
        let src = entry.unwrap().path().join("src");
        if src.is_dir() {
            dirs.push(src);
        }
    }
    dirs
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root()).unwrap_or(path).display().to_string()
}

#[test]
fn every_module_says_what_it_owns() {
    let mut missing = Vec::new();
    for dir in source_dirs() {
        for file in rust_files(&dir) {
            let text = std::fs::read_to_string(&file).unwrap();
            let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
            if !first.starts_with("//!") {
                missing.push(relative(&file));
            }
        }
    }
    assert!(missing.is_empty(), "modules without a leading `//!` doc: {missing:#?}");
}

#[test]
fn the_domain_crate_does_no_io() {
    const FORBIDDEN: [&str; 9] = [
        "std::fs",
        "std::net",
        "std::process",
        "std::env",
        "std::io::std",
        "SystemTime",
        "Local::now",
        "Utc::now",
        "Instant::now",
    ];
    let mut offences = Vec::new();
    for file in rust_files(&root().join("crates/domain/src")) {
        let text = std::fs::read_to_string(&file).unwrap();
        // The one reading of the machine's clock, `SystemClock`, which callers inject.
        let allowed: &[&str] =
            if relative(&file) == "crates/domain/src/clock.rs" { &["Utc::now"] } else { &[] };
        for (n, line) in text.lines().enumerate() {
            for word in FORBIDDEN.iter().filter(|w| line.contains(*w) && !allowed.contains(w)) {
                offences.push(format!("{}:{}: {word}", relative(&file), n + 1));
            }
        }
    }
    assert!(offences.is_empty(), "IO or clock access in the pure domain crate: {offences:#?}");
}

#[test]
fn names_say_what_things_are() {
    const VAGUE: [&str; 6] = ["utils", "util", "helpers", "helper", "manager", "misc"];
    let mut vague = Vec::new();
    for dir in source_dirs() {
        for file in rust_files(&dir) {
            let stem = file.file_stem().unwrap().to_string_lossy().to_string();
            if VAGUE.contains(&stem.as_str()) {
                vague.push(relative(&file));
            }
        }
    }
    assert!(vague.is_empty(), "modules with names that say nothing: {vague:#?}");
}

#[test]
fn readme_quick_start_has_exactly_two_commands_and_ci_runs_the_test_one() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let quick_start = readme.split("## Quick start").nth(1).expect("a Quick start section");
    let block = quick_start.split("```").nth(1).expect("a code block in Quick start");
    let commands: Vec<&str> = block
        .lines()
        .skip(1) // the fence's language tag
        .map(|l| l.split('#').next().unwrap_or_default().trim())
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(commands, ["bash scripts/run.sh", "bash scripts/test.sh"], "README Quick start");
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(ci.contains("scripts/test.sh"), ".ci/run must call the README's test command");
}

#[test]
fn generated_data_files_name_their_source() {
    for dir in ["assets/calendar", "assets/regions"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "tsv") {
                let head: String =
                    std::fs::read_to_string(&path).unwrap().lines().take(12).collect();
                assert!(
                    head.contains("source") || head.contains("Source"),
                    "{} does not say where its data comes from",
                    relative(&path)
                );
            }
        }
    }
}

/// The window runs with least privilege (SECURITY.md, T13): a CSP that names no remote origin and
/// allows no inline or evaluated script, one capability granting only listening to the desktop's
/// events (no plugin permission, no emitting), devtools off
/// (and the `devtools` feature of tauri never enabled, so release builds cannot open them).
#[test]
fn the_window_is_least_privilege() {
    let config = std::fs::read_to_string(root().join("tauri.conf.json")).unwrap();
    let csp_line = config.lines().find(|l| l.trim_start().starts_with("\"csp\"")).expect("a CSP");
    let csp = csp_line.split_once(':').unwrap().1.trim().trim_end_matches(',').trim_matches('"');
    let directives: Vec<(&str, Vec<&str>)> = csp
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut words = d.split_whitespace();
            (words.next().unwrap(), words.collect())
        })
        .collect();
    let sources = |name: &str| {
        directives.iter().find(|(directive, _)| *directive == name).map(|(_, s)| s.clone())
    };
    assert_eq!(sources("default-src"), Some(vec!["'self'"]), "{csp}");
    assert_eq!(sources("script-src"), Some(vec!["'self'"]), "no inline or eval script: {csp}");
    for (name, required) in [
        ("object-src", "'none'"),
        ("base-uri", "'none'"),
        ("form-action", "'none'"),
        ("frame-ancestors", "'none'"),
    ] {
        assert_eq!(sources(name), Some(vec![required]), "{csp}");
    }
    for (directive, list) in &directives {
        for source in list {
            let local = ["'self'", "'none'", "'unsafe-inline'", "data:", "ipc:", "photo:"]
                .contains(source)
                || source.ends_with(".localhost");
            assert!(local, "{directive} allows a remote or unknown source {source}: {csp}");
            assert!(*source != "'unsafe-inline'" || *directive == "style-src", "{csp}");
            assert!(!source.contains("unsafe-eval") && *source != "*", "{csp}");
        }
    }
    let compact: String = config.split_whitespace().collect();
    let granted = "\"permissions\":[\"core:event:allow-listen\",\"core:event:allow-unlisten\"]}]";
    assert!(compact.contains(granted), "only listening to events is granted: {compact}");
    assert_eq!(compact.matches("\"permissions\"").count(), 1, "one capability");
    assert!(compact.contains("\"devtools\":false"), "devtools off");
    assert!(!root().join("src-tauri/capabilities").exists(), "no capability files");
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    assert!(!manifest.contains("\"devtools\""), "the tauri devtools feature is never enabled");
    let remote = config.lines().any(|l| l.contains("https://") && !l.contains("\"$schema\""));
    assert!(!remote && !config.contains("\"url\""), "no remote content");
}

/// Where each of the workspace's crates sits: a crate may depend (normal or build dependencies)
/// only on crates of a lower layer, so "the store knows nothing above it" is a build failure, not
/// a sentence. Tests and benches (dev-dependencies) may use any crate. A new crate must be placed.
const LAYERS: [(&str, u8); 7] = [
    ("reviewdesk-domain", 0),
    ("reviewdesk-store", 1),
    ("reviewdesk-imaging", 1),
    ("reviewdesk-synthetic", 1),
    ("reviewdesk-server", 2),
    ("reviewdesk-client", 2),
    ("reviewdesk-desktop", 3),
];

/// The workspace's packages as `cargo metadata` reads them, asked once per test run.
fn workspace_metadata() -> &'static serde_json::Value {
    static METADATA: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    METADATA.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let output = std::process::Command::new(cargo)
            .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
            .current_dir(root())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "cargo metadata: {stderr}");
        serde_json::from_slice(&output.stdout).unwrap()
    })
}

#[test]
fn no_crate_depends_on_a_crate_above_it() {
    let layer = |name: &str| LAYERS.iter().find(|(crate_name, _)| *crate_name == name).map(|l| l.1);
    let metadata = workspace_metadata();
    let mut offences = Vec::new();
    for package in metadata["packages"].as_array().unwrap() {
        let name = package["name"].as_str().unwrap();
        let Some(own) = layer(name) else {
            offences.push(format!("{name} has no layer in tests/tidy.rs LAYERS"));
            continue;
        };
        for dependency in package["dependencies"].as_array().unwrap() {
            let on = dependency["name"].as_str().unwrap();
            if dependency["kind"].as_str() == Some("dev") || on == name {
                continue;
            }
            if let Some(theirs) = layer(on) {
                if theirs >= own {
                    offences.push(format!("{name} (layer {own}) depends on {on} (layer {theirs})"));
                }
            }
        }
    }
    assert!(offences.is_empty(), "crate graph: {offences:#?}");
}

#[test]
fn the_desktop_links_the_server_without_postgresql() {
    let metadata = workspace_metadata();
    let desktop = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "reviewdesk-desktop")
        .unwrap();
    let server = desktop["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "reviewdesk-server" && d["kind"].is_null())
        .unwrap();
    assert_eq!(server["uses_default_features"], false, "the server's defaults include postgres");
    let features: Vec<&str> =
        server["features"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    assert!(!features.contains(&"postgres"), "the desktop asks for postgres: {features:?}");
}

#[test]
fn code_comments_do_not_cite_issue_numbers() {
    // What a comment says must stand on its own; the issue tracker is not part of the tree.
    // Landed migrations are exempt: they are never edited (their checksums are checked).
    let mut offences = Vec::new();
    let mut dirs = source_dirs();
    dirs.extend(
        [
            "tests",
            "benches",
            "crates/client/tests",
            "crates/domain/tests",
            "crates/imaging/tests",
            "crates/imaging/benches",
            "crates/server/tests",
            "crates/server/benches",
            "crates/store/tests",
            "crates/store/benches",
            "crates/synthetic/tests",
        ]
        .map(|d| root().join(d)),
    );
    for dir in dirs {
        for file in rust_files(&dir) {
            let text = std::fs::read_to_string(&file).unwrap();
            for (n, line) in text.lines().enumerate() {
                let comment = line.find("//").map(|at| &line[at..]).unwrap_or_default();
                let words: Vec<&str> = comment.split_whitespace().collect();
                let cites = words.windows(2).any(|pair| {
                    pair[0].trim_start_matches('(').eq_ignore_ascii_case("issue")
                        && pair[1].trim_start_matches('#').starts_with(|c: char| c.is_ascii_digit())
                });
                if cites {
                    offences.push(format!("{}:{}", relative(&file), n + 1));
                }
            }
        }
    }
    assert!(offences.is_empty(), "comments citing issue numbers: {offences:#?}");
}

#[test]
fn the_desktop_crate_writes_no_user_facing_sentence() {
    // The UI words every error from its code; the desktop's own messages are technical details
    // for the log. Chinese in a string literal outside the tests is a sentence that should be
    // the UI's (or the domain's catalogues').
    let mut offences = Vec::new();
    for file in rust_files(&root().join("src-tauri/src")) {
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in code.lines().enumerate() {
            let literal = line.split_once('"').map(|(_, rest)| rest).unwrap_or_default();
            let before_comment =
                line.find("//").is_none_or(|at| line.find('"').is_some_and(|q| q < at));
            if before_comment && literal.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
                offences.push(format!("{}:{}", relative(&file), n + 1));
            }
        }
    }
    assert!(offences.is_empty(), "Chinese sentences in the desktop crate: {offences:#?}");
}
