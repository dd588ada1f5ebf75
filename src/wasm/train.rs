//! The training lab's bindings. The page's Web Worker (`www/train-worker.js`) builds
//! a [`TrainingRun`] from the page's URL query (the view's estimator, pins, dtype and
//! training keys, read by the same table as the page) and steps it a chunk at a
//! time; the page (`www/train.js`) lists the tasks and takes the estimators' colours
//! from here.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{js_error, to_js};
use crate::figure::{Palette, Theme};
use crate::real::Dtype;
use crate::train::{self, EpochRecord, Training};
use crate::url_state;

/// One run of the training lab, kept in the worker between chunks.
#[wasm_bindgen]
pub struct TrainingRun {
    training: Training,
    /// Canonical specs: the view's estimator, then its pins.
    specs: Vec<String>,
    dtype: Dtype,
    /// The task's id and the epochs of the run (the query may leave both out).
    task: &'static str,
    epochs: usize,
}

/// What one chunk of epochs gives the page.
#[derive(Serialize)]
struct Chunk<'a> {
    /// Each epoch's record of each estimator still training.
    records: &'a [EpochRecord],
    /// The same as rows of the run's CSV (`gradscope train`'s).
    csv: String,
    /// Epochs trained so far.
    epochs_done: usize,
    /// Whether the run is over.
    done: bool,
}

/// Public methods, exported to JavaScript.
#[wasm_bindgen]
impl TrainingRun {
    /// The run the view of `query` describes (as the page writes its URL); a refused
    /// value of the query throws its message.
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str) -> Result<TrainingRun, JsError> {
        let (view, messages) = url_state::read_query(query);
        if !messages.is_empty() {
            return Err(js_error(messages.join("; ")));
        }
        let training = Training::of_view(&view).map_err(js_error)?;
        let specs = train::estimators_of(&view)
            .iter()
            .map(ToString::to_string)
            .collect();
        Ok(TrainingRun {
            training,
            specs,
            dtype: view.dtype,
            task: view.training.task.id,
            epochs: view.training.epochs,
        })
    }

    /// The id of the task trained.
    pub fn task(&self) -> String {
        self.task.to_string()
    }

    /// The epochs the run trains unless every estimator stops first.
    pub fn epochs(&self) -> usize {
        self.epochs
    }

    /// The canonical specs of the estimators trained, the view's own first.
    pub fn estimators(&self) -> Vec<String> {
        self.specs.clone()
    }

    /// The CSV's header line (with its newline), as `gradscope train` prints it.
    pub fn csv_header(&self) -> String {
        train::csv::header(self.specs.len())
    }

    /// Trains up to `epochs` more epochs (the first call also gives epoch 0):
    /// `{records, csv, epochs_done, done}`.
    pub fn step(&mut self, epochs: usize) -> Result<JsValue, JsError> {
        let records = self.training.step(epochs);
        let mut csv = String::new();
        train::csv::write_rows(&records, self.specs.len(), self.dtype, &mut csv);
        to_js(&Chunk {
            records: &records,
            csv,
            epochs_done: self.training.epochs_done(),
            done: self.training.is_done(),
        })
    }

    /// Whether the run is over.
    pub fn is_done(&self) -> bool {
        self.training.is_done()
    }

    /// What the network of estimator `index` does now
    /// (`{kind, width, height, cells, dots, caption}`).
    pub fn picture(&mut self, index: usize) -> Result<JsValue, JsError> {
        if index >= self.specs.len() {
            return Err(js_error(format!("there is no estimator {index}")));
        }
        to_js(&self.training.picture(index))
    }
}

/// Every task of the training lab: `{id, description, anchor, accuracy_on, epochs,
/// learning_rate}`, in the order of the task table.
#[wasm_bindgen]
pub fn training_tasks() -> Result<JsValue, JsError> {
    to_js(&train::tasks().collect::<Vec<_>>())
}

/// The plots' colours of the current estimator and each pin, as `#rrggbb`.
#[wasm_bindgen]
pub fn estimator_colours() -> Vec<String> {
    Palette::new(Theme::Light)
        .estimators
        .iter()
        .map(|colour| format!("#{:02x}{:02x}{:02x}", colour.0, colour.1, colour.2))
        .collect()
}
