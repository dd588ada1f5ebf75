//! The figure's frame: background, title, legend, each panel's name, grid, ticks,
//! tick labels and the axis name. Everything but the curves.

use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::Color;

use super::layout::{gap, Figure};
use super::paint::{font, Painter, Surface};
use super::series::{self, Pen};

/// Paints the background, the title and legend, each panel's name, grid, frame and
/// tick labels: everything but the curves.
pub fn draw_axes(area: &dyn Surface, figure: &Figure) -> Result<(), String> {
    draw_header(area, figure)?;
    draw_grid(area, figure)
}

/// Where the header (title and legend) ends and the panels' band begins, in device
/// pixels from the top.
fn header_bottom(painter: &Painter<'_>, figure: &Figure) -> f64 {
    let top = figure.layout.panels.first().map_or(0, |p| p.rect.top);
    (f64::from(top) - painter.tx(gap::PANEL_NAME))
        .max(0.0)
        .round()
}

/// Paints the header band: its background, the title and the legend.
pub fn draw_header(area: &dyn Surface, figure: &Figure) -> Result<(), String> {
    let style = &figure.style;
    let painter = Painter::new(area, style);
    let px = |css: f64| painter.px(css);
    let palette = style.palette();
    let (width, _) = painter.size();
    painter.fill(
        (0.0, 0.0),
        (width, header_bottom(&painter, figure)),
        palette.background.mix(1.0),
    )?;
    if let Some(title) = &figure.title {
        let centre = px(gap::PAD) + painter.tx(gap::TITLE / 2.0);
        painter.text(
            title,
            (figure.header_left, centre),
            font::TITLE,
            palette.text,
            Pos::new(HPos::Left, VPos::Center),
        )?;
    }
    let all_series = series::series(&figure.samples, style);
    for (s, entry) in all_series.iter().zip(&figure.legend) {
        let (x, y) = entry.corner;
        let middle = y + painter.tx(gap::LEGEND_ROW / 2.0);
        painter.segment((x, middle), (x + painter.tx(gap::SWATCH), middle), &s.pen)?;
        let at = (x + painter.tx(gap::SWATCH + 6.0), middle);
        painter.text(
            &entry.label,
            at,
            font::LABEL,
            palette.text,
            Pos::new(HPos::Left, VPos::Center),
        )?;
    }
    Ok(())
}

/// Paints the panels' band: its background, each panel's name, grid, frame and
/// tick labels, and the x axis's labels under the last panel.
pub fn draw_grid(area: &dyn Surface, figure: &Figure) -> Result<(), String> {
    let style = &figure.style;
    let painter = Painter::new(area, style);
    let px = |css: f64| painter.px(css);
    let palette = style.palette();
    let layout = &figure.layout;
    let [left, right] = layout.x_pixels.map(f64::from);
    let (width, height) = painter.size();
    painter.fill(
        (0.0, header_bottom(&painter, figure)),
        (width, height),
        palette.background.mix(1.0),
    )?;
    let grid = Pen {
        colour: palette.grid,
        width: 1.0,
        dash: series::Dash::Solid,
    };
    let axis = Pen {
        colour: palette.axis,
        ..grid
    };
    for (index, (panel, y_ticks)) in layout.panels.iter().zip(&figure.y_ticks).enumerate() {
        let rect = panel.rect;
        let (top, bottom) = (f64::from(rect.top), f64::from(rect.bottom));
        let name_at = (left, top - painter.tx(gap::PANEL_NAME / 2.0));
        painter.text(
            panel.panel.title(),
            name_at,
            font::LABEL,
            palette.text,
            Pos::new(HPos::Left, VPos::Center),
        )?;
        for &x in &figure.x_ticks.values {
            let x = layout.pixel_at_x(x);
            painter.segment((x, top), (x, bottom), &grid)?;
            painter.segment((x, bottom), (x, bottom + px(gap::TICK)), &axis)?;
        }
        for (&y, label) in y_ticks.values.iter().zip(&y_ticks.labels) {
            let y = panel.pixel_at_y(y);
            painter.segment((left, y), (right, y), &grid)?;
            painter.segment((left - px(gap::TICK), y), (left, y), &axis)?;
            let at = (left - px(gap::TICK + 3.0), y);
            painter.text(
                label,
                at,
                font::TICK,
                palette.muted,
                Pos::new(HPos::Right, VPos::Center),
            )?;
        }
        let [low, high] = panel.y_range;
        if low < 0.0 && high > 0.0 {
            let zero = panel.pixel_at_y(0.0);
            painter.segment((left, zero), (right, zero), &axis)?;
        }
        painter.outline((left, top), (right, bottom), palette.axis, 1.0)?;

        let last = index + 1 == layout.panels.len();
        if last && figure.x_labels {
            let (width, _) = painter.size();
            for (&x, label) in figure.x_ticks.values.iter().zip(&figure.x_ticks.labels) {
                let half = painter.text_width(label, font::TICK)? / 2.0;
                let x = layout.pixel_at_x(x).min(width - half).max(half);
                let at = (x, bottom + px(gap::TICK + 4.0));
                painter.text(
                    label,
                    at,
                    font::TICK,
                    palette.muted,
                    Pos::new(HPos::Center, VPos::Top),
                )?;
            }
            let at = (
                (left + right) / 2.0,
                bottom + px(gap::TICK + 4.0) + painter.tx(18.0),
            );
            painter.text(
                "x",
                at,
                font::LABEL,
                palette.text,
                Pos::new(HPos::Center, VPos::Top),
            )?;
        }
    }
    Ok(())
}
