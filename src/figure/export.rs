//! The figure as a file: SVG text, and natively a PNG rendered from that same SVG
//! by resvg, so the two are one picture.
//!
//! The SVG counts in [`UNITS_PER_PIXEL`] units per pixel (see [`super::paint`]): its
//! `width` and `height` are the picture's size in pixels, its `viewBox` the size in
//! units, so every coordinate keeps sub-pixel precision.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::paint::UNITS_PER_PIXEL;
use super::{draw, FigureStyle};
use crate::view::View;

/// A drawing area writing SVG into `text`, `width` by `height` pixels in units of
/// 1/[`UNITS_PER_PIXEL`] pixel. Its SVG's root element still gives the size in
/// units; [`svg_with_style`] writes the finished file.
pub fn svg_surface(
    text: &mut String,
    width: u32,
    height: u32,
) -> Result<DrawingArea<SVGBackend<'_>, Shift>, String> {
    let units = |pixels: u32| {
        pixels
            .checked_mul(UNITS_PER_PIXEL)
            .ok_or_else(|| format!("a picture {width}x{height} pixels is too large"))
    };
    let size = (units(width)?, units(height)?);
    Ok(SVGBackend::with_string(text, size).into_drawing_area())
}

/// The whole figure of `view` as SVG text, `width` by `height` CSS pixels.
pub fn svg(view: &View, width: u32, height: u32) -> Result<String, String> {
    svg_with_style(view, width, height, &FigureStyle::default())
}

/// The whole figure of `view` as SVG text in `style`, `width` by `height` pixels.
/// Each text element is written on one line (`<text ...>soft_round</text>`), so that
/// the file reads, and searches, like the figure.
pub fn svg_with_style(
    view: &View,
    width: u32,
    height: u32,
    style: &FigureStyle,
) -> Result<String, String> {
    let mut text = String::new();
    {
        let area = svg_surface(&mut text, width, height)?;
        draw(&area, view, style)?;
        area.present().map_err(|e| e.to_string())?;
    }
    let units = format!(
        r#"width="{}" height="{}""#,
        u64::from(width) * u64::from(UNITS_PER_PIXEL),
        u64::from(height) * u64::from(UNITS_PER_PIXEL)
    );
    let pixels = format!(r#"width="{width}" height="{height}""#);
    Ok(one_line_text_elements(&text).replacen(&units, &pixels, 1))
}

/// Joins plotters' three-line text elements (`<text ..>`, content, `</text>`) into one
/// line each, with their font size rounded to a millionth of a unit (plotters
/// divides by its line height, which leaves `240.00000000000003`); everything else
/// is kept as is.
fn one_line_text_elements(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    for line in svg.lines() {
        if line.starts_with("<text") && line.ends_with('>') {
            out.push_str(&round_font_size(line));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.replace("\n</text>", "</text>")
}

/// A text element's opening tag with its `font-size` rounded to 1e-6.
fn round_font_size(tag: &str) -> String {
    const ATTRIBUTE: &str = "font-size=\"";
    let Some(start) = tag.find(ATTRIBUTE).map(|at| at + ATTRIBUTE.len()) else {
        return tag.to_string();
    };
    let Some(length) = tag[start..].find('"') else {
        return tag.to_string();
    };
    match crate::decimal::parse(&tag[start..start + length]) {
        Some(size) => {
            let rounded = (size * 1e6).round() / 1e6;
            format!("{}{rounded}{}", &tag[..start], &tag[start + length..])
        }
        None => tag.to_string(),
    }
}

/// Writes the whole figure of `view` in `style` as a PNG file, `width` by `height`
/// pixels: the SVG of [`svg_with_style`] rendered by resvg with the embedded font.
#[cfg(not(target_arch = "wasm32"))]
pub fn png(
    view: &View,
    width: u32,
    height: u32,
    style: &FigureStyle,
    path: &std::path::Path,
) -> Result<(), String> {
    let bytes = png_bytes(&svg_with_style(view, width, height, style)?)?;
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// An SVG written by [`svg_with_style`] rendered to PNG bytes by resvg, its text
/// set in the embedded DejaVu Sans (whatever family the SVG names).
#[cfg(not(target_arch = "wasm32"))]
pub fn png_bytes(svg: &str) -> Result<Vec<u8>, String> {
    let mut fonts = resvg::usvg::fontdb::Database::new();
    fonts.load_font_data(EMBEDDED_FONT.to_vec());
    fonts.set_sans_serif_family(EMBEDDED_FONT_FAMILY);
    let options = resvg::usvg::Options {
        font_family: EMBEDDED_FONT_FAMILY.to_string(),
        fontdb: std::sync::Arc::new(fonts),
        ..resvg::usvg::Options::default()
    };
    let tree = resvg::usvg::Tree::from_str(svg, &options)
        .map_err(|e| format!("the figure's SVG does not parse: {e}"))?;
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| "the picture has no pixels".to_string())?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| format!("cannot encode the PNG: {e}"))
}

/// The embedded font that native backends measure text with and resvg draws it with.
#[cfg(not(target_arch = "wasm32"))]
const EMBEDDED_FONT: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");

/// The family name inside [`EMBEDDED_FONT`].
#[cfg(not(target_arch = "wasm32"))]
const EMBEDDED_FONT_FAMILY: &str = "DejaVu Sans";

/// Registers the embedded DejaVu Sans under `family`, so that native backends can
/// measure text. The browser uses its own fonts instead.
#[cfg(not(target_arch = "wasm32"))]
pub(super) fn register_font(family: &str) -> Result<(), String> {
    plotters::style::register_font(family, FontStyle::Normal, EMBEDDED_FONT)
        .map_err(|_| "the embedded font DejaVu Sans does not load".to_string())
}
