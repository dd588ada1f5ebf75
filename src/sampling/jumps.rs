//! Jumps found numerically, for curves no catalog entry lists the breaks of (a
//! formula's `f`, its `df` and its true derivative: a `round`, a `sign`, a `where`).
//!
//! 1. Scan: on the plot's grid, a step `|y[i+1] - y[i]|` between finite values is a
//!    candidate when it is more than [`STEEP_FACTOR`] times the smaller of its two
//!    neighbouring steps, more than [`NOISE_SHARE`] of the curve's finite range and
//!    more than [`NOISE_ULPS`] units in the last place of its ends (so rounding
//!    noise on a flat curve is not one).
//! 2. Bisect: each candidate interval is halved, keeping the half whose ends differ
//!    more, until its ends are adjacent floats of the dtype (halving the distance in
//!    the floats' order, so at most about 64 steps, however close to 0); all
//!    candidates are halved together, one evaluation of all their middles a round.
//! 3. Classify: the step is a jump when the adjacent floats still differ by at least
//!    [`JUMP_SHARE`] of the grid step; a steep but continuous curve (a sigmoid of
//!    slope 10^6) shrinks its difference with the interval and is not split.
//!
//! The jump is placed at whichever of the two adjacent floats is rounder (more
//! trailing zero bits), so `round` jumps at 0.5 and `where(x > 0, 1, 0)` at 0, and
//! the value there says which side holds it; a jump between floats no larger than
//! the smallest normal one is placed at 0 (TensorFlow and JAX flush subnormals to
//! zero, which moves their jumps at 0 to the edge of the subnormals). More candidates than a plot can show
//! one by one are not bisected: the plan draws such curves as sampled.

use crate::catalog::{Break, BreakKind};
use crate::estimator::BoundOutput;
use crate::real::Real;

use super::plan::Grid;
use super::MIN_BREAK_SPACING_PX;

/// How many times larger than its smaller neighbour a step must be to be bisected.
pub(super) const STEEP_FACTOR: f64 = 8.0;

/// The share of a curve's finite range below which a step is rounding noise.
pub(super) const NOISE_SHARE: f64 = 1e-6;

/// Steps of at most this many units in the last place of their ends are rounding.
pub(super) const NOISE_ULPS: f64 = 4.0;

/// The share of its grid step that adjacent floats must still differ by for the
/// step to be a jump.
pub(super) const JUMP_SHARE: f64 = 0.5;

/// A curve's breaks on a grid and, when finding them took them, its values at the
/// grid's x (for [`Plan::knowing`](super::plan::Plan::knowing)).
pub(super) struct Found<F> {
    /// The breaks, ascending, each once.
    pub(super) breaks: Vec<Break>,
    /// The curve at every x of the grid.
    pub(super) grid_values: Option<Vec<F>>,
}

/// The jumps of `eval` on `grid`, ascending, each once, and `eval` on the grid.
pub(super) fn find<F: Real>(grid: &Grid<F>, eval: BoundOutput<'_, F>) -> Found<F> {
    let xs = &grid.xs;
    let mut ys = vec![F::zero(); xs.len()];
    eval.over(xs, &mut ys);
    let candidates = candidates(&ys);
    let mut jumps = if candidates.len() as f64 * MIN_BREAK_SPACING_PX > grid.width_px as f64 {
        Vec::new()
    } else {
        let steps = candidates
            .into_iter()
            .map(|i| Bisection::new((xs[i], ys[i]), (xs[i + 1], ys[i + 1])))
            .collect();
        bisect(eval, steps)
    };
    jumps.dedup();
    let breaks = jumps
        .into_iter()
        .map(|x| Break {
            x,
            kind: BreakKind::Jump,
        })
        .collect();
    Found {
        breaks,
        grid_values: Some(ys),
    }
}

/// The indices `i` of the steps from `ys[i]` to `ys[i + 1]` worth bisecting.
fn candidates<F: Real>(ys: &[F]) -> Vec<usize> {
    let finite = ys
        .iter()
        .map(|y| y.to_f64_lossless())
        .filter(|y| y.is_finite());
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), y| {
        (lo.min(y), hi.max(y))
    });
    let noise = NOISE_SHARE * (hi - lo);
    let ulp = F::epsilon().to_f64_lossless();
    let steps: Vec<f64> = ys
        .windows(2)
        .map(|w| {
            let (a, b) = (w[0].to_f64_lossless(), w[1].to_f64_lossless());
            let size = (b - a).abs();
            let rounding = NOISE_ULPS * ulp * a.abs().max(b.abs());
            if size > rounding {
                size
            } else {
                0.0
            }
        })
        .collect();
    let step = |i: Option<usize>| {
        i.and_then(|i| steps.get(i).copied())
            .filter(|s| s.is_finite())
    };
    (0..steps.len())
        .filter(|&i| {
            let size = steps[i];
            let neighbour = match (step(i.checked_sub(1)), step(Some(i + 1))) {
                (Some(a), Some(b)) => a.min(b),
                (Some(a), None) | (None, Some(a)) => a,
                (None, None) => 0.0,
            };
            size.is_finite() && size > noise && size > STEEP_FACTOR * neighbour
        })
        .collect()
}

/// One candidate step being bisected: its ends (x and value each) and its size
/// at the start.
struct Bisection<F> {
    a: (F, F),
    b: (F, F),
    first: f64,
    /// Whether a middle value was not finite (the step is then no jump).
    met_non_finite: bool,
}

impl<F: Real> Bisection<F> {
    fn new(a: (F, F), b: (F, F)) -> Self {
        Bisection {
            a,
            b,
            first: size(a, b),
            met_non_finite: false,
        }
    }

    /// The next x to evaluate, if the bisection goes on.
    fn next_x(&self) -> Option<F> {
        (!self.met_non_finite)
            .then(|| between(self.a.0, self.b.0))
            .flatten()
    }

    /// Keeps the half whose ends differ more.
    fn take(&mut self, middle: (F, F)) {
        if !middle.1.is_finite() {
            self.met_non_finite = true;
        } else if size(self.a, middle) >= size(middle, self.b) {
            self.b = middle;
        } else {
            self.a = middle;
        }
    }

    /// The jump, if the step stayed at least [`JUMP_SHARE`] of its size down to
    /// adjacent floats.
    fn jump(&self) -> Option<f64> {
        if self.met_non_finite {
            return None;
        }
        let (a, b) = (self.a, self.b);
        let near_zero = a.0.abs().max(b.0.abs()) <= F::min_positive_value();
        let at = if near_zero {
            F::zero()
        } else {
            rounder(a.0, b.0)
        };
        (size(a, b) >= JUMP_SHARE * self.first).then(|| at.to_f64_lossless())
    }
}

/// The size of the step between two points.
fn size<F: Real>(a: (F, F), b: (F, F)) -> f64 {
    (b.1.to_f64_lossless() - a.1.to_f64_lossless()).abs()
}

/// The jumps among `steps`, each halved (keeping the half whose ends differ more)
/// until its ends are adjacent floats; a steep but continuous step, or one that
/// meets a non-finite value, is none. The steps are halved together, one call of
/// `eval` on all their middles a round.
fn bisect<F: Real>(eval: BoundOutput<'_, F>, mut steps: Vec<Bisection<F>>) -> Vec<f64> {
    let mut middles: Vec<(usize, F)> = Vec::with_capacity(steps.len());
    let mut xs = Vec::with_capacity(steps.len());
    let mut ys = Vec::with_capacity(steps.len());
    loop {
        middles.clear();
        middles.extend(
            steps
                .iter()
                .enumerate()
                .filter_map(|(i, step)| Some((i, step.next_x()?))),
        );
        if middles.is_empty() {
            break;
        }
        xs.clear();
        xs.extend(middles.iter().map(|&(_, x)| x));
        ys.clear();
        ys.resize(xs.len(), F::zero());
        eval.over(&xs, &mut ys);
        for (&(i, x), &y) in middles.iter().zip(&ys) {
            steps[i].take((x, y));
        }
    }
    steps.iter().filter_map(Bisection::jump).collect()
}

/// A float of `F` strictly between `a < b`, near the middle of the floats between
/// them; `None` when they are adjacent.
fn between<F: Real>(a: F, b: F) -> Option<F> {
    let (ka, kb) = (
        order_key(a.to_f64_lossless()),
        order_key(b.to_f64_lossless()),
    );
    let by_order = F::c(from_order_key(ka + (kb - ka) / 2));
    let by_value = a + (b - a) / F::c(2.0);
    [by_order, by_value].into_iter().find(|&m| a < m && m < b)
}

/// The one of two floats with more trailing zero bits: 0.5 rather than the float
/// after it, 0 rather than the smallest subnormal.
fn rounder<F: Real>(a: F, b: F) -> F {
    let zeros = |x: F| {
        let x = x.to_f64_lossless();
        if x == 0.0 {
            u32::MAX
        } else {
            x.to_bits().trailing_zeros()
        }
    };
    if zeros(b) > zeros(a) {
        b
    } else {
        a
    }
}

/// An integer in the order of the f64 values (±0 both at 0), one step per float.
fn order_key(x: f64) -> i128 {
    let magnitude = i128::from(x.to_bits() & !(1 << 63));
    if x.is_sign_negative() {
        -magnitude
    } else {
        magnitude
    }
}

/// The f64 at an [`order_key`].
fn from_order_key(key: i128) -> f64 {
    let magnitude = f64::from_bits(key.unsigned_abs() as u64);
    if key < 0 {
        -magnitude
    } else {
        magnitude
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimator::{Estimator, Output};
    use crate::real::Dtype;
    use crate::sampling::sample;
    use crate::sampling::tests::view;
    use crate::view::Show;

    /// The jumps of `output` of `spec` over `[from, to]` on a 600-pixel plot.
    fn jumps_of<F: Real>(spec: &str, output: Output, from: f64, to: f64) -> Vec<f64> {
        let estimator: Estimator = spec.parse().unwrap();
        let bound = estimator.bind::<F>();
        let grid = Grid::<F>::new(from, to, 600, 1201);
        find(&grid, bound.output(output))
            .breaks
            .into_iter()
            .map(|b| b.x)
            .collect()
    }

    /// Both dtypes agree on `want`.
    fn assert_jumps(spec: &str, output: Output, from: f64, to: f64, want: &[f64]) {
        assert_eq!(
            jumps_of::<f64>(spec, output, from, to),
            want,
            "{spec} in f64"
        );
        assert_eq!(
            jumps_of::<f32>(spec, output, from, to),
            want,
            "{spec} in f32"
        );
    }

    #[test]
    fn round_jumps_at_every_half_integer_in_the_range() {
        let want = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5];
        assert_jumps("tf: round(x)", Output::Value, -3.0, 3.0, &want);
        // The straight-through estimator's forward jumps as round does; its df does not.
        let ste = "torch: x + stop_gradient(round(x) - x)";
        assert_jumps(ste, Output::Value, -3.0, 3.0, &want);
        assert_jumps(ste, Output::Backward, -3.0, 3.0, &[]);
    }

    #[test]
    fn sign_and_where_jump_at_zero_whatever_the_grid() {
        // [-3, 3] puts 0 on the grid, between two steps of 1; [-1, 2.3] does not.
        for (from, to) in [(-3.0, 3.0), (-1.0, 2.3)] {
            assert_jumps("jax: sign(x)", Output::Value, from, to, &[0.0]);
            let step = "tf: where(x > 0, ones_like(x), zeros_like(x))";
            assert_jumps(step, Output::Value, from, to, &[0.0]);
            let gated = "tf: where(x > 0, x + 1, x)";
            assert_jumps(gated, Output::Value, from, to, &[0.0]);
        }
    }

    #[test]
    fn the_value_at_a_found_jump_says_which_side_holds_it() {
        for (spec, at_zero) in [
            ("tf: where(x > 0, ones_like(x), zeros_like(x))", 0.0),
            ("tf: where(x >= 0, ones_like(x), zeros_like(x))", 1.0),
        ] {
            let estimator: Estimator = spec.parse().unwrap();
            let bound = estimator.bind::<f64>();
            assert_eq!(jumps_of::<f64>(spec, Output::Value, -1.0, 1.3), [0.0]);
            assert_eq!(bound.value(0.0), at_zero, "{spec}");
        }
    }

    #[test]
    fn a_kink_is_a_jump_of_the_true_derivative_not_of_f() {
        assert_jumps("torch: relu(x - 0.25)", Output::Value, -1.0, 1.0, &[]);
        assert_jumps(
            "torch: relu(x - 0.25)",
            Output::TrueDerivative,
            -1.0,
            1.0,
            &[0.25],
        );
        assert_jumps("jax: abs(x)", Output::Backward, -1.0, 1.3, &[0.0]);
    }

    #[test]
    fn steep_smooth_sigmoids_are_not_split() {
        for slope in ["10", "1000", "100000", "1e6"] {
            let spec = format!("tf: sigmoid({slope} * x)");
            assert_jumps(&spec, Output::Value, -3.0, 3.0, &[]);
            assert_jumps(&spec, Output::Value, -1.0, 2.3, &[]);
        }
        assert_jumps("jax: tanh(1e5 * (x - 0.3))", Output::Value, -1.0, 1.0, &[]);
    }

    #[test]
    fn smooth_curves_and_rounding_noise_have_no_jumps() {
        assert_jumps("tf: sin(7 * x) + x * x", Output::Value, -3.0, 3.0, &[]);
        assert_jumps("tf: ones_like(x) + 1e-7 * x", Output::Value, -3.0, 3.0, &[]);
    }

    #[test]
    fn a_formulas_jumps_are_drawn_as_jumps_with_deltas_on_its_true_derivative() {
        let show = Show {
            true_derivative: true,
            finite_difference: true,
            implied: true,
        };
        let spec = "tf: x + stop_gradient(round(x) - x)";
        let samples = sample(&view(spec, -2.0, 2.0, Dtype::F32, show), 400).unwrap();
        let main = &samples.main;
        let marks: Vec<(f64, f64, f64, f64)> = main
            .forward_jumps
            .iter()
            .map(|j| (j.x, j.left, j.right, j.value))
            .collect();
        // (x, left, right, value): round halves to even, so round(-0.5) = round(0.5)
        // = 0 holds the side of 0, round(-1.5) = -2 and round(1.5) = 2 the outer one.
        assert_eq!(
            marks,
            [
                (-1.5, -2.0, -1.0, -2.0),
                (-0.5, -1.0, 0.0, 0.0),
                (0.5, 0.0, 1.0, 0.0),
                (1.5, 1.0, 2.0, 2.0),
            ]
        );
        assert_eq!(main.forward.segments.len(), 5);
        assert!(main.backward_jumps.is_empty());
        assert_eq!(main.backward.segments.len(), 1);
        let deltas: Vec<(f64, f64)> = samples
            .true_derivative
            .unwrap()
            .deltas
            .iter()
            .map(|d| (d.x, d.size))
            .collect();
        assert_eq!(deltas, [(-1.5, 1.0), (-0.5, 1.0), (0.5, 1.0), (1.5, 1.0)]);
        assert_eq!(samples.finite_difference.unwrap().segments.len(), 5);
    }

    #[test]
    fn adjacent_floats_are_found_near_zero_in_few_steps() {
        // Halving in the floats' order reaches the smallest subnormal from 1 in
        // about 64 steps, where halving the value would take over a thousand.
        let mut a = 0f64;
        let mut b = 1f64;
        let mut steps = 0;
        while let Some(m) = between(a, b) {
            b = m;
            steps += 1;
            a = a.min(m);
        }
        assert_eq!(b, f64::from_bits(1));
        assert!(steps <= 70, "{steps} steps");
    }
}
