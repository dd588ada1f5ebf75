//! The curves kept between pictures, so that a redraw computes only the curves whose
//! inputs changed: while one slider moves, the curves that do not depend on it are
//! reused. Each curve is kept under a typed [`Key`]: the grid it was sampled on (the
//! range, the dtype, the plot width and the number of samples) and which curve it is
//! of which catalog entries, with their parameter values compared bit for bit
//! ([`f64::to_bits`]), or of which formula, by its expression and the values of the
//! parameters the curve reads. The sampling itself, [`Cache::sample`], is in `sampler`.

use std::collections::HashMap;

use crate::catalog::Gradient;
use crate::estimator::Estimator;
use crate::real::Dtype;

use super::{Curve, JumpMark};

/// What a grid depends on: the range (by bits), the dtype, the plot width and the
/// number of evenly spaced samples.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct GridKey {
    from: u64,
    to: u64,
    dtype: Dtype,
    width_px: usize,
    count: usize,
}

impl GridKey {
    /// The key of `count` samples over `[from, to]` in `dtype` for a plot `width_px`
    /// wide.
    pub(super) fn new(from: f64, to: f64, dtype: Dtype, width_px: usize, count: usize) -> Self {
        GridKey {
            from: from.to_bits(),
            to: to.to_bits(),
            dtype,
            width_px,
            count,
        }
    }
}

/// A catalog entry, by id, with its parameter values, by bits; or a formula.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum EntryKey {
    /// A catalog forward or backward.
    Catalog { id: &'static str, params: Vec<u64> },
    /// A formula's value or gradient, by what it depends on
    /// ([`Formula::value_identity`], [`Formula::gradient_identity`]).
    ///
    /// [`Formula::value_identity`]: crate::formula::Formula::value_identity
    /// [`Formula::gradient_identity`]: crate::formula::Formula::gradient_identity
    Formula(String),
}

impl EntryKey {
    fn new(id: &'static str, params: &[f64]) -> Self {
        EntryKey::Catalog {
            id,
            params: params.iter().map(|v| v.to_bits()).collect(),
        }
    }

    /// The forward of `estimator` with its parameter values.
    pub(super) fn forward(estimator: &Estimator) -> Self {
        match estimator {
            Estimator::Catalog(pair) => EntryKey::new(pair.forward.id, &pair.forward_params),
            Estimator::Formula(formula) => EntryKey::Formula(formula.value_identity()),
        }
    }
}

/// What a backward depends on.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum BackwardKey {
    /// A surrogate gradient: its own entry and parameter values, not the forward's.
    Surrogate(EntryKey),
    /// The forward's own derivative: the forward.
    TrueDerivativeOf(EntryKey),
    /// A formula's gradient as its framework computes it: the formula with the
    /// parameters the gradient reads.
    FrameworkGradientOf(EntryKey),
}

impl BackwardKey {
    /// What the backward of `estimator` depends on.
    pub(super) fn of(estimator: &Estimator) -> Self {
        let pair = match estimator {
            Estimator::Catalog(pair) => pair,
            Estimator::Formula(formula) => {
                return BackwardKey::FrameworkGradientOf(EntryKey::Formula(
                    formula.gradient_identity(),
                ))
            }
        };
        match pair.backward.kernels.gradient {
            Gradient::TrueDerivative => BackwardKey::TrueDerivativeOf(EntryKey::forward(estimator)),
            Gradient::Surrogate(_) => {
                BackwardKey::Surrogate(EntryKey::new(pair.backward.id, &pair.backward_params))
            }
        }
    }
}

/// Which curve a part is, with the entries it depends on.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum CurveKey {
    /// A forward f(x), with its jumps.
    Forward(EntryKey),
    /// A backward, with its jumps.
    Backward(BackwardKey),
    /// A forward's true derivative, drawn beside a surrogate backward (beside the
    /// true backward it is that backward).
    TrueDerivative(EntryKey),
    /// The finite difference of a forward.
    FiniteDifference(EntryKey),
    /// The running integral of a backward from the range's left end, anchored at the
    /// forward's value there.
    Implied {
        /// The integrand.
        backward: BackwardKey,
        /// The forward that gives the anchor.
        forward: EntryKey,
    },
}

/// Everything a kept curve depends on.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    grid: GridKey,
    curve: CurveKey,
}

/// A curve with the jumps to mark on it, as kept in a [`Cache`].
#[derive(Clone)]
pub(super) struct Part {
    /// The curve.
    pub(super) curve: Curve,
    /// Its jumps (none for the curves that are not marked).
    pub(super) jumps: Vec<JumpMark>,
}

impl From<Curve> for Part {
    /// A curve without jump marks.
    fn from(curve: Curve) -> Self {
        Part {
            curve,
            jumps: Vec::new(),
        }
    }
}

/// Curves sampled for earlier pictures, reused while everything they depend on (the
/// function and its parameters, the range, the dtype, the width and the number of
/// samples) is unchanged: while one slider moves, only the curves that depend on it
/// are computed again. It keeps what the last two pictures used, so that two plots
/// of different widths drawn in turn both reuse their curves.
#[derive(Default)]
pub struct Cache {
    /// Each part with the picture that last used it.
    parts: HashMap<Key, (Part, u64)>,
    /// How many pictures have been sampled.
    pictures: u64,
    /// What the current picture computed and reused.
    #[cfg(test)]
    ledger: Ledger,
}

/// The curves one picture computed and the ones it took from the cache, in order.
#[cfg(test)]
#[derive(Default)]
struct Ledger {
    computed: Vec<CurveKey>,
    reused: Vec<CurveKey>,
}

impl Cache {
    /// Runs `sample` as one picture: the parts it uses are kept for the next one, and
    /// the parts that neither it nor the previous picture used are dropped.
    pub(super) fn picture<T>(&mut self, sample: impl FnOnce(&mut Cache) -> T) -> T {
        self.pictures += 1;
        #[cfg(test)]
        {
            self.ledger = Ledger::default();
        }
        let picture = sample(self);
        let current = self.pictures;
        self.parts.retain(|_, (_, used)| *used + 1 >= current);
        picture
    }

    /// The part `curve` on the grid `grid`, from the cache or else from `compute`.
    pub(super) fn part(
        &mut self,
        grid: GridKey,
        curve: CurveKey,
        compute: impl FnOnce() -> Part,
    ) -> Part {
        let key = Key { grid, curve };
        let current = self.pictures;
        if let Some((part, used)) = self.parts.get_mut(&key) {
            *used = current;
            #[cfg(test)]
            self.ledger.reused.push(key.curve);
            return part.clone();
        }
        let part = compute();
        #[cfg(test)]
        self.ledger.computed.push(key.curve.clone());
        self.parts.insert(key, (part.clone(), current));
        part
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sampling::sample;
    use crate::sampling::tests::{all_curves, view};
    use crate::view::{Show, View};

    /// Plot width of these tests.
    const WIDTH: usize = 300;

    /// An entry's id, or a formula's spec.
    fn id(entry: &EntryKey) -> &str {
        match entry {
            EntryKey::Catalog { id, .. } => id,
            EntryKey::Formula(spec) => spec,
        }
    }

    /// A curve's name: its kind and the ids of the entries it depends on.
    fn name(key: &CurveKey) -> String {
        let backward = |key: &BackwardKey| match key {
            BackwardKey::Surrogate(entry) => id(entry).to_string(),
            BackwardKey::TrueDerivativeOf(entry) => format!("true of {}", id(entry)),
            BackwardKey::FrameworkGradientOf(entry) => format!("df of {}", id(entry)),
        };
        match key {
            CurveKey::Forward(entry) => format!("f {}", id(entry)),
            CurveKey::Backward(key) => format!("backward {}", backward(key)),
            CurveKey::TrueDerivative(entry) => format!("true {}", id(entry)),
            CurveKey::FiniteDifference(entry) => format!("fd {}", id(entry)),
            CurveKey::Implied {
                backward: key,
                forward,
            } => format!("implied {} from {}", backward(key), id(forward)),
        }
    }

    /// The names of `keys`, sorted.
    fn names(keys: &[CurveKey]) -> Vec<String> {
        let mut names: Vec<String> = keys.iter().map(name).collect();
        names.sort();
        names
    }

    /// `names`, sorted.
    fn sorted(names: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        names.sort();
        names
    }

    /// Samples `view` through `cache` at `width`, checks the samples against freshly
    /// computed ones bit for bit (`Debug` prints every f64 exactly), and returns the
    /// names of the curves the picture computed and of those it reused.
    fn picture(cache: &mut Cache, view: &View, width: usize) -> (Vec<String>, Vec<String>) {
        let cached = cache.sample(view, width, None).unwrap();
        let fresh = sample(view, width).unwrap();
        assert_eq!(
            format!("{cached:?}"),
            format!("{fresh:?}"),
            "reused samples differ from fresh ones"
        );
        (names(&cache.ledger.computed), names(&cache.ledger.reused))
    }

    /// `soft_round/sigmoid` on [-3, 3] in f64 with every extra curve and a pin.
    fn pinned_view() -> View {
        let mut v = view("soft_round/sigmoid", -3.0, 3.0, Dtype::F64, all_curves());
        v.pins = vec!["round/identity".parse().unwrap()];
        v
    }

    /// Every curve of [`pinned_view`].
    const PINNED_VIEW_CURVES: [&str; 7] = [
        "f soft_round",
        "backward sigmoid",
        "true soft_round",
        "fd soft_round",
        "implied sigmoid from soft_round",
        "f round",
        "backward identity",
    ];

    #[test]
    fn a_second_picture_of_the_same_view_computes_nothing() {
        let mut cache = Cache::default();
        let mut v = pinned_view();
        let (computed, reused) = picture(&mut cache, &v, WIDTH);
        assert_eq!(computed, sorted(&PINNED_VIEW_CURVES));
        assert!(reused.is_empty(), "{reused:?}");

        // The same values spelled otherwise are the same key.
        v.estimator = "soft_round(alpha=3.0)/sigmoid(k=1e0)".parse().unwrap();
        let (computed, reused) = picture(&mut cache, &v, WIDTH);
        assert!(computed.is_empty(), "{computed:?}");
        assert_eq!(reused, sorted(&PINNED_VIEW_CURVES));
    }

    #[test]
    fn two_plots_of_different_widths_drawn_in_turn_both_reuse_their_curves() {
        let mut cache = Cache::default();
        let v = pinned_view();
        for width in [WIDTH, WIDTH + 1] {
            let (computed, _) = picture(&mut cache, &v, width);
            assert_eq!(computed.len(), PINNED_VIEW_CURVES.len(), "at {width} px");
        }
        for width in [WIDTH, WIDTH + 1, WIDTH, WIDTH + 1] {
            let (computed, reused) = picture(&mut cache, &v, width);
            assert!(computed.is_empty(), "at {width} px: {computed:?}");
            assert_eq!(reused.len(), PINNED_VIEW_CURVES.len());
        }
    }

    #[test]
    fn a_backward_edit_recomputes_only_the_backward_and_the_implied_forward() {
        let mut cache = Cache::default();
        let mut v = pinned_view();
        picture(&mut cache, &v, WIDTH);
        v.estimator = "soft_round/sigmoid(k=3)".parse().unwrap();
        let (computed, reused) = picture(&mut cache, &v, WIDTH);
        assert_eq!(
            computed,
            sorted(&["backward sigmoid", "implied sigmoid from soft_round"])
        );
        assert_eq!(reused.len(), PINNED_VIEW_CURVES.len() - 2);
    }

    #[test]
    fn a_forward_edit_recomputes_the_forward_and_what_derives_from_it_not_the_backward_or_pins() {
        let mut cache = Cache::default();
        let mut v = pinned_view();
        picture(&mut cache, &v, WIDTH);
        v.estimator = "soft_round(alpha=5)/sigmoid".parse().unwrap();
        let (computed, reused) = picture(&mut cache, &v, WIDTH);
        let derived = [
            "f soft_round",
            "true soft_round",
            "fd soft_round",
            "implied sigmoid from soft_round",
        ];
        assert_eq!(computed, sorted(&derived));
        assert_eq!(
            reused,
            sorted(&["backward sigmoid", "f round", "backward identity"])
        );
    }

    #[test]
    fn with_the_true_backward_a_forward_edit_recomputes_the_backward_once_for_both_panels() {
        let mut cache = Cache::default();
        let mut v = view("soft_round", -3.0, 3.0, Dtype::F64, all_curves());
        let every_curve = sorted(&[
            "f soft_round",
            "backward true of soft_round",
            "fd soft_round",
            "implied true of soft_round from soft_round",
        ]);
        // The true derivative is the backward's curve: no "true soft_round".
        assert_eq!(picture(&mut cache, &v, WIDTH).0, every_curve);
        v.estimator = "soft_round(alpha=5)".parse().unwrap();
        let (computed, reused) = picture(&mut cache, &v, WIDTH);
        assert_eq!(computed, every_curve);
        assert!(reused.is_empty(), "{reused:?}");
    }

    #[test]
    fn range_dtype_and_width_edits_recompute_every_curve() {
        let edits: [fn(&mut View, &mut usize); 4] = [
            |v, _| v.from = -2.0,
            |v, _| v.to = 2.5,
            |v, _| v.dtype = Dtype::F32,
            |_, width| *width += 10,
        ];
        for edit in edits {
            let mut cache = Cache::default();
            let (mut v, mut width) = (pinned_view(), WIDTH);
            picture(&mut cache, &v, width);
            edit(&mut v, &mut width);
            let (computed, reused) = picture(&mut cache, &v, width);
            assert_eq!(computed, sorted(&PINNED_VIEW_CURVES));
            assert!(reused.is_empty(), "{reused:?}");
        }
    }

    /// The kinds of curve (the first word of each name) in `names`.
    fn kinds(names: &[String]) -> Vec<&str> {
        names.iter().filter_map(|n| n.split(' ').next()).collect()
    }

    #[test]
    fn a_formula_parameter_recomputes_only_the_curves_that_read_it() {
        let mut cache = Cache::default();
        let spec = "tf: custom_gradient(tanh(a * x), sigmoid(k * x)); a = 2; k = 1";
        let mut v = view(spec, -3.0, 3.0, Dtype::F32, all_curves());
        let (computed, _) = picture(&mut cache, &v, WIDTH);
        assert_eq!(kinds(&computed), ["backward", "f", "fd", "implied", "true"]);
        // Only the value reads a: the custom gradient is kept.
        v.estimator = spec.replace("a = 2", "a = 3").parse().unwrap();
        let (computed, reused) = picture(&mut cache, &v, WIDTH);
        assert_eq!(kinds(&computed), ["f", "fd", "implied", "true"]);
        assert_eq!(kinds(&reused), ["backward"]);
        // Only the gradient reads k: the value and its derivatives are kept.
        v.estimator = spec
            .replace("a = 2", "a = 3")
            .replace("k = 1", "k = 4")
            .parse()
            .unwrap();
        let (computed, reused) = picture(&mut cache, &v, WIDTH);
        assert_eq!(kinds(&computed), ["backward", "implied"]);
        assert_eq!(kinds(&reused), ["f", "fd", "true"]);
    }

    #[test]
    fn an_extra_curve_turned_on_is_the_only_one_computed() {
        let mut cache = Cache::default();
        let mut v = pinned_view();
        v.show = Show {
            true_derivative: true,
            finite_difference: false,
            implied: false,
        };
        picture(&mut cache, &v, WIDTH);
        v.show.finite_difference = true;
        assert_eq!(picture(&mut cache, &v, WIDTH).0, sorted(&["fd soft_round"]));
        v.show.true_derivative = false;
        assert!(picture(&mut cache, &v, WIDTH).0.is_empty());
    }

    #[test]
    fn pinning_the_estimator_computes_nothing_and_a_new_pin_only_its_curves() {
        let mut cache = Cache::default();
        let mut v = view("soft_round/sigmoid", -3.0, 3.0, Dtype::F64, all_curves());
        picture(&mut cache, &v, WIDTH);
        v.pins.push(v.estimator.clone());
        let (computed, reused) = picture(&mut cache, &v, WIDTH);
        assert!(computed.is_empty(), "{computed:?}");
        assert_eq!(reused.len(), 5 + 2);
        v.pins.push("round/identity".parse().unwrap());
        let (computed, _) = picture(&mut cache, &v, WIDTH);
        assert_eq!(computed, sorted(&["f round", "backward identity"]));
    }

    #[test]
    fn the_cache_keeps_only_what_the_last_two_pictures_used() {
        let mut cache = Cache::default();
        let mut v = pinned_view();
        let kept: Vec<usize> = [1, 2, 3, 4, 4, 4]
            .into_iter()
            .map(|alpha| {
                v.estimator = format!("soft_round(alpha={alpha})/sigmoid")
                    .parse()
                    .unwrap();
                picture(&mut cache, &v, WIDTH);
                cache.parts.len()
            })
            .collect();
        // Each new alpha makes 4 curves (f, true, fd, implied); those of the alpha
        // before stay one picture longer, then go.
        let (all, per_alpha) = (PINNED_VIEW_CURVES.len(), 4);
        assert_eq!(
            kept,
            [
                all,
                all + per_alpha,
                all + per_alpha,
                all + per_alpha,
                all,
                all
            ]
        );
    }

    #[test]
    fn cached_curves_equal_fresh_ones_after_an_edit() {
        let mut cache = Cache::default();
        let mut v = view("soft_round/sigmoid", -3.0, 3.0, Dtype::F64, all_curves());
        v.pins = vec!["round/identity".parse().unwrap()];
        let before = cache.sample(&v, 400, None).unwrap();
        assert_eq!(before, sample(&v, 400).unwrap());
        for spec in [
            "soft_round(alpha=5)/sigmoid",
            "soft_round(alpha=5)/sigmoid(k=3)",
        ] {
            v.estimator = spec.parse().unwrap();
            assert_eq!(
                cache.sample(&v, 400, None).unwrap(),
                sample(&v, 400).unwrap()
            );
        }
    }
}
