//! Adam (Kingma & Ba 2015) as `torch.optim.Adam` computes it with its defaults
//! (`eps = 1e-8`, no weight decay, no AMSGrad), over one flat vector of parameters.
//!
//! One step, as torch's `_single_tensor_adam`:
//! `m = b1 m + (1 - b1) g`, `v = b2 v + (1 - b2) g^2`,
//! `p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)`; the bias
//! corrections are computed in f64 (torch's Python floats) and rounded to the dtype.

use crate::real::Real;

/// The notebook's first-moment decay, `betas[0]`.
pub const BETA1: f64 = 0.9;
/// The notebook's second-moment decay, `betas[1]`.
pub const BETA2: f64 = 0.999;
/// torch's default `eps`.
pub const EPSILON: f64 = 1e-8;

/// The optimiser's state for one parameter vector.
#[derive(Clone, Debug)]
pub struct Adam<F> {
    learning_rate: f64,
    first_moment: Vec<F>,
    second_moment: Vec<F>,
    steps: i32,
}

impl<F: Real> Adam<F> {
    /// A fresh optimiser for `len` parameters.
    pub fn new(len: usize, learning_rate: f64) -> Self {
        Adam {
            learning_rate,
            first_moment: vec![F::zero(); len],
            second_moment: vec![F::zero(); len],
            steps: 0,
        }
    }

    /// One update of `parameters` along `gradient`.
    pub fn step(&mut self, parameters: &mut [F], gradient: &[F]) {
        self.steps += 1;
        let correction1 = 1.0 - libm::pow(BETA1, f64::from(self.steps));
        let correction2 = 1.0 - libm::pow(BETA2, f64::from(self.steps));
        let step_size = F::c(self.learning_rate / correction1);
        let correction2_sqrt = F::c(correction2.sqrt());
        let (beta1, beta2, epsilon) = (F::c(BETA1), F::c(BETA2), F::c(EPSILON));
        let (keep1, keep2) = (F::one() - beta1, F::one() - beta2);
        let moments = self.first_moment.iter_mut().zip(&mut self.second_moment);
        for ((p, &g), (m, v)) in parameters.iter_mut().zip(gradient).zip(moments) {
            *m = beta1 * *m + keep1 * g;
            *v = beta2 * *v + keep2 * g * g;
            let denominator = v.sqrt() / correction2_sqrt + epsilon;
            *p = *p - step_size * *m / denominator;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_step_moves_each_parameter_by_the_learning_rate_against_its_gradient() {
        // After one step m / (1 - b1) = g and sqrt(v / (1 - b2)) = |g|: the step is
        // lr * g / (|g| + eps).
        let mut adam = Adam::<f64>::new(3, 0.01);
        let mut p = vec![1.0, 1.0, 1.0];
        adam.step(&mut p, &[2.0, -0.5, 0.0]);
        assert!((p[0] - (1.0 - 0.01)).abs() < 1e-9);
        assert!((p[1] - (1.0 + 0.01)).abs() < 1e-9);
        assert_eq!(p[2], 1.0);
    }

    #[test]
    fn minimises_a_quadratic() {
        let mut adam = Adam::<f32>::new(2, 0.05);
        let mut p = vec![3.0f32, -2.0];
        for _ in 0..2000 {
            let gradient = [2.0 * (p[0] - 1.0), 2.0 * (p[1] + 1.0)];
            adam.step(&mut p, &gradient);
        }
        assert!(
            (p[0] - 1.0).abs() < 1e-3 && (p[1] + 1.0).abs() < 1e-3,
            "{p:?}"
        );
    }
}
