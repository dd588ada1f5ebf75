//! The wasm layer in headless Chromium (`wasm-pack test --headless --chrome`): it
//! gives the reference values, as the native core does, on a sample of catalog cases
//! in f32 and f64 (compared by the same rule as the native tests, `tests/common`), and
//! it draws into real canvases.
//!
//! The reference files are read from `../shared/conformance` when this test is
//! compiled (the browser has no file system), not copied into the code.

#![cfg(target_arch = "wasm32")]

mod common;

use common::{column, compare, tolerance, Mismatch};
use gradscope::wasm::{evaluate, Page};
use serde_json::Value;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlCanvasElement;

wasm_bindgen_test_configure!(run_in_browser);

/// A sample of reference files across seeds, libraries and both dtypes, with the
/// pitfalls that exist only in f32.
const SAMPLE: &[(&str, &str)] = &[
    (
        "soft_round(alpha=3,eps=0.001)",
        include_str!("../../shared/conformance/tensorflow/003_soft_round__alpha=3_eps=0.001__float32.json"),
    ),
    (
        "soft_round(alpha=3,eps=0.001)",
        include_str!("../../shared/conformance/tensorflow/003_soft_round__alpha=3_eps=0.001__float64.json"),
    ),
    (
        "sigmoid_round_naive(slope=1000,center=0.5)",
        include_str!("../../shared/conformance/tensorflow/003_sigmoid_naive__slope=1000_center=0.5__float32.json"),
    ),
    (
        "sigmoid_round_naive(slope=1000,center=0.5)",
        include_str!("../../shared/conformance/tensorflow/003_sigmoid_naive__slope=1000_center=0.5__float64.json"),
    ),
    ("fourier_round(terms=50)", include_str!("../../shared/conformance/tensorflow/003_fourier__terms=50__float32.json")),
    ("fourier_round(terms=50)", include_str!("../../shared/conformance/tensorflow/003_fourier__terms=50__float64.json")),
    ("heaviside(h0=0)/sigmoid(k=1)", include_str!("../../shared/conformance/tensorflow/000_question__float32.json")),
    (
        "heaviside(h0=0)/snntorch_sigmoid(slope=25)",
        include_str!("../../shared/conformance/libraries/snntorch_sigmoid__slope=25__float32.json"),
    ),
    (
        "heaviside(h0=0)/snntorch_atan(alpha=2)",
        include_str!("../../shared/conformance/libraries/snntorch_atan__alpha=2__float64.json"),
    ),
];

/// A column of a reference file.
fn column_of(data: &Value, key: &str) -> Vec<f64> {
    column(&data[key]).unwrap_or_else(|| panic!("no column {key}"))
}

/// The mismatches of one column, described: the conformance README's rule from
/// `tests/common`, as the native conformance tests apply it.
fn describe(mismatches: &[Mismatch]) -> String {
    mismatches
        .iter()
        .take(4)
        .map(|m| {
            format!(
                "{} at x = {}: expected {}, got {}",
                m.column, m.x, m.want, m.got
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[wasm_bindgen_test]
fn wasm_reproduces_the_reference_values_in_both_dtypes() {
    for (spec, text) in SAMPLE {
        let data: Value = serde_json::from_str(text).unwrap();
        let dtype = data["dtype"].as_str().unwrap();
        let xs = column_of(&data, "x");
        let fragile = column(&data["fragile_x"]).unwrap_or_default();
        let result = evaluate(spec, if dtype == "float32" { "f32" } else { "f64" }, &xs)
            .unwrap_or_else(|_| panic!("{spec}: evaluate refused it"));
        let tol = tolerance(dtype);
        let mut mismatches = compare("y", &xs, &column_of(&data, "y"), &result.values(), tol, &[]);
        mismatches.extend(compare(
            "dy",
            &xs,
            &column_of(&data, "dy"),
            &result.backwards(),
            tol,
            &fragile,
        ));
        assert!(
            mismatches.is_empty(),
            "{spec} {dtype}: {}",
            describe(&mismatches)
        );
    }
}

#[wasm_bindgen_test]
fn bad_specs_are_errors_not_panics() {
    assert!(evaluate("sof_round", "f64", &[0.0]).is_err());
    assert!(evaluate("round", "f16", &[0.0]).is_err());
}

fn canvas(width: u32, height: u32) -> HtmlCanvasElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .unwrap()
        .dyn_into()
        .unwrap();
    canvas.set_width(width);
    canvas.set_height(height);
    document.body().unwrap().append_child(&canvas).unwrap();
    canvas
}

fn inked_pixels(canvas: &HtmlCanvasElement) -> usize {
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let data = context
        .get_image_data(
            0.0,
            0.0,
            f64::from(canvas.width()),
            f64::from(canvas.height()),
        )
        .unwrap()
        .data();
    data.chunks(4)
        .filter(|p| p[0] < 200 || p[1] < 200 || p[2] < 200)
        .count()
}

#[wasm_bindgen_test]
fn the_page_draws_both_plots_into_canvases() {
    let (top, bottom) = (canvas(900, 360), canvas(900, 360));
    let mut page = Page::new(top.clone(), bottom.clone());
    let messages = page.load_query(
        "spec=preset:round-sigmoid-naive&dtype=f32&pin=round/identity&show=true,fd,implied",
    );
    assert_eq!(messages.length(), 0);
    assert!(page.draw(1.0).is_ok(), "drawing failed");
    assert!(inked_pixels(&top) > 2000, "the forward plot is blank");
    assert!(inked_pixels(&bottom) > 2000, "the backward plot is blank");
    let svg = page.svg(900.0, 720.0).unwrap_or_else(|_| panic!("no SVG"));
    assert!(svg.contains("round/identity"));
}

#[wasm_bindgen_test]
fn refused_edits_leave_the_view_as_it_was() {
    let mut page = Page::new(canvas(300, 200), canvas(300, 200));
    let before = page.query();
    assert!(page.set_param("forward", "alpha", "1e9").is_err());
    assert!(page.set("from", "4").is_err());
    assert!(page.set("spec", "nope").is_err());
    assert_eq!(page.query(), before);
}

/// Numbers the page reads with the browser's `parseFloat` (see `gradscope::decimal`):
/// hard roundings (halfway cases, the subnormal edge, 17+ digits), and decimals
/// printed from a spread of f64 at every precision.
fn numbers_to_read() -> Vec<String> {
    let mut texts: Vec<String> = [
        "9007199254740993",
        "9007199254740995",
        "0.1000000000000000055511151231257827",
        "2.2250738585072011e-308",
        "2.2250738585072012e-308",
        "1.7976931348623157e308",
        "1.7976931348623159e308",
        "4.9e-324",
        "2.4703282292062327e-324",
        "2.4703282292062328e-324",
        "1e23",
        "8.98846567431158e307",
        "-0",
        "+.5",
        "1.",
        "123456789012345678901234567890e-20",
    ]
    .map(String::from)
    .to_vec();
    let mut bits: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..2000 {
        bits ^= bits << 13;
        bits ^= bits >> 7;
        bits ^= bits << 17;
        let value = f64::from_bits(bits);
        if value.is_finite() {
            let digits = (bits % 20) as usize;
            texts.push(format!("{value:e}"));
            texts.push(format!("{value:.digits$e}"));
        }
    }
    texts
}

#[wasm_bindgen_test]
fn the_browser_reads_numbers_to_the_bits_rust_reads() {
    let mut differ = Vec::new();
    for text in numbers_to_read() {
        let rust: f64 = text.parse().unwrap();
        let page = gradscope::decimal::parse(&text);
        if page.map(f64::to_bits) != Some(rust.to_bits()) {
            differ.push(format!("{text}: page {page:?}, Rust {rust}"));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

mod precision;

/// A backend that keeps the polylines it receives, for reading back what the figure
/// hands a canvas; it draws nothing.
struct Recorder {
    size: (u32, u32),
    strokes: std::rc::Rc<std::cell::RefCell<Vec<precision::Stroke>>>,
}

impl plotters::prelude::DrawingBackend for Recorder {
    type ErrorType = std::fmt::Error;

    fn get_size(&self) -> (u32, u32) {
        let units = gradscope::figure::UNITS_PER_PIXEL;
        (self.size.0 * units, self.size.1 * units)
    }

    fn ensure_prepared(
        &mut self,
    ) -> Result<(), plotters_backend::DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), plotters_backend::DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        _: plotters_backend::BackendCoord,
        _: plotters_backend::BackendColor,
    ) -> Result<(), plotters_backend::DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }

    fn draw_path<S: plotters_backend::BackendStyle, I: IntoIterator<Item = (i32, i32)>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), plotters_backend::DrawingErrorKind<Self::ErrorType>> {
        let (r, g, b) = style.color().rgb;
        self.strokes.borrow_mut().push(precision::Stroke {
            colour: format!("#{r:02X}{g:02X}{b:02X}"),
            units: path.into_iter().collect(),
        });
        Ok(())
    }

    fn draw_circle<S: plotters_backend::BackendStyle>(
        &mut self,
        _: (i32, i32),
        _: u32,
        _: &S,
        _: bool,
    ) -> Result<(), plotters_backend::DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }

    fn draw_rect<S: plotters_backend::BackendStyle>(
        &mut self,
        _: (i32, i32),
        _: (i32, i32),
        _: &S,
        _: bool,
    ) -> Result<(), plotters_backend::DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }

    fn fill_polygon<S: plotters_backend::BackendStyle, I: IntoIterator<Item = (i32, i32)>>(
        &mut self,
        _: I,
        _: &S,
    ) -> Result<(), plotters_backend::DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }

    fn draw_text<TStyle: plotters_backend::BackendTextStyle>(
        &mut self,
        _: &str,
        _: &TStyle,
        _: (i32, i32),
    ) -> Result<(), plotters_backend::DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }
}

#[wasm_bindgen_test]
fn canvas_curves_stay_within_a_quarter_pixel_of_the_formula() {
    use gradscope::figure::{self, Panel};
    use plotters::prelude::IntoDrawingArea;
    for &(spec, from, to) in precision::VIEWS {
        for scale in [1.0, 2.0] {
            let view = precision::view(spec, from, to);
            let size = ((900.0 * scale) as u32, (360.0 * scale) as u32);
            let style = gradscope::wasm::page_style(scale);
            for panel in [Panel::Forward, Panel::Backward] {
                let strokes = std::rc::Rc::default();
                let recorder = Recorder {
                    size,
                    strokes: std::rc::Rc::clone(&strokes),
                };
                let area = recorder.into_drawing_area();
                let layout = figure::draw_panel(&area, &view, panel, &style).unwrap();
                let bound = view.estimator.bind::<f64>();
                let curve = |x| match panel {
                    Panel::Forward => bound.value(x),
                    Panel::Backward => bound.backward(x),
                };
                let (worst, coverage) =
                    precision::worst_distance(&strokes.borrow(), "#0072B2", &layout, panel, curve);
                assert!(
                    worst <= precision::TOLERANCE_PX && coverage > 0.99,
                    "{spec} {panel:?} x{scale}: worst {worst} px, coverage {coverage}"
                );
            }
        }
    }
}

/// The darkness (0 white to 255 black) of each pixel of `column` in rows
/// `rows`, read back from the canvas.
fn darkness(canvas: &HtmlCanvasElement, column: u32, rows: std::ops::Range<u32>) -> Vec<u8> {
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let height = f64::from(rows.end - rows.start);
    let data = context
        .get_image_data(f64::from(column), f64::from(rows.start), 1.0, height)
        .unwrap()
        .data();
    data.chunks(4).map(|p| 255 - p[1]).collect()
}

#[wasm_bindgen_test]
fn the_canvas_backend_places_lines_to_a_fraction_of_a_pixel() {
    use gradscope::wasm::canvas::Canvas2d;
    use plotters::prelude::*;
    let units = gradscope::figure::UNITS_PER_PIXEL as i32;
    let surface = canvas(40, 40);
    let context: web_sys::CanvasRenderingContext2d = surface
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    {
        let area = Canvas2d::new(context, (40, 40)).into_drawing_area();
        area.fill(&WHITE).unwrap();
        let line = |y: i32| {
            PathElement::new(
                vec![(0, y), (40 * units, y)],
                BLACK.stroke_width(units as u32),
            )
        };
        // A 1-pixel line centred on a pixel's middle fills that row; one centred
        // on a boundary between rows half-fills both.
        area.draw(&line(10 * units + units / 2)).unwrap();
        area.draw(&line(20 * units)).unwrap();
        area.present().unwrap();
    }
    let rows = darkness(&surface, 20, 8..23);
    let (on_centre, on_boundary) = (&rows[1..4], &rows[10..13]);
    assert!(
        on_centre[0] < 20 && on_centre[1] > 235 && on_centre[2] < 20,
        "rows 9-11: {on_centre:?}"
    );
    assert!(
        on_boundary[0] < 20
            && (100..156).contains(&on_boundary[1])
            && (100..156).contains(&on_boundary[2]),
        "rows 18-20: {on_boundary:?}"
    );
}
