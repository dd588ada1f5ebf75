//! TensorFlow's backward rules, as `GradientTape` applies them: the registered
//! gradient functions of tensorflow/python/ops/math_grad.py, nn_grad.py and
//! array_grad.py, and the Eigen kernels they call (tensorflow/core/kernels/
//! cwise_ops_gradients.h, relu_op_functor.h), in the same order of operations.
//! Every kernel result is flushed to zero when subnormal.
//!
//! One kernel is not reproduced bit for bit: in float32 TensorFlow's `Reciprocal`
//! (used by the `Log` and `Atan` gradients) starts from the CPU's 12-bit reciprocal
//! estimate (RCPPS, relative error up to 1.5 * 2^-12) and refines it by one Newton
//! step r + r (1 - a r), whose correction underflows and is flushed once 1/a is small
//! enough (below 2^-102 it may, below 2^-115 it does); the result then keeps the
//! estimate's error. That estimate is a table inside the processor; here the
//! reciprocal is exactly rounded, and [`estimate_points`] says where TensorFlow's
//! own result depends on the processor.

use crate::real::{Dtype, Real};

use super::super::forward::{sign, truth};
use super::super::graph::{Binary, Graph, Node, Unary};
use super::super::Framework;
use super::{two_over_root_pi, Site};

/// The points where a float32 `Reciprocal` of the gradient (`Log`'s `1 / x`,
/// `Atan`'s `1 / (1 + x^2)`) takes an argument whose Newton correction may flush:
/// |a| in [2^102, 2^126). `values` is the forward pass, `paths` the nodes the
/// gradient reaches.
pub(super) fn estimate_points<F: Real>(
    graph: &Graph,
    paths: &[bool],
    values: &[F],
    len: usize,
) -> Vec<bool> {
    let mut points = vec![false; len];
    if F::DTYPE != Dtype::F32 {
        return points;
    }
    let (low, high) = (F::c(2f64.powi(102)), F::c(2f64.powi(126)));
    for (index, node) in graph.nodes.iter().enumerate() {
        let Node::Unary(op @ (Unary::Log | Unary::Atan), a) = *node else {
            continue;
        };
        if !paths[index] {
            continue;
        }
        let x = &values[a * len..(a + 1) * len];
        for (point, &x) in points.iter_mut().zip(x) {
            let argument = if op == Unary::Log {
                x
            } else {
                F::one() + x * x
            };
            let magnitude = argument.abs();
            *point |= magnitude >= low && magnitude < high;
        }
    }
    points
}

/// Whether TensorFlow's tape gives the numeric op `node` a gradient from its inputs:
/// math_grad.py _RoundGrad, _FloorGrad and _CeilGrad `return [None]`.
pub(super) fn differentiable(node: &Node) -> bool {
    !matches!(
        node,
        Node::Unary(Unary::Round | Unary::Floor | Unary::Ceil, _)
    )
}

/// Sends the gradient of `node` to its inputs, as TensorFlow's gradient function
/// for that op does.
pub(super) fn backward<F: Real>(node: &Node, s: &mut Site<'_, F>) {
    let (g, y, k) = (s.g, s.out, s.k);
    let one = F::one();
    match *node {
        Node::Unary(op, a) => {
            let x = s.value(a);
            match op {
                // _NegGrad: -grad.
                Unary::Neg => s.pass_negated(a),
                // _AbsGrad: grad * math_ops.sign(x).
                Unary::Abs => s.send(a, |i| k.mul(g[i], sign(Framework::Tf, x[i]))),
                // _SignGrad: array_ops.zeros(shape(x)), whatever grad is.
                Unary::Sign => s.send(a, |_| F::zero()),
                // nn_grad.py _ReluGrad: relu_grad(grad, op.outputs[0]); the kernel
                // multiplies: gradients * (features > 0).cast<T>(), so a NaN or
                // infinite grad stays NaN where relu is 0.
                Unary::Relu => s.send(a, |i| k.mul(g[i], truth(y[i] > F::zero()))),
                // None: never reached (see `differentiable`).
                Unary::Round | Unary::Floor | Unary::Ceil => {}
                // _SigmoidGrad: sigmoid_grad(y, grad); scalar_sigmoid_gradient_op
                // packetOp: pmul(output_gradient, pmul(output, psub(1, output))).
                Unary::Sigmoid => s.send(a, |i| k.mul(g[i], k.mul(y[i], k.sub(one, y[i])))),
                // _TanhGrad: tanh_grad(y, grad); scalar_tanh_gradient_op:
                // output_gradient * (1 - output * output).
                Unary::Tanh => s.send(a, |i| k.mul(g[i], k.sub(one, k.mul(y[i], y[i])))),
                // _ExpGrad: grad * y.
                Unary::Exp => s.send(a, |i| k.mul(g[i], y[i])),
                // _LogGrad: grad * math_ops.reciprocal(x).
                Unary::Log => s.send(a, |i| k.mul(g[i], k.recip(x[i]))),
                // _SqrtGrad: sqrt_grad(y, grad); scalar_sqrt_gradient_op packetOp:
                // mul_no_nan(pdiv(0.5, output), output_gradient), which is 0 where the
                // upstream gradient is 0 even if y is 0 or NaN.
                Unary::Sqrt => s.send(a, |i| {
                    if g[i] == F::zero() {
                        F::zero()
                    } else {
                        k.mul(k.div(F::c(0.5), y[i]), g[i])
                    }
                }),
                // _SinGrad: grad * math_ops.cos(x).
                Unary::Sin => s.send(a, |i| k.mul(g[i], k.cos(x[i]))),
                // _CosGrad: -grad * math_ops.sin(x).
                Unary::Cos => s.send(a, |i| k.mul(-g[i], k.sin(x[i]))),
                // _AtanGrad: grad * reciprocal(add(1, square(x))).
                Unary::Atan => s.send(a, |i| k.mul(g[i], k.recip(k.add(one, k.mul(x[i], x[i]))))),
                // _ErfGrad: grad * two_over_root_pi * exp(-square(x)).
                Unary::Erf => {
                    let c = k.constant::<F>(two_over_root_pi());
                    s.send(a, |i| k.mul(k.mul(g[i], c), k.exp(-k.mul(x[i], x[i]))))
                }
            }
        }
        Node::Binary(op, a, b) => {
            // Named as in math_grad.py: inputs x and y, output z.
            let (x, y, z) = (s.value(a), s.value(b), s.out);
            match op {
                // _AddGrad: grad, grad.
                Binary::Add => {
                    s.pass(a);
                    s.pass(b);
                }
                // _SubGrad: grad, -grad.
                Binary::Sub => {
                    s.pass(a);
                    s.pass_negated(b);
                }
                // _MulGrad: mul(grad, y), mul(x, grad).
                Binary::Mul => {
                    s.send(a, |i| k.mul(g[i], y[i]));
                    s.send(b, |i| k.mul(x[i], g[i]));
                }
                // _RealDivGrad: realdiv(grad, y), grad * realdiv(realdiv(-x, y), y).
                Binary::Div => {
                    s.send(a, |i| k.div(g[i], y[i]));
                    s.send(b, |i| k.mul(g[i], k.div(k.div(-x[i], y[i]), y[i])));
                }
                // _FloorModGrad: grad, grad * negative(floor_div(x, y)); FloorDiv of
                // floats is floor(x / y) (google_floor_div_real).
                Binary::Mod => {
                    s.pass(a);
                    s.send(b, |i| k.mul(g[i], -k.div(x[i], y[i]).floor()));
                }
                // _PowGrad: grad * y * pow(x, y - 1); grad * z * log_x with
                // log_x = where(x > 0, log(where(x > 0, x, 1)), 0).
                Binary::Pow => {
                    s.send(a, |i| {
                        k.mul(k.mul(g[i], y[i]), k.pow(x[i], k.sub(y[i], one)))
                    });
                    s.send(b, |i| {
                        let log_x = if x[i] > F::zero() {
                            k.ln(x[i])
                        } else {
                            F::zero()
                        };
                        k.mul(k.mul(g[i], z[i]), log_x)
                    });
                }
                // _MaximumGrad: xmask = greater_equal(x, y); where(xmask, grad, 0) to x,
                // where(xmask, 0, grad) to y: a tie goes wholly to the first input.
                Binary::Maximum => s.split(a, b, |i| x[i] >= y[i]),
                // _MinimumGrad: the same with less_equal.
                Binary::Minimum => s.split(a, b, |i| x[i] <= y[i]),
            }
        }
        // Pow with the Python int cast to the dtype; the exponent is a constant, so
        // only grad * y * pow(x, y - 1).
        Node::IntPow(a, n) => {
            let x = s.value(a);
            let n = F::c(f64::from(n));
            s.send(a, |i| k.mul(k.mul(g[i], n), k.pow(x[i], k.sub(n, one))));
        }
        // _SelectGradV2: (None, where_v2(c, grad, 0), where_v2(c, 0, grad)).
        Node::Where(c, a, b) => {
            let c = s.value(c);
            s.split(a, b, |i| c[i] != F::zero());
        }
        _ => {}
    }
}
