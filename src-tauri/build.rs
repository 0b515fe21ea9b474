//! Build script of the desktop app: compiles the root `tauri.conf.json` into the binary and makes
//! Cargo rebuild when the built UI changes.

fn main() {
    println!("cargo:rerun-if-changed=ui/dist");
    println!("cargo:rerun-if-changed=tauri.conf.json");
    tauri_build::try_build(
        tauri_build::Attributes::new().capabilities_path_pattern("src-tauri/capabilities/**/*"),
    )
    .expect("tauri build step failed");
}
