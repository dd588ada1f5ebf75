//! An estimator: a catalog forward paired with a backward choice, each with its
//! parameter values, or a formula in a framework's own syntax. It computes, in `f32`
//! or `f64`, the forward value, the gradient back-propagation uses, and the true
//! derivative, and lists the breaks the catalog knows of (a formula's jumps are found
//! by the sampler, numerically).

use std::cell::RefCell;
use std::sync::Arc;

use crate::catalog::{self, Backward, Break, BreakKind, Forward, Gradient};
use crate::formula::{Formula, Scratch};
use crate::real::Kernel;
use crate::real::{Real, ScalarFn, SliceFn};

/// What computes the three outputs. Build one from spec text with `str::parse` (see
/// [`crate::spec`]): `round/identity` is a catalog pair, `tf: round(x)` a formula.
#[derive(Clone, Debug, PartialEq)]
pub enum Estimator {
    /// A catalog forward with a catalog backward.
    Catalog(Pair),
    /// A formula: its value, its framework's gradient and its true derivative.
    Formula(Arc<Formula>),
}

/// A catalog forward and backward with their parameter values (every parameter, in
/// catalog order).
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    /// The forward function.
    pub forward: &'static Forward,
    /// Values of `forward.params`, in order.
    pub forward_params: Vec<f64>,
    /// The backward choice.
    pub backward: &'static Backward,
    /// Values of `backward.params`, in order.
    pub backward_params: Vec<f64>,
}

impl Pair {
    /// The forward and backward with every parameter at its default.
    pub fn with_defaults(forward: &'static Forward, backward: &'static Backward) -> Self {
        Pair {
            forward,
            forward_params: forward.params.iter().map(|p| p.default).collect(),
            backward,
            backward_params: backward.params.iter().map(|p| p.default).collect(),
        }
    }
}

impl From<Pair> for Estimator {
    fn from(pair: Pair) -> Self {
        Estimator::Catalog(pair)
    }
}

impl From<Formula> for Estimator {
    fn from(formula: Formula) -> Self {
        Estimator::Formula(Arc::new(formula))
    }
}

/// The values at one x.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point<F> {
    /// The input.
    pub x: F,
    /// The forward value f(x).
    pub value: F,
    /// The gradient back-propagation uses at x.
    pub backward: F,
    /// The true derivative f'(x) (0 at a jump; see [`Estimator::forward_breaks`]).
    pub true_derivative: F,
}

/// An estimator ready to evaluate in one dtype: its kernels picked and its
/// parameters rounded to that dtype, as TensorFlow does with Python floats (a formula
/// rounds its own literals and parameters).
pub struct Bound<F: Real> {
    kind: BoundKind<F>,
}

enum BoundKind<F> {
    Kernels {
        value: Picked<F>,
        derivative: Picked<F>,
        forward_params: Vec<F>,
        gradient: Picked<F>,
        gradient_params: Vec<F>,
    },
    /// The formula, and the buffers its passes reuse.
    Formula(Arc<Formula>, RefCell<Scratch<F>>),
}

/// One kernel picked for one dtype.
#[derive(Clone, Copy)]
struct Picked<F> {
    at: ScalarFn<F>,
    over: SliceFn<F>,
}

impl<F: Real> Picked<F> {
    fn pick(kernel: &Kernel) -> Self {
        Picked {
            at: F::pick(kernel),
            over: F::pick_slice(kernel),
        }
    }
}

impl Estimator {
    /// The catalog forward and backward with every parameter at its default.
    pub fn with_defaults(forward: &'static Forward, backward: &'static Backward) -> Self {
        Pair::with_defaults(forward, backward).into()
    }

    /// The catalog pair, unless this is a formula.
    pub fn pair(&self) -> Option<&Pair> {
        match self {
            Estimator::Catalog(pair) => Some(pair),
            Estimator::Formula(_) => None,
        }
    }

    /// The formula, unless this is a catalog pair.
    pub fn formula(&self) -> Option<&Formula> {
        match self {
            Estimator::Catalog(_) => None,
            Estimator::Formula(formula) => Some(formula),
        }
    }

    /// Picks the kernels for dtype `F` and rounds the parameters to it.
    pub fn bind<F: Real>(&self) -> Bound<F> {
        let pair = match self {
            Estimator::Catalog(pair) => pair,
            Estimator::Formula(formula) => {
                return Bound {
                    kind: BoundKind::Formula(Arc::clone(formula), RefCell::default()),
                }
            }
        };
        let forward_params: Vec<F> = pair.forward_params.iter().map(|&v| F::c(v)).collect();
        let derivative = Picked::pick(&pair.forward.kernels.derivative);
        let (gradient, gradient_params) = match pair.backward.kernels.gradient {
            Gradient::TrueDerivative => (derivative, forward_params.clone()),
            Gradient::Surrogate(kernel) => (
                Picked::pick(&kernel),
                pair.backward_params.iter().map(|&v| F::c(v)).collect(),
            ),
        };
        Bound {
            kind: BoundKind::Kernels {
                value: Picked::pick(&pair.forward.kernels.value),
                derivative,
                forward_params,
                gradient,
                gradient_params,
            },
        }
    }

    /// Whether the backward is the forward's own derivative, so that the true
    /// derivative's curve is the backward's (never for a formula, whose gradient
    /// tricks may make them differ).
    pub fn backward_is_true_derivative(&self) -> bool {
        self.pair()
            .is_some_and(|pair| matches!(pair.backward.kernels.gradient, Gradient::TrueDerivative))
    }

    /// Where the catalog says the forward jumps or kinks in `[from, to]` (none for a
    /// formula: the sampler finds those).
    pub fn forward_breaks(&self, from: f64, to: f64) -> Vec<Break> {
        match self {
            Estimator::Catalog(pair) => (pair.forward.breaks)(&pair.forward_params, from, to),
            Estimator::Formula(_) => Vec::new(),
        }
    }

    /// Where the catalog says the backward jumps in `[from, to]`. For the true
    /// derivative, a kink of the forward is a jump of its derivative, and a jump of
    /// the forward is a delta, which is also listed as a jump.
    pub fn backward_breaks(&self, from: f64, to: f64) -> Vec<Break> {
        let pair = match self {
            Estimator::Catalog(pair) => pair,
            Estimator::Formula(_) => return Vec::new(),
        };
        match pair.backward.kernels.gradient {
            Gradient::TrueDerivative => self
                .forward_breaks(from, to)
                .into_iter()
                .map(|b| Break {
                    x: b.x,
                    kind: BreakKind::Jump,
                })
                .collect(),
            Gradient::Surrogate(_) => (pair.backward.breaks)(&pair.backward_params, from, to),
        }
    }

    /// Whether this estimator may return NaN or infinity for finite input: a catalog
    /// pitfall reproduced on purpose, or any formula.
    pub fn may_be_non_finite(&self) -> bool {
        match self {
            Estimator::Catalog(pair) => {
                pair.forward.pitfall.is_some() || pair.backward.pitfall.is_some()
            }
            Estimator::Formula(_) => true,
        }
    }

    /// What the framework does where it finds no gradient path from x to a formula
    /// (TensorFlow's `None`, PyTorch's "does not require grad"; `df` is then 0), as
    /// the tool says it once beside the numbers; `None` when there is a path.
    pub fn no_gradient_message(&self) -> Option<&'static str> {
        let formula = self.formula().filter(|f| f.no_gradient_path())?;
        formula.framework().no_gradient_message()
    }

    /// The default estimator of the page: `soft_round(alpha=3)`.
    pub fn starting_view() -> Self {
        let forward = catalog::forward("soft_round").expect("soft_round is in the catalog");
        let backward = catalog::backward(catalog::TRUE_BACKWARD).expect("true is in the catalog");
        Estimator::with_defaults(forward, backward)
    }
}

/// One of the three things an estimator computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// The forward value f(x).
    Value,
    /// The gradient back-propagation uses.
    Backward,
    /// The forward's true derivative.
    TrueDerivative,
}

impl std::str::FromStr for Output {
    type Err = String;

    /// `f`, `backward` or `true`, as the CSV columns and the page name them.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "f" => Ok(Output::Value),
            "backward" => Ok(Output::Backward),
            "true" => Ok(Output::TrueDerivative),
            other => Err(format!("unknown output '{other}': use f, backward or true")),
        }
    }
}

/// One output of a bound estimator, computed one x at a time or over a slice; NaN
/// in, NaN out.
#[derive(Clone, Copy)]
pub struct BoundOutput<'b, F> {
    source: OutputSource<'b, F>,
}

#[derive(Clone, Copy)]
enum OutputSource<'b, F> {
    Kernel {
        picked: Picked<F>,
        params: &'b [F],
    },
    Formula {
        formula: &'b Formula,
        output: Output,
        scratch: &'b RefCell<Scratch<F>>,
    },
}

impl<F: Real> BoundOutput<'_, F> {
    /// The output at x (a formula evaluates a one-element slice).
    #[inline]
    pub fn at(&self, x: F) -> F {
        if x.is_nan() {
            return x;
        }
        match self.source {
            OutputSource::Kernel { picked, params } => (picked.at)(x, params),
            OutputSource::Formula { .. } => {
                let mut out = [F::zero()];
                self.over(&[x], &mut out);
                out[0]
            }
        }
    }

    /// Fills `out[i]` with the output at `xs[i]`, one call for the whole slice (a
    /// formula: one pass per node over the slice).
    pub fn over(&self, xs: &[F], out: &mut [F]) {
        match self.source {
            OutputSource::Kernel { picked, params } => (picked.over)(xs, params, out),
            OutputSource::Formula {
                formula,
                output,
                scratch,
            } => {
                formula.evaluate_output(xs, output, out, &mut scratch.borrow_mut());
                for (y, x) in out.iter_mut().zip(xs) {
                    if x.is_nan() {
                        *y = *x;
                    }
                }
            }
        }
    }
}

impl<F: Real> Bound<F> {
    /// One of the three outputs.
    pub fn output(&self, output: Output) -> BoundOutput<'_, F> {
        let source = match &self.kind {
            BoundKind::Kernels {
                value,
                derivative,
                forward_params,
                gradient,
                gradient_params,
            } => {
                let (picked, params) = match output {
                    Output::Value => (*value, forward_params),
                    Output::Backward => (*gradient, gradient_params),
                    Output::TrueDerivative => (*derivative, forward_params),
                };
                OutputSource::Kernel { picked, params }
            }
            BoundKind::Formula(formula, scratch) => OutputSource::Formula {
                formula,
                output,
                scratch,
            },
        };
        BoundOutput { source }
    }

    /// The forward value f(x); NaN for NaN.
    pub fn value(&self, x: F) -> F {
        self.output(Output::Value).at(x)
    }

    /// The gradient back-propagation uses at x; NaN for NaN.
    pub fn backward(&self, x: F) -> F {
        self.output(Output::Backward).at(x)
    }

    /// The forward's true derivative at x (almost everywhere); NaN for NaN.
    pub fn true_derivative(&self, x: F) -> F {
        self.output(Output::TrueDerivative).at(x)
    }

    /// Everything at one x.
    pub fn point(&self, x: F) -> Point<F> {
        Point {
            x,
            value: self.value(x),
            backward: self.backward(x),
            true_derivative: self.true_derivative(x),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formulas_outputs_are_its_evaluation_one_x_or_a_slice_at_a_time() {
        let estimator: Estimator = "tf: x + stop_gradient(round(x) - x) * lam; lam = 0.5"
            .parse()
            .unwrap();
        let formula = estimator.formula().unwrap();
        let xs: Vec<f32> = (-40..=40).map(|i| i as f32 * 0.07).collect();
        let evaluation = formula.evaluate(&xs);
        let bound = estimator.bind::<f32>();
        let columns = [
            (Output::Value, &evaluation.value),
            (Output::Backward, &evaluation.gradient),
            (Output::TrueDerivative, &evaluation.true_gradient),
        ];
        for (output, want) in columns {
            let mut over = vec![0.0; xs.len()];
            bound.output(output).over(&xs, &mut over);
            assert_eq!(&over, want, "{output:?} over the slice");
            let at: Vec<f32> = xs.iter().map(|&x| bound.output(output).at(x)).collect();
            assert_eq!(&at, want, "{output:?} one x at a time");
        }
        assert!(estimator.may_be_non_finite());
        assert!(!estimator.backward_is_true_derivative());
    }

    #[test]
    fn nan_in_gives_nan_out_even_where_a_formulas_gradient_is_constant() {
        let estimator: Estimator = "torch: x + stop_gradient(round(x) - x)".parse().unwrap();
        let bound = estimator.bind::<f64>();
        let mut out = [0.0; 2];
        bound
            .output(Output::Backward)
            .over(&[f64::NAN, 0.3], &mut out);
        assert!(out[0].is_nan());
        assert_eq!(out[1], 1.0);
        assert!(bound.backward(f64::NAN).is_nan());
    }

    #[test]
    fn only_a_framework_that_reports_it_says_there_is_no_gradient_path() {
        let message = |spec: &str| spec.parse::<Estimator>().unwrap().no_gradient_message();
        assert!(message("tf: round(x)").unwrap().contains("None"));
        assert!(message("torch: cast(x > 0)")
            .unwrap()
            .contains("require grad"));
        assert_eq!(message("jax: round(x)"), None);
        assert_eq!(message("tf: x + stop_gradient(round(x) - x)"), None);
        assert_eq!(message("round"), None);
    }
}
