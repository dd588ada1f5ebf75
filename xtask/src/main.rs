//! `cargo xtask <task>`: the project's own commands, in plain Rust.
//!
//! - `test`: formatting, clippy (native and wasm32), every native test, the fuzz
//!   targets for a minute each, the wasm layer in headless Chromium, and the page
//!   driven by Playwright.
//! - `serve [--port N]`: builds the page and serves it on 127.0.0.1.
//! - `bench`: measures the page and the core against baselines in the same run,
//!   prints the tables and writes them into bench/RESULTS.md.
//! - `screenshot`: builds and serves the page and writes the README's picture of it,
//!   assets/screenshot.png.
//! - `bench-train [--pytorch]`: the training lab's epochs per second, natively and
//!   in wasm, and with `--pytorch` against the notebook's PyTorch code (also after
//!   `bench --pytorch`).
//!
//! Each task installs what it needs and is missing, and skips what is there.

mod bench;
mod fuzz;
mod server;
mod tools;
mod train_bench;
mod wasm_names;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const TASKS: &str = "\
cargo xtask test              fmt, clippy (native and wasm32), every test (native, wasm, page)
cargo xtask serve [--port N]  build the page and serve it on http://127.0.0.1:8080/
cargo xtask bench [--pytorch] measure against hand-written baselines; tables into bench/RESULTS.md
cargo xtask bench-train [--pytorch]  training epochs/s native and wasm (and against PyTorch)
cargo xtask screenshot        the README's picture of the page, assets/screenshot.png";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("serve") => serve(&args[1..]),
        Some("bench") => bench::bench().and_then(|()| train_bench::bench_train(&args[1..])),
        Some("bench-train") => train_bench::bench_train(&args[1..]),
        Some("screenshot") => screenshot(),
        _ => {
            println!("{TASKS}");
            return ExitCode::SUCCESS;
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (the parent of this crate).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository")
        .to_path_buf()
}

/// Runs a command in `dir`; fails with its text if it fails.
pub fn run_in(
    dir: &Path,
    program: &str,
    args: &[&str],
    envs: &[(&str, &str)],
) -> Result<(), String> {
    println!("xtask: $ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .envs(envs.iter().copied())
        .current_dir(dir)
        .status()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

/// Runs a command in the repository root.
pub fn run(program: &str, args: &[&str]) -> Result<(), String> {
    run_in(&project_root(), program, args, &[])
}

/// Builds the page's wasm package into `www/pkg` and the training lab's (the same
/// crate with the `train-lab` feature, which only the lab's Web Worker loads) into
/// `www/pkg-train`, with wasm-pack, in the `wasm-release` profile of Cargo.toml,
/// without wasm-opt, and drops the modules' function names.
fn build_page() -> Result<(), String> {
    let root = project_root();
    for (out_dir, features, names) in [
        ("www/pkg", &[][..], "target/page-function-names.tsv"),
        (
            "www/pkg-train",
            &["--features", "train-lab"][..],
            "target/train-lab-function-names.tsv",
        ),
    ] {
        let out_dir = root.join(out_dir);
        build_wasm(&out_dir, features)?;
        wasm_names::strip(&out_dir.join("gradscope_bg.wasm"), &root.join(names))?;
    }
    Ok(())
}

/// Builds the wasm package with the `bench` feature (the exports only the bench
/// uses) into `bench/pkg`, which the bench's runner serves beside its pages.
pub fn build_bench_package() -> Result<(), String> {
    build_wasm(&project_root().join("bench/pkg"), &["--features", "bench"])
}

/// Runs wasm-pack's build of the crate for the web into `out_dir`, with `features`.
fn build_wasm(out_dir: &Path, features: &[&str]) -> Result<(), String> {
    tools::ensure_wasm_tools()?;
    let out = out_dir.to_string_lossy();
    let mut args = vec![
        "build",
        "--target",
        "web",
        "--profile",
        "wasm-release",
        "--no-typescript",
        "--no-pack",
        "--out-dir",
        &out,
        "--",
        "--no-default-features",
    ];
    args.extend_from_slice(features);
    run("wasm-pack", &args)
}

fn serve(args: &[String]) -> Result<(), String> {
    let port = match args {
        [] => 8080,
        [flag, value] if flag == "--port" => value
            .parse()
            .map_err(|_| format!("--port takes a number, not '{value}'"))?,
        _ => return Err("usage: cargo xtask serve [--port N]".to_string()),
    };
    build_page()?;
    let server = server::Server::start(project_root(), port)?;
    println!("gradscope is served at {}", server.url());
    println!("(Ctrl-C stops it)");
    server.wait();
    Ok(())
}

fn test() -> Result<(), String> {
    tools::ensure_wasm_tools()?;
    run("cargo", &["fmt", "--all", "--", "--check"])?;
    run(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    run(
        "cargo",
        &[
            "clippy",
            "--target",
            "wasm32-unknown-unknown",
            "--lib",
            "--tests",
            "--no-default-features",
            "--features",
            "bench,train-lab",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    // --nocapture lets the conformance, sweep, fuzz and abuse tests print their counts.
    run("cargo", &["test", "--workspace", "--", "--nocapture"])?;
    fuzz::run_fuzzers()?;
    tools::ensure_browser()?;
    run_in(
        &project_root(),
        "wasm-pack",
        &[
            "test",
            "--headless",
            "--chrome",
            "--release",
            "--",
            "--no-default-features",
            "--features",
            "bench",
            "--test",
            "web",
        ],
        &[("CHROMEDRIVER", "/usr/bin/chromedriver")],
    )?;
    build_page()?;
    run_page_script(&["--test", "--test-concurrency=1"])
}

/// Writes the README's picture of the page (`tests/e2e/screenshot.mjs`).
fn screenshot() -> Result<(), String> {
    tools::ensure_browser()?;
    build_page()?;
    run_page_script(&["screenshot.mjs"])
}

/// Serves the built page on a free port and runs `node args` in `tests/e2e` against it.
fn run_page_script(args: &[&str]) -> Result<(), String> {
    tools::ensure_e2e_packages()?;
    let server = server::Server::start(project_root(), 0)?;
    let url = server.url();
    run_in(
        &project_root().join("tests/e2e"),
        "node",
        args,
        &[("GRADSCOPE_URL", url.as_str())],
    )
}
