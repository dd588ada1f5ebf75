//! Unit tests of the formula module: Python precedence, canonical printing, the
//! errors' spots and hints, and the places where the three frameworks' rules differ,
//! each checked against its closed form.

use super::*;

fn formula(spec: &str) -> Formula {
    spec.parse()
        .unwrap_or_else(|e| panic!("'{spec}' does not parse: {e}"))
}

/// `f`, `df` and `true` of `spec` at one x, in f64.
fn at(spec: &str, x: f64) -> (f64, f64, f64) {
    let result = formula(spec).evaluate(&[x]);
    (result.value[0], result.gradient[0], result.true_gradient[0])
}

/// `df` of `spec` at one x in f32.
fn gradient_f32(spec: &str, x: f32) -> f32 {
    formula(spec).evaluate(&[x]).gradient[0]
}

fn message(spec: &str) -> String {
    spec.parse::<Formula>().unwrap_err().to_string()
}

#[test]
fn unary_minus_binds_looser_than_a_power_as_in_python() {
    assert_eq!(at("tf: -x ** 2", 3.0).0, -9.0);
    assert_eq!(at("tf: 2 ** 3 ** 2", 0.0).0, 512.0);
    assert_eq!(at("tf: 2 ** -x", 1.0).0, 0.5);
    assert_eq!(at("tf: x - 1 - 1", 0.0).0, -2.0);
    assert_eq!(at("tf: 8 / 2 / 2", 0.0).0, 2.0);
    assert_eq!(at("tf: -2 * x % 3", 1.0).0, 1.0);
}

#[test]
fn the_canonical_form_normalises_whitespace_and_keeps_parentheses() {
    assert_eq!(
        formula("  tf:x+stop_gradient( round( x )-x )").to_string(),
        "tf: x + stop_gradient(round(x) - x)"
    );
    assert_eq!(
        formula("torch: ( x )*-2;lam=2.0 in[0,5] ;k = -1e-7").to_string(),
        "torch: (x) * -2; lam = 2 in [0, 5]; k = -1e-7"
    );
}

#[test]
fn printing_then_parsing_gives_the_same_formula() {
    for spec in [
        "jax: where(abs(x) > lam, x, zeros_like(x)); lam = 5 in [0, 10]",
        "torch: custom_gradient(cast(x > 0), sigmoid(x) * (1 - sigmoid(x)))",
        "tf: --x ** -(2) % +pi",
    ] {
        let parsed = formula(spec);
        let again = formula(&parsed.to_string());
        assert_eq!(again, parsed, "{spec}");
        assert_eq!(again.to_string(), parsed.to_string());
    }
}

#[test]
fn formula_specs_start_with_a_framework() {
    assert!(is_formula_spec("  tf: x"));
    assert!(is_formula_spec("jax:x"));
    assert!(!is_formula_spec("round/identity"));
    assert!(!is_formula_spec("tff: x"));
    assert!(message("x + 1").contains("'tf: ...'"));
    assert!(message("tff: x").contains("did you mean 'tf'"));
}

#[test]
fn unknown_functions_suggest_the_closest_or_this_grammar_s_name() {
    let m = message("tf: sigmiod(x)");
    assert!(m.contains("unknown function 'sigmiod'"), "{m}");
    assert!(m.contains("did you mean 'sigmoid'"), "{m}");
    assert!(m.contains("at character 5"), "{m}");
    assert!(message("jax: jnp.clip_by_value(x, 0, 1)").contains("did you mean 'clip'"));
    assert!(message("torch: frobnicate(x)").contains("the functions are abs, sign"));
}

#[test]
fn a_framework_s_own_op_names_are_accepted_and_printed_in_this_grammar_s() {
    let pasted = formula("tf: x + tf.stop_gradient(tf.clip_by_value(x, -1, 1) - tf.math.round(x))");
    assert_eq!(
        pasted.to_string(),
        "tf: x + stop_gradient(clip(x, -1, 1) - round(x))"
    );
    assert_eq!(
        formula("torch: torch.where(torch.isnan(x), torch.zeros_like(x), torch.clamp(x, 0, 1))")
            .to_string(),
        "torch: where(is_nan(x), zeros_like(x), clip(x, 0, 1))"
    );
    assert_eq!(
        formula("jax: jax.nn.sigmoid(jnp.arctan(x))").to_string(),
        "jax: sigmoid(atan(x))"
    );
    // Another framework's op: the message says whose it is and how to write it.
    let m = message("torch: tf.maximum(x, 0)");
    assert!(
        m.contains("'tf.maximum' is TensorFlow's, and this is a PyTorch formula"),
        "{m}"
    );
    assert!(
        m.contains("write 'maximum', or start the formula with 'tf:'"),
        "{m}"
    );
    assert!(m.contains("at character 8"), "{m}");
}

#[test]
fn unknown_names_suggest_declared_parameters() {
    let m = message("tf: relu(x - lamb); lam = 2");
    assert!(m.contains("unknown name 'lamb'"), "{m}");
    assert!(m.contains("did you mean 'lam'"), "{m}");
    let m = message("tf: x ** y");
    assert!(m.contains("declare one after the formula: '; y = 1"), "{m}");
    assert!(message("tf: x and x").contains("logical_and"));
}

#[test]
fn booleans_need_a_cast_or_a_where() {
    let m = message("tf: x * (x > 0)");
    assert!(m.contains("a boolean cannot go into '*'"), "{m}");
    assert!(m.contains("cast(...)"), "{m}");
    assert!(m.contains("at character 9: '(x > 0)'"), "{m}");
    let m = message("tf: where(x, 1, 0)");
    assert!(m.contains("'where' needs a boolean"), "{m}");
    assert!(m.contains("comparison"), "{m}");
    assert!(message("tf: x == 0.5").contains("the formula's value is a boolean"));
    assert!(message("tf: cast(x)").contains("'cast' needs a boolean"));
    assert!(message("tf: -(x > 0)").contains("a unary sign"));
}

#[test]
fn chained_comparisons_are_rewritten_with_logical_and() {
    let m = message("tf: 0 < x < 1");
    assert!(m.contains("write logical_and(0 < x, x < 1)"), "{m}");
}

#[test]
fn argument_counts_are_checked() {
    let m = message("tf: round(x, 2)");
    assert!(m.contains("'round' takes 1 argument, found 2"), "{m}");
    let m = message("tf: clip(x, 1)");
    assert!(m.contains("'clip' takes 3 arguments, found 2"), "{m}");
    assert!(message("tf: relu + 1").contains("call it, as in relu(x)"));
    assert!(message("tf: x(2)").contains("not a function"));
}

#[test]
fn syntax_errors_say_what_was_expected_after_what() {
    let m = message("tf: x +");
    assert!(m.contains("expected an operand"), "{m}");
    assert!(m.contains("after '+', found the end"), "{m}");
    assert!(message("tf: 2x").contains("2 * x"));
    assert!(message("tf: (x").contains("expected ')'"));
    assert!(message("tf: x $ 1").contains("unexpected character '$'"));
    assert!(message("tf:   ").contains("empty formula"));
}

#[test]
fn parameters_are_checked() {
    assert!(message("tf: x; lam = 2 in [3, 1]").contains("is empty"));
    assert!(message("tf: x; lam = 7 in [0, 5]").contains("outside its range [0, 5]"));
    assert!(message("tf: x; lam = inf").contains("not a finite number"));
    assert!(message("tf: x; relu = 1").contains("cannot name a parameter"));
    assert!(message("tf: x; k = 1; k = 2").contains("declared twice"));
    assert!(message("tf: x; k = 1 in [0, 2").contains("expected ']'"));
    assert!(message("tf: x; k = 1;").contains("expected a parameter name"));
}

#[test]
fn a_formula_whose_canonical_form_is_too_long_is_refused_so_every_link_reads_back() {
    let terse = format!("tf: {}x", "x*".repeat(330));
    assert!(terse.len() <= MAX_FORMULA_LEN);
    let error = terse.parse::<Formula>().unwrap_err();
    assert!(
        matches!(error.kind, FormulaErrorKind::CanonicalTooLong(len) if len > MAX_FORMULA_LEN),
        "{error:?}"
    );
    assert!(error.to_string().contains("written out in full"));
    let fits = format!("tf: {}x", "x*".repeat(200));
    let formula: Formula = fits.parse().expect("its canonical form fits");
    assert_eq!(formula.to_string().parse::<Formula>().unwrap(), formula);

    // A parameter moved to a value with more digits, or given its slider's range,
    // may not push the canonical form past the limit either.
    let at_the_limit = |padding: usize| format!("tf: k * x{}; k = 1", " + x".repeat(padding));
    let padding = (0..400)
        .rev()
        .find(|&p| matches!(at_the_limit(p).parse::<Formula>(), Ok(f) if f.to_string().len() >= MAX_FORMULA_LEN - 2))
        .expect("a formula just under the limit");
    let near: Formula = at_the_limit(padding).parse().unwrap();
    let error = near.with_param("k", 0.123_456_789).unwrap_err();
    assert!(
        matches!(error.kind, FormulaErrorKind::CanonicalTooLong(_)),
        "{error:?}"
    );
    let error = near.with_param_at("k", 0).unwrap_err();
    assert!(
        matches!(error.kind, FormulaErrorKind::CanonicalTooLong(_)),
        "{error:?}"
    );
}

#[test]
fn text_length_and_nesting_are_bounded() {
    let long = format!("tf: {}", "x + ".repeat(300));
    assert!(matches!(
        long.parse::<Formula>().unwrap_err().kind,
        FormulaErrorKind::TooLong(_)
    ));
    for deep in [
        format!("tf: {}x{}", "(".repeat(400), ")".repeat(400)),
        format!("tf: {}x", "-".repeat(900)),
        format!("tf: {}x{}", "abs(".repeat(190), ")".repeat(190)),
        format!("tf: x{}", " ** x".repeat(150)),
    ] {
        let error = deep.parse::<Formula>().unwrap_err();
        assert_eq!(error.kind, FormulaErrorKind::TooDeep, "{deep}");
    }
}

#[test]
fn with_param_checks_the_range_and_names_the_declared_parameters() {
    let f = formula("tf: relu(x - lam); lam = 2 in [0, 5]");
    let moved = f.with_param("lam", 4.0).unwrap();
    assert_eq!(moved.to_string(), "tf: relu(x - lam); lam = 4 in [0, 5]");
    assert_eq!(moved.evaluate(&[5.0f64]).value, [1.0]);
    assert!(f.with_param("lam", 6.0).is_err());
    assert!(f.with_param("lam", f64::NAN).is_err());
    let m = f.with_param("k", 1.0).unwrap_err().to_string();
    assert!(m.contains("declares lam"), "{m}");
}

#[test]
fn with_framework_keeps_the_text() {
    let f = formula("tf: clip(x, 1, -1)");
    let g = f.with_framework(Framework::Jax);
    assert_eq!(g.to_string(), "jax: clip(x, 1, -1)");
    // clip_by_value ends with maximum(., lo); jnp.clip and torch.clamp with minimum(hi, .).
    assert_eq!(f.evaluate(&[0.0f64]).value, [1.0]);
    assert_eq!(g.evaluate(&[0.0f64]).value, [-1.0]);
    assert_eq!(
        f.with_framework(Framework::Torch).evaluate(&[0.0f64]).value,
        [-1.0]
    );
}

#[test]
fn gradient_tricks_change_df_but_not_true() {
    assert_eq!(
        at("tf: x + stop_gradient(round(x) - x)", 0.7),
        (1.0, 1.0, 0.0)
    );
    assert_eq!(
        at("torch: grad_pass_through(round(x))", 0.7),
        (1.0, 1.0, 0.0)
    );
    let (value, df, truth) = at("jax: custom_gradient(cast(x > 0), 3 * x)", 2.0);
    assert_eq!((value, df, truth), (1.0, 6.0, 0.0));
}

#[test]
fn no_gradient_path_is_tensorflow_none_and_pytorch_requires_grad() {
    let flag = |spec: &str| formula(spec).evaluate(&[0.5f64]).no_gradient_path;
    assert!(flag("tf: round(x)"));
    assert!(
        !flag("torch: round(x)"),
        "torch.round is differentiable (zeros)"
    );
    assert!(flag("torch: stop_gradient(x) * 2"));
    assert!(flag("tf: ones_like(x) * 3"));
    assert!(!flag("tf: sign(x)"), "_SignGrad returns zeros, not None");
    assert!(!flag("jax: stop_gradient(x)"), "jax.grad gives zeros");
    assert!(!flag("tf: custom_gradient(round(x), 1)"));
}

#[test]
fn jax_abs_has_slope_one_at_zero_where_the_others_have_zero() {
    assert_eq!(at("jax: abs(x)", 0.0).1, 1.0);
    assert_eq!(at("tf: abs(x)", 0.0).1, 0.0);
    assert_eq!(at("torch: abs(x)", 0.0).1, 0.0);
}

#[test]
fn maximum_ties_split_in_half_except_in_tensorflow() {
    assert_eq!(at("tf: maximum(x, 0)", 0.0).1, 1.0);
    assert_eq!(at("tf: maximum(0, x)", 0.0).1, 0.0);
    assert_eq!(at("torch: maximum(x, 0)", 0.0).1, 0.5);
    assert_eq!(at("jax: minimum(1, x)", 1.0).1, 0.5);
}

#[test]
fn clip_bounds_keep_the_gradient_in_tensorflow_and_split_it_elsewhere() {
    for x in [-1.0, 1.0] {
        assert_eq!(at("tf: clip(x, -1, 1)", x).1, 1.0);
        assert_eq!(at("torch: clip(x, -1, 1)", x).1, 0.5);
        assert_eq!(at("jax: clip(x, -1, 1)", x).1, 0.5);
    }
}

#[test]
fn an_integer_power_zero_is_nan_at_zero_only_in_tensorflow() {
    assert!(at("tf: x ** 0", 0.0).1.is_nan());
    assert_eq!(at("torch: x ** 0", 0.0).1, 0.0);
    assert_eq!(at("jax: x ** 0", 0.0).1, 0.0);
}

#[test]
fn tensorflow_sqrt_gradient_is_zero_where_where_sends_zero() {
    let spec = "where(x > 0, sqrt(x), zeros_like(x))";
    assert_eq!(at(&format!("tf: {spec}"), -1.0).1, 0.0);
    assert!(at(&format!("torch: {spec}"), -1.0).1.is_nan());
    assert!(at(&format!("jax: {spec}"), -1.0).1.is_nan());
}

#[test]
fn tensorflow_relu_multiplies_its_mask_into_an_infinite_gradient() {
    // 1 / 0 is an infinite constant: relu(x) receives an infinite gradient.
    let spec = "relu(x) * (1 / 0)";
    assert!(at(&format!("tf: {spec}"), -1.0).1.is_nan());
    assert_eq!(at(&format!("torch: {spec}"), -1.0).1, 0.0);
    assert_eq!(at(&format!("jax: {spec}"), -1.0).1, 0.0);
}

#[test]
fn torch_multiplies_its_zero_gradient_into_an_overflow() {
    // torch.round's gradient is a zero tensor that exp's rule multiplies by inf;
    // TensorFlow's None and JAX's symbolic zero never reach exp.
    assert!(at("torch: round(exp(x))", 1000.0).1.is_nan());
    assert_eq!(at("tf: round(exp(x))", 1000.0).1, 0.0);
    assert_eq!(at("jax: round(exp(x))", 1000.0).1, 0.0);
}

#[test]
fn a_division_s_gradient_follows_each_framework_s_order_near_underflow() {
    // JAX: 1/x - (1 * (1 / (x * x))) * x, and x * x underflows to 0 in f32.
    assert_eq!(gradient_f32("jax: x / x", 1e-30), f32::NEG_INFINITY);
    // TensorFlow: 1/x + (-x / x) / x cancels exactly.
    assert_eq!(gradient_f32("tf: x / x", 1e-30), 0.0);
    assert_eq!(gradient_f32("torch: x / x", 1e-30), 0.0);
}

#[test]
fn subnormal_results_flush_in_tensorflow_and_jax_but_not_in_torch() {
    // 1 / exp(88) is subnormal in f32.
    assert_eq!(gradient_f32("tf: log(1 + exp(x))", 88.0), 0.0);
    assert_eq!(gradient_f32("jax: log(1 + exp(x))", 88.0), 0.0);
    assert!((gradient_f32("torch: log(1 + exp(x))", 88.0) - 1.0).abs() < 1e-6);
}

#[test]
fn only_tensorflow_float32_reciprocals_of_huge_arguments_depend_on_the_processor() {
    let f = formula("tf: log(1 + exp(x))");
    assert_eq!(
        f.processor_dependent_points(&[1.0f32, 80.0, 88.0]),
        [false, true, false]
    );
    assert_eq!(f.processor_dependent_points(&[80.0f64]), [false]);
    let torch = f.with_framework(Framework::Torch);
    assert_eq!(torch.processor_dependent_points(&[80.0f32]), [false]);
}

#[test]
fn literals_pi_and_parameters_are_rounded_once_to_the_dtype() {
    let f = formula("tf: x * 0.1 + pi + lam; lam = 0.3");
    let value = f.evaluate(&[1.0f32]).value[0];
    assert_eq!(value, 1.0f32 * 0.1f32 + std::f32::consts::PI + 0.3f32);
}

#[test]
fn an_empty_slice_gives_empty_columns() {
    let result = formula("jax: sin(x) * lam; lam = 2").evaluate::<f32>(&[]);
    assert!(result.value.is_empty() && result.gradient.is_empty());
    assert!(result.true_gradient.is_empty());
}

#[test]
fn a_formula_without_x_is_constant_with_no_gradient_path() {
    let result = formula("tf: 2 ** 3 + pi").evaluate(&[0.0f64, 1.0]);
    assert_eq!(result.value, [8.0 + std::f64::consts::PI; 2]);
    assert_eq!(result.gradient, [0.0; 2]);
    assert!(result.no_gradient_path);
}
