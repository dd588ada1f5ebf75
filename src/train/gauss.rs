//! `gauss`: Playground's `classifyTwoGaussData`, two Gaussian clouds, learnt by the
//! 2-8-1 network of [`super::plane`].

use super::plane::{self, Point};
use super::rng::Pcg32;
use super::{Family, Task};

/// The task's row in the task table.
pub const TASK: Task = Task {
    id: "gauss",
    description: "TensorFlow Playground's two Gaussians: class +1 around (2, 2), class -1 around (-2, -2), variance 0.5 at no noise; a 2-8-1 network with the estimator as hidden units, sigmoid output, binary cross-entropy, Adam",
    anchor: "linearly separable: every estimator whose output layer can move learns it",
    accuracy_on: "test points",
    epochs: plane::EPOCHS,
    learning_rate: plane::LEARNING_RATE,
    family: Family::Plane(points),
};

/// `classifyTwoGaussData(count, noise)`: the variance grows linearly from 0.5 at no
/// noise to 4 at noise 0.5 (its `d3.scale.linear`); the first half around (2, 2).
pub fn points(rng: &mut Pcg32, count: usize, noise: f64) -> Vec<Point> {
    let variance = 0.5 + noise / 0.5 * 3.5;
    let deviation = variance.sqrt();
    let positive = count / 2;
    (0..count)
        .map(|i| {
            let (centre, label) = if i < positive {
                (2.0, 1.0)
            } else {
                (-2.0, -1.0)
            };
            let x = centre + deviation * rng.normal();
            let y = centre + deviation * rng.normal();
            Point { x, y, label }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::rng::Stream;

    #[test]
    fn clouds_sit_at_their_centres_with_their_variance() {
        let points = points(&mut Pcg32::new(3, Stream::Data), 4000, 0.0);
        let (positive, negative) = points.split_at(2000);
        for (cloud, centre) in [(positive, 2.0), (negative, -2.0)] {
            let mean = cloud.iter().map(|p| p.x).sum::<f64>() / 2000.0;
            let variance = cloud.iter().map(|p| (p.x - mean).powi(2)).sum::<f64>() / 2000.0;
            // Standard errors: 0.016 for the mean, 0.016 for the variance.
            assert!((mean - centre).abs() < 0.08, "mean {mean}");
            assert!((variance - 0.5).abs() < 0.08, "variance {variance}");
        }
    }
}
