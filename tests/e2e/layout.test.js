// The page's layout as people meet it on a desktop, on a 2x laptop and on a phone:
// on narrow screens the plots come first and the controls under them, and nothing
// sticks out sideways at 390 or 320 px; each problem of a link is one item of the
// alert's list; and screenshots of a few views at devicePixelRatio 1, 2 and 3 (the
// README's among them) go to target/screenshots/ to be looked at.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { saveFrontDoor } from './front-door.js';
import { alertText, assertTwoPlots, launch, openPage, screenshot, SCREENSHOTS } from './harness.js';

/** Phones: an iPhone 14's CSS width at its DPR, and the narrowest width in use. */
const PHONES = [
  { width: 390, height: 844, scale: 3 },
  { width: 320, height: 640, scale: 2 },
];

/**
 * Views whose texts are long: the default, a preset's note with two pinned specs, the
 * longest ids and parameter lists of the catalog, and a link with refused values
 * (long messages in the alert).
 */
const WIDE_CONTENT = [
  '',
  '?spec=preset:s-lambda-nan&pin=soft_round(alpha=7)/snntorch_atan(alpha=2)&pin=heaviside(h0=1)/spikingjelly_piecewise_leaky_relu(w=0.5,c=0.05)',
  '?spec=spikingjelly_multi_level_spike_count(max_spike_count=4)/spikingjelly_squarewave_fourier_series(n=7,t_period=8)&show=true,fd,implied',
  `?spec=soft_round(alpha=${'9'.repeat(60)})&pin=${'x'.repeat(80)}&from=abc`,
];

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** The page's width, its scroll width, and every visible element that sticks out sideways. */
async function sideways(page) {
  return page.evaluate(() => {
    const name = (element) =>
      `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className ? `.${element.className}` : ''}`;
    const outside = [];
    for (const element of document.body.querySelectorAll('*')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.left < -0.5 || box.right > window.innerWidth + 0.5) {
        outside.push(`${name(element)} spans ${box.left.toFixed(1)}..${box.right.toFixed(1)}`);
      }
    }
    return { innerWidth: window.innerWidth, scrollWidth: document.documentElement.scrollWidth, outside };
  });
}

/** The boxes of the plots' region and of the controls' form. */
async function regions(page) {
  return {
    plots: await page.getByRole('region', { name: 'Plots' }).boundingBox(),
    controls: await page.getByRole('form', { name: 'Estimator controls' }).boundingBox(),
  };
}

test('on a phone the plots come first, full width, and the controls under them', async () => {
  for (const phone of PHONES) {
    const { page, context, problems } = await openPage(browser, '', phone);
    const { plots, controls } = await regions(page);
    const label = `${phone.width} px`;
    assert.ok(plots.y + plots.height <= controls.y, `${label}: plots end at ${plots.y + plots.height}, controls start at ${controls.y}`);
    assert.ok(plots.y < phone.height / 4, `${label}: the plots start ${plots.y} px down`);
    for (const name of [/^Forward f\(x\)/, /^Backward df\/dx/]) {
      const canvas = await page.getByRole('img', { name }).boundingBox();
      assert.ok(canvas.width >= phone.width * 0.9, `${label}: a plot is only ${canvas.width} px wide`);
    }
    await assertTwoPlots(page, label);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('on a desktop the controls stay left of the plots', async () => {
  const { page, context, problems } = await openPage(browser, '', { width: 1200, height: 900 });
  const { plots, controls } = await regions(page);
  assert.ok(controls.x + controls.width <= plots.x, `controls end at ${controls.x + controls.width}, plots start at ${plots.x}`);
  assert.ok(Math.abs(controls.y - plots.y) < 1, 'both columns start at the top');
  assert.deepEqual(problems, []);
  await context.close();
});

test('nothing sticks out sideways at 390 and 320 px', async () => {
  for (const phone of PHONES) {
    for (const query of WIDE_CONTENT) {
      const { page, context, problems } = await openPage(browser, query, phone);
      const label = `${phone.width} px, '${query.slice(0, 60)}'`;
      const { innerWidth, scrollWidth, outside } = await sideways(page);
      assert.ok(scrollWidth <= innerWidth, `${label}: scroll width ${scrollWidth} > ${innerWidth}`);
      assert.deepEqual(outside, [], label);
      assert.deepEqual(problems, [], label);
      await context.close();
    }
  }
});

test('a link with three refused values lists three problems, one an item', async () => {
  const { page, context, problems } = await openPage(browser, '?spec=nope&from=abc&dtype=f16');
  const items = page.getByRole('alert').getByRole('listitem');
  assert.equal(await items.count(), 3);
  const texts = await items.allTextContents();
  // Each item is one whole message: the key it names, the value refused, and why.
  assert.match(texts[0], /^link value 'spec' ignored: .*unknown forward 'nope'/);
  assert.match(texts[1], /^link value 'from' ignored: .*'abc'/);
  assert.match(texts[2], /^link value 'dtype' ignored: .*'f16'/);
  for (const text of texts) {
    assert.equal(text.match(/link value/g).length, 1, `one message an item: ${text}`);
  }
  await screenshot(page, 'messages-three');
  // A refused edit replaces them with its one message; an accepted edit clears it.
  const alpha = page.getByRole('spinbutton', { name: 'alpha value', exact: true });
  await alpha.fill('1000');
  await alpha.press('Enter');
  assert.deepEqual(await items.allTextContents(), [await alertText(page)]);
  assert.match(await alertText(page), /alpha = 1000 is out of range/);
  await alpha.fill('4');
  await alpha.press('Enter');
  assert.equal(await alertText(page), '');
  assert.deepEqual(problems, []);
  await context.close();
});

/** Views to look at: the default, two presets in f32 and f64, pins and extra curves. */
const LOOKS = [
  { name: 'default', query: '' },
  { name: 'heaviside-sign-sigmoid-f32-pinned', query: '?spec=preset:heaviside-sign-sigmoid&dtype=f32&pin=heaviside(h0=0)/snntorch_atan(alpha=2)' },
  { name: 'round-sigmoid-naive-f32', query: '?spec=preset:round-sigmoid-naive&dtype=f32&from=0&to=1.5' },
  { name: 'soft-round-f64-pinned', query: '?spec=preset:soft-round&pin=round/identity&show=true,implied' },
];

/** Screens to look at them on: desktop at 1x and 2x, and a phone at 3x. */
const SCREENS = [
  { width: 1200, height: 900, scale: 1 },
  { width: 1200, height: 900, scale: 2 },
  { width: 390, height: 844, scale: 3 },
];

test('screenshots of the views at devicePixelRatio 1, 2 and 3 draw both plots', async () => {
  for (const look of LOOKS) {
    for (const screen of SCREENS) {
      const { page, context, problems } = await openPage(browser, look.query, screen);
      const label = `${look.name} ${screen.width}x${screen.height}@${screen.scale}x`;
      await assertTwoPlots(page, label);
      assert.equal(await alertText(page), '', label);
      assert.deepEqual(problems, [], label);
      await screenshot(page, `look-${look.name}-${screen.width}@${screen.scale}x`);
      await context.close();
    }
  }
});

test("the README's screenshot view opens cleanly", async () => {
  const problems = await saveFrontDoor(browser, join(SCREENSHOTS, 'readme.png'));
  assert.deepEqual(problems, []);
});
