//! Where a curve is evaluated. A [`Grid`] is the evenly spaced x of a plot, rounded to
//! the dtype, and the pixel columns they fall in; a [`Plan`] is one curve's x on that
//! grid: the catalog's breaks resolved (inside the range, not too dense, a jump
//! winning over a kink), the points just inside each side of every jump, the kinks
//! themselves, and where segments split. The curves made from a plan are in
//! `curves`.

use crate::catalog::{self, Break, BreakKind};
use crate::estimator::BoundOutput;
use crate::real::Real;
use crate::sorted;

use super::{JumpMark, MIN_BREAK_SPACING_PX};

/// The evenly spaced x of a plot, rounded to the dtype, and the pixel columns they
/// fall in.
pub(super) struct Grid<F> {
    /// The x, rounded to `F`; ascending (rounding is monotone).
    pub(super) xs: Vec<F>,
    /// `from` rounded to `F`.
    pub(super) from: F,
    /// `to` rounded to `F`.
    pub(super) to: F,
    /// The left end of the range, as given.
    pub(super) from_f64: f64,
    /// The right end of the range, as given.
    pub(super) to_f64: f64,
    /// `to - from`.
    pub(super) span: f64,
    /// The plot width in device pixels.
    pub(super) width_px: usize,
}

impl<F: Real> Grid<F> {
    /// `count` evenly spaced x from `from` to `to` (both included, `count` at least
    /// 2) for a plot `width_px` wide.
    pub(super) fn new(from: f64, to: f64, width_px: usize, count: usize) -> Self {
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
    pub(super) fn column(&self, x: f64) -> usize {
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
pub(super) struct Plan<'g, F> {
    /// The grid the plan is made on.
    pub(super) grid: &'g Grid<F>,
    /// The x to evaluate at, ascending.
    pub(super) xs: Vec<F>,
    /// Indices into `xs` where a new segment starts (after a jump), ascending.
    splits: Vec<usize>,
    /// Indices into `xs` of the kinks, ascending.
    kinks: Vec<usize>,
    /// The resolved jumps, in `F`.
    jumps: Vec<F>,
    /// The runs of `xs` that are the grid's own x: where each starts in `xs`, where
    /// in the grid, and how long it is; the x between them are the plan's own.
    grid_runs: Vec<GridRun>,
    /// The curve's values at the grid's x, when the search for its jumps computed
    /// them: [`Plan::values`] then evaluates only the plan's own x.
    grid_values: Option<Vec<F>>,
}

/// A run of a plan's x copied from its grid.
#[derive(Clone, Copy)]
struct GridRun {
    in_plan: usize,
    in_grid: usize,
    len: usize,
}

impl<'g, F: Real> Plan<'g, F> {
    /// The plan on `grid` of a curve whose breaks in the range `[from, to]` are
    /// `breaks(from, to)` (those worth drawing are kept).
    pub(super) fn new(grid: &'g Grid<F>, breaks: impl FnOnce(f64, f64) -> Vec<Break>) -> Self {
        let breaks = grid.resolve(breaks(grid.from_f64, grid.to_f64));
        let mut xs = Vec::with_capacity(grid.xs.len() + 2 * breaks.len());
        let mut splits = Vec::new();
        let mut kinks = Vec::new();
        let mut jumps = Vec::new();
        let mut grid_runs = Vec::new();
        let mut rest = grid.xs.as_slice();
        let mut copy = |xs: &mut Vec<F>, rest: &[F], len: usize| {
            grid_runs.push(GridRun {
                in_plan: xs.len(),
                in_grid: grid.xs.len() - rest.len(),
                len,
            });
            xs.extend_from_slice(&rest[..len]);
        };
        for b in breaks {
            let at = F::c(b.x);
            let (before, after) = match b.kind {
                BreakKind::Kink => (at, at),
                BreakKind::Jump => grid.limits(at),
            };
            let taken = rest.partition_point(|&x| x < before);
            copy(&mut xs, rest, taken);
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
        copy(&mut xs, rest, rest.len());
        Plan {
            grid,
            xs,
            splits,
            kinks,
            jumps,
            grid_runs,
            grid_values: None,
        }
    }

    /// The same plan, told the values at the grid's x of the curve it is for (as
    /// long as the grid), so that they are not computed again.
    pub(super) fn knowing(self, grid_values: Option<Vec<F>>) -> Self {
        debug_assert!(grid_values
            .as_ref()
            .map_or(true, |v| v.len() == self.grid.xs.len()));
        Plan {
            grid_values,
            ..self
        }
    }

    /// `eval` at every x of the plan: in one call, or where the grid's values are
    /// known, copied from them and one call for the plan's own x.
    pub(super) fn values(&self, eval: BoundOutput<'_, F>) -> Vec<F> {
        let mut values = vec![F::zero(); self.xs.len()];
        let Some(on_grid) = &self.grid_values else {
            eval.over(&self.xs, &mut values);
            return values;
        };
        let mut own = Vec::new();
        let mut covered = 0;
        for run in &self.grid_runs {
            own.extend(covered..run.in_plan);
            values[run.in_plan..][..run.len].copy_from_slice(&on_grid[run.in_grid..][..run.len]);
            covered = run.in_plan + run.len;
        }
        own.extend(covered..self.xs.len());
        let own_xs: Vec<F> = own.iter().map(|&i| self.xs[i]).collect();
        let mut own_values = vec![F::zero(); own.len()];
        eval.over(&own_xs, &mut own_values);
        for (i, v) in own.into_iter().zip(own_values) {
            values[i] = v;
        }
        values
    }

    /// Whether a new segment starts at index `i`; `next_split` walks `splits`.
    pub(super) fn splits_at(&self, i: usize, next_split: &mut usize) -> bool {
        let mut split = false;
        while *next_split < self.splits.len() && self.splits[*next_split] <= i {
            split = true;
            *next_split += 1;
        }
        split
    }

    /// Both limits and the value of `eval` at each jump.
    pub(super) fn jump_marks(&self, eval: BoundOutput<'_, F>) -> Vec<JumpMark> {
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
    pub(super) fn smooth_pieces(&self) -> Vec<std::ops::Range<usize>> {
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
}

#[cfg(test)]
mod tests {
    use crate::real::Dtype;
    use crate::sampling::tests::view;
    use crate::sampling::{sample, JumpMark};
    use crate::view::Show;

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
    fn a_plan_knowing_the_grid_values_evaluates_only_its_own_x() {
        use super::{Grid, Plan};
        use crate::estimator::{Estimator, Output};
        use crate::sampling::jumps;
        let estimator: Estimator = "tf: round(x) + where(x > 0.3, 1, 0) + abs(x - 1)"
            .parse()
            .unwrap();
        let bound = estimator.bind::<f32>();
        let eval = bound.output(Output::Value);
        let grid = Grid::<f32>::new(-3.0, 3.0, 300, 601);
        let found = jumps::find(&grid, eval);
        assert!(found.breaks.len() >= 7, "{:?}", found.breaks);
        let mut breaks = found.breaks.clone();
        breaks.push(crate::catalog::Break {
            x: 1.0,
            kind: crate::catalog::BreakKind::Kink,
        });
        let plan = Plan::new(&grid, |_, _| breaks.clone());
        assert!(
            plan.xs.len() > grid.xs.len(),
            "the plan adds x at the jumps"
        );
        let all = plan.values(eval);
        let known = Plan::new(&grid, |_, _| breaks)
            .knowing(found.grid_values)
            .values(eval);
        let bits = |v: &[f32]| v.iter().map(|y| y.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&known), bits(&all));
    }

    #[test]
    fn kinks_are_sampled_exactly() {
        let samples = sample(&view("relu", -1.0, 1.0, Dtype::F64, Show::default()), 333).unwrap();
        assert_eq!(samples.main.forward.segments.len(), 1);
        assert!(samples.main.forward.points().any(|p| p == (0.0, 0.0)));
    }
}
