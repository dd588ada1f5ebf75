//! Splits formula text into tokens: numbers, names (dotted framework spellings such
//! as `tf.maximum` stay one name, so the parser can say what to write instead),
//! operators and punctuation, each with the byte range it came from.

use super::error::{FormulaError, FormulaErrorKind};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TokenKind {
    /// A number literal as Python reads it: `2`, `0.5`, `.5`, `1.`, `1e-3`.
    Number,
    /// A name: `x`, `pi`, a function, a parameter, or a dotted spelling.
    Name,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    StarStar,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    EqualEqual,
    NotEqual,
    Assign,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Semicolon,
    /// The end of the text.
    End,
}

/// One token and where it is in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Its first byte.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
}

impl Token {
    /// The token's text.
    pub fn text(self, source: &str) -> &str {
        &source[self.start..self.end]
    }

    /// How an error message names it: the token quoted, or "the end".
    pub fn describe(self, source: &str) -> String {
        match self.kind {
            TokenKind::End => "the end".to_string(),
            _ => format!("'{}'", self.text(source)),
        }
    }
}

/// The tokens of `source[start..]`, ending with an [`TokenKind::End`] token; byte
/// ranges are offsets into the whole `source`.
pub(super) fn tokens(source: &str, start: usize) -> Result<Vec<Token>, FormulaError> {
    let bytes = source.as_bytes();
    let mut tokens = Vec::new();
    let mut at = start;
    while at < bytes.len() {
        let c = bytes[at];
        if c.is_ascii_whitespace() {
            at += 1;
            continue;
        }
        let (kind, len) = if c.is_ascii_digit() || (c == b'.' && next_is_digit(bytes, at + 1)) {
            let len = number_len(&bytes[at..]);
            if bytes
                .get(at + len)
                .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_')
            {
                return Err(FormulaError::at(
                    FormulaErrorKind::NumberThenName,
                    source,
                    at,
                ));
            }
            (TokenKind::Number, len)
        } else if c.is_ascii_alphabetic() || c == b'_' {
            (TokenKind::Name, name_len(&bytes[at..]))
        } else {
            match symbol(&bytes[at..]) {
                Some(found) => found,
                None => {
                    let character = source[at..].chars().next().unwrap_or('?');
                    return Err(FormulaError::at(
                        FormulaErrorKind::UnexpectedCharacter(character),
                        source,
                        at,
                    ));
                }
            }
        };
        tokens.push(Token {
            kind,
            start: at,
            end: at + len,
        });
        at += len;
    }
    tokens.push(Token {
        kind: TokenKind::End,
        start: bytes.len(),
        end: bytes.len(),
    });
    Ok(tokens)
}

fn next_is_digit(bytes: &[u8], at: usize) -> bool {
    bytes.get(at).is_some_and(u8::is_ascii_digit)
}

/// Digits, an optional point and digits, an optional exponent with digits.
fn number_len(bytes: &[u8]) -> usize {
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut len = digits(0);
    if bytes.get(len) == Some(&b'.') {
        len += 1 + digits(len + 1);
    }
    if matches!(bytes.get(len), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(bytes.get(len + 1), Some(b'+' | b'-')));
        let exponent = digits(len + 1 + sign);
        if exponent > 0 {
            len += 1 + sign + exponent;
        }
    }
    len
}

/// Identifier characters, with single dots between identifier parts.
fn name_len(bytes: &[u8]) -> usize {
    let part = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count()
    };
    let mut len = part(0);
    while bytes.get(len) == Some(&b'.')
        && bytes
            .get(len + 1)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
    {
        len += 1 + part(len + 1);
    }
    len
}

/// The operator or punctuation at the start of `bytes`, longest first.
fn symbol(bytes: &[u8]) -> Option<(TokenKind, usize)> {
    use TokenKind::*;
    let two = match bytes {
        [b'*', b'*', ..] => Some(StarStar),
        [b'<', b'=', ..] => Some(LessEqual),
        [b'>', b'=', ..] => Some(GreaterEqual),
        [b'=', b'=', ..] => Some(EqualEqual),
        [b'!', b'=', ..] => Some(NotEqual),
        _ => None,
    };
    if let Some(kind) = two {
        return Some((kind, 2));
    }
    let one = match bytes.first()? {
        b'+' => Plus,
        b'-' => Minus,
        b'*' => Star,
        b'/' => Slash,
        b'%' => Percent,
        b'<' => Less,
        b'>' => Greater,
        b'=' => Assign,
        b'(' => LeftParen,
        b')' => RightParen,
        b'[' => LeftBracket,
        b']' => RightBracket,
        b',' => Comma,
        b';' => Semicolon,
        _ => return None,
    };
    Some((one, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<TokenKind> {
        tokens(text, 0).unwrap().iter().map(|t| t.kind).collect()
    }

    #[test]
    fn two_character_operators_win_over_one() {
        use TokenKind::*;
        assert_eq!(
            kinds("x**2<=1!=0"),
            [Name, StarStar, Number, LessEqual, Number, NotEqual, Number, End]
        );
    }

    #[test]
    fn numbers_take_points_and_exponents_as_python_does() {
        for text in ["2", "0.5", ".5", "1.", "1e-3", "2E+5", "1.5e3"] {
            let found = tokens(text, 0).unwrap();
            assert_eq!(found.len(), 2, "{text}");
            assert_eq!(found[0].text(text), text);
        }
    }

    #[test]
    fn dotted_names_stay_one_token() {
        let text = "tf.math.log(x)";
        let found = tokens(text, 0).unwrap();
        assert_eq!(found[0].text(text), "tf.math.log");
    }

    #[test]
    fn a_number_glued_to_a_name_is_refused() {
        let error = tokens("2x", 0).unwrap_err();
        assert_eq!(error.kind, FormulaErrorKind::NumberThenName);
    }

    #[test]
    fn unexpected_characters_name_themselves_and_their_column() {
        let error = tokens("x + é", 0).unwrap_err();
        assert_eq!(error.kind, FormulaErrorKind::UnexpectedCharacter('é'));
        assert_eq!(error.spot.unwrap().column, 5);
    }

    #[test]
    fn offsets_count_from_the_whole_text() {
        let text = "tf: x";
        let found = tokens(text, 3).unwrap();
        assert_eq!((found[0].start, found[0].end), (4, 5));
    }
}
