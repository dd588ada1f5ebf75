//! JAX's backward rules, as `jax.grad` gets them: each primitive's JVP rule in
//! jax/_src/lax/lax.py (and lax/special.py, jax/_src/nn/functions.py for relu),
//! linear in the tangent, transposed by the transpose rules of `mul`, `div`, `neg`,
//! `add`, `sub` and `select_n`. The jnp functions lower to several primitives and
//! the gradient follows that lowering (jnp.clip is a max then a min, jnp.remainder a
//! `rem`, a `select_n` and an `add`). A primitive whose JVP is `defjvp_zero`
//! (sign, floor, ceil, round, comparisons) gives a symbolic zero: nothing flows
//! through it, so no NaN either. XLA's CPU kernels flush subnormal results.

use crate::real::Real;

use super::super::arith::Arith;
use super::super::forward::jax_integer_pow;
use super::super::graph::{Binary, Node, Unary};
use super::{two_over_root_pi, Site};

/// Whether JAX's JVP of the numeric op `node` depends on its inputs' tangents.
pub(super) fn differentiable(node: &Node) -> bool {
    !matches!(
        node,
        // ad.defjvp_zero(sign_p), (floor_p), (ceil_p), (round_p).
        Node::Unary(Unary::Sign | Unary::Floor | Unary::Ceil | Unary::Round, _)
        // _integer_pow_jvp: `if y == 0: return _zeros(g)`, a constant.
        | Node::IntPow(_, 0)
    )
}

/// Sends the cotangent of `node` to its inputs: the transpose of its JVP.
pub(super) fn backward<F: Real>(node: &Node, s: &mut Site<'_, F>) {
    let (ct, ans, k) = (s.g, s.out, s.k);
    let one = F::one();
    match *node {
        Node::Unary(op, a) => {
            let x = s.value(a);
            match op {
                // ad.deflinear2(neg_p, lambda t, operand: [neg(t)]).
                Unary::Neg => s.pass_negated(a),
                // _abs_jvp_rule: select(ge(x, 0), g, neg(g)); at 0 the slope is +1.
                Unary::Abs => s.send(a, |i| if x[i] >= F::zero() { ct[i] } else { -ct[i] }),
                // jax.nn.relu's custom JVP: lax.select(x > 0, g, full_like(g, 0)).
                Unary::Relu => s.send(a, |i| if x[i] > F::zero() { ct[i] } else { F::zero() }),
                // Symbolic zeros: never reached (see `differentiable`).
                Unary::Sign | Unary::Floor | Unary::Ceil | Unary::Round => {}
                // logistic_p: mul(g, mul(ans, sub(1, ans))).
                Unary::Sigmoid => s.send(a, |i| k.mul(ct[i], k.mul(ans[i], k.sub(one, ans[i])))),
                // tanh_p: mul(add(g, mul(g, ans)), sub(1, ans)); transposed, the
                // cotangent c = ct * (1 - ans) reaches g twice: c + c * ans.
                Unary::Tanh => s.send(a, |i| {
                    let c = k.mul(ct[i], k.sub(one, ans[i]));
                    k.add(c, k.mul(c, ans[i]))
                }),
                // exp_p: mul(g, ans).
                Unary::Exp => s.send(a, |i| k.mul(ct[i], ans[i])),
                // log_p: div(g, x).
                Unary::Log => s.send(a, |i| k.div(ct[i], x[i])),
                // sqrt_p: mul(g, div(0.5, ans)): a zero cotangent times 0.5 / 0 (or
                // NaN) is NaN.
                Unary::Sqrt => s.send(a, |i| k.mul(ct[i], k.div(F::c(0.5), ans[i]))),
                // sin_p: mul(g, cos(x)).
                Unary::Sin => s.send(a, |i| k.mul(ct[i], k.cos(x[i]))),
                // cos_p: neg(mul(g, sin(x))); transposed: mul(neg(ct), sin(x)).
                Unary::Cos => s.send(a, |i| k.mul(-ct[i], k.sin(x[i]))),
                // atan_p: div(g, add(1, square(x))).
                Unary::Atan => s.send(a, |i| k.div(ct[i], k.add(one, k.mul(x[i], x[i])))),
                // special.py erf_p: mul(2 / sqrt(pi), mul(g, exp(neg(square(x))))).
                Unary::Erf => {
                    let c = k.constant::<F>(two_over_root_pi());
                    s.send(a, |i| k.mul(k.mul(c, ct[i]), k.exp(-k.mul(x[i], x[i]))))
                }
            }
        }
        Node::Binary(op, a, b) => {
            let (x, y) = (s.value(a), s.value(b));
            match op {
                // _add_transpose: t, t.
                Binary::Add => {
                    s.pass(a);
                    s.pass(b);
                }
                // _sub_transpose: t, neg(t).
                Binary::Sub => {
                    s.pass(a);
                    s.pass_negated(b);
                }
                // defbilinear(mul_p): mul(ct, y), mul(x, ct).
                Binary::Mul => {
                    s.send(a, |i| k.mul(ct[i], y[i]));
                    s.send(b, |i| k.mul(x[i], ct[i]));
                }
                // div_p: div(g, y); mul(mul(neg(g), x), integer_pow(y, -2)),
                // transposed: neg((ct * y^-2) * x), y^-2 = 1 / (y * y).
                Binary::Div => {
                    s.send(a, |i| k.div(ct[i], y[i]));
                    s.send(b, |i| {
                        -k.mul(k.mul(ct[i], jax_integer_pow(k, y[i], -2)), x[i])
                    });
                }
                // jnp.remainder: trunc = rem(x, y); select(do_plus, add(trunc, y),
                // trunc). The select's two halves give trunc the whole cotangent; rem_p
                // passes it to x, and to y as neg(ct) * sign(x / y) * floor(|x / y|),
                // plus the add's share where do_plus.
                Binary::Mod => {
                    s.pass(a);
                    s.send(b, |i| {
                        let quotient = k.div(x[i], y[i]);
                        let whole = k.mul(signum(quotient), quotient.abs().floor());
                        let through_rem = -k.mul(ct[i], whole);
                        if remainder_moves(k, x[i], y[i]) {
                            k.add(ct[i], through_rem)
                        } else {
                            through_rem
                        }
                    });
                }
                // _pow_jvp_lhs for a float exponent: mul(g, mul(y, pow(x, y - 1)));
                // _pow_jvp_rhs: mul(g, mul(log(_replace_zero(x)), ans)).
                Binary::Pow => {
                    s.send(a, |i| {
                        k.mul(ct[i], k.mul(y[i], k.pow(x[i], k.sub(y[i], one))))
                    });
                    s.send(b, |i| {
                        let base = if x[i] == F::zero() { one } else { x[i] };
                        k.mul(ct[i], k.mul(k.ln(base), ans[i]))
                    });
                }
                // max_p and min_p: mul(g, _balanced_eq(x, ans, y)) and
                // mul(g, _balanced_eq(y, ans, x)): a tie splits in half, and the
                // product keeps a NaN cotangent NaN on the losing side.
                Binary::Maximum | Binary::Minimum => {
                    s.send(a, |i| k.mul(ct[i], balanced_eq(x[i], ans[i], y[i])));
                    s.send(b, |i| k.mul(ct[i], balanced_eq(y[i], ans[i], x[i])));
                }
            }
        }
        // _integer_pow_jvp: g for 1, mul(g, mul(2, x)) for 2, else
        // mul(g, mul(y, integer_pow(x, y - 1))).
        Node::IntPow(a, n) => {
            let x = s.value(a);
            match n {
                1 => s.pass(a),
                2 => s.send(a, |i| k.mul(ct[i], k.mul(F::c(2.0), x[i]))),
                _ => {
                    let exponent = F::c(f64::from(n));
                    s.send(a, |i| {
                        k.mul(ct[i], k.mul(exponent, jax_integer_pow(k, x[i], n - 1)))
                    });
                }
            }
        }
        // jnp.where is lax.select; _select_transpose_rule: select(which, ct, zeros)
        // to the true case, select(which, zeros, ct) to the false one.
        Node::Where(c, a, b) => {
            let c = s.value(c);
            s.split(a, b, |i| c[i] != F::zero());
        }
        _ => {}
    }
}

/// lax.py `_balanced_eq(x, z, y)`: select(x == z, 1, 0) / select(y == z, 2, 1).
fn balanced_eq<F: Real>(x: F, z: F, y: F) -> F {
    let share = if x == z { F::one() } else { F::zero() };
    let split = if y == z { F::c(2.0) } else { F::one() };
    share / split
}

/// lax.sign of a finite or infinite number (NaN stays NaN).
fn signum<F: Real>(a: F) -> F {
    if a > F::zero() {
        F::one()
    } else if a < F::zero() {
        -F::one()
    } else {
        a
    }
}

/// jnp.remainder's `do_plus`: the truncated remainder is non-zero and its sign
/// differs from the divisor's.
fn remainder_moves<F: Real>(k: Arith, x: F, y: F) -> bool {
    let truncated = k.fl(x % y);
    truncated != F::zero() && ((truncated < F::zero()) != (y < F::zero()))
}
