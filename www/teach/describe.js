// What the plots show, for every way of reading: the region "description"
// (aria-live polite) says it in one sentence from Rust's Anatomy::describe, after
// each edit settles; a line under the backward plot gives the anatomy's figures;
// each selector shows its entry's formula and source; "Data table" shows the plotted
// samples as a table with a caption naming the view; "Listen" plays f and the
// backward as two tones (www/listen.js, loaded on the first press).

const $ = (id) => document.getElementById(id);

/** How long after the last edit the description is written again. */
export const SETTLE_MS = 300;
/** Most rows the data table shows (every k-th sample beyond). */
const MAX_ROWS = 4001;

/** A value as the table shows it: enough digits to read back its dtype's number. */
export function cell(value, dtype) {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return dtype === 'f32' ? String(Number(value.toPrecision(9))) : String(value);
}

export function initDescribe(page, app) {
  const description = $('description');
  const figures = $('anatomy');
  const tableButton = $('data-table-toggle');
  const tableBox = $('data-table');
  const listenButton = $('listen');
  let timer = 0;
  let audio = null;
  let playing = null;

  const entry = (list, id) => list.find((e) => e.id === id);
  const showEntry = (role, item) => {
    $(`${role}-formula`).textContent = item?.formula ?? '';
    $(`${role}-source`).textContent = item ? `Source: ${item.source}` : '';
  };

  const showTable = () => {
    const data = page.plotted(MAX_ROWS);
    const dtype = page.controls().keys.dtype[0];
    const table = document.createElement('table');
    const caption = document.createElement('caption');
    caption.textContent = data.caption;
    const head = document.createElement('thead');
    const names = ['x', 'f(x)', 'backward', 'true derivative'];
    const headRow = head.insertRow();
    for (const name of names) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = name;
      headRow.append(th);
    }
    const body = document.createElement('tbody');
    const columns = [data.x, data.f, data.backward, data.true_derivative];
    for (let i = 0; i < data.x.length; i += 1) {
      const row = body.insertRow();
      columns.forEach((column, j) => {
        const td = document.createElement(j === 0 ? 'th' : 'td');
        if (j === 0) td.scope = 'row';
        td.textContent = cell(column[i], dtype);
        row.append(td);
      });
    }
    table.append(caption, head, body);
    tableBox.replaceChildren(table);
  };

  const settle = () => {
    try {
      const anatomy = page.description();
      if (description.textContent !== anatomy.sentence) description.textContent = anatomy.sentence;
      figures.textContent = anatomy.figures;
      if (!tableBox.hidden) showTable();
    } catch (error) {
      figures.textContent = '';
      description.textContent = `The plots could not be described: ${error?.message ?? error}`;
    }
  };

  tableButton.addEventListener('click', () => {
    const open = tableButton.getAttribute('aria-expanded') !== 'true';
    tableButton.setAttribute('aria-expanded', String(open));
    tableBox.hidden = !open;
    if (open) showTable();
    else tableBox.replaceChildren();
  });

  listenButton.addEventListener('click', async () => {
    playing?.stop();
    audio ??= new AudioContext();
    const data = page.plotted(MAX_ROWS);
    try {
      const { listen } = await import('../listen.js');
      playing = listen(audio, { x: data.x, f: data.f, backward: data.backward, jumps: data.jumps });
      listenButton.setAttribute('aria-pressed', 'true');
      const mine = playing;
      mine.finished.then(() => {
        if (playing === mine) listenButton.setAttribute('aria-pressed', 'false');
      });
    } catch (error) {
      app.showMessage([`cannot play the plots: ${error?.message ?? error}`]);
    }
  });

  return {
    refreshed(c) {
      showEntry('forward', entry(app.listing.forwards, c.forward));
      showEntry('backward', entry(app.listing.backwards, c.backward));
      clearTimeout(timer);
      timer = setTimeout(settle, SETTLE_MS);
    },
  };
}
