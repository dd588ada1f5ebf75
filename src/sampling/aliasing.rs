//! When samples are too sparse for a curve: a curve that turns at more than a quarter
//! of its samples changes faster than it was sampled, and its drawing would show
//! noise instead of its shape.

use super::Curve;

/// Whether a curve turns at more than a quarter of its samples: it changes faster
/// than it was sampled, and the drawing would show noise instead of its shape. (A
/// period that nearly divides the sample spacing aliases to a smooth false curve
/// instead, which this does not see; `--samples` and [`FigureStyle::samples`] then
/// set the count.)
///
/// [`FigureStyle::samples`]: crate::figure::FigureStyle::samples
pub(super) fn aliases(curve: &Curve) -> bool {
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
pub(super) fn turns_too_often(turns: usize, points: usize) -> bool {
    points >= 16 && turns * 4 > points
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::real::Dtype;
    use crate::sampling::tests::{all_curves, view};
    use crate::sampling::{sample, MAX_SAMPLES};
    use crate::view::Show;

    #[test]
    fn turns_count_changes_of_direction_and_not_flat_steps() {
        let zigzag = (0..10).map(|i| f64::from(i % 2));
        assert_eq!(turns(zigzag), 8);
        let plateau = [0.0, 1.0, 1.0, 1.0, 0.0];
        assert_eq!(turns(plateau.into_iter()), 0, "a flat step has no sign");
        assert_eq!(turns([3.0, 2.0, 5.0].into_iter()), 1);
        assert_eq!(turns(std::iter::empty()), 0);
    }

    #[test]
    fn the_rule_needs_sixteen_points_and_a_turn_at_more_than_a_quarter() {
        assert!(!turns_too_often(15, 15));
        assert!(!turns_too_often(4, 16));
        assert!(turns_too_often(5, 16));
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
}
