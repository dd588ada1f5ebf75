//! The edits a person makes on the page, applied to a [`View`]: choose a forward, a
//! backward or a preset, set a parameter, the range or the dtype, toggle curves, pin
//! and unpin. Each edit is checked; a refused edit returns a message and changes
//! nothing, so the page keeps its last good plot.
//!
//! This is the page's logic in plain Rust, tested natively; `wasm.rs` only wraps it.

use serde::Serialize;

use crate::catalog::{self, Param, Preset};
use crate::estimator::Estimator;
use crate::real::{Dtype, Real};
use crate::table;
use crate::url_state;
use crate::view::{check_range, View, MAX_PINS};

/// Which half of the estimator a parameter belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The forward function's parameters.
    Forward,
    /// The backward's parameters.
    Backward,
}

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "forward" => Ok(Role::Forward),
            "backward" => Ok(Role::Backward),
            other => Err(format!("unknown role '{other}': use forward or backward")),
        }
    }
}

/// Number of rows in the page's CSV export (`gradscope table --samples` gives the same).
pub const CSV_SAMPLES: usize = 1001;

/// The page's view and the edits on it.
#[derive(Clone, Debug, Default)]
pub struct Session {
    /// What is shown now.
    pub view: View,
}

/// The values under the pointer (or at a keyboard-chosen x).
#[derive(Clone, Debug, Serialize)]
pub struct Readout {
    /// The x, in the view's dtype.
    pub x: f64,
    /// f(x).
    pub value: f64,
    /// The backward at x.
    pub backward: f64,
    /// The true derivative at x.
    pub true_derivative: f64,
    /// Each pinned estimator's spec, value and backward at x.
    pub pins: Vec<PinnedReadout>,
}

/// One pinned estimator's values at the readout's x.
#[derive(Clone, Debug, Serialize)]
pub struct PinnedReadout {
    /// Its canonical spec.
    pub spec: String,
    /// f(x).
    pub value: f64,
    /// The backward at x.
    pub backward: f64,
}

/// What the page's controls show for the current view.
#[derive(Clone, Debug, Serialize)]
pub struct Controls {
    /// The canonical spec.
    pub spec: String,
    /// The forward's id.
    pub forward: &'static str,
    /// The forward's parameters with their current values.
    pub forward_params: Vec<ParamValue>,
    /// The backward's id.
    pub backward: &'static str,
    /// The backward's parameters with their current values.
    pub backward_params: Vec<ParamValue>,
    /// The preset whose estimator this is, if any.
    pub preset: Option<&'static str>,
    /// That preset's note.
    pub note: Option<String>,
    /// The forward's description.
    pub forward_description: &'static str,
    /// The backward's description.
    pub backward_description: &'static str,
    /// Pinned specs.
    pub pins: Vec<String>,
    /// `f32` or `f64`.
    pub dtype: &'static str,
    /// The range.
    pub from: f64,
    /// The range.
    pub to: f64,
    /// Curves on: `true`, `fd`, `implied`.
    pub show_true: bool,
    /// Finite difference on.
    pub show_fd: bool,
    /// Implied forward on.
    pub show_implied: bool,
}

/// A parameter and its current value.
#[derive(Clone, Debug, Serialize)]
pub struct ParamValue {
    /// The catalog parameter.
    #[serde(flatten)]
    pub param: Param,
    /// Its value now.
    pub value: f64,
}

fn param_values(params: &'static [Param], values: &[f64]) -> Vec<ParamValue> {
    params
        .iter()
        .zip(values)
        .map(|(&param, &value)| ParamValue { param, value })
        .collect()
}

impl Session {
    /// Replaces the view with the one a URL query describes; returns a message per
    /// refused value.
    pub fn load_query(&mut self, query: &str) -> Vec<String> {
        let (view, messages) = url_state::read_query(query);
        self.view = view;
        messages
    }

    /// The view as a URL query (without `?`).
    pub fn query(&self) -> String {
        url_state::write_query(&self.view)
    }

    /// Sets the estimator from spec text; `preset:<id>` also brings the preset's
    /// range, when it has one.
    pub fn set_spec(&mut self, text: &str) -> Result<(), String> {
        self.view.estimator = text.parse::<Estimator>().map_err(|e| e.to_string())?;
        if let Some([from, to]) = catalog::preset_of_spec(text).and_then(|p| p.range) {
            self.view.from = from;
            self.view.to = to;
        }
        Ok(())
    }

    /// Chooses a forward, with its parameters at their defaults.
    pub fn set_forward(&mut self, id: &str) -> Result<(), String> {
        let forward = catalog::forward(id).ok_or_else(|| format!("unknown forward '{id}'"))?;
        let estimator = &mut self.view.estimator;
        *estimator = Estimator {
            forward_params: forward.params.iter().map(|p| p.default).collect(),
            forward,
            ..estimator.clone()
        };
        Ok(())
    }

    /// Chooses a backward, with its parameters at their defaults.
    pub fn set_backward(&mut self, id: &str) -> Result<(), String> {
        let backward = catalog::backward(id).ok_or_else(|| format!("unknown backward '{id}'"))?;
        let estimator = &mut self.view.estimator;
        *estimator = Estimator {
            backward_params: backward.params.iter().map(|p| p.default).collect(),
            backward,
            ..estimator.clone()
        };
        Ok(())
    }

    /// Sets one parameter, checked against its range and kind.
    pub fn set_param(&mut self, role: Role, name: &str, value: f64) -> Result<(), String> {
        let estimator = &mut self.view.estimator;
        let (id, params, values) = match role {
            Role::Forward => (
                estimator.forward.id,
                estimator.forward.params,
                &mut estimator.forward_params,
            ),
            Role::Backward => (
                estimator.backward.id,
                estimator.backward.params,
                &mut estimator.backward_params,
            ),
        };
        let index = params
            .iter()
            .position(|p| p.name == name)
            .ok_or_else(|| format!("'{id}' has no parameter '{name}'"))?;
        params[index]
            .check(value)
            .map_err(|why| format!("in '{id}': {why}"))?;
        values[index] = value;
        Ok(())
    }

    /// Sets the x range.
    pub fn set_range(&mut self, from: f64, to: f64) -> Result<(), String> {
        check_range(from, to)?;
        self.view.from = from;
        self.view.to = to;
        Ok(())
    }

    /// Sets the dtype (`f32` or `f64`).
    pub fn set_dtype(&mut self, name: &str) -> Result<(), String> {
        self.view.dtype = name.parse::<Dtype>()?;
        Ok(())
    }

    /// Turns one extra curve on or off: `true`, `fd` or `implied`.
    pub fn set_show(&mut self, curve: &str, on: bool) -> Result<(), String> {
        let show = &mut self.view.show;
        let flag = match curve {
            "true" => &mut show.true_derivative,
            "fd" => &mut show.finite_difference,
            "implied" => &mut show.implied,
            other => return Err(format!("unknown curve '{other}': use true, fd or implied")),
        };
        *flag = on;
        Ok(())
    }

    /// Pins the current estimator for comparison.
    pub fn pin(&mut self) -> Result<(), String> {
        if self.view.pins.len() >= MAX_PINS {
            return Err(format!(
                "at most {MAX_PINS} estimators can be pinned; unpin one first"
            ));
        }
        if self.view.pins.contains(&self.view.estimator) {
            return Err(format!("'{}' is already pinned", self.view.estimator));
        }
        self.view.pins.push(self.view.estimator.clone());
        Ok(())
    }

    /// Removes the pin at `index`.
    pub fn unpin(&mut self, index: usize) -> Result<(), String> {
        if index >= self.view.pins.len() {
            return Err(format!("there is no pin {index}"));
        }
        self.view.pins.remove(index);
        Ok(())
    }

    /// The preset whose estimator the view shows, if any.
    pub fn preset(&self) -> Option<&'static Preset> {
        catalog::presets().find(|p| {
            p.spec
                .parse::<Estimator>()
                .is_ok_and(|e| e == self.view.estimator)
        })
    }

    /// What the controls should show.
    pub fn controls(&self) -> Controls {
        let view = &self.view;
        let estimator = &view.estimator;
        let preset = self.preset();
        Controls {
            spec: estimator.to_string(),
            forward: estimator.forward.id,
            forward_params: param_values(estimator.forward.params, &estimator.forward_params),
            backward: estimator.backward.id,
            backward_params: param_values(estimator.backward.params, &estimator.backward_params),
            preset: preset.map(|p| p.id),
            note: preset.map(Preset::note),
            forward_description: estimator.forward.description,
            backward_description: estimator.backward.description,
            pins: view.pins.iter().map(Estimator::to_string).collect(),
            dtype: view.dtype.name(),
            from: view.from,
            to: view.to,
            show_true: view.show.true_derivative,
            show_fd: view.show.finite_difference,
            show_implied: view.show.implied,
        }
    }

    /// The values at `x` of the estimator and every pin, computed in the view's dtype.
    pub fn readout(&self, x: f64) -> Readout {
        match self.view.dtype {
            Dtype::F32 => self.readout_in::<f32>(x),
            Dtype::F64 => self.readout_in::<f64>(x),
        }
    }

    fn readout_in<F: Real>(&self, x: f64) -> Readout {
        let x = F::c(x);
        let point = self.view.estimator.bind::<F>().point(x);
        Readout {
            x: x.to_f64_lossless(),
            value: point.value.to_f64_lossless(),
            backward: point.backward.to_f64_lossless(),
            true_derivative: point.true_derivative.to_f64_lossless(),
            pins: self
                .view
                .pins
                .iter()
                .map(|pin| {
                    let bound = pin.bind::<F>();
                    PinnedReadout {
                        spec: pin.to_string(),
                        value: bound.value(x).to_f64_lossless(),
                        backward: bound.backward(x).to_f64_lossless(),
                    }
                })
                .collect(),
        }
    }

    /// The view's samples as CSV, the same as
    /// `gradscope table SPEC --from A --to B --samples 1001 --dtype D --true`.
    pub fn csv(&self) -> String {
        let view = &self.view;
        let grid = table::grid(view.from, view.to, CSV_SAMPLES).unwrap_or_default();
        match view.dtype {
            Dtype::F32 => table::grid_csv::<f32>(&view.estimator, &grid, true),
            Dtype::F64 => table::grid_csv::<f64>(&view.estimator, &grid, true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choosing_a_forward_resets_its_parameters_and_keeps_the_backward() {
        let mut session = Session::default();
        session.set_spec("soft_round(alpha=9)/identity").unwrap();
        session.set_forward("hard_threshold").unwrap();
        assert_eq!(
            session.view.estimator.to_string(),
            "hard_threshold/identity"
        );
    }

    #[test]
    fn a_refused_parameter_changes_nothing() {
        let mut session = Session::default();
        let before = session.view.clone();
        let message = session.set_param(Role::Forward, "alpha", 1e9).unwrap_err();
        assert!(message.contains("out of range"), "{message}");
        assert!(session.set_param(Role::Forward, "alpah", 1.0).is_err());
        assert!(session.set_range(2.0, 1.0).is_err());
        assert_eq!(session.view, before);
    }

    #[test]
    fn presets_are_recognised_and_carry_their_note() {
        let mut session = Session::default();
        session.set_spec("preset:round-sigmoid-naive").unwrap();
        let controls = session.controls();
        assert_eq!(controls.preset, Some("round-sigmoid-naive"));
        assert!(controls.note.unwrap().contains("float32"));
    }

    #[test]
    fn pins_stop_at_four_and_refuse_duplicates() {
        let mut session = Session::default();
        session.pin().unwrap();
        assert!(session.pin().is_err());
        for alpha in [1.0, 2.0, 4.0] {
            session.set_param(Role::Forward, "alpha", alpha).unwrap();
            session.pin().unwrap();
        }
        session.set_param(Role::Forward, "alpha", 5.0).unwrap();
        assert!(session.pin().unwrap_err().contains("at most 4"));
        session.unpin(0).unwrap();
        assert_eq!(session.view.pins.len(), 3);
    }

    #[test]
    fn readout_is_computed_in_the_views_dtype() {
        let mut session = Session::default();
        session.set_spec("sigmoid_round_naive(slope=1000)").unwrap();
        assert!(session.readout(0.6).value.is_finite());
        session.set_dtype("f32").unwrap();
        assert!(session.readout(0.6).value.is_nan());
    }

    /// Whether two results are the same value (any NaN equals any NaN).
    fn same(a: f32, b: f32) -> bool {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    }

    #[test]
    fn csv_rows_are_the_views_estimator_evaluated_on_an_even_grid() {
        let mut session = Session::default();
        session.set_spec("sigmoid_round_naive(slope=1000)").unwrap();
        session.set_range(0.25, 1.5).unwrap();
        session.set_dtype("f32").unwrap();
        let csv = session.csv();
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("x,f,df,true"));
        let rows: Vec<[f32; 4]> = lines
            .map(|line| {
                let cells: Vec<f32> = line
                    .split(',')
                    .map(|cell| cell.parse().unwrap_or_else(|_| panic!("{line}")))
                    .collect();
                cells.try_into().unwrap_or_else(|_| panic!("{line}"))
            })
            .collect();
        assert_eq!(rows.len(), CSV_SAMPLES);
        assert_eq!((rows[0][0], rows[CSV_SAMPLES - 1][0]), (0.25, 1.5));
        let step = (1.5 - 0.25) / (CSV_SAMPLES - 1) as f64;
        let bound = session.view.estimator.bind::<f32>();
        let mut nan_rows = 0;
        for (i, &[x, f, df, true_derivative]) in rows.iter().enumerate() {
            let on_grid = (0.25 + step * i as f64) as f32;
            assert!(
                (x - on_grid).abs() <= f32::EPSILON * 2.0,
                "row {i}: x = {x}"
            );
            assert!(same(f, bound.value(x)), "row {i}: f({x}) = {f}");
            assert!(same(df, bound.backward(x)), "row {i}: df({x}) = {df}");
            assert!(
                same(true_derivative, bound.true_derivative(x)),
                "row {i}: true({x}) = {true_derivative}"
            );
            nan_rows += usize::from(f.is_nan());
        }
        // The view's float32 pitfall is in the export: NaN past the overflow near 0.59.
        assert!(
            nan_rows > 0,
            "no NaN row in the f32 export of the naive sigmoid"
        );
    }
}
