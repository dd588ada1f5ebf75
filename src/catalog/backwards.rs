//! The core backward choices of `catalog.md`: the gradients the seeds paired with
//! their forwards through `tf.custom_gradient`, `gradient_override_map`,
//! `grad_pass_through` and `stop_gradient` tricks.

use super::breaks;
use super::forwards::{one, zero};
use super::math::{logistic, logistic_slope, pass_through};
use super::{Backward, BackwardKernels, Gradient, Group, Param};
use crate::kernel;
use crate::real::Real;

/// `k s (1 - s)`, `s = sigmoid(k x)`.
fn sigmoid<F: Real>(x: F, &[k]: &[F; 1]) -> F {
    k * logistic_slope(k * x)
}

/// `sigmoid(k x)`, whose derivative is [`sigmoid`].
fn sigmoid_primitive<F: Real>(x: F, &[k]: &[F; 1]) -> F {
    logistic(k * x)
}

/// `max(0, 1 - |x|)`.
fn triangle<F: Real>(x: F, _: &[F; 0]) -> F {
    (F::one() - x.abs()).max(F::zero())
}

/// The running integral of the triangle from 0: `x - x|x|/2` on [-1, 1], `±1/2` outside.
fn triangle_primitive<F: Real>(x: F, _: &[F; 0]) -> F {
    let half = F::c(0.5);
    let clipped = x.max(-F::one()).min(F::one());
    clipped - clipped * clipped.abs() * half
}

/// NaN everywhere.
fn nan<F: Real>(_: F, _: &[F; 0]) -> F {
    F::nan()
}

/// The core backwards, in the order of `catalog.md`.
pub(super) const CORE: &[Backward] = &[
    Backward {
        id: super::TRUE_BACKWARD,
        group: Group::Core,
        params: &[],
        description: "The forward's own derivative, as autograd computes it: what you get with no trick at all.",
        formula: "f'(x)",
        source: "all seeds",
        kernels: BackwardKernels {
            gradient: Gradient::TrueDerivative,
            primitive: None,
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Backward {
        id: "zero",
        group: Group::Core,
        params: &[],
        description: "No gradient: TensorFlow's None, which training sees as 0.",
        formula: "0",
        source: "seed 003 (tf.round), seed 000 (answer 0)",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(zero)),
            primitive: Some(kernel!(zero)),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Backward {
        id: "identity",
        group: Group::Core,
        params: &[],
        description: "Straight-through: the gradient passes unchanged, as if the forward were the identity.",
        formula: "1",
        source: "seed 003 (stop_gradient, custom_gradient), seed 004 (grad_pass_through)",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(one)),
            primitive: Some(kernel!(pass_through)),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Backward {
        id: "sigmoid",
        group: Group::Core,
        params: &[Param::real("k", 1.0, 0.01, 1000.0, "steepness of the sigmoid whose derivative is used")],
        description: "The derivative of a sigmoid of slope k, in place of the step's zero gradient.",
        formula: "k s (1 - s), s = sigmoid(k x)",
        source: "seed 000 (question), seed 004",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(sigmoid)),
            primitive: Some(kernel!(sigmoid_primitive)),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Backward {
        id: "triangle",
        group: Group::Core,
        params: &[],
        description: "A triangle of height 1 and half-width 1 around 0.",
        formula: "max(0, 1 - |x|)",
        source: "seed 000 (answer 2)",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(triangle)),
            primitive: Some(kernel!(triangle_primitive)),
        },
        breaks: breaks::unit_triangle,
        pitfall: None,
    },
    Backward {
        id: "nan",
        group: Group::Core,
        params: &[],
        description: "NaN everywhere: what f / relu(f - lambda) gives back-propagation. The seed's bug, shown on purpose.",
        formula: "NaN",
        source: "seed 002 (first version)",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(nan)),
            primitive: None,
        },
        breaks: breaks::none,
        pitfall: Some("the seed's gradient is NaN everywhere"),
    },
];
