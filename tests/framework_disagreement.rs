//! Where the frameworks disagree (`gradscope::disagreement`), against the frameworks
//! themselves: for every formula of `../shared/conformance/formulas/`, the x at which
//! TensorFlow's, PyTorch's and JAX's own files disagree on `f`, `df` or `true` are
//! exactly those this crate reports, output by output, in f32 and f64; and the values
//! it reports there are each framework's.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;

use common::{column, read_json, tolerance};
use gradscope::disagreement::{self, agree, agreement_tolerance, output_name, scale, Difference};
use gradscope::formula::{Formula, Framework};
use gradscope::{Dtype, Real};
use serde_json::Value;

/// The three frameworks' files of one formula in one dtype, in `Framework::ALL`'s
/// order.
struct Group {
    spec: String,
    dtype: Dtype,
    files: [Value; 3],
}

fn groups() -> Vec<Group> {
    let index = read_json("formulas/index.json");
    let mut by_formula: BTreeMap<(String, String), BTreeMap<String, (String, Value)>> =
        BTreeMap::new();
    for case in index["cases"].as_array().expect("cases") {
        let file = case["file"].as_str().expect("file");
        let parts: Vec<&str> = file.trim_end_matches(".json").split("__").collect();
        let [number, framework, dtype] = parts[..] else {
            panic!("unexpected file name {file}")
        };
        let spec = case["spec"].as_str().expect("spec").to_string();
        by_formula
            .entry((number.to_string(), dtype.to_string()))
            .or_default()
            .insert(
                framework.to_string(),
                (spec, read_json(&format!("formulas/{file}"))),
            );
    }
    by_formula
        .into_iter()
        .map(|((number, dtype), mut files)| {
            let mut take = |framework: Framework| {
                files.remove(framework.name()).unwrap_or_else(|| {
                    panic!("formula {number} has no {framework} file in {dtype}")
                })
            };
            let [(spec, tf), (_, torch), (_, jax)] = Framework::ALL.map(&mut take);
            Group {
                spec,
                dtype: match dtype.as_str() {
                    "float32" => Dtype::F32,
                    _ => Dtype::F64,
                },
                files: [tf, torch, jax],
            }
        })
        .collect()
}

/// `(output, x)` wherever the files disagree, over the distinct x ascending, with
/// the three values there; the x in `skipped` left out.
fn reference_disagreements(
    group: &Group,
    xs: &[f64],
    skipped: &[f64],
) -> BTreeMap<(&'static str, u64), [f64; 3]> {
    let file_xs = column(&group.files[0]["x"]).expect("x");
    let mut found = BTreeMap::new();
    for (name, key) in [("f", "y"), ("df", "dy"), ("true", "true")] {
        let columns = group
            .files
            .each_ref()
            .map(|f| column(&f[key]).expect("column"));
        let scale = scale(columns.iter().map(Vec::as_slice));
        let agree = |a, b| agree(a, b, group.dtype, scale);
        for &x in xs.iter().filter(|x| !skipped.contains(x)) {
            let i = file_xs
                .iter()
                .position(|&fx| fx == x)
                .expect("x of the file");
            let values = columns.each_ref().map(|c| c[i]);
            if !(agree(values[0], values[1]) && agree(values[0], values[2])) {
                found.insert((name, x.to_bits()), values);
            }
        }
    }
    found
}

/// The x where TensorFlow's own gradient depends on the processor (its float32
/// reciprocal estimate), which the conformance test holds to the estimate's bound:
/// there the frameworks differ by the processor, which this crate rounds exactly.
fn processor_dependent<F: Real>(formula: &Formula, xs: &[f64]) -> Vec<f64> {
    let tf = formula.with_framework(Framework::Tf);
    let xs_f: Vec<F> = xs.iter().map(|&x| F::c(x)).collect();
    xs.iter()
        .zip(tf.processor_dependent_points(&xs_f))
        .filter(|(_, dependent)| *dependent)
        .map(|(&x, _)| x)
        .collect()
}

/// The distinct x of a file, ascending (the files list some twice).
fn distinct_xs(group: &Group) -> Vec<f64> {
    let mut xs = column(&group.files[0]["x"]).expect("x");
    for file in &group.files[1..] {
        assert_eq!(
            column(&file["x"]).expect("x"),
            xs,
            "{}: the frameworks' x differ",
            group.spec
        );
    }
    xs.sort_by(f64::total_cmp);
    xs.dedup_by(|a, b| a.to_bits() == b.to_bits());
    xs
}

fn reported<F: Real>(formula: &Formula, xs: &[f64]) -> Vec<Difference> {
    let xs: Vec<F> = xs.iter().map(|&x| F::c(x)).collect();
    disagreement::at(formula, &xs)
}

#[test]
fn the_places_reported_are_where_the_frameworks_own_outputs_disagree() {
    let mut failures = Vec::new();
    let mut places = 0;
    let groups = groups();
    for group in &groups {
        let formula: Formula = group.spec.parse().expect("a conformance formula parses");
        let xs = distinct_xs(group);
        let (differences, skipped) = match group.dtype {
            Dtype::F32 => (
                reported::<f32>(&formula, &xs),
                processor_dependent::<f32>(&formula, &xs),
            ),
            Dtype::F64 => (
                reported::<f64>(&formula, &xs),
                processor_dependent::<f64>(&formula, &xs),
            ),
        };
        let want = reference_disagreements(group, &xs, &skipped);
        let mut got = BTreeMap::new();
        for d in &differences {
            let run = xs.iter().filter(|&&x| d.from <= x && x <= d.to);
            for &x in run.filter(|x| !skipped.contains(x)) {
                got.insert((output_name(d.output), x.to_bits()), x);
            }
            // The values reported are the frameworks' own.
            if skipped.contains(&d.from) {
                continue;
            }
            let want_values = want.get(&(output_name(d.output), d.from.to_bits()));
            let close = |w: &[f64; 3]| {
                let scale = scale([&w[..], &d.values[..]]);
                (0..3).all(|k| agree(w[k], d.values[k], group.dtype, scale))
            };
            if !want_values.is_some_and(close) {
                failures.push(format!(
                    "{} ({:?}): {} at {} reported as {:?}, the files say {want_values:?}",
                    group.spec,
                    group.dtype,
                    output_name(d.output),
                    d.from,
                    d.values
                ));
            }
        }
        let want_keys: Vec<_> = want.keys().collect();
        let got_keys: Vec<_> = got.keys().collect();
        if want_keys != got_keys {
            let show = |keys: &[&(&str, u64)]| -> Vec<String> {
                keys.iter()
                    .map(|(o, x)| format!("{o}@{}", f64::from_bits(*x)))
                    .collect()
            };
            failures.push(format!(
                "{} ({:?}): the files disagree at {:?}, reported {:?}",
                group.spec,
                group.dtype,
                show(&want_keys),
                show(&got_keys)
            ));
        }
        places += want.len();
    }
    println!(
        "{} formula files compared in threes, {places} places of disagreement",
        groups.len() * 3
    );
    assert!(
        places > 0,
        "the reference data shows disagreements; none were read"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn agreement_is_held_to_the_conformance_tolerance() {
    for (dtype, name) in [(Dtype::F32, "float32"), (Dtype::F64, "float64")] {
        assert_eq!(agreement_tolerance(dtype), tolerance(name));
    }
}
