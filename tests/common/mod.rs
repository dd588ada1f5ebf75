//! Shared helpers for the integration tests: where the shared reference data lives,
//! and how close is close enough (`../shared/conformance/README.md`).

#![allow(dead_code)]

use std::path::PathBuf;

#[cfg(not(target_arch = "wasm32"))]
pub mod run;

use gradscope::{Estimator, Real};
use serde_json::Value;

/// `../shared/conformance`, beside the repository.
pub fn conformance_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance")
}

/// Reads and parses a JSON file under the conformance folder.
pub fn read_json(relative: &str) -> Value {
    let path = conformance_dir().join(relative);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// A number of the reference data: a JSON number, or `"NaN"`, `"Infinity"`, `"-Infinity"`.
pub fn number(value: &Value) -> f64 {
    match value {
        Value::Number(n) => n.as_f64().expect("a JSON number fits f64"),
        Value::String(s) if s == "NaN" => f64::NAN,
        Value::String(s) if s == "Infinity" => f64::INFINITY,
        Value::String(s) if s == "-Infinity" => f64::NEG_INFINITY,
        other => panic!("not a reference number: {other}"),
    }
}

/// A column of numbers, or `None` where the file has `null`.
pub fn column(value: &Value) -> Option<Vec<f64>> {
    value
        .as_array()
        .map(|items| items.iter().map(number).collect())
}

/// rtol and atol of the conformance README for a dtype name.
pub fn tolerance(dtype: &str) -> (f64, f64) {
    match dtype {
        "float32" => (1e-4, 1e-6),
        "float64" => (1e-9, 1e-12),
        other => panic!("unknown dtype {other}"),
    }
}

/// One mismatch: where and what.
pub struct Mismatch {
    pub column: &'static str,
    pub x: f64,
    pub want: f64,
    pub got: f64,
}

impl std::fmt::Display for Mismatch {
    /// `dy at x = 1e0: expected 5e-1, got 1e0`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} at x = {:e}: expected {:e}, got {:e}",
            self.column, self.x, self.want, self.got
        )
    }
}

/// Compares a computed column with the reference: NaN exactly where the reference has
/// NaN, infinities equal, else `|got - want| <= rtol |want| + atol S`.
pub fn compare(
    column: &'static str,
    xs: &[f64],
    want: &[f64],
    got: &[f64],
    (rtol, atol): (f64, f64),
    skip_x: &[f64],
) -> Vec<Mismatch> {
    let scale = want
        .iter()
        .filter(|v| v.is_finite())
        .fold(1f64, |m, v| m.max(v.abs()));
    let mut found = Vec::new();
    for ((&x, &w), &g) in xs.iter().zip(want).zip(got) {
        if skip_x.contains(&x) {
            continue;
        }
        let ok = if w.is_nan() || g.is_nan() {
            w.is_nan() && g.is_nan()
        } else if w.is_infinite() || g.is_infinite() {
            w == g
        } else {
            (g - w).abs() <= rtol * w.abs() + atol * scale
        };
        if !ok {
            found.push(Mismatch {
                column,
                x,
                want: w,
                got: g,
            });
        }
    }
    found
}

/// Forward values and backwards of `estimator` at `xs` read as dtype `F`, widened to f64.
pub fn evaluate<F: Real>(estimator: &Estimator, xs: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let bound = estimator.bind::<F>();
    xs.iter()
        .map(|&x| {
            let x = F::c(x);
            (
                bound.value(x).to_f64_lossless(),
                bound.backward(x).to_f64_lossless(),
            )
        })
        .unzip()
}

/// Evaluates in the named dtype.
pub fn evaluate_in(dtype: &str, estimator: &Estimator, xs: &[f64]) -> (Vec<f64>, Vec<f64>) {
    match dtype {
        "float32" => evaluate::<f32>(estimator, xs),
        "float64" => evaluate::<f64>(estimator, xs),
        other => panic!("unknown dtype {other}"),
    }
}

/// A small deterministic pseudo-random generator (SplitMix64) for tests that must
/// generate the same inputs on every run without a dependency.
pub struct SplitMix(pub u64);

impl SplitMix {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// One of `items` (not empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A value strictly inside a parameter's range that the parameter accepts: a whole
/// number for integers, a listed value for choices.
pub fn interior_value(param: &gradscope::catalog::Param, rng: &mut SplitMix) -> f64 {
    use gradscope::catalog::ParamKind;
    match param.kind {
        ParamKind::Choice(choices) => *rng.pick(choices),
        ParamKind::Integer => {
            let span = (param.max - param.min) as u64;
            if span < 2 {
                param.min
            } else {
                param.min + (1 + rng.next_u64() % (span - 1)) as f64
            }
        }
        ParamKind::Real => {
            let value = param.min + (param.max - param.min) * rng.unit();
            if value > param.min && value < param.max {
                value
            } else {
                param.default
            }
        }
    }
}

/// Characters that are several bytes long, combine, are invisible or look like ASCII.
pub const TRICKY_UNICODE: &[&str] = &[
    "é",
    "∞",
    "\u{0}",
    "\u{200b}",
    "\u{301}",
    "İ",
    "ß",
    "ﬀ",
    "🦀",
    "\u{feff}",
    "\u{3000}",
    "（",
    "）",
    "／",
    "＝",
    "\u{202e}",
    "\u{fffd}",
    "\u{10ffff}",
    "ǅ",
    "Ⅻ",
];
