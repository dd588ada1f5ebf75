//! `cargo xtask bench`: measures the page and the core against baselines measured in
//! the same run, prints the tables, and writes them into `bench/RESULTS.md` between
//! its two marker lines (the text around them is kept).
//!
//! - The browser figures come from `bench/run.mjs` (headless Chromium): redraw while
//!   dragging against a hand-written Canvas2D page, dense curves, the first plot, and
//!   wasm evaluation against JavaScript twins of the formulas.
//! - The native figures come from criterion (`benches/evaluate.rs`), run with short
//!   measurement times.
//! - The size is the gzipped wasm, JS, CSS and HTML the page loads, beside the wasm
//!   shrunk by binaryen's wasm-opt.
//!
//! Every timed figure is the median of repeated runs, with the spread of the runs'
//! medians. Nothing here asserts a time: the targets are printed beside the figures.

use std::collections::HashMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::{project_root, run, run_in, server, tools};

/// Where the bench keeps its outputs.
fn out_dir() -> PathBuf {
    project_root().join("target/bench")
}

/// The generated part of `bench/RESULTS.md` lies between these lines.
const START: &str = "<!-- cargo xtask bench: start -->";
const END: &str = "<!-- cargo xtask bench: end -->";

pub fn bench() -> Result<(), String> {
    tools::ensure_browser()?;
    tools::ensure_e2e_packages()?;
    crate::build_page()?;
    crate::build_bench_package()?;
    let sizes = sizes()?;
    let browser = browser()?;
    let native = native()?;
    let calls = transcendental_calls()?;
    let mut text = String::new();
    tables(&mut text, &browser, &sizes, &native)?;
    transcendental_line(&mut text, &calls);
    println!("\n{text}");
    write_results(&text)
}

/// Bytes of one file gzipped at level 9.
fn gzipped(path: &Path) -> Result<u64, String> {
    let output = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .map_err(|e| format!("cannot run gzip: {e}"))?;
    if !output.status.success() {
        return Err(format!("gzip failed on {}", path.display()));
    }
    Ok(output.stdout.len() as u64)
}

/// Gzipped sizes: the page's wasm, the same shrunk by wasm-opt -Oz, the JS and CSS
/// the page loads, and its HTML.
struct Sizes {
    wasm: u64,
    optimized_wasm: u64,
    scripts_and_styles: u64,
    html: u64,
    /// The training lab, which the page loads only when its panel is first seen or
    /// used: its worker's module and JS (`www/pkg-train`, `www/train*.js`).
    training_lab: u64,
}

/// Whether a file under `www` belongs to the training lab, loaded on use.
fn in_training_lab(file: &Path) -> bool {
    file.components()
        .any(|part| part.as_os_str() == "pkg-train")
        || file
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.starts_with("train"))
}

fn sizes() -> Result<Sizes, String> {
    tools::ensure_binaryen()?;
    let root = project_root();
    let wasm = root.join("www/pkg/gradscope_bg.wasm");
    let optimized = out_dir().join("wasm-opt.wasm");
    std::fs::create_dir_all(out_dir()).map_err(|e| format!("cannot create target/bench: {e}"))?;
    run(
        "wasm-opt",
        &[
            "-Oz",
            &wasm.to_string_lossy(),
            "-o",
            &optimized.to_string_lossy(),
        ],
    )?;
    let (lab, page): (Vec<PathBuf>, Vec<PathBuf>) = scripts_and_styles(&root.join("www"))?
        .into_iter()
        .partition(|file| in_training_lab(file));
    let total = |files: &[PathBuf]| {
        files
            .iter()
            .map(|file| gzipped(file))
            .sum::<Result<u64, String>>()
    };
    Ok(Sizes {
        wasm: gzipped(&wasm)?,
        optimized_wasm: gzipped(&optimized)?,
        scripts_and_styles: total(&page)?,
        html: gzipped(&root.join("index.html"))?,
        training_lab: total(&lab)? + gzipped(&root.join("www/pkg-train/gradscope_bg.wasm"))?,
    })
}

/// Every script and style sheet under `dir` (the page's own and wasm-pack's glue),
/// in folders too.
fn scripts_and_styles(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            found.extend(scripts_and_styles(&path)?);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("js" | "css")
        ) {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

/// Runs bench/run.mjs against the page served on a free port.
fn browser() -> Result<Value, String> {
    let server = server::Server::start(project_root(), 0)?;
    let out = out_dir().join("browser.json");
    let (url, out_text) = (server.url(), out.display().to_string());
    run_in(
        &project_root().join("bench"),
        "node",
        &["run.mjs"],
        &[("GRADSCOPE_URL", &url), ("GRADSCOPE_BENCH_OUT", &out_text)],
    )?;
    read_json(&out)
}

/// Reads and parses a JSON file.
pub fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// One criterion figure: the output, the entry, the dtype and M points/s.
struct Native {
    output: String,
    id: String,
    dtype: String,
    mpoints: f64,
}

/// A criterion median, in ns per iteration.
pub fn criterion_median(estimates: &Path) -> Result<f64, String> {
    read_json(estimates)?["median"]["point_estimate"]
        .as_f64()
        .ok_or_else(|| format!("{}: no median", estimates.display()))
}

/// One transcendental function's cost in ns a call, native f64: libm's (what the
/// catalog uses on every target) and the platform's.
struct Call {
    name: String,
    libm: f64,
    platform: f64,
}

/// Reads the `transcendental` group of the criterion run: every function it timed
/// with libm (benches/evaluate.rs lists them), beside the platform's.
fn transcendental_calls() -> Result<Vec<Call>, String> {
    let group = project_root().join("target/criterion/transcendental");
    let per_call = |implementation: &str, name: &str| {
        let estimates = group
            .join(implementation)
            .join(name)
            .join("new/estimates.json");
        criterion_median(&estimates).map(|ns| ns / 1e6)
    };
    let entries = std::fs::read_dir(group.join("libm"))
        .map_err(|e| format!("no transcendental figures from criterion: {e}"))?;
    let mut names: Vec<String> = entries
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "report")
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            Ok(Call {
                libm: per_call("libm", &name)?,
                platform: per_call("std", &name)?,
                name,
            })
        })
        .collect()
}

/// The sentence under the tables that says what bounds the transcendental entries.
fn transcendental_line(out: &mut String, calls: &[Call]) {
    let costs: Vec<String> = calls
        .iter()
        .map(|c| format!("{} {:.1} ns ({:.1} ns)", c.name, c.libm, c.platform))
        .collect();
    let _ = writeln!(
        out,
        "\nOne call of a transcendental function, native f64, libm (the platform's glibc in brackets), from the same criterion run: {}.",
        costs.join(", ")
    );
}

/// Runs the criterion benchmark with short times and reads its estimates.
fn native() -> Result<Vec<Native>, String> {
    let criterion = project_root().join("target/criterion");
    let _ = std::fs::remove_dir_all(&criterion);
    run(
        "cargo",
        &[
            "bench",
            "--bench",
            "evaluate",
            "--",
            "--warm-up-time",
            "0.05",
            "--measurement-time",
            "0.2",
            "--sample-size",
            "10",
            "--noplot",
        ],
    )?;
    let mut figures = Vec::new();
    for dtype in ["f32", "f64"] {
        let group = criterion.join(format!("evaluate_{dtype}"));
        for output in ["f", "true", "backward"] {
            let Ok(entries) = std::fs::read_dir(group.join(output)) else {
                continue;
            };
            for entry in entries.flatten() {
                let estimates = entry.path().join("new/estimates.json");
                if !estimates.exists() {
                    continue;
                }
                let nanoseconds = criterion_median(&estimates)?;
                figures.push(Native {
                    output: output.to_string(),
                    id: entry.file_name().to_string_lossy().into_owned(),
                    dtype: dtype.to_string(),
                    mpoints: 1e6 / nanoseconds * 1e3,
                });
            }
        }
    }
    figures.sort_by(|a, b| (&a.id, &a.output, &a.dtype).cmp(&(&b.id, &b.output, &b.dtype)));
    Ok(figures)
}

/// A number of the browser's JSON.
fn number(value: &Value) -> f64 {
    value.as_f64().unwrap_or(f64::NAN)
}

/// `median (low–high)` of a summary, in ms.
fn spread(summary: &Value) -> String {
    format!(
        "{:.1} ({:.1}–{:.1})",
        number(&summary["median"]),
        number(&summary["low"]),
        number(&summary["high"])
    )
}

/// `median (low–high)` frames per second of a summary in ms.
fn fps(summary: &Value) -> String {
    let rate = |key: &str| 1000.0 / number(&summary[key]);
    format!(
        "{:.1} ({:.1}–{:.1})",
        rate("median"),
        rate("high"),
        rate("low")
    )
}

fn ratio(a: &Value, b: &Value) -> String {
    format!("{:.2}×", number(&a["median"]) / number(&b["median"]))
}

fn kilobytes(bytes: u64) -> f64 {
    bytes as f64 / 1024.0
}

/// The tables, in Markdown.
fn tables(out: &mut String, b: &Value, sizes: &Sizes, native: &[Native]) -> Result<(), String> {
    let w = |out: &mut String, line: String| {
        let _ = writeln!(out, "{line}");
    };
    let canvas = &b["canvas"][0];
    let runs = |s: &Value| {
        format!(
            "{} runs of {} frames",
            s["runs"],
            number(&s["samples"]) / number(&s["runs"])
        )
    };
    w(
        out,
        "| figure | gradscope | baseline, same run | ratio | target |".into(),
    );
    w(out, "|---|---|---|---|---|".into());
    w(out, format!(
        "| redraw while dragging, median ms ({}; canvases {}×{} device px) | {} | {} (hand-written Canvas2D) | {} | ≤ 1.0× |",
        runs(&b["redraw"]), canvas[0], canvas[1], spread(&b["redraw"]), spread(&b["redrawBaseline"]), ratio(&b["redraw"], &b["redrawBaseline"])
    ));
    w(
        out,
        format!(
            "| redraw while dragging, p95 ms | {:.1} | {:.1} | {:.2}× | ≤ 4 ms |",
            number(&b["redraw"]["p95"]),
            number(&b["redrawBaseline"]["p95"]),
            number(&b["redraw"]["p95"]) / number(&b["redrawBaseline"]["p95"])
        ),
    );
    w(out, format!(
        "| one slider update's main-thread cost (handler + next frame's rasterisation, forced by reading a pixel of every canvas), median ms ({}) | {} | {} | {} | ≤ 1.0× |",
        runs(&b["update"]), spread(&b["update"]), spread(&b["updateBaseline"]), ratio(&b["update"], &b["updateBaseline"])
    ));
    w(
        out,
        format!(
            "| one slider update, p95 ms | {:.1} | {:.1} | {:.2}× | ≤ 4 ms |",
            number(&b["update"]["p95"]),
            number(&b["updateBaseline"]["p95"]),
            number(&b["update"]["p95"]) / number(&b["updateBaseline"]["p95"])
        ),
    );
    w(out, format!(
        "| one slider update of soft_round(alpha)/sigmoid written as a formula (bench/run.mjs FORMULA_SOFT_ROUND), median (p95) ms, against the catalog entry's update above | {} ({:.1}) | {} | {} | ≤ 1.5× |",
        spread(&b["formulaUpdate"]), number(&b["formulaUpdate"]["p95"]), spread(&b["update"]), ratio(&b["formulaUpdate"], &b["update"])
    ));
    w(out, format!(
        "| browser floor: the input handler only fills both canvases, median (p95) ms | {} ({:.1}) | | | |",
        spread(&b["redrawFloor"]), number(&b["redrawFloor"]["p95"])
    ));
    w(out, format!(
        "| dense curves: frames/s dragging k, {} samples a curve ({}) | {} | {} (hand-written, no decimation) | {:.0}× | ≥ 30 |",
        b["denseSamples"], runs(&b["dense"]), fps(&b["dense"]), fps(&b["denseBaseline"]), number(&b["denseBaseline"]["median"]) / number(&b["dense"]["median"])
    ));
    w(out, format!(
        "| first plot: navigation to drawn plot, ms ({} loads) | {} | {} (hand-written page, no wasm) | {} | ≤ 200 |",
        b["firstPlot"]["samples"], spread(&b["firstPlot"]), spread(&b["firstPlotBaseline"]), ratio(&b["firstPlot"], &b["firstPlotBaseline"])
    ));
    let total = |wasm: u64| kilobytes(wasm + sizes.scripts_and_styles + sizes.html);
    w(out, format!(
        "| size: what the page loads (HTML, wasm, JS, CSS) gzipped, KB | {:.1} (wasm {:.1}) | {:.1} with wasm-opt -Oz, not shipped (wasm {:.1}) | {:.2}× | ≤ 150 |",
        total(sizes.wasm), kilobytes(sizes.wasm), total(sizes.optimized_wasm), kilobytes(sizes.optimized_wasm), sizes.wasm as f64 / sizes.optimized_wasm as f64
    ));
    w(out, format!(
        "| size: the training lab, loaded when its panel is first seen (its worker's wasm, JS) gzipped, KB | {:.1} | | | |",
        kilobytes(sizes.training_lab)
    ));
    let t = &b["throughput"];
    w(out, String::new());
    w(out, format!(
        "Evaluation on {} points in the browser, median (fastest–slowest) of {} runs, ms: wasm (`Evaluator`) against the same formula hand-written in JavaScript over a Float64Array (`bench/twins.js`), same page, same run.",
        t["points"], t["repeats"]
    ));
    w(out, String::new());
    w(
        out,
        "| spec | output | wasm f64 | wasm f32 | JavaScript f64 | wasm f64 / JS | target |".into(),
    );
    w(out, "|---|---|---|---|---|---|---|".into());
    for twin in t["twins"].as_array().into_iter().flatten() {
        let ms = |key: &str| number(&twin[key]["ms"]);
        let spread = |key: &str| {
            let time = &twin[key];
            format!(
                "{:.1} ({:.1}–{:.1})",
                number(&time["ms"]),
                number(&time["min"]),
                number(&time["max"])
            )
        };
        w(
            out,
            format!(
                "| `{}` | {} | {} | {} | {} | {:.2}× | ≤ 1.0× |",
                twin["spec"].as_str().unwrap_or(""),
                twin["output"].as_str().unwrap_or(""),
                spread("f64"),
                spread("f32"),
                spread("js"),
                ms("f64") / ms("js")
            ),
        );
    }
    w(out, String::new());
    w(out, "Every catalog entry, M points/s: wasm in Chromium and native on one core (criterion, 10 samples).".into());
    w(out, String::new());
    w(
        out,
        "| entry | output | wasm f64 | wasm f32 | native f64 | native f32 |".into(),
    );
    w(out, "|---|---|---|---|---|---|".into());
    let points = number(&t["points"]);
    for row in t["rows"].as_array().into_iter().flatten() {
        let spec = row["spec"].as_str().unwrap_or("");
        let id = spec.trim_start_matches("identity/");
        let output = row["output"].as_str().unwrap_or("");
        let rate = |dtype: &str| points / number(&row[dtype]["ms"]) / 1e3;
        let native_rate = |dtype: &str| {
            native
                .iter()
                .find(|n| n.id == id && n.output == output && n.dtype == dtype)
                .map_or("–".to_string(), |n| format!("{:.0}", n.mpoints))
        };
        w(
            out,
            format!(
                "| `{id}` | {output} | {:.0} | {:.0} | {} | {} |",
                rate("f64"),
                rate("f32"),
                native_rate("f64"),
                native_rate("f32")
            ),
        );
    }
    let names = page_function_names();
    for (name, key) in [
        ("redraw frames", "redrawProfile"),
        ("dense-curve frames", "denseProfile"),
        (
            "runs of `Evaluator` on `sigmoid`, f64, 10^6 points",
            "evaluationProfile",
        ),
    ] {
        w(out, String::new());
        let top: Vec<String> = b[key]
            .as_array()
            .into_iter()
            .flatten()
            .take(8)
            .map(|entry| {
                format!(
                    "`{}` {:.2}",
                    readable(entry[0].as_str().unwrap_or("?"), &names),
                    number(&entry[1])
                )
            })
            .collect();
        w(
            out,
            format!(
                "Profile of the {name} (self time, ms each): {}.",
                top.join("; ")
            ),
        );
    }
    Ok(())
}

/// The page's function names by index, as `cargo xtask`'s page build kept them when
/// it dropped them from the module (empty if missing).
fn page_function_names() -> HashMap<usize, String> {
    let path = project_root().join("target/page-function-names.tsv");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter_map(|line| {
            let (index, name) = line.split_once('\t')?;
            Some((index.parse().ok()?, name.to_string()))
        })
        .collect()
}

/// A profiler's function name for people: `wasm-function[N]` named from the module's
/// names, without the symbol hash and the crate disambiguators.
fn readable(name: &str, names: &HashMap<usize, String>) -> String {
    let index = name
        .strip_prefix("wasm-function[")
        .and_then(|rest| rest.strip_suffix(']'))
        .and_then(|index| index.parse::<usize>().ok());
    let full = index
        .and_then(|i| names.get(&i))
        .map_or(name, String::as_str);
    let mut text = full.to_string();
    while let Some(start) = text.find('[') {
        let Some(length) = text[start..].find(']') else {
            break;
        };
        let inside = &text[start + 1..start + length];
        if !(inside.len() == 16 && inside.chars().all(|c| c.is_ascii_hexdigit())) {
            break;
        }
        text.replace_range(start..=start + length, "");
    }
    match text.rfind("::h") {
        Some(at) if text.len() - at == 19 => text[..at].to_string(),
        _ => text,
    }
}

/// Where the tables are kept.
const RESULTS: &str = "bench/RESULTS.md";

/// Replaces the generated part of `bench/RESULTS.md` with `text`.
fn write_results(text: &str) -> Result<(), String> {
    write_section(START, END, text)
}

/// Replaces the part of `bench/RESULTS.md` between the lines `start` and `end` with
/// `text`.
pub fn write_section(start: &str, end: &str, text: &str) -> Result<(), String> {
    let path = project_root().join(RESULTS);
    let results =
        std::fs::read_to_string(&path).map_err(|e| format!("cannot read {RESULTS}: {e}"))?;
    let updated = replace_generated(&results, start, end, text)?;
    std::fs::write(&path, updated).map_err(|e| format!("cannot write {RESULTS}: {e}"))?;
    println!("bench: the tables are written into {RESULTS}");
    Ok(())
}

/// `document` with the text between its marker lines `start` and `end` replaced by
/// `text`.
fn replace_generated(document: &str, start: &str, end: &str, text: &str) -> Result<String, String> {
    match (document.find(start), document.find(end)) {
        (Some(from), Some(to)) if from < to => Ok(format!(
            "{}{start}\n{text}{}",
            &document[..from],
            &document[to..]
        )),
        _ => Err(format!(
            "{RESULTS} has no '{start}' ... '{end}' section to fill"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_names_read_like_rust_paths() {
        let names = HashMap::from([(
            5,
            "gradscope::sampling::Plan<F>::curve::h0123456789abcdef".to_string(),
        )]);
        assert_eq!(
            readable("wasm-function[5]", &names),
            "gradscope::sampling::Plan<F>::curve"
        );
        assert_eq!(
            readable("core[c5930c85a12de822]::fmt::write", &names),
            "core::fmt::write"
        );
        assert_eq!(readable("fillText", &names), "fillText");
        assert_eq!(readable("wasm-function[9]", &names), "wasm-function[9]");
    }

    #[test]
    fn the_tables_replace_only_the_generated_part() {
        let document = format!("# Results\nbefore\n{START}\nold table\n{END}\nafter\n");
        assert_eq!(
            replace_generated(&document, START, END, "new table\n").unwrap(),
            format!("# Results\nbefore\n{START}\nnew table\n{END}\nafter\n")
        );
        assert!(replace_generated("no markers", START, END, "x").is_err());
        assert!(replace_generated(&format!("{END}\n{START}"), START, END, "x").is_err());
    }
}
