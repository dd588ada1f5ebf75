//! The picture gradscope draws, on any plotters drawing area (a [`Surface`]): the
//! page hands it a canvas, `gradscope plot` an SVG or PNG file.
//!
//! Two panels share one x axis: above, f(x) (the forward, the pins' forwards, and the
//! implied forward dashed); below, df/dx (the backward, the true derivative with an
//! arrow at each delta, the finite difference, the pins' backwards). Jumps are drawn
//! as jumps, with a filled dot at the value f(x) takes at the jump and an open dot on
//! the other side. NaN and infinite regions are shaded and labelled in the panel where
//! they occur. A title line names the spec and dtype, and a legend above the panels
//! names every curve by its canonical spec.
//!
//! One module a step: `layout` ([`prepare`]) samples the view ([`crate::sampling`])
//! and lays out the figure (a [`Figure`]); `axes` ([`draw_axes`]) paints the
//! background, title, legend, grids and tick labels; `marks` ([`draw_curves`]) the
//! curves, shading, dots and arrows; `export` writes SVG and PNG files. `paint`
//! holds the drawing primitives, `series` what is drawn with which pen, `scale` the
//! ticks. [`draw`] and [`draw_panel`] do layout, axes and marks.

mod axes;
mod export;
mod layout;
mod marks;
mod paint;
mod scale;
mod series;

use serde::Serialize;

use crate::view::View;
pub use axes::{draw_axes, draw_grid, draw_header};
#[cfg(not(target_arch = "wasm32"))]
pub use export::{png, png_bytes};
pub use export::{svg, svg_surface, svg_with_style};
pub use layout::{
    prepare, prepare_with, Figure, FigureLayout, Frame, Grid, Header, Heading, PanelLayout,
    PixelRect,
};
pub use marks::{draw_curves, Marks};
pub use paint::{Surface, UNITS_PER_PIXEL};
pub(crate) use scale::format_short;
pub use series::{Dash, Palette, Theme, PIN_DASHES};

/// How the figure looks on a given device.
#[derive(Clone, Debug)]
pub struct FigureStyle {
    /// Device pixels per CSS pixel (the page's `devicePixelRatio`): line widths,
    /// fonts and dot sizes are multiplied by it.
    pub scale: f64,
    /// The font family of all text. Natively the embedded DejaVu Sans is registered
    /// under this name.
    pub font_family: String,
    /// The colours.
    pub theme: Theme,
    /// Every text's size (and the bands that hold text) times this.
    pub text_scale: f64,
    /// Every curve's width (and its dash pattern, dots and arrows) times this.
    pub line_scale: f64,
    /// How many evenly spaced samples each curve is computed from; `None` for the
    /// default of about two per device pixel of plot width, or
    /// [`crate::sampling::MAX_SAMPLES`] where a curve aliases at that density (see
    /// [`crate::sampling::Cache::sample`]). Dense curves (a Fourier series with many terms
    /// over a wide range) need more; each curve is reduced to its extremes per pixel
    /// column, so up to [`crate::sampling::MAX_SAMPLES`] stay cheap to draw.
    pub samples: Option<usize>,
    /// Measures the width in device pixels of text in a font family at a size in
    /// device pixels. `None` asks the backend's font machinery; the page passes the
    /// canvas's own `measureText`, because plotters' web fallback measures with
    /// styled DOM elements (slow, and refused by the page's Content-Security-Policy).
    pub measure_text: Option<TextMeasure>,
}

/// Width in device pixels of `text` in `family` at `size` device pixels.
pub type TextMeasure = fn(text: &str, family: &str, size: f64) -> f64;

impl Default for FigureStyle {
    /// Scale 1, `sans-serif`, light, text and lines at their normal size, default
    /// sampling.
    fn default() -> Self {
        FigureStyle {
            scale: 1.0,
            font_family: "sans-serif".to_string(),
            theme: Theme::Light,
            text_scale: 1.0,
            line_scale: 1.0,
            samples: None,
            measure_text: None,
        }
    }
}

/// Text size in presentation mode, times the normal size (the back row reads it).
pub const PRESENT_TEXT_SCALE: f64 = 1.75;

/// Curve width in presentation mode, times the normal width: more than 2, so that
/// the estimator's 2.5 px line, drawn 3 px wide on a whole pixel, is drawn 6 px.
pub const PRESENT_LINE_SCALE: f64 = 2.4;

impl FigureStyle {
    /// This style as `view` asks to be shown: in its theme (or `system`, the
    /// theme of the surroundings, when the view names none), and with text
    /// [`PRESENT_TEXT_SCALE`] and curves [`PRESENT_LINE_SCALE`] times larger in
    /// presentation mode.
    pub fn for_view(self, view: &View, system: Theme) -> Self {
        let (text_scale, line_scale) = if view.present {
            (PRESENT_TEXT_SCALE, PRESENT_LINE_SCALE)
        } else {
            (1.0, 1.0)
        };
        FigureStyle {
            theme: view.theme.unwrap_or(system),
            text_scale,
            line_scale,
            ..self
        }
    }

    /// The colours of its theme.
    pub fn palette(&self) -> Palette {
        Palette::new(self.theme)
    }
}

/// One of the two panels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Panel {
    /// The upper panel: f(x).
    Forward,
    /// The lower panel: df/dx.
    Backward,
}

impl Panel {
    /// The panel's name as the figure shows it.
    pub fn title(self) -> &'static str {
        match self {
            Panel::Forward => "f(x)",
            Panel::Backward => "df/dx",
        }
    }
}

/// Samples and draws `panels` of `view`, top to bottom, filling the area.
fn draw_panels(
    area: &dyn Surface,
    view: &View,
    panels: &[Panel],
    heading: Heading,
    style: &FigureStyle,
) -> Result<FigureLayout, String> {
    let figure = prepare(area, view, panels, heading, style)?;
    draw_axes(area, &figure)?;
    draw_curves(area, &figure)?;
    Ok(figure.layout)
}

/// Draws the figure of `view` on `area`: title, legend and the panels the view
/// shows (both by default).
pub fn draw(area: &dyn Surface, view: &View, style: &FigureStyle) -> Result<FigureLayout, String> {
    draw_panels(area, view, view.panels.panels(), Heading::Always, style)
}

/// Draws one panel of `view` on `area`, for a page with one canvas per plot: the
/// forward panel comes with the title and legend, the backward panel with the x
/// tick labels. Both use the same left and right margins, so their x axes line up
/// on areas of the same width.
pub fn draw_panel(
    area: &dyn Surface,
    view: &View,
    panel: Panel,
    style: &FigureStyle,
) -> Result<FigureLayout, String> {
    draw_panels(area, view, &[panel], Heading::AboveForward, style)
}

#[cfg(test)]
mod tests;
