//! Catalog-wide properties: every entry is covered with no per-entry code, so a new
//! forward or backward is checked the moment it is listed.
//!
//! - A backward's `primitive` really is a primitive of its gradient: g(x) matches the
//!   central finite difference of the primitive away from g's breaks, and the
//!   primitive does not jump at them (SpikingJelly's `check_manual_grad` idea); every
//!   surrogate with a finite gradient has a primitive, so none escapes that check.
//! - Every id of `../shared/spec/surrogates.md` is in `gradscope::listing::listing()`,
//!   and every library entry listed is documented there.
//! - Over slices, every formula gives the very bits it gives one x at a time (the
//!   page's bulk evaluation and the CLI's points agree).
//! - Every entry is documented, ids are unique, parameter names are unique within an
//!   entry, and every default lies in its own range.
//! - Every preset's note has its three parts, and no two presets show the same
//!   estimator.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;

use gradscope::catalog::{self, Backward, Gradient, Group, Param};
use gradscope::estimator::Output;
use gradscope::listing;
use gradscope::real::{Real, ScalarFn};
use gradscope::Estimator;

/// Where the finite differences are taken: [-3, 3], off the round numbers where
/// breaks usually sit.
const FROM: f64 = -3.0;
const TO: f64 = 3.0;
const POINTS: usize = 6000;
/// Half-step of the central difference.
const H: f64 = 1e-6;
/// Points closer than this to a break of g are skipped.
const CLEARANCE: f64 = 1e-4;
/// Allowed |g - finite difference|, relative to max(1, max |g|) over the grid.
const TOLERANCE: f64 = 1e-6;

fn grid() -> impl Iterator<Item = f64> {
    let step = (TO - FROM) / POINTS as f64;
    (0..POINTS).map(move |i| FROM + (i as f64 + 0.37) * step)
}

fn defaults(params: &[Param]) -> Vec<f64> {
    params.iter().map(|p| p.default).collect()
}

/// The backwards that have both a surrogate gradient and a primitive, with their
/// f64 formulas.
fn with_primitive() -> Vec<(&'static Backward, ScalarFn<f64>, ScalarFn<f64>)> {
    catalog::backwards()
        .filter_map(|b| match (b.kernels.gradient, b.kernels.primitive) {
            (Gradient::Surrogate(g), Some(p)) => Some((b, g.f64, p.f64)),
            _ => None,
        })
        .collect()
}

#[test]
fn gradients_match_the_finite_difference_of_their_primitive() {
    let mut failures = Vec::new();
    for (backward, g, primitive) in with_primitive() {
        let params = defaults(backward.params);
        let breaks = (backward.breaks)(&params, FROM - 1.0, TO + 1.0);
        let scale = grid()
            .map(|x| g(x, &params))
            .filter(|v| v.is_finite())
            .fold(1f64, |m, v| m.max(v.abs()));
        let mut worst: Option<(f64, f64, f64)> = None;
        for x in grid() {
            if breaks.iter().any(|b| (x - b.x).abs() < CLEARANCE) {
                continue;
            }
            let want = g(x, &params);
            if !want.is_finite() {
                continue;
            }
            let difference = (primitive(x + H, &params) - primitive(x - H, &params)) / (2.0 * H);
            let error = (want - difference).abs();
            if error > TOLERANCE * scale && worst.map_or(true, |(_, _, e)| error > e) {
                worst = Some((x, want, error));
            }
        }
        if let Some((x, want, error)) = worst {
            failures.push(format!(
                "{}: at x = {x}, g = {want} but the primitive's slope is off by {error:e}",
                backward.id
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_surrogate_with_a_finite_gradient_has_a_primitive() {
    // Without a primitive a backward escapes the finite-difference check above; only a
    // gradient that is nowhere finite (the `nan` backward) has none to give.
    let missing: Vec<&str> = catalog::backwards()
        .filter_map(|b| match (b.kernels.gradient, b.kernels.primitive) {
            (Gradient::Surrogate(g), None) => {
                let params = defaults(b.params);
                grid()
                    .any(|x| (g.f64)(x, &params).is_finite())
                    .then_some(b.id)
            }
            _ => None,
        })
        .collect();
    assert!(
        missing.is_empty(),
        "backwards with a finite gradient but no primitive: {missing:?}"
    );
}

#[test]
fn primitives_are_continuous_at_the_gradients_breaks() {
    let mut failures = Vec::new();
    for (backward, g, primitive) in with_primitive() {
        let params = defaults(backward.params);
        let scale = grid()
            .map(|x| g(x, &params))
            .filter(|v| v.is_finite())
            .fold(1f64, |m, v| m.max(v.abs()));
        for b in (backward.breaks)(&params, FROM, TO) {
            let step = 1e-9 * (1.0 + b.x.abs());
            let jump = (primitive(b.x + step, &params) - primitive(b.x - step, &params)).abs();
            if jump > TOLERANCE * scale {
                failures.push(format!(
                    "{}: the primitive jumps by {jump:e} at the break x = {}",
                    backward.id, b.x
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The ids of `surrogates.md`: the first cell of each table row when it is a single
/// backticked id (the spec-mapping tables hold specs, with `/` or `(`, and are skipped).
fn documented_library_ids() -> BTreeSet<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/spec/surrogates.md");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once("` |").map(|(id, _)| id))
        .filter(|id| {
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn every_documented_library_id_is_listed() {
    let documented = documented_library_ids();
    let listing = listing::listing();
    let undocumented_libraries: BTreeSet<&str> = Group::ALL
        .iter()
        .filter_map(|group| group.id_prefix())
        .filter(|prefix| !documented.iter().any(|id| id.starts_with(prefix)))
        .collect();
    assert!(
        undocumented_libraries.is_empty(),
        "surrogates.md documents no id of {undocumented_libraries:?} (found {documented:?})"
    );
    let listed: HashSet<&str> = listing
        .forwards
        .iter()
        .chain(&listing.backwards)
        .map(|e| e.id)
        .collect();
    let missing: Vec<&String> = documented
        .iter()
        .filter(|id| !listed.contains(id.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "in surrogates.md but not in `gradscope list`: {missing:?}"
    );
}

#[test]
fn every_listed_library_entry_is_documented() {
    // That each library entry's id carries its group's prefix is the catalog's own
    // unit test; here, that surrogates.md documents it.
    let documented = documented_library_ids();
    let listing = listing::listing();
    let undocumented: Vec<&str> = listing
        .forwards
        .iter()
        .chain(&listing.backwards)
        .filter(|entry| entry.group.id_prefix().is_some() && !documented.contains(entry.id))
        .map(|entry| entry.id)
        .collect();
    assert!(
        undocumented.is_empty(),
        "listed but not in surrogates.md: {undocumented:?}"
    );
}

#[test]
fn every_entry_is_documented() {
    let listing = listing::listing();
    let mut failures = Vec::new();
    for entry in listing.forwards.iter().chain(&listing.backwards) {
        for (field, text) in [
            ("description", entry.description),
            ("formula", entry.formula),
            ("source", entry.source),
        ] {
            if text.trim().is_empty() {
                failures.push(format!("{} has an empty {field}", entry.id));
            }
        }
        for param in entry.params {
            if param.doc.trim().is_empty() {
                failures.push(format!("{}: parameter {} has no doc", entry.id, param.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn ids_are_unique_among_forwards_among_backwards_and_among_presets() {
    for (kind, ids) in [
        (
            "forward",
            catalog::forwards().map(|f| f.id).collect::<Vec<_>>(),
        ),
        ("backward", catalog::backwards().map(|b| b.id).collect()),
        ("preset", catalog::presets().map(|p| p.id).collect()),
    ] {
        let mut seen = HashSet::new();
        let repeated: Vec<&str> = ids.into_iter().filter(|id| !seen.insert(*id)).collect();
        assert!(repeated.is_empty(), "repeated {kind} ids: {repeated:?}");
    }
}

#[test]
fn every_preset_note_has_what_the_code_did_what_the_plot_shows_and_the_fix() {
    let incomplete: Vec<&str> = catalog::presets()
        .filter(|p| {
            [p.did, p.shows, p.fix]
                .iter()
                .any(|part| part.trim().is_empty())
        })
        .map(|p| p.id)
        .collect();
    assert!(
        incomplete.is_empty(),
        "presets with an empty note part: {incomplete:?}"
    );
}

#[test]
fn no_two_presets_show_the_same_estimator() {
    let mut seen: Vec<(&str, Estimator)> = Vec::new();
    for preset in catalog::presets() {
        let estimator: Estimator = preset
            .spec
            .parse()
            .unwrap_or_else(|e| panic!("{}: '{}' does not parse: {e}", preset.id, preset.spec));
        if let Some((first, _)) = seen.iter().find(|(_, e)| *e == estimator) {
            panic!("{first} and {} show the same estimator", preset.id);
        }
        seen.push((preset.id, estimator));
    }
}

#[test]
fn parameters_have_unique_names_and_defaults_in_range() {
    let listing = listing::listing();
    let mut failures = Vec::new();
    for entry in listing.forwards.iter().chain(&listing.backwards) {
        let mut names = HashSet::new();
        for param in entry.params {
            if !names.insert(param.name) {
                failures.push(format!("{}: parameter {} repeated", entry.id, param.name));
            }
            if let Err(why) = param.check(param.default) {
                failures.push(format!("{}: default rejected: {why}", entry.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Inputs for the slice check: a grid over [-4, 4], special values, and the entry's
/// usual ranges' ends.
fn slice_inputs<F: Real>() -> Vec<F> {
    let mut xs: Vec<F> = (0..=800).map(|i| F::c(-4.0 + 0.01 * i as f64)).collect();
    for v in [0.0, -0.0, 1e-310, -1e-40, 0.5, -0.5, 1e30, -1e30, 1e300] {
        xs.push(F::c(v));
    }
    xs.extend([F::nan(), F::one() / F::zero(), -F::one() / F::zero()]);
    xs
}

/// Whether two results are the same bits (any NaN equals any NaN).
fn same<F: Real>(a: F, b: F) -> bool {
    let (a, b) = (a.to_f64_lossless(), b.to_f64_lossless());
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

/// Every forward (value and true derivative) and every backward (paired with the
/// identity), at default parameters, over slices against one x at a time.
fn slices_match_points<F: Real>() -> Vec<String> {
    let xs = slice_inputs::<F>();
    let identity = catalog::forward("identity").unwrap();
    let truth = catalog::backward(catalog::TRUE_BACKWARD).unwrap();
    let estimators = catalog::forwards()
        .map(|f| Estimator::with_defaults(f, truth))
        .chain(catalog::backwards().map(|b| Estimator::with_defaults(identity, b)));
    let mut failures = Vec::new();
    for estimator in estimators {
        let bound = estimator.bind::<F>();
        let mut out = vec![F::zero(); xs.len()];
        for (name, output) in [
            ("f", Output::Value),
            ("backward", Output::Backward),
            ("true", Output::TrueDerivative),
        ] {
            let output = bound.output(output);
            output.over(&xs, &mut out);
            for (&x, &y) in xs.iter().zip(&out) {
                if !same(y, output.at(x)) {
                    failures.push(format!(
                        "{estimator} {name} in {} at {x}: slice {y}, point {}",
                        F::DTYPE,
                        output.at(x)
                    ));
                    break;
                }
            }
        }
    }
    failures
}

#[test]
fn formulas_over_slices_give_the_bits_of_one_x_at_a_time() {
    let failures = [slices_match_points::<f32>(), slices_match_points::<f64>()].concat();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
