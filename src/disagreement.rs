//! Where TensorFlow, PyTorch and JAX disagree on a formula: the same text evaluated
//! and differentiated by each framework's rules, compared x by x.
//!
//! The frameworks part at single points more often than on intervals: a tie of
//! `maximum`, `abs` or `clip` at a kink, `x ** 0` at 0. A plot's evenly spaced
//! samples rarely land on those, so a view is compared at its samples, at every jump
//! any of the three finds in f or df (the sampler places a jump on the roundest
//! float, where the kink is), and at 0 and each number the formula is written with
//! (with its sign flipped too: `clip(x, -lam, lam)`).
//!
//! Two values agree when both are NaN, when they are equal, or when both are finite
//! and within the dtype's [`agreement_tolerance`] of each other, its absolute part
//! scaled by the curve's largest finite value: the tolerance this crate is held to
//! against the frameworks' own output.

use std::sync::Arc;

use serde::Serialize;

use crate::estimator::{Estimator, Output};
use crate::figure::format_short;
use crate::formula::{Formula, Framework};
use crate::real::{Dtype, Real};
use crate::sampling;
use crate::view::{Show, View};

/// How many evenly spaced x a view is compared at, its ends included (jumps and the
/// formula's numbers come on top).
pub const EVEN_POINTS: usize = 2001;

/// The plot width in device pixels whose sampler finds the jumps compared at (the
/// same on the page and on the command line, so both name the same places).
pub const JUMP_SEARCH_WIDTH_PX: usize = 1200;

/// Most places [`Comparison::describe`] names one by one.
const DESCRIBED: usize = 4;

/// `(relative, absolute)`: how far apart two finite values of `dtype` may be and
/// still agree, the absolute part in units of the curve's [`scale`].
pub fn agreement_tolerance(dtype: Dtype) -> (f64, f64) {
    match dtype {
        Dtype::F32 => (1e-4, 1e-6),
        Dtype::F64 => (1e-9, 1e-12),
    }
}

/// The scale of a curve given by `columns`: its largest finite magnitude, at least 1.
pub fn scale<'a>(columns: impl IntoIterator<Item = &'a [f64]>) -> f64 {
    columns
        .into_iter()
        .flatten()
        .filter(|v| v.is_finite())
        .fold(1.0, |m: f64, v| m.max(v.abs()))
}

/// Whether two values of `dtype` on a curve of `scale` agree: both NaN, equal, or
/// finite and close.
pub fn agree(a: f64, b: f64, dtype: Dtype, scale: f64) -> bool {
    let (relative, absolute) = agreement_tolerance(dtype);
    let close = || (a - b).abs() <= relative * a.abs().max(b.abs()) + absolute * scale;
    (a.is_nan() && b.is_nan()) || a == b || (a.is_finite() && b.is_finite() && close())
}

/// One place where the frameworks disagree on one output: a single x, or a run of
/// compared x that all disagree.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Difference {
    /// `f`, `df` or the true derivative.
    #[serde(serialize_with = "serialize_output")]
    pub output: Output,
    /// The first x of the run.
    pub from: f64,
    /// The last x of the run (`from` for a single point).
    pub to: f64,
    /// The three frameworks' values at `from`, in [`Framework::ALL`]'s order.
    pub values: [f64; 3],
}

fn serialize_output<S: serde::Serializer>(output: &Output, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(output_name(*output))
}

/// The output's name in tables: `f`, `df`, `true`.
pub fn output_name(output: Output) -> &'static str {
    match output {
        Output::Value => "f",
        Output::Backward => "df",
        Output::TrueDerivative => "true",
    }
}

/// Where the three frameworks disagree on `formula` at `xs` (ascending), output by
/// output: `f`, then `df`, then the true derivative, each from left to right.
pub fn at<F: Real>(formula: &Formula, xs: &[F]) -> Vec<Difference> {
    let evaluations =
        Framework::ALL.map(|framework| formula.with_framework(framework).evaluate(xs));
    let widen = |values: &[F]| -> Vec<f64> { values.iter().map(|v| v.to_f64_lossless()).collect() };
    let outputs = [
        (
            Output::Value,
            evaluations.each_ref().map(|e| widen(&e.value)),
        ),
        (
            Output::Backward,
            evaluations.each_ref().map(|e| widen(&e.gradient)),
        ),
        (
            Output::TrueDerivative,
            evaluations.each_ref().map(|e| widen(&e.true_gradient)),
        ),
    ];
    let xs: Vec<f64> = xs.iter().map(|x| x.to_f64_lossless()).collect();
    outputs
        .iter()
        .flat_map(|(output, columns)| runs(*output, &xs, columns, F::DTYPE))
        .collect()
}

/// The runs of consecutive x where `columns` (one per framework) disagree.
fn runs(output: Output, xs: &[f64], columns: &[Vec<f64>; 3], dtype: Dtype) -> Vec<Difference> {
    let values = |i: usize| columns.each_ref().map(|column| column[i]);
    let scale = scale(columns.iter().map(Vec::as_slice));
    let differs = |i: usize| {
        let [a, b, c] = values(i);
        !(agree(a, b, dtype, scale) && agree(a, c, dtype, scale))
    };
    let mut found: Vec<Difference> = Vec::new();
    let mut previous_differed = false;
    for (i, &x) in xs.iter().enumerate() {
        let differed = differs(i);
        match (differed, previous_differed, found.last_mut()) {
            (true, true, Some(run)) => run.to = x,
            (true, _, _) => found.push(Difference {
                output,
                from: x,
                to: x,
                values: values(i),
            }),
            _ => {}
        }
        previous_differed = differed;
    }
    found
}

/// How the three frameworks compare on a view's formula over its range.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// Left end of the range compared.
    pub from: f64,
    /// Right end of the range compared.
    pub to: f64,
    /// How many distinct x were compared.
    pub points: usize,
    /// Where they disagree; empty when they agree everywhere compared.
    pub differences: Vec<Difference>,
}

impl Comparison {
    /// The comparison of a formula view, in its dtype over its range; `None` when the
    /// view's estimator is not a formula.
    pub fn of(view: &View) -> Result<Option<Comparison>, String> {
        let Some(formula) = view.estimator.formula() else {
            return Ok(None);
        };
        let xs = points(view, formula)?;
        let differences = match view.dtype {
            Dtype::F32 => at(formula, &xs.iter().map(|&x| x as f32).collect::<Vec<_>>()),
            Dtype::F64 => at(formula, &xs),
        };
        Ok(Some(Comparison {
            from: view.from,
            to: view.to,
            points: xs.len(),
            differences,
        }))
    }

    /// One sentence: that the three agree, or how many places they disagree at and
    /// what each framework gives at the first few. Outputs that disagree at the same
    /// x with the same values are named together (`df and the true derivative`).
    pub fn describe(&self) -> String {
        let range = format!("[{}, {}]", format_short(self.from), format_short(self.to));
        let places = self.places();
        if places.is_empty() {
            return format!(
                "TensorFlow, PyTorch and JAX agree on f, df and the true derivative at all {} x compared in {range}, the jumps and kinks included.",
                self.points
            );
        }
        let mut described: Vec<String> = places
            .iter()
            .take(DESCRIBED)
            .map(|(outputs, difference)| difference.describe(&and_list(outputs)))
            .collect();
        let more = places.len().saturating_sub(DESCRIBED);
        if more > 0 {
            described.push(format!("and {more} more"));
        }
        let count = match places.len() {
            1 => "1 place".to_string(),
            n => format!("{n} places"),
        };
        format!(
            "TensorFlow, PyTorch and JAX disagree at {count} in {range}: {}.",
            described.join("; ")
        )
    }

    /// The differences with the same x and values merged, each with the names of
    /// its outputs.
    fn places(&self) -> Vec<(Vec<&'static str>, &Difference)> {
        let mut places: Vec<(Vec<&'static str>, &Difference)> = Vec::new();
        for difference in &self.differences {
            let name = match difference.output {
                Output::TrueDerivative => "the true derivative",
                other => output_name(other),
            };
            match places
                .iter_mut()
                .find(|(_, d)| d.same_place_and_values(difference))
            {
                Some((names, _)) => names.push(name),
                None => places.push((vec![name], difference)),
            }
        }
        places
    }
}

/// Names joined as English lists them: `a`, `a and b`, `a, b and c`.
fn and_list(names: &[&str]) -> String {
    match names {
        [rest @ .., last] if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

/// Whether two values are the same number (NaN with NaN, 0 apart from -0).
fn same_value(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

impl Difference {
    fn same_place_and_values(&self, other: &Difference) -> bool {
        self.from == other.from
            && self.to == other.to
            && (0..3).all(|k| same_value(self.values[k], other.values[k]))
    }

    /// `df at x = 0: 1 in TensorFlow, 0.5 in PyTorch and JAX`, or for a run `df on
    /// [-3, -0.003] (at -3: ...)`, `outputs` naming what disagrees.
    fn describe(&self, outputs: &str) -> String {
        let values = self.values_in_words();
        if self.from == self.to {
            format!("{outputs} at x = {}: {values}", format_short(self.from))
        } else {
            format!(
                "{outputs} on [{}, {}] (at {}: {values})",
                format_short(self.from),
                format_short(self.to),
                format_short(self.from)
            )
        }
    }

    /// The values grouped by framework: `1 in TensorFlow, 0.5 in PyTorch and JAX`.
    fn values_in_words(&self) -> String {
        let mut groups: Vec<(f64, Vec<&str>)> = Vec::new();
        for (&value, framework) in self.values.iter().zip(Framework::ALL) {
            match groups.iter_mut().find(|(v, _)| same_value(*v, value)) {
                Some((_, names)) => names.push(framework.label()),
                None => groups.push((value, vec![framework.label()])),
            }
        }
        groups
            .iter()
            .map(|(value, names)| {
                format!(
                    "{} in {}",
                    crate::session::format_value(*value),
                    and_list(names)
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The x a view's formula is compared at, ascending and distinct, as values of the
/// view's dtype (held in f64).
fn points(view: &View, formula: &Formula) -> Result<Vec<f64>, String> {
    // `+ 0.0` makes -0 the x = 0 a person reads.
    let in_dtype = |x: f64| match view.dtype {
        Dtype::F32 => f64::from(x as f32) + 0.0,
        Dtype::F64 => x + 0.0,
    };
    let step = (view.to - view.from) / (EVEN_POINTS - 1) as f64;
    let mut xs: Vec<f64> = (0..EVEN_POINTS)
        .map(|i| view.from + step * i as f64)
        .chain([view.to, 0.0])
        .chain(formula.numbers().into_iter().flat_map(|n| [n, -n]))
        .collect();
    for framework in Framework::ALL {
        let alone = View {
            estimator: Estimator::Formula(Arc::new(formula.with_framework(framework))),
            pins: Vec::new(),
            show: Show::NONE,
            ..view.clone()
        };
        let samples = sampling::sample(&alone, JUMP_SEARCH_WIDTH_PX)?;
        let main = samples.main;
        xs.extend(
            main.forward_jumps
                .iter()
                .chain(&main.backward_jumps)
                .map(|j| j.x),
        );
    }
    let mut xs: Vec<f64> = xs
        .into_iter()
        .map(in_dtype)
        .filter(|x| (view.from..=view.to).contains(x))
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    Ok(xs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(spec: &str, from: f64, to: f64, dtype: Dtype) -> View {
        sampling::tests::view(spec, from, to, dtype, Show::NONE)
    }

    /// The comparison of a formula view.
    fn compared(spec: &str, from: f64, to: f64, dtype: Dtype) -> Comparison {
        Comparison::of(&view(spec, from, to, dtype))
            .expect("the view samples")
            .expect("a formula view")
    }

    /// Where the comparison finds `df` to differ.
    fn in_df(comparison: &Comparison) -> Vec<&Difference> {
        comparison
            .differences
            .iter()
            .filter(|d| d.output == Output::Backward)
            .collect()
    }

    #[test]
    fn the_tie_of_maximum_is_found_at_zero_where_no_even_sample_falls() {
        // 2001 points over [-3.1, 2.9] miss 0; the jump of df at the kink finds it.
        let comparison = compared("tf: maximum(x, zeros_like(x))", -3.1, 2.9, Dtype::F64);
        let df = in_df(&comparison);
        assert_eq!(df.len(), 1, "{comparison:?}");
        assert_eq!((df[0].from, df[0].to), (0.0, 0.0));
        assert_eq!(df[0].values, [1.0, 0.5, 0.5]);
        assert!(comparison
            .differences
            .iter()
            .all(|d| d.output != Output::Value));
        assert_eq!(
            comparison.describe(),
            "TensorFlow, PyTorch and JAX disagree at 1 place in [-3.1, 2.9]: df and the true derivative at x = 0: 1 in TensorFlow, 0.5 in PyTorch and JAX."
        );
    }

    #[test]
    fn clip_bounds_written_with_a_parameter_are_compared_at_both_signs() {
        let spec = "torch: clip(x, -lam, lam); lam = 1.25 in [0, 3]";
        let comparison = compared(spec, -3.0, 3.0, Dtype::F32);
        let places: Vec<(f64, f64)> = in_df(&comparison).iter().map(|d| (d.from, d.to)).collect();
        assert_eq!(places, [(-1.25, -1.25), (1.25, 1.25)]);
    }

    #[test]
    fn a_region_where_only_some_frameworks_give_nan_is_one_run() {
        let spec = "tf: where(x > 0, sqrt(x), zeros_like(x))";
        let comparison = compared(spec, -2.0, 2.0, Dtype::F64);
        let df = in_df(&comparison);
        assert_eq!(df.len(), 1, "{df:?}");
        assert_eq!(df[0].from, -2.0);
        // At 0 itself TensorFlow's select still gives 0; PyTorch and JAX give 0 * inf.
        assert_eq!(df[0].to, 0.0);
        assert_eq!(df[0].values[0], 0.0);
        assert!(df[0].values[1].is_nan() && df[0].values[2].is_nan());
        assert!(
            comparison
                .describe()
                .contains("df and the true derivative on [-2, 0]"),
            "{}",
            comparison.describe()
        );
    }

    #[test]
    fn identical_rules_agree_and_say_how_much_was_compared() {
        let comparison = compared("jax: sigmoid(4 * x)", -3.0, 3.0, Dtype::F64);
        assert_eq!(comparison.differences, []);
        assert!(comparison.points >= EVEN_POINTS);
        assert!(comparison
            .describe()
            .starts_with("TensorFlow, PyTorch and JAX agree"));
    }

    #[test]
    fn a_catalog_view_has_no_comparison() {
        assert_eq!(Comparison::of(&View::default()).unwrap(), None);
    }

    #[test]
    fn agreement_is_nan_with_nan_and_close_finite_values_only() {
        assert!(agree(f64::NAN, f64::NAN, Dtype::F64, 1.0));
        assert!(agree(f64::INFINITY, f64::INFINITY, Dtype::F64, 1.0));
        assert!(agree(0.0, -0.0, Dtype::F64, 1.0));
        assert!(!agree(f64::NAN, 0.0, Dtype::F64, 1.0));
        assert!(!agree(f64::INFINITY, 1e308, Dtype::F64, 1.0));
        assert!(agree(1.0, 1.0 + 1e-10, Dtype::F64, 1.0));
        assert!(agree(1.0, 1.00001, Dtype::F32, 1.0));
        assert!(!agree(1.0, 1.00001, Dtype::F64, 1.0));
        assert!(!agree(1.0, 1.001, Dtype::F32, 1.0));
        // Rounding noise near 0 on a curve that peaks at 12.5 is not a disagreement.
        assert!(!agree(0.0, 7.6e-6, Dtype::F32, 1.0));
        assert!(agree(0.0, 7.6e-6, Dtype::F32, 12.5));
        assert_eq!(scale([&[0.5, f64::NAN][..], &[-12.5, f64::INFINITY]]), 12.5);
        assert_eq!(scale([&[0.25][..]]), 1.0);
    }
}
