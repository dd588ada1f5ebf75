//! `gradscope plot --out FILE.png` writes the SVG's own picture: the PNG decodes, has
//! the requested size, equals the SVG of the same invocation rendered by resvg pixel
//! for pixel, and is antialiased (its edges blend into the background).

#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::Command;

use resvg::tiny_skia::Pixmap;

/// Runs `gradscope plot` with `args` writing `name` under the target directory, and
/// returns the file's bytes.
fn plot(args: &[&str], name: &str) -> Vec<u8> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("png");
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join(name);
    let output = Command::new(env!("CARGO_BIN_EXE_gradscope"))
        .arg("plot")
        .args(args)
        .arg("--out")
        .arg(&path)
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::read(&path).expect("the file was written")
}

#[test]
fn the_png_is_the_svg_rendered_at_the_requested_size() {
    let args = [
        "preset:heaviside-sign-sigmoid",
        "--pin",
        "round/identity",
        "--dtype",
        "f32",
        "--width",
        "900",
        "--height",
        "640",
    ];
    let png = Pixmap::decode_png(&plot(&args, "picture.png")).expect("the PNG decodes");
    assert_eq!((png.width(), png.height()), (900, 640));
    let svg = String::from_utf8(plot(&args, "picture.svg")).expect("the SVG is text");
    let rendered = gradscope::figure::png_bytes(&svg).expect("the SVG renders");
    let rendered = Pixmap::decode_png(&rendered).expect("the rendering decodes");
    assert!(png.data() == rendered.data(), "the pixels differ");
}

#[test]
fn the_png_is_antialiased() {
    let args = ["soft_round(alpha=3)", "--width", "600", "--height", "400"];
    let png = Pixmap::decode_png(&plot(&args, "soft_round.png")).expect("the PNG decodes");
    // A patch in the middle of the upper panel holds only grid lines and the curve:
    // drawn without antialiasing it has the background, grid and curve colours; with
    // it, the curve's edges blend into the background in many shades.
    let (width, height) = (png.width() as usize, png.height() as usize);
    let colours: HashSet<&[u8]> = (height / 4..height * 2 / 5)
        .flat_map(|row| (width * 2 / 5..width * 3 / 5).map(move |column| (row, column)))
        .map(|(row, column)| &png.data()[(row * width + column) * 4..][..4])
        .collect();
    assert!(colours.len() > 20, "{} colours", colours.len());
}
