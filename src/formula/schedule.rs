//! How the forward pass goes through a formula's graph, decided once per formula:
//! which nodes a pass needs, which repeat an earlier node, and which are the same at
//! every x. None of it changes a value: a node the pass skips is one nothing of that
//! pass reads, a repeated node gets the very numbers its twin computed (every op is
//! a function of its inputs' values), and a node that does not depend on x is
//! computed once and its number filled in. The graph itself, and so the reverse
//! pass, stays as the framework builds it: two calls of `floor(x)` are still two
//! ops that each pass their own gradient.

use std::collections::HashMap;

use super::graph::{Graph, Node, NodeId, X};

/// Which nodes a forward pass computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Extent {
    /// What `f` and the true derivative read: every node the value depends on, not
    /// the gradient expressions of `custom_gradient`.
    Value,
    /// What `df`'s reverse pass reads: the values of the nodes it runs the rules of
    /// and of their inputs, and what those depend on (of `custom_gradient(e, g)` at
    /// the top only `g`, of `grad_pass_through(e)` nothing).
    Backprop,
    /// Every node.
    Whole,
}

/// The forward pass's plan of one graph.
#[derive(Clone, Debug)]
pub(super) struct Schedule {
    /// Per node: the earliest node with the same op on the same inputs.
    twin: Vec<Option<NodeId>>,
    /// Per node: whether its value depends on x.
    varies: Vec<bool>,
    /// Per node: whether [`Extent::Value`] computes it.
    in_value: Vec<bool>,
    /// Per node: whether [`Extent::Backprop`] computes it.
    in_backprop: Vec<bool>,
}

impl Schedule {
    /// The schedule of `graph`, whose nodes `df`'s reverse pass reaches from x where
    /// `backprop_paths` says.
    pub(super) fn of(graph: &Graph, backprop_paths: &[bool]) -> Self {
        let nodes = &graph.nodes;
        let mut canonical: Vec<NodeId> = Vec::with_capacity(nodes.len());
        let mut first_of: HashMap<String, NodeId> = HashMap::new();
        let mut twin = Vec::with_capacity(nodes.len());
        let mut varies = Vec::with_capacity(nodes.len());
        for (index, node) in nodes.iter().enumerate() {
            let key = op_key(node, &canonical);
            let first = *first_of.entry(key).or_insert(index);
            canonical.push(first);
            twin.push((first != index).then_some(first));
            varies.push(match *node {
                Node::X => true,
                Node::Constant(_) | Node::Param(_) | Node::ZerosLike(_) | Node::OnesLike(_) => {
                    false
                }
                _ => node.children().any(|c| varies[c]),
            });
        }
        let output = [graph.output];
        Schedule {
            twin,
            varies,
            in_value: depended_on(graph, &output),
            in_backprop: depended_on(graph, &backprop_reads(graph, backprop_paths)),
        }
    }

    /// Whether a pass of `extent` computes node `id`.
    pub(super) fn computes(&self, id: NodeId, extent: Extent) -> bool {
        match extent {
            Extent::Value => self.in_value[id],
            Extent::Backprop => self.in_backprop[id],
            Extent::Whole => true,
        }
    }

    /// The earlier node whose values node `id` copies in a pass of `extent`.
    pub(super) fn twin(&self, id: NodeId, extent: Extent) -> Option<NodeId> {
        self.twin[id].filter(|&twin| self.computes(twin, extent))
    }

    /// Whether node `id`'s value depends on x.
    pub(super) fn varies(&self, id: NodeId) -> bool {
        self.varies[id]
    }
}

/// A key equal for two nodes exactly when they apply the same op to the same
/// inputs: the node with each child replaced by its earliest twin, printed. Debug
/// prints an f64 so that it reads back exactly, so -0 and 0 differ.
fn op_key(node: &Node, canonical: &[NodeId]) -> String {
    format!("{:?}", node.with_children(|c| canonical[c]))
}

/// Per node: whether the value of one of `nodes` depends on it (the value of
/// `custom_gradient(e, g)` is that of `e`).
fn depended_on(graph: &Graph, nodes: &[NodeId]) -> Vec<bool> {
    let mut needed = vec![false; graph.nodes.len()];
    for &node in nodes {
        needed[node] = true;
    }
    for index in (0..graph.nodes.len()).rev() {
        if !needed[index] {
            continue;
        }
        match graph.nodes[index] {
            Node::CustomGradient(value, _) => needed[value] = true,
            node => node.children().for_each(|c| needed[c] = true),
        }
    }
    needed
}

/// The nodes whose values `df`'s reverse pass may read: every node whose rule may
/// run (one the pass may send gradient to) and its inputs, except that the tricks
/// read nothing of themselves and `custom_gradient(e, g)` reads only `g`.
fn backprop_reads(graph: &Graph, paths: &[bool]) -> Vec<NodeId> {
    let mut reached = vec![false; graph.nodes.len()];
    reached[graph.output] = paths[graph.output];
    let mut reads = Vec::new();
    for index in (0..=graph.output).rev() {
        if !reached[index] {
            continue;
        }
        let node = graph.nodes[index];
        match node {
            Node::X => {}
            Node::CustomGradient(_, factor) => {
                reads.push(factor);
                reached[X] = true;
            }
            Node::GradPassThrough(_) => reached[X] = true,
            Node::StopGradient(_) => {}
            Node::Identity(a) => reached[a] = paths[a],
            _ => {
                reads.push(index);
                for child in node.children() {
                    reads.push(child);
                    reached[child] |= paths[child];
                }
            }
        }
    }
    reads
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formula::backward::{paths, Mode};
    use crate::formula::graph::{lower, Unary};
    use crate::formula::parser::parse;
    use crate::formula::Framework;

    fn schedule(text: &str) -> (Graph, Schedule) {
        let parsed = parse(text, 0, Framework::Tf).expect("a formula");
        let graph = lower(&parsed.syntax, Framework::Tf);
        let schedule = Schedule::of(&graph, &paths(&graph, Framework::Tf, Mode::Backprop));
        (graph, schedule)
    }

    fn position(graph: &Graph, node: Node) -> NodeId {
        graph
            .nodes
            .iter()
            .position(|n| *n == node)
            .expect("the node")
    }

    #[test]
    fn a_repeated_call_copies_the_first_and_keeps_its_own_node() {
        let (graph, s) = schedule("floor(x) + floor(x)");
        let floors: Vec<NodeId> = (0..graph.nodes.len())
            .filter(|&i| graph.nodes[i] == Node::Unary(Unary::Floor, X))
            .collect();
        assert_eq!(floors.len(), 2, "the graph keeps both ops");
        assert_eq!(s.twin(floors[1], Extent::Value), Some(floors[0]));
        assert_eq!(s.twin(floors[0], Extent::Value), None);
    }

    #[test]
    fn signed_zeros_are_different_constants() {
        let key = |v: f64| op_key(&Node::Constant(v), &[]);
        assert_ne!(key(0.0), key(-0.0));
        assert_eq!(key(0.5), key(0.5));
        let (graph, s) = schedule("x * 0 + x * 1");
        let products: Vec<NodeId> = (0..graph.nodes.len())
            .filter(|&i| matches!(graph.nodes[i], Node::Binary(..)))
            .collect();
        assert!(products.iter().all(|&p| s.twin(p, Extent::Whole).is_none()));
    }

    #[test]
    fn only_nodes_of_x_vary() {
        let (graph, s) = schedule("x * tanh(lam / 2) + zeros_like(x); lam = 3");
        let tanh = graph
            .nodes
            .iter()
            .position(|n| matches!(n, Node::Unary(Unary::Tanh, _)))
            .expect("tanh");
        assert!(!s.varies(tanh));
        assert!(s.varies(graph.output));
        assert!(!s.varies(position(&graph, Node::ZerosLike(X))));
    }

    #[test]
    fn the_value_pass_skips_custom_gradient_expressions() {
        let (graph, s) = schedule("custom_gradient(round(x), sigmoid(x))");
        let sigmoid = position(&graph, Node::Unary(Unary::Sigmoid, X));
        assert!(!s.computes(sigmoid, Extent::Value));
        assert!(s.computes(sigmoid, Extent::Whole));
        assert!(s.computes(graph.output, Extent::Value));
    }

    #[test]
    fn the_backprop_pass_skips_what_a_custom_gradient_replaces() {
        let (graph, s) = schedule("custom_gradient(round(tanh(x)), sigmoid(x)) * x");
        let find = |op| position(&graph, Node::Unary(op, X));
        assert!(s.computes(find(Unary::Sigmoid), Extent::Backprop));
        // The product's rule reads the custom gradient's value, so its value
        // expression is computed; a custom gradient at the top needs neither.
        assert!(s.computes(find(Unary::Tanh), Extent::Backprop));
        let (graph, s) = schedule("custom_gradient(round(tanh(x)), sigmoid(x))");
        let find = |op| position(&graph, Node::Unary(op, X));
        assert!(!s.computes(find(Unary::Tanh), Extent::Backprop));
        assert!(s.computes(find(Unary::Sigmoid), Extent::Backprop));
        let (graph, s) = schedule("grad_pass_through(round(tanh(x)))");
        let find = |op| position(&graph, Node::Unary(op, X));
        assert!(!s.computes(find(Unary::Tanh), Extent::Backprop));
    }
}
