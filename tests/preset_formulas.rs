//! The presets that came from a seed's snippet carry the snippet as a formula
//! (`Preset::as_formula`, the page's "Open as formula"): each such formula, run as
//! its framework runs it, gives the preset's numbers (f and the backward) within the
//! conformance tolerance, in f32 and f64, over the preset's range on a grid that
//! includes its breaks.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{compare, evaluate_in, tolerance};
use gradscope::{catalog, Estimator};

/// Samples across the preset's range (both ends and 0 included).
const SAMPLES: usize = 2001;

#[test]
fn each_presets_formula_gives_the_presets_numbers() {
    let mut checked = Vec::new();
    let mut failures = Vec::new();
    for preset in catalog::presets() {
        let Some(text) = preset.as_formula else {
            continue;
        };
        let formula: Estimator = text
            .parse()
            .unwrap_or_else(|e| panic!("{}: '{text}' does not parse: {e}", preset.id));
        assert!(formula.formula().is_some(), "{}: not a formula", preset.id);
        let estimator: Estimator = preset.spec.parse().unwrap();
        let [from, to] = preset.range.unwrap_or([-3.0, 3.0]);
        let mut xs: Vec<f64> = (0..SAMPLES)
            .map(|i| from + (to - from) * i as f64 / (SAMPLES - 1) as f64)
            .collect();
        xs.extend(estimator.forward_breaks(from, to).iter().map(|b| b.x));
        for dtype in ["float32", "float64"] {
            let (want_f, want_df) = evaluate_in(dtype, &estimator, &xs);
            let (got_f, got_df) = evaluate_in(dtype, &formula, &xs);
            let mut found = compare("f", &xs, &want_f, &got_f, tolerance(dtype), &[]);
            found.extend(compare("df", &xs, &want_df, &got_df, tolerance(dtype), &[]));
            if let Some(first) = found.first() {
                failures.push(format!(
                    "{} ({text}) in {dtype}: {} mismatches, first {first}",
                    preset.id,
                    found.len()
                ));
            }
        }
        checked.push(preset.id);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked.len() >= 10, "only {checked:?} carry a formula");
    println!(
        "{} presets' formulas match: {}",
        checked.len(),
        checked.join(", ")
    );
}
