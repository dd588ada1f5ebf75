//! The numbers of the axes: y ranges from the finite samples, "nice" tick values, and
//! tick labels that read well (`1e6`, not `1000000.0`).

/// Values beyond this magnitude are treated as this for ranges, so that margins and
/// spans never overflow to infinity.
const LARGEST: f64 = 1e300;

/// The margin above and below the data, as a fraction of the data's height.
const MARGIN: f64 = 0.06;

/// The part of a panel kept free in the direction of a delta's arrow.
const ARROW_ROOM: f64 = 0.4;

/// The y range of a panel: the finite values with a margin. A flat curve gets a range
/// around its value; no finite value at all gets `[-1, 1]`. When `arrows` says which
/// way delta arrows point (`up`, `down`), 0 is brought into the range with room for
/// them, without stretching the range to the deltas themselves.
pub fn y_range(values: impl Iterator<Item = f64>, arrows: (bool, bool)) -> [f64; 2] {
    let (low, high) = values
        .filter(|v| v.is_finite())
        .map(|v| v.clamp(-LARGEST, LARGEST))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
            (l.min(v), h.max(v))
        });
    let (low, high) = if low > high {
        (-1.0, 1.0)
    } else if high - low <= low.abs().max(high.abs()) * 1e-12 {
        let centre = low / 2.0 + high / 2.0;
        let half = if centre == 0.0 {
            1.0
        } else {
            centre.abs() * 0.5
        };
        (centre - half, centre + half)
    } else {
        (low, high)
    };
    let margin = (high / 2.0 - low / 2.0) * 2.0 * MARGIN;
    let (mut low, mut high) = (low - margin, high + margin);
    let (up, down) = arrows;
    if up || down {
        low = low.min(0.0);
        high = high.max(0.0);
        let ratio = ARROW_ROOM / (1.0 - ARROW_ROOM);
        if up {
            high = high.max(-low * ratio).max(f64::MIN_POSITIVE);
        }
        if down {
            low = low.min(-high * ratio).min(-f64::MIN_POSITIVE);
        }
    }
    [low, high]
}

/// Tick values and their labels along one axis.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ticks {
    /// The values, ascending.
    pub values: Vec<f64>,
    /// One label per value.
    pub labels: Vec<String>,
}

/// At most about `count` ticks at 1, 2 or 5 times a power of ten, inside
/// `[low, high]`, with labels formatted for that step.
pub fn ticks(low: f64, high: f64, count: usize) -> Ticks {
    let span = high - low;
    let raw = span / count.max(1) as f64;
    if !(raw.is_finite() && raw > 0.0) {
        return Ticks::default();
    }
    let power = libm::pow(10.0, libm::log10(raw).floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * power);
    let (first, last) = ((low / step).ceil(), (high / step).floor());
    if !(first.is_finite() && last.is_finite()) || last - first > 2.0 * count as f64 + 2.0 {
        return Ticks::default();
    }
    let magnitude = low.abs().max(high.abs());
    let mut result = Ticks::default();
    for i in 0..=(last - first) as usize {
        let value = (first + i as f64) * step;
        let label = format_tick(value, step, magnitude);
        // A step below the resolution of f64 at this magnitude repeats labels.
        if result.labels.last() != Some(&label) {
            result.values.push(value);
            result.labels.push(label);
        }
    }
    result
}

/// A tick label: fixed-point with as many decimals as the step needs, or, for
/// magnitudes of 1e5 and more or below 1e-3, a short scientific form (`1e6`,
/// `2.5e-7`).
pub fn format_tick(value: f64, step: f64, magnitude: f64) -> String {
    let scientific = !(1e-3..1e5).contains(&magnitude);
    if value.abs() < step * 1e-6 {
        return if scientific {
            "0".to_string()
        } else {
            format!("{:.*}", decimals_for(step), 0.0)
        };
    }
    if scientific {
        let exponent = libm::log10(value.abs()).floor();
        let digits = (exponent - libm::log10(step).floor()).clamp(0.0, 4.0) as usize;
        scientific_form(value, digits)
    } else {
        format!("{value:.*}", decimals_for(step))
    }
}

/// A number in at most three significant digits: `1`, `-0.5`, `0.333`, `1.5e6`.
pub fn format_short(value: f64) -> String {
    let magnitude = value.abs();
    if value == 0.0 || !value.is_finite() {
        return format!("{value}");
    }
    if (1e-3..1e5).contains(&magnitude) {
        let decimals = (2.0 - libm::log10(magnitude).floor()).max(0.0) as usize;
        trim_zeros(format!("{value:.decimals$}"))
    } else {
        scientific_form(value, 2)
    }
}

/// Decimals that resolve a step of 1, 2 or 5 times a power of ten.
fn decimals_for(step: f64) -> usize {
    (-libm::log10(step).floor()).clamp(0.0, 12.0) as usize
}

/// `m e k` with at most `digits` decimals in the mantissa, trailing zeros dropped.
fn scientific_form(value: f64, digits: usize) -> String {
    let text = format!("{value:.digits$e}");
    match text.split_once('e') {
        Some((mantissa, exponent)) => format!("{}e{exponent}", trim_zeros(mantissa.to_string())),
        None => text,
    }
}

fn trim_zeros(text: String) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_data_gets_a_range_around_its_value() {
        assert_eq!(
            y_range([0.0, 0.0].into_iter(), (false, false)),
            [-1.12, 1.12]
        );
        assert_eq!(y_range([4.0].into_iter(), (false, false)), [1.76, 6.24]);
        assert_eq!(y_range(std::iter::empty(), (false, false)), [-1.12, 1.12]);
        assert_eq!(
            y_range([f64::NAN, f64::INFINITY].into_iter(), (false, false)),
            [-1.12, 1.12]
        );
    }

    #[test]
    fn huge_values_keep_a_finite_range() {
        let [low, high] = y_range([-1e308, 1e308, 1e30].into_iter(), (false, false));
        assert!(low.is_finite() && high.is_finite() && low < -1e299 && high > 1e299);
    }

    #[test]
    fn arrows_get_room_without_stretching_to_the_delta() {
        let [low, high] = y_range([0.0, 0.25].into_iter(), (true, false));
        assert!(low <= 0.0 && high < 1.0);
        let [low, high] = y_range([0.0, 1.0].into_iter(), (false, true));
        assert!(
            -low / (high - low) >= ARROW_ROOM - 1e-12,
            "room below 0: {low}..{high}"
        );
    }

    #[test]
    fn ticks_fall_on_round_numbers() {
        let t = ticks(-3.0, 3.0, 7);
        assert_eq!(t.values, vec![-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0]);
        assert_eq!(t.labels, vec!["-3", "-2", "-1", "0", "1", "2", "3"]);
        let t = ticks(0.0, 1.0, 5);
        assert_eq!(t.labels, vec!["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]);
    }

    #[test]
    fn big_and_small_numbers_print_short() {
        assert_eq!(ticks(0.0, 3e6, 3).labels, vec!["0", "1e6", "2e6", "3e6"]);
        assert_eq!(format_tick(-2e-5, 1e-5, 5e-5), "-2e-5");
        assert_eq!(format_tick(1.5e30, 5e29, 2e30), "1.5e30");
        assert_eq!(format_short(1.0), "1");
        assert_eq!(format_short(-0.5), "-0.5");
        assert_eq!(format_short(1.0 / 3.0), "0.333");
        assert_eq!(format_short(2.5e6), "2.5e6");
    }

    #[test]
    fn degenerate_axes_give_no_ticks_rather_than_many() {
        assert!(ticks(1.0, 1.0, 5).values.is_empty());
        assert!(ticks(f64::NAN, 1.0, 5).values.is_empty());
        let t = ticks(1e15, 1e15 + 0.5, 5);
        assert!(t.values.len() <= 12);
    }
}
