// What the plots show, for every way of reading: the region "description"
// (aria-live polite) says it in one sentence from Rust's Anatomy::describe, after
// each edit settles; a line under the backward plot gives the anatomy's figures;
// each selector shows its entry's formula and source; "Data table" shows the plotted
// samples as a table with a caption naming the view (table.js); "Listen" plays f
// and the backward as two tones (www/listen.js); both load on their first press.

const $ = (id) => document.getElementById(id);

/** How long after the last edit the description is written again. */
export const SETTLE_MS = 300;
/** Most rows the data table shows (every k-th sample beyond). */
const MAX_ROWS = 4001;

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

  /** The table module (table.js), loaded on the first press of Data table. */
  let table = null;
  const fillTable = () => table.showTable(tableBox, page.plotted(MAX_ROWS), page.controls().keys.dtype[0]);

  const settle = () => {
    try {
      const anatomy = page.description();
      if (description.textContent !== anatomy.sentence) description.textContent = anatomy.sentence;
      figures.textContent = anatomy.figures;
      if (!tableBox.hidden && table !== null) fillTable();
    } catch (error) {
      figures.textContent = '';
      description.textContent = `The plots could not be described: ${error?.message ?? error}`;
    }
  };

  tableButton.addEventListener('click', () => {
    const open = tableButton.getAttribute('aria-expanded') !== 'true';
    tableButton.setAttribute('aria-expanded', String(open));
    tableBox.hidden = !open;
    if (open) {
      import('./table.js').then((module) => {
        table = module;
        if (!tableBox.hidden) fillTable();
      }).catch((error) => app.showMessage([`the table could not be shown: ${error?.message ?? error}`]));
    } else {
      tableBox.replaceChildren();
    }
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
