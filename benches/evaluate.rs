//! Native evaluation throughput: each forward's value and true derivative and each
//! backward's gradient, on 10^6 evenly spaced x in [-4, 4], in f32 and f64, on one
//! core; and, to tell what bounds the entries that call transcendental functions, the
//! `libm` functions the catalog uses against the platform's (`std`, glibc here). `cargo bench --bench evaluate` runs it; `cargo xtask bench` runs it with short
//! measurement times and puts the figures in its table.

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use gradscope::estimator::Output;
use gradscope::{catalog, Estimator, Real};

/// Points per evaluation.
const POINTS: usize = 1_000_000;

/// Every output of the catalog: its name in the benchmark id, the spec it is computed
/// for, and how to compute it.
type Case = (&'static str, Estimator, Output);

fn outputs() -> Vec<(String, Case)> {
    let truth = catalog::backward(catalog::TRUE_BACKWARD).expect("true is in the catalog");
    let identity = catalog::forward("identity").expect("identity is in the catalog");
    let forwards = catalog::forwards().flat_map(|forward| {
        let estimator = Estimator::with_defaults(forward, truth);
        let value: Case = ("f", estimator.clone(), Output::Value);
        let derivative: Case = ("true", estimator, Output::TrueDerivative);
        [
            (forward.id.to_string(), value),
            (forward.id.to_string(), derivative),
        ]
    });
    let backwards = catalog::backwards().map(|backward| {
        let estimator = Estimator::with_defaults(identity, backward);
        let gradient: Case = ("backward", estimator, Output::Backward);
        (backward.id.to_string(), gradient)
    });
    forwards.chain(backwards).collect()
}

fn throughput<F: Real>(c: &mut Criterion) {
    let xs: Vec<F> = (0..POINTS)
        .map(|i| F::c(-4.0 + 8.0 * i as f64 / (POINTS - 1) as f64))
        .collect();
    let mut out = vec![F::zero(); POINTS];
    let mut group = c.benchmark_group(format!("evaluate/{}", F::DTYPE));
    group.throughput(Throughput::Elements(POINTS as u64));
    group.sampling_mode(SamplingMode::Flat);
    for (id, (name, estimator, output)) in outputs() {
        let bound = estimator.bind::<F>();
        let output = bound.output(output);
        group.bench_function(BenchmarkId::new(name, id), |b| {
            b.iter(|| output.over(&xs, &mut out))
        });
    }
    group.finish();
}

/// One transcendental function as the catalog computes it (`libm`) and as the platform
/// does (`std`), in f64.
type Transcendental = (&'static str, fn(f64) -> f64, fn(f64) -> f64);

const TRANSCENDENTALS: [Transcendental; 4] = [
    ("exp", libm::exp, f64::exp),
    ("tanh", libm::tanh, f64::tanh),
    ("sin", libm::sin, f64::sin),
    ("atan", libm::atan, f64::atan),
];

fn transcendentals(c: &mut Criterion) {
    let xs: Vec<f64> = (0..POINTS)
        .map(|i| -4.0 + 8.0 * i as f64 / (POINTS - 1) as f64)
        .collect();
    let mut out = vec![0.0; POINTS];
    let mut group = c.benchmark_group("transcendental");
    group.throughput(Throughput::Elements(POINTS as u64));
    group.sampling_mode(SamplingMode::Flat);
    for (name, ours, platform) in TRANSCENDENTALS {
        for (implementation, f) in [("libm", ours), ("std", platform)] {
            group.bench_function(BenchmarkId::new(implementation, name), |b| {
                b.iter(|| {
                    out.iter_mut()
                        .zip(&xs)
                        .for_each(|(o, &x)| *o = f(std::hint::black_box(x)))
                })
            });
        }
    }
    group.finish();
}

criterion_group!(
    benches,
    throughput::<f64>,
    throughput::<f32>,
    transcendentals
);
criterion_main!(benches);
