//! The floating-point types gradscope computes in: `f32` and `f64`, behind one trait.
//!
//! Every formula in the catalog is written once, generic over [`Real`], and is
//! instantiated for both dtypes. Results in `f32` are computed in `f32` (several seed
//! pitfalls exist only there), never computed in `f64` and cast at the end.

use std::fmt::{Debug, Display};
use std::str::FromStr;

use num_traits::{Float, FloatConst};
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

/// One formula instantiated for both dtypes. Build it with [`kernel!`](crate::kernel).
#[derive(Clone, Copy)]
pub struct Kernel {
    /// The formula computed in `f32`.
    pub f32: ScalarFn<f32>,
    /// The formula computed in `f64`.
    pub f64: ScalarFn<f64>,
}

/// Instantiates a generic `fn name<F: Real>(x: F, p: &[F]) -> F` for both dtypes.
#[macro_export]
macro_rules! kernel {
    ($f:path) => {
        $crate::real::Kernel { f32: $f, f64: $f }
    };
}

/// The operations the catalog's formulas need, for `f32` and `f64`.
pub trait Real: Float + FloatConst + Debug + Display + Default + Send + Sync + 'static {
    /// This type's dtype.
    const DTYPE: Dtype;

    /// Rounds an `f64` constant to this dtype, as TensorFlow and torch do with a
    /// Python float before using it.
    fn c(value: f64) -> Self;

    /// Nearest integer, ties to even (`tf.round`, `torch.round`): `round(0.5) = 0`,
    /// `round(1.5) = 2`, `round(-0.5) = -0`.
    fn round_ties_even(self) -> Self;

    /// This dtype's instance of a kernel.
    fn pick(kernel: &Kernel) -> ScalarFn<Self>;

    /// Widens to `f64` for drawing and printing; exact.
    fn to_f64_lossless(self) -> f64;
}

impl Real for f32 {
    const DTYPE: Dtype = Dtype::F32;

    fn c(value: f64) -> Self {
        value as f32
    }

    fn round_ties_even(self) -> Self {
        f32::round_ties_even(self)
    }

    fn pick(kernel: &Kernel) -> ScalarFn<Self> {
        kernel.f32
    }

    fn to_f64_lossless(self) -> f64 {
        f64::from(self)
    }
}

impl Real for f64 {
    const DTYPE: Dtype = Dtype::F64;

    fn c(value: f64) -> Self {
        value
    }

    fn round_ties_even(self) -> Self {
        f64::round_ties_even(self)
    }

    fn pick(kernel: &Kernel) -> ScalarFn<Self> {
        kernel.f64
    }

    fn to_f64_lossless(self) -> f64 {
        self
    }
}

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
        assert_ne!(f64::from(<f32 as Real>::c(0.1)), 0.1f64);
    }

    #[test]
    fn dtype_names_parse_both_spellings() {
        assert_eq!("float32".parse::<Dtype>(), Ok(Dtype::F32));
        assert_eq!("f64".parse::<Dtype>(), Ok(Dtype::F64));
        assert!("f16".parse::<Dtype>().is_err());
    }
}
