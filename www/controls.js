// Controls built from the catalog: selects grouped by library, and one slider plus
// one number box per parameter. Nothing here names a catalog entry or a parameter,
// and no rule lives here: the catalog (from the wasm module) says what exists, and
// Rust maps slider positions to values and reads the number boxes.

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

/**
 * Builds one row per parameter: a range input named after the parameter (positions
 * 0 to `param.positions`) and a number input named "<name> value".
 * `onPosition(name, position)` is called on every slider input event and
 * `onText(name, text)` on each committed number; each returns an error message or
 * null. A refused edit shows the value Rust holds again (`current()` gives the
 * parameters with their values); an accepted one is shown by the caller's refresh.
 * While the slider is dragged, `onDrag(true)` is called before its first value
 * and `onDrag(false)` when it is let go.
 */
export function renderParams(container, params, { onPosition, onText, current, onDrag }) {
  container.replaceChildren();
  const showCurrent = () => showParamValues(container, current());
  for (const param of params) {
    const row = document.createElement('div');
    row.className = 'param';
    row.dataset.name = param.name;
    row.title = param.doc;

    const label = document.createElement('span');
    label.className = 'param-name';
    label.textContent = param.name;

    const slider = document.createElement('input');
    slider.type = 'range';
    slider.min = '0';
    slider.max = String(param.positions);
    slider.step = '1';
    slider.setAttribute('aria-label', param.name);

    const box = document.createElement('input');
    box.type = 'number';
    box.step = 'any';
    box.min = String(param.min);
    box.max = String(param.max);
    box.setAttribute('aria-label', `${param.name} value`);

    row.gradscopeShow = ({ value, position }) => {
      if (slider.value !== String(position)) slider.value = String(position);
      if (slider.getAttribute('aria-valuetext') !== String(value)) {
        slider.setAttribute('aria-valuetext', String(value));
      }
      if (box.value !== String(value)) box.value = String(value);
    };
    row.gradscopeShow(param);

    slider.addEventListener('input', () => {
      onDrag(true);
      if (onPosition(param.name, Number(slider.value)) !== null) showCurrent();
    });
    slider.addEventListener('change', () => onDrag(false));
    box.addEventListener('change', () => {
      if (onText(param.name, box.value) !== null) showCurrent();
    });
    row.append(label, slider, box);
    container.append(row);
  }
}

/** Shows current values in rows built by renderParams, without rebuilding them. */
export function showParamValues(container, params) {
  for (const param of params) {
    const row = container.querySelector(`.param[data-name="${CSS.escape(param.name)}"]`);
    row?.gradscopeShow(param);
  }
}
