//! Runs the cargo-fuzz targets (`fuzz/`) for a bounded time each and prints their
//! executions and crashes. cargo-fuzz needs a nightly toolchain; where the machine
//! has none, the proptest fuzzer of `tests/fuzz_spec.rs` (run by `cargo test`) is
//! the fuzzing, and this says so.

use std::process::Command;

use crate::{project_root, run};

/// The fuzz targets, each a parser that takes text from strangers.
const TARGETS: &[&str] = &["spec", "url_state", "formula"];

/// Seconds each target runs, unless `GRADSCOPE_FUZZ_SECONDS` says otherwise.
const DEFAULT_SECONDS: u32 = 60;

fn has_nightly() -> bool {
    Command::new("rustup")
        .args(["toolchain", "list"])
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.starts_with("nightly"))
        })
        .unwrap_or(false)
}

fn has_cargo_fuzz() -> bool {
    Command::new("cargo")
        .args(["+nightly", "fuzz", "--version"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// The executions count of libFuzzer's closing line `Done N runs in S second(s)`.
fn executions(log: &str) -> Option<u64> {
    log.lines().rev().find_map(|line| {
        line.strip_prefix("Done ")?
            .split_whitespace()
            .next()?
            .parse()
            .ok()
    })
}

/// Runs every target for its time; fails on any crash.
pub fn run_fuzzers() -> Result<(), String> {
    if !has_nightly() {
        println!("fuzz: cargo-fuzz needs a nightly toolchain, which this machine lacks; tests/fuzz_spec.rs (proptest) fuzzed the spec parser instead");
        return Ok(());
    }
    if !has_cargo_fuzz() {
        run("cargo", &["install", "cargo-fuzz"])?;
    }
    let seconds = std::env::var("GRADSCOPE_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SECONDS);
    let dir = project_root().join("fuzz");
    let mut summaries = Vec::new();
    for target in TARGETS {
        let corpus = format!("corpus/{target}");
        std::fs::create_dir_all(dir.join(&corpus)).map_err(|e| e.to_string())?;
        println!("xtask: fuzzing {target} for {seconds} s");
        let output = Command::new("cargo")
            .args([
                "+nightly",
                "fuzz",
                "run",
                "-O",
                target,
                &corpus,
                &format!("seeds/{target}"),
                "--",
            ])
            .arg(format!("-max_total_time={seconds}"))
            .current_dir(&dir)
            .output()
            .map_err(|e| format!("cannot run cargo fuzz: {e}"))?;
        let log = String::from_utf8_lossy(&output.stderr);
        let runs = executions(&log);
        let crashes = usize::from(!output.status.success());
        summaries.push(format!(
            "fuzz {target} (cargo-fuzz, {seconds} s): {} executions, {crashes} crashes",
            runs.unwrap_or(0)
        ));
        if crashes > 0 || runs.is_none() {
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            eprintln!("{}", tail.into_iter().rev().collect::<Vec<_>>().join("\n"));
            return Err(format!("fuzz target {target} crashed; the input is under fuzz/artifacts/{target}/: add it as a regression test"));
        }
    }
    for summary in summaries {
        println!("{summary}");
    }
    Ok(())
}
