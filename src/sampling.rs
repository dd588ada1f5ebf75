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

use std::collections::HashMap;

use serde::Serialize;

use crate::catalog::{self, Break, BreakKind, TRUE_BACKWARD};
use crate::estimator::{BoundOutput, Estimator, Output};
use crate::real::{Dtype, Real};
use crate::sorted;
use crate::view::{check_range, View};

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

/// A curve with the jumps to mark on it, as kept in a [`Cache`].
#[derive(Clone)]
struct Part {
    curve: Curve,
    jumps: Vec<JumpMark>,
}

/// Curves sampled for earlier pictures, reused while everything they depend on (the
/// function and its parameters, the range, the dtype, the width and the number of
/// samples) is unchanged: while one slider moves, only the curves that depend on it
/// are computed again. It keeps what the last two calls used.
#[derive(Default)]
pub struct Cache {
    parts: HashMap<String, (Part, u64)>,
    calls: u64,
}

impl Cache {
    /// Samples every curve of `view` for a plot `width_px` device pixels wide from
    /// `samples` evenly spaced x, as [`sample_with`]. `None` takes
    /// [`default_sample_count`], unless a curve then aliases (a local extreme at more
    /// than a quarter of its samples: a series of many terms, a sawtooth over a wide
    /// range), when every curve is sampled [`MAX_SAMPLES`] times and reduced to its
    /// extremes per pixel column, which shows the band the curve sweeps.
    pub fn sample(
        &mut self,
        view: &View,
        width_px: usize,
        samples: Option<usize>,
    ) -> Result<Samples, String> {
        check_range(view.from, view.to)?;
        self.calls += 1;
        let width_px = width_px.clamp(1, MAX_SAMPLES);
        let mut count = samples.unwrap_or_else(|| default_sample_count(width_px));
        let mut result = self.sample_count(view, width_px, count);
        if samples.is_none() && result.curves().any(aliases) {
            count = MAX_SAMPLES;
            result = self.sample_count(view, width_px, count);
        }
        let calls = self.calls;
        self.parts.retain(|_, (_, used)| *used + 1 >= calls);
        Ok(result)
    }

    fn sample_count(&mut self, view: &View, width_px: usize, samples: usize) -> Samples {
        let count = samples.clamp(width_px.max(2), MAX_SAMPLES);
        match view.dtype {
            Dtype::F32 => Sampler::<f32>::new(self, view, width_px, count).samples(),
            Dtype::F64 => Sampler::<f64>::new(self, view, width_px, count).samples(),
        }
    }
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

/// Whether a curve turns at more than a quarter of its samples: it changes faster
/// than it was sampled, and the drawing would show noise instead of its shape. (A
/// period that nearly divides the sample spacing aliases to a smooth false curve
/// instead, which this does not see; `--samples` and [`FigureStyle::samples`] then
/// set the count.)
///
/// [`FigureStyle::samples`]: crate::figure::FigureStyle::samples
fn aliases(curve: &Curve) -> bool {
    let points = curve.point_count();
    let turns: usize = curve
        .segments
        .iter()
        .map(|segment| turns(segment.iter().map(|&(_, y)| y)))
        .sum();
    turns_too_often(turns, points)
}

/// How many times a sequence of values changes direction (two neighbouring steps of
/// opposite sign), counted as the values stream by.
pub(crate) fn turns(ys: impl Iterator<Item = f64>) -> usize {
    let mut count = 0;
    let mut previous: Option<(f64, f64)> = None;
    for y in ys {
        if let Some((last, last_step)) = previous {
            let step = y - last;
            count += usize::from(step * last_step < 0.0);
            previous = Some((y, step));
        } else {
            previous = Some((y, 0.0));
        }
    }
    count
}

/// The aliasing rule: turns at more than a quarter of at least 16 points.
fn turns_too_often(turns: usize, points: usize) -> bool {
    points >= 16 && turns * 4 > points
}

/// Samples one view on one grid, taking from the cache what it holds.
struct Sampler<'c, F> {
    cache: &'c mut Cache,
    view: &'c View,
    grid: Grid<F>,
    /// What the grid depends on, the start of every cache key.
    scope: String,
}

/// An entry's id and parameter values as a cache key: `id(v1,v2)`, each value in
/// its shortest form that reads back to the same f64.
fn entry_key(id: &str, values: &[f64]) -> String {
    let values: Vec<String> = values.iter().map(f64::to_string).collect();
    format!("{id}({})", values.join(","))
}

/// The part of a cache key that names a forward and its parameter values.
fn forward_key(estimator: &Estimator) -> String {
    entry_key(estimator.forward.id, &estimator.forward_params)
}

/// The part of a cache key that names a backward: the forward's own derivative
/// depends on the forward.
fn backward_key(estimator: &Estimator) -> String {
    if estimator.backward.id == TRUE_BACKWARD {
        format!("true of {}", forward_key(estimator))
    } else {
        entry_key(estimator.backward.id, &estimator.backward_params)
    }
}

impl<'c, F: Real> Sampler<'c, F> {
    fn new(cache: &'c mut Cache, view: &'c View, width_px: usize, count: usize) -> Self {
        let scope = format!(
            "{} {} {} {width_px} {count}",
            view.from, view.to, view.dtype
        );
        Sampler {
            cache,
            view,
            grid: Grid::new(view.from, view.to, width_px, count),
            scope,
        }
    }

    /// The part named `what` and `key`, from the cache or else from `compute`.
    fn part(&mut self, what: &str, key: &str, compute: impl FnOnce(&Grid<F>) -> Part) -> Part {
        let name = format!("{} {what} {key}", self.scope);
        let calls = self.cache.calls;
        if let Some((part, used)) = self.cache.parts.get_mut(&name) {
            *used = calls;
            return part.clone();
        }
        let part = compute(&self.grid);
        self.cache.parts.insert(name, (part.clone(), calls));
        part
    }

    /// The plan of a curve with `breaks` in the view's range.
    fn breaks(&self, breaks: impl Fn(f64, f64) -> Vec<Break>) -> Vec<Break> {
        breaks(self.view.from, self.view.to)
    }

    fn estimator(&mut self, estimator: &Estimator) -> EstimatorSamples {
        let bound = estimator.bind::<F>();
        let forward_breaks = self.breaks(|a, b| estimator.forward_breaks(a, b));
        let (values, gradients) = (bound.output(Output::Value), bound.output(Output::Backward));
        let forward = self.part("f", &forward_key(estimator), |grid| {
            let plan = Plan::new(grid, forward_breaks);
            Part {
                curve: plan.curve(values),
                jumps: plan.jump_marks(values),
            }
        });
        let backward_breaks = self.breaks(|a, b| estimator.backward_breaks(a, b));
        let backward = self.part("df", &backward_key(estimator), |grid| {
            let plan = Plan::new(grid, backward_breaks);
            Part {
                curve: plan.curve(gradients),
                jumps: plan.jump_marks(gradients),
            }
        });
        EstimatorSamples {
            label: estimator.to_string(),
            forward: forward.curve,
            backward: backward.curve,
            forward_jumps: forward.jumps,
            backward_jumps: backward.jumps,
        }
    }

    fn samples(mut self) -> Samples {
        let view = self.view;
        let estimator = &view.estimator;
        let main = estimator.bind::<F>();
        let main_samples = self.estimator(estimator);
        let forward = forward_key(estimator);

        let true_derivative = view.show.true_derivative.then(|| {
            let curve = if estimator.backward.id == TRUE_BACKWARD {
                main_samples.backward.clone()
            } else {
                let breaks = as_jumps(self.breaks(|a, b| estimator.forward_breaks(a, b)));
                let part = self.part("true", &forward, |grid| Part {
                    curve: Plan::new(grid, breaks).curve(main.output(Output::TrueDerivative)),
                    jumps: Vec::new(),
                });
                part.curve
            };
            TrueDerivative {
                curve,
                deltas: deltas(&main_samples.forward_jumps),
            }
        });
        let finite_difference = view.show.finite_difference.then(|| {
            let breaks = self.breaks(|a, b| estimator.forward_breaks(a, b));
            let part = self.part("fd", &forward, |grid| Part {
                curve: Plan::new(grid, breaks).finite_difference(main.output(Output::Value)),
                jumps: Vec::new(),
            });
            part.curve
        });
        let implied = view.show.implied.then(|| {
            let breaks = self.breaks(|a, b| estimator.backward_breaks(a, b));
            let key = format!("{} from {forward}", backward_key(estimator));
            let part = self.part("implied", &key, |grid| {
                let anchor = main.value(grid.from).to_f64_lossless();
                Part {
                    curve: Plan::new(grid, breaks)
                        .running_integral(anchor, main.output(Output::Backward)),
                    jumps: Vec::new(),
                }
            });
            part.curve
        });
        let pins = view.pins.iter().map(|pin| self.estimator(pin)).collect();

        Samples {
            from: view.from,
            to: view.to,
            dtype: F::DTYPE,
            width_px: self.grid.width_px,
            sample_count: self.grid.xs.len(),
            main: main_samples,
            pins,
            true_derivative,
            finite_difference,
            implied,
        }
    }
}

/// A delta at each jump whose limits are finite and differ.
fn deltas(jumps: &[JumpMark]) -> Vec<Delta> {
    jumps
        .iter()
        .map(|j| Delta {
            x: j.x,
            size: j.right - j.left,
        })
        .filter(|d| d.size.is_finite() && d.size != 0.0)
        .collect()
}

/// The forward's breaks as the true derivative sees them: a kink of f is a jump of
/// f', and a jump of f is a delta (also a break of f').
fn as_jumps(breaks: Vec<Break>) -> Vec<Break> {
    breaks
        .into_iter()
        .map(|b| Break {
            x: b.x,
            kind: BreakKind::Jump,
        })
        .collect()
}

/// The evenly spaced x of a plot, rounded to the dtype, and the pixel columns they
/// fall in.
struct Grid<F> {
    /// The x, rounded to `F`; ascending (rounding is monotone).
    xs: Vec<F>,
    /// `from` rounded to `F`.
    from: F,
    /// `to` rounded to `F`.
    to: F,
    from_f64: f64,
    to_f64: f64,
    span: f64,
    width_px: usize,
}

impl<F: Real> Grid<F> {
    fn new(from: f64, to: f64, width_px: usize, count: usize) -> Self {
        let last = (count - 1) as f64;
        let span = to - from;
        let xs = (0..count)
            .map(|i| {
                let x = if i + 1 == count {
                    to
                } else {
                    from + span * (i as f64 / last)
                };
                F::c(x)
            })
            .collect();
        Grid {
            xs,
            from: F::c(from),
            to: F::c(to),
            from_f64: from,
            to_f64: to,
            span,
            width_px,
        }
    }

    /// The distance between neighbouring samples.
    fn spacing(&self) -> f64 {
        self.span / (self.xs.len() - 1) as f64
    }

    /// The pixel column an x falls in.
    fn column(&self, x: f64) -> usize {
        let fraction = (x - self.from_f64) / self.span;
        let column = (fraction * self.width_px as f64).floor();
        if column.is_nan() || column < 0.0 {
            0
        } else {
            (column as usize).min(self.width_px - 1)
        }
    }

    /// The breaks worth drawing one by one: inside the range, sorted, a jump winning
    /// over a kink at the same x; none when they are too dense.
    fn resolve(&self, mut breaks: Vec<Break>) -> Vec<Break> {
        breaks.retain(|b| b.x.is_finite() && b.x >= self.from_f64 && b.x <= self.to_f64);
        if breaks.len() as f64 * MIN_BREAK_SPACING_PX > self.width_px as f64 {
            return Vec::new();
        }
        catalog::sort_by_x(&mut breaks);
        breaks.dedup_by(|later, kept| {
            let same = later.x == kept.x;
            if same && later.kind == BreakKind::Jump {
                kept.kind = BreakKind::Jump;
            }
            same
        });
        breaks
    }

    /// The x just inside each side of a jump at `x`: close enough to give the
    /// one-sided limit, far enough to differ from `x` in the dtype.
    fn limits(&self, x: F) -> (F, F) {
        let step = F::c(self.spacing() * 1e-3)
            .max(x.abs() * F::epsilon() * F::c(4.0))
            .max(F::min_positive_value());
        (x - step, x + step)
    }
}

/// Where one curve is evaluated: the grid with the points just inside each side of
/// every jump and the kinks themselves, and where segments split.
struct Plan<'g, F> {
    grid: &'g Grid<F>,
    /// The x to evaluate at, ascending.
    xs: Vec<F>,
    /// Indices into `xs` where a new segment starts (after a jump), ascending.
    splits: Vec<usize>,
    /// Indices into `xs` of the kinks, ascending.
    kinks: Vec<usize>,
    /// The resolved jumps, in `F`.
    jumps: Vec<F>,
}

impl<'g, F: Real> Plan<'g, F> {
    fn new(grid: &'g Grid<F>, breaks: Vec<Break>) -> Self {
        let breaks = grid.resolve(breaks);
        let mut xs = Vec::with_capacity(grid.xs.len() + 2 * breaks.len());
        let mut splits = Vec::new();
        let mut kinks = Vec::new();
        let mut jumps = Vec::new();
        let mut rest = grid.xs.as_slice();
        for b in breaks {
            let at = F::c(b.x);
            let (before, after) = match b.kind {
                BreakKind::Kink => (at, at),
                BreakKind::Jump => grid.limits(at),
            };
            let taken = rest.partition_point(|&x| x < before);
            xs.extend_from_slice(&rest[..taken]);
            rest = &rest[taken..];
            rest = &rest[rest.partition_point(|&x| x <= after)..];
            match b.kind {
                BreakKind::Kink => {
                    kinks.push(xs.len());
                    xs.push(at);
                }
                BreakKind::Jump => {
                    jumps.push(at);
                    if before >= grid.from {
                        xs.push(before);
                    }
                    splits.push(xs.len());
                    if after <= grid.to {
                        xs.push(after);
                    }
                }
            }
        }
        xs.extend_from_slice(rest);
        Plan {
            grid,
            xs,
            splits,
            kinks,
            jumps,
        }
    }

    /// `eval` at every x of the plan, in one call.
    fn values(&self, eval: BoundOutput<'_, F>) -> Vec<F> {
        let mut values = vec![F::zero(); self.xs.len()];
        eval.over(&self.xs, &mut values);
        values
    }

    /// Whether a new segment starts at index `i`; `next_split` walks `splits`.
    fn splits_at(&self, i: usize, next_split: &mut usize) -> bool {
        let mut split = false;
        while *next_split < self.splits.len() && self.splits[*next_split] <= i {
            split = true;
            *next_split += 1;
        }
        split
    }

    /// The curve of `eval`, split at the plan's jumps. On an ordinary grid (not a
    /// dense one, which keeps every column's extremes anyway), steps between
    /// neighbouring samples larger than [`REFINE_FRACTION`] of the curve's height are
    /// bisected (up to [`REFINE_DEPTH`] times), so that a narrow peak such as the
    /// gradient of a steep sigmoid reaches its true height.
    ///
    /// Bisection also finds corners between samples (a kink of a backward that the
    /// catalog does not list, such as soft rounding's derivative at each integer):
    /// where the second differences of the neighbouring samples say that the chord
    /// may miss the curve by more than [`CORNER_FRACTION`] of its height per pixel of
    /// plot width, the step is bisected until the chord fits.
    fn curve(&self, eval: BoundOutput<'_, F>) -> Curve {
        let values = self.values(eval);
        let mut builder = CurveBuilder::new(self.grid);
        let tolerance = builder
            .reducer
            .is_none()
            .then(|| refine_tolerance(&values, self.grid.width_px))
            .flatten();
        let bend = |k: usize| match (k.checked_sub(1), values.get(k + 1)) {
            (Some(j), Some(&next)) => (values[j] - values[k] - values[k] + next).abs(),
            _ => F::zero(),
        };
        let mut next_split = 0;
        for (i, (&x, &y)) in self.xs.iter().zip(&values).enumerate() {
            if self.splits_at(i, &mut next_split) {
                builder.split();
            } else if let (Some(tolerance), Some(j)) = (tolerance, i.checked_sub(1)) {
                let left = (self.xs[j], values[j]);
                let miss = bend(j).max(bend(i)) * F::c(0.25);
                let step = Step {
                    left,
                    right: (x, y),
                    miss,
                };
                refine(eval, step, tolerance, REFINE_DEPTH, &mut builder);
            }
            builder.push(x.to_f64_lossless(), y.to_f64_lossless());
        }
        builder.finish()
    }

    /// Both limits and the value of `eval` at each jump.
    fn jump_marks(&self, eval: BoundOutput<'_, F>) -> Vec<JumpMark> {
        self.jumps
            .iter()
            .map(|&at| {
                let (before, after) = self.grid.limits(at);
                JumpMark {
                    x: at.to_f64_lossless(),
                    left: eval.at(before).to_f64_lossless(),
                    right: eval.at(after).to_f64_lossless(),
                    value: eval.at(at).to_f64_lossless(),
                }
            })
            .collect()
    }

    /// The index ranges on which the curve is smooth: between jumps, and on each side
    /// of a kink (whose own sample ends one piece and starts the next).
    fn smooth_pieces(&self) -> Vec<std::ops::Range<usize>> {
        let jumps = self.splits.iter().map(|&i| (i, i)).collect();
        let kinks = self.kinks.iter().map(|&i| (i + 1, i)).collect();
        let cuts = sorted::merge(jumps, kinks, |a, b| a < b);
        let mut pieces = Vec::new();
        let mut start = 0;
        for (end, next) in cuts {
            pieces.push(start..end);
            start = next;
        }
        pieces.push(start..self.xs.len());
        pieces
    }

    /// The central difference of `eval` between neighbouring samples of the same
    /// smooth piece (one-sided at a piece's ends), computed in `F`: it never
    /// differences across a jump or a kink. A piece of a single sample has none.
    fn finite_difference(&self, eval: BoundOutput<'_, F>) -> Curve {
        let values = self.values(eval);
        let mut builder = CurveBuilder::new(self.grid);
        for piece in self.smooth_pieces() {
            if piece.len() < 2 {
                continue;
            }
            builder.split();
            for i in piece.clone() {
                let (k, j) = (
                    i.saturating_sub(1).max(piece.start),
                    (i + 1).min(piece.end - 1),
                );
                let slope = (values[j] - values[k]) / (self.xs[j] - self.xs[k]);
                builder.push(self.xs[i].to_f64_lossless(), slope.to_f64_lossless());
            }
        }
        builder.finish()
    }

    /// The trapezoid running integral of `eval` from the plan's first x, starting at
    /// `anchor`: one continuous curve (an integral does not jump), NaN from the first
    /// NaN on. The integrand is computed in `F`; the sum is accumulated in `f64`, so
    /// that the drawing shows the integrand rather than the rounding error of a
    /// million additions.
    fn running_integral(&self, anchor: f64, eval: BoundOutput<'_, F>) -> Curve {
        let values = self.values(eval);
        let mut builder = CurveBuilder::new(self.grid);
        let mut sum = anchor;
        let mut previous: Option<(f64, f64)> = None;
        for (&x, &g) in self.xs.iter().zip(&values) {
            let (x, g) = (x.to_f64_lossless(), g.to_f64_lossless());
            if let Some((x0, g0)) = previous {
                sum += (x - x0) * (g + g0) * 0.5;
            }
            previous = Some((x, g));
            builder.push(x, sum);
        }
        builder.finish()
    }
}

/// A step between neighbouring samples larger than this fraction of the curve's
/// finite height is bisected.
const REFINE_FRACTION: f64 = 0.02;

/// A chord that may miss the curve by more than this fraction of the curve's finite
/// height per pixel of plot width is bisected: drawn in a panel as tall as the plot
/// is wide, it then misses by at most 1/20 pixel.
const CORNER_FRACTION: f64 = 0.05;

/// How many times one step may be bisected (at most 2^depth - 1 extra points).
const REFINE_DEPTH: u32 = 7;

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

/// The tolerances worth refining for these values, on a plot `width_px` wide, if
/// they have a finite height and do not alias (bisecting noise would only add
/// noise).
fn refine_tolerance<F: Real>(values: &[F], width_px: usize) -> Option<Tolerance<F>> {
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

/// Collects points into segments and non-finite regions. On a grid of more than two
/// samples per pixel column, each segment is reduced as it comes to at most
/// [`KEEP`] points per column.
struct CurveBuilder<'g, F> {
    grid: &'g Grid<F>,
    curve: Curve,
    segment: Vec<(f64, f64)>,
    region: Option<NonFiniteRegion>,
    reducer: Option<Reducer>,
}

impl<'g, F: Real> CurveBuilder<'g, F> {
    fn new(grid: &'g Grid<F>) -> Self {
        let dense = grid.xs.len() > KEEP * grid.width_px / 2;
        CurveBuilder {
            grid,
            curve: Curve::default(),
            segment: Vec::new(),
            region: None,
            reducer: dense.then(Reducer::default),
        }
    }

    fn push(&mut self, x: f64, y: f64) {
        match NonFiniteKind::of(y) {
            None => {
                self.close_region();
                match &mut self.reducer {
                    Some(reducer) => reducer.push(self.grid.column(x), (x, y), &mut self.segment),
                    None => self.segment.push((x, y)),
                }
            }
            Some(kind) => {
                self.split();
                match &mut self.region {
                    Some(region) if region.kind == kind => region.to = x,
                    _ => {
                        self.close_region();
                        self.region = Some(NonFiniteRegion {
                            from: x,
                            to: x,
                            kind,
                        });
                    }
                }
            }
        }
    }

    /// Ends the current segment (after a jump or a non-finite value).
    fn split(&mut self) {
        if let Some(reducer) = &mut self.reducer {
            reducer.flush(&mut self.segment);
        }
        if !self.segment.is_empty() {
            let points = std::mem::take(&mut self.segment);
            self.curve.segments.push(points);
        }
    }

    fn close_region(&mut self) {
        let Some(region) = self.region.take() else {
            return;
        };
        let regions = &mut self.curve.non_finite;
        let column = self.grid.span / self.grid.width_px as f64;
        match regions.last_mut() {
            // Regions closer than a pixel column read as one.
            Some(last) if last.kind == region.kind && region.from - last.to <= column => {
                last.to = region.to;
            }
            _ => regions.push(region),
        }
    }

    fn finish(mut self) -> Curve {
        self.split();
        self.close_region();
        self.curve
    }
}

/// Most points a pixel column keeps: its first and last point, its minimum and its
/// maximum.
const KEEP: usize = 4;

/// Reduces a polyline, point by point in ascending x, to at most [`KEEP`] points per
/// pixel column: a column of more keeps its first and last point and its minimum and
/// maximum (their first occurrences), in x order.
#[derive(Default)]
struct Reducer {
    /// The current column, if any point is in it.
    column: Option<usize>,
    /// Its first points, up to [`KEEP`].
    first: Vec<(f64, f64)>,
    /// How many points it has.
    count: usize,
    /// Its lowest and highest point with their indices, and its last point.
    low: (usize, (f64, f64)),
    high: (usize, (f64, f64)),
    last: (f64, f64),
}

impl Reducer {
    /// Adds a point in pixel column `column`, writing a finished column to `out`.
    fn push(&mut self, column: usize, point: (f64, f64), out: &mut Vec<(f64, f64)>) {
        if self.column != Some(column) {
            self.flush(out);
            self.column = Some(column);
            (self.low, self.high) = ((0, point), (0, point));
        }
        if self.count < KEEP {
            self.first.push(point);
        }
        if point.1 < self.low.1 .1 {
            self.low = (self.count, point);
        }
        if point.1 > self.high.1 .1 {
            self.high = (self.count, point);
        }
        self.last = point;
        self.count += 1;
    }

    /// Writes the current column to `out`.
    fn flush(&mut self, out: &mut Vec<(f64, f64)>) {
        if self.count <= KEEP {
            out.append(&mut self.first);
        } else {
            let (low, high) = if self.low.0 <= self.high.0 {
                (self.low, self.high)
            } else {
                (self.high, self.low)
            };
            let kept = [(0, self.first[0]), low, high, (self.count - 1, self.last)];
            let mut previous = usize::MAX;
            for (index, point) in kept {
                if index != previous {
                    out.push(point);
                    previous = index;
                }
            }
            self.first.clear();
        }
        self.column = None;
        self.count = 0;
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

    pub(crate) fn all_curves() -> Show {
        Show {
            true_derivative: true,
            finite_difference: true,
            implied: true,
        }
    }

    #[test]
    fn heaviside_is_split_at_its_jump() {
        let samples = sample(
            &view("heaviside", -3.0, 3.0, Dtype::F64, Show::default()),
            600,
        )
        .unwrap();
        let segments = &samples.main.forward.segments;
        assert_eq!(segments.len(), 2);
        assert!(segments[0].iter().all(|&(x, y)| x < 0.0 && y == 0.0));
        assert!(segments[1].iter().all(|&(x, y)| x > 0.0 && y == 1.0));
        assert!(
            segments[0].last().unwrap().0 > -1e-3,
            "the left segment reaches the jump"
        );
        assert!(
            segments[1][0].0 < 1e-3,
            "the right segment starts at the jump"
        );
    }

    #[test]
    fn jump_mark_value_follows_h0() {
        for (h0, value) in [(0.0, 0.0), (1.0, 1.0), (0.5, 0.5)] {
            let spec = format!("heaviside(h0={h0})");
            let samples =
                sample(&view(&spec, -3.0, 3.0, Dtype::F32, Show::default()), 600).unwrap();
            let marks = &samples.main.forward_jumps;
            assert_eq!(
                marks,
                &vec![JumpMark {
                    x: 0.0,
                    left: 0.0,
                    right: 1.0,
                    value
                }]
            );
        }
    }

    #[test]
    fn jumps_at_the_range_edge_keep_the_value_and_the_inner_side() {
        let samples = sample(
            &view("heaviside(h0=0)", 0.0, 2.0, Dtype::F64, Show::default()),
            300,
        )
        .unwrap();
        let forward = &samples.main.forward;
        assert_eq!(forward.segments.len(), 1);
        assert!(forward.points().all(|(x, y)| x > 0.0 && y == 1.0));
        assert_eq!(samples.main.forward_jumps[0].value, 0.0);
    }

    #[test]
    fn sigmoid_round_naive_is_nan_past_0_589_in_f32_only() {
        let spec = "preset:round-sigmoid-naive";
        let f32_samples = sample(&view(spec, 0.0, 1.2, Dtype::F32, Show::default()), 1200).unwrap();
        let regions = &f32_samples.main.forward.non_finite;
        assert_eq!(regions.len(), 1, "{regions:?}");
        let nan = regions[0];
        assert_eq!(nan.kind, NonFiniteKind::NaN);
        assert!((nan.from - 0.589).abs() < 0.002, "NaN from {}", nan.from);
        assert_eq!(nan.to, f64::from(1.2f32));
        assert_eq!(
            f32_samples.main.backward.non_finite[0].kind,
            NonFiniteKind::NaN
        );

        let f64_samples = sample(&view(spec, 0.0, 1.2, Dtype::F64, Show::default()), 1200).unwrap();
        assert!(f64_samples.main.forward.non_finite.is_empty());
        assert!(f64_samples.main.backward.non_finite.is_empty());
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
    fn kinks_are_sampled_exactly() {
        let samples = sample(&view("relu", -1.0, 1.0, Dtype::F64, Show::default()), 333).unwrap();
        assert_eq!(samples.main.forward.segments.len(), 1);
        assert!(samples.main.forward.points().any(|p| p == (0.0, 0.0)));
    }

    #[test]
    fn dense_curves_keep_o_width_points_and_their_extremes() {
        let width = 1000;
        let v = view(
            "fourier_round(terms=50)",
            -1000.0,
            1000.0,
            Dtype::F64,
            Show {
                true_derivative: false,
                finite_difference: false,
                implied: false,
            },
        );
        let samples = sample_with(&v, width, MAX_SAMPLES).unwrap();
        assert_eq!(samples.sample_count, MAX_SAMPLES);
        let forward = &samples.main.forward;
        assert!(
            forward.point_count() <= 4 * width,
            "{} points",
            forward.point_count()
        );

        let grid = Grid::<f64>::new(v.from, v.to, width, MAX_SAMPLES);
        let bound = v.estimator.bind::<f64>();
        let (low, high) = grid
            .xs
            .iter()
            .map(|&x| bound.value(x))
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), y| {
                (l.min(y), h.max(y))
            });
        let (kept_low, kept_high) = forward
            .points()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), (_, y)| {
                (l.min(y), h.max(y))
            });
        assert_eq!((kept_low, kept_high), (low, high));
    }

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
    fn curves_that_alias_get_the_most_samples_and_smooth_ones_the_default() {
        let wide = view(
            "fourier_round(terms=5)",
            -1000.0,
            1000.0,
            Dtype::F32,
            Show::default(),
        );
        // 865 samples, 2.31 apart: each term's phase moves by a different fraction
        // of a turn from one sample to the next, and the derivative looks like noise.
        assert_eq!(sample(&wide, 433).unwrap().sample_count, MAX_SAMPLES);
        let smooth = view("soft_round", -3.0, 3.0, Dtype::F64, all_curves());
        assert_eq!(sample(&smooth, 500).unwrap().sample_count, 1000);
    }

    #[test]
    fn cached_curves_equal_fresh_ones_after_an_edit() {
        let mut cache = Cache::default();
        let mut v = view("soft_round/sigmoid", -3.0, 3.0, Dtype::F64, all_curves());
        v.pins = vec!["round/identity".parse().unwrap()];
        let before = cache.sample(&v, 400, None).unwrap();
        assert_eq!(before, sample(&v, 400).unwrap());
        for spec in [
            "soft_round(alpha=5)/sigmoid",
            "soft_round(alpha=5)/sigmoid(k=3)",
        ] {
            v.estimator = spec.parse().unwrap();
            assert_eq!(
                cache.sample(&v, 400, None).unwrap(),
                sample(&v, 400).unwrap()
            );
        }
    }

    #[test]
    fn decimation_keeps_each_columns_extremes_in_order() {
        let points: Vec<(f64, f64)> = (0..100)
            .map(|i| (i as f64 / 100.0, ((i * 37) % 11) as f64))
            .collect();
        let mut reducer = Reducer::default();
        let mut reduced = Vec::new();
        for &p in &points {
            reducer.push((p.0 * 2.0) as usize, p, &mut reduced);
        }
        reducer.flush(&mut reduced);
        assert!(reduced.len() <= 8);
        assert_eq!(reduced[0], points[0]);
        assert_eq!(reduced.last(), points.last());
        assert!(reduced.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(reduced.iter().any(|p| p.1 == 10.0) && reduced.iter().any(|p| p.1 == 0.0));
    }

    #[test]
    fn finite_difference_does_not_cross_jumps() {
        let samples = sample(
            &view("round/identity", -2.0, 2.0, Dtype::F64, all_curves()),
            400,
        )
        .unwrap();
        let fd = samples.finite_difference.unwrap();
        assert!(
            fd.points().all(|(_, y)| y.abs() < 1e-9),
            "round is flat between jumps"
        );
        assert!(fd.non_finite.is_empty());
    }

    #[test]
    fn finite_difference_does_not_cross_kinks() {
        let samples = sample(&view("relu", -1.0, 1.0, Dtype::F64, all_curves()), 200).unwrap();
        let fd = samples.finite_difference.unwrap();
        assert_eq!(fd.segments.len(), 2);
        assert!(fd.segments[0].iter().all(|&(x, y)| x <= 0.0 && y == 0.0));
        assert!(fd.segments[1]
            .iter()
            .all(|&(x, y)| x >= 0.0 && (y - 1.0).abs() < 1e-12));
    }

    #[test]
    fn implied_forward_of_the_straight_through_estimator_is_the_identity() {
        let samples = sample(
            &view("round/identity", -2.0, 2.0, Dtype::F64, all_curves()),
            400,
        )
        .unwrap();
        let implied = samples.implied.unwrap();
        assert_eq!(implied.segments.len(), 1);
        assert!(implied.points().all(|(x, y)| (x - y).abs() < 1e-9));
    }

    #[test]
    fn implied_forward_is_nan_once_the_backward_is() {
        let samples = sample(
            &view("preset:s-lambda-nan", -10.0, 10.0, Dtype::F64, all_curves()),
            400,
        )
        .unwrap();
        let implied = samples.implied.unwrap();
        assert_eq!(
            implied.segments,
            vec![vec![(-10.0, -10.0)]],
            "only the anchor f(from) is finite"
        );
        assert_eq!(implied.non_finite.len(), 1);
        let nan = implied.non_finite[0];
        assert_eq!((nan.kind, nan.to), (NonFiniteKind::NaN, 10.0));
        assert!(nan.from > -10.0 && nan.from < -9.9);
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
