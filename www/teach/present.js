// Presentation mode, themes and panels as the page shows them: `present=1` (button
// Present, key p) lets the plots fill the window and folds the controls behind the
// button Controls; `theme=` (select theme) or, unset, the system's
// prefers-color-scheme colours page and plots alike; `panel=` hides the plot not
// shown. `?` opens the list of keyboard shortcuts. The figure's own sizes and
// colours come from Rust (FigureStyle::for_view): this file only sets the page's
// attributes and the system theme.

const $ = (id) => document.getElementById(id);

/** Whether a key press goes to a text field, a select or a button's own keys. */
function typing(event) {
  const target = event.target;
  return target instanceof HTMLElement
    && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
}

/** Sets or removes a data attribute of the root element. */
function setRootFlag(name, value) {
  const root = document.documentElement;
  if (value === null || value === false) {
    delete root.dataset[name];
  } else if (root.dataset[name] !== String(value)) {
    root.dataset[name] = String(value);
  }
}

export function initPresent(page, app) {
  const present = $('present');
  const controlsButton = $('controls-toggle');
  const dialog = $('shortcuts');
  const system = window.matchMedia('(prefers-color-scheme: dark)');
  page.set_system_dark(system.matches);
  system.addEventListener('change', () => {
    page.set_system_dark(system.matches);
    app.refresh();
  });

  const setControlsOpen = (open) => {
    controlsButton.setAttribute('aria-expanded', String(open));
    setRootFlag('controls', open ? 'open' : null);
  };
  const togglePresent = () => {
    const on = present.getAttribute('aria-pressed') === 'true';
    app.edit(() => page.set('present', on ? '0' : '1'));
  };
  present.addEventListener('click', togglePresent);
  controlsButton.addEventListener('click', () => {
    setControlsOpen(controlsButton.getAttribute('aria-expanded') !== 'true');
  });
  $('shortcuts-open').addEventListener('click', () => dialog.showModal());
  $('shortcuts-close').addEventListener('click', () => dialog.close());

  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    if (event.key === '?') {
      event.preventDefault();
      if (!dialog.open) dialog.showModal();
    } else if (event.key === 'p' && document.documentElement.dataset.embed === undefined) {
      event.preventDefault();
      togglePresent();
    } else if (event.key === 'Escape' && document.documentElement.dataset.controls) {
      setControlsOpen(false);
      controlsButton.focus();
    }
  });

  return {
    refreshed(c) {
      const on = (c.keys.present[0] ?? '') === '1';
      present.setAttribute('aria-pressed', String(on));
      setRootFlag('present', on);
      if (!on) setControlsOpen(false);
      // The page's colours follow the view's theme, or the system's when unset.
      setRootFlag('theme', c.keys.theme[0] ?? (system.matches ? 'dark' : 'light'));
      const panel = c.keys.panel[0] ?? 'both';
      setRootFlag('panel', panel);
      $('plot-forward').parentElement.hidden = panel === 'df';
      $('plot-backward').parentElement.hidden = panel === 'f';
    },
  };
}
