//! The core forward functions of `catalog.md`: the seeds' steps, thresholds and
//! rounding functions, each with its true derivative and its breaks.
//!
//! Each formula is one generic function, written in the framework's order of
//! operations, with a doc comment giving the formula; the entry in [`CORE`] ties it
//! to its id, parameters and description.

use super::breaks::{self, Break, BreakKind};
use super::math::{indicator, logistic, logistic_slope, mod_one, pass_through, relu};
use super::{Forward, ForwardKernels, Group, Param};
use crate::kernel;
use crate::real::{param_array, Real};

/// `1`.
pub(super) fn one<F: Real>(_: F, _: &[F; 0]) -> F {
    F::one()
}

/// `0`.
pub(super) fn zero<F: Real>(_: F, _: &[F; 0]) -> F {
    F::zero()
}

/// `tf.where(x > 0, x, 0)`.
fn relu_value<F: Real>(x: F, _: &[F; 0]) -> F {
    relu(x)
}

/// `1 if x > 0 else 0` (`relu'(0) = 0`).
fn step_strict<F: Real>(x: F, _: &[F; 0]) -> F {
    indicator(x > F::zero())
}

/// `H(x)`: 1 for x > 0, 0 for x < 0, `h0` at 0.
fn heaviside<F: Real>(x: F, &[h0]: &[F; 1]) -> F {
    if x > F::zero() {
        F::one()
    } else if x < F::zero() {
        F::zero()
    } else {
        h0
    }
}

/// `sign(x)` with `s0` at 0.
fn sign<F: Real>(x: F, &[s0]: &[F; 1]) -> F {
    if x > F::zero() {
        F::one()
    } else if x < F::zero() {
        -F::one()
    } else {
        s0
    }
}

/// Where, in each unit interval, the sawtooth `spiky` drops back to 0.
const SPIKY_DROP: f64 = 0.5;

/// `r if r <= 0.5 else 0`, `r = x mod 1`.
fn spiky<F: Real>(x: F, _: &[F; 0]) -> F {
    let r = mod_one(x);
    if r <= F::c(SPIKY_DROP) {
        r
    } else {
        F::zero()
    }
}

/// `1 if (x mod 1) <= 0.5 else 0`.
fn spiky_derivative<F: Real>(x: F, _: &[F; 0]) -> F {
    indicator(mod_one(x) <= F::c(SPIKY_DROP))
}

/// Whether hard thresholding keeps x: `|x| > lambda` (strict), so its breaks lie at
/// `±lambda`.
#[inline(always)]
fn beyond_lambda<F: Real>(x: F, lambda: F) -> bool {
    x.abs() > lambda
}

/// `x if |x| > lambda else 0`.
fn hard_threshold<F: Real>(x: F, &[lambda]: &[F; 1]) -> F {
    if beyond_lambda(x, lambda) {
        x
    } else {
        F::zero()
    }
}

/// `1 if |x| > lambda else 0`.
fn outside_lambda<F: Real>(x: F, &[lambda]: &[F; 1]) -> F {
    indicator(beyond_lambda(x, lambda))
}

/// `relu(x - lambda) - relu(-x - lambda)`.
fn soft_threshold<F: Real>(x: F, &[lambda]: &[F; 1]) -> F {
    relu(x - lambda) - relu(-x - lambda)
}

/// The gradient TensorFlow takes through both ReLUs: `[x - l > 0] + [-x - l > 0]`.
fn soft_threshold_derivative<F: Real>(x: F, &[lambda]: &[F; 1]) -> F {
    indicator::<F>(x - lambda > F::zero()) + indicator::<F>(-x - lambda > F::zero())
}

/// Nearest integer, ties to even (`tf.round`).
fn round<F: Real>(x: F, _: &[F; 0]) -> F {
    x.round_ties_even()
}

/// `x - sin(c x) / c`, `c = 2 pi` rounded to the dtype.
fn sin_round<F: Real>(x: F, _: &[F; 0]) -> F {
    let c = F::c(std::f64::consts::TAU);
    x - (c * x).sin() / c
}

/// `1 - cos(c x)`, `c = 2 pi` rounded to the dtype.
fn sin_round_derivative<F: Real>(x: F, _: &[F; 0]) -> F {
    let c = F::c(std::f64::consts::TAU);
    F::one() - (c * x).cos()
}

/// `clamp_round`'s clipped ramp: 0 up to `offset`, rising with slope `scale` to 1 at
/// `offset + 1 / scale`, 1 beyond.
struct ClampRamp<F> {
    offset: F,
    scale: F,
}

impl<F: Real> ClampRamp<F> {
    /// From the parameters `offset`, `scale`.
    #[inline(always)]
    fn new(&[offset, scale]: &[F; 2]) -> Self {
        ClampRamp { offset, scale }
    }

    /// `min(max(x - offset, 0) * scale, 1)`.
    #[inline(always)]
    fn value(&self, x: F) -> F {
        (relu(x - self.offset) * self.scale).min(F::one())
    }

    /// `scale` where `x - offset >= 0` and `(x - offset) * scale <= 1`, else 0: the
    /// gradient of `maximum(a, 0)` goes to `a` where `a >= 0`, that of `minimum(a, 1)`
    /// to `a` where `a <= 1`.
    #[inline(always)]
    fn derivative(&self, x: F) -> F {
        let shifted = x - self.offset;
        if shifted >= F::zero() && shifted.max(F::zero()) * self.scale <= F::one() {
            self.scale
        } else {
            F::zero()
        }
    }

    /// Where the ramp leaves 0 and where it reaches 1: its two kinks.
    fn ends(&self) -> [F; 2] {
        [self.offset, self.offset + F::one() / self.scale]
    }
}

/// The Fourier series of the sawtooth, truncated: each term's `c = 2 pi n` and
/// `(-1)^n / (pi n)` formed in f64 and rounded to the dtype, then `term(c x)`
/// computed in the dtype and summed.
fn fourier_sum<F: Real>(x: F, terms: F, term: impl Fn(F, F) -> F) -> F {
    let count = terms.to_usize().unwrap_or(0);
    let mut sum = F::zero();
    for n in 1..=count {
        let n = n as f64;
        let c = F::c(std::f64::consts::TAU * n);
        let sign = if n % 2.0 == 0.0 { 1.0 } else { -1.0 };
        let coefficient = F::c(sign / (std::f64::consts::PI * n));
        sum = sum + coefficient * term(c * x, c);
    }
    sum
}

/// `x + (1/pi) sum_{n=1..terms} (-1)^n sin(2 pi n x) / n`.
fn fourier_round<F: Real>(x: F, &[terms]: &[F; 1]) -> F {
    x + fourier_sum(x, terms, |u, _| u.sin())
}

/// `1 + sum_{n=1..terms} (-1)^n / (pi n) cos(c x) c`, i.e. `1 + 2 sum (-1)^n cos(2 pi n x)`.
fn fourier_round_derivative<F: Real>(x: F, &[terms]: &[F; 1]) -> F {
    F::one() + fourier_sum(x, terms, |u, c| u.cos() * c)
}

/// `sigmoid(slope (x - center))`, computed without overflow.
fn sigmoid_round<F: Real>(x: F, &[slope, center]: &[F; 2]) -> F {
    let z = slope * (x - center);
    if z >= F::zero() {
        logistic(z)
    } else {
        let e = z.exp();
        e / (F::one() + e)
    }
}

/// `slope s (1 - s)`.
fn sigmoid_round_derivative<F: Real>(x: F, &[slope, center]: &[F; 2]) -> F {
    let z = slope * (x - center);
    let s = sigmoid_round(x, &[slope, center]);
    let complement = if z >= F::zero() {
        F::one() - s
    } else {
        logistic(-z)
    };
    slope * s * complement
}

/// `e / (e + 1)`, `e = exp(slope (x - center))`: NaN once `e` overflows.
fn sigmoid_round_naive<F: Real>(x: F, &[slope, center]: &[F; 2]) -> F {
    let e = (slope * (x - center)).exp();
    e / (e + F::one())
}

/// TensorFlow's autograd of the naive formula as written, `b = e + 1`:
/// `(1/b + ((-e)/b)/b) * e * slope`.
fn sigmoid_round_naive_derivative<F: Real>(x: F, &[slope, center]: &[F; 2]) -> F {
    let e = (slope * (x - center)).exp();
    let b = e + F::one();
    (F::one() / b + ((-e) / b) / b) * e * slope
}

/// `tfc.soft_round` with its parameters, and `z = 2 tanh(alpha / 2)` computed once.
pub(super) struct SoftRound<F> {
    alpha: F,
    eps: F,
    z: F,
}

impl<F: Real> SoftRound<F> {
    /// From the parameters `alpha`, `eps`.
    pub(super) fn new(&[alpha, eps]: &[F; 2]) -> Self {
        SoftRound {
            alpha,
            eps,
            z: (alpha / F::c(2.0)).tanh() * F::c(2.0),
        }
    }

    /// `m + tanh(a r) / z`, `m = floor(x) + 0.5`, `r = x - m`; `x` where
    /// `alpha < eps`.
    pub(super) fn value(&self, x: F) -> F {
        if self.alpha < self.eps {
            return x;
        }
        let m = x.floor() + F::c(0.5);
        let r = x - m;
        m + (self.alpha * r).tanh() / self.z
    }

    /// `((1/z) (1 - t^2)) a`, `t = tanh(a r)`; 1 where `alpha < eps`.
    pub(super) fn derivative(&self, x: F) -> F {
        if self.alpha < self.eps {
            return F::one();
        }
        let r = x - (x.floor() + F::c(0.5));
        let t = (self.alpha * r).tanh();
        F::one() / self.z * (F::one() - t * t) * self.alpha
    }
}

/// `1 / (1 + exp(-slope x))`.
fn sigmoid<F: Real>(x: F, &[slope]: &[F; 1]) -> F {
    logistic(slope * x)
}

/// `slope s (1 - s)`.
fn sigmoid_derivative<F: Real>(x: F, &[slope]: &[F; 1]) -> F {
    slope * logistic_slope(slope * x)
}

/// `1.2 sigmoid(x) - 0.1`, before saturation.
fn saturated_sigmoid_inner<F: Real>(x: F) -> F {
    F::c(1.2) * logistic(x) - F::c(0.1)
}

/// `max(0, min(1, 1.2 sigmoid(x) - 0.1))`.
fn saturated_sigmoid<F: Real>(x: F, _: &[F; 0]) -> F {
    saturated_sigmoid_inner(x).min(F::one()).max(F::zero())
}

/// `1.2 s (1 - s)` inside (0, 1), else 0.
fn saturated_sigmoid_derivative<F: Real>(x: F, _: &[F; 0]) -> F {
    let inner = saturated_sigmoid_inner(x);
    if inner > F::zero() && inner < F::one() {
        F::c(1.2) * logistic_slope(x)
    } else {
        F::zero()
    }
}

/// Whether the seed's draw `u` picks the sigmoid (`u > 0.5`) rather than the binary
/// step: the branch the value, its derivative and its breaks all follow.
#[inline(always)]
fn draws_sigmoid<F: Real>(u: F) -> bool {
    u > F::c(0.5)
}

/// `sigmoid(x) if u > 0.5 else (1 if x > 0 else 0)`.
fn sigmoid_or_binary<F: Real>(x: F, &[u]: &[F; 1]) -> F {
    if draws_sigmoid(u) {
        logistic(x)
    } else {
        indicator(x > F::zero())
    }
}

/// The derivative of the branch taken.
fn sigmoid_or_binary_derivative<F: Real>(x: F, &[u]: &[F; 1]) -> F {
    if draws_sigmoid(u) {
        logistic_slope(x)
    } else {
        F::zero()
    }
}

fn spiky_breaks(_: &[f64], from: f64, to: f64) -> Vec<Break> {
    breaks::merge(
        breaks::periodic(SPIKY_DROP, 1.0, BreakKind::Jump, from, to),
        breaks::periodic(0.0, 1.0, BreakKind::Kink, from, to),
    )
}

fn hard_threshold_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    let [lambda] = param_array(p);
    let kind = if lambda > 0.0 {
        BreakKind::Jump
    } else {
        BreakKind::Kink
    };
    breaks::plus_minus(lambda, kind, from, to)
}

fn soft_threshold_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    let [lambda] = param_array(p);
    breaks::plus_minus(lambda, BreakKind::Kink, from, to)
}

fn clamp_round_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    let ends = ClampRamp::new(&param_array(p)).ends();
    breaks::at(&ends.map(|x| (x, BreakKind::Kink)), from, to)
}

/// Where [`saturated_sigmoid_inner`] reaches 0 and 1, the saturated sigmoid's kinks:
/// `sigmoid(x) = 1/12` and `11/12`, so `x = -ln 11` and `ln 11`.
fn saturated_sigmoid_edge() -> f64 {
    11f64.ln()
}

fn saturated_sigmoid_breaks(_: &[f64], from: f64, to: f64) -> Vec<Break> {
    breaks::plus_minus(saturated_sigmoid_edge(), BreakKind::Kink, from, to)
}

fn sigmoid_or_binary_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    let [u] = param_array(p);
    if draws_sigmoid(u) {
        Vec::new()
    } else {
        breaks::jump_at_zero(p, from, to)
    }
}

const LAMBDA: Param = Param::real(
    "lambda",
    5.0,
    0.0,
    100.0,
    "threshold: values with |x| <= lambda become 0",
);
const SLOPE_ROUND: Param = Param::real("slope", 1000.0, 0.01, 1e6, "steepness of the sigmoid step");
const CENTER: Param = Param::real("center", 0.5, -10.0, 10.0, "where the sigmoid step sits");

/// The core forwards, in the order of `catalog.md`.
pub(super) const CORE: &[Forward] = &[
    Forward {
        id: "identity",
        group: Group::Core,
        params: &[],
        description: "The identity, f(x) = x: what a straight-through estimator pretends the forward is.",
        formula: "x",
        source: "seed 004 (grad_pass_through)",
        kernels: ForwardKernels {
            value: kernel!(pass_through),
            derivative: kernel!(one),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Forward {
        id: "relu",
        group: Group::Core,
        params: &[],
        description: "ReLU, max(x, 0): the seed's tf.where(x > 0, x, 0), which is not the binary step it meant.",
        formula: "max(x, 0)",
        source: "seed 004 (the question's tf.where(x > 0, x, 0))",
        kernels: ForwardKernels {
            value: kernel!(relu_value),
            derivative: kernel!(step_strict),
        },
        breaks: breaks::kink_at_zero,
        pitfall: None,
    },
    Forward {
        id: "heaviside",
        group: Group::Core,
        params: &[Param::choice("h0", 1.0, &[0.0, 0.5, 1.0], "the value at exactly x = 0")],
        description: "The Heaviside step: 0 below zero, 1 above, h0 at zero. Its derivative is 0 almost everywhere.",
        formula: "1 if x > 0, 0 if x < 0, h0 at 0",
        source: "seed 000",
        kernels: ForwardKernels {
            value: kernel!(heaviside),
            derivative: kernel!(zero),
        },
        breaks: breaks::jump_at_zero,
        pitfall: None,
    },
    Forward {
        id: "sign",
        group: Group::Core,
        params: &[Param::real("s0", 0.0, -1.0, 1.0, "the value at exactly x = 0")],
        description: "The sign function: -1 below zero, +1 above, s0 at zero.",
        formula: "-1 if x < 0, s0 at 0, +1 if x > 0",
        source: "seed 000 (answers 0 and 1)",
        kernels: ForwardKernels {
            value: kernel!(sign),
            derivative: kernel!(zero),
        },
        breaks: breaks::jump_at_zero,
        pitfall: None,
    },
    Forward {
        id: "spiky",
        group: Group::Core,
        params: &[],
        description: "A sawtooth that drops to 0 on the upper half of each unit interval.",
        formula: "r if r <= 0.5 else 0, r = x mod 1",
        source: "seed 001 (py_func with a registered gradient)",
        kernels: ForwardKernels {
            value: kernel!(spiky),
            derivative: kernel!(spiky_derivative),
        },
        breaks: spiky_breaks,
        pitfall: None,
    },
    Forward {
        id: "hard_threshold",
        group: Group::Core,
        params: &[LAMBDA],
        description: "Hard thresholding: keeps x only where |x| > lambda (strict), else 0.",
        formula: "x if |x| > lambda else 0",
        source: "seed 002 (s_lamda_activation)",
        kernels: ForwardKernels {
            value: kernel!(hard_threshold),
            derivative: kernel!(outside_lambda),
        },
        breaks: hard_threshold_breaks,
        pitfall: None,
    },
    Forward {
        id: "soft_threshold",
        group: Group::Core,
        params: &[LAMBDA],
        description: "Soft thresholding: shrinks x towards 0 by lambda; continuous, but shifts every value.",
        formula: "relu(x - lambda) - relu(-x - lambda)",
        source: "seed 002",
        kernels: ForwardKernels {
            value: kernel!(soft_threshold),
            derivative: kernel!(soft_threshold_derivative),
        },
        breaks: soft_threshold_breaks,
        pitfall: None,
    },
    Forward {
        id: "round",
        group: Group::Core,
        params: &[],
        description: "Rounding to the nearest integer, ties to even as tf.round does. Its gradient is 0.",
        formula: "nearest integer, ties to even",
        source: "seed 003",
        kernels: ForwardKernels {
            value: kernel!(round),
            derivative: kernel!(zero),
        },
        breaks: breaks::jumps_at_half_integers,
        pitfall: None,
    },
    Forward {
        id: "sin_round",
        group: Group::Core,
        params: &[],
        description: "A smooth staircase: x minus one sine wave; flat at every integer.",
        formula: "x - sin(2 pi x) / (2 pi)",
        source: "seed 003",
        kernels: ForwardKernels {
            value: kernel!(sin_round),
            derivative: kernel!(sin_round_derivative),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Forward {
        id: "clamp_round",
        group: Group::Core,
        params: &[
            Param::real("offset", 0.499, 0.0, 1.0, "where the ramp starts"),
            Param::real("scale", 10000.0, 1.0, 1e6, "the ramp's slope"),
        ],
        description: "A steep clipped ramp from 0 to 1 built with maximum and minimum: a step with a usable gradient on a tiny interval.",
        formula: "min(max(x - offset, 0) * scale, 1)",
        source: "seed 003 (maximum/minimum trick)",
        kernels: ForwardKernels {
            value: kernel!(ClampRamp::new => value),
            derivative: kernel!(ClampRamp::new => derivative),
        },
        breaks: clamp_round_breaks,
        pitfall: None,
    },
    Forward {
        id: "fourier_round",
        group: Group::Core,
        params: &[Param::integer("terms", 5.0, 1.0, 1000.0, "number of Fourier terms N")],
        description: "Rounding approximated by a truncated Fourier series of the sawtooth; more terms, sharper steps and a wilder derivative.",
        formula: "x + (1/pi) sum_{n=1..N} (-1)^n sin(2 pi n x) / n",
        source: "seed 003",
        kernels: ForwardKernels {
            value: kernel!(fourier_round),
            derivative: kernel!(fourier_round_derivative),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Forward {
        id: "sigmoid_round",
        group: Group::Core,
        params: &[SLOPE_ROUND, CENTER],
        description: "A single sigmoid step at center, computed stably (no overflow).",
        formula: "sigmoid(slope (x - center))",
        source: "seed 003 (fixed)",
        kernels: ForwardKernels {
            value: kernel!(sigmoid_round),
            derivative: kernel!(sigmoid_round_derivative),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Forward {
        id: "sigmoid_round_naive",
        group: Group::Core,
        params: &[SLOPE_ROUND, CENTER],
        description: "The seed's sigmoid step as written, e / (e + 1): NaN once exp overflows (past about 88.7 in f32, 709.8 in f64).",
        formula: "e / (e + 1), e = exp(slope (x - center))",
        source: "seed 003 (as written)",
        kernels: ForwardKernels {
            value: kernel!(sigmoid_round_naive),
            derivative: kernel!(sigmoid_round_naive_derivative),
        },
        breaks: breaks::none,
        pitfall: Some("exp(slope (x - center)) overflows to inf and inf / inf is NaN"),
    },
    Forward {
        id: "soft_round",
        group: Group::Core,
        params: &[
            Param::real("alpha", 3.0, 0.0, 100.0, "sharpness: 0 is the identity, large is round"),
            Param::real("eps", 1e-3, 1e-6, 1.0, "below this alpha, the identity"),
        ],
        description: "Soft rounding of Agustsson & Theis (2020), as tensorflow-compression computes it.",
        formula: "m + tanh(alpha r) / (2 tanh(alpha/2)), m = floor(x) + 0.5, r = x - m",
        source: "seed 003 (tfc.soft_round; Agustsson & Theis 2020)",
        kernels: ForwardKernels {
            value: kernel!(SoftRound::new => value),
            derivative: kernel!(SoftRound::new => derivative),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Forward {
        id: "sigmoid",
        group: Group::Core,
        params: &[Param::real("slope", 1.0, 0.01, 1000.0, "steepness")],
        description: "The logistic sigmoid, a smooth step.",
        formula: "1 / (1 + exp(-slope x))",
        source: "seed 004",
        kernels: ForwardKernels {
            value: kernel!(sigmoid),
            derivative: kernel!(sigmoid_derivative),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Forward {
        id: "saturated_sigmoid",
        group: Group::Core,
        params: &[],
        description: "Kaiser & Bengio's saturating sigmoid: a stretched sigmoid clipped to [0, 1].",
        formula: "max(0, min(1, 1.2 sigmoid(x) - 0.1))",
        source: "seed 004 (Kaiser & Bengio 2018)",
        kernels: ForwardKernels {
            value: kernel!(saturated_sigmoid),
            derivative: kernel!(saturated_sigmoid_derivative),
        },
        breaks: saturated_sigmoid_breaks,
        pitfall: None,
    },
    Forward {
        id: "sigmoid_or_binary",
        group: Group::Core,
        params: &[Param::real("u", 0.2, 0.0, 1.0, "the seed's random draw: sigmoid when u > 0.5, else the binary step")],
        description: "The seed's random choice between the sigmoid and the binary step, for one fixed draw u.",
        formula: "sigmoid(x) if u > 0.5 else (1 if x > 0 else 0)",
        source: "seed 004 (answer)",
        kernels: ForwardKernels {
            value: kernel!(sigmoid_or_binary),
            derivative: kernel!(sigmoid_or_binary_derivative),
        },
        breaks: sigmoid_or_binary_breaks,
        pitfall: None,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_saturated_sigmoid_saturates_at_its_breaks() {
        let edge = saturated_sigmoid_edge();
        assert!(saturated_sigmoid_inner(-edge).abs() < 1e-15);
        assert!((saturated_sigmoid_inner(edge) - 1.0).abs() < 1e-15);
    }

    #[test]
    fn the_clamp_ramp_is_flat_beyond_its_ends() {
        let ramp = ClampRamp::new(&[0.25f64, 4.0]);
        let [start, end] = ramp.ends();
        assert_eq!((start, end), (0.25, 0.5));
        for (x, value, slope) in [(0.2, 0.0, 0.0), (0.375, 0.5, 4.0), (0.6, 1.0, 0.0)] {
            assert_eq!(
                (ramp.value(x), ramp.derivative(x)),
                (value, slope),
                "x = {x}"
            );
        }
    }
}
