//! A proptest-based fuzzer for the spec parser (issue 7), run by `cargo test` on the
//! stable toolchain. It feeds `gradscope::spec::parse` valid specs taken from the
//! catalog and the presets, mutated (byte flips, truncation, duplication, deletion,
//! swaps, insertion of catalog names, punctuation, huge and odd numbers and unicode),
//! as well as random strings and bytes, and checks that it never panics, that every
//! error has a message, and that every spec it accepts round-trips through
//! `to_string` and `parse` to the same estimator with a stable printed form.
//!
//! It prints `fuzz spec: N executions, M crashes`. It stops after 200,000 executions
//! in a debug build (2,000,000 in release) or 60 s, whichever comes first; set
//! `GRADSCOPE_FUZZ_CASES` and `GRADSCOPE_FUZZ_SECONDS` to change them. Crashes found
//! become named tests at the end of this file.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::TRICKY_UNICODE;
use std::cell::Cell;
use std::time::{Duration, Instant};

use gradscope::catalog::{self, ParamKind};
use gradscope::spec::parse;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// Longest text a mutation leaves: a few times the parser's own limit.
const MAX_FUZZ_LEN: usize = 4 * gradscope::spec::MAX_SPEC_LEN;

/// Cases generated per batch; the budget and the target are checked between batches.
const BATCH: u32 = 2_000;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Valid specs to start from: every forward and backward alone and paired with a
/// parameter at each end of its range, every preset by id and by its spec.
fn seeds() -> Vec<String> {
    let mut seeds = Vec::new();
    let forwards: Vec<_> = catalog::forwards().collect();
    let backwards: Vec<_> = catalog::backwards().collect();
    for (i, forward) in forwards.iter().enumerate() {
        let backward = backwards[i % backwards.len()];
        seeds.push(forward.id.to_string());
        seeds.push(format!("{}/{}", forward.id, backward.id));
        for param in forward.params {
            for value in [param.min, param.max] {
                seeds.push(format!("{}({}={value})", forward.id, param.name));
            }
        }
    }
    for (i, backward) in backwards.iter().enumerate() {
        let forward = forwards[i % forwards.len()];
        for param in backward.params {
            let value = match param.kind {
                ParamKind::Choice(choices) => choices[choices.len() / 2],
                _ => param.max,
            };
            seeds.push(format!(
                "{}/{}({}={value:e})",
                forward.id, backward.id, param.name
            ));
        }
    }
    for preset in catalog::presets() {
        seeds.push(format!("preset:{}", preset.id));
        seeds.push(preset.spec.to_string());
    }
    seeds
}

/// Words worth inserting: every id and parameter name, and the grammar's symbols.
fn words() -> Vec<String> {
    let mut words: Vec<String> = vec!["preset:", "(", ")", "/", ",", "=", " ", "true"]
        .into_iter()
        .map(String::from)
        .collect();
    for f in catalog::forwards() {
        words.push(f.id.to_string());
        words.extend(f.params.iter().map(|p| format!("{}=", p.name)));
    }
    for b in catalog::backwards() {
        words.push(b.id.to_string());
        words.extend(b.params.iter().map(|p| format!("{}=", p.name)));
    }
    words.extend(catalog::presets().map(|p| p.id.to_string()));
    words
}

/// Numbers that are huge, tiny, not finite, or not numbers at all.
const ODD_NUMBERS: &[&str] = &[
    "1e308",
    "1e309",
    "-1e309",
    "1.7976931348623157e308",
    "5e-324",
    "1e-400",
    "-0",
    "+0",
    "0.",
    ".0",
    "NaN",
    "nan",
    "-nan",
    "inf",
    "-Infinity",
    "1e",
    "1e+",
    "e3",
    "0x1p3",
    "1_000",
    "99999999999999999999999999999999999999999999999999999999999999999999999",
    "0.000000000000000000000000000000000000000000000000000000000000000000001",
    "1.5",
    "2.5",
    "-1",
    "١٢",
];

/// One mutation: what, where (a fraction of the length) and with what.
#[derive(Clone, Debug)]
enum Mutation {
    FlipByte { at: f64, bits: u8 },
    Truncate { at: f64 },
    Duplicate { from: f64, to: f64, at: f64 },
    Delete { from: f64, to: f64 },
    Swap { a: f64, b: f64 },
    InsertWord { at: f64, word: usize },
    InsertNumber { at: f64, number: usize },
    ReplaceNumber { number: usize },
    InsertUnicode { at: f64, char: usize },
    Repeat { times: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = || 0.0..=1.0f64;
    prop_oneof![
        3 => (at(), 1u8..=255).prop_map(|(at, bits)| Mutation::FlipByte { at, bits }),
        1 => at().prop_map(|at| Mutation::Truncate { at }),
        1 => (at(), at(), at()).prop_map(|(from, to, at)| Mutation::Duplicate { from, to, at }),
        1 => (at(), at()).prop_map(|(from, to)| Mutation::Delete { from, to }),
        1 => (at(), at()).prop_map(|(a, b)| Mutation::Swap { a, b }),
        3 => (at(), any::<usize>()).prop_map(|(at, word)| Mutation::InsertWord { at, word }),
        2 => (at(), any::<usize>()).prop_map(|(at, number)| Mutation::InsertNumber { at, number }),
        3 => any::<usize>().prop_map(|number| Mutation::ReplaceNumber { number }),
        2 => (at(), any::<usize>()).prop_map(|(at, char)| Mutation::InsertUnicode { at, char }),
        1 => (2usize..300).prop_map(|times| Mutation::Repeat { times }),
    ]
}

/// The char boundary nearest below a fraction of the length.
fn boundary(text: &str, fraction: f64) -> usize {
    let mut at = ((text.len() as f64) * fraction) as usize;
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &mut String, mutation: &Mutation, words: &[String]) {
    match *mutation {
        Mutation::FlipByte { at, bits } => {
            let mut bytes = std::mem::take(text).into_bytes();
            if !bytes.is_empty() {
                let i = ((bytes.len() as f64 * at) as usize).min(bytes.len() - 1);
                bytes[i] ^= bits;
            }
            *text = String::from_utf8_lossy(&bytes).into_owned();
        }
        Mutation::Truncate { at } => {
            let at = boundary(text, at);
            text.truncate(at);
        }
        Mutation::Duplicate { from, to, at } => {
            let (a, b) = (boundary(text, from.min(to)), boundary(text, from.max(to)));
            let piece = text[a..b].to_string();
            let at = boundary(text, at);
            text.insert_str(at, &piece);
        }
        Mutation::Delete { from, to } => {
            let (a, b) = (boundary(text, from.min(to)), boundary(text, from.max(to)));
            text.replace_range(a..b, "");
        }
        Mutation::Swap { a, b } => {
            let mut chars: Vec<char> = text.chars().collect();
            if !chars.is_empty() {
                let n = chars.len();
                let (i, j) = (
                    ((n as f64 * a) as usize).min(n - 1),
                    ((n as f64 * b) as usize).min(n - 1),
                );
                chars.swap(i, j);
                *text = chars.into_iter().collect();
            }
        }
        Mutation::InsertWord { at, word } => {
            let at = boundary(text, at);
            text.insert_str(at, &words[word % words.len()]);
        }
        Mutation::InsertNumber { at, number } => {
            let at = boundary(text, at);
            text.insert_str(at, ODD_NUMBERS[number % ODD_NUMBERS.len()]);
        }
        Mutation::ReplaceNumber { number } => {
            // The first value after an '=' becomes an odd number.
            if let Some(eq) = text.find('=') {
                let start = eq + 1;
                let end = text[start..]
                    .find([',', ')'])
                    .map_or(text.len(), |i| start + i);
                text.replace_range(start..end, ODD_NUMBERS[number % ODD_NUMBERS.len()]);
            }
        }
        Mutation::InsertUnicode { at, char } => {
            let at = boundary(text, at);
            text.insert_str(at, TRICKY_UNICODE[char % TRICKY_UNICODE.len()]);
        }
        Mutation::Repeat { times } => {
            let times = times.min(MAX_FUZZ_LEN / text.len().max(1) + 1);
            *text = text.repeat(times);
        }
    }
    if text.len() > MAX_FUZZ_LEN {
        let at = boundary(text, MAX_FUZZ_LEN as f64 / text.len() as f64);
        text.truncate(at);
    }
}

/// A seed and the mutations to apply to it in turn.
fn mutated(seeds: Vec<String>) -> impl Strategy<Value = (String, Vec<Mutation>)> {
    (select(seeds), proptest::collection::vec(mutation(), 1..8))
}

/// Random strings and bytes, unrelated to the grammar.
fn random() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(any::<u8>(), 0..200)
            .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
        "[a-z_(),=/:0-9.e+-]{0,60}",
    ]
}

/// What must hold for any text.
fn check(text: &str) -> Result<(), TestCaseError> {
    match parse(text) {
        Ok(estimator) => {
            let printed = estimator.to_string();
            let again = parse(&printed);
            prop_assert_eq!(
                again.as_ref(),
                Ok(&estimator),
                "{:?} parsed, but its canonical form {:?} does not give it back",
                text,
                printed
            );
            let reprinted = again.unwrap().to_string();
            prop_assert_eq!(&reprinted, &printed, "printing {:?} is not stable", text);
        }
        Err(error) => {
            prop_assert!(
                !error.to_string().trim().is_empty(),
                "no message for {text:?}"
            );
        }
    }
    Ok(())
}

/// What one generated case feeds the parser: a seed after each of its mutations in
/// turn (every step is itself a mutated spec), or one random string.
#[derive(Clone, Debug)]
enum Case {
    Mutated(String, Vec<Mutation>),
    Random(String),
}

#[test]
fn fuzzed_specs_never_panic_and_every_error_has_a_message() {
    let default_executions = if cfg!(debug_assertions) {
        200_000
    } else {
        2_000_000
    };
    let target = env_number("GRADSCOPE_FUZZ_CASES", default_executions);
    let budget = Duration::from_secs(env_number("GRADSCOPE_FUZZ_SECONDS", 60));
    let started = Instant::now();
    let words = words();
    let strategy = prop_oneof![
        3 => mutated(seeds()).prop_map(|(seed, mutations)| Case::Mutated(seed, mutations)),
        1 => random().prop_map(Case::Random),
    ];
    let executions = Cell::new(0u64);
    let execute = |text: &str| {
        executions.set(executions.get() + 1);
        check(text)
    };
    let mut crashes = 0u64;
    let mut report = String::new();
    while executions.get() < target && started.elapsed() < budget {
        let mut runner = TestRunner::new(Config {
            cases: BATCH,
            failure_persistence: None,
            ..Config::default()
        });
        let result = runner.run(&strategy, |case| match case {
            Case::Random(text) => execute(&text),
            Case::Mutated(mut text, mutations) => {
                for mutation in &mutations {
                    apply(&mut text, mutation, &words);
                    execute(&text)?;
                }
                Ok(())
            }
        });
        if let Err(error) = result {
            crashes += 1;
            report = error.to_string();
            break;
        }
    }
    println!(
        "fuzz spec: {} executions, {crashes} crashes",
        executions.get()
    );
    println!("({:.1} s)", started.elapsed().as_secs_f64());
    assert_eq!(crashes, 0, "{report}");
}

// ---- Named regression tests: inputs that fuzzing finds worth keeping ----

/// Parses or explains, and round-trips what it accepts.
fn parses_or_explains(text: &str) {
    if let Err(error) = check(text) {
        panic!("{error}");
    }
}

#[test]
fn a_multibyte_character_across_the_length_limit_is_refused_cleanly() {
    let text = format!("{}é", "a".repeat(999));
    parses_or_explains(&text);
    assert!(parse(&text).is_err());
}

#[test]
fn unicode_that_looks_like_the_grammar_is_refused_with_a_message() {
    for text in [
        "round（h0=1）",
        "round／identity",
        "soft_round(alpha＝3)",
        "ﬀ",
        "İround",
    ] {
        parses_or_explains(text);
        assert!(parse(text).is_err(), "{text}");
    }
}

#[test]
fn numbers_at_the_edge_of_f64_are_refused_or_round_trip() {
    for number in ODD_NUMBERS {
        parses_or_explains(&format!("soft_round(alpha={number})"));
        parses_or_explains(&format!("sign(s0={number})"));
        parses_or_explains(&format!("round/sigmoid(k={number})"));
    }
}

#[test]
fn invisible_and_control_characters_are_refused_with_a_message() {
    for text in [
        "round\u{0}",
        "\u{feff}round",
        "round\u{200b}/identity",
        "round\u{202e}",
    ] {
        parses_or_explains(text);
    }
}
