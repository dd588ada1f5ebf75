//! The `gradscope` command line, run as the real binary (issues 3 and 7): `list` and
//! `list --json` name every catalog entry; `eval` reads x from standard input and
//! `table` samples a grid, both writing the CSV of `interfaces.md` in f32 or f64;
//! NaN and infinities print as `NaN`, `inf`, `-inf`; every kind of bad input exits 2
//! with a message on standard error naming the problem and nothing on standard
//! output; and 1,000 generated bad invocations all do so without a panic.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::ffi::{OsStr, OsString};

use common::run::{gradscope, run_os};
use common::SplitMix;
use gradscope::catalog;
use serde_json::Value;

// ---- list ----

#[test]
fn list_names_every_forward_backward_and_preset() {
    let run = gradscope(&["list"], "");
    run.assert_ok();
    let ids = catalog::forwards()
        .map(|f| f.id)
        .chain(catalog::backwards().map(|b| b.id))
        .chain(catalog::presets().map(|p| p.id));
    for id in ids {
        assert!(run.stdout.contains(id), "list does not name {id}");
    }
}

/// The ids of one list of `list --json`, each entry checked for the fields the
/// interface promises: `id`, a non-empty `description`, and `params`, each with
/// `name`, `default`, `min` and `max`.
fn listed_ids(listing: &Value, key: &str) -> Vec<String> {
    let entries = listing[key]
        .as_array()
        .unwrap_or_else(|| panic!("'{key}' is not a list"));
    entries
        .iter()
        .map(|entry| {
            let id = entry["id"].as_str().expect("each entry has a string id");
            let description = entry["description"].as_str().unwrap_or_default();
            assert!(
                !description.trim().is_empty(),
                "{key} '{id}' has no description: {entry}"
            );
            let params = entry["params"]
                .as_array()
                .unwrap_or_else(|| panic!("{key} '{id}' has no params list: {entry}"));
            for param in params {
                assert!(param["name"].is_string(), "{key} '{id}': {param}");
                for field in ["default", "min", "max"] {
                    assert!(param[field].is_number(), "{key} '{id}' {field}: {param}");
                }
            }
            id.to_string()
        })
        .collect()
}

fn list_json() -> Value {
    let run = gradscope(&["list", "--json"], "");
    run.assert_ok();
    serde_json::from_str(&run.stdout).expect("list --json prints JSON")
}

#[test]
fn list_json_is_one_object_with_every_entry_and_its_parameters() {
    let listing = list_json();
    assert!(listing.is_object());
    let forwards = listed_ids(&listing, "forwards");
    let backwards = listed_ids(&listing, "backwards");
    let presets: Vec<&str> = listing["presets"]
        .as_array()
        .expect("'presets' is a list")
        .iter()
        .map(|p| p["id"].as_str().expect("each preset has a string id"))
        .collect();
    assert_eq!(
        forwards,
        catalog::forwards().map(|f| f.id).collect::<Vec<_>>()
    );
    assert_eq!(
        backwards,
        catalog::backwards().map(|b| b.id).collect::<Vec<_>>()
    );
    assert_eq!(
        presets,
        catalog::presets().map(|p| p.id).collect::<Vec<_>>()
    );
    // The parameters listed are the catalog's, with their defaults and ranges.
    for (entry, forward) in listing["forwards"]
        .as_array()
        .unwrap()
        .iter()
        .zip(catalog::forwards())
    {
        let params = entry["params"].as_array().unwrap();
        assert_eq!(params.len(), forward.params.len(), "{}", forward.id);
        for (listed, param) in params.iter().zip(forward.params) {
            assert_eq!(listed["name"], param.name);
            assert_eq!(listed["default"].as_f64(), Some(param.default));
            assert_eq!(listed["min"].as_f64(), Some(param.min));
            assert_eq!(listed["max"].as_f64(), Some(param.max));
        }
    }
}

// interfaces.md: "each entry with at least `id`, `params` (each `{name, default,
// min, max}`) and `description`" holds for the presets too.
#[test]
fn list_json_presets_also_have_params_and_a_description() {
    let presets = listed_ids(&list_json(), "presets");
    assert_eq!(
        presets,
        catalog::presets().map(|p| p.id).collect::<Vec<_>>()
    );
}

// ---- eval ----

#[test]
fn eval_reads_x_from_stdin_and_writes_one_row_per_line_in_order() {
    let run = gradscope(&["eval", "round/identity"], "0.5\n1.5\n-2.7\n  4  \n");
    run.assert_ok();
    assert_eq!(
        run.lines(),
        [
            "x,f,df",
            "0.5,0.0,1.0",
            "1.5,2.0,1.0",
            "-2.7,-3.0,1.0",
            "4.0,4.0,1.0"
        ]
    );
}

#[test]
fn eval_with_true_adds_the_true_derivative_column() {
    let run = gradscope(&["eval", "round/identity", "--true"], "0.2\n");
    run.assert_ok();
    assert_eq!(run.lines(), ["x,f,df,true", "0.2,0.0,1.0,0.0"]);
}

#[test]
fn eval_accepts_presets() {
    let run = gradscope(&["eval", "preset:round-ste"], "1.5\n");
    run.assert_ok();
    assert_eq!(run.lines(), ["x,f,df", "1.5,2.0,1.0"]);
}

#[test]
fn sigmoid_round_naive_is_nan_at_0_6_in_f32_and_finite_in_f64() {
    let spec = "sigmoid_round_naive(slope=1000)";
    let f32_run = gradscope(&["eval", spec, "--dtype", "f32", "--true"], "0.6\n");
    f32_run.assert_ok();
    assert_eq!(f32_run.row(1), ["0.6", "NaN", "NaN", "NaN"]);
    let f64_run = gradscope(&["eval", spec, "--dtype", "f64", "--true"], "0.6\n");
    f64_run.assert_ok();
    let row = f64_run.row(1);
    for cell in &row[1..] {
        let value: f64 = cell.parse().expect("a number");
        assert!(value.is_finite(), "{row:?}");
    }
}

#[test]
fn f32_values_print_as_their_shortest_f32_text() {
    let run = gradscope(&["eval", "identity", "--dtype", "float32"], "0.1\n");
    run.assert_ok();
    assert_eq!(run.row(1), ["0.1", "0.1", "1.0"]);
    let run = gradscope(&["eval", "identity"], "0.1\n");
    assert_eq!(run.row(1), ["0.1", "0.1", "1.0"]);
}

#[test]
fn nan_and_infinities_print_as_nan_inf_and_minus_inf() {
    let run = gradscope(&["eval", "identity/nan", "--true"], "nan\ninf\n-inf\n");
    run.assert_ok();
    assert_eq!(
        run.lines(),
        [
            "x,f,df,true",
            "NaN,NaN,NaN,NaN",
            "inf,inf,NaN,1.0",
            "-inf,-inf,NaN,1.0"
        ]
    );
}

#[test]
fn numbers_too_large_for_f32_read_as_infinity_in_f32() {
    let run = gradscope(&["eval", "identity", "--dtype", "f32"], "1e39\n-1e39\n");
    run.assert_ok();
    assert_eq!(run.lines(), ["x,f,df", "inf,inf,1.0", "-inf,-inf,1.0"]);
}

#[test]
fn empty_stdin_gives_the_header_only_and_exit_0() {
    for input in ["", "\n", "  \n\n \t\n"] {
        let run = gradscope(&["eval", "soft_round"], input);
        run.assert_ok();
        assert_eq!(run.stdout, "x,f,df\n", "input {input:?}");
    }
    let run = gradscope(&["eval", "soft_round", "--true"], "");
    assert_eq!(run.stdout, "x,f,df,true\n");
}

// ---- table ----

#[test]
fn table_includes_both_endpoints_and_prints_one_row_per_sample() {
    let run = gradscope(
        &[
            "table",
            "round/identity",
            "--from",
            "-1",
            "--to",
            "1",
            "--samples",
            "5",
        ],
        "",
    );
    run.assert_ok();
    assert_eq!(
        run.lines(),
        [
            "x,f,df",
            "-1.0,-1.0,1.0",
            "-0.5,-0.0,1.0",
            "0.0,0.0,1.0",
            "0.5,0.0,1.0",
            "1.0,1.0,1.0"
        ]
    );
}

#[test]
fn table_with_many_samples_keeps_its_exact_endpoints() {
    let run = gradscope(
        &[
            "table",
            "identity",
            "--from",
            "-3.3",
            "--to",
            "7.1",
            "--samples",
            "1001",
            "--true",
        ],
        "",
    );
    run.assert_ok();
    let lines = run.lines();
    assert_eq!(lines.len(), 1002);
    assert_eq!(lines[0], "x,f,df,true");
    assert_eq!(run.row(1)[0], "-3.3");
    assert_eq!(run.row(1001)[0], "7.1");
}

// clap takes `-1e-3` for a flag unless the option allows leading hyphens: its own
// test for negative numbers knows only digits, one dot and a capital `E`.
#[test]
fn table_accepts_negative_range_ends_in_every_number_form() {
    for from in ["-1e-3", "-.5", "-1.5e+2", "-1", "-0.25", "-1E3", "-5e-324"] {
        let run = gradscope(
            &[
                "table",
                "identity",
                "--from",
                from,
                "--to",
                "1",
                "--samples",
                "2",
            ],
            "",
        );
        run.assert_ok();
        let first: f64 = run.row(1)[0].parse().expect("a number");
        assert_eq!(first, from.parse::<f64>().unwrap(), "--from {from}");
    }
    let run = gradscope(
        &[
            "table",
            "identity",
            "--from",
            "-3e-1",
            "--to",
            "-1e-1",
            "--samples",
            "2",
        ],
        "",
    );
    run.assert_ok();
    assert_eq!(run.row(2)[0], "-0.1");
}

#[test]
fn table_with_one_sample_gives_the_left_end() {
    let run = gradscope(
        &[
            "table",
            "identity",
            "--from",
            "2",
            "--to",
            "2",
            "--samples",
            "1",
        ],
        "",
    );
    run.assert_ok();
    assert_eq!(run.lines(), ["x,f,df", "2.0,2.0,1.0"]);
}

// The grid computes `to - from`, which overflows to infinity on a range wider than
// the largest f64, so the first point became `from + inf * 0 = NaN` and the middle
// ones infinite, instead of the finite endpoints and points of the range.
#[test]
fn table_over_the_widest_finite_range_keeps_its_endpoints_finite() {
    let run = gradscope(
        &[
            "table",
            "identity",
            "--from",
            "-1.7e308",
            "--to",
            "1.7e308",
            "--samples",
            "3",
        ],
        "",
    );
    run.assert_ok();
    assert_eq!(
        run.lines(),
        [
            "x,f,df",
            "-1.7e308,-1.7e308,1.0",
            "0.0,0.0,1.0",
            "1.7e308,1.7e308,1.0"
        ]
    );
}

#[test]
fn table_in_f32_rounds_each_grid_point_to_f32() {
    let run = gradscope(
        &[
            "table",
            "identity",
            "--from",
            "0",
            "--to",
            "0.2",
            "--samples",
            "3",
            "--dtype",
            "f32",
        ],
        "",
    );
    run.assert_ok();
    assert_eq!(
        run.lines(),
        ["x,f,df", "0.0,0.0,1.0", "0.1,0.1,1.0", "0.2,0.2,1.0"]
    );
}

#[test]
fn the_pages_csv_export_is_the_table_of_the_same_view() {
    let mut session = gradscope::session::Session::default();
    let messages = session.load_query("spec=heaviside(h0=0)/sigmoid(k=2)&from=-2&to=2.5&dtype=f32");
    assert!(messages.is_empty(), "{messages:?}");
    let samples = gradscope::session::CSV_SAMPLES.to_string();
    let run = gradscope(
        &[
            "table",
            "heaviside(h0=0)/sigmoid(k=2)",
            "--from",
            "-2",
            "--to",
            "2.5",
            "--samples",
            &samples,
            "--dtype",
            "f32",
            "--true",
        ],
        "",
    );
    run.assert_ok();
    assert_eq!(session.csv(), run.stdout);
}

// ---- bad input: exit 2, a message naming the problem, nothing on stdout ----

#[test]
fn unknown_forward_exits_2_and_suggests_closest() {
    gradscope(&["eval", "sof_round"], "1\n").assert_refused(&["sof_round", "soft_round"]);
}

#[test]
fn unknown_backward_exits_2_and_suggests_closest() {
    gradscope(&["eval", "round/triangel"], "1\n").assert_refused(&["triangel", "triangle"]);
}

#[test]
fn unknown_parameter_exits_2_and_suggests_closest() {
    gradscope(&["eval", "soft_round(alpah=2)"], "1\n").assert_refused(&["alpah", "alpha"]);
}

#[test]
fn unknown_preset_exits_2_and_suggests_closest() {
    gradscope(&["eval", "preset:round-stee"], "1\n").assert_refused(&["round-stee", "round-ste"]);
}

#[test]
fn malformed_spec_exits_2_and_says_what_was_expected() {
    gradscope(&["eval", "round("], "1\n").assert_refused(&["expected"]);
    gradscope(&["eval", "round/identity/zero"], "1\n").assert_refused(&["expected"]);
    gradscope(&["eval", "soft_round(alpha 3)"], "1\n").assert_refused(&["'='"]);
}

#[test]
fn empty_spec_exits_2() {
    gradscope(&["eval", ""], "1\n").assert_refused(&["empty"]);
    gradscope(
        &["table", "  ", "--from", "0", "--to", "1", "--samples", "2"],
        "",
    )
    .assert_refused(&["empty"]);
}

#[test]
fn bad_number_in_a_spec_exits_2_and_names_it() {
    gradscope(&["eval", "soft_round(alpha=abc)"], "1\n").assert_refused(&["abc", "alpha"]);
    gradscope(&["eval", "soft_round(alpha=1.2.3)"], "1\n").assert_refused(&["1.2.3"]);
}

#[test]
fn out_of_range_value_exits_2_and_gives_the_range() {
    gradscope(&["eval", "soft_round(alpha=1000)"], "1\n")
        .assert_refused(&["alpha", "1000", "[0, 100]"]);
    gradscope(&["eval", "heaviside(h0=0.7)"], "1\n").assert_refused(&["h0", "0.5"]);
}

#[test]
fn nan_given_as_a_parameter_exits_2() {
    gradscope(&["eval", "soft_round(alpha=NaN)"], "1\n").assert_refused(&["alpha", "finite"]);
    gradscope(&["eval", "round/sigmoid(k=nan)"], "1\n").assert_refused(&["k", "finite"]);
}

#[test]
fn infinite_parameter_exits_2() {
    gradscope(&["eval", "soft_round(alpha=inf)"], "1\n").assert_refused(&["alpha", "finite"]);
    gradscope(&["eval", "soft_round(alpha=1e999)"], "1\n").assert_refused(&["alpha"]);
}

#[test]
fn fractional_terms_exit_2() {
    gradscope(&["eval", "fourier_round(terms=2.5)"], "1\n")
        .assert_refused(&["terms", "whole number"]);
}

#[test]
fn repeated_parameter_exits_2() {
    gradscope(&["eval", "soft_round(alpha=1,alpha=2)"], "1\n").assert_refused(&["alpha", "twice"]);
}

#[test]
fn bad_number_on_a_stdin_line_exits_2_and_names_the_line() {
    gradscope(&["eval", "round"], "1\nabc\n3\n").assert_refused(&["line 2", "abc"]);
    gradscope(&["eval", "round", "--dtype", "f32"], "1.2.3\n").assert_refused(&["line 1", "1.2.3"]);
    gradscope(&["eval", "round"], "1,2\n").assert_refused(&["line 1"]);
}

#[test]
fn stdin_that_is_not_utf8_exits_2() {
    run_os(["eval", "round"], b"1\n\xff\xfe\n").assert_refused(&["input"]);
}

#[test]
fn unknown_flag_exits_2_and_names_it() {
    gradscope(&["eval", "round", "--frobnicate"], "1\n").assert_refused(&["--frobnicate"]);
    gradscope(&["list", "--yaml"], "").assert_refused(&["--yaml"]);
}

#[test]
fn unknown_subcommand_exits_2() {
    gradscope(&["evaluate", "round"], "").assert_refused(&["evaluate"]);
}

#[test]
fn no_arguments_exit_2_with_the_usage() {
    gradscope(&[], "").assert_refused(&["Usage"]);
}

#[test]
fn unknown_dtype_exits_2_and_names_it() {
    gradscope(&["eval", "round", "--dtype", "f16"], "1\n").assert_refused(&["f16"]);
    gradscope(
        &[
            "table",
            "round",
            "--from",
            "0",
            "--to",
            "1",
            "--samples",
            "2",
            "--dtype",
            "bf16",
        ],
        "",
    )
    .assert_refused(&["bf16"]);
}

#[test]
fn reversed_range_exits_2() {
    gradscope(
        &[
            "table",
            "round",
            "--from",
            "1",
            "--to",
            "-1",
            "--samples",
            "3",
        ],
        "",
    )
    .assert_refused(&["--from", "--to"]);
}

#[test]
fn zero_samples_exits_2() {
    gradscope(
        &[
            "table",
            "round",
            "--from",
            "0",
            "--to",
            "1",
            "--samples",
            "0",
        ],
        "",
    )
    .assert_refused(&["--samples"]);
}

#[test]
fn too_many_or_negative_samples_exit_2() {
    gradscope(
        &[
            "table",
            "round",
            "--from",
            "0",
            "--to",
            "1",
            "--samples",
            "100000000",
        ],
        "",
    )
    .assert_refused(&["--samples"]);
    gradscope(
        &[
            "table",
            "round",
            "--from",
            "0",
            "--to",
            "1",
            "--samples",
            "-3",
        ],
        "",
    )
    .assert_refused(&["--samples"]);
}

#[test]
fn non_numeric_or_infinite_range_exits_2() {
    let refused = |from: &str, to: &str, word: &str| {
        let (from, to) = (format!("--from={from}"), format!("--to={to}"));
        gradscope(&["table", "round", &from, &to, "--samples=3"], "").assert_refused(&[word]);
    };
    refused("abc", "1", "abc");
    refused("-inf", "1", "finite");
    refused("0", "1e999", "finite");
    refused("0", "nan", "finite");
    refused("nan", "nan", "finite");
}

#[test]
fn missing_table_options_exit_2() {
    gradscope(&["table", "round", "--from", "0", "--to", "1"], "").assert_refused(&["--samples"]);
    gradscope(&["table", "round"], "").assert_refused(&["--from"]);
}

#[test]
fn spec_that_is_not_utf8_exits_2() {
    use std::os::unix::ffi::OsStringExt;
    let spec = OsString::from_vec(b"round\xff".to_vec());
    run_os([OsString::from("eval"), spec], b"1\n").assert_refused(&["UTF-8"]);
}

#[test]
fn very_long_spec_exits_2_and_gives_the_limit() {
    let spec = "round".repeat(20_000);
    gradscope(&["eval", &spec], "1\n").assert_refused(&["characters"]);
}

// ---- issue 7: 1,000 generated bad invocations ----

/// Specs that do not parse: unknown names, broken syntax, bad values.
const BAD_SPECS: &[&str] = &[
    "",
    " ",
    "sof_round",
    "round/triangel",
    "soft_round(alpah=2)",
    "preset:nope",
    "preset:",
    "round(",
    "round)",
    "round()/",
    "/identity",
    "round//identity",
    "round/identity/zero",
    "soft_round(alpha=)",
    "soft_round(alpha)",
    "soft_round(=3)",
    "soft_round(alpha=3,)",
    "soft_round(alpha=3 eps=0)",
    "soft_round(alpha=NaN)",
    "soft_round(alpha=nan)",
    "soft_round(alpha=inf)",
    "soft_round(alpha=-inf)",
    "soft_round(alpha=1e999)",
    "soft_round(alpha=-1)",
    "soft_round(alpha=1000)",
    "soft_round(alpha=0x10)",
    "soft_round(alpha=1_0)",
    "soft_round(alpha=3,alpha=3)",
    "fourier_round(terms=2.5)",
    "fourier_round(terms=0)",
    "fourier_round(terms=1e9)",
    "heaviside(h0=0.7)",
    "heaviside(h0=2)",
    "round(h0=1)",
    "round/sigmoid(k=0)",
    "round/sigmoid(k=-1)",
    "round/sigmoid(x=1)",
    "ROUND",
    "round!",
    "round/ident ity",
    "r o u n d",
    "(alpha=3)",
    "round(alpha=3))",
    "soft_round((alpha=3)",
    "soft_round(alpha==3)",
    "soft_round(alpha=3=4)",
    "soft_round(alpha=3)(eps=1)",
    "💥",
    "round/💥",
    "soft_round(alpha=∞)",
    "soft_round(αlpha=3)",
    "round\u{200b}",
    "preset:round-ste/identity",
    "preset:preset:round-ste",
    "identity/true/true",
];

/// Standard-input lines that are not numbers.
const BAD_LINES: &[&str] = &[
    "abc", "1.2.3", "1,2", "0x10", "1_000", "--1", "1e", "e5", "∞", "1 2", "NaNa", "+-1", "١٢٣",
    "1e5e5", ".", "-", "infinit", "💥",
];

/// Flags no subcommand has.
const BAD_FLAGS: &[&str] = &[
    "--frobnicate",
    "--json=maybe",
    "-x",
    "--dtype=",
    "--true=yes",
    "--samples",
    "--from",
    "---",
    "-",
    "--Dtype",
    "--pin",
];

/// Dtype names that are not `f32`, `f64`, `float32` or `float64`.
const BAD_DTYPES: &[&str] = &[
    "f16", "bf16", "F32", "float", "f128", "", "64", "f32 f64", "double",
];

/// Numbers that are not valid for `--from`, `--to` or `--samples`.
const BAD_NUMBERS: &[&str] = &[
    "abc", "1..2", "nan", "inf", "-inf", "1e999", "--", "0x10", "", "∞",
];

/// One generated invocation: arguments and standard input.
struct Invocation {
    args: Vec<OsString>,
    stdin: Vec<u8>,
}

fn os(text: impl AsRef<OsStr>) -> OsString {
    text.as_ref().to_os_string()
}

/// A valid spec from the catalog, to combine with other bad parts.
fn good_spec(rng: &mut SplitMix) -> String {
    let forwards: Vec<&str> = catalog::forwards().map(|f| f.id).collect();
    let backwards: Vec<&str> = catalog::backwards().map(|b| b.id).collect();
    format!("{}/{}", rng.pick(&forwards), rng.pick(&backwards))
}

/// A spec that does not parse: a listed bad spec, a mutated catalog id, a huge
/// string, or a good spec with a bad value.
fn bad_spec(rng: &mut SplitMix) -> OsString {
    let spec = bad_spec_text(rng);
    // A mutation may still parse (a space next to '/'); make sure it does not.
    match spec.to_str() {
        Some(text) if gradscope::spec::parse(text).is_ok() => os(format!("{text}#")),
        _ => spec,
    }
}

fn bad_spec_text(rng: &mut SplitMix) -> OsString {
    match rng.below(7) {
        0..=2 => os(rng.pick(BAD_SPECS)),
        3 => {
            // A catalog id with one character changed into something no id has.
            let mut id: Vec<char> = good_spec(rng).chars().collect();
            let at = rng.below(id.len());
            id[at] = *rng.pick(&['#', 'é', '(', '=', 'Z', '!', ' ']);
            os(id.into_iter().collect::<String>())
        }
        4 => {
            // A huge string: too long, or a long unknown name.
            let length = [1001, 5000, 100_000][rng.below(3)];
            os("x".repeat(length))
        }
        5 => {
            // A catalog entry with a parameter at a bad value.
            let forward = *rng.pick(&catalog::forwards().collect::<Vec<_>>());
            let name = forward.params.first().map_or("nope", |p| p.name);
            let value = rng.pick(&["NaN", "inf", "1e999", "abc", "-1e300", "1e300", ""]);
            os(format!("{}({name}={value})", forward.id))
        }
        _ => {
            // Bytes that are not UTF-8.
            use std::os::unix::ffi::OsStringExt;
            let mut bytes = good_spec(rng).into_bytes();
            bytes.insert(rng.below(bytes.len()), *rng.pick(&[0xff, 0xfe, 0xc0, 0x80]));
            OsString::from_vec(bytes)
        }
    }
}

/// A good dtype flag pair, or none.
fn maybe_dtype(rng: &mut SplitMix, args: &mut Vec<OsString>) {
    if rng.below(2) == 0 {
        args.push(os("--dtype"));
        args.push(os(rng.pick(&["f32", "f64", "float32"])));
    }
}

/// One bad invocation, with what makes it bad chosen at random.
fn bad_invocation(rng: &mut SplitMix) -> Invocation {
    let mut args = Vec::new();
    let mut stdin = b"0.5\n1\n".to_vec();
    match rng.below(10) {
        // eval with a bad spec
        0 | 1 => {
            args.push(os("eval"));
            args.push(bad_spec(rng));
            maybe_dtype(rng, &mut args);
        }
        // table with a bad spec
        2 => {
            args.extend(["table"].map(os));
            args.push(bad_spec(rng));
            args.extend(["--from", "-1", "--to", "1", "--samples", "3"].map(os));
        }
        // eval with a good spec and bad standard input
        3 => {
            args.push(os("eval"));
            args.push(os(good_spec(rng)));
            maybe_dtype(rng, &mut args);
            let mut lines: Vec<String> = vec!["1".into(); rng.below(4)];
            lines.insert(rng.below(lines.len() + 1), rng.pick(BAD_LINES).to_string());
            stdin = lines.join("\n").into_bytes();
            if rng.below(4) == 0 {
                stdin.push(0xff);
            }
        }
        // an unknown flag somewhere
        4 => {
            let mut base: Vec<OsString> = match rng.below(3) {
                0 => vec![os("list")],
                1 => vec![os("eval"), os(good_spec(rng))],
                _ => [
                    "table",
                    "round",
                    "--from",
                    "0",
                    "--to",
                    "1",
                    "--samples",
                    "2",
                ]
                .map(os)
                .to_vec(),
            };
            let at = 1 + rng.below(base.len());
            base.insert(at, os(rng.pick(BAD_FLAGS)));
            args = base;
        }
        // a bad dtype
        5 => {
            if rng.below(2) == 0 {
                args.extend(["eval"].map(os));
                args.push(os(good_spec(rng)));
            } else {
                args.extend(
                    [
                        "table",
                        "round",
                        "--from",
                        "0",
                        "--to",
                        "1",
                        "--samples",
                        "2",
                    ]
                    .map(os),
                );
            }
            args.push(os("--dtype"));
            args.push(os(rng.pick(BAD_DTYPES)));
        }
        // table with a bad range or sample count
        6 => {
            let mut from = "-1".to_string();
            let mut to = "1".to_string();
            let mut samples = "5".to_string();
            match rng.below(4) {
                0 => from = rng.pick(BAD_NUMBERS).to_string(),
                1 => to = rng.pick(BAD_NUMBERS).to_string(),
                2 => {
                    samples = rng
                        .pick(&["0", "-1", "1.5", "abc", "100000000", "1e3", ""])
                        .to_string()
                }
                _ => {
                    // reversed range
                    let a = (rng.unit() * 100.0).round() + 1.0;
                    from = a.to_string();
                    to = (-a).to_string();
                }
            }
            args.extend(["table"].map(os));
            args.push(os(good_spec(rng)));
            args.extend([
                os("--from"),
                os(from),
                os("--to"),
                os(to),
                os("--samples"),
                os(samples),
            ]);
            maybe_dtype(rng, &mut args);
        }
        // a missing or unknown subcommand or missing argument
        7 => {
            let shapes: [&[&str]; 8] = [
                &[],
                &["eval"],
                &["table"],
                &["table", "round"],
                &["table", "round", "--from", "0"],
                &["evaluate", "round"],
                &["lists"],
                &["eval", "round", "extra"],
            ];
            args = rng.pick(&shapes).iter().map(os).collect();
        }
        // huge arguments
        8 => {
            let huge = "9".repeat([400, 5000, 100_000][rng.below(3)]);
            match rng.below(3) {
                0 => {
                    args = [
                        "table",
                        "round",
                        "--from",
                        &huge,
                        "--to",
                        "1",
                        "--samples",
                        "2",
                    ]
                    .map(os)
                    .to_vec()
                }
                1 => {
                    args = [
                        "table",
                        "round",
                        "--from",
                        "0",
                        "--to",
                        "1",
                        "--samples",
                        &huge,
                    ]
                    .map(os)
                    .to_vec()
                }
                _ => {
                    args = ["eval", "round"].map(os).to_vec();
                    stdin = format!("1\n{huge}x\n").into_bytes();
                }
            }
        }
        // arguments that are not UTF-8 in place of flags or numbers
        _ => {
            use std::os::unix::ffi::OsStringExt;
            let broken = OsString::from_vec(vec![b'-', b'-', 0xff, b'x']);
            let number = OsString::from_vec(vec![b'1', 0xfe]);
            args = match rng.below(3) {
                0 => vec![os("eval"), os("round"), broken],
                1 => vec![
                    os("table"),
                    os("round"),
                    os("--from"),
                    number,
                    os("--to"),
                    os("1"),
                    os("--samples"),
                    os("2"),
                ],
                _ => vec![OsString::from_vec(vec![0xff, 0xfe])],
            };
        }
    }
    Invocation { args, stdin }
}

/// Checks one invocation; `None` when it behaved, else what went wrong.
fn misbehaviour(invocation: &Invocation) -> Option<String> {
    let run = run_os(&invocation.args, &invocation.stdin);
    let ok = run.code == Some(2)
        && !run.stderr.trim().is_empty()
        && !run.stderr.contains("panicked")
        && run.stdout.is_empty();
    (!ok).then(|| {
        let stdin = String::from_utf8_lossy(&invocation.stdin);
        format!(
            "args {:?} stdin {:?}: exit {:?}, stdout {:?}, stderr {:?}",
            invocation
                .args
                .iter()
                .map(|a| a.to_string_lossy().chars().take(80).collect::<String>())
                .collect::<Vec<_>>(),
            stdin.chars().take(80).collect::<String>(),
            run.code,
            run.stdout.chars().take(200).collect::<String>(),
            run.stderr.chars().take(300).collect::<String>()
        )
    })
}

#[test]
fn a_thousand_generated_bad_invocations_exit_2_with_a_message_and_no_panic() {
    const TRIES: usize = 1000;
    const THREADS: usize = 4;
    let mut rng = SplitMix(0x6772_6164_7363_6f70);
    let invocations: Vec<Invocation> = (0..TRIES).map(|_| bad_invocation(&mut rng)).collect();
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = invocations
            .chunks(TRIES.div_ceil(THREADS))
            .map(|chunk| {
                scope.spawn(move || chunk.iter().filter_map(misbehaviour).collect::<Vec<_>>())
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a worker thread finishes"))
            .collect()
    });
    println!("cli abuse: {TRIES} tried, {} failed", failures.len());
    assert!(
        failures.is_empty(),
        "{} bad invocations misbehaved:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
