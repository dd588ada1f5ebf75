//! Formulas: the user's own TensorFlow, PyTorch or JAX expression, evaluated in the
//! requested dtype and differentiated as that framework's reverse-mode autodiff
//! does, rule for rule (formulas.md).
//!
//! ```text
//! tf: x + stop_gradient(round(x) - x)
//! jax: where(abs(x) > lam, x, zeros_like(x)); lam = 5 in [0, 10]
//! ```
//!
//! The text is split by `lexer`, parsed by `parser` (a Pratt parser) into a
//! `syntax` tree, which prints canonically and is lowered by `graph` to the
//! framework's operations. `forward` evaluates them over a whole slice of x with the
//! framework's `arith`metic; `backward` runs the reverse pass with one table of rules
//! per framework, for the gradient (`df`) and for the true derivative (the same rules
//! with the gradient tricks replaced by their value expressions).

mod arith;
mod backward;
mod error;
mod forward;
mod graph;
mod lexer;
mod parser;
mod schedule;
mod syntax;

use std::fmt;
use std::str::FromStr;

use crate::estimator::Output;
use crate::real::Real;

use backward::Mode;
pub use error::{FormulaError, FormulaErrorKind, Spot};
use graph::Graph;
use schedule::{Extent, Schedule};
use syntax::Syntax;

/// Longest formula text accepted, framework and parameters included, in bytes.
pub const MAX_FORMULA_LEN: usize = crate::spec::MAX_SPEC_LEN;

/// Deepest nesting of parentheses, calls, signs and powers accepted.
pub const MAX_DEPTH: usize = 64;

/// The framework whose ops and autodiff a formula uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Framework {
    /// TensorFlow (`GradientTape.gradient`).
    Tf,
    /// PyTorch (`torch.autograd.grad`).
    Torch,
    /// JAX (`jax.grad`).
    Jax,
}

impl Framework {
    /// The three frameworks, in the order formulas.md lists them.
    pub const ALL: [Framework; 3] = [Framework::Tf, Framework::Torch, Framework::Jax];

    /// The spec prefix: `tf`, `torch` or `jax`.
    pub fn name(self) -> &'static str {
        match self {
            Framework::Tf => "tf",
            Framework::Torch => "torch",
            Framework::Jax => "jax",
        }
    }

    /// The framework's own name: TensorFlow, PyTorch or JAX.
    pub fn label(self) -> &'static str {
        match self {
            Framework::Tf => "TensorFlow",
            Framework::Torch => "PyTorch",
            Framework::Jax => "JAX",
        }
    }

    /// The release whose own output this crate's rules for the framework are checked
    /// against (`../shared/conformance/formulas`).
    pub fn reference_version(self) -> &'static str {
        match self {
            Framework::Tf => "2.21.0",
            Framework::Torch => "2.15.0",
            Framework::Jax => "0.10.2",
        }
    }

    /// What a formula's backward is, as the page's backward selector describes it.
    pub fn autodiff_description(self) -> String {
        let autodiff = match self {
            Framework::Tf => "GradientTape",
            Framework::Torch => "autograd",
            Framework::Jax => "jax.grad",
        };
        format!(
            "{label}'s reverse-mode autodiff ({autodiff}), rule for rule as in its sources, checked against {label} {}'s own output",
            self.reference_version(),
            label = self.label()
        )
    }

    /// What the tool says where the framework finds no gradient path from x to the
    /// formula (`df` is then 0); none for JAX, whose `jax.grad` gives zeros.
    pub fn no_gradient_message(self) -> Option<&'static str> {
        match self {
            Framework::Tf => {
                Some("TensorFlow returns None here: an optimizer reports no gradients")
            }
            Framework::Torch => {
                Some("PyTorch finds that f does not require grad here: backward() raises an error")
            }
            Framework::Jax => None,
        }
    }
}

impl FromStr for Framework {
    type Err = FormulaError;

    /// `tf`, `torch` or `jax`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Framework::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| {
                FormulaError::at(
                    FormulaErrorKind::UnknownFramework {
                        name: s.to_string(),
                        suggestion: crate::spec::closest(
                            s,
                            Framework::ALL.map(|f| f.name()).into_iter(),
                        ),
                    },
                    s,
                    0,
                )
            })
    }
}

impl fmt::Display for Framework {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether `text` is a formula spec: it starts with `tf:`, `torch:` or `jax:` after
/// white space.
pub fn is_formula_spec(text: &str) -> bool {
    let text = text.trim_start();
    Framework::ALL.iter().any(|f| {
        text.strip_prefix(f.name())
            .is_some_and(|rest| rest.starts_with(':'))
    })
}

/// A parameter declared after the formula: `; lam = 5 in [0, 10]`.
#[derive(Clone, Debug, PartialEq)]
pub struct DeclaredParam {
    /// Its name, as the formula uses it.
    pub name: String,
    /// Its value (finite).
    pub value: f64,
    /// Its declared range, ends included; without one, the page chooses.
    pub range: Option<(f64, f64)>,
}

impl DeclaredParam {
    /// The range its slider covers: the declared one, or else `[v - w, v + w]` around
    /// the value v with `w = max(|v|, 1)` (so 3 slides over [0, 6], 0 over [-1, 1]).
    pub fn slider_range(&self) -> (f64, f64) {
        self.range.unwrap_or_else(|| {
            let half = self.value.abs().max(1.0);
            (self.value - half, self.value + half)
        })
    }

    /// Its slider, as a catalog real parameter over [`DeclaredParam::slider_range`]
    /// (the name is `self.name`, not the slider's).
    pub fn slider(&self) -> crate::catalog::Param {
        let (lo, hi) = self.slider_range();
        crate::catalog::Param::real("", self.value, lo, hi, "")
    }

    /// Whether `value` is finite and inside the declared range.
    fn check(&self, value: f64) -> Result<(), FormulaErrorKind> {
        if !value.is_finite() {
            return Err(FormulaErrorKind::BadParamNumber {
                name: self.name.clone(),
                text: value.to_string(),
            });
        }
        match self.range {
            Some((lo, hi)) if !(lo..=hi).contains(&value) => {
                Err(FormulaErrorKind::ValueOutsideRange {
                    name: self.name.clone(),
                    value,
                    lo,
                    hi,
                })
            }
            _ => Ok(()),
        }
    }
}

/// A parsed formula for one framework, ready to evaluate in f32 or f64. Parse the
/// spec form with `str::parse` (`"tf: x + 1"`), or a formula without its framework
/// with [`Formula::parse`]; printing gives the canonical spec.
#[derive(Clone, Debug)]
pub struct Formula {
    framework: Framework,
    syntax: Syntax,
    params: Vec<DeclaredParam>,
    /// The canonical expression text.
    text: String,
    graph: Graph,
    /// How the forward pass goes through `graph`.
    schedule: Schedule,
    /// Per node: whether `df`'s pass reaches it from x.
    backprop_paths: Vec<bool>,
    /// Per node: whether the true derivative's pass reaches it from x.
    true_paths: Vec<bool>,
}

/// A formula's values over a slice of x.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation<F> {
    /// `f`: the formula's value at each x.
    pub value: Vec<F>,
    /// `df`: the framework's reverse-mode gradient of `sum(f)` at each x (0 where
    /// there is no gradient path).
    pub gradient: Vec<F>,
    /// `true`: the same framework's gradient with `stop_gradient`,
    /// `grad_pass_through` and `custom_gradient` replaced by their value.
    pub true_gradient: Vec<F>,
    /// Whether TensorFlow's tape returns `None` or PyTorch finds that `f` does not
    /// require grad (never for JAX, whose `jax.grad` gives zeros).
    pub no_gradient_path: bool,
}

impl Formula {
    /// Parses a formula without its framework prefix, for `framework`.
    pub fn parse(framework: Framework, text: &str) -> Result<Formula, FormulaError> {
        if text.len() > MAX_FORMULA_LEN {
            return Err(FormulaError::whole(FormulaErrorKind::TooLong(text.len())));
        }
        Formula::parse_from(framework, text, 0)
    }

    /// Parses `source[start..]`; error spots count from the start of `source`.
    fn parse_from(framework: Framework, source: &str, start: usize) -> Result<Self, FormulaError> {
        let parsed = parser::parse(source, start, framework)?;
        Formula::build(framework, parsed.syntax, parsed.params).within_length()
    }

    /// The formula, if its canonical form fits [`MAX_FORMULA_LEN`] and so reads
    /// back; what every fallible way to a formula returns.
    fn within_length(self) -> Result<Formula, FormulaError> {
        let canonical = self.to_string().len();
        if canonical > MAX_FORMULA_LEN {
            return Err(FormulaError::whole(FormulaErrorKind::CanonicalTooLong(
                canonical,
            )));
        }
        Ok(self)
    }

    fn build(framework: Framework, syntax: Syntax, params: Vec<DeclaredParam>) -> Formula {
        let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
        let text = syntax.print(syntax.root, &names);
        let graph = graph::lower(&syntax, framework);
        let backprop_paths = backward::paths(&graph, framework, Mode::Backprop);
        let true_paths = backward::paths(&graph, framework, Mode::True);
        Formula {
            framework,
            syntax,
            params,
            text,
            schedule: Schedule::of(&graph, &backprop_paths),
            graph,
            backprop_paths,
            true_paths,
        }
    }

    /// The framework whose ops and autodiff this formula uses.
    pub fn framework(&self) -> Framework {
        self.framework
    }

    /// The declared parameters, in declaration order.
    pub fn params(&self) -> &[DeclaredParam] {
        &self.params
    }

    /// The expression in canonical form, without framework and parameters.
    pub fn expression(&self) -> &str {
        &self.text
    }

    /// The same formula with parameter `name` set to `value`, which must be finite
    /// and inside the parameter's declared range.
    pub fn with_param(&self, name: &str, value: f64) -> Result<Formula, FormulaError> {
        let index = self.param_index(name)?;
        self.params[index]
            .check(value)
            .map_err(FormulaError::whole)?;
        let mut formula = self.clone();
        formula.params[index].value = value;
        formula.within_length()
    }

    /// The same formula with parameter `name` at a position of its slider; a
    /// parameter without a declared range gets its slider's range declared, so that
    /// the slider keeps its scale while it moves (and the spec says so).
    pub fn with_param_at(&self, name: &str, position: u32) -> Result<Formula, FormulaError> {
        let index = self.param_index(name)?;
        let mut formula = self.clone();
        let param = &mut formula.params[index];
        let slider = param.slider();
        param.range = Some((slider.min, slider.max));
        param.value = slider.value_at(position);
        formula.within_length()
    }

    /// Where the declared parameter `name` is.
    fn param_index(&self, name: &str) -> Result<usize, FormulaError> {
        self.params
            .iter()
            .position(|p| p.name == name)
            .ok_or_else(|| {
                FormulaError::whole(FormulaErrorKind::UndeclaredParam {
                    name: name.to_string(),
                    declared: self.params.iter().map(|p| p.name.clone()).collect(),
                })
            })
    }

    /// The numbers the formula is written with: each literal's value and each
    /// declared parameter's, in the order they appear (where a formula's own kinks
    /// and ties tend to sit: `clip(x, -1, 1)`, `x > lam`).
    pub fn numbers(&self) -> Vec<f64> {
        let literals = self.syntax.exprs.iter().filter_map(|e| match e.kind {
            syntax::ExprKind::Number { value, .. } => Some(value),
            _ => None,
        });
        literals
            .chain(self.params.iter().map(|p| p.value))
            .collect()
    }

    /// What `f` and the true derivative depend on, as text: the framework, the
    /// canonical expression and the value of each parameter their passes read. Two
    /// formulas with the same text have the same `f` and `true` at every x, in
    /// either dtype.
    pub fn value_identity(&self) -> String {
        self.identity(Extent::Value)
    }

    /// What `df` depends on, as [`Formula::value_identity`] for `f`: a parameter
    /// that only the value reads (the first expression of `custom_gradient` at the
    /// top) is left out, so moving it changes the value and not this.
    pub fn gradient_identity(&self) -> String {
        self.identity(Extent::Backprop)
    }

    /// The framework, the expression, and each parameter a pass of `extent` reads
    /// with its value's bits (so -0 and 0 differ).
    fn identity(&self, extent: Extent) -> String {
        let mut read = vec![false; self.params.len()];
        for (index, node) in self.graph.nodes.iter().enumerate() {
            if let graph::Node::Param(p) = *node {
                read[p] |= self.schedule.computes(index, extent);
            }
        }
        let mut identity = format!("{}: {}", self.framework, self.text);
        for (param, _) in self.params.iter().zip(read).filter(|(_, read)| *read) {
            identity.push_str(&format!("; {} = {:#x}", param.name, param.value.to_bits()));
        }
        identity
    }

    /// The same text for another framework.
    pub fn with_framework(&self, framework: Framework) -> Formula {
        Formula::build(framework, self.syntax.clone(), self.params.clone())
    }

    /// Whether the framework finds no gradient path from x to the formula
    /// (TensorFlow's `None`, PyTorch's "does not require grad"); never for JAX.
    pub fn no_gradient_path(&self) -> bool {
        self.framework != Framework::Jax && !self.backprop_paths[self.graph.output]
    }

    /// For every x, whether the framework's own gradient there depends on the
    /// processor, beyond rounding: TensorFlow's float32 `Reciprocal` (in the
    /// gradients of `log` and `atan`) keeps the CPU's 12-bit estimate, relative error
    /// up to 1.5 * 2^-12, where its argument exceeds 2^102. Both `df` and `true` are
    /// concerned; this crate's values there are exactly rounded.
    pub fn processor_dependent_points<F: Real>(&self, xs: &[F]) -> Vec<bool> {
        let mut scratch = Scratch::default();
        self.forward(xs, Extent::Whole, &mut scratch);
        let values = scratch.values;
        let either: Vec<bool> = self
            .backprop_paths
            .iter()
            .zip(&self.true_paths)
            .map(|(a, b)| *a || *b)
            .collect();
        backward::processor_dependent(&self.graph, self.framework, &either, &values, xs.len())
    }

    /// The value, the framework's gradient and the true derivative at every x (read
    /// in the dtype `F`; every literal, pi and parameter is rounded once to it).
    /// Each node is evaluated over the whole slice in one pass; the buffers are
    /// allocated once per call.
    pub fn evaluate<F: Real>(&self, xs: &[F]) -> Evaluation<F> {
        let mut scratch = Scratch::default();
        self.forward(xs, Extent::Whole, &mut scratch);
        let output = self.graph.output;
        let len = xs.len();
        Evaluation {
            value: scratch.values[output * len..(output + 1) * len].to_vec(),
            gradient: self.gradient(Mode::Backprop, len, &mut scratch).to_vec(),
            true_gradient: self.gradient(Mode::True, len, &mut scratch).to_vec(),
            no_gradient_path: self.no_gradient_path(),
        }
    }

    /// One of the three outputs at every x, into `out` (as long as `xs`): the
    /// forward pass over the whole slice (of the nodes the output reads), and for a
    /// gradient one reverse pass, in buffers kept in `scratch` from call to call.
    pub fn evaluate_output<F: Real>(
        &self,
        xs: &[F],
        output: Output,
        out: &mut [F],
        scratch: &mut Scratch<F>,
    ) {
        let len = xs.len();
        let (extent, mode) = match output {
            Output::Value => (Extent::Value, None),
            Output::Backward => (Extent::Backprop, Some(Mode::Backprop)),
            Output::TrueDerivative => (Extent::Value, Some(Mode::True)),
        };
        self.forward(xs, extent, scratch);
        match mode {
            None => {
                let node = self.graph.output;
                out.copy_from_slice(&scratch.values[node * len..(node + 1) * len]);
            }
            Some(mode) => out.copy_from_slice(self.gradient(mode, len, scratch)),
        }
    }

    /// Fills `scratch.values` with the value at every x of each node a pass of
    /// `extent` computes (the others hold whatever they held), node after node.
    fn forward<F: Real>(&self, xs: &[F], extent: Extent, scratch: &mut Scratch<F>) {
        scratch
            .values
            .resize(self.graph.nodes.len() * xs.len(), F::zero());
        forward::run(
            &self.graph,
            &self.schedule,
            extent,
            self.framework,
            xs,
            &self.params,
            &mut scratch.values,
        );
    }

    /// The gradient of `mode` with respect to x at every x (zeros where no path
    /// reaches x), from the forward pass in `scratch.values`.
    fn gradient<'s, F: Real>(
        &self,
        mode: Mode,
        len: usize,
        scratch: &'s mut Scratch<F>,
    ) -> &'s [F] {
        let paths = match mode {
            Mode::Backprop => &self.backprop_paths,
            Mode::True => &self.true_paths,
        };
        let Scratch {
            values,
            grads,
            reached,
        } = scratch;
        // A node's gradient is written before it is read (its first contribution is
        // stored, not added), so only the flags need resetting.
        grads.resize(self.graph.nodes.len() * len, F::zero());
        reached.clear();
        reached.resize(self.graph.nodes.len(), false);
        let reaches_x = backward::run(
            &self.graph,
            self.framework,
            mode,
            paths,
            values,
            len,
            grads,
            reached,
        );
        if !reaches_x {
            grads[..len].fill(F::zero());
        }
        &grads[..len]
    }
}

/// The buffers of a formula's passes, kept from one call to the next so that a
/// call on one x (the sampler's bisections) allocates nothing: every node's values,
/// every node's gradient and which nodes received one.
#[derive(Debug, Default)]
pub struct Scratch<F> {
    values: Vec<F>,
    grads: Vec<F>,
    reached: Vec<bool>,
}

impl PartialEq for Formula {
    /// The same framework, canonical text and parameters.
    fn eq(&self, other: &Self) -> bool {
        self.framework == other.framework && self.text == other.text && self.params == other.params
    }
}

impl FromStr for Formula {
    type Err = FormulaError;

    /// The spec form: `tf: x + 1; lam = 5 in [0, 10]`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.len() > MAX_FORMULA_LEN {
            return Err(FormulaError::whole(FormulaErrorKind::TooLong(text.len())));
        }
        let start = text.len() - text.trim_start().len();
        let Some(colon) = text.find(':') else {
            return Err(FormulaError::at(
                FormulaErrorKind::MissingFramework,
                text,
                start,
            ));
        };
        let framework = text[..colon]
            .trim()
            .parse::<Framework>()
            .map_err(|e| FormulaError {
                kind: e.kind,
                ..FormulaError::at(FormulaErrorKind::MissingFramework, text, start)
            })?;
        Formula::parse_from(framework, text, colon + 1)
    }
}

impl fmt::Display for Formula {
    /// The canonical spec: `tf: relu(x - lam); lam = 2 in [0, 5]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.framework, self.text)?;
        for p in &self.params {
            write!(f, "; {} = {}", p.name, crate::spec::format_number(p.value))?;
            if let Some((lo, hi)) = p.range {
                write!(
                    f,
                    " in [{}, {}]",
                    crate::spec::format_number(lo),
                    crate::spec::format_number(hi)
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
