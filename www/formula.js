// The formula mode of the page, loaded when it is first used: a text box `formula`
// and a select `framework` that set the spec `<framework>: <formula>`, checked as
// the user types (after a pause) so that a typo shows its message, with the spot,
// in the alert region while the last good plot stays; one slider per declared
// parameter; the framework's no-gradient message beside the plots; and where
// TensorFlow, PyTorch and JAX disagree on the formula, in a sentence beside the plots
// and, on `Compare frameworks`, as pins. The rules (parsing, the sliders' ranges,
// what "no gradient" means, where the frameworks disagree) are all in Rust.

/** How long typing pauses before the text is checked. */
const CHECK_DELAY_MS = 300;
/** How long the view rests before the three frameworks are compared again. */
const COMPARE_DELAY_MS = 250;

/** The formula a person starts from: the straight-through estimator of round. */
const STARTING_FORMULA = 'tf: x + stop_gradient(round(x) - x)';

const $ = (id) => document.getElementById(id);

let wired = false;
let checkTimer = 0;
let compareTimer = 0;
/** The parameter names the sliders were built for. */
let builtParams = null;

/** The spec the text box and the framework select stand for. */
const specOfControls = () => `${$('framework').value}: ${$('formula').value}`;

/** Checks the text and framework now; a refused text leaves the view as it was. */
function check(ui) {
  clearTimeout(checkTimer);
  ui.edit(() => ui.page.set('spec', specOfControls()));
}

function wire(ui) {
  if (wired) return;
  wired = true;
  $('formula').addEventListener('input', () => {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(() => check(ui), CHECK_DELAY_MS);
  });
  $('formula').addEventListener('change', () => check(ui));
  $('framework').addEventListener('change', () => check(ui));
  $('compare-frameworks').addEventListener('click', () => ui.edit(() => ui.page.pin_other_frameworks()));
}

/** Says where the three frameworks disagree, once the view has rested. */
function compareLater(ui) {
  clearTimeout(compareTimer);
  compareTimer = setTimeout(() => {
    const sentence = ui.page.framework_differences();
    const region = $('framework-differences');
    region.hidden = !sentence;
    region.textContent = sentence ?? '';
  }, COMPARE_DELAY_MS);
}

/** Switches the forward to a formula: the starting one. */
export function open(ui) {
  wire(ui);
  ui.edit(() => ui.page.set('spec', STARTING_FORMULA));
}

/** Shows the formula controls for the view's controls `c` (or hides them). */
export function show(c, ui) {
  wire(ui);
  const formula = c.formula;
  $('formula-controls').hidden = !formula;
  $('backward').disabled = Boolean(formula);
  $('compare-frameworks').disabled = !c.can_pin;
  const note = $('no-gradient');
  note.hidden = !formula?.no_gradient;
  note.textContent = formula?.no_gradient ?? '';
  if (!formula) {
    builtParams = null;
    clearTimeout(compareTimer);
    $('framework-differences').hidden = true;
    return;
  }
  compareLater(ui);
  // The box keeps what the person types; it shows the canonical text otherwise.
  if (document.activeElement !== $('formula') && $('formula').value !== formula.text) {
    $('formula').value = formula.text;
  }
  if ($('framework').value !== formula.framework) $('framework').value = formula.framework;
  const params = formula.params.map((p) => ({ ...p, doc: `${p.name} in [${p.min}, ${p.max}]` }));
  const names = params.map((p) => p.name).join(',');
  const container = $('formula-params');
  if (builtParams !== names) {
    ui.renderParams(container, params, {
      onPosition: (name, position) => ui.edit(() => ui.page.set_param_position('forward', name, position)),
      onText: (name, text) => ui.edit(() => ui.page.set_param('forward', name, text)),
      current: () => ui.page.controls().formula?.params ?? [],
      onDrag: ui.holdScales,
    });
    builtParams = names;
  } else {
    ui.showParamValues(container, params);
  }
}
