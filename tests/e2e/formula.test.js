// Formulas on the page (issue 13): choosing `formula` in the forward selector opens
// the text box and the framework select; typing a formula plots it; a typo shows its
// message with the spot in the alert region and keeps the last good plot; a declared
// parameter's slider redraws; the URL round-trips the formula; switching framework
// changes the backward where the frameworks disagree; the no-gradient message shows
// beside the plots. The formula module is loaded only when a formula is first shown.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { alertText, assertTwoPlots, canvasHash, CLI, launch, openPage, screenshot } from './harness.js';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** The spec the page shows, once the URL says the same. */
async function settledSpec(page) {
  await page.waitForFunction(
    () => new URLSearchParams(window.location.search).get('spec') === window.gradscopePage.controls().spec,
    null,
    { timeout: 5000 },
  );
  return page.evaluate(() => window.gradscopePage.controls().spec);
}

/** Types `text` into the formula box and waits until the page has checked it. */
async function typeFormula(page, text) {
  const box = page.getByRole('textbox', { name: 'formula', exact: true });
  await box.fill(text);
  // The check runs after a pause in typing (and on leaving the box).
  await page.waitForTimeout(600);
}

test('choosing formula opens the box, and typing a formula plots it', async () => {
  const { page, context, problems } = await openPage(browser, '');
  const modulesBefore = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name));
  assert.ok(!modulesBefore.some((name) => name.endsWith('/formula.js')), 'formula.js loaded before it was needed');
  await page.getByRole('combobox', { name: 'forward', exact: true }).selectOption('formula');
  const box = page.getByRole('textbox', { name: 'formula', exact: true });
  await box.waitFor({ state: 'visible' });
  assert.ok(await page.getByRole('combobox', { name: 'framework', exact: true }).isVisible());
  await typeFormula(page, 'clip(x, -1, 1) + stop_gradient(round(x) - clip(x, -1, 1))');
  await box.blur();
  assert.equal(await settledSpec(page), 'tf: clip(x, -1, 1) + stop_gradient(round(x) - clip(x, -1, 1))');
  // The selects say what is drawn: a formula, differentiated by TensorFlow's autodiff.
  assert.equal(await page.getByRole('combobox', { name: 'forward', exact: true }).inputValue(), 'formula');
  const backward = page.getByRole('combobox', { name: 'backward', exact: true });
  assert.equal(await backward.inputValue(), 'tf');
  assert.equal(await backward.evaluate((s) => s.selectedOptions[0]?.text), 'TensorFlow autodiff');
  assert.ok(await backward.isDisabled());
  await assertTwoPlots(page, 'typed formula');
  assert.equal(await alertText(page), '');
  assert.deepEqual(problems, []);
  await screenshot(page, 'formula-typed');
  await context.close();
});

test('a typo shows its message with the spot and keeps the last good plot', async () => {
  const { page, context, problems } = await openPage(browser, '?spec=' + encodeURIComponent('torch: sigmoid(4 * x)'));
  const before = [await canvasHash(page, 'plot-forward'), await settledSpec(page)];
  await typeFormula(page, 'sigmoid(4 * x');
  const message = await alertText(page);
  assert.match(message, /at character \d+/, message);
  assert.deepEqual([await canvasHash(page, 'plot-forward'), await settledSpec(page)], before);
  await typeFormula(page, 'sigmod(4 * x)');
  assert.match(await alertText(page), /did you mean 'sigmoid'/);
  await typeFormula(page, 'sigmoid(8 * x)');
  assert.equal(await alertText(page), '');
  assert.equal(await settledSpec(page), 'torch: sigmoid(8 * x)');
  assert.deepEqual(problems, []);
  await context.close();
});

test('code pasted with the framework\'s own op names plots, and another framework\'s op is explained', async () => {
  const { page, context, problems } = await openPage(browser, '?spec=' + encodeURIComponent('torch: sigmoid(x)'));
  await typeFormula(page, 'torch.where(x > 0, torch.sigmoid(x), torch.zeros_like(x))');
  assert.equal(await settledSpec(page), 'torch: where(x > 0, sigmoid(x), zeros_like(x))');
  assert.equal(await alertText(page), '');
  const before = await canvasHash(page, 'plot-forward');
  await typeFormula(page, 'tf.maximum(x, 0)');
  assert.match(await alertText(page), /'tf\.maximum' is TensorFlow's, and this is a PyTorch formula/);
  assert.equal(await canvasHash(page, 'plot-forward'), before);
  assert.equal(await settledSpec(page), 'torch: where(x > 0, sigmoid(x), zeros_like(x))');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a declared parameter gets a slider that redraws, and the URL round-trips it', async () => {
  const spec = 'jax: where(abs(x) > lam, x, zeros_like(x)); lam = 1 in [0, 3]';
  const { page, context, problems } = await openPage(browser, '?spec=' + encodeURIComponent(spec));
  assert.equal(await settledSpec(page), spec);
  assert.equal(
    await page.getByRole('textbox', { name: 'formula', exact: true }).inputValue(),
    'where(abs(x) > lam, x, zeros_like(x)); lam = 1 in [0, 3]',
  );
  assert.equal(await page.getByRole('combobox', { name: 'framework', exact: true }).inputValue(), 'jax');
  const slider = page.getByRole('slider', { name: 'lam', exact: true });
  const before = await canvasHash(page, 'plot-forward');
  await slider.focus();
  for (let i = 0; i < 100; i += 1) await slider.press('ArrowRight');
  const moved = await settledSpec(page);
  assert.notEqual(moved, spec);
  assert.match(moved, /^jax: where\(abs\(x\) > lam, x, zeros_like\(x\)\); lam = [\d.]+ in \[0, 3\]$/);
  assert.notEqual(await canvasHash(page, 'plot-forward'), before);
  // The moved URL opened afresh shows the same formula.
  const url = page.url();
  const again = await browser.newPage();
  await again.goto(url);
  await again.waitForSelector('body[data-ready="true"]');
  assert.equal(await again.evaluate(() => window.gradscopePage.controls().spec), moved);
  await again.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test('switching framework changes the backward where the frameworks disagree', async () => {
  const text = 'maximum(x, zeros_like(x))';
  const { page, context, problems } = await openPage(browser, '?spec=' + encodeURIComponent(`tf: ${text}`));
  const at0 = () => page.evaluate(() => window.gradscopePage.readout(0).backward);
  const cli = (framework) => {
    const csv = execFileSync(CLI, ['eval', `${framework}: ${text}`], { input: '0\n', encoding: 'utf8' });
    return Number(csv.trim().split('\n')[1].split(',')[2]);
  };
  assert.equal(await at0(), cli('tf'));
  await page.getByRole('combobox', { name: 'framework', exact: true }).selectOption('torch');
  assert.equal(await settledSpec(page), `torch: ${text}`);
  assert.equal(await at0(), cli('torch'));
  assert.notEqual(cli('tf'), cli('torch'), 'the frameworks break the tie of maximum differently');
  assert.deepEqual(problems, []);
  await context.close();
});

test('where the three frameworks disagree is said beside the plots, and Compare frameworks pins them', async () => {
  const text = 'maximum(x, zeros_like(x))';
  const { page, context, problems } = await openPage(browser, '?spec=' + encodeURIComponent(`tf: ${text}`));
  const region = page.getByRole('status', { name: 'framework differences', exact: true });
  const said = async (spec, ...flags) => {
    const cli = execFileSync(CLI, ['frameworks', spec, ...flags], { encoding: 'utf8' }).trim();
    await page.waitForFunction((want) => document.getElementById('framework-differences').textContent === want, cli, { timeout: 5000 });
    return cli;
  };
  assert.match(await said(`tf: ${text}`), /disagree at 1 place .*x = 0: 1 in TensorFlow, 0\.5 in PyTorch and JAX/);
  assert.ok(await region.isVisible());
  await page.getByRole('button', { name: 'Compare frameworks', exact: true }).click();
  assert.deepEqual(await page.evaluate(() => window.gradscopePage.controls().pins), [`torch: ${text}`, `jax: ${text}`]);
  const at0 = await page.evaluate(() => window.gradscopePage.readout(0));
  assert.deepEqual([at0.backward, ...at0.pins.map((p) => p.backward)], [1, 0.5, 0.5]);
  await assertTwoPlots(page, 'three frameworks pinned');
  await screenshot(page, 'formula-frameworks');
  // A second press pins nothing twice.
  await page.getByRole('button', { name: 'Compare frameworks', exact: true }).click();
  assert.equal((await page.evaluate(() => window.gradscopePage.controls().pins)).length, 2);
  // Where the three agree, the sentence says so; and it follows the dtype.
  await typeFormula(page, 'sigmoid(4 * x)');
  assert.match(await said('tf: sigmoid(4 * x)'), /agree on f, df and the true derivative/);
  await page.getByRole('combobox', { name: 'dtype', exact: true }).selectOption('f32');
  await typeFormula(page, 'where(x > 0, sqrt(x), zeros_like(x))');
  assert.match(await said('tf: where(x > 0, sqrt(x), zeros_like(x))', '--dtype', 'f32'), /on \[-3, 0\]/);
  // A catalog estimator has no frameworks to compare.
  await page.getByRole('combobox', { name: 'forward', exact: true }).selectOption('round');
  await settledSpec(page);
  assert.ok(!(await region.isVisible()));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a formula without a gradient path says so beside the plots', async () => {
  const { page, context, problems } = await openPage(browser, '?spec=' + encodeURIComponent('tf: round(x)'));
  const note = page.locator('#no-gradient');
  assert.ok(await note.isVisible());
  assert.match(await note.textContent(), /TensorFlow returns None here/);
  await page.getByRole('combobox', { name: 'framework', exact: true }).selectOption('jax');
  await settledSpec(page);
  assert.ok(!(await note.isVisible()));
  await page.getByRole('combobox', { name: 'forward', exact: true }).selectOption('round');
  assert.equal(await settledSpec(page), 'round');
  assert.ok(!(await page.getByRole('textbox', { name: 'formula', exact: true }).isVisible()));
  assert.deepEqual(problems, []);
  await context.close();
});

test('the formula controls at a phone width and at DPR 2', async () => {
  const spec = 'torch: clip(x, -lam, lam); lam = 1.5 in [0, 3]';
  for (const [name, options] of [['formula-phone', { width: 390, height: 900, scale: 2 }], ['formula-dpr2', { scale: 2 }]]) {
    const { page, context, problems } = await openPage(browser, '?spec=' + encodeURIComponent(spec), options);
    await assertTwoPlots(page, name);
    await screenshot(page, name);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('a preset from a seed snippet opens as that snippet in formula syntax', async () => {
  const listing = JSON.parse(execFileSync(CLI, ['list', '--json'], { encoding: 'utf8' }));
  const withFormula = listing.presets.filter((p) => p.as_formula);
  assert.ok(withFormula.length >= 10);
  for (const preset of withFormula) {
    const { page, context, problems } = await openPage(browser, `?spec=preset:${preset.id}`);
    const button = page.getByRole('button', { name: 'Open as formula', exact: true });
    await button.click();
    const spec = await settledSpec(page);
    assert.equal(spec, execFileSync(CLI, ['anatomy', preset.as_formula], { encoding: 'utf8' }).match(/"spec": "(.*)"/)[1].replace(/\\"/g, '"'));
    assert.ok(await page.getByRole('textbox', { name: 'formula', exact: true }).isVisible());
    await assertTwoPlots(page, `${preset.id} as a formula`);
    assert.deepEqual(problems, [], `${preset.id}: ${problems.join('; ')}`);
    await context.close();
  }
  // A preset without a seed snippet offers no button.
  const plain = listing.presets.find((p) => !p.as_formula);
  const { page, context } = await openPage(browser, `?spec=preset:${plain.id}`);
  assert.ok(!(await page.getByRole('button', { name: 'Open as formula', exact: true }).isVisible()));
  await context.close();
});
