//! The training lab's figures for `cargo xtask bench` (issue 15): epochs per second
//! of the 1,000-epoch `spikes` run (SpyTorch's tutorial 1 with SuperSpike) natively,
//! in WebAssembly in the page's profile under Node, and in the page itself (its Web
//! Worker in headless Chromium, `bench/train-page.mjs`), whether they all compute the
//! same bytes,
//! criterion's epochs per second of each case of `benches/train.rs`, and with
//! `--pytorch` the ratio to the notebook's own PyTorch code (`bench/pytorch_spikes.py`,
//! one thread) run on this machine in the same run, in a venv under `target/` with
//! torch from PyPI.
//!
//! The figures go into `bench/RESULTS.md` between their own marker lines, so that
//! `bench-train` alone updates them too. Nothing here asserts a time: the goal (10x
//! PyTorch) is printed beside the figures.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::Value;

use crate::bench::{criterion_median, read_json, write_section};
use crate::{project_root, run, run_in, server, tools};

/// The training figures' part of `bench/RESULTS.md` lies between these lines.
const START: &str = "<!-- cargo xtask bench-train: start -->";
const END: &str = "<!-- cargo xtask bench-train: end -->";

/// The run every figure times: `gradscope train SPEC --task spikes`, 1,000 epochs.
const SUPERSPIKE: &str = "heaviside/snntorch_fast_sigmoid(slope=100)";

/// Runs of the native CLI and of the wasm run; the fastest of each is reported (the
/// machine is shared, and other work only ever slows a run down).
const RUNS: usize = 3;

/// One timed run of the full task and the CSV it printed.
struct FullRun {
    seconds: f64,
    csv: String,
}

/// The figures as Markdown lines.
pub fn figures(pytorch: bool) -> Result<String, String> {
    let native = native_run()?;
    crate::tools::ensure_wasm_tools()?;
    let wasm = fastest(
        (0..RUNS)
            .map(|_| wasm_run())
            .collect::<Result<Vec<_>, _>>()?,
    )?;
    let page = fastest(page_runs()?)?;
    let cases = criterion_cases()?;
    let mut out = String::new();
    let epochs = native.csv.lines().count().saturating_sub(2);
    let _ = writeln!(
        out,
        "Training, `gradscope train {SUPERSPIKE} --task spikes` ({epochs} epochs, f64):\n"
    );
    let _ = writeln!(out, "| where | seconds | epochs/s |");
    let _ = writeln!(out, "|---|---|---|");
    let row = |out: &mut String, place: &str, seconds: f64| {
        let _ = writeln!(
            out,
            "| {place} | {seconds:.2} | {:.0} |",
            epochs as f64 / seconds
        );
    };
    row(
        &mut out,
        &format!("native, release binary (fastest of {RUNS})"),
        native.seconds,
    );
    row(
        &mut out,
        &format!("wasm, page profile, Node (V8) (fastest of {RUNS})"),
        wasm.seconds,
    );
    row(
        &mut out,
        &format!("page, its Web Worker, headless Chromium (fastest of {RUNS})"),
        page.seconds,
    );
    let same = |other: &FullRun| {
        if native.csv == other.csv {
            "identical"
        } else {
            "DIFFERENT"
        }
    };
    let _ = writeln!(
        out,
        "\nThe CSVs of all epochs: wasm under Node and native are {}; the page's Export run and native are {}.\n",
        same(&wasm),
        same(&page)
    );
    let _ = writeln!(
        out,
        "| criterion case (10 epochs an iteration) | epochs/s |"
    );
    let _ = writeln!(out, "|---|---|");
    for (id, rate) in &cases {
        let _ = writeln!(out, "| {id} | {rate:.0} |");
    }
    if pytorch {
        let torch = pytorch_run(epochs)?;
        // One PyTorch run is all there is time for; its CPU time is what other work
        // on the machine changes least.
        let _ = writeln!(
            out,
            "\nPyTorch, the notebook's code on one thread, same machine, same run: {:.1} s CPU ({:.1} s wall) for {epochs} epochs, training accuracy {} -> {}. gradscope (fastest wall time above) is {:.1}x faster natively and {:.1}x in wasm (goal: 10x).",
            torch.cpu_seconds,
            torch.seconds,
            torch.accuracy_start,
            torch.accuracy_end,
            torch.cpu_seconds / native.seconds,
            torch.cpu_seconds / wasm.seconds
        );
    }
    Ok(out)
}

/// The fastest of some runs.
fn fastest(runs: Vec<FullRun>) -> Result<FullRun, String> {
    runs.into_iter()
        .min_by(|a, b| a.seconds.total_cmp(&b.seconds))
        .ok_or_else(|| "no run".to_string())
}

/// The release binary's full run, the fastest of [`RUNS`].
fn native_run() -> Result<FullRun, String> {
    run("cargo", &["build", "--release", "--bin", "gradscope"])?;
    let binary = project_root().join("target/release/gradscope");
    let once = || {
        let start = Instant::now();
        let output = Command::new(&binary)
            .args(["train", SUPERSPIKE, "--task", "spikes"])
            .output()
            .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
        let seconds = start.elapsed().as_secs_f64();
        if !output.status.success() {
            return Err(format!(
                "gradscope train failed: {}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        let csv = String::from_utf8_lossy(&output.stdout).into_owned();
        Ok(FullRun { seconds, csv })
    };
    fastest(
        (0..RUNS)
            .map(|_| once())
            .collect::<Result<Vec<_>, String>>()?,
    )
}

/// tests/train_wasm.rs in the page's profile under Node: its printed time and CSV.
fn wasm_run() -> Result<FullRun, String> {
    let output = Command::new("cargo")
        .args([
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            "wasm-release",
            "--no-default-features",
            "--test",
            "train_wasm",
            "--",
            "--nocapture",
            "spikes_runs",
        ])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .current_dir(project_root())
        .output()
        .map_err(|e| format!("cannot run cargo test for wasm: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "the wasm training run failed:\n{text}{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let seconds = text
        .lines()
        .find_map(|line| {
            line.split(" epochs in ")
                .nth(1)?
                .strip_suffix(" s")?
                .parse()
                .ok()
        })
        .ok_or("the wasm run printed no time")?;
    let csv = text
        .split("train_wasm csv begin\n")
        .nth(1)
        .and_then(|rest| rest.split("train_wasm csv end").next())
        .ok_or("the wasm run printed no CSV")?
        .to_string();
    Ok(FullRun { seconds, csv })
}

/// bench/train-page.mjs against the page built and served on a free port: each
/// run's worker time and exported CSV.
fn page_runs() -> Result<Vec<FullRun>, String> {
    tools::ensure_browser()?;
    tools::ensure_e2e_packages()?;
    crate::build_page()?;
    let server = server::Server::start(project_root(), 0)?;
    let out = project_root().join("target/bench/train-page.json");
    std::fs::create_dir_all(out.parent().expect("target/bench"))
        .map_err(|e| format!("cannot create target/bench: {e}"))?;
    let (url, out_text, runs) = (server.url(), out.display().to_string(), RUNS.to_string());
    run_in(
        &project_root().join("bench"),
        "node",
        &["train-page.mjs"],
        &[
            ("GRADSCOPE_URL", &url),
            ("GRADSCOPE_BENCH_OUT", &out_text),
            ("GRADSCOPE_TRAIN_SPEC", SUPERSPIKE),
            ("GRADSCOPE_TRAIN_RUNS", &runs),
        ],
    )?;
    let report = read_json(&out)?;
    report["runs"]
        .as_array()
        .ok_or("bench/train-page.mjs wrote no runs")?
        .iter()
        .map(|run| {
            Ok(FullRun {
                seconds: run["seconds"]
                    .as_f64()
                    .ok_or("a page run without its seconds")?,
                csv: run["csv"]
                    .as_str()
                    .ok_or("a page run without its CSV")?
                    .to_string(),
            })
        })
        .collect()
}

/// Runs benches/train.rs with short times; each case's id and epochs/s.
fn criterion_cases() -> Result<Vec<(String, f64)>, String> {
    run(
        "cargo",
        &[
            "bench",
            "--bench",
            "train",
            "--",
            "--warm-up-time",
            "0.5",
            "--measurement-time",
            "2",
            "--noplot",
        ],
    )?;
    let root = project_root().join("target/criterion");
    let mut found = Vec::new();
    for group in ["train_f32", "train_f64"] {
        collect_cases(&root.join(group), &mut found)?;
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found)
}

/// Every `new/benchmark.json` below `dir`: its id and its elements per second.
fn collect_cases(dir: &Path, found: &mut Vec<(String, f64)>) -> Result<(), String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let description = path.join("new/benchmark.json");
        if description.exists() {
            let benchmark = read_json(&description)?;
            let median = criterion_median(&path.join("new/estimates.json"))?;
            let elements = benchmark["throughput"]["Elements"].as_f64().unwrap_or(1.0);
            let id = benchmark["full_id"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            found.push((id, elements / (median * 1e-9)));
        } else if path.is_dir() {
            collect_cases(&path, found)?;
        }
    }
    Ok(())
}

/// What the notebook's PyTorch run reported.
struct Torch {
    seconds: f64,
    cpu_seconds: f64,
    accuracy_start: f64,
    accuracy_end: f64,
}

/// The venv's Python, with torch and numpy installed from PyPI if missing.
fn pytorch_python() -> Result<PathBuf, String> {
    let venv = project_root().join("target/pytorch-venv");
    let python = venv.join("bin/python");
    let ready = Command::new(&python)
        .args(["-c", "import torch, numpy"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ready {
        run("python3", &["-m", "venv", &venv.to_string_lossy()])?;
        run(
            &venv.join("bin/pip").to_string_lossy(),
            &["install", "torch", "numpy"],
        )?;
    }
    Ok(python)
}

/// bench/pytorch_spikes.py for `epochs` epochs.
fn pytorch_run(epochs: usize) -> Result<Torch, String> {
    let python = pytorch_python()?;
    let out = project_root().join("target/bench/pytorch_spikes.json");
    std::fs::create_dir_all(out.parent().expect("target/bench"))
        .map_err(|e| format!("cannot create target/bench: {e}"))?;
    let output = Command::new(&python)
        .args(["pytorch_spikes.py", "--epochs", &epochs.to_string()])
        .current_dir(project_root().join("bench"))
        .output()
        .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
    if !output.status.success() {
        return Err(format!(
            "bench/pytorch_spikes.py failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    std::fs::write(&out, &output.stdout)
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    let report: Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("bench/pytorch_spikes.py: {e}"))?;
    let number = |key: &str| {
        report[key]
            .as_f64()
            .ok_or_else(|| format!("bench/pytorch_spikes.py printed no {key}"))
    };
    Ok(Torch {
        seconds: number("seconds")?,
        cpu_seconds: number("cpu_seconds")?,
        accuracy_start: number("accuracy_start")?,
        accuracy_end: number("accuracy_end")?,
    })
}

/// `cargo xtask bench-train [--pytorch]`: the figures, printed and written into
/// `bench/RESULTS.md`.
pub fn bench_train(args: &[String]) -> Result<(), String> {
    let pytorch = match args {
        [] => false,
        [flag] if flag == "--pytorch" => true,
        _ => return Err("usage: cargo xtask bench-train [--pytorch]".to_string()),
    };
    let text = figures(pytorch)?;
    println!("\n{text}");
    write_section(START, END, &text)
}
