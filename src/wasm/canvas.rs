//! A plotters backend for a 2d canvas that strokes as seldom as it can: consecutive
//! strokes of one opaque colour and width are gathered into the context's path and
//! stroked once (a curve, all its dashes, every grid line of a panel), and the
//! context's font, colours and text alignment are set only when they change. Points
//! go to the path by `moveTo`/`lineTo`: cheaper than writing SVG path text for a
//! `Path2D` to parse.
//!
//! Coordinates come in units of 1/[`UNITS_PER_PIXEL`] device pixel (see
//! `figure::paint`), scaled back by the context's transform, so curves keep
//! sub-pixel precision; the figure itself lays hairlines on the pixel grid.

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};
use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

use crate::figure::UNITS_PER_PIXEL;

/// What went wrong in the canvas: the JavaScript exception's text.
#[derive(Debug)]
pub struct CanvasError(String);

impl std::fmt::Display for CanvasError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CanvasError {}

fn failed(error: JsValue) -> DrawingErrorKind<CanvasError> {
    DrawingErrorKind::DrawingError(CanvasError(super::describe_js_error(&error)))
}

/// The context's state as last set here: `None` until set, since others draw on the
/// same context between frames.
#[derive(Default)]
struct State {
    fill: Option<String>,
    stroke: Option<String>,
    width: Option<u32>,
    font: Option<String>,
    align: Option<&'static str>,
    baseline: Option<&'static str>,
}

/// A 2d context seen as a plotters backend. Drawing is complete after
/// [`DrawingBackend::present`] (or when dropped).
pub struct Canvas2d {
    context: CanvasRenderingContext2d,
    size: (u32, u32),
    state: State,
    /// The stroke colour and width of the path gathered in the context, if any.
    pending: Option<(String, u32)>,
}

/// A colour as CSS text, as plotters-canvas writes it.
fn css(colour: BackendColor) -> String {
    let (r, g, b) = colour.rgb;
    format!("rgba({r},{g},{b},{})", colour.alpha)
}

impl Canvas2d {
    /// A backend drawing `size` device pixels on `context`, counting in units of
    /// 1/[`UNITS_PER_PIXEL`] pixel (the context's transform is set to match).
    pub fn new(context: CanvasRenderingContext2d, size: (u32, u32)) -> Self {
        let pixels_per_unit = 1.0 / f64::from(UNITS_PER_PIXEL);
        // setTransform only throws for non-finite numbers.
        let _ = context.set_transform(pixels_per_unit, 0.0, 0.0, pixels_per_unit, 0.0, 0.0);
        Canvas2d {
            context,
            size,
            state: State::default(),
            pending: None,
        }
    }

    fn set_fill(&mut self, colour: String) {
        if self.state.fill.as_ref() != Some(&colour) {
            self.context.set_fill_style_str(&colour);
            self.state.fill = Some(colour);
        }
    }

    fn set_stroke(&mut self, colour: String, width: u32) {
        if self.state.stroke.as_ref() != Some(&colour) {
            self.context.set_stroke_style_str(&colour);
            self.state.stroke = Some(colour);
        }
        if self.state.width != Some(width) {
            self.context.set_line_width(f64::from(width));
            self.state.width = Some(width);
        }
    }

    /// Sets the fill style, or the stroke style and width, for a shape drawn filled
    /// or outlined as `fill` says.
    fn set_paint<S: BackendStyle>(&mut self, style: &S, fill: bool) {
        let colour = css(style.color());
        if fill {
            self.set_fill(colour);
        } else {
            self.set_stroke(colour, style.stroke_width());
        }
    }

    /// Strokes the gathered path, if any.
    fn flush(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        let Some((colour, width)) = self.pending.take() else {
            return Ok(());
        };
        self.set_stroke(colour, width);
        self.context.stroke();
        Ok(())
    }

    /// Adds a polyline to the context's path: a move to the first point, lines to the
    /// rest.
    fn trace<T: Into<f64>>(&self, points: impl IntoIterator<Item = (T, T)>) {
        for (i, (x, y)) in points.into_iter().enumerate() {
            let (x, y) = (x.into(), y.into());
            if i == 0 {
                self.context.move_to(x, y);
            } else {
                self.context.line_to(x, y);
            }
        }
    }

    /// Adds a polyline to the gathered path, first stroking what was gathered in
    /// another colour or width. A translucent stroke is drawn on its own, because
    /// overlapping parts of one path are painted once.
    fn gather<T: Into<f64>, I: IntoIterator<Item = (T, T)>>(
        &mut self,
        points: I,
        style: &impl BackendStyle,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let colour = style.color();
        let key = (css(colour), style.stroke_width());
        if self.pending.as_ref() != Some(&key) {
            self.flush()?;
            self.pending = Some(key);
            self.context.begin_path();
        }
        self.trace(points);
        if colour.alpha < 1.0 {
            self.flush()?;
        }
        Ok(())
    }
}

impl DrawingBackend for Canvas2d {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        let (width, height) = self.size;
        (
            width.saturating_mul(UNITS_PER_PIXEL),
            height.saturating_mul(UNITS_PER_PIXEL),
        )
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        colour: BackendColor,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if colour.alpha == 0.0 {
            return Ok(());
        }
        self.flush()?;
        self.set_fill(css(colour));
        self.context
            .fill_rect(f64::from(point.0), f64::from(point.1), 1.0, 1.0);
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.gather([from, to], style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        let (x, y) = (f64::from(upper_left.0), f64::from(upper_left.1));
        let (w, h) = (
            f64::from(bottom_right.0 - upper_left.0),
            f64::from(bottom_right.1 - upper_left.1),
        );
        self.flush()?;
        self.set_paint(style, fill);
        if fill {
            self.context.fill_rect(x, y, w, h);
        } else {
            self.context.stroke_rect(x, y, w, h);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.gather(path, style)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vertices: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        self.flush()?;
        self.context.begin_path();
        self.trace(vertices);
        self.context.close_path();
        self.set_fill(css(colour));
        self.context.fill();
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        self.flush()?;
        self.context.begin_path();
        self.context
            .arc(
                f64::from(center.0),
                f64::from(center.1),
                f64::from(radius),
                0.0,
                std::f64::consts::TAU,
            )
            .map_err(failed)?;
        self.set_paint(style, fill);
        if fill {
            self.context.fill();
        } else {
            self.context.stroke();
        }
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        self.flush()?;
        let (mut x, mut y) = (f64::from(pos.0), f64::from(pos.1));
        let turn = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 0.25,
            FontTransform::Rotate180 => 0.5,
            FontTransform::Rotate270 => 0.75,
        };
        if turn != 0.0 {
            self.context.save();
            self.context.translate(x, y).map_err(failed)?;
            self.context
                .rotate(turn * std::f64::consts::TAU)
                .map_err(failed)?;
            (x, y) = (0.0, 0.0);
        }
        let anchor = style.anchor();
        let baseline = match anchor.v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        };
        if self.state.baseline != Some(baseline) {
            self.context.set_text_baseline(baseline);
            self.state.baseline = Some(baseline);
        }
        let align = match anchor.h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        };
        if self.state.align != Some(align) {
            self.context.set_text_align(align);
            self.state.align = Some(align);
        }
        self.set_fill(css(colour));
        let font = format!(
            "{} {}px {}",
            style.style().as_str(),
            style.size(),
            style.family().as_str()
        );
        if self.state.font.as_ref() != Some(&font) {
            self.context.set_font(&font);
            self.state.font = Some(font);
        }
        self.context.fill_text(text, x, y).map_err(failed)?;
        if turn != 0.0 {
            self.context.restore();
            // restore() brought back the state from before save().
            self.state = State::default();
        }
        Ok(())
    }
}

impl Drop for Canvas2d {
    fn drop(&mut self) {
        // A drop cannot report failure; `present` can.
        let _ = self.flush();
    }
}
