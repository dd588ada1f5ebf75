//! The page's teaching exports: the guided tours, the theme of the surroundings,
//! views sent by the page around an embedded one, the backward's anatomy and its
//! sentence for the `description`, and the plotted samples for `Data table` and
//! `Listen`. Thin wrappers like the rest of `wasm`: the logic lives in
//! [`crate::anatomy`], [`crate::catalog::tours`] and [`crate::session`].

use js_sys::Array;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{to_js, Page};
use crate::anatomy::Anatomy;
use crate::catalog;
use crate::figure::Theme;
use crate::real::{Dtype, Real};
use crate::session::format_value;
use crate::table;
use crate::view::View;

/// One tour as the page's `tour` select and region show it.
#[derive(Serialize)]
struct TourEntry {
    id: &'static str,
    title: &'static str,
    steps: Vec<StepEntry>,
}

/// One step: its view as a query and its note in three parts.
#[derive(Serialize)]
struct StepEntry {
    view: &'static str,
    code: &'static str,
    shows: &'static str,
    fix: &'static str,
}

/// Every guided tour, `[{id, title, steps: [{view, code, shows, fix}]}]`.
#[wasm_bindgen]
pub fn tours() -> Result<JsValue, JsError> {
    let entries: Vec<TourEntry> = catalog::tours()
        .map(|tour| TourEntry {
            id: tour.id,
            title: tour.title,
            steps: tour
                .steps
                .iter()
                .map(|step| StepEntry {
                    view: step.view,
                    code: step.note.code,
                    shows: step.note.shows,
                    fix: step.note.fix,
                })
                .collect(),
        })
        .collect();
    to_js(&entries)
}

/// The anatomy's figures, its sentence, and a short line of the figures.
#[derive(Serialize)]
struct Description {
    #[serde(flatten)]
    anatomy: Anatomy,
    /// One sentence for the `description` region.
    sentence: String,
    /// The figures in a few words, for the line under the backward plot.
    figures: String,
}

/// The plotted samples: x and each curve's value at x, and where f jumps.
#[derive(Serialize)]
struct Plotted {
    /// What the table's caption says.
    caption: String,
    /// How many samples each curve was computed from.
    sample_count: usize,
    /// Every how many samples a row is taken (1: every one).
    stride: usize,
    x: Vec<f64>,
    f: Vec<f64>,
    backward: Vec<f64>,
    true_derivative: Vec<f64>,
    /// The x of the forward's jumps.
    jumps: Vec<f64>,
}

/// The plot width measured when nothing has been drawn yet, in device pixels.
const UNDRAWN_WIDTH_PX: usize = 600;

/// The figures in a few words: `peak 1 at x = 0 · half width 1 · area 1 · ...`.
fn figures_line(anatomy: &Anatomy) -> String {
    let short = crate::figure::format_short;
    let mut parts = Vec::new();
    match (anatomy.peak, anatomy.peak_x) {
        (Some(peak), Some(x)) => parts.push(format!("peak {} at x = {}", short(peak), short(x))),
        (Some(_), None) => parts.push("backward 0 everywhere".to_string()),
        (None, _) => parts.push("no finite backward".to_string()),
    }
    if let Some(width) = anatomy.half_width {
        let at_least = if anatomy.half_width_clipped {
            "≥ "
        } else {
            ""
        };
        parts.push(format!("half width {at_least}{}", short(width)));
    }
    if let Some(area) = anatomy.area {
        parts.push(format!("area {}", short(area)));
    }
    if let Some([a, b]) = anatomy.support {
        parts.push(format!("support [{}, {}]", short(a), short(b)));
    }
    if !anatomy.nonfinite.is_empty() {
        parts.push(format!("{} NaN/inf region(s)", anatomy.nonfinite.len()));
    }
    parts.join(" · ")
}

impl Page {
    /// The width in device pixels of the plots' area at the last draw.
    fn plot_width(&self) -> usize {
        self.layout.as_ref().map_or(UNDRAWN_WIDTH_PX, |layout| {
            (layout.x_pixels[1] - layout.x_pixels[0]).max(1) as usize
        })
    }

    /// The view's grid of `count` samples, the rows taken every `stride`, evaluated
    /// in `F`.
    fn rows_in<F: Real>(view: &View, count: usize, stride: usize) -> [Vec<f64>; 4] {
        let grid = table::grid(view.from, view.to, count).unwrap_or_default();
        let bound = view.estimator.bind::<F>();
        let mut rows: [Vec<f64>; 4] = Default::default();
        let last = grid.len().saturating_sub(1);
        for (i, &x) in grid.iter().enumerate() {
            if i % stride != 0 && i != last {
                continue;
            }
            let x = F::c(x);
            let point = bound.point(x);
            let values = [x, point.value, point.backward, point.true_derivative];
            for (column, value) in rows.iter_mut().zip(values) {
                column.push(value.to_f64_lossless());
            }
        }
        rows
    }
}

/// Public methods, exported to JavaScript.
#[wasm_bindgen]
impl Page {
    /// Sets the theme of a view that names none: dark when the page's
    /// `prefers-color-scheme` is dark.
    pub fn set_system_dark(&mut self, dark: bool) {
        self.system_theme = if dark { Theme::Dark } else { Theme::Light };
    }

    /// Applies a view sent by the page around (`gradscope:set`), read as a link is:
    /// all of it, or nothing when any value is refused. Returns the messages of the
    /// refused values (empty when applied).
    pub fn apply_state(&mut self, query: &str) -> Array {
        match self.session.apply_state(query) {
            Ok(()) => Array::new(),
            Err(messages) => messages.into_iter().map(JsValue::from).collect(),
        }
    }

    /// The backward's anatomy, measured on the samples of the plot as last drawn,
    /// with its sentence and its figures in a line: `{peak, peak_x, half_width, area,
    /// support, nonfinite, ..., sentence, figures}`.
    pub fn description(&mut self) -> Result<JsValue, JsError> {
        let view = &self.session.view;
        let mut measured = view.clone();
        measured.show.true_derivative = true;
        measured.show.implied = true;
        let samples = self
            .samples
            .sample(&measured, self.plot_width(), None)
            .map_err(super::js_error)?;
        let anatomy = Anatomy::measure(view, &samples);
        to_js(&Description {
            sentence: anatomy.describe(),
            figures: figures_line(&anatomy),
            anatomy,
        })
    }

    /// The samples the plots were computed from (every `stride`-th when there are
    /// more than `max_rows`), in the view's dtype: `{caption, sample_count, stride, x,
    /// f, backward, true_derivative, jumps}`.
    pub fn plotted(&mut self, max_rows: usize) -> Result<JsValue, JsError> {
        let view = &self.session.view;
        let samples = self
            .samples
            .sample(view, self.plot_width(), None)
            .map_err(super::js_error)?;
        let count = samples.sample_count;
        let stride = count.div_ceil(max_rows.max(2)).max(1);
        let [x, f, backward, true_derivative] = match view.dtype {
            Dtype::F32 => Page::rows_in::<f32>(view, count, stride),
            Dtype::F64 => Page::rows_in::<f64>(view, count, stride),
        };
        let every = if stride > 1 {
            format!(", every {stride}th of {count} samples")
        } else {
            format!(", {count} samples")
        };
        let caption = format!(
            "Samples of {} on [{}, {}] in {}{every}: x, f(x), the backward and the true derivative",
            view.estimator,
            format_value(view.from),
            format_value(view.to),
            view.dtype
        );
        to_js(&Plotted {
            caption,
            sample_count: count,
            stride,
            x,
            f,
            backward,
            true_derivative,
            jumps: samples.main.forward_jumps.iter().map(|j| j.x).collect(),
        })
    }
}
