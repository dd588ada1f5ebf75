// The teaching side of the page (interfaces.md, "Teaching"): presentation mode and
// themes, embedding and the messages of the page around, guided tours, motion, the
// description, the data table, listening, the offline copy and the keyboard
// shortcuts. main.js calls initTeach once, before the first refresh, and refreshed()
// after each; everything here reads the view from Rust (page.controls()) and edits
// it only through the page's own edit().

import { initEmbed } from './embed.js';
import { initMotion } from './motion.js';
import { initDescribe } from './describe.js';
import { initPresent } from './present.js';
import { tours } from '../pkg/gradscope.js';

/** The button Download page: the offline copy (offline.js, loaded on first use). */
function wireDownload(page, app) {
  const button = document.getElementById('download-page');
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      const { offlineCopy } = await import('./offline.js');
      const html = await offlineCopy(`?${page.query()}`);
      app.download(new Blob([html], { type: 'text/html' }), app.fileName('html'));
    } catch (error) {
      app.showMessage([`the offline copy could not be made: ${error?.message ?? error}`]);
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  });
}

/** The select tour's options; the tour's region (tour.js) loads once a view names one. */
function lazyTour(page, app) {
  const all = tours();
  const select = document.getElementById('tour-select');
  for (const tour of all) {
    const option = new Option(tour.id, tour.id);
    option.title = tour.title;
    select.append(option);
  }
  let tour = null;
  let loading = false;
  return {
    refreshed(c) {
      if (tour !== null) {
        tour.refreshed(c);
      } else if (!loading && c.keys.tour.length > 0) {
        loading = true;
        import('./tour.js').then(({ initTour }) => {
          tour = initTour(page, app, all);
          tour.refreshed(page.controls());
        }, (error) => app.showMessage([`the tour could not be loaded: ${error?.message ?? error}`]));
      }
    },
  };
}

/**
 * Wires every teaching control.
 *
 * @param {object} page the wasm Page.
 * @param {{edit: (change: () => void) => (string|null), refresh: () => void,
 *   draw: () => void, showMessage: (messages: string[]) => void,
 *   download: (blob: Blob, name: string) => void, fileName: (ext: string) => string,
 *   layers: () => HTMLCanvasElement[][], listing: object}} app what main.js lends.
 * @returns {{refreshed: (controls: object) => void, initialQuery: () => string}}
 */
export function initTeach(page, app) {
  const motion = initMotion(page, app);
  const parts = [
    initPresent(page, app),
    initEmbed(page, { ...app, stopMotion: motion.stop }),
    lazyTour(page, { ...app, stopMotion: motion.stop }),
    motion,
    initDescribe(page, app),
  ];
  wireDownload(page, app);
  return {
    refreshed(controls) {
      for (const part of parts) part.refreshed?.(controls);
    },
    /** The view to open: the URL's, or the one an offline copy was saved with. */
    initialQuery() {
      return window.location.search || document.documentElement.dataset.view || '';
    },
  };
}
