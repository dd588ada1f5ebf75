//! The syntax tree of a formula's expression, as written (parentheses kept), the
//! table of functions the grammar knows, and the canonical printing: the same
//! tokens with whitespace normalised.

use std::fmt::Write;

use super::Framework;

/// Index of an expression in [`Syntax::exprs`].
pub(super) type ExprId = usize;

/// Whether an expression is a number or a boolean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Type {
    /// A tensor of the dtype.
    Number,
    /// A comparison, `is_nan` or `logical_*`.
    Boolean,
}

/// `+ - * / % **` between two numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
}

impl BinaryOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Mod => "%",
            BinaryOp::Pow => "**",
        }
    }
}

/// `< <= > >= == !=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Comparison {
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Equal,
    NotEqual,
}

impl Comparison {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Less => "<",
            Comparison::LessEqual => "<=",
            Comparison::Greater => ">",
            Comparison::GreaterEqual => ">=",
            Comparison::Equal => "==",
            Comparison::NotEqual => "!=",
        }
    }
}

/// The functions of one number, and negation (which is written `-e`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unary {
    Neg,
    Abs,
    Sign,
    Relu,
    Round,
    Floor,
    Ceil,
    Sigmoid,
    Tanh,
    Exp,
    Log,
    Sqrt,
    Sin,
    Cos,
    Atan,
    Erf,
}

/// A function of the grammar (formulas.md, "Functions").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Function {
    /// A function of one number.
    Unary(Unary),
    Maximum,
    Minimum,
    Clip,
    Where,
    IsNan,
    Cast,
    ZerosLike,
    OnesLike,
    LogicalAnd,
    LogicalOr,
    LogicalNot,
    StopGradient,
    Identity,
    GradPassThrough,
    CustomGradient,
}

/// A function's name, the types of its arguments and of its value.
pub(super) struct Signature {
    /// The name as written.
    pub name: &'static str,
    /// The function.
    pub function: Function,
    /// One type per argument.
    pub arguments: &'static [Type],
    /// The type of its value.
    pub result: Type,
}

const N: Type = Type::Number;
const B: Type = Type::Boolean;

/// Every function of the grammar.
const FUNCTIONS: &[Signature] = &[
    sig("abs", Function::Unary(Unary::Abs), &[N], N),
    sig("sign", Function::Unary(Unary::Sign), &[N], N),
    sig("relu", Function::Unary(Unary::Relu), &[N], N),
    sig("round", Function::Unary(Unary::Round), &[N], N),
    sig("floor", Function::Unary(Unary::Floor), &[N], N),
    sig("ceil", Function::Unary(Unary::Ceil), &[N], N),
    sig("sigmoid", Function::Unary(Unary::Sigmoid), &[N], N),
    sig("tanh", Function::Unary(Unary::Tanh), &[N], N),
    sig("exp", Function::Unary(Unary::Exp), &[N], N),
    sig("log", Function::Unary(Unary::Log), &[N], N),
    sig("sqrt", Function::Unary(Unary::Sqrt), &[N], N),
    sig("sin", Function::Unary(Unary::Sin), &[N], N),
    sig("cos", Function::Unary(Unary::Cos), &[N], N),
    sig("atan", Function::Unary(Unary::Atan), &[N], N),
    sig("erf", Function::Unary(Unary::Erf), &[N], N),
    sig("maximum", Function::Maximum, &[N, N], N),
    sig("minimum", Function::Minimum, &[N, N], N),
    sig("clip", Function::Clip, &[N, N, N], N),
    sig("where", Function::Where, &[B, N, N], N),
    sig("is_nan", Function::IsNan, &[N], B),
    sig("cast", Function::Cast, &[B], N),
    sig("zeros_like", Function::ZerosLike, &[N], N),
    sig("ones_like", Function::OnesLike, &[N], N),
    sig("logical_and", Function::LogicalAnd, &[B, B], B),
    sig("logical_or", Function::LogicalOr, &[B, B], B),
    sig("logical_not", Function::LogicalNot, &[B], B),
    sig("stop_gradient", Function::StopGradient, &[N], N),
    sig("identity", Function::Identity, &[N], N),
    sig("grad_pass_through", Function::GradPassThrough, &[N], N),
    sig("custom_gradient", Function::CustomGradient, &[N, N], N),
];

const fn sig(
    name: &'static str,
    function: Function,
    arguments: &'static [Type],
    result: Type,
) -> Signature {
    Signature {
        name,
        function,
        arguments,
        result,
    }
}

/// A framework's own spelling that this grammar writes differently.
struct Spelling {
    /// The framework's name, after its module path (`clip_by_value`).
    theirs: &'static str,
    /// This grammar's name.
    ours: &'static str,
    /// The framework whose function of that name is this grammar's function, so
    /// that `torch.clamp(...)` is accepted in a PyTorch formula; `None` where the
    /// spelling is only a hint (a method such as `detach`, a reduction such as `max`).
    function_of: Option<Framework>,
}

const fn spelling(
    theirs: &'static str,
    ours: &'static str,
    function_of: Option<Framework>,
) -> Spelling {
    Spelling {
        theirs,
        ours,
        function_of,
    }
}

/// The frameworks' own spellings that this grammar writes differently.
const FRAMEWORK_SPELLINGS: &[Spelling] = &[
    spelling("clip_by_value", "clip", Some(Framework::Tf)),
    spelling("clamp", "clip", Some(Framework::Torch)),
    spelling("isnan", "is_nan", Some(Framework::Torch)),
    spelling("isnan", "is_nan", Some(Framework::Jax)),
    spelling("arctan", "atan", Some(Framework::Jax)),
    spelling("absolute", "abs", Some(Framework::Jax)),
    spelling("rint", "round", Some(Framework::Jax)),
    spelling("detach", "stop_gradient", None),
    spelling("where_v2", "where", None),
    spelling("logistic", "sigmoid", None),
    spelling("max", "maximum", None),
    spelling("min", "minimum", None),
    spelling("astype", "cast", None),
];

/// The module paths under which each framework's ops are written in its users'
/// code, longest first: `tf.math.maximum`, `torch.nn.functional.relu`, `jnp.where`.
const MODULE_PATHS: [(Framework, &[&str]); 3] = [
    (Framework::Tf, &["tf.math.", "tf.nn.", "tf."]),
    (
        Framework::Torch,
        &["torch.nn.functional.", "torch.special.", "torch.", "F."],
    ),
    (
        Framework::Jax,
        &[
            "jax.scipy.special.",
            "jax.numpy.",
            "jax.nn.",
            "jax.lax.",
            "jnp.",
            "lax.",
            "jax.",
        ],
    ),
];

/// What a function name written in a formula stands for.
pub(super) enum Lookup {
    /// One of the grammar's functions.
    Found(&'static Signature),
    /// A function written under another framework's module path (`tf.maximum` in a
    /// PyTorch formula): the framework it belongs to, and the grammar's function.
    OtherFramework(Framework, &'static Signature),
    /// Nothing the grammar knows.
    Unknown,
}

/// The function `name` stands for in a formula of `framework`: one of the grammar's
/// names (`maximum`), or the framework's own op written under one of its module
/// paths (`tf.math.maximum`, `torch.clamp`, `jnp.where`).
pub(super) fn lookup(name: &str, framework: Framework) -> Lookup {
    if let Some(signature) = signature(name) {
        return Lookup::Found(signature);
    }
    for (owner, paths) in MODULE_PATHS {
        let Some(rest) = paths.iter().find_map(|path| name.strip_prefix(path)) else {
            continue;
        };
        let ours = signature(rest).or_else(|| {
            FRAMEWORK_SPELLINGS
                .iter()
                .find(|s| s.theirs == rest && s.function_of == Some(owner))
                .and_then(|s| signature(s.ours))
        });
        return match ours {
            Some(signature) if owner == framework => Lookup::Found(signature),
            Some(signature) => Lookup::OtherFramework(owner, signature),
            None => Lookup::Unknown,
        };
    }
    Lookup::Unknown
}

/// The signature of the function named `name` in this grammar's own spelling.
pub(super) fn signature(name: &str) -> Option<&'static Signature> {
    FUNCTIONS.iter().find(|s| s.name == name)
}

/// The signature of `function`.
pub(super) fn signature_of(function: Function) -> &'static Signature {
    FUNCTIONS
        .iter()
        .find(|s| s.function == function)
        .expect("every function has a signature")
}

/// Every function name, in the order of formulas.md.
pub(super) fn function_names() -> impl Iterator<Item = &'static str> {
    FUNCTIONS.iter().map(|s| s.name)
}

/// The function a mistyped or framework-spelled name most likely means.
pub(super) fn function_suggestion(name: &str) -> Option<&'static str> {
    let last = name.rsplit('.').next().unwrap_or(name);
    if let Some(s) = signature(last) {
        return Some(s.name);
    }
    if let Some(s) = FRAMEWORK_SPELLINGS.iter().find(|s| s.theirs == last) {
        return Some(s.ours);
    }
    crate::spec::closest(last, function_names())
}

/// One node of the syntax tree and the bytes of the source it came from.
#[derive(Clone, Debug)]
pub(super) struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Its type.
    pub ty: Type,
    /// Its first byte in the source.
    pub start: usize,
}

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum ExprKind {
    /// A number literal: its value, its text, and whether it is an integer literal.
    Number {
        value: f64,
        text: String,
        integer: bool,
    },
    /// The variable.
    X,
    /// The constant pi.
    Pi,
    /// A declared parameter, by declaration index.
    Param(usize),
    /// Unary minus.
    Negate(ExprId),
    /// Unary plus.
    Plus(ExprId),
    /// A binary operator between numbers.
    Binary(BinaryOp, ExprId, ExprId),
    /// A comparison of two numbers.
    Compare(Comparison, ExprId, ExprId),
    /// A function call.
    Call(Function, Vec<ExprId>),
    /// Parentheses around an expression.
    Group(ExprId),
}

/// A formula's expression as written: nodes in an arena, children before parents.
#[derive(Clone, Debug)]
pub(super) struct Syntax {
    /// The nodes.
    pub exprs: Vec<Expr>,
    /// The whole expression.
    pub root: ExprId,
}

impl Syntax {
    /// The canonical text of expression `id`: tokens as written, one space around
    /// binary operators and after commas, none elsewhere. `param_names` names the
    /// declared parameters.
    pub fn print(&self, id: ExprId, param_names: &[&str]) -> String {
        let mut out = String::new();
        self.write(id, param_names, &mut out);
        out
    }

    fn write(&self, id: ExprId, names: &[&str], out: &mut String) {
        match &self.exprs[id].kind {
            ExprKind::Number { text, .. } => out.push_str(text),
            ExprKind::X => out.push('x'),
            ExprKind::Pi => out.push_str("pi"),
            ExprKind::Param(index) => out.push_str(names[*index]),
            ExprKind::Negate(inner) => {
                out.push('-');
                self.write(*inner, names, out);
            }
            ExprKind::Plus(inner) => {
                out.push('+');
                self.write(*inner, names, out);
            }
            ExprKind::Binary(op, a, b) => self.write_infix(*a, op.symbol(), *b, names, out),
            ExprKind::Compare(op, a, b) => self.write_infix(*a, op.symbol(), *b, names, out),
            ExprKind::Call(function, args) => {
                out.push_str(signature_of(*function).name);
                out.push('(');
                for (i, arg) in args.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    self.write(*arg, names, out);
                }
                out.push(')');
            }
            ExprKind::Group(inner) => {
                out.push('(');
                self.write(*inner, names, out);
                out.push(')');
            }
        }
    }

    fn write_infix(&self, a: ExprId, symbol: &str, b: ExprId, names: &[&str], out: &mut String) {
        self.write(a, names, out);
        let _ = write!(out, " {symbol} ");
        self.write(b, names, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framework_spellings_suggest_this_grammar_s_name() {
        assert_eq!(function_suggestion("tf.clip_by_value"), Some("clip"));
        assert_eq!(function_suggestion("torch.clamp"), Some("clip"));
        assert_eq!(function_suggestion("jnp.maximum"), Some("maximum"));
        assert_eq!(function_suggestion("sigmiod"), Some("sigmoid"));
        assert_eq!(function_suggestion("frobnicate"), None);
    }

    #[test]
    fn a_framework_s_own_op_names_are_its_formula_s_functions() {
        let found = |name, framework| match lookup(name, framework) {
            Lookup::Found(s) => Some(s.name),
            _ => None,
        };
        for (name, framework, ours) in [
            ("tf.math.maximum", Framework::Tf, "maximum"),
            ("tf.nn.relu", Framework::Tf, "relu"),
            ("tf.clip_by_value", Framework::Tf, "clip"),
            ("tf.stop_gradient", Framework::Tf, "stop_gradient"),
            ("torch.clamp", Framework::Torch, "clip"),
            ("torch.nn.functional.relu", Framework::Torch, "relu"),
            ("F.sigmoid", Framework::Torch, "sigmoid"),
            ("torch.isnan", Framework::Torch, "is_nan"),
            ("jnp.arctan", Framework::Jax, "atan"),
            ("jax.lax.stop_gradient", Framework::Jax, "stop_gradient"),
            ("jax.scipy.special.erf", Framework::Jax, "erf"),
            ("maximum", Framework::Jax, "maximum"),
        ] {
            assert_eq!(found(name, framework), Some(ours), "{name}");
        }
        // A spelling belongs to its framework: TensorFlow has no clamp.
        assert!(matches!(lookup("tf.clamp", Framework::Tf), Lookup::Unknown));
        // jnp.max is a reduction, not maximum.
        assert!(matches!(lookup("jnp.max", Framework::Jax), Lookup::Unknown));
        assert!(matches!(
            lookup("np.maximum", Framework::Jax),
            Lookup::Unknown
        ));
        assert!(matches!(
            lookup("tf.maximum", Framework::Torch),
            Lookup::OtherFramework(Framework::Tf, s) if s.name == "maximum"
        ));
        assert!(matches!(
            lookup("torch.clamp", Framework::Jax),
            Lookup::OtherFramework(Framework::Torch, s) if s.name == "clip"
        ));
    }

    #[test]
    fn every_function_has_one_signature() {
        for s in FUNCTIONS {
            assert_eq!(signature_of(s.function).name, s.name);
            assert_eq!(signature(s.name).unwrap().function, s.function);
            assert_eq!(FUNCTIONS.iter().filter(|t| t.name == s.name).count(), 1);
        }
    }
}
