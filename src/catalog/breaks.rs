//! Jumps and kinks: the points where a function is not smooth, which the plots draw
//! as jumps (open and filled dots, delta arrows) rather than as steep lines.

use serde::Serialize;

use crate::sorted;

/// What happens to a function at a break point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BreakKind {
    /// The value jumps: left and right limits differ.
    Jump,
    /// The value is continuous but the slope changes.
    Kink,
}

/// One jump or kink at `x`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Break {
    /// Where it lies.
    pub x: f64,
    /// Jump or kink.
    pub kind: BreakKind,
}

/// More break points than this in one view are too dense to draw one by one; the
/// periodic helpers then return none and the curve is drawn as sampled.
pub const MAX_BREAKS: usize = 20_000;

/// Sorts breaks by x, keeping the order of breaks at the same x. The lists the
/// catalog makes are ascending or nearly so (a few points whose order depends on the
/// parameters; long lists come ascending from [`periodic`] and [`merge`]).
pub fn sort_by_x(breaks: &mut [Break]) {
    sorted::insertion_sort(breaks, |a, b| a.x < b.x);
}

/// For smooth functions: no breaks anywhere.
pub fn none(_params: &[f64], _from: f64, _to: f64) -> Vec<Break> {
    Vec::new()
}

/// The given points that lie in `[from, to]`, in ascending order.
pub fn at(points: &[(f64, BreakKind)], from: f64, to: f64) -> Vec<Break> {
    let mut inside: Vec<Break> = points
        .iter()
        .filter(|(x, _)| *x >= from && *x <= to)
        .map(|&(x, kind)| Break { x, kind })
        .collect();
    sort_by_x(&mut inside);
    inside.dedup_by(|a, b| a.x == b.x);
    inside
}

/// The points `phase + k * period` in `[from, to]`, all of one kind; none when there
/// are more than [`MAX_BREAKS`].
pub fn periodic(phase: f64, period: f64, kind: BreakKind, from: f64, to: f64) -> Vec<Break> {
    let ordered = from <= to && period > 0.0;
    if !ordered {
        return Vec::new();
    }
    let first = ((from - phase) / period).ceil();
    let last = ((to - phase) / period).floor();
    let countable = last - first < MAX_BREAKS as f64;
    if !countable {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut k = first;
    while k <= last {
        found.push(Break {
            x: phase + k * period,
            kind,
        });
        k += 1.0;
    }
    found
}

/// Two ascending lists merged in ascending order (jumps at k + 0.5 and kinks at k),
/// `a`'s first at equal x.
pub fn merge(a: Vec<Break>, b: Vec<Break>) -> Vec<Break> {
    sorted::merge(a, b, |p, q| p.x < q.x)
}

/// A jump at x = 0 (steps, and step-shaped gradients).
pub fn jump_at_zero(_: &[f64], from: f64, to: f64) -> Vec<Break> {
    at(&[(0.0, BreakKind::Jump)], from, to)
}

/// A kink at x = 0 (functions built on |x| or relu).
pub fn kink_at_zero(_: &[f64], from: f64, to: f64) -> Vec<Break> {
    at(&[(0.0, BreakKind::Kink)], from, to)
}

/// Kinks at -1, 0 and 1: the triangle `max(0, 1 - |x|)` and its relatives.
pub fn unit_triangle(_: &[f64], from: f64, to: f64) -> Vec<Break> {
    at(
        &[
            (-1.0, BreakKind::Kink),
            (0.0, BreakKind::Kink),
            (1.0, BreakKind::Kink),
        ],
        from,
        to,
    )
}

/// Jumps at every k + 0.5: rounding.
pub fn jumps_at_half_integers(_: &[f64], from: f64, to: f64) -> Vec<Break> {
    periodic(0.5, 1.0, BreakKind::Jump, from, to)
}

/// Two breaks of one kind at `-edge` and `edge`: a window `|x| <= edge` or its
/// complement (clips, thresholds, boxes).
pub fn plus_minus(edge: f64, kind: BreakKind, from: f64, to: f64) -> Vec<Break> {
    at(&[(-edge, kind), (edge, kind)], from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periodic_lists_every_half_integer_in_range() {
        let found = periodic(0.5, 1.0, BreakKind::Jump, -2.0, 2.0);
        let xs: Vec<f64> = found.iter().map(|b| b.x).collect();
        assert_eq!(xs, vec![-1.5, -0.5, 0.5, 1.5]);
    }

    #[test]
    fn periodic_gives_up_when_too_dense() {
        assert!(periodic(0.5, 1.0, BreakKind::Jump, -1e9, 1e9).is_empty());
    }

    #[test]
    fn merge_interleaves_two_ascending_lists() {
        let jumps = periodic(0.5, 1.0, BreakKind::Jump, -3.0, 3.0);
        let kinks = periodic(0.0, 1.0, BreakKind::Kink, -3.0, 3.0);
        let merged = merge(jumps.clone(), kinks.clone());
        assert_eq!(merged.len(), jumps.len() + kinks.len());
        assert!(merged.windows(2).all(|w| w[0].x < w[1].x));
        let tie = merge(
            at(&[(1.0, BreakKind::Jump)], 0.0, 2.0),
            at(&[(1.0, BreakKind::Kink)], 0.0, 2.0),
        );
        assert_eq!(tie[0].kind, BreakKind::Jump);
    }

    #[test]
    fn at_keeps_points_inside_sorted() {
        let found = at(
            &[
                (5.0, BreakKind::Jump),
                (-5.0, BreakKind::Jump),
                (50.0, BreakKind::Kink),
            ],
            -10.0,
            10.0,
        );
        assert_eq!(
            found.iter().map(|b| b.x).collect::<Vec<_>>(),
            vec![-5.0, 5.0]
        );
    }
}
