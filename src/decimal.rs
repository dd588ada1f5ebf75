//! Reading a decimal number in Rust's grammar for `f64`: `3`, `-0.5`, `.5`, `1.`,
//! `1e-3`, `+2E5`, and the words `inf`, `infinity` and `nan` in any case.
//!
//! The grammar is checked here, on every target. The conversion to the nearest `f64`
//! is Rust's natively and the browser's `parseFloat` in the page: both round
//! correctly, so they agree, and the page's module is spared the 10 KB table of
//! powers of five behind Rust's conversion (about 15 KB of the gzipped module).

/// The number `text` spells in Rust's grammar for `f64`, or `None`.
pub fn parse(text: &str) -> Option<f64> {
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let word = |w: &str| unsigned.eq_ignore_ascii_case(w);
    let magnitude = if word("inf") || word("infinity") {
        f64::INFINITY
    } else if word("nan") {
        f64::NAN
    } else if is_decimal(unsigned.as_bytes()) {
        convert(text)?
    } else {
        return None;
    };
    Some(if negative {
        -magnitude.abs()
    } else {
        magnitude
    })
}

/// Whether `bytes` is digits with at most one point and at least one digit, then
/// optionally `e` or `E`, an optional sign and at least one digit.
fn is_decimal(bytes: &[u8]) -> bool {
    let digits = |b: &[u8]| b.iter().take_while(|c| c.is_ascii_digit()).count();
    let whole = digits(bytes);
    let mut at = whole;
    let mut fraction = 0;
    if bytes.get(at) == Some(&b'.') {
        fraction = digits(&bytes[at + 1..]);
        at += 1 + fraction;
    }
    if whole + fraction == 0 {
        return false;
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(bytes.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        let exponent = digits(&bytes[at..]);
        if exponent == 0 {
            return false;
        }
        at += exponent;
    }
    at == bytes.len()
}

/// The nearest `f64` to a checked decimal (sign included).
#[cfg(not(target_arch = "wasm32"))]
fn convert(text: &str) -> Option<f64> {
    text.parse().ok()
}

/// The nearest `f64` to a checked decimal (sign included), by the browser.
#[cfg(target_arch = "wasm32")]
fn convert(text: &str) -> Option<f64> {
    let value = js_sys::Number::parse_float(text);
    (!value.is_nan()).then_some(value)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_what_rust_reads() {
        for text in [
            "3",
            "-0.5",
            ".5",
            "1.",
            "+.5",
            "1e-3",
            "2E+5",
            "-0",
            "inf",
            "-Infinity",
            "NaN",
            "1e400",
            "1e-400",
            "007",
            "0.1",
        ] {
            let expected: f64 = text.parse().unwrap();
            let got = parse(text).unwrap();
            assert!(
                got.to_bits() == expected.to_bits() || (got.is_nan() && expected.is_nan()),
                "{text}: {got} != {expected}"
            );
        }
    }

    #[test]
    fn refuses_what_rust_refuses() {
        for text in [
            "",
            ".",
            "-",
            "e5",
            "1e",
            "1e+",
            "1.2.3",
            "0x10",
            "1_000",
            " 1",
            "infinite",
            "--1",
            "1e5.5",
            "Infinity1",
        ] {
            assert_eq!(parse(text), None, "{text}");
            assert!(text.parse::<f64>().is_err(), "{text}");
        }
    }

    proptest! {
        /// The grammar check accepts exactly what `str::parse::<f64>` accepts, on
        /// strings made of the characters numbers are made of.
        #[test]
        fn accepts_exactly_what_rust_accepts(text in "[-+0-9.eEinfatyINFATY]{0,12}") {
            let rust: Option<f64> = text.parse().ok();
            let ours = parse(&text);
            prop_assert_eq!(ours.is_some(), rust.is_some(), "{}", text);
            if let (Some(a), Some(b)) = (ours, rust) {
                prop_assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()));
            }
        }
    }
}
