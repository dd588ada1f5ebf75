//! Where everything of the figure goes: the plot area's margins, the title and
//! legend rows, each panel's rectangle and y range, and the ticks that fit. The
//! result, a [`Figure`], is what the axes and the marks are painted from.

use serde::Serialize;

use super::marks::{strip_parts, STRIP};
use super::paint::{font, Painter, Surface};
use super::scale::{self, Ticks};
use super::series::{self, Pen, Series, Theme};
use super::{FigureStyle, Panel};
use crate::sampling::{self, Samples};
use crate::view::View;

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
    pub(super) style: FigureStyle,
    pub(super) title: Option<String>,
    /// Where the title and legend rows start: over the plot area's left edge, or at
    /// the figure's padding when they would not fit there (a narrow, presented one).
    pub(super) header_left: f64,
    /// Each legend entry, in series order (empty without a header).
    pub(super) legend: Vec<LegendEntry>,
    pub(super) x_ticks: Ticks,
    /// The y ticks of each panel of the layout.
    pub(super) y_ticks: Vec<Ticks>,
    /// Whether the x tick labels are drawn under the last panel.
    pub(super) x_labels: bool,
}

/// One series' entry in the legend.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct LegendEntry {
    /// The entry's top-left corner.
    pub(super) corner: (f64, f64),
    /// The series' label, cut short with an ellipsis when too long for a row.
    pub(super) label: String,
}

/// Everything a figure's axes are painted from ([`super::draw_axes`]), in its two
/// bands: two figures with equal headers have identical titles and legends
/// ([`super::draw_header`]), two with equal grids identical panel frames, grids
/// and tick labels ([`super::draw_grid`]), so the page paints each once.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    /// The title and legend.
    pub header: Header,
    /// The panels' frames, grids and ticks.
    pub grid: Grid,
}

/// What a figure's header shows: its title and legend, where they go, and the band's
/// extent.
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    size: (u32, u32),
    band: i32,
    title: Option<String>,
    header_left: f64,
    /// Each legend entry: its corner, its text and its pen.
    legend: Vec<((f64, f64), String, Pen)>,
    scale: f64,
    text_scale: f64,
    theme: Theme,
}

/// What a figure's grid band shows: the layout and the ticks.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    size: (u32, u32),
    layout: FigureLayout,
    x_ticks: Ticks,
    y_ticks: Vec<Ticks>,
    x_labels: bool,
    scale: f64,
    text_scale: f64,
    theme: Theme,
}

impl Figure {
    /// What its axes are painted from, on an area of `size` units.
    pub fn frame(&self, size: (u32, u32)) -> Frame {
        let entries = series::series(&self.samples, &self.style);
        let band = self.layout.panels.first().map_or(0, |p| p.rect.top);
        Frame {
            header: Header {
                size,
                band,
                title: self.title.clone(),
                header_left: self.header_left,
                legend: self
                    .legend
                    .iter()
                    .zip(&entries)
                    .map(|(entry, s)| (entry.corner, entry.label.clone(), s.pen))
                    .collect(),
                scale: self.style.scale,
                text_scale: self.style.text_scale,
                theme: self.style.theme,
            },
            grid: Grid {
                size,
                layout: self.layout.clone(),
                x_ticks: self.x_ticks.clone(),
                y_ticks: self.y_ticks.clone(),
                x_labels: self.x_labels,
                scale: self.style.scale,
                text_scale: self.style.text_scale,
                theme: self.style.theme,
            },
        }
    }
}

/// Lengths of the layout in CSS pixels.
pub(super) mod gap {
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

/// Where a figure's title and legend go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Heading {
    /// Above the first panel, whichever it is (a figure of its own).
    Always,
    /// Above the forward panel when it comes first, else nowhere (one of the
    /// page's plots, the forward's holding the heading).
    AboveForward,
}

/// Samples `view` for the area's width and lays out `panels` (top to bottom) on it.
/// The title and legend go above the first panel as `heading` says, the x tick
/// labels under the backward panel when it comes last.
pub fn prepare(
    area: &dyn Surface,
    view: &View,
    panels: &[Panel],
    heading: Heading,
    style: &FigureStyle,
) -> Result<Figure, String> {
    let sample = |width| match style.samples {
        Some(count) => sampling::sample_with(view, width, count),
        None => sampling::sample(view, width),
    };
    prepare_with(area, panels, heading, style, sample, &[])
}

/// As [`prepare`], with the samples for a plot width in device pixels from `sample`
/// (the page reuses the curves it sampled for the other panel or an earlier frame),
/// and the y range of each panel of `keep` kept while every value drawn in that
/// panel still fits inside it (so that the axes hold still while a slider is
/// dragged).
pub fn prepare_with(
    area: &dyn Surface,
    panels: &[Panel],
    heading: Heading,
    style: &FigureStyle,
    sample: impl FnOnce(usize) -> Result<Samples, String>,
    keep: &[PanelLayout],
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
    super::export::register_font(&style.font_family)?;
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
    let all_series = series::series(&samples, &style);

    let header = heading == Heading::Always || panels[0] == Panel::Forward;
    let x_labels = panels[panels.len() - 1] == Panel::Backward;
    let mut y = px(gap::PAD);
    let (title, header_left, legend) = if header {
        let dtype = format!("   ({})", samples.dtype);
        let title = format!("{}{dtype}", samples.main.label);
        let mut widest = painter.text_width(&title, font::TITLE)?;
        for s in &all_series {
            widest = widest.max(legend_entry_width(&painter, s.label)?);
        }
        let header_left = if left + widest <= right {
            left
        } else {
            px(gap::PAD)
        };
        let room = right - header_left;
        let label_room = room - painter.text_width(&dtype, font::TITLE)?;
        let title = fitted(&painter, &samples.main.label, font::TITLE, label_room)? + &dtype;
        let top = y + painter.tx(gap::TITLE);
        let legend = legend_entries(&painter, &all_series, header_left, right, top)?;
        let rows = legend.last().map_or(0.0, |last| {
            (last.corner.1 - top) / painter.tx(gap::LEGEND_ROW) + 1.0
        });
        y = top + rows * painter.tx(gap::LEGEND_ROW) + px(4.0);
        (Some(title), header_left, legend)
    } else {
        (None, left, Vec::new())
    };
    let count = panels.len() as f64;
    let bottom_band = if x_labels {
        painter.tx(gap::X_AXIS)
    } else {
        px(gap::PAD)
    };
    let free = height
        - y
        - bottom_band
        - count * painter.tx(gap::PANEL_NAME)
        - (count - 1.0) * px(gap::BETWEEN);
    let panel_height = (free / count).floor();
    if panel_height < px(gap::MIN_PANEL) {
        return Err(too_small());
    }

    let mut layouts = Vec::new();
    let mut y_ticks = Vec::new();
    for &panel in panels {
        let top = (y + painter.tx(gap::PANEL_NAME)).round();
        let rect = PixelRect {
            left: left as i32,
            top: top as i32,
            right: right as i32,
            bottom: (top + panel_height) as i32,
        };
        let strips = strip_parts(&all_series, panel).len() as f64;
        let fitted = panel_range(
            &samples,
            &all_series,
            panel,
            strips * painter.tx(STRIP) / panel_height,
        );
        let kept = keep.iter().find(|k| k.panel == panel).map(|k| k.y_range);
        let y_range = match kept {
            Some([low, high]) if low <= fitted[0] && fitted[1] <= high => [low, high],
            _ => fitted,
        };
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
        header_left,
        legend,
        x_ticks,
        y_ticks,
        x_labels,
    })
}

/// A legend entry's width: its line sample and its label.
pub(super) fn legend_entry_width(painter: &Painter<'_>, label: &str) -> Result<f64, String> {
    Ok(painter.tx(gap::SWATCH + 6.0) + painter.text_width(label, font::LABEL)?)
}

/// Each series' legend entry, flowing in rows from `left` to `right`; a label too
/// long for a row of its own is cut short with an ellipsis.
fn legend_entries(
    painter: &Painter<'_>,
    all_series: &[Series<'_>],
    left: f64,
    right: f64,
    top: f64,
) -> Result<Vec<LegendEntry>, String> {
    let mut entries = Vec::new();
    let (mut x, mut y) = (left, top);
    let label_room = right - left - legend_entry_width(painter, "")?;
    for s in all_series {
        let label = fitted(painter, s.label, font::LABEL, label_room)?;
        let width = legend_entry_width(painter, &label)?;
        if x > left && x + width > right {
            x = left;
            y += painter.tx(gap::LEGEND_ROW);
        }
        entries.push(LegendEntry {
            corner: (x, y),
            label,
        });
        x += width + painter.tx(gap::LEGEND_ITEM);
    }
    Ok(entries)
}

/// `text` as drawn at `size` in at most `room` device pixels: whole when it fits,
/// else as much of its start as fits, followed by an ellipsis.
fn fitted(painter: &Painter<'_>, text: &str, size: f64, room: f64) -> Result<String, String> {
    if painter.text_width(text, size)? <= room {
        return Ok(text.to_string());
    }
    let shortened = |kept: usize| {
        let end = text.char_indices().nth(kept).map_or(text.len(), |(i, _)| i);
        format!("{}\u{2026}", text[..end].trim_end())
    };
    // The longest start that fits, by bisection: `fits` kept characters fit,
    // `too_many` do not.
    let (mut fits, mut too_many) = (0, text.chars().count());
    while too_many - fits > 1 {
        let kept = (fits + too_many) / 2;
        if painter.text_width(&shortened(kept), size)? <= room {
            fits = kept;
        } else {
            too_many = kept;
        }
    }
    Ok(shortened(fits))
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
    let per_tick = painter.tx(if axis == Axis::X { 90.0 } else { 40.0 });
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
            Axis::Y => painter.tx(font::TICK),
        };
        if apart < needed + painter.tx(gap::LABEL_GAP) {
            return Ok(false);
        }
    }
    Ok(true)
}
