//! The expression graph a formula is evaluated and differentiated on: nodes in a
//! Vec, children before parents, children by index, one `x` node shared by every
//! use. It is the syntax tree lowered for one framework: `clip` becomes that
//! framework's own composition (TensorFlow's `clip_by_value` is a minimum then a
//! maximum, `jnp.clip` a maximum then a minimum, `torch.clamp` one op), `x ** 2` an
//! integer power. Nothing is folded or rewritten: `0 * x` stays a product, since that
//! is where the NaNs of the frameworks live.

use super::parser::integer_exponent;
pub(crate) use super::syntax::Unary;
use super::syntax::{BinaryOp, Comparison, ExprId, ExprKind, Function, Syntax};
use super::Framework;

/// Index of a node in [`Graph::nodes`].
pub(crate) type NodeId = usize;

/// The node of `x`, always the first.
pub(crate) const X: NodeId = 0;

/// Functions of two numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Binary {
    Add,
    Sub,
    Mul,
    Div,
    /// Python's `%`: the remainder with the divisor's sign.
    Mod,
    /// A power whose exponent is a tensor of the dtype.
    Pow,
    Maximum,
    Minimum,
}

/// `logical_and`, `logical_or`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Logic {
    And,
    Or,
}

/// One operation of the graph. Boolean nodes hold 1 and 0 in the dtype.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Node {
    /// The input.
    X,
    /// A literal or pi, rounded to the dtype when evaluated.
    Constant(f64),
    /// A declared parameter, by declaration index.
    Param(usize),
    Unary(Unary, NodeId),
    Binary(Binary, NodeId, NodeId),
    /// `e ** n` with an integer literal `n`, as Python passes an `int`.
    IntPow(NodeId, i32),
    /// `torch.clamp(e, lo, hi)` with tensor bounds (only in PyTorch graphs).
    Clamp(NodeId, NodeId, NodeId),
    /// `where(condition, a, b)`.
    Where(NodeId, NodeId, NodeId),
    Compare(Comparison, NodeId, NodeId),
    IsNan(NodeId),
    Logic(Logic, NodeId, NodeId),
    Not(NodeId),
    /// A boolean as 1 and 0.
    Cast(NodeId),
    ZerosLike(NodeId),
    OnesLike(NodeId),
    StopGradient(NodeId),
    Identity(NodeId),
    /// The value of `e`; the gradient passes to `x` unchanged.
    GradPassThrough(NodeId),
    /// The value of the first; the gradient to `x` is the upstream one times the
    /// second, evaluated without gradient.
    CustomGradient(NodeId, NodeId),
}

impl Node {
    /// The nodes this one reads, in order.
    pub fn children(&self) -> impl Iterator<Item = NodeId> {
        let (mut list, mut len) = ([0; 3], 0);
        self.with_children(|child| {
            list[len] = child;
            len += 1;
            child
        });
        list.into_iter().take(len)
    }

    /// The same op on the inputs `map` gives for each of this node's, called on
    /// them in order.
    pub fn with_children(&self, mut map: impl FnMut(NodeId) -> NodeId) -> Node {
        let mut node = *self;
        match &mut node {
            Node::X | Node::Constant(_) | Node::Param(_) => {}
            Node::Unary(_, a)
            | Node::IntPow(a, _)
            | Node::IsNan(a)
            | Node::Not(a)
            | Node::Cast(a)
            | Node::ZerosLike(a)
            | Node::OnesLike(a)
            | Node::StopGradient(a)
            | Node::Identity(a)
            | Node::GradPassThrough(a) => *a = map(*a),
            Node::Binary(_, a, b)
            | Node::Compare(_, a, b)
            | Node::Logic(_, a, b)
            | Node::CustomGradient(a, b) => {
                *a = map(*a);
                *b = map(*b);
            }
            Node::Clamp(a, b, c) | Node::Where(a, b, c) => {
                *a = map(*a);
                *b = map(*b);
                *c = map(*c);
            }
        }
        node
    }
}

/// A formula's operations for one framework.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Graph {
    /// The nodes, children before parents; `nodes[X]` is `Node::X`.
    pub nodes: Vec<Node>,
    /// The formula's value.
    pub output: NodeId,
}

/// Lowers a syntax tree to the graph of `framework`.
pub(super) fn lower(syntax: &Syntax, framework: Framework) -> Graph {
    let mut lowering = Lowering {
        syntax,
        framework,
        nodes: vec![Node::X],
    };
    let output = lowering.expr(syntax.root);
    Graph {
        nodes: lowering.nodes,
        output,
    }
}

struct Lowering<'a> {
    syntax: &'a Syntax,
    framework: Framework,
    nodes: Vec<Node>,
}

impl Lowering<'_> {
    fn push(&mut self, node: Node) -> NodeId {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    fn expr(&mut self, id: ExprId) -> NodeId {
        match &self.syntax.exprs[id].kind {
            ExprKind::Number { value, .. } => self.push(Node::Constant(*value)),
            ExprKind::X => X,
            ExprKind::Pi => self.push(Node::Constant(std::f64::consts::PI)),
            ExprKind::Param(index) => self.push(Node::Param(*index)),
            ExprKind::Negate(inner) => {
                let a = self.expr(*inner);
                self.push(Node::Unary(Unary::Neg, a))
            }
            // `+e` is `e` in all three frameworks (`__pos__` returns the tensor).
            ExprKind::Plus(inner) | ExprKind::Group(inner) => self.expr(*inner),
            ExprKind::Binary(op, a, b) => self.binary(*op, *a, *b),
            ExprKind::Compare(op, a, b) => {
                let (a, b) = (self.expr(*a), self.expr(*b));
                self.push(Node::Compare(*op, a, b))
            }
            ExprKind::Call(function, args) => self.call(*function, args),
        }
    }

    fn binary(&mut self, op: BinaryOp, a: ExprId, b: ExprId) -> NodeId {
        if op == BinaryOp::Pow {
            if let Some(Ok(n)) = integer_exponent(&self.syntax.exprs, b) {
                let base = self.expr(a);
                return self.push(Node::IntPow(base, n));
            }
        }
        let (a, b) = (self.expr(a), self.expr(b));
        let op = match op {
            BinaryOp::Add => Binary::Add,
            BinaryOp::Sub => Binary::Sub,
            BinaryOp::Mul => Binary::Mul,
            BinaryOp::Div => Binary::Div,
            BinaryOp::Mod => Binary::Mod,
            BinaryOp::Pow => Binary::Pow,
        };
        self.push(Node::Binary(op, a, b))
    }

    fn call(&mut self, function: Function, args: &[ExprId]) -> NodeId {
        let args: Vec<NodeId> = args.iter().map(|&a| self.expr(a)).collect();
        let node = match function {
            Function::Unary(op) => Node::Unary(op, args[0]),
            Function::Maximum => Node::Binary(Binary::Maximum, args[0], args[1]),
            Function::Minimum => Node::Binary(Binary::Minimum, args[0], args[1]),
            Function::Clip => return self.clip(args[0], args[1], args[2]),
            Function::Where => Node::Where(args[0], args[1], args[2]),
            Function::IsNan => Node::IsNan(args[0]),
            Function::Cast => Node::Cast(args[0]),
            Function::ZerosLike => Node::ZerosLike(args[0]),
            Function::OnesLike => Node::OnesLike(args[0]),
            Function::LogicalAnd => Node::Logic(Logic::And, args[0], args[1]),
            Function::LogicalOr => Node::Logic(Logic::Or, args[0], args[1]),
            Function::LogicalNot => Node::Not(args[0]),
            Function::StopGradient => Node::StopGradient(args[0]),
            Function::Identity => Node::Identity(args[0]),
            Function::GradPassThrough => Node::GradPassThrough(args[0]),
            Function::CustomGradient => Node::CustomGradient(args[0], args[1]),
        };
        self.push(node)
    }

    /// `clip(e, lo, hi)` as each framework composes it.
    fn clip(&mut self, e: NodeId, lo: NodeId, hi: NodeId) -> NodeId {
        match self.framework {
            // clip_ops.py clip_by_value: t_min = minimum(values, clip_value_max);
            // t_max = maximum(t_min, clip_value_min).
            Framework::Tf => {
                let t_min = self.push(Node::Binary(Binary::Minimum, e, hi));
                self.push(Node::Binary(Binary::Maximum, t_min, lo))
            }
            // lax_numpy.py clip: arr = maximum(min, arr); arr = minimum(max, arr).
            Framework::Jax => {
                let lower = self.push(Node::Binary(Binary::Maximum, lo, e));
                self.push(Node::Binary(Binary::Minimum, hi, lower))
            }
            // torch.clamp(e, min, max) with tensor bounds: one op (clamp.Tensor).
            Framework::Torch => self.push(Node::Clamp(e, lo, hi)),
        }
    }
}
