//! The `#[wasm_bindgen]` layer: thin wrappers that convert types and call the core.
//! All logic lives in [`Session`](crate::session::Session) and the figure module,
//! which build and are tested natively; errors become JavaScript exceptions carrying
//! the core's message.

pub mod canvas;
#[cfg(feature = "bench")]
pub mod evaluator;
pub mod teach;
#[cfg(feature = "train-lab")]
pub mod train;

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::Array;
use plotters::prelude::*;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::disagreement::Comparison;
use crate::figure::{self, FigureLayout, FigureStyle, Heading, Panel, Theme};
use crate::sampling::{self, Samples};
use crate::session::{Role, Session};
use canvas::PageCanvas;

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

/// One view key as the page's scripts see it.
#[derive(Serialize)]
struct KeyEntry {
    name: &'static str,
    doc: &'static str,
    example: &'static str,
    repeated: bool,
    /// `editor`, `number`, `select` or `checkboxes`.
    control: &'static str,
    /// The values of a select or the words of checkboxes.
    options: &'static [&'static str],
}

/// Every view key with its control, in table order (`url_state::KEYS`).
#[wasm_bindgen]
pub fn view_keys() -> Result<JsValue, JsError> {
    use crate::url_state::{Control, KEYS};
    let entries: Vec<KeyEntry> = KEYS
        .iter()
        .map(|key| {
            let (control, options): (&str, &'static [&'static str]) = match key.control {
                Control::Editor => ("editor", &[]),
                Control::Number => ("number", &[]),
                Control::Select(options) => ("select", options),
                Control::Checkboxes(words) => ("checkboxes", words),
            };
            KeyEntry {
                name: key.name,
                doc: key.doc,
                example: key.example,
                repeated: key.repeated,
                control,
                options,
            }
        })
        .collect();
    to_js(&entries)
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

/// One plot of the page: its panel, drawn on two stacked canvases: the axes below
/// (background, grid, ticks, labels), the marks above (curves, shading, dots,
/// arrows, on a transparent canvas). Each layer is painted only when what it shows
/// changed, so dragging a backward's parameter leaves the forward plot alone, and
/// while the scales hold still the axes are not painted again.
struct Plot {
    panel: Panel,
    axes: HtmlCanvasElement,
    marks: HtmlCanvasElement,
    /// What each layer shows now (`None` before the first draw or after a failed
    /// one).
    painted_frame: Option<figure::Frame>,
    painted_marks: Option<figure::Marks>,
    /// The layout last drawn.
    layout: Option<FigureLayout>,
    /// The canvases' size in device pixels when last painted: resizing a canvas
    /// clears it.
    size: (u32, u32),
}

impl Plot {
    fn new(panel: Panel, axes: HtmlCanvasElement, marks: HtmlCanvasElement) -> Self {
        Plot {
            panel,
            axes,
            marks,
            painted_frame: None,
            painted_marks: None,
            layout: None,
            size: (0, 0),
        }
    }

    /// Lays the plot out (keeping its last y range when `hold` and the curves fit)
    /// and paints the layers whose content changed.
    fn draw(
        &mut self,
        view_samples: impl FnOnce(usize) -> Result<Samples, String>,
        style: &FigureStyle,
        heading: Heading,
        hold: bool,
    ) -> Result<FigureLayout, String> {
        let size = (self.marks.width(), self.marks.height());
        if size != self.size {
            (self.painted_frame, self.painted_marks, self.size) = (None, None, size);
        }
        let area = PageCanvas::new(&self.marks)
            .ok_or_else(no_context)?
            .into_drawing_area();
        let keep = match (&self.layout, hold) {
            (Some(layout), true) => layout.panels.clone(),
            _ => Vec::new(),
        };
        let figure =
            figure::prepare_with(&area, &[self.panel], heading, style, view_samples, &keep)?;
        let frame = figure.frame(size);
        let painted = self.painted_frame.take();
        let (header, grid) = match &painted {
            Some(old) => (old.header != frame.header, old.grid != frame.grid),
            None => (true, true),
        };
        if header || grid {
            let axes = PageCanvas::new(&self.axes)
                .ok_or_else(no_context)?
                .into_drawing_area();
            if header {
                figure::draw_header(&axes, &figure)?;
            }
            if grid {
                figure::draw_grid(&axes, &figure)?;
            }
            axes.present().map_err(|e| e.to_string())?;
        }
        self.painted_frame = Some(frame);
        let marks = figure.marks();
        if self.painted_marks.as_ref() != Some(&marks) {
            self.painted_marks = None;
            clear(&self.marks)?;
            figure::draw_curves(&area, &figure)?;
            area.present().map_err(|e| e.to_string())?;
            self.painted_marks = Some(marks);
        }
        self.layout = Some(figure.layout.clone());
        Ok(figure.layout)
    }
}

/// Makes a whole canvas transparent.
fn clear(canvas: &HtmlCanvasElement) -> Result<(), String> {
    let context = context_2d(canvas).ok_or_else(no_context)?;
    context.save();
    context
        .set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        .map_err(|_| no_context())?;
    context.clear_rect(
        0.0,
        0.0,
        f64::from(canvas.width()),
        f64::from(canvas.height()),
    );
    context.restore();
    Ok(())
}

/// The page: its view and the two plots it draws.
#[wasm_bindgen]
pub struct Page {
    session: Session,
    plots: [Plot; 2],
    samples: sampling::Cache,
    sample_count: usize,
    layout: Option<FigureLayout>,
    /// Whether the plots keep their y ranges while the curves fit (a slider is
    /// being dragged).
    hold_scales: bool,
    /// The theme of a view that names none: the page's `prefers-color-scheme`.
    system_theme: Theme,
}

/// Public methods, exported to JavaScript. Every edit is checked first; a refused
/// edit throws its message and changes nothing.
#[wasm_bindgen]
impl Page {
    /// A page showing the default view: each plot on its axes canvas and, stacked
    /// above it, its marks canvas (transparent, same size).
    #[wasm_bindgen(constructor)]
    pub fn new(
        forward_axes: HtmlCanvasElement,
        forward_marks: HtmlCanvasElement,
        backward_axes: HtmlCanvasElement,
        backward_marks: HtmlCanvasElement,
    ) -> Page {
        Page {
            session: Session::default(),
            plots: [
                Plot::new(Panel::Forward, forward_axes, forward_marks),
                Plot::new(Panel::Backward, backward_axes, backward_marks),
            ],
            samples: sampling::Cache::default(),
            sample_count: 0,
            layout: None,
            hold_scales: false,
            system_theme: Theme::Light,
        }
    }

    /// Keeps each plot's y range while the curves fit inside it (`true`, while a
    /// slider is dragged), or fits it to the curves at every draw (`false`, when
    /// the drag ends).
    pub fn hold_scales(&mut self, hold: bool) {
        self.hold_scales = hold;
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

    /// Sets one view key from text (`spec`, `from`, `dtype`, `show`, ...: the table
    /// of `url_state::KEYS`), checked as a link's value is.
    pub fn set(&mut self, key: &str, text: &str) -> Result<(), JsError> {
        self.session.set(key, text).map_err(js_error)
    }

    /// Chooses a forward (parameters at defaults).
    pub fn set_forward(&mut self, id: &str) -> Result<(), JsError> {
        self.session.set_forward(id).map_err(js_error)
    }

    /// Chooses a backward (parameters at defaults).
    pub fn set_backward(&mut self, id: &str) -> Result<(), JsError> {
        self.session.set_backward(id).map_err(js_error)
    }

    /// Sets a parameter of the `forward` or the `backward` from its number box's text.
    pub fn set_param(&mut self, role: &str, name: &str, text: &str) -> Result<(), JsError> {
        let role: Role = role.parse().map_err(js_error)?;
        self.session.set_param(role, name, text).map_err(js_error)
    }

    /// Sets a parameter of the `forward` or the `backward` to its slider's value at
    /// `position`.
    pub fn set_param_position(
        &mut self,
        role: &str,
        name: &str,
        position: u32,
    ) -> Result<(), JsError> {
        let role: Role = role.parse().map_err(js_error)?;
        self.session
            .set_param_position(role, name, position)
            .map_err(js_error)
    }

    /// Pins the current estimator.
    pub fn pin(&mut self) -> Result<(), JsError> {
        self.session.pin().map_err(js_error)
    }

    /// Pins the formula as the other two frameworks differentiate it.
    pub fn pin_other_frameworks(&mut self) -> Result<(), JsError> {
        self.session.pin_other_frameworks().map_err(js_error)
    }

    /// Where TensorFlow, PyTorch and JAX disagree on the view's formula, in one
    /// sentence; `undefined` when the view is not a formula.
    pub fn framework_differences(&self) -> Result<Option<String>, JsError> {
        let comparison = Comparison::of(&self.session.view).map_err(js_error)?;
        Ok(comparison.map(|c| c.describe()))
    }

    /// Removes a pin.
    pub fn unpin(&mut self, index: usize) -> Result<(), JsError> {
        self.session.unpin(index).map_err(js_error)
    }

    /// Draws both plots; `scale` is the device pixel ratio (canvases are sized in
    /// device pixels by the caller). The view is sampled once for both, and only the
    /// curves whose inputs changed since the last draw are computed again.
    pub fn draw(&mut self, scale: f64) -> Result<(), JsError> {
        let view = &self.session.view;
        let style = page_style(scale).for_view(view, self.system_theme);
        let cache = &mut self.samples;
        let mut sampled: Option<Samples> = None;
        let mut layout = None;
        let hold = self.hold_scales;
        let panels = view.panels;
        for plot in self.plots.iter_mut().filter(|p| panels.shows(p.panel)) {
            // The backward alone carries the title and legend.
            let heading = match panels.panels() {
                [only] if *only == plot.panel => Heading::Always,
                _ => Heading::AboveForward,
            };
            let view_samples = |width: usize| match &sampled {
                Some(samples) if samples.width_px == width => Ok(samples.clone()),
                _ => {
                    let samples = cache.sample(view, width, style.samples)?;
                    sampled = Some(samples.clone());
                    Ok(samples)
                }
            };
            let drawn = plot
                .draw(view_samples, &style, heading, hold)
                .map_err(js_error)?;
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

    /// The view's x range, `[from, to]`.
    pub fn x_range(&self) -> Vec<f64> {
        vec![self.session.view.from, self.session.view.to]
    }

    /// The values at x of the estimator and every pin, in the view's dtype.
    pub fn readout(&self, x: f64) -> Result<JsValue, JsError> {
        to_js(&self.session.readout(x))
    }

    /// The view's samples as CSV (as `gradscope table ... --samples 1001 --true`).
    pub fn csv(&self) -> String {
        self.session.csv()
    }

    /// The figure as SVG text of the given size in CSS pixels, as the page shows it
    /// (its panels, theme and presentation).
    pub fn svg(&self, width: f64, height: f64) -> Result<String, JsError> {
        let view = &self.session.view;
        let style = page_style(1.0).for_view(view, self.system_theme);
        figure::svg_with_style(view, width as u32, height as u32, &style).map_err(js_error)
    }
}
