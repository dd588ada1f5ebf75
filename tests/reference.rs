//! Conformance: the seeds' code run by TensorFlow, the libraries' surrogates run by
//! their own autograd, and the seeds' printed examples, all read from
//! `../shared/conformance` at test time and reproduced within the README's tolerance.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{column, compare, evaluate_in, number, read_json, tolerance, Mismatch};
use gradscope::Estimator;

/// Checks every file listed in an index; panics with every failing case, x, expected
/// and actual value.
fn check_index(index: &str) {
    let cases = read_json(index);
    let cases = cases.as_array().expect("the index is a list");
    let mut failures = Vec::new();
    let mut passed = 0;
    for case in cases {
        let file = case["file"].as_str().expect("file");
        let spec = case["spec"].as_str().expect("spec");
        match check_file(file, spec) {
            Ok(()) => passed += 1,
            Err(report) => failures.push(report),
        }
    }
    println!("{index}: {passed} of {} files pass", cases.len());
    assert!(
        failures.is_empty(),
        "{} of {} files fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

fn check_file(file: &str, spec: &str) -> Result<(), String> {
    let data = read_json(file);
    let estimator: Estimator = spec
        .parse()
        .map_err(|e| format!("{file}: spec '{spec}' does not parse: {e}"))?;
    let dtype = data["dtype"].as_str().expect("dtype");
    let xs = column(&data["x"]).expect("x");
    let fragile: Vec<f64> = column(&data["fragile_x"]).unwrap_or_default();
    let (y, dy) = evaluate_in(dtype, &estimator, &xs);
    let tol = tolerance(dtype);
    let mut mismatches: Vec<Mismatch> = Vec::new();
    if let Some(want) = column(&data["y"]) {
        mismatches.extend(compare("y", &xs, &want, &y, tol, &[]));
    }
    if let Some(want) = column(&data["dy"]) {
        mismatches.extend(compare("dy", &xs, &want, &dy, tol, &fragile));
    }
    if mismatches.is_empty() {
        return Ok(());
    }
    let shown: Vec<String> = mismatches
        .iter()
        .take(4)
        .map(|m| {
            format!(
                "    {} at x = {:e}: expected {:e}, got {:e}",
                m.column, m.x, m.want, m.got
            )
        })
        .collect();
    Err(format!(
        "  {file} ({spec}, {dtype}): {} mismatches\n{}",
        mismatches.len(),
        shown.join("\n")
    ))
}

#[test]
fn tensorflow_seed_cases_are_reproduced() {
    check_index("cases.json");
}

#[test]
fn library_surrogates_are_reproduced() {
    check_index("libraries.json");
}

#[test]
fn seed_printed_examples_are_reproduced() {
    let data = read_json("seed_examples.json");
    let mut failures = Vec::new();
    for example in data["examples"].as_array().expect("examples") {
        let spec = example["spec"].as_str().expect("spec");
        let dtype = example["dtype"].as_str().expect("dtype");
        let tolerance = number(&example["tolerance"]);
        let estimator: Estimator = spec.parse().unwrap_or_else(|e| panic!("{spec}: {e}"));
        let xs = column(&example["x"]).expect("x");
        let (y, dy) = evaluate_in(dtype, &estimator, &xs);
        for (name, want, got) in [
            ("y", column(&example["y"]), y),
            ("dy", column(&example["dy"]), dy),
        ] {
            let Some(want) = want else { continue };
            for ((x, w), g) in xs.iter().zip(&want).zip(&got) {
                let ok = if w.is_nan() {
                    g.is_nan()
                } else {
                    (g - w).abs() <= tolerance.max(1e-6 * w.abs())
                };
                if !ok {
                    failures.push(format!(
                        "{spec} ({dtype}) {name} at x = {x}: expected {w}, got {g}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
