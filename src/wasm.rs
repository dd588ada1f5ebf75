//! The `#[wasm_bindgen]` layer: thin wrappers that convert types and call the core.
//! All logic lives in [`Session`](crate::session::Session) and the figure module,
//! which build and are tested natively; errors become JavaScript exceptions carrying
//! the core's message.

use js_sys::Array;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::estimator::Estimator;
use crate::figure::{self, FigureLayout, FigureStyle, Panel};
use crate::real::{Dtype, Real};
use crate::session::{Role, Session};

/// Installs the panic hook, so that a panic (which should never happen) shows as a
/// console error with its message instead of an opaque `unreachable`.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

fn js_error(message: String) -> JsError {
    JsError::new(&message)
}

/// The whole catalog, `{forwards, backwards, presets}`, for building the controls.
#[wasm_bindgen]
pub fn catalog() -> Result<JsValue, JsError> {
    to_js(&crate::catalog::listing())
}

/// Forward values, backwards and true derivatives at many x.
#[wasm_bindgen]
pub struct Evaluation {
    values: Vec<f64>,
    backwards: Vec<f64>,
    true_derivatives: Vec<f64>,
}

#[wasm_bindgen]
impl Evaluation {
    /// f(x) at each x.
    pub fn values(&self) -> Vec<f64> {
        self.values.clone()
    }

    /// The backward at each x.
    pub fn backwards(&self) -> Vec<f64> {
        self.backwards.clone()
    }

    /// The true derivative at each x.
    pub fn true_derivatives(&self) -> Vec<f64> {
        self.true_derivatives.clone()
    }
}

fn evaluate_in<F: Real>(estimator: &Estimator, xs: &[f64]) -> Evaluation {
    let bound = estimator.bind::<F>();
    let xs: Vec<F> = xs.iter().map(|&x| F::c(x)).collect();
    let mut out = vec![F::zero(); xs.len()];
    let mut widen = |fill: &dyn Fn(&[F], &mut [F])| {
        fill(&xs, &mut out);
        out.iter()
            .map(|v| v.to_f64_lossless())
            .collect::<Vec<f64>>()
    };
    Evaluation {
        values: widen(&|x, o| bound.values_into(x, o)),
        backwards: widen(&|x, o| bound.backwards_into(x, o)),
        true_derivatives: widen(&|x, o| bound.true_derivatives_into(x, o)),
    }
}

/// Evaluates `spec` at each x (a `Float64Array`), computed in `dtype` (`f32`/`f64`).
#[wasm_bindgen]
pub fn evaluate(spec: &str, dtype: &str, xs: &[f64]) -> Result<Evaluation, JsError> {
    let estimator: Estimator = spec
        .parse()
        .map_err(|e: crate::spec::SpecError| js_error(e.to_string()))?;
    let dtype: Dtype = dtype.parse().map_err(js_error)?;
    Ok(match dtype {
        Dtype::F32 => evaluate_in::<f32>(&estimator, xs),
        Dtype::F64 => evaluate_in::<f64>(&estimator, xs),
    })
}

thread_local! {
    /// A 2d context kept for measuring text (`measureText`), never drawn on.
    static TEXT_METRICS: Option<CanvasRenderingContext2d> = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|c| c.dyn_into::<HtmlCanvasElement>().ok())
        .and_then(|c| c.get_context("2d").ok().flatten())
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok());
}

/// Text width as the canvas will draw it, for the figure's layout.
fn measure_text(text: &str, family: &str, size: f64) -> f64 {
    TEXT_METRICS.with(|context| match context {
        Some(context) => {
            context.set_font(&format!("{size}px {family}"));
            context.measure_text(text).map(|m| m.width()).unwrap_or(0.0)
        }
        None => 0.6 * size * text.chars().count() as f64,
    })
}

/// The figure's style on the page: scaled to the device, text measured by canvas.
fn page_style(scale: f64) -> FigureStyle {
    FigureStyle {
        scale,
        measure_text: Some(measure_text),
        ..FigureStyle::default()
    }
}

/// The page: its view and the two canvases it draws on.
#[wasm_bindgen]
pub struct Page {
    session: Session,
    forward_canvas: HtmlCanvasElement,
    backward_canvas: HtmlCanvasElement,
    layout: Option<FigureLayout>,
}

/// Public methods, exported to JavaScript. Every edit is checked first; a refused
/// edit throws its message and changes nothing.
#[wasm_bindgen]
impl Page {
    /// A page showing the default view on these canvases.
    #[wasm_bindgen(constructor)]
    pub fn new(forward_canvas: HtmlCanvasElement, backward_canvas: HtmlCanvasElement) -> Page {
        Page {
            session: Session::default(),
            forward_canvas,
            backward_canvas,
            layout: None,
        }
    }

    /// Loads the view from a URL query; returns the messages for refused values.
    pub fn load_query(&mut self, query: &str) -> Array {
        self.session
            .load_query(query)
            .into_iter()
            .map(JsValue::from)
            .collect()
    }

    /// The view as a URL query, without `?`.
    pub fn query(&self) -> String {
        self.session.query()
    }

    /// What the controls should show.
    pub fn controls(&self) -> Result<JsValue, JsError> {
        to_js(&self.session.controls())
    }

    /// Sets the estimator from spec text or `preset:<id>`.
    pub fn set_spec(&mut self, text: &str) -> Result<(), JsError> {
        self.session.set_spec(text).map_err(js_error)
    }

    /// Chooses a forward (parameters at defaults).
    pub fn set_forward(&mut self, id: &str) -> Result<(), JsError> {
        self.session.set_forward(id).map_err(js_error)
    }

    /// Chooses a backward (parameters at defaults).
    pub fn set_backward(&mut self, id: &str) -> Result<(), JsError> {
        self.session.set_backward(id).map_err(js_error)
    }

    /// Sets a parameter of the `forward` or the `backward`.
    pub fn set_param(&mut self, role: &str, name: &str, value: f64) -> Result<(), JsError> {
        let role: Role = role.parse().map_err(js_error)?;
        self.session.set_param(role, name, value).map_err(js_error)
    }

    /// Sets the x range.
    pub fn set_range(&mut self, from: f64, to: f64) -> Result<(), JsError> {
        self.session.set_range(from, to).map_err(js_error)
    }

    /// Sets the dtype, `f32` or `f64`.
    pub fn set_dtype(&mut self, name: &str) -> Result<(), JsError> {
        self.session.set_dtype(name).map_err(js_error)
    }

    /// Turns `true`, `fd` or `implied` on or off.
    pub fn set_show(&mut self, curve: &str, on: bool) -> Result<(), JsError> {
        self.session.set_show(curve, on).map_err(js_error)
    }

    /// Pins the current estimator.
    pub fn pin(&mut self) -> Result<(), JsError> {
        self.session.pin().map_err(js_error)
    }

    /// Removes a pin.
    pub fn unpin(&mut self, index: usize) -> Result<(), JsError> {
        self.session.unpin(index).map_err(js_error)
    }

    /// Draws both plots; `scale` is the device pixel ratio (canvases are sized in
    /// device pixels by the caller).
    pub fn draw(&mut self, scale: f64) -> Result<(), JsError> {
        let style = page_style(scale);
        let mut layout = None;
        for (canvas, panel) in [
            (&self.forward_canvas, Panel::Forward),
            (&self.backward_canvas, Panel::Backward),
        ] {
            let backend = CanvasBackend::with_canvas_object(canvas.clone())
                .ok_or_else(|| js_error("the canvas has no 2d context".into()))?;
            let area = backend.into_drawing_area();
            let drawn =
                figure::draw_panel(&area, &self.session.view, panel, &style).map_err(js_error)?;
            area.present().map_err(|e| js_error(e.to_string()))?;
            layout.get_or_insert(drawn);
        }
        self.layout = layout;
        Ok(())
    }

    /// The data x under a device-pixel x of the plots, if it lies in the plot area.
    pub fn x_at_pixel(&self, pixel_x: f64) -> Option<f64> {
        self.layout
            .as_ref()
            .and_then(|layout| layout.x_at_pixel(pixel_x))
    }

    /// The device-pixel x of the plots at data x (the inverse of `x_at_pixel`).
    pub fn pixel_at_x(&self, x: f64) -> Option<f64> {
        self.layout.as_ref().map(|layout| layout.pixel_at_x(x))
    }

    /// The values at x of the estimator and every pin, in the view's dtype.
    pub fn readout(&self, x: f64) -> Result<JsValue, JsError> {
        to_js(&self.session.readout(x))
    }

    /// The view's samples as CSV (as `gradscope table ... --samples 1001 --true`).
    pub fn csv(&self) -> String {
        self.session.csv()
    }

    /// The whole figure as SVG text of the given size in CSS pixels.
    pub fn svg(&self, width: f64, height: f64) -> Result<String, JsError> {
        figure::svg_with_style(
            &self.session.view,
            width as u32,
            height as u32,
            &page_style(1.0),
        )
        .map_err(js_error)
    }
}
