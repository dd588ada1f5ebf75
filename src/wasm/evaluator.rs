//! Evaluation of a spec at many x from JavaScript, for the bench's throughput page
//! and the wasm tests only: built with the `bench` feature, left out of the page's
//! module.

use wasm_bindgen::prelude::*;

use super::js_error;
use crate::estimator::{Estimator, Output};
use crate::real::{Dtype, Real};

/// Forward values, backwards and true derivatives at many x.
#[wasm_bindgen]
pub struct Evaluation {
    values: Vec<f64>,
    backwards: Vec<f64>,
    true_derivatives: Vec<f64>,
}

#[wasm_bindgen]
impl Evaluation {
    /// f(x) at each x.
    pub fn values(&self) -> Vec<f64> {
        self.values.clone()
    }

    /// The backward at each x.
    pub fn backwards(&self) -> Vec<f64> {
        self.backwards.clone()
    }

    /// The true derivative at each x.
    pub fn true_derivatives(&self) -> Vec<f64> {
        self.true_derivatives.clone()
    }
}

/// The x, rounded to one dtype, and the results of the last run in that dtype.
struct Buffers<F> {
    xs: Vec<F>,
    out: Vec<F>,
}

impl<F: Real> Buffers<F> {
    fn new(xs: &[f64]) -> Self {
        Buffers {
            xs: xs.iter().map(|&x| F::c(x)).collect(),
            out: vec![F::zero(); xs.len()],
        }
    }

    fn run(&mut self, estimator: &Estimator, output: Output) {
        let bound = estimator.bind::<F>();
        bound.output(output).over(&self.xs, &mut self.out);
    }

    fn results(&self) -> Vec<f64> {
        self.out.iter().map(|v| v.to_f64_lossless()).collect()
    }
}

/// The buffers of the dtype an [`Evaluator`] computes in.
enum DtypeBuffers {
    F32(Buffers<f32>),
    F64(Buffers<f64>),
}

/// An estimator in a dtype with its x, rounded to that dtype, and its results kept in
/// wasm memory: each [`Evaluator::run`] computes one output at every x in one call
/// over the slice, converting and copying nothing.
#[wasm_bindgen]
pub struct Evaluator {
    estimator: Estimator,
    buffers: DtypeBuffers,
}

/// Public methods, exported to JavaScript.
#[wasm_bindgen]
impl Evaluator {
    /// `spec` in `dtype` (`f32`/`f64`) at each x of a `Float64Array`.
    #[wasm_bindgen(constructor)]
    pub fn new(spec: &str, dtype: &str, xs: &[f64]) -> Result<Evaluator, JsError> {
        let estimator = spec
            .parse()
            .map_err(|e: crate::spec::SpecError| js_error(e.to_string()))?;
        let buffers = match dtype.parse().map_err(js_error)? {
            Dtype::F32 => DtypeBuffers::F32(Buffers::new(xs)),
            Dtype::F64 => DtypeBuffers::F64(Buffers::new(xs)),
        };
        Ok(Evaluator { estimator, buffers })
    }

    /// Computes `output` (`f`, `backward` or `true`) at every x.
    pub fn run(&mut self, output: &str) -> Result<(), JsError> {
        let output: Output = output.parse().map_err(js_error)?;
        match &mut self.buffers {
            DtypeBuffers::F32(buffers) => buffers.run(&self.estimator, output),
            DtypeBuffers::F64(buffers) => buffers.run(&self.estimator, output),
        }
        Ok(())
    }

    /// The results of the last run, one per x (0 before the first run).
    pub fn results(&self) -> Vec<f64> {
        match &self.buffers {
            DtypeBuffers::F32(buffers) => buffers.results(),
            DtypeBuffers::F64(buffers) => buffers.results(),
        }
    }
}
/// Evaluates `spec` at each x (a `Float64Array`), computed in `dtype` (`f32`/`f64`).
#[wasm_bindgen]
pub fn evaluate(spec: &str, dtype: &str, xs: &[f64]) -> Result<Evaluation, JsError> {
    let mut evaluator = Evaluator::new(spec, dtype, xs)?;
    let mut results = |output| {
        evaluator.run(output)?;
        Ok::<_, JsError>(evaluator.results())
    };
    Ok(Evaluation {
        values: results("f")?,
        backwards: results("backward")?,
        true_derivatives: results("true")?,
    })
}
