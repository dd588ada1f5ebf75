//! The forward pass: every node's value over the whole slice of x, node by node
//! (one loop per node over the slice), in the dtype and with the framework's
//! arithmetic, as the formula's `schedule` plans it. Booleans are held as 1 and 0.

use crate::real::Real;

use super::arith::Arith;
use super::graph::{Binary, Graph, Logic, Node, NodeId, Unary};
use super::schedule::{Extent, Schedule};
use super::syntax::Comparison;
use super::{DeclaredParam, Framework};

/// Fills `values` (one run of `xs.len()` per node, in node order) with the value at
/// every x of each node a pass of `extent` computes, as `schedule` plans it (the
/// others keep what they held). `params` are the declared parameters.
pub(super) fn run<F: Real>(
    graph: &Graph,
    schedule: &Schedule,
    extent: Extent,
    framework: Framework,
    xs: &[F],
    params: &[DeclaredParam],
    values: &mut [F],
) {
    let len = xs.len();
    let k = Arith::of(framework);
    for (index, node) in graph.nodes.iter().enumerate() {
        if !schedule.computes(index, extent) {
            continue;
        }
        let (done, rest) = values.split_at_mut(index * len);
        let out = &mut rest[..len];
        if let Some(twin) = schedule.twin(index, extent) {
            out.copy_from_slice(&done[twin * len..(twin + 1) * len]);
            continue;
        }
        // A node that does not depend on x is computed at the first x only.
        let n = if schedule.varies(index) {
            len
        } else {
            len.min(1)
        };
        let inputs = |id: NodeId| &done[id * len..id * len + n];
        compute(*node, framework, k, &xs[..n], params, inputs, &mut out[..n]);
        if n < len {
            let first = out[0];
            out[1..].fill(first);
        }
    }
}

/// One node's value at each x of `xs`, into `out`; `v` gives an input's values.
fn compute<'v, F: Real>(
    node: Node,
    framework: Framework,
    k: Arith,
    xs: &[F],
    params: &[DeclaredParam],
    v: impl Fn(NodeId) -> &'v [F],
    out: &mut [F],
) {
    match node {
        Node::X => fill_map(out, xs, |x| k.fl(x)),
        Node::Constant(value) => out.fill(k.constant(value)),
        Node::Param(p) => out.fill(k.constant(params[p].value)),
        Node::Unary(op, a) => fill_map(out, v(a), |a| unary(framework, k, op, a)),
        Node::Binary(op, a, b) => fill_zip(out, v(a), v(b), |a, b| binary(k, op, a, b)),
        Node::IntPow(a, n) => fill_map(out, v(a), |a| int_pow(framework, k, a, n)),
        Node::Clamp(e, lo, hi) => {
            let (lo, hi) = (v(lo), v(hi));
            for (i, (o, &e)) in out.iter_mut().zip(v(e)).enumerate() {
                *o = torch_clamp(e, lo[i], hi[i]);
            }
        }
        Node::Where(c, a, b) => {
            let (a, b) = (v(a), v(b));
            for (i, (o, &c)) in out.iter_mut().zip(v(c)).enumerate() {
                *o = if c != F::zero() { a[i] } else { b[i] };
            }
        }
        Node::Compare(op, a, b) => fill_zip(out, v(a), v(b), |a, b| truth(compare(op, a, b))),
        Node::IsNan(a) => fill_map(out, v(a), |a| truth(a.is_nan())),
        Node::Logic(op, a, b) => fill_zip(out, v(a), v(b), |a, b| {
            let (a, b) = (a != F::zero(), b != F::zero());
            truth(match op {
                Logic::And => a && b,
                Logic::Or => a || b,
            })
        }),
        Node::Not(a) => fill_map(out, v(a), |a| truth(a == F::zero())),
        Node::ZerosLike(_) => out.fill(F::zero()),
        Node::OnesLike(_) => out.fill(F::one()),
        Node::Cast(a)
        | Node::StopGradient(a)
        | Node::Identity(a)
        | Node::GradPassThrough(a)
        | Node::CustomGradient(a, _) => out.copy_from_slice(v(a)),
    }
}

fn fill_map<F: Real>(out: &mut [F], a: &[F], f: impl Fn(F) -> F) {
    for (o, &a) in out.iter_mut().zip(a) {
        *o = f(a);
    }
}

fn fill_zip<F: Real>(out: &mut [F], a: &[F], b: &[F], f: impl Fn(F, F) -> F) {
    for ((o, &a), &b) in out.iter_mut().zip(a).zip(b) {
        *o = f(a, b);
    }
}

/// 1 or 0 in the dtype.
pub(super) fn truth<F: Real>(b: bool) -> F {
    if b {
        F::one()
    } else {
        F::zero()
    }
}

/// A comparison, false for NaN except `!=`.
pub(super) fn compare<F: Real>(op: Comparison, a: F, b: F) -> bool {
    match op {
        Comparison::Less => a < b,
        Comparison::LessEqual => a <= b,
        Comparison::Greater => a > b,
        Comparison::GreaterEqual => a >= b,
        Comparison::Equal => a == b,
        Comparison::NotEqual => a != b,
    }
}

/// A function of one number.
pub(super) fn unary<F: Real>(framework: Framework, k: Arith, op: Unary, a: F) -> F {
    match op {
        Unary::Neg => -a,
        Unary::Abs => a.abs(),
        Unary::Sign => sign(framework, a),
        // tf.nn.relu: cwiseMax<PropagateNaN>(0); torch.relu and jnp.maximum(x, 0)
        // propagate NaN too.
        Unary::Relu => {
            if a.is_nan() || a > F::zero() {
                a
            } else {
                F::zero()
            }
        }
        Unary::Round => a.round_ties_even(),
        Unary::Floor => a.floor(),
        Unary::Ceil => a.ceil(),
        // 1 / (1 + exp(-x)): jax.nn.sigmoid's lowering (lax.py logistic_impl) and
        // PyTorch's CPU kernel; TensorFlow's Eigen kernel agrees within rounding.
        Unary::Sigmoid => k.div(F::one(), k.add(F::one(), k.exp(-a))),
        Unary::Tanh => k.tanh(a),
        Unary::Exp => k.exp(a),
        Unary::Log => k.ln(a),
        Unary::Sqrt => k.sqrt(a),
        Unary::Sin => k.sin(a),
        Unary::Cos => k.cos(a),
        Unary::Atan => k.atan(a),
        Unary::Erf => k.erf(a),
    }
}

/// -1, 0 or 1. NaN stays NaN in TensorFlow (Eigen's sign) and JAX (XLA's sign);
/// PyTorch's CPU kernel computes `(0 < a) - (a < 0)`, which is 0 for NaN
/// (aten/src/ATen/native/cpu/UnaryOpsKernel.cpp sign_kernel).
pub(super) fn sign<F: Real>(framework: Framework, a: F) -> F {
    if a > F::zero() {
        F::one()
    } else if a < F::zero() {
        -F::one()
    } else if a.is_nan() && framework != Framework::Torch {
        a
    } else {
        F::zero()
    }
}

/// A function of two numbers.
pub(super) fn binary<F: Real>(k: Arith, op: Binary, a: F, b: F) -> F {
    match op {
        Binary::Add => k.add(a, b),
        Binary::Sub => k.sub(a, b),
        Binary::Mul => k.mul(a, b),
        Binary::Div => k.div(a, b),
        Binary::Mod => k.floor_mod(a, b),
        Binary::Pow => k.pow(a, b),
        Binary::Maximum => maximum(a, b),
        Binary::Minimum => minimum(a, b),
    }
}

/// The larger, NaN if either is NaN (tf.maximum, torch.maximum and lax.max all
/// propagate NaN).
pub(super) fn maximum<F: Real>(a: F, b: F) -> F {
    if a.is_nan() || b.is_nan() {
        F::nan()
    } else if a >= b {
        a
    } else {
        b
    }
}

/// The smaller, NaN if either is NaN.
pub(super) fn minimum<F: Real>(a: F, b: F) -> F {
    if a.is_nan() || b.is_nan() {
        F::nan()
    } else if a <= b {
        a
    } else {
        b
    }
}

/// `e ** n` for an integer `n`. JAX computes `lax.integer_pow` by binary
/// exponentiation, then one division for a negative `n` (lax.py `_integer_pow`);
/// TensorFlow's `Pow` takes the exponent cast to the dtype, and PyTorch's `pow` with
/// a scalar exponent agrees with `pow` within rounding.
pub(super) fn int_pow<F: Real>(framework: Framework, k: Arith, base: F, n: i32) -> F {
    match framework {
        Framework::Jax => jax_integer_pow(k, base, n),
        Framework::Tf | Framework::Torch => k.pow(base, F::c(f64::from(n))),
    }
}

/// lax.py `_integer_pow`: `full_like(x, 1)` for 0; square-and-multiply on |n|; then
/// `1 / acc` for negative n.
pub(super) fn jax_integer_pow<F: Real>(k: Arith, mut base: F, n: i32) -> F {
    if n == 0 {
        return F::one();
    }
    let mut left = n.unsigned_abs();
    let mut acc: Option<F> = None;
    while left > 0 {
        if left & 1 == 1 {
            acc = Some(match acc {
                None => base,
                Some(acc) => k.mul(acc, base),
            });
        }
        left >>= 1;
        if left > 0 {
            base = k.mul(base, base);
        }
    }
    let acc = acc.unwrap_or(F::one());
    if n < 0 {
        k.div(F::one(), acc)
    } else {
        acc
    }
}

/// PyTorch's clamp kernel with tensor bounds: NaN if a bound is NaN, else
/// `min(max(e, lo), hi)` with `std::max`/`std::min` (NaN in e stays NaN; reversed
/// bounds give `hi`).
pub(super) fn torch_clamp<F: Real>(e: F, lo: F, hi: F) -> F {
    if lo.is_nan() || hi.is_nan() {
        return F::nan();
    }
    let raised = if e < lo { lo } else { e };
    if hi < raised {
        hi
    } else {
        raised
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jax_integer_pow_squares_and_multiplies() {
        let k = Arith::of(Framework::Jax);
        assert_eq!(jax_integer_pow(k, 3.0f64, 5), 243.0);
        assert_eq!(jax_integer_pow(k, 2.0f64, -3), 0.125);
        assert_eq!(jax_integer_pow(k, f64::NAN, 0), 1.0);
        assert_eq!(jax_integer_pow(k, 0.0f64, -2), f64::INFINITY);
    }

    #[test]
    fn torch_sign_of_nan_is_zero_and_the_others_keep_nan() {
        assert_eq!(sign(Framework::Torch, f64::NAN), 0.0);
        assert!(sign(Framework::Tf, f64::NAN).is_nan());
        assert!(sign(Framework::Jax, f64::NAN).is_nan());
        assert_eq!(sign(Framework::Tf, -0.0f64), 0.0);
    }

    #[test]
    fn torch_clamp_with_reversed_bounds_gives_the_upper_bound() {
        assert_eq!(torch_clamp(0.5f64, 1.0, -1.0), -1.0);
        assert!(torch_clamp(f64::NAN, -1.0, 1.0).is_nan());
        assert!(torch_clamp(0.0f64, f64::NAN, 1.0).is_nan());
    }
}
