//! The figure drawn into SVG strings: what it names and marks, and that no view
//! makes it panic.

use super::*;
use crate::real::Dtype;
use crate::sampling::tests as sampling_tests;

/// A view of `spec` on `[from, to]` in `dtype` with every extra curve on.
fn view(spec: &str, from: f64, to: f64, dtype: Dtype) -> View {
    sampling_tests::view(spec, from, to, dtype, sampling_tests::all_curves())
}

/// The layout of `view` drawn at 900x700 with `style`.
fn drawn(view: &View, style: &FigureStyle) -> Result<FigureLayout, String> {
    let mut text = String::new();
    let area = svg_surface(&mut text, 900, 700).unwrap();
    draw(&area, view, style)
}

/// The SVG of `view` at 900x700.
fn svg_of(view: &View) -> String {
    svg(view, 900, 700).unwrap_or_else(|e| panic!("{}: {e}", view.estimator))
}

#[test]
fn svg_names_the_spec_the_dtype_and_every_pin() {
    let mut v = view("preset:heaviside-sign-sigmoid", -3.0, 3.0, Dtype::F32);
    v.pins = vec![
        "round/identity".parse().unwrap(),
        "soft_round".parse().unwrap(),
    ];
    let svg = svg(&v, 900, 700).unwrap();
    assert!(svg.starts_with("<svg"));
    assert!(svg.contains("heaviside(h0=0)/sigmoid   (f32)"), "title");
    for label in [
        ">heaviside(h0=0)/sigmoid<",
        ">round/identity<",
        ">soft_round<",
        ">true derivative<",
        ">f(x)<",
        ">df/dx<",
    ] {
        assert!(svg.contains(label), "missing {label}");
    }
}

#[test]
fn jumps_get_dots_and_the_true_derivative_an_arrow() {
    let svg = svg_of(&view("heaviside(h0=0)/sigmoid", -3.0, 3.0, Dtype::F64));
    // An open and a filled dot at the forward's jump (the open one is two circles).
    assert!(svg.matches("<circle").count() >= 3);
    assert!(svg.contains(">1δ<"), "the delta's label");
    assert!(svg.contains("<polygon"), "the arrow head");
}

#[test]
fn nan_regions_are_labelled() {
    assert!(svg_of(&view("preset:s-lambda-nan", -10.0, 10.0, Dtype::F64)).contains(">NaN<"));
    let naive = |dtype| svg_of(&view("preset:round-sigmoid-naive", 0.0, 1.0, dtype));
    assert!(naive(Dtype::F32).contains(">NaN<"));
    assert!(!naive(Dtype::F64).contains(">NaN<"));
}

#[test]
fn the_layout_maps_pixels_to_data_and_back() {
    let layout = drawn(
        &view("soft_round", -3.0, 3.0, Dtype::F64),
        &FigureStyle::default(),
    )
    .unwrap();
    assert_eq!(layout.x_range, [-3.0, 3.0]);
    let x = layout.x_at_pixel(layout.pixel_at_x(1.25)).unwrap();
    assert!((x - 1.25).abs() < 1e-12);
    assert!(layout.x_at_pixel(0.0).is_none());
    let (top, bottom) = (
        layout.panel(Panel::Forward).unwrap(),
        layout.panel(Panel::Backward).unwrap(),
    );
    assert!(
        top.rect.bottom < bottom.rect.top,
        "the forward panel is above"
    );
    assert_eq!(
        (top.rect.left, top.rect.right),
        (bottom.rect.left, bottom.rect.right)
    );
    let y = top.y_at_pixel(top.pixel_at_y(0.5)).unwrap();
    assert!((y - 0.5).abs() < 1e-12);
}

#[test]
fn single_panels_line_up_with_each_other() {
    let v = view("round/identity", -2.0, 2.0, Dtype::F64);
    let layouts: Vec<FigureLayout> = [Panel::Forward, Panel::Backward]
        .into_iter()
        .map(|panel| {
            let mut text = String::new();
            let area = svg_surface(&mut text, 900, 360).unwrap();
            draw_panel(&area, &v, panel, &FigureStyle::default()).unwrap()
        })
        .collect();
    assert_eq!(layouts[0].x_pixels, layouts[1].x_pixels);
    assert_eq!(layouts[0].panels.len(), 1);
}

#[test]
fn scale_multiplies_sizes() {
    let v = view("round", -2.0, 2.0, Dtype::F64);
    let style = FigureStyle {
        scale: 2.0,
        theme: Theme::Dark,
        ..FigureStyle::default()
    };
    let text = svg_with_style(&v, 1800, 1400, &style).unwrap();
    let units = |pixels: u32| pixels * UNITS_PER_PIXEL;
    let labels = format!("font-size=\"{}", units(26));
    assert!(text.contains(&labels), "13 px labels at scale 2");
    let lines = format!("stroke-width=\"{}\"", units(5));
    assert!(text.contains(&lines), "2.5 px lines at scale 2");
}

#[test]
fn odd_views_draw_or_fail_with_a_message_never_panic() {
    let style = FigureStyle::default();
    let odd = [
        view("preset:s-lambda-nan", -1.0, 1.0, Dtype::F32),
        view("heaviside/nan", -1.0, 1.0, Dtype::F64),
        view("sigmoid_round_naive(slope=1e6)", -1e6, 1e6, Dtype::F32),
        view("sigmoid_round_naive(slope=1e6)", 0.5, 0.5008, Dtype::F64),
        view("clamp_round(scale=1e6)", -1e6, 1e6, Dtype::F64),
        view("heaviside", -1e-12, 1e-12, Dtype::F32),
        view("round", 1e6 - 1e-9, 1e6, Dtype::F32),
        view("spiky", -1e6, 1e6, Dtype::F64),
        view("identity", 0.0, 1e-300, Dtype::F64),
    ];
    for v in &odd {
        drawn(v, &style).unwrap_or_else(|e| panic!("{}: {e}", v.estimator));
    }
    let mut bad = view("round", 1.0, -1.0, Dtype::F64);
    assert!(drawn(&bad, &style).is_err());
    bad.from = f64::NEG_INFINITY;
    assert!(drawn(&bad, &style).is_err());
    let mut text = String::new();
    let area = svg_surface(&mut text, 60, 40).unwrap();
    let small = draw(&area, &view("round", -1.0, 1.0, Dtype::F64), &style);
    assert!(small.unwrap_err().contains("too small"));
}

#[test]
fn every_catalog_entry_draws_in_both_dtypes() {
    let specs = crate::catalog::forwards()
        .map(|f| f.id.to_string())
        .chain(crate::catalog::backwards().map(|b| format!("heaviside/{}", b.id)));
    for spec in specs {
        for dtype in [Dtype::F32, Dtype::F64] {
            for (from, to) in [(-3.0, 3.0), (-1e6, 1e6)] {
                let mut text = String::new();
                let area = svg_surface(&mut text, 500, 400).unwrap();
                let v = view(&spec, from, to, dtype);
                draw(&area, &v, &FigureStyle::default())
                    .unwrap_or_else(|e| panic!("{spec} in {dtype} on [{from}, {to}]: {e}"));
            }
        }
    }
}

/// Every number of `attribute="..."` in an SVG.
fn attribute_values(svg: &str, attribute: &str) -> Vec<f64> {
    let marker = format!("{attribute}=\"");
    svg.split(&marker)
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect()
}

/// A view with jumps (open and filled dots, a delta's arrow), a pin and every extra
/// curve, plain and presented, as SVG.
fn plain_and_presented() -> (String, String) {
    let mut v = view("heaviside/triangle", -2.0, 2.0, Dtype::F64);
    v.pins = vec!["soft_round(alpha=9)".parse().unwrap()];
    let plain = svg_with_style(&v, 1200, 900, &FigureStyle::default()).unwrap();
    v.present = true;
    let style = FigureStyle::default().for_view(&v, Theme::Light);
    (plain, svg_with_style(&v, 1200, 900, &style).unwrap())
}

#[test]
fn a_presented_figure_has_text_at_least_1_6_and_curves_twice_their_size() {
    let (plain, presented) = plain_and_presented();
    let smallest = |values: Vec<f64>| values.into_iter().fold(f64::INFINITY, f64::min);
    let largest = |values: Vec<f64>| values.into_iter().fold(0.0, f64::max);
    let (plain_text, presented_text) = (
        attribute_values(&plain, "font-size"),
        attribute_values(&presented, "font-size"),
    );
    assert!(!plain_text.is_empty() && !presented_text.is_empty());
    assert!(
        smallest(presented_text.clone()) >= 1.6 * largest(plain_text.clone()) * 0.75,
        "the smallest presented text is not much smaller than the plain title"
    );
    assert!(smallest(presented_text) >= 1.6 * smallest(plain_text));
    // Curves: every stroke wider than a hairline (one pixel, 16 units).
    let hairline = f64::from(UNITS_PER_PIXEL);
    let curves = |svg: &str| -> Vec<f64> {
        attribute_values(svg, "stroke-width")
            .into_iter()
            .filter(|&w| w > hairline)
            .collect()
    };
    let (plain_curves, presented_curves) = (curves(&plain), curves(&presented));
    assert!(!plain_curves.is_empty());
    assert!(
        smallest(presented_curves.clone()) >= 2.0 * smallest(plain_curves.clone()),
        "{presented_curves:?} vs {plain_curves:?}"
    );
    assert!(largest(presented_curves) >= 2.0 * largest(plain_curves));
}

#[test]
fn each_theme_paints_its_own_background_and_text() {
    let v = view("heaviside/triangle", -2.0, 2.0, Dtype::F64);
    let mut seen = Vec::new();
    for theme in Theme::ALL {
        let palette = Palette::new(theme);
        let style = FigureStyle {
            theme,
            ..FigureStyle::default()
        };
        let svg = svg_with_style(&v, 900, 700, &style).unwrap();
        let hex = |c: plotters::style::RGBColor| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
        assert!(
            svg.contains(&hex(palette.background)),
            "{theme:?} background"
        );
        assert!(svg.contains(&hex(palette.text)), "{theme:?} text");
        seen.push(hex(palette.background));
    }
    seen.dedup();
    assert_eq!(seen.len(), 3, "three different backgrounds: {seen:?}");
    let contrast = Palette::new(Theme::Contrast);
    let luminance = |c: plotters::style::RGBColor| {
        let linear = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(c.0) + 0.7152 * linear(c.1) + 0.0722 * linear(c.2)
    };
    let background = luminance(contrast.background);
    for colour in contrast.estimators.iter().chain(&contrast.extras) {
        let ratio = (luminance(*colour) + 0.05) / (background + 0.05);
        assert!(
            ratio >= 7.0,
            "{colour:?} has contrast {ratio:.1} on black (WCAG AAA: 7)"
        );
    }
}

#[test]
fn pins_differ_from_the_estimator_and_each_other_by_dash_as_well_as_colour() {
    let mut v = view("soft_round", -2.0, 2.0, Dtype::F64);
    v.show = crate::view::Show::NONE;
    v.pins = [
        "round/identity",
        "soft_round(alpha=9)",
        "sigmoid",
        "identity",
    ]
    .iter()
    .map(|s| s.parse().unwrap())
    .collect();
    let samples = crate::sampling::sample(&v, 600).unwrap();
    for theme in Theme::ALL {
        let style = FigureStyle {
            theme,
            ..FigureStyle::default()
        };
        let pens: Vec<series::Pen> = series::series(&samples, &style)
            .iter()
            .map(|s| s.pen)
            .collect();
        assert_eq!(pens.len(), 5);
        assert_eq!(pens[0].dash, Dash::Solid);
        for (i, a) in pens.iter().enumerate() {
            for b in &pens[i + 1..] {
                assert_ne!(a.dash, b.dash, "{theme:?}: two curves share a dash");
                assert_ne!(a.colour, b.colour, "{theme:?}: two curves share a colour");
            }
        }
    }
}

#[test]
fn a_view_of_one_panel_draws_it_alone_with_the_title_and_legend() {
    let mut v = view("heaviside/triangle", -2.0, 2.0, Dtype::F64);
    v.panels = crate::view::Panels::Backward;
    let svg = svg_of(&v);
    assert!(svg.contains(">df/dx<") && !svg.contains(">f(x)<"));
    assert!(svg.contains("heaviside/triangle   (f64)"), "the title");
    assert!(svg.contains(">true derivative<"), "the legend");
    v.panels = crate::view::Panels::Forward;
    let layout = drawn(&v, &FigureStyle::default()).unwrap();
    assert_eq!(layout.panels.len(), 1);
    assert_eq!(layout.panels[0].panel, Panel::Forward);
}

#[test]
fn every_catalog_entry_draws_presented_in_every_theme_on_a_small_projector() {
    for spec in crate::catalog::backwards().map(|b| format!("heaviside/{}", b.id)) {
        let mut v = view(&spec, -3.0, 3.0, Dtype::F32);
        v.present = true;
        for theme in Theme::ALL {
            v.theme = Some(theme);
            let style = FigureStyle::default().for_view(&v, Theme::Light);
            let mut text = String::new();
            let area = svg_surface(&mut text, 800, 600).unwrap();
            draw(&area, &v, &style).unwrap_or_else(|e| panic!("{spec} {theme:?}: {e}"));
        }
    }
}

/// Asserts that the figure's title and every legend entry end within the surface.
fn assert_header_inside(area: &dyn paint::Surface, figure: &layout::Figure, css_width: u32) {
    let painter = paint::Painter::new(area, &figure.style);
    let (width, _) = painter.size();
    let title = figure.title.as_deref().unwrap();
    let title_end = figure.header_left + painter.text_width(title, paint::font::TITLE).unwrap();
    assert!(
        title_end <= width,
        "{css_width}: the title ends at {title_end} of {width}"
    );
    for entry in &figure.legend {
        let end = entry.corner.0 + layout::legend_entry_width(&painter, &entry.label).unwrap();
        assert!(
            end <= width,
            "{css_width}: '{}' ends at {end} of {width}",
            entry.label
        );
    }
}

#[test]
fn a_narrow_presented_figure_keeps_its_title_and_legend_inside_it() {
    let mut v = view("heaviside/triangle", -3.0, 3.0, Dtype::F64);
    v.pins = vec!["heaviside(h0=0)/sigmoid".parse().unwrap()];
    v.present = true;
    let style = FigureStyle {
        scale: 2.0,
        ..FigureStyle::default().for_view(&v, Theme::Light)
    };
    for css_width in [390, 640, 1280] {
        let mut text = String::new();
        let area = svg_surface(&mut text, css_width * 2, 1600).unwrap();
        let panels = [Panel::Forward, Panel::Backward];
        let figure = layout::prepare(&area, &v, &panels, layout::Heading::Always, &style).unwrap();
        assert_header_inside(&area, &figure, css_width);
        let plot_left = f64::from(figure.layout.x_pixels[0]);
        if css_width == 390 {
            assert!(
                figure.header_left < plot_left,
                "on a phone the header uses the margin"
            );
        } else {
            assert_eq!(
                figure.header_left, plot_left,
                "{css_width}: the header heads the plot"
            );
        }
    }
}

#[test]
fn a_long_formula_is_cut_short_in_the_title_and_legend_never_clipped() {
    let formula = "tf: custom_gradient(round(x) + 0 * x, \
        sigmoid(alpha * (x - floor(x) - 0.5)) * (1 - sigmoid(alpha * (x - floor(x) - 0.5))) * alpha); \
        alpha = 7 in [0, 50]";
    let v = view(formula, -3.0, 3.0, Dtype::F32);
    let style = FigureStyle::default().for_view(&v, Theme::Light);
    for css_width in [390, 700, 1600, 4000] {
        let mut text = String::new();
        let area = svg_surface(&mut text, css_width, 600).unwrap();
        let panels = [Panel::Forward, Panel::Backward];
        let figure = layout::prepare(&area, &v, &panels, layout::Heading::Always, &style).unwrap();
        assert_header_inside(&area, &figure, css_width);
        let painter = paint::Painter::new(&area, &figure.style);
        let (width, _) = painter.size();
        let title = figure.title.as_deref().unwrap();
        let dtype = format!("   ({})", figure.samples.dtype);
        assert!(title.ends_with(&dtype), "{css_width}: {title}");
        let label = &figure.legend[0].label;
        let whole = figure.samples.main.label.as_str();
        let fits_whole =
            figure.header_left + layout::legend_entry_width(&painter, whole).unwrap() <= width;
        if fits_whole {
            assert_eq!(label, whole, "{css_width}: cut although it fits");
        } else {
            let kept = label.strip_suffix('\u{2026}').expect("an ellipsis");
            assert!(
                whole.starts_with(kept) && kept.len() > 20,
                "{css_width}: '{label}'"
            );
        }
    }
}
