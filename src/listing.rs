//! The catalog as data: what `gradscope list --json` prints and what the page builds
//! its controls from. One serialisable view, so the two never disagree.
//!
//! It sits above [`crate::spec`], which it uses to print each preset's estimator in
//! canonical form; the catalog itself knows nothing of specs.

use serde::Serialize;

use crate::catalog::{self, Entry, Group, Param, Preset};
use crate::spec;

/// Everything in the catalog, as `{"forwards": [...], "backwards": [...], "presets": [...]}`.
#[derive(Serialize)]
pub struct Listing {
    /// Every forward function.
    pub forwards: Vec<FunctionEntry>,
    /// Every backward choice.
    pub backwards: Vec<FunctionEntry>,
    /// Every preset.
    pub presets: Vec<PresetEntry>,
}

/// A forward or backward as listed.
#[derive(Serialize)]
pub struct FunctionEntry {
    /// The spec id.
    pub id: &'static str,
    /// The library or `core`.
    pub group: Group,
    /// The group's display name.
    pub group_label: &'static str,
    /// Parameters with defaults and ranges.
    pub params: &'static [Param],
    /// What it is, for a person.
    pub description: &'static str,
    /// The formula in plain text.
    pub formula: &'static str,
    /// The seed or library call it reproduces.
    pub source: &'static str,
    /// Why it may return NaN or infinity, when it reproduces a bug on purpose.
    pub pitfall: Option<&'static str>,
}

/// A preset as listed.
#[derive(Serialize)]
pub struct PresetEntry {
    /// The preset id (`preset:<id>` in specs).
    pub id: &'static str,
    /// A preset takes no parameters of its own (its estimator's are in `spec`); listed
    /// empty so that every entry has the same fields.
    pub params: [Param; 0],
    /// The whole note: what the code did, what the plot shows, the fix.
    pub description: String,
    /// The estimator in canonical spec form.
    pub spec: String,
    /// The x range the preset opens with, when not the default.
    pub range: Option<[f64; 2]>,
    /// The seed's own snippet as a formula spec, where the seed's code is the
    /// estimator ("Open as formula").
    pub as_formula: Option<&'static str>,
    /// The seed.
    pub source: &'static str,
    /// What the seed's code did.
    pub did: &'static str,
    /// What the plot shows.
    pub shows: &'static str,
    /// The fix.
    pub fix: &'static str,
}

impl<K> From<&'static Entry<K>> for FunctionEntry {
    fn from(e: &'static Entry<K>) -> Self {
        FunctionEntry {
            id: e.id,
            group: e.group,
            group_label: e.group.label(),
            params: e.params,
            description: e.description,
            formula: e.formula,
            source: e.source,
            pitfall: e.pitfall,
        }
    }
}

impl From<&'static Preset> for PresetEntry {
    fn from(p: &'static Preset) -> Self {
        PresetEntry {
            id: p.id,
            params: [],
            description: p.note(),
            range: p.range,
            as_formula: p.as_formula,
            spec: spec::parse(p.spec)
                .map(|e| e.to_string())
                .unwrap_or_else(|_| p.spec.to_string()),
            source: p.source,
            did: p.did,
            shows: p.shows,
            fix: p.fix,
        }
    }
}

/// The whole catalog as a [`Listing`].
pub fn listing() -> Listing {
    Listing {
        forwards: catalog::forwards().map(FunctionEntry::from).collect(),
        backwards: catalog::backwards().map(FunctionEntry::from).collect(),
        presets: catalog::presets().map(PresetEntry::from).collect(),
    }
}
