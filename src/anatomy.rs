//! The anatomy of a backward: the figures a person reads off the lower plot, measured
//! on the very samples the plot draws ([`crate::sampling`]).
//!
//! - `peak` and `peak_x`: the value of largest magnitude (signed) and where it lies.
//!   At a jump it is the larger one-sided limit, placed at the jump; a flat top
//!   (`plateau`) is placed at its middle.
//! - `half_width`: the full width of the connected region around the peak where the
//!   backward stays at or beyond half the peak (`half_height` gives its ends). Each
//!   end is interpolated linearly between the two samples that straddle it, or is the
//!   jump where the backward drops below half; `half_width_clipped` says the region
//!   ran into an end of the range or a NaN region, so the true width may be larger.
//!   On a curve that changes faster than it was sampled (drawn as the band it sweeps)
//!   a region narrower than a few pixel columns is not measured.
//! - `area`: the trapezoid integral of the backward over the range, NaN and infinite
//!   regions left out (and listed in `nonfinite`). Where the drawn curve was reduced
//!   to each pixel column's extremes, the implied forward's running integral, which
//!   sums every sample, gives it instead (when the samples hold it, as
//!   [`Anatomy::of`]'s do).
//! - `support`: the interval where the backward is nonzero, clipped to the range.
//! - `nonfinite`: the NaN and infinite intervals of the backward.
//! - `deltas`: when the backward is the forward's own derivative, the Dirac deltas at
//!   the forward's jumps (those the plot draws as arrows with the true derivative),
//!   reported apart (autograd never sees them) instead of as a huge number; `area` is
//!   that of the rest.
//!
//! A backward that is 0 everywhere has `peak` 0 and no `peak_x`, `half_width` or
//! `support`; one that is nowhere finite has no `peak` and no `area` either.
//! [`Anatomy::describe`] says it all in one English sentence for the page's
//! `description`.

use serde::Serialize;

use crate::figure::format_short;
use crate::real::Dtype;
use crate::sampling::{self, Curve, Delta, JumpMark, NonFiniteRegion, Samples};
use crate::spec::format_number;
use crate::view::View;

/// The figures of one view's backward (see the module documentation for each).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Anatomy {
    /// The estimator's canonical spec.
    pub spec: String,
    /// The dtype the samples were computed in.
    pub dtype: Dtype,
    /// Left end of the range.
    pub from: f64,
    /// Right end of the range.
    pub to: f64,
    /// The plot width in device pixels the samples were taken for.
    pub width_px: usize,
    /// How many evenly spaced samples the curves were computed from.
    pub sample_count: usize,
    /// Where the forward jumps, ascending.
    pub forward_jumps: Vec<f64>,
    /// Where the forward is NaN or infinite (`kind` `NaN`, `PosInf` or `NegInf`).
    pub forward_nonfinite: Vec<NonFiniteRegion>,
    /// The finite value of largest magnitude, signed; 0 for a backward that is 0
    /// everywhere, `None` when no sample is finite.
    pub peak: Option<f64>,
    /// Where the peak lies; `None` without a nonzero peak.
    pub peak_x: Option<f64>,
    /// The interval where the backward stays at its peak, when that is three samples
    /// or more (a box, a constant).
    pub plateau: Option<[f64; 2]>,
    /// The full width at half the peak; `None` without a nonzero peak, or when the
    /// curve changes faster than it was sampled and the region around the peak is
    /// narrower than a few pixel columns (the drawing shows a band there).
    pub half_width: Option<f64>,
    /// The ends of the half-height region around the peak.
    pub half_height: Option<[f64; 2]>,
    /// Whether the half-height region reaches an end of the range or a non-finite
    /// region, so that `half_width` is a lower bound.
    pub half_width_clipped: bool,
    /// The integral over the range, non-finite regions left out; `None` when no
    /// sample is finite.
    pub area: Option<f64>,
    /// The interval where the backward is nonzero, clipped to the range.
    pub support: Option<[f64; 2]>,
    /// Where the backward is NaN or infinite (`kind` `NaN`, `PosInf` or `NegInf`).
    pub nonfinite: Vec<NonFiniteRegion>,
    /// The true derivative's deltas at the forward's jumps, when the backward is the
    /// true derivative and the samples hold it (the plot draws its arrows).
    pub deltas: Vec<Delta>,
}

impl Anatomy {
    /// Samples `view` for a plot `width_px` device pixels wide, as the page does, and
    /// measures its backward. Fails only on a bad range.
    pub fn of(view: &View, width_px: usize) -> Result<Anatomy, String> {
        let mut measured = view.clone();
        measured.show.true_derivative = true;
        measured.show.implied = true;
        let samples = sampling::sample(&measured, width_px)?;
        Ok(Anatomy::measure(view, &samples))
    }

    /// Measures the main backward of `samples`, taken of `view`.
    pub fn measure(view: &View, samples: &Samples) -> Anatomy {
        let main = &samples.main;
        let trace = Trace::new(&main.backward, &main.backward_jumps);
        let epsilon = match samples.dtype {
            Dtype::F32 => f64::from(f32::EPSILON),
            Dtype::F64 => f64::EPSILON,
        };
        let peak = trace.peak(epsilon);
        // Sampled more densely than by default (a curve that aliased), the curves
        // keep each pixel column's extremes only: a width of a few columns is then
        // the band the curve sweeps, not its shape.
        let reduced = samples.sample_count > sampling::default_sample_count(samples.width_px);
        let column = (samples.to - samples.from) / samples.width_px as f64;
        let half = peak
            .as_ref()
            .map(|p| trace.half_height(p))
            .filter(|h| !reduced || h.to.x - h.from.x >= RESOLVED_COLUMNS * column);
        let deltas = match &samples.true_derivative {
            Some(true_derivative) if view.estimator.backward_is_true_derivative() => {
                true_derivative.deltas.clone()
            }
            _ => Vec::new(),
        };
        Anatomy {
            spec: main.label.clone(),
            dtype: samples.dtype,
            from: samples.from,
            to: samples.to,
            width_px: samples.width_px,
            sample_count: samples.sample_count,
            forward_jumps: main.forward_jumps.iter().map(|j| j.x).collect(),
            forward_nonfinite: main.forward.non_finite.clone(),
            peak: if trace.points.is_empty() {
                None
            } else {
                Some(peak.as_ref().map_or(0.0, |p| p.value))
            },
            peak_x: peak.as_ref().map(|p| p.x),
            plateau: peak.as_ref().and_then(|p| p.plateau),
            half_width: half.map(|h| h.to.x - h.from.x),
            half_height: half.map(|h| [h.from.x, h.to.x]),
            half_width_clipped: half.is_some_and(|h| h.from.clipped || h.to.clipped),
            area: area(samples, &trace, reduced),
            support: trace.support(),
            nonfinite: main.backward.non_finite.clone(),
            deltas,
        }
    }

    /// One English sentence for a person who cannot see the plots: the estimator,
    /// where the forward jumps, the backward's peak, width at half height, area and
    /// support, its deltas and any NaN or infinite region.
    pub fn describe(&self) -> String {
        let mut clauses = vec![format!(
            "{} in {} on {}: {}",
            self.spec,
            self.dtype,
            interval(self.from, self.to),
            self.forward_clause()
        )];
        clauses.extend(self.backward_clause());
        if !self.deltas.is_empty() {
            clauses.push(self.deltas_clause());
        }
        if !self.nonfinite.is_empty() {
            let excluded = if self.area.is_some() {
                " (left out of the area)"
            } else {
                ""
            };
            clauses.push(format!(
                "the backward is {}{excluded}",
                regions(&self.nonfinite)
            ));
        }
        format!("{}.", clauses.join("; "))
    }

    fn forward_clause(&self) -> String {
        let jumps = match self.forward_jumps.len() {
            0 => "the forward does not jump".to_string(),
            _ => format!("the forward jumps at {}", list(&self.forward_jumps)),
        };
        if self.forward_nonfinite.is_empty() {
            jumps
        } else {
            format!("{jumps} and is {}", regions(&self.forward_nonfinite))
        }
    }

    /// The peak, width, support and area; `None` when no sample is finite (the
    /// non-finite clause says it all).
    fn backward_clause(&self) -> Option<String> {
        let (peak, area) = (self.peak?, self.area?);
        let Some(peak_x) = self.peak_x else {
            return Some("the backward is 0 everywhere".to_string());
        };
        let (extreme, reaches) = if peak > 0.0 {
            ("peak", "peaks at")
        } else {
            ("lowest", "dips to")
        };
        let mut parts = vec![match self.plateau {
            Some([a, b]) => format!(
                "the backward is flat at its {extreme} {} on {}",
                format_short(peak),
                interval(a, b)
            ),
            None => format!(
                "the backward {reaches} {} at x = {}",
                format_short(peak),
                format_short(peak_x)
            ),
        }];
        match self.half_width {
            Some(width) => {
                let at_least = if self.half_width_clipped {
                    "at least "
                } else {
                    ""
                };
                parts.push(format!(
                    "is {at_least}{} wide at half height",
                    format_short(width)
                ));
            }
            None => parts.push("has peaks too narrow to measure at this width".to_string()),
        }
        if let Some([a, b]) = self.support.filter(|s| s[0] > self.from || s[1] < self.to) {
            parts.push(format!("is nonzero only on {}", interval(a, b)));
        }
        Some(format!(
            "{} and has area {} over the range (1 means the implied forward climbs like the step it replaces)",
            parts.join(", "),
            format_short(area)
        ))
    }

    fn deltas_clause(&self) -> String {
        let sizes: Vec<f64> = self.deltas.iter().map(|d| d.size).collect();
        let xs: Vec<f64> = self.deltas.iter().map(|d| d.x).collect();
        let (low, high) = sizes
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
                (l.min(v), h.max(v))
            });
        let what = match sizes.len() {
            1 => format!("a delta of size {}", format_short(low)),
            _ if format_short(low) == format_short(high) => {
                format!("deltas of size {}", format_short(low))
            }
            n if n <= LISTED => format!("deltas of sizes {}", list(&sizes)),
            _ => format!(
                "deltas of sizes from {} to {}",
                format_short(low),
                format_short(high)
            ),
        };
        format!(
            "the true derivative also has {what} at {}, which back-propagation never sees",
            list(&xs)
        )
    }
}

/// Numbers in short form: `0`, `-1 and 1`, `-1, 0 and 1`, or for more than
/// [`LISTED`], how many and their span.
fn list(values: &[f64]) -> String {
    let short: Vec<String> = values.iter().map(|&v| format_short(v)).collect();
    match short.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] if short.len() <= LISTED => format!("{} and {last}", rest.join(", ")),
        [first, .., last] => format!("{} points from {first} to {last}", short.len()),
    }
}

/// Most numbers [`list`] names one by one.
const LISTED: usize = 5;

/// `[a, b]` in short form, or in full where the short forms of the two ends coincide
/// (a ramp 1e-4 wide at 0.499).
fn interval(a: f64, b: f64) -> String {
    let (short_a, short_b) = (format_short(a), format_short(b));
    if short_a == short_b && a != b {
        format!("[{}, {}]", format_number(a), format_number(b))
    } else {
        format!("[{short_a}, {short_b}]")
    }
}

/// Non-finite intervals in words: `NaN on [0.589, 1.5] and +inf at 2`.
fn regions(regions: &[NonFiniteRegion]) -> String {
    let words: Vec<String> = regions
        .iter()
        .map(|r| match r.from == r.to {
            true => format!("{} at {}", r.kind.label(), format_short(r.from)),
            false => format!("{} on {}", r.kind.label(), interval(r.from, r.to)),
        })
        .collect();
    match words.as_slice() {
        [rest @ .., last] if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => words.join(""),
    }
}

/// The narrowest half-height region measured on a reduced curve, in pixel columns.
const RESOLVED_COLUMNS: f64 = 4.0;

/// The integral of the backward over the range (see the module documentation); the
/// curve is `reduced` when it keeps only each pixel column's extremes.
fn area(samples: &Samples, trace: &Trace, reduced: bool) -> Option<f64> {
    if trace.points.is_empty() {
        return None;
    }
    let backward = &samples.main.backward;
    let implied = samples.implied.as_ref().and_then(|curve| {
        let first = curve.points().next()?;
        let last = curve.segments.last()?.last()?;
        Some(last.1 - first.1)
    });
    match implied {
        Some(area) if reduced && backward.non_finite.is_empty() => Some(area),
        _ => Some(trace.trapezoid()),
    }
}

/// What lies between two neighbouring finite samples.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Gap {
    /// Nothing: they are neighbours on one segment.
    Smooth,
    /// A jump of the backward at this x.
    Jump(f64),
    /// A NaN or infinite region.
    NonFinite,
}

/// The backward's finite samples in ascending x, with what lies between each two.
struct Trace {
    points: Vec<(f64, f64)>,
    /// `gaps[i]` lies between `points[i]` and `points[i + 1]`.
    gaps: Vec<Gap>,
}

/// The peak of a trace.
struct Peak {
    value: f64,
    x: f64,
    plateau: Option<[f64; 2]>,
    /// The indices of the first and last sample at the peak.
    first: usize,
    last: usize,
}

/// One end of a region found by walking the trace outwards.
#[derive(Clone, Copy)]
struct End {
    x: f64,
    /// The walk reached the first or last sample, or a non-finite region.
    clipped: bool,
    /// The last sample inside the region.
    index: usize,
}

/// Both ends of the half-height region.
#[derive(Clone, Copy)]
struct HalfHeight {
    from: End,
    to: End,
}

/// Which way a walk along the trace goes.
#[derive(Clone, Copy, PartialEq)]
enum Direction {
    Left,
    Right,
}

impl Trace {
    fn new(curve: &Curve, jumps: &[JumpMark]) -> Self {
        let mut points = Vec::with_capacity(curve.point_count());
        let mut gaps = Vec::with_capacity(curve.point_count());
        for segment in curve.segments.iter().filter(|s| !s.is_empty()) {
            if let Some(&(end, _)) = points.last() {
                let start = segment[0].0;
                let jump = jumps.iter().find(|j| j.x >= end && j.x <= start);
                gaps.push(jump.map_or(Gap::NonFinite, |j| Gap::Jump(j.x)));
            }
            points.extend_from_slice(segment);
            gaps.extend(std::iter::repeat(Gap::Smooth).take(segment.len() - 1));
        }
        Trace { points, gaps }
    }

    /// The first value of largest magnitude, and the run of samples equal to it to
    /// within `epsilon` of its size; `None` when every sample is 0.
    fn peak(&self, epsilon: f64) -> Option<Peak> {
        let (index, &(_, value)) = self.points.iter().enumerate().fold(
            None,
            |best: Option<(usize, &(f64, f64))>, (i, p)| match best {
                Some((_, b)) if b.1.abs() >= p.1.abs() => best,
                _ => Some((i, p)),
            },
        )?;
        if value == 0.0 {
            return None;
        }
        let tolerance = value.abs() * epsilon;
        let at_peak = |y: f64| (y - value).abs() <= tolerance;
        let left = self.walk(index, Direction::Left, at_peak, |inside, _| inside.0);
        let right = self.walk(index, Direction::Right, at_peak, |inside, _| inside.0);
        let (first, last) = (left.index, right.index);
        // Two equal samples are a symmetric peak between them, not yet a flat top.
        let (x, plateau) = match last - first {
            0 => (
                self.adjacent_jump(first).unwrap_or(self.points[first].0),
                None,
            ),
            1 => ((left.x + right.x) / 2.0, None),
            _ => ((left.x + right.x) / 2.0, Some([left.x, right.x])),
        };
        Some(Peak {
            value,
            x,
            plateau,
            first,
            last,
        })
    }

    /// The jump right beside sample `i`, if a segment ends or starts there.
    fn adjacent_jump(&self, i: usize) -> Option<f64> {
        let before = i.checked_sub(1).map(|j| self.gaps[j]);
        let after = self.gaps.get(i).copied();
        [before, after]
            .into_iter()
            .flatten()
            .find_map(|gap| match gap {
                Gap::Jump(x) => Some(x),
                _ => None,
            })
    }

    /// The neighbour of sample `i` towards `direction` and the gap between them.
    fn neighbour(&self, i: usize, direction: Direction) -> Option<(usize, Gap)> {
        match direction {
            Direction::Left => i.checked_sub(1).map(|j| (j, self.gaps[j])),
            Direction::Right => self.gaps.get(i).map(|&gap| (i + 1, gap)),
        }
    }

    /// Walks from sample `start` towards `direction` while `inside` holds for the
    /// next sample's value, crossing jumps but not non-finite regions. Returns where
    /// the region ends: `edge(inside, outside)` between two neighbours of a segment,
    /// the jump's x at a jump, the last sample inside at the trace's end or at a
    /// non-finite region (then clipped).
    fn walk(
        &self,
        start: usize,
        direction: Direction,
        inside: impl Fn(f64) -> bool,
        edge: impl Fn((f64, f64), (f64, f64)) -> f64,
    ) -> End {
        let mut i = start;
        loop {
            let here = self.points[i];
            let Some((next, gap)) = self.neighbour(i, direction) else {
                return End {
                    x: here.0,
                    clipped: true,
                    index: i,
                };
            };
            let there = self.points[next];
            match gap {
                Gap::NonFinite => {
                    return End {
                        x: here.0,
                        clipped: true,
                        index: i,
                    }
                }
                _ if inside(there.1) => i = next,
                Gap::Jump(x) => {
                    return End {
                        x,
                        clipped: false,
                        index: i,
                    }
                }
                Gap::Smooth => {
                    return End {
                        x: edge(here, there),
                        clipped: false,
                        index: i,
                    }
                }
            }
        }
    }

    /// The region around the peak where the backward is at least half the peak (of
    /// the peak's sign), its ends interpolated linearly.
    fn half_height(&self, peak: &Peak) -> HalfHeight {
        let level = peak.value / 2.0;
        let beyond_half = |y: f64| y * peak.value.signum() >= level.abs();
        let crossing = |inside: (f64, f64), outside: (f64, f64)| {
            let t = (level - inside.1) / (outside.1 - inside.1);
            inside.0 + t * (outside.0 - inside.0)
        };
        HalfHeight {
            from: self.walk(peak.first, Direction::Left, beyond_half, crossing),
            to: self.walk(peak.last, Direction::Right, beyond_half, crossing),
        }
    }

    /// From the last zero before the first nonzero sample to the first zero after
    /// the last (the jump, where the backward jumps to or from 0); `None` when every
    /// sample is 0.
    fn support(&self) -> Option<[f64; 2]> {
        let first = self.points.iter().position(|p| p.1 != 0.0)?;
        let last = self.points.iter().rposition(|p| p.1 != 0.0)?;
        let nonzero = |y: f64| y != 0.0;
        let at_zero = |_: (f64, f64), outside: (f64, f64)| outside.0;
        let from = self.walk(first, Direction::Left, nonzero, at_zero);
        let to = self.walk(last, Direction::Right, nonzero, at_zero);
        Some([from.x, to.x])
    }

    /// The trapezoid integral over every gap but the non-finite ones (a jump's gap is
    /// the sliver between its one-sided limits).
    fn trapezoid(&self) -> f64 {
        self.points
            .windows(2)
            .zip(&self.gaps)
            .filter(|(_, gap)| **gap != Gap::NonFinite)
            .map(|(pair, _)| (pair[1].0 - pair[0].0) * (pair[0].1 + pair[1].1) * 0.5)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trace(segments: Vec<Vec<(f64, f64)>>, jumps: &[f64]) -> Trace {
        let curve = Curve {
            segments,
            non_finite: Vec::new(),
        };
        let marks: Vec<JumpMark> = jumps
            .iter()
            .map(|&x| JumpMark {
                x,
                left: 0.0,
                right: 0.0,
                value: 0.0,
            })
            .collect();
        Trace::new(&curve, &marks)
    }

    #[test]
    fn segments_are_joined_by_jumps_or_non_finite_gaps() {
        let t = trace(
            vec![
                vec![(0.0, 1.0), (1.0, 1.0)],
                vec![(1.0, 2.0), (2.0, 2.0)],
                vec![(5.0, 0.0)],
            ],
            &[1.0],
        );
        assert_eq!(
            t.gaps,
            vec![Gap::Smooth, Gap::Jump(1.0), Gap::Smooth, Gap::NonFinite]
        );
        assert_eq!(t.trapezoid(), 1.0 + 2.0, "the non-finite gap is left out");
    }

    #[test]
    fn a_box_between_two_jumps_is_a_plateau_centred_between_them() {
        let t = trace(
            vec![
                vec![(-2.0, 0.0), (-1.001, 0.0)],
                vec![(-0.999, 3.0), (0.4, 3.0), (0.999, 3.0)],
                vec![(1.001, 0.0), (2.0, 0.0)],
            ],
            &[-1.0, 1.0],
        );
        let peak = t.peak(f64::EPSILON).unwrap();
        assert_eq!(
            (peak.value, peak.x, peak.plateau),
            (3.0, 0.0, Some([-1.0, 1.0]))
        );
        let half = t.half_height(&peak);
        assert_eq!((half.from.x, half.to.x), (-1.0, 1.0));
        assert!(!half.from.clipped && !half.to.clipped);
        assert_eq!(t.support(), Some([-1.0, 1.0]));
    }

    #[test]
    fn half_height_ends_are_interpolated_between_samples() {
        let t = trace(vec![vec![(-1.0, 0.0), (0.0, -4.0), (2.0, 0.0)]], &[]);
        let peak = t.peak(f64::EPSILON).unwrap();
        assert_eq!((peak.value, peak.x), (-4.0, 0.0));
        let half = t.half_height(&peak);
        assert_eq!((half.from.x, half.to.x), (-0.5, 1.0));
    }

    #[test]
    fn lists_name_few_numbers_and_count_many() {
        assert_eq!(list(&[0.5]), "0.5");
        assert_eq!(list(&[-1.0, 1.0]), "-1 and 1");
        assert_eq!(list(&[-1.0, 0.0, 1.0]), "-1, 0 and 1");
        let many: Vec<f64> = (0..7).map(|k| k as f64 - 2.5).collect();
        assert_eq!(list(&many), "7 points from -2.5 to 3.5");
    }
}
