//! What one picture shows: the estimator, the pinned ones beside it, the x range,
//! the dtype and which extra curves are on; how it is shown to a class (which
//! panels, presented or embedded, in which theme, at which step of a guided tour);
//! and what the training lab trains them on. The page's state, the URL's content
//! and the input of `gradscope plot` and `gradscope train` are all a [`View`].

use crate::estimator::Estimator;
use crate::figure::{Panel, Theme};
use crate::real::Dtype;

/// At most this many estimators may be pinned beside the current one.
pub const MAX_PINS: usize = 4;

/// A curve drawn besides the estimator's own, when asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtraCurve {
    /// The forward's true derivative.
    TrueDerivative,
    /// A central finite difference of the forward.
    FiniteDifference,
    /// The running integral of the backward.
    Implied,
}

impl ExtraCurve {
    /// Every extra curve, in legend order.
    pub const ALL: [ExtraCurve; 3] = [
        ExtraCurve::TrueDerivative,
        ExtraCurve::FiniteDifference,
        ExtraCurve::Implied,
    ];

    /// Its name in URLs, on the command line and in the page: `true`, `fd`, `implied`.
    pub const fn name(self) -> &'static str {
        match self {
            ExtraCurve::TrueDerivative => "true",
            ExtraCurve::FiniteDifference => "fd",
            ExtraCurve::Implied => "implied",
        }
    }

    /// Its legend text in the figure.
    pub fn legend(self) -> &'static str {
        match self {
            ExtraCurve::TrueDerivative => "true derivative",
            ExtraCurve::FiniteDifference => "finite difference of f",
            ExtraCurve::Implied => "implied forward (integral of df)",
        }
    }

    /// The extra curve of this name.
    pub fn named(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// Which extra curves are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Show {
    /// The forward's true derivative (with delta arrows at jumps), in the lower panel.
    pub true_derivative: bool,
    /// A central finite difference of the forward, in the lower panel.
    pub finite_difference: bool,
    /// The implied forward: the running integral of the backward from the left end,
    /// in the upper panel.
    pub implied: bool,
}

impl Show {
    /// No extra curve.
    pub const NONE: Show = Show {
        true_derivative: false,
        finite_difference: false,
        implied: false,
    };

    /// Whether `curve` is drawn.
    pub fn has(&self, curve: ExtraCurve) -> bool {
        *self.flag(curve)
    }

    /// Draws `curve`, or stops drawing it.
    pub fn set(&mut self, curve: ExtraCurve, on: bool) {
        *self.flag_mut(curve) = on;
    }

    fn flag(&self, curve: ExtraCurve) -> &bool {
        match curve {
            ExtraCurve::TrueDerivative => &self.true_derivative,
            ExtraCurve::FiniteDifference => &self.finite_difference,
            ExtraCurve::Implied => &self.implied,
        }
    }

    fn flag_mut(&mut self, curve: ExtraCurve) -> &mut bool {
        match curve {
            ExtraCurve::TrueDerivative => &mut self.true_derivative,
            ExtraCurve::FiniteDifference => &mut self.finite_difference,
            ExtraCurve::Implied => &mut self.implied,
        }
    }
}

impl Default for Show {
    /// The true derivative on, the others off.
    fn default() -> Self {
        Show {
            true_derivative: true,
            finite_difference: false,
            implied: false,
        }
    }
}

/// Which of the two panels are shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Panels {
    /// f(x) above, the backward below.
    #[default]
    Both,
    /// Only f(x).
    Forward,
    /// Only the backward df/dx.
    Backward,
}

impl Panels {
    /// Every choice, in the order the page lists them.
    pub const ALL: [Panels; 3] = [Panels::Both, Panels::Forward, Panels::Backward];

    /// Its name in URLs (`panel=`): `both`, `f`, `df`.
    pub const fn name(self) -> &'static str {
        match self {
            Panels::Both => "both",
            Panels::Forward => "f",
            Panels::Backward => "df",
        }
    }

    /// The choice of this name.
    pub fn named(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The panels drawn, top to bottom.
    pub fn panels(self) -> &'static [Panel] {
        match self {
            Panels::Both => &[Panel::Forward, Panel::Backward],
            Panels::Forward => &[Panel::Forward],
            Panels::Backward => &[Panel::Backward],
        }
    }

    /// Whether `panel` is drawn.
    pub fn shows(self, panel: Panel) -> bool {
        self.panels().contains(&panel)
    }
}

/// One picture's content, and how it is shown.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    /// The estimator being explored.
    pub estimator: Estimator,
    /// Estimators pinned for comparison (at most [`MAX_PINS`]).
    pub pins: Vec<Estimator>,
    /// Left end of the x range.
    pub from: f64,
    /// Right end of the x range (greater than `from`).
    pub to: f64,
    /// The dtype every curve is computed in.
    pub dtype: Dtype,
    /// Extra curves.
    pub show: Show,
    /// Presentation mode: the plots fill the window, text and curves are larger.
    pub present: bool,
    /// The colours; `None` follows the surroundings (the page's
    /// `prefers-color-scheme`, light on the command line).
    pub theme: Option<Theme>,
    /// Embedded in another page: the plots alone, no controls.
    pub embed: bool,
    /// Which panels are drawn.
    pub panels: Panels,
    /// The guided tour being walked (a `catalog::tours()` id), if any.
    pub tour: Option<&'static str>,
    /// The tour's step shown now, from 1 (`None` without a tour).
    pub step: Option<usize>,
    /// The training lab's task, epochs, seed and learning rate.
    pub training: crate::train::Settings,
}

impl Default for View {
    /// `soft_round(alpha=3)` on [-3, 3] in f64 with the true derivative, both
    /// panels, not presented or embedded, the surroundings' theme, no tour; the
    /// training lab's first task with its defaults.
    fn default() -> Self {
        View {
            estimator: Estimator::starting_view(),
            pins: Vec::new(),
            from: DEFAULT_FROM,
            to: DEFAULT_TO,
            dtype: Dtype::F64,
            show: Show::default(),
            present: false,
            theme: None,
            embed: false,
            panels: Panels::Both,
            tour: None,
            step: None,
            training: crate::train::Settings::for_task(crate::train::default_task()),
        }
    }
}

/// The default left end of the range.
pub const DEFAULT_FROM: f64 = -3.0;
/// The default right end of the range.
pub const DEFAULT_TO: f64 = 3.0;
/// The widest range a view may span, so that sampling stays meaningful in f32.
pub const MAX_ABS_X: f64 = 1e6;

/// Checks a range; the message says what is allowed.
pub fn check_range(from: f64, to: f64) -> Result<(), String> {
    if !from.is_finite() || !to.is_finite() {
        return Err(format!(
            "the range must be finite numbers, not [{from}, {to}]"
        ));
    }
    if from >= to {
        return Err(format!("'from' ({from}) must be less than 'to' ({to})"));
    }
    if from.abs() > MAX_ABS_X || to.abs() > MAX_ABS_X {
        return Err(format!(
            "the range must lie within [-{MAX_ABS_X:e}, {MAX_ABS_X:e}], not [{from}, {to}]"
        ));
    }
    Ok(())
}
