//! What the trainer asks of a task's network: its parameters as one flat vector in
//! named blocks, their initial values, and one full-batch evaluation that returns the
//! loss and accuracy and writes the gradient of the loss with respect to every
//! parameter, computed by a hand-written backward pass.
//!
//! The estimator is passed in bound to the dtype: a network applies its forward
//! where the unit fires or rounds, and its backward as that unit's local derivative.
//!
//! A network also shows what it does now as a small [`Picture`]: the decision
//! regions of a 2-D task, the hidden spikes of `spikes`.

use serde::Serialize;

use crate::estimator::Bound;
use crate::real::Real;

/// One named block of the flat parameter vector (a weight matrix, a bias vector).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    /// What a person reads, e.g. `input-to-hidden weights`.
    pub name: &'static str,
    /// How many parameters it holds.
    pub len: usize,
}

/// The result of one evaluation, over the whole training set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Evaluation<F> {
    /// The mean loss over the training samples.
    pub loss: F,
    /// The fraction classified right, on the samples the task names
    /// ([`crate::train::Task::accuracy_on`]).
    pub accuracy: F,
}

/// What a [`Picture`] shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PictureKind {
    /// The network's output over the plane: each cell the probability of class 1
    /// (NaN where the output is); the dots are the test points.
    Regions,
    /// Hidden spikes: a row per (sample, hidden unit), a column per time step, each
    /// cell 1 where the unit spiked and 0 where not (the unit's forward otherwise).
    Raster,
}

/// A point drawn over a picture.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Dot {
    /// From the left edge, as a fraction of the width.
    pub x: f32,
    /// From the top edge, as a fraction of the height.
    pub y: f32,
    /// Its class, 0 or 1.
    pub class: u8,
}

/// A small image of what a network does with its current parameters.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Picture {
    /// What the cells mean.
    pub kind: PictureKind,
    /// Cells a row.
    pub width: usize,
    /// Rows.
    pub height: usize,
    /// `width * height` cells, row by row from the top.
    pub cells: Vec<f32>,
    /// Points drawn over the cells.
    pub dots: Vec<Dot>,
    /// What it shows, in words (the image's text alternative).
    pub caption: String,
}

/// A task's network with its data.
pub trait Network<F: Real> {
    /// The blocks of the parameter vector, in order; their lengths add up to its
    /// length.
    fn blocks(&self) -> Vec<Block>;

    /// The initial parameters for `seed`, drawn as the task's reference draws them.
    fn initial_parameters(&self, seed: u64) -> Vec<F>;

    /// Runs the network with `parameters` on the whole training set, with `unit`
    /// as its firing or rounding units, and writes d loss / d parameter into
    /// `gradient` (same length).
    fn evaluate(&mut self, unit: &Bound<F>, parameters: &[F], gradient: &mut [F]) -> Evaluation<F>;

    /// What the network does with `parameters` and `unit`, as a small image; it
    /// computes no gradient and leaves the next evaluation unchanged.
    fn picture(&mut self, unit: &Bound<F>, parameters: &[F]) -> Picture;
}

/// The block that parameter `index` falls in.
pub fn block_of(blocks: &[Block], index: usize) -> Option<&Block> {
    let mut end = 0;
    blocks.iter().find(|block| {
        end += block.len;
        index < end
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_of_finds_the_block_an_index_falls_in() {
        let blocks = [Block { name: "a", len: 2 }, Block { name: "b", len: 3 }];
        assert_eq!(block_of(&blocks, 0).map(|b| b.name), Some("a"));
        assert_eq!(block_of(&blocks, 1).map(|b| b.name), Some("a"));
        assert_eq!(block_of(&blocks, 2).map(|b| b.name), Some("b"));
        assert_eq!(block_of(&blocks, 4).map(|b| b.name), Some("b"));
        assert_eq!(block_of(&blocks, 5), None);
    }
}
