//! The training lab in WebAssembly (issue 15), run in Node by wasm-bindgen-test (V8,
//! the page's engine): a run is reproducible there too, and the full `spikes` run
//! with SuperSpike prints its CSV and its time. `cargo xtask bench` runs this in the
//! page's profile, compares the CSV byte for byte with `gradscope train`'s and
//! reports the epochs per second.

#![cfg(target_arch = "wasm32")]

use gradscope::train::{self, csv, Settings, Training};
use gradscope::{Dtype, Estimator};
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

/// SuperSpike at the notebook's scale.
const SUPERSPIKE: &str = "heaviside/snntorch_fast_sigmoid(slope=100)";

/// The CSV `gradscope train` prints for these settings.
fn run_csv(settings: &Settings, spec: &str) -> String {
    let estimator: Estimator = spec.parse().expect("a catalog spec");
    let mut training = Training::new(settings, Dtype::F64, &[estimator]).expect("valid settings");
    let mut out = csv::header(1);
    loop {
        let records = training.step(50);
        if records.is_empty() {
            return out;
        }
        csv::write_rows(&records, 1, Dtype::F64, &mut out);
    }
}

#[wasm_bindgen_test]
fn a_seed_gives_the_same_run_in_wasm_and_another_seed_another() {
    let xor = |seed| Settings {
        epochs: 30,
        seed,
        ..Settings::for_task(train::task("xor").unwrap())
    };
    assert_eq!(
        run_csv(&xor(3), "sign/larq_ste_sign"),
        run_csv(&xor(3), "sign/larq_ste_sign")
    );
    assert_ne!(
        run_csv(&xor(3), "sign/larq_ste_sign"),
        run_csv(&xor(4), "sign/larq_ste_sign")
    );
}

#[wasm_bindgen_test]
fn spikes_runs_its_1000_epochs_and_prints_its_csv() {
    let settings = Settings::for_task(train::task("spikes").unwrap());
    let start = js_sys::Date::now();
    let text = run_csv(&settings, SUPERSPIKE);
    let seconds = (js_sys::Date::now() - start) / 1000.0;
    assert_eq!(text.lines().count(), settings.epochs + 2);
    console_log!("train_wasm: {} epochs in {seconds} s", settings.epochs);
    console_log!("train_wasm csv begin\n{text}train_wasm csv end");
}
