//! Properties of the whole catalog (issue 3), checked with proptest on every entry
//! that `catalog::forwards()`, `catalog::backwards()` and `catalog::presets()` list,
//! so a new entry is covered with no edit here:
//! - with random parameters inside their ranges (whole numbers for integers, listed
//!   values for choices) and random finite x of every magnitude, the forward value,
//!   the backward and the true derivative are finite in f32 and f64, unless the
//!   entry is marked a pitfall (then it only must not panic);
//! - NaN given to any estimator gives NaN out;
//! - printing then parsing is the identity on canonical specs, printing is stable,
//!   and non-canonical spellings of a spec parse to the same estimator;
//! - `spec::parse` never panics on any string, and every error has a message.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use gradscope::catalog::{self, Backward, Forward, Gradient, Param, ParamKind};
use gradscope::spec::parse;
use gradscope::{Estimator, Pair, Real};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};

/// Cases per catalog entry for the finiteness properties.
const CASES_PER_ENTRY: u32 = 384;

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// Collects a runner's failure under the entry's name.
fn note_failure<T: std::fmt::Debug>(
    failures: &mut Vec<String>,
    entry: &str,
    result: Result<(), TestError<T>>,
) {
    if let Err(error) = result {
        failures.push(format!("{entry}: {error}"));
    }
}

fn assert_no_failures(what: &str, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{what}: {} entries fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A value `param` accepts: its ends and default often, else anywhere in its range
/// on a linear or a logarithmic scale (down to subnormal magnitudes).
fn param_value(param: &'static Param) -> BoxedStrategy<f64> {
    let (min, max, default) = (param.min, param.max, param.default);
    match param.kind {
        ParamKind::Choice(choices) => select(choices).boxed(),
        ParamKind::Integer => {
            let whole = (min as i64..=max as i64).prop_map(|n| n as f64);
            prop_oneof![Just(min), Just(max), Just(default), whole].boxed()
        }
        ParamKind::Real => {
            let largest = min.abs().max(max.abs());
            let ends = prop_oneof![Just(min), Just(max), Just(default)];
            if largest > 0.0 && largest.is_finite() {
                let logarithmic = (-320.0..=largest.log10(), any::<bool>()).prop_map(
                    move |(exponent, negative)| {
                        let magnitude = 10f64.powf(exponent);
                        let value = if negative { -magnitude } else { magnitude };
                        value.clamp(min, max)
                    },
                );
                prop_oneof![2 => ends, 2 => min..=max, 1 => logarithmic].boxed()
            } else {
                prop_oneof![ends, min..=max].boxed()
            }
        }
    }
}

/// Values for every parameter of an entry, in catalog order.
fn params(params: &'static [Param]) -> Vec<BoxedStrategy<f64>> {
    params.iter().map(param_value).collect()
}

/// A forward with random parameters.
fn any_forward() -> impl Strategy<Value = (&'static Forward, Vec<f64>)> {
    let all: Vec<&'static Forward> = catalog::forwards().collect();
    select(all).prop_flat_map(|f| (Just(f), params(f.params)))
}

/// A backward with random parameters.
fn any_backward() -> impl Strategy<Value = (&'static Backward, Vec<f64>)> {
    let all: Vec<&'static Backward> = catalog::backwards().collect();
    select(all).prop_flat_map(|b| (Just(b), params(b.params)))
}

/// Finite x of every magnitude: ±0, subnormals of both dtypes, half-integers where
/// the steps are, ±1e-30 to ±1e30, and the overflow points of exp.
fn finite_x() -> BoxedStrategy<f64> {
    let special = select(vec![
        0.0,
        -0.0,
        5e-324,
        -5e-324,
        1.4e-45,
        -1.4e-45,
        f64::MIN_POSITIVE,
        1e-38,
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
        88.8,
        -88.8,
        710.0,
        -710.0,
        1e30,
        -1e30,
    ]);
    let halves = (-40i32..=40).prop_map(|k| f64::from(k) * 0.5);
    let logarithmic = (-324.0f64..=30.0, any::<bool>()).prop_map(|(exponent, negative)| {
        let magnitude = 10f64.powf(exponent);
        if negative {
            -magnitude
        } else {
            magnitude
        }
    });
    prop_oneof![
        2 => special,
        1 => halves,
        3 => -10.0..10.0,
        3 => logarithmic,
        1 => -1e30..1e30,
    ]
    .boxed()
}

fn is_true_derivative(backward: &Backward) -> bool {
    matches!(backward.kernels.gradient, Gradient::TrueDerivative)
}

/// Which outputs a check looks at: the forward's (value and true derivative) or the
/// backward's, so that a bug in one entry does not hide a bug in another.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Forward,
    Backward,
}

/// The catalog's promise at a finite x in dtype `F`: the value and the true
/// derivative are finite unless the forward is a pitfall; the backward is finite
/// unless it is a pitfall or it is the true derivative of a pitfall forward.
fn check_finite<F: Real>(estimator: &Estimator, x: f64, side: Side) -> Result<(), TestCaseError> {
    let x = F::c(x);
    let point = estimator.bind::<F>().point(x);
    let pair = estimator
        .pair()
        .expect("these properties are of catalog pairs");
    let forward_promised = side == Side::Forward && pair.forward.pitfall.is_none();
    let backward_promised = side == Side::Backward
        && pair.backward.pitfall.is_none()
        && (pair.forward.pitfall.is_none() || !is_true_derivative(pair.backward));
    let dtype = F::DTYPE;
    if forward_promised {
        prop_assert!(
            point.value.is_finite(),
            "'{estimator}' in {dtype}: f({x:?}) = {:?}",
            point.value
        );
        prop_assert!(
            point.true_derivative.is_finite(),
            "'{estimator}' in {dtype}: true derivative at {x:?} = {:?}",
            point.true_derivative
        );
    }
    if backward_promised {
        prop_assert!(
            point.backward.is_finite(),
            "'{estimator}' in {dtype}: backward at {x:?} = {:?}",
            point.backward
        );
    }
    Ok(())
}

fn check_finite_both(estimator: &Estimator, x: f64, side: Side) -> Result<(), TestCaseError> {
    check_finite::<f32>(estimator, x, side)?;
    check_finite::<f64>(estimator, x, side)
}

fn true_backward() -> &'static Backward {
    catalog::backward(catalog::TRUE_BACKWARD).expect("the catalog has the true backward")
}

#[test]
fn every_forward_is_finite_at_finite_x_unless_a_pitfall() {
    let mut failures = Vec::new();
    for forward in catalog::forwards() {
        let strategy = (params(forward.params), finite_x());
        let result = runner(CASES_PER_ENTRY).run(&strategy, |(forward_params, x)| {
            let estimator = Estimator::from(Pair {
                forward,
                forward_params,
                backward: true_backward(),
                backward_params: Vec::new(),
            });
            check_finite_both(&estimator, x, Side::Forward)
        });
        note_failure(&mut failures, forward.id, result);
    }
    assert_no_failures("forwards", &failures);
}

#[test]
fn every_backward_is_finite_at_finite_x_unless_a_pitfall() {
    let mut failures = Vec::new();
    for backward in catalog::backwards() {
        let strategy = (any_forward(), params(backward.params), finite_x());
        let result = runner(CASES_PER_ENTRY).run(
            &strategy,
            |((forward, forward_params), backward_params, x)| {
                let estimator = Estimator::from(Pair {
                    forward,
                    forward_params,
                    backward,
                    backward_params,
                });
                check_finite_both(&estimator, x, Side::Backward)
            },
        );
        note_failure(&mut failures, backward.id, result);
    }
    assert_no_failures("backwards", &failures);
}

fn check_nan<F: Real>(estimator: &Estimator) -> Result<(), TestCaseError> {
    let point = estimator.bind::<F>().point(F::nan());
    let dtype = F::DTYPE;
    prop_assert!(point.value.is_nan(), "'{estimator}' in {dtype}: f(NaN)");
    prop_assert!(
        point.backward.is_nan(),
        "'{estimator}' in {dtype}: backward"
    );
    prop_assert!(
        point.true_derivative.is_nan(),
        "'{estimator}' in {dtype}: true derivative at NaN"
    );
    Ok(())
}

#[test]
fn nan_given_to_any_estimator_gives_nan_out() {
    let mut failures = Vec::new();
    for forward in catalog::forwards() {
        for backward in catalog::backwards() {
            let strategy = (params(forward.params), params(backward.params));
            let result = runner(4).run(&strategy, |(forward_params, backward_params)| {
                let estimator = Estimator::from(Pair {
                    forward,
                    forward_params,
                    backward,
                    backward_params,
                });
                check_nan::<f32>(&estimator)?;
                check_nan::<f64>(&estimator)
            });
            note_failure(
                &mut failures,
                &format!("{}/{}", forward.id, backward.id),
                result,
            );
        }
    }
    assert_no_failures("NaN in, NaN out", &failures);
}

/// An estimator built from random catalog entries and in-range parameters.
fn any_estimator() -> impl Strategy<Value = Estimator> {
    (any_forward(), any_backward()).prop_map(
        |((forward, forward_params), (backward, backward_params))| {
            Estimator::from(Pair {
                forward,
                forward_params,
                backward,
                backward_params,
            })
        },
    )
}

#[test]
fn printing_then_parsing_is_the_identity_on_canonical_specs() {
    let mut failures = Vec::new();
    // Once per forward, so that every forward and its parameters are printed.
    for forward in catalog::forwards() {
        let strategy = (params(forward.params), any_backward());
        let result = runner(64).run(
            &strategy,
            |(forward_params, (backward, backward_params))| {
                let estimator = Estimator::from(Pair {
                    forward,
                    forward_params,
                    backward,
                    backward_params,
                });
                check_round_trip(&estimator)
            },
        );
        note_failure(&mut failures, forward.id, result);
    }
    let result = runner(2048).run(&any_estimator(), |e| check_round_trip(&e));
    note_failure(&mut failures, "random pairs", result);
    assert_no_failures("round trip", &failures);
}

fn check_round_trip(estimator: &Estimator) -> Result<(), TestCaseError> {
    let text = estimator.to_string();
    let parsed = parse(&text);
    prop_assert_eq!(parsed.as_ref(), Ok(estimator), "canonical '{}'", text);
    let again = parsed.unwrap().to_string();
    prop_assert_eq!(&again, &text, "printing is not stable");
    Ok(())
}

/// One argument written out by hand: every parameter, defaults included, in the
/// order `order`, with its value in plain or exponent form.
fn spelled_call(
    id: &str,
    params: &[Param],
    values: &[f64],
    order: &[usize],
    exponent_form: bool,
    space: &str,
) -> String {
    if params.is_empty() {
        return format!("{space}{id}{space}");
    }
    let args: Vec<String> = order
        .iter()
        .map(|&i| {
            let value = if exponent_form {
                format!("{:e}", values[i])
            } else {
                format!("{:?}", values[i])
            };
            format!("{space}{}{space}={space}{value}{space}", params[i].name)
        })
        .collect();
    format!("{space}{id}{space}({}){space}", args.join(","))
}

#[test]
fn non_canonical_spellings_parse_to_the_same_estimator() {
    let strategy = any_estimator().prop_flat_map(|e| {
        let pair = e.pair().expect("catalog pairs");
        let forward_order = Just((0..pair.forward.params.len()).collect::<Vec<_>>()).prop_shuffle();
        let backward_order =
            Just((0..pair.backward.params.len()).collect::<Vec<_>>()).prop_shuffle();
        let space = select(vec!["", " ", "  ", "\t", "\n "]);
        (Just(e), forward_order, backward_order, any::<bool>(), space)
    });
    let result = runner(2048).run(
        &strategy,
        |(estimator, forward_order, backward_order, exponent_form, space)| {
            let pair = estimator.pair().expect("catalog pairs");
            let text = format!(
                "{}/{}",
                spelled_call(
                    pair.forward.id,
                    pair.forward.params,
                    &pair.forward_params,
                    &forward_order,
                    exponent_form,
                    space,
                ),
                spelled_call(
                    pair.backward.id,
                    pair.backward.params,
                    &pair.backward_params,
                    &backward_order,
                    !exponent_form,
                    space,
                ),
            );
            prop_assert_eq!(parse(&text), Ok(estimator), "spelled '{}'", text);
            Ok(())
        },
    );
    if let Err(error) = result {
        panic!("{error}");
    }
}

#[test]
fn every_preset_parses_and_its_canonical_form_round_trips() {
    for preset in catalog::presets() {
        let estimator = parse(&format!("preset:{}", preset.id))
            .unwrap_or_else(|e| panic!("preset:{} does not parse: {e}", preset.id));
        assert_eq!(parse(preset.spec).as_ref(), Ok(&estimator), "{}", preset.id);
        let canonical = estimator.to_string();
        assert_eq!(parse(&canonical), Ok(estimator), "{}", preset.id);
    }
}

/// Pieces that specs are made of, and pieces that break them.
fn spec_pieces() -> Vec<String> {
    let mut pieces: Vec<String> = Vec::new();
    for f in catalog::forwards() {
        pieces.push(f.id.to_string());
        pieces.extend(f.params.iter().map(|p| p.name.to_string()));
    }
    for b in catalog::backwards() {
        pieces.push(b.id.to_string());
        pieces.extend(b.params.iter().map(|p| p.name.to_string()));
    }
    for p in catalog::presets() {
        pieces.push(format!("preset:{}", p.id));
        pieces.push(p.spec.to_string());
    }
    let others = [
        "(",
        ")",
        "/",
        ",",
        "=",
        ":",
        "preset:",
        " ",
        "\t",
        "\n",
        "\r",
        "0",
        "-0",
        "1",
        "2.5",
        "-1",
        "1e309",
        "-1e309",
        "1e-400",
        "5e-324",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "infinity",
        "0x10",
        "1_000",
        "3.",
        ".5",
        "+5",
        "--1",
        "1e",
        "e5",
        "99999999999999999999999999",
    ];
    pieces.extend(
        others
            .iter()
            .chain(common::TRICKY_UNICODE)
            .map(|s| s.to_string()),
    );
    pieces
}

fn check_parse_total(text: &str) -> Result<(), TestCaseError> {
    match parse(text) {
        Ok(estimator) => check_round_trip(&estimator),
        Err(error) => {
            prop_assert!(!error.to_string().is_empty(), "empty message for {text:?}");
            Ok(())
        }
    }
}

#[test]
fn parse_never_panics_and_every_error_has_a_message() {
    let pieces = spec_pieces();
    let soup = proptest::collection::vec(select(pieces.clone()), 0..16).prop_map(|p| p.concat());
    let long_soup = proptest::collection::vec(select(pieces), 100..400).prop_map(|p| p.concat());
    let shaped = "[a-z_]{0,24}( ?\\( ?[a-z_0-9]{0,8} ?= ?[-+0-9.eEnaifNI]{0,12}( ?, ?[a-z]{0,6}=[-0-9.e]{0,8}){0,3} ?\\))?( ?/ ?[a-z_]{0,20}(\\([a-z]{0,6}=[-0-9.e]{0,10}\\))?)?";
    let strategy = prop_oneof![
        3 => any::<String>(),
        3 => soup,
        1 => long_soup,
        3 => shaped,
        1 => "\\PC{990,1010}",
    ];
    let result = runner(20_000).run(&strategy, |text| check_parse_total(&text));
    if let Err(error) = result {
        panic!("{error}");
    }
}

// Found by `every_forward_is_finite_at_finite_x_unless_a_pitfall`: with `eps` at its
// minimum (0), an `alpha` of 0, or one that rounds to 0 or underflows in `alpha / 2`,
// is not below `eps`, so `z = 2 tanh(alpha / 2)` is 0 and `tanh(alpha r) / z` is
// 0 / 0 = NaN, in f32 (alpha up to about 1e-45) and in f64 (alpha 0 or 5e-324).
#[test]
fn soft_round_at_its_smallest_alpha_and_eps_is_finite() {
    let forward = catalog::forward("soft_round").expect("soft_round is in the catalog");
    let param = |name: &str| {
        *forward
            .params
            .iter()
            .find(|p| p.name == name)
            .expect("soft_round has alpha and eps")
    };
    let (alpha, eps) = (param("alpha"), param("eps"));
    let mut failures = Vec::new();
    for a in [alpha.min, 5e-324, 1e-300, 1e-45, 1e-40] {
        let mut forward_params: Vec<f64> = forward.params.iter().map(|p| p.default).collect();
        for (p, value) in forward.params.iter().zip(forward_params.iter_mut()) {
            if p.name == "alpha" {
                *value = a.clamp(alpha.min, alpha.max);
            } else if p.name == "eps" {
                *value = eps.min;
            }
        }
        let estimator = Estimator::from(Pair {
            forward,
            forward_params,
            backward: true_backward(),
            backward_params: Vec::new(),
        });
        for x in [0.0, 0.25, -0.75, 3.0] {
            for result in [
                check_finite::<f32>(&estimator, x, Side::Forward),
                check_finite::<f64>(&estimator, x, Side::Forward),
            ] {
                if let Err(error) = result {
                    failures.push(error.to_string());
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
