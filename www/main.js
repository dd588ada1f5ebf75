// The page: loads the wasm module, builds the controls from its catalog, and wires
// every event to one call into Rust followed by a redraw. The view lives in Rust
// (Session); this file only moves values between the DOM and it.

import init, { Page, catalog, view_keys } from './pkg/gradscope.js';
import { fillSelect, renderParams, showParamValues } from './controls.js';
import { initTeach } from './teach/index.js';

const $ = (id) => document.getElementById(id);
/** The plots' top canvases (the marks, what readers and pointers meet). */
const canvases = () => [$('plot-forward'), $('plot-backward')];
/** Each plot's canvases, bottom to top: its axes, then its marks. */
const layers = () => [[$('axes-forward'), $('plot-forward')], [$('axes-backward'), $('plot-backward')]];

/** How long the URL waits after the last change before it is rewritten. */
const URL_DELAY_MS = 80;
/** The forward selector's choice that opens a formula (Rust's FORMULA_CHOICE). */
const FORMULA_CHOICE = 'formula';
/** Fraction of the range one arrow key moves the keyboard readout. */
const KEY_STEP = 1 / 200;

let page;
/** The teaching controls (www/teach/): presenting, embedding, tours, motion, ... */
let teach;
let built = { forward: null, backward: null };
/** The formula mode's module (www/formula.js), once a formula is first shown. */
let formulaMode = null;
/** Each preset's seed snippet as a formula spec, by preset id, where it has one. */
let presetFormulas = new Map();
let urlTimer = 0;
let cursorX = null;

/** Shows messages in the alert region, one list item each; hides it for an empty list. */
function showMessage(messages) {
  const box = $('message');
  if (messages.length === 0 && box.hidden) return;
  const list = document.createElement('ul');
  for (const text of messages) {
    const item = document.createElement('li');
    item.textContent = text;
    list.append(item);
  }
  box.replaceChildren(list);
  box.hidden = messages.length === 0;
}

/** The message for an exception from the wasm module. */
function describe(error) {
  if (error instanceof WebAssembly.RuntimeError) {
    // A Rust panic (a bug): its text is in the console (console_error_panic_hook).
    return `gradscope hit an internal error (${error.message}); the console has the details. Reload the page to continue.`;
  }
  return String(error?.message ?? error);
}

/** Runs one edit; on failure shows its message and returns it, else returns null. */
function attempt(edit) {
  try {
    edit();
    showMessage([]);
    return null;
  } catch (error) {
    const text = describe(error);
    showMessage([text]);
    return text;
  }
}

/** Runs an edit and, when it was accepted, brings the page up to date. */
function edit(change) {
  const error = attempt(change);
  if (error === null) {
    refresh();
  }
  return error;
}

/**
 * Each canvas's size in device pixels, measured when the layout changes: reading it
 * in draw() would force a layout after every edit's DOM updates.
 */
let canvasSizes = null;

function measureCanvases() {
  const ratio = window.devicePixelRatio || 1;
  canvasSizes = canvases().map((canvas) => [
    Math.max(1, Math.round(canvas.clientWidth * ratio)),
    Math.max(1, Math.round(canvas.clientHeight * ratio)),
  ]);
}

function draw() {
  const ratio = window.devicePixelRatio || 1;
  if (canvasSizes === null) measureCanvases();
  layers().forEach((plot, i) => {
    const [width, height] = canvasSizes[i];
    for (const canvas of plot) {
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
      }
    }
  });
  try {
    page.draw(ratio);
  } catch (error) {
    showMessage([`cannot draw: ${describe(error)}`]);
  }
}

function scheduleUrl() {
  clearTimeout(urlTimer);
  urlTimer = setTimeout(() => {
    history.replaceState(null, '', `?${page.query()}`);
  }, URL_DELAY_MS);
}

/** Sets an element's text only when it differs: rewriting it lays it out again. */
function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

/**
 * Sets a form control's property (value, checked) only when it differs: every write
 * makes the browser look over the form again, even when the value stays the same.
 */
function setControl(element, property, value) {
  if (element[property] !== value) element[property] = value;
}

/** Sets an attribute only when it differs. */
function setAttribute(element, name, value) {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

/** The pins the list shows, to rebuild it only when they change. */
let shownPins = null;

function renderPins(pins, canPin) {
  setControl($('pin'), 'disabled', !canPin);
  if (shownPins === pins.join('\n')) return;
  shownPins = pins.join('\n');
  const list = $('pins');
  list.replaceChildren();
  pins.forEach((spec, index) => {
    const item = document.createElement('li');
    const code = document.createElement('code');
    code.textContent = spec;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = '×';
    remove.setAttribute('aria-label', `Remove ${spec}`);
    remove.addEventListener('click', () => edit(() => page.unpin(index)));
    item.append(code, remove);
    list.append(item);
  });
}

/**
 * While a slider is dragged the plots keep their y ranges (as long as the curves
 * fit), so a person sees the curve change rather than the scale; letting go fits
 * them again.
 */
function holdScales(hold) {
  page.hold_scales(hold);
  if (!hold) draw();
}

/** Every control that edits a view key: the elements carrying `data-key`. */
const keyControls = () => document.querySelectorAll('[data-key]');

/**
 * The text a key's controls stand for: the comma list of a checkbox group's
 * checked `data-value`s, or the control's value.
 */
function keyText(key) {
  const controls = [...document.querySelectorAll(`[data-key="${CSS.escape(key)}"]`)];
  if (controls[0]?.type === 'checkbox') {
    return controls.filter((box) => box.checked).map((box) => box.dataset.value).join(',');
  }
  return controls[0]?.value ?? '';
}

/** Shows each key's canonical values (from Rust) in its controls. */
function showKeys(keys) {
  for (const control of keyControls()) {
    const values = keys[control.dataset.key] ?? [];
    if (control.type === 'checkbox') {
      const words = values.join(',').split(',');
      setControl(control, 'checked', words.includes(control.dataset.value));
    } else {
      setControl(control, 'value', values[0] ?? '');
    }
  }
}

/** Wires every `data-key` control the same way: a change sets its key in Rust. */
function wireKeys() {
  for (const control of keyControls()) {
    control.addEventListener('change', () => {
      if (edit(() => page.set(control.dataset.key, keyText(control.dataset.key))) !== null) {
        showKeys(page.controls().keys);
      }
    });
  }
}

/** What the formula mode uses of this file. */
const formulaUi = () => ({ page, edit, renderParams, showParamValues, holdScales });

/** Loads the formula mode's module the first time it is needed. */
async function loadFormulaMode() {
  formulaMode ??= await import('./formula.js');
  return formulaMode;
}

/** Brings every control, the note, the plots and the URL up to date with Rust's view. */
function refresh() {
  const c = page.controls();
  if (formulaMode) {
    formulaMode.show(c, formulaUi());
  } else if (c.formula) {
    loadFormulaMode().then(refresh);
  }
  setControl($('preset'), 'value', c.preset ?? '');
  setControl($('open-formula'), 'hidden', !presetFormulas.has(c.preset));
  setControl($('forward'), 'value', c.forward);
  setControl($('backward'), 'value', c.backward);
  setText($('forward-description'), c.forward_description);
  setText($('backward-description'), c.backward_description);
  for (const role of ['forward', 'backward']) {
    const container = $(`${role}-params`);
    const params = c[`${role}_params`];
    if (built[role] !== c[role]) {
      renderParams(container, params, {
        onPosition: (name, position) => edit(() => page.set_param_position(role, name, position)),
        onText: (name, text) => edit(() => page.set_param(role, name, text)),
        current: () => page.controls()[`${role}_params`],
        onDrag: holdScales,
      });
      built[role] = c[role];
    } else {
      showParamValues(container, params);
    }
  }
  setText($('spec'), c.spec);
  const note = $('note');
  note.hidden = !c.note;
  setText(note, c.note ? `${c.preset}: ${c.note}` : '');
  showKeys(c.keys);
  renderPins(c.pins, c.can_pin);
  const [from, to, dtype] = ['from', 'to', 'dtype'].map((key) => c.keys[key][0]);
  const range = `on [${from}, ${to}] in ${dtype}`;
  setAttribute($('plot-forward'), 'aria-label', `Forward f(x) of ${c.spec} ${range}`);
  setAttribute($('plot-backward'), 'aria-label', `Backward df/dx of ${c.spec} ${range}`);
  teach.refreshed(c);
  draw();
  if (cursorX !== null) {
    showReadout(cursorX);
  }
  scheduleUrl();
}

/** Moves the vertical cursor line over both plots to data x. */
function showCursor(x) {
  const pixel = page.pixel_at_x(x);
  const cursor = $('cursor');
  cursor.hidden = pixel === undefined;
  if (pixel !== undefined) {
    cursor.style.left = `${pixel / (window.devicePixelRatio || 1)}px`;
  }
}

function showReadout(x) {
  showCursor(x);
  $('readout').textContent = page.readout(x).text.join(' · ');
}

function wireReadout(canvas) {
  canvas.addEventListener('pointermove', (event) => {
    const rect = canvas.getBoundingClientRect();
    const x = page.x_at_pixel((event.clientX - rect.left) * (window.devicePixelRatio || 1));
    if (x !== undefined) {
      cursorX = x;
      showReadout(x);
    }
  });
  canvas.addEventListener('keydown', (event) => {
    const [from, to] = page.x_range();
    const step = (to - from) * KEY_STEP;
    const current = cursorX ?? (from + to) / 2;
    const moves = {
      ArrowLeft: current - step,
      ArrowRight: current + step,
      Home: from,
      End: to,
    };
    if (event.key in moves) {
      event.preventDefault();
      cursorX = Math.min(to, Math.max(from, moves[event.key]));
      showReadout(cursorX);
    }
  });
}

function fileName(extension) {
  const spec = page.controls().spec.replace(/[^A-Za-z0-9=._-]+/g, '_');
  return `gradscope-${spec}.${extension}`;
}

function download(blob, name) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

function exportPng() {
  const [top, bottom] = canvases();
  const both = document.createElement('canvas');
  both.width = Math.max(top.width, bottom.width);
  both.height = top.height + bottom.height;
  const context = both.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, both.width, both.height);
  layers().forEach((plot, i) => {
    for (const canvas of plot) context.drawImage(canvas, 0, i * top.height);
  });
  both.toBlob((blob) => download(blob, fileName('png')), 'image/png');
}

function wireControls(listing) {
  $('preset').addEventListener('change', (event) => {
    if (event.target.value) edit(() => page.set('spec', `preset:${event.target.value}`));
  });
  $('forward').addEventListener('change', (event) => {
    if (event.target.value === FORMULA_CHOICE) {
      loadFormulaMode().then((mode) => mode.open(formulaUi()));
    } else {
      edit(() => page.set_forward(event.target.value));
    }
  });
  $('backward').addEventListener('change', (event) => edit(() => page.set_backward(event.target.value)));
  wireKeys();
  $('pin').addEventListener('click', () => edit(() => page.pin()));
  presetFormulas = new Map(listing.presets.filter((p) => p.as_formula).map((p) => [p.id, p.as_formula]));
  $('open-formula').addEventListener('click', () => {
    const formula = presetFormulas.get(page.controls().preset);
    if (formula) edit(() => page.set('spec', formula));
  });
  $('export-png').addEventListener('click', exportPng);
  $('export-svg').addEventListener('click', () => {
    const stack = document.querySelector('.plot-stack');
    const svg = page.svg(stack.clientWidth, stack.clientHeight);
    download(new Blob([svg], { type: 'image/svg+xml' }), fileName('svg'));
  });
  $('export-csv').addEventListener('click', () => {
    download(new Blob([page.csv()], { type: 'text/csv' }), fileName('csv'));
  });
  document.getElementById('controls').addEventListener('submit', (event) => event.preventDefault());
  canvases().forEach(wireReadout);
  const resized = new ResizeObserver(() => {
    measureCanvases();
    draw();
  });
  canvases().forEach((canvas) => resized.observe(canvas));
  fillSelect($('forward'), listing.forwards);
  const own = document.createElement('optgroup');
  own.label = 'Your own';
  own.append(new Option(FORMULA_CHOICE, FORMULA_CHOICE));
  $('forward').append(own);
  fillSelect($('backward'), listing.backwards);
  // A formula's backward is its framework's autodiff: shown, never chosen.
  const autodiff = document.createElement('optgroup');
  autodiff.label = 'A formula\'s';
  for (const framework of $('framework').options) {
    autodiff.append(Object.assign(new Option(`${framework.text} autodiff`, framework.value), { disabled: true }));
  }
  $('backward').append(autodiff);
  fillSelect($('preset'), listing.presets, { blank: '(none)' });
}

/** Gives each `data-key` select that has no options its key's values from the table. */
function fillKeySelects() {
  const options = new Map(view_keys().map((key) => [key.name, key.options]));
  for (const select of document.querySelectorAll('select[data-key]')) {
    if (select.options.length === 0) {
      select.replaceChildren(...(options.get(select.dataset.key) ?? []).map((value) => new Option(value, value)));
    }
  }
}

/**
 * The training lab (www/train.js, whose worker loads www/pkg-train) is imported
 * only when its panel first comes into view or Train is pressed; every press of
 * Train goes to its toggle.
 */
function wireTrainingLab() {
  let lab = null;
  const load = () => {
    lab ??= import('./train.js').then((module) => module.initTraining(page));
    return lab;
  };
  new IntersectionObserver((entries, observer) => {
    if (entries.some((entry) => entry.isIntersecting)) {
      observer.disconnect();
      load();
    }
  }).observe($('training-lab'));
  $('train').addEventListener('click', () => {
    load().then(
      (panel) => panel.toggle(),
      (error) => setText($('training'), `the training lab did not load: ${describe(error)}`),
    );
  });
}

async function main() {
  await init();
  const listing = catalog();
  page = new Page(...layers().flat());
  window.gradscopePage = page;
  fillKeySelects();
  wireControls(listing);
  teach = initTeach(page, { edit, refresh, draw, showMessage, download, fileName, layers, listing });
  const messages = page.load_query(teach.initialQuery());
  if (page.controls().formula) await loadFormulaMode();
  refresh();
  wireTrainingLab();
  showMessage(messages);
  document.body.dataset.ready = 'true';
}

main().catch((error) => {
  showMessage([`gradscope could not start: ${error?.message ?? error}`]);
});
