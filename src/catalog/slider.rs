//! A parameter's slider: how many positions it has and which value each position
//! stands for. Wide ranges of positive values (a slope from 0.01 to 1000) move on a
//! logarithmic scale, so that every decade gets its share of the slider. (libm's
//! log and exp, as everywhere in the page's module, instead of a second copy from
//! the platform.)

use super::{Param, ParamKind};

/// Ranges at least this wide (max / min) with a positive minimum slide
/// logarithmically.
pub const LOG_RATIO: f64 = 1000.0;

/// Positions of a slider over a real range.
pub const REAL_POSITIONS: u32 = 1000;

/// Significant digits a slider's real value is rounded to, so that it reads well.
const DIGITS: usize = 4;

impl Param {
    /// Whether the slider moves on a logarithmic scale.
    pub fn is_logarithmic(&self) -> bool {
        self.kind == ParamKind::Real && self.min > 0.0 && self.max / self.min >= LOG_RATIO
    }

    /// The slider's last position (its first is 0).
    pub fn positions(&self) -> u32 {
        match self.kind {
            ParamKind::Choice(choices) => choices.len().saturating_sub(1) as u32,
            ParamKind::Integer => (self.max - self.min).clamp(0.0, f64::from(u32::MAX)) as u32,
            ParamKind::Real => REAL_POSITIONS,
        }
    }

    /// The value at a slider position (clamped to the slider).
    pub fn value_at(&self, position: u32) -> f64 {
        let position = position.min(self.positions());
        let fraction = f64::from(position) / f64::from(self.positions().max(1));
        match self.kind {
            ParamKind::Choice(choices) => choices[position as usize],
            ParamKind::Integer => self.min + f64::from(position),
            ParamKind::Real if self.is_logarithmic() => {
                let (low, high) = (libm::log(self.min), libm::log(self.max));
                round_to_digits(libm::exp(low + (high - low) * fraction)).clamp(self.min, self.max)
            }
            ParamKind::Real => round_to_digits(self.min + (self.max - self.min) * fraction)
                .clamp(self.min, self.max),
        }
    }

    /// The slider position nearest to a value.
    pub fn position_of(&self, value: f64) -> u32 {
        let last = f64::from(self.positions());
        let fraction = match self.kind {
            ParamKind::Choice(choices) => {
                let nearest = choices
                    .iter()
                    .enumerate()
                    .min_by(|a, b| (a.1 - value).abs().total_cmp(&(b.1 - value).abs()));
                return nearest.map_or(0, |(index, _)| index as u32);
            }
            ParamKind::Integer => return (value - self.min).round().clamp(0.0, last) as u32,
            ParamKind::Real if self.is_logarithmic() => {
                let (low, high) = (libm::log(self.min), libm::log(self.max));
                (libm::log(value.max(self.min)) - low) / (high - low)
            }
            ParamKind::Real => (value - self.min) / (self.max - self.min),
        };
        let position = (fraction * last).round();
        if position.is_nan() {
            0
        } else {
            position.clamp(0.0, last) as u32
        }
    }
}

/// A value rounded to [`DIGITS`] significant digits (0 stays 0).
fn round_to_digits(value: f64) -> f64 {
    crate::decimal::parse(&format!("{value:.*e}", DIGITS - 1)).unwrap_or(value)
}

#[cfg(test)]
mod tests {
    use crate::catalog;

    #[test]
    fn every_slider_position_gives_a_value_the_parameter_accepts() {
        let params = catalog::forwards()
            .flat_map(|f| f.params)
            .chain(catalog::backwards().flat_map(|b| b.params));
        for param in params {
            for position in 0..=param.positions() {
                let value = param.value_at(position);
                param
                    .check(value)
                    .unwrap_or_else(|why| panic!("{} at {position}: {why}", param.name));
                let back = param.position_of(value);
                let drift = back.abs_diff(position);
                assert!(
                    drift <= 1,
                    "{}: {position} -> {value} -> {back}",
                    param.name
                );
            }
        }
    }

    #[test]
    fn wide_positive_ranges_slide_logarithmically() {
        let slope = catalog::forward("sigmoid")
            .unwrap()
            .params
            .iter()
            .find(|p| p.name == "slope")
            .unwrap();
        assert!(slope.is_logarithmic());
        let middle = slope.value_at(slope.positions() / 2);
        let geometric_mean = (slope.min * slope.max).sqrt();
        assert!((middle / geometric_mean - 1.0).abs() < 0.01, "{middle}");
        let alpha = &catalog::forward("soft_round").unwrap().params[0];
        assert!(!alpha.is_logarithmic(), "alpha starts at 0");
        assert_eq!(alpha.value_at(alpha.positions() / 2), 50.0);
    }
}
