//! `gradscope plot` run as the real binary: it writes an SVG that names the estimator
//! and a PNG of the requested size, and bad invocations exit 2 with a message and
//! leave the output path as it was.

#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs `gradscope plot` with `args`.
fn plot(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradscope"))
        .arg("plot")
        .args(args)
        .output()
        .expect("the binary runs")
}

/// A fresh path for an output file under the target directory.
fn out(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plot");
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    path
}

fn succeeded(output: &Output) {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The width and height in a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    assert_eq!(&bytes[12..16], b"IHDR", "the first chunk is IHDR");
    (word(16), word(20))
}

#[test]
fn writes_an_svg_naming_the_estimator_and_its_pins() {
    let path = out("heaviside.svg");
    let output = plot(&[
        "preset:heaviside-sign-sigmoid",
        "--pin",
        "round/identity",
        "--show",
        "true,fd,implied",
        "--out",
        path.to_str().unwrap(),
    ]);
    succeeded(&output);
    let svg = std::fs::read_to_string(&path).expect("the SVG was written");
    assert!(svg.starts_with("<svg"));
    assert!(svg.trim_end().ends_with("</svg>"));
    assert!(
        svg.contains(r#"width="1200" height="800""#),
        "the default size"
    );
    for text in [
        ">heaviside(h0=0)/sigmoid<",
        ">round/identity<",
        ">implied forward",
    ] {
        assert!(svg.contains(text), "missing {text}");
    }
}

#[test]
fn writes_a_png_of_the_requested_size() {
    let path = out("naive.png");
    let output = plot(&[
        "preset:round-sigmoid-naive",
        "--dtype",
        "f32",
        "--from",
        "-1",
        "--to",
        "1.5",
        "--width",
        "640",
        "--height",
        "480",
        "--out",
        path.to_str().unwrap(),
    ]);
    succeeded(&output);
    let bytes = std::fs::read(&path).expect("the PNG was written");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(png_size(&bytes), (640, 480));
}

#[test]
fn many_samples_still_plot() {
    let path = out("fourier.svg");
    let output = plot(&[
        "fourier_round(terms=50)",
        "--from=-1000",
        "--to=1000",
        "--samples",
        "200000",
        "--out",
        path.to_str().unwrap(),
    ]);
    succeeded(&output);
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(
        size < 2_000_000,
        "the curves are reduced per pixel column: {size} bytes"
    );
}

#[test]
fn bad_invocations_exit_2_with_a_message_and_write_nothing() {
    let never = out("never.svg");
    let svg = never.to_str().unwrap();
    // A file already at an output path must survive a refused invocation untouched.
    let kept = out("kept.svg");
    let kept_text = "a figure from an earlier run";
    std::fs::write(&kept, kept_text).expect("a file to keep");
    let kept_path = kept.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["round", "--out", "figure.gif"], ".svg or .png"),
        (&["round", "--out", "figure"], ".svg or .png"),
        (
            &["round", "--from", "2", "--to", "1", "--out", svg],
            "less than",
        ),
        (&["round", "--from", "nan", "--out", svg], "finite"),
        (
            &[
                "round",
                "--pin",
                "sign",
                "--pin",
                "relu",
                "--pin",
                "spiky",
                "--pin",
                "identity",
                "--pin",
                "heaviside",
                "--out",
                svg,
            ],
            "at most 4",
        ),
        (&["nope", "--out", svg], "nope"),
        (&["round", "--pin", "round(x=1)", "--out", svg], "x"),
        (&["round", "--show", "true,wiggle", "--out", svg], "wiggle"),
        (&["round", "--width", "10", "--out", svg], "--width"),
        (&["round", "--samples", "0", "--out", svg], "--samples"),
        (&["round", "--scale", "100", "--out", svg], "--scale"),
        (&["round"], "--out"),
        (&["nope", "--out", kept_path], "nope"),
        (
            &["round", "--from", "2", "--to", "1", "--out", kept_path],
            "less than",
        ),
    ];
    for (args, mentions) in cases {
        let output = plot(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(mentions), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    assert!(!never.exists(), "a refused invocation wrote {svg}");
    assert_eq!(
        std::fs::read_to_string(&kept).expect("the kept file is still there"),
        kept_text,
        "a refused invocation overwrote {kept_path}"
    );
}

#[test]
fn an_unwritable_path_is_reported() {
    let path = out("missing-dir").join("figure.png");
    let output = plot(&["round", "--out", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("figure.png"));
}
