//! How far a drawn curve strays from the true one, in device pixels: shared by the
//! native SVG test (`tests/curve_precision.rs`) and the canvas test (`tests/web.rs`).
//!
//! A figure is drawn, the polylines the backend received are read back in device
//! pixels, and each one drawn in the estimator's colour inside a panel is checked:
//! at a quarter, half and three quarters of every segment, the distance to the true
//! curve (the closest point of `(x, f(x))` in pixels, searched finely around it) is
//! the error. The polylines must also span the plot area, so that drawing nothing
//! cannot pass.

#![allow(dead_code)]

use gradscope::figure::{FigureLayout, Panel, PanelLayout, UNITS_PER_PIXEL};
use gradscope::view::View;

/// Most a drawn curve may stray from the true one, in device pixels.
pub const TOLERANCE_PX: f64 = 0.25;

/// The views checked: smooth forwards and backwards over a few ranges.
pub const VIEWS: &[(&str, f64, f64)] = &[
    ("soft_round(alpha=3)", -3.0, 3.0),
    ("heaviside(h0=0)/sigmoid", -3.0, 3.0),
    ("sigmoid(slope=10)/snntorch_atan(alpha=8)", -1.0, 1.0),
    ("sin_round/triangle", -2.0, 2.0),
    ("fourier_round(terms=5)", -1.5, 1.5),
    ("tfc_soft_round_inverse(alpha=2)", -2.0, 2.0),
    ("soft_round(alpha=8)", -10.0, 10.0),
];

/// One polyline as the backend received it: its stroke colour (`#RRGGBB`) and its
/// points in backend units.
pub struct Stroke {
    /// The stroke colour, upper-case hex with `#`.
    pub colour: String,
    /// The points, in units of 1/[`UNITS_PER_PIXEL`] device pixel.
    pub units: Vec<(i32, i32)>,
}

/// The worst distance in device pixels between the strokes of `colour` in `panel`
/// and the curve `curve` (a data y for a data x), and how much of the plot area's
/// width the strokes cover (0 to 1).
pub fn worst_distance(
    strokes: &[Stroke],
    colour: &str,
    layout: &FigureLayout,
    panel: Panel,
    curve: impl Fn(f64) -> f64,
) -> (f64, f64) {
    let rect = layout.panel(panel).expect("the panel was drawn");
    let inside = |(x, y): (f64, f64)| {
        let (left, right) = (f64::from(rect.rect.left), f64::from(rect.rect.right));
        let (top, bottom) = (f64::from(rect.rect.top), f64::from(rect.rect.bottom));
        (left..=right).contains(&x) && (top - 1.0..=bottom + 1.0).contains(&y)
    };
    let unit = f64::from(UNITS_PER_PIXEL);
    let mut worst: f64 = 0.0;
    let mut covered = vec![false; (layout.x_pixels[1] - layout.x_pixels[0]) as usize + 1];
    for stroke in strokes.iter().filter(|s| s.colour == colour) {
        let pixels: Vec<(f64, f64)> = stroke
            .units
            .iter()
            .map(|&(x, y)| (f64::from(x) / unit, f64::from(y) / unit))
            .collect();
        if pixels.len() < 2 || !pixels.iter().all(|&p| inside(p)) {
            continue;
        }
        for pair in pixels.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            for t in [0.25, 0.5, 0.75] {
                let p = (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
                let d = distance_to_curve(p, layout, rect, &curve);
                worst = worst.max(d);
            }
            let last = covered.len() - 1;
            let column = |x: f64| ((x - f64::from(layout.x_pixels[0])).floor() as usize).min(last);
            covered[column(a.0.min(b.0))..=column(a.0.max(b.0))].fill(true);
        }
    }
    let coverage = covered.iter().filter(|&&c| c).count() as f64 / covered.len() as f64;
    (worst, coverage)
}

/// The distance in pixels from `p` to the nearest point of the curve drawn in
/// `panel`, searched in steps of 1/256 pixel within 3 pixels of `p` in x.
fn distance_to_curve(
    p: (f64, f64),
    layout: &FigureLayout,
    panel: &PanelLayout,
    curve: &impl Fn(f64) -> f64,
) -> f64 {
    let steps = 3 * 256;
    (-steps..=steps)
        .map(|i| p.0 + f64::from(i) / 256.0)
        .filter_map(|pixel_x| layout.x_at_pixel(pixel_x))
        .map(|x| {
            let (cx, cy) = (layout.pixel_at_x(x), panel.pixel_at_y(curve(x)));
            ((cx - p.0).powi(2) + (cy - p.1).powi(2)).sqrt()
        })
        .fold(f64::INFINITY, f64::min)
}

/// The polylines of SVG text as plotters writes them (`<polyline ... stroke="#..."
/// ... points="x,y x,y "/>`), in the SVG's own units.
pub fn svg_strokes(svg: &str) -> Vec<Stroke> {
    let attribute = |line: &str, name: &str| {
        let start = line.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = start + line[start..].find('"')?;
        Some(line[start..end].to_string())
    };
    svg.lines()
        .filter(|line| line.starts_with("<polyline"))
        .filter_map(|line| {
            let colour = attribute(line, "stroke")?;
            let units = attribute(line, "points")?
                .split_whitespace()
                .filter_map(|pair| {
                    let (x, y) = pair.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect();
            Some(Stroke { colour, units })
        })
        .collect()
}

/// The view of `spec` on `[from, to]` in f64, with the true derivative off (so the
/// estimator's own strokes are the only ones in its colour).
pub fn view(spec: &str, from: f64, to: f64) -> View {
    let mut view = View {
        estimator: spec.parse().expect("the spec parses"),
        from,
        to,
        ..View::default()
    };
    view.show.true_derivative = false;
    view
}
