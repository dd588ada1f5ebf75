//! The arithmetic of a framework's CPU kernels, one element at a time, in the
//! requested dtype: IEEE operations and `libm` functions, with subnormal results
//! flushed to zero where the framework's kernels run so. TensorFlow and XLA (under
//! JAX) set the CPU's flush-to-zero and denormals-are-zero modes for their kernels;
//! PyTorch keeps subnormals (formulas.md, "Subnormal numbers"). Flushing every
//! result, and the inputs once, gives the same as both modes.

use crate::real::{Dtype, Real};

use super::Framework;

/// One framework's elementwise arithmetic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Arith {
    flush_subnormals: bool,
}

impl Arith {
    /// The arithmetic of `framework`'s CPU kernels.
    pub fn of(framework: Framework) -> Self {
        Arith {
            flush_subnormals: framework != Framework::Torch,
        }
    }

    /// `v`, or a zero of its sign if `v` is subnormal and this framework flushes.
    #[inline(always)]
    pub fn fl<F: Real>(self, v: F) -> F {
        if self.flush_subnormals && v.abs() < F::min_positive_value() {
            v * F::zero()
        } else {
            v
        }
    }

    /// A constant of the dtype: rounded once, then flushed.
    #[inline(always)]
    pub fn constant<F: Real>(self, value: f64) -> F {
        self.fl(F::c(value))
    }

    /// `a + b`.
    #[inline(always)]
    pub fn add<F: Real>(self, a: F, b: F) -> F {
        self.fl(a + b)
    }

    /// `a - b`.
    #[inline(always)]
    pub fn sub<F: Real>(self, a: F, b: F) -> F {
        self.fl(a - b)
    }

    /// `a * b`.
    #[inline(always)]
    pub fn mul<F: Real>(self, a: F, b: F) -> F {
        self.fl(a * b)
    }

    /// `a / b`.
    #[inline(always)]
    pub fn div<F: Real>(self, a: F, b: F) -> F {
        self.fl(a / b)
    }

    /// `1 / a`, as TensorFlow's `Reciprocal` kernel (exactly rounded here; see the
    /// module `backward::tf` for where the CPU's estimate shows).
    #[inline(always)]
    pub fn recip<F: Real>(self, a: F) -> F {
        self.fl(F::one() / a)
    }

    /// e^a.
    #[inline(always)]
    pub fn exp<F: Real>(self, a: F) -> F {
        self.fl(a.exp())
    }

    /// The natural logarithm.
    #[inline(always)]
    pub fn ln<F: Real>(self, a: F) -> F {
        self.fl(a.ln())
    }

    /// The square root.
    #[inline(always)]
    pub fn sqrt<F: Real>(self, a: F) -> F {
        self.fl(a.sqrt())
    }

    /// Sine.
    #[inline(always)]
    pub fn sin<F: Real>(self, a: F) -> F {
        self.fl(a.sin())
    }

    /// Cosine.
    #[inline(always)]
    pub fn cos<F: Real>(self, a: F) -> F {
        self.fl(a.cos())
    }

    /// Hyperbolic tangent.
    #[inline(always)]
    pub fn tanh<F: Real>(self, a: F) -> F {
        self.fl(a.tanh())
    }

    /// Arctangent.
    #[inline(always)]
    pub fn atan<F: Real>(self, a: F) -> F {
        self.fl(a.atan())
    }

    /// The error function.
    #[inline(always)]
    pub fn erf<F: Real>(self, a: F) -> F {
        self.fl(erf(a))
    }

    /// `a ** b` for a real exponent.
    #[inline(always)]
    pub fn pow<F: Real>(self, a: F, b: F) -> F {
        self.fl(a.powf(b))
    }

    /// The floor-mod of `a` by `b` (Python's `%`): the truncated remainder moved into
    /// the divisor's sign, as TensorFlow's `google_floor_mod`, PyTorch's `remainder`
    /// kernel and `jnp.remainder` all compute it.
    #[inline(always)]
    pub fn floor_mod<F: Real>(self, a: F, b: F) -> F {
        let truncated = self.fl(a % b);
        if truncated != F::zero() && ((b < F::zero()) != (truncated < F::zero())) {
            self.add(truncated, b)
        } else {
            truncated
        }
    }
}

/// The error function in the dtype: `libm::erff` in f32, `libm::erf` in f64 (the
/// conversions through f64 are exact).
fn erf<F: Real>(a: F) -> F {
    match F::DTYPE {
        Dtype::F32 => F::c(f64::from(libm::erff(a.to_f64_lossless() as f32))),
        Dtype::F64 => F::c(libm::erf(a.to_f64_lossless())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tensorflow_and_jax_flush_subnormals_and_torch_keeps_them() {
        let tiny = f32::MIN_POSITIVE / 4.0;
        assert_eq!(Arith::of(Framework::Tf).fl(tiny), 0.0);
        assert_eq!(Arith::of(Framework::Jax).mul(1e-30f32, 1e-10), 0.0);
        assert_eq!(Arith::of(Framework::Torch).fl(tiny), tiny);
        assert!(Arith::of(Framework::Tf).fl(-tiny).is_sign_negative());
    }

    #[test]
    fn floor_mod_takes_the_divisor_s_sign() {
        let k = Arith::of(Framework::Torch);
        assert_eq!(k.floor_mod(-0.25f64, 1.0), 0.75);
        assert_eq!(k.floor_mod(0.25f64, -0.75), -0.5);
        assert_eq!(k.floor_mod(1.5f64, 0.75), 0.0);
    }

    #[test]
    fn erf_is_computed_in_the_dtype() {
        assert_eq!(erf(0.5f32), libm::erff(0.5));
        assert_eq!(erf(0.5f64), libm::erf(0.5));
    }
}
