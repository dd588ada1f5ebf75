//! The `#[wasm_bindgen]` layer: thin wrappers that convert types and call the core.
//! All logic lives in [`Session`](crate::session::Session) and the figure module,
//! which build and are tested natively; errors become JavaScript exceptions carrying
//! the core's message.

pub mod canvas;

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::Array;
use plotters::prelude::*;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::estimator::{Estimator, Output};
use crate::figure::{self, FigureLayout, FigureStyle, Panel};
use crate::real::{Dtype, Real};
use crate::sampling::{self, Samples};
use crate::session::{Role, Session};
use canvas::Canvas2d;

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
    to_js(&crate::listing::listing())
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

/// The x, rounded to one dtype, and the results of the last run in that dtype.
struct Buffers<F> {
    xs: Vec<F>,
    out: Vec<F>,
}

impl<F: Real> Buffers<F> {
    fn new(xs: &[f64]) -> Self {
        Buffers {
            xs: xs.iter().map(|&x| F::c(x)).collect(),
            out: vec![F::zero(); xs.len()],
        }
    }

    fn run(&mut self, estimator: &Estimator, output: Output) {
        let bound = estimator.bind::<F>();
        bound.output(output).over(&self.xs, &mut self.out);
    }

    fn results(&self) -> Vec<f64> {
        self.out.iter().map(|v| v.to_f64_lossless()).collect()
    }
}

/// The buffers of the dtype an [`Evaluator`] computes in.
enum DtypeBuffers {
    F32(Buffers<f32>),
    F64(Buffers<f64>),
}

/// An estimator in a dtype with its x, rounded to that dtype, and its results kept in
/// wasm memory: each [`Evaluator::run`] computes one output at every x in one call
/// over the slice, converting and copying nothing.
#[wasm_bindgen]
pub struct Evaluator {
    estimator: Estimator,
    buffers: DtypeBuffers,
}

/// Public methods, exported to JavaScript.
#[wasm_bindgen]
impl Evaluator {
    /// `spec` in `dtype` (`f32`/`f64`) at each x of a `Float64Array`.
    #[wasm_bindgen(constructor)]
    pub fn new(spec: &str, dtype: &str, xs: &[f64]) -> Result<Evaluator, JsError> {
        let estimator = spec
            .parse()
            .map_err(|e: crate::spec::SpecError| js_error(e.to_string()))?;
        let buffers = match dtype.parse().map_err(js_error)? {
            Dtype::F32 => DtypeBuffers::F32(Buffers::new(xs)),
            Dtype::F64 => DtypeBuffers::F64(Buffers::new(xs)),
        };
        Ok(Evaluator { estimator, buffers })
    }

    /// Computes `output` (`f`, `backward` or `true`) at every x.
    pub fn run(&mut self, output: &str) -> Result<(), JsError> {
        let output: Output = output.parse().map_err(js_error)?;
        match &mut self.buffers {
            DtypeBuffers::F32(buffers) => buffers.run(&self.estimator, output),
            DtypeBuffers::F64(buffers) => buffers.run(&self.estimator, output),
        }
        Ok(())
    }

    /// The results of the last run, one per x (0 before the first run).
    pub fn results(&self) -> Vec<f64> {
        match &self.buffers {
            DtypeBuffers::F32(buffers) => buffers.results(),
            DtypeBuffers::F64(buffers) => buffers.results(),
        }
    }
}
/// Evaluates `spec` at each x (a `Float64Array`), computed in `dtype` (`f32`/`f64`).
#[wasm_bindgen]
pub fn evaluate(spec: &str, dtype: &str, xs: &[f64]) -> Result<Evaluation, JsError> {
    let mut evaluator = Evaluator::new(spec, dtype, xs)?;
    let mut results = |output| {
        evaluator.run(output)?;
        Ok::<_, JsError>(evaluator.results())
    };
    Ok(Evaluation {
        values: results("f")?,
        backwards: results("backward")?,
        true_derivatives: results("true")?,
    })
}

/// The message of a JavaScript exception (a DOMException, an Error or a string).
fn describe_js_error(error: &JsValue) -> String {
    if let Some(text) = error.as_string() {
        return text;
    }
    match error.dyn_ref::<js_sys::Error>() {
        Some(error) => String::from(error.message()),
        None => "an unknown JavaScript error".to_string(),
    }
}

/// A new canvas element, not in the document.
fn new_canvas() -> Option<HtmlCanvasElement> {
    web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()
}

fn no_context() -> String {
    "the canvas has no 2d context".to_string()
}

/// The 2d context of a canvas.
fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// Text widths measured so far, by font and text; cleared when it grows large.
struct TextWidths {
    /// A context kept for measuring, never drawn on.
    context: Option<CanvasRenderingContext2d>,
    /// The font last set on it.
    font: String,
    widths: HashMap<(String, String), f64>,
}

/// At most this many text widths are kept.
const MAX_TEXT_WIDTHS: usize = 4096;

thread_local! {
    static TEXT_WIDTHS: RefCell<TextWidths> = RefCell::new(TextWidths {
        context: new_canvas().as_ref().and_then(context_2d),
        font: String::new(),
        widths: HashMap::new(),
    });
}

/// Text width as the canvas will draw it, for the figure's layout: measured once per
/// font and text by `measureText`.
fn measure_text(text: &str, family: &str, size: f64) -> f64 {
    TEXT_WIDTHS.with_borrow_mut(|cache| {
        let font = format!("{size}px {family}");
        let key = (font, text.to_string());
        if let Some(&width) = cache.widths.get(&key) {
            return width;
        }
        let Some(context) = &cache.context else {
            return 0.6 * size * text.chars().count() as f64;
        };
        if cache.font != key.0 {
            context.set_font(&key.0);
            cache.font.clone_from(&key.0);
        }
        let width = context.measure_text(text).map(|m| m.width()).unwrap_or(0.0);
        if cache.widths.len() >= MAX_TEXT_WIDTHS {
            cache.widths.clear();
        }
        cache.widths.insert(key, width);
        width
    })
}

/// The figure's style on the page: scaled to the device, text measured by canvas.
pub fn page_style(scale: f64) -> FigureStyle {
    FigureStyle {
        scale,
        measure_text: Some(measure_text),
        ..FigureStyle::default()
    }
}

/// One plot of the page: its canvas and its panel.
struct Plot {
    canvas: HtmlCanvasElement,
    panel: Panel,
}

impl Plot {
    /// Draws the plot whole: axes, then curves. (Keeping a picture of unchanged axes
    /// and copying it under the curves was measured to cost as much as painting
    /// them: see the README's Benchmarks.)
    fn draw(
        &self,
        view_samples: impl FnOnce(usize) -> Result<Samples, String>,
        style: &FigureStyle,
    ) -> Result<FigureLayout, String> {
        let context = context_2d(&self.canvas).ok_or_else(no_context)?;
        let size = (self.canvas.width(), self.canvas.height());
        let area = Canvas2d::new(context, size).into_drawing_area();
        let figure = figure::prepare_with(&area, &[self.panel], style, view_samples)?;
        let present = || area.present().map_err(|e| e.to_string());
        figure::draw_axes(&area, &figure)?;
        present()?;
        figure::draw_curves(&area, &figure)?;
        present()?;
        Ok(figure.layout)
    }
}

/// The page: its view and the two plots it draws.
#[wasm_bindgen]
pub struct Page {
    session: Session,
    plots: [Plot; 2],
    samples: sampling::Cache,
    sample_count: usize,
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
            plots: [
                Plot {
                    canvas: forward_canvas,
                    panel: Panel::Forward,
                },
                Plot {
                    canvas: backward_canvas,
                    panel: Panel::Backward,
                },
            ],
            samples: sampling::Cache::default(),
            sample_count: 0,
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
    /// device pixels by the caller). The view is sampled once for both, and only the
    /// curves whose inputs changed since the last draw are computed again.
    pub fn draw(&mut self, scale: f64) -> Result<(), JsError> {
        let style = page_style(scale);
        let view = &self.session.view;
        let cache = &mut self.samples;
        let mut sampled: Option<Samples> = None;
        let mut layout = None;
        for plot in &self.plots {
            let view_samples = |width: usize| match &sampled {
                Some(samples) if samples.width_px == width => Ok(samples.clone()),
                _ => {
                    let samples = cache.sample(view, width, style.samples)?;
                    sampled = Some(samples.clone());
                    Ok(samples)
                }
            };
            let drawn = plot.draw(view_samples, &style).map_err(js_error)?;
            layout.get_or_insert(drawn);
        }
        self.sample_count = sampled.map_or(0, |s| s.sample_count);
        self.layout = layout;
        Ok(())
    }

    /// How many evenly spaced samples each curve of the last draw was computed from.
    pub fn sample_count(&self) -> usize {
        self.sample_count
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
