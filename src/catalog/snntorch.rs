//! snnTorch's surrogate gradients (`snntorch.surrogate`, 1.0.0).
//!
//! Every snnTorch surrogate spikes with `(x > 0).float()`, the core
//! `heaviside(h0=0)`: the value at exactly 0 is 0. Only the backward differs, so each
//! entry here is a [`Backward`]; the neuron subtracts its threshold (1.0) before
//! calling it, so every gradient is centred at 0 except `snntorch_spike_rate_escape`
//! (centred at 1) and `snntorch_sfs` (zero for x <= b).

use super::breaks::{self, jump_at_zero, kink_at_zero, Break, BreakKind};
use super::forwards::one;
use super::math::{logistic, pass_through};
use super::{Backward, BackwardKernels, Gradient, Group, Param};
use crate::kernel;
use crate::real::{param_array, Real};

/// `alpha / 2 / (1 + (pi/2 * alpha * x)^2)`: `ATan.backward`, from Fang et al. 2021,
/// "Incorporating learnable membrane time constants" (ICCV).
pub(super) fn atan<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    let two = F::c(2.0);
    let u = F::FRAC_PI_2() * alpha * x;
    alpha / two / (F::one() + u * u)
}

/// `atan(pi/2 * alpha * x) / pi + 1/2`, whose derivative is [`atan`].
pub(super) fn atan_primitive<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    (F::FRAC_PI_2() * alpha * x).atan() / F::PI() + F::c(0.5)
}

/// `slope * e / (e + 1)^2`, `e = exp(-slope * x)`, left to right as
/// `Sigmoid.backward` writes it: NaN once `slope * e` overflows (Zenke & Ganguli 2018,
/// SuperSpike).
fn sigmoid<F: Real>(x: F, &[slope]: &[F; 1]) -> F {
    let e = (-slope * x).exp();
    let denominator = e + F::one();
    slope * e / (denominator * denominator)
}

/// `sigmoid(slope * x)`, whose derivative is [`sigmoid`] (where that is not NaN).
fn sigmoid_primitive<F: Real>(x: F, &[slope]: &[F; 1]) -> F {
    logistic(slope * x)
}

/// `1 / (slope * |x| + 1)^2`: `FastSigmoid.backward` (Zenke & Ganguli 2018, SuperSpike).
fn fast_sigmoid<F: Real>(x: F, &[slope]: &[F; 1]) -> F {
    let d = slope * x.abs() + F::one();
    F::one() / (d * d)
}

/// `x / (1 + slope * |x|)`, the fast sigmoid, whose derivative is [`fast_sigmoid`].
fn fast_sigmoid_primitive<F: Real>(x: F, &[slope]: &[F; 1]) -> F {
    x / (F::one() + slope * x.abs())
}

/// `threshold` for x < 0, `-threshold` for x >= 0: `Triangular.backward`
/// (`grad = threshold * dy; grad[x >= 0] = -grad[x >= 0]`), no paper cited.
fn triangular<F: Real>(x: F, &[threshold]: &[F; 1]) -> F {
    if x >= F::zero() {
        -threshold
    } else {
        threshold
    }
}

/// `-threshold * |x|`, whose derivative is [`triangular`].
fn triangular_primitive<F: Real>(x: F, &[threshold]: &[F; 1]) -> F {
    -threshold * x.abs()
}

/// Where the escape-noise surrogate peaks (and kinks): snnTorch's threshold 1, which
/// `SpikeRateEscape` keeps instead of centring at 0.
const ESCAPE_PEAK: f64 = 1.0;

/// `slope * exp(-beta * |x - 1|)`: `SpikeRateEscape.backward` (Gerstner & Kistler
/// 2002, escape noise), peaked at x = 1.
fn spike_rate_escape<F: Real>(x: F, &[beta, slope]: &[F; 2]) -> F {
    slope * (-beta * (x - F::c(ESCAPE_PEAK)).abs()).exp()
}

/// `slope / beta * sign(x - 1) * (1 - exp(-beta |x - 1|))`, whose derivative is
/// [`spike_rate_escape`].
fn spike_rate_escape_primitive<F: Real>(x: F, &[beta, slope]: &[F; 2]) -> F {
    let d = x - F::c(ESCAPE_PEAK);
    slope / beta * d.signum() * (F::one() - (-beta * d.abs()).exp())
}

/// `1 / (slope * |x| + 1)^2 * (x > b)`: `SparseFastSigmoid.backward`
/// (Perez-Nieves & Goodman 2021, Sparse Spiking Gradient Descent).
fn sfs<F: Real>(x: F, &[slope, b]: &[F; 2]) -> F {
    if x > b {
        fast_sigmoid(x, &[slope])
    } else {
        F::zero()
    }
}

/// `s(max(x, b)) - s(b)`, `s` the fast sigmoid: the primitive of [`sfs`].
fn sfs_primitive<F: Real>(x: F, &[slope, b]: &[F; 2]) -> F {
    fast_sigmoid_primitive(x.max(b), &[slope]) - fast_sigmoid_primitive(b, &[slope])
}

/// `1` if x > 0, else `below`: the spike operators' shape (`out + (1 - out) * below`).
#[inline(always)]
fn spike_operator<F: Real>(x: F, below: F) -> F {
    if x > F::zero() {
        F::one()
    } else {
        below
    }
}

/// The primitive of [`spike_operator`]: `x` for x > 0, `below * x` below.
#[inline(always)]
fn spike_operator_primitive<F: Real>(x: F, below: F) -> F {
    if x > F::zero() {
        x
    } else {
        below * x
    }
}

/// `1` if x > 0 else `0`: `Heaviside.backward` multiplies by the forward's output.
fn heaviside<F: Real>(x: F, _: &[F; 0]) -> F {
    spike_operator(x, F::zero())
}

/// `max(x, 0)`, whose derivative is [`heaviside`].
fn heaviside_primitive<F: Real>(x: F, _: &[F; 0]) -> F {
    spike_operator_primitive(x, F::zero())
}

/// Where a spike operator's gradient jumps: at 0, unless `below` is 1 (no jump).
fn spike_operator_breaks(below: f64, from: f64, to: f64) -> Vec<Break> {
    if below == 1.0 {
        Vec::new()
    } else {
        breaks::at(&[(0.0, BreakKind::Jump)], from, to)
    }
}

/// The stochastic spike operator's sub-threshold gradient for one draw `u`, from its
/// parameters `mean`, `variance`, `u`: `(u - 0.5 + mean) * variance`.
#[inline(always)]
fn sso_below<F: Real>(&[mean, variance, u]: &[F; 3]) -> F {
    (u - F::c(0.5) + mean) * variance
}

/// `1` if x > 0 else `(u - 0.5 + mean) * variance`: `StochasticSpikeOperator.backward`
/// with its `torch.rand_like` draw fixed at `u` (0.5 gives the expectation).
fn sso<F: Real>(x: F, params: &[F; 3]) -> F {
    spike_operator(x, sso_below(params))
}

/// The primitive of [`sso`].
fn sso_primitive<F: Real>(x: F, params: &[F; 3]) -> F {
    spike_operator_primitive(x, sso_below(params))
}

/// `1` if x > 0 else `slope`: the documented `LeakySpikeOperator` gradient (the
/// library's own `LSO()` is broken in 1.0.0).
fn lso<F: Real>(x: F, &[slope]: &[F; 1]) -> F {
    spike_operator(x, slope)
}

/// The primitive of [`lso`], a leaky ReLU.
fn lso_primitive<F: Real>(x: F, &[slope]: &[F; 1]) -> F {
    spike_operator_primitive(x, slope)
}

fn triangular_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    let [threshold] = param_array(p);
    if threshold == 0.0 {
        Vec::new()
    } else {
        jump_at_zero(p, from, to)
    }
}

fn spike_rate_escape_breaks(_: &[f64], from: f64, to: f64) -> Vec<Break> {
    breaks::at(&[(ESCAPE_PEAK, BreakKind::Kink)], from, to)
}

fn sfs_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    let [_slope, b] = param_array(p);
    let mut points = vec![(b, BreakKind::Jump)];
    if b < 0.0 {
        points.push((0.0, BreakKind::Kink));
    }
    breaks::at(&points, from, to)
}

fn sso_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    spike_operator_breaks(sso_below(&param_array(p)), from, to)
}

fn lso_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    let [slope] = param_array(p);
    spike_operator_breaks(slope, from, to)
}

const ALPHA: Param = Param::real(
    "alpha",
    2.0,
    0.1,
    20.0,
    "sharpness: peak alpha/2, width ~1/alpha",
);
const SLOPE: Param = Param::real("slope", 25.0, 0.1, 100.0, "steepness k of the sigmoid");

/// snnTorch's surrogates, in the order of `snntorch.surrogate`'s documentation.
pub(super) const BACKWARDS: &[Backward] = &[
    Backward {
        id: "snntorch_atan",
        group: Group::Snntorch,
        params: &[ALPHA],
        description: "snnTorch's arctan surrogate, peak alpha/2 at 0; pairs with heaviside(h0=0), since snnTorch spikes with x > 0 (value at 0 is 0).",
        formula: "alpha / 2 / (1 + (pi/2 alpha x)^2)",
        source: "snntorch.surrogate.atan(alpha) (ATan); Fang et al. 2021, ICCV",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(atan)),
            primitive: Some(kernel!(atan_primitive)),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Backward {
        id: "snntorch_sigmoid",
        group: Group::Snntorch,
        params: &[SLOPE],
        description: "snnTorch's sigmoid surrogate (peak slope/4), computed as the library writes it: NaN far below 0 once slope * exp(-slope x) overflows (x < -3.42 in f32 at slope 25).",
        formula: "slope e / (e + 1)^2, e = exp(-slope x)",
        source: "snntorch.surrogate.sigmoid(slope) (Sigmoid); Zenke & Ganguli 2018, SuperSpike",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(sigmoid)),
            primitive: Some(kernel!(sigmoid_primitive)),
        },
        breaks: breaks::none,
        pitfall: Some("slope * exp(-slope x) overflows to inf for very negative x, and inf / inf is NaN"),
    },
    Backward {
        id: "snntorch_fast_sigmoid",
        group: Group::Snntorch,
        params: &[SLOPE],
        description: "snnTorch's fast sigmoid surrogate: peak 1 at 0 whatever the slope (slope only inside), heavy 1/x^2 tails.",
        formula: "1 / (slope |x| + 1)^2",
        source: "snntorch.surrogate.fast_sigmoid(slope) (FastSigmoid); Zenke & Ganguli 2018, SuperSpike",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(fast_sigmoid)),
            primitive: Some(kernel!(fast_sigmoid_primitive)),
        },
        breaks: kink_at_zero,
        pitfall: None,
    },
    Backward {
        id: "snntorch_triangular",
        group: Group::Snntorch,
        params: &[Param::real("threshold", 1.0, 0.0, 5.0, "the gradient's magnitude")],
        description: "snnTorch's 'triangular' surrogate is not a triangle: +threshold below 0 and -threshold from 0 up, so the gradient changes sign at the spike.",
        formula: "threshold if x < 0, -threshold if x >= 0",
        source: "snntorch.surrogate.triangular(threshold) (Triangular); no paper cited",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(triangular)),
            primitive: Some(kernel!(triangular_primitive)),
        },
        breaks: triangular_breaks,
        pitfall: None,
    },
    Backward {
        id: "snntorch_straight_through_estimator",
        group: Group::Snntorch,
        params: &[],
        description: "snnTorch's straight-through estimator: the gradient passes unchanged (as the core identity).",
        formula: "1",
        source: "snntorch.surrogate.straight_through_estimator() (StraightThroughEstimator); Bengio et al. 2013",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(one)),
            primitive: Some(kernel!(pass_through)),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Backward {
        id: "snntorch_spike_rate_escape",
        group: Group::Snntorch,
        params: &[
            Param::real("beta", 1.0, 0.1, 10.0, "decay rate away from x = 1"),
            Param::real("slope", 25.0, 0.1, 100.0, "peak height"),
        ],
        description: "snnTorch's escape-noise surrogate, a Laplace bump of height slope centred at x = 1, not at 0 like the others.",
        formula: "slope exp(-beta |x - 1|)",
        source: "snntorch.surrogate.spike_rate_escape(beta, slope) (SpikeRateEscape); Gerstner & Kistler 2002",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(spike_rate_escape)),
            primitive: Some(kernel!(spike_rate_escape_primitive)),
        },
        breaks: spike_rate_escape_breaks,
        pitfall: None,
    },
    Backward {
        id: "snntorch_sfs",
        group: Group::Snntorch,
        params: &[
            SLOPE,
            Param::real("b", 1.0, -3.0, 3.0, "sparsity threshold B: no gradient for x <= b"),
        ],
        description: "snnTorch's sparse fast sigmoid: the fast sigmoid cut to zero for x <= b (strict), so with the default b = 1 only x > 1 gets a gradient.",
        formula: "1 / (slope |x| + 1)^2 if x > b, else 0",
        source: "snntorch.surrogate.SFS(slope, B) (SparseFastSigmoid); Perez-Nieves & Goodman 2021",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(sfs)),
            primitive: Some(kernel!(sfs_primitive)),
        },
        breaks: sfs_breaks,
        pitfall: None,
    },
    Backward {
        id: "snntorch_heaviside",
        group: Group::Snntorch,
        params: &[],
        description: "snnTorch's heaviside surrogate: the gradient is the spike itself, 1 for x > 0 and 0 at and below 0.",
        formula: "1 if x > 0 else 0",
        source: "snntorch.surrogate.heaviside() (Heaviside)",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(heaviside)),
            primitive: Some(kernel!(heaviside_primitive)),
        },
        breaks: jump_at_zero,
        pitfall: None,
    },
    Backward {
        id: "snntorch_sso",
        group: Group::Snntorch,
        params: &[
            Param::real("mean", 0.0, -1.0, 1.0, "mean added to the noise"),
            Param::real("variance", 0.2, 0.0, 2.0, "scale of the noise"),
            Param::real("u", 0.5, 0.0, 1.0, "the uniform draw; 0.5 shows the expectation"),
        ],
        description: "snnTorch's stochastic spike operator: 1 above 0, random noise (u - 0.5 + mean) variance at and below 0, redrawn every backward; u = 0.5 shows the expected value mean * variance.",
        formula: "1 if x > 0 else (u - 0.5 + mean) variance, u ~ U[0, 1)",
        source: "snntorch.surrogate.SSO(mean, variance) (StochasticSpikeOperator), torch.rand_like fixed at u",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(sso)),
            primitive: Some(kernel!(sso_primitive)),
        },
        breaks: sso_breaks,
        pitfall: None,
    },
    Backward {
        id: "snntorch_lso",
        group: Group::Snntorch,
        params: &[Param::real("slope", 0.1, 0.0, 1.0, "the gradient at and below 0")],
        description: "snnTorch's leaky spike operator as documented (1 above 0, slope below, a leaky ReLU's gradient). The library's own LSO() is broken in 1.0.0 and raises, so this is the documented formula, not a measured one.",
        formula: "1 if x > 0 else slope",
        source: "snntorch.surrogate.LSO(slope) / LeakySpikeOperator, documented formula (broken in 1.0.0)",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(lso)),
            primitive: Some(kernel!(lso_primitive)),
        },
        breaks: lso_breaks,
        pitfall: None,
    },
];
