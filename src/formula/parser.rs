//! A Pratt parser for the formula grammar of formulas.md: Python precedence
//! (`-x ** 2` is `-(x ** 2)`, `**` right-associative, one comparison that does not
//! chain), calls of the known functions with their argument counts and types
//! checked, and the declared parameters after `;`. Every error names its spot.

use super::error::{FormulaError, FormulaErrorKind};
use super::lexer::{self, Token, TokenKind};
use super::syntax::{self, BinaryOp, Comparison, Expr, ExprId, ExprKind, Lookup, Syntax, Type};
use super::{DeclaredParam, Framework, MAX_DEPTH};

/// A parsed formula: its expression and its declared parameters.
pub(super) struct Parsed {
    /// The expression.
    pub syntax: Syntax,
    /// The parameters, in declaration order.
    pub params: Vec<DeclaredParam>,
}

/// Parses the formula `source[start..]` written for `framework` (whose own op names
/// it may use); error spots count from the start of `source`.
pub(super) fn parse(
    source: &str,
    start: usize,
    framework: Framework,
) -> Result<Parsed, FormulaError> {
    if source[start..].trim().is_empty() {
        return Err(FormulaError::whole(FormulaErrorKind::Empty));
    }
    let tokens = lexer::tokens(source, start)?;
    let split = tokens
        .iter()
        .position(|t| t.kind == TokenKind::Semicolon)
        .unwrap_or(tokens.len() - 1);
    let params = parse_params(source, &tokens[split..])?;
    let mut parser = Parser {
        cursor: Cursor {
            source,
            tokens: &tokens[..=split],
            at: 0,
        },
        source,
        depth: 0,
        exprs: Vec::new(),
        params: &params,
        framework,
    };
    let root = parser.expr(0)?;
    let next = parser.peek();
    if next.kind != TokenKind::Semicolon && next.kind != TokenKind::End {
        return Err(parser.unexpected(next, "an operator, ',' or ';'"));
    }
    if parser.exprs[root].ty == Type::Boolean {
        return Err(parser.error_at(FormulaErrorKind::BooleanFormula, parser.exprs[root].start));
    }
    Ok(Parsed {
        syntax: Syntax {
            exprs: parser.exprs,
            root,
        },
        params,
    })
}

/// Binding powers (left, right) of the infix operators; higher binds tighter.
fn infix(kind: TokenKind) -> Option<(u8, u8, Infix)> {
    use TokenKind::*;
    let compare = |c| Some((1, 2, Infix::Compare(c)));
    match kind {
        Less => compare(Comparison::Less),
        LessEqual => compare(Comparison::LessEqual),
        Greater => compare(Comparison::Greater),
        GreaterEqual => compare(Comparison::GreaterEqual),
        EqualEqual => compare(Comparison::Equal),
        NotEqual => compare(Comparison::NotEqual),
        Plus => Some((3, 4, Infix::Binary(BinaryOp::Add))),
        Minus => Some((3, 4, Infix::Binary(BinaryOp::Sub))),
        Star => Some((5, 6, Infix::Binary(BinaryOp::Mul))),
        Slash => Some((5, 6, Infix::Binary(BinaryOp::Div))),
        Percent => Some((5, 6, Infix::Binary(BinaryOp::Mod))),
        // Right-associative, and tighter than a unary sign on its left.
        StarStar => Some((9, 8, Infix::Binary(BinaryOp::Pow))),
        _ => None,
    }
}

/// The operand of a unary sign binds tighter than `*` but looser than `**`.
const UNARY_OPERAND: u8 = 7;

#[derive(Clone, Copy)]
enum Infix {
    Binary(BinaryOp),
    Compare(Comparison),
}

struct Parser<'a> {
    cursor: Cursor<'a>,
    source: &'a str,
    depth: usize,
    exprs: Vec<Expr>,
    params: &'a [DeclaredParam],
    framework: Framework,
}

impl Parser<'_> {
    fn peek(&self) -> Token {
        self.cursor.peek()
    }

    fn next(&mut self) -> Token {
        self.cursor.next()
    }

    fn expect(&mut self, kind: TokenKind, expected: &'static str) -> Result<Token, FormulaError> {
        self.cursor.expect(kind, expected)
    }

    fn unexpected(&self, token: Token, expected: &'static str) -> FormulaError {
        self.cursor.unexpected(token, expected)
    }

    fn error_at(&self, kind: FormulaErrorKind, offset: usize) -> FormulaError {
        FormulaError::at(kind, self.source, offset)
    }

    fn push(&mut self, kind: ExprKind, ty: Type, start: usize) -> ExprId {
        self.exprs.push(Expr { kind, ty, start });
        self.exprs.len() - 1
    }

    /// An expression whose operators bind at least as tight as `min_bp`.
    fn expr(&mut self, min_bp: u8) -> Result<ExprId, FormulaError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let at = self.peek().start;
            return Err(self.error_at(FormulaErrorKind::TooDeep, at));
        }
        let result = self.expr_within_depth(min_bp);
        self.depth -= 1;
        result
    }

    fn expr_within_depth(&mut self, min_bp: u8) -> Result<ExprId, FormulaError> {
        let mut lhs = self.prefix()?;
        while let Some((left_bp, right_bp, op)) = infix(self.peek().kind) {
            if left_bp < min_bp {
                break;
            }
            self.next();
            let rhs = self.expr(right_bp)?;
            lhs = match op {
                Infix::Binary(op) => self.binary(op, lhs, rhs)?,
                Infix::Compare(op) => {
                    let compared = self.compare(op, lhs, rhs)?;
                    if let Some((_, _, Infix::Compare(second))) = infix(self.peek().kind) {
                        return Err(self.chained(lhs, op, rhs, second));
                    }
                    compared
                }
            };
        }
        Ok(lhs)
    }

    /// A unary sign, a parenthesised expression, a number, a name or a call.
    fn prefix(&mut self) -> Result<ExprId, FormulaError> {
        let token = self.next();
        match token.kind {
            TokenKind::Minus | TokenKind::Plus => {
                let operand = self.expr(UNARY_OPERAND)?;
                self.expect_number(operand, "a unary sign")?;
                let kind = if token.kind == TokenKind::Minus {
                    ExprKind::Negate(operand)
                } else {
                    ExprKind::Plus(operand)
                };
                Ok(self.push(kind, Type::Number, token.start))
            }
            TokenKind::LeftParen => {
                let inner = self.expr(0)?;
                self.expect(TokenKind::RightParen, "')'")?;
                let ty = self.exprs[inner].ty;
                Ok(self.push(ExprKind::Group(inner), ty, token.start))
            }
            TokenKind::Number => {
                let text = token.text(self.source);
                let value = crate::decimal::parse(text)
                    .ok_or_else(|| self.unexpected(token, "a number"))?;
                let integer = text.bytes().all(|b| b.is_ascii_digit());
                let kind = ExprKind::Number {
                    value,
                    text: text.to_string(),
                    integer,
                };
                Ok(self.push(kind, Type::Number, token.start))
            }
            TokenKind::Name if self.peek().kind == TokenKind::LeftParen => self.call(token),
            TokenKind::Name => self.name(token),
            _ => Err(self.unexpected(
                token,
                "an operand (a number, x, pi, a parameter, a call or '(')",
            )),
        }
    }

    fn name(&mut self, token: Token) -> Result<ExprId, FormulaError> {
        let name = token.text(self.source);
        let kind = match name {
            "x" => ExprKind::X,
            "pi" => ExprKind::Pi,
            _ => match self.params.iter().position(|p| p.name == name) {
                Some(index) => ExprKind::Param(index),
                None => {
                    let kind = match syntax::lookup(name, self.framework) {
                        Lookup::Found(s) | Lookup::OtherFramework(_, s) => {
                            FormulaErrorKind::FunctionWithoutCall(s.name)
                        }
                        Lookup::Unknown => FormulaErrorKind::UnknownName {
                            name: name.to_string(),
                            suggestion: self.name_suggestion(name),
                        },
                    };
                    return Err(self.error_at(kind, token.start));
                }
            },
        };
        Ok(self.push(kind, Type::Number, token.start))
    }

    /// The known name closest to `name` (after its last dot: `np.pi` is `pi`).
    fn name_suggestion(&self, name: &str) -> Option<String> {
        let last = name.rsplit('.').next().unwrap_or(name);
        let known = ["x", "pi"]
            .into_iter()
            .chain(self.params.iter().map(|p| p.name.as_str()));
        if last != name && (last == "x" || last == "pi") {
            return Some(last.to_string());
        }
        // Short names are "close" to x whatever they are: suggest only a name that
        // shares a letter.
        crate::spec::closest(last, known)
            .filter(|s| s.chars().any(|c| last.contains(c)))
            .map(str::to_string)
    }

    fn call(&mut self, name_token: Token) -> Result<ExprId, FormulaError> {
        let name = name_token.text(self.source);
        let signature = match syntax::lookup(name, self.framework) {
            Lookup::Found(signature) => signature,
            Lookup::OtherFramework(owner, signature) => {
                let kind = FormulaErrorKind::OtherFrameworksFunction {
                    name: name.to_string(),
                    owner,
                    framework: self.framework,
                    ours: signature.name,
                };
                return Err(self.error_at(kind, name_token.start));
            }
            Lookup::Unknown => {
                let kind =
                    if name == "x" || name == "pi" || self.params.iter().any(|p| p.name == name) {
                        FormulaErrorKind::NotCallable(name.to_string())
                    } else {
                        FormulaErrorKind::UnknownFunction {
                            name: name.to_string(),
                            suggestion: syntax::function_suggestion(name),
                        }
                    };
                return Err(self.error_at(kind, name_token.start));
            }
        };
        self.expect(TokenKind::LeftParen, "'('")?;
        let mut args = Vec::new();
        if self.peek().kind == TokenKind::RightParen {
            self.next();
        } else {
            loop {
                args.push(self.expr(0)?);
                let token = self.next();
                match token.kind {
                    TokenKind::Comma => continue,
                    TokenKind::RightParen => break,
                    _ => return Err(self.unexpected(token, "',' or ')'")),
                }
            }
        }
        if args.len() != signature.arguments.len() {
            return Err(self.error_at(
                FormulaErrorKind::WrongArgumentCount {
                    function: signature.name,
                    expected: signature.arguments.len(),
                    found: args.len(),
                },
                name_token.start,
            ));
        }
        for (&arg, &wanted) in args.iter().zip(signature.arguments) {
            match wanted {
                Type::Number => self.expect_number(arg, &format!("'{}'", signature.name))?,
                Type::Boolean => self.expect_boolean(arg, signature.name)?,
            }
        }
        Ok(self.push(
            ExprKind::Call(signature.function, args),
            signature.result,
            name_token.start,
        ))
    }

    fn binary(&mut self, op: BinaryOp, a: ExprId, b: ExprId) -> Result<ExprId, FormulaError> {
        let context = format!("'{}'", op.symbol());
        self.expect_number(a, &context)?;
        self.expect_number(b, &context)?;
        if op == BinaryOp::Pow {
            if let Some(Err(())) = integer_exponent(&self.exprs, b) {
                let at = self.exprs[b].start;
                return Err(self.error_at(FormulaErrorKind::ExponentTooLarge, at));
            }
        }
        let start = self.exprs[a].start;
        Ok(self.push(ExprKind::Binary(op, a, b), Type::Number, start))
    }

    fn compare(&mut self, op: Comparison, a: ExprId, b: ExprId) -> Result<ExprId, FormulaError> {
        let context = format!("'{}'", op.symbol());
        self.expect_number(a, &context)?;
        self.expect_number(b, &context)?;
        let start = self.exprs[a].start;
        Ok(self.push(ExprKind::Compare(op, a, b), Type::Boolean, start))
    }

    /// The error for `a op b second c`, with the `logical_and` that means it.
    fn chained(
        &mut self,
        a: ExprId,
        op: Comparison,
        b: ExprId,
        second: Comparison,
    ) -> FormulaError {
        let at = self.next().start;
        let names: Vec<&str> = self.params.iter().map(|p| p.name.as_str()).collect();
        let syntax = Syntax {
            exprs: self.exprs.clone(),
            root: a,
        };
        let (a_text, b_text) = (syntax.print(a, &names), syntax.print(b, &names));
        let c_text = match self.expr(2) {
            Ok(c) => Syntax {
                exprs: self.exprs.clone(),
                root: c,
            }
            .print(c, &names),
            Err(_) => "...".to_string(),
        };
        let rewrite = format!(
            "logical_and({a_text} {} {b_text}, {b_text} {} {c_text})",
            op.symbol(),
            second.symbol()
        );
        self.error_at(FormulaErrorKind::ChainedComparison { rewrite }, at)
    }

    fn expect_number(&self, id: ExprId, context: &str) -> Result<(), FormulaError> {
        match self.exprs[id].ty {
            Type::Number => Ok(()),
            Type::Boolean => Err(self.error_at(
                FormulaErrorKind::BooleanWhereNumber {
                    context: context.to_string(),
                },
                self.exprs[id].start,
            )),
        }
    }

    fn expect_boolean(&self, id: ExprId, function: &'static str) -> Result<(), FormulaError> {
        match self.exprs[id].ty {
            Type::Boolean => Ok(()),
            Type::Number => Err(self.error_at(
                FormulaErrorKind::NumberWhereBoolean { function },
                self.exprs[id].start,
            )),
        }
    }
}

/// The exponent `id` as Python would pass it: `Some(Ok(n))` for an integer literal
/// (under any signs and parentheses) that fits an `i32`, `Some(Err(()))` for one that
/// does not, `None` for anything else (a float).
pub(super) fn integer_exponent(exprs: &[Expr], id: ExprId) -> Option<Result<i32, ()>> {
    match &exprs[id].kind {
        ExprKind::Number {
            text,
            integer: true,
            ..
        } => Some(text.parse::<i32>().map_err(|_| ())),
        ExprKind::Group(inner) | ExprKind::Plus(inner) => integer_exponent(exprs, *inner),
        ExprKind::Negate(inner) => {
            integer_exponent(exprs, *inner).map(|n| n.and_then(|n| n.checked_neg().ok_or(())))
        }
        _ => None,
    }
}

/// `; name = value [in [lo, hi]]` repeated, from the first `;` to the end.
fn parse_params(source: &str, tokens: &[Token]) -> Result<Vec<DeclaredParam>, FormulaError> {
    let mut cursor = Cursor {
        source,
        tokens,
        at: 0,
    };
    let mut params: Vec<DeclaredParam> = Vec::new();
    while cursor.peek().kind == TokenKind::Semicolon {
        cursor.next();
        let name_token = cursor.expect(TokenKind::Name, "a parameter name")?;
        let name = name_token.text(source);
        if name == "x"
            || name == "pi"
            || name == "in"
            || syntax::signature(name).is_some()
            || name.contains('.')
        {
            return Err(FormulaError::at(
                FormulaErrorKind::ReservedParamName(name.to_string()),
                source,
                name_token.start,
            ));
        }
        if params.iter().any(|p| p.name == name) {
            return Err(FormulaError::at(
                FormulaErrorKind::RepeatedParam(name.to_string()),
                source,
                name_token.start,
            ));
        }
        cursor.expect(TokenKind::Assign, "'=' after the parameter name")?;
        let (value, value_at) = cursor.number(name)?;
        let range = if cursor.peek().kind == TokenKind::Name && cursor.peek().text(source) == "in" {
            cursor.next();
            let open = cursor.expect(TokenKind::LeftBracket, "'[' after 'in'")?;
            let (lo, _) = cursor.number(name)?;
            cursor.expect(TokenKind::Comma, "',' between the ends of the range")?;
            let (hi, _) = cursor.number(name)?;
            cursor.expect(TokenKind::RightBracket, "']'")?;
            if lo > hi {
                return Err(FormulaError::at(
                    FormulaErrorKind::EmptyRange {
                        name: name.to_string(),
                        lo,
                        hi,
                    },
                    source,
                    open.start,
                ));
            }
            Some((lo, hi))
        } else {
            None
        };
        let param = DeclaredParam {
            name: name.to_string(),
            value,
            range,
        };
        param
            .check(value)
            .map_err(|kind| FormulaError::at(kind, source, value_at))?;
        params.push(param);
        let next = cursor.peek();
        if next.kind != TokenKind::Semicolon && next.kind != TokenKind::End {
            return Err(cursor.unexpected(next, "'in [lo, hi]', ';' or the end"));
        }
    }
    Ok(params)
}

/// A position in a list of tokens.
struct Cursor<'a> {
    source: &'a str,
    tokens: &'a [Token],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Token {
        self.tokens[self.at.min(self.tokens.len() - 1)]
    }

    fn next(&mut self) -> Token {
        let token = self.peek();
        self.at += 1;
        token
    }

    fn expect(&mut self, kind: TokenKind, expected: &'static str) -> Result<Token, FormulaError> {
        let token = self.next();
        if token.kind == kind {
            Ok(token)
        } else {
            Err(self.unexpected(token, expected))
        }
    }

    /// "expected `expected` after the token before, found `token`"; Python's words
    /// `and`, `or`, `not` get the function to write instead.
    fn unexpected(&self, token: Token, expected: &'static str) -> FormulaError {
        let text = token.text(self.source);
        if token.kind == TokenKind::Name && matches!(text, "and" | "or" | "not") {
            let kind = FormulaErrorKind::UnknownName {
                name: text.to_string(),
                suggestion: None,
            };
            return FormulaError::at(kind, self.source, token.start);
        }
        let found = if token.kind == TokenKind::Semicolon {
            "';' (the parameters start after the expression)".to_string()
        } else {
            token.describe(self.source)
        };
        let index = self.tokens.iter().position(|t| t.start == token.start);
        let after = index
            .and_then(|i| i.checked_sub(1))
            .map(|i| self.tokens[i].describe(self.source));
        FormulaError::at(
            FormulaErrorKind::Syntax {
                expected,
                after,
                found,
            },
            self.source,
            token.start,
        )
    }

    /// A finite number with an optional sign, and where it starts.
    fn number(&mut self, param: &str) -> Result<(f64, usize), FormulaError> {
        let first = self.next();
        let (negative, token) = match first.kind {
            TokenKind::Minus => (true, self.next()),
            TokenKind::Plus => (false, self.next()),
            _ => (false, first),
        };
        let text = &self.source[first.start..token.end.max(first.end)];
        let bad = || {
            FormulaError::at(
                FormulaErrorKind::BadParamNumber {
                    name: param.to_string(),
                    text: text.to_string(),
                },
                self.source,
                first.start,
            )
        };
        if token.kind != TokenKind::Number {
            return Err(bad());
        }
        let value = crate::decimal::parse(token.text(self.source)).ok_or_else(bad)?;
        if !value.is_finite() {
            return Err(bad());
        }
        Ok((if negative { -value } else { value }, first.start))
    }
}
