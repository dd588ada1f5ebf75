//! `gradscope plot` with the teaching keys (issue 14), run as the real binary: the
//! view flags generated from the table of keys give `--present`, `--theme`,
//! `--panel`, `--tour` and `--step`; a presented SVG has text at least 1.6 times and
//! curves at least twice the normal size, a theme paints its background, one panel
//! is drawn alone with its title, a tour's step draws that step's view; bad values
//! exit 2 with a message naming what is allowed and write no file.

#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::process::Command;

use gradscope::catalog;
use gradscope::figure::{Palette, Theme};
use gradscope::url_state::read_query;

/// Runs `gradscope plot ARGS --out <dir>/<name>`; returns the exit code, standard
/// error and the file written (empty when none).
fn plot(name: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let dir = std::env::temp_dir().join(format!("gradscope-teach-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out: PathBuf = dir.join(name);
    let _ = std::fs::remove_file(&out);
    let output = Command::new(env!("CARGO_BIN_EXE_gradscope"))
        .arg("plot")
        .args(args)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("the binary runs");
    let file = std::fs::read_to_string(&out).unwrap_or_default();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), stderr, file)
}

/// Every number of `attribute="..."` in an SVG.
fn values(svg: &str, attribute: &str) -> Vec<f64> {
    let marker = format!("{attribute}=\"");
    svg.split(&marker)
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect()
}

fn smallest(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::INFINITY, f64::min)
}

fn hex(colour: plotters::style::RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", colour.0, colour.1, colour.2)
}

#[test]
fn a_presented_contrast_plot_has_large_text_thick_curves_and_a_black_background() {
    let spec = "soft_round(alpha=4)";
    let (code, stderr, plain) = plot("plain.svg", &[spec, "--pin", "soft_round(alpha=9)"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stderr, presented) = plot(
        "presented.svg",
        &[
            spec,
            "--pin",
            "soft_round(alpha=9)",
            "--present",
            "1",
            "--theme",
            "contrast",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let ratio = smallest(&values(&presented, "font-size")) / smallest(&values(&plain, "font-size"));
    assert!(ratio >= 1.6, "text {ratio:.2} times larger");
    // Curves: strokes wider than a one-pixel hairline (16 units).
    let curves = |svg: &str| -> Vec<f64> {
        values(svg, "stroke-width")
            .into_iter()
            .filter(|&w| w > 16.0)
            .collect()
    };
    let ratio = smallest(&curves(&presented)) / smallest(&curves(&plain));
    assert!(ratio >= 2.0, "curves {ratio:.2} times thicker");
    let background = hex(Palette::new(Theme::Contrast).background);
    assert!(
        presented.contains(&format!("fill=\"{background}\"")),
        "{background}"
    );
    assert!(!plain.contains(&format!("fill=\"{background}\"")));
}

#[test]
fn one_panel_is_drawn_alone_and_a_tour_step_draws_its_view() {
    let (code, stderr, svg) = plot("df.svg", &["heaviside/triangle", "--panel", "df"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(svg.contains(">df/dx<") && !svg.contains(">f(x)<"));
    assert!(svg.contains("heaviside/triangle   (f64)"));

    let tour = catalog::tour("seeds").unwrap();
    for (k, step) in tour.steps.iter().enumerate().step_by(4) {
        let (view, _) = read_query(step.view);
        let number = (k + 1).to_string();
        let (code, stderr, svg) =
            plot("step.svg", &["round", "--tour", "seeds", "--step", &number]);
        assert_eq!(code, Some(0), "step {number}: {stderr}");
        let title = format!("{}   ({})", view.estimator, view.dtype);
        assert!(svg.contains(&title), "step {number}: no '{title}'");
        for pin in &view.pins {
            assert!(
                svg.contains(&format!(">{pin}<")),
                "step {number}: pin {pin}"
            );
        }
    }
}

#[test]
fn bad_teaching_values_exit_2_naming_what_is_allowed_and_write_nothing() {
    let steps = catalog::tour("seeds").unwrap().steps.len().to_string();
    for (args, allowed) in [
        (vec!["--theme", "sepia"], "light, dark, contrast"),
        (vec!["--panel", "both,df"], "both, f, df"),
        (vec!["--present", "maybe"], "1 or 0"),
        (vec!["--tour", "tuor"], "tours: seeds"),
        (vec!["--tour", "seeds", "--step", "0"], steps.as_str()),
    ] {
        let mut all = vec!["round"];
        all.extend(&args);
        let (code, stderr, file) = plot("bad.svg", &all);
        assert_eq!(code, Some(2), "{args:?}");
        assert!(stderr.contains(allowed), "{args:?}: {stderr}");
        assert!(file.is_empty(), "{args:?} wrote a file");
    }
}
