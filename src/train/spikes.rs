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

use super::network::{Block, Evaluation, Network, Picture, PictureKind};
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
/// Samples of each class a picture's raster shows.
pub const RASTER_SAMPLES: usize = 6;

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

/// The part of d loss / d peak that reaches a sample's readouts at `step`: all of
/// it at the step of the peak, none elsewhere.
#[inline(always)]
fn peak_share<F: Real>(
    gradient: Readouts<F>,
    peak_steps: [usize; OUTPUTS],
    step: usize,
) -> Readouts<F> {
    std::array::from_fn(|k| {
        if peak_steps[k] == step {
            gradient[k]
        } else {
            F::zero()
        }
    })
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

/// A value per hidden unit, of one sample at one step.
type Units<F> = [F; HIDDEN];
/// A value per readout, of one sample.
type Readouts<F> = [F; OUTPUTS];

/// The notebook's network on its data, with the buffers one evaluation reuses. Its
/// state is kept per (step, sample) cell as arrays over the units.
pub struct SpikingNetwork<F> {
    data: SpikeData,
    reset: Reset,
    alpha: F,
    beta: F,
    /// `mem - threshold` of every (step, sample) cell: the unit's input.
    drive: Vec<Units<F>>,
    /// The unit's forward at `drive`: the hidden spikes.
    spikes: Vec<Units<F>>,
    /// The unit's backward at `drive`.
    slopes: Vec<Units<F>>,
    /// Each sample's readout maxima over time, and the step where each is first
    /// reached (0 is the initial value).
    peaks: Vec<Readouts<F>>,
    peak_steps: Vec<[usize; OUTPUTS]>,
}

// The loops below copy a cell's arrays of units and readouts into locals and index
// them: at the page's opt-level "z", iterator adapters such as `zip` stay calls in
// inner loops this short.
#[allow(clippy::needless_range_loop)]
impl<F: Real> SpikingNetwork<F> {
    /// The network on `data`.
    pub fn new(data: SpikeData, reset: Reset) -> Self {
        let shape = data.shape;
        let cells = shape.steps * shape.samples;
        let units = [F::zero(); HIDDEN];
        SpikingNetwork {
            data,
            reset,
            alpha: F::c(libm::exp(-TIME_STEP / TAU_SYN)),
            beta: F::c(libm::exp(-TIME_STEP / TAU_MEM)),
            drive: vec![units; cells],
            spikes: vec![units; cells],
            slopes: vec![units; cells],
            peaks: vec![[F::zero(); OUTPUTS]; shape.samples],
            peak_steps: vec![[0; OUTPUTS]; shape.samples],
        }
    }

    /// The task's network for `seed`: the notebook's data, reset detached.
    pub fn notebook(seed: u64) -> Self {
        SpikingNetwork::new(SpikeData::generate(NOTEBOOK, seed), Reset::Detached)
    }

    /// The hidden spikes of the last evaluation, indexed
    /// `(step * samples + sample) * HIDDEN + unit`.
    pub fn hidden_spikes(&self) -> &[F] {
        self.spikes.as_flattened()
    }

    /// The forward pass with `parameters` (W1, then W2) under the network's reset;
    /// returns W2 by hidden unit, for the backward pass.
    fn forward(&mut self, unit: &Bound<F>, parameters: &[F]) -> [[F; OUTPUTS]; HIDDEN] {
        let (w1, w2) = parameters.split_at(self.data.shape.inputs * HIDDEN);
        let w2: [[F; OUTPUTS]; HIDDEN] =
            std::array::from_fn(|j| std::array::from_fn(|o| w2[j * OUTPUTS + o]));
        if self.reset == Reset::Detached {
            self.run_forward::<true>(unit, w1, &w2);
        } else {
            self.run_forward::<false>(unit, w1, &w2);
        }
        w2
    }

    /// The forward pass in time: the drives and spikes of every step, and each
    /// readout's maximum over time with the step where it is first reached (a NaN
    /// output becomes the maximum and stays). The input current `W1 x` of a step
    /// visits only that step's input spikes.
    fn run_forward<const DETACHED: bool>(
        &mut self,
        unit: &Bound<F>,
        w1: &[F],
        w2: &[[F; OUTPUTS]; HIDDEN],
    ) {
        let Shape { samples, steps, .. } = self.data.shape;
        let (units, readouts) = ([F::zero(); HIDDEN], [F::zero(); OUTPUTS]);
        let mut hidden_state = vec![units; 3 * samples];
        let (syn, rest) = hidden_state.split_at_mut(samples);
        let (mem, current) = rest.split_at_mut(samples);
        let mut readout_state = vec![readouts; 2 * samples];
        let (flt, out) = readout_state.split_at_mut(samples);
        let (peaks, peak_steps) = (&mut self.peaks[..], &mut self.peak_steps[..]);
        peaks.fill(readouts);
        peak_steps.fill([0; OUTPUTS]);
        let (threshold, fire) = (F::c(THRESHOLD), unit.output(Output::Value));
        let (alpha, beta) = (self.alpha, self.beta);
        self.drive[..samples].fill([-threshold; HIDDEN]);
        for step in 0..steps {
            let (done, next) = self.drive.split_at_mut((step + 1) * samples);
            let drive = &done[step * samples..];
            let spikes = &mut self.spikes[step * samples..][..samples];
            fire.over(drive.as_flattened(), spikes.as_flattened_mut());
            current.fill(units);
            for spike in self.data.at_step(step) {
                let (row, current) = (spike.input * HIDDEN, &mut current[spike.sample]);
                for j in 0..HIDDEN {
                    current[j] = current[j] + w1[row + j];
                }
            }
            for b in 0..samples {
                let (spike, input) = (spikes[b], current[b]);
                let (mut m, mut y) = (mem[b], syn[b]);
                for j in 0..HIDDEN {
                    let next_syn = alpha * y[j] + input[j];
                    m[j] = (beta * m[j] + y[j]) * kept::<F, DETACHED>(spike[j]);
                    y[j] = next_syn;
                }
                (mem[b], syn[b]) = (m, y);
                if step + 1 < steps {
                    next[b] = m.map(|m| m - threshold);
                }
                let (mut f, mut o, mut peak) = (flt[b], out[b], peaks[b]);
                for k in 0..OUTPUTS {
                    let mut weighed = F::zero();
                    for j in 0..HIDDEN {
                        weighed = weighed + spike[j] * w2[j][k];
                    }
                    let next_flt = alpha * f[k] + weighed;
                    o[k] = beta * o[k] + f[k];
                    f[k] = next_flt;
                    if o[k] > peak[k] || (o[k].is_nan() && !peak[k].is_nan()) {
                        peak[k] = o[k];
                        peak_steps[b][k] = step + 1;
                    }
                }
                (flt[b], out[b], peaks[b]) = (f, o, peak);
            }
        }
    }

    /// Loss, accuracy and d loss / d peak of the peaks.
    fn classify(&self) -> (Evaluation<F>, Vec<Readouts<F>>) {
        let count = F::c(self.data.shape.samples as f64);
        let mut loss = F::zero();
        let mut correct = 0usize;
        let mut peak_gradient = vec![[F::zero(); OUTPUTS]; self.data.shape.samples];
        for ((peaks, gradient), &label) in self
            .peaks
            .iter()
            .zip(&mut peak_gradient)
            .zip(&self.data.labels)
        {
            let largest = peaks.iter().copied().fold(peaks[0], F::max);
            let sum = peaks
                .iter()
                .fold(F::zero(), |sum, &m| sum + (m - largest).exp());
            let log_sum = largest + sum.ln();
            loss = loss + (log_sum - peaks[label]);
            let predicted =
                (1..OUTPUTS).fold(0, |best, o| if peaks[o] > peaks[best] { o } else { best });
            correct += usize::from(predicted == label);
            for o in 0..OUTPUTS {
                let target = if o == label { F::one() } else { F::zero() };
                gradient[o] = ((peaks[o] - log_sum).exp() - target) / count;
            }
        }
        let evaluation = Evaluation {
            loss: loss / count,
            accuracy: F::c(correct as f64) / count,
        };
        (evaluation, peak_gradient)
    }

    /// Back-propagation through time from d loss / d peak; returns the gradients of
    /// W1 and W2.
    fn backward<const DETACHED: bool>(
        &mut self,
        unit: &Bound<F>,
        w2: &[[F; OUTPUTS]; HIDDEN],
        peak_gradient: &[Readouts<F>],
        gw1: &mut [F],
    ) -> [[F; OUTPUTS]; HIDDEN] {
        let Shape { samples, steps, .. } = self.data.shape;
        unit.output(Output::Backward)
            .over(self.drive.as_flattened(), self.slopes.as_flattened_mut());
        gw1.fill(F::zero());
        let mut gw2 = [[F::zero(); OUTPUTS]; HIDDEN];
        let (alpha, beta) = (self.alpha, self.beta);
        // Adjoints of the readout (out, flt) and hidden (mem, syn) states at step + 1.
        let mut readouts = vec![[F::zero(); OUTPUTS]; 2 * samples];
        let (d_out, d_flt) = readouts.split_at_mut(samples);
        let mut units = vec![[F::zero(); HIDDEN]; 2 * samples];
        let (d_mem, d_syn) = units.split_at_mut(samples);
        let (peak_steps, gw1) = (&self.peak_steps[..], &mut gw1[..]);
        for b in 0..samples {
            d_out[b] = peak_share(peak_gradient[b], peak_steps[b], steps);
        }
        for step in (0..steps).rev() {
            let spikes = &self.spikes[step * samples..][..samples];
            let slopes = &self.slopes[step * samples..][..samples];
            // d loss / d (W1 x) at this step is the syn adjoint of the next.
            for spike in self.data.at_step(step) {
                let (row, d) = (spike.input * HIDDEN, d_syn[spike.sample]);
                for j in 0..HIDDEN {
                    gw1[row + j] = gw1[row + j] + d[j];
                }
            }
            for b in 0..samples {
                let (spike, slope, d_weighed) = (spikes[b], slopes[b], d_flt[b]);
                let (mut m, mut y) = (d_mem[b], d_syn[b]);
                for j in 0..HIDDEN {
                    // d loss / d (W2 spike) at this step is the flt adjoint of the next.
                    let mut d_spike = F::zero();
                    for k in 0..OUTPUTS {
                        gw2[j][k] = gw2[j][k] + spike[j] * d_weighed[k];
                        d_spike = d_spike + w2[j][k] * d_weighed[k];
                    }
                    let kept = kept::<F, DETACHED>(spike[j]);
                    let next_d_mem = d_spike * slope[j] + m[j] * beta * kept;
                    y[j] = m[j] * kept + alpha * y[j];
                    m[j] = next_d_mem;
                }
                (d_mem[b], d_syn[b]) = (m, y);
                let (mut o, mut f) = (d_out[b], d_weighed);
                let direct = peak_share(peak_gradient[b], peak_steps[b], step);
                for k in 0..OUTPUTS {
                    f[k] = o[k] + alpha * f[k];
                    o[k] = direct[k] + beta * o[k];
                }
                (d_out[b], d_flt[b]) = (o, f);
            }
        }
        gw2
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
        let w2 = self.forward(unit, parameters);
        let (evaluation, peak_gradient) = self.classify();
        let (gw1, gw2) = gradient.split_at_mut(self.data.shape.inputs * HIDDEN);
        let d_w2 = if self.reset == Reset::Detached {
            self.backward::<true>(unit, &w2, &peak_gradient, gw1)
        } else {
            self.backward::<false>(unit, &w2, &peak_gradient, gw1)
        };
        gw2.copy_from_slice(d_w2.as_flattened());
        evaluation
    }

    /// The hidden spikes of the first [`RASTER_SAMPLES`] samples of class 0, then of
    /// class 1: a row per sample and unit, a column per step.
    fn picture(&mut self, unit: &Bound<F>, parameters: &[F]) -> Picture {
        self.forward(unit, parameters);
        let Shape { samples, steps, .. } = self.data.shape;
        let (labels, spikes) = (&self.data.labels, &self.spikes);
        let shown: Vec<usize> = (0..OUTPUTS)
            .flat_map(|class| {
                (0..samples)
                    .filter(move |&b| labels[b] == class)
                    .take(RASTER_SAMPLES)
            })
            .collect();
        let mut cells = Vec::with_capacity(shown.len() * HIDDEN * steps);
        for &b in &shown {
            let cells_of_sample = spikes[b..].iter().step_by(samples);
            for unit in 0..HIDDEN {
                let row = cells_of_sample.clone().map(|cell| cell[unit]);
                cells.extend(row.map(|spike| spike.to_f64_lossless() as f32));
            }
        }
        Picture {
            kind: PictureKind::Raster,
            width: steps,
            height: shown.len() * HIDDEN,
            cells,
            dots: Vec::new(),
            caption: format!(
                "hidden spikes over {steps} ms of {HIDDEN} units for {RASTER_SAMPLES} samples of class 0 (upper half) and of class 1 (lower half)"
            ),
        }
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
    fn hidden_spikes_are_the_units_forward_at_every_cell() {
        let mut network = SpikingNetwork::<f64>::notebook(1);
        let parameters = network.initial_parameters(1);
        let mut gradient = vec![0.0; parameters.len()];
        let heaviside: crate::Estimator = "heaviside".parse().unwrap();
        network.evaluate(&heaviside.bind(), &parameters, &mut gradient);
        let spikes = network.hidden_spikes();
        assert_eq!(spikes.len(), NOTEBOOK.steps * NOTEBOOK.samples * HIDDEN);
        assert!(spikes.iter().all(|&s| s == 0.0 || s == 1.0));
        let count = spikes.iter().filter(|&&s| s == 1.0).count();
        // The notebook's scale gives "some spikes to begin with", and a neuron
        // cannot fire at step 0 (the membrane starts at 0).
        assert!(count > 100 && count < spikes.len() / 10, "{count} spikes");
        assert!(spikes[..NOTEBOOK.samples * HIDDEN]
            .iter()
            .all(|&s| s == 0.0));
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

    #[test]
    fn the_raster_shows_the_first_samples_of_each_class_unit_by_unit() {
        let mut network = SpikingNetwork::<f64>::notebook(2);
        let parameters = network.initial_parameters(2);
        let heaviside: crate::Estimator = "heaviside/snntorch_fast_sigmoid".parse().unwrap();
        let unit = heaviside.bind();
        let mut gradient = vec![0.0; parameters.len()];
        network.evaluate(&unit, &parameters, &mut gradient);
        let spikes = network.hidden_spikes().to_vec();
        let picture = network.picture(&unit, &parameters);
        let Shape { samples, steps, .. } = NOTEBOOK;
        assert_eq!(picture.kind, PictureKind::Raster);
        assert_eq!(
            (picture.width, picture.height),
            (steps, 2 * RASTER_SAMPLES * HIDDEN)
        );
        let labels = network.data.labels();
        let shown: Vec<usize> = [0, 1]
            .iter()
            .flat_map(|&class| {
                (0..samples)
                    .filter(move |&b| labels[b] == class)
                    .take(RASTER_SAMPLES)
            })
            .collect();
        assert!(shown[..RASTER_SAMPLES].iter().all(|&b| labels[b] == 0));
        assert!(shown[RASTER_SAMPLES..].iter().all(|&b| labels[b] == 1));
        for (r, &b) in shown.iter().enumerate() {
            for j in 0..HIDDEN {
                let row = &picture.cells[(r * HIDDEN + j) * steps..][..steps];
                for (t, &cell) in row.iter().enumerate() {
                    assert_eq!(f64::from(cell), spikes[(t * samples + b) * HIDDEN + j]);
                }
            }
        }
        assert!(picture.cells.contains(&1.0), "no spike to show");
    }
}
