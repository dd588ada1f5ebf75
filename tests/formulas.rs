//! Conformance of formulas (issue 13): every file of `../shared/conformance/formulas`
//! (TensorFlow, PyTorch and JAX run on each formula of the public list, in f32 and
//! f64) reproduced within the README's tolerance for `f` (`y`), `df` (`dy`) and
//! `true`, with `dy_none` matching the no-gradient-path flag; and every formula under
//! `refused` refused, with a message that points at the problem. Each output
//! computed alone, as plots, tables and `eval` compute it (the forward pass of only
//! the nodes it reads, buffers reused from call to call), gives the same bits as the
//! three computed together, over the file's x at once and one x at a time.
//!
//! Where the framework's own gradient depends on the processor
//! (`Formula::processor_dependent_points`: TensorFlow's float32 reciprocal estimate),
//! the gradients are held to the processor's documented bound instead, 1.5 * 2^-12
//! relative (Intel SDM, RCPPS).

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{column, compare, read_json, tolerance, Mismatch};
use std::sync::Arc;

use gradscope::estimator::{Estimator, Output};
use gradscope::formula::{Formula, Framework};
use gradscope::Real;
use serde_json::Value;

/// Relative error bound of the processor's reciprocal estimate (RCPPS).
const ESTIMATE_RTOL: f64 = 1.5 / 4096.0;

/// What a formula gives at the x of one file, widened to f64.
struct Computed {
    /// `f`, `df`, `true`.
    columns: [Vec<f64>; 3],
    no_gradient_path: bool,
    /// The x where the framework's gradient depends on the processor.
    processor_dependent: Vec<f64>,
}

/// The three outputs in the order of the files' columns.
const OUTPUTS: [Output; 3] = [Output::Value, Output::Backward, Output::TrueDerivative];

/// Evaluates `formula` at `xs` read as dtype `F`; an error where an output computed
/// alone differs from the three computed together.
fn evaluate<F: Real>(formula: &Formula, xs: &[f64]) -> Result<Computed, String> {
    let xs_f: Vec<F> = xs.iter().map(|&x| F::c(x)).collect();
    let result = formula.evaluate(&xs_f);
    let widen = |v: Vec<F>| -> Vec<f64> { v.into_iter().map(Real::to_f64_lossless).collect() };
    let columns = [
        widen(result.value),
        widen(result.gradient),
        widen(result.true_gradient),
    ];
    let alone = each_output_alone::<F>(formula, &xs_f);
    for ((output, together), alone) in OUTPUTS.iter().zip(&columns).zip(alone) {
        for (how, alone) in alone {
            let differ = xs
                .iter()
                .zip(together.iter().zip(&alone))
                .find(|(_, (a, b))| a.to_bits() != b.to_bits() && !(a.is_nan() && b.is_nan()));
            if let Some((x, (a, b))) = differ {
                return Err(format!(
                    "{output:?} computed alone {how} gives {b} at x = {x}, with the others {a}"
                ));
            }
        }
    }
    let dependent = formula.processor_dependent_points(&xs_f);
    Ok(Computed {
        columns,
        no_gradient_path: result.no_gradient_path,
        processor_dependent: xs
            .iter()
            .zip(dependent)
            .filter(|(_, d)| *d)
            .map(|(&x, _)| x)
            .collect(),
    })
}

/// Each output of `formula` at `xs` as a plot computes it: over the whole slice,
/// and one x at a time with the outputs taken in turn, all from one binding.
fn each_output_alone<F: Real>(formula: &Formula, xs: &[F]) -> [[(&'static str, Vec<f64>); 2]; 3] {
    let bound = Estimator::Formula(Arc::new(formula.clone())).bind::<F>();
    let over = |output: Output| {
        let mut out = vec![F::zero(); xs.len()];
        bound.output(output).over(xs, &mut out);
        out.into_iter().map(Real::to_f64_lossless).collect()
    };
    let mut one_at_a_time: [Vec<f64>; 3] = Default::default();
    for &x in xs {
        for (column, output) in one_at_a_time.iter_mut().zip(OUTPUTS) {
            column.push(bound.output(output).at(x).to_f64_lossless());
        }
    }
    let [f, df, t] = one_at_a_time;
    [
        [
            ("over the slice", over(Output::Value)),
            ("one x at a time", f),
        ],
        [
            ("over the slice", over(Output::Backward)),
            ("one x at a time", df),
        ],
        [
            ("over the slice", over(Output::TrueDerivative)),
            ("one x at a time", t),
        ],
    ]
}

/// The entries of `values` at the x listed in `keep`.
fn at(xs: &[f64], values: &[f64], keep: &[f64]) -> Vec<f64> {
    xs.iter()
        .zip(values)
        .filter(|(x, _)| keep.contains(x))
        .map(|(_, &v)| v)
        .collect()
}

fn check_file(case: &Value) -> Result<(), String> {
    let file = case["file"].as_str().expect("file");
    let spec = case["spec"].as_str().expect("spec");
    let data = read_json(&format!("formulas/{file}"));
    let formula: Formula = spec
        .parse()
        .map_err(|e| format!("  {file}: '{spec}' does not parse: {e}"))?;
    let dtype = data["dtype"].as_str().expect("dtype");
    let xs = column(&data["x"]).expect("x");
    let computed = match dtype {
        "float32" => evaluate::<f32>(&formula, &xs),
        "float64" => evaluate::<f64>(&formula, &xs),
        other => panic!("unknown dtype {other}"),
    }
    .map_err(|e| format!("  {file} ({spec}, {dtype}): {e}"))?;
    let no_path = computed.no_gradient_path;
    let tol = tolerance(dtype);
    let dependent = &computed.processor_dependent;
    let mut mismatches: Vec<Mismatch> = Vec::new();
    for (name, got) in ["y", "dy", "true"].into_iter().zip(&computed.columns) {
        let want = column(&data[name]).unwrap_or_else(|| panic!("{file}: no {name}"));
        if name == "y" {
            mismatches.extend(compare(name, &xs, &want, got, tol, &[]));
            continue;
        }
        mismatches.extend(compare(name, &xs, &want, got, tol, dependent));
        let (some_x, some_want, some_got) = (
            at(&xs, &xs, dependent),
            at(&xs, &want, dependent),
            at(&xs, got, dependent),
        );
        let estimate_tol = (ESTIMATE_RTOL, tol.1);
        mismatches.extend(compare(
            name,
            &some_x,
            &some_want,
            &some_got,
            estimate_tol,
            &[],
        ));
    }
    DEPENDENT_POINTS.fetch_add(dependent.len(), std::sync::atomic::Ordering::Relaxed);
    let dy_none = data["dy_none"].as_bool().expect("dy_none");
    let mut report: Vec<String> = mismatches.iter().map(|m| format!("    {m}")).collect();
    if dy_none != no_path {
        report.insert(0, format!("    dy_none: expected {dy_none}, got {no_path}"));
    }
    if report.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "  {file} ({spec}, {dtype}): {} mismatches\n{}",
            report.len(),
            report.join("\n")
        ))
    }
}

/// Points held to the estimate's bound, over all files.
static DEPENDENT_POINTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

#[test]
fn every_formula_file_is_reproduced() {
    let index = read_json("formulas/index.json");
    let cases = index["cases"].as_array().expect("cases");
    let failures: Vec<String> = cases.iter().filter_map(|c| check_file(c).err()).collect();
    println!(
        "formulas: {} of {} files pass ({} points held to the processor's reciprocal-estimate bound)",
        cases.len() - failures.len(),
        cases.len(),
        DEPENDENT_POINTS.load(std::sync::atomic::Ordering::Relaxed)
    );
    assert!(
        failures.is_empty(),
        "{} of {} files fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Whether `message` points at the problem: it quotes a piece of `formula` or says
/// what to write instead.
fn points_at_the_problem(formula: &str, message: &str) -> bool {
    let quoted_piece = message
        .split('\'')
        .skip(1)
        .step_by(2)
        .any(|piece| !piece.is_empty() && formula.contains(piece.trim_end_matches('…')));
    let says_what_to_write = ["write ", "cast(", "did you mean", "logical_and("]
        .iter()
        .any(|hint| message.contains(hint));
    quoted_piece || says_what_to_write
}

#[test]
fn every_refused_formula_is_refused_with_a_useful_message() {
    let index = read_json("formulas/index.json");
    let refused = index["refused"].as_array().expect("refused");
    let mut failures = Vec::new();
    for formula in refused {
        let formula = formula.as_str().expect("a refused formula is text");
        for framework in Framework::ALL {
            let spec = format!("{framework}: {formula}");
            match spec.parse::<Formula>() {
                Ok(parsed) => failures.push(format!("'{spec}' was accepted as '{parsed}'")),
                Err(error) => {
                    let message = error.to_string();
                    if !points_at_the_problem(formula, &message) {
                        failures.push(format!("'{spec}': unhelpful message: {message}"));
                    }
                    let again = Formula::parse(framework, formula).unwrap_err();
                    assert_eq!(again.kind, error.kind, "{spec}");
                }
            }
        }
    }
    println!(
        "formulas refused: {} of {}",
        refused.len() * 3 - failures.len(),
        refused.len() * 3
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_versions_the_page_names_are_those_of_the_reference_data() {
    let index = read_json("formulas/index.json");
    for case in index["cases"].as_array().expect("cases") {
        let file = case["file"].as_str().expect("file");
        let data = read_json(&format!("formulas/{file}"));
        let framework: Framework = data["framework"]
            .as_str()
            .expect("framework")
            .parse()
            .expect("a framework");
        let version = data["framework_version"]
            .as_str()
            .expect("framework_version");
        let release = version.split('+').next().unwrap_or(version);
        assert_eq!(release, framework.reference_version(), "{file}");
        let description = framework.autodiff_description();
        assert!(
            description.contains(&format!("{} {release}", framework.label())),
            "{description}"
        );
    }
}
