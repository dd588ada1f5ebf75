// The training lab as a person uses it: Train, the status to "done", the loss curves
// and each estimator's picture drawn, Stop; the plots stay live while it trains
// (dragging a slider redraws the forward plot at once); and the page's run, exported,
// equals `gradscope train`'s CSV for the same view byte for byte. Screenshots of a
// finished run go to target/screenshots/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { alertText, canvasHash, CLI, inkedPixels, launch, openPage, screenshot } from './harness.js';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** A canvas with fewer inked pixels than this counts as blank. */
const MIN_INK = 1500;

/** The training panel's controls, found by their accessible names. */
function panel(page) {
  return {
    task: page.getByRole('combobox', { name: 'task', exact: true }),
    train: page.getByRole('button', { name: /^(Train|Stop)$/ }),
    status: page.getByRole('status', { name: 'training', exact: true }),
    curves: page.getByRole('img', { name: /loss curves/i }),
  };
}

/** The selected task's note, once the lab (loaded when its panel is first seen) shows it. */
async function taskNote(page) {
  await page.locator('#training-lab').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.getElementById('task-note').textContent !== '', null, { timeout: 20000 });
  return page.locator('#task-note').textContent();
}

/** Presses Train and waits until the status says the run is done. */
async function trainToTheEnd(page, timeout = 60000) {
  const { train, status } = panel(page);
  await train.click();
  await page.waitForFunction(
    () => /^done/.test(document.getElementById('training').textContent),
    null,
    { timeout },
  );
  assert.equal(await train.textContent(), 'Train');
  return status.textContent();
}

/** The run's CSV as the Export run button saves it. */
async function exportedRun(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export run' }).click(),
  ]);
  return readFileSync(await download.path(), 'utf8');
}

test('Train trains the estimator and its pin side by side to "done", with curves and decision regions', async () => {
  const query = '?spec=sign/larq_ste_sign&pin=sign&task=xor&epochs=150';
  const { page, context, problems } = await openPage(browser, query);
  const { task, status, curves } = panel(page);
  assert.equal(await task.inputValue(), 'xor');
  assert.match(await taskNote(page), /straight-through sign/);
  assert.equal(await curves.count(), 1);
  assert.ok((await inkedPixels(page, 'loss-curves')) < MIN_INK, 'the curves canvas is blank before any run');
  const text = await trainToTheEnd(page);
  assert.match(text, /^done: 150 epochs in [\d.]+ s · sign\/larq_ste_sign: accuracy [\d.]+ % · sign: accuracy [\d.]+ %$/);
  const accuracies = [...text.matchAll(/accuracy ([\d.]+) %/g)].map((m) => Number(m[1]));
  assert.ok(accuracies[0] > 80, `the straight-through sign learnt xor: ${text}`);
  assert.ok(accuracies[0] > accuracies[1] + 10, `the true gradient of sign cannot move the hidden weights: ${text}`);
  assert.ok((await inkedPixels(page, 'loss-curves')) >= MIN_INK, 'the loss curves look blank');
  const pictures = page.getByRole('img', { name: /after 150 epochs: the output over/ });
  assert.equal(await pictures.count(), 2, 'one decision-region picture per estimator');
  assert.deepEqual(await page.locator('#training-pictures figcaption').allTextContents(), ['sign/larq_ste_sign', 'sign']);
  assert.deepEqual(await page.locator('#training-legend code').allTextContents(), ['sign/larq_ste_sign', 'sign']);
  assert.equal(await status.count(), 1);
  assert.deepEqual(problems, []);
  await screenshot(page, 'train-xor-done');
  await context.close();
});

test('a slider still redraws the plots while the worker trains, and Stop ends the run', async () => {
  const query = '?spec=soft_round(alpha=3)/identity&task=spiral&epochs=100000';
  const { page, context, problems } = await openPage(browser, query);
  const { train, status } = panel(page);
  await train.click();
  await page.waitForFunction(() => /^training: epoch [1-9]/.test(document.getElementById('training').textContent), null, { timeout: 20000 });
  assert.equal(await train.textContent(), 'Stop', 'Train becomes Stop while it trains');
  const before = await canvasHash(page, 'plot-forward');
  const slider = page.getByRole('slider', { name: 'alpha', exact: true });
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2, { steps: 5 });
  const during = await canvasHash(page, 'plot-forward');
  const text = await status.textContent();
  await page.mouse.up();
  assert.notEqual(during, before, 'the forward plot did not change while training');
  assert.match(text, /^training: epoch \d+ of 100000/, 'the run was not going on during the drag');
  const epochOf = (line) => Number(line.match(/epoch (\d+)/)[1]);
  await page.waitForFunction(
    (seen) => Number(document.getElementById('training').textContent.match(/epoch (\d+)/)?.[1] ?? 0) > seen,
    epochOf(text),
    { timeout: 20000 },
  );
  await train.click();
  await page.waitForFunction(() => document.getElementById('train').textContent === 'Train');
  assert.match(await status.textContent(), /^stopped at epoch \d+ of 100000/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the page's run equals gradscope train's CSV byte for byte", async () => {
  const runs = [
    {
      query: '?spec=heaviside/snntorch_fast_sigmoid(slope=100)&pin=heaviside&task=spikes&epochs=12&seed=3&dtype=f32',
      args: ['train', 'heaviside/snntorch_fast_sigmoid(slope=100)', '--pin', 'heaviside', '--task', 'spikes', '--epochs', '12', '--seed', '3', '--dtype', 'f32'],
    },
    {
      query: '?spec=round/identity&task=spiral&epochs=40&lr=0.05&seed=11',
      args: ['train', 'round/identity', '--task', 'spiral', '--epochs', '40', '--lr', '0.05', '--seed', '11'],
    },
  ];
  for (const { query, args } of runs) {
    const { page, context, problems } = await openPage(browser, query);
    await trainToTheEnd(page);
    const exported = await exportedRun(page);
    const expected = execFileSync(CLI, args, { encoding: 'utf8' });
    assert.equal(exported, expected, query);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('spikes shows each estimator\'s hidden spikes, and a NaN gradient stops its estimator alone', async () => {
  const query = '?spec=heaviside/snntorch_fast_sigmoid(slope=100)&pin=heaviside/nan&task=spikes&epochs=30';
  const { page, context, problems } = await openPage(browser, query);
  assert.match(await taskNote(page), /0\.512 after 1,000 epochs with the true gradient.*0\.859 with SuperSpike/);
  const text = await trainToTheEnd(page);
  assert.match(text, /heaviside\/nan: accuracy [\d.]+ % \(the gradient of the input-to-hidden weights is NaN at epoch 0\)/);
  const rasters = page.getByRole('img', { name: /after 30 epochs: hidden spikes/ });
  assert.equal(await rasters.count(), 2);
  const csv = await exportedRun(page);
  const rows = csv.trim().split('\n');
  assert.equal(rows.length, 32, 'a header and epochs 0 to 30');
  assert.ok(rows.slice(2).every((row) => row.endsWith(',,')), 'the stopped pin has no cells after epoch 0');
  assert.deepEqual(problems, []);
  await screenshot(page, 'train-spikes-nan-pin');
  for (const [width, height, scale, name] of [[1200, 900, 2, 'train-spikes-hidpi'], [390, 844, 3, 'train-spikes-phone']]) {
    await page.setViewportSize({ width, height });
    await page.evaluate(() => document.getElementById('training-lab').scrollIntoView());
    const { page: sized, context: sizedContext } = await openPage(browser, query, { width, height, scale });
    await trainToTheEnd(sized);
    await screenshot(sized, name);
    await sizedContext.close();
  }
  await context.close();
});

test('a refused epochs value shows the alert and the run keeps the last good settings', async () => {
  const { page, context, problems } = await openPage(browser, '?spec=sign/larq_ste_sign&task=xor&epochs=20');
  const epochs = page.getByRole('spinbutton', { name: 'epochs', exact: true });
  await epochs.fill('0');
  await epochs.press('Enter');
  assert.match(await alertText(page), /epochs must lie in \[1, 100000\], not 0/);
  assert.equal(await epochs.inputValue(), '20');
  const text = await trainToTheEnd(page);
  assert.match(text, /^done: 20 epochs/);
  assert.equal((await exportedRun(page)).trim().split('\n').length, 22, 'a header and epochs 0 to 20');
  assert.deepEqual(problems, []);
  await context.close();
});
