#!/usr/bin/env bash
# Runs every check and test of ReviewDesk: formatting, lints, the UI type check and unit tests, the Rust test suites
# (unit, property, cross-check, CLI, fault and the end-to-end tests in the real window), bounded
# fuzz runs (the photo checks; ID parsing, the intake request and the sync messages) and the API
# fuzz (schemathesis against a real server). Installs what is missing first. Exits non-zero when
# anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "rustfmt"
cargo fmt --all -- --check

step "UI: build and type check"
(cd ui && npm run --silent build && npm run --silent check)

step "UI: unit tests of the pure modules and the state services (Vitest)"
(cd ui && npm run --silent test)

step "clippy (-D warnings)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "docs: every crate's, private items too (-D warnings: the intra-doc links are checked)"
RUSTDOCFLAGS="-D warnings -A rustdoc::private_intra_doc_links" \
  cargo doc --workspace --no-deps --document-private-items --locked

# Before the tests, so the command's closing lines are the test runner's summaries.
step "fuzz: the photo checks' entry point, 60 s (crates/imaging/fuzz)"
# libFuzzer needs nightly-only flags; RUSTC_BOOTSTRAP=1 lets the stable compiler accept them.
# A crash, panic or sanitizer report makes cargo fuzz exit non-zero (its input lands in
# crates/imaging/fuzz/artifacts/).
(cd crates/imaging/fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run check corpus/check -- \
  -max_total_time="${FUZZ_SECONDS:-60}" -rss_limit_mb=1024 -timeout=10)

step "fuzz: ID parsing, the intake request, the sync messages, ${FUZZ_TARGET_SECONDS:-25} s each (fuzz/)"
# Same mechanism; the seeds are committed under fuzz/corpus/<target>/seed-*.
for target in id_parse intake_request sync_messages; do
  (cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "corpus/$target" -- \
    -max_total_time="${FUZZ_TARGET_SECONDS:-25}" -rss_limit_mb=2048 -timeout=10)
done

step "API fuzz: schemathesis against a real server, as a reviewer and as a supervisor (scripts/api-fuzz.sh)"
# Every check schemathesis has, on requests generated from the served OpenAPI document: a 5xx, an
# undocumented status, content type or header, or an answer off its schema fails the command.
bash scripts/api-fuzz.sh

step "cargo test (workspace, end-to-end in a virtual display)"
# GTK and WebKit start helpers (a session bus, AT-SPI) and write caches, and gnome-keyring writes its
# keyrings: keep them all in a throwaway home.
# The face models and test photos stay where scripts/setup.sh installed them (the real data dir).
face_data="${XDG_DATA_HOME:-$HOME/.local/share}/reviewdesk"
export REVIEWDESK_FACE_MODELS="${REVIEWDESK_FACE_MODELS:-$face_data/face-models}"
export REVIEWDESK_FACE_TEST_IMAGES="${REVIEWDESK_FACE_TEST_IMAGES:-$face_data/face-test-images}"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache" \
  XDG_CONFIG_HOME="$scratch/config" XDG_RUNTIME_DIR="$scratch/runtime"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# Keep cargo's and rustup's own state where it was, not in the throwaway home.
export CARGO_HOME="${CARGO_HOME:-$(dirname "$(dirname "$(command -v cargo)")")}"
export RUSTUP_HOME="${RUSTUP_HOME:-$(dirname "$CARGO_HOME")/.rustup}"
# Single-threaded OpenMP for Tesseract, as every shipped binary sets it before the OCR loads
# (reviewdesk_imaging::ocr::limit_ocr_threads): test processes run the OCR in-process too.
export OMP_THREAD_LIMIT=1
# The session bus gets an unlocked gnome-keyring (Secret Service) first, for the keyring tests.
dbus-run-session -- sh -c '
  printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec xvfb-run -a -s "-screen 0 1366x768x24" cargo test --workspace --locked --no-fail-fast
'
