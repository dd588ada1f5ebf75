//! The data of a picture, without drawing it: every curve of a [`View`] sampled for a
//! plot of a given width in device pixels.
//!
//! - About [`SAMPLES_PER_PIXEL`] samples per pixel column by default, never fewer than
//!   one per column, at most [`MAX_SAMPLES`].
//! - Each curve is split into separate segments at the catalog's jumps
//!   ([`Estimator::forward_breaks`], [`Estimator::backward_breaks`]), so that nothing
//!   draws a line across a jump; kinks are sampled exactly, so corners stay sharp.
//! - Non-finite values (NaN, ±inf) split segments too, and are collected per curve as
//!   x-intervals ([`NonFiniteRegion`]) for the figure to shade.
//! - At each forward jump a [`JumpMark`] holds both one-sided limits and the value at
//!   the jump itself (which side holds it is the whole of H(0) = 0 versus 1); the true
//!   derivative has a Dirac [`Delta`] there.
//! - Dense curves are reduced to at most four points (first, min, max, last) per pixel
//!   column, so a curve has O(width) points whatever the number of samples, and keeps
//!   its extremes.
//! - By default a curve gets [`SAMPLES_PER_PIXEL`] samples per column, or
//!   [`MAX_SAMPLES`] where that few alias; a [`Cache`] keeps the curves of the last
//!   pictures, so that a redraw computes only the curves whose inputs changed.
//!
//! Every value is computed in the view's dtype ([`Estimator::bind`]) and widened
//! (exactly) to `f64` only to be stored for drawing.
//!
//! [`Estimator::forward_breaks`]: crate::Estimator::forward_breaks
//! [`Estimator::backward_breaks`]: crate::Estimator::backward_breaks
//! [`Estimator::bind`]: crate::Estimator::bind
//!
//! The work is split one concept a module: `plan` (the grid of a plot and where one
//! curve is evaluated: breaks resolved, jump limits), `curves` (a plan's values made
//! into a curve, its finite difference or its running integral), `refine` (bisection
//! of steep steps and of corners, and its tolerances), `reduce` (segments, non-finite
//! regions and the per-column reduction of dense curves), `aliasing` (when samples
//! are too sparse for a curve), `cache` (the curves kept between pictures, under a
//! typed key of everything they depend on) and `sampler` (the curves of one view,
//! each taken from the cache or computed, and how many samples they get).

use serde::Serialize;

use crate::real::Dtype;
use crate::view::View;

mod aliasing;
mod cache;
mod curves;
mod jumps;
mod plan;
mod reduce;
mod refine;
mod sampler;

pub(crate) use aliasing::turns;
pub use cache::Cache;

/// Default samples per device pixel of plot width.
pub const SAMPLES_PER_PIXEL: usize = 2;

/// Most samples a curve may be computed from.
pub const MAX_SAMPLES: usize = 1_000_000;

/// Breaks closer together than this many pixels, on average, are too dense to draw
/// one by one: the curve is then drawn as sampled, without splits, dots or deltas.
pub const MIN_BREAK_SPACING_PX: f64 = 8.0;

/// Which non-finite value a region holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum NonFiniteKind {
    /// Not a number.
    NaN,
    /// Positive infinity.
    PosInf,
    /// Negative infinity.
    NegInf,
}

impl NonFiniteKind {
    /// The kind of a value, or `None` when it is finite.
    pub fn of(value: f64) -> Option<Self> {
        if value.is_nan() {
            Some(NonFiniteKind::NaN)
        } else if value == f64::INFINITY {
            Some(NonFiniteKind::PosInf)
        } else if value == f64::NEG_INFINITY {
            Some(NonFiniteKind::NegInf)
        } else {
            None
        }
    }

    /// The label a plot shows on the region: `NaN`, `+inf` or `-inf`.
    pub fn label(self) -> &'static str {
        match self {
            NonFiniteKind::NaN => "NaN",
            NonFiniteKind::PosInf => "+inf",
            NonFiniteKind::NegInf => "-inf",
        }
    }
}

/// An x-interval where a curve's samples are all of one non-finite kind: from the
/// first such sample to the last (equal for a single sample).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct NonFiniteRegion {
    /// The first non-finite sample's x.
    pub from: f64,
    /// The last non-finite sample's x.
    pub to: f64,
    /// NaN, +inf or -inf.
    pub kind: NonFiniteKind,
}

/// One sampled curve: the finite points, in separate segments wherever the curve
/// jumps or is not finite, and the regions where it is not finite.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Curve {
    /// Polylines of `(x, y)` points in ascending x, all finite.
    pub segments: Vec<Vec<(f64, f64)>>,
    /// Where the curve is NaN or infinite, in ascending x.
    pub non_finite: Vec<NonFiniteRegion>,
}

impl Curve {
    /// Every point of every segment.
    pub fn points(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        self.segments.iter().flatten().copied()
    }

    /// How many points the segments hold together.
    pub fn point_count(&self) -> usize {
        self.segments.iter().map(Vec::len).sum()
    }
}

/// A jump of a curve at `x`: its one-sided limits and its value at `x` itself.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct JumpMark {
    /// Where the jump lies.
    pub x: f64,
    /// The limit from the left (evaluated just inside the left side).
    pub left: f64,
    /// The limit from the right (evaluated just inside the right side).
    pub right: f64,
    /// The value at `x` itself: equal to `left`, `right`, or neither.
    pub value: f64,
}

/// A Dirac delta of the true derivative at a forward jump.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Delta {
    /// Where the forward jumps.
    pub x: f64,
    /// The jump's size, right limit minus left limit (its sign gives the arrow's
    /// direction).
    pub size: f64,
}

/// The curves of one estimator: the current one or a pinned one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EstimatorSamples {
    /// Its canonical spec text, which the legend shows.
    pub label: String,
    /// f(x).
    pub forward: Curve,
    /// The backward df/dx that back-propagation uses.
    pub backward: Curve,
    /// The forward's jumps.
    pub forward_jumps: Vec<JumpMark>,
    /// The backward's jumps.
    pub backward_jumps: Vec<JumpMark>,
}

/// The forward's true derivative: 0 almost everywhere for a step, plus deltas.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrueDerivative {
    /// The true derivative where it exists.
    pub curve: Curve,
    /// A delta at each of the forward's jumps.
    pub deltas: Vec<Delta>,
}

/// Everything a picture of a [`View`] draws.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Samples {
    /// Left end of the x range.
    pub from: f64,
    /// Right end of the x range.
    pub to: f64,
    /// The dtype every value was computed in.
    pub dtype: Dtype,
    /// The plot width in device pixels the curves were reduced for.
    pub width_px: usize,
    /// How many evenly spaced samples each curve was computed from (break points come
    /// on top).
    pub sample_count: usize,
    /// The estimator being explored.
    pub main: EstimatorSamples,
    /// The pinned estimators, in the view's order.
    pub pins: Vec<EstimatorSamples>,
    /// The main forward's true derivative, when the view shows it.
    pub true_derivative: Option<TrueDerivative>,
    /// A central finite difference of the main forward, when the view shows it.
    pub finite_difference: Option<Curve>,
    /// The running integral of the main backward anchored at f(from), when the view
    /// shows it.
    pub implied: Option<Curve>,
}

/// The default number of samples for a plot `width_px` device pixels wide.
pub fn default_sample_count(width_px: usize) -> usize {
    width_px.saturating_mul(SAMPLES_PER_PIXEL)
}

/// Samples every curve of `view` for a plot `width_px` device pixels wide, with the
/// default number of samples, or [`MAX_SAMPLES`] where that many alias (see
/// [`Cache::sample`]).
pub fn sample(view: &View, width_px: usize) -> Result<Samples, String> {
    Cache::default().sample(view, width_px, None)
}

/// Samples every curve of `view` from `samples` evenly spaced x (clamped to at least
/// one per pixel column and at most [`MAX_SAMPLES`]), reduced for a plot `width_px`
/// device pixels wide. Fails only on a bad range.
pub fn sample_with(view: &View, width_px: usize, samples: usize) -> Result<Samples, String> {
    Cache::default().sample(view, width_px, Some(samples))
}

impl Samples {
    /// Every curve, the pins' included.
    fn curves(&self) -> impl Iterator<Item = &Curve> {
        let estimators = std::iter::once(&self.main).chain(&self.pins);
        let extras = [
            self.true_derivative.as_ref().map(|t| &t.curve),
            self.finite_difference.as_ref(),
            self.implied.as_ref(),
        ];
        estimators
            .flat_map(|e| [&e.forward, &e.backward])
            .chain(extras.into_iter().flatten())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::view::Show;

    /// A view of `spec` on `[from, to]` in `dtype` with the extra curves `show`.
    pub(crate) fn view(spec: &str, from: f64, to: f64, dtype: Dtype, show: Show) -> View {
        View {
            estimator: spec.parse().expect("a valid spec"),
            pins: Vec::new(),
            from,
            to,
            dtype,
            show,
            ..View::default()
        }
    }

    /// Every extra curve on.
    pub(crate) fn all_curves() -> Show {
        Show {
            true_derivative: true,
            finite_difference: true,
            implied: true,
        }
    }

    #[test]
    fn round_has_a_unit_delta_at_each_half_integer() {
        let samples = sample(&view("round", -2.0, 2.0, Dtype::F64, Show::default()), 800).unwrap();
        let deltas = samples.true_derivative.unwrap().deltas;
        let want: Vec<Delta> = [-1.5, -0.5, 0.5, 1.5]
            .iter()
            .map(|&x| Delta { x, size: 1.0 })
            .collect();
        assert_eq!(deltas, want);
    }

    #[test]
    fn pins_are_sampled_with_their_labels_and_jumps() {
        let mut v = view("soft_round", -1.0, 1.0, Dtype::F64, Show::default());
        v.pins = vec![
            "heaviside(h0=0)/sigmoid".parse().unwrap(),
            "round/identity".parse().unwrap(),
        ];
        let samples = sample(&v, 300).unwrap();
        let labels: Vec<&str> = samples.pins.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["heaviside(h0=0)/sigmoid", "round/identity"]);
        assert_eq!(samples.pins[0].forward_jumps.len(), 1);
        assert_eq!(samples.pins[1].forward.segments.len(), 3);
    }

    #[test]
    fn bad_ranges_and_odd_widths_never_panic() {
        let mut v = view("round", 1.0, 1.0, Dtype::F64, all_curves());
        assert!(sample(&v, 100).is_err());
        v.from = f64::NAN;
        assert!(sample(&v, 100).is_err());
        let tiny = view("heaviside", -1e-12, 1e-12, Dtype::F32, all_curves());
        assert!(sample(&tiny, 0).is_ok());
        let huge = view(
            "sigmoid_round_naive(slope=1e6)",
            -1e6,
            1e6,
            Dtype::F32,
            all_curves(),
        );
        let samples = sample(&huge, 50).unwrap();
        assert!(!samples.main.forward.non_finite.is_empty());
    }
}
