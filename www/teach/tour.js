// Guided tours: `tour=seeds` (select tour) walks the tour's steps, `step=k` the one
// shown. The region named "tour" says "Step k of n", the step's note in three parts
// (the code, what the plot shows, the fix), and holds the buttons Previous step and
// Next step; the arrow keys move while it has focus. Each step's view is applied by
// Rust (`page.set('step', k)`), exactly as a link's. index.js fills the select and
// loads this file when a view first names a tour.

const $ = (id) => document.getElementById(id);

/** Wires the region of the tours `all` (from the wasm's tours()). */
export function initTour(page, app, all) {
  const region = $('tour');
  const previous = $('tour-previous');
  const next = $('tour-next');
  let shown = { id: null, step: 0, count: 0 };

  const go = (step) => {
    if (shown.id === null || step < 1 || step > shown.count || step === shown.step) return;
    app.stopMotion();
    app.edit(() => page.set('step', String(step)));
  };
  previous.addEventListener('click', () => go(shown.step - 1));
  next.addEventListener('click', () => go(shown.step + 1));
  region.addEventListener('keydown', (event) => {
    const moves = { ArrowLeft: -1, ArrowUp: -1, PageUp: -1, ArrowRight: 1, ArrowDown: 1, PageDown: 1 };
    if (event.key in moves) {
      event.preventDefault();
      go(shown.step + moves[event.key]);
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      go(event.key === 'Home' ? 1 : shown.count);
    }
  });

  return {
    refreshed(c) {
      const id = c.keys.tour[0] ?? null;
      const tour = all.find((t) => t.id === id);
      region.hidden = !tour;
      if (!tour) {
        shown = { id: null, step: 0, count: 0 };
        return;
      }
      const step = Number(c.keys.step[0] ?? 1);
      $('note').hidden = true;
      if (shown.id === id && shown.step === step) return;
      shown = { id, step, count: tour.steps.length };
      const note = tour.steps[step - 1];
      $('tour-title').textContent = tour.title;
      $('tour-count').textContent = `Step ${step} of ${tour.steps.length}`;
      $('tour-code').textContent = note.code;
      $('tour-shows').textContent = note.shows;
      $('tour-fix').textContent = note.fix;
      // aria-disabled, not disabled: a button keeps its focus at the tour's ends.
      previous.setAttribute('aria-disabled', String(step <= 1));
      next.setAttribute('aria-disabled', String(step >= tour.steps.length));
    },
  };
}
