// The teaching side of the page as a lecturer, a course page and a screen-reader
// user meet it (interfaces.md, "Teaching"): presentation mode fills the window and
// folds the controls; themes darken page and plots; an embedded panel shows one plot
// and no controls; the Embed snippet reproduces the view in a course page's iframe,
// which drives it with gradscope:set / gradscope:get; the seed tour steps by buttons
// and arrow keys with the URL following; Play sweeps a slider and Pause stops it,
// and nothing moves by itself under prefers-reduced-motion; the description's
// figures match closed forms; the data table holds the plotted rows; the offline
// copy works from file:// with the network off; Export animation saves a WebM; `?`
// lists the shortcuts. Screenshots of presentation mode and an embedded panel go to
// target/screenshots/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BASE_URL, assertTwoPlots, canvasHash, inkedPixels, launch, openPage, screenshot } from './harness.js';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** The URL's values of `key` once the URL has caught up with the view. */
async function urlValue(page, key) {
  await page.waitForFunction(
    (name) => new URLSearchParams(window.location.search).getAll(name).join('\n')
      === window.gradscopePage.controls().keys[name].join('\n'),
    key,
    { timeout: 5000 },
  );
  return page.evaluate((name) => new URLSearchParams(window.location.search).get(name), key);
}

/** The description's text once it has been written for the current spec. */
async function description(page) {
  await page.waitForFunction(() => {
    const text = document.getElementById('description').textContent;
    return text.startsWith(window.gradscopePage.controls().spec);
  }, null, { timeout: 5000 });
  return page.getByRole('note', { name: 'description' }).textContent();
}

/** Every number of `attribute="..."` in an SVG. */
function attributeValues(svg, attribute) {
  return [...svg.matchAll(new RegExp(`${attribute}="([0-9.]+)"`, 'g'))].map((m) => Number(m[1]));
}

/** The saved file of the download a click on `button` starts. */
async function downloaded(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), button.click()]);
  const path = join(mkdtempSync(join(tmpdir(), 'gradscope-teach-')), download.suggestedFilename());
  await download.saveAs(path);
  return { path, name: download.suggestedFilename() };
}

/** The relative luminance (0 black to 1 white) of a CSS colour `rgb(r, g, b)`. */
function luminance(css) {
  const [r, g, b] = css.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

/** The average luminance of a canvas's pixels, 0 to 1. */
async function canvasLuminance(page, id) {
  return page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId);
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) sum += 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
    return sum / (data.length / 4) / 255;
  }, id);
}

const TRIANGLE = '?spec=heaviside/triangle&pin=heaviside/sigmoid&pin=heaviside/snntorch_atan&show=true,implied';

test('presentation mode fills the window, folds the controls and enlarges the figure', async () => {
  const viewport = { width: 1280, height: 800 };
  const { page, context, problems } = await openPage(browser, `${TRIANGLE}&present=1`, viewport);
  assert.equal(await page.locator('header').isVisible(), false, 'the header is hidden');
  const form = page.getByRole('form', { name: 'Estimator controls' });
  assert.equal(await form.isVisible(), false, 'the controls are folded');
  const present = page.getByRole('button', { name: 'Present', exact: true });
  assert.equal(await present.getAttribute('aria-pressed'), 'true');
  const plots = [];
  for (const name of [/^Forward f\(x\)/, /^Backward df\/dx/]) plots.push(await page.getByRole('img', { name }).boundingBox());
  const covered = plots[1].y + plots[1].height - plots[0].y;
  assert.ok(covered >= 0.8 * viewport.height, `the plots span ${covered} of ${viewport.height} px`);
  assert.ok(plots[0].width >= 0.95 * viewport.width, `a plot is ${plots[0].width} px wide`);
  await assertTwoPlots(page, 'presented');

  const controls = page.getByRole('button', { name: 'Controls', exact: true });
  await controls.click();
  assert.equal(await controls.getAttribute('aria-expanded'), 'true');
  assert.ok(await form.isVisible(), 'Controls unfolds the controls');
  await page.keyboard.press('Escape');
  assert.equal(await form.isVisible(), false, 'Esc folds them again');

  // The SVG export of a presented view is presented: text >= 1.6x, curves >= 2x.
  const svgOf = async () => {
    const folded = !(await form.isVisible());
    if (folded) await controls.click();
    const { path } = await downloaded(page, page.getByRole('button', { name: 'SVG' }));
    if (folded) await controls.click();
    return readFileSync(path, 'utf8');
  };
  const presented = await svgOf();
  await page.locator('body').press('p');
  assert.equal(await urlValue(page, 'present'), null, 'p leaves presentation mode');
  assert.ok(await form.isVisible());
  const plain = await svgOf();
  const smallest = (values) => Math.min(...values);
  const thick = (svg) => attributeValues(svg, 'stroke-width').filter((w) => w > 16);
  assert.ok(smallest(attributeValues(presented, 'font-size')) >= 1.6 * smallest(attributeValues(plain, 'font-size')), 'text');
  assert.ok(smallest(thick(presented)) >= 2 * smallest(thick(plain)), 'curves');
  await present.click();
  assert.equal(await urlValue(page, 'present'), '1', 'the button presents again');
  assert.deepEqual(problems, []);
  await context.close();
});

test('presentation mode in light, dark and contrast, at DPR 1 and 2 and on a phone (screenshots)', async () => {
  const views = [
    { theme: 'light', width: 1280, height: 800, scale: 1 },
    { theme: 'dark', width: 1280, height: 800, scale: 2 },
    { theme: 'contrast', width: 1280, height: 800, scale: 1 },
    { theme: 'contrast', width: 390, height: 844, scale: 2 },
  ];
  for (const { theme, ...size } of views) {
    const { page, context, problems } = await openPage(browser, `${TRIANGLE}&present=1&theme=${theme}&tour=seeds&step=2`, size);
    await description(page);
    await page.getByRole('region', { name: 'tour' }).waitFor();
    await assertTwoPlots(page, theme);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${theme} at ${size.width} px: ${overflow} px stick out`);
    await page.screenshot({ path: join(process.cwd(), '..', '..', 'target', 'screenshots', `teach-present-${theme}-${size.width}x${size.height}@${size.scale}.png`) });
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('theme=dark darkens page and plots; unset, the system dark scheme does too', async () => {
  const measure = async (query, options = {}) => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, ...options });
    const page = await context.newPage();
    await page.goto(`${BASE_URL}${query}`);
    await page.waitForSelector('body[data-ready="true"]');
    const result = {
      page: luminance(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)),
      plot: await canvasLuminance(page, 'axes-backward'),
    };
    await context.close();
    return result;
  };
  const light = await measure('?spec=heaviside/triangle');
  const dark = await measure('?spec=heaviside/triangle&theme=dark');
  const contrast = await measure('?spec=heaviside/triangle&theme=contrast');
  const system = await measure('?spec=heaviside/triangle', { colorScheme: 'dark' });
  const forcedLight = await measure('?spec=heaviside/triangle&theme=light', { colorScheme: 'dark' });
  assert.ok(light.page > 0.9 && light.plot > 0.8, `light: ${JSON.stringify(light)}`);
  assert.ok(dark.page < 0.2 && dark.plot < 0.25, `dark: ${JSON.stringify(dark)}`);
  assert.ok(contrast.page < 0.05 && contrast.plot < 0.1, `contrast: ${JSON.stringify(contrast)}`);
  assert.ok(system.page < 0.2 && system.plot < 0.25, `system dark: ${JSON.stringify(system)}`);
  assert.ok(forcedLight.page > 0.9 && forcedLight.plot > 0.8, `theme=light wins: ${JSON.stringify(forcedLight)}`);
});

test('embed=1&panel=df shows the backward alone, no controls, and a link to the full page', async () => {
  const { page, context, problems } = await openPage(browser, '?spec=heaviside/snntorch_fast_sigmoid&embed=1&panel=df', { width: 640, height: 400 });
  for (const hidden of ['header', '#controls', '.teach-bar', '#readout']) {
    assert.equal(await page.locator(hidden).isVisible(), false, `${hidden} is shown`);
  }
  assert.equal(await page.getByRole('img', { name: /^Forward/ }).isVisible(), false);
  const backward = page.getByRole('img', { name: /^Backward df\/dx of heaviside\/snntorch_fast_sigmoid/ });
  const box = await backward.boundingBox();
  assert.ok(box.height >= 360 && box.width >= 620, `the plot fills the frame: ${JSON.stringify(box)}`);
  assert.ok(await inkedPixels(page, 'plot-backward') > 2000);
  const link = page.getByRole('link', { name: 'Open in gradscope' });
  assert.ok(await link.isVisible());
  const href = new URL(await link.getAttribute('href'));
  assert.equal(href.searchParams.get('embed'), null);
  assert.equal(href.searchParams.get('spec'), 'heaviside/snntorch_fast_sigmoid');
  assert.equal(await page.evaluate(() => document.activeElement === document.body), true, 'no focus taken');
  await page.screenshot({ path: join(process.cwd(), '..', '..', 'target', 'screenshots', 'teach-embed-df-640x400.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Embed snippet reproduces the view in a course page, which drives it by messages', async () => {
  const { page, context, problems } = await openPage(browser, '?spec=heaviside/triangle&from=-2&to=2&theme=dark');
  const embed = page.getByRole('button', { name: 'Embed', exact: true });
  await embed.click();
  const code = page.getByRole('textbox', { name: 'embed code' });
  assert.equal(await code.getAttribute('readonly'), '');
  const snippet = await code.inputValue();
  assert.match(snippet, /^<iframe src="[^"]+" title="gradscope: heaviside\/triangle"/);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await page.getByText('Copied.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet, 'Copy puts the snippet on the clipboard');
  const query = await page.evaluate(() => window.gradscopePage.query());

  // The course page: another origin (a server of its own on loopback), holding
  // only the pasted snippet.
  const server = createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>Lecture 3</title><h1>Surrogates</h1><button id="before">before</button>${snippet}`);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const course = await context.newPage();
  const courseProblems = [];
  course.on('pageerror', (error) => courseProblems.push(error.message));
  await course.goto(`http://127.0.0.1:${server.address().port}/lecture`);
  const frame = course.frameLocator('iframe');
  await frame.locator('body[data-ready="true"]').waitFor({ timeout: 15000 });
  const ask = (message) => course.evaluate((data) => new Promise((resolve) => {
    const frameWindow = document.querySelector('iframe').contentWindow;
    const answer = (event) => {
      if (event.source === frameWindow && event.data?.type === 'gradscope:state') {
        window.removeEventListener('message', answer);
        resolve(event.data.state);
      }
    };
    window.addEventListener('message', answer);
    if (data) frameWindow.postMessage(data, '*');
    frameWindow.postMessage({ type: 'gradscope:get' }, '*');
  }), message);

  const shown = new URLSearchParams(await ask(null));
  assert.equal(shown.get('embed'), '1');
  shown.delete('embed');
  assert.equal(shown.toString(), new URLSearchParams(query).toString(), 'the iframe shows the view it was made of');
  assert.equal(await frame.locator('#controls').isVisible(), false);
  assert.notEqual(await course.evaluate(() => document.activeElement?.tagName), 'IFRAME', 'the iframe took focus');

  const state = await ask({ type: 'gradscope:set', state: 'spec=heaviside/snntorch_fast_sigmoid&from=-1&to=1&panel=df' });
  const params = new URLSearchParams(state);
  assert.deepEqual(
    ['spec', 'from', 'to', 'panel', 'embed'].map((k) => params.get(k)),
    ['heaviside/snntorch_fast_sigmoid', '-1', '1', 'df', '1'],
  );
  assert.ok(await frame.getByRole('img', { name: /^Backward df\/dx of heaviside\/snntorch_fast_sigmoid on \[-1, 1\]/ }).isVisible());

  const refused = await ask({ type: 'gradscope:set', state: 'spec=nope&from=3&to=1' });
  assert.equal(refused, state, 'a bad state changed the view');
  const alert = frame.getByRole('alert');
  assert.match(await alert.textContent(), /unknown forward 'nope'/);
  assert.match(await alert.textContent(), /less than/);

  assert.equal(await ask({ type: 'gradscope:other', state: 'spec=round' }), state, 'other messages are ignored');
  assert.equal(await ask('gradscope:set'), state);

  // Esc inside the frame hands focus back to the course page.
  await frame.getByRole('img', { name: /^Backward/ }).focus();
  assert.equal(await course.evaluate(() => document.activeElement?.tagName), 'IFRAME');
  await frame.getByRole('img', { name: /^Backward/ }).press('Escape');
  await course.waitForFunction(() => document.activeElement?.tagName !== 'IFRAME');
  assert.deepEqual(courseProblems, []);
  assert.deepEqual(problems, []);
  await context.close();
  server.close();
});

test('the seed tour steps forward and back by buttons and arrow keys, the URL following', async () => {
  const { page, context, problems } = await openPage(browser, '?tour=seeds');
  const tours = await page.evaluate(async () => (await import('./www/pkg/gradscope.js')).tours());
  const seeds = tours.find((t) => t.id === 'seeds');
  const region = page.getByRole('region', { name: 'tour' });
  const expect = async (k) => {
    await region.waitFor();
    assert.equal(await urlValue(page, 'step'), String(k));
    assert.equal(await urlValue(page, 'tour'), 'seeds');
    assert.match(await region.textContent(), new RegExp(`Step ${k} of ${seeds.steps.length}`));
    const step = seeds.steps[k - 1];
    for (const part of [step.code, step.shows, step.fix]) assert.ok((await region.textContent()).includes(part), `step ${k}`);
    const spec = await page.evaluate((view) => {
      const probe = new URLSearchParams(view).get('spec');
      return [probe, window.gradscopePage.controls().spec];
    }, step.view);
    assert.ok(spec[0].startsWith('preset:') || spec[0] === spec[1], `step ${k}: ${spec}`);
    await assertTwoPlots(page, `step ${k}`);
  };
  await expect(1);
  await region.getByRole('button', { name: 'Next step' }).click();
  await expect(2);
  await region.focus();
  await page.keyboard.press('ArrowRight');
  await expect(3);
  await page.keyboard.press('ArrowRight');
  await expect(4);
  await page.keyboard.press('ArrowLeft');
  await expect(3);
  await region.getByRole('button', { name: 'Previous step' }).click();
  await expect(2);
  await page.keyboard.press('End');
  await expect(seeds.steps.length);
  // A link to a step reproduces it.
  const { page: again, context: other } = await openPage(browser, `?tour=seeds&step=${seeds.steps.length}`);
  assert.equal(await again.evaluate(() => window.gradscopePage.query()), await page.evaluate(() => window.gradscopePage.query()));
  await other.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test('Play sweeps a slider on its log scale and Pause stops it; an edit stops it too', async () => {
  const { page, context, problems } = await openPage(browser, '?spec=heaviside/snntorch_fast_sigmoid');
  const slider = page.getByRole('slider', { name: 'slope', exact: true });
  const start = await slider.inputValue();
  await page.getByRole('combobox', { name: 'speed' }).selectOption('2');
  await page.getByRole('button', { name: 'Play slope' }).click();
  const pause = page.getByRole('button', { name: 'Pause slope' });
  assert.ok(await pause.isVisible());
  await page.waitForFunction((value) => document.querySelector('input[aria-label="slope"]').value !== value, start);
  await page.waitForTimeout(600);
  // Positions map to values on the log slider: the number box shows the value there.
  const [moved, last, value, min, max] = await page.evaluate(() => {
    const [position, box] = ['slope', 'slope value'].map((name) => document.querySelector(`input[aria-label="${name}"]`));
    return [position.value, position.max, box.value, box.min, box.max].map(Number);
  });
  assert.notEqual(String(moved), start);
  // A logarithmic slider: value = min (max/min)^(position/last).
  const expected = min * (max / min) ** (moved / last);
  assert.ok(Math.abs(value / expected - 1) < 0.01, `position ${moved} shows ${value}, not about ${expected}`);
  await pause.click();
  await page.waitForTimeout(200);
  const paused = await slider.inputValue();
  const url = page.url();
  await page.waitForTimeout(700);
  assert.equal(await slider.inputValue(), paused, 'Pause stops the sweep');
  assert.equal(page.url(), url);
  await page.getByRole('button', { name: 'Play slope' }).click();
  await page.waitForFunction((value) => document.querySelector('input[aria-label="slope"]').value !== value, paused);
  const box = page.getByRole('spinbutton', { name: 'slope value' });
  await box.fill('40');
  await box.press('Enter');
  await page.waitForTimeout(500);
  assert.equal(await box.inputValue(), '40', 'an edit stops the sweep');
  assert.ok(await page.getByRole('button', { name: 'Play slope' }).isVisible());
  assert.deepEqual(problems, []);
  await context.close();
});

test('nothing moves by itself, under prefers-reduced-motion or not', async () => {
  for (const reducedMotion of ['reduce', 'no-preference']) {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, reducedMotion });
    const page = await context.newPage();
    await page.goto(`${BASE_URL}?spec=heaviside/snntorch_fast_sigmoid&tour=seeds&present=1`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForTimeout(400);
    const before = [await canvasHash(page, 'plot-backward'), page.url()];
    await page.waitForTimeout(1500);
    assert.deepEqual([await canvasHash(page, 'plot-backward'), page.url()], before, reducedMotion);
    if (reducedMotion === 'reduce') {
      // Asked for, a sweep still moves, in a few discrete steps a second.
      await page.goto(`${BASE_URL}?spec=heaviside/snntorch_fast_sigmoid`);
      await page.waitForSelector('body[data-ready="true"]');
      const slider = page.getByRole('slider', { name: 'slope', exact: true });
      const start = await slider.inputValue();
      await page.getByRole('button', { name: 'Play slope' }).click();
      await page.waitForFunction((value) => document.querySelector('input[aria-label="slope"]').value !== value, start, { timeout: 3000 });
      await page.getByRole('button', { name: 'Pause slope' }).click();
    }
    await context.close();
  }
});

test('the description says the closed forms: triangle area 1 and width 1, fast sigmoid 2(√2-1)/slope', async () => {
  const { page, context, problems } = await openPage(browser, '?spec=heaviside/triangle');
  const note = page.getByRole('note', { name: 'description' });
  assert.equal(await note.getAttribute('aria-live'), 'polite');
  const triangle = await description(page);
  assert.match(triangle, /is 1 wide at half height/);
  assert.match(triangle, /has area 1 over the range/);
  assert.match(await page.locator('#anatomy').textContent(), /half width 1 · area 1/);
  const widthOf = (text) => Number(text.match(/is (?:at least )?([0-9.e-]+) wide at half height/)[1]);
  for (const slope of [25, 50]) {
    await page.evaluate((k) => window.history.replaceState(null, '', `?spec=heaviside/snntorch_fast_sigmoid(slope=${k})`), slope);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    const text = await description(page);
    const closed = (2 * (Math.SQRT2 - 1)) / slope;
    assert.ok(Math.abs(widthOf(text) / closed - 1) < 0.005, `slope ${slope}: ${widthOf(text)} vs ${closed}`);
  }
  // After an edit settles, the description follows it.
  const box = page.getByRole('spinbutton', { name: 'slope value' });
  await box.fill('10');
  await box.press('Enter');
  await page.waitForFunction(() => document.getElementById('description').textContent.includes('slope=10'));
  assert.ok(Math.abs(widthOf(await description(page)) / ((2 * (Math.SQRT2 - 1)) / 10) - 1) < 0.005);
  // A sigmoid's derivative falls to half at ±2 ln(1 + √2).
  await page.getByRole('combobox', { name: 'backward', exact: true }).selectOption('sigmoid');
  await page.waitForFunction(() => document.getElementById('description').textContent.startsWith('heaviside/sigmoid'));
  assert.ok(Math.abs(widthOf(await description(page)) / (4 * Math.log(1 + Math.SQRT2)) - 1) < 0.005);
  // Each selector shows its entry's formula and source.
  const listing = await page.evaluate(async () => (await import('./www/pkg/gradscope.js')).catalog());
  const sigmoid = listing.backwards.find((b) => b.id === 'sigmoid');
  assert.equal(await page.locator('#backward-formula').textContent(), sigmoid.formula);
  assert.match(await page.locator('#backward-source').textContent(), new RegExp(sigmoid.source.slice(0, 10).replace(/[()]/g, '.')));
  assert.deepEqual(problems, []);
  await context.close();
});

test('Data table shows the plotted samples with a caption naming the view', async () => {
  const { page, context, problems } = await openPage(browser, '?spec=heaviside/triangle&from=-2&to=1.5&dtype=f32');
  const button = page.getByRole('button', { name: 'Data table' });
  await button.click();
  assert.equal(await button.getAttribute('aria-expanded'), 'true');
  const table = page.getByRole('table');
  assert.match(await table.locator('caption').textContent(), /heaviside\/triangle on \[-2, 1.5\] in f32/);
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  const count = await page.evaluate(() => window.gradscopePage.sample_count());
  assert.equal(rows.length, count, 'one row per plotted sample');
  assert.deepEqual([Number(rows[0][0]), Number(rows.at(-1)[0])], [-2, 1.5]);
  for (const index of [0, 1, Math.floor(count / 3), Math.floor(count / 2), count - 1]) {
    const [x, f, backward, truth] = rows[index].map(Number);
    const expected = await page.evaluate((at) => window.gradscopePage.readout(at), x);
    assert.deepEqual([f, backward, truth], [expected.value, expected.backward, expected.true_derivative].map((v) => Number(v.toPrecision(9))), `row ${index}`);
    assert.ok(index === 0 || x > Number(rows[index - 1][0]));
  }
  // An open table follows an edit once it settles.
  await page.getByRole('combobox', { name: 'backward', exact: true }).selectOption('sigmoid');
  await page.waitForFunction(() => document.querySelector('#data-table caption')?.textContent.includes('heaviside/sigmoid on'));
  await button.click();
  assert.equal(await table.count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Download page saves one file that works from file:// with the network off', async () => {
  const query = '?spec=heaviside/snntorch_atan(alpha=3)&pin=heaviside/triangle&from=-2&to=2&theme=dark';
  const { page, context, problems } = await openPage(browser, query);
  const expected = await page.evaluate(() => window.gradscopePage.query());
  const { path, name } = await downloaded(page, page.getByRole('button', { name: 'Download page' }));
  assert.match(name, /\.html$/);
  const html = readFileSync(path, 'utf8');
  const policy = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];
  assert.ok(!policy.includes('unsafe-inline') && /script-src 'sha256-[^']+' 'wasm-unsafe-eval'/.test(policy), policy);
  assert.ok(!/<script[^>]+src=/.test(html) && !/<link[^>]+stylesheet/.test(html), 'nothing loaded from elsewhere');
  await context.close();

  const offline = await browser.newContext({ viewport: { width: 1200, height: 900 }, offline: true });
  const copy = await offline.newPage();
  const copyProblems = [];
  copy.on('console', (m) => { if (m.type() === 'error') copyProblems.push(m.text()); });
  copy.on('pageerror', (e) => copyProblems.push(e.message));
  copy.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) copyProblems.push(`request ${r.url()}`); });
  await copy.goto(pathToFileURL(path).href);
  await copy.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  assert.equal(await copy.evaluate(() => window.gradscopePage.query()), expected, 'the copy opens the view it was saved with');
  await assertTwoPlots(copy, 'offline copy');
  assert.equal(await copy.getByRole('alert').isVisible(), false);
  // It still works: an edit redraws.
  await copy.getByRole('combobox', { name: 'backward', exact: true }).selectOption('triangle');
  await copy.waitForFunction(() => window.gradscopePage.controls().spec === 'heaviside/triangle');
  await assertTwoPlots(copy, 'offline copy after an edit');
  // The formula mode, loaded on first use, is in the copy too.
  await copy.getByRole('combobox', { name: 'forward', exact: true }).selectOption('formula');
  await copy.getByRole('textbox', { name: 'formula', exact: true }).waitFor({ state: 'visible' });
  await copy.waitForFunction(() => window.gradscopePage.controls().formula !== undefined && window.gradscopePage.controls().formula !== null);
  await copy.getByRole('status', { name: 'framework differences', exact: true }).waitFor({ state: 'visible' });
  await assertTwoPlots(copy, 'offline copy with a formula');
  assert.deepEqual(copyProblems, []);
  assert.deepEqual(problems, []);
  await offline.close();
});

test('Export animation records one sweep as a WebM video', async () => {
  const { page, context, problems } = await openPage(browser, '?spec=heaviside/snntorch_fast_sigmoid');
  await page.getByRole('combobox', { name: 'speed' }).selectOption('2');
  const before = await page.getByRole('slider', { name: 'slope', exact: true }).inputValue();
  const swept = page.waitForFunction((value) => document.querySelector('input[aria-label="slope"]').value !== value, before, { timeout: 10000 });
  const { path, name } = await downloaded(page, page.getByRole('button', { name: 'Export animation' }));
  await swept;
  assert.match(name, /\.webm$/);
  const bytes = readFileSync(path);
  assert.deepEqual([...bytes.subarray(0, 4)], [0x1a, 0x45, 0xdf, 0xa3], 'an EBML (WebM) header');
  assert.ok(bytes.length > 2000, `${bytes.length} bytes`);
  assert.equal(await page.getByRole('slider', { name: 'slope', exact: true }).inputValue(), before, 'the slider is put back');
  assert.deepEqual(problems, []);
  await context.close();
});

test('? lists the keyboard shortcuts, Esc closes the list; Listen plays without an error', async () => {
  const { page, context, problems } = await openPage(browser, '?spec=heaviside/triangle');
  await page.locator('body').press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  assert.ok(await dialog.isVisible());
  assert.match(await dialog.textContent(), /presentation mode/);
  await page.keyboard.press('Escape');
  assert.equal(await dialog.isVisible(), false);
  const listen = page.getByRole('button', { name: 'Listen' });
  await listen.click();
  // listen.js loads on the first press: the button is pressed once it plays.
  await page.waitForSelector('#listen[aria-pressed="true"]', { timeout: 5000 });
  await page.waitForTimeout(300);
  assert.deepEqual(problems, []);
  await context.close();
});
