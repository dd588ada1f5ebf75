//! PyTorch's backward rules, as `torch.autograd.grad` applies them: the formulas of
//! tools/autograd/derivatives.yaml and the functions of
//! torch/csrc/autograd/FunctionsManual.cpp they call, with the CPU kernels of
//! aten/src/ATen/native/cpu (BinaryOpsKernel.cpp sigmoid_backward and tanh_backward,
//! threshold_backward for relu), in the same order of operations. PyTorch keeps
//! subnormal numbers.

use crate::real::Real;

use super::super::forward::sign;
use super::super::graph::{Binary, Node, Unary};
use super::super::Framework;
use super::{two_over_root_pi, Site};

/// Sends the gradient of `node` to its inputs, as its derivatives.yaml entry does.
pub(super) fn backward<F: Real>(node: &Node, s: &mut Site<'_, F>) {
    let (grad, result, k) = (s.g, s.out, s.k);
    let one = F::one();
    let two = F::c(2.0);
    match *node {
        Node::Unary(op, a) => {
            let x = s.value(a);
            match op {
                // neg: grad.neg().
                Unary::Neg => s.pass_negated(a),
                // abs: grad * self.sgn().
                Unary::Abs => s.send(a, |i| k.mul(grad[i], sign(Framework::Torch, x[i]))),
                // sign, round, floor, ceil: zeros_like(grad): connected, but 0 even
                // where grad is NaN.
                Unary::Sign | Unary::Round | Unary::Floor | Unary::Ceil => s.send(a, |_| F::zero()),
                // relu: threshold_backward(grad, result, 0), a select:
                // result <= 0 ? 0 : grad.
                Unary::Relu => s.send(a, |i| {
                    if result[i] <= F::zero() {
                        F::zero()
                    } else {
                        grad[i]
                    }
                }),
                // sigmoid: sigmoid_backward(grad, result) = a * (1 - b) * b.
                Unary::Sigmoid => s.send(a, |i| {
                    k.mul(k.mul(grad[i], k.sub(one, result[i])), result[i])
                }),
                // tanh: tanh_backward(grad, result) = a * (1 - b * b).
                Unary::Tanh => s.send(a, |i| {
                    k.mul(grad[i], k.sub(one, k.mul(result[i], result[i])))
                }),
                // exp: grad * result.
                Unary::Exp => s.send(a, |i| k.mul(grad[i], result[i])),
                // log: grad.div(self).
                Unary::Log => s.send(a, |i| k.div(grad[i], x[i])),
                // sqrt: grad / (2 * result).
                Unary::Sqrt => s.send(a, |i| k.div(grad[i], k.mul(two, result[i]))),
                // sin: grad * self.cos().
                Unary::Sin => s.send(a, |i| k.mul(grad[i], k.cos(x[i]))),
                // cos: grad * -self.sin().
                Unary::Cos => s.send(a, |i| k.mul(grad[i], -k.sin(x[i]))),
                // atan: grad / (self * self + 1).
                Unary::Atan => s.send(a, |i| k.div(grad[i], k.add(k.mul(x[i], x[i]), one))),
                // erf: 2.0 / sqrt(M_PI) * exp(-(self.pow(2))) * grad.
                Unary::Erf => {
                    let c = k.constant::<F>(two_over_root_pi());
                    s.send(a, |i| k.mul(k.mul(c, k.exp(-k.mul(x[i], x[i]))), grad[i]))
                }
            }
        }
        Node::Binary(op, a, b) => {
            // Named as in derivatives.yaml: self and other.
            let (this, other) = (s.value(a), s.value(b));
            match op {
                // add: grad, grad.
                Binary::Add => {
                    s.pass(a);
                    s.pass(b);
                }
                // sub: grad, -grad.
                Binary::Sub => {
                    s.pass(a);
                    s.pass_negated(b);
                }
                // mul: mul_tensor_backward: grad * other, grad * self.
                Binary::Mul => {
                    s.send(a, |i| k.mul(grad[i], other[i]));
                    s.send(b, |i| k.mul(grad[i], this[i]));
                }
                // div: div_tensor_self_backward: grad / other;
                // div_tensor_other_backward: -grad * ((self / other) / other).
                Binary::Div => {
                    s.send(a, |i| k.div(grad[i], other[i]));
                    s.send(b, |i| {
                        k.mul(-grad[i], k.div(k.div(this[i], other[i]), other[i]))
                    });
                }
                // remainder: grad; -grad * self.div(other, rounding_mode="floor").
                Binary::Mod => {
                    s.pass(a);
                    s.send(b, |i| k.mul(-grad[i], div_floor(this[i], other[i])));
                }
                // pow.Tensor_Tensor: pow_backward_self:
                // where(exponent == 0, 0, grad * (exponent * self.pow(exponent - 1)));
                // pow_backward_exponent:
                // grad * where(self == 0 & exponent >= 0, 0, result * self.log()).
                Binary::Pow => {
                    s.send(a, |i| {
                        if other[i] == F::zero() {
                            F::zero()
                        } else {
                            let power = k.pow(this[i], k.sub(other[i], one));
                            k.mul(grad[i], k.mul(other[i], power))
                        }
                    });
                    s.send(b, |i| {
                        let partial = if this[i] == F::zero() && other[i] >= F::zero() {
                            F::zero()
                        } else {
                            k.mul(result[i], k.ln(this[i]))
                        };
                        k.mul(grad[i], partial)
                    });
                }
                // maximum: at::where(self == other, grad / 2, grad).masked_fill_(
                // self < other, 0), and masked where self > other for other.
                Binary::Maximum => {
                    split_ties(s, a, b, |i| this[i] < other[i], |i| this[i] > other[i])
                }
                // minimum: the same, self masked where self > other.
                Binary::Minimum => {
                    split_ties(s, a, b, |i| this[i] > other[i], |i| this[i] < other[i])
                }
            }
        }
        // pow.Tensor_Scalar: pow_backward: zeros_like(self) if exponent == 0, else
        // grad * (exponent * self.pow(exponent - 1)).
        Node::IntPow(a, n) => {
            let x = s.value(a);
            if n == 0 {
                s.send(a, |_| F::zero());
            } else {
                let (exponent, lowered) = (F::c(f64::from(n)), F::c(f64::from(n) - 1.0));
                s.send(a, |i| k.mul(grad[i], k.mul(exponent, k.pow(x[i], lowered))));
            }
        }
        Node::Clamp(e, lo, hi) => {
            let (this, min, max) = (s.value(e), s.value(lo), s.value(hi));
            // TensorCompare.cpp _clamp_backward_tensor_composite: a tie with either
            // bound (bounds ordered) gets grad / 2, outside the bounds 0.
            s.send(e, |i| {
                let (x, lo, hi) = (this[i], min[i], max[i]);
                if x < lo || x > hi {
                    F::zero()
                } else if (x == lo || x == hi) && lo < hi {
                    k.div(grad[i], two)
                } else {
                    grad[i]
                }
            });
            // FunctionsManual.cpp clamp_backward_min_max: min is active below its
            // bound (splitting a tie) when min < max, strictly below when min == max.
            s.send(lo, |i| {
                let (x, lo, hi) = (this[i], min[i], max[i]);
                let active = (lo < hi && x <= lo) || (lo == hi && x < lo);
                match (active, x == lo) {
                    (false, _) => F::zero(),
                    (true, true) => k.div(grad[i], two),
                    (true, false) => grad[i],
                }
            });
            // max takes everything for reversed bounds, splits an ordinary tie.
            s.send(hi, |i| {
                let (x, lo, hi) = (this[i], min[i], max[i]);
                let active = hi < lo || (lo < hi && x >= hi) || (lo == hi && x > hi);
                match (active, x == hi && lo < hi) {
                    (false, _) => F::zero(),
                    (true, true) => k.div(grad[i], two),
                    (true, false) => grad[i],
                }
            });
        }
        // where: where(condition, grad, 0), where(condition, 0, grad).
        Node::Where(c, a, b) => {
            let c = s.value(c);
            s.send(a, |i| {
                if c[i] != F::zero() {
                    grad[i]
                } else {
                    F::zero()
                }
            });
            s.send(b, |i| {
                if c[i] != F::zero() {
                    F::zero()
                } else {
                    grad[i]
                }
            });
        }
        _ => {}
    }
}

/// maximum's and minimum's rule: `where(self == other, grad / 2, grad)`, then 0
/// where `self_loses` (for self) or `other_loses` (for other).
fn split_ties<F: Real>(
    s: &mut Site<'_, F>,
    a: usize,
    b: usize,
    self_loses: impl Fn(usize) -> bool,
    other_loses: impl Fn(usize) -> bool,
) {
    let (grad, k) = (s.g, s.k);
    let (this, other) = (s.value(a), s.value(b));
    let shared = |i: usize| {
        if this[i] == other[i] {
            k.div(grad[i], F::c(2.0))
        } else {
            grad[i]
        }
    };
    s.send(a, |i| if self_loses(i) { F::zero() } else { shared(i) });
    s.send(b, |i| if other_loses(i) { F::zero() } else { shared(i) });
}

/// Python's floor division of floats, as PyTorch computes it
/// (c10/util/generic_math.h div_floor_floating).
fn div_floor<F: Real>(a: F, b: F) -> F {
    if b == F::zero() {
        return a / b;
    }
    let modulo = a % b;
    let mut div = (a - modulo) / b;
    if modulo != F::zero() && ((b < F::zero()) != (modulo < F::zero())) {
        div = div - F::one();
    }
    if div == F::zero() {
        let zero = F::zero();
        return if (a / b).is_sign_negative() {
            -zero
        } else {
            zero
        };
    }
    let floor = div.floor();
    if div - floor > F::c(0.5) {
        floor + F::one()
    } else {
        floor
    }
}
