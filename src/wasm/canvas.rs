//! The page's canvas backend: `plotters_canvas::CanvasBackend`, with the two things
//! it lacks for this figure.
//!
//! - Sub-pixel precision: plotters hands backends whole-number coordinates, so the
//!   figure counts in units of 1/[`UNITS_PER_PIXEL`] device pixel (see
//!   `figure::paint`). This adapter reports the canvas's size in those units and
//!   sets the context's transform to scale them back; every coordinate, stroke
//!   width, radius and font size then reaches the canvas with sub-pixel precision.
//! - Batched strokes: plotters-canvas strokes every polyline on its own, and a
//!   dashed curve reaches it as one polyline per dash (hundreds a curve). This
//!   adapter gathers consecutive opaque polylines of one colour and width into the
//!   context's path and strokes them once (measured: see `bench/RESULTS.md`).
//!
//! What plotters issue 235 and older plotters-canvas releases lacked is there in
//! 0.3.1: it sets the context's line width from the style's stroke width, and
//! reports the canvas's size in device pixels (`canvas.width`, not its CSS size).
//! `tests/web.rs` checks both reach the context through this adapter.

use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::figure::UNITS_PER_PIXEL;

/// plotters-canvas's error type (its crate does not name it).
type CanvasError = <CanvasBackend as DrawingBackend>::ErrorType;

/// A canvas seen as a plotters backend counting in units of 1/[`UNITS_PER_PIXEL`]
/// device pixel. Drawing is complete after [`DrawingBackend::present`] (or when
/// dropped).
pub struct PageCanvas {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
    /// The colour and width of the polylines gathered in the context's path, if any.
    gathered: Option<Pen>,
}

/// A stroke's colour (red, green, blue, alpha) and width in units.
#[derive(Clone, Copy, PartialEq)]
struct Pen {
    rgb: (u8, u8, u8),
    alpha: f64,
    width: u32,
}

impl PageCanvas {
    /// The backend of a canvas with a 2d context (none without one). It sets the
    /// context's transform so that one unit is 1/[`UNITS_PER_PIXEL`] device pixel.
    pub fn new(canvas: &HtmlCanvasElement) -> Option<Self> {
        let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let pixels_per_unit = 1.0 / f64::from(UNITS_PER_PIXEL);
        context
            .set_transform(pixels_per_unit, 0.0, 0.0, pixels_per_unit, 0.0, 0.0)
            .ok()?;
        let inner = CanvasBackend::with_canvas_object(canvas.clone())?;
        Some(PageCanvas {
            inner,
            context,
            gathered: None,
        })
    }

    /// Strokes the gathered polylines, if any.
    fn flush(&mut self) {
        if let Some(Pen { rgb, alpha, width }) = self.gathered.take() {
            let (r, g, b) = rgb;
            let css = format!("rgba({r},{g},{b},{alpha})");
            self.context.set_stroke_style_str(&css);
            self.context.set_line_width(f64::from(width));
            self.context.stroke();
        }
    }
}

impl Drop for PageCanvas {
    fn drop(&mut self) {
        self.flush();
    }
}

impl DrawingBackend for PageCanvas {
    type ErrorType = CanvasError;

    /// The canvas's size in device pixels (plotters-canvas's), in units.
    fn get_size(&self) -> (u32, u32) {
        let (width, height) = self.inner.get_size();
        (
            width.saturating_mul(UNITS_PER_PIXEL),
            height.saturating_mul(UNITS_PER_PIXEL),
        )
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush();
        self.inner.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        colour: BackendColor,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush();
        self.inner.draw_pixel(point, colour)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush();
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush();
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        let key = Pen {
            rgb: colour.rgb,
            alpha: colour.alpha,
            width: style.stroke_width(),
        };
        if self.gathered != Some(key) {
            self.flush();
            self.context.begin_path();
            self.gathered = Some(key);
        }
        for (i, (x, y)) in path.into_iter().enumerate() {
            let (x, y) = (f64::from(x), f64::from(y));
            if i == 0 {
                self.context.move_to(x, y);
            } else {
                self.context.line_to(x, y);
            }
        }
        // Overlapping parts of one path are painted once: a translucent stroke
        // goes on its own.
        if colour.alpha < 1.0 {
            self.flush();
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vertices: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush();
        self.inner.fill_polygon(vertices, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        centre: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush();
        self.inner.draw_circle(centre, radius, style, fill)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        at: BackendCoord,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush();
        self.inner.draw_text(text, style, at)
    }
}
