//! A curve put together point by point: finite points into segments, NaN and ±inf
//! into [`NonFiniteRegion`]s, and, on a dense grid, each pixel column reduced as it
//! comes to at most [`KEEP`] points (its first, last, lowest and highest), so that a
//! curve has O(width) points whatever the number of samples, and keeps its extremes.

use crate::real::Real;

use super::plan::Grid;
use super::{Curve, NonFiniteKind, NonFiniteRegion};

/// Most points a pixel column keeps: its first and last point, its minimum and its
/// maximum.
const KEEP: usize = 4;

/// Collects points into segments and non-finite regions. On a grid of more than two
/// samples per pixel column, each segment is reduced as it comes to at most
/// [`KEEP`] points per column.
pub(super) struct CurveBuilder<'g, F> {
    grid: &'g Grid<F>,
    curve: Curve,
    segment: Vec<(f64, f64)>,
    region: Option<NonFiniteRegion>,
    reducer: Option<Reducer>,
}

impl<'g, F: Real> CurveBuilder<'g, F> {
    /// An empty curve on `grid`, reduced per column if the grid is dense.
    pub(super) fn new(grid: &'g Grid<F>) -> Self {
        let dense = grid.xs.len() > KEEP * grid.width_px / 2;
        CurveBuilder {
            grid,
            curve: Curve::default(),
            segment: Vec::new(),
            region: None,
            reducer: dense.then(Reducer::default),
        }
    }

    /// Whether the curve is reduced per pixel column (its grid is dense, and keeps
    /// every column's extremes anyway).
    pub(super) fn reduces(&self) -> bool {
        self.reducer.is_some()
    }

    /// Adds the next point, in ascending x: a finite one to the current segment, a
    /// non-finite one to the current region of its kind.
    pub(super) fn push(&mut self, x: f64, y: f64) {
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
    pub(super) fn split(&mut self) {
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

    /// The curve, its last segment and region closed.
    pub(super) fn finish(mut self) -> Curve {
        self.split();
        self.close_region();
        self.curve
    }
}

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
mod tests {
    use super::*;
    use crate::real::Dtype;
    use crate::sampling::tests::view;
    use crate::sampling::{sample, sample_with, MAX_SAMPLES};
    use crate::view::Show;

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
}
