// The page as a person meets it: presets opened by URL, sliders dragged, estimators
// pinned, files exported, f32 and f64, the readout, and the accessible names that
// screen readers and these tests rely on. Screenshots go to target/screenshots/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { alertText, assertTwoPlots, canvasHash, CLI, launch, openPage, screenshot } from './harness.js';

let browser;
let listing;

before(async () => {
  browser = await launch();
  listing = JSON.parse(execFileSync(CLI, ['list', '--json'], { encoding: 'utf8' }));
});

after(async () => {
  await browser?.close();
});

test('every preset opened by URL shows its note and two non-blank plots', async () => {
  for (const preset of listing.presets) {
    const { page, context, problems } = await openPage(browser, `?spec=preset:${preset.id}`);
    const note = page.locator('#note');
    assert.ok(await note.isVisible(), `${preset.id}: the note is hidden`);
    assert.match(await note.textContent(), new RegExp(preset.did.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.equal(await page.getByRole('combobox', { name: 'preset', exact: true }).inputValue(), preset.id);
    await assertTwoPlots(page, preset.id);
    assert.equal(await alertText(page), '', `${preset.id}: unexpected alert`);
    assert.deepEqual(problems, [], `${preset.id}: ${problems.join('; ')}`);
    await screenshot(page, `preset-${preset.id}-f64`);
    await context.close();
  }
});

test('presets switched to f32 draw the float32 pitfalls', async () => {
  for (const id of ['round-sigmoid-naive', 'heaviside-sign-sigmoid', 'soft-round', 'round-fourier', 's-lambda-nan', 'round-clamp']) {
    const { page, context, problems } = await openPage(browser, `?spec=preset:${id}&dtype=f32`, { scale: 2 });
    assert.equal(await page.getByRole('combobox', { name: 'dtype', exact: true }).inputValue(), 'f32');
    await assertTwoPlots(page, `${id} f32`);
    assert.deepEqual(problems, []);
    await screenshot(page, `preset-${id}-f32-hidpi`);
    await context.close();
  }
});

test('f32 and f64 draw differently where the pitfall exists only in f32', async () => {
  const { page, context, problems } = await openPage(browser, '?spec=preset:round-sigmoid-naive&from=0&to=1.5');
  const before64 = await canvasHash(page, 'plot-forward');
  await page.getByRole('combobox', { name: 'dtype', exact: true }).selectOption('f32');
  assert.notEqual(await canvasHash(page, 'plot-forward'), before64);
  await page.waitForFunction(() => window.location.search.includes('dtype=f32'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('dragging alpha of soft_round changes the URL and the plotted pixels', async () => {
  const { page, context, problems } = await openPage(browser, '?spec=soft_round(alpha=3)');
  const slider = page.getByRole('slider', { name: 'alpha', exact: true });
  const beforeHash = await canvasHash(page, 'plot-forward');
  const beforeUrl = page.url();
  const box = await slider.boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.03, y);
  await page.mouse.down();
  const hashes = new Set();
  for (let step = 1; step <= 8; step += 1) {
    await page.mouse.move(box.x + box.width * (0.03 + step * 0.05), y);
    hashes.add(await canvasHash(page, 'plot-forward'));
  }
  await page.mouse.up();
  assert.ok(hashes.size >= 4, `the plot followed the drag only ${hashes.size} times`);
  assert.notEqual(await canvasHash(page, 'plot-forward'), beforeHash);
  const value = await page.getByRole('spinbutton', { name: 'alpha value', exact: true }).inputValue();
  assert.notEqual(value, '3');
  await page.waitForFunction((v) => window.location.search.includes(`spec=soft_round(alpha=${v})`), value);
  assert.notEqual(page.url(), beforeUrl);
  assert.deepEqual(problems, []);
  await screenshot(page, 'soft-round-dragged');
  await context.close();
});

test('every parameter slider of a two-parameter estimator redraws', async () => {
  const { page, context, problems } = await openPage(browser, '?spec=sigmoid_round(slope=10)/sigmoid(k=2)');
  for (const name of ['slope', 'center', 'k']) {
    const before = await canvasHash(page, name === 'k' ? 'plot-backward' : 'plot-forward');
    const slider = page.getByRole('slider', { name, exact: true });
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('PageUp');
    const after = await canvasHash(page, name === 'k' ? 'plot-backward' : 'plot-forward');
    assert.notEqual(after, before, `moving ${name} did not redraw`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('the CSV export equals gradscope table for the same view', async () => {
  const query = '?spec=heaviside(h0=0)/sigmoid(k=2)&from=-2&to=2.5&dtype=f32';
  const { page, context, problems } = await openPage(browser, query);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'CSV' }).click(),
  ]);
  const exported = readFileSync(await download.path(), 'utf8');
  const expected = execFileSync(
    CLI,
    ['table', 'heaviside(h0=0)/sigmoid(k=2)', '--from', '-2', '--to', '2.5', '--samples', '1001', '--dtype', 'f32', '--true'],
    { encoding: 'utf8' },
  );
  assert.equal(exported, expected);
  assert.deepEqual(problems, []);
  await context.close();
});

test('PNG and SVG exports hold the figure', async () => {
  const { page, context, problems } = await openPage(browser, '?spec=preset:round-ste&pin=soft_round');
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PNG' }).click()]);
  const pngBytes = readFileSync(await png.path());
  assert.deepEqual([...pngBytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SVG' }).click()]);
  const svgText = readFileSync(await svg.path(), 'utf8');
  assert.match(svgText, /^<svg/);
  assert.ok(svgText.includes('round/identity'), 'the SVG names the estimator');
  assert.ok(svgText.includes('soft_round'), 'the SVG names the pin');
  assert.deepEqual(problems, []);
  await context.close();
});

test('two pinned estimators show in the legend and the list', async () => {
  const { page, context, problems } = await openPage(browser, '?spec=soft_round(alpha=3)');
  const pin = page.getByRole('button', { name: 'Pin' });
  await pin.click();
  const box = page.getByRole('spinbutton', { name: 'alpha value', exact: true });
  await box.fill('8');
  await box.press('Enter');
  await pin.click();
  await page.getByRole('combobox', { name: 'backward', exact: true }).selectOption('identity');
  const items = page.locator('#pins li');
  assert.equal(await items.count(), 2);
  assert.deepEqual(await items.locator('code').allTextContents(), ['soft_round', 'soft_round(alpha=8)']);
  const svg = await page.evaluate(() => window.gradscopePage.svg(900, 700));
  for (const spec of ['>soft_round(alpha=8)/identity<', '>soft_round(alpha=8)<', '>soft_round<']) {
    assert.ok(svg.includes(spec), `legend lacks ${spec}`);
  }
  await page.waitForFunction(() => (window.location.search.match(/pin=/g) ?? []).length === 2);
  assert.deepEqual(problems, []);
  await screenshot(page, 'pinned-overlay');
  await context.close();
});

test('the readout follows the pointer and the keyboard', async () => {
  const { page, context, problems } = await openPage(browser, '?spec=round/identity');
  // The readout (the training lab's status is the page's other status).
  const status = page.getByRole('status').and(page.locator('#readout'));
  const plot = page.getByRole('img', { name: /Backward df\/dx of round\/identity/ });
  const box = await plot.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  assert.match(await status.textContent(), /x = .*f\(x\) = .*backward = 1/);
  await plot.focus();
  await page.keyboard.press('Home');
  assert.match(await status.textContent(), /x = -3 · f\(x\) = -3 · backward = 1 · true derivative = 0/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('controls carry the accessible names the interface promises', async () => {
  const { page, context, problems } = await openPage(browser, '?spec=soft_round/snntorch_atan');
  for (const name of ['forward', 'backward', 'preset', 'dtype']) {
    assert.equal(await page.getByRole('combobox', { name, exact: true }).count(), 1, name);
  }
  for (const name of ['from', 'to', 'eps value']) {
    assert.equal(await page.getByRole('spinbutton', { name, exact: true }).count(), 1, name);
  }
  // soft_round and snntorch_atan both take an alpha: one pair of controls each.
  assert.equal(await page.getByRole('spinbutton', { name: 'alpha value', exact: true }).count(), 2);
  assert.equal(await page.getByRole('slider', { name: 'alpha', exact: true }).count(), 2);
  for (const name of ['Pin', 'PNG', 'SVG', 'CSV']) {
    assert.equal(await page.getByRole('button', { name }).count(), 1, name);
  }
  // The two plots, and the training lab's curves (its status is named `training`).
  assert.equal(await page.getByRole('img', { name: /^(Forward|Backward) / }).count(), 2);
  assert.equal(await page.getByRole('img').count(), 3);
  assert.equal(await page.getByRole('status').count(), 2);
  assert.equal(await page.getByRole('status', { name: 'training', exact: true }).count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a refused value shows an alert and keeps the last good plot', async () => {
  const { page, context, problems } = await openPage(browser, '?spec=soft_round');
  const before = await canvasHash(page, 'plot-forward');
  const box = page.getByRole('spinbutton', { name: 'alpha value', exact: true });
  await box.fill('1000');
  await box.press('Enter');
  assert.match(await alertText(page), /alpha = 1000 is out of range/);
  assert.equal(await canvasHash(page, 'plot-forward'), before);
  await page.getByRole('spinbutton', { name: 'to', exact: true }).fill('-5');
  await page.getByRole('spinbutton', { name: 'to', exact: true }).press('Enter');
  assert.match(await alertText(page), /must be less than/);
  assert.equal(await canvasHash(page, 'plot-forward'), before);
  assert.deepEqual(problems, []);
  await context.close();
});
