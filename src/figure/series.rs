//! What is drawn, in which panel, with which pen: the estimator and its pins (forward
//! above, backward below), then the extra curves. One list serves the y ranges, the
//! legend and the drawing, so they cannot disagree.
//!
//! Colours are the Okabe–Ito palette, which stays distinguishable with the common
//! colour-vision deficiencies; extra curves are dashed or dotted as well.

use plotters::style::RGBColor;

use super::Panel;
use crate::sampling::{Curve, JumpMark, Samples};
use crate::view::ExtraCurve;

/// The Okabe–Ito colours used here.
mod okabe_ito {
    use plotters::style::RGBColor;

    pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
    pub const SKY_BLUE: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
    pub const BLUISH_GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
    pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
    pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
    pub const REDDISH_PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
    pub const BLACK: RGBColor = RGBColor(0x00, 0x00, 0x00);
    pub const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
}

/// The colours of everything that is not a curve.
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    /// Behind everything.
    pub background: RGBColor,
    /// Titles, labels, the legend.
    pub text: RGBColor,
    /// Tick labels and secondary text.
    pub muted: RGBColor,
    /// Grid lines.
    pub grid: RGBColor,
    /// The line y = 0 and the panel frames.
    pub axis: RGBColor,
    /// NaN regions (drawn translucent).
    pub nan: RGBColor,
    /// Infinite regions (drawn translucent).
    pub inf: RGBColor,
    /// The current estimator, then each pin.
    pub estimators: [RGBColor; 5],
}

impl Palette {
    /// The light or the dark palette.
    pub fn new(dark: bool) -> Self {
        use okabe_ito::*;
        if dark {
            Palette {
                background: RGBColor(0x1E, 0x1F, 0x22),
                text: RGBColor(0xE8, 0xE8, 0xE8),
                muted: RGBColor(0xB0, 0xB0, 0xB0),
                grid: RGBColor(0x38, 0x3A, 0x3F),
                axis: RGBColor(0x80, 0x80, 0x80),
                nan: RGBColor(0xA0, 0xA0, 0xA0),
                inf: VERMILLION,
                estimators: [
                    SKY_BLUE,
                    ORANGE,
                    RGBColor(0xE8, 0xE8, 0xE8),
                    YELLOW,
                    REDDISH_PURPLE,
                ],
            }
        } else {
            Palette {
                background: RGBColor(0xFF, 0xFF, 0xFF),
                text: RGBColor(0x20, 0x20, 0x20),
                muted: RGBColor(0x55, 0x55, 0x55),
                grid: RGBColor(0xE6, 0xE6, 0xE6),
                axis: RGBColor(0x99, 0x99, 0x99),
                nan: RGBColor(0x70, 0x70, 0x70),
                inf: VERMILLION,
                estimators: [BLUE, ORANGE, SKY_BLUE, BLACK, REDDISH_PURPLE],
            }
        }
    }
}

/// How a line is stroked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dash {
    /// A solid line.
    Solid,
    /// Long dashes.
    Dashed,
    /// Short dots.
    Dotted,
}

/// A line's colour, width (CSS pixels) and dash.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pen {
    /// The colour.
    pub colour: RGBColor,
    /// The width in CSS pixels.
    pub width: f64,
    /// Solid, dashed or dotted.
    pub dash: Dash,
}

/// One curve of a series in one panel, with the jumps to mark on it.
pub struct Part<'a> {
    /// The panel it is drawn in.
    pub panel: Panel,
    /// The curve.
    pub curve: &'a Curve,
    /// Its jumps (open and filled dots).
    pub jumps: &'a [JumpMark],
}

/// What a series is; curves are drawn pins first, so the estimator lies above its
/// pins and the extra curves above it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeriesKind {
    /// A pinned estimator.
    Pin,
    /// The estimator being explored.
    Main,
    /// The true derivative, the finite difference or the implied forward.
    Extra,
}

/// One legend entry and everything it names.
pub struct Series<'a> {
    /// The legend text: a canonical spec, or the name of an extra curve.
    pub label: &'a str,
    /// How it is stroked.
    pub pen: Pen,
    /// Which kind: the main estimator's NaN/inf regions are shaded across the whole
    /// panel; every other series marks them in a strip of its own colour.
    pub kind: SeriesKind,
    /// Its curves.
    pub parts: Vec<Part<'a>>,
}

/// Every series of `samples`, in legend order: the estimator, its pins, then the true
/// derivative, the finite difference and the implied forward when present.
pub fn series<'a>(samples: &'a Samples, palette: &Palette) -> Vec<Series<'a>> {
    let estimators = std::iter::once(&samples.main).chain(&samples.pins);
    let mut list: Vec<Series<'a>> = estimators
        .zip(palette.estimators.iter().copied().cycle())
        .enumerate()
        .map(|(i, (e, colour))| Series {
            label: &e.label,
            pen: Pen {
                colour,
                width: if i == 0 { 2.5 } else { 2.0 },
                dash: Dash::Solid,
            },
            kind: if i == 0 {
                SeriesKind::Main
            } else {
                SeriesKind::Pin
            },
            parts: vec![
                Part {
                    panel: Panel::Forward,
                    curve: &e.forward,
                    jumps: &e.forward_jumps,
                },
                Part {
                    panel: Panel::Backward,
                    curve: &e.backward,
                    jumps: &e.backward_jumps,
                },
            ],
        })
        .collect();
    let extras = [
        (
            ExtraCurve::TrueDerivative.legend(),
            samples.true_derivative.as_ref().map(|t| &t.curve),
            Panel::Backward,
            okabe_ito::VERMILLION,
            Dash::Dashed,
        ),
        (
            ExtraCurve::FiniteDifference.legend(),
            samples.finite_difference.as_ref(),
            Panel::Backward,
            okabe_ito::BLUISH_GREEN,
            Dash::Dotted,
        ),
        (
            ExtraCurve::Implied.legend(),
            samples.implied.as_ref(),
            Panel::Forward,
            okabe_ito::REDDISH_PURPLE,
            Dash::Dashed,
        ),
    ];
    for (label, curve, panel, colour, dash) in extras {
        if let Some(curve) = curve {
            list.push(Series {
                label,
                pen: Pen {
                    colour,
                    width: 2.0,
                    dash,
                },
                kind: SeriesKind::Extra,
                parts: vec![Part {
                    panel,
                    curve,
                    jumps: &[],
                }],
            });
        }
    }
    list
}
