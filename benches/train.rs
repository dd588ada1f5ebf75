//! Native training throughput, in epochs per second on one core: the `spikes` task
//! (SpyTorch's tutorial 1, full batch, BPTT) with SuperSpike and with the true
//! gradient, and `xor` with a straight-through sign, in f32 and f64. Each iteration
//! trains 10 epochs of a long run; a run that is over (all its epochs trained, or
//! every estimator stopped) is replaced by a fresh one outside the timed steps, so no
//! iteration times a finished run. `cargo bench --bench train` runs it;
//! `cargo xtask bench` reads its figures.

use std::time::{Duration, Instant};

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use gradscope::train::{self, Settings, Trainer};
use gradscope::{Estimator, Real};

/// Epochs per iteration.
const EPOCHS: usize = 10;

/// The task and the estimator of each figure.
const CASES: [(&str, &str); 3] = [
    ("spikes", "heaviside/snntorch_fast_sigmoid(slope=100)"),
    ("spikes", "heaviside"),
    ("xor", "sign/larq_ste_sign"),
];

fn epochs_per_second<F: Real>(c: &mut Criterion) {
    let mut group = c.benchmark_group(format!("train/{}", F::DTYPE));
    group.throughput(Throughput::Elements(EPOCHS as u64));
    group.sampling_mode(SamplingMode::Flat);
    for (task, spec) in CASES {
        let estimator: Estimator = spec.parse().expect("a catalog spec");
        let settings = Settings {
            epochs: *train::trainer::EPOCH_RANGE.end(),
            ..Settings::for_task(train::task(task).expect("a task"))
        };
        let fresh_run = || {
            let mut trainer = Trainer::<F>::new(&settings, std::slice::from_ref(&estimator))
                .expect("valid settings");
            trainer.step(0);
            trainer
        };
        let mut trainer = fresh_run();
        group.bench_function(BenchmarkId::new(task, spec), |b| {
            b.iter_custom(|iterations| {
                let mut timed = Duration::ZERO;
                for _ in 0..iterations {
                    if trainer.epochs_done() + EPOCHS > settings.epochs || trainer.is_done() {
                        trainer = fresh_run();
                    }
                    let start = Instant::now();
                    criterion::black_box(trainer.step(EPOCHS));
                    timed += start.elapsed();
                }
                timed
            })
        });
    }
    group.finish();
}

criterion_group!(benches, epochs_per_second::<f32>, epochs_per_second::<f64>);
criterion_main!(benches);
