//! TensorFlow Playground's 2-D classification sets and the 2-8-1 network that learns
//! them here (tensorflow/playground, `src/dataset.ts`, `src/playground.ts`, `src/nn.ts`).
//!
//! - Data: a set's generator draws `train + test` points (Playground's
//!   `generateData`), which are shuffled (its Fisher-Yates `shuffle`) and split,
//!   training points first. Labels are Playground's -1/+1, learnt as 0/1.
//! - Network: inputs x and y (Playground's default features), 8 hidden units that
//!   are the estimator applied to `W1 (x, y) + b1`, one output `sigmoid(w2 . h + b2)`
//!   with binary cross-entropy; weights uniform in `[-0.5, 0.5)` and biases 0.1, as
//!   Playground's `Link` and `Node` start.
//! - Accuracy: on the test points, class 1 where the output is above 1/2.
//! - Picture: the output's probability over Playground's square `[-6, 6]^2` on a
//!   grid of [`GRID`] x [`GRID`] cells, with the test points over it.

use crate::catalog::math::logistic;
use crate::estimator::{Bound, Output};
use crate::real::Real;

use super::network::{Block, Dot, Evaluation, Network, Picture, PictureKind};
use super::rng::{Pcg32, Stream};

/// Points the network trains on (Playground's 500 points at 50 % training data
/// would give 250).
pub const TRAIN_POINTS: usize = 200;
/// Points the accuracy is measured on.
pub const TEST_POINTS: usize = 200;
/// Playground's default noise, 0 (its slider's percent / 100).
pub const NOISE: f64 = 0.0;
/// Hidden units.
pub const HIDDEN: usize = 8;
/// Default epochs of the 2-D tasks.
pub const EPOCHS: usize = 500;
/// Default Adam learning rate of the 2-D tasks.
pub const LEARNING_RATE: f64 = 0.01;
/// Half the side of the square a picture shows, centred on 0 (Playground's domain).
pub const EXTENT: f64 = 6.0;
/// Cells along each side of a picture.
pub const GRID: usize = 48;

/// A labelled point, Playground's `Example2D`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// First coordinate.
    pub x: f64,
    /// Second coordinate.
    pub y: f64,
    /// -1 or +1.
    pub label: f64,
}

/// One of Playground's `DataGenerator`s: `count` points with the given noise
/// (0 to 0.5), drawn from `rng` in the order `dataset.ts` draws them.
pub type Generator = fn(rng: &mut Pcg32, count: usize, noise: f64) -> Vec<Point>;

/// The training and test points of one set.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaneData {
    /// What the network learns from.
    pub train: Vec<Point>,
    /// What the accuracy is measured on.
    pub test: Vec<Point>,
}

impl PlaneData {
    /// `train + test` points of `generator` for `seed`, shuffled and split.
    pub fn generate(
        generator: Generator,
        seed: u64,
        train: usize,
        test: usize,
        noise: f64,
    ) -> Self {
        let mut rng = Pcg32::new(seed, Stream::Data);
        let mut points = generator(&mut rng, train + test, noise);
        rng.shuffle(&mut points);
        let test = points.split_off(train);
        PlaneData {
            train: points,
            test,
        }
    }
}

/// Coordinates and 0/1 labels in the dtype.
struct Examples<F> {
    inputs: Vec<[F; 2]>,
    labels: Vec<F>,
}

impl<F: Real> Examples<F> {
    fn new(points: &[Point]) -> Self {
        Examples {
            inputs: points.iter().map(|p| [F::c(p.x), F::c(p.y)]).collect(),
            labels: points
                .iter()
                .map(|p| if p.label > 0.0 { F::one() } else { F::zero() })
                .collect(),
        }
    }
}

/// Which points the network is run on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Set {
    /// The training points.
    Train,
    /// The test points.
    Test,
    /// The centres of a picture's cells, row by row from the top.
    Grid,
}

/// The centres of the picture's cells, row by row from the top (largest y first).
fn grid_centres<F: Real>() -> Vec<[F; 2]> {
    let step = 2.0 * EXTENT / GRID as f64;
    let at = |cell: usize| -EXTENT + (cell as f64 + 0.5) * step;
    (0..GRID)
        .flat_map(|row| (0..GRID).map(move |column| [F::c(at(column)), F::c(-at(row))]))
        .collect()
}

/// The 2-8-1 network on one set, with the buffers one evaluation reuses.
pub struct PlaneNetwork<F> {
    train: Examples<F>,
    test: Examples<F>,
    grid: Vec<[F; 2]>,
    /// `W1 (x, y) + b1` for every point and hidden unit: the unit's input.
    drive: Vec<F>,
    /// The unit's forward at `drive`.
    hidden: Vec<F>,
    /// The unit's backward at `drive`.
    slopes: Vec<F>,
}

/// Where each block starts in the parameter vector: W1 (hidden x 2, unit-major, as
/// Playground creates each node's links), b1, w2, b2.
const W1: usize = 0;
const B1: usize = W1 + 2 * HIDDEN;
const W2: usize = B1 + HIDDEN;
const B2: usize = W2 + HIDDEN;
const PARAMETERS: usize = B2 + 1;

impl<F: Real> PlaneNetwork<F> {
    /// The network on `data`.
    pub fn new(data: &PlaneData) -> Self {
        let most = data.train.len().max(data.test.len()).max(GRID * GRID) * HIDDEN;
        PlaneNetwork {
            train: Examples::new(&data.train),
            test: Examples::new(&data.test),
            grid: grid_centres(),
            drive: vec![F::zero(); most],
            hidden: vec![F::zero(); most],
            slopes: vec![F::zero(); most],
        }
    }

    /// The task's network for `seed`: Playground's default sizes and noise.
    pub fn playground(generator: Generator, seed: u64) -> Self {
        PlaneNetwork::new(&PlaneData::generate(
            generator,
            seed,
            TRAIN_POINTS,
            TEST_POINTS,
            NOISE,
        ))
    }

    /// The output's logit at every point of `set`, leaving the hidden drives and
    /// activations in the buffers.
    fn logits(&mut self, unit: &Bound<F>, p: &[F], set: Set) -> Vec<F> {
        let inputs = match set {
            Set::Train => &self.train.inputs,
            Set::Test => &self.test.inputs,
            Set::Grid => &self.grid,
        };
        let used = inputs.len() * HIDDEN;
        for (drive, input) in self.drive[..used].chunks_exact_mut(HIDDEN).zip(inputs) {
            for (j, d) in drive.iter_mut().enumerate() {
                *d = p[W1 + 2 * j] * input[0] + p[W1 + 2 * j + 1] * input[1] + p[B1 + j];
            }
        }
        unit.output(Output::Value)
            .over(&self.drive[..used], &mut self.hidden[..used]);
        self.hidden[..used]
            .chunks_exact(HIDDEN)
            .map(|h| {
                h.iter()
                    .zip(&p[W2..B2])
                    .fold(p[B2], |sum, (&h, &w)| sum + w * h)
            })
            .collect()
    }
}

/// Binary cross-entropy of `sigmoid(z)` against a 0/1 label, computed from the logit
/// without overflow: `max(z, 0) - z y + ln(1 + exp(-|z|))`.
fn cross_entropy<F: Real>(z: F, label: F) -> F {
    z.max(F::zero()) - z * label + (-z.abs()).exp().ln_1p()
}

impl<F: Real> Network<F> for PlaneNetwork<F> {
    fn blocks(&self) -> Vec<Block> {
        [
            ("input-to-hidden weights", B1 - W1),
            ("hidden biases", W2 - B1),
            ("hidden-to-output weights", B2 - W2),
            ("output bias", PARAMETERS - B2),
        ]
        .map(|(name, len)| Block { name, len })
        .to_vec()
    }

    /// Playground's start: every weight `random() - 0.5`, in the order the links are
    /// made (each hidden unit's two inputs, then the output's eight), every bias 0.1.
    fn initial_parameters(&self, seed: u64) -> Vec<F> {
        let mut rng = Pcg32::new(seed, Stream::Weights);
        let mut p = vec![F::c(0.1); PARAMETERS];
        for range in [W1..B1, W2..B2] {
            for w in &mut p[range] {
                *w = F::c(rng.unit() - 0.5);
            }
        }
        p
    }

    fn evaluate(&mut self, unit: &Bound<F>, p: &[F], gradient: &mut [F]) -> Evaluation<F> {
        let logits = self.logits(unit, p, Set::Train);
        let count = F::c(logits.len() as f64);
        let used = logits.len() * HIDDEN;
        unit.output(Output::Backward)
            .over(&self.drive[..used], &mut self.slopes[..used]);
        gradient.fill(F::zero());
        let mut loss = F::zero();
        for (n, (&z, &label)) in logits.iter().zip(&self.train.labels).enumerate() {
            loss = loss + cross_entropy(z, label);
            let d_z = (logistic(z) - label) / count;
            gradient[B2] = gradient[B2] + d_z;
            let input = self.train.inputs[n];
            for j in 0..HIDDEN {
                let at = n * HIDDEN + j;
                gradient[W2 + j] = gradient[W2 + j] + d_z * self.hidden[at];
                let d_drive = d_z * p[W2 + j] * self.slopes[at];
                gradient[W1 + 2 * j] = gradient[W1 + 2 * j] + d_drive * input[0];
                gradient[W1 + 2 * j + 1] = gradient[W1 + 2 * j + 1] + d_drive * input[1];
                gradient[B1 + j] = gradient[B1 + j] + d_drive;
            }
        }
        let test_logits = self.logits(unit, p, Set::Test);
        let correct = test_logits
            .iter()
            .zip(&self.test.labels)
            .filter(|&(&z, &label)| (z > F::zero()) == (label > F::zero()) && !z.is_nan())
            .count();
        Evaluation {
            loss: loss / count,
            accuracy: F::c(correct as f64) / F::c(test_logits.len() as f64),
        }
    }

    fn picture(&mut self, unit: &Bound<F>, p: &[F]) -> Picture {
        let cells = self
            .logits(unit, p, Set::Grid)
            .into_iter()
            .map(|z| logistic(z).to_f64_lossless() as f32)
            .collect();
        let side = 2.0 * EXTENT;
        let dots = self
            .test
            .inputs
            .iter()
            .zip(&self.test.labels)
            .map(|(&[x, y], &label)| Dot {
                x: ((x.to_f64_lossless() + EXTENT) / side) as f32,
                y: ((EXTENT - y.to_f64_lossless()) / side) as f32,
                class: u8::from(label > F::zero()),
            })
            .filter(|dot| (0.0..=1.0).contains(&dot.x) && (0.0..=1.0).contains(&dot.y))
            .collect();
        Picture {
            kind: PictureKind::Regions,
            width: GRID,
            height: GRID,
            cells,
            dots,
            caption: format!(
                "the output over [-{EXTENT}, {EXTENT}]², class 1 blue, class 0 orange; dots: the test points"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_points(_: &mut Pcg32, count: usize, _: f64) -> Vec<Point> {
        (0..count)
            .map(|i| Point {
                x: i as f64,
                y: 0.0,
                label: if i % 2 == 0 { 1.0 } else { -1.0 },
            })
            .collect()
    }

    #[test]
    fn data_is_shuffled_then_split_without_losing_points() {
        let data = PlaneData::generate(two_points, 1, 30, 10, 0.0);
        assert_eq!((data.train.len(), data.test.len()), (30, 10));
        let mut xs: Vec<f64> = data.train.iter().chain(&data.test).map(|p| p.x).collect();
        assert_ne!(xs, (0..40).map(f64::from).collect::<Vec<_>>());
        xs.sort_by(f64::total_cmp);
        assert_eq!(xs, (0..40).map(f64::from).collect::<Vec<_>>());
    }

    #[test]
    fn cross_entropy_matches_its_definition_and_stays_finite() {
        for z in [-3.0f64, -0.5, 0.0, 0.7, 4.0] {
            let s = 1.0 / (1.0 + (-z).exp());
            assert!((cross_entropy(z, 1.0) + s.ln()).abs() < 1e-12);
            assert!((cross_entropy(z, 0.0) + (1.0 - s).ln()).abs() < 1e-12);
        }
        assert!((cross_entropy(-1000.0f32, 1.0) - 1000.0).abs() < 1e-3);
        assert_eq!(cross_entropy(1000.0f32, 1.0), 0.0);
    }

    #[test]
    fn initial_weights_are_playgrounds() {
        let network = PlaneNetwork::<f64>::playground(two_points, 3);
        let p = network.initial_parameters(3);
        assert_eq!(p.len(), PARAMETERS);
        assert!(p[W1..B1]
            .iter()
            .chain(&p[W2..B2])
            .all(|w| (-0.5..0.5).contains(w)));
        assert!(p[B1..W2].iter().chain(&p[B2..]).all(|&b| b == 0.1));
    }

    #[test]
    fn pictures_have_x_to_the_right_y_up_and_the_test_points_as_dots() {
        let mut network = PlaneNetwork::<f64>::playground(two_points, 1);
        let identity: crate::Estimator = "identity".parse().unwrap();
        for (weights, class_1_right) in [([1.0, 0.0], true), ([0.0, 1.0], false)] {
            let mut p = vec![0.0; PARAMETERS];
            p[W1..W1 + 2].copy_from_slice(&weights);
            p[W2] = 1.0;
            let picture = network.picture(&identity.bind(), &p);
            assert_eq!(
                (picture.kind, picture.width, picture.height),
                (PictureKind::Regions, GRID, GRID)
            );
            for (at, &cell) in picture.cells.iter().enumerate() {
                let (row, column) = (at / GRID, at % GRID);
                let class_1 = if class_1_right {
                    column >= GRID / 2
                } else {
                    row < GRID / 2
                };
                assert_eq!(cell > 0.5, class_1, "row {row}, column {column}: {cell}");
            }
            // two_points puts x = 0, 1, 2, ...; those inside [-6, 6] are dots.
            assert!(!picture.dots.is_empty());
            for dot in &picture.dots {
                let x = f64::from(dot.x) * 2.0 * EXTENT - EXTENT;
                assert!((x - x.round()).abs() < 1e-5 && x <= EXTENT, "{dot:?}");
                assert_eq!(dot.y, 0.5);
                assert_eq!(dot.class, u8::from(x.round() as i64 % 2 == 0), "{dot:?}");
            }
        }
    }
}
