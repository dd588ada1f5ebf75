//! `spikes`: SpyTorch's tutorial 1 (fzenke/spytorch,
//! `notebooks/SpyTorchTutorial1.ipynb`), the classic surrogate-gradient
//! demonstration, with the estimator as the spike.
//!
//! - Data: 256 samples of 100 Poisson inputs at 5 Hz (`rand < 5 Hz * 1 ms` for every
//!   sample, step and input, in torch's row-major order), 200 steps of 1 ms, and a
//!   random binary label per sample.
//! - Network: 4 hidden current-based LIF neurons and 2 leaky readouts, with
//!   `alpha = exp(-dt / tau_syn)`, `beta = exp(-dt / tau_mem)`:
//!   `spike = unit(mem - 1)`, `syn' = alpha syn + W1 x`,
//!   `mem' = (beta mem + syn) (1 - spike)` with the reset detached from the graph;
//!   the readout `flt' = alpha flt + W2 spike`, `out' = beta out + flt`, started at 0.
//! - Loss: the maximum over time of each readout (the initial 0 included),
//!   log-softmax over the two, negative log-likelihood, averaged over the batch;
//!   accuracy is the training accuracy, argmax of the maxima (ties to class 0, as
//!   `torch.max` returns the first maximum).
//! - Weights: normal with standard deviation `7 (1 - beta) / sqrt(fan_in)`.
//!
//! The forward pass visits only the active inputs (0.5 % per step); the backward pass
//! is back-propagation through time written out by hand, through the same sparse
//! events, with the estimator's backward as d spike / d mem.

use crate::estimator::{Bound, Output};
use crate::real::Real;

use super::network::{Block, Evaluation, Network};
use super::rng::{Pcg32, Stream};
use super::{Family, Task};

/// The task's row in the task table.
pub const TASK: Task = Task {
    id: "spikes",
    description: "SpyTorch tutorial 1: 256 samples of 100 Poisson inputs (5 Hz, 200 steps of 1 ms), random binary labels, 4 hidden LIF neurons, 2 leaky readouts; loss max over time, log-softmax, NLL; Adam, full batch",
    anchor: "SpyTorch's notebook prints training accuracy 0.516 at initialisation, 0.512 after 1,000 epochs with the true gradient (the hidden weights never move) and 0.859 with SuperSpike at scale 100 (heaviside/snntorch_fast_sigmoid(slope=100))",
    accuracy_on: "training samples",
    epochs: 1000,
    learning_rate: 2e-3,
    family: Family::Spikes,
};

/// The notebook's `nb_hidden`.
pub const HIDDEN: usize = 4;
/// The notebook's `nb_outputs`.
pub const OUTPUTS: usize = 2;
/// The simulation step in seconds (`time_step`).
pub const TIME_STEP: f64 = 1e-3;
/// The membrane time constant in seconds (`tau_mem`).
pub const TAU_MEM: f64 = 10e-3;
/// The synaptic time constant in seconds (`tau_syn`).
pub const TAU_SYN: f64 = 5e-3;
/// The input rate in Hz (`freq`).
pub const RATE: f64 = 5.0;
/// The firing threshold: the spike is the estimator at `mem - THRESHOLD`.
pub const THRESHOLD: f64 = 1.0;

/// The sizes of a data set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Samples in the batch (`batch_size`).
    pub samples: usize,
    /// Time steps (`nb_steps`).
    pub steps: usize,
    /// Input neurons (`nb_inputs`).
    pub inputs: usize,
}

/// The notebook's sizes.
pub const NOTEBOOK: Shape = Shape {
    samples: 256,
    steps: 200,
    inputs: 100,
};

/// What to do with the reset term of the membrane update.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reset {
    /// The notebook's: `mem' = (beta mem + syn) (1 - spike)` with the spike taken
    /// as a constant by the backward pass.
    Detached,
    /// No reset, `mem' = beta mem + syn`: the network is then a smooth function of
    /// its weights for a smooth unit, so its gradient can be checked by finite
    /// differences.
    Off,
}

/// One input spike: in which sample, from which input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InputSpike {
    /// The sample.
    pub sample: usize,
    /// The input neuron.
    pub input: usize,
}

/// Poisson input spikes and labels, stored sparsely: the list of input spikes of each
/// step, by sample and input.
#[derive(Clone, Debug)]
pub struct SpikeData {
    shape: Shape,
    /// `step_starts[step]..step_starts[step + 1]` indexes `spikes`.
    step_starts: Vec<usize>,
    spikes: Vec<InputSpike>,
    labels: Vec<usize>,
}

impl SpikeData {
    /// The notebook's data for `seed`: every (sample, step, input) spikes with
    /// probability `RATE * TIME_STEP`, drawn in that order; then one label per
    /// sample, 1 with probability 1/2.
    pub fn generate(shape: Shape, seed: u64) -> Self {
        let mut rng = Pcg32::new(seed, Stream::Data);
        let probability = RATE * TIME_STEP;
        let mut by_step = vec![Vec::new(); shape.steps];
        for sample in 0..shape.samples {
            for spikes in &mut by_step {
                for input in 0..shape.inputs {
                    if rng.bernoulli(probability) {
                        spikes.push(InputSpike { sample, input });
                    }
                }
            }
        }
        let labels = (0..shape.samples)
            .map(|_| usize::from(rng.bernoulli(0.5)))
            .collect();
        let mut step_starts = vec![0];
        let mut spikes = Vec::new();
        for list in by_step {
            spikes.extend(list);
            step_starts.push(spikes.len());
        }
        SpikeData {
            shape,
            step_starts,
            spikes,
            labels,
        }
    }

    /// The sizes.
    pub fn shape(&self) -> Shape {
        self.shape
    }

    /// The input spikes at `step`, by sample, then input.
    pub fn at_step(&self, step: usize) -> &[InputSpike] {
        &self.spikes[self.step_starts[step]..self.step_starts[step + 1]]
    }

    /// Every input spike of every sample.
    pub fn spike_count(&self) -> usize {
        self.spikes.len()
    }

    /// Each sample's label, 0 or 1.
    pub fn labels(&self) -> &[usize] {
        &self.labels
    }
}

/// The factor the reset puts on the membrane update after `spike`: `1 - spike`
/// when it is detached, else 1.
#[inline(always)]
fn kept<F: Real, const DETACHED: bool>(spike: F) -> F {
    if DETACHED {
        F::one() - spike
    } else {
        F::one()
    }
}

/// The notebook's network on its data, with the buffers one evaluation reuses.
pub struct SpikingNetwork<F> {
    data: SpikeData,
    reset: Reset,
    alpha: F,
    beta: F,
    /// `mem - threshold` for every (step, sample, hidden unit): the unit's input.
    drive: Vec<F>,
    /// The unit's forward at `drive`: the hidden spikes.
    spikes: Vec<F>,
    /// The unit's backward at `drive`.
    slopes: Vec<F>,
    /// Each (sample, readout)'s maximum over time, and the step where it is first
    /// reached (0 is the initial value).
    peaks: Vec<F>,
    peak_steps: Vec<usize>,
}

impl<F: Real> SpikingNetwork<F> {
    /// The network on `data`.
    pub fn new(data: SpikeData, reset: Reset) -> Self {
        let shape = data.shape;
        let units = shape.steps * shape.samples * HIDDEN;
        let readouts = shape.samples * OUTPUTS;
        SpikingNetwork {
            data,
            reset,
            alpha: F::c(libm::exp(-TIME_STEP / TAU_SYN)),
            beta: F::c(libm::exp(-TIME_STEP / TAU_MEM)),
            drive: vec![F::zero(); units],
            spikes: vec![F::zero(); units],
            slopes: vec![F::zero(); units],
            peaks: vec![F::zero(); readouts],
            peak_steps: vec![0; readouts],
        }
    }

    /// The task's network for `seed`: the notebook's data, reset detached.
    pub fn notebook(seed: u64) -> Self {
        SpikingNetwork::new(SpikeData::generate(NOTEBOOK, seed), Reset::Detached)
    }

    /// The data it trains on.
    pub fn data(&self) -> &SpikeData {
        &self.data
    }

    /// The hidden spikes of the last evaluation, indexed
    /// `(step * samples + sample) * HIDDEN + unit`.
    pub fn hidden_spikes(&self) -> &[F] {
        &self.spikes
    }

    /// The hidden layer forward in time: drives and spikes of every step. The input
    /// current `W1 x` of a step visits only that step's input spikes.
    fn run_hidden<const DETACHED: bool>(&mut self, unit: &Bound<F>, w1: &[F]) {
        let layer = self.data.shape.samples * HIDDEN;
        let (mut syn, mut mem, mut current) = (
            vec![F::zero(); layer],
            vec![F::zero(); layer],
            vec![F::zero(); layer],
        );
        let (threshold, fire) = (F::c(THRESHOLD), unit.output(Output::Value));
        let (alpha, beta) = (self.alpha, self.beta);
        let steps = self
            .drive
            .chunks_exact_mut(layer)
            .zip(self.spikes.chunks_exact_mut(layer));
        for (step, (drive, spikes)) in steps.enumerate() {
            for (d, &m) in drive.iter_mut().zip(&mem) {
                *d = m - threshold;
            }
            fire.over(drive, spikes);
            current.fill(F::zero());
            for spike in self.data.at_step(step) {
                let weights = &w1[spike.input * HIDDEN..][..HIDDEN];
                for (c, &w) in current[spike.sample * HIDDEN..][..HIDDEN]
                    .iter_mut()
                    .zip(weights)
                {
                    *c = *c + w;
                }
            }
            let units = mem
                .iter_mut()
                .zip(&mut syn)
                .zip(spikes.iter().zip(&current));
            for ((m, syn), (&spike, &current)) in units {
                let next_syn = alpha * *syn + current;
                *m = (beta * *m + *syn) * kept::<F, DETACHED>(spike);
                *syn = next_syn;
            }
        }
    }

    /// The readout forward in time, keeping only each readout's maximum and where it
    /// is first reached (a NaN output becomes the maximum and stays).
    fn run_readout(&mut self, w2: &[F]) {
        let samples = self.data.shape.samples;
        let mut flt = vec![[F::zero(); OUTPUTS]; samples];
        let mut out = vec![[F::zero(); OUTPUTS]; samples];
        self.peaks.fill(F::zero());
        self.peak_steps.fill(0);
        let (alpha, beta) = (self.alpha, self.beta);
        for (step, spikes) in self.spikes.chunks_exact(samples * HIDDEN).enumerate() {
            let readouts = flt
                .iter_mut()
                .zip(&mut out)
                .zip(self.peaks.chunks_exact_mut(OUTPUTS))
                .zip(self.peak_steps.chunks_exact_mut(OUTPUTS));
            for ((((flt, out), peaks), peak_steps), spikes) in
                readouts.zip(spikes.chunks_exact(HIDDEN))
            {
                let mut weighed = [F::zero(); OUTPUTS];
                for (&spike, w) in spikes.iter().zip(w2.chunks_exact(OUTPUTS)) {
                    for (h, &w) in weighed.iter_mut().zip(w) {
                        *h = *h + spike * w;
                    }
                }
                for o in 0..OUTPUTS {
                    let next_flt = alpha * flt[o] + weighed[o];
                    out[o] = beta * out[o] + flt[o];
                    flt[o] = next_flt;
                    if out[o] > peaks[o] || (out[o].is_nan() && !peaks[o].is_nan()) {
                        peaks[o] = out[o];
                        peak_steps[o] = step + 1;
                    }
                }
            }
        }
    }

    /// Loss, accuracy and d loss / d peak of the peaks.
    fn classify(&self) -> (Evaluation<F>, Vec<F>) {
        let samples = self.data.shape.samples;
        let count = F::c(samples as f64);
        let mut loss = F::zero();
        let mut correct = 0usize;
        let mut peak_gradient = vec![F::zero(); samples * OUTPUTS];
        for (sample, &label) in self.data.labels.iter().enumerate() {
            let peaks = &self.peaks[sample * OUTPUTS..][..OUTPUTS];
            let largest = peaks.iter().copied().fold(peaks[0], F::max);
            let sum = peaks
                .iter()
                .fold(F::zero(), |sum, &m| sum + (m - largest).exp());
            let log_sum = largest + sum.ln();
            loss = loss + (log_sum - peaks[label]);
            let predicted =
                (1..OUTPUTS).fold(0, |best, o| if peaks[o] > peaks[best] { o } else { best });
            correct += usize::from(predicted == label);
            for (o, g) in peak_gradient[sample * OUTPUTS..][..OUTPUTS]
                .iter_mut()
                .enumerate()
            {
                let target = if o == label { F::one() } else { F::zero() };
                *g = ((peaks[o] - log_sum).exp() - target) / count;
            }
        }
        let evaluation = Evaluation {
            loss: loss / count,
            accuracy: F::c(correct as f64) / count,
        };
        (evaluation, peak_gradient)
    }

    /// Back-propagation through time from d loss / d peak into `gradient`.
    fn backward<const DETACHED: bool>(
        &mut self,
        unit: &Bound<F>,
        w2: &[F],
        peak_gradient: &[F],
        gradient: &mut [F],
    ) {
        let Shape { samples, steps, .. } = self.data.shape;
        let layer = samples * HIDDEN;
        unit.output(Output::Backward)
            .over(&self.drive, &mut self.slopes);
        gradient.fill(F::zero());
        let (gw1, gw2) = gradient.split_at_mut(self.data.shape.inputs * HIDDEN);
        let (alpha, beta) = (self.alpha, self.beta);
        // The loss reaches a readout only at its peak.
        let direct = |step: usize| {
            peak_gradient
                .iter()
                .zip(&self.peak_steps)
                .map(move |(&g, &at)| if at == step { g } else { F::zero() })
        };
        // Adjoints of the readout (out, flt) and hidden (mem, syn) states at step + 1.
        let mut d_out: Vec<F> = direct(steps).collect();
        let mut d_flt = vec![F::zero(); samples * OUTPUTS];
        let mut d_mem = vec![F::zero(); layer];
        let mut d_syn = vec![F::zero(); layer];
        let mut d_spike = vec![F::zero(); layer];
        for step in (0..steps).rev() {
            let spikes = &self.spikes[step * layer..][..layer];
            let slopes = &self.slopes[step * layer..][..layer];
            // d loss / d (W2 spike) at this step is the flt adjoint of the next.
            let mut d_w2 = [F::zero(); HIDDEN * OUTPUTS];
            let cells = spikes
                .chunks_exact(HIDDEN)
                .zip(d_spike.chunks_exact_mut(HIDDEN));
            for ((spikes, d_spike), d_weighed) in cells.zip(d_flt.chunks_exact(OUTPUTS)) {
                let units = spikes
                    .iter()
                    .zip(d_spike)
                    .zip(d_w2.chunks_exact_mut(OUTPUTS));
                for (((&spike, d_spike), d_w2), w2) in units.zip(w2.chunks_exact(OUTPUTS)) {
                    let mut sum = F::zero();
                    for ((g, &w), &d) in d_w2.iter_mut().zip(w2).zip(d_weighed) {
                        *g = *g + spike * d;
                        sum = sum + w * d;
                    }
                    *d_spike = sum;
                }
            }
            for (g, d) in gw2.iter_mut().zip(d_w2) {
                *g = *g + d;
            }
            // d loss / d (W1 x) at this step is the syn adjoint of the next.
            for spike in self.data.at_step(step) {
                let d_syn = &d_syn[spike.sample * HIDDEN..][..HIDDEN];
                for (g, &d) in gw1[spike.input * HIDDEN..][..HIDDEN].iter_mut().zip(d_syn) {
                    *g = *g + d;
                }
            }
            let units = d_mem.iter_mut().zip(&mut d_syn);
            let locals = d_spike.iter().zip(slopes).zip(spikes);
            for ((d_mem, d_syn), ((&d_spike, &slope), &spike)) in units.zip(locals) {
                let kept = kept::<F, DETACHED>(spike);
                let next_d_mem = d_spike * slope + *d_mem * beta * kept;
                *d_syn = *d_mem * kept + alpha * *d_syn;
                *d_mem = next_d_mem;
            }
            let readouts = d_out.iter_mut().zip(&mut d_flt);
            for ((d_out, d_flt), direct) in readouts.zip(direct(step)) {
                *d_flt = *d_out + alpha * *d_flt;
                *d_out = direct + beta * *d_out;
            }
        }
    }
}

impl<F: Real> Network<F> for SpikingNetwork<F> {
    fn blocks(&self) -> Vec<Block> {
        vec![
            Block {
                name: "input-to-hidden weights",
                len: self.data.shape.inputs * HIDDEN,
            },
            Block {
                name: "hidden-to-readout weights",
                len: HIDDEN * OUTPUTS,
            },
        ]
    }

    /// `torch.nn.init.normal_` of `w1` (inputs x hidden) then `w2` (hidden x
    /// outputs), row-major, standard deviation `7 (1 - beta) / sqrt(fan_in)`.
    fn initial_parameters(&self, seed: u64) -> Vec<F> {
        let mut rng = Pcg32::new(seed, Stream::Weights);
        let scale = 7.0 * (1.0 - libm::exp(-TIME_STEP / TAU_MEM));
        let inputs = self.data.shape.inputs;
        let layers = [(inputs, inputs * HIDDEN), (HIDDEN, HIDDEN * OUTPUTS)];
        layers
            .iter()
            .flat_map(|&(fan_in, len)| {
                let deviation = scale / (fan_in as f64).sqrt();
                (0..len)
                    .map(|_| deviation * rng.normal())
                    .collect::<Vec<_>>()
            })
            .map(F::c)
            .collect()
    }

    fn evaluate(&mut self, unit: &Bound<F>, parameters: &[F], gradient: &mut [F]) -> Evaluation<F> {
        let (w1, w2) = parameters.split_at(self.data.shape.inputs * HIDDEN);
        let detached = self.reset == Reset::Detached;
        if detached {
            self.run_hidden::<true>(unit, w1);
        } else {
            self.run_hidden::<false>(unit, w1);
        }
        self.run_readout(w2);
        let (evaluation, peak_gradient) = self.classify();
        if detached {
            self.backward::<true>(unit, w2, &peak_gradient, gradient);
        } else {
            self.backward::<false>(unit, w2, &peak_gradient, gradient);
        }
        evaluation
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_spike_at_five_hertz_and_labels_are_balanced() {
        let data = SpikeData::generate(NOTEBOOK, 1);
        let cells = (NOTEBOOK.samples * NOTEBOOK.steps * NOTEBOOK.inputs) as f64;
        let rate = data.spike_count() as f64 / cells;
        // 25,600 spikes expected, standard deviation 160.
        assert!((rate - 0.005).abs() < 0.0002, "rate {rate}");
        let ones = data.labels().iter().filter(|&&l| l == 1).count();
        assert!((96..=160).contains(&ones), "{ones} ones of 256");
        let spikes = data.at_step(3);
        assert!(spikes
            .windows(2)
            .all(|w| (w[0].sample, w[0].input) < (w[1].sample, w[1].input)));
    }

    #[test]
    fn initial_weights_have_the_notebooks_scale() {
        let network = SpikingNetwork::<f64>::notebook(1);
        let weights = network.initial_parameters(1);
        let (w1, w2) = weights.split_at(NOTEBOOK.inputs * HIDDEN);
        let scale = 7.0 * (1.0 - (-0.1f64).exp());
        let deviation = |w: &[f64]| (w.iter().map(|x| x * x).sum::<f64>() / w.len() as f64).sqrt();
        // 400 draws: the sample deviation is within ~10 % of 0.0666.
        assert!((deviation(w1) / (scale / 10.0) - 1.0).abs() < 0.12);
        assert_eq!(w2.len(), HIDDEN * OUTPUTS);
    }
}
