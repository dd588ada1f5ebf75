//! gradscope: the forward value, the gradient back-propagation uses, and the true
//! derivative of the functions deep-learning people patch with surrogate gradients.
//!
//! The pipeline, one module a step:
//! - [`real`]: `f32` and `f64` behind one trait; every formula is computed in the
//!   requested dtype.
//! - [`catalog`]: every forward, backward and preset, the one source of truth.
//! - [`estimator`]: a forward paired with a backward, evaluated at x.
//! - [`spec`]: the text form of an estimator (`soft_round(alpha=3)/identity`), its
//!   numbers read by [`decimal`].
//! - [`listing`]: the catalog as data, with each preset's spec in canonical form, for
//!   `gradscope list --json` and the page's controls.
//! - [`formula`]: the user's own TensorFlow, PyTorch or JAX expression
//!   (`tf: x + stop_gradient(round(x) - x)`), differentiated as that framework does.
//! - [`table`]: evaluation on a grid or a list of x, and the CSV the CLI prints.
//! - [`view`]: what one picture shows (estimator, pins, range, dtype, extra curves).
//! - [`sampling`]: a view's curves sampled for a plot width, split at jumps, with
//!   NaN/inf regions, jump marks and deltas.
//! - [`figure`]: the two-panel picture of a view, drawn on any plotters backend.
//! - [`anatomy`]: the backward's peak, width at half height, area, support and
//!   non-finite regions, measured on the plot's samples, and a sentence saying them.
//! - [`session`]: the page's edits to a view, each checked, and its readout and CSV.
//! - [`url_state`]: a view in the page URL, read leniently and written canonically.
//! - [`train`]: the training lab: tiny networks trained with an estimator in the
//!   forward and backward passes, side by side, seeded.
//! - `wasm` (wasm32 only): the `#[wasm_bindgen]` wrappers the page calls.

/// The `id` of every row of a constant table (a slice of items or of references to
/// items with an `id: &'static str` field), in table order, as a constant array: the
/// options of the page's selects.
macro_rules! ids_of {
    ($table:expr) => {{
        let mut ids = [""; $table.len()];
        let mut index = 0;
        while index < $table.len() {
            ids[index] = $table[index].id;
            index += 1;
        }
        ids
    }};
}

pub mod anatomy;
pub mod catalog;
pub mod decimal;
pub mod disagreement;
pub mod estimator;
pub mod figure;
pub mod formula;
pub mod listing;
pub mod real;
pub mod sampling;
pub mod session;
mod sorted;
pub mod spec;
pub mod table;
pub mod train;
pub mod url_state;
pub mod view;

pub use estimator::{Estimator, Pair};
pub use real::{Dtype, Real};

#[cfg(target_arch = "wasm32")]
pub mod wasm;
