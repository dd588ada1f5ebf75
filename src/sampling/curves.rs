//! A plan's values made into a curve, in one of three ways: the output itself (split
//! at the plan's jumps, refined where steep), the finite difference of the forward
//! (never across a jump or a kink), and the running integral of the backward (the
//! implied forward).

use crate::estimator::BoundOutput;
use crate::real::Real;

use super::plan::Plan;
use super::reduce::CurveBuilder;
use super::refine::Refiner;
use super::Curve;

impl<F: Real> Plan<'_, F> {
    /// The curve of `eval`, split at the plan's jumps. On an ordinary grid (not a
    /// dense one, which keeps every column's extremes anyway), the steps between
    /// neighbouring samples that are too steep, or whose chord may miss a corner, are
    /// bisected (see `refine`).
    pub(super) fn curve(&self, eval: BoundOutput<'_, F>) -> Curve {
        let values = self.values(eval);
        let mut builder = CurveBuilder::new(self.grid);
        let mut next_split = 0;
        let starts_segment: Vec<bool> = (0..self.xs.len())
            .map(|i| self.splits_at(i, &mut next_split))
            .collect();
        let refined = if builder.reduces() {
            Vec::new()
        } else {
            Refiner::new(&self.xs, &values, self.grid.width_px).map_or_else(Vec::new, |refiner| {
                let steps = (1..self.xs.len()).filter(|&i| !starts_segment[i]);
                refiner.points(eval, steps)
            })
        };
        let mut refined = refined.into_iter().peekable();
        for (i, (&x, &y)) in self.xs.iter().zip(&values).enumerate() {
            if starts_segment[i] {
                builder.split();
            }
            while let Some(point) = refined.next_if(|point| point.step == i) {
                builder.push(point.x.to_f64_lossless(), point.y.to_f64_lossless());
            }
            builder.push(x.to_f64_lossless(), y.to_f64_lossless());
        }
        builder.finish()
    }

    /// The central difference of `eval` between neighbouring samples of the same
    /// smooth piece (one-sided at a piece's ends), computed in `F`: it never
    /// differences across a jump or a kink. A piece of a single sample has none.
    pub(super) fn finite_difference(&self, eval: BoundOutput<'_, F>) -> Curve {
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
    pub(super) fn running_integral(&self, anchor: f64, eval: BoundOutput<'_, F>) -> Curve {
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

#[cfg(test)]
mod tests {
    use crate::real::Dtype;
    use crate::sampling::tests::{all_curves, view};
    use crate::sampling::{sample, NonFiniteKind};

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
}
