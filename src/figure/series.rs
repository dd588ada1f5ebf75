//! What is drawn, in which panel, with which pen: the estimator and its pins (forward
//! above, backward below), then the extra curves. One list serves the y ranges, the
//! legend and the drawing, so they cannot disagree.
//!
//! Colours are the Okabe–Ito palette, which stays distinguishable with the common
//! colour-vision deficiencies, in a light, a dark and a high-contrast [`Theme`]; the
//! pins and the extra curves are dashed or dotted as well, each pin in its own
//! pattern, so that no curve is told apart by colour alone.

use plotters::style::RGBColor;

use super::{FigureStyle, Panel};
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

/// A set of colours for the figure (and the page around it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Dark text on white.
    #[default]
    Light,
    /// Light text on a dark grey.
    Dark,
    /// White text and bright curves on black, for projectors and low vision.
    Contrast,
}

impl Theme {
    /// Every theme, in the order the page lists them.
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::Contrast];

    /// Its name in URLs and on the command line: `light`, `dark`, `contrast`.
    pub const fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Contrast => "contrast",
        }
    }

    /// The theme of this name.
    pub fn named(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// The colours of the figure.
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
    /// The true derivative, the finite difference and the implied forward.
    pub extras: [RGBColor; 3],
}

impl Palette {
    /// The palette of a theme.
    pub fn new(theme: Theme) -> Self {
        use okabe_ito::*;
        let extras = [VERMILLION, BLUISH_GREEN, REDDISH_PURPLE];
        match theme {
            Theme::Dark => Palette {
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
                extras,
            },
            Theme::Contrast => Palette {
                background: RGBColor(0x00, 0x00, 0x00),
                text: RGBColor(0xFF, 0xFF, 0xFF),
                muted: RGBColor(0xE6, 0xE6, 0xE6),
                grid: RGBColor(0x4D, 0x4D, 0x4D),
                axis: RGBColor(0xCC, 0xCC, 0xCC),
                nan: RGBColor(0xC0, 0xC0, 0xC0),
                inf: RGBColor(0xFF, 0x6E, 0x40),
                estimators: [
                    RGBColor(0xFF, 0xE6, 0x00),
                    RGBColor(0x4F, 0xC3, 0xFF),
                    RGBColor(0xFF, 0xFF, 0xFF),
                    RGBColor(0xFF, 0x9E, 0x1A),
                    RGBColor(0xFF, 0x85, 0xD0),
                ],
                extras: [
                    RGBColor(0xFF, 0x6E, 0x40),
                    RGBColor(0x3D, 0xF5, 0xA0),
                    RGBColor(0xC8, 0xA2, 0xFF),
                ],
            },
            Theme::Light => Palette {
                background: RGBColor(0xFF, 0xFF, 0xFF),
                text: RGBColor(0x20, 0x20, 0x20),
                muted: RGBColor(0x55, 0x55, 0x55),
                grid: RGBColor(0xE6, 0xE6, 0xE6),
                axis: RGBColor(0x99, 0x99, 0x99),
                nan: RGBColor(0x70, 0x70, 0x70),
                inf: VERMILLION,
                estimators: [BLUE, ORANGE, SKY_BLUE, BLACK, REDDISH_PURPLE],
                extras,
            },
        }
    }
}

/// How a line is stroked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dash {
    /// A solid line.
    Solid,
    /// Dashes.
    Dashed,
    /// Short dots.
    Dotted,
    /// Long dashes with short gaps.
    Long,
    /// Short dashes with long gaps.
    Sparse,
}

impl Dash {
    /// The lengths of a dash and of the gap after it, in pen widths; `None` for a
    /// solid line. Proportional to the width, so a thicker pen keeps its pattern.
    pub fn pattern(self) -> Option<(f64, f64)> {
        match self {
            Dash::Solid => None,
            Dash::Dashed => Some((3.5, 2.0)),
            Dash::Dotted => Some((1.0, 1.5)),
            Dash::Long => Some((6.0, 2.0)),
            Dash::Sparse => Some((2.0, 3.5)),
        }
    }
}

/// The pins' dash patterns, in pin order: each pin differs from the estimator
/// (solid) and from every other pin by its pattern as well as its colour.
pub const PIN_DASHES: [Dash; 4] = [Dash::Long, Dash::Dotted, Dash::Dashed, Dash::Sparse];

/// The estimator's pen width in CSS pixels, before the style's line scale.
const MAIN_WIDTH: f64 = 2.5;

/// Every other curve's pen width in CSS pixels, before the style's line scale.
pub const CURVE_WIDTH: f64 = 2.0;

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

/// Every series of `samples` in `style` (its palette and line scale), in legend
/// order: the estimator, its pins, then the true derivative, the finite difference
/// and the implied forward when present.
pub fn series<'a>(samples: &'a Samples, style: &FigureStyle) -> Vec<Series<'a>> {
    let palette = style.palette();
    let lines = style.line_scale;
    let estimators = std::iter::once(&samples.main).chain(&samples.pins);
    let mut list: Vec<Series<'a>> = estimators
        .zip(palette.estimators.iter().copied().cycle())
        .enumerate()
        .map(|(i, (e, colour))| Series {
            label: &e.label,
            pen: Pen {
                colour,
                width: if i == 0 { MAIN_WIDTH } else { CURVE_WIDTH } * lines,
                dash: match i {
                    0 => Dash::Solid,
                    pin => PIN_DASHES[(pin - 1) % PIN_DASHES.len()],
                },
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
            palette.extras[0],
            Dash::Dashed,
        ),
        (
            ExtraCurve::FiniteDifference.legend(),
            samples.finite_difference.as_ref(),
            Panel::Backward,
            palette.extras[1],
            Dash::Dotted,
        ),
        (
            ExtraCurve::Implied.legend(),
            samples.implied.as_ref(),
            Panel::Forward,
            palette.extras[2],
            Dash::Dashed,
        ),
    ];
    for (label, curve, panel, colour, dash) in extras {
        if let Some(curve) = curve {
            list.push(Series {
                label,
                pen: Pen {
                    colour,
                    width: CURVE_WIDTH * lines,
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
