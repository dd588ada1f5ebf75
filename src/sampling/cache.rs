//! The curves kept between pictures, so that a redraw computes only the curves whose
//! inputs changed: while one slider moves, the curves that do not depend on it are
//! reused. Each curve is kept under a typed [`Key`]: the grid it was sampled on (the
//! range, the dtype, the plot width and the number of samples) and which curve it is
//! of which catalog entries, with their parameter values compared bit for bit
//! ([`f64::to_bits`]). The sampling itself, [`Cache::sample`], is in `sampler`.

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

/// A catalog entry, by id, with its parameter values, by bits.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct EntryKey {
    id: &'static str,
    params: Vec<u64>,
}

impl EntryKey {
    fn new(id: &'static str, params: &[f64]) -> Self {
        EntryKey {
            id,
            params: params.iter().map(|v| v.to_bits()).collect(),
        }
    }

    /// The forward of `estimator` with its parameter values.
    pub(super) fn forward(estimator: &Estimator) -> Self {
        EntryKey::new(estimator.forward.id, &estimator.forward_params)
    }
}

/// What a backward depends on.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum BackwardKey {
    /// A surrogate gradient: its own entry and parameter values, not the forward's.
    Surrogate(EntryKey),
    /// The forward's own derivative: the forward.
    TrueDerivativeOf(EntryKey),
}

impl BackwardKey {
    /// What the backward of `estimator` depends on.
    pub(super) fn of(estimator: &Estimator) -> Self {
        match estimator.backward.gradient {
            Gradient::TrueDerivative => BackwardKey::TrueDerivativeOf(EntryKey::forward(estimator)),
            Gradient::Surrogate(_) => BackwardKey::Surrogate(EntryKey::new(
                estimator.backward.id,
                &estimator.backward_params,
            )),
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
