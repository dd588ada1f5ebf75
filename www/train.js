// The training lab's panel: does this gradient train? Train sends the page's view
// (its estimator, pins, dtype and the keys task, epochs, seed, lr) to a Web Worker
// running the same wasm module (train-worker.js), which trains them side by side and
// reports every chunk of epochs. Here the chunks become the loss and accuracy
// curves (one canvas, the estimators in the plots' colours), the status line, and
// each estimator's picture: its decision regions for a 2-D task, its hidden spikes
// for `spikes`. The plots above stay live: nothing here blocks the main thread.
// main.js imports this file only when the panel is first seen or used.

const $ = (id) => document.getElementById(id);

/** How often the status line is rewritten while training (a screen reader reads it). */
const STATUS_MS = 700;
/** Playground's colours of class 0 (its -1) and class 1. */
const CLASS_COLOURS = [[245, 147, 34], [8, 119, 189]];
/** CSS pixels of a decision-region picture's side, and of a raster's row. */
const REGION_SIDE = 150;
const RASTER_ROW = 2;

/** The panel's state: the tasks, the colours and the run shown. */
const lab = {
  page: null,
  tasks: [],
  colours: [],
  worker: null,
  /** Resolves initTraining's promise once the worker has sent the task table. */
  resolveReady: null,
  runId: 0,
  /** `idle`, `training`, `done`, `stopped` or `failed`. */
  state: 'idle',
  run: null,
  drawPending: false,
  statusShown: 0,
};

/** An empty run: what the worker has reported of it so far (its task and epochs first). */
function newRun() {
  return { settings: null, estimators: [], curves: [], stops: [], csv: '', epochsDone: 0, seconds: null };
}

/** The task of the task table with this id. */
const taskOf = (id) => lab.tasks.find((task) => task.id === id) ?? lab.tasks[0];

/** An accuracy as the status shows it. */
const percent = (accuracy) => `${(accuracy * 100).toFixed(1)} %`;

/** Shows the selected task's description and what its reference reports. */
function showNote() {
  const task = taskOf($('task').value);
  $('task-note').textContent = `${task.description}. Accuracy on the ${task.accuracy_on}. The anchor: ${task.anchor}.`;
}

/** Rewrites the status line: epochs done and each estimator's last accuracy. */
function showStatus(force = false) {
  const now = performance.now();
  if (!force && now - lab.statusShown < STATUS_MS) return;
  lab.statusShown = now;
  const run = lab.run;
  const epochs = run.settings?.epochs ?? '…';
  const head = {
    training: `training: epoch ${run.epochsDone} of ${epochs}`,
    done: `done: ${run.epochsDone} epochs${run.seconds === null ? '' : ` in ${run.seconds.toFixed(1)} s`}`,
    stopped: `stopped at epoch ${run.epochsDone} of ${epochs}`,
  }[lab.state];
  const parts = run.curves.map((curve, index) => {
    const last = curve.accuracy.length - 1;
    const stop = run.stops[index] ? ` (${run.stops[index]})` : '';
    return `${run.estimators[index]}: accuracy ${last < 0 ? '–' : percent(curve.accuracy[last])}${stop}`;
  });
  $('training').textContent = [head, ...parts].join(' · ');
}

/** Shows the run's estimators, each in its colour. */
function showLegend() {
  const list = $('training-legend');
  list.replaceChildren(...lab.run.estimators.map((spec, index) => {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = lab.colours[index];
    const code = document.createElement('code');
    code.textContent = spec;
    item.append(swatch, code);
    return item;
  }));
}

/** Sets the button's name and the export's availability for the state. */
function showState(state) {
  lab.state = state;
  $('train').textContent = state === 'training' ? 'Stop' : 'Train';
  $('export-run').disabled = lab.run === null || lab.run.csv === '';
}

// ---- the curves ----

/** About `count` round steps covering [0, top]. */
function ticks(top, count) {
  const raw = top / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const values = [];
  for (let v = 0; v <= top + step * 1e-9; v += step) values.push(Number(v.toPrecision(12)));
  return values;
}

/** Sizes a canvas to its CSS box in device pixels; returns its 2d context, scaled to CSS pixels. */
function fitCanvas(canvas, cssHeight) {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const height = Math.max(1, Math.round(cssHeight * ratio));
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const context = canvas.getContext('2d');
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  return context;
}

/** One panel of the curves: its frame, ticks, title and each estimator's line. */
function drawPanel(context, box, { title, top, epochs, series, format }) {
  const { left, right, upper, lower } = box;
  const x = (epoch) => left + ((right - left) * epoch) / epochs;
  const y = (value) => lower - ((lower - upper) * value) / top;
  context.font = '12px system-ui, sans-serif';
  context.lineWidth = 1;
  context.strokeStyle = '#e3e6ea';
  context.fillStyle = '#5b6470';
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  for (const value of ticks(top, 4)) {
    context.beginPath();
    context.moveTo(left, y(value));
    context.lineTo(right, y(value));
    context.stroke();
    context.fillText(format(value), left - 6, y(value));
  }
  context.strokeStyle = '#99a1ab';
  context.strokeRect(left, upper, right - left, lower - upper);
  context.textAlign = 'left';
  context.textBaseline = 'bottom';
  context.fillStyle = '#1d232b';
  context.fillText(title, left, upper - 4);
  const columns = Math.max(1, Math.round((right - left) * (window.devicePixelRatio || 1)));
  // Drawn pins first, so that the view's own estimator lies on top.
  for (let index = series.length - 1; index >= 0; index -= 1) {
    const { epochs: at, values } = series[index];
    const stride = Math.max(1, Math.floor(values.length / columns));
    context.strokeStyle = lab.colours[index];
    context.lineWidth = index === 0 ? 2 : 1.5;
    context.beginPath();
    let drawing = false;
    for (let i = 0; i < values.length; i += stride) {
      const value = values[i];
      if (!Number.isFinite(value)) {
        drawing = false;
        continue;
      }
      const [px, py] = [x(at[i]), y(Math.min(value, top))];
      if (drawing) context.lineTo(px, py);
      else context.moveTo(px, py);
      drawing = true;
    }
    const last = values.length - 1;
    if (last >= 0 && last % stride !== 0 && Number.isFinite(values[last])) context.lineTo(x(at[last]), y(Math.min(values[last], top)));
    context.stroke();
    if (last >= 0 && Number.isFinite(values[last])) {
      // The curve's end as a dot: a curve of one epoch (an estimator stopped at
      // epoch 0, or epoch 0 alone so far) is seen too.
      context.fillStyle = lab.colours[index];
      context.beginPath();
      context.arc(x(at[last]), y(Math.min(values[last], top)), 2.5, 0, 2 * Math.PI);
      context.fill();
    }
  }
}

/** Marks where each stopped estimator's curve ends. */
function drawStops(context, box, epochs) {
  context.font = '12px system-ui, sans-serif';
  context.textAlign = 'left';
  context.textBaseline = 'top';
  lab.run.curves.forEach((curve, index) => {
    if (!lab.run.stops[index]) return;
    const epoch = curve.epochs[curve.epochs.length - 1] ?? 0;
    const px = box.left + ((box.right - box.left) * epoch) / epochs;
    context.strokeStyle = lab.colours[index];
    context.fillStyle = lab.colours[index];
    context.lineWidth = 2;
    context.beginPath();
    context.moveTo(px, box.upper);
    context.lineTo(px, box.lower);
    context.stroke();
    context.fillText(`stopped: not finite at epoch ${epoch}`, Math.min(px + 4, box.right - 180), box.upper + 4 + 14 * index);
  });
}

/** Draws the loss panel above the accuracy panel, both over the run's epochs. */
function drawCurves() {
  lab.drawPending = false;
  const canvas = $('loss-curves');
  const height = canvas.clientHeight || 260;
  const context = fitCanvas(canvas, height);
  const run = lab.run;
  if (run === null || run.curves.length === 0) return;
  const epochs = Math.max(1, run.settings.epochs);
  const width = canvas.clientWidth;
  const [left, right] = [48, width - 12];
  const split = Math.round(height * 0.56);
  const lossBox = { left, right, upper: 20, lower: split - 8 };
  const accuracyBox = { left, right, upper: split + 16, lower: height - 26 };
  const finite = run.curves.flatMap((curve) => curve.loss.filter(Number.isFinite));
  const top = Math.max(1e-9, ...finite) * 1.05;
  const format = (value) => String(Number(value.toPrecision(3)));
  drawPanel(context, lossBox, {
    title: 'loss',
    top,
    epochs,
    format,
    series: run.curves.map((curve) => ({ epochs: curve.epochs, values: curve.loss })),
  });
  drawPanel(context, accuracyBox, {
    title: `accuracy on the ${taskOf(run.settings.task).accuracy_on}`,
    top: 1,
    epochs,
    format,
    series: run.curves.map((curve) => ({ epochs: curve.epochs, values: curve.accuracy })),
  });
  drawStops(context, lossBox, epochs);
  context.fillStyle = '#5b6470';
  context.textAlign = 'center';
  context.textBaseline = 'bottom';
  context.fillText(`epoch (0 to ${epochs})`, (left + right) / 2, height - 4);
}

function scheduleDraw() {
  if (lab.drawPending) return;
  lab.drawPending = true;
  requestAnimationFrame(drawCurves);
}

// ---- the pictures ----

/** The colour of a decision region's cell: class 0 orange, class 1 blue, white between. */
function regionColour(probability) {
  if (!Number.isFinite(probability)) return [160, 160, 160];
  const [colour, strength] = probability >= 0.5
    ? [CLASS_COLOURS[1], (probability - 0.5) * 2]
    : [CLASS_COLOURS[0], (0.5 - probability) * 2];
  return colour.map((c) => Math.round(255 + (c - 255) * strength * 0.75));
}

/** The cells as an image of their own size. */
function cellsImage(picture) {
  const image = new ImageData(picture.width, picture.height);
  picture.cells.forEach((cell, i) => {
    const [r, g, b] = picture.kind === 'regions'
      ? regionColour(cell)
      : [255, 255, 255].map((c) => Math.round(c - c * Math.min(1, Math.max(0, cell)) * 0.9));
    image.data.set([r, g, b, 255], i * 4);
  });
  const canvas = document.createElement('canvas');
  [canvas.width, canvas.height] = [picture.width, picture.height];
  canvas.getContext('2d').putImageData(image, 0, 0);
  return canvas;
}

/** Draws one picture into its canvas, scaled up, with its dots. */
function drawPicture(canvas, picture) {
  const raster = picture.kind === 'raster';
  const [cssWidth, cssHeight] = raster
    ? [picture.width, picture.height * RASTER_ROW]
    : [REGION_SIDE, REGION_SIDE];
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  const context = fitCanvas(canvas, cssHeight);
  context.imageSmoothingEnabled = !raster;
  context.drawImage(cellsImage(picture), 0, 0, cssWidth, cssHeight);
  if (raster) {
    context.strokeStyle = '#0b62a4';
    context.beginPath();
    context.moveTo(0, cssHeight / 2);
    context.lineTo(cssWidth, cssHeight / 2);
    context.stroke();
  }
  for (const dot of picture.dots) {
    context.beginPath();
    context.arc(dot.x * cssWidth, dot.y * cssHeight, 2.2, 0, 2 * Math.PI);
    context.fillStyle = `rgb(${CLASS_COLOURS[dot.class].join(',')})`;
    context.fill();
    context.strokeStyle = '#ffffff';
    context.lineWidth = 0.8;
    context.stroke();
  }
}

/** Shows each estimator's picture under its spec, in its colour. */
function showPictures(pictures) {
  const box = $('training-pictures');
  if (box.children.length !== pictures.length) {
    box.replaceChildren(...pictures.map(() => {
      const figure = document.createElement('figure');
      const canvas = document.createElement('canvas');
      canvas.setAttribute('role', 'img');
      const caption = document.createElement('figcaption');
      figure.append(canvas, caption);
      return figure;
    }));
  }
  pictures.forEach((picture, index) => {
    const figure = box.children[index];
    const [canvas, caption] = figure.children;
    const spec = lab.run.estimators[index];
    canvas.setAttribute('aria-label', `${spec} after ${lab.run.epochsDone} epochs: ${picture.caption}`);
    caption.textContent = spec;
    caption.style.borderColor = lab.colours[index];
    drawPicture(canvas, picture);
  });
}

// ---- the run ----

/** Takes in one chunk of epochs from the worker. */
function takeChunk({ chunk, pictures }) {
  const run = lab.run;
  for (const record of chunk.records) {
    const curve = run.curves[record.estimator];
    curve.epochs.push(record.epoch);
    curve.loss.push(record.loss ?? NaN);
    curve.accuracy.push(record.accuracy ?? NaN);
    if (record.stop) run.stops[record.estimator] = `${record.stop.quantity} is ${record.stop.value} at epoch ${record.epoch}`;
  }
  run.csv += chunk.csv;
  run.epochsDone = chunk.epochs_done;
  if (pictures) showPictures(pictures);
  scheduleDraw();
  showStatus();
}

function onMessage({ data }) {
  if (data.type === 'lab') {
    showLab(data);
    return;
  }
  // A run's message carries its id; the worker's own failure to load has none.
  if (data.id !== undefined && data.id !== lab.runId) return;
  const run = lab.run;
  if (data.type === 'start') {
    run.settings = data.settings;
    run.estimators = data.estimators;
    run.csv = data.header;
    run.curves = data.estimators.map(() => ({ epochs: [], loss: [], accuracy: [] }));
    showLegend();
  } else if (data.type === 'chunk') {
    takeChunk(data);
  } else if (data.type === 'done') {
    run.seconds = data.seconds;
    showState('done');
    showStatus(true);
    window.gradscopeTraining.lastRun = { epochs: run.epochsDone, seconds: run.seconds, csv: run.csv };
  } else if (data.type === 'error') {
    showState('failed');
    $('training').textContent = `training failed: ${data.message}`;
  }
}

/** Starts the worker; the lab is ready once it has sent the task table. */
function startWorker() {
  const worker = new Worker(new URL('./train-worker.js', import.meta.url), { type: 'module' });
  worker.addEventListener('message', onMessage);
  worker.addEventListener('error', (event) => {
    showState('failed');
    $('training').textContent = `the training worker failed: ${event.message ?? 'it could not start'}`;
  });
  return worker;
}

/** Takes in the worker's task table and colours: the note can be shown now. */
function showLab({ tasks, colours }) {
  lab.tasks = tasks;
  lab.colours = colours;
  showNote();
  lab.resolveReady();
}

/** Train: trains the view as it is now; Stop: ends the run where it is. */
function toggle() {
  if (lab.state === 'training') {
    lab.worker.postMessage({ type: 'stop' });
    lab.runId += 1;
    showState('stopped');
    showStatus(true);
    return;
  }
  lab.runId += 1;
  lab.run = newRun();
  lab.statusShown = 0;
  $('training-pictures').replaceChildren();
  showState('training');
  $('training').textContent = 'training: starting';
  lab.worker.postMessage({ type: 'start', id: lab.runId, query: lab.page.query() });
  scheduleDraw();
}

/** Saves the run's CSV, the same text `gradscope train` prints for the view. */
function exportRun() {
  const run = lab.run;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([run.csv], { type: 'text/csv' }));
  link.download = `gradscope-train-${run.settings.task}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

/**
 * Builds the panel and starts its worker; resolves, once the worker has sent the
 * task table, to the panel's one action, `toggle` (Train/Stop), which main.js calls
 * on every press of Train (a press before this module had loaded included). The
 * `data-key` controls (task, epochs, seed, lr) are main.js's, like every key's.
 */
export function initTraining(page) {
  lab.page = page;
  const ready = new Promise((resolve) => {
    lab.resolveReady = resolve;
  });
  lab.worker = startWorker();
  $('task').addEventListener('change', () => {
    if (lab.tasks.length > 0) showNote();
  });
  $('export-run').addEventListener('click', exportRun);
  new ResizeObserver(() => {
    if (lab.run !== null) scheduleDraw();
  }).observe($('loss-curves'));
  window.gradscopeTraining = { lastRun: null };
  return ready.then(() => ({ toggle }));
}
