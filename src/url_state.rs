//! What a view holds, key by key, and the view in the page's URL:
//! `?spec=…&from=…&to=…&dtype=…&pin=…&show=…&task=…&epochs=…&seed=…&lr=…`.
//!
//! One table, [`KEYS`], lists every key: its name, what its values look like, how a
//! value is read into a view (leniently: surrounding white space, any accepted
//! spelling) and written back (canonically), and the control that edits it in the
//! page. Everything else loops over it, as TensorFlow Playground's `State.PROPS`
//! does: the URL ([`read_query`], [`write_query`]), the page's edits
//! (`Session::set`), the page's controls (every element with a `data-key`) and the
//! command line's view flags. A new key is one more row.
//!
//! A bad value never fails a whole URL: it falls back to the default and adds a
//! message naming it, so a link edited by hand still opens a view.

use crate::catalog::{self, Tour};
use crate::estimator::Estimator;
use crate::figure::Theme;
use crate::real::Dtype;
use crate::train;
use crate::view::{check_range, ExtraCurve, Panels, Show, View, MAX_PINS};

/// Longest query string read; anything longer is ignored with a message.
pub const MAX_QUERY_LEN: usize = 20_000;

/// The control that edits a key in the page: an element carrying `data-key="<name>"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    /// No control of its own in the table: the estimator editor (forward, backward,
    /// preset and parameter controls built from the catalog), the list of pins, or
    /// the page's teaching controls (the `Present` button, the tour's buttons).
    Editor,
    /// A number box; its text is read with the spec grammar's numbers.
    Number,
    /// A select with one option per listed value.
    Select(&'static [&'static str]),
    /// One checkbox per listed word (`data-value`); the value is the comma list of
    /// those checked.
    Checkboxes(&'static [&'static str]),
}

/// One view key: its name, its values, how to read a value into a view and write it
/// back, and its control.
pub struct Key {
    /// The key as it appears in the URL (and as the command line's `--<name>`).
    pub name: &'static str,
    /// What it sets, in a few words (the command line's help).
    pub doc: &'static str,
    /// The type of its values, as the command line's help names it (`NUMBER`).
    pub kind: &'static str,
    /// A value it accepts other than the default, as a person might write it.
    pub example: &'static str,
    /// Whether the key may appear more than once (`pin`: one value per pin).
    pub repeated: bool,
    /// The control that edits it in the page.
    pub control: Control,
    /// Applies one value to the view, or says why it cannot. A repeated key adds
    /// one more value.
    pub read: fn(&mut View, &str) -> Result<(), String>,
    /// The canonical values of this view (none for a repeated key with no value):
    /// what the page's control shows.
    pub write: fn(&View) -> Vec<String>,
    /// Whether the view holds this key's default, which links then leave out
    /// (`None`: links always carry the key's values).
    pub at_default: Option<fn(&View) -> bool>,
}

/// The names of the extra curves, in legend order.
const CURVE_NAMES: [&str; 3] = [
    ExtraCurve::TrueDerivative.name(),
    ExtraCurve::FiniteDifference.name(),
    ExtraCurve::Implied.name(),
];

/// Every key, in the order they are read and written (`spec` before `from` and `to`,
/// so that a link's range overrides a preset's own).
pub const KEYS: &[Key] = &[
    Key {
        name: "spec",
        kind: "SPEC",
        doc: "the estimator: forward/backward, preset:<id>, or a formula",
        example: "soft_round(alpha=7)/identity",
        repeated: false,
        control: Control::Editor,
        read: read_spec,
        write: |view| vec![view.estimator.to_string()],
        at_default: None,
    },
    Key {
        name: "from",
        kind: "NUMBER",
        doc: "the left end of the x range",
        example: "-1.5",
        repeated: false,
        control: Control::Number,
        read: |view, value| {
            view.from = read_number(value)?;
            Ok(())
        },
        write: |view| vec![crate::spec::format_number(view.from)],
        at_default: None,
    },
    Key {
        name: "to",
        kind: "NUMBER",
        doc: "the right end of the x range",
        example: "2.5",
        repeated: false,
        control: Control::Number,
        read: |view, value| {
            view.to = read_number(value)?;
            Ok(())
        },
        write: |view| vec![crate::spec::format_number(view.to)],
        at_default: None,
    },
    Key {
        name: "dtype",
        kind: "DTYPE",
        doc: "the dtype every curve is computed in",
        example: "float32",
        repeated: false,
        control: Control::Select(&["f64", "f32"]),
        read: |view, value| {
            view.dtype = value.parse::<Dtype>()?;
            Ok(())
        },
        write: |view| vec![view.dtype.name().to_string()],
        at_default: None,
    },
    Key {
        name: "pin",
        kind: "SPEC",
        doc: "an estimator drawn beside it (repeat for up to 4)",
        example: "round/identity",
        repeated: true,
        control: Control::Editor,
        read: read_pin,
        write: |view| view.pins.iter().map(Estimator::to_string).collect(),
        at_default: None,
    },
    Key {
        name: "show",
        kind: "CURVES",
        doc: "the extra curves, a comma list of true, fd, implied (empty for none)",
        example: "implied,fd",
        repeated: false,
        control: Control::Checkboxes(&CURVE_NAMES),
        read: read_show,
        write: write_show,
        at_default: None,
    },
    // How the view is shown to a class (interfaces.md, "Teaching"). A flag or an
    // unset theme at its default is left out of the URL.
    Key {
        name: "present",
        kind: "FLAG",
        doc: "presentation mode, 1 or 0: the plots fill the window, text and curves larger",
        example: "1",
        repeated: false,
        control: Control::Editor,
        read: |view, value| {
            view.present = read_flag(value)?;
            Ok(())
        },
        write: |view| write_flag(view.present),
        at_default: None,
    },
    Key {
        name: "theme",
        kind: "THEME",
        doc: "the colours: light, dark or contrast (empty: the system's)",
        example: "Contrast",
        repeated: false,
        control: Control::Select(&THEME_NAMES),
        read: read_theme,
        write: |view| {
            view.theme
                .map(|t| t.name().to_string())
                .into_iter()
                .collect()
        },
        at_default: None,
    },
    Key {
        name: "embed",
        kind: "FLAG",
        doc: "embedded, 1 or 0: the plots alone, for an iframe in a slide or a course page",
        example: "1",
        repeated: false,
        control: Control::Editor,
        read: |view, value| {
            view.embed = read_flag(value)?;
            Ok(())
        },
        write: |view| write_flag(view.embed),
        at_default: None,
    },
    Key {
        name: "panel",
        kind: "PANELS",
        doc: "the panels drawn: both, f (the forward) or df (the backward)",
        example: "df",
        repeated: false,
        control: Control::Select(&PANEL_NAMES),
        read: read_panels,
        write: |view| vec![view.panels.name().to_string()],
        at_default: None,
    },
    Key {
        name: "tour",
        kind: "TOUR",
        doc: "a guided tour, shown from its first step (empty: none)",
        example: "seeds",
        repeated: false,
        control: Control::Select(&catalog::TOUR_IDS),
        read: read_tour,
        write: |view| view.tour.map(str::to_string).into_iter().collect(),
        at_default: None,
    },
    Key {
        name: "step",
        kind: "NUMBER",
        doc: "the tour's step shown, from 1 (without a tour, the first tour's)",
        example: " 3",
        repeated: false,
        control: Control::Editor,
        read: read_step,
        write: |view| view.step.map(|k| k.to_string()).into_iter().collect(),
        at_default: None,
    },
    // The training lab's keys (`TRAINING_KEYS`). `task` comes first: choosing a task
    // brings its own epochs and learning rate, which a link's `epochs` and `lr` then
    // override.
    Key {
        name: "task",
        kind: "TASK",
        doc: "the training lab's task",
        example: "xor",
        repeated: false,
        control: Control::Select(&train::TASK_IDS),
        read: |view, value| {
            let task = train::task(value)?;
            view.training = train::Settings {
                seed: view.training.seed,
                ..train::Settings::for_task(task)
            };
            Ok(())
        },
        write: |view| vec![view.training.task.id.to_string()],
        at_default: Some(|view| view.training.task.id == train::default_task().id),
    },
    Key {
        name: "epochs",
        kind: "N",
        doc: "epochs the training lab trains (default: the task's)",
        example: "200",
        repeated: false,
        control: Control::Number,
        read: |view, value| {
            view.training.epochs = train::Settings::read_epochs(value)?;
            Ok(())
        },
        write: |view| vec![view.training.epochs.to_string()],
        at_default: Some(|view| view.training.epochs == view.training.task.epochs),
    },
    Key {
        name: "seed",
        kind: "N",
        doc: "seeds the training lab's data and initial weights",
        example: "7",
        repeated: false,
        control: Control::Number,
        read: |view, value| {
            view.training.seed = train::Settings::read_seed(value)?;
            Ok(())
        },
        write: |view| vec![view.training.seed.to_string()],
        at_default: Some(|view| view.training.seed == train::trainer::DEFAULT_SEED),
    },
    Key {
        name: "lr",
        kind: "NUMBER",
        doc: "Adam's learning rate in the training lab (default: the task's)",
        example: "0.05",
        repeated: false,
        control: Control::Number,
        read: |view, value| {
            view.training.learning_rate = train::Settings::read_learning_rate(value)?;
            Ok(())
        },
        write: |view| vec![crate::spec::format_number(view.training.learning_rate)],
        at_default: Some(|view| view.training.learning_rate == view.training.task.learning_rate),
    },
];

/// The keys of [`KEYS`] that only the training lab reads (`gradscope train` takes
/// them with `spec`, `pin` and `dtype`; the pictures ignore them).
pub const TRAINING_KEYS: [&str; 4] = ["task", "epochs", "seed", "lr"];

/// The names of the themes, in the page's order.
const THEME_NAMES: [&str; 3] = [
    Theme::Light.name(),
    Theme::Dark.name(),
    Theme::Contrast.name(),
];

/// The names of the panel choices, in the page's order.
const PANEL_NAMES: [&str; 3] = [
    Panels::Both.name(),
    Panels::Forward.name(),
    Panels::Backward.name(),
];

/// A flag: `1`, `true`, `on` or `yes`, and `0`, `false`, `off`, `no` or empty.
fn read_flag(value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "on" | "yes" => Ok(true),
        "" | "0" | "false" | "off" | "no" => Ok(false),
        _ => Err(format!("'{}' is not 1 or 0", shorten(value.trim()))),
    }
}

/// A flag's canonical values: `1` when on, nothing when off.
fn write_flag(on: bool) -> Vec<String> {
    if on {
        vec!["1".to_string()]
    } else {
        Vec::new()
    }
}

fn read_theme(view: &mut View, value: &str) -> Result<(), String> {
    let name = value.trim().to_ascii_lowercase();
    view.theme = if name.is_empty() {
        None
    } else {
        let theme = Theme::named(&name).ok_or_else(|| {
            format!(
                "'{}' is not one of {}",
                shorten(value.trim()),
                THEME_NAMES.join(", ")
            )
        })?;
        Some(theme)
    };
    Ok(())
}

fn read_panels(view: &mut View, value: &str) -> Result<(), String> {
    let name = value.trim().to_ascii_lowercase();
    let alias = match name.as_str() {
        "forward" => Panels::Forward.name(),
        "backward" => Panels::Backward.name(),
        other => other,
    };
    view.panels = Panels::named(alias).ok_or_else(|| {
        format!(
            "'{}' is not one of {}",
            shorten(value.trim()),
            PANEL_NAMES.join(", ")
        )
    })?;
    Ok(())
}

fn read_tour(view: &mut View, value: &str) -> Result<(), String> {
    let id = value.trim();
    if id.is_empty() {
        (view.tour, view.step) = (None, None);
        return Ok(());
    }
    let tour = catalog::tour(id).ok_or_else(|| {
        format!(
            "'{}' is not a tour (tours: {})",
            shorten(id),
            catalog::TOUR_IDS.join(", ")
        )
    })?;
    go_to_step(view, tour, 1)
}

fn read_step(view: &mut View, value: &str) -> Result<(), String> {
    let tour = match view.tour {
        Some(id) => catalog::tour(id),
        None => catalog::tours().next(),
    }
    .ok_or_else(|| "there is no tour to take a step of".to_string())?;
    let count = tour.steps.len();
    let step = value
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|k| (1..=count).contains(k))
        .ok_or_else(|| {
            format!(
                "'{}' is not a step of the tour '{}': write 1 to {count}",
                shorten(value.trim()),
                tour.id
            )
        })?;
    go_to_step(view, tour, step)
}

/// Shows step `k` (from 1) of `tour`: the step's view (estimator, pins, range, dtype,
/// curves) replaces the view's, which keeps how it is shown (presented, theme,
/// embedded, panels).
fn go_to_step(view: &mut View, tour: &'static Tour, k: usize) -> Result<(), String> {
    let (shown, messages) = read_query(tour.steps[k - 1].view);
    if let Some(why) = messages.first() {
        return Err(format!("step {k} of the tour '{}': {why}", tour.id));
    }
    *view = View {
        present: view.present,
        theme: view.theme,
        embed: view.embed,
        panels: view.panels,
        training: view.training,
        tour: Some(tour.id),
        step: Some(k),
        ..shown
    };
    Ok(())
}

/// The key with this name, or a message naming the closest one.
pub fn key(name: &str) -> Result<&'static Key, String> {
    KEYS.iter().find(|k| k.name == name).ok_or_else(|| {
        let known = KEYS.iter().map(|k| k.name);
        let hint = crate::spec::closest(name, known)
            .map(|close| format!("; did you mean '{close}'?"))
            .unwrap_or_default();
        let all: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
        format!(
            "unknown view key '{}'{hint} (keys: {})",
            shorten(name),
            all.join(", ")
        )
    })
}

fn read_spec(view: &mut View, value: &str) -> Result<(), String> {
    view.estimator = value.parse::<Estimator>().map_err(|e| e.to_string())?;
    if let Some([from, to]) = catalog::preset_of_spec(value).and_then(|p| p.range) {
        view.from = from;
        view.to = to;
    }
    Ok(())
}

/// A number written as the spec grammar writes them, finite.
fn read_number(value: &str) -> Result<f64, String> {
    if value.trim().is_empty() {
        return Err("it is empty: write a number".to_string());
    }
    match crate::spec::parse_number(value) {
        Some(v) if v.is_finite() => Ok(v),
        _ => Err(format!("'{}' is not a finite number", shorten(value))),
    }
}

fn read_pin(view: &mut View, value: &str) -> Result<(), String> {
    if view.pins.len() >= MAX_PINS {
        return Err(format!(
            "at most {MAX_PINS} estimators can be pinned; unpin one first"
        ));
    }
    let pinned = value.parse::<Estimator>().map_err(|e| e.to_string())?;
    if view.pins.contains(&pinned) {
        return Err(format!("'{pinned}' is already pinned"));
    }
    view.pins.push(pinned);
    Ok(())
}

fn read_show(view: &mut View, value: &str) -> Result<(), String> {
    let mut show = Show::NONE;
    for word in value.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        let curve = ExtraCurve::named(word).ok_or_else(|| {
            format!(
                "'{}' is not one of {}",
                shorten(word),
                CURVE_NAMES.join(", ")
            )
        })?;
        show.set(curve, true);
    }
    view.show = show;
    Ok(())
}

fn write_show(view: &View) -> Vec<String> {
    let on: Vec<&str> = ExtraCurve::ALL
        .into_iter()
        .filter(|&curve| view.show.has(curve))
        .map(ExtraCurve::name)
        .collect();
    vec![on.join(",")]
}

/// Applies one value of `key` to a copy of `view` and checks the whole result (a
/// range must stay ordered); the view is returned only when both pass, and the
/// message says why otherwise.
pub fn apply(view: &View, key: &Key, value: &str) -> Result<View, String> {
    let mut edited = view.clone();
    (key.read)(&mut edited, value)?;
    check_range(edited.from, edited.to)?;
    Ok(edited)
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
        if key.at_default.is_some_and(|at_default| at_default(view)) {
            continue;
        }
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
    fn pins_beyond_four_and_repeated_pins_are_left_out() {
        let pins = [
            "round",
            "sign",
            "round",
            "relu",
            "spiky",
            "identity",
            "heaviside",
        ];
        let query: Vec<String> = pins.iter().map(|p| format!("pin={p}")).collect();
        let (view, messages) = read_query(&query.join("&"));
        let kept: Vec<String> = view.pins.iter().map(|p| p.to_string()).collect();
        assert_eq!(kept, ["round", "sign", "relu", "spiky"]);
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].contains("already pinned"), "{messages:?}");
        assert!(messages[1].contains("at most 4"), "{messages:?}");
    }

    #[test]
    fn repeated_keys_keep_the_first_value() {
        let (view, messages) = read_query("spec=round&spec=spiky");
        assert_eq!(view.estimator.pair().unwrap().forward.id, "round");
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
    fn links_leave_out_training_settings_at_their_defaults_which_controls_still_show() {
        let view = View::default();
        let written = write_query(&view);
        for name in TRAINING_KEYS {
            assert!(!written.contains(&format!("&{name}=")), "{written}");
            assert_eq!((key(name).unwrap().write)(&view).len(), 1, "{name}");
        }
        let (xor, messages) = read_query("task=xor");
        assert!(messages.is_empty(), "{messages:?}");
        assert!(
            write_query(&xor).ends_with("&task=xor"),
            "{}",
            write_query(&xor)
        );
        let changed = "task=xor&epochs=7&seed=3&lr=0.2";
        let (view, messages) = read_query(changed);
        assert!(messages.is_empty(), "{messages:?}");
        assert!(
            write_query(&view).ends_with(changed),
            "{}",
            write_query(&view)
        );
        assert_eq!(read_query(&write_query(&view)).0, view);
    }

    #[test]
    fn a_tour_step_brings_its_view_and_keeps_how_it_is_shown() {
        let tour = catalog::tour("seeds").unwrap();
        let (view, messages) = read_query("present=1&theme=dark&panel=df&tour=seeds&step=3");
        assert!(messages.is_empty(), "{messages:?}");
        let (step, _) = read_query(tour.steps[2].view);
        assert_eq!(
            (view.estimator.clone(), view.pins.clone()),
            (step.estimator, step.pins)
        );
        assert_eq!((view.tour, view.step), (Some("seeds"), Some(3)));
        assert!(view.present && view.theme == Some(Theme::Dark) && view.panels == Panels::Backward);
        let written = write_query(&view);
        assert!(
            written.ends_with("&present=1&theme=dark&panel=df&tour=seeds&step=3"),
            "{written}"
        );
        assert_eq!(read_query(&written).0, view);
    }

    #[test]
    fn a_tour_alone_starts_at_step_one_and_a_step_alone_opens_the_first_tour() {
        let first = catalog::tours().next().unwrap();
        let (view, _) = read_query("tour=seeds");
        assert_eq!(view.step, Some(1));
        let (view, messages) = read_query("step=2");
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!((view.tour, view.step), (Some(first.id), Some(2)));
        let (view, _) = read_query("tour=seeds&step=2&tour=");
        assert_eq!(view.tour, Some("seeds"), "the first value counts");
    }

    #[test]
    fn bad_teaching_values_fall_back_with_a_message_naming_what_is_allowed() {
        let steps = catalog::tour("seeds").unwrap().steps.len();
        let (view, messages) = read_query(&format!(
            "present=maybe&theme=sepia&panel=g&tour=nope&step={}",
            steps + 1
        ));
        assert_eq!(view, View::default());
        let expected = [
            ("'present'", "not 1 or 0"),
            ("'theme'", "light, dark, contrast"),
            ("'panel'", "both, f, df"),
            ("'tour'", "tours: seeds"),
            ("'step'", &format!("write 1 to {steps}")),
        ];
        assert_eq!(messages.len(), expected.len(), "{messages:?}");
        for (message, (key, allowed)) in messages.iter().zip(expected) {
            assert!(
                message.contains(key) && message.contains(allowed),
                "{message}"
            );
        }
    }

    #[test]
    fn teaching_keys_at_their_defaults_stay_out_of_the_url() {
        let written = write_query(&View::default());
        for key in ["present", "theme", "embed", "tour", "step"] {
            assert!(!written.contains(&format!("{key}=")), "{written}");
        }
        let (view, messages) = read_query("present=0&embed=&theme=&tour=");
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!(view, View::default());
        let (view, _) = read_query("present=ON&embed=true&theme=Dark&panel=forward");
        assert!(view.present && view.embed);
        assert_eq!(
            (view.theme, view.panels),
            (Some(Theme::Dark), Panels::Forward)
        );
    }

    #[test]
    fn spec_text_stays_readable_in_the_url() {
        let (mut view, _) = read_query("");
        view.estimator = "soft_round(alpha=7)/identity".parse().unwrap();
        assert!(write_query(&view).starts_with("spec=soft_round(alpha=7)/identity&"));
    }

    #[test]
    fn a_links_task_brings_its_defaults_and_its_epochs_and_lr_override_them() {
        let xor = train::task("xor").unwrap();
        for query in ["task=xor&lr=0.05&seed=9", "seed=9&lr=0.05&task=xor"] {
            let (view, messages) = read_query(query);
            assert!(messages.is_empty(), "{messages:?}");
            let expected = train::Settings {
                seed: 9,
                learning_rate: 0.05,
                ..train::Settings::for_task(xor)
            };
            assert_eq!(view.training, expected, "{query}");
        }
        let (view, messages) = read_query("task=mnist&epochs=0&seed=-1&lr=2");
        assert_eq!(view.training, View::default().training);
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].contains("'task'") && messages[0].contains("spikes, xor"));
        assert!(messages[1].contains("epochs must lie in [1, 100000], not 0"));
        assert!(messages[2].contains("not a seed"));
        assert!(messages[3].contains("learning rate must lie in"));
    }
}
