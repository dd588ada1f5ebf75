//! Drawing primitives in device pixels on any plotters backend: text, lines with a
//! pen, dots, rectangles, arrows. Sizes are given in CSS pixels and multiplied by the
//! style's scale here, in one place (and text sizes by its text scale).
//!
//! The painter reaches the backend through [`Surface`], an object-safe trait, so the
//! figure's code is compiled once for all backends (the page's module would
//! otherwise hold one copy for the canvas and one for SVG).
//!
//! Plotters hands backends whole-number coordinates. So that curves keep sub-pixel
//! precision, a surface counts in [`UNITS_PER_PIXEL`] units per device pixel, and each
//! backend scales that back: the SVG by its `viewBox`, the canvas by its transform.
//! The painter itself works in device pixels (as `f64`) and converts at the surface.
//! Axis-aligned hairlines (grids, ticks, frames) and text anchors are snapped to the
//! device-pixel grid instead, so they stay crisp.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::Pos;
use plotters::style::{FontDesc, FontFamily, FontStyle, RGBAColor};

use super::series::{Dash, Pen};
use super::{FigureStyle, TextMeasure};

/// Text sizes in CSS pixels.
pub mod font {
    /// The title line.
    pub const TITLE: f64 = 15.0;
    /// Panel names and the legend.
    pub const LABEL: f64 = 13.0;
    /// Tick labels.
    pub const TICK: f64 = 12.0;
    /// Labels inside the plot: NaN/inf regions and deltas.
    pub const NOTE: f64 = 11.5;
}

/// plotters sizes text by its line height, about 1.24 times the CSS font size.
const LINE_HEIGHT_PER_EM: f64 = 1.24;

/// A surface's units per device pixel: coordinates, stroke widths, radii and font
/// sizes reach the backend multiplied by this, and the backend divides them out.
/// Rounding a coordinate to a unit moves it at most 1/32 of a device pixel.
pub const UNITS_PER_PIXEL: u32 = 16;

/// [`UNITS_PER_PIXEL`] as a float.
const UNITS: f64 = UNITS_PER_PIXEL as f64;

/// A drawn polyline keeps every point that lies farther than this from the line
/// through its neighbours, in device pixels (matplotlib simplifies at 1/9 pixel).
const SIMPLIFY_TOLERANCE: f64 = 1.0 / 9.0;

/// The primitives the painter draws with, in units of 1/[`UNITS_PER_PIXEL`] device
/// pixel: what any plotters drawing area offers, behind a trait object.
pub trait Surface {
    /// Width and height in units ([`UNITS_PER_PIXEL`] per device pixel).
    fn size(&self) -> (u32, u32);
    /// Strokes a polyline.
    fn path(&self, points: Vec<(i32, i32)>, style: ShapeStyle) -> Result<(), String>;
    /// Strokes a polyline in dashes `on` long with gaps `off` long.
    fn dashed_path(
        &self,
        points: Vec<(i32, i32)>,
        on: f64,
        off: f64,
        style: ShapeStyle,
    ) -> Result<(), String>;
    /// Fills a polygon.
    fn polygon(&self, points: Vec<(i32, i32)>, style: ShapeStyle) -> Result<(), String>;
    /// Fills or strokes a circle.
    fn circle(&self, centre: (i32, i32), radius: u32, style: ShapeStyle) -> Result<(), String>;
    /// Fills or strokes a rectangle between two corners.
    fn rectangle(&self, corners: [(i32, i32); 2], style: ShapeStyle) -> Result<(), String>;
    /// Draws text with its anchor at `at`.
    fn text(&self, text: &str, style: &TextStyle<'_>, at: (i32, i32)) -> Result<(), String>;
    /// The width of text as the backend measures it.
    fn text_width(&self, text: &str, style: &TextStyle<'_>) -> Result<u32, String>;
    /// Finishes the drawing (writes the file of a file backend).
    fn present(&self) -> Result<(), String>;
}

impl<DB: DrawingBackend> Surface for DrawingArea<DB, Shift> {
    fn size(&self) -> (u32, u32) {
        self.dim_in_pixel()
    }

    fn path(&self, points: Vec<(i32, i32)>, style: ShapeStyle) -> Result<(), String> {
        self.draw(&PathElement::new(points, style)).map_err(failed)
    }

    fn dashed_path(
        &self,
        points: Vec<(i32, i32)>,
        on: f64,
        off: f64,
        style: ShapeStyle,
    ) -> Result<(), String> {
        self.draw(&DashedPathElement::new(points, on, off, style))
            .map_err(failed)
    }

    fn polygon(&self, points: Vec<(i32, i32)>, style: ShapeStyle) -> Result<(), String> {
        self.draw(&Polygon::new(points, style)).map_err(failed)
    }

    fn circle(&self, centre: (i32, i32), radius: u32, style: ShapeStyle) -> Result<(), String> {
        self.draw(&Circle::new(centre, radius, style))
            .map_err(failed)
    }

    fn rectangle(&self, corners: [(i32, i32); 2], style: ShapeStyle) -> Result<(), String> {
        self.draw(&Rectangle::new(corners, style)).map_err(failed)
    }

    fn text(&self, text: &str, style: &TextStyle<'_>, at: (i32, i32)) -> Result<(), String> {
        self.draw_text(text, style, at).map_err(failed)
    }

    fn text_width(&self, text: &str, style: &TextStyle<'_>) -> Result<u32, String> {
        let (width, _) = self.estimate_text_size(text, style).map_err(failed)?;
        Ok(width)
    }

    fn present(&self) -> Result<(), String> {
        DrawingArea::present(self).map_err(failed)
    }
}

/// A drawing surface with the style's scale and font family.
pub struct Painter<'a> {
    area: &'a dyn Surface,
    scale: f64,
    text_scale: f64,
    line_scale: f64,
    family: &'a str,
    measure_text: Option<TextMeasure>,
}

/// A plotters error as the figure's error text.
fn failed(error: impl std::fmt::Display) -> String {
    format!("drawing failed: {error}")
}

impl<'a> Painter<'a> {
    /// A painter on `area` with the style's scale (device pixels per CSS pixel),
    /// font family and text measure.
    pub fn new(area: &'a dyn Surface, style: &'a FigureStyle) -> Self {
        Painter {
            area,
            scale: style.scale,
            text_scale: style.text_scale,
            line_scale: style.line_scale,
            family: &style.font_family,
            measure_text: style.measure_text,
        }
    }

    /// A length in CSS pixels, in device pixels.
    pub fn px(&self, css: f64) -> f64 {
        css * self.scale
    }

    /// A length in CSS pixels that holds text (a line of the legend, a label's
    /// band), in device pixels: it grows with the text scale.
    pub fn tx(&self, css: f64) -> f64 {
        css * self.text_scale * self.scale
    }

    /// The surface's width and height in device pixels.
    pub fn size(&self) -> (f64, f64) {
        let (width, height) = self.area.size();
        (f64::from(width) / UNITS, f64::from(height) / UNITS)
    }

    /// A stroke width in whole device pixels (at least 1), so that hairlines can be
    /// laid on the pixel grid.
    fn whole(&self, css: f64) -> f64 {
        self.px(css).round().max(1.0)
    }

    fn font(&self, size: f64) -> FontDesc<'a> {
        FontDesc::new(
            FontFamily::Name(self.family),
            size * LINE_HEIGHT_PER_EM * self.text_scale * self.scale * UNITS,
            FontStyle::Normal,
        )
    }

    /// The width in device pixels of `text` at `size` (CSS pixels).
    pub fn text_width(&self, text: &str, size: f64) -> Result<f64, String> {
        if let Some(measure) = self.measure_text {
            return Ok(measure(
                text,
                self.family,
                size * LINE_HEIGHT_PER_EM * self.text_scale * self.scale,
            ));
        }
        let style = TextStyle::from(self.font(size));
        Ok(f64::from(self.area.text_width(text, &style)?) / UNITS)
    }

    /// Draws `text` at `size` with its `anchor` at `at`, moved to the nearest whole
    /// device pixel so that glyphs sit on the pixel grid.
    pub fn text(
        &self,
        text: &str,
        at: (f64, f64),
        size: f64,
        colour: RGBColor,
        anchor: Pos,
    ) -> Result<(), String> {
        let style = self.font(size).color(&colour).pos(anchor);
        self.area
            .text(text, &style, point((at.0.round(), at.1.round())))
    }

    /// Strokes a polyline with `pen`; a single point becomes a dot. A polyline that
    /// goes up and down more often than once per pixel column is filled as its
    /// envelope, the band it sweeps at the pen's width. Any other is first simplified
    /// to what shows at device resolution, and split where it turns back sharply
    /// (with a round joint), because a backend that fills a thick path as one polygon
    /// draws long spikes at such turns.
    pub fn line(&self, points: &[(f64, f64)], pen: &Pen) -> Result<(), String> {
        let (Some(first), Some(last)) = (points.first(), points.last()) else {
            return Ok(());
        };
        let columns = (last.0 - first.0).abs() + 1.0;
        let turns = crate::sampling::turns(points.iter().map(|&(_, y)| y));
        if points.len() as f64 > 3.0 * columns && turns as f64 > columns {
            return self.envelope(points, pen);
        }
        let mut units: Vec<(i32, i32)> = simplify(points, SIMPLIFY_TOLERANCE)
            .into_iter()
            .map(point)
            .collect();
        units.dedup();
        let stroke = self.whole(pen.width);
        if units.len() == 1 {
            return self.dot(*first, pen.width / 2.0 + 0.5, pen.colour);
        }
        let runs = split_at_sharp_turns(&units);
        for run in &runs {
            self.stroke(run.to_vec(), stroke, pen)?;
        }
        if stroke > 1.0 && pen.dash == Dash::Solid {
            for run in &runs[1..] {
                self.area
                    .circle(run[0], length(stroke / 2.0), pen.colour.filled())?;
            }
        }
        Ok(())
    }

    /// Fills the band a dense polyline sweeps: in each pixel column, from the lowest
    /// to the highest point of the lines crossing it, widened by the pen. Dashed and
    /// dotted pens fill translucently, so the curves below stay visible.
    fn envelope(&self, points: &[(f64, f64)], pen: &Pen) -> Result<(), String> {
        let start = points
            .iter()
            .map(|p| p.0)
            .fold(f64::INFINITY, f64::min)
            .floor();
        let end = points
            .iter()
            .map(|p| p.0)
            .fold(f64::NEG_INFINITY, f64::max)
            .floor();
        let last = (end - start) as usize;
        let mut band = vec![(f64::INFINITY, f64::NEG_INFINITY); last + 1];
        for pair in points.windows(2) {
            let (p, q) = (pair[0], pair[1]);
            let (low, high) = (p.1.min(q.1), p.1.max(q.1));
            let (a, b) = (
                (p.0.min(q.0) - start) as usize,
                (p.0.max(q.0) - start) as usize,
            );
            for column in &mut band[a.min(last)..=b.min(last)] {
                *column = (column.0.min(low), column.1.max(high));
            }
        }
        let half = self.px(pen.width) / 2.0;
        let columns = band.iter().enumerate().filter(|(_, c)| c.0 <= c.1);
        let top = columns.clone().flat_map(|(i, c)| {
            let x = start + i as f64;
            [(x, c.0 - half), (x + 1.0, c.0 - half)]
        });
        let bottom = columns.rev().flat_map(|(i, c)| {
            let x = start + i as f64;
            [(x + 1.0, c.1 + half), (x, c.1 + half)]
        });
        let outline: Vec<(i32, i32)> = top.chain(bottom).map(point).collect();
        let alpha = if pen.dash == Dash::Solid { 1.0 } else { 0.6 };
        self.area.polygon(outline, pen.colour.mix(alpha).filled())
    }

    /// Strokes a polyline given in units, `stroke` device pixels wide.
    fn stroke(&self, units: Vec<(i32, i32)>, stroke: f64, pen: &Pen) -> Result<(), String> {
        let style = pen.colour.stroke_width(length(stroke));
        match pen.dash.pattern() {
            None => self.area.path(units, style),
            Some((on, off)) => {
                let width = self.px(pen.width) * UNITS;
                self.area.dashed_path(units, on * width, off * width, style)
            }
        }
    }

    /// A straight segment with `pen`. A horizontal or vertical one is laid on the
    /// device-pixel grid, so that a hairline covers whole pixels instead of blurring
    /// over two.
    pub fn segment(&self, from: (f64, f64), to: (f64, f64), pen: &Pen) -> Result<(), String> {
        let stroke = self.whole(pen.width);
        let (mut from, mut to) = (from, to);
        if from.0 == to.0 {
            (from.0, to.0) = (on_grid(from.0, stroke), on_grid(to.0, stroke));
        }
        if from.1 == to.1 {
            (from.1, to.1) = (on_grid(from.1, stroke), on_grid(to.1, stroke));
        }
        self.line(&[from, to], pen)
    }

    /// A filled dot of `radius` CSS pixels.
    pub fn dot(&self, centre: (f64, f64), radius: f64, colour: RGBColor) -> Result<(), String> {
        self.area
            .circle(point(centre), length(self.px(radius)), colour.filled())
    }

    /// An open dot: filled with `inside`, ringed with `colour` (1.5 CSS pixels
    /// times the line scale).
    pub fn ring(
        &self,
        centre: (f64, f64),
        radius: f64,
        colour: RGBColor,
        inside: RGBColor,
    ) -> Result<(), String> {
        self.dot(centre, radius, inside)?;
        self.area.circle(
            point(centre),
            length(self.px(radius)),
            colour.stroke_width(length(self.whole(1.5 * self.line_scale))),
        )
    }

    /// A filled rectangle between two corners, its edges on whole device pixels.
    pub fn fill(
        &self,
        corner: (f64, f64),
        opposite: (f64, f64),
        colour: RGBAColor,
    ) -> Result<(), String> {
        let whole = |(x, y): (f64, f64)| point((x.round(), y.round()));
        self.area
            .rectangle([whole(corner), whole(opposite)], colour.filled())
    }

    /// A rectangle's outline, `width` CSS pixels wide, laid on the device-pixel grid.
    pub fn outline(
        &self,
        corner: (f64, f64),
        opposite: (f64, f64),
        colour: RGBColor,
        width: f64,
    ) -> Result<(), String> {
        let stroke = self.whole(width);
        let snapped = |(x, y): (f64, f64)| point((on_grid(x, stroke), on_grid(y, stroke)));
        self.area.rectangle(
            [snapped(corner), snapped(opposite)],
            colour.stroke_width(length(stroke)),
        )
    }

    /// A vertical arrow from `base` to `tip` (same x) with a filled head, sized by
    /// the pen's width.
    pub fn arrow(&self, base: (f64, f64), tip: (f64, f64), pen: &Pen) -> Result<(), String> {
        // The shaft is laid on the pixel grid (see `segment`): the head goes with it.
        let x = on_grid(tip.0, self.whole(pen.width));
        let (base, tip) = ((x, base.1), (x, tip.1));
        let head = self.px(4.5 * pen.width).min((tip.1 - base.1).abs());
        let direction = (tip.1 - base.1).signum();
        let neck = (tip.0, tip.1 - direction * head);
        self.segment(base, neck, pen)?;
        let half = self.px(2.25 * pen.width);
        let triangle = vec![
            point(tip),
            point((tip.0 - half, neck.1)),
            point((tip.0 + half, neck.1)),
        ];
        self.area.polygon(triangle, pen.colour.filled())
    }
}

/// The points of a polyline that matter at `tolerance` device pixels, in one pass
/// (sleeve fitting, as matplotlib's path simplification): from each kept point the
/// next ones are skipped while one straight line from it can pass within
/// `tolerance` of every skipped point, which keeps the directions such a line may
/// take as a cone that each skipped point narrows. Every dropped point lies that
/// close to the line kept through it; the ends are always kept.
fn simplify(points: &[(f64, f64)], tolerance: f64) -> Vec<(f64, f64)> {
    let (Some(&first), Some(&end)) = (points.first(), points.last()) else {
        return Vec::new();
    };
    if points.len() < 3 {
        return points.to_vec();
    }
    let mut kept = vec![first];
    let mut anchor = first;
    // The directions a line from the anchor may take, clockwise bound first.
    let mut cone: Option<((f64, f64), (f64, f64))> = None;
    let mut last = first;
    for &p in &points[1..] {
        let mut to = (p.0 - anchor.0, p.1 - anchor.1);
        if let Some((low, high)) = cone {
            let inside = cross(low, to) >= 0.0 && cross(to, high) >= 0.0;
            if !inside {
                kept.push(last);
                anchor = last;
                cone = None;
                to = (p.0 - anchor.0, p.1 - anchor.1);
            }
        }
        let distance = to.0.hypot(to.1);
        if distance > tolerance {
            // The sleeve of p: the directions within asin(tolerance / distance) of it.
            let sine = tolerance / distance;
            let cosine = (1.0 - sine * sine).sqrt();
            let right = (to.0 * cosine + to.1 * sine, to.1 * cosine - to.0 * sine);
            let left = (to.0 * cosine - to.1 * sine, to.1 * cosine + to.0 * sine);
            cone = Some(match cone {
                None => (right, left),
                Some((low, high)) => (
                    if cross(low, right) > 0.0 { right } else { low },
                    if cross(left, high) > 0.0 { left } else { high },
                ),
            });
        }
        last = p;
    }
    if kept.last() != Some(&end) {
        kept.push(end);
    }
    kept
}

/// The z component of the cross product: positive when `b` turns counterclockwise
/// from `a`.
fn cross(a: (f64, f64), b: (f64, f64)) -> f64 {
    a.0 * b.1 - a.1 * b.0
}

/// The polyline in runs that each turn by at most 90 degrees at every vertex;
/// neighbouring runs share their joining vertex.
fn split_at_sharp_turns(pixels: &[(i32, i32)]) -> Vec<&[(i32, i32)]> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..pixels.len().saturating_sub(1) {
        let (a, b, c) = (pixels[i - 1], pixels[i], pixels[i + 1]);
        let incoming = (i64::from(b.0 - a.0), i64::from(b.1 - a.1));
        let outgoing = (i64::from(c.0 - b.0), i64::from(c.1 - b.1));
        if incoming.0 * outgoing.0 + incoming.1 * outgoing.1 < 0 {
            runs.push(&pixels[start..=i]);
            start = i;
        }
    }
    runs.push(&pixels[start..]);
    runs
}

/// A device-pixel position in the nearest whole units, kept within what i32 holds.
fn point((x, y): (f64, f64)) -> (i32, i32) {
    let units = |v: f64| (v * UNITS).round().clamp(-1e9, 1e9) as i32;
    (units(x), units(y))
}

/// A length in device pixels (a stroke width, a radius) in whole units.
fn length(pixels: f64) -> u32 {
    (pixels * UNITS).round().clamp(0.0, 1e9) as u32
}

/// Where a line `stroke` whole device pixels wide near `v` covers whole pixels: on
/// a pixel's centre for an odd width, on the boundary between pixels for an even
/// one.
fn on_grid(v: f64, stroke: f64) -> f64 {
    if stroke % 2.0 == 1.0 {
        v.floor() + 0.5
    } else {
        v.round()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplified_lines_stay_within_the_tolerance_of_every_dropped_point() {
        let wave: Vec<(f64, f64)> = (0..2000)
            .map(|i| {
                let x = f64::from(i) * 0.5;
                (x, 100.0 * (x / 37.0).sin() + (x / 3.0).cos())
            })
            .collect();
        let kept = simplify(&wave, 0.1);
        assert!(kept.len() < wave.len() / 2, "{} kept", kept.len());
        for p in &wave {
            let near = kept
                .windows(2)
                .map(|pair| distance_to_segment(*p, pair[0], pair[1]))
                .fold(f64::INFINITY, f64::min);
            assert!(near <= 0.1 + 1e-9, "{p:?} is {near} px away");
        }
    }

    /// The distance from `p` to the segment from `a` to `b`.
    fn distance_to_segment(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let length = dx * dx + dy * dy;
        let t = if length > 0.0 {
            (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length).clamp(0.0, 1.0)
        } else {
            0.0
        };
        ((p.0 - a.0 - t * dx).powi(2) + (p.1 - a.1 - t * dy).powi(2)).sqrt()
    }

    #[test]
    fn simplify_drops_collinear_points_and_keeps_corners() {
        let line: Vec<(f64, f64)> = (0..=10)
            .map(|i| (i as f64, 0.0))
            .chain([(10.0, 5.0)])
            .collect();
        assert_eq!(
            simplify(&line, 0.3),
            vec![(0.0, 0.0), (10.0, 0.0), (10.0, 5.0)]
        );
    }

    #[test]
    fn a_path_that_turns_back_is_split_at_the_turn() {
        let spike = [(0, 10), (1, 0), (2, 10), (3, 10)];
        let runs = split_at_sharp_turns(&spike);
        assert_eq!(runs, vec![&spike[..2], &spike[1..]]);
        let gentle = [(0, 0), (1, 1), (2, 1)];
        assert_eq!(split_at_sharp_turns(&gentle).len(), 1);
    }
}
