//! Guided tours (issue 14), checked as a whole-catalog test: every step of every tour
//! in `catalog::tours()` is read as a link is, with no message; stays finite where
//! the catalog says its estimators are finite; compares estimators that differ; is
//! shown in float32 where its pitfall is worse there; and has a note in three
//! non-empty parts found nowhere else. The seed tour walks seeds 000 to 004 in order
//! in about a dozen steps.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeSet, HashSet};

use gradscope::anatomy::Anatomy;
use gradscope::catalog::{self, Tour, TourStep};
use gradscope::sampling::{self, Curve};
use gradscope::url_state::read_query;
use gradscope::view::View;
use gradscope::{Dtype, Estimator};

/// The plot width the steps are sampled at.
const WIDTH_PX: usize = 600;

fn steps() -> impl Iterator<Item = (&'static Tour, usize, &'static TourStep)> {
    catalog::tours().flat_map(|tour| {
        tour.steps
            .iter()
            .enumerate()
            .map(move |(i, step)| (tour, i + 1, step))
    })
}

/// A step's view, read as the page reads a link.
fn step_view(step: &TourStep) -> View {
    let (view, messages) = read_query(step.view);
    assert!(messages.is_empty(), "{}: {messages:?}", step.view);
    view
}

/// The seed numbers ("000" ... "004") of the presets showing `estimator`.
fn seeds_of(estimator: &Estimator) -> Vec<String> {
    catalog::presets()
        .filter(|p| p.spec.parse::<Estimator>().as_ref() == Ok(estimator))
        .filter_map(|p| p.source.strip_prefix("seed ").map(|s| s[..3].to_string()))
        .collect()
}

/// The seeds a step shows, its main estimator's and its pins'.
fn seeds_of_step(view: &View) -> BTreeSet<String> {
    std::iter::once(&view.estimator)
        .chain(&view.pins)
        .flat_map(seeds_of)
        .collect()
}

#[test]
fn every_tour_has_a_unique_id_a_title_and_steps() {
    let mut ids = HashSet::new();
    for tour in catalog::tours() {
        assert!(ids.insert(tour.id), "tour {} twice", tour.id);
        assert!(!tour.title.trim().is_empty(), "{}", tour.id);
        assert!(!tour.steps.is_empty(), "{}", tour.id);
        assert_eq!(catalog::tour(tour.id).map(|t| t.id), Some(tour.id));
    }
    assert!(catalog::tour("no-such-tour").is_none());
}

#[test]
fn every_step_reads_as_a_link_with_no_message() {
    for (tour, k, step) in steps() {
        let (_, messages) = read_query(step.view);
        assert!(messages.is_empty(), "{} step {k}: {messages:?}", tour.id);
    }
}

fn assert_finite(what: &str, curve: &Curve) {
    assert!(
        curve.non_finite.is_empty(),
        "{what}: {:?}",
        curve.non_finite
    );
}

#[test]
fn every_step_stays_finite_where_the_catalog_says_it_is() {
    for (tour, k, step) in steps() {
        let view = step_view(step);
        let samples = sampling::sample(&view, WIDTH_PX).unwrap();
        let estimators = std::iter::once(&view.estimator).chain(&view.pins);
        let sampled = std::iter::once(&samples.main).chain(&samples.pins);
        for (estimator, curves) in estimators.zip(sampled) {
            if estimator.may_be_non_finite() {
                continue;
            }
            let what = format!("{} step {k}, {estimator}", tour.id);
            assert_finite(&what, &curves.forward);
            assert_finite(&what, &curves.backward);
        }
        let anatomy = Anatomy::of(&view, WIDTH_PX).unwrap();
        let figures = [
            anatomy.peak,
            anatomy.peak_x,
            anatomy.half_width,
            anatomy.area,
        ];
        assert!(
            figures.iter().flatten().all(|v| v.is_finite()),
            "{} step {k}: {anatomy:?}",
            tour.id
        );
    }
}

#[test]
fn pinned_estimators_differ_from_the_main_one_and_from_each_other() {
    for (tour, k, step) in steps() {
        let view = step_view(step);
        let shown: Vec<&Estimator> = std::iter::once(&view.estimator).chain(&view.pins).collect();
        for (i, estimator) in shown.iter().enumerate() {
            assert!(
                !shown[..i].contains(estimator),
                "{} step {k} shows {estimator} twice",
                tour.id
            );
        }
    }
}

/// The total length of the intervals where a view's main backward is not finite.
fn non_finite_length(view: &View) -> f64 {
    let samples = sampling::sample(view, WIDTH_PX).unwrap();
    let regions = &samples.main.backward.non_finite;
    regions.iter().map(|r| r.to - r.from).sum()
}

#[test]
fn a_step_whose_pitfall_is_worse_in_f32_is_shown_in_f32() {
    for (tour, k, step) in steps() {
        let view = step_view(step);
        if !view.estimator.may_be_non_finite() {
            continue;
        }
        let in_dtype = |dtype| {
            non_finite_length(&View {
                dtype,
                ..view.clone()
            })
        };
        if in_dtype(Dtype::F32) > in_dtype(Dtype::F64) {
            assert_eq!(
                view.dtype,
                Dtype::F32,
                "{} step {k}: {}",
                tour.id,
                step.view
            );
        }
    }
}

#[test]
fn notes_have_three_non_empty_parts_found_nowhere_else() {
    let mut seen = HashSet::new();
    for (tour, k, step) in steps() {
        let note = &step.note;
        for part in [note.code, note.shows, note.fix] {
            assert!(
                part.trim().len() > 10 && part.ends_with('.'),
                "{} step {k}: '{part}'",
                tour.id
            );
            assert!(seen.insert(part), "{} step {k} repeats '{part}'", tour.id);
        }
    }
}

#[test]
fn the_seed_tour_walks_seeds_000_to_004_in_order_in_about_a_dozen_steps() {
    let tour = catalog::tour("seeds").expect("tour=seeds is in the catalog");
    assert!(
        (10..=14).contains(&tour.steps.len()),
        "{} steps",
        tour.steps.len()
    );
    let mut covered = BTreeSet::new();
    let mut latest = String::new();
    let mut compared = 0;
    for (k, step) in tour.steps.iter().enumerate() {
        let view = step_view(step);
        let seeds = seeds_of_step(&view);
        let first = seeds
            .first()
            .unwrap_or_else(|| panic!("step {} shows no seed", k + 1));
        assert!(*first >= latest, "step {} goes back to seed {first}", k + 1);
        latest = first.clone();
        covered.extend(seeds);
        compared += usize::from(!view.pins.is_empty());
    }
    let all: BTreeSet<String> = (0..5).map(|n| format!("00{n}")).collect();
    assert_eq!(covered, all);
    assert!(
        compared * 2 >= tour.steps.len(),
        "only {compared} steps compare"
    );
}
