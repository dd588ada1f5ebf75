// Motion: beside each parameter a button "Play <name>" ("Pause <name>" while
// playing) sweeps the parameter's slider back and forth over all its positions (so
// on a log scale where the slider is logarithmic: Rust maps positions to values), at
// the speed of the select "speed". Any edit stops it; nothing starts by itself;
// under prefers-reduced-motion the sweep moves in a few discrete steps a second.
// "Export animation" records one sweep (there and back) of the playing parameter
// (or the last played, or the first) as a WebM video of the plots (animation.js,
// loaded on the first press).

const $ = (id) => document.getElementById(id);

/** One sweep, there and back, at speed 1, in milliseconds. */
export const SWEEP_MS = 8000;
/** Under prefers-reduced-motion: the time between two moves, and moves per way. */
const REDUCED_STEP_MS = 500;
const REDUCED_STEPS = 8;

/** The position at phase p in [0, 2): up from 0 to `last` over [0, 1), down over [1, 2). */
export function positionAt(phase, last) {
  const up = phase % 2;
  return Math.round((up < 1 ? up : 2 - up) * last);
}

export function initMotion(page, app) {
  const speed = $('speed');
  const exportButton = $('export-animation');
  const reduced = window.matchMedia('(prefers-reduced-motion: reduce)');
  /** The parameter playing: {role, name, last, phase, time, frame}, or null. */
  let sweep = null;
  /** The parameter last played, {role, name}. */
  let lastPlayed = null;
  let recording = false;

  const buttonOf = (role, name) => document.querySelector(
    `#${role}-params .param[data-name="${CSS.escape(name)}"] button.play`,
  );
  const label = (button, playing) => {
    const text = `${playing ? 'Pause' : 'Play'} ${button.dataset.name}`;
    button.setAttribute('aria-label', text);
    button.title = text;
    button.textContent = playing ? '❚❚' : '▶';
    button.setAttribute('aria-pressed', String(playing));
  };

  const stop = () => {
    if (sweep === null) return;
    cancelAnimationFrame(sweep.frame);
    clearTimeout(sweep.timer);
    const button = buttonOf(sweep.role, sweep.name);
    sweep = null;
    if (button) label(button, false);
    page.hold_scales(false);
    app.draw();
  };

  const paramOf = (role, name) => page.controls()[`${role}_params`].find((p) => p.name === name);

  const move = (position) => {
    if (app.edit(() => page.set_param_position(sweep.role, sweep.name, position)) !== null) stop();
  };
  const tick = (now) => {
    if (sweep === null) return;
    const elapsed = now - sweep.time;
    sweep.time = now;
    sweep.phase = (sweep.phase + (2 * elapsed * Number(speed.value)) / SWEEP_MS) % 2;
    const position = positionAt(sweep.phase, sweep.last);
    if (position !== sweep.position) {
      sweep.position = position;
      move(position);
    }
    if (sweep !== null) sweep.frame = requestAnimationFrame(tick);
  };
  const reducedTick = () => {
    if (sweep === null) return;
    sweep.phase = (sweep.phase + 1 / REDUCED_STEPS) % 2;
    move(positionAt(sweep.phase, sweep.last));
    if (sweep !== null) sweep.timer = setTimeout(reducedTick, REDUCED_STEP_MS / Number(speed.value));
  };

  const play = (role, name) => {
    stop();
    const param = paramOf(role, name);
    if (!param || param.positions < 1) return;
    const start = param.position / param.positions;
    sweep = {
      role,
      name,
      last: param.positions,
      phase: start >= 1 ? 1 : start,
      position: param.position,
      time: performance.now(),
      frame: 0,
      timer: 0,
    };
    lastPlayed = { role, name };
    label(buttonOf(role, name), true);
    page.hold_scales(true);
    if (reduced.matches) {
      sweep.timer = setTimeout(reducedTick, REDUCED_STEP_MS / Number(speed.value));
    } else {
      sweep.frame = requestAnimationFrame(tick);
    }
  };

  /** Adds a Play button to each parameter row that has none. */
  const addButtons = () => {
    for (const role of ['forward', 'backward']) {
      for (const row of document.querySelectorAll(`#${role}-params .param`)) {
        if (row.querySelector('button.play')) continue;
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'play';
        button.dataset.name = row.dataset.name;
        label(button, false);
        button.addEventListener('click', () => {
          const playing = sweep?.role === role && sweep?.name === row.dataset.name;
          if (playing) stop();
          else play(role, row.dataset.name);
        });
        row.append(button);
      }
    }
  };

  // Any edit by a person stops the sweep: typed or dragged values, selects, boxes,
  // and the controls' other buttons (pin, unpin, the tour's steps).
  const stopOnEdit = (event) => {
    if (event.target !== speed) stop();
  };
  document.addEventListener('input', stopOnEdit, true);
  // Reaching for a value stops it too: the sweep would rewrite the text being typed.
  document.addEventListener('focusin', (event) => {
    if (event.target instanceof HTMLInputElement) stop();
  });
  document.addEventListener('change', stopOnEdit, true);
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (button && !button.classList.contains('play') && button.closest('#controls')) stop();
  }, true);

  exportButton.addEventListener('click', async () => {
    if (recording) return;
    const c = page.controls();
    const target = sweep ?? lastPlayed
      ?? [['backward', c.backward_params], ['forward', c.forward_params]]
        .filter(([, params]) => params.length > 0)
        .map(([role, params]) => ({ role, name: params[0].name }))[0];
    const param = target && paramOf(target.role, target.name);
    if (!param) {
      app.showMessage(['this estimator has no parameter to animate']);
      return;
    }
    stop();
    recording = true;
    exportButton.setAttribute('aria-busy', 'true');
    exportButton.disabled = true;
    const original = param.position;
    const set = (position) => app.edit(() => page.set_param_position(target.role, target.name, position));
    page.hold_scales(true);
    try {
      const { recordSweep } = await import('./animation.js');
      const seconds = SWEEP_MS / Number(speed.value) / 1000;
      const video = await recordSweep(app.layers(), (t) => set(positionAt(2 * t, param.positions)), seconds);
      app.download(video, app.fileName('webm'));
    } catch (error) {
      app.showMessage([`the animation could not be recorded: ${error?.message ?? error}`]);
    } finally {
      page.hold_scales(false);
      set(original);
      recording = false;
      exportButton.disabled = false;
      exportButton.removeAttribute('aria-busy');
    }
  });

  return {
    stop,
    refreshed() {
      addButtons();
      if (sweep !== null && !buttonOf(sweep.role, sweep.name)) stop();
    },
  };
}
