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
