// The baseline of `cargo xtask bench`: gradscope's two plots written by hand in
// Canvas2D JavaScript, as one would without the Rust core. Same canvases, same samples
// (two per device pixel of plot width, or a fixed count), same title, legend, panel
// names, grid, ticks, tick labels, frames and curves; every slider input recomputes
// the samples and redraws both canvases from scratch.
//
// Query: w, h (canvas size in device pixels), scale (device pixel ratio), and
// mode=soft (soft_round(alpha)/sigmoid on [-3, 3], the slider is alpha),
// mode=dense (fourier_round(terms=50)/sigmoid(k) on [-1000, 1000] with 10^6 samples,
// the slider is k; the forward and its derivative do not depend on k and are
// computed once, and every sample is drawn: no decimation), or mode=floor (the
// slider only fills both canvases with one colour: what the browser itself needs
// to show two changed canvases).

import { fourierSum, sigmoidBackward, softRound, softRoundDerivative } from './twins.js';

const query = new URLSearchParams(window.location.search);
const SCALE = Number(query.get('scale') ?? 2);
const WIDTH = Number(query.get('w') ?? 1026);
const HEIGHT = Number(query.get('h') ?? 644);
const DENSE = query.get('mode') === 'dense';
const FLOOR = query.get('mode') === 'floor';

const FONT = 'sans-serif';
const COLOURS = {
  background: '#ffffff', text: '#202020', muted: '#555555', grid: '#e6e6e6', axis: '#999999',
  main: '#0072b2', truth: '#d55e00',
};
const px = (css) => css * SCALE;

/** The view: range, sample count and the slider's parameter. */
const VIEW = DENSE
  ? { from: -1000, to: 1000, count: 1_000_000, name: 'k', min: 0.01, max: 10, value: 1 }
  : { from: -3, to: 3, count: 0, name: 'alpha', min: 0, max: 100, value: 3 };

function spec(value) {
  return DENSE ? `fourier_round(terms=50)/sigmoid(k=${value})` : `soft_round(alpha=${value})/sigmoid`;
}

/** Nice ticks (1, 2 or 5 times a power of ten), at most about `count`. */
function ticks(low, high, count) {
  const raw = (high - low) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const values = [];
  for (let k = Math.ceil(low / step); k <= Math.floor(high / step); k += 1) values.push(k * step);
  return values.map((v) => ({ value: v, label: Math.abs(v) >= 1e5 ? v.toExponential(0) : v.toFixed(decimals) }));
}

/** The finite range of some arrays, with a 6% margin. */
function range(...arrays) {
  let low = Infinity;
  let high = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i += 1) {
      const v = a[i];
      if (v < low) low = v;
      if (v > high) high = v;
    }
  }
  if (!(high > low)) [low, high] = [low - 1, high + 1];
  const margin = (high - low) * 0.06;
  return [low - margin, high + margin];
}

const canvases = ['plot-forward', 'plot-backward'].map((id) => {
  const canvas = document.getElementById(id);
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  canvas.style.width = `${WIDTH / SCALE}px`;
  canvas.style.height = `${HEIGHT / SCALE}px`;
  return canvas.getContext('2d');
});

const measure = canvases[0];
measure.font = `${px(12 * 1.24)}px ${FONT}`;
const LEFT = Math.round(px(12) + measure.measureText('-8.88e-88').width + px(10));
const RIGHT = Math.round(WIDTH - px(20));
const COUNT = VIEW.count || 2 * (RIGHT - LEFT);
const xs = new Float64Array(COUNT);
for (let i = 0; i < COUNT; i += 1) xs[i] = VIEW.from + ((VIEW.to - VIEW.from) * i) / (COUNT - 1);
const forward = new Float64Array(COUNT);
const backward = new Float64Array(COUNT);
const truth = new Float64Array(COUNT);
if (DENSE) {
  fourierSum(xs, forward, 50, false);
  fourierSum(xs, truth, 50, true);
}

function text(context, value, x, y, size, colour, align, baseline) {
  context.font = `${px(size * 1.24)}px ${FONT}`;
  context.fillStyle = colour;
  context.textAlign = align;
  context.textBaseline = baseline;
  context.fillText(value, x, y);
}

function curve(context, values, toX, toY, colour, width, dash) {
  context.beginPath();
  for (let i = 0; i < values.length; i += 1) {
    if (i === 0) context.moveTo(toX(xs[i]), toY(values[i]));
    else context.lineTo(toX(xs[i]), toY(values[i]));
  }
  context.strokeStyle = colour;
  context.lineWidth = Math.round(px(width));
  context.setLineDash(dash ? [px(7), px(4)] : []);
  context.stroke();
  context.setLineDash([]);
}

/** One panel: background, header or x labels, grid, ticks, labels, frame, curves. */
function panel(context, { title, legend, name, top, bottom, curves, xLabels }) {
  context.fillStyle = COLOURS.background;
  context.fillRect(0, 0, WIDTH, HEIGHT);
  if (title) {
    text(context, title, LEFT, px(24), 15, COLOURS.text, 'left', 'middle');
    let x = LEFT;
    for (const [label, colour, dash] of legend) {
      const y = px(12 + 24 + 10);
      context.beginPath();
      context.moveTo(x, y);
      context.lineTo(x + px(26), y);
      context.strokeStyle = colour;
      context.lineWidth = Math.round(px(2));
      context.setLineDash(dash ? [px(7), px(4)] : []);
      context.stroke();
      context.setLineDash([]);
      text(context, label, x + px(32), y, 13, COLOURS.text, 'left', 'middle');
      context.font = `${px(13 * 1.24)}px ${FONT}`;
      x += px(52) + context.measureText(label).width;
    }
  }
  text(context, name, LEFT, top - px(11), 13, COLOURS.text, 'left', 'middle');
  const [low, high] = range(...curves.map((c) => c.values));
  const toX = (x) => LEFT + ((x - VIEW.from) / (VIEW.to - VIEW.from)) * (RIGHT - LEFT);
  const toY = (y) => bottom - ((y - low) / (high - low)) * (bottom - top);
  const xTicks = ticks(VIEW.from, VIEW.to, Math.max(2, Math.floor((RIGHT - LEFT) / px(90))));
  const yTicks = ticks(low, high, Math.max(2, Math.floor((bottom - top) / px(40))));
  context.beginPath();
  for (const t of xTicks) {
    context.moveTo(toX(t.value), top);
    context.lineTo(toX(t.value), bottom);
  }
  for (const t of yTicks) {
    context.moveTo(LEFT, toY(t.value));
    context.lineTo(RIGHT, toY(t.value));
  }
  context.strokeStyle = COLOURS.grid;
  context.lineWidth = Math.round(px(1));
  context.stroke();
  context.beginPath();
  for (const t of xTicks) {
    context.moveTo(toX(t.value), bottom);
    context.lineTo(toX(t.value), bottom + px(4));
  }
  for (const t of yTicks) {
    context.moveTo(LEFT - px(4), toY(t.value));
    context.lineTo(LEFT, toY(t.value));
  }
  if (low < 0 && high > 0) {
    context.moveTo(LEFT, toY(0));
    context.lineTo(RIGHT, toY(0));
  }
  context.strokeStyle = COLOURS.axis;
  context.stroke();
  context.strokeRect(LEFT, top, RIGHT - LEFT, bottom - top);
  for (const t of yTicks) text(context, t.label, LEFT - px(7), toY(t.value), 12, COLOURS.muted, 'right', 'middle');
  if (xLabels) {
    for (const t of xTicks) text(context, t.label, toX(t.value), bottom + px(8), 12, COLOURS.muted, 'center', 'top');
    text(context, 'x', (LEFT + RIGHT) / 2, bottom + px(26), 13, COLOURS.text, 'center', 'top');
  }
  for (const c of curves) curve(context, c.values, toX, toY, c.colour, c.width, c.dash);
}

function draw(value) {
  if (FLOOR) {
    for (const context of canvases) {
      context.fillStyle = value % 2 < 1 ? '#ffffff' : '#fefefe';
      context.fillRect(0, 0, WIDTH, HEIGHT);
    }
    return;
  }
  if (!DENSE) {
    softRound(xs, forward, value, 0.001);
    softRoundDerivative(xs, truth, value, 0.001);
  }
  sigmoidBackward(xs, backward, DENSE ? value : 1);
  const label = spec(value);
  const legend = [[label, COLOURS.main, false], ['true derivative', COLOURS.truth, true]];
  const headerTop = Math.round(px(12 + 24 + 20 + 4 + 22));
  panel(canvases[0], {
    title: `${label}   (f64)`, legend, name: 'f(x)', top: headerTop, bottom: HEIGHT - px(12),
    curves: [{ values: forward, colour: COLOURS.main, width: 2.5 }],
  });
  panel(canvases[1], {
    name: 'df/dx', top: Math.round(px(12 + 22)), bottom: HEIGHT - px(44), xLabels: true,
    curves: [
      { values: backward, colour: COLOURS.main, width: 2.5 },
      { values: truth, colour: COLOURS.truth, width: 2, dash: true },
    ],
  });
}

const slider = document.getElementById('slider');
const box = document.getElementById('value');
const specLine = document.getElementById('spec');
document.getElementById('name').textContent = VIEW.name;
slider.setAttribute('aria-label', VIEW.name);
slider.min = String(VIEW.min);
slider.max = String(VIEW.max);
slider.step = String((VIEW.max - VIEW.min) / 1000);
slider.value = String(VIEW.value);
box.value = String(VIEW.value);
slider.addEventListener('input', () => {
  const value = Number(slider.value);
  box.value = String(value);
  specLine.textContent = spec(value);
  draw(value);
});
specLine.textContent = spec(VIEW.value);
draw(VIEW.value);
document.body.dataset.ready = 'true';
