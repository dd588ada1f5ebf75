//! Norse's threshold surrogates (`norse.torch.functional.threshold`, 1.1.0).
//!
//! `threshold(x, method, alpha)` spikes with `torch.gt(x, 0)`, the core
//! `heaviside(h0=0)` (value at 0 is 0), and takes its backward from `method`: each
//! method is a [`Backward`] here. With `LIFParameters` defaults a user gets method
//! `super` with alpha 100. `logistic_fn` and `circ_dist_fn` draw a Bernoulli spike
//! with a smooth probability p(x); their deterministic view, the expectation p, is a
//! [`Forward`].

use super::breaks::{self, kink_at_zero};
use super::forwards::zero;
use super::math::{erf, relu};
use super::{Backward, BackwardKernels, Forward, ForwardKernels, Gradient, Group, Param};
use crate::kernel;
use crate::real::Real;

/// `sqrt(pi)` as Norse computes it, `torch.as_tensor(np.pi).sqrt()`: a float32 tensor,
/// so its float32 value even when x is float64.
const SQRT_PI_FLOAT32: f64 = 1.7724539041519165;

/// `1 / (|x| + 1)^2`: `SuperSpike`'s backward; alpha never enters (Zenke & Ganguli
/// 2018, SuperSpike §3.3.2).
fn super_spike<F: Real>(x: F, _: &[F; 0]) -> F {
    let d = x.abs() + F::one();
    F::one() / (d * d)
}

/// `x / (1 + |x|)`, whose derivative is [`super_spike`].
fn super_spike_primitive<F: Real>(x: F, _: &[F; 0]) -> F {
    x / (F::one() + x.abs())
}

/// `alpha * relu(1 - |x|)`: `Triangle`'s backward, height alpha, width fixed at 1
/// (Esser et al. 2016; Bellec et al. 2020).
fn triangle<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    alpha * relu(F::one() - x.abs())
}

/// `alpha (c - c|c|/2)`, `c = clamp(x, -1, 1)`: the running integral of [`triangle`].
fn triangle_primitive<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    let c = x.max(-F::one()).min(F::one());
    alpha * (c - c * c.abs() / F::c(2.0))
}

/// `1 - tanh(x * alpha)^2`: `HeaviTanh`'s backward, with no factor alpha (peak 1).
fn tanh<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    let t = (x * alpha).tanh();
    F::one() - t * t
}

/// `tanh(alpha x) / alpha`, whose derivative is [`tanh`].
fn tanh_primitive<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    (alpha * x).tanh() / alpha
}

/// `(-(x^2 / (2 (alpha^2 + x^2)^1.5)) + 1 / (2 sqrt(alpha^2 + x^2))) * 2 * alpha`, as
/// `HeaviCirc.backward` writes it; equal to `alpha^3 / (alpha^2 + x^2)^1.5` (peak 1).
/// Where x^2 overflows (|x| > 1.8e19 in float32) the library's inf / inf is NaN; the
/// limit 0 is returned instead.
fn circ<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    let two = F::c(2.0);
    let square = x * x;
    let r2 = alpha * alpha + square;
    if r2.is_infinite() {
        return F::zero();
    }
    (-(square / (two * r2.powf(F::c(1.5)))) + F::one() / (two * r2.sqrt())) * two * alpha
}

/// `alpha x / sqrt(x^2 + alpha^2)`, whose derivative is [`circ`].
fn circ_primitive<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    alpha * x / (x * x + alpha * alpha).sqrt()
}

/// `2 * exp(-(alpha * x)^2) / sqrt(pi)`, with sqrt(pi) the float32 value in both
/// dtypes: `HeaviErfc`'s backward (no factor alpha: peak 2 / sqrt(pi)).
fn heavi_erfc<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    let u = alpha * x;
    F::c(2.0) * (-(u * u)).exp() / F::c(SQRT_PI_FLOAT32)
}

/// `erf(alpha x) / alpha * sqrt(pi) / sqrt(pi)_float32`, whose derivative is
/// [`heavi_erfc`].
fn heavi_erfc_primitive<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    erf(alpha * x) / alpha * (F::PI().sqrt() / F::c(SQRT_PI_FLOAT32))
}

/// `0.5 + 0.5 * tanh(k * x)`: the firing probability of `Logistic`, whose forward
/// draws `Bernoulli(p)`.
fn logistic<F: Real>(x: F, &[k]: &[F; 1]) -> F {
    let half = F::c(0.5);
    half + half * (k * x).tanh()
}

/// `0.5 k (1 - tanh(k x)^2)`, the derivative of [`logistic`]'s probability.
fn logistic_derivative<F: Real>(x: F, &[k]: &[F; 1]) -> F {
    F::c(0.5) * k * tanh(x, &[k])
}

/// `0.5 + 0.5 * (x / sqrt(x^2 + alpha^2))`: the firing probability of `CircDist`.
fn circ_dist<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    let half = F::c(0.5);
    half + half * (x / (x * x + alpha * alpha).sqrt())
}

/// `0.5 alpha^2 / (x^2 + alpha^2)^1.5`, the derivative of [`circ_dist`]'s probability.
fn circ_dist_derivative<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    let alpha2 = alpha * alpha;
    F::c(0.5) * alpha2 / (x * x + alpha2).powf(F::c(1.5))
}

/// Norse's `alpha`, defaulting to the `LIFParameters` value a user most likely meets.
const fn alpha(default: f64, min: f64, max: f64, doc: &'static str) -> Param {
    Param::real("alpha", default, min, max, doc)
}

/// Norse's threshold methods, in the order of `threshold`'s dispatch.
pub(super) const BACKWARDS: &[Backward] = &[
    Backward {
        id: "norse_super",
        group: Group::Norse,
        params: &[alpha(100.0, 1.0, 1000.0, "accepted but ignored by the code")],
        description: "Norse's default SuperSpike surrogate (method \"super\"): the code ignores alpha entirely, so the width is always 1. Pair with heaviside(h0=0): Norse spikes with x > 0 (value at 0 is 0).",
        formula: "1 / (|x| + 1)^2",
        source: "norse.torch.functional.threshold(x, \"super\", alpha) -> superspike.super_fn; Zenke & Ganguli 2018",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(super_spike)),
            primitive: Some(kernel!(super_spike_primitive)),
        },
        breaks: kink_at_zero,
        pitfall: None,
    },
    Backward {
        id: "norse_triangle",
        group: Group::Norse,
        params: &[alpha(0.3, 0.0, 200.0, "height of the triangle (its width is fixed at 1)")],
        description: "Norse's triangle surrogate: height alpha, half-width fixed at 1 (alpha outside only). triangle_fn defaults to 0.3; LIFParameters pass 100.",
        formula: "alpha relu(1 - |x|)",
        source: "norse.torch.functional.threshold(x, \"triangle\", alpha) -> triangle_fn; Esser et al. 2016; Bellec et al. 2020",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(triangle)),
            primitive: Some(kernel!(triangle_primitive)),
        },
        breaks: breaks::unit_triangle,
        pitfall: None,
    },
    Backward {
        id: "norse_tanh",
        group: Group::Norse,
        params: &[alpha(100.0, 0.1, 200.0, "sharpness (inside only)")],
        description: "Norse's tanh surrogate: the derivative of tanh(alpha x) without its factor alpha, so the peak is 1 and alpha only narrows it.",
        formula: "1 - tanh(alpha x)^2",
        source: "norse.torch.functional.threshold(x, \"tanh\", alpha) -> heavi_tanh_fn (HeaviTanh)",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(tanh)),
            primitive: Some(kernel!(tanh_primitive)),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Backward {
        id: "norse_circ",
        group: Group::Norse,
        params: &[alpha(100.0, 0.01, 200.0, "width of the bump")],
        description: "Norse's circ surrogate (method \"circ\", class HeaviCirc): alpha^3 / (alpha^2 + x^2)^1.5, peak 1 and width alpha.",
        formula: "(-(x^2 / (2 (alpha^2 + x^2)^1.5)) + 1 / (2 sqrt(alpha^2 + x^2))) 2 alpha",
        source: "norse.torch.functional.threshold(x, \"circ\", alpha) -> heavi_circ_fn (HeaviCirc)",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(circ)),
            primitive: Some(kernel!(circ_primitive)),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Backward {
        id: "norse_heavi_erfc",
        group: Group::Norse,
        params: &[alpha(100.0, 0.1, 200.0, "sharpness (inside only)")],
        description: "Norse's erfc surrogate: a Gaussian of peak 2/sqrt(pi) = 1.128 whatever alpha; sqrt(pi) is a float32 constant even in float64.",
        formula: "2 exp(-(alpha x)^2) / sqrt(pi)",
        source: "norse.torch.functional.threshold(x, \"heavi_erfc\", alpha) -> heavi_erfc_fn (HeaviErfc)",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(heavi_erfc)),
            primitive: Some(kernel!(heavi_erfc_primitive)),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Backward {
        id: "norse_heaviside",
        group: Group::Norse,
        params: &[],
        description: "Norse's plain heaviside method: torch.gt builds no graph, so backward() raises; shown as 0, the same as the core zero.",
        formula: "0 (no gradient)",
        source: "norse.torch.functional.threshold(x, \"heaviside\", alpha) -> heaviside",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(zero)),
            primitive: Some(kernel!(zero)),
        },
        breaks: breaks::none,
        pitfall: None,
    },
];

/// Norse's probabilistic spikes, shown by their expectation.
pub(super) const FORWARDS: &[Forward] = &[
    Forward {
        id: "norse_logistic",
        group: Group::Norse,
        params: &[Param::real("k", 1.0, 0.1, 50.0, "sharpness of the probability")],
        description: "Norse's logistic spike fires at random with probability 0.5 + 0.5 tanh(k x); shown is that expectation. Its backward is norse_tanh(alpha=k), not the probability's derivative.",
        formula: "E[spike] = 0.5 + 0.5 tanh(k x)",
        source: "norse.torch.functional.threshold.logistic_fn(x, k) (Logistic, Bernoulli sample replaced by its mean)",
        kernels: ForwardKernels {
            value: kernel!(logistic),
            derivative: kernel!(logistic_derivative),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Forward {
        id: "norse_circ_dist",
        group: Group::Norse,
        params: &[Param::real("alpha", 1.0, 0.01, 10.0, "width of the probability's ramp")],
        description: "Norse's circ-distributed spike fires at random with probability 0.5 + 0.5 x / sqrt(x^2 + alpha^2); shown is that expectation. Its backward is norse_circ(alpha).",
        formula: "E[spike] = 0.5 + 0.5 x / sqrt(x^2 + alpha^2)",
        source: "norse.torch.functional.threshold.circ_dist_fn(x, alpha) (CircDist, Bernoulli sample replaced by its mean)",
        kernels: ForwardKernels {
            value: kernel!(circ_dist),
            derivative: kernel!(circ_dist_derivative),
        },
        breaks: breaks::none,
        pitfall: None,
    },
];
