//! Evaluation over many x, and the CSV that `gradscope eval`, `gradscope table` and
//! the page's CSV export all produce: columns `x,f,df` and, on request, `true`.

use std::fmt::Write as _;

use crate::estimator::{Estimator, Output};
use crate::real::Real;

/// Most samples a grid may have.
pub const MAX_SAMPLES: usize = 10_000_000;

/// `samples` evenly spaced points from `from` to `to`, both ends included.
pub fn grid(from: f64, to: f64, samples: usize) -> Result<Vec<f64>, String> {
    if !from.is_finite() || !to.is_finite() {
        return Err(format!("the range must be finite, not [{from}, {to}]"));
    }
    if from > to {
        return Err(format!("--from ({from}) must not exceed --to ({to})"));
    }
    if samples == 0 || samples > MAX_SAMPLES {
        return Err(format!(
            "--samples must lie in [1, {MAX_SAMPLES}], not {samples}"
        ));
    }
    if samples == 1 {
        return Ok(vec![from]);
    }
    let last = (samples - 1) as f64;
    let width = to - from;
    let at = |t: f64| {
        if width.is_finite() {
            from + width * t
        } else {
            // The widest ranges overflow `to - from`; interpolate instead.
            from * (1.0 - t) + to * t
        }
    };
    Ok((0..samples)
        .map(|i| {
            if i == samples - 1 {
                to
            } else {
                at(i as f64 / last)
            }
        })
        .collect())
}

/// A number as the CSV prints it: shortest text that reads back to the same value
/// in its dtype; `NaN`, `inf` and `-inf` for the non-finite.
pub fn format_value<F: Real>(value: F) -> String {
    if value.is_nan() {
        "NaN".to_string()
    } else if value.is_infinite() {
        if value > F::zero() { "inf" } else { "-inf" }.to_string()
    } else {
        format!("{value:?}")
    }
}

/// The CSV header line (with its newline).
pub fn csv_header(with_true: bool) -> &'static str {
    if with_true {
        "x,f,df,true\n"
    } else {
        "x,f,df\n"
    }
}

/// Appends one CSV row per x: x, f(x), the backward, and the true derivative when
/// asked; computed in dtype `F`, each output over all the x at once.
pub fn write_csv_rows<F: Real>(
    estimator: &Estimator,
    xs: impl IntoIterator<Item = F>,
    with_true: bool,
    out: &mut String,
) {
    let bound = estimator.bind::<F>();
    let xs: Vec<F> = xs.into_iter().collect();
    let column = |output: Output| {
        let mut values = vec![F::zero(); xs.len()];
        bound.output(output).over(&xs, &mut values);
        values
    };
    let (value, backward) = (column(Output::Value), column(Output::Backward));
    let true_derivative = with_true.then(|| column(Output::TrueDerivative));
    for (i, &x) in xs.iter().enumerate() {
        let _ = write!(
            out,
            "{},{},{}",
            format_value(x),
            format_value(value[i]),
            format_value(backward[i])
        );
        if let Some(true_derivative) = &true_derivative {
            out.push(',');
            out.push_str(&format_value(true_derivative[i]));
        }
        out.push('\n');
    }
}

/// A whole CSV (header and rows) for a grid, computed in dtype `F`; each grid x is
/// rounded to `F` first.
pub fn grid_csv<F: Real>(estimator: &Estimator, grid: &[f64], with_true: bool) -> String {
    let mut out = String::from(csv_header(with_true));
    write_csv_rows(
        estimator,
        grid.iter().map(|&x| F::c(x)),
        with_true,
        &mut out,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_includes_both_ends() {
        let xs = grid(-1.0, 1.0, 5).unwrap();
        assert_eq!(xs, vec![-1.0, -0.5, 0.0, 0.5, 1.0]);
    }

    #[test]
    fn grid_refuses_reversed_ranges_and_zero_samples() {
        assert!(grid(1.0, -1.0, 5).is_err());
        assert!(grid(0.0, 1.0, 0).is_err());
        assert!(grid(f64::NAN, 1.0, 3).is_err());
    }

    #[test]
    fn non_finite_values_print_as_the_interface_says() {
        assert_eq!(format_value(f64::NAN), "NaN");
        assert_eq!(format_value(f32::INFINITY), "inf");
        assert_eq!(format_value(f64::NEG_INFINITY), "-inf");
        assert_eq!(format_value(0.1f32), "0.1");
    }
}
