//! Small building blocks shared by the catalog's formulas, written to match the
//! frameworks' own order of operations. They are inlined into the formulas for the
//! same reason as the methods of [`Real`] (see `impl_real!` in `crate::real`).

use crate::real::Real;

/// 1 where `condition` holds, else 0.
#[inline(always)]
pub fn indicator<F: Real>(condition: bool) -> F {
    if condition {
        F::one()
    } else {
        F::zero()
    }
}

/// `1 / (1 + exp(-z))`, the logistic sigmoid as `tf.sigmoid` defines it; saturates
/// to 0 or 1 without NaN.
#[inline(always)]
pub fn logistic<F: Real>(z: F) -> F {
    F::one() / (F::one() + (-z).exp())
}

/// The logistic's derivative with respect to its argument, `s (1 - s)`.
#[inline(always)]
pub fn logistic_slope<F: Real>(z: F) -> F {
    let s = logistic(z);
    s * (F::one() - s)
}

/// `max(x, 0)` with `relu(-0) = 0`.
#[inline(always)]
pub fn relu<F: Real>(x: F) -> F {
    if x > F::zero() {
        x
    } else {
        F::zero()
    }
}

/// Python's and NumPy's floor modulo by 1: `x - floor(x)`, in `[0, 1)`.
#[inline(always)]
pub fn mod_one<F: Real>(x: F) -> F {
    x - x.floor()
}

/// 1 where `lo <= x <= hi` (both ends inclusive), else 0: the gradient mask of
/// `torch.clamp`, of `tf.clip_by_value` and of Larq's `_clipped_gradient`.
#[inline(always)]
pub fn inside_window<F: Real>(x: F, lo: F, hi: F) -> F {
    indicator(lo <= x && x <= hi)
}

/// `min(max(x, lo), hi)`, as `tf.clip_by_value` and `torch.clamp` compute it.
#[inline(always)]
pub fn clamp<F: Real>(x: F, lo: F, hi: F) -> F {
    x.max(lo).min(hi)
}

/// `tf.sign` / `torch.sign`: -1, 0 or +1, with sign(0) = 0.
#[inline(always)]
pub fn sign_or_zero<F: Real>(x: F) -> F {
    if x > F::zero() {
        F::one()
    } else if x < F::zero() {
        -F::one()
    } else {
        F::zero()
    }
}

/// `x` rounded to float32 and back, as a library's `.float()` does to a float64 tensor;
/// exact in `f32`.
#[inline(always)]
pub fn as_float32<F: Real>(x: F) -> F {
    let narrowed = x.to_f32().unwrap_or(f32::NAN);
    F::from(narrowed).unwrap_or_else(F::nan)
}

/// The error function, to the dtype's precision: `2/sqrt(pi) exp(-x^2) sum_n
/// 2^n x^(2n+1) / (1 3 5 ... (2n+1))`, a series of positive terms (no cancellation),
/// and ±1 beyond |x| = 6. Used by primitives, which only tests and drawings evaluate.
#[inline(always)]
pub fn erf<F: Real>(x: F) -> F {
    let six = F::c(6.0);
    if x.abs() >= six {
        return x.signum();
    }
    let square = x * x;
    let mut term = x;
    let mut sum = x;
    let mut n = F::zero();
    while term.abs() > sum.abs() * F::epsilon() {
        n = n + F::one();
        term = term * F::c(2.0) * square / (F::c(2.0) * n + F::one());
        sum = sum + term;
    }
    F::c(2.0) / F::PI().sqrt() * (-square).exp() * sum
}

/// `x`, as a kernel: the primitive of every straight-through gradient `1`.
#[inline(always)]
pub fn pass_through<F: Real>(x: F, _: &[F; 0]) -> F {
    x
}

/// The number of levels above 0 of a k-bit quantizer on [0, 1], `2^bits - 1`.
#[inline(always)]
pub fn bit_levels(bits: f64) -> f64 {
    bits.exp2() - 1.0
}
