//! Every finding code the sources make (`Finding::error(`/`warning(`/`new(` with a literal code,
//! a named code constant, or an `IdError` code) is in `overrides::FINDINGS`, so an approval
//! over any finding can name it. Reads the sources of the crates that make findings.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use reviewdesk_domain::overrides::is_finding_code;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The string literal that starts `text` (after whitespace), if any.
fn leading_literal(text: &str) -> Option<&str> {
    let text = text.trim_start().strip_prefix('"')?;
    text.split('"').next()
}

/// Codes in `source`: the first literal after a finding constructor, a `const …: &str = "…"` of a
/// file that makes findings, and `IdError::… => "…"` arms.
fn codes_in(source: &str) -> Vec<String> {
    let mut codes = Vec::new();
    for constructor in ["Finding::error(", "Finding::warning(", "Finding::new("] {
        for (at, _) in source.match_indices(constructor) {
            if let Some(code) = leading_literal(&source[at + constructor.len()..]) {
                codes.push(code.to_owned());
            }
        }
    }
    for line in source.lines() {
        let line = line.trim();
        if line.starts_with("IdError::") && line.contains("=> \"") {
            codes.extend(line.split("=> ").nth(1).and_then(leading_literal).map(str::to_owned));
        }
        if line.starts_with("const ")
            && line.contains(": &str = \"")
            && source.contains("Finding::")
        {
            codes.extend(line.split("= ").nth(1).and_then(leading_literal).map(str::to_owned));
        }
    }
    // Messages are Chinese or English sentences; codes are snake_case.
    codes.retain(|code| {
        !code.is_empty()
            && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    });
    codes
}

#[test]
fn every_finding_code_made_is_listed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in ["crates/domain/src", "crates/imaging/src", "crates/server/src/intake.rs"] {
        let path = root.join(dir);
        if path.is_dir() {
            rust_files(&path, &mut files);
        } else {
            files.push(path);
        }
    }
    let mut seen = 0;
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        for code in codes_in(&source) {
            // Test fixtures make findings with made-up codes.
            if source.contains("#[cfg(test)]") && !is_finding_code(&code) {
                let before_tests = source.split("#[cfg(test)]").next().unwrap_or_default();
                if !codes_in(before_tests).contains(&code) {
                    continue;
                }
            }
            assert!(
                is_finding_code(&code),
                "{} makes finding code `{code}`, not in overrides::FINDINGS",
                file.display()
            );
            seen += 1;
        }
    }
    assert!(seen >= 40, "only {seen} finding codes found in the sources: the scan is broken");
}
