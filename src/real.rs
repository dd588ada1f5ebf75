//! The floating-point types gradscope computes in: `f32` and `f64`, behind one trait.
//!
//! Every formula in the catalog is written once, generic over [`Real`], and is
//! instantiated for both dtypes. Results in `f32` are computed in `f32` (several seed
//! pitfalls exist only there), never computed in `f64` and cast at the end.

use std::fmt::{Debug, Display};
use std::str::FromStr;

use std::ops::Neg;

use num_traits::{FloatConst, Num, NumCast};
use serde::{Deserialize, Serialize};

/// A dtype name as the CLI, the URL and the reference data spell it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Dtype {
    /// IEEE single precision, TensorFlow's `float32`.
    F32,
    /// IEEE double precision, TensorFlow's `float64` (the default).
    #[default]
    F64,
}

impl Dtype {
    /// The short name used on the command line and in URLs: `f32` or `f64`.
    pub fn name(self) -> &'static str {
        match self {
            Dtype::F32 => "f32",
            Dtype::F64 => "f64",
        }
    }
}

impl FromStr for Dtype {
    type Err = String;

    /// Accepts `f32`/`float32` and `f64`/`float64`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "f32" | "float32" => Ok(Dtype::F32),
            "f64" | "float64" => Ok(Dtype::F64),
            other => Err(format!("unknown dtype '{other}': use f32 or f64")),
        }
    }
}

impl Display for Dtype {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A scalar function of x and the entry's parameters (in catalog order).
pub type ScalarFn<F> = fn(F, &[F]) -> F;

/// The same function over a slice: `out[i] = f(xs[i], p)`, and NaN where `xs[i]` is
/// NaN. One call per slice, with the formula inlined into the loop.
pub type SliceFn<F> = fn(&[F], &[F], &mut [F]);

/// One formula instantiated for both dtypes, one x at a time and over slices. Build
/// it with [`kernel!`](crate::kernel).
#[derive(Clone, Copy)]
pub struct Kernel {
    /// The formula computed in `f32`.
    pub f32: ScalarFn<f32>,
    /// The formula computed in `f64`.
    pub f64: ScalarFn<f64>,
    /// The formula over slices of `f32`.
    pub f32_slice: SliceFn<f32>,
    /// The formula over slices of `f64`.
    pub f64_slice: SliceFn<f64>,
}

/// Instantiates a generic `fn name<F: Real>(x: F, &[slope, center]: &[F; 2]) -> F`
/// for both dtypes, one x at a time and over slices. A formula names its parameters
/// by taking the first N of its entry's, in catalog order, as an array (see
/// [`param_array`]); over a slice the array is made once, not once per x.
///
/// `kernel!(Prepared::new => method)` instead takes a generic
/// `Prepared::<F>::new(&[alpha, eps]: &[F; 2])` that computes what depends on the
/// parameters only, and its `method(&self, x: F) -> F`: over a slice the preparation
/// runs once, not once per x (soft rounding's `tanh(alpha / 2)`).
#[macro_export]
macro_rules! kernel {
    ($prepare:path => $method:ident) => {{
        fn at<F: $crate::real::Real>(x: F, p: &[F]) -> F {
            $prepare(&$crate::real::param_array(p)).$method(x)
        }
        fn over_slice<F: $crate::real::Real>(xs: &[F], p: &[F], out: &mut [F]) {
            let prepared = $prepare(&$crate::real::param_array(p));
            $crate::real::map_slice(xs, out, |x| prepared.$method(x))
        }
        $crate::real::Kernel {
            f32: at,
            f64: at,
            f32_slice: over_slice,
            f64_slice: over_slice,
        }
    }};
    ($f:path) => {{
        fn at<F: $crate::real::Real>(x: F, p: &[F]) -> F {
            $f(x, &$crate::real::param_array(p))
        }
        fn over_slice<F: $crate::real::Real>(xs: &[F], p: &[F], out: &mut [F]) {
            let params = $crate::real::param_array(p);
            $crate::real::map_slice(xs, out, |x| $f(x, &params))
        }
        $crate::real::Kernel {
            f32: at,
            f64: at,
            f32_slice: over_slice,
            f64_slice: over_slice,
        }
    }};
}

/// The first `N` of an entry's parameters, as the array a formula or a breaks function
/// destructures (`let [slope, center] = param_array(p)`). A formula may take fewer than
/// its entry has (a constant derivative takes none); one beyond the end is NaN, never
/// a panic, and a debug build asserts that none is (the catalog tests evaluate every
/// formula with its entry's parameters).
#[inline(always)]
pub fn param_array<F: Real, const N: usize>(p: &[F]) -> [F; N] {
    debug_assert!(
        p.len() >= N,
        "a formula of {N} parameters was given {}",
        p.len()
    );
    std::array::from_fn(|i| p.get(i).copied().unwrap_or_else(F::nan))
}

/// `out[i] = f(xs[i])`, passing NaN through without calling `f` (a formula never sees
/// NaN). The loop of every [`SliceFn`].
#[inline(always)]
pub fn map_slice<F: Real>(xs: &[F], out: &mut [F], f: impl Fn(F) -> F) {
    for (o, &x) in out.iter_mut().zip(xs) {
        *o = if x.is_nan() { x } else { f(x) };
    }
}

/// The operations the catalog's formulas need, for `f32` and `f64`.
///
/// Transcendental functions (exp, tanh, sin, ...) come from the `libm` crate on every
/// target, not from the platform's C library: the page (WebAssembly) and the CLI
/// (native) then compute the very same bits, so the page's CSV export equals
/// `gradscope table`. Exactly rounded operations (arithmetic, sqrt, floor, ...) are
/// the IEEE ones.
pub trait Real:
    Num
    + NumCast
    + Copy
    + PartialOrd
    + Neg<Output = Self>
    + FloatConst
    + Debug
    + Display
    + Default
    + Send
    + Sync
    + 'static
{
    /// This type's dtype.
    const DTYPE: Dtype;

    /// Rounds an `f64` constant to this dtype, as TensorFlow and torch do with a
    /// Python float before using it.
    fn c(value: f64) -> Self;

    /// Nearest integer, ties to even (`tf.round`, `torch.round`): `round(0.5) = 0`,
    /// `round(1.5) = 2`, `round(-0.5) = -0`.
    fn round_ties_even(self) -> Self;

    /// This dtype's instance of a kernel, one x at a time.
    fn pick(kernel: &Kernel) -> ScalarFn<Self>;
    /// This dtype's instance of a kernel, over slices.
    fn pick_slice(kernel: &Kernel) -> SliceFn<Self>;

    /// Widens to `f64` for drawing and printing; exact.
    fn to_f64_lossless(self) -> f64;

    /// Not a number.
    fn nan() -> Self;
    /// The machine epsilon.
    fn epsilon() -> Self;
    /// The smallest positive normal number.
    fn min_positive_value() -> Self;
    /// Whether this is NaN.
    fn is_nan(self) -> bool;
    /// Whether this is neither NaN nor infinite.
    fn is_finite(self) -> bool;
    /// Whether this is ±infinity.
    fn is_infinite(self) -> bool;
    /// Whether the sign bit is set (also for -0 and negative NaN).
    fn is_sign_negative(self) -> bool;
    /// |x|.
    fn abs(self) -> Self;
    /// -1, +1 or NaN, by the sign bit (`signum(±0) = ±1`).
    fn signum(self) -> Self;
    /// The larger; the other one if either is NaN.
    fn max(self, other: Self) -> Self;
    /// The smaller; the other one if either is NaN.
    fn min(self, other: Self) -> Self;
    /// `max(lo, min(hi, x))`.
    fn clamp(self, lo: Self, hi: Self) -> Self;
    /// Largest integer not above.
    fn floor(self) -> Self;
    /// Smallest integer not below.
    fn ceil(self) -> Self;
    /// Nearest integer, ties away from zero (not TensorFlow's rounding).
    fn round(self) -> Self;
    /// `x - trunc(x)`.
    fn fract(self) -> Self;
    /// Square root (exactly rounded).
    fn sqrt(self) -> Self;
    /// e^x.
    fn exp(self) -> Self;
    /// 2^x.
    fn exp2(self) -> Self;
    /// Natural logarithm.
    fn ln(self) -> Self;
    /// ln(1 + x), accurate near 0.
    fn ln_1p(self) -> Self;
    /// x^y.
    fn powf(self, y: Self) -> Self;
    /// Sine.
    fn sin(self) -> Self;
    /// Cosine.
    fn cos(self) -> Self;
    /// Arctangent.
    fn atan(self) -> Self;
    /// Hyperbolic tangent.
    fn tanh(self) -> Self;
    /// Hyperbolic cosine.
    fn cosh(self) -> Self;
    /// Inverse hyperbolic tangent.
    fn atanh(self) -> Self;
}

/// Implements [`Real`] for one float type: IEEE operations from std, transcendental
/// ones from `libm` under their C names (`expf`/`exp`, ...). Every method is inlined
/// into the formulas: the page's module is optimised for size, where these one-line
/// wrappers would otherwise stay calls inside the hot loops (measured: twice the time
/// of `sigmoid` over a slice).
macro_rules! impl_real {
    ($t:ident, $dtype:expr, $pick:ident, $pick_slice:ident, $exp:ident, $exp2:ident, $ln:ident, $ln_1p:ident, $pow:ident,
     $sin:ident, $cos:ident, $atan:ident, $tanh:ident, $cosh:ident, $atanh:ident) => {
        impl Real for $t {
            const DTYPE: Dtype = $dtype;

            #[inline(always)]
            fn c(value: f64) -> Self {
                value as $t
            }

            #[inline(always)]
            fn round_ties_even(self) -> Self {
                $t::round_ties_even(self)
            }

            #[inline(always)]
            fn pick(kernel: &Kernel) -> ScalarFn<Self> {
                kernel.$pick
            }

            #[inline(always)]
            fn pick_slice(kernel: &Kernel) -> SliceFn<Self> {
                kernel.$pick_slice
            }

            #[inline(always)]
            fn to_f64_lossless(self) -> f64 {
                <f64 as From<$t>>::from(self)
            }

            #[inline(always)]
            fn nan() -> Self {
                $t::NAN
            }
            #[inline(always)]
            fn epsilon() -> Self {
                $t::EPSILON
            }
            #[inline(always)]
            fn min_positive_value() -> Self {
                $t::MIN_POSITIVE
            }
            #[inline(always)]
            fn is_nan(self) -> bool {
                $t::is_nan(self)
            }
            #[inline(always)]
            fn is_finite(self) -> bool {
                $t::is_finite(self)
            }
            #[inline(always)]
            fn is_infinite(self) -> bool {
                $t::is_infinite(self)
            }
            #[inline(always)]
            fn is_sign_negative(self) -> bool {
                $t::is_sign_negative(self)
            }
            #[inline(always)]
            fn abs(self) -> Self {
                $t::abs(self)
            }
            #[inline(always)]
            fn signum(self) -> Self {
                $t::signum(self)
            }
            #[inline(always)]
            fn max(self, other: Self) -> Self {
                $t::max(self, other)
            }
            #[inline(always)]
            fn min(self, other: Self) -> Self {
                $t::min(self, other)
            }
            #[inline(always)]
            fn clamp(self, lo: Self, hi: Self) -> Self {
                self.max(lo).min(hi)
            }
            #[inline(always)]
            fn floor(self) -> Self {
                $t::floor(self)
            }
            #[inline(always)]
            fn ceil(self) -> Self {
                $t::ceil(self)
            }
            #[inline(always)]
            fn round(self) -> Self {
                $t::round(self)
            }
            #[inline(always)]
            fn fract(self) -> Self {
                $t::fract(self)
            }
            #[inline(always)]
            fn sqrt(self) -> Self {
                $t::sqrt(self)
            }
            #[inline(always)]
            fn exp(self) -> Self {
                libm::$exp(self)
            }
            #[inline(always)]
            fn exp2(self) -> Self {
                libm::$exp2(self)
            }
            #[inline(always)]
            fn ln(self) -> Self {
                libm::$ln(self)
            }
            #[inline(always)]
            fn ln_1p(self) -> Self {
                libm::$ln_1p(self)
            }
            #[inline(always)]
            fn powf(self, y: Self) -> Self {
                libm::$pow(self, y)
            }
            #[inline(always)]
            fn sin(self) -> Self {
                libm::$sin(self)
            }
            #[inline(always)]
            fn cos(self) -> Self {
                libm::$cos(self)
            }
            #[inline(always)]
            fn atan(self) -> Self {
                libm::$atan(self)
            }
            #[inline(always)]
            fn tanh(self) -> Self {
                libm::$tanh(self)
            }
            #[inline(always)]
            fn cosh(self) -> Self {
                libm::$cosh(self)
            }
            #[inline(always)]
            fn atanh(self) -> Self {
                libm::$atanh(self)
            }
        }
    };
}

impl_real!(
    f32,
    Dtype::F32,
    f32,
    f32_slice,
    expf,
    exp2f,
    logf,
    log1pf,
    powf,
    sinf,
    cosf,
    atanf,
    tanhf,
    coshf,
    atanhf
);
impl_real!(
    f64,
    Dtype::F64,
    f64,
    f64_slice,
    exp,
    exp2,
    log,
    log1p,
    pow,
    sin,
    cos,
    atan,
    tanh,
    cosh,
    atanh
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_ties_go_to_even() {
        assert_eq!(Real::round_ties_even(0.5f64), 0.0);
        assert_eq!(Real::round_ties_even(1.5f64), 2.0);
        assert_eq!(Real::round_ties_even(2.5f32), 2.0);
        assert!(Real::round_ties_even(-0.5f64).is_sign_negative());
    }

    #[test]
    fn constants_are_rounded_to_the_dtype() {
        assert_eq!(<f32 as Real>::c(0.1), 0.1f32);
        assert_ne!(<f32 as Real>::c(0.1).to_f64_lossless(), 0.1f64);
    }

    #[test]
    fn param_array_takes_the_first_parameters_in_order() {
        let [a, b] = param_array(&[2.0f64, 3.0, 4.0]);
        assert_eq!((a, b), (2.0, 3.0));
        let none: [f32; 0] = param_array(&[1.0f32]);
        assert!(none.is_empty());
    }

    #[test]
    fn dtype_names_parse_both_spellings() {
        assert_eq!("float32".parse::<Dtype>(), Ok(Dtype::F32));
        assert_eq!("f64".parse::<Dtype>(), Ok(Dtype::F64));
        assert!("f16".parse::<Dtype>().is_err());
    }
}
