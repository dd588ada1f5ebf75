//! The wasm layer in headless Chromium (`wasm-pack test --headless --chrome`): it
//! gives the reference values, as the native core does, on a sample of catalog cases
//! in f32 and f64 (compared by the same rule as the native tests, `tests/common`), and
//! it draws into real canvases.
//!
//! The reference files are read from `../shared/conformance` when this test is
//! compiled (the browser has no file system), not copied into the code.

#![cfg(all(target_arch = "wasm32", feature = "bench"))]

mod common;

use common::{column, compare, tolerance, Mismatch};
use gradscope::wasm::evaluator::evaluate;
use gradscope::wasm::Page;
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
        .filter(|p| p[3] > 0 && (p[0] < 200 || p[1] < 200 || p[2] < 200))
        .count()
}

#[wasm_bindgen_test]
fn the_page_draws_both_plots_into_canvases() {
    let (top, bottom) = (canvas(900, 360), canvas(900, 360));
    let (top_axes, bottom_axes) = (canvas(900, 360), canvas(900, 360));
    let mut page = Page::new(
        top_axes.clone(),
        top.clone(),
        bottom_axes.clone(),
        bottom.clone(),
    );
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
    let mut page = Page::new(
        canvas(300, 200),
        canvas(300, 200),
        canvas(300, 200),
        canvas(300, 200),
    );
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

/// A canvas of `size` device pixels, its 2d context, and the page's backend on it.
fn page_canvas(size: u32) -> (HtmlCanvasElement, web_sys::CanvasRenderingContext2d) {
    let surface = canvas(size, size);
    let context = surface
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    (surface, context)
}

#[wasm_bindgen_test]
fn the_canvas_backend_places_lines_to_a_fraction_of_a_pixel() {
    use gradscope::wasm::canvas::PageCanvas;
    use plotters::prelude::*;
    let units = gradscope::figure::UNITS_PER_PIXEL as i32;
    let (surface, _) = page_canvas(40);
    {
        let backend = PageCanvas::new(&surface).unwrap();
        assert_eq!(
            backend.get_size(),
            (40 * units as u32, 40 * units as u32),
            "the canvas's device pixels, in units"
        );
        let area = backend.into_drawing_area();
        area.fill(&WHITE).unwrap();
        let line = |y: i32, pixels: i32| {
            let style = BLACK.stroke_width((pixels * units) as u32);
            PathElement::new(vec![(0, y), (40 * units, y)], style)
        };
        // A 1-pixel line centred on a pixel's middle fills that row; one centred
        // on a boundary between rows half-fills both; a 3-pixel line fills three.
        area.draw(&line(10 * units + units / 2, 1)).unwrap();
        area.draw(&line(20 * units, 1)).unwrap();
        area.draw(&line(30 * units + units / 2, 3)).unwrap();
        area.present().unwrap();
    }
    let rows = darkness(&surface, 20, 8..34);
    let row = |y: usize| rows[y - 8];
    assert!(row(9) < 20 && row(10) > 235 && row(11) < 20, "{rows:?}");
    assert!(
        row(18) < 20 && (100..156).contains(&row(19)) && (100..156).contains(&row(20)),
        "{rows:?}"
    );
    assert!(
        row(28) < 20 && row(29) > 235 && row(30) > 235 && row(31) > 235 && row(32) < 20,
        "{rows:?}"
    );
}

/// The pixels of a canvas, RGBA.
fn pixels(context: &web_sys::CanvasRenderingContext2d, size: u32) -> Vec<u8> {
    let side = f64::from(size);
    context
        .get_image_data(0.0, 0.0, side, side)
        .unwrap()
        .data()
        .to_vec()
}

#[wasm_bindgen_test]
async fn the_canvas_draws_the_figure_the_svg_shows() {
    use gradscope::figure;
    use plotters::prelude::IntoDrawingArea;
    let size = 500;
    let view = precision::view("heaviside(h0=0)/sigmoid", -3.0, 3.0);
    let style = gradscope::wasm::page_style(1.0);
    let (drawn, drawn_context) = page_canvas(size);
    let layout = {
        let area = gradscope::wasm::canvas::PageCanvas::new(&drawn)
            .unwrap()
            .into_drawing_area();
        let layout = figure::draw(&area, &view, &style).unwrap();
        area.present().unwrap();
        layout
    };
    let svg = figure::svg_with_style(&view, size, size, &style).unwrap();
    let image = web_sys::HtmlImageElement::new().unwrap();
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        image.set_onload(Some(&resolve));
        image.set_onerror(Some(&reject));
    });
    let encoded = js_sys::encode_uri_component(&svg);
    image.set_src(&format!("data:image/svg+xml,{}", String::from(encoded)));
    wasm_bindgen_futures::JsFuture::from(loaded).await.unwrap();
    let (_, rendered_context) = page_canvas(size);
    rendered_context
        .draw_image_with_html_image_element(&image, 0.0, 0.0)
        .unwrap();
    let (a, b) = (
        pixels(&drawn_context, size),
        pixels(&rendered_context, size),
    );
    // Inside the panels (curves, grid, dots, arrows; the glyphs outside them are set
    // by the browser's SVG and canvas text engines, whose baselines differ a little).
    let (mut inside, mut differ) = (0u32, 0u32);
    for panel in &layout.panels {
        let rect = panel.rect;
        for y in rect.top + 1..rect.bottom {
            for x in rect.left + 1..rect.right {
                let at = (y as usize * size as usize + x as usize) * 4;
                let (p, q) = (&a[at..at + 4], &b[at..at + 4]);
                inside += 1;
                differ += u32::from(p.iter().zip(q).any(|(u, v)| u.abs_diff(*v) > 96));
            }
        }
    }
    let share = f64::from(differ) / f64::from(inside);
    assert!(
        share < 0.005,
        "{differ} of {inside} pixels ({:.2}%) differ",
        share * 100.0
    );
    assert!(inked_pixels(&drawn) > 2000, "the canvas is blank");
}

/// Puts a pure red pixel in a canvas's bottom-left corner (below the header band,
/// outside the plot area), to tell later whether that part was painted again.
fn mark(canvas: &HtmlCanvasElement) {
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    context.save();
    context.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0).unwrap();
    context.set_fill_style_str("rgb(255,0,0)");
    context.fill_rect(0.0, f64::from(canvas.height() - 1), 1.0, 1.0);
    context.restore();
}

/// Whether the mark of [`mark`] is still there.
fn marked(canvas: &HtmlCanvasElement) -> bool {
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let bottom = f64::from(canvas.height() - 1);
    let pixel = context
        .get_image_data(0.0, bottom, 1.0, 1.0)
        .unwrap()
        .data();
    pixel.to_vec() == [255, 0, 0, 255]
}

#[wasm_bindgen_test]
fn only_the_layers_whose_content_changed_are_painted_again() {
    let canvases: Vec<HtmlCanvasElement> = (0..4).map(|_| canvas(600, 300)).collect();
    let [forward_axes, forward_marks, backward_axes, backward_marks] =
        <[HtmlCanvasElement; 4]>::try_from(canvases.clone()).unwrap();
    let mut page = Page::new(
        forward_axes.clone(),
        forward_marks.clone(),
        backward_axes.clone(),
        backward_marks.clone(),
    );
    assert_eq!(
        page.load_query("spec=soft_round(alpha=3)/sigmoid(k=2)")
            .length(),
        0
    );
    page.draw(1.0).unwrap();
    canvases.iter().for_each(mark);

    // A backward parameter: the forward plot's grid and curves stay as they are
    // (only its title and legend name the new spec).
    page.set_param("backward", "k", "3").unwrap();
    page.draw(1.0).unwrap();
    assert!(marked(&forward_axes), "the forward grid was painted");
    assert!(marked(&forward_marks), "the forward curves were painted");
    assert!(
        !marked(&backward_marks),
        "the backward curves were not painted"
    );
    canvases.iter().for_each(mark);

    // Dragging alpha down while the scales hold: the backward's smaller peak fits the
    // held range, so only curves are painted; letting go fits the range again.
    page.hold_scales(true);
    page.set_param("forward", "alpha", "2").unwrap();
    page.draw(1.0).unwrap();
    assert!(marked(&backward_axes), "the held axes were painted");
    assert!(
        !marked(&backward_marks),
        "the backward curves were not painted"
    );
    page.hold_scales(false);
    page.draw(1.0).unwrap();
    assert!(!marked(&backward_axes), "the axes were not fitted again");
}
