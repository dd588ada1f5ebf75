//! The figure's marks: the curves of every panel, NaN/inf shading, jump dots and
//! delta arrows, painted over the axes.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::layout::{Figure, FigureLayout, PanelLayout};
use super::paint::{font, Painter, Surface};
use super::scale;
use super::series::{self, Palette, Part, Pen, Series, SeriesKind, Theme};
use super::Panel;
use crate::sampling::{self, JumpMark, NonFiniteKind, NonFiniteRegion};
use crate::view::ExtraCurve;

/// Paints the curves of every panel: NaN/inf shading, then the pins, the estimator
/// and the extra curves, then the jump dots and the delta arrows.
pub fn draw_curves(area: &dyn Surface, figure: &Figure) -> Result<(), String> {
    let style = &figure.style;
    let painter = Painter::new(area, style);
    let palette = style.palette();
    let all_series = in_drawing_order(series::series(&figure.samples, style));
    let layout = &figure.layout;
    for panel in &layout.panels {
        let parts = || {
            all_series
                .iter()
                .flat_map(move |s| s.parts.iter().map(move |p| (s, p)))
                .filter(|(_, p)| p.panel == panel.panel)
        };
        let main = parts().find(|(s, _)| s.kind == SeriesKind::Main);
        if let Some((s, part)) = main {
            shade(
                &painter,
                layout,
                panel,
                &part.curve.non_finite,
                s,
                None,
                &palette,
            )?;
        }
        for (index, (s, part)) in strip_parts(&all_series, panel.panel)
            .into_iter()
            .enumerate()
        {
            shade(
                &painter,
                layout,
                panel,
                &part.curve.non_finite,
                s,
                Some(index),
                &palette,
            )?;
        }
        for (s, part) in parts() {
            for segment in &part.curve.segments {
                let pixels: Vec<(f64, f64)> = segment
                    .iter()
                    .map(|&(x, y)| (layout.pixel_at_x(x), panel.pixel_at_y(y)))
                    .collect();
                painter.line(&pixels, &s.pen)?;
            }
        }
        for (s, part) in parts() {
            for jump in part.jumps {
                mark_jump(&painter, layout, panel, jump, s, palette.background)?;
            }
        }
        if let (Panel::Backward, Some(truth)) = (panel.panel, &figure.samples.true_derivative) {
            let pen = all_series
                .iter()
                .find(|s| s.label == ExtraCurve::TrueDerivative.legend())
                .map(|s| s.pen)
                .unwrap_or(all_series[0].pen);
            for delta in &truth.deltas {
                delta_arrow(&painter, layout, panel, delta, &pen, style.line_scale)?;
            }
        }
    }
    Ok(())
}

/// Everything a figure's marks are painted from ([`draw_curves`]): two figures with
/// equal marks paint identical curves, so the page paints them once.
#[derive(Clone, Debug, PartialEq)]
pub struct Marks {
    layout: FigureLayout,
    scale: f64,
    text_scale: f64,
    theme: Theme,
    /// Each curve drawn: its pen, its points and jumps, and its series' label where
    /// a NaN/inf strip may show it.
    parts: Vec<(Pen, sampling::Curve, Vec<JumpMark>, Option<String>)>,
    /// The true derivative's deltas, when drawn in a panel of the figure.
    deltas: Vec<sampling::Delta>,
}

impl Figure {
    /// What its marks are painted from.
    pub fn marks(&self) -> Marks {
        let panels: Vec<Panel> = self.layout.panels.iter().map(|p| p.panel).collect();
        let parts = series::series(&self.samples, &self.style)
            .iter()
            .flat_map(|s| s.parts.iter().map(move |p| (s, p)))
            .filter(|(_, p)| panels.contains(&p.panel))
            .map(|(s, p)| {
                let named = (!p.curve.non_finite.is_empty()).then(|| s.label.to_string());
                (s.pen, p.curve.clone(), p.jumps.to_vec(), named)
            })
            .collect();
        let deltas = match &self.samples.true_derivative {
            Some(truth) if panels.contains(&Panel::Backward) => truth.deltas.clone(),
            _ => Vec::new(),
        };
        Marks {
            layout: self.layout.clone(),
            scale: self.style.scale,
            text_scale: self.style.text_scale,
            theme: self.style.theme,
            parts,
            deltas,
        }
    }
}

/// The series in drawing order: pins below the estimator below the extra curves,
/// each kind in its legend order.
fn in_drawing_order(all_series: Vec<Series<'_>>) -> Vec<Series<'_>> {
    let mut ordered = Vec::with_capacity(all_series.len());
    let mut rest = all_series;
    for kind in [SeriesKind::Pin, SeriesKind::Main] {
        let (this, others): (Vec<_>, Vec<_>) = rest.into_iter().partition(|s| s.kind == kind);
        ordered.extend(this);
        rest = others;
    }
    ordered.extend(rest);
    ordered
}

/// The curves of a panel whose NaN/inf regions get a strip of their own: all but
/// the estimator's, and those NaN exactly where it is (the true derivative when it
/// is the backward) need none.
pub(super) fn strip_parts<'s, 'a>(
    all_series: &'s [Series<'a>],
    panel: Panel,
) -> Vec<(&'s Series<'a>, &'s Part<'a>)> {
    let parts = all_series
        .iter()
        .flat_map(|s| s.parts.iter().map(move |p| (s, p)))
        .filter(|(_, p)| p.panel == panel);
    let main_regions = parts
        .clone()
        .find(|(s, _)| s.kind == SeriesKind::Main)
        .map(|(_, p)| &p.curve.non_finite);
    parts
        .filter(|(s, p)| {
            let regions = &p.curve.non_finite;
            s.kind != SeriesKind::Main && !regions.is_empty() && Some(regions) != main_regions
        })
        .collect()
}

/// The height of a strip, in CSS pixels.
pub(super) const STRIP: f64 = font::NOTE + 6.0;

/// Shades a curve's NaN/inf regions: for the estimator (`strip` None) across the
/// whole panel, labelled `NaN`, `+inf` or `-inf` at the top; for any other curve in
/// its own strip along the bottom (the `strip`-th), in its colour and labelled with
/// its name where it fits.
fn shade(
    painter: &Painter<'_>,
    layout: &FigureLayout,
    panel: &PanelLayout,
    regions: &[NonFiniteRegion],
    s: &Series<'_>,
    strip: Option<usize>,
    palette: &Palette,
) -> Result<(), String> {
    let px = |css: f64| painter.px(css);
    let rect = panel.rect;
    let (left, right) = (f64::from(rect.left), f64::from(rect.right));
    let (top, bottom) = match strip {
        None => (f64::from(rect.top), f64::from(rect.bottom)),
        Some(k) => {
            let strip = painter.tx(STRIP);
            let bottom = f64::from(rect.bottom) - k as f64 * strip;
            ((bottom - strip).max(f64::from(rect.top)), bottom)
        }
    };
    let mut labelled_to = f64::NEG_INFINITY;
    for region in regions {
        let (mut from, mut to) = (layout.pixel_at_x(region.from), layout.pixel_at_x(region.to));
        let least = px(2.0);
        if to - from < least {
            let centre = (from + to) / 2.0;
            (from, to) = (centre - least / 2.0, centre + least / 2.0);
        }
        let (from, to) = (from.max(left), to.min(right));
        let (fill, alpha) = match (strip, region.kind) {
            (Some(_), _) => (s.pen.colour, 0.3),
            (None, NonFiniteKind::NaN) => (palette.nan, 0.22),
            (None, _) => (palette.inf, 0.18),
        };
        painter.fill((from, top), (to, bottom), fill.mix(alpha))?;
        // A strip names its curve where the region has room for it.
        let mut label = region.kind.label().to_string();
        if strip.is_some() {
            let named = format!("{label} ({})", s.label);
            if painter.text_width(&named, font::NOTE)? + px(6.0) <= to - from {
                label = named;
            }
        }
        let size = if strip.is_some() {
            font::NOTE
        } else {
            font::LABEL
        };
        let width = painter.text_width(&label, size)?;
        let half = width / 2.0 + px(3.0);
        let centre = ((from + to) / 2.0).min(right - half).max(left + half);
        if centre - width / 2.0 > labelled_to {
            let (y, vertical) = match strip {
                None => (top + px(4.0), VPos::Top),
                Some(_) => ((top + bottom) / 2.0, VPos::Center),
            };
            let at = (centre, y);
            painter.text(
                &label,
                at,
                size,
                palette.text,
                Pos::new(HPos::Center, vertical),
            )?;
            labelled_to = centre + width / 2.0 + px(4.0);
        }
    }
    Ok(())
}

/// A jump as a filled dot at the value the function takes there and an open dot at
/// each one-sided limit it does not take.
fn mark_jump(
    painter: &Painter<'_>,
    layout: &FigureLayout,
    panel: &PanelLayout,
    jump: &JumpMark,
    s: &Series<'_>,
    background: RGBColor,
) -> Result<(), String> {
    let x = layout.pixel_at_x(jump.x);
    let radius = s.pen.width + 1.5;
    let open = [jump.left, jump.right];
    let open = open
        .iter()
        .enumerate()
        .filter(|&(i, v)| v.is_finite() && *v != jump.value && (i == 0 || *v != jump.left));
    for (_, &y) in open {
        painter.ring((x, panel.pixel_at_y(y)), radius, s.pen.colour, background)?;
    }
    let jumps = jump.left != jump.right || jump.value != jump.left;
    if jumps && jump.value.is_finite() {
        painter.dot((x, panel.pixel_at_y(jump.value)), radius, s.pen.colour)?;
    }
    Ok(())
}

/// A delta as an arrow from y = 0 (or the panel's edge) upwards for a jump up and
/// downwards for a jump down, labelled with its size.
fn delta_arrow(
    painter: &Painter<'_>,
    layout: &FigureLayout,
    panel: &PanelLayout,
    delta: &sampling::Delta,
    pen: &Pen,
    line_scale: f64,
) -> Result<(), String> {
    let px = |css: f64| painter.px(css);
    let rect = panel.rect;
    let (top, bottom) = (f64::from(rect.top), f64::from(rect.bottom));
    let x = layout.pixel_at_x(delta.x);
    let base = panel.pixel_at_y(0.0).clamp(top, bottom);
    let up = delta.size > 0.0;
    let room = if up { base - top } else { bottom - base } - px(4.0);
    let length = ((bottom - top) * 0.3).min(room).max(0.0);
    let tip = (x, if up { base - length } else { base + length });
    let shaft = Pen {
        width: series::CURVE_WIDTH * line_scale,
        dash: series::Dash::Solid,
        ..*pen
    };
    painter.arrow((x, base), tip, &shaft)?;
    let label = format!("{}δ", scale::format_short(delta.size));
    let at = (x + px(6.0), tip.1);
    let vertical = if up { VPos::Top } else { VPos::Bottom };
    let width = painter.text_width(&label, font::NOTE)?;
    let (at, horizontal) = if at.0 + width > f64::from(rect.right) {
        ((x - px(6.0), tip.1), HPos::Right)
    } else {
        (at, HPos::Left)
    };
    painter.text(
        &label,
        at,
        font::NOTE,
        pen.colour,
        Pos::new(horizontal, vertical),
    )
}
