//! The anatomy of a backward (issue 14): peak, width at half height, area, support,
//! non-finite regions and deltas, measured on the plot's own samples, against closed
//! forms computed here from the formulas; properties over parameter ranges and over
//! every backward that has a primitive; the description sentence; and
//! `gradscope anatomy` run as the real binary.
//!
//! Tolerances follow from the sampling: `h` is the spacing of the samples the anatomy
//! was measured on, and each bound says which error of a trapezoid or a linear
//! interpolation over steps of `h` it covers.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::f64::consts::{PI, SQRT_2};
use std::process::Command;

use common::SplitMix;
use gradscope::anatomy::Anatomy;
use gradscope::catalog::{self, Gradient};
use gradscope::sampling::NonFiniteKind;
use gradscope::view::View;
use gradscope::{Dtype, Estimator, Pair};
use serde_json::Value;

/// The plot width every test measures at unless it says otherwise.
const WIDTH_PX: usize = 1000;

fn view(spec: &str, from: f64, to: f64, dtype: Dtype) -> View {
    View {
        estimator: spec.parse().expect("a valid spec"),
        from,
        to,
        dtype,
        ..View::default()
    }
}

fn anatomy(spec: &str, from: f64, to: f64, dtype: Dtype) -> Anatomy {
    Anatomy::of(&view(spec, from, to, dtype), WIDTH_PX).expect("a valid range")
}

/// The spacing of the evenly spaced samples the anatomy was measured on.
fn spacing(a: &Anatomy) -> f64 {
    (a.to - a.from) / (a.sample_count - 1) as f64
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn assert_close(what: &str, got: f64, want: f64, tolerance: f64) {
    assert!(
        (got - want).abs() <= tolerance,
        "{what}: got {got}, want {want} (off by {:e}, allowed {tolerance:e})",
        (got - want).abs()
    );
}

/// Rounding in the dtype over a range of length `span`: a few ulps of every x.
fn rounding(dtype: Dtype, span: f64) -> f64 {
    let epsilon = match dtype {
        Dtype::F32 => f64::from(f32::EPSILON),
        Dtype::F64 => f64::EPSILON,
    };
    16.0 * epsilon * span.max(1.0)
}

// ---- closed forms ----

// A triangle is linear between its kinks at -1, 0 and 1, which are sampled exactly:
// the trapezoid and the linear interpolation of the half-height ends are exact up to
// rounding in the dtype.
#[test]
fn triangle_has_area_1_half_width_1_and_support_minus_1_to_1() {
    for dtype in [Dtype::F32, Dtype::F64] {
        let a = anatomy("heaviside/triangle", -3.0, 3.0, dtype);
        let exact = rounding(dtype, 6.0);
        // max(0, 1 - |x|): height 1 over a base of 2; 1 - |x| = 1/2 at |x| = 1/2.
        assert_eq!((a.peak, a.peak_x, a.plateau), (Some(1.0), Some(0.0), None));
        assert_close("area", a.area.unwrap(), 1.0 * 2.0 / 2.0, exact);
        assert_close("half width", a.half_width.unwrap(), 2.0 * 0.5, exact);
        assert!(!a.half_width_clipped);
        assert_eq!(a.support, Some([-1.0, 1.0]));
        assert!(a.nonfinite.is_empty() && a.deltas.is_empty());
        assert_eq!(a.forward_jumps, vec![0.0]);
    }
}

// 1 / (s |x| + 1)^2 = 1/2 where s |x| + 1 = sqrt(2). Between samples h apart, linear
// interpolation misses a crossing by at most h^2/8 max|g''| / |g'|, and here
// g''/|g'| = 3 s / (s |x| + 1) <= 3 s; the peak sits on the kink at 0, sampled
// exactly.
#[test]
fn fast_sigmoid_at_slope_25_has_half_width_2_sqrt2_minus_1_over_25() {
    for dtype in [Dtype::F32, Dtype::F64] {
        let slope = 25.0;
        let a = anatomy(
            "heaviside/snntorch_fast_sigmoid(slope=25)",
            -3.0,
            3.0,
            dtype,
        );
        let h = spacing(&a);
        let per_end = h * h / 8.0 * 3.0 * slope;
        assert_eq!((a.peak, a.peak_x), (Some(1.0), Some(0.0)));
        assert_close(
            "half width",
            a.half_width.unwrap(),
            2.0 * (SQRT_2 - 1.0) / slope,
            2.0 * per_end + rounding(dtype, 6.0),
        );
        // Its primitive x / (1 + s |x|).
        assert_close(
            "area",
            a.area.unwrap(),
            2.0 * 3.0 / (1.0 + slope * 3.0),
            h * 2.0 + rounding(dtype, 6.0),
        );
    }
}

/// How far the half-height ends of `k s (1 - s)`, `s = sigmoid(k x)`, may lie from
/// the exact ones when sampled `h` apart. At an end s (1 - s) = 1/8, so
/// |g'| = k^2 s (1 - s) |1 - 2 s| = k^2 / (8 sqrt 2), and |g''| <= k^3 / 8 everywhere:
/// interpolation misses by at most h^2/8 (k^3/8) / |g'|, and the peak, sampled
/// within h/2 of 0, is low by at most (k^3/8) (h/2)^2 / 2, which moves the half level
/// and each end by half that over |g'|.
fn sigmoid_end_tolerance(k: f64, h: f64) -> f64 {
    let slope_at_end = k * k / (8.0 * SQRT_2);
    let curvature = k.powi(3) / 8.0;
    let interpolation = h * h / 8.0 * curvature / slope_at_end;
    let peak_low = curvature * (h / 2.0).powi(2) / 2.0;
    interpolation + peak_low / 2.0 / slope_at_end
}

// sigmoid'(x) = 1 / (4 cosh^2(x/2)) is half its peak where cosh(x/2) = sqrt(2), at
// x = ±2 acosh(sqrt 2) = ±2 ln(1 + sqrt 2): the half-height region runs from one to
// the other, so its full width is twice 2 ln(1 + sqrt 2).
#[test]
fn sigmoid_derivative_falls_to_half_at_plus_and_minus_2_ln_1_plus_sqrt2() {
    let a = anatomy("heaviside/sigmoid", -6.0, 6.0, Dtype::F64);
    let end = 2.0 * (1.0 + SQRT_2).ln();
    let tolerance = sigmoid_end_tolerance(1.0, spacing(&a));
    let [left, right] = a.half_height.unwrap();
    assert_close("left end", left, -end, tolerance);
    assert_close("right end", right, end, tolerance);
    assert_close(
        "half width",
        a.half_width.unwrap(),
        2.0 * end,
        2.0 * tolerance,
    );
    assert_close("peak", a.peak.unwrap(), 0.25, spacing(&a).powi(2) / 16.0);
    assert!(a.peak_x.unwrap().abs() <= spacing(&a) / 2.0);
}

#[test]
fn half_width_of_sigmoid_k_scales_as_one_over_k() {
    let end = 2.0 * (1.0 + SQRT_2).ln();
    // k from 1 (ends at ±1.76, inside [-3, 3]) to 300 (a few samples across).
    for step in 0..=12 {
        let k = 300f64.powf(f64::from(step) / 12.0);
        let a = anatomy(&format!("heaviside/sigmoid(k={k})"), -3.0, 3.0, Dtype::F64);
        let tolerance = 2.0 * sigmoid_end_tolerance(k, spacing(&a));
        assert_close(
            &format!("half width at k = {k}"),
            a.half_width.unwrap(),
            2.0 * end / k,
            tolerance,
        );
        assert!(!a.half_width_clipped, "k = {k}");
    }
}

// The trapezoid over steps of at most h misses the integral of a function with
// |g''| <= k^3/8 by at most (b - a) h^2 / 12 k^3 / 8.
#[test]
fn area_of_sigmoid_k_derivative_over_minus_a_to_a_is_s_ka_minus_s_minus_ka() {
    for (k, half_range) in [
        (1f64, 3.0),
        (1.0, 0.5),
        (4.0, 2.0),
        (0.2, 10.0),
        (50.0, 0.1),
    ] {
        let spec = format!("heaviside/sigmoid(k={k})");
        let a = anatomy(&spec, -half_range, half_range, Dtype::F64);
        let h = spacing(&a);
        let tolerance = 2.0 * half_range * h * h / 12.0 * k.powi(3) / 8.0 + 1e-12;
        let want = logistic(k * half_range) - logistic(-k * half_range);
        assert_close(&spec, a.area.unwrap(), want, tolerance);
    }
}

/// Every (spec, backward parameter values) pair the primitive property checks: the
/// defaults and three interior draws of every backward with a primitive.
fn with_primitive_cases() -> Vec<(String, &'static catalog::Backward, Vec<f64>)> {
    let mut rng = SplitMix(14);
    let mut cases = Vec::new();
    for backward in catalog::backwards() {
        if !matches!(backward.kernels.gradient, Gradient::Surrogate(_))
            || backward.kernels.primitive.is_none()
        {
            continue;
        }
        let mut draws = vec![backward
            .params
            .iter()
            .map(|p| p.default)
            .collect::<Vec<_>>()];
        for _ in 0..3 {
            let draw = backward
                .params
                .iter()
                .map(|p| common::interior_value(p, &mut rng))
                .collect();
            draws.push(draw);
        }
        for values in draws {
            let mut pair = Pair::with_defaults(catalog::forward("identity").unwrap(), backward);
            pair.backward_params = values.clone();
            let estimator = Estimator::from(pair);
            cases.push((estimator.to_string(), backward, values));
        }
    }
    cases
}

// On each step [x, x + h] the trapezoid and the integral both lie between h min g
// and h max g, so together they miss by at most h times the variation of g over the
// range, which a fine grid of the formula gives (each jump counted once).
#[test]
fn area_of_every_backward_with_a_primitive_is_its_difference_across_the_range() {
    let (from, to) = (-3.0, 3.0);
    let (mut checked, mut worst) = (0, 0f64);
    for (spec, backward, params) in with_primitive_cases() {
        let a = anatomy(&spec, from, to, Dtype::F64);
        if !a.nonfinite.is_empty() {
            assert!(backward.pitfall.is_some(), "{spec} is not finite: {a:?}");
            continue;
        }
        let (Gradient::Surrogate(g), Some(primitive)) =
            (backward.kernels.gradient, backward.kernels.primitive)
        else {
            unreachable!("only surrogates with a primitive are listed")
        };
        let fine = 100_000;
        let values: Vec<f64> = (0..=fine)
            .map(|i| (g.f64)(from + (to - from) * i as f64 / fine as f64, &params))
            .collect();
        let variation: f64 = values.windows(2).map(|w| (w[1] - w[0]).abs()).sum();
        let want = (primitive.f64)(to, &params) - (primitive.f64)(from, &params);
        let tolerance = spacing(&a) * variation + 1e-9 * want.abs().max(1.0);
        assert_close(&spec, a.area.unwrap(), want, tolerance);
        worst = worst.max((a.area.unwrap() - want).abs() / tolerance);
        checked += 1;
    }
    println!(
        "{checked} backward parameter draws: area = primitive(to) - primitive(from), \
         worst error {worst:.2e} of its tolerance"
    );
    assert!(checked > 150, "only {checked} cases checked");
}

// ---- robustness: jumps, deltas, NaN, flat zero, boxes ----

// snntorch_sfs is 0 for x <= b and 1 / (s x + 1)^2 above: for b > 0 its largest value
// is the right-hand limit at the jump b.
#[test]
fn a_peak_at_a_jump_is_the_larger_one_sided_limit_placed_at_the_jump() {
    for b in [0.25, 0.5, 1.0, 2.0] {
        let slope: f64 = 25.0;
        let spec = format!("heaviside/snntorch_sfs(slope={slope},b={b})");
        let a = anatomy(&spec, -3.0, 3.0, Dtype::F64);
        let right_limit = 1.0 / (slope * b + 1.0).powi(2);
        let h = spacing(&a);
        // The right-hand sample sits a thousandth of a spacing past the jump.
        assert_close(&spec, a.peak.unwrap(), right_limit, 2.0 * slope * 1e-3 * h);
        assert_eq!(a.peak_x, Some(b), "{spec}");
        assert_eq!(a.support, Some([b, 3.0]), "{spec}");
        assert_eq!(
            a.half_height.unwrap()[0],
            b,
            "{spec}: half height starts at the jump"
        );
    }
    // S2NN jumps from alpha/4 (below 0) to beta (from 0 up).
    let (alpha, beta) = (4.0, 2.0);
    let spec = format!("heaviside/spikingjelly_s2nn(alpha={alpha},beta={beta})");
    let a = anatomy(&spec, -3.0, 3.0, Dtype::F64);
    let larger_limit = f64::max(alpha / 4.0, beta);
    // beta / (x + 1), a thousandth of a spacing past 0.
    assert_close(
        &spec,
        a.peak.unwrap(),
        larger_limit,
        beta * 2e-3 * spacing(&a),
    );
    assert_eq!(a.peak_x, Some(0.0));
}

#[test]
fn deltas_of_a_step_are_reported_apart_from_the_area() {
    let a = anatomy("heaviside(h0=1)", -3.0, 3.0, Dtype::F64);
    assert_eq!(
        (a.peak, a.peak_x, a.area, a.support),
        (Some(0.0), None, Some(0.0), None)
    );
    let step: Estimator = "heaviside(h0=1)".parse().unwrap();
    let bound = step.bind::<f64>();
    let size = bound.value(1e-9) - bound.value(-1e-9);
    assert_eq!(a.deltas.len(), 1);
    assert_eq!((a.deltas[0].x, a.deltas[0].size), (0.0, size));

    let a = anatomy("round", -2.0, 2.0, Dtype::F32);
    let xs: Vec<f64> = a.deltas.iter().map(|d| d.x).collect();
    assert_eq!(xs, a.forward_jumps, "a delta at each jump");
    assert_eq!(xs, vec![-1.5, -0.5, 0.5, 1.5]);
    assert!(a.deltas.iter().all(|d| d.size == 1.0), "{:?}", a.deltas);

    // A surrogate backward has no deltas, whatever the forward does.
    assert!(anatomy("round/identity", -2.0, 2.0, Dtype::F64)
        .deltas
        .is_empty());
}

// e = exp(slope (x - center)) overflows where slope (x - center) > ln(MAX).
#[test]
fn nan_regions_are_left_out_of_the_area_and_reported() {
    let (slope, center) = (1000.0, 0.5);
    for (dtype, max) in [(Dtype::F32, f64::from(f32::MAX)), (Dtype::F64, f64::MAX)] {
        let a = anatomy(
            "sigmoid_round_naive(slope=1000,center=0.5)",
            0.0,
            1.5,
            dtype,
        );
        let overflow = center + max.ln() / slope;
        assert_eq!(a.nonfinite.len(), 1, "{a:?}");
        let nan = a.nonfinite[0];
        assert_eq!((nan.kind, nan.to), (NonFiniteKind::NaN, 1.5));
        assert_close("NaN from", nan.from, overflow, spacing(&a));
        // The finite part holds the whole step: s(slope (x_nan - center)) - s(-500).
        assert_close("area", a.area.unwrap(), 1.0, 1e-3);
        assert_eq!(a.forward_nonfinite, a.nonfinite);
        // The step's bell, left of the NaN, is still measured.
        let end_tolerance = sigmoid_end_tolerance(slope, spacing(&a)) + rounding(dtype, 1.5);
        assert_close(
            "half width",
            a.half_width.unwrap(),
            4.0 * (1.0 + SQRT_2).ln() / slope,
            2.0 * end_tolerance,
        );
    }

    let a = anatomy("hard_threshold(lambda=5)/nan", -10.0, 10.0, Dtype::F64);
    assert_eq!(
        (a.peak, a.area, a.support, a.half_width),
        (None, None, None, None)
    );
    assert_eq!(a.nonfinite.len(), 1);
    assert_eq!((a.nonfinite[0].from, a.nonfinite[0].to), (-10.0, 10.0));
}

#[test]
fn a_zero_backward_has_no_peak_width_or_support() {
    for spec in ["round/zero", "heaviside/zero", "sign(s0=1)/zero"] {
        let a = anatomy(spec, -3.0, 3.0, Dtype::F64);
        assert_eq!(a.peak, Some(0.0), "{spec}");
        assert_eq!(
            (a.peak_x, a.half_width, a.support),
            (None, None, None),
            "{spec}"
        );
        assert_eq!(a.area, Some(0.0), "{spec}");
    }
}

// spikingjelly_rect: alpha on |x| < 0.5 / alpha, so its area is 1.
#[test]
fn a_box_is_a_plateau_with_its_edges_at_the_jumps() {
    for alpha in [0.5, 1.0, 2.0, 7.0] {
        let spec = format!("heaviside/spikingjelly_rect(alpha={alpha})");
        let a = anatomy(&spec, -3.0, 3.0, Dtype::F64);
        let edge = 0.5 / alpha;
        assert_eq!((a.peak, a.peak_x), (Some(alpha), Some(0.0)), "{spec}");
        assert_eq!(a.plateau, Some([-edge, edge]), "{spec}");
        assert_eq!(a.half_height, Some([-edge, edge]), "{spec}");
        assert_eq!(a.support, Some([-edge, edge]), "{spec}");
        // The sliver between each jump's one-sided samples is 2e-3 h wide.
        assert_close(
            &spec,
            a.area.unwrap(),
            alpha * 2.0 * edge,
            4e-3 * spacing(&a) * alpha,
        );
    }
}

#[test]
fn a_constant_backward_is_as_wide_as_the_range_and_says_it_is_clipped() {
    let a = anatomy("round/identity", -2.0, 5.0, Dtype::F64);
    assert_eq!(a.plateau, Some([-2.0, 5.0]));
    assert_eq!(a.peak_x, Some(1.5));
    assert_eq!(a.half_width, Some(7.0));
    assert!(a.half_width_clipped);
    assert_eq!(a.area, Some(7.0));
}

// fourier_round's derivative 1 + 2 sum_{n <= N} (-1)^n cos(2 pi n x) peaks at 2N + 1 at
// every k + 1/2, and |g''| <= 8 pi^2 sum n^2. Over [-1000, 1000] at 433 px its
// default samples alias, so it is sampled a million times and drawn as the band it
// sweeps.
#[test]
fn a_curve_drawn_as_a_band_keeps_its_peak_and_area_but_not_a_width() {
    let terms = 5;
    let spec = format!("fourier_round(terms={terms})");
    let a = Anatomy::of(&view(&spec, -1000.0, 1000.0, Dtype::F64), 433).unwrap();
    assert_eq!(a.sample_count, 1_000_000);
    let curvature = 8.0 * PI * PI * (1..=terms).map(|n| f64::from(n * n)).sum::<f64>();
    let h = spacing(&a);
    let peak = f64::from(2 * terms + 1);
    assert_close(
        "peak",
        a.peak.unwrap(),
        peak,
        curvature * (h / 2.0).powi(2) / 2.0,
    );
    assert_eq!(a.half_width, None);
    // f(x) = x + (1/pi) sum (-1)^n sin(2 pi n x) / n is x at integers.
    assert_close(
        "area",
        a.area.unwrap(),
        2000.0,
        2000.0 * h * h / 12.0 * curvature,
    );
    assert!(a.describe().contains("too narrow to measure"));
}

// ---- the description ----

#[test]
fn description_says_estimator_jumps_peak_width_and_area_in_one_sentence() {
    let text = anatomy("heaviside/snntorch_fast_sigmoid", -3.0, 3.0, Dtype::F64).describe();
    let width = 2.0 * (SQRT_2 - 1.0) / 25.0;
    for part in [
        "heaviside/snntorch_fast_sigmoid in f64 on [-3, 3]",
        "the forward jumps at 0",
        "peaks at 1 at x = 0",
        &format!("is {width:.4} wide at half height"),
        &format!("has area {:.3} over the range", 6.0 / 76.0),
        "1 means the implied forward climbs like the step it replaces",
    ] {
        assert!(text.contains(part), "no '{part}' in: {text}");
    }
    assert!(text.ends_with('.') && !text.contains('\n'));
    assert_eq!(text.matches(". ").count(), 0, "one sentence: {text}");
}

#[test]
fn description_names_nan_regions_deltas_and_a_zero_gradient() {
    let nan = anatomy("sigmoid_round_naive(slope=1000)", 0.0, 1.5, Dtype::F32).describe();
    assert!(
        nan.contains("the backward is NaN on [0.589, 1.5] (left out of the area)"),
        "{nan}"
    );
    assert!(
        nan.contains("the forward does not jump and is NaN on [0.589, 1.5]"),
        "{nan}"
    );

    let step = anatomy("heaviside", -3.0, 3.0, Dtype::F64).describe();
    assert!(step.contains("the backward is 0 everywhere"), "{step}");
    assert!(
        step.contains("a delta of size 1 at 0, which back-propagation never sees"),
        "{step}"
    );

    let all_nan = anatomy("hard_threshold(lambda=5)/nan", -10.0, 10.0, Dtype::F64).describe();
    assert!(
        all_nan.ends_with("the backward is NaN on [-10, 10]."),
        "{all_nan}"
    );

    let ramp = anatomy("clamp_round", -3.0, 3.0, Dtype::F64).describe();
    assert!(ramp.contains("nonzero only on [0.499, 0.4991]"), "{ramp}");
}

// Every preset, as the page opens it: figures finite where the catalog says the
// preset is, and a sentence that names its estimator.
#[test]
fn every_preset_has_finite_figures_and_a_description() {
    for preset in catalog::presets() {
        let (view, messages) =
            gradscope::url_state::read_query(&format!("spec=preset:{}", preset.id));
        assert!(messages.is_empty(), "{messages:?}");
        let a = Anatomy::of(&view, WIDTH_PX).unwrap();
        let figures = [a.peak, a.peak_x, a.half_width, a.area];
        assert!(
            figures.iter().flatten().all(|v| v.is_finite()),
            "{}: {a:?}",
            preset.id
        );
        if !view.estimator.may_be_non_finite() {
            assert!(a.nonfinite.is_empty(), "{}: {a:?}", preset.id);
            assert!(a.area.is_some() && a.peak.is_some(), "{}", preset.id);
        }
        let text = a.describe();
        assert!(text.starts_with(&view.estimator.to_string()), "{text}");
    }
}

// ---- gradscope anatomy ----

/// Runs the real binary: exit code, standard output, standard error.
fn gradscope(args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_gradscope"))
        .args(args)
        .output()
        .expect("gradscope runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn cli_prints_the_anatomy_as_json_with_the_interface_fields() {
    let (code, stdout, stderr) = gradscope(&[
        "anatomy",
        "heaviside/triangle",
        "--dtype",
        "f32",
        "--width",
        &WIDTH_PX.to_string(),
    ]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    let want = anatomy("heaviside/triangle", -3.0, 3.0, Dtype::F32);
    assert_eq!(json["peak"].as_f64(), want.peak);
    assert_eq!(json["peak_x"].as_f64(), want.peak_x);
    assert_eq!(json["half_width"].as_f64(), want.half_width);
    assert_eq!(json["area"].as_f64(), want.area);
    assert_eq!(json["support"], serde_json::json!([-1.0, 1.0]));
    assert_eq!(json["nonfinite"], serde_json::json!([]));
    assert_eq!(json["dtype"], "f32");
    assert_eq!(json["description"], want.describe());
}

#[test]
fn cli_takes_a_presets_range_unless_given_one() {
    let (_, stdout, _) = gradscope(&["anatomy", "preset:s-lambda-nan"]);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        (json["from"].as_f64(), json["to"].as_f64()),
        (Some(-10.0), Some(10.0))
    );
    assert_eq!(json["nonfinite"][0]["kind"], "NaN");
    assert!(json["peak"].is_null() && json["area"].is_null());

    let (_, stdout, _) = gradscope(&["anatomy", "preset:s-lambda-nan", "--from", "-1"]);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        (json["from"].as_f64(), json["to"].as_f64()),
        (Some(-1.0), Some(10.0))
    );
}

#[test]
fn cli_refuses_bad_input_with_exit_2_and_a_message() {
    for (args, word) in [
        (vec!["anatomy", "nope"], "unknown forward"),
        (
            vec!["anatomy", "round", "--from", "3", "--to", "-3"],
            "less than",
        ),
        (vec!["anatomy", "round", "--from", "5"], "less than"),
        (vec!["anatomy", "round", "--to", "nan"], "finite"),
        (vec!["anatomy", "round", "--dtype", "f16"], "f16"),
        (vec!["anatomy", "round", "--width", "3"], "--width"),
        (vec!["anatomy"], "SPEC"),
    ] {
        let (code, stdout, stderr) = gradscope(&args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}");
        assert!(stderr.contains(word), "{args:?}: no '{word}' in {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
