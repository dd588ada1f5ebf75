// The browser half of `cargo xtask bench`: drives Debian's Chromium (playwright-core,
// the page tests' launch flags) against the page served at GRADSCOPE_URL and the
// hand-written baselines in this folder, and writes every figure as JSON to
// GRADSCOPE_BENCH_OUT. The baselines are served to the browser by a route of this
// runner (the page's server publishes only the page).
//
// A frame is timed from dispatching a slider's `input` event at the start of an
// animation frame (in a requestAnimationFrame callback, where Chromium also
// dispatches pointer-driven input) to the end of that frame's work on the main
// thread: a message posted from the same callback is delivered only after the
// handler, style, layout, paint and the frame's commit, canvas rasterisation
// included. Both pages are timed by the same function, in alternating runs.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch } from '../tests/e2e/harness.js';

const BENCH = dirname(fileURLToPath(import.meta.url));
export const BASE = process.env.GRADSCOPE_URL ?? 'http://127.0.0.1:8080/';
const OUT = process.env.GRADSCOPE_BENCH_OUT ?? join(BENCH, '..', 'target', 'bench', 'browser.json');
const ORIGIN = new URL(BASE).origin;
export const VIEWPORT = { width: 900, height: 900 };
export const SCALE = 2;
const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

/** Runs (each a median) and frames per run of each measurement. */
const PLAN = { redraw: [7, 40], update: [7, 40], dense: [5, 8], firstPlot: 7, throughput: 5 };

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))];

/** Median of the runs' medians, their spread, and the 95th percentile of all. */
function summary(runs) {
  const medians = runs.map(median);
  return { median: median(medians), low: Math.min(...medians), high: Math.max(...medians), p95: quantile(runs.flat(), 0.95), runs: runs.length, samples: runs.flat().length };
}

/**
 * Opens `url` (relative to the page) in a fresh context of the bench's viewport and
 * scale, the baselines under bench/ served by a route, and waits until it has drawn.
 */
export async function open(browser, url, { timeout = 15000, init } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: SCALE });
  await context.route(`${ORIGIN}/bench/**`, (route) => {
    const file = join(BENCH, new URL(route.request().url()).pathname.slice('/bench/'.length));
    route.fulfill({ body: readFileSync(file), contentType: MIME[extname(file)] ?? 'application/octet-stream' });
  });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`bench: ${url}: ${error.message}`));
  await page.goto(new URL(url, BASE).href);
  await page.waitForSelector('body[data-ready="true"]', { timeout, state: 'attached' });
  return { page, context };
}

/** soft_round(alpha) with the sigmoid backward, as a TensorFlow formula. */
export const FORMULA_SOFT_ROUND = 'tf: custom_gradient(floor(x) + 0.5 + tanh(alpha * (x - floor(x) - 0.5)) / (2 * tanh(alpha / 2)), sigmoid(x) * (1 - sigmoid(x))); alpha = 3 in [0, 100]';
/** The part of the formula's alpha slider swept: alpha from 1 to 8, as soft_round's. */
const FORMULA_SWEEP = [0.01, 0.08];

/** The page dragging soft_round's alpha, the Canvas2D baseline of it, and the browser floor. */
export async function openRedraw(browser) {
  const soft = await open(browser, '?spec=soft_round(alpha=3)/sigmoid');
  const canvas = await soft.page.evaluate(() => [...document.querySelectorAll('canvas')].map((c) => [c.width, c.height]));
  const [w, h] = canvas[0];
  const baseline = await open(browser, `bench/baseline.html?mode=soft&w=${w}&h=${h}&scale=${SCALE}`);
  const floor = await open(browser, `bench/baseline.html?mode=floor&w=${w}&h=${h}&scale=${SCALE}`);
  const sweep = [0.01, 0.08];
  const pages = [soft, baseline, floor].map((p) => ({ ...p, slider: 'alpha', sweep }));
  return Object.assign(pages, { canvas });
}

/** Times `count` frames of slider `name`, swept over [from, to] of its range. */
export function frames(page, name, count, [from, to]) {
  return page.evaluate(async ({ name, count, from, to }) => {
    const slider = document.querySelector(`input[type=range][aria-label="${name}"]`);
    const [min, max] = [Number(slider.min), Number(slider.max)];
    const channel = new MessageChannel();
    const times = [];
    for (let i = 0; i < count; i += 1) {
      const fraction = from + ((to - from) * (i % 10)) / 9;
      times.push(await new Promise((resolve) => {
        requestAnimationFrame(() => {
          const start = performance.now();
          slider.value = String(min + (max - min) * fraction);
          slider.dispatchEvent(new Event('input', { bubbles: true }));
          channel.port1.onmessage = () => resolve(performance.now() - start);
          channel.port2.postMessage(null);
        });
      }));
    }
    return times;
  }, { name, count, from, to });
}

/**
 * Times what `count` updates of slider `name` cost the main thread: the input
 * handler (dispatched at the start of an animation frame), plus, in the next
 * animation frame, reading one pixel of every canvas, which makes the browser
 * rasterise what the handler recorded. The wait between the two frames is idle
 * time and not counted.
 */
export function updates(page, name, count, [from, to]) {
  return page.evaluate(async ({ name, count, from, to }) => {
    const slider = document.querySelector(`input[type=range][aria-label="${name}"]`);
    const [min, max] = [Number(slider.min), Number(slider.max)];
    const contexts = [...document.querySelectorAll('canvas')].map((c) => c.getContext('2d'));
    const times = [];
    for (let i = 0; i < count; i += 1) {
      const fraction = from + ((to - from) * (i % 10)) / 9;
      times.push(await new Promise((resolve) => {
        requestAnimationFrame(() => {
          const start = performance.now();
          slider.value = String(min + (max - min) * fraction);
          slider.dispatchEvent(new Event('input', { bubbles: true }));
          const handled = performance.now() - start;
          requestAnimationFrame(() => {
            const next = performance.now();
            for (const context of contexts) context.getImageData(0, 0, 1, 1);
            resolve(handled + performance.now() - next);
          });
        });
      }));
    }
    return times;
  }, { name, count, from, to });
}

/**
 * Alternating runs of `measure` (frames or updates) on each page, after a warm-up
 * run; one summary per page. A `slow` page gets one frame a run and no warm-up.
 */
async function compare(pages, [runs, count], measure = frames) {
  const times = pages.map(() => []);
  for (const p of pages) if (!p.slow) await measure(p.page, p.slider, count, p.sweep);
  for (let r = 0; r < runs; r += 1) {
    for (const [i, p] of pages.entries()) times[i].push(await measure(p.page, p.slider, p.slow ? 1 : count, p.sweep));
  }
  return times.map(summary);
}

/** Self time per function over `count` frames of the page, top first, in ms a frame. */
async function profile(p, count, action = () => frames(p.page, p.slider, count, p.sweep)) {
  const client = await p.page.context().newCDPSession(p.page);
  await client.send('Profiler.enable');
  await client.send('Profiler.setSamplingInterval', { interval: 100 });
  await client.send('Profiler.start');
  await action();
  const { profile: data } = await client.send('Profiler.stop');
  const nodes = new Map(data.nodes.map((n) => [n.id, n]));
  const self = new Map();
  data.samples.forEach((id, i) => {
    const frame = nodes.get(id).callFrame;
    const name = (frame.functionName || '(anonymous)').replace(/::h[0-9a-f]{16}$/, '');
    self.set(name, (self.get(name) ?? 0) + (data.timeDeltas[i] ?? 0) / 1000);
  });
  self.delete('(idle)');
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([name, ms]) => [name, ms / count]);
}

/**
 * An init script that notes when the page marks itself ready: as window.firstPlotMs
 * and as the user-timing mark `ready` (which traces show).
 */
export function noteReady() {
  new MutationObserver((_, observer) => {
    if (document.body?.dataset.ready === 'true') {
      window.firstPlotMs = performance.now();
      performance.mark('ready');
      observer.disconnect();
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] });
}

async function firstPlot(browser, url, runs) {
  const times = [];
  const init = noteReady;
  for (let r = 0; r < runs; r += 1) {
    const { page, context } = await open(browser, url, { init });
    times.push(await page.evaluate(() => window.firstPlotMs));
    await context.close();
  }
  return summary(times.map((t) => [t]));
}

async function main() {
  const browser = await launch();
  const result = {};
  const redraw = await openRedraw(browser);
  result.canvas = redraw.canvas;
  const [w, h] = redraw.canvas[0];
  [result.redraw, result.redrawBaseline, result.redrawFloor] = await compare(redraw, PLAN.redraw);
  [result.update, result.updateBaseline] = await compare(redraw.slice(0, 2), PLAN.update, updates);
  // The same soft rounding written as a formula, its alpha dragged over the same
  // values: what a formula costs against the catalog entry of the same size.
  const formula = await open(browser, `?spec=${encodeURIComponent(FORMULA_SOFT_ROUND)}`);
  [result.formulaUpdate] = await compare([{ ...formula, slider: 'alpha', sweep: FORMULA_SWEEP }], PLAN.update, updates);
  await formula.context.close();
  result.redrawProfile = await profile(redraw[0], 40);
  for (const p of redraw) await p.context.close();

  const denseQuery = '?spec=fourier_round(terms=50)/sigmoid&from=-1000&to=1000';
  const dense = await open(browser, denseQuery, { timeout: 60000 });
  result.denseSamples = await dense.page.evaluate(() => window.gradscopePage.sample_count());
  const denseBaseline = await open(browser, `bench/baseline.html?mode=dense&w=${w}&h=${h}&scale=${SCALE}`, { timeout: 60000 });
  [result.dense, result.denseBaseline] = await compare([
    { ...dense, slider: 'k', sweep: [0.35, 0.55] },
    { ...denseBaseline, slider: 'k', sweep: [0.35, 0.55], slow: true },
  ], PLAN.dense);
  result.denseProfile = await profile({ ...dense, slider: 'k', sweep: [0.35, 0.55] }, 8);
  await dense.context.close();
  await denseBaseline.context.close();

  result.firstPlot = await firstPlot(browser, '?spec=soft_round(alpha=3)/sigmoid', PLAN.firstPlot);
  result.firstPlotBaseline = await firstPlot(browser, `bench/baseline.html?mode=soft&w=${w}&h=${h}&scale=${SCALE}`, PLAN.firstPlot);

  const throughput = await open(browser, 'bench/throughput.html', { init: () => document.addEventListener('DOMContentLoaded', () => { document.body.dataset.ready = 'true'; }) });
  await throughput.page.waitForFunction(() => window.throughputReady === true);
  result.throughput = await throughput.page.evaluate((repeats) => window.measureThroughput({ points: 1_000_000, repeats }), PLAN.throughput);
  const evaluations = 10;
  result.evaluationProfile = await profile(throughput, evaluations, () => throughput.page.evaluate(
    (count) => window.runEvaluations({ spec: 'sigmoid', dtype: 'f64', output: 'f', points: 1_000_000, count }),
    evaluations,
  ));
  await throughput.context.close();

  await browser.close();
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(result, null, 1));
  console.log(`bench: browser figures written to ${OUT}`);
}

// Run only as a script: trace.mjs imports the helpers above.
if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
