//! The page's state in its URL: `?spec=…&from=…&to=…&dtype=…&pin=…&show=…`.
//!
//! One table, [`KEYS`], lists every key with how to read and write it (as
//! TensorFlow Playground's `State.PROPS` does); reading and writing loop over it. A
//! bad value never fails the whole URL: it falls back to the default and adds a
//! message naming it, so a link edited by hand still opens a view.

use crate::catalog;
use crate::estimator::Estimator;
use crate::real::Dtype;
use crate::view::{check_range, Show, View, MAX_PINS};

/// Longest query string read; anything longer is ignored with a message.
pub const MAX_QUERY_LEN: usize = 20_000;

/// One URL key: its name, how to read a value into the view, how to write it.
pub struct Key {
    /// The key as it appears in the URL.
    pub name: &'static str,
    /// Whether the key may appear more than once (`pin`).
    pub repeated: bool,
    /// Applies one decoded value to the view, or says why it cannot.
    pub read: fn(&mut View, &str) -> Result<(), String>,
    /// The values to write for this view (none when at its default).
    pub write: fn(&View) -> Vec<String>,
}

/// Every key, in the order they are written.
pub const KEYS: &[Key] = &[
    Key {
        name: "spec",
        repeated: false,
        read: read_spec,
        write: write_spec,
    },
    Key {
        name: "from",
        repeated: false,
        read: read_from,
        write: write_from,
    },
    Key {
        name: "to",
        repeated: false,
        read: read_to,
        write: write_to,
    },
    Key {
        name: "dtype",
        repeated: false,
        read: read_dtype,
        write: write_dtype,
    },
    Key {
        name: "pin",
        repeated: true,
        read: read_pin,
        write: write_pins,
    },
    Key {
        name: "show",
        repeated: false,
        read: read_show,
        write: write_show,
    },
];

fn read_spec(view: &mut View, value: &str) -> Result<(), String> {
    view.estimator = value.parse::<Estimator>().map_err(|e| e.to_string())?;
    if let Some([from, to]) = catalog::preset_of_spec(value).and_then(|p| p.range) {
        view.from = from;
        view.to = to;
    }
    Ok(())
}

fn write_spec(view: &View) -> Vec<String> {
    vec![view.estimator.to_string()]
}

fn read_number(value: &str) -> Result<f64, String> {
    match crate::spec::parse_number(value) {
        Some(v) if v.is_finite() => Ok(v),
        _ => Err(format!("'{}' is not a finite number", shorten(value))),
    }
}

fn read_from(view: &mut View, value: &str) -> Result<(), String> {
    view.from = read_number(value)?;
    Ok(())
}

fn write_from(view: &View) -> Vec<String> {
    vec![crate::spec::format_number(view.from)]
}

fn read_to(view: &mut View, value: &str) -> Result<(), String> {
    view.to = read_number(value)?;
    Ok(())
}

fn write_to(view: &View) -> Vec<String> {
    vec![crate::spec::format_number(view.to)]
}

fn read_dtype(view: &mut View, value: &str) -> Result<(), String> {
    view.dtype = value.parse::<Dtype>()?;
    Ok(())
}

fn write_dtype(view: &View) -> Vec<String> {
    vec![view.dtype.name().to_string()]
}

fn read_pin(view: &mut View, value: &str) -> Result<(), String> {
    if view.pins.len() >= MAX_PINS {
        return Err(format!(
            "at most {MAX_PINS} estimators can be pinned; the rest are left out"
        ));
    }
    let pinned = value.parse::<Estimator>().map_err(|e| e.to_string())?;
    view.pins.push(pinned);
    Ok(())
}

fn write_pins(view: &View) -> Vec<String> {
    view.pins.iter().map(|p| p.to_string()).collect()
}

/// Picks one flag of [`Show`].
type ShowFlag = fn(&mut Show) -> &mut bool;

/// The names `show` takes, each with its flag.
const SHOW_NAMES: [(&str, ShowFlag); 3] = [
    ("true", |s| &mut s.true_derivative),
    ("fd", |s| &mut s.finite_difference),
    ("implied", |s| &mut s.implied),
];

fn read_show(view: &mut View, value: &str) -> Result<(), String> {
    let mut show = Show {
        true_derivative: false,
        finite_difference: false,
        implied: false,
    };
    for word in value.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        let (_, flag) = SHOW_NAMES
            .iter()
            .find(|(name, _)| *name == word)
            .ok_or_else(|| format!("'{}' is not one of true, fd, implied", shorten(word)))?;
        *flag(&mut show) = true;
    }
    view.show = show;
    Ok(())
}

fn write_show(view: &View) -> Vec<String> {
    let mut show = view.show;
    let on: Vec<&str> = SHOW_NAMES
        .iter()
        .filter(|(_, flag)| *flag(&mut show))
        .map(|(name, _)| *name)
        .collect();
    vec![on.join(",")]
}

/// Reads a query string (with or without the leading `?`) into a view. Returns the
/// view and one message per value that was refused (each names the key and why);
/// refused values keep their defaults.
pub fn read_query(query: &str) -> (View, Vec<String>) {
    let mut view = View::default();
    let mut messages = Vec::new();
    let query = query.strip_prefix('?').unwrap_or(query);
    if query.len() > MAX_QUERY_LEN {
        messages.push(format!(
            "the link is {} characters long (at most {MAX_QUERY_LEN}); it was ignored",
            query.len()
        ));
        return (view, messages);
    }
    // Values by key, in the order of KEYS (so `spec` comes before `from` and `to`,
    // and a preset's own range can be overridden by the link's).
    let mut given: Vec<Vec<&str>> = vec![Vec::new(); KEYS.len()];
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let key_text = percent_decode(raw_key).unwrap_or_default();
        match KEYS.iter().position(|k| k.name == key_text) {
            Some(index) => given[index].push(raw_value),
            None => messages.push(format!(
                "unknown link key '{}' was ignored",
                shorten(&key_text)
            )),
        }
    }
    for (key, values) in KEYS.iter().zip(&given) {
        if !key.repeated && values.len() > 1 {
            messages.push(format!(
                "'{}' is given more than once; the first value is used",
                key.name
            ));
        }
        let used = if key.repeated {
            values.len()
        } else {
            values.len().min(1)
        };
        for raw_value in &values[..used] {
            let outcome = percent_decode(raw_value).and_then(|value| (key.read)(&mut view, &value));
            if let Err(why) = outcome {
                messages.push(format!("link value '{}' ignored: {why}", key.name));
            }
        }
    }
    if let Err(why) = check_range(view.from, view.to) {
        messages.push(format!("link range ignored: {why}"));
        view.from = crate::view::DEFAULT_FROM;
        view.to = crate::view::DEFAULT_TO;
    }
    (view, messages)
}

/// Writes a view as a query string (without the leading `?`); reading it back gives
/// the same view.
pub fn write_query(view: &View) -> String {
    let mut parts = Vec::new();
    for key in KEYS {
        for value in (key.write)(view) {
            parts.push(format!("{}={}", key.name, percent_encode(&value)));
        }
    }
    parts.join("&")
}

/// Decodes `%XX` escapes and `+` (a space); refuses broken escapes and invalid UTF-8.
pub fn percent_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                let byte = hex
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| {
                        format!("broken percent-encoding near '{}'", shorten(&text[i..]))
                    })?;
                out.push(byte);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            other => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| "the value is not valid UTF-8".to_string())
}

/// Escapes everything but unreserved characters and the spec punctuation that reads
/// well in a URL (`( ) , = / :`).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~()=,/:".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn shorten(text: &str) -> String {
    let short: String = text.chars().take(30).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_view_reads_back_the_same() {
        let (mut view, _) = read_query("");
        view.estimator = "heaviside(h0=0)/sigmoid(k=2)".parse().unwrap();
        view.pins = vec!["round/identity".parse().unwrap()];
        view.from = -1.5;
        view.to = 2e-3;
        view.dtype = Dtype::F32;
        view.show = Show {
            true_derivative: false,
            finite_difference: true,
            implied: true,
        };
        let (back, messages) = read_query(&write_query(&view));
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!(back, view);
    }

    #[test]
    fn bad_values_fall_back_with_a_message_naming_the_key() {
        let (view, messages) = read_query("?spec=nope&dtype=f16&from=abc");
        assert_eq!(view, View::default());
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].contains("'spec'") && messages[0].contains("unknown forward 'nope'"));
        assert!(
            messages[1].contains("'from'"),
            "messages follow the order of KEYS"
        );
        assert!(messages[2].contains("'dtype'"));
    }

    #[test]
    fn reversed_ranges_and_broken_escapes_are_refused() {
        let (view, messages) = read_query("from=3&to=-3&spec=round%2");
        assert_eq!(
            (view.from, view.to),
            (crate::view::DEFAULT_FROM, crate::view::DEFAULT_TO)
        );
        assert!(
            messages.iter().any(|m| m.contains("percent-encoding")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("must be less than")),
            "{messages:?}"
        );
    }

    #[test]
    fn pins_beyond_four_are_left_out() {
        let query = ["pin=round"; 6].join("&");
        let (view, messages) = read_query(&query);
        assert_eq!(view.pins.len(), MAX_PINS);
        assert_eq!(messages.len(), 2);
    }

    #[test]
    fn repeated_keys_keep_the_first_value() {
        let (view, messages) = read_query("spec=round&spec=spiky");
        assert_eq!(view.estimator.forward.id, "round");
        assert_eq!(messages.len(), 1);
    }

    #[test]
    fn a_preset_brings_its_range_unless_the_link_gives_one() {
        let (view, messages) = read_query("spec=preset:s-lambda-nan");
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!((view.from, view.to), (-10.0, 10.0));
        let (view, _) = read_query("from=-1&spec=preset:s-lambda-nan");
        assert_eq!((view.from, view.to), (-1.0, 10.0));
    }

    #[test]
    fn spec_text_stays_readable_in_the_url() {
        let (mut view, _) = read_query("");
        view.estimator = "soft_round(alpha=7)/identity".parse().unwrap();
        assert!(write_query(&view).starts_with("spec=soft_round(alpha=7)/identity&"));
    }
}
