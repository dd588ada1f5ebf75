//! Larq's quantizers (`larq.quantizers`, 0.14.0, TensorFlow).
//!
//! Larq's binary quantizers use `larq.math.sign(x) = sign(sign(x) + 0.1)`, the core
//! `sign(s0=1)`: never 0, +1 at exactly 0. `ste_heaviside` uses `sign(relu(x))`, the
//! core `heaviside(h0=0)`. Their backwards are the [`Backward`]s here; most share
//! `_clipped_gradient`, which passes `dy` where `|x| <= clip_value` (inclusive). The
//! ternary, magnitude-aware, DoReFa and no-op quantizers have forwards of their own.

use super::breaks::{self, kink_at_zero, plus_minus, Break, BreakKind};
use super::forwards::{one, zero};
use super::math::{bit_levels, clamp, inside_window, logistic, pass_through, sign_or_zero};
use super::{Backward, BackwardKernels, Forward, ForwardKernels, Gradient, Group, Param};
use crate::kernel;
use crate::real::{param_array, Real};

/// `1` if `|x| <= clip_value` else `0`: Larq's `_clipped_gradient`, the backward of
/// `ste_sign` (Courbariaux et al. 2016, Binarized Neural Networks), `ste_heaviside`
/// and `ste_tern`.
fn clipped<F: Real>(x: F, &[clip_value]: &[F; 1]) -> F {
    inside_window(x, -clip_value, clip_value)
}

/// `clamp(x, -clip_value, clip_value)`, whose derivative is [`clipped`].
fn clipped_primitive<F: Real>(x: F, &[clip_value]: &[F; 1]) -> F {
    clamp(x, -clip_value, clip_value)
}

/// `(1 - |x|) * 2` if `|x| <= 1` else `0`: `approx_sign`'s backward (Liu et al. 2018,
/// Bi-Real Net).
fn approx_sign<F: Real>(x: F, _: &[F; 0]) -> F {
    let magnitude = x.abs();
    if magnitude <= F::one() {
        (F::one() - magnitude) * F::c(2.0)
    } else {
        F::zero()
    }
}

/// `2c - c|c|`, `c = clamp(x, -1, 1)`: Bi-Real Net's piecewise quadratic sign, whose
/// derivative is [`approx_sign`].
fn approx_sign_primitive<F: Real>(x: F, _: &[F; 0]) -> F {
    let c = clamp(x, -F::one(), F::one());
    F::c(2.0) * c - c * c.abs()
}

/// `beta * (2 - b * tanh(b * 0.5)) / (1 + cosh(b))`, `b = beta * x`: `swish_sign`'s
/// backward, the SignSwish derivative (Darabi et al. 2018, BNN+).
fn swish_sign<F: Real>(x: F, &[beta]: &[F; 1]) -> F {
    let b = beta * x;
    beta * (F::c(2.0) - b * (b * F::c(0.5)).tanh()) / (F::one() + b.cosh())
}

/// SignSwish, `2 s (1 + b (1 - s)) - 1`, `s = sigmoid(b)`, `b = beta x`: the primitive
/// of [`swish_sign`].
fn swish_sign_primitive<F: Real>(x: F, &[beta]: &[F; 1]) -> F {
    let b = beta * x;
    let s = logistic(b);
    F::c(2.0) * s * (F::one() + b * (F::one() - s)) - F::one()
}

/// `|x| * (1 if |x| <= clip_value else 0)`: `MagnitudeAwareSign`'s backward for a 1-D
/// x, where the stop-gradient scale `mean(|x|)` over every axis but the last is `|x|`
/// (Liu et al. 2018, Bi-Real Net §3.3).
fn magnitude_aware_sign<F: Real>(x: F, &[clip_value]: &[F; 1]) -> F {
    x.abs() * clipped(x, &[clip_value])
}

/// `c |c| / 2`, `c = clamp(x, -clip_value, clip_value)`: the primitive of
/// [`magnitude_aware_sign`].
fn magnitude_aware_sign_primitive<F: Real>(x: F, &[clip_value]: &[F; 1]) -> F {
    let c = clipped_primitive(x, &[clip_value]);
    c * c.abs() / F::c(2.0)
}

/// `1` if `0 <= x <= 1` else `0`: the gradient of DoReFa's `clip_by_value(x, 0, 1)`
/// (boundaries pass) times the identity of its rounding (Zhou et al. 2016).
fn dorefa<F: Real>(x: F, _: &[F; 0]) -> F {
    inside_window(x, F::zero(), F::one())
}

/// `clamp(x, 0, 1)`, whose derivative is [`dorefa`].
fn dorefa_primitive<F: Real>(x: F, _: &[F; 0]) -> F {
    clamp(x, F::zero(), F::one())
}

/// `sign(sign(x + t) + sign(x - t))`, `t = threshold_value`, with `tf.sign(0) = 0`:
/// `ste_tern`'s forward, +1 for x >= t, -1 for x <= -t, 0 between (Li et al. 2016,
/// Ternary Weight Networks).
fn ste_tern<F: Real>(x: F, &[threshold_value]: &[F; 1]) -> F {
    sign_or_zero(sign_or_zero(x + threshold_value) + sign_or_zero(x - threshold_value))
}

/// `scale * sign(x)` with Larq's sign (+1 at 0) and `scale = |x|` for a 1-D x:
/// `MagnitudeAwareSign`'s forward, which is x itself.
fn magnitude_aware_sign_value<F: Real>(x: F, _: &[F; 0]) -> F {
    let sign = if x >= F::zero() { F::one() } else { -F::one() };
    x.abs() * sign
}

/// `round(clip(x, 0, 1) * n) / n`, `n = 2^k_bit - 1`, ties to even: `DoReFa`'s forward
/// in `mode="activations"`.
fn dorefa_value<F: Real>(x: F, &[k_bit]: &[F; 1]) -> F {
    let n = F::c(bit_levels(k_bit.to_f64().unwrap_or(f64::NAN)));
    (clamp(x, F::zero(), F::one()) * n).round_ties_even() / n
}

/// Where [`clipped`] jumps: at `±clip_value`, the ends of its window.
fn clipped_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    let [clip_value] = param_array(p);
    plus_minus(clip_value, BreakKind::Jump, from, to)
}

fn ste_tern_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    let [threshold_value] = param_array(p);
    plus_minus(threshold_value, BreakKind::Jump, from, to)
}

fn magnitude_aware_sign_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    let mut found = clipped_breaks(p, from, to);
    found.extend(kink_at_zero(p, from, to));
    breaks::sort_by_x(&mut found);
    found
}

fn unit_interval_jumps(_: &[f64], from: f64, to: f64) -> Vec<Break> {
    breaks::at(&[(0.0, BreakKind::Jump), (1.0, BreakKind::Jump)], from, to)
}

fn dorefa_breaks(p: &[f64], from: f64, to: f64) -> Vec<Break> {
    let [k_bit] = param_array(p);
    let n = bit_levels(k_bit);
    let points: Vec<(f64, BreakKind)> = (0..n as usize)
        .map(|k| ((k as f64 + 0.5) / n, BreakKind::Jump))
        .collect();
    breaks::at(&points, from, to)
}

const CLIP_VALUE: Param = Param::real(
    "clip_value",
    1.0,
    0.1,
    5.0,
    "the gradient passes where |x| <= clip_value",
);

/// Larq's backwards, in the order of `larq.quantizers`.
pub(super) const BACKWARDS: &[Backward] = &[
    Backward {
        id: "larq_ste_sign",
        group: Group::Larq,
        params: &[CLIP_VALUE],
        description: "Larq's straight-through sign: gradient 1 where |x| <= clip_value (inclusive), 0 outside. Pair with sign(s0=1): Larq's sign is +1 at 0, never 0.",
        formula: "1 if |x| <= clip_value else 0",
        source: "larq.quantizers.ste_sign(x, clip_value) / SteSign; Courbariaux et al. 2016, Binarized Neural Networks",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(clipped)),
            primitive: Some(kernel!(clipped_primitive)),
        },
        breaks: clipped_breaks,
        pitfall: None,
    },
    Backward {
        id: "larq_approx_sign",
        group: Group::Larq,
        params: &[],
        description: "Larq's ApproxSign: a triangle of height 2 on |x| <= 1, the derivative of Bi-Real Net's piecewise quadratic sign. Pair with sign(s0=1).",
        formula: "(1 - |x|) 2 if |x| <= 1 else 0",
        source: "larq.quantizers.approx_sign(x) / ApproxSign; Liu et al. 2018, Bi-Real Net",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(approx_sign)),
            primitive: Some(kernel!(approx_sign_primitive)),
        },
        breaks: breaks::unit_triangle,
        pitfall: None,
    },
    Backward {
        id: "larq_swish_sign",
        group: Group::Larq,
        params: &[Param::real("beta", 5.0, 0.5, 20.0, "sharpness of the SignSwish")],
        description: "Larq's SwishSign: the derivative of BNN+'s SignSwish, peak beta at 0 and negative for |beta x| above about 2.4. Pair with sign(s0=1).",
        formula: "beta (2 - b tanh(b/2)) / (1 + cosh(b)), b = beta x",
        source: "larq.quantizers.swish_sign(x, beta) / SwishSign; Darabi et al. 2018, BNN+",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(swish_sign)),
            primitive: Some(kernel!(swish_sign_primitive)),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Backward {
        id: "larq_ste_heaviside",
        group: Group::Larq,
        params: &[CLIP_VALUE],
        description: "Larq's straight-through heaviside: gradient 1 where |x| <= clip_value, 0 outside. Its forward sign(relu(x)) is heaviside(h0=0) (value at 0 is 0).",
        formula: "1 if |x| <= clip_value else 0",
        source: "larq.quantizers.ste_heaviside(x, clip_value) / SteHeaviside",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(clipped)),
            primitive: Some(kernel!(clipped_primitive)),
        },
        breaks: clipped_breaks,
        pitfall: None,
    },
    Backward {
        id: "larq_ste_tern",
        group: Group::Larq,
        params: &[CLIP_VALUE],
        description: "Larq's ternary quantizer's straight-through gradient: 1 where |x| <= clip_value (inclusive), 0 outside.",
        formula: "1 if |x| <= clip_value else 0",
        source: "larq.quantizers.ste_tern(x, threshold_value, clip_value=...) / SteTern; Li et al. 2016, Ternary Weight Networks",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(clipped)),
            primitive: Some(kernel!(clipped_primitive)),
        },
        breaks: clipped_breaks,
        pitfall: None,
    },
    Backward {
        id: "larq_magnitude_aware_sign",
        group: Group::Larq,
        params: &[CLIP_VALUE],
        description: "Larq's magnitude-aware sign gradient for a 1-D input: the per-channel scale mean|x| is |x| itself, so the gradient is |x| inside the clip and 0 outside.",
        formula: "|x| if |x| <= clip_value else 0",
        source: "larq.quantizers.MagnitudeAwareSign(clip_value), 1-D x; Liu et al. 2018, Bi-Real Net §3.3",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(magnitude_aware_sign)),
            primitive: Some(kernel!(magnitude_aware_sign_primitive)),
        },
        breaks: magnitude_aware_sign_breaks,
        pitfall: None,
    },
    Backward {
        id: "larq_dorefa",
        group: Group::Larq,
        params: &[],
        description: "DoReFa's straight-through gradient: 1 on 0 <= x <= 1, boundaries included (clip_by_value's gradient), 0 outside.",
        formula: "1 if 0 <= x <= 1 else 0",
        source: "larq.quantizers.DoReFa(k_bit, mode=\"activations\"); Zhou et al. 2016, DoReFa-Net",
        kernels: BackwardKernels {
            gradient: Gradient::Surrogate(kernel!(dorefa)),
            primitive: Some(kernel!(dorefa_primitive)),
        },
        breaks: unit_interval_jumps,
        pitfall: None,
    },
];

/// Larq's quantizers with forwards of their own.
pub(super) const FORWARDS: &[Forward] = &[
    Forward {
        id: "larq_ste_tern",
        group: Group::Larq,
        params: &[Param::real("threshold_value", 0.05, 0.0, 1.0, "the dead zone's half-width Δ")],
        description: "Larq's ternary quantizer: -1, 0 or +1 with a dead zone of half-width threshold_value. The edges belong to ±1 (x = Δ gives +1), not to 0 as the docstring's x > Δ says.",
        formula: "sign(sign(x + t) + sign(x - t)), t = threshold_value",
        source: "larq.quantizers.ste_tern(x, threshold_value) / SteTern; Li et al. 2016, Ternary Weight Networks",
        kernels: ForwardKernels {
            value: kernel!(ste_tern),
            derivative: kernel!(zero),
        },
        breaks: ste_tern_breaks,
        pitfall: None,
    },
    Forward {
        id: "larq_magnitude_aware_sign",
        group: Group::Larq,
        params: &[],
        description: "Larq's magnitude-aware sign, scale * sign(x) with scale = mean|x| over every axis but the last. For a 1-D input each x is its own channel, so y = |x| sign(x) = x; the scale is a stop_gradient, so autograd's own derivative is 0.",
        formula: "|x| sign(x) = x (1-D input)",
        source: "larq.quantizers.MagnitudeAwareSign(clip_value), 1-D x; Liu et al. 2018, Bi-Real Net §3.3",
        kernels: ForwardKernels {
            value: kernel!(magnitude_aware_sign_value),
            derivative: kernel!(zero),
        },
        breaks: breaks::none,
        pitfall: None,
    },
    Forward {
        id: "larq_dorefa",
        group: Group::Larq,
        params: &[Param::integer("k_bit", 2.0, 1.0, 8.0, "bits: 2^k_bit levels on [0, 1]")],
        description: "Larq's DoReFa activation quantizer: x clipped to [0, 1] and rounded to 2^k_bit levels, ties to even (k_bit 2: x = 0.5 gives 2/3).",
        formula: "round(clip(x, 0, 1) n) / n, n = 2^k_bit - 1",
        source: "larq.quantizers.DoReFa(k_bit, mode=\"activations\"); Zhou et al. 2016, DoReFa-Net",
        kernels: ForwardKernels {
            value: kernel!(dorefa_value),
            derivative: kernel!(zero),
        },
        breaks: dorefa_breaks,
        pitfall: None,
    },
    Forward {
        id: "larq_noop",
        group: Group::Larq,
        params: &[Param::integer("precision", 1.0, 1.0, 32.0, "metadata only: the bit width Larq reports")],
        description: "Larq's NoOp quantizer: the identity, with a precision that is only reported, never applied. Its gradient is 1 (pair with identity).",
        formula: "x",
        source: "larq.quantizers.NoOp(precision) / NoOpQuantizer",
        kernels: ForwardKernels {
            value: kernel!(pass_through),
            derivative: kernel!(one),
        },
        breaks: breaks::none,
        pitfall: None,
    },
];
