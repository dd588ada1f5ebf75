//! The catalog: every forward function, backward (gradient) choice, preset and guided
//! tour that gradscope knows, with its parameters, documentation and formulas.
//!
//! This is the one source of truth. The CLI's `list`, the spec parser, the page's
//! controls and the URL parser all read it. Adding a function means adding one entry
//! to one of the lists below (and its reference test); the catalog-wide tests then
//! cover it with no further edits.

mod backwards;
mod breaks;
mod forwards;
mod larq;
pub(crate) mod math;
mod norse;
mod presets;
mod slider;
mod snntorch;
mod spikingjelly;
mod tfc;
mod tours;

use std::fmt;

use serde::Serialize;

use crate::real::Kernel;

pub use breaks::{sort_by_x, Break, BreakKind};
pub use tours::{Tour, TourNote, TourStep, TOUR_IDS};

/// Where an entry comes from, used to group entries in the page's selectors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Group {
    /// The functions of the seed questions and answers (`catalog.md`).
    Core,
    /// `snntorch.surrogate`.
    Snntorch,
    /// `spikingjelly.activation_based.surrogate` and `.quantize`.
    Spikingjelly,
    /// `norse.torch.functional.threshold`.
    Norse,
    /// `larq.quantizers`.
    Larq,
    /// `tensorflow_compression` round ops.
    TensorflowCompression,
}

impl Group {
    /// Every group, in the order the catalog lists its entries.
    pub const ALL: [Group; 6] = [
        Group::Core,
        Group::Snntorch,
        Group::Spikingjelly,
        Group::Norse,
        Group::Larq,
        Group::TensorflowCompression,
    ];

    /// What every id of a library's entries starts with (`snntorch_`), so that an id
    /// says where it comes from; `None` for the core, whose ids carry no prefix.
    pub fn id_prefix(self) -> Option<&'static str> {
        match self {
            Group::Core => None,
            Group::Snntorch => Some("snntorch_"),
            Group::Spikingjelly => Some("spikingjelly_"),
            Group::Norse => Some("norse_"),
            Group::Larq => Some("larq_"),
            Group::TensorflowCompression => Some("tfc_"),
        }
    }

    /// The name a person reads in a selector.
    pub fn label(self) -> &'static str {
        match self {
            Group::Core => "Core",
            Group::Snntorch => "snnTorch",
            Group::Spikingjelly => "SpikingJelly",
            Group::Norse => "Norse",
            Group::Larq => "Larq",
            Group::TensorflowCompression => "tensorflow-compression",
        }
    }
}

/// What values a parameter takes.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamKind {
    /// Any finite real number in `[min, max]`.
    Real,
    /// A whole number in `[min, max]` (Fourier `terms`, bit widths).
    Integer,
    /// One of a few listed values (Heaviside's `h0`).
    Choice(&'static [f64]),
}

/// One parameter of a forward or backward: its catalog name is also its name in
/// specs, URLs, sliders and the CLI.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Param {
    /// The name, e.g. `alpha`.
    pub name: &'static str,
    /// The value used when a spec leaves it out.
    pub default: f64,
    /// The smallest accepted value.
    pub min: f64,
    /// The largest accepted value.
    pub max: f64,
    /// Real, integer or one of a few choices.
    pub kind: ParamKind,
    /// What the parameter does, in a few words.
    pub doc: &'static str,
}

impl Param {
    /// A real parameter in `[min, max]`.
    pub const fn real(
        name: &'static str,
        default: f64,
        min: f64,
        max: f64,
        doc: &'static str,
    ) -> Self {
        Param {
            name,
            default,
            min,
            max,
            kind: ParamKind::Real,
            doc,
        }
    }

    /// An integer parameter in `[min, max]`.
    pub const fn integer(
        name: &'static str,
        default: f64,
        min: f64,
        max: f64,
        doc: &'static str,
    ) -> Self {
        Param {
            name,
            default,
            min,
            max,
            kind: ParamKind::Integer,
            doc,
        }
    }

    /// A parameter that takes one of `choices` (sorted ascending).
    pub const fn choice(
        name: &'static str,
        default: f64,
        choices: &'static [f64],
        doc: &'static str,
    ) -> Self {
        Param {
            name,
            default,
            min: choices[0],
            max: choices[choices.len() - 1],
            kind: ParamKind::Choice(choices),
            doc,
        }
    }

    /// Checks a value against this parameter's range and kind; the error says what
    /// is allowed.
    pub fn check(&self, value: f64) -> Result<(), String> {
        if !value.is_finite() {
            return Err(format!(
                "{} must be a finite number, not {value}",
                self.name
            ));
        }
        match self.kind {
            ParamKind::Choice(choices) if !choices.contains(&value) => {
                let listed: Vec<String> = choices.iter().map(|c| c.to_string()).collect();
                Err(format!(
                    "{} must be one of {}, not {value}",
                    self.name,
                    listed.join(", ")
                ))
            }
            ParamKind::Integer if value.fract() != 0.0 => {
                Err(format!("{} must be a whole number, not {value}", self.name))
            }
            _ if value < self.min || value > self.max => Err(format!(
                "{} = {value} is out of range: it must lie in [{}, {}]",
                self.name, self.min, self.max
            )),
            _ => Ok(()),
        }
    }
}

/// Where the jumps and kinks of a function lie in `[from, to]`, given its parameters.
pub type BreaksFn = fn(params: &[f64], from: f64, to: f64) -> Vec<Break>;

/// One forward or backward of the catalog: what both kinds have (id, documentation,
/// parameters, breaks), and the formulas of its kind in `kernels`.
pub struct Entry<K: 'static> {
    /// The id used in specs (`soft_round`, `snntorch_atan`).
    pub id: &'static str,
    /// Where it comes from.
    pub group: Group,
    /// Its parameters in catalog order (the order a spec prints them and the formulas
    /// take them).
    pub params: &'static [Param],
    /// One or two sentences for a person choosing it.
    pub description: &'static str,
    /// The formula, in plain text.
    pub formula: &'static str,
    /// The seed or the library call it reproduces.
    pub source: &'static str,
    /// Its formulas: [`ForwardKernels`] or [`BackwardKernels`].
    pub kernels: K,
    /// Where the function (a forward's f, a backward's g) jumps or kinks.
    pub breaks: BreaksFn,
    /// `Some(why)` when the entry reproduces a numerical bug on purpose, so that it
    /// may return NaN or infinity for finite input.
    pub pitfall: Option<&'static str>,
}

/// A forward function f(x): its value, its true derivative almost everywhere, and
/// where it jumps or kinks.
pub type Forward = Entry<ForwardKernels>;

/// A backward choice: the gradient back-propagation uses in place of f'(x).
pub type Backward = Entry<BackwardKernels>;

/// The formulas of a forward.
pub struct ForwardKernels {
    /// f(x).
    pub value: Kernel,
    /// The true derivative f'(x) almost everywhere, by TensorFlow's rules at kinks.
    pub derivative: Kernel,
}

/// The formulas of a backward.
pub struct BackwardKernels {
    /// g(x), or the forward's true derivative.
    pub gradient: Gradient,
    /// A smooth function whose derivative is g, where there is one (SpikingJelly's
    /// `primitive_function`): tests compare g with its finite difference.
    pub primitive: Option<Kernel>,
}

impl fmt::Debug for Forward {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Forward({})", self.id)
    }
}

impl fmt::Debug for Backward {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Backward({})", self.id)
    }
}

/// Entries are equal when their ids are (ids are unique within each kind).
impl<K> PartialEq for Entry<K> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

/// How a backward computes its gradient.
#[derive(Clone, Copy)]
pub enum Gradient {
    /// The forward's own true derivative (the backward `true`).
    TrueDerivative,
    /// A surrogate g(x), independent of the forward.
    Surrogate(Kernel),
}

/// A seed answer reproducible in one click, with the story the page tells.
pub struct Preset {
    /// The id used in specs (`preset:round-ste`) and URLs.
    pub id: &'static str,
    /// The estimator, as spec text.
    pub spec: &'static str,
    /// The x range that tells the story, when the default [-3, 3] does not (the
    /// jumps of hard thresholding at ±5 lie outside it).
    pub range: Option<[f64; 2]>,
    /// The seed's own snippet as a formula (formulas.md), where the seed's code is
    /// the estimator: the page's "Open as formula" shows it.
    pub as_formula: Option<&'static str>,
    /// The seed it comes from and what part of it.
    pub source: &'static str,
    /// What the seed's code did.
    pub did: &'static str,
    /// What the plot shows.
    pub shows: &'static str,
    /// The fix.
    pub fix: &'static str,
}

impl Preset {
    /// The whole note as one paragraph: what the code did, what the plot shows, the fix.
    pub fn note(&self) -> String {
        format!("{} {} Fix: {}", self.did, self.shows, self.fix)
    }
}

const FORWARD_LISTS: &[&[Forward]] = &[
    forwards::CORE,
    spikingjelly::FORWARDS,
    norse::FORWARDS,
    larq::FORWARDS,
    tfc::FORWARDS,
];
const BACKWARD_LISTS: &[&[Backward]] = &[
    backwards::CORE,
    snntorch::BACKWARDS,
    spikingjelly::BACKWARDS,
    norse::BACKWARDS,
    larq::BACKWARDS,
];

/// Every forward function, core first, then each library's.
pub fn forwards() -> impl Iterator<Item = &'static Forward> {
    FORWARD_LISTS.iter().flat_map(|list| list.iter())
}

/// Every backward choice, core first, then each library's.
pub fn backwards() -> impl Iterator<Item = &'static Backward> {
    BACKWARD_LISTS.iter().flat_map(|list| list.iter())
}

/// Every preset.
pub fn presets() -> impl Iterator<Item = &'static Preset> {
    presets::PRESETS.iter()
}

/// Every guided tour.
pub fn tours() -> impl Iterator<Item = &'static Tour> {
    tours::TOURS.iter()
}

/// The forward with this id.
pub fn forward(id: &str) -> Option<&'static Forward> {
    forwards().find(|f| f.id == id)
}

/// The backward with this id.
pub fn backward(id: &str) -> Option<&'static Backward> {
    backwards().find(|b| b.id == id)
}

/// The preset with this id.
pub fn preset(id: &str) -> Option<&'static Preset> {
    presets().find(|p| p.id == id)
}

/// The tour with this id.
pub fn tour(id: &str) -> Option<&'static Tour> {
    tours().find(|t| t.id == id)
}

/// The preset a spec text names (`preset:<id>`), if it names one.
pub fn preset_of_spec(text: &str) -> Option<&'static Preset> {
    text.trim()
        .strip_prefix("preset:")
        .and_then(|id| preset(id.trim()))
}

/// The id of the backward that uses the forward's own derivative.
pub const TRUE_BACKWARD: &str = "true";

#[cfg(test)]
mod tests {
    use super::*;

    /// A forward's or backward's id and group.
    fn ids_and_groups() -> impl Iterator<Item = (&'static str, Group)> {
        forwards()
            .map(|f| (f.id, f.group))
            .chain(backwards().map(|b| (b.id, b.group)))
    }

    #[test]
    fn every_id_carries_its_groups_prefix_and_only_its_own() {
        for (id, group) in ids_and_groups() {
            let carried: Vec<&str> = Group::ALL
                .iter()
                .filter_map(|g| g.id_prefix())
                .filter(|prefix| id.starts_with(prefix))
                .collect();
            let expected: Vec<&str> = group.id_prefix().into_iter().collect();
            assert_eq!(carried, expected, "{id} is in group {}", group.label());
        }
    }

    #[test]
    fn every_group_has_entries_and_all_lists_every_group_once() {
        for (i, group) in Group::ALL.iter().enumerate() {
            assert!(
                !Group::ALL[..i].contains(group),
                "{group:?} twice in Group::ALL"
            );
            assert!(
                ids_and_groups().any(|(_, g)| g == *group),
                "no entry in group {group:?}"
            );
        }
        for (id, group) in ids_and_groups() {
            assert!(
                Group::ALL.contains(&group),
                "{id}: {group:?} is not in Group::ALL"
            );
        }
    }
}
