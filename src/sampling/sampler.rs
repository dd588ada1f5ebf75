//! Sampling one view: how many samples its curves get, and each curve of the picture
//! (every estimator's forward and backward, the true derivative, the finite
//! difference, the implied forward) taken from the [`Cache`] or computed on its plan.

use crate::catalog::{Break, BreakKind};
use crate::estimator::{BoundOutput, Estimator, Output};
use crate::real::{Dtype, Real};
use crate::view::{check_range, View};

use super::aliasing::aliases;
use super::cache::{BackwardKey, Cache, CurveKey, EntryKey, GridKey, Part};
use super::jumps::{self, Found};
use super::plan::{Grid, Plan};
use super::{
    default_sample_count, Delta, EstimatorSamples, JumpMark, Samples, TrueDerivative, MAX_SAMPLES,
};

impl Cache {
    /// Samples every curve of `view` for a plot `width_px` device pixels wide from
    /// `samples` evenly spaced x, as [`sample_with`](super::sample_with). `None`
    /// takes [`default_sample_count`], unless a curve then aliases (a local extreme
    /// at more than a quarter of its samples: a series of many terms, a sawtooth over
    /// a wide range), when every curve is sampled [`MAX_SAMPLES`] times and reduced
    /// to its extremes per pixel column, which shows the band the curve sweeps.
    pub fn sample(
        &mut self,
        view: &View,
        width_px: usize,
        samples: Option<usize>,
    ) -> Result<Samples, String> {
        check_range(view.from, view.to)?;
        let width_px = width_px.clamp(1, MAX_SAMPLES);
        Ok(self.picture(|cache| {
            let count = samples.unwrap_or_else(|| default_sample_count(width_px));
            let result = sample_on_grid(cache, view, width_px, count);
            if samples.is_none() && result.curves().any(aliases) {
                sample_on_grid(cache, view, width_px, MAX_SAMPLES)
            } else {
                result
            }
        }))
    }
}

/// Every curve of `view` from `samples` evenly spaced x (at least one per pixel
/// column and 2, at most [`MAX_SAMPLES`]), in the view's dtype.
fn sample_on_grid(cache: &mut Cache, view: &View, width_px: usize, samples: usize) -> Samples {
    let count = samples.clamp(width_px.max(2), MAX_SAMPLES);
    match view.dtype {
        Dtype::F32 => Sampler::<f32>::new(cache, view, width_px, count).samples(),
        Dtype::F64 => Sampler::<f64>::new(cache, view, width_px, count).samples(),
    }
}

/// Samples one view on one grid, taking from the cache what it holds.
struct Sampler<'c, F> {
    cache: &'c mut Cache,
    view: &'c View,
    grid: Grid<F>,
    /// What the grid depends on.
    grid_key: GridKey,
}

impl<'c, F: Real> Sampler<'c, F> {
    fn new(cache: &'c mut Cache, view: &'c View, width_px: usize, count: usize) -> Self {
        Sampler {
            cache,
            view,
            grid: Grid::new(view.from, view.to, width_px, count),
            grid_key: GridKey::new(view.from, view.to, F::DTYPE, width_px, count),
        }
    }

    /// The part `curve`, from the cache or else from `compute`.
    fn part(&mut self, curve: CurveKey, compute: impl FnOnce(&Grid<F>) -> Part) -> Part {
        let grid = &self.grid;
        self.cache.part(self.grid_key, curve, || compute(grid))
    }

    /// The part `curve`: `eval` with the jumps marked, on the plan of the breaks
    /// `breaks` finds.
    fn marked(
        &mut self,
        curve: CurveKey,
        breaks: impl FnOnce(&Grid<F>) -> Found<F>,
        eval: BoundOutput<'_, F>,
    ) -> Part {
        self.part(curve, |grid| {
            let found = breaks(grid);
            let plan = Plan::new(grid, |_, _| found.breaks).knowing(found.grid_values);
            Part {
                curve: plan.curve(eval),
                jumps: plan.jump_marks(eval),
            }
        })
    }

    fn estimator(&mut self, estimator: &Estimator) -> EstimatorSamples {
        let bound = estimator.bind::<F>();
        let value = bound.output(Output::Value);
        let forward = self.marked(
            CurveKey::Forward(EntryKey::forward(estimator)),
            |grid| {
                listed_or_found(estimator, grid, value, |a, b| {
                    estimator.forward_breaks(a, b)
                })
            },
            value,
        );
        let backward_output = bound.output(Output::Backward);
        let backward = self.marked(
            CurveKey::Backward(BackwardKey::of(estimator)),
            |grid| {
                listed_or_found(estimator, grid, backward_output, |a, b| {
                    estimator.backward_breaks(a, b)
                })
            },
            backward_output,
        );
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
        let forward = EntryKey::forward(estimator);
        // A formula's jumps are those found on its forward and backward curves.
        let found = |marks: &[JumpMark]| -> Vec<Break> {
            marks
                .iter()
                .map(|j| Break {
                    x: j.x,
                    kind: BreakKind::Jump,
                })
                .collect()
        };
        let forward_jumps = found(&main_samples.forward_jumps);
        let backward_jumps = found(&main_samples.backward_jumps);
        let forward_breaks = |a, b| match estimator {
            Estimator::Catalog(_) => estimator.forward_breaks(a, b),
            Estimator::Formula(_) => forward_jumps.clone(),
        };
        let backward_breaks = |a, b| match estimator {
            Estimator::Catalog(_) => estimator.backward_breaks(a, b),
            Estimator::Formula(_) => backward_jumps.clone(),
        };

        let true_derivative = view.show.true_derivative.then(|| {
            let curve = if estimator.backward_is_true_derivative() {
                main_samples.backward.clone()
            } else {
                let key = CurveKey::TrueDerivative(forward.clone());
                let eval = main.output(Output::TrueDerivative);
                self.part(key, |grid| {
                    let mut breaks = as_jumps(forward_breaks(grid.from_f64, grid.to_f64));
                    let mut grid_values = None;
                    if estimator.formula().is_some() {
                        let found = jumps::find(grid, eval);
                        breaks.extend(found.breaks);
                        grid_values = found.grid_values;
                    }
                    Plan::new(grid, |_, _| breaks)
                        .knowing(grid_values)
                        .curve(eval)
                        .into()
                })
                .curve
            };
            TrueDerivative {
                curve,
                deltas: deltas(&main_samples.forward_jumps),
            }
        });
        let finite_difference = view.show.finite_difference.then(|| {
            let key = CurveKey::FiniteDifference(forward.clone());
            let eval = main.output(Output::Value);
            let part = self.part(key, |grid| {
                Plan::new(grid, forward_breaks)
                    .finite_difference(eval)
                    .into()
            });
            part.curve
        });
        let implied = view.show.implied.then(|| {
            let key = CurveKey::Implied {
                backward: BackwardKey::of(estimator),
                forward: forward.clone(),
            };
            let part = self.part(key, |grid| {
                let anchor = main.value(grid.from).to_f64_lossless();
                Plan::new(grid, backward_breaks)
                    .running_integral(anchor, main.output(Output::Backward))
                    .into()
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

/// The breaks of `eval`, a curve of `estimator`, on `grid`: those the catalog lists,
/// or for a formula the jumps found numerically (with the values found on the way).
fn listed_or_found<F: Real>(
    estimator: &Estimator,
    grid: &Grid<F>,
    eval: BoundOutput<'_, F>,
    listed: impl FnOnce(f64, f64) -> Vec<Break>,
) -> Found<F> {
    match estimator {
        Estimator::Catalog(_) => Found {
            breaks: listed(grid.from_f64, grid.to_f64),
            grid_values: None,
        },
        Estimator::Formula(_) => jumps::find(grid, eval),
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
