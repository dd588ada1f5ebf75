//! The parameter sweep of issue 7: every forward paired with every backward from the
//! catalog, each parameter in turn at its min, its max and two random interior
//! values (the others at their defaults) plus the all-defaults setting, over x in
//! {±0, ±smallest subnormal (f64 and f32), ±1e-30, ±1e-7, ±0.5, ±1, ±3, ±1e30, ±inf,
//! NaN} and a few points around each break of the forward and the backward in
//! [-10, 10], in f32 and f64. Checked: no panic; finite value, backward and true
//! derivative at every finite x unless the catalog marks a pitfall; NaN in gives NaN
//! out. Prints `sweep: N evaluations, M failed`.
//!
//! The value and the true derivative depend only on the forward, so they are
//! evaluated once per forward setting; the backward, which is what a pairing
//! changes, is evaluated for every pairing and every setting of either side.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use common::{interior_value, SplitMix};
use gradscope::catalog::{self, Backward, Forward, Gradient, Param};
use gradscope::{Estimator, Pair, Real};

/// The fixed x of every evaluation.
const FIXED_X: [f64; 23] = [
    0.0,
    -0.0,
    5e-324,
    -5e-324,
    1.401298464324817e-45, // the smallest f32 subnormal
    -1.401298464324817e-45,
    1e-30,
    -1e-30,
    1e-7,
    -1e-7,
    0.5,
    -0.5,
    1.0,
    -1.0,
    3.0,
    -3.0,
    1e30,
    -1e30,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
    // Between the steps of round and spiky, and the centre of sigmoid_round.
    0.25,
    -2.5,
];

/// Where the breaks are looked for.
const BREAK_RANGE: (f64, f64) = (-10.0, 10.0);

/// Offsets around a break, relative to `1 + |break|`: on it, one f64-sized and one
/// f32-sized step either side, and a bigger step either side.
const AROUND_BREAK: [f64; 7] = [0.0, 1e-12, -1e-12, 1e-6, -1e-6, 1e-3, -1e-3];

/// Kinds of failure shown, each with its count and first example.
const SHOWN: usize = 60;

/// One parameter changed from the defaults.
#[derive(Clone, Copy)]
struct Change {
    index: usize,
    value: f64,
}

/// Each parameter at its min, its max and two random interior values.
fn changes(params: &[Param], rng: &mut SplitMix) -> Vec<Change> {
    let mut found = Vec::new();
    for (index, param) in params.iter().enumerate() {
        let interior = [interior_value(param, rng), interior_value(param, rng)];
        for value in [param.min, param.max, interior[0], interior[1]] {
            found.push(Change { index, value });
        }
    }
    found
}

/// Default values with at most one change.
fn values(params: &[Param], change: Option<Change>) -> Vec<f64> {
    let mut values: Vec<f64> = params.iter().map(|p| p.default).collect();
    if let Some(change) = change {
        values[change.index] = change.value;
    }
    values
}

/// x near each break in the range.
fn near_breaks(breaks: impl IntoIterator<Item = f64>) -> Vec<f64> {
    breaks
        .into_iter()
        .flat_map(|b| AROUND_BREAK.map(|offset| b + offset * (1.0 + b.abs())))
        .collect()
}

/// Counts and failures of the sweep: failures grouped by kind (the entry at fault,
/// the dtype and the output), each with its count and first example.
#[derive(Default)]
struct Tally {
    evaluations: u64,
    failed: u64,
    kinds: BTreeMap<String, (u64, String)>,
}

impl Tally {
    fn fail(&mut self, kind: String, example: String) {
        self.failed += 1;
        self.kinds.entry(kind).or_insert((0, example)).0 += 1;
    }

    fn report(&self) -> String {
        self.kinds
            .iter()
            .take(SHOWN)
            .map(|(kind, (count, example))| format!("{kind}: {count} failures, e.g. {example}"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Runs `check`, turning a panic into a failure named by `what`.
    fn guard(&mut self, what: impl Fn() -> String, check: impl FnOnce(&mut Tally)) {
        let result = catch_unwind(AssertUnwindSafe(|| check(self)));
        if let Err(panic) = result {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            let what = what();
            self.fail(format!("panic in {what}"), format!("{what}: {message}"));
        }
    }
}

/// Checks one output at one x: NaN for NaN; finite for finite x when `promised`.
fn check_output<F: Real>(
    tally: &mut Tally,
    estimator: &Estimator,
    what: &str,
    x: F,
    out: F,
    promised: bool,
) {
    tally.evaluations += 1;
    let bad = if x.is_nan() {
        !out.is_nan()
    } else {
        promised && x.is_finite() && !out.is_finite()
    };
    if bad {
        let pair = catalog_pair(estimator);
        let at_fault = match (what, pair.backward.kernels.gradient) {
            ("backward", Gradient::Surrogate(_)) => pair.backward.id,
            _ => pair.forward.id,
        };
        tally.fail(
            format!("{at_fault} {what} in {}", F::DTYPE),
            format!(
                "'{estimator}' in {}: {what} at x = {x:?} is {out:?}",
                F::DTYPE
            ),
        );
    }
}

/// The catalog pair of an estimator this sweep built.
fn catalog_pair(estimator: &Estimator) -> &Pair {
    estimator.pair().expect("the sweep builds catalog pairs")
}

/// The value and true derivative of the forward at every x, in dtype `F`.
fn sweep_forward<F: Real>(tally: &mut Tally, estimator: &Estimator, xs: &[f64]) {
    let bound = estimator.bind::<F>();
    let promised = catalog_pair(estimator).forward.pitfall.is_none();
    for &x in xs {
        let x = F::c(x);
        check_output(tally, estimator, "f", x, bound.value(x), promised);
        let derivative = bound.true_derivative(x);
        check_output(tally, estimator, "true derivative", x, derivative, promised);
    }
}

/// The backward at every x, in dtype `F`.
fn sweep_backward<F: Real>(tally: &mut Tally, estimator: &Estimator, xs: &[f64]) {
    let bound = estimator.bind::<F>();
    let pair = catalog_pair(estimator);
    let uses_forward = matches!(pair.backward.kernels.gradient, Gradient::TrueDerivative);
    let promised =
        pair.backward.pitfall.is_none() && (!uses_forward || pair.forward.pitfall.is_none());
    for &x in xs {
        let x = F::c(x);
        check_output(tally, estimator, "backward", x, bound.backward(x), promised);
    }
}

/// Every forward setting, once: value and true derivative.
fn sweep_forwards(tally: &mut Tally, settings: &[(&'static Forward, Vec<Vec<f64>>)]) {
    let true_backward = catalog::backward(catalog::TRUE_BACKWARD).expect("true is listed");
    for (forward, forward_settings) in settings {
        for forward_params in forward_settings {
            let estimator = Estimator::from(Pair {
                forward,
                forward_params: forward_params.clone(),
                backward: true_backward,
                backward_params: Vec::new(),
            });
            let what = || format!("'{estimator}' (forward)");
            tally.guard(what, |tally| {
                let (from, to) = BREAK_RANGE;
                let mut xs = FIXED_X.to_vec();
                xs.extend(near_breaks(
                    estimator.forward_breaks(from, to).iter().map(|b| b.x),
                ));
                sweep_forward::<f32>(tally, &estimator, &xs);
                sweep_forward::<f64>(tally, &estimator, &xs);
            });
        }
    }
}

/// Every pairing, with the defaults and then each parameter of either side changed:
/// the backward.
fn sweep_pairings(
    tally: &mut Tally,
    forwards: &[(&'static Forward, Vec<Change>)],
    backwards: &[(&'static Backward, Vec<Change>)],
) {
    let (from, to) = BREAK_RANGE;
    for (forward, forward_changes) in forwards {
        for (backward, backward_changes) in backwards {
            let settings = std::iter::once((None, None))
                .chain(forward_changes.iter().map(|&c| (Some(c), None)))
                .chain(backward_changes.iter().map(|&c| (None, Some(c))));
            for (forward_change, backward_change) in settings {
                let estimator = Estimator::from(Pair {
                    forward,
                    forward_params: values(forward.params, forward_change),
                    backward,
                    backward_params: values(backward.params, backward_change),
                });
                let what = || format!("'{estimator}' (backward)");
                tally.guard(what, |tally| {
                    let mut xs = FIXED_X.to_vec();
                    let forward_breaks = estimator.forward_breaks(from, to);
                    let backward_breaks = estimator.backward_breaks(from, to);
                    let breaks = forward_breaks.iter().chain(&backward_breaks);
                    xs.extend(near_breaks(breaks.map(|b| b.x)));
                    sweep_backward::<f32>(tally, &estimator, &xs);
                    sweep_backward::<f64>(tally, &estimator, &xs);
                });
            }
        }
    }
}

#[test]
fn every_pairing_and_parameter_setting_is_finite_where_promised_and_never_panics() {
    let started = std::time::Instant::now();
    let mut rng = SplitMix(0x0073_7765_6570);
    let forwards: Vec<(&'static Forward, Vec<Change>)> = catalog::forwards()
        .map(|f| (f, changes(f.params, &mut rng)))
        .collect();
    let backwards: Vec<(&'static Backward, Vec<Change>)> = catalog::backwards()
        .map(|b| (b, changes(b.params, &mut rng)))
        .collect();
    let forward_settings: Vec<(&'static Forward, Vec<Vec<f64>>)> = forwards
        .iter()
        .map(|(f, changes)| {
            let settings = std::iter::once(values(f.params, None))
                .chain(changes.iter().map(|&c| values(f.params, Some(c))))
                .collect();
            (*f, settings)
        })
        .collect();

    let mut tally = Tally::default();
    sweep_forwards(&mut tally, &forward_settings);
    sweep_pairings(&mut tally, &forwards, &backwards);

    println!(
        "{} forwards x {} backwards in {:.1} s",
        forwards.len(),
        backwards.len(),
        started.elapsed().as_secs_f64()
    );
    println!(
        "sweep: {} evaluations, {} failed",
        tally.evaluations, tally.failed
    );
    assert!(
        tally.failed == 0,
        "{} of {} evaluations failed, of {} kinds:\n{}",
        tally.failed,
        tally.evaluations,
        tally.kinds.len(),
        tally.report()
    );
}
