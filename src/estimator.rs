//! An estimator: a forward function paired with a backward choice, each with its
//! parameter values. It computes, in `f32` or `f64`, the forward value, the gradient
//! back-propagation uses, and the true derivative, and lists the breaks to draw.

use crate::catalog::{self, Backward, Break, BreakKind, Forward, Gradient};
use crate::real::Kernel;
use crate::real::{Real, ScalarFn, SliceFn};

/// A forward and a backward with their parameter values (every parameter, in catalog
/// order). Build one from spec text with `str::parse` (see [`crate::spec`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Estimator {
    /// The forward function.
    pub forward: &'static Forward,
    /// Values of `forward.params`, in order.
    pub forward_params: Vec<f64>,
    /// The backward choice.
    pub backward: &'static Backward,
    /// Values of `backward.params`, in order.
    pub backward_params: Vec<f64>,
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

/// An estimator ready to evaluate in one dtype: its formulas picked and its
/// parameters rounded to that dtype, as TensorFlow does with Python floats.
pub struct Bound<F: Real> {
    value: Formula<F>,
    derivative: Formula<F>,
    forward_params: Vec<F>,
    gradient: Formula<F>,
    gradient_params: Vec<F>,
}

/// One kernel picked for one dtype.
#[derive(Clone, Copy)]
struct Formula<F> {
    at: ScalarFn<F>,
    over: SliceFn<F>,
}

impl<F: Real> Formula<F> {
    fn pick(kernel: &Kernel) -> Self {
        Formula {
            at: F::pick(kernel),
            over: F::pick_slice(kernel),
        }
    }
}

impl Estimator {
    /// The forward and backward with every parameter at its default.
    pub fn with_defaults(forward: &'static Forward, backward: &'static Backward) -> Self {
        Estimator {
            forward,
            forward_params: forward.params.iter().map(|p| p.default).collect(),
            backward,
            backward_params: backward.params.iter().map(|p| p.default).collect(),
        }
    }

    /// Picks the formulas for dtype `F` and rounds the parameters to it.
    pub fn bind<F: Real>(&self) -> Bound<F> {
        let forward_params: Vec<F> = self.forward_params.iter().map(|&v| F::c(v)).collect();
        let derivative = Formula::pick(&self.forward.kernels.derivative);
        let (gradient, gradient_params) = match self.backward.kernels.gradient {
            Gradient::TrueDerivative => (derivative, forward_params.clone()),
            Gradient::Surrogate(kernel) => (
                Formula::pick(&kernel),
                self.backward_params.iter().map(|&v| F::c(v)).collect(),
            ),
        };
        Bound {
            value: Formula::pick(&self.forward.kernels.value),
            derivative,
            forward_params,
            gradient,
            gradient_params,
        }
    }

    /// Where the forward jumps or kinks in `[from, to]`.
    pub fn forward_breaks(&self, from: f64, to: f64) -> Vec<Break> {
        (self.forward.breaks)(&self.forward_params, from, to)
    }

    /// Where the backward jumps in `[from, to]`. For the true derivative, a kink of the
    /// forward is a jump of its derivative, and a jump of the forward is a delta,
    /// which is also listed as a jump.
    pub fn backward_breaks(&self, from: f64, to: f64) -> Vec<Break> {
        match self.backward.kernels.gradient {
            Gradient::TrueDerivative => self
                .forward_breaks(from, to)
                .into_iter()
                .map(|b| Break {
                    x: b.x,
                    kind: BreakKind::Jump,
                })
                .collect(),
            Gradient::Surrogate(_) => (self.backward.breaks)(&self.backward_params, from, to),
        }
    }

    /// Whether the catalog allows this estimator to return NaN or infinity for
    /// finite input (a pitfall reproduced on purpose).
    pub fn may_be_non_finite(&self) -> bool {
        self.forward.pitfall.is_some() || self.backward.pitfall.is_some()
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
    formula: Formula<F>,
    params: &'b [F],
}

impl<F: Real> BoundOutput<'_, F> {
    /// The output at x.
    #[inline]
    pub fn at(&self, x: F) -> F {
        if x.is_nan() {
            return x;
        }
        (self.formula.at)(x, self.params)
    }

    /// Fills `out[i]` with the output at `xs[i]`, one call for the whole slice.
    pub fn over(&self, xs: &[F], out: &mut [F]) {
        (self.formula.over)(xs, self.params, out)
    }
}

impl<F: Real> Bound<F> {
    /// One of the three outputs.
    pub fn output(&self, output: Output) -> BoundOutput<'_, F> {
        let (formula, params) = match output {
            Output::Value => (self.value, &self.forward_params),
            Output::Backward => (self.gradient, &self.gradient_params),
            Output::TrueDerivative => (self.derivative, &self.forward_params),
        };
        BoundOutput { formula, params }
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
