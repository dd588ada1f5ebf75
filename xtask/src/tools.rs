//! Installs what the tasks need when it is missing, and skips what is there: the
//! wasm target, wasm-pack, wasm-bindgen-cli of the version in Cargo.lock, Debian's
//! Chromium, ChromeDriver and binaryen, and the npm packages of the page tests.

use std::process::Command;

use crate::{project_root, run, run_in};

/// Whether `program args` runs and prints something containing `needle`.
fn prints(program: &str, args: &[&str], needle: &str) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .map(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).contains(needle))
        .unwrap_or(false)
}

/// The wasm-bindgen version pinned in Cargo.lock.
fn locked_wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string(project_root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".to_string())
}

/// The wasm target, wasm-pack and wasm-bindgen-cli.
pub fn ensure_wasm_tools() -> Result<(), String> {
    if !prints(
        "rustup",
        &["target", "list", "--installed"],
        "wasm32-unknown-unknown",
    ) {
        run("rustup", &["target", "add", "wasm32-unknown-unknown"])?;
    }
    if !prints("wasm-pack", &["--version"], "wasm-pack") {
        run("cargo", &["install", "wasm-pack"])?;
    }
    let version = locked_wasm_bindgen_version()?;
    if !prints("wasm-bindgen", &["--version"], &version) {
        run(
            "cargo",
            &["install", "wasm-bindgen-cli", "--version", &version],
        )?;
    }
    Ok(())
}

/// Debian's Chromium and ChromeDriver at /usr/bin.
pub fn ensure_browser() -> Result<(), String> {
    let present = std::path::Path::new("/usr/bin/chromium").exists()
        && std::path::Path::new("/usr/bin/chromedriver").exists();
    if !present {
        run("apt-get", &["update"])?;
        run("apt-get", &["install", "-y", "chromium", "chromium-driver"])?;
    }
    Ok(())
}

/// Debian's binaryen, for wasm-opt at /usr/bin.
pub fn ensure_binaryen() -> Result<(), String> {
    if !std::path::Path::new("/usr/bin/wasm-opt").exists() {
        run("apt-get", &["update"])?;
        run("apt-get", &["install", "-y", "binaryen"])?;
    }
    Ok(())
}

/// `npm ci` in tests/e2e when its node_modules is missing.
pub fn ensure_e2e_packages() -> Result<(), String> {
    let dir = project_root().join("tests/e2e");
    if !dir.join("node_modules/playwright-core").exists() {
        run_in(&dir, "npm", &["ci", "--no-audit", "--no-fund"], &[])?;
    }
    Ok(())
}
