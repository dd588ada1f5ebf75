//! Curves are drawn with sub-pixel precision: in the SVG that `gradscope plot` writes
//! (at its default size, and at twice the resolution), every drawn segment of the
//! estimator's forward and backward stays within a quarter pixel of the catalog's
//! formula, and the strokes span the whole plot.

#![cfg(not(target_arch = "wasm32"))]

mod precision;

use gradscope::figure::{self, FigureStyle, Panel};
use gradscope::Estimator;
use precision::{svg_strokes, view, worst_distance, TOLERANCE_PX, VIEWS};

/// The estimator's colour in the light palette (Okabe–Ito blue).
const ESTIMATOR_COLOUR: &str = "#0072B2";

/// Draws `spec` at `width` x `height` pixels with `scale` and checks both panels.
fn check(spec: &str, from: f64, to: f64, (width, height, scale): (u32, u32, f64)) {
    let view = view(spec, from, to);
    let style = FigureStyle {
        scale,
        ..FigureStyle::default()
    };
    let mut text = String::new();
    let layout = {
        let area = figure::svg_surface(&mut text, width, height).unwrap();
        let layout = figure::draw(&area, &view, &style).unwrap();
        area.present().unwrap();
        layout
    };
    let strokes = svg_strokes(&text);
    let bound = view.estimator.bind::<f64>();
    let panels: [(Panel, &dyn Fn(f64) -> f64); 2] = [
        (Panel::Forward, &|x| bound.value(x)),
        (Panel::Backward, &|x| bound.backward(x)),
    ];
    for (panel, curve) in panels {
        let (worst, coverage) = worst_distance(&strokes, ESTIMATOR_COLOUR, &layout, panel, curve);
        println!("{spec} {panel:?} at {width}x{height} x{scale}: worst {worst:.3} px");
        assert!(
            worst <= TOLERANCE_PX,
            "{spec}: the {panel:?} curve strays {worst:.3} px at {width}x{height} x{scale}"
        );
        assert!(
            coverage > 0.99,
            "{spec}: the {panel:?} strokes cover {coverage:.3} of the plot"
        );
    }
}

#[test]
fn drawn_curves_stay_within_a_quarter_pixel_of_the_formula() {
    for &(spec, from, to) in VIEWS {
        check(spec, from, to, (1200, 800, 1.0));
        check(spec, from, to, (2400, 1600, 2.0));
    }
}

#[test]
fn the_checker_sees_a_curve_off_by_half_a_pixel() {
    let (spec, from, to) = VIEWS[0];
    let view = view(spec, from, to);
    let mut text = String::new();
    let layout = {
        let area = figure::svg_surface(&mut text, 1200, 800).unwrap();
        let layout = figure::draw(&area, &view, &FigureStyle::default()).unwrap();
        area.present().unwrap();
        layout
    };
    let strokes = svg_strokes(&text);
    let bound: Estimator = view.estimator.clone();
    let bound = bound.bind::<f64>();
    let panel = layout.panel(Panel::Forward).unwrap().clone();
    let half_pixel =
        (panel.y_range[1] - panel.y_range[0]) / f64::from(panel.rect.bottom - panel.rect.top) / 2.0;
    let shifted = |x: f64| bound.value(x) + half_pixel;
    let (worst, _) = worst_distance(&strokes, ESTIMATOR_COLOUR, &layout, Panel::Forward, shifted);
    assert!(worst > TOLERANCE_PX, "worst {worst}");
}
