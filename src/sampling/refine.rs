//! Bisection of the steps between neighbouring samples that the plain grid draws
//! wrong: steps larger than [`REFINE_FRACTION`] of the curve's height (a narrow peak
//! such as the gradient of a steep sigmoid then reaches its true height), and chords
//! that may miss a corner between samples by more than [`CORNER_FRACTION`] of the
//! height per pixel of plot width (a kink the catalog does not list, such as soft
//! rounding's derivative at each integer). Curves that alias are left alone:
//! bisecting noise would only add noise.

use crate::estimator::BoundOutput;
use crate::real::Real;

use super::aliasing::{turns, turns_too_often};
use super::reduce::CurveBuilder;

/// A step between neighbouring samples larger than this fraction of the curve's
/// finite height is bisected.
pub(super) const REFINE_FRACTION: f64 = 0.02;

/// A chord that may miss the curve by more than this fraction of the curve's finite
/// height per pixel of plot width is bisected: drawn in a panel as tall as the plot
/// is wide, it then misses by at most 1/20 pixel.
pub(super) const CORNER_FRACTION: f64 = 0.05;

/// How many times one step may be bisected (at most 2^depth - 1 extra points).
pub(super) const REFINE_DEPTH: u32 = 7;

/// When a step between two samples is bisected.
#[derive(Clone, Copy)]
struct Tolerance<F> {
    /// The largest change of value left alone.
    step: F,
    /// The largest estimated miss of the chord left alone.
    miss: F,
}

/// A step between two neighbouring points of a curve, and how far its chord may miss
/// the curve between them.
#[derive(Clone, Copy)]
struct Step<F> {
    left: (F, F),
    right: (F, F),
    miss: F,
}

/// Refines the steps between the samples of one curve.
pub(super) struct Refiner<'v, F> {
    xs: &'v [F],
    values: &'v [F],
    tolerance: Tolerance<F>,
}

impl<'v, F: Real> Refiner<'v, F> {
    /// The refiner of the curve sampled as `values` at `xs`, on a plot `width_px`
    /// wide; `None` when the values have no finite height or alias.
    pub(super) fn new(xs: &'v [F], values: &'v [F], width_px: usize) -> Option<Self> {
        let tolerance = tolerance(values, width_px)?;
        Some(Refiner {
            xs,
            values,
            tolerance,
        })
    }

    /// Pushes to `builder` the points that bisection of `eval` finds strictly between
    /// samples `i - 1` and `i` (`i` at least 1), in ascending x. The chord's miss is
    /// first estimated from the second differences of the neighbouring samples.
    pub(super) fn between(
        &self,
        eval: BoundOutput<'_, F>,
        i: usize,
        builder: &mut CurveBuilder<'_, F>,
    ) {
        let j = i - 1;
        let step = Step {
            left: (self.xs[j], self.values[j]),
            right: (self.xs[i], self.values[i]),
            miss: self.bend(j).max(self.bend(i)) * F::c(0.25),
        };
        refine(eval, step, self.tolerance, REFINE_DEPTH, builder);
    }

    /// The second difference of the samples around `k` (0 at either end).
    fn bend(&self, k: usize) -> F {
        let values = self.values;
        match (k.checked_sub(1), values.get(k + 1)) {
            (Some(j), Some(&next)) => (values[j] - values[k] - values[k] + next).abs(),
            _ => F::zero(),
        }
    }
}

/// The tolerances worth refining for these values, on a plot `width_px` wide, if
/// they have a finite height and do not alias (bisecting noise would only add
/// noise).
fn tolerance<F: Real>(values: &[F], width_px: usize) -> Option<Tolerance<F>> {
    let wide = values.iter().map(|v| v.to_f64_lossless());
    if turns_too_often(turns(wide), values.len()) {
        return None;
    }
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let (low, high) = finite.fold((None, None), |(low, high): (Option<F>, Option<F>), v| {
        (
            Some(low.map_or(v, |l| l.min(v))),
            Some(high.map_or(v, |h| h.max(v))),
        )
    });
    let height = high? - low?;
    (height > F::zero()).then(|| Tolerance {
        step: height * F::c(REFINE_FRACTION),
        miss: height * F::c(CORNER_FRACTION / width_px.max(1) as f64),
    })
}

/// Pushes the points strictly between the ends of `step` that bisection finds
/// wherever the step's change or the chord's estimated miss exceeds `tolerance`, in
/// ascending x. The miss of each half is estimated as half the distance of the
/// middle point from the chord (exact for a corner, generous for a smooth curve).
fn refine<F: Real>(
    eval: BoundOutput<'_, F>,
    step: Step<F>,
    tolerance: Tolerance<F>,
    depth: u32,
    builder: &mut CurveBuilder<'_, F>,
) {
    let Step { left, right, miss } = step;
    let change = (right.1 - left.1).abs();
    let both_finite = left.1.is_finite() && right.1.is_finite();
    let fits = change <= tolerance.step && (miss <= tolerance.miss || miss.is_nan());
    if depth == 0 || !both_finite || fits {
        return;
    }
    let x = left.0 + (right.0 - left.0) * F::c(0.5);
    if !(x > left.0 && x < right.0) {
        return;
    }
    let middle = (x, eval.at(x));
    let chord = (left.1 + right.1) * F::c(0.5);
    let miss = (middle.1 - chord).abs() * F::c(0.5);
    let halves = [
        Step {
            left,
            right: middle,
            miss,
        },
        Step {
            left: middle,
            right,
            miss,
        },
    ];
    refine(eval, halves[0], tolerance, depth - 1, builder);
    builder.push(middle.0.to_f64_lossless(), middle.1.to_f64_lossless());
    refine(eval, halves[1], tolerance, depth - 1, builder);
}

#[cfg(test)]
mod tests {
    use crate::real::Dtype;
    use crate::sampling::sample;
    use crate::sampling::tests::view;
    use crate::view::Show;

    #[test]
    fn narrow_peaks_are_refined_to_their_true_height() {
        // slope 1000: the gradient peak (250 at x = 0.5) is a few thousandths wide,
        // about one sample spacing at 400 px over [-3, 3].
        let v = view(
            "sigmoid_round(slope=1000)",
            -3.0,
            3.0,
            Dtype::F64,
            Show::default(),
        );
        let peak = sample(&v, 400)
            .unwrap()
            .main
            .backward
            .points()
            .fold(0f64, |m, (_, y)| m.max(y));
        assert!(peak > 0.97 * 250.0, "peak drawn at {peak}");
    }
}
