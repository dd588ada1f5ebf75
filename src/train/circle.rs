//! `circle`: Playground's `classifyCircleData`, a disc of one class inside a ring of
//! the other, learnt by the 2-8-1 network of [`super::plane`].

use super::plane::{self, Point};
use super::rng::Pcg32;
use super::{Family, Task};

/// The task's row in the task table.
pub const TASK: Task = Task {
    id: "circle",
    description: "TensorFlow Playground's circle: class +1 in the disc of radius 2.5, class -1 in the ring from 3.5 to 5; a 2-8-1 network with the estimator as hidden units, sigmoid output, binary cross-entropy, Adam",
    anchor: "a straight-through sign (sign/larq_ste_sign) learns it",
    accuracy_on: "test points",
    epochs: plane::EPOCHS,
    learning_rate: plane::LEARNING_RATE,
    family: Family::Plane(points),
};

/// The outer radius.
const RADIUS: f64 = 5.0;

/// `classifyCircleData(count, noise)`: the first half inside, the second half in the
/// ring; each labelled by where its noisy copy falls.
pub fn points(rng: &mut Pcg32, count: usize, noise: f64) -> Vec<Point> {
    let inside = count / 2;
    (0..count)
        .map(|i| {
            let (near, far) = if i < inside {
                (0.0, RADIUS * 0.5)
            } else {
                (RADIUS * 0.7, RADIUS)
            };
            let r = rng.uniform(near, far);
            let angle = rng.uniform(0.0, 2.0 * std::f64::consts::PI);
            let (x, y) = (r * libm::sin(angle), r * libm::cos(angle));
            let noise_x = rng.uniform(-RADIUS, RADIUS) * noise;
            let noise_y = rng.uniform(-RADIUS, RADIUS) * noise;
            let distance = ((x + noise_x).powi(2) + (y + noise_y).powi(2)).sqrt();
            let label = if distance < RADIUS * 0.5 { 1.0 } else { -1.0 };
            Point { x, y, label }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::rng::Stream;

    #[test]
    fn half_inside_the_disc_half_in_the_ring() {
        let points = points(&mut Pcg32::new(2, Stream::Data), 400, 0.0);
        let radius = |p: &Point| p.x.hypot(p.y);
        let (inner, outer) = points.split_at(200);
        assert!(inner.iter().all(|p| radius(p) < 2.5 && p.label == 1.0));
        assert!(outer
            .iter()
            .all(|p| (3.5..5.0).contains(&radius(p)) && p.label == -1.0));
    }
}
