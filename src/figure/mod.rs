//! The picture gradscope draws, on any plotters drawing area (a [`Surface`]): the
//! page hands it a canvas, `gradscope plot` an SVG or bitmap file.
//!
//! Two panels share one x axis: above, f(x) (the forward, the pins' forwards, and the
//! implied forward dashed); below, df/dx (the backward, the true derivative with an
//! arrow at each delta, the finite difference, the pins' backwards). Jumps are drawn
//! as jumps, with a filled dot at the value f(x) takes at the jump and an open dot on
//! the other side. NaN and infinite regions are shaded and labelled in the panel where
//! they occur. A title line names the spec and dtype, and a legend above the panels
//! names every curve by its canonical spec.
//!
//! The work is split in three: [`prepare`] samples the view ([`crate::sampling`]) and
//! lays out the figure (a [`Figure`]); [`draw_axes`] paints the background, title,
//! legend, grids and tick labels; [`draw_curves`] paints the curves, shading, dots
//! and arrows. [`draw`] and [`draw_panel`] do all three.

mod export;
mod paint;
mod scale;
mod series;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;

use crate::sampling::{self, JumpMark, NonFiniteKind, NonFiniteRegion, Samples};
use crate::view::{ExtraCurve, View};
#[cfg(not(target_arch = "wasm32"))]
pub use export::{png, png_bytes};
pub use export::{svg, svg_surface, svg_with_style};
use paint::{font, Painter};
pub use paint::{Surface, UNITS_PER_PIXEL};
pub(crate) use scale::format_short;
use scale::Ticks;
use series::{Palette, Part, Pen, Series, SeriesKind};

/// How the figure looks on a given device.
#[derive(Clone, Debug)]
pub struct FigureStyle {
    /// Device pixels per CSS pixel (the page's `devicePixelRatio`): line widths,
    /// fonts and dot sizes are multiplied by it.
    pub scale: f64,
    /// The font family of all text. Natively the embedded DejaVu Sans is registered
    /// under this name.
    pub font_family: String,
    /// Light text on a dark background.
    pub dark: bool,
    /// How many evenly spaced samples each curve is computed from; `None` for the
    /// default of about two per device pixel of plot width, or
    /// [`sampling::MAX_SAMPLES`] where a curve aliases at that density (see
    /// [`sampling::Cache::sample`]). Dense curves (a Fourier series with many terms
    /// over a wide range) need more; each curve is reduced to its extremes per pixel
    /// column, so up to [`sampling::MAX_SAMPLES`] stay cheap to draw.
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
    /// Scale 1, `sans-serif`, light, default sampling.
    fn default() -> Self {
        FigureStyle {
            scale: 1.0,
            font_family: "sans-serif".to_string(),
            dark: false,
            samples: None,
            measure_text: None,
        }
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

/// A rectangle in device pixels of the drawing area, edges included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PixelRect {
    /// The left edge.
    pub left: i32,
    /// The top edge.
    pub top: i32,
    /// The right edge.
    pub right: i32,
    /// The bottom edge.
    pub bottom: i32,
}

/// Where one panel lies and which y values it spans.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PanelLayout {
    /// Which panel.
    pub panel: Panel,
    /// Its plot rectangle in device pixels.
    pub rect: PixelRect,
    /// The y values at its bottom and top edges.
    pub y_range: [f64; 2],
}

impl PanelLayout {
    /// The device-pixel y of a data y.
    pub fn pixel_at_y(&self, y: f64) -> f64 {
        let [low, high] = self.y_range;
        let (top, bottom) = (f64::from(self.rect.top), f64::from(self.rect.bottom));
        bottom - (y - low) / (high - low) * (bottom - top)
    }

    /// The data y at a device-pixel y, if it lies in the panel.
    pub fn y_at_pixel(&self, pixel_y: f64) -> Option<f64> {
        let (top, bottom) = (f64::from(self.rect.top), f64::from(self.rect.bottom));
        let [low, high] = self.y_range;
        (top..=bottom)
            .contains(&pixel_y)
            .then(|| low + (bottom - pixel_y) / (bottom - top) * (high - low))
    }
}

/// What the page needs to map a pointer to data: the plot area's x span in device
/// pixels and in data, and each drawn panel's rectangle and y range.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FigureLayout {
    /// The device-pixel x of the left and right edges of the plot area (shared by
    /// the panels).
    pub x_pixels: [i32; 2],
    /// The data x at those edges: the view's range.
    pub x_range: [f64; 2],
    /// The panels drawn, top to bottom.
    pub panels: Vec<PanelLayout>,
}

impl FigureLayout {
    /// The device-pixel x of a data x.
    pub fn pixel_at_x(&self, x: f64) -> f64 {
        let [left, right] = self.x_pixels.map(f64::from);
        let [from, to] = self.x_range;
        left + (x - from) / (to - from) * (right - left)
    }

    /// The data x at a device-pixel x, if it lies in the plot area.
    pub fn x_at_pixel(&self, pixel_x: f64) -> Option<f64> {
        let [left, right] = self.x_pixels.map(f64::from);
        let [from, to] = self.x_range;
        (left..=right)
            .contains(&pixel_x)
            .then(|| from + (pixel_x - left) / (right - left) * (to - from))
    }

    /// The layout of one panel, if it was drawn.
    pub fn panel(&self, panel: Panel) -> Option<&PanelLayout> {
        self.panels.iter().find(|p| p.panel == panel)
    }
}

/// A figure ready to paint: its samples and where everything goes.
#[derive(Clone, Debug)]
pub struct Figure {
    /// Where the panels lie and what they span.
    pub layout: FigureLayout,
    /// The curves.
    pub samples: Samples,
    style: FigureStyle,
    title: Option<String>,
    /// Each legend entry's top-left corner, in series order (empty without a header).
    legend: Vec<(f64, f64)>,
    x_ticks: Ticks,
    /// The y ticks of each panel of the layout.
    y_ticks: Vec<Ticks>,
    /// Whether the x tick labels are drawn under the last panel.
    x_labels: bool,
}

/// Lengths of the layout in CSS pixels.
mod gap {
    /// Around the whole figure.
    pub const PAD: f64 = 12.0;
    /// The title line's height.
    pub const TITLE: f64 = 24.0;
    /// A legend row's height.
    pub const LEGEND_ROW: f64 = 20.0;
    /// A legend entry's line sample.
    pub const SWATCH: f64 = 26.0;
    /// Between legend entries.
    pub const LEGEND_ITEM: f64 = 20.0;
    /// The band above each panel holding its name.
    pub const PANEL_NAME: f64 = 22.0;
    /// Between the two panels.
    pub const BETWEEN: f64 = 6.0;
    /// Tick marks.
    pub const TICK: f64 = 4.0;
    /// Under the last panel: tick labels and the axis name.
    pub const X_AXIS: f64 = 44.0;
    /// The smallest panel height drawn.
    pub const MIN_PANEL: f64 = 24.0;
    /// The least distance between tick labels.
    pub const LABEL_GAP: f64 = 14.0;
}

/// The widest tick label the formatter produces; the left margin holds it.
const WIDEST_TICK_LABEL: &str = "-8.88e-88";

/// Samples `view` for the area's width and lays out `panels` (top to bottom) on it.
/// The title and legend go above the forward panel when it comes first, the x tick
/// labels under the backward panel when it comes last.
pub fn prepare(
    area: &dyn Surface,
    view: &View,
    panels: &[Panel],
    style: &FigureStyle,
) -> Result<Figure, String> {
    prepare_with(area, panels, style, |width| match style.samples {
        Some(count) => sampling::sample_with(view, width, count),
        None => sampling::sample(view, width),
    })
}

/// As [`prepare`], with the samples for a plot width in device pixels from `sample`:
/// the page reuses the curves it sampled for the other panel or an earlier frame.
pub fn prepare_with(
    area: &dyn Surface,
    panels: &[Panel],
    style: &FigureStyle,
    sample: impl FnOnce(usize) -> Result<Samples, String>,
) -> Result<Figure, String> {
    if panels.is_empty() {
        return Err("a figure needs at least one panel".to_string());
    }
    let style = FigureStyle {
        scale: if style.scale.is_finite() {
            style.scale.clamp(0.25, 8.0)
        } else {
            1.0
        },
        ..style.clone()
    };
    #[cfg(not(target_arch = "wasm32"))]
    export::register_font(&style.font_family)?;
    let painter = Painter::new(area, &style);
    let px = |css: f64| painter.px(css);
    let (width, height) = painter.size();

    let left =
        (px(gap::PAD) + painter.text_width(WIDEST_TICK_LABEL, font::TICK)? + px(gap::TICK + 6.0))
            .round();
    let right = (width - px(gap::PAD + 8.0)).round();
    let too_small =
        || format!("the drawing area ({width}x{height} pixels) is too small for the figure");
    if right - left < px(40.0) {
        return Err(too_small());
    }
    let samples = sample((right - left) as usize)?;
    let palette = Palette::new(style.dark);
    let all_series = series::series(&samples, &palette);

    let header = panels[0] == Panel::Forward;
    let x_labels = panels[panels.len() - 1] == Panel::Backward;
    let mut y = px(gap::PAD);
    let (title, legend) = if header {
        let title = format!("{}   ({})", samples.main.label, samples.dtype);
        let top = y + px(gap::TITLE);
        let legend = legend_slots(&painter, &all_series, left, right, top)?;
        let rows = legend
            .last()
            .map_or(0.0, |&(_, last)| (last - top) / px(gap::LEGEND_ROW) + 1.0);
        y = top + rows * px(gap::LEGEND_ROW) + px(4.0);
        (Some(title), legend)
    } else {
        (None, Vec::new())
    };
    let count = panels.len() as f64;
    let bottom_band = if x_labels {
        px(gap::X_AXIS)
    } else {
        px(gap::PAD)
    };
    let free =
        height - y - bottom_band - count * px(gap::PANEL_NAME) - (count - 1.0) * px(gap::BETWEEN);
    let panel_height = (free / count).floor();
    if panel_height < px(gap::MIN_PANEL) {
        return Err(too_small());
    }

    let mut layouts = Vec::new();
    let mut y_ticks = Vec::new();
    for &panel in panels {
        let top = (y + px(gap::PANEL_NAME)).round();
        let rect = PixelRect {
            left: left as i32,
            top: top as i32,
            right: right as i32,
            bottom: (top + panel_height) as i32,
        };
        let strips = strip_parts(&all_series, panel).len() as f64;
        let y_range = panel_range(
            &samples,
            &all_series,
            panel,
            strips * px(STRIP) / panel_height,
        );
        y_ticks.push(choose_ticks(&painter, y_range, panel_height, Axis::Y)?);
        layouts.push(PanelLayout {
            panel,
            rect,
            y_range,
        });
        y = top + panel_height + px(gap::BETWEEN);
    }
    let x_ticks = choose_ticks(&painter, [samples.from, samples.to], right - left, Axis::X)?;
    Ok(Figure {
        layout: FigureLayout {
            x_pixels: [left as i32, right as i32],
            x_range: [samples.from, samples.to],
            panels: layouts,
        },
        samples,
        style,
        title,
        legend,
        x_ticks,
        y_ticks,
        x_labels,
    })
}

/// The top-left corner of each legend entry, flowing in rows from `left` to `right`.
fn legend_slots(
    painter: &Painter<'_>,
    all_series: &[Series<'_>],
    left: f64,
    right: f64,
    top: f64,
) -> Result<Vec<(f64, f64)>, String> {
    let mut slots = Vec::new();
    let (mut x, mut y) = (left, top);
    for s in all_series {
        let width = painter.px(gap::SWATCH + 6.0) + painter.text_width(s.label, font::LABEL)?;
        if x > left && x + width > right {
            x = left;
            y += painter.px(gap::LEGEND_ROW);
        }
        slots.push((x, y));
        x += width + painter.px(gap::LEGEND_ITEM);
    }
    Ok(slots)
}

/// The y range of a panel: every finite value drawn in it (curves and jump dots),
/// with room for the delta arrows of the true derivative in the backward panel, and
/// the fraction `below` of the panel kept free at the bottom for strips.
fn panel_range(samples: &Samples, all_series: &[Series<'_>], panel: Panel, below: f64) -> [f64; 2] {
    let parts = all_series
        .iter()
        .flat_map(|s| &s.parts)
        .filter(|p| p.panel == panel);
    let values = parts.flat_map(|p| {
        let dots = p.jumps.iter().flat_map(|j| [j.left, j.right, j.value]);
        p.curve.points().map(|(_, y)| y).chain(dots)
    });
    let deltas = match (panel, &samples.true_derivative) {
        (Panel::Backward, Some(t)) => t.deltas.as_slice(),
        _ => &[],
    };
    let arrows = (
        deltas.iter().any(|d| d.size > 0.0),
        deltas.iter().any(|d| d.size < 0.0),
    );
    let [low, high] = scale::y_range(values, arrows);
    let below = below.clamp(0.0, 0.5);
    [low - (high - low) * below / (1.0 - below), high]
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Axis {
    X,
    Y,
}

/// As many ticks as fit along `length` device pixels without their labels touching,
/// and at least two where two fit.
fn choose_ticks(
    painter: &Painter<'_>,
    [low, high]: [f64; 2],
    length: f64,
    axis: Axis,
) -> Result<Ticks, String> {
    let per_tick = painter.px(if axis == Axis::X { 90.0 } else { 40.0 });
    let most = ((length / per_tick) as usize).clamp(2, 12);
    // Fewer ticks first down to two, then a few more for short axes where a coarse
    // step leaves a single tick.
    let counts = (2..=most).rev().chain(most + 1..most + 4);
    for count in counts {
        let ticks = scale::ticks(low, high, count);
        if ticks.values.len() >= 2 && labels_fit(painter, &ticks, length / (high - low), axis)? {
            return Ok(ticks);
        }
    }
    Ok(scale::ticks(low, high, 2))
}

/// Whether neighbouring tick labels keep their distance at `pixels_per_unit`.
fn labels_fit(
    painter: &Painter<'_>,
    ticks: &Ticks,
    pixels_per_unit: f64,
    axis: Axis,
) -> Result<bool, String> {
    for i in 1..ticks.values.len() {
        let apart = (ticks.values[i] - ticks.values[i - 1]) * pixels_per_unit;
        let needed = match axis {
            Axis::X => {
                let (a, b) = (&ticks.labels[i - 1], &ticks.labels[i]);
                (painter.text_width(a, font::TICK)? + painter.text_width(b, font::TICK)?) / 2.0
            }
            Axis::Y => painter.px(font::TICK),
        };
        if apart < needed + painter.px(gap::LABEL_GAP) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Paints the background, the title and legend, each panel's name, grid, frame and
/// tick labels: everything but the curves.
pub fn draw_axes(area: &dyn Surface, figure: &Figure) -> Result<(), String> {
    let style = &figure.style;
    let painter = Painter::new(area, style);
    let px = |css: f64| painter.px(css);
    let palette = Palette::new(style.dark);
    let layout = &figure.layout;
    let [left, right] = layout.x_pixels.map(f64::from);
    painter.clear(palette.background)?;

    if let Some(title) = &figure.title {
        let centre = px(gap::PAD + gap::TITLE / 2.0);
        painter.text(
            title,
            (left, centre),
            font::TITLE,
            palette.text,
            Pos::new(HPos::Left, VPos::Center),
        )?;
    }
    let all_series = series::series(&figure.samples, &palette);
    for (s, &(x, y)) in all_series.iter().zip(&figure.legend) {
        let middle = y + px(gap::LEGEND_ROW / 2.0);
        painter.segment((x, middle), (x + px(gap::SWATCH), middle), &s.pen)?;
        let at = (x + px(gap::SWATCH + 6.0), middle);
        painter.text(
            s.label,
            at,
            font::LABEL,
            palette.text,
            Pos::new(HPos::Left, VPos::Center),
        )?;
    }

    let grid = Pen {
        colour: palette.grid,
        width: 1.0,
        dash: series::Dash::Solid,
    };
    let axis = Pen {
        colour: palette.axis,
        ..grid
    };
    for (index, (panel, y_ticks)) in layout.panels.iter().zip(&figure.y_ticks).enumerate() {
        let rect = panel.rect;
        let (top, bottom) = (f64::from(rect.top), f64::from(rect.bottom));
        let name_at = (left, top - px(gap::PANEL_NAME / 2.0));
        painter.text(
            panel.panel.title(),
            name_at,
            font::LABEL,
            palette.text,
            Pos::new(HPos::Left, VPos::Center),
        )?;
        for &x in &figure.x_ticks.values {
            let x = layout.pixel_at_x(x);
            painter.segment((x, top), (x, bottom), &grid)?;
            painter.segment((x, bottom), (x, bottom + px(gap::TICK)), &axis)?;
        }
        for (&y, label) in y_ticks.values.iter().zip(&y_ticks.labels) {
            let y = panel.pixel_at_y(y);
            painter.segment((left, y), (right, y), &grid)?;
            painter.segment((left - px(gap::TICK), y), (left, y), &axis)?;
            let at = (left - px(gap::TICK + 3.0), y);
            painter.text(
                label,
                at,
                font::TICK,
                palette.muted,
                Pos::new(HPos::Right, VPos::Center),
            )?;
        }
        let [low, high] = panel.y_range;
        if low < 0.0 && high > 0.0 {
            let zero = panel.pixel_at_y(0.0);
            painter.segment((left, zero), (right, zero), &axis)?;
        }
        painter.outline((left, top), (right, bottom), palette.axis, 1.0)?;

        let last = index + 1 == layout.panels.len();
        if last && figure.x_labels {
            let (width, _) = painter.size();
            for (&x, label) in figure.x_ticks.values.iter().zip(&figure.x_ticks.labels) {
                let half = painter.text_width(label, font::TICK)? / 2.0;
                let x = layout.pixel_at_x(x).min(width - half).max(half);
                let at = (x, bottom + px(gap::TICK + 4.0));
                painter.text(
                    label,
                    at,
                    font::TICK,
                    palette.muted,
                    Pos::new(HPos::Center, VPos::Top),
                )?;
            }
            let at = ((left + right) / 2.0, bottom + px(gap::TICK + 4.0 + 18.0));
            painter.text(
                "x",
                at,
                font::LABEL,
                palette.text,
                Pos::new(HPos::Center, VPos::Top),
            )?;
        }
    }
    Ok(())
}

/// Paints the curves of every panel: NaN/inf shading, then the pins, the estimator
/// and the extra curves, then the jump dots and the delta arrows.
pub fn draw_curves(area: &dyn Surface, figure: &Figure) -> Result<(), String> {
    let style = &figure.style;
    let painter = Painter::new(area, style);
    let palette = Palette::new(style.dark);
    let all_series = in_drawing_order(series::series(&figure.samples, &palette));
    let layout = &figure.layout;
    for panel in &layout.panels {
        let parts = || {
            all_series
                .iter()
                .flat_map(move |s| s.parts.iter().map(move |p| (s, p)))
                .filter(|(_, p)| p.panel == panel.panel)
        };
        let main = parts().find(|(s, _)| s.kind == SeriesKind::Main);
        if let Some((s, part)) = main {
            shade(
                &painter,
                layout,
                panel,
                &part.curve.non_finite,
                s,
                None,
                &palette,
            )?;
        }
        for (index, (s, part)) in strip_parts(&all_series, panel.panel)
            .into_iter()
            .enumerate()
        {
            shade(
                &painter,
                layout,
                panel,
                &part.curve.non_finite,
                s,
                Some(index),
                &palette,
            )?;
        }
        for (s, part) in parts() {
            for segment in &part.curve.segments {
                let pixels: Vec<(f64, f64)> = segment
                    .iter()
                    .map(|&(x, y)| (layout.pixel_at_x(x), panel.pixel_at_y(y)))
                    .collect();
                painter.line(&pixels, &s.pen)?;
            }
        }
        for (s, part) in parts() {
            for jump in part.jumps {
                mark_jump(&painter, layout, panel, jump, s, palette.background)?;
            }
        }
        if let (Panel::Backward, Some(truth)) = (panel.panel, &figure.samples.true_derivative) {
            let pen = all_series
                .iter()
                .find(|s| s.label == ExtraCurve::TrueDerivative.legend())
                .map(|s| s.pen)
                .unwrap_or(all_series[0].pen);
            for delta in &truth.deltas {
                delta_arrow(&painter, layout, panel, delta, &pen)?;
            }
        }
    }
    Ok(())
}

/// The series in drawing order: pins below the estimator below the extra curves,
/// each kind in its legend order.
fn in_drawing_order(all_series: Vec<Series<'_>>) -> Vec<Series<'_>> {
    let mut ordered = Vec::with_capacity(all_series.len());
    let mut rest = all_series;
    for kind in [SeriesKind::Pin, SeriesKind::Main] {
        let (this, others): (Vec<_>, Vec<_>) = rest.into_iter().partition(|s| s.kind == kind);
        ordered.extend(this);
        rest = others;
    }
    ordered.extend(rest);
    ordered
}

/// The curves of a panel whose NaN/inf regions get a strip of their own: all but
/// the estimator's, and those NaN exactly where it is (the true derivative when it
/// is the backward) need none.
fn strip_parts<'s, 'a>(
    all_series: &'s [Series<'a>],
    panel: Panel,
) -> Vec<(&'s Series<'a>, &'s Part<'a>)> {
    let parts = all_series
        .iter()
        .flat_map(|s| s.parts.iter().map(move |p| (s, p)))
        .filter(|(_, p)| p.panel == panel);
    let main_regions = parts
        .clone()
        .find(|(s, _)| s.kind == SeriesKind::Main)
        .map(|(_, p)| &p.curve.non_finite);
    parts
        .filter(|(s, p)| {
            let regions = &p.curve.non_finite;
            s.kind != SeriesKind::Main && !regions.is_empty() && Some(regions) != main_regions
        })
        .collect()
}

/// The height of a strip, in CSS pixels.
const STRIP: f64 = font::NOTE + 6.0;

/// Shades a curve's NaN/inf regions: for the estimator (`strip` None) across the
/// whole panel, labelled `NaN`, `+inf` or `-inf` at the top; for any other curve in
/// its own strip along the bottom (the `strip`-th), in its colour and labelled with
/// its name where it fits.
fn shade(
    painter: &Painter<'_>,
    layout: &FigureLayout,
    panel: &PanelLayout,
    regions: &[NonFiniteRegion],
    s: &Series<'_>,
    strip: Option<usize>,
    palette: &Palette,
) -> Result<(), String> {
    let px = |css: f64| painter.px(css);
    let rect = panel.rect;
    let (left, right) = (f64::from(rect.left), f64::from(rect.right));
    let (top, bottom) = match strip {
        None => (f64::from(rect.top), f64::from(rect.bottom)),
        Some(k) => {
            let bottom = f64::from(rect.bottom) - k as f64 * px(STRIP);
            ((bottom - px(STRIP)).max(f64::from(rect.top)), bottom)
        }
    };
    let mut labelled_to = f64::NEG_INFINITY;
    for region in regions {
        let (mut from, mut to) = (layout.pixel_at_x(region.from), layout.pixel_at_x(region.to));
        let least = px(2.0);
        if to - from < least {
            let centre = (from + to) / 2.0;
            (from, to) = (centre - least / 2.0, centre + least / 2.0);
        }
        let (from, to) = (from.max(left), to.min(right));
        let (fill, alpha) = match (strip, region.kind) {
            (Some(_), _) => (s.pen.colour, 0.3),
            (None, NonFiniteKind::NaN) => (palette.nan, 0.22),
            (None, _) => (palette.inf, 0.18),
        };
        painter.fill((from, top), (to, bottom), fill.mix(alpha))?;
        // A strip names its curve where the region has room for it.
        let mut label = region.kind.label().to_string();
        if strip.is_some() {
            let named = format!("{label} ({})", s.label);
            if painter.text_width(&named, font::NOTE)? + px(6.0) <= to - from {
                label = named;
            }
        }
        let size = if strip.is_some() {
            font::NOTE
        } else {
            font::LABEL
        };
        let width = painter.text_width(&label, size)?;
        let half = width / 2.0 + px(3.0);
        let centre = ((from + to) / 2.0).min(right - half).max(left + half);
        if centre - width / 2.0 > labelled_to {
            let (y, vertical) = match strip {
                None => (top + px(4.0), VPos::Top),
                Some(_) => ((top + bottom) / 2.0, VPos::Center),
            };
            let at = (centre, y);
            painter.text(
                &label,
                at,
                size,
                palette.text,
                Pos::new(HPos::Center, vertical),
            )?;
            labelled_to = centre + width / 2.0 + px(4.0);
        }
    }
    Ok(())
}

/// A jump as a filled dot at the value the function takes there and an open dot at
/// each one-sided limit it does not take.
fn mark_jump(
    painter: &Painter<'_>,
    layout: &FigureLayout,
    panel: &PanelLayout,
    jump: &JumpMark,
    s: &Series<'_>,
    background: RGBColor,
) -> Result<(), String> {
    let x = layout.pixel_at_x(jump.x);
    let radius = s.pen.width + 1.5;
    let open = [jump.left, jump.right];
    let open = open
        .iter()
        .enumerate()
        .filter(|&(i, v)| v.is_finite() && *v != jump.value && (i == 0 || *v != jump.left));
    for (_, &y) in open {
        painter.ring((x, panel.pixel_at_y(y)), radius, s.pen.colour, background)?;
    }
    let jumps = jump.left != jump.right || jump.value != jump.left;
    if jumps && jump.value.is_finite() {
        painter.dot((x, panel.pixel_at_y(jump.value)), radius, s.pen.colour)?;
    }
    Ok(())
}

/// A delta as an arrow from y = 0 (or the panel's edge) upwards for a jump up and
/// downwards for a jump down, labelled with its size.
fn delta_arrow(
    painter: &Painter<'_>,
    layout: &FigureLayout,
    panel: &PanelLayout,
    delta: &sampling::Delta,
    pen: &Pen,
) -> Result<(), String> {
    let px = |css: f64| painter.px(css);
    let rect = panel.rect;
    let (top, bottom) = (f64::from(rect.top), f64::from(rect.bottom));
    let x = layout.pixel_at_x(delta.x);
    let base = panel.pixel_at_y(0.0).clamp(top, bottom);
    let up = delta.size > 0.0;
    let room = if up { base - top } else { bottom - base } - px(4.0);
    let length = ((bottom - top) * 0.3).min(room).max(0.0);
    let tip = (x, if up { base - length } else { base + length });
    let shaft = Pen {
        width: 2.0,
        dash: series::Dash::Solid,
        ..*pen
    };
    painter.arrow((x, base), tip, &shaft)?;
    let label = format!("{}δ", scale::format_short(delta.size));
    let at = (x + px(6.0), tip.1);
    let vertical = if up { VPos::Top } else { VPos::Bottom };
    let width = painter.text_width(&label, font::NOTE)?;
    let (at, horizontal) = if at.0 + width > f64::from(rect.right) {
        ((x - px(6.0), tip.1), HPos::Right)
    } else {
        (at, HPos::Left)
    };
    painter.text(
        &label,
        at,
        font::NOTE,
        pen.colour,
        Pos::new(horizontal, vertical),
    )
}

/// Samples and draws `panels` of `view`, top to bottom, filling the area.
fn draw_panels(
    area: &dyn Surface,
    view: &View,
    panels: &[Panel],
    style: &FigureStyle,
) -> Result<FigureLayout, String> {
    let figure = prepare(area, view, panels, style)?;
    draw_axes(area, &figure)?;
    draw_curves(area, &figure)?;
    Ok(figure.layout)
}

/// Draws the whole figure of `view` on `area`: title, legend and both panels.
pub fn draw(area: &dyn Surface, view: &View, style: &FigureStyle) -> Result<FigureLayout, String> {
    draw_panels(area, view, &[Panel::Forward, Panel::Backward], style)
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
    draw_panels(area, view, &[panel], style)
}

#[cfg(test)]
mod tests;
