//! `spiral`: Playground's `classifySpiralData`, two interleaved spirals, learnt by
//! the 2-8-1 network of [`super::plane`].

use super::plane::{self, Point};
use super::rng::Pcg32;
use super::{Family, Task};

/// The task's row in the task table.
pub const TASK: Task = Task {
    id: "spiral",
    description: "TensorFlow Playground's spiral: two arms of 1.75 turns out to radius 5, half a turn apart; a 2-8-1 network with the estimator as hidden units, sigmoid output, binary cross-entropy, Adam",
    anchor: "Playground's hardest set: 8 hidden units of any kind reach well under full accuracy",
    accuracy_on: "test points",
    epochs: plane::EPOCHS,
    learning_rate: plane::LEARNING_RATE,
    family: Family::Plane(points),
};

/// `classifySpiralData(count, noise)`: arm +1 first, then arm -1 turned by pi; point
/// i of n on an arm at radius `5 i / n` and angle `1.75 * 2 pi i / n`.
pub fn points(rng: &mut Pcg32, count: usize, noise: f64) -> Vec<Point> {
    let arm = count / 2;
    (0..count)
        .map(|k| {
            let (i, turn, label) = if k < arm {
                (k, 0.0, 1.0)
            } else {
                (k - arm, std::f64::consts::PI, -1.0)
            };
            let n = if k < arm { arm } else { count - arm } as f64;
            let r = i as f64 / n * 5.0;
            let t = 1.75 * i as f64 / n * 2.0 * std::f64::consts::PI + turn;
            let x = r * libm::sin(t) + rng.uniform(-1.0, 1.0) * noise;
            let y = r * libm::cos(t) + rng.uniform(-1.0, 1.0) * noise;
            Point { x, y, label }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::rng::Stream;

    #[test]
    fn arms_are_point_reflections_of_each_other_at_no_noise() {
        let points = points(&mut Pcg32::new(4, Stream::Data), 400, 0.0);
        let (first, second) = points.split_at(200);
        for (a, b) in first.iter().zip(second) {
            assert!((a.x + b.x).abs() < 1e-12 && (a.y + b.y).abs() < 1e-12);
            assert_eq!((a.label, b.label), (1.0, -1.0));
        }
        assert!(points.iter().all(|p| p.x.hypot(p.y) < 5.0));
    }
}
