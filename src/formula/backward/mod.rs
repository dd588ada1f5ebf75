//! The reverse pass: the gradient of `sum(f)` with respect to x, from the output
//! node back to x, one node at a time over the whole slice, with one table of
//! backward rules per framework ([`tf`], [`torch`], [`jax`]). A node passes gradient
//! only to the inputs its framework differentiates (TensorFlow's `None`, PyTorch's
//! inputs that do not require grad and JAX's symbolic zeros get nothing, which is
//! not the same as a zero: a zero times an infinity is NaN), and only nodes that
//! received a gradient run their rule.
//!
//! The three gradient tricks are the same in every framework and handled here:
//! `stop_gradient` passes nothing, `grad_pass_through(e)` passes the upstream
//! gradient to x, `custom_gradient(e, g)` passes it to x times g. For the true
//! derivative ([`Mode::True`]) each is replaced by `e`.

mod jax;
mod tf;
mod torch;

use crate::real::Real;

use super::arith::Arith;
use super::graph::{Graph, Node, NodeId, X};
use super::Framework;

/// Which gradient the pass computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
    /// The framework's gradient, tricks included (`df`).
    Backprop,
    /// The same framework's gradient of the formula with every trick replaced by its
    /// value expression (`true`).
    True,
}

/// For every node, whether the framework's autodiff sees a path from x to it.
pub(super) fn paths(graph: &Graph, framework: Framework, mode: Mode) -> Vec<bool> {
    let mut path = Vec::with_capacity(graph.nodes.len());
    for node in &graph.nodes {
        let reaches = match *node {
            Node::X => true,
            Node::Constant(_) | Node::Param(_) => false,
            Node::StopGradient(a) => mode == Mode::True && path[a],
            Node::GradPassThrough(e) | Node::CustomGradient(e, _) => {
                mode == Mode::Backprop || path[e]
            }
            Node::Identity(a) => path[a],
            // No framework differentiates these: booleans (comparisons, is_nan,
            // logical_*: TensorFlow's NotDifferentiable, PyTorch's bool tensors, JAX's
            // defjvp_zero), a boolean cast to the dtype (TensorFlow's _CastGrad gives
            // None, PyTorch's bool does not require grad, JAX's tangent is float0),
            // and zeros_like/ones_like (NotDifferentiable; no dependence on the values
            // in PyTorch; full_like constants in JAX).
            Node::Compare(..)
            | Node::IsNan(_)
            | Node::Logic(..)
            | Node::Not(_)
            | Node::Cast(_)
            | Node::ZerosLike(_)
            | Node::OnesLike(_) => false,
            _ => differentiable(framework, node) && gradient_inputs(node).any(|c| path[c]),
        };
        path.push(reaches);
    }
    path
}

/// The points where the framework's own gradient depends on the processor it runs
/// on (only TensorFlow's float32 `Reciprocal`: see [`tf::estimate_points`]).
pub(super) fn processor_dependent<F: Real>(
    graph: &Graph,
    framework: Framework,
    paths: &[bool],
    values: &[F],
    len: usize,
) -> Vec<bool> {
    match framework {
        Framework::Tf => tf::estimate_points(graph, paths, values, len),
        Framework::Torch | Framework::Jax => vec![false; len],
    }
}

/// Whether `framework` gives the numeric op `node` a gradient from its inputs.
/// PyTorch differentiates every one (round, floor, ceil and sign with zeros).
fn differentiable(framework: Framework, node: &Node) -> bool {
    match framework {
        Framework::Tf => tf::differentiable(node),
        Framework::Torch => true,
        Framework::Jax => jax::differentiable(node),
    }
}

/// The inputs a node can pass gradient to (not `where`'s condition).
fn gradient_inputs(node: &Node) -> impl Iterator<Item = NodeId> {
    let skip = usize::from(matches!(node, Node::Where(..)));
    node.children().skip(skip)
}

/// Runs the pass and returns whether any gradient reached x; x's gradient is then
/// the first `len` entries of `grads`. `values` holds the forward pass, `grads`
/// (the same size, whatever it holds: a node's first contribution is stored, later
/// ones added) receives every node's gradient, `reached` (one flag per node, all
/// false) which nodes received one.
#[allow(clippy::too_many_arguments)]
pub(super) fn run<F: Real>(
    graph: &Graph,
    framework: Framework,
    mode: Mode,
    paths: &[bool],
    values: &[F],
    len: usize,
    grads: &mut [F],
    reached: &mut [bool],
) -> bool {
    let output = graph.output;
    if !paths[output] {
        return false;
    }
    grads[output * len..(output + 1) * len].fill(F::one());
    reached[output] = true;
    let k = Arith::of(framework);
    for index in (X + 1..=output).rev() {
        if !reached[index] {
            continue;
        }
        let (below, here) = grads.split_at_mut(index * len);
        let (reached_below, _) = reached.split_at_mut(index);
        let mut site = Site {
            g: &here[..len],
            out: &values[index * len..(index + 1) * len],
            k,
            values,
            below,
            reached: reached_below,
            paths,
            len,
        };
        let node = &graph.nodes[index];
        match (*node, mode) {
            (Node::GradPassThrough(e), Mode::True)
            | (Node::CustomGradient(e, _), Mode::True)
            | (Node::StopGradient(e), Mode::True)
            | (Node::Identity(e), _) => site.pass(e),
            (Node::GradPassThrough(_), Mode::Backprop) => site.pass(X),
            // The custom backward returns `dy * g`, g computed without gradient.
            (Node::CustomGradient(_, factor), Mode::Backprop) => {
                let (g, factor) = (site.g, site.value(factor));
                site.send(X, |i| k.mul(g[i], factor[i]));
            }
            _ => match framework {
                Framework::Tf => tf::backward(node, &mut site),
                Framework::Torch => torch::backward(node, &mut site),
                Framework::Jax => jax::backward(node, &mut site),
            },
        }
    }
    reached[X]
}

/// What a backward rule sees of its node: the gradient arriving at it, its value,
/// its inputs' values, and where to send its inputs' gradients.
pub(super) struct Site<'a, F> {
    /// The gradient arriving at the node.
    pub g: &'a [F],
    /// The node's value.
    pub out: &'a [F],
    /// The framework's arithmetic.
    pub k: Arith,
    values: &'a [F],
    below: &'a mut [F],
    reached: &'a mut [bool],
    paths: &'a [bool],
    len: usize,
}

impl<'a, F: Real> Site<'a, F> {
    /// The value of an input.
    pub fn value(&self, id: NodeId) -> &'a [F] {
        &self.values[id * self.len..(id + 1) * self.len]
    }

    /// Sends the arriving gradient unchanged to `to`.
    pub fn pass(&mut self, to: NodeId) {
        let g = self.g;
        self.send(to, |i| g[i]);
    }

    /// Sends the arriving gradient negated to `to`.
    pub fn pass_negated(&mut self, to: NodeId) {
        let g = self.g;
        self.send(to, |i| -g[i]);
    }

    /// A select, not a product: the arriving gradient to `first` where `choose(i)`
    /// and to `second` elsewhere, an exact zero to the other (`where(c, g, 0)`,
    /// `where(c, 0, g)`).
    pub fn split(&mut self, first: NodeId, second: NodeId, choose: impl Fn(usize) -> bool) {
        let g = self.g;
        self.send(first, |i| if choose(i) { g[i] } else { F::zero() });
        self.send(second, |i| if choose(i) { F::zero() } else { g[i] });
    }

    /// Adds `gradient(i)` to the gradient of input `to` at every i, if the framework
    /// differentiates it (the first contribution is stored, later ones added, as the
    /// frameworks accumulate).
    pub fn send(&mut self, to: NodeId, gradient: impl Fn(usize) -> F) {
        self.send_each(to, &gradient);
    }

    /// [`Site::send`] behind one indirect call per element, so that the loops exist
    /// once per dtype rather than once per rule (a copy per rule cost the page's
    /// module about 50 KB).
    #[inline(never)]
    fn send_each(&mut self, to: NodeId, gradient: &dyn Fn(usize) -> F) {
        if !self.paths[to] {
            return;
        }
        let k = self.k;
        let buffer = &mut self.below[to * self.len..(to + 1) * self.len];
        if self.reached[to] {
            for (i, total) in buffer.iter_mut().enumerate() {
                *total = k.add(*total, gradient(i));
            }
        } else {
            for (i, total) in buffer.iter_mut().enumerate() {
                *total = gradient(i);
            }
            self.reached[to] = true;
        }
    }
}

/// `2 / sqrt(pi)` as every framework's erf gradient computes it in f64
/// (`2 / np.sqrt(np.pi)`, `2.0 / sqrt(M_PI)`), to be rounded to the dtype.
fn two_over_root_pi() -> f64 {
    2.0 / std::f64::consts::PI.sqrt()
}
