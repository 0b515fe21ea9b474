//! What Debian's reviewers check on a built package, shared by both packages' tests: lintian at
//! its default profile (nothing but overrides, each with its reason), the DEP-5 copyright file and
//! the changelog, a real maintainer and a bilingual description, a stripped binary whose debug
//! symbols are in the -dbgsym package under its build ID, and manual pages that render.

use std::path::Path;
use std::process::Command;

use super::{run, stdout};

/// lintian on `debs`: every tag it prints must be an override (`O:`) that the package's override
/// file explains with a `# reason` line right above it; anything else fails.
pub fn lintian_clean(debs: &[&Path], overrides: Option<&Path>) {
    let output = Command::new("lintian")
        .args(["--fail-on", "error,warning", "--show-overrides"])
        .args(debs)
        .output()
        .expect("lintian (Debian package lintian: scripts/setup.sh installs it)");
    let said = String::from_utf8_lossy(&output.stdout);
    let unexplained: Vec<&str> =
        said.lines().filter(|l| !l.trim().is_empty() && !l.starts_with("O: ")).collect();
    assert!(
        output.status.success() && unexplained.is_empty(),
        "lintian ({}) on {debs:?}:\n{said}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    if let Some(overrides) = overrides {
        let text = std::fs::read_to_string(overrides).unwrap();
        let mut reason = false;
        for line in text.lines() {
            if line.starts_with('#') {
                reason = line.len() > 2;
            } else if !line.trim().is_empty() {
                assert!(reason, "{}: `{line}` has no `# reason` above it", overrides.display());
                reason = false;
            }
        }
    }
    println!("lintian: clean ({} override lines shown)", said.lines().count());
}

/// The unpacked package's documentation: DEP-5 copyright naming every bundled data set, the
/// changelog whose newest entry is the package's version, signed by its maintainer.
pub fn check_docs(unpacked: &Path, package: &str, control: &str) {
    let doc = unpacked.join("usr/share/doc").join(package);
    let copyright = std::fs::read_to_string(doc.join("copyright")).unwrap();
    assert!(copyright.starts_with(
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
    ));
    for data in [
        "assets/regions/gbt2260.tsv",
        "assets/regions/iso3166.tsv",
        "assets/calendar/cn-workdays.tsv",
    ] {
        assert!(copyright.contains(&format!("Files: {data}\n")), "{data} not in the copyright");
    }
    assert!(copyright.contains("License: LGPL-2.1+\n"), "the ISO 3166 names' licence");
    // Every npm package bundled into the UI has its stanza (a new dependency needs one).
    let ui: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(super::root().join("ui/package.json")).unwrap(),
    )
    .unwrap();
    for npm in ui["dependencies"].as_object().unwrap().keys() {
        let stanza = format!("Files: ui/node_modules/{npm}/*\n");
        assert!(copyright.contains(&stanza), "no `{}` in the copyright file", stanza.trim());
    }
    let crates = std::fs::read_to_string(doc.join("third-party-licences.txt")).unwrap();
    assert!(crates.lines().any(|l| l.trim_start().starts_with("tokio v")), "{crates}");

    let changelog = stdout(Command::new("gzip").arg("-dc").arg(doc.join("changelog.gz")));
    let field = |name: &str| {
        control
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("no {name} in:\n{control}"))
            .to_owned()
    };
    let version = field("Version");
    assert!(changelog.starts_with(&format!("reviewdesk ({version}) ")), "{changelog}");
    let maintainer = field("Maintainer");
    assert!(changelog.contains(&format!(" -- {maintainer}  ")), "signed by {maintainer}");
    assert!(!maintainer.contains("localhost") && maintainer.contains(" <"), "{maintainer}");
    // The description in English and Chinese (a CJK character in the extended part).
    let description = control.split_once("\nDescription: ").unwrap().1;
    assert!(description
        .lines()
        .skip(1)
        .any(|l| l.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))));
}

/// `binary` carries no symbol table or debug sections; the -dbgsym package holds its debug
/// information under its build ID, and depends on exactly this version of `package`.
pub fn check_stripped_with_dbgsym(binary: &Path, dbgsym: &Path, package: &str, control: &str) {
    let sections = stdout(Command::new("readelf").arg("-SW").arg(binary));
    for section in [".symtab", ".debug_info", ".debug_line"] {
        assert!(!sections.contains(&format!(" {section} ")), "{section} in {}", binary.display());
    }
    let notes = stdout(Command::new("readelf").arg("-n").arg(binary));
    let id = notes
        .lines()
        .find_map(|l| l.trim().strip_prefix("Build ID: "))
        .unwrap_or_else(|| panic!("no build ID:\n{notes}"))
        .to_owned();
    let files = stdout(Command::new("dpkg-deb").arg("-c").arg(dbgsym));
    let debug_file = format!("./usr/lib/debug/.build-id/{}/{}.debug", &id[..2], &id[2..]);
    assert!(files.lines().any(|l| l.ends_with(&debug_file)), "{debug_file} not in:\n{files}");
    let dbg_control = stdout(Command::new("dpkg-deb").arg("-f").arg(dbgsym));
    let version = control.lines().find_map(|l| l.strip_prefix("Version: ")).unwrap();
    assert!(dbg_control.contains(&format!("Depends: {package} (= {version})")), "{dbg_control}");
    assert!(dbg_control.contains(&format!("Build-Ids: {id}")), "{dbg_control}");
}

/// `man NAME` finds and renders each page from the unpacked tree, without a formatter warning.
pub fn check_man_pages(unpacked: &Path, names: &[String]) {
    for name in names {
        let page = unpacked.join(format!("usr/share/man/man1/{name}.1.gz"));
        assert!(page.is_file(), "no manual page for {name}: {}", page.display());
        let output = run(Command::new("man")
            .arg("--warnings")
            .arg(name)
            .env("MANPATH", unpacked.join("usr/share/man"))
            .env("MANWIDTH", "80"));
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains(name.as_str()), "man {name}:\n{text}");
        let warnings = String::from_utf8_lossy(&output.stderr);
        assert!(warnings.trim().is_empty(), "man {name} warns:\n{warnings}");
    }
    println!("{} manual pages render", names.len());
}
