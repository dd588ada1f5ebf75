//! An estimator: a forward function paired with a backward choice, each with its
//! parameter values. It computes, in `f32` or `f64`, the forward value, the gradient
//! back-propagation uses, and the true derivative, and lists the breaks to draw.

use crate::catalog::{self, Backward, Break, BreakKind, Forward, Gradient};
use crate::real::{Real, ScalarFn};

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
    value: ScalarFn<F>,
    derivative: ScalarFn<F>,
    forward_params: Vec<F>,
    gradient: ScalarFn<F>,
    gradient_params: Vec<F>,
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
        let derivative = F::pick(&self.forward.derivative);
        let (gradient, gradient_params) = match self.backward.gradient {
            Gradient::TrueDerivative => (derivative, forward_params.clone()),
            Gradient::Surrogate(kernel) => (
                F::pick(&kernel),
                self.backward_params.iter().map(|&v| F::c(v)).collect(),
            ),
        };
        Bound {
            value: F::pick(&self.forward.value),
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
        match self.backward.gradient {
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

impl<F: Real> Bound<F> {
    /// The forward value f(x); NaN for NaN.
    #[inline]
    pub fn value(&self, x: F) -> F {
        if x.is_nan() {
            return x;
        }
        (self.value)(x, &self.forward_params)
    }

    /// The gradient back-propagation uses at x; NaN for NaN.
    #[inline]
    pub fn backward(&self, x: F) -> F {
        if x.is_nan() {
            return x;
        }
        (self.gradient)(x, &self.gradient_params)
    }

    /// The forward's true derivative at x (almost everywhere); NaN for NaN.
    #[inline]
    pub fn true_derivative(&self, x: F) -> F {
        if x.is_nan() {
            return x;
        }
        (self.derivative)(x, &self.forward_params)
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

    /// Fills `out[i]` with f(xs[i]).
    pub fn values_into(&self, xs: &[F], out: &mut [F]) {
        out.iter_mut()
            .zip(xs)
            .for_each(|(o, &x)| *o = self.value(x));
    }

    /// Fills `out[i]` with the backward at xs[i].
    pub fn backwards_into(&self, xs: &[F], out: &mut [F]) {
        out.iter_mut()
            .zip(xs)
            .for_each(|(o, &x)| *o = self.backward(x));
    }

    /// Fills `out[i]` with the true derivative at xs[i].
    pub fn true_derivatives_into(&self, xs: &[F], out: &mut [F]) {
        out.iter_mut()
            .zip(xs)
            .for_each(|(o, &x)| *o = self.true_derivative(x));
    }
}
