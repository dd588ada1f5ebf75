//! `xor`: Playground's `classifyXORData`, four quadrants labelled by the sign of
//! `x y`, learnt by the 2-8-1 network of [`super::plane`].

use super::plane::{self, Point};
use super::rng::Pcg32;
use super::{Family, Task};

/// The task's row in the task table.
pub const TASK: Task = Task {
    id: "xor",
    description: "TensorFlow Playground's XOR: points uniform in [-5, 5]^2 pushed 0.3 away from the axes, class +1 where x y >= 0; a 2-8-1 network with the estimator as hidden units, sigmoid output, binary cross-entropy, Adam",
    anchor: "a straight-through sign (sign/larq_ste_sign) learns it; the true gradient of a step leaves the hidden weights where they start",
    accuracy_on: "test points",
    epochs: plane::EPOCHS,
    learning_rate: plane::LEARNING_RATE,
    family: Family::Plane(points),
};

/// `classifyXORData(count, noise)`.
pub fn points(rng: &mut Pcg32, count: usize, noise: f64) -> Vec<Point> {
    const PADDING: f64 = 0.3;
    let padded = |v: f64| if v > 0.0 { v + PADDING } else { v - PADDING };
    (0..count)
        .map(|_| {
            let x = padded(rng.uniform(-5.0, 5.0));
            let y = padded(rng.uniform(-5.0, 5.0));
            let noise_x = rng.uniform(-5.0, 5.0) * noise;
            let noise_y = rng.uniform(-5.0, 5.0) * noise;
            let label = if (x + noise_x) * (y + noise_y) >= 0.0 {
                1.0
            } else {
                -1.0
            };
            Point { x, y, label }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::rng::Stream;

    #[test]
    fn points_keep_off_the_axes_and_are_labelled_by_quadrant() {
        let points = points(&mut Pcg32::new(1, Stream::Data), 400, 0.0);
        assert!(points.iter().all(|p| p.x.abs() >= 0.3 && p.y.abs() >= 0.3));
        assert!(points.iter().all(|p| p.label == (p.x * p.y).signum()));
    }

    #[test]
    fn noise_relabels_points_near_the_axes() {
        let points = points(&mut Pcg32::new(1, Stream::Data), 400, 0.5);
        let flipped = points
            .iter()
            .filter(|p| p.label != (p.x * p.y).signum())
            .count();
        assert!(flipped > 20, "{flipped} of 400 flipped");
    }
}
