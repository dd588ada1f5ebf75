// Evaluation throughput in the browser: every catalog entry computed by the page's
// wasm module built with the `bench` feature into bench/pkg (`Evaluator`: x and
// results stay in wasm memory, one call per output),
// and the hand-written JavaScript twins (twins.js) over Float64Arrays, in the same
// page and the same run. `cargo xtask bench` calls window.measureThroughput.

import init, { Evaluator, catalog } from './pkg/gradscope.js';
import { TWINS } from './twins.js';

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

/** Calls before timing: V8 first runs wasm in its baseline compiler and swaps in
 * optimised code once a function is hot, which one long call does not wait for. */
const WARM_UP = 3;

/** `points` evenly spaced x on [-4, 4], as the native benchmark uses. */
function grid(points) {
  const xs = new Float64Array(points);
  for (let i = 0; i < points; i += 1) xs[i] = -4 + (8 * i) / (points - 1);
  return xs;
}

/** The median time in ms of `repeats` calls of `run`, after the warm-up calls. */
function time(run, repeats) {
  for (let w = 0; w < WARM_UP; w += 1) run();
  const times = [];
  for (let r = 0; r < repeats; r += 1) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return { ms: median(times), min: Math.min(...times), max: Math.max(...times) };
}

/** Times one output of one spec in wasm, in both dtypes. */
function wasm(spec, output, xs, repeats) {
  const row = { spec, output };
  for (const dtype of ['f32', 'f64']) {
    const evaluator = new Evaluator(spec, dtype, xs);
    row[dtype] = time(() => evaluator.run(output), repeats);
    if (dtype === 'f64') row.results = evaluator.results();
    evaluator.free();
  }
  return row;
}

window.measureThroughput = async ({ points, repeats }) => {
  await init();
  const xs = grid(points);
  const listing = catalog();
  const entries = [
    ...listing.forwards.flatMap((f) => [[f.id, 'f'], [f.id, 'true']]),
    ...listing.backwards.map((b) => [`identity/${b.id}`, 'backward']),
  ];
  const rows = entries.map(([spec, output]) => {
    const { results, ...row } = wasm(spec, output, xs, repeats);
    return row;
  });
  const twins = TWINS.map((twin) => {
    const out = new Float64Array(points);
    const js = time(() => twin.run(xs, out), repeats);
    const { results, ...row } = wasm(twin.spec, twin.output, xs, repeats);
    let differ = 0;
    for (let i = 0; i < points; i += 1) {
      const [a, b] = [out[i], results[i]];
      if (!(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a))) && !(Number.isNaN(a) && Number.isNaN(b))) differ += 1;
    }
    return { ...row, js, differ };
  });
  return { points, repeats, rows, twins };
};
/** Runs one output of one spec `count` times on `points` x, for a profile. */
window.runEvaluations = async ({ spec, dtype, output, points, count }) => {
  await init();
  const xs = grid(points);
  const evaluator = new Evaluator(spec, dtype, xs);
  for (let r = 0; r < count; r += 1) evaluator.run(output);
  evaluator.free();
};
window.throughputReady = true;
