//! The spec text form of an estimator, the same on the command line, in URLs and in
//! exported files:
//!
//! ```text
//! spec     := forward [ "/" backward ] | "preset:" preset-id | formula
//! forward  := name [ "(" args ")" ]
//! backward := name [ "(" args ")" ]          default: true
//! args     := name "=" number { "," name "=" number }
//! formula  := ("tf" | "torch" | "jax") ":" expression { ";" declaration }
//! ```
//!
//! A formula (formulas.md) is parsed by [`crate::formula`] and prints as its
//! canonical spec.
//!
//! Parsing gives an [`Estimator`]; printing one gives the canonical form (parameters
//! in catalog order, defaults and the default backward left out). Errors name what is
//! wrong and the closest known name; nothing here panics on any input.

use std::fmt;
use std::str::FromStr;

use crate::catalog::{self, Param};
use crate::estimator::{Estimator, Pair};
use crate::formula::{self, Formula, FormulaError};

/// Longest spec text accepted; longer input is refused before parsing.
pub const MAX_SPEC_LEN: usize = 1000;

/// Why a spec did not parse.
#[derive(Clone, Debug, PartialEq)]
pub enum SpecError {
    /// Nothing but white space.
    Empty,
    /// Longer than [`MAX_SPEC_LEN`].
    TooLong(usize),
    /// Something other than what the grammar allows at this point.
    Syntax {
        /// What was expected.
        expected: &'static str,
        /// What was found (a short excerpt, or "the end").
        found: String,
    },
    /// No forward with this name.
    UnknownForward {
        /// The name given.
        name: String,
        /// The closest known name, if any is close.
        suggestion: Option<&'static str>,
    },
    /// No backward with this name.
    UnknownBackward {
        /// The name given.
        name: String,
        /// The closest known name, if any is close.
        suggestion: Option<&'static str>,
    },
    /// No preset with this id.
    UnknownPreset {
        /// The id given.
        name: String,
        /// The closest known id, if any is close.
        suggestion: Option<&'static str>,
    },
    /// The function has no parameter with this name.
    UnknownParam {
        /// The function.
        function: &'static str,
        /// The name given.
        name: String,
        /// The function's parameters.
        allowed: Vec<&'static str>,
        /// The closest of them, if any is close.
        suggestion: Option<&'static str>,
    },
    /// The same parameter given twice.
    RepeatedParam {
        /// The function.
        function: &'static str,
        /// The parameter.
        name: &'static str,
    },
    /// A value that does not parse as a number.
    BadNumber {
        /// The parameter.
        name: &'static str,
        /// The text given.
        text: String,
    },
    /// A value outside the parameter's range or kind (including NaN and infinities).
    BadValue(String),
    /// A formula that does not parse or is refused, with the spot.
    Formula(FormulaError),
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn did_you_mean(
            f: &mut fmt::Formatter<'_>,
            suggestion: &Option<&'static str>,
        ) -> fmt::Result {
            match suggestion {
                Some(s) => write!(f, "; did you mean '{s}'?"),
                None => Ok(()),
            }
        }
        match self {
            SpecError::Empty => write!(
                f,
                "empty spec: write a forward such as 'round' or 'soft_round(alpha=3)/identity'"
            ),
            SpecError::TooLong(len) => write!(
                f,
                "spec is {len} characters long; at most {MAX_SPEC_LEN} are accepted"
            ),
            SpecError::Syntax { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
            SpecError::UnknownForward { name, suggestion } => {
                write!(f, "unknown forward '{name}'")?;
                did_you_mean(f, suggestion)?;
                write!(f, " ('gradscope list' shows them all)")
            }
            SpecError::UnknownBackward { name, suggestion } => {
                write!(f, "unknown backward '{name}'")?;
                did_you_mean(f, suggestion)?;
                write!(f, " ('gradscope list' shows them all)")
            }
            SpecError::UnknownPreset { name, suggestion } => {
                write!(f, "unknown preset '{name}'")?;
                did_you_mean(f, suggestion)?;
                write!(f, " ('gradscope list' shows them all)")
            }
            SpecError::UnknownParam {
                function,
                name,
                allowed,
                suggestion,
            } => {
                write!(f, "'{function}' has no parameter '{name}'")?;
                did_you_mean(f, suggestion)?;
                if allowed.is_empty() {
                    write!(f, " ('{function}' takes no parameters)")
                } else {
                    write!(f, " (its parameters: {})", allowed.join(", "))
                }
            }
            SpecError::RepeatedParam { function, name } => {
                write!(f, "parameter '{name}' of '{function}' is given twice")
            }
            SpecError::BadNumber { name, text } => {
                write!(f, "'{text}' is not a number (parameter '{name}')")
            }
            SpecError::BadValue(message) => f.write_str(message),
            SpecError::Formula(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for SpecError {}

impl FromStr for Estimator {
    type Err = SpecError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse(text)
    }
}

/// Parses spec text into an estimator.
pub fn parse(text: &str) -> Result<Estimator, SpecError> {
    if text.len() > MAX_SPEC_LEN {
        return Err(SpecError::TooLong(text.len()));
    }
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(SpecError::Empty);
    }
    if names_a_framework(trimmed) {
        let formula = trimmed.parse::<Formula>().map_err(SpecError::Formula)?;
        return Ok(formula.into());
    }
    if let Some(id) = trimmed.strip_prefix("preset:") {
        let id = id.trim();
        let preset = catalog::preset(id).ok_or_else(|| SpecError::UnknownPreset {
            name: id.to_string(),
            suggestion: closest(id, catalog::presets().map(|p| p.id)),
        })?;
        return parse(preset.spec);
    }
    let mut cursor = Cursor { rest: trimmed };
    let forward_call = cursor.call()?;
    let backward_call = if cursor.eat('/') {
        Some(cursor.call()?)
    } else {
        None
    };
    cursor.end()?;

    let forward = catalog::forward(forward_call.name).ok_or_else(|| SpecError::UnknownForward {
        name: forward_call.name.to_string(),
        suggestion: closest(forward_call.name, catalog::forwards().map(|f| f.id)),
    })?;
    let backward_name = backward_call
        .as_ref()
        .map_or(catalog::TRUE_BACKWARD, |c| c.name);
    let backward = catalog::backward(backward_name).ok_or_else(|| SpecError::UnknownBackward {
        name: backward_name.to_string(),
        suggestion: closest(backward_name, catalog::backwards().map(|b| b.id)),
    })?;
    Ok(Pair {
        forward,
        forward_params: resolve(forward.id, forward.params, &forward_call.args)?,
        backward,
        backward_params: match &backward_call {
            Some(call) => resolve(backward.id, backward.params, &call.args)?,
            None => backward.params.iter().map(|p| p.default).collect(),
        },
    }
    .into())
}

/// Whether `text` starts with `name:` for a name other than `preset`: a formula,
/// whose parser names the framework if it is not one.
fn names_a_framework(text: &str) -> bool {
    formula::is_formula_spec(text)
        || text.split_once(':').is_some_and(|(head, _)| {
            let head = head.trim();
            head != "preset"
                && !head.is_empty()
                && head.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// `name(args)` as written, before lookup.
struct Call<'a> {
    name: &'a str,
    args: Vec<(&'a str, &'a str)>,
}

/// A position in the spec text.
struct Cursor<'a> {
    rest: &'a str,
}

impl<'a> Cursor<'a> {
    fn skip_space(&mut self) {
        self.rest = self.rest.trim_start();
    }

    fn found(&self) -> String {
        match self.rest.chars().next() {
            None => "the end".to_string(),
            Some(_) => {
                let excerpt: String = self.rest.chars().take(12).collect();
                format!("'{excerpt}'")
            }
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_space();
        match self.rest.strip_prefix(c) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    fn expect(&mut self, c: char, expected: &'static str) -> Result<(), SpecError> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(SpecError::Syntax {
                expected,
                found: self.found(),
            })
        }
    }

    /// A run of characters matching `accept`, at least one.
    fn token(
        &mut self,
        accept: fn(char) -> bool,
        expected: &'static str,
    ) -> Result<&'a str, SpecError> {
        self.skip_space();
        let end = self
            .rest
            .find(|c: char| !accept(c))
            .unwrap_or(self.rest.len());
        if end == 0 {
            return Err(SpecError::Syntax {
                expected,
                found: self.found(),
            });
        }
        let (token, rest) = self.rest.split_at(end);
        self.rest = rest;
        Ok(token)
    }

    fn name(&mut self) -> Result<&'a str, SpecError> {
        self.token(|c| c.is_ascii_alphanumeric() || c == '_', "a name")
    }

    fn call(&mut self) -> Result<Call<'a>, SpecError> {
        let name = self.name()?;
        let mut args = Vec::new();
        if self.eat('(') && !self.eat(')') {
            loop {
                let key = self.name()?;
                self.expect('=', "'=' after a parameter name")?;
                let value = self.token(
                    |c| !c.is_whitespace() && !matches!(c, ',' | ')' | '(' | '/' | '='),
                    "a number",
                )?;
                args.push((key, value));
                if self.eat(')') {
                    break;
                }
                self.expect(',', "',' or ')'")?;
            }
        }
        Ok(Call { name, args })
    }

    fn end(&mut self) -> Result<(), SpecError> {
        self.skip_space();
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(SpecError::Syntax {
                expected: "'/' or the end of the spec",
                found: self.found(),
            })
        }
    }
}

/// Every parameter's value in catalog order: the given ones checked, the rest at
/// their defaults.
fn resolve(
    function: &'static str,
    params: &'static [Param],
    args: &[(&str, &str)],
) -> Result<Vec<f64>, SpecError> {
    let mut values: Vec<Option<f64>> = vec![None; params.len()];
    for &(name, text) in args {
        let index =
            params
                .iter()
                .position(|p| p.name == name)
                .ok_or_else(|| SpecError::UnknownParam {
                    function,
                    name: name.to_string(),
                    allowed: params.iter().map(|p| p.name).collect(),
                    suggestion: closest(name, params.iter().map(|p| p.name)),
                })?;
        let param = &params[index];
        if values[index].is_some() {
            return Err(SpecError::RepeatedParam {
                function,
                name: param.name,
            });
        }
        let value = parse_number(text).ok_or_else(|| SpecError::BadNumber {
            name: param.name,
            text: text.to_string(),
        })?;
        param
            .check(value)
            .map_err(|why| SpecError::BadValue(format!("in '{function}': {why}")))?;
        values[index] = Some(value);
    }
    Ok(values
        .iter()
        .zip(params)
        .map(|(v, p)| v.unwrap_or(p.default))
        .collect())
}

/// A decimal number as Rust reads it (`3`, `-0.5`, `1e-3`), also the words `nan`
/// and `inf` so that range checks can name them.
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() || text.len() > 64 {
        return None;
    }
    crate::decimal::parse(text)
}

/// A parameter value as the canonical form prints it: plain decimals for ordinary
/// magnitudes, exponent form for tiny and huge ones; it parses back to the same f64.
pub fn format_number(value: f64) -> String {
    let magnitude = value.abs();
    if value == 0.0 || (1e-4..1e16).contains(&magnitude) {
        format!("{value}")
    } else {
        format!("{value:e}")
    }
}

fn write_call(
    f: &mut fmt::Formatter<'_>,
    id: &str,
    params: &[Param],
    values: &[f64],
) -> fmt::Result {
    f.write_str(id)?;
    let given: Vec<String> = params
        .iter()
        .zip(values)
        .filter(|(p, v)| p.default.to_bits() != v.to_bits())
        .map(|(p, v)| format!("{}={}", p.name, format_number(*v)))
        .collect();
    if !given.is_empty() {
        write!(f, "({})", given.join(","))?;
    }
    Ok(())
}

impl fmt::Display for Estimator {
    /// The canonical spec: `soft_round(alpha=7)/snntorch_atan(alpha=3)`, or the
    /// formula's, `tf: relu(x - lam); lam = 2 in [0, 5]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Estimator::Catalog(pair) => pair.fmt(f),
            Estimator::Formula(formula) => formula.fmt(f),
        }
    }
}

impl fmt::Display for Pair {
    /// The canonical spec: `soft_round(alpha=7)/snntorch_atan(alpha=3)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_call(
            f,
            self.forward.id,
            self.forward.params,
            &self.forward_params,
        )?;
        if self.backward.id != catalog::TRUE_BACKWARD {
            f.write_str("/")?;
            write_call(
                f,
                self.backward.id,
                self.backward.params,
                &self.backward_params,
            )?;
        }
        Ok(())
    }
}

/// The known name closest to `name` by edit distance, when it is close enough to be
/// a likely typo (or `name` is a prefix of it).
pub fn closest<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let name = name.to_ascii_lowercase();
    known
        .map(|candidate| (edit_distance(&name, candidate), candidate))
        .filter(|(distance, candidate)| {
            *distance <= 2 + candidate.len() / 4
                || (name.len() >= 3 && candidate.starts_with(name.as_str()))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(text: &str) -> String {
        parse(text).unwrap().to_string()
    }

    #[test]
    fn defaults_and_the_default_backward_are_left_out() {
        assert_eq!(canonical("soft_round(alpha=3)/true"), "soft_round");
        assert_eq!(
            canonical(" heaviside ( h0 = 0 ) / sigmoid ( k = 1 ) "),
            "heaviside(h0=0)/sigmoid"
        );
    }

    #[test]
    fn parameters_print_in_catalog_order() {
        assert_eq!(
            canonical("sigmoid_round_naive(center=0.25,slope=10)"),
            "sigmoid_round_naive(slope=10,center=0.25)"
        );
    }

    #[test]
    fn presets_expand_to_their_estimator() {
        assert_eq!(canonical("preset:round-ste"), "round/identity");
    }

    #[test]
    fn unknown_forward_suggests_closest() {
        let message = parse("sof_round").unwrap_err().to_string();
        assert!(message.contains("unknown forward 'sof_round'"), "{message}");
        assert!(message.contains("did you mean 'soft_round'"), "{message}");
    }

    #[test]
    fn unknown_parameter_suggests_closest() {
        let message = parse("soft_round(alpah=2)").unwrap_err().to_string();
        assert!(message.contains("did you mean 'alpha'"), "{message}");
    }

    #[test]
    fn fractional_terms_are_refused() {
        let message = parse("fourier_round(terms=2.5)").unwrap_err().to_string();
        assert!(message.contains("whole number"), "{message}");
    }

    #[test]
    fn nan_and_infinite_values_are_refused() {
        for text in [
            "soft_round(alpha=NaN)",
            "soft_round(alpha=inf)",
            "soft_round(alpha=-infinity)",
        ] {
            let message = parse(text).unwrap_err().to_string();
            assert!(message.contains("finite"), "{text}: {message}");
        }
    }

    #[test]
    fn repeated_and_out_of_range_parameters_are_refused() {
        assert!(matches!(
            parse("soft_round(alpha=1,alpha=2)"),
            Err(SpecError::RepeatedParam { .. })
        ));
        let message = parse("soft_round(alpha=1000)").unwrap_err().to_string();
        assert!(message.contains("[0, 100]"), "{message}");
    }

    #[test]
    fn syntax_errors_say_what_was_expected() {
        let message = parse("round(").unwrap_err().to_string();
        assert!(
            message.contains("expected a name, found the end"),
            "{message}"
        );
        assert!(parse("round/identity/zero").is_err());
        assert_eq!(parse("   "), Err(SpecError::Empty));
    }

    #[test]
    fn formulas_parse_to_formulas_and_print_canonically() {
        let estimator = parse("  torch:relu( x-lam );lam=2 in [0,5]").unwrap();
        assert!(estimator.formula().is_some());
        assert_eq!(
            estimator.to_string(),
            "torch: relu(x - lam); lam = 2 in [0, 5]"
        );
        assert_eq!(parse(&estimator.to_string()), Ok(estimator));
        let message = parse("tf: x +").unwrap_err().to_string();
        assert!(message.contains("at character"), "{message}");
        let message = parse("tourch: x").unwrap_err().to_string();
        assert!(message.contains("did you mean 'torch'"), "{message}");
    }

    #[test]
    fn tiny_and_huge_numbers_print_in_exponent_form() {
        assert_eq!(format_number(1e-7), "1e-7");
        assert_eq!(format_number(0.001), "0.001");
        assert_eq!(format_number(1000.0), "1000");
    }
}
