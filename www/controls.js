// Controls built from the catalog: selects grouped by library, and one slider plus
// one number box per parameter. Nothing here names a catalog entry or a parameter:
// everything comes from the catalog that the wasm module hands over.

/** Fills a <select> with entries, one <optgroup> per library. */
export function fillSelect(select, entries, { blank } = {}) {
  select.replaceChildren();
  if (blank) {
    select.append(new Option(blank, ''));
  }
  const groups = new Map();
  for (const entry of entries) {
    const label = entry.group_label ?? 'Presets';
    if (!groups.has(label)) {
      const group = document.createElement('optgroup');
      group.label = label;
      groups.set(label, group);
      select.append(group);
    }
    const option = new Option(entry.id, entry.id);
    option.title = entry.description ?? entry.spec ?? '';
    groups.get(label).append(option);
  }
}

/** Ranges this wide (max / min) with a positive minimum get a logarithmic slider. */
const LOG_RATIO = 1000;
/** Positions of a logarithmic slider. */
const LOG_STEPS = 1000;

/** How a parameter maps to its slider's position and back. */
function sliderScale(param) {
  if (param.kind === 'integer') {
    return { min: param.min, max: param.max, step: 1, toPosition: (v) => v, fromPosition: (p) => Math.round(p) };
  }
  if (typeof param.kind === 'object' && param.kind.choice) {
    const choices = param.kind.choice;
    return {
      min: 0,
      max: choices.length - 1,
      step: 1,
      toPosition: (v) => Math.max(0, choices.indexOf(v)),
      fromPosition: (p) => choices[Math.round(p)],
    };
  }
  if (param.min > 0 && param.max / param.min >= LOG_RATIO) {
    const lo = Math.log(param.min);
    const span = Math.log(param.max) - lo;
    return {
      min: 0,
      max: LOG_STEPS,
      step: 1,
      toPosition: (v) => Math.round(((Math.log(v) - lo) / span) * LOG_STEPS),
      fromPosition: (p) => Number(Math.exp(lo + (span * p) / LOG_STEPS).toPrecision(4)),
    };
  }
  const step = (param.max - param.min) / 1000;
  return { min: param.min, max: param.max, step, toPosition: (v) => v, fromPosition: (p) => Number(p) };
}

/**
 * Builds one row per parameter: a range input named after the parameter and a
 * number input named "<name> value". `onValue(name, value)` is called on every
 * slider input event and on each committed number; it returns an error message or
 * null. The row keeps showing the last accepted value.
 */
export function renderParams(container, params, onValue) {
  container.replaceChildren();
  for (const param of params) {
    const scale = sliderScale(param);
    const row = document.createElement('div');
    row.className = 'param';
    row.dataset.name = param.name;
    row.title = param.doc;

    const label = document.createElement('span');
    label.className = 'param-name';
    label.textContent = param.name;

    const slider = document.createElement('input');
    slider.type = 'range';
    slider.min = String(scale.min);
    slider.max = String(scale.max);
    slider.step = String(scale.step);
    slider.setAttribute('aria-label', param.name);

    const box = document.createElement('input');
    box.type = 'number';
    box.step = 'any';
    box.min = String(param.min);
    box.max = String(param.max);
    box.setAttribute('aria-label', `${param.name} value`);

    const show = (value) => {
      slider.value = String(scale.toPosition(value));
      slider.setAttribute('aria-valuetext', String(value));
      box.value = String(value);
    };
    show(param.value);
    row.gradscopeShow = show;

    slider.addEventListener('input', () => {
      const value = scale.fromPosition(Number(slider.value));
      if (onValue(param.name, value) === null) {
        slider.setAttribute('aria-valuetext', String(value));
        box.value = String(value);
      }
    });
    box.addEventListener('change', () => {
      const value = box.value.trim() === '' ? NaN : Number(box.value);
      const error = onValue(param.name, value);
      if (error === null) {
        show(value);
      }
    });
    row.append(label, slider, box);
    container.append(row);
  }
}

/** Shows current values in rows built by renderParams, without rebuilding them. */
export function showParamValues(container, params) {
  for (const param of params) {
    const row = container.querySelector(`.param[data-name="${CSS.escape(param.name)}"]`);
    row?.gradscopeShow(param.value);
  }
}
