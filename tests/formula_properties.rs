//! Properties of formulas (issue 13), with proptest:
//! - formulas built at random from the grammar parse in every framework, print
//!   canonically, and parse back to the same formula, also from other spacings;
//! - evaluating them at the special x (±0, subnormals, ±1e30, ±inf, NaN) never
//!   panics, in f32 and f64, and gives the same at each x whether the slice holds
//!   one x or all of them (the passes are node by node, not point by point);
//! - without a gradient trick, `df` and `true` are the same numbers; with no gradient
//!   path, `df` is 0;
//! - any text, valid or not, is either refused with a message or round-trips;
//! - a formula written for a catalog entry gives that entry's numbers within the
//!   conformance tolerance (`tf: x + stop_gradient(round(x) - x)` is `round/identity`).

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{compare, tolerance};
use gradscope::formula::{Formula, Framework, MAX_FORMULA_LEN};
use gradscope::{Estimator, Real};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestRunner};

const UNARY: &[&str] = &[
    "abs",
    "sign",
    "relu",
    "round",
    "floor",
    "ceil",
    "sigmoid",
    "tanh",
    "exp",
    "log",
    "sqrt",
    "sin",
    "cos",
    "atan",
    "erf",
    "zeros_like",
    "ones_like",
    "identity",
    "stop_gradient",
    "grad_pass_through",
];
const BINARY_FUNCTIONS: &[&str] = &["maximum", "minimum", "custom_gradient"];
const OPERATORS: &[&str] = &["+", "-", "*", "/", "%", "**"];
const COMPARISONS: &[&str] = &["<", "<=", ">", ">=", "==", "!="];
const LEAVES: &[&str] = &[
    "x", "pi", "lam", "0", "1", "2", "0.5", ".5", "1e-3", "3", "1e30",
];
const EXPONENTS: &[&str] = &["0", "1", "2", "3", "-1", "-2", "0.5", "2.0", "(-3)", "x"];
const TRICKS: &[&str] = &["stop_gradient", "grad_pass_through", "custom_gradient"];

/// The x where conventions show: signed zeros, subnormals, huge, infinite, NaN.
fn special_xs() -> Vec<f64> {
    vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        -2.5,
        1e-30,
        f64::from(f32::MIN_POSITIVE) / 8.0,
        -f64::MIN_POSITIVE / 8.0,
        88.0,
        1e30,
        -1e30,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
    ]
}

/// A boolean of the grammar over number expressions from `number`.
fn boolean(number: BoxedStrategy<String>) -> BoxedStrategy<String> {
    let comparison = (number.clone(), select(COMPARISONS), number.clone())
        .prop_map(|(a, op, b)| format!("{a} {op} {b}"))
        .boxed();
    prop_oneof![
        comparison.clone(),
        number.prop_map(|a| format!("is_nan({a})")),
        (comparison.clone(), comparison.clone())
            .prop_map(|(p, q)| format!("logical_and({p}, {q})")),
        (comparison.clone(), comparison.clone()).prop_map(|(p, q)| format!("logical_or({p}, {q})")),
        comparison.prop_map(|p| format!("logical_not({p})")),
    ]
    .boxed()
}

/// A number expression of the grammar, every construct and precedence mixed.
fn number() -> BoxedStrategy<String> {
    let leaf = select(LEAVES).prop_map(str::to_string);
    leaf.prop_recursive(5, 40, 3, |inner| {
        let inner = inner.boxed();
        prop_oneof![
            (select(UNARY), inner.clone()).prop_map(|(f, a)| format!("{f}({a})")),
            (inner.clone(), select(OPERATORS), inner.clone())
                .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            (inner.clone(), select(OPERATORS), inner.clone())
                .prop_map(|(a, op, b)| format!("{a} {op} {b}")),
            inner.clone().prop_map(|a| format!("-{a}")),
            (inner.clone(), select(EXPONENTS)).prop_map(|(a, n)| format!("{a} ** {n}")),
            (select(BINARY_FUNCTIONS), inner.clone(), inner.clone())
                .prop_map(|(f, a, b)| format!("{f}({a}, {b})")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, b, c)| format!("clip({a}, {b}, {c})")),
            (boolean(inner.clone()), inner.clone(), inner.clone())
                .prop_map(|(c, a, b)| format!("where({c}, {a}, {b})")),
            boolean(inner).prop_map(|c| format!("cast({c})")),
        ]
    })
    .boxed()
}

/// A whole spec: a framework, a random expression, a declared parameter.
fn spec() -> impl Strategy<Value = String> {
    (select(&Framework::ALL[..]), number())
        .prop_map(|(framework, expr)| format!("{framework}: {expr}; lam = 2 in [0, 5]"))
        .prop_filter("fits the length limit", |s| s.len() <= MAX_FORMULA_LEN)
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// The same bits, or both NaN.
fn same<F: Real>(a: F, b: F) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_f64_lossless().to_bits() == b.to_f64_lossless().to_bits()
}

/// Evaluates at every special x at once and one at a time, and checks the two agree
/// and that `df` follows the formula's tricks and gradient path.
fn check_evaluation<F: Real>(formula: &Formula, has_tricks: bool) -> Result<(), TestCaseError> {
    let xs: Vec<F> = special_xs().into_iter().map(F::c).collect();
    let all = formula.evaluate(&xs);
    prop_assert_eq!(all.value.len(), xs.len());
    prop_assert_eq!(all.gradient.len(), xs.len());
    prop_assert_eq!(all.true_gradient.len(), xs.len());
    for (i, &x) in xs.iter().enumerate() {
        let one = formula.evaluate(&[x]);
        let pairs = [
            (one.value[0], all.value[i]),
            (one.gradient[0], all.gradient[i]),
            (one.true_gradient[0], all.true_gradient[i]),
        ];
        for (alone, together) in pairs {
            prop_assert!(
                same(alone, together),
                "{formula} at x = {x}: {alone} alone, {together} in the slice"
            );
        }
        if !has_tricks {
            prop_assert!(
                same(all.gradient[i], all.true_gradient[i]),
                "{formula} at x = {x}: df != true without a trick"
            );
        }
        if all.no_gradient_path {
            prop_assert!(
                all.gradient[i] == F::zero(),
                "{formula}: no gradient path but df = {}",
                all.gradient[i]
            );
        }
    }
    Ok(())
}

#[test]
fn random_formulas_round_trip_and_evaluate_without_panicking() {
    let mut runner = runner(600);
    let result = runner.run(&spec(), |text| {
        let formula: Formula = text.parse().map_err(|e| {
            TestCaseError::fail(format!("'{text}' is grammatical but refused: {e}"))
        })?;
        let canonical = formula.to_string();
        let again: Formula = canonical
            .parse()
            .map_err(|e| TestCaseError::fail(format!("canonical '{canonical}' refused: {e}")))?;
        prop_assert_eq!(&again, &formula);
        prop_assert_eq!(again.to_string(), canonical.clone());
        let (head, params) = canonical.split_once(';').expect("the spec declares lam");
        for spacing in [head.replace(' ', ""), head.replace(' ', " \t  ")] {
            let respaced: Formula = format!("{spacing};{params}")
                .parse()
                .map_err(|e| TestCaseError::fail(format!("'{spacing}' refused: {e}")))?;
            prop_assert_eq!(&respaced, &formula, "respaced as '{}'", spacing);
        }
        // Written with the framework's own module path on every call, as pasted
        // from a model: the same formula.
        let (framework, expression) = head.split_once(": ").expect("a framework prefix");
        let path = match framework {
            "tf" => "tf.",
            "torch" => "torch.",
            _ => "jnp.",
        };
        let pasted = format!(
            "{framework}: {};{params}",
            with_module_path(expression, path)
        );
        prop_assume!(pasted.len() <= MAX_FORMULA_LEN);
        let from_pasted: Formula = pasted
            .parse()
            .map_err(|e| TestCaseError::fail(format!("'{pasted}' refused: {e}")))?;
        prop_assert_eq!(&from_pasted, &formula, "pasted as '{}'", pasted);
        let has_tricks = TRICKS.iter().any(|t| text.contains(t));
        for framework in Framework::ALL {
            let for_framework = formula.with_framework(framework);
            check_evaluation::<f32>(&for_framework, has_tricks)?;
            check_evaluation::<f64>(&for_framework, has_tricks)?;
        }
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
}

/// `expression` with `path` before every function name: `relu(x)` as `tf.relu(x)`.
fn with_module_path(expression: &str, path: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    for c in expression.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        if c == '(' && word.starts_with(|w: char| w.is_ascii_alphabetic()) {
            out.push_str(path);
        }
        out.push_str(&word);
        word.clear();
        out.push(c);
    }
    out.push_str(&word);
    out
}

/// A word to insert: the grammar's symbols and names, and characters it refuses.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[-+*/%<>=!()\\[\\],;.0-9 ]{1,3}",
        select(LEAVES).prop_map(str::to_string),
        select(UNARY).prop_map(|f| format!("{f}(")),
        select(COMPARISONS).prop_map(str::to_string),
        select(
            &["in", "[0, 1]", ";", "; k = 1", ":", "tf:", "where(", ")", "é", "\u{0}", "1e400"][..]
        )
        .prop_map(str::to_string),
    ]
}

/// One edit of a text: cut a piece, insert a word, or repeat a piece.
#[derive(Clone, Debug)]
enum Edit {
    Cut(usize, usize),
    Insert(usize, String),
    Repeat(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 1..6usize).prop_map(|(at, len)| Edit::Cut(at, len)),
        (any::<usize>(), word()).prop_map(|(at, w)| Edit::Insert(at, w)),
        (any::<usize>(), 1..12usize).prop_map(|(at, len)| Edit::Repeat(at, len)),
    ]
}

/// The char boundary at or before `at % (len + 1)`.
fn boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &mut String, edit: &Edit) {
    match edit {
        Edit::Cut(at, len) => {
            let start = boundary(text, *at);
            let end = boundary(text, start + len);
            if end > start {
                text.replace_range(start..end, "");
            }
        }
        Edit::Insert(at, word) => {
            let at = boundary(text, *at);
            text.insert_str(at, word);
        }
        Edit::Repeat(at, len) => {
            let start = boundary(text, *at);
            let end = boundary(text, start + len).max(start);
            let piece = text[start..end].to_string();
            text.insert_str(end, &piece);
        }
    }
}

/// Grammatical specs with a few random edits: often refused, sometimes not.
fn mutated() -> impl Strategy<Value = String> {
    (spec(), prop::collection::vec(edit(), 0..4)).prop_map(|(mut text, edits)| {
        for edit in &edits {
            apply(&mut text, edit);
        }
        text
    })
}

#[test]
fn any_text_is_refused_with_a_message_or_round_trips() {
    let mut runner = runner(3000);
    let result = runner.run(&mutated(), |text| {
        match text.parse::<Formula>() {
            Err(error) => prop_assert!(!error.to_string().is_empty()),
            Ok(formula) => {
                let canonical = formula.to_string();
                let again: Formula = canonical.parse().map_err(|e| {
                    TestCaseError::fail(format!("'{text}' gave '{canonical}', refused: {e}"))
                })?;
                prop_assert_eq!(&again, &formula);
                let has_tricks = TRICKS.iter().any(|t| text.contains(t));
                check_evaluation::<f32>(&formula, has_tricks)?;
                check_evaluation::<f64>(&formula, has_tricks)?;
            }
        }
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
}

/// x from -3 to 3 in steps of 0.01, and the special finite points.
fn grid() -> Vec<f64> {
    let mut xs: Vec<f64> = (-300..=300).map(|i| f64::from(i) / 100.0).collect();
    xs.extend([
        0.5, -0.5, 1.5, 2.5, 1e-7, -1e-7, 1e-30, 5.0, -5.0, 20.0, -20.0,
    ]);
    xs
}

/// Compares `formula` with the catalog's `estimator` in dtype `F`: value with value,
/// `df` with the estimator's backward.
fn agree<F: Real>(formula: &str, estimator: &str) -> Vec<String> {
    let parsed: Formula = formula.parse().expect("the formula parses");
    let estimator: Estimator = estimator.parse().expect("the catalog spec parses");
    let xs = grid();
    let xs_f: Vec<F> = xs.iter().map(|&x| F::c(x)).collect();
    let result = parsed.evaluate(&xs_f);
    let bound = estimator.bind::<F>();
    let (mut want_value, mut want_backward) = (Vec::new(), Vec::new());
    for &x in &xs_f {
        let point = bound.point(x);
        want_value.push(point.value.to_f64_lossless());
        want_backward.push(point.backward.to_f64_lossless());
    }
    let widen = |v: &[F]| -> Vec<f64> { v.iter().map(|v| v.to_f64_lossless()).collect() };
    let tol = tolerance(match F::DTYPE {
        gradscope::Dtype::F32 => "float32",
        gradscope::Dtype::F64 => "float64",
    });
    let mut mismatches = compare("f", &xs, &want_value, &widen(&result.value), tol, &[]);
    mismatches.extend(compare(
        "df",
        &xs,
        &want_backward,
        &widen(&result.gradient),
        tol,
        &[],
    ));
    mismatches
        .iter()
        .map(|m| {
            format!(
                "{formula} vs {estimator} ({:?}): {} at x = {}: catalog {}, formula {}",
                F::DTYPE,
                m.column,
                m.x,
                m.want,
                m.got
            )
        })
        .collect()
}

#[test]
fn formulas_written_for_catalog_entries_give_the_catalog_s_numbers() {
    let pairs = [
        ("tf: x + stop_gradient(round(x) - x)", "round/identity"),
        ("torch: grad_pass_through(round(x))", "round/identity"),
        (
            "tf: custom_gradient(cast(x > 0), k * sigmoid(k * x) * (1 - sigmoid(k * x))); k = 2",
            "heaviside(h0=0)/sigmoid(k=2)",
        ),
        (
            "jax: custom_gradient(cast(x >= 0), maximum(0, 1 - abs(x)))",
            "heaviside/triangle",
        ),
        ("tf: sign(x)", "sign/zero"),
        ("tf: sigmoid(slope * x); slope = 3", "sigmoid(slope=3)"),
        (
            "torch: relu(x - lam) - relu(-x - lam); lam = 1",
            "soft_threshold(lambda=1)",
        ),
        (
            "jax: where(abs(x) > lam, x, zeros_like(x)); lam = 1",
            "hard_threshold(lambda=1)",
        ),
    ];
    let mut failures = Vec::new();
    for (formula, estimator) in pairs {
        failures.extend(agree::<f32>(formula, estimator));
        failures.extend(agree::<f64>(formula, estimator));
    }
    println!(
        "formulas vs catalog: {} pairs, {} mismatches",
        pairs.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
