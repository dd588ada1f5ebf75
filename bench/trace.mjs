// Where the time goes: a Chrome trace (the browser's own instrumentation, every
// process) of the frames `run.mjs` times, for the page, the hand-written Canvas2D
// baseline and the browser floor, and of a first load of the page and of the
// baseline. Prints, per frame, the self time of the page renderer's main thread by
// kind of work (script and wasm, style, layout, paint, canvas, commit, ...), the busy
// time of every other thread, and the trace events behind the figures, so that the
// grouping can be checked; for a first load, when each request started and ended and
// what the main thread did until the page was ready.
//
//   GRADSCOPE_URL=http://127.0.0.1:8091/ node bench/trace.mjs [frames] [--only redraw|load] [--keep DIR]
//
// `--only` traces only the redraw frames or only the first loads; `--keep DIR` writes the raw traces there (open them in chrome://tracing or Perfetto).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from '../tests/e2e/harness.js';
import { BASE, SCALE, frames, noteReady, open, openRedraw } from './run.mjs';

const args = process.argv.slice(2);
const keepAt = args.indexOf('--keep');
const KEEP = keepAt >= 0 ? args.splice(keepAt, 2)[1] : null;
const onlyAt = args.indexOf('--only');
const ONLY = onlyAt >= 0 ? args.splice(onlyAt, 2)[1] : null;
const FRAMES = Number(args[0] ?? 60);

const CATEGORIES = [
  'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'blink.user_timing',
  'cc', 'gpu', 'viz', 'skia', 'v8', 'v8.wasm', 'toplevel', 'loading', 'benchmark',
];

/** Kinds of main-thread work, tried in order on each trace event name. */
const KINDS = [
  ['gc', /GC|Heap|Scavenge|MarkCompact|Sweep/],
  ['wasm compile', /wasm/i],
  // A software canvas records its drawing; the commit plays it back when it updates the layers.
  ['canvas', /Canvas|Sk[A-Z]|Skia|Raster|DrawImage|PaintRecord|Path2D|Playback|Image.*Decode|Flush|DoUpdateLayers/i],
  ['script', /FunctionCall|EvaluateScript|v8|V8|RunMicrotasks|TimerFire|FireAnimationFrame|EventDispatch|HandlePostMessage|Compile|Parse(?!HTML|Author)/],
  ['style', /UpdateLayoutTree|RecalculateStyles|Style|ParseAuthorStyleSheet/],
  ['layout', /Layout|IntersectionObserver|ResizeObserver|HitTest/],
  ['paint', /Paint|Layerize|UpdateLayer|Display[Ii]tem|PaintArtifact/],
  ['commit', /Commit|BeginMainFrame|Composit|LayerTreeHost|cc::|Animate|ScheduledAction|Frame/],
  ['html', /ParseHTML|Document|Resource|Navigation|Loader/],
];

const kindOf = (name) => KINDS.find(([, pattern]) => pattern.test(name))?.[0] ?? 'other';

/** Self time (µs) of each slice of a thread: its duration less its children's. */
function selfTimes(events) {
  const slices = [];
  const open = [];
  for (const e of [...events].sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0))) {
    if (e.ph === 'X') slices.push({ name: e.name, ts: e.ts, end: e.ts + (e.dur ?? 0), args: e.args });
    else if (e.ph === 'B') open.push({ name: e.name, ts: e.ts, args: e.args });
    else if (e.ph === 'E' && open.length) {
      const begin = open.pop();
      slices.push({ ...begin, end: e.ts });
    }
  }
  slices.sort((a, b) => a.ts - b.ts || b.end - a.end);
  const stack = [];
  for (const s of slices) {
    s.self = s.end - s.ts;
    while (stack.length && stack[stack.length - 1].end <= s.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.self -= Math.min(s.end, parent.end) - s.ts;
      s.depth = parent.depth + 1;
    } else {
      s.depth = 0;
    }
    stack.push(s);
  }
  return slices;
}

/** The trace's threads: `pid:tid` to `{ process, thread, events }`. */
function threads(trace) {
  const processNames = new Map();
  const pages = new Map();
  for (const e of trace) {
    if (e.name === 'CommitLoad' && !pages.has(e.pid)) pages.set(e.pid, new URL(e.args.data.url).host);
  }
  const names = new Map();
  const byThread = new Map();
  for (const e of trace) {
    if (e.ph === 'M' && e.name === 'process_name') processNames.set(e.pid, e.args.name);
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
    if (['X', 'B', 'E'].includes(e.ph)) {
      const key = `${e.pid}:${e.tid}`;
      if (!byThread.has(key)) byThread.set(key, []);
      byThread.get(key).push(e);
    }
  }
  return [...byThread].map(([key, events]) => ({
    key,
    pid: Number(key.split(':')[0]),
    process: [processNames.get(Number(key.split(':')[0])) ?? '?', pages.get(Number(key.split(':')[0]))].filter(Boolean).join(' '),
    thread: names.get(key) ?? key,
    events,
  }));
}

/**
 * The renderer process of the page: the one that loaded `url` while traced, else the
 * one that handled the most input events.
 */
function rendererOf(trace, url) {
  const load = trace.find((e) => e.name === 'CommitLoad' && e.args?.data?.url === url);
  if (load) return load.pid;
  const inputs = new Map();
  for (const e of trace) {
    if (e.name === 'EventDispatch' && e.args?.data?.type === 'input') inputs.set(e.pid, (inputs.get(e.pid) ?? 0) + 1);
  }
  return [...inputs].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** A trace of what `action` makes the browser do. */
async function traced(browser, page, action) {
  await browser.startTracing(page, { categories: CATEGORIES });
  const result = await action();
  const buffer = await browser.stopTracing();
  const trace = JSON.parse(buffer.toString());
  return { trace: trace.traceEvents ?? trace, result };
}

function keep(name, trace) {
  if (!KEEP) return;
  mkdirSync(KEEP, { recursive: true });
  writeFileSync(join(KEEP, `${name}.json`), JSON.stringify({ traceEvents: trace }));
}

const ms = (us) => us / 1000;
const fixed = (value, digits = 2) => value.toFixed(digits).padStart(7);

/** Main-thread self time by kind and by event name, and busy time by thread, in µs. */
function breakdown(trace, url, window) {
  const renderer = rendererOf(trace, url);
  const all = threads(trace);
  const inside = (s) => !window || (s.ts >= window[0] && s.ts <= window[1]);
  const main = all.find((t) => t.pid === renderer && t.thread === 'CrRendererMain');
  const slices = main ? selfTimes(main.events).filter(inside) : [];
  const kinds = new Map();
  const names = new Map();
  for (const s of slices) {
    kinds.set(kindOf(s.name), (kinds.get(kindOf(s.name)) ?? 0) + s.self);
    names.set(s.name, (names.get(s.name) ?? 0) + s.self);
  }
  const busy = new Map();
  for (const t of all) {
    const own = t.pid === renderer ? 'page renderer' : t.process.replace(/ Process$/, '');
    const label = `${own}: ${t.thread.replace(/\d+$/, '')}`;
    const top = selfTimes(t.events).filter((s) => s.depth === 0 && inside(s));
    const time = top.reduce((sum, s) => sum + s.end - s.ts, 0);
    if (time > 0) busy.set(label, (busy.get(label) ?? 0) + time);
  }
  return { kinds, names, busy, slices };
}

/** Phases of a frame: trace events whose (total) durations are summed into each. */
const PHASES = [
  ['input handler (script, wasm, DOM, canvas calls)', ['EventDispatch']],
  ['style + layout', ['LocalFrameView::RunStyleAndLayoutLifecyclePhases']],
  ['pre-paint + paint + layerize', ['PrePaint', 'LocalFrameView::RunPaintLifecyclePhase']],
  ['canvas raster (commit: update layers)', ['LayerTreeHost::DoUpdateLayers']],
  ['commit to compositor', ['ProxyMain::BeginMainFrame::commit']],
  ['whole frame task', ['ProxyMain::BeginMainFrame']],
];

/** Median and 95th percentile over the frames of each phase's time, in ms. */
function phases(slices) {
  const frames = slices.filter((s) => s.name === 'ProxyMain::BeginMainFrame'
    && slices.some((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'input' && e.ts >= s.ts && e.end <= s.end));
  return new Map(PHASES.map(([label, names]) => {
    const times = frames.map((f) => slices
      .filter((e) => names.includes(e.name) && e.ts >= f.ts && e.end <= f.end && (e.name !== 'EventDispatch' || e.args?.data?.type === 'input'))
      .reduce((sum, e) => sum + e.end - e.ts, 0) / 1000).sort((a, b) => a - b);
    const at = (q) => times[Math.min(times.length - 1, Math.floor(times.length * q))] ?? NaN;
    return [label, [at(0.5), at(0.95)]];
  }));
}

/** Prints maps of µs side by side, per `divisor`, largest first. */
function table(title, columns, maps, divisor, limit = 40) {
  const keys = new Set(maps.flatMap((m) => [...m.keys()]));
  const rows = [...keys].map((k) => [k, maps.map((m) => ms(m.get(k) ?? 0) / divisor)]);
  rows.sort((a, b) => Math.max(...b[1]) - Math.max(...a[1]));
  console.log(`\n${title}`);
  console.log(`${''.padEnd(52)}${columns.map((c) => c.padStart(10)).join('')}`);
  const total = maps.map(() => 0);
  for (const [key, values] of rows.slice(0, limit)) {
    if (Math.max(...values) < 0.005) continue;
    console.log(`${key.slice(0, 51).padEnd(52)}${values.map((v) => fixed(v).padStart(10)).join('')}`);
  }
  for (const [, values] of rows) values.forEach((v, i) => { total[i] += v; });
  console.log(`${'total'.padEnd(52)}${total.map((v) => fixed(v).padStart(10)).join('')}`);
}

async function redraw(browser) {
  const pages = await openRedraw(browser);
  const labels = ['page', 'baseline', 'floor'];
  const results = [];
  for (const [i, p] of pages.entries()) {
    await frames(p.page, p.slider, 20, p.sweep);
    const { trace, result } = await traced(browser, p.page, () => frames(p.page, p.slider, FRAMES, p.sweep));
    keep(`redraw-${labels[i]}`, trace);
    const times = [...result].sort((a, b) => a - b);
    const b = breakdown(trace, p.page.url());
    results.push({ ...b, phases: phases(b.slices), median: times[times.length >> 1], p95: times[Math.floor(times.length * 0.95)] });
  }
  for (const p of pages) await p.context.close();
  console.log(`\nRedraw while dragging alpha, ${FRAMES} traced frames each, ms per frame`);
  console.log(`frame time as run.mjs times it, median / p95: ${results.map((r, i) => `${labels[i]} ${r.median.toFixed(1)} / ${r.p95.toFixed(1)}`).join(', ')}`);
  console.log('\nphases of the frame task on the page renderer main thread, median / p95 over the frames, ms');
  console.log(`${''.padEnd(52)}${labels.map((c) => c.padStart(14)).join('')}`);
  for (const [label] of PHASES) {
    const cells = results.map((r) => r.phases.get(label).map((v) => v.toFixed(2)).join(' / ').padStart(14));
    console.log(`${label.padEnd(52)}${cells.join('')}`);
  }
  table('page renderer main thread, self time by kind (mean)', labels, results.map((r) => r.kinds), FRAMES);
  table('page renderer main thread, self time by trace event', labels, results.map((r) => r.names), FRAMES, 30);
  table('busy time by thread (top-level slices)', labels, results.map((r) => r.busy), FRAMES, 20);
}

/** Request start, response and end of each resource, ms from navigation start. */
function requests(trace, pid, zero) {
  const rows = new Map();
  for (const e of trace) {
    const data = e.args?.data;
    if (!data?.requestId || e.pid !== pid) continue;
    const row = rows.get(data.requestId) ?? { url: data.url };
    if (e.name === 'ResourceSendRequest') Object.assign(row, { url: data.url, start: e.ts });
    if (e.name === 'ResourceReceiveResponse') row.response = e.ts;
    if (e.name === 'ResourceFinish') row.end = e.ts;
    rows.set(data.requestId, row);
  }
  return [...rows.values()].filter((r) => r.start).map((r) => ({
    url: new URL(r.url).pathname + new URL(r.url).search.slice(0, 30),
    start: ms(r.start - zero),
    response: r.response ? ms(r.response - zero) : NaN,
    end: r.end ? ms(r.end - zero) : NaN,
  }));
}

async function firstLoad(browser, url, label) {
  const warm = await open(browser, url);
  await warm.context.close();
  const { trace, result: loaded } = await traced(browser, null, async () => {
    const p = await open(browser, url, { init: noteReady });
    const ready = await p.page.evaluate(() => window.firstPlotMs);
    await p.context.close();
    return ready;
  });
  keep(`first-load-${label}`, trace);
  const href = new URL(url, BASE).href;
  const pid = rendererOf(trace, href);
  const ready = trace.find((e) => e.name === 'ready' && e.pid === pid);
  // The mark's startTime is from the time origin, the navigation's start.
  const zero = ready.ts - ready.args.data.startTime * 1000;
  const window = [zero, ready.ts];
  console.log(`\nFirst load of the ${label}: ready at ${loaded.toFixed(1)} ms (performance.now); in the trace ${ms(ready.ts - zero).toFixed(1)} ms after navigation start`);
  console.log(`${'request'.padEnd(52)}${'start'.padStart(10)}${'response'.padStart(10)}${'end'.padStart(10)}`);
  for (const r of requests(trace, pid, zero)) {
    console.log(`${r.url.slice(0, 51).padEnd(52)}${fixed(r.start, 1).padStart(10)}${fixed(r.response, 1).padStart(10)}${fixed(r.end, 1).padStart(10)}`);
  }
  const b = breakdown(trace, href, window);
  table('page renderer main thread until ready, self time by kind, ms', [label], [b.kinds], 1);
  table('... by trace event', [label], [b.names], 1, 25);
  table('busy time by thread until ready, ms', [label], [b.busy], 1, 15);
  const tasks = b.slices.filter((s) => s.depth === 0 && s.end - s.ts > 2000);
  console.log('\nmain-thread tasks over 2 ms (start, duration, largest slice inside), ms from navigation start');
  for (const t of tasks) {
    const inside = b.slices.filter((s) => s.ts >= t.ts && s.end <= t.end).sort((x, y) => y.self - x.self)[0];
    console.log(`${fixed(ms(t.ts - zero), 1)} ${fixed(ms(t.end - t.ts), 1)}  ${t.name} > ${inside.name} (${ms(inside.self).toFixed(1)} self)`);
  }
}

async function main() {
  const browser = await launch();
  if (ONLY !== 'load') await redraw(browser);
  if (ONLY !== 'redraw') {
    await firstLoad(browser, '?spec=soft_round(alpha=3)/sigmoid', 'page');
    await firstLoad(browser, `bench/baseline.html?mode=soft&w=1026&h=644&scale=${SCALE}`, 'baseline');
  }
  await browser.close();
}

await main();
