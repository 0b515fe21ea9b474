//! The committed TypeScript bindings (ui/src/lib/bindings.ts) must match the Rust command registry.
//! Regenerate with `UPDATE_BINDINGS=1 cargo test --test bindings`.

use std::path::PathBuf;

use reviewdesk_desktop::bindings::{render, BINDINGS_PATH};

#[test]
fn bindings_are_fresh() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(BINDINGS_PATH);
    let generated = render().unwrap();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{BINDINGS_PATH} is stale: run `UPDATE_BINDINGS=1 cargo test --test bindings` and commit it"
    );
}
