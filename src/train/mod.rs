//! The training lab: does this gradient actually train? A tiny network is trained
//! with the estimator as its firing or rounding units, its forward in the forward
//! pass and its backward in the backward pass, beside other estimators started from
//! the same weights on the same data.
//!
//! - [`Task`]: one row of the task table, each defined in its own module with its
//!   data generator and defaults: [`spikes`] (SpyTorch's tutorial 1), and
//!   Playground's [`xor`], [`circle`], [`gauss`], [`spiral`] on the 2-8-1 network of
//!   [`plane`]. Adding a task is one more module and one more row in `TASKS`.
//! - [`network`]: what a task's network provides (parameters, hand-written forward
//!   and backward passes).
//! - [`trainer`]: the run itself, in chunks of epochs, with a record per epoch and
//!   estimator; [`adam`] the optimiser, [`rng`] the seeded random numbers; [`csv`]
//!   the run's table as the CLI prints it and the page exports it.
//!
//! A view holds a run's [`Settings`] (the keys `task`, `epochs`, `seed`, `lr`), and
//! [`Training::of_view`] trains its estimator beside its pins in its dtype.

pub mod adam;
pub mod circle;
pub mod csv;
pub mod gauss;
pub mod network;
pub mod plane;
pub mod rng;
pub mod spikes;
pub mod spiral;
pub mod trainer;
pub mod xor;

use serde::Serialize;

use crate::real::Real;

pub use network::{Block, Dot, Evaluation, Network, Picture, PictureKind};
pub use trainer::{estimators_of, EpochRecord, Settings, Stop, Trainer, Training};

/// A task: what is learnt, by which network, with which defaults.
#[derive(Debug, Serialize)]
pub struct Task {
    /// The name in the CLI's `--task` and the page's selector.
    pub id: &'static str,
    /// The data, the network and the loss, in one sentence.
    pub description: &'static str,
    /// What the task's reference reports, to read the curves against.
    pub anchor: &'static str,
    /// What the accuracy is measured on: `training samples` or `test points`.
    pub accuracy_on: &'static str,
    /// Epochs of a run unless told otherwise.
    pub epochs: usize,
    /// Adam's learning rate unless told otherwise.
    pub learning_rate: f64,
    #[serde(skip)]
    family: Family,
}

impl PartialEq for Task {
    /// Tasks are told apart by their ids (unique in the task table).
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

/// Which network a task trains.
#[derive(Debug)]
enum Family {
    /// [`spikes::SpikingNetwork`] on the notebook's data.
    Spikes,
    /// [`plane::PlaneNetwork`] on the points of this generator.
    Plane(plane::Generator),
}

/// Every task, in the order the page lists them.
const TASKS: &[&Task] = &[
    &spikes::TASK,
    &xor::TASK,
    &circle::TASK,
    &gauss::TASK,
    &spiral::TASK,
];

/// The ids of every task, in the order of the task table (the page's selector).
pub const TASK_IDS: [&str; TASKS.len()] = ids_of!(TASKS);

/// Every task.
pub fn tasks() -> impl Iterator<Item = &'static Task> {
    TASKS.iter().copied()
}

/// The first task of the table, which a view trains unless told otherwise.
pub fn default_task() -> &'static Task {
    TASKS[0]
}

/// The task named `id`, or a message naming the closest one and listing them all.
pub fn task(id: &str) -> Result<&'static Task, String> {
    let id = id.trim();
    if let Some(task) = tasks().find(|task| task.id == id) {
        return Ok(task);
    }
    let names: Vec<&str> = tasks().map(|task| task.id).collect();
    let hint = crate::spec::closest(id, tasks().map(|task| task.id))
        .map(|name| format!("did you mean '{name}'? "))
        .unwrap_or_default();
    Err(format!(
        "unknown task '{}': {hint}the tasks are {}",
        id.chars().take(40).collect::<String>(),
        names.join(", ")
    ))
}

impl Task {
    /// The task's network and data for `seed`, in dtype `F`.
    pub fn network<F: Real>(&self, seed: u64) -> Box<dyn Network<F>> {
        match self.family {
            Family::Spikes => Box::new(spikes::SpikingNetwork::<F>::notebook(seed)),
            Family::Plane(generator) => {
                Box::new(plane::PlaneNetwork::<F>::playground(generator, seed))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_ids_are_unique_and_found() {
        assert_eq!(TASK_IDS.to_vec(), tasks().map(|t| t.id).collect::<Vec<_>>());
        for task in tasks() {
            assert_eq!(super::task(task.id).map(|t| t.id), Ok(task.id));
            assert_eq!(tasks().filter(|t| t.id == task.id).count(), 1);
        }
    }

    #[test]
    fn every_task_says_what_it_is_and_what_to_expect() {
        for task in tasks() {
            assert!(task.description.len() > 40, "{}", task.id);
            assert!(!task.anchor.is_empty(), "{}", task.id);
            assert!(
                ["training samples", "test points"].contains(&task.accuracy_on),
                "{}",
                task.id
            );
            assert!(trainer::EPOCH_RANGE.contains(&task.epochs), "{}", task.id);
            assert!(
                trainer::LEARNING_RATE_RANGE.contains(&task.learning_rate),
                "{}",
                task.id
            );
        }
    }

    #[test]
    fn unknown_task_suggests_the_closest_and_lists_all() {
        let message = task("spirl").unwrap_err();
        assert!(message.contains("did you mean 'spiral'"), "{message}");
        assert!(
            message.contains("spikes, xor, circle, gauss, spiral"),
            "{message}"
        );
        assert!(!task("mnist").unwrap_err().contains("did you mean"));
    }
}
