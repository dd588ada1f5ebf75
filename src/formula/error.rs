//! Why a formula was refused: what is wrong, where (the character and an excerpt of
//! the text from there), and what would be accepted instead.

use std::fmt;

use super::MAX_DEPTH;

/// A refused formula: what is wrong and, for anything but an empty or overlong text,
/// where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct FormulaError {
    /// What is wrong.
    pub kind: FormulaErrorKind,
    /// Where: `None` for an empty or overlong text.
    pub spot: Option<Spot>,
}

/// A place in the text a formula was parsed from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spot {
    /// The 1-based character number where the problem starts.
    pub column: usize,
    /// Up to a dozen characters of the text from there (empty at the end).
    pub excerpt: String,
}

/// What is wrong with a formula.
#[derive(Clone, Debug, PartialEq)]
pub enum FormulaErrorKind {
    /// Nothing but white space after the framework.
    Empty,
    /// Longer than [`MAX_FORMULA_LEN`](super::MAX_FORMULA_LEN) bytes.
    TooLong(usize),
    /// Written canonically (as links and exports write it), longer than
    /// [`MAX_FORMULA_LEN`](super::MAX_FORMULA_LEN) bytes: it could not be read back.
    CanonicalTooLong(usize),
    /// Parentheses, calls and unary signs nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// No `tf:`, `torch:` or `jax:` in front of the formula.
    MissingFramework,
    /// A framework name that is not `tf`, `torch` or `jax`.
    UnknownFramework {
        /// The name given.
        name: String,
        /// The closest framework name, if any is close.
        suggestion: Option<&'static str>,
    },
    /// A character the grammar has no use for.
    UnexpectedCharacter(char),
    /// A number glued to a name, as in `2x`.
    NumberThenName,
    /// Something other than what the grammar allows at this point.
    Syntax {
        /// What was expected.
        expected: &'static str,
        /// The token before, quoted, when it explains the expectation.
        after: Option<String>,
        /// What was found (a token, or "the end").
        found: String,
    },
    /// A name that is not `x`, `pi` or a declared parameter.
    UnknownName {
        /// The name given.
        name: String,
        /// The closest known name, if any is close.
        suggestion: Option<String>,
    },
    /// A call of a function the grammar does not have.
    UnknownFunction {
        /// The name given.
        name: String,
        /// The closest function name, or the name this grammar gives a framework's
        /// spelling (`tf.clip_by_value` is `clip`).
        suggestion: Option<&'static str>,
    },
    /// A framework's op written under another framework's module path
    /// (`tf.maximum` in a PyTorch formula).
    OtherFrameworksFunction {
        /// The name given.
        name: String,
        /// The framework the name belongs to.
        owner: super::Framework,
        /// The formula's framework.
        framework: super::Framework,
        /// The grammar's name of the function.
        ours: &'static str,
    },
    /// A function name used without arguments (`relu + 1`).
    FunctionWithoutCall(&'static str),
    /// A call of something that is not a function (`x(2)`).
    NotCallable(String),
    /// A call with the wrong number of arguments.
    WrongArgumentCount {
        /// The function.
        function: &'static str,
        /// How many it takes.
        expected: usize,
        /// How many were given.
        found: usize,
    },
    /// A boolean (comparison, `is_nan`, `logical_*`) where a number is needed.
    BooleanWhereNumber {
        /// Where it went: an operator or a function, quoted.
        context: String,
    },
    /// A number where a boolean is needed (`where`'s first argument, `cast`,
    /// `logical_*`).
    NumberWhereBoolean {
        /// The function that needs a boolean.
        function: &'static str,
    },
    /// The whole formula is a boolean.
    BooleanFormula,
    /// `a < b < c`.
    ChainedComparison {
        /// The same test written with `logical_and`.
        rewrite: String,
    },
    /// An integer exponent too large to be a power (beyond ±2^31).
    ExponentTooLarge,
    /// A parameter named like `x`, `pi`, a function or a keyword.
    ReservedParamName(String),
    /// The same parameter declared twice.
    RepeatedParam(String),
    /// A parameter's value or range end that is not a finite number.
    BadParamNumber {
        /// The parameter.
        name: String,
        /// The text given.
        text: String,
    },
    /// A declared range whose lower end exceeds its upper end.
    EmptyRange {
        /// The parameter.
        name: String,
        /// The lower end given.
        lo: f64,
        /// The upper end given.
        hi: f64,
    },
    /// A parameter value outside its declared range.
    ValueOutsideRange {
        /// The parameter.
        name: String,
        /// The value given.
        value: f64,
        /// The declared range.
        lo: f64,
        /// The declared range.
        hi: f64,
    },
    /// [`Formula::with_param`](super::Formula::with_param) with a name the formula
    /// does not declare.
    UndeclaredParam {
        /// The name given.
        name: String,
        /// The declared parameters.
        declared: Vec<String>,
    },
}

impl FormulaError {
    /// An error without a spot (empty or overlong text).
    pub(super) fn whole(kind: FormulaErrorKind) -> Self {
        FormulaError { kind, spot: None }
    }

    /// An error at byte `offset` of `text`.
    pub(super) fn at(kind: FormulaErrorKind, text: &str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let column = text[..offset].chars().count() + 1;
        let excerpt = text[offset..].chars().take(12).collect();
        FormulaError {
            kind,
            spot: Some(Spot { column, excerpt }),
        }
    }
}

impl fmt::Display for FormulaErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use FormulaErrorKind::*;
        match self {
            Empty => write!(
                f,
                "empty formula: write an expression of x such as 'x + stop_gradient(round(x) - x)'"
            ),
            TooLong(len) => write!(
                f,
                "formula is {len} characters long; at most {} are accepted",
                super::MAX_FORMULA_LEN
            ),
            CanonicalTooLong(len) => write!(
                f,
                "written out in full (with the spaces, parentheses and framework gradscope \
                 writes) the formula is {len} characters long; at most {} are accepted",
                super::MAX_FORMULA_LEN
            ),
            TooDeep => write!(
                f,
                "parentheses, calls and signs are nested more than {MAX_DEPTH} deep"
            ),
            MissingFramework => write!(
                f,
                "a formula starts with its framework: 'tf: ...', 'torch: ...' or 'jax: ...'"
            ),
            UnknownFramework { name, suggestion } => {
                write!(f, "unknown framework '{name}'")?;
                if let Some(s) = suggestion {
                    write!(f, "; did you mean '{s}'?")?;
                }
                write!(f, " (the frameworks are tf, torch and jax)")
            }
            UnexpectedCharacter(c) => write!(
                f,
                "unexpected character '{}': a formula is made of numbers, names, \
                 + - * / % **, comparisons, parentheses and commas",
                c.escape_debug()
            ),
            NumberThenName => write!(
                f,
                "a number is followed by a name: write the product with '*', as in 2 * x"
            ),
            Syntax {
                expected,
                after,
                found,
            } => {
                write!(f, "expected {expected}")?;
                if let Some(after) = after {
                    write!(f, " after {after}")?;
                }
                write!(f, ", found {found}")
            }
            UnknownName { name, suggestion } => {
                write!(f, "unknown name '{name}'")?;
                match (name.as_str(), suggestion) {
                    ("and" | "or" | "not", _) => {
                        write!(f, "; write logical_{name}(...)")
                    }
                    ("True" | "False", _) => write!(f, "; write a comparison such as x > 0"),
                    (_, Some(s)) => write!(f, "; did you mean '{s}'?"),
                    (_, None) => write!(
                        f,
                        "; the names are x, pi and the declared parameters \
                         (declare one after the formula: '; {name} = 1 in [0, 10]')"
                    ),
                }
            }
            UnknownFunction { name, suggestion } => {
                write!(f, "unknown function '{name}'")?;
                match suggestion {
                    Some(s) => write!(f, "; did you mean '{s}'?"),
                    None => write!(
                        f,
                        "; the functions are {}",
                        super::syntax::function_names()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                }
            }
            OtherFrameworksFunction {
                name,
                owner,
                framework,
                ours,
            } => write!(
                f,
                "'{name}' is {}'s, and this is a {} formula: write '{ours}', or start the formula with '{owner}:' to have {} differentiate it",
                owner.label(),
                framework.label(),
                owner.label()
            ),
            FunctionWithoutCall(name) => {
                write!(f, "'{name}' is a function: call it, as in {name}(x)")
            }
            NotCallable(name) => write!(f, "'{name}' is not a function and cannot be called"),
            WrongArgumentCount {
                function,
                expected,
                found,
            } => write!(
                f,
                "'{function}' takes {expected} argument{}, found {found}",
                if *expected == 1 { "" } else { "s" }
            ),
            BooleanWhereNumber { context } => write!(
                f,
                "a boolean cannot go into {context}: write cast(...) to turn it into 1 and 0, \
                 or where(condition, a, b) to choose between numbers"
            ),
            NumberWhereBoolean { function } => write!(
                f,
                "'{function}' needs a boolean here, found a number: write a comparison such as \
                 x > 0, or is_nan(...), logical_and(...), logical_or(...), logical_not(...)"
            ),
            BooleanFormula => write!(
                f,
                "the formula's value is a boolean: wrap it in cast(...) to get 1 and 0"
            ),
            ChainedComparison { rewrite } => {
                write!(f, "comparisons cannot be chained: write {rewrite}")
            }
            ExponentTooLarge => write!(f, "an integer exponent must lie within ±2147483647"),
            ReservedParamName(name) => write!(
                f,
                "'{name}' cannot name a parameter: x, pi, the function names and 'in' are taken"
            ),
            RepeatedParam(name) => write!(f, "parameter '{name}' is declared twice"),
            BadParamNumber { name, text } => {
                write!(f, "'{text}' is not a finite number (parameter '{name}')")
            }
            EmptyRange { name, lo, hi } => write!(
                f,
                "the range [{lo}, {hi}] of parameter '{name}' is empty: write the lower end first"
            ),
            ValueOutsideRange {
                name,
                value,
                lo,
                hi,
            } => write!(
                f,
                "parameter '{name}' = {value} lies outside its range [{lo}, {hi}]"
            ),
            UndeclaredParam { name, declared } => {
                write!(f, "the formula declares no parameter '{name}'")?;
                if declared.is_empty() {
                    write!(f, " (it declares none)")
                } else {
                    write!(f, " (it declares {})", declared.join(", "))
                }
            }
        }
    }
}

impl fmt::Display for FormulaError {
    /// The problem, then where: `unknown name 'y'; ... (at character 6: 'y')`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind)?;
        match &self.spot {
            Some(Spot { column, excerpt }) if excerpt.is_empty() => {
                write!(f, " (at character {column}, the end)")
            }
            Some(Spot { column, excerpt }) => {
                write!(f, " (at character {column}: '{excerpt}')")
            }
            None => Ok(()),
        }
    }
}

impl std::error::Error for FormulaError {}
