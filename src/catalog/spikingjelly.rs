//! SpikingJelly's surrogate gradients (`spikingjelly.activation_based.surrogate`,
//! 2.0.0) and the straight-through quantizers of `spikingjelly.activation_based.quantize`.
//!
//! Every spiking surrogate fires with `heaviside(x) = (x >= 0).to(x)`, the core
//! `heaviside(h0=1)`: the value at exactly 0 is 1. Those are [`Backward`]s only. The
//! quantizers and `MultiLevelSpikeCount`/`PoissonPass` have forwards of their own,
//! listed in [`FORWARDS`]; `spikingjelly_clamp` and `spikingjelly_multi_level_spike_count`
//! are also backwards (their gradient window). Each surrogate's primitive is the
//! library's `primitive_function` (or an equivalent closed form).

use super::breaks::{self, jumps_at_half_integers, kink_at_zero, plus_minus, Break, BreakKind};
use super::forwards::{one, zero};
use super::math::{
    as_float32, bit_levels, clamp, erf, indicator, inside_window, logistic, logistic_slope,
    pass_through,
};
use super::snntorch::{atan, atan_primitive};
use super::{Backward, BackwardKernels, Forward, ForwardKernels, Gradient, Group, Param};
use crate::kernel;
use crate::real::{param_array, Real};

/// `(1 - s) * s * alpha`, `s = sigmoid(x * alpha)`: `Sigmoid` (Wu et al. 2018, STBP).
fn sigmoid<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    logistic_slope(x * alpha) * alpha
}

/// `sigmoid(x * alpha)`, `Sigmoid.primitive_function`.
fn sigmoid_primitive<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    logistic(x * alpha)
}

/// `1 / (2 * alpha * (1/alpha + |x|)^2)`: `SoftSign` (Zenke & Ganguli 2018, SuperSpike).
fn soft_sign<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    let d = F::one() / alpha + x.abs();
    F::one() / (F::c(2.0) * alpha * (d * d))
}

/// `(softsign(x * alpha) + 1) / 2`, `SoftSign.primitive_function`.
fn soft_sign_primitive<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    let u = x * alpha;
    (u / (F::one() + u.abs()) + F::one()) / F::c(2.0)
}

/// `alpha / (|x| + 1)^2`: `SuperSpike` (Zenke & Ganguli 2018, SuperSpike).
fn super_spike<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    let d = x.abs() + F::one();
    alpha / (d * d)
}

/// `alpha x / (1 + |x|)`, whose derivative is [`super_spike`].
fn super_spike_primitive<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    alpha * x / (F::one() + x.abs())
}

/// `1 / (1/alpha + |x|)`: `NonzeroSignLogAbs` (cited: Yin et al. 2017; STBP; SuperSpike).
fn nonzero_sign_log_abs<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    F::one() / (F::one() / alpha + x.abs())
}

/// `sign(x) ln(alpha |x| + 1)`, `NonzeroSignLogAbs.primitive_function`.
fn nonzero_sign_log_abs_primitive<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    x.signum() * (alpha * x.abs()).ln_1p()
}

/// `exp(-(x * alpha)^2) * (alpha / sqrt(pi))`: `Erf` (Esser et al. 2015; STBP; SRNN).
fn erf_gradient<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    let u = x * alpha;
    (-(u * u)).exp() * (alpha / F::PI().sqrt())
}

/// `erfc(-alpha x) / 2 = (1 + erf(alpha x)) / 2`, `Erf.primitive_function`.
fn erf_primitive<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    (F::one() + erf(alpha * x)) / F::c(2.0)
}

/// `1/alpha`: where `PiecewiseQuadratic`'s triangle ends (its gradient is 0 beyond,
/// its primitive flat).
#[inline(always)]
fn quadratic_edge<F: Real>(alpha: F) -> F {
    F::one() / alpha
}

/// `0` if `|x| > 1/alpha`, else `-alpha^2 |x| + alpha`: `PiecewiseQuadratic` (Esser et
/// al. 2016; STBP; Bellec et al. 2018; Neftci et al. 2019).
fn piecewise_quadratic<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    let magnitude = x.abs();
    if magnitude > quadratic_edge(alpha) {
        F::zero()
    } else {
        -(alpha * alpha) * magnitude + alpha
    }
}

/// `PiecewiseQuadratic.primitive_function`: 0 below `-1/alpha`, 1 above `1/alpha`,
/// `-alpha^2/2 x^2 sign(x) + alpha x + 1/2` between.
fn piecewise_quadratic_primitive<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    let edge = quadratic_edge(alpha);
    if x > edge {
        F::one()
    } else if x < -edge {
        F::zero()
    } else {
        -(alpha * alpha) / F::c(2.0) * x * x.abs() + alpha * x + F::c(0.5)
    }
}

/// `alpha / 2 * exp(-alpha |x|)`: `PiecewiseExp` (Shrestha & Orchard 2018, SLAYER;
/// Neftci et al. 2019).
fn piecewise_exp<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    alpha / F::c(2.0) * (-alpha * x.abs()).exp()
}

/// `PiecewiseExp.primitive_function`: `exp(alpha x) / 2` below 0, `1 - exp(-alpha x) / 2`
/// from 0 up.
fn piecewise_exp_primitive<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    let half_tail = (-alpha * x.abs()).exp() / F::c(2.0);
    if x < F::zero() {
        half_tail
    } else {
        F::one() - half_tail
    }
}

/// `1 / (2w)` if `|x| < w` (strict), else `c`: `PiecewiseLeakyReLU` (Yin et al. 2017;
/// STBP; Wu et al. 2019).
fn piecewise_leaky_relu<F: Real>(x: F, &[w, c]: &[F; 2]) -> F {
    if x.abs() < w {
        F::one() / (F::c(2.0) * w)
    } else {
        c
    }
}

/// `PiecewiseLeakyReLU.primitive_function`: `c (x + w)` below `-w`, `x / (2w) + 1/2`
/// inside, `c (x - w) + 1` above `w`.
fn piecewise_leaky_relu_primitive<F: Real>(x: F, &[w, c]: &[F; 2]) -> F {
    if x < -w {
        c * (x + w)
    } else if x > w {
        c * (x - w) + F::one()
    } else {
        x / (F::c(2.0) * w) + F::c(0.5)
    }
}

/// The period `T` as the library uses it, a Python float.
#[inline(always)]
fn period_f64<F: Real>(t_period: F) -> f64 {
    t_period.to_f64().unwrap_or(f64::NAN)
}

/// The odd harmonics of the square wave: `sum_{i=1}^{n-1} term(c_i x, 2i - 1)`,
/// `c_i = (2i - 1) 2 pi / T` formed in f64 (Python floats) and rounded to the dtype.
fn odd_harmonics<F: Real>(x: F, &[n, t_period]: &[F; 2], term: impl Fn(F, F) -> F) -> F {
    let n = n.to_usize().unwrap_or(0);
    let w = std::f64::consts::PI * 2.0 / period_f64(t_period);
    let mut sum = F::zero();
    for i in 1..n {
        let order = (2 * i - 1) as f64;
        let c = F::c(order * w);
        sum = sum + term(c * x, F::c(order));
    }
    sum
}

/// `4 / T * sum_{i=1}^{n-1} cos((2i - 1) w x)`, `w = 2 pi / T`:
/// `SquarewaveFourierSeries` (n - 1 terms, as `range(1, n)`; none cited).
fn squarewave_fourier_series<F: Real>(x: F, params: &[F; 2]) -> F {
    let [_, t_period] = *params;
    odd_harmonics(x, params, |u, _| u.cos()) * F::c(4.0 / period_f64(t_period))
}

/// `1/2 + 2/pi * sum sin((2i - 1) w x) / (2i - 1)`,
/// `SquarewaveFourierSeries.primitive_function`.
fn squarewave_fourier_series_primitive<F: Real>(x: F, params: &[F; 2]) -> F {
    let sum = odd_harmonics(x, params, |u, order| u.sin() / order);
    F::c(0.5) + F::c(2.0) / F::PI() * sum
}

/// S2NN's gradient below 0: `alpha s (1 - s)`, `s = sigmoid(alpha x)`.
#[inline(always)]
fn s2nn_sigmoid_side<F: Real>(x: F, alpha: F) -> F {
    let s = logistic(alpha * x);
    alpha * s * (F::one() - s)
}

/// S2NN's gradient from 0 up: `beta / (x + 1)`.
#[inline(always)]
fn s2nn_tail<F: Real>(x: F, beta: F) -> F {
    beta / (x + F::one())
}

/// `alpha s (1 - s)`, `s = sigmoid(alpha x)`, for x < 0; `beta / (x + 1)` for x >= 0:
/// `S2NN` (Suetake et al. 2022, arXiv 2201.10879).
fn s2nn<F: Real>(x: F, &[alpha, beta]: &[F; 2]) -> F {
    if x < F::zero() {
        s2nn_sigmoid_side(x, alpha)
    } else {
        s2nn_tail(x, beta)
    }
}

/// `sigmoid(alpha x)` for x < 0, `beta ln(x + 1) + 1/2` for x >= 0 (the library's
/// `primitive_function` without its `+ 1e-5` guard).
fn s2nn_primitive<F: Real>(x: F, &[alpha, beta]: &[F; 2]) -> F {
    if x < F::zero() {
        logistic(alpha * x)
    } else {
        beta * x.ln_1p() + F::c(0.5)
    }
}

/// `(1 + 2 / (alpha - 1) * |x|)^(-alpha)`: `QPseudoSpike` (Herranz-Celotti & Rouat
/// 2022, Surrogate Gradients Design).
fn q_pseudo_spike<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    (F::one() + F::c(2.0) / (alpha - F::one()) * x.abs()).powf(-alpha)
}

/// `QPseudoSpike.primitive_function`: `H(x) - sign(x) (1 + 2|x| / (alpha - 1))^(1 - alpha) / 2`.
fn q_pseudo_spike_primitive<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    let tail =
        (F::one() + F::c(2.0) / (alpha - F::one()) * x.abs()).powf(F::one() - alpha) / F::c(2.0);
    if x < F::zero() {
        tail
    } else {
        F::one() - tail
    }
}

/// `k` if x >= 0, else `leak`: `LeakyKReLU` (cited: Yin et al. 2017; STBP; SuperSpike).
fn leaky_k_relu<F: Real>(x: F, &[leak, k]: &[F; 2]) -> F {
    if x >= F::zero() {
        k
    } else {
        leak
    }
}

/// `LeakyKReLU.primitive_function`: the gradient times x.
fn leaky_k_relu_primitive<F: Real>(x: F, &[leak, k]: &[F; 2]) -> F {
    leaky_k_relu(x, &[leak, k]) * x
}

/// `min(1 / |x|, alpha)`, the library's `clamp_max(((x >= 0) * 2 - 1) / x, alpha)`
/// (1/0 = inf is clamped to alpha): `FakeNumericalGradient` (none cited).
fn fake_numerical_gradient<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    (F::one() / x.abs()).min(alpha)
}

/// `alpha x` for `|x| <= 1/alpha`, `sign(x) (1 + ln(alpha |x|))` beyond.
fn fake_numerical_gradient_primitive<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    let scaled = alpha * x.abs();
    if scaled <= F::one() {
        alpha * x
    } else {
        x.signum() * (F::one() + scaled.ln())
    }
}

/// `alpha` if x <= 0, `1` if 0 < x <= 1, `1 / x` if x > 1: `LogTailedReLU` (Cai et al.
/// 2017, Half-wave Gaussian Quantization).
fn log_tailed_relu<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    if x > F::one() {
        F::one() / x
    } else if x <= F::zero() {
        alpha
    } else {
        F::one()
    }
}

/// `alpha x` for x <= 0, `x` up to 1, `1 + ln x` beyond.
fn log_tailed_relu_primitive<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    if x > F::one() {
        F::one() + x.ln()
    } else if x <= F::zero() {
        alpha * x
    } else {
        x
    }
}

/// `0.5 / alpha`: the half-width of `Rect`'s box, where it jumps.
#[inline(always)]
fn rect_half_width<F: Real>(alpha: F) -> F {
    F::c(0.5) / alpha
}

/// `alpha * (|x| < 0.5 / alpha)` (strict): `Rect` (none cited).
fn rect<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    alpha * indicator::<F>(x.abs() < rect_half_width(alpha))
}

/// `clamp(alpha x, -1/2, 1/2) + 1/2`, whose derivative is [`rect`].
fn rect_primitive<F: Real>(x: F, &[alpha]: &[F; 1]) -> F {
    let half = F::c(0.5);
    clamp(alpha * x, -half, half) + half
}

/// `1` if `lo <= x <= hi` (inclusive) else `0`, from the entry's two bounds: the
/// gradient window of `ClampATGF` and of `MultiLevelSpikeCount`'s `grad_window`.
fn window<F: Real>(x: F, &[lo, hi]: &[F; 2]) -> F {
    inside_window(x, lo, hi)
}

/// `clamp(x, lo, hi)`, whose derivative is [`window`].
fn window_primitive<F: Real>(x: F, &[lo, hi]: &[F; 2]) -> F {
    clamp(x, lo, hi)
}

/// `round(clamp(x, 0, max_spike_count))`, ties to even: `MultiLevelSpikeCount`'s forward.
fn multi_level_spike_count<F: Real>(x: F, &[max_spike_count]: &[F; 1]) -> F {
    clamp(x, F::zero(), max_spike_count).round_ties_even()
}

/// `x` as float32 on [0, 1], NaN outside: the expectation of `PoissonPass`'s
/// `torch.bernoulli(x).float()`, which raises outside [0, 1].
fn poisson_pass<F: Real>(x: F, _: &[F; 0]) -> F {
    if (F::zero()..=F::one()).contains(&x) {
        as_float32(x)
    } else {
        F::nan()
    }
}

/// `1` on [0, 1], NaN outside: the derivative of [`poisson_pass`]'s expectation.
fn poisson_pass_derivative<F: Real>(x: F, _: &[F; 0]) -> F {
    if (F::zero()..=F::one()).contains(&x) {
        F::one()
    } else {
        F::nan()
    }
}

/// `torch.round(x)`, ties to even: `quantize.round`.
fn round<F: Real>(x: F, _: &[F; 0]) -> F {
    x.round_ties_even()
}

/// `torch.floor(x)`: `quantize.floor`.
fn floor<F: Real>(x: F, _: &[F; 0]) -> F {
    x.floor()
}

/// `torch.ceil(x)`: `quantize.ceil`.
fn ceil<F: Real>(x: F, _: &[F; 0]) -> F {
    x.ceil()
}

/// `round(x / step) * step`, ties to even: `quantize.step_quantize` (Lava's step
/// quantizer).
fn step_quantize<F: Real>(x: F, &[step]: &[F; 1]) -> F {
    (x / step).round_ties_even() * step
}

/// `round(x * L) / L`, `L = 2^k - 1`, ties to even, no clamp:
/// `quantize.k_bit_quantize` (Zhou et al. 2016, DoReFa-Net).
fn k_bit_quantize<F: Real>(x: F, &[k]: &[F; 1]) -> F {
    let levels = F::c(bit_levels(k.to_f64().unwrap_or(f64::NAN)));
    (x * levels).round_ties_even() / levels
}

/// `clamp(x, min_value, max_value)`: `quantize.clamp`.
fn clamp_value<F: Real>(x: F, &[min_value, max_value]: &[F; 2]) -> F {
    clamp(x, min_value, max_value)
}

fn piecewise_quadratic_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    let [alpha] = param_array(p);
    let edge = quadratic_edge(alpha);
    breaks::at(
        &[
            (-edge, BreakKind::Kink),
            (0.0, BreakKind::Kink),
            (edge, BreakKind::Kink),
        ],
        from,
        to,
    )
}

fn piecewise_leaky_relu_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    let [w, _c] = param_array(p);
    plus_minus(w, BreakKind::Jump, from, to)
}

fn s2nn_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    let [alpha, beta] = param_array(p);
    let continuous = s2nn_sigmoid_side(0.0, alpha) == s2nn_tail(0.0, beta);
    let kind = if continuous {
        BreakKind::Kink
    } else {
        BreakKind::Jump
    };
    breaks::at(&[(0.0, kind)], from, to)
}

fn leaky_k_relu_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    let [leak, k] = param_array(p);
    if leak == k {
        Vec::new()
    } else {
        breaks::at(&[(0.0, BreakKind::Jump)], from, to)
    }
}

fn fake_numerical_gradient_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    let [alpha] = param_array(p);
    plus_minus(1.0 / alpha, BreakKind::Kink, from, to)
}

fn log_tailed_relu_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    let [alpha] = param_array(p);
    let mut points = vec![(1.0, BreakKind::Kink)];
    if alpha != 1.0 {
        points.push((0.0, BreakKind::Jump));
    }
    breaks::at(&points, from, to)
}

fn rect_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    let [alpha] = param_array(p);
    plus_minus(rect_half_width(alpha), BreakKind::Jump, from, to)
}

fn multi_level_spike_count_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    let [max_spike_count] = param_array(p);
    let steps = max_spike_count.max(0.0) as usize;
    let points: Vec<(f64, BreakKind)> = (0..steps)
        .map(|k| (k as f64 + 0.5, BreakKind::Jump))
        .collect();
    breaks::at(&points, from, to)
}

fn jumps_at_integers(_: &[f64], from: f64, to: f64) -> Vec<Break> {
    breaks::periodic(0.0, 1.0, BreakKind::Jump, from, to)
}

fn step_quantize_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    let [step] = param_array(p);
    breaks::periodic(0.5 * step, step, BreakKind::Jump, from, to)
}

fn k_bit_quantize_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    let [k] = param_array(p);
    let step = 1.0 / bit_levels(k);
    breaks::periodic(0.5 * step, step, BreakKind::Jump, from, to)
}

/// The ends of [`window`]'s two bounds, each of `kind`: jumps of the window, kinks of
/// the clamp.
fn window_ends(p: &[f64], kind: BreakKind, from: f64, to: f64) -> Vec<Break> {
    let [lo, hi] = param_array(p);
    breaks::at(&[(lo, kind), (hi, kind)], from, to)
}

fn window_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    window_ends(p, BreakKind::Jump, from, to)
}

fn clamp_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    window_ends(p, BreakKind::Kink, from, to)
}

const MIN_VALUE: Param = Param::real("min_value", 0.0, -5.0, 5.0, "lower clamp bound");
const MAX_VALUE: Param = Param::real("max_value", 1.0, -5.0, 5.0, "upper clamp bound");

/// An `alpha` parameter with its library default and slider range.
const fn alpha(default: f64, min: f64, max: f64) -> Param {
    Param::real("alpha", default, min, max, "sharpness: larger is narrower")
}

/// SpikingJelly's spiking surrogates (paired with `heaviside(h0=1)`) and the gradient
/// windows of its clamp and multi-level spike count.
pub(super) const BACKWARDS: &[Backward] = &[
    Backward {
        id: "spikingjelly_sigmoid",
        group: Group::Spikingjelly,
        params: &[alpha(4.0, 0.1, 20.0)],
        description: "SpikingJelly's default surrogate: the derivative of sigmoid(alpha x), peak alpha/4. SpikingJelly spikes with x >= 0, so pair it with heaviside(h0=1) (value at 0 is 1).",
        formula: "alpha s (1 - s), s = sigmoid(alpha x)",
        source: "spikingjelly.activation_based.surrogate.Sigmoid(alpha); Wu et al. 2018, STBP",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(sigmoid)),
            primitive: Some(kernel!(sigmoid_primitive)),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Backward {
        id: "spikingjelly_soft_sign",
        group: Group::Spikingjelly,
        params: &[alpha(2.0, 0.1, 20.0)],
        description: "SpikingJelly's soft-sign surrogate, the derivative of (softsign(alpha x) + 1) / 2: peak alpha/2, 1/x^2 tails.",
        formula: "1 / (2 alpha (1/alpha + |x|)^2)",
        source: "spikingjelly.activation_based.surrogate.SoftSign(alpha); Zenke & Ganguli 2018, SuperSpike",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(soft_sign)),
            primitive: Some(kernel!(soft_sign_primitive)),
        },
        breaks: kink_at_zero,
        pitfall: None,
    },
    Backward {
        id: "spikingjelly_super_spike",
        group: Group::Spikingjelly,
        params: &[alpha(1.0, 0.1, 10.0)],
        description: "SpikingJelly's SuperSpike surrogate: alpha scales the height only (peak alpha), the width is fixed at 1.",
        formula: "alpha / (|x| + 1)^2",
        source: "spikingjelly.activation_based.surrogate.SuperSpike(alpha); Zenke & Ganguli 2018, SuperSpike",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(super_spike)),
            primitive: Some(kernel!(super_spike_primitive)),
        },
        breaks: kink_at_zero,
        pitfall: None,
    },
    Backward {
        id: "spikingjelly_atan",
        group: Group::Spikingjelly,
        params: &[alpha(2.0, 0.1, 20.0)],
        description: "SpikingJelly's arctan surrogate, peak alpha/2: the same values as snntorch_atan; only the forward's value at 0 differs (1 here).",
        formula: "a / (1 + (pi a x)^2), a = alpha / 2",
        source: "spikingjelly.activation_based.surrogate.ATan(alpha); Fang et al. 2021 (PLIF)",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(atan)),
            primitive: Some(kernel!(atan_primitive)),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Backward {
        id: "spikingjelly_nonzero_sign_log_abs",
        group: Group::Spikingjelly,
        params: &[alpha(1.0, 0.1, 10.0)],
        description: "SpikingJelly's NonzeroSignLogAbs surrogate: peak alpha, 1/|x| tails so heavy that its primitive sign(x) ln(alpha |x| + 1) never saturates.",
        formula: "1 / (1/alpha + |x|)",
        source: "spikingjelly.activation_based.surrogate.NonzeroSignLogAbs(alpha)",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(nonzero_sign_log_abs)),
            primitive: Some(kernel!(nonzero_sign_log_abs_primitive)),
        },
        breaks: kink_at_zero,
        pitfall: None,
    },
    Backward {
        id: "spikingjelly_erf",
        group: Group::Spikingjelly,
        params: &[alpha(2.0, 0.1, 20.0)],
        description: "SpikingJelly's Gaussian surrogate, the derivative of erfc(-alpha x) / 2: peak alpha / sqrt(pi).",
        formula: "exp(-(alpha x)^2) alpha / sqrt(pi)",
        source: "spikingjelly.activation_based.surrogate.Erf(alpha); Esser et al. 2015; STBP; Yin et al. 2021",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(erf_gradient)),
            primitive: Some(kernel!(erf_primitive)),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Backward {
        id: "spikingjelly_piecewise_quadratic",
        group: Group::Spikingjelly,
        params: &[alpha(1.0, 0.1, 10.0)],
        description: "SpikingJelly's piecewise quadratic surrogate: a triangle of height alpha and half-width 1/alpha (zero where |x| > 1/alpha).",
        formula: "0 if |x| > 1/alpha, else alpha - alpha^2 |x|",
        source: "spikingjelly.activation_based.surrogate.PiecewiseQuadratic(alpha); Esser et al. 2016; STBP; Bellec et al. 2018",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(piecewise_quadratic)),
            primitive: Some(kernel!(piecewise_quadratic_primitive)),
        },
        breaks: piecewise_quadratic_breaks,
        pitfall: None,
    },
    Backward {
        id: "spikingjelly_piecewise_exp",
        group: Group::Spikingjelly,
        params: &[alpha(1.0, 0.1, 10.0)],
        description: "SpikingJelly's Laplace surrogate: peak alpha/2, exponential tails.",
        formula: "alpha / 2 exp(-alpha |x|)",
        source: "spikingjelly.activation_based.surrogate.PiecewiseExp(alpha); Shrestha & Orchard 2018, SLAYER",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(piecewise_exp)),
            primitive: Some(kernel!(piecewise_exp_primitive)),
        },
        breaks: kink_at_zero,
        pitfall: None,
    },
    Backward {
        id: "spikingjelly_piecewise_leaky_relu",
        group: Group::Spikingjelly,
        params: &[
            Param::real("w", 1.0, 0.05, 5.0, "half-width of the box"),
            Param::real("c", 0.01, 0.0, 1.0, "gradient outside the box"),
        ],
        description: "SpikingJelly's piecewise leaky ReLU surrogate: a box of height 1/(2w) for |x| < w (strict), a small constant c outside.",
        formula: "1 / (2w) if |x| < w, else c",
        source: "spikingjelly.activation_based.surrogate.PiecewiseLeakyReLU(w, c); Yin et al. 2017; STBP; Wu et al. 2019",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(piecewise_leaky_relu)),
            primitive: Some(kernel!(piecewise_leaky_relu_primitive)),
        },
        breaks: piecewise_leaky_relu_breaks,
        pitfall: None,
    },
    Backward {
        id: "spikingjelly_squarewave_fourier_series",
        group: Group::Spikingjelly,
        params: &[
            Param::integer("n", 2.0, 1.0, 50.0, "n - 1 odd harmonics are summed (range(1, n))"),
            Param::real("t_period", 8.0, 0.5, 20.0, "period T of the square wave"),
        ],
        description: "SpikingJelly's Fourier-series surrogate: the derivative of a truncated square-wave series, periodic in x. Only n - 1 terms are summed, so n = 1 gives 0 everywhere.",
        formula: "4/T sum_{i=1}^{n-1} cos((2i - 1) w x), w = 2 pi / T",
        source: "spikingjelly.activation_based.surrogate.SquarewaveFourierSeries(n, T_period)",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(squarewave_fourier_series)),
            primitive: Some(kernel!(squarewave_fourier_series_primitive)),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Backward {
        id: "spikingjelly_s2nn",
        group: Group::Spikingjelly,
        params: &[
            alpha(4.0, 0.1, 20.0),
            Param::real("beta", 1.0, 0.0, 5.0, "scale of the 1/(x + 1) tail for x >= 0"),
        ],
        description: "SpikingJelly's S2NN surrogate, asymmetric: a sigmoid derivative below 0 and a slow beta/(x + 1) tail from 0 up (g(0) = beta).",
        formula: "alpha s (1 - s), s = sigmoid(alpha x), for x < 0; beta / (x + 1) for x >= 0",
        source: "spikingjelly.activation_based.surrogate.S2NN(alpha, beta); Suetake et al. 2022, arXiv 2201.10879",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(s2nn)),
            primitive: Some(kernel!(s2nn_primitive)),
        },
        breaks: s2nn_breaks,
        pitfall: None,
    },
    Backward {
        id: "spikingjelly_q_pseudo_spike",
        group: Group::Spikingjelly,
        params: &[Param::real("alpha", 2.0, 1.01, 10.0, "tail fatness q: smaller is heavier (must exceed 1)")],
        description: "SpikingJelly's q-PseudoSpike surrogate: peak 1, with alpha setting how heavy the power-law tails are.",
        formula: "(1 + 2 |x| / (alpha - 1))^(-alpha)",
        source: "spikingjelly.activation_based.surrogate.QPseudoSpike(alpha); Herranz-Celotti & Rouat 2022",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(q_pseudo_spike)),
            primitive: Some(kernel!(q_pseudo_spike_primitive)),
        },
        breaks: kink_at_zero,
        pitfall: None,
    },
    Backward {
        id: "spikingjelly_leaky_k_relu",
        group: Group::Spikingjelly,
        params: &[
            Param::real("leak", 0.0, 0.0, 1.0, "gradient below 0"),
            Param::real("k", 1.0, 0.0, 5.0, "gradient at and above 0"),
        ],
        description: "SpikingJelly's leaky k-ReLU surrogate: k at and above 0, leak below, the gradient of a leaky ReLU.",
        formula: "k if x >= 0, else leak",
        source: "spikingjelly.activation_based.surrogate.LeakyKReLU(leak, k)",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(leaky_k_relu)),
            primitive: Some(kernel!(leaky_k_relu_primitive)),
        },
        breaks: leaky_k_relu_breaks,
        pitfall: None,
    },
    Backward {
        id: "spikingjelly_fake_numerical_gradient",
        group: Group::Spikingjelly,
        params: &[Param::real("alpha", 0.3, 0.01, 10.0, "the cap on 1/|x|")],
        description: "SpikingJelly's fake numerical gradient: the secant slope 1/|x| of a spike at 0, capped at alpha (so 1/0 becomes alpha).",
        formula: "min(1 / |x|, alpha)",
        source: "spikingjelly.activation_based.surrogate.FakeNumericalGradient(alpha)",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(fake_numerical_gradient)),
            primitive: Some(kernel!(fake_numerical_gradient_primitive)),
        },
        breaks: fake_numerical_gradient_breaks,
        pitfall: None,
    },
    Backward {
        id: "spikingjelly_log_tailed_relu",
        group: Group::Spikingjelly,
        params: &[Param::real("alpha", 0.0, 0.0, 1.0, "gradient at and below 0")],
        description: "SpikingJelly's log-tailed ReLU surrogate: alpha at and below 0, 1 up to x = 1, then 1/x.",
        formula: "alpha if x <= 0; 1 if 0 < x <= 1; 1/x if x > 1",
        source: "spikingjelly.activation_based.surrogate.LogTailedReLU(alpha); Cai et al. 2017, Half-wave Gaussian Quantization",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(log_tailed_relu)),
            primitive: Some(kernel!(log_tailed_relu_primitive)),
        },
        breaks: log_tailed_relu_breaks,
        pitfall: None,
    },
    Backward {
        id: "spikingjelly_deterministic_pass",
        group: Group::Spikingjelly,
        params: &[],
        description: "SpikingJelly's deterministic pass: the gradient passes unchanged (as the core identity).",
        formula: "1",
        source: "spikingjelly.activation_based.surrogate.DeterministicPass()",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(one)),
            primitive: Some(kernel!(pass_through)),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Backward {
        id: "spikingjelly_rect",
        group: Group::Spikingjelly,
        params: &[alpha(1.0, 0.1, 10.0)],
        description: "SpikingJelly's rectangular surrogate: height alpha on |x| < 0.5/alpha (strict), so its area is 1.",
        formula: "alpha if |x| < 0.5 / alpha, else 0",
        source: "spikingjelly.activation_based.surrogate.Rect(alpha)",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(rect)),
            primitive: Some(kernel!(rect_primitive)),
        },
        breaks: rect_breaks,
        pitfall: None,
    },
    Backward {
        id: "spikingjelly_multi_level_spike_count",
        group: Group::Spikingjelly,
        params: &[
            Param::real("grad_min", 0.0, -16.0, 16.0, "lower end of grad_window (inclusive)"),
            Param::real("grad_max", 2.0, -16.0, 16.0, "upper end of grad_window (inclusive); the library defaults it to max_spike_count"),
        ],
        description: "The multi-level spike count's straight-through window: 1 on grad_min <= x <= grad_max (both ends inclusive), else 0.",
        formula: "1 if grad_min <= x <= grad_max else 0",
        source: "spikingjelly.activation_based.surrogate.MultiLevelSpikeCount(max_spike_count, grad_window)",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(window)),
            primitive: Some(kernel!(window_primitive)),
        },
        breaks: window_breaks,
        pitfall: None,
    },
    Backward {
        id: "spikingjelly_clamp",
        group: Group::Spikingjelly,
        params: &[MIN_VALUE, MAX_VALUE],
        description: "The clamp's own gradient: 1 on min_value <= x <= max_value (both bounds inclusive), else 0.",
        formula: "1 if min_value <= x <= max_value else 0",
        source: "spikingjelly.activation_based.quantize.clamp(x, min_value, max_value) (ClampATGF)",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(window)),
            primitive: Some(kernel!(window_primitive)),
        },
        breaks: window_breaks,
        pitfall: None,
    },
];

/// SpikingJelly's forwards: the multi-level spike count, the Poisson pass and the
/// straight-through quantizers of `quantize` (pair them with `identity`).
pub(super) const FORWARDS: &[Forward] = &[
    Forward {
        id: "spikingjelly_multi_level_spike_count",
        group: Group::Spikingjelly,
        params: &[Param::integer("max_spike_count", 2.0, 1.0, 16.0, "the largest spike count (required by the library)")],
        description: "SpikingJelly's multi-level spike: the input clamped to [0, max_spike_count] and rounded, ties to even (0.5 -> 0, 1.5 -> 2).",
        formula: "round(clamp(x, 0, max_spike_count))",
        source: "spikingjelly.activation_based.surrogate.MultiLevelSpikeCount(max_spike_count)",
        kernels: ForwardKernels {
            value: kernel!(multi_level_spike_count),
            derivative: kernel!(zero),
        },
        breaks: multi_level_spike_count_breaks,
        pitfall: None,
    },
    Forward {
        id: "spikingjelly_poisson_pass",
        group: Group::Spikingjelly,
        params: &[],
        description: "SpikingJelly's Poisson pass fires with probability x (torch.bernoulli); shown is its expectation x, as float32 like the library's .float(). Only 0 <= x <= 1 is allowed.",
        formula: "E[bernoulli(x)] = x on [0, 1]",
        source: "spikingjelly.activation_based.surrogate.PoissonPass() (bernoulli replaced by its mean)",
        kernels: ForwardKernels {
            value: kernel!(poisson_pass),
            derivative: kernel!(poisson_pass_derivative),
        },
        breaks: breaks::none,
        pitfall: Some("torch.bernoulli(x) raises outside [0, 1]: undefined there, shown as NaN"),
    },
    Forward {
        id: "spikingjelly_round",
        group: Group::Spikingjelly,
        params: &[],
        description: "SpikingJelly's straight-through round: torch.round, ties to even (same values as the core round); pair with identity.",
        formula: "nearest integer, ties to even",
        source: "spikingjelly.activation_based.quantize.round (RoundATGF)",
        kernels: ForwardKernels {
            value: kernel!(round),
            derivative: kernel!(zero),
        },
        breaks: jumps_at_half_integers,
        pitfall: None,
    },
    Forward {
        id: "spikingjelly_floor",
        group: Group::Spikingjelly,
        params: &[],
        description: "SpikingJelly's straight-through floor; pair with identity.",
        formula: "floor(x)",
        source: "spikingjelly.activation_based.quantize.floor (FloorATGF)",
        kernels: ForwardKernels {
            value: kernel!(floor),
            derivative: kernel!(zero),
        },
        breaks: jumps_at_integers,
        pitfall: None,
    },
    Forward {
        id: "spikingjelly_ceil",
        group: Group::Spikingjelly,
        params: &[],
        description: "SpikingJelly's straight-through ceil; pair with identity.",
        formula: "ceil(x)",
        source: "spikingjelly.activation_based.quantize.ceil (CeilATGF)",
        kernels: ForwardKernels {
            value: kernel!(ceil),
            derivative: kernel!(zero),
        },
        breaks: jumps_at_integers,
        pitfall: None,
    },
    Forward {
        id: "spikingjelly_step_quantize",
        group: Group::Spikingjelly,
        params: &[Param::real("step", 1.0, 0.05, 2.0, "the quantization step")],
        description: "SpikingJelly's step quantizer: the nearest multiple of step, ties to even; pair with identity.",
        formula: "round(x / step) * step",
        source: "spikingjelly.activation_based.quantize.step_quantize(x, step) (Lava's step quantizer)",
        kernels: ForwardKernels {
            value: kernel!(step_quantize),
            derivative: kernel!(zero),
        },
        breaks: step_quantize_breaks,
        pitfall: None,
    },
    Forward {
        id: "spikingjelly_k_bit_quantize",
        group: Group::Spikingjelly,
        params: &[Param::integer("k", 2.0, 1.0, 8.0, "bits (required by the library)")],
        description: "SpikingJelly's k-bit quantizer: 2^k levels on [0, 1], ties to even, with no clamp (values outside [0, 1] keep stepping).",
        formula: "round(x L) / L, L = 2^k - 1",
        source: "spikingjelly.activation_based.quantize.k_bit_quantize(x, k); Zhou et al. 2016, DoReFa-Net",
        kernels: ForwardKernels {
            value: kernel!(k_bit_quantize),
            derivative: kernel!(zero),
        },
        breaks: k_bit_quantize_breaks,
        pitfall: None,
    },
    Forward {
        id: "spikingjelly_clamp",
        group: Group::Spikingjelly,
        params: &[MIN_VALUE, MAX_VALUE],
        description: "SpikingJelly's clamp; its gradient passes on min_value <= x <= max_value, bounds included.",
        formula: "clamp(x, min_value, max_value)",
        source: "spikingjelly.activation_based.quantize.clamp(x, min_value, max_value) (ClampATGF)",
        kernels: ForwardKernels {
            value: kernel!(clamp_value),
            derivative: kernel!(window),
        },
        breaks: clamp_breaks,
        pitfall: None,
    },
];
