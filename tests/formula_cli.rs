//! Formulas on the command line (issue 13), run as the real binary: `eval --true`
//! of every conformance file's spec reproduces its `f`, `df` and `true` within the
//! README's tolerance, and says the framework's no-gradient message on standard
//! error exactly once where the file has `dy_none` (and nothing otherwise); `table`,
//! `plot` and `anatomy` take formulas and pins that are formulas; every formula
//! under `refused` in `index.json`, in every framework and every command, exits 2
//! with a message and nothing on standard output.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::run::gradscope;
use common::{column, compare, read_json, tolerance};
use gradscope::formula::{Formula, Framework};
use serde_json::Value;

/// The columns of a CSV with a header, by position, as numbers.
fn csv_columns(text: &str) -> Vec<Vec<f64>> {
    let mut lines = text.lines();
    let width = lines.next().expect("a header").split(',').count();
    let mut columns = vec![Vec::new(); width];
    for line in lines {
        for (column, cell) in columns.iter_mut().zip(line.split(',')) {
            column.push(gradscope::spec::parse_number(cell).expect("a number"));
        }
    }
    columns
}

/// The x of one file where the framework's own gradient depends on the processor
/// (held to the processor's bound by `tests/formulas.rs`, skipped here).
fn processor_dependent(spec: &str, dtype: &str, xs: &[f64]) -> Vec<f64> {
    let formula: Formula = spec.parse().expect("a conformance spec parses");
    let flags = match dtype {
        "float32" => {
            formula.processor_dependent_points(&xs.iter().map(|&x| x as f32).collect::<Vec<_>>())
        }
        _ => formula.processor_dependent_points(xs),
    };
    xs.iter()
        .zip(flags)
        .filter(|(_, dependent)| *dependent)
        .map(|(&x, _)| x)
        .collect()
}

#[test]
fn eval_reproduces_every_conformance_formula_and_says_when_there_is_no_gradient() {
    let index = read_json("formulas/index.json");
    let cases = index["cases"].as_array().expect("a list of cases");
    let mut failures = Vec::new();
    let mut silent_where_none = 0;
    for case in cases {
        let (file, spec, dtype) = (
            case["file"].as_str().unwrap(),
            case["spec"].as_str().unwrap(),
            case["dtype"].as_str().unwrap(),
        );
        let reference = read_json(&format!("formulas/{file}"));
        let xs = column(&reference["x"]).expect("x");
        let input: String = xs.iter().map(|x| format!("{x:?}\n")).collect();
        let short_dtype = if dtype == "float32" { "f32" } else { "f64" };
        let run = gradscope(&["eval", "--true", "--dtype", short_dtype, spec], &input);
        assert_eq!(run.code, Some(0), "{spec} in {dtype}: {run:#?}");
        let got = csv_columns(&run.stdout);
        let skip = processor_dependent(spec, dtype, &xs);
        for (name, index, skip) in [("y", 1, &[][..]), ("dy", 2, &skip), ("true", 3, &skip)] {
            let want = column(&reference[name]).expect("a reference column");
            let found = compare(name, &xs, &want, &got[index], tolerance(dtype), skip);
            if let Some(first) = found.first() {
                failures.push(format!("{spec} in {dtype}: {first}"));
            }
        }
        let framework: Framework = spec.split(':').next().unwrap().parse().unwrap();
        let expected_stderr = match (
            reference["dy_none"].as_bool(),
            framework.no_gradient_message(),
        ) {
            (Some(true), Some(message)) => format!("gradscope: {message}\n"),
            (Some(true), None) => {
                silent_where_none += 1;
                String::new()
            }
            _ => String::new(),
        };
        if run.stderr != expected_stderr {
            failures.push(format!(
                "{spec} in {dtype}: standard error {:?}",
                run.stderr
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!(
        "{} conformance formulas reproduced by `gradscope eval`; {silent_where_none} without a gradient path in a framework that does not report it",
        cases.len()
    );
}

#[test]
fn table_gives_the_rows_eval_gives_at_the_same_x() {
    let spec = "torch: clip(x, -lam, lam) + stop_gradient(round(x) - clip(x, -lam, lam)); lam = 1.5 in [0, 3]";
    let table = gradscope(
        &[
            "table",
            spec,
            "--from",
            "-2",
            "--to",
            "2",
            "--samples",
            "41",
            "--true",
        ],
        "",
    );
    assert_eq!(
        (table.code, table.stderr.as_str()),
        (Some(0), ""),
        "{table:#?}"
    );
    let xs = &csv_columns(&table.stdout)[0];
    let input: String = xs.iter().map(|x| format!("{x:?}\n")).collect();
    let eval = gradscope(&["eval", "--true", spec], &input);
    assert_eq!(eval.code, Some(0), "{eval:#?}");
    assert_eq!(table.stdout, eval.stdout);
    assert_eq!(table.stdout.lines().count(), 42);
}

#[test]
fn anatomy_and_plot_take_formulas_and_formula_pins() {
    let spec = "tf: x + stop_gradient(round(x) - x)";
    let run = gradscope(&["anatomy", spec, "--pin", "jax: sigmoid(4 * x)"], "");
    assert_eq!(run.code, Some(0), "{run:#?}");
    let anatomy: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(anatomy["spec"], spec);
    // The straight-through gradient is 1 everywhere: its area over [-3, 3] is 6.
    let area = anatomy["area"].as_f64().expect("an area");
    assert!((area - 6.0).abs() < 1e-9, "area {area}");

    let out = std::env::temp_dir().join(format!("gradscope-formula-{}.svg", std::process::id()));
    let out_text = out.to_str().unwrap();
    let run = gradscope(
        &["plot", spec, "--pin", "torch: tanh(x)", "--out", out_text],
        "",
    );
    assert_eq!(run.code, Some(0), "{run:#?}");
    let svg = std::fs::read_to_string(&out).expect("the SVG is written");
    let _ = std::fs::remove_file(&out);
    assert!(
        svg.contains(spec) && svg.contains("torch: tanh(x)"),
        "labels missing"
    );
}

#[test]
fn every_refused_formula_exits_2_with_a_message_in_every_command() {
    let index = read_json("formulas/index.json");
    let refused = index["refused"].as_array().expect("a refused list");
    let out = std::env::temp_dir().join(format!("gradscope-refused-{}.svg", std::process::id()));
    let out_text = out.to_str().unwrap();
    let mut runs = 0;
    for text in refused {
        let text = text.as_str().expect("a formula");
        for framework in Framework::ALL {
            let spec = format!("{framework}: {text}");
            let commands: [Vec<&str>; 6] = [
                vec!["eval", &spec],
                vec!["frameworks", &spec],
                vec!["table", &spec, "--from", "0", "--to", "1", "--samples", "3"],
                vec!["plot", &spec, "--out", out_text],
                vec!["anatomy", &spec],
                vec!["anatomy", "round", "--pin", &spec],
            ];
            for args in commands {
                let run = gradscope(&args, "0.5\n");
                runs += 1;
                assert_eq!(run.code, Some(2), "{args:?}: {run:#?}");
                assert!(run.stdout.is_empty(), "{args:?}: {run:#?}");
                assert!(!run.stderr.contains("panicked"), "{args:?}: {run:#?}");
                let message = run.stderr.trim();
                assert!(
                    message.starts_with("gradscope: ") && message.len() > 30,
                    "{args:?}: {run:#?}"
                );
            }
        }
    }
    assert!(!out.exists(), "a refused plot wrote a file");
    println!(
        "{} refused formulas, {runs} runs, all exit 2",
        refused.len()
    );
}

#[test]
fn refused_formulas_name_the_spot() {
    let run = gradscope(&["eval", "tf: roundd(x)"], "");
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("did you mean 'round'") && run.stderr.contains("at character"),
        "{run:#?}"
    );
}

#[test]
fn a_formula_in_f32_is_computed_in_f32() {
    // 0.1 + 0.2 rounds differently in f32 and f64; the CLI prints each dtype's sum.
    let sum_in = |dtype: &str| {
        let run = gradscope(&["eval", "--dtype", dtype, "tf: x + 0.2"], "0.1\n");
        let row = run.stdout.lines().nth(1).expect("a row").to_string();
        row.split(',').nth(1).expect("an f cell").to_string()
    };
    let (in_f32, in_f64) = (sum_in("f32"), sum_in("f64"));
    assert_eq!(in_f32.parse::<f32>(), Ok(0.1f32 + 0.2f32));
    assert_eq!(in_f64.parse::<f64>(), Ok(0.1 + 0.2));
    assert_ne!(in_f32, in_f64);
}

#[test]
fn training_a_formula_matches_the_catalog_pair_it_spells() {
    // `x + stop_gradient(cast(x > 0) - x)` is the Heaviside step with the
    // straight-through gradient, H(0) = 0: heaviside(h0=0)/identity, trained from the
    // same weights, loses the same at every epoch.
    let run = gradscope(
        &[
            "train",
            "tf: x + stop_gradient(cast(x > 0) - x)",
            "--pin",
            "heaviside(h0=0)/identity",
            "--task",
            "xor",
            "--epochs",
            "20",
        ],
        "",
    );
    assert_eq!(run.code, Some(0), "{run:#?}");
    let columns = csv_columns(&run.stdout);
    assert_eq!(columns[0].len(), 21);
    let (formula_loss, pair_loss) = (&columns[1], &columns[3]);
    for (epoch, (a, b)) in formula_loss.iter().zip(pair_loss).enumerate() {
        assert!(
            (a - b).abs() <= 1e-12 * b.abs(),
            "epoch {epoch}: {a} vs {b}"
        );
    }
    assert!(formula_loss[20] < formula_loss[0], "the loss falls");
}

#[test]
fn frameworks_lists_each_place_of_disagreement_with_the_three_values() {
    let run = gradscope(
        &[
            "frameworks",
            "--csv",
            "--dtype",
            "f32",
            "torch: clip(x, -lam, lam); lam = 1.25 in [0, 3]",
        ],
        "",
    );
    run.assert_ok();
    // clip's bounds: TensorFlow passes the whole gradient at them, PyTorch and JAX half.
    let lines = run.lines();
    assert_eq!(lines[0], "output,from,to,tf,torch,jax");
    let df: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("df,"))
        .collect();
    assert_eq!(
        df,
        ["df,-1.25,-1.25,1.0,0.5,0.5", "df,1.25,1.25,1.0,0.5,0.5"]
    );
    // The sentence names the same places.
    let sentence = gradscope(
        &[
            "frameworks",
            "torch: clip(x, -lam, lam); lam = 1.25 in [0, 3]",
        ],
        "",
    );
    sentence.assert_ok();
    assert!(
        sentence
            .stdout
            .contains("at x = -1.25: 1 in TensorFlow, 0.5 in PyTorch and JAX"),
        "{sentence:#?}"
    );
    // A catalog estimator has no frameworks to compare.
    gradscope(&["frameworks", "round/identity"], "")
        .assert_refused(&["frameworks compares a formula", "catalog"]);
}
