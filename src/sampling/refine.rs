//! Bisection of the steps between neighbouring samples that the plain grid draws
//! wrong: steps larger than [`REFINE_FRACTION`] of the curve's height (a narrow peak
//! such as the gradient of a steep sigmoid then reaches its true height), and chords
//! that may miss a corner between samples by more than [`CORNER_FRACTION`] of the
//! height per pixel of plot width (a kink the catalog does not list, such as soft
//! rounding's derivative at each integer). Curves that alias are left alone:
//! bisecting noise would only add noise.

use std::cmp::Ordering;

use crate::estimator::BoundOutput;
use crate::real::Real;

use super::aliasing::{turns, turns_too_often};

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

/// A point bisection found, strictly between samples `step - 1` and `step`.
#[derive(Clone, Copy)]
pub(super) struct Refined<F> {
    /// The index of the sample the point precedes.
    pub(super) step: usize,
    /// Where the point is.
    pub(super) x: F,
    /// The curve's value there.
    pub(super) y: F,
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

    /// The points bisection of `eval` finds strictly between samples `i - 1` and
    /// `i`, for each `i` of `steps` (each at least 1): ascending in x, each with the
    /// `i` of its step. The chord's miss is first estimated from the second
    /// differences of the neighbouring samples. Every step is bisected at once, one
    /// level at a time: one evaluation over a slice per level, not one per point.
    pub(super) fn points(
        &self,
        eval: BoundOutput<'_, F>,
        steps: impl Iterator<Item = usize>,
    ) -> Vec<Refined<F>> {
        let mut pending: Vec<(usize, Step<F>)> = steps
            .map(|i| {
                let j = i - 1;
                let step = Step {
                    left: (self.xs[j], self.values[j]),
                    right: (self.xs[i], self.values[i]),
                    miss: self.bend(j).max(self.bend(i)) * F::c(0.25),
                };
                (i, step)
            })
            .collect();
        let mut found = Vec::new();
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        for _ in 0..REFINE_DEPTH {
            let bisected: Vec<(usize, Step<F>, F)> = pending
                .iter()
                .filter_map(|&(i, step)| Some((i, step, step.middle(self.tolerance)?)))
                .collect();
            if bisected.is_empty() {
                break;
            }
            xs.clear();
            xs.extend(bisected.iter().map(|&(_, _, x)| x));
            ys.resize(xs.len(), F::zero());
            eval.over(&xs, &mut ys);
            pending.clear();
            for (&(i, step, x), &y) in bisected.iter().zip(&ys) {
                found.push(Refined { step: i, x, y });
                pending.extend(step.halves((x, y)).map(|half| (i, half)));
            }
        }
        found.sort_by(|a, b| {
            a.step
                .cmp(&b.step)
                .then(a.x.partial_cmp(&b.x).unwrap_or(Ordering::Equal))
        });
        found
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

impl<F: Real> Step<F> {
    /// The x halfway between the step's ends, if the step's change or its chord's
    /// estimated miss exceeds `tolerance`, both ends are finite, and the middle is
    /// strictly between them in the dtype.
    fn middle(&self, tolerance: Tolerance<F>) -> Option<F> {
        let Step { left, right, miss } = *self;
        let change = (right.1 - left.1).abs();
        let both_finite = left.1.is_finite() && right.1.is_finite();
        let fits = change <= tolerance.step && (miss <= tolerance.miss || miss.is_nan());
        if !both_finite || fits {
            return None;
        }
        let x = left.0 + (right.0 - left.0) * F::c(0.5);
        (x > left.0 && x < right.0).then_some(x)
    }

    /// The two halves of the step either side of `middle`. The miss of each is
    /// estimated as half the distance of the middle point from the chord (exact for a
    /// corner, generous for a smooth curve).
    fn halves(&self, middle: (F, F)) -> [Step<F>; 2] {
        let Step { left, right, .. } = *self;
        let chord = (left.1 + right.1) * F::c(0.5);
        let miss = (middle.1 - chord).abs() * F::c(0.5);
        [
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
        ]
    }
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

    #[test]
    fn a_corner_between_samples_is_found_and_every_segment_stays_ascending() {
        // The formula's corner at 0.301 is listed nowhere and falls between samples.
        let v = view("tf: abs(x - 0.301)", -1.0, 1.0, Dtype::F64, Show::default());
        let samples = sample(&v, 200).unwrap();
        let last = (samples.sample_count - 1) as f64;
        let on_grid = (0..samples.sample_count)
            .map(|i| (-1.0 + 2.0 * i as f64 / last - 0.301).abs())
            .fold(f64::INFINITY, f64::min);
        let forward = &samples.main.forward;
        let lowest = forward.points().fold(f64::INFINITY, |m, (_, y)| m.min(y));
        assert!(
            lowest < on_grid / 4.0,
            "corner drawn at {lowest}, {on_grid} on the grid"
        );
        for spec in ["tf: abs(x - 0.301)", "sigmoid_round(slope=1000)"] {
            let v = view(spec, -3.0, 3.0, Dtype::F32, Show::default());
            let samples = sample(&v, 400).unwrap();
            let curves = [&samples.main.forward, &samples.main.backward];
            for segment in curves.iter().flat_map(|curve| &curve.segments) {
                assert!(
                    segment.windows(2).all(|w| w[0].0 < w[1].0),
                    "{spec}: a segment goes back in x"
                );
            }
        }
    }
}
