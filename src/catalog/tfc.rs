//! tensorflow-compression's rounding ops (`tensorflow_compression`, 2.14.1,
//! `python/ops/round_ops.py`): soft rounding, its inverse and conditional mean
//! (Agustsson & Theis 2020, "Universally Quantized Neural Compression"), and the
//! straight-through round with an offset.
//!
//! All are [`Forward`]s. The soft-rounding ops are smooth and are used with their true
//! derivative (`tf.floor` has no gradient, so `m` is a constant); `round_st` pairs with
//! the core `identity`.

use super::breaks::{self, Break, BreakKind};
use super::forwards::{zero, SoftRound};
use super::math::clamp;
use super::{Forward, ForwardKernels, Group, Param};
use crate::kernel;
use crate::real::{param_array, Real};

/// The `eps` of `soft_round_inverse`'s signature: below it, alpha means the identity.
const EPS: f64 = 1e-3;

/// `tfc.soft_round_inverse` and `tfc.soft_round_conditional_mean` with their
/// parameter, and what depends on it alone computed once: `a = max(alpha, eps)` and
/// `z = tanh(a / 2) * 2`.
struct SoftRoundInverse<F> {
    identity: bool,
    a: F,
    z: F,
}

/// The pieces of `tfc.soft_round_inverse(y, alpha)` at one y: `m = floor(y) + 0.5`,
/// `s = (y - m) * z`, and `r = atanh(s) / a` before its clip to [-0.5, 0.5].
struct InverseParts<F> {
    m: F,
    s: F,
    r: F,
}

impl<F: Real> InverseParts<F> {
    /// Whether `clip_by_value(r, -0.5, 0.5)` passes the gradient (boundaries included).
    fn inside_clip(&self) -> bool {
        let half = F::c(0.5);
        -half <= self.r && self.r <= half
    }
}

impl<F: Real> SoftRoundInverse<F> {
    /// From the parameter `alpha`.
    fn new(&[alpha]: &[F; 1]) -> Self {
        let a = alpha.max(F::c(EPS));
        SoftRoundInverse {
            identity: alpha < F::c(EPS),
            a,
            z: (a / F::c(2.0)).tanh() * F::c(2.0),
        }
    }

    fn parts(&self, y: F) -> InverseParts<F> {
        let m = y.floor() + F::c(0.5);
        let s = (y - m) * self.z;
        let r = s.atanh() / self.a;
        InverseParts { m, s, r }
    }

    /// `m + clip(atanh(s) / a, -0.5, 0.5)`, `s = (y - m) * (tanh(a / 2) * 2)`,
    /// `m = floor(y) + 0.5`, `a = max(alpha, eps)`; `y` where `alpha < eps`:
    /// `tfc.soft_round_inverse` (Agustsson & Theis 2020).
    fn value(&self, y: F) -> F {
        if self.identity {
            return y;
        }
        let parts = self.parts(y);
        let half = F::c(0.5);
        parts.m + clamp(parts.r, -half, half)
    }

    /// TensorFlow's autograd of [`Self::value`]: `((1/a) (1 / (1 - s^2))) z` where
    /// the clip passes, 0 where it binds; 1 where `alpha < eps`. At an integer y, r is
    /// -0.5 up to the last bit of tanh/atanh, and the library's value is sinh(a)/a or
    /// 0.
    fn derivative(&self, y: F) -> F {
        if self.identity {
            return F::one();
        }
        let parts = self.parts(y);
        if !parts.inside_clip() {
            return F::zero();
        }
        F::one() / self.a * (F::one() / (F::one() - parts.s * parts.s)) * self.z
    }

    /// `soft_round_inverse(y - 0.5, alpha) + 0.5`: `tfc.soft_round_conditional_mean`,
    /// the mean of Y given soft_round(Y) + U = y (Agustsson & Theis 2020).
    fn conditional_mean(&self, y: F) -> F {
        let half = F::c(0.5);
        self.value(y - half) + half
    }

    /// The derivative of [`Self::conditional_mean`]: the inverse's at `y - 0.5`.
    fn conditional_mean_derivative(&self, y: F) -> F {
        self.derivative(y - F::c(0.5))
    }
}

/// `round(x - offset) + offset`, ties to even: `tfc.round_st(x, offset)`'s forward.
fn round_st<F: Real>(x: F, &[offset]: &[F; 1]) -> F {
    (x - offset).round_ties_even() + offset
}

fn round_st_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    let [offset] = param_array(p);
    breaks::periodic(offset + 0.5, 1.0, BreakKind::Jump, from, to)
}

/// The `alpha` tensorflow-compression requires: no default in the library, 3 here.
const ALPHA: Param = Param::real(
    "alpha",
    3.0,
    0.0,
    50.0,
    "sharpness: 0 is the identity, large approaches round (required by the library)",
);

/// tensorflow-compression's round ops, in the order of `round_ops.py`'s `__all__`.
pub(super) const FORWARDS: &[Forward] = &[
    Forward {
        id: "tfc_round_st",
        group: Group::TensorflowCompression,
        params: &[Param::real("offset", 0.0, -1.0, 1.0, "quantization offset: rounds to offset + integers")],
        description: "tensorflow-compression's straight-through round with an offset: rounds x - offset to the nearest integer, ties to even, and adds the offset back; pair with identity (offset 0 is the core round).",
        formula: "round(x - offset) + offset",
        source: "tensorflow_compression.round_st(x, offset)",
        kernels: ForwardKernels {
            value: kernel!(round_st),
            derivative: kernel!(zero),
        },
        breaks: round_st_breaks,
        pitfall: None,
    },
    Forward {
        id: "tfc_soft_round",
        group: Group::TensorflowCompression,
        params: &[
            ALPHA,
            Param::real(
                "eps",
                1e-3,
                1e-6,
                1.0,
                "below this alpha, the identity (kept above 0: alpha = eps = 0 divides 0 by 0)",
            ),
        ],
        description: "tensorflow-compression's soft rounding, the same function as the core soft_round: a smooth staircase that is the identity for alpha < eps and approaches round as alpha grows.",
        formula: "m + tanh(a r) / (2 tanh(a/2)), m = floor(x) + 0.5, r = x - m, a = max(alpha, eps)",
        source: "tensorflow_compression.soft_round(x, alpha, eps); Agustsson & Theis 2020",
        kernels: ForwardKernels {
            value: kernel!(SoftRound::new => value),
            derivative: kernel!(SoftRound::new => derivative),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Forward {
        id: "tfc_soft_round_inverse",
        group: Group::TensorflowCompression,
        params: &[ALPHA],
        description: "The inverse of soft rounding: steep next to every integer (slope sinh(alpha)/alpha there), flat between. At integers the library's own gradient is sinh(alpha)/alpha or 0 depending on the last bit of tanh/atanh.",
        formula: "m + clip(atanh((y - m) 2 tanh(a/2)) / a, -0.5, 0.5), m = floor(y) + 0.5, a = max(alpha, 1e-3)",
        source: "tensorflow_compression.soft_round_inverse(y, alpha); Agustsson & Theis 2020",
        kernels: ForwardKernels {
            value: kernel!(SoftRoundInverse::new => value),
            derivative: kernel!(SoftRoundInverse::new => derivative),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Forward {
        id: "tfc_soft_round_conditional_mean",
        group: Group::TensorflowCompression,
        params: &[ALPHA],
        description: "The conditional mean E[Y | soft_round(Y) + U = y] of universal quantization: the inverse soft round shifted by a half, steep at every k + 0.5.",
        formula: "soft_round_inverse(y - 0.5, alpha) + 0.5",
        source: "tensorflow_compression.soft_round_conditional_mean(y, alpha); Agustsson & Theis 2020",
        kernels: ForwardKernels {
            value: kernel!(SoftRoundInverse::new => conditional_mean),
            derivative: kernel!(SoftRoundInverse::new => conditional_mean_derivative),
        },
        breaks: breaks::none,
        pitfall: None,
    },
];
