//! One training run: a task, its settings, and one or more estimators (the current
//! one and the pinned ones), each trained by Adam from the same initial weights on
//! the same data.
//!
//! The run goes in chunks ([`Trainer::step`]), keeping its state between calls, so
//! a page can train a few epochs at a time and draw in between. Every epoch gives
//! one [`EpochRecord`] per estimator still training; epoch 0 is the untrained
//! network. An estimator whose loss or gradient turns NaN or infinite stops at that
//! epoch, its record says why, and the others go on.

use serde::Serialize;

use crate::estimator::{Bound, Estimator};
use crate::real::{Dtype, Real};
use crate::view::{View, MAX_PINS};

use super::adam::Adam;
use super::network::{block_of, Block, Network, Picture};
use super::Task;

/// The epochs a run may have.
pub const EPOCH_RANGE: std::ops::RangeInclusive<usize> = 1..=100_000;
/// The learning rates a run may have.
pub const LEARNING_RATE_RANGE: std::ops::RangeInclusive<f64> = 1e-6..=1.0;
/// The seed unless told otherwise.
pub const DEFAULT_SEED: u64 = 1;

/// What a run trains and how (the view's keys `task`, `epochs`, `seed`, `lr`); the
/// dtype is the view's.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// The task.
    pub task: &'static Task,
    /// Epochs to train ([`EPOCH_RANGE`]).
    pub epochs: usize,
    /// Seeds the data and the initial weights.
    pub seed: u64,
    /// Adam's learning rate ([`LEARNING_RATE_RANGE`]).
    pub learning_rate: f64,
}

impl Settings {
    /// The task's defaults and seed [`DEFAULT_SEED`].
    pub fn for_task(task: &'static Task) -> Self {
        Settings {
            task,
            epochs: task.epochs,
            seed: DEFAULT_SEED,
            learning_rate: task.learning_rate,
        }
    }

    /// Whether the epochs and learning rate are in range, with a message if not.
    pub fn check(&self) -> Result<(), String> {
        check_in("epochs", self.epochs, EPOCH_RANGE)?;
        check_in("the learning rate", self.learning_rate, LEARNING_RATE_RANGE)
    }

    /// Epochs read from text (`200`, `2e3`): a whole number in [`EPOCH_RANGE`].
    pub fn read_epochs(text: &str) -> Result<usize, String> {
        let number = read_number(text)?;
        if number.fract() != 0.0 {
            return Err(format!("epochs must be a whole number, not {number}"));
        }
        check_in("epochs", number, to_f64(EPOCH_RANGE))?;
        Ok(number as usize)
    }

    /// A seed read from text: a whole number from 0 to 2^64 - 1.
    pub fn read_seed(text: &str) -> Result<u64, String> {
        text.trim().parse().map_err(|_| {
            format!(
                "'{}' is not a seed: write a whole number from 0 to {}",
                text.trim().chars().take(30).collect::<String>(),
                u64::MAX
            )
        })
    }

    /// A learning rate read from text (`0.002`, `2e-3`), in [`LEARNING_RATE_RANGE`].
    pub fn read_learning_rate(text: &str) -> Result<f64, String> {
        let number = read_number(text)?;
        check_in("the learning rate", number, LEARNING_RATE_RANGE)?;
        Ok(number)
    }
}

/// A number written as the spec grammar writes them (NaN and infinities included,
/// for the range check to refuse by name).
fn read_number(text: &str) -> Result<f64, String> {
    if text.trim().is_empty() {
        return Err("it is empty: write a number".to_string());
    }
    crate::spec::parse_number(text).ok_or_else(|| {
        format!(
            "'{}' is not a number",
            text.trim().chars().take(30).collect::<String>()
        )
    })
}

/// A range of counts as a range of numbers.
fn to_f64(range: std::ops::RangeInclusive<usize>) -> std::ops::RangeInclusive<f64> {
    *range.start() as f64..=*range.end() as f64
}

/// `Ok` if `value` lies in `range`, else `<what> must lie in [a, b], not <value>`.
fn check_in<T: PartialOrd + std::fmt::Display>(
    what: &str,
    value: T,
    range: std::ops::RangeInclusive<T>,
) -> Result<(), String> {
    if range.contains(&value) {
        Ok(())
    } else {
        Err(format!(
            "{what} must lie in [{}, {}], not {value}",
            range.start(),
            range.end()
        ))
    }
}

/// Why an estimator stopped training: what became non-finite.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stop {
    /// `the loss`, or `the gradient of the input-to-hidden weights` (the first block
    /// with a non-finite entry).
    pub quantity: String,
    /// `NaN`, `inf` or `-inf`.
    pub value: &'static str,
}

impl Stop {
    /// The sentence the CLI prints, e.g. `the gradient of the input-to-hidden weights
    /// is NaN at epoch 0: training of heaviside/nan stopped there`.
    pub fn message(&self, epoch: usize, estimator: &Estimator) -> String {
        format!(
            "{} is {} at epoch {epoch}: training of {estimator} stopped there",
            self.quantity, self.value
        )
    }
}

/// One estimator's loss and accuracy after some epochs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EpochRecord {
    /// Which estimator: its index in the list the run was started with.
    pub estimator: usize,
    /// Epochs trained; 0 is before training.
    pub epoch: usize,
    /// The mean training loss, computed in the run's dtype.
    pub loss: f64,
    /// The fraction classified right ([`Task::accuracy_on`]).
    pub accuracy: f64,
    /// Set at the epoch this estimator stopped, if it did.
    pub stop: Option<Stop>,
}

/// One estimator's training state.
struct Lane<F: Real> {
    unit: Bound<F>,
    parameters: Vec<F>,
    gradient: Vec<F>,
    adam: Adam<F>,
    running: bool,
}

/// A run in dtype `F`.
pub struct Trainer<F: Real> {
    network: Box<dyn Network<F>>,
    blocks: Vec<Block>,
    lanes: Vec<Lane<F>>,
    epochs: usize,
    done: usize,
    unreported: Vec<EpochRecord>,
}

/// `NaN`, `inf` or `-inf` for a non-finite value.
fn non_finite_name<F: Real>(value: F) -> &'static str {
    if value.is_nan() {
        "NaN"
    } else if value > F::zero() {
        "inf"
    } else {
        "-inf"
    }
}

impl<F: Real> Trainer<F> {
    /// Builds the task's network and data for the seed, gives every estimator the
    /// same initial weights, and evaluates them (epoch 0, returned by the first
    /// [`Trainer::step`]).
    pub fn new(settings: &Settings, estimators: &[Estimator]) -> Result<Self, String> {
        settings.check()?;
        if estimators.is_empty() || estimators.len() > 1 + MAX_PINS {
            return Err(format!(
                "a run trains 1 to {} estimators, not {}",
                1 + MAX_PINS,
                estimators.len()
            ));
        }
        let network = settings.task.network::<F>(settings.seed);
        let initial = network.initial_parameters(settings.seed);
        let lanes = estimators
            .iter()
            .map(|estimator| Lane {
                unit: estimator.bind::<F>(),
                parameters: initial.clone(),
                gradient: vec![F::zero(); initial.len()],
                adam: Adam::new(initial.len(), settings.learning_rate),
                running: true,
            })
            .collect();
        let mut trainer = Trainer {
            blocks: network.blocks(),
            network,
            lanes,
            epochs: settings.epochs,
            done: 0,
            unreported: Vec::new(),
        };
        trainer.unreported = trainer.evaluate_all();
        Ok(trainer)
    }

    /// Trains up to `epochs` more epochs (fewer at the end of the run or when every
    /// estimator has stopped) and returns their records, epoch by epoch, estimator by
    /// estimator; the first call also returns epoch 0's.
    pub fn step(&mut self, epochs: usize) -> Vec<EpochRecord> {
        let mut records = std::mem::take(&mut self.unreported);
        for _ in 0..epochs {
            if self.is_done() {
                break;
            }
            self.done += 1;
            for lane in self.lanes.iter_mut().filter(|lane| lane.running) {
                lane.adam.step(&mut lane.parameters, &lane.gradient);
            }
            records.extend(self.evaluate_all());
        }
        records
    }

    /// Epochs trained so far.
    pub fn epochs_done(&self) -> usize {
        self.done
    }

    /// Whether the run is over: all its epochs trained, or every estimator stopped.
    pub fn is_done(&self) -> bool {
        self.done >= self.epochs || self.lanes.iter().all(|lane| !lane.running)
    }

    /// The current parameters of estimator `index`, in the blocks of
    /// [`Trainer::blocks`].
    pub fn parameters(&self, index: usize) -> &[F] {
        &self.lanes[index].parameters
    }

    /// The named blocks of the parameter vector.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// What the network of estimator `index` does now, as a small image
    /// ([`Network::picture`]).
    pub fn picture(&mut self, index: usize) -> Picture {
        let lane = &self.lanes[index];
        self.network.picture(&lane.unit, &lane.parameters)
    }

    /// Evaluates every running estimator at its current parameters: loss, accuracy,
    /// and the gradient the next step uses; stops those that went non-finite.
    fn evaluate_all(&mut self) -> Vec<EpochRecord> {
        let mut records = Vec::new();
        for (index, lane) in self.lanes.iter_mut().enumerate() {
            if !lane.running {
                continue;
            }
            let evaluation =
                self.network
                    .evaluate(&lane.unit, &lane.parameters, &mut lane.gradient);
            let stop = if !evaluation.loss.is_finite() {
                Some(Stop {
                    quantity: "the loss".to_string(),
                    value: non_finite_name(evaluation.loss),
                })
            } else {
                lane.gradient
                    .iter()
                    .position(|g| !g.is_finite())
                    .map(|at| Stop {
                        quantity: format!(
                            "the gradient of the {}",
                            block_of(&self.blocks, at).map_or("parameters", |b| b.name)
                        ),
                        value: non_finite_name(lane.gradient[at]),
                    })
            };
            lane.running = stop.is_none();
            records.push(EpochRecord {
                estimator: index,
                epoch: self.done,
                loss: evaluation.loss.to_f64_lossless(),
                accuracy: evaluation.accuracy.to_f64_lossless(),
                stop,
            });
        }
        records
    }
}

/// A run in one dtype.
pub enum Training {
    /// Computed in f32.
    F32(Trainer<f32>),
    /// Computed in f64.
    F64(Trainer<f64>),
}

/// Calls `$body` with the trainer of either dtype bound to `$trainer`.
macro_rules! with_trainer {
    ($training:expr, $trainer:ident => $body:expr) => {
        match $training {
            Training::F32($trainer) => $body,
            Training::F64($trainer) => $body,
        }
    };
}

impl Training {
    /// A run of `estimators` (the first is the current one, then the pins) with
    /// `settings` in `dtype`; a message if the settings are out of range.
    pub fn new(
        settings: &Settings,
        dtype: Dtype,
        estimators: &[Estimator],
    ) -> Result<Self, String> {
        Ok(match dtype {
            Dtype::F32 => Training::F32(Trainer::new(settings, estimators)?),
            Dtype::F64 => Training::F64(Trainer::new(settings, estimators)?),
        })
    }

    /// The run a view describes: its training settings, its estimator and then its
    /// pins, in its dtype.
    pub fn of_view(view: &View) -> Result<Self, String> {
        Training::new(&view.training, view.dtype, &estimators_of(view))
    }

    /// [`Trainer::step`].
    pub fn step(&mut self, epochs: usize) -> Vec<EpochRecord> {
        with_trainer!(self, trainer => trainer.step(epochs))
    }

    /// [`Trainer::epochs_done`].
    pub fn epochs_done(&self) -> usize {
        with_trainer!(self, trainer => trainer.epochs_done())
    }

    /// [`Trainer::is_done`].
    pub fn is_done(&self) -> bool {
        with_trainer!(self, trainer => trainer.is_done())
    }

    /// [`Trainer::picture`].
    pub fn picture(&mut self, index: usize) -> Picture {
        with_trainer!(self, trainer => trainer.picture(index))
    }
}

/// The estimators a view trains side by side: its own, then its pins.
pub fn estimators_of(view: &View) -> Vec<Estimator> {
    std::iter::once(&view.estimator)
        .chain(&view.pins)
        .cloned()
        .collect()
}
