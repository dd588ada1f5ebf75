//! Small building blocks shared by the catalog's formulas, written to match the
//! frameworks' own order of operations.

use crate::real::Real;

/// 1 where `condition` holds, else 0.
pub fn indicator<F: Real>(condition: bool) -> F {
    if condition {
        F::one()
    } else {
        F::zero()
    }
}

/// `1 / (1 + exp(-z))`, the logistic sigmoid as `tf.sigmoid` defines it; saturates
/// to 0 or 1 without NaN.
pub fn logistic<F: Real>(z: F) -> F {
    F::one() / (F::one() + (-z).exp())
}

/// The logistic's derivative with respect to its argument, `s (1 - s)`.
pub fn logistic_slope<F: Real>(z: F) -> F {
    let s = logistic(z);
    s * (F::one() - s)
}

/// `max(x, 0)` with `relu(-0) = 0`.
pub fn relu<F: Real>(x: F) -> F {
    if x > F::zero() {
        x
    } else {
        F::zero()
    }
}

/// Python's and NumPy's floor modulo by 1: `x - floor(x)`, in `[0, 1)`.
pub fn mod_one<F: Real>(x: F) -> F {
    x - x.floor()
}
