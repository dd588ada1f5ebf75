// The page under abuse: generated malformed URLs (unknown names, huge and tiny
// numbers, 10,000-character specs, broken percent-encoding, repeated and
// contradictory keys, 50 pins, reversed ranges). Each must show a visible alert,
// keep a plot, throw nothing, request nothing outside the origin, and stay
// responsive. The page runs under its Content-Security-Policy throughout.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { alertText, canvasHash, inkedPixels, launch, openPage } from './harness.js';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** Deterministic pseudo-random numbers (mulberry32), so every run tries the same URLs. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** At least 100 malformed queries, each expected to raise an alert. */
function malformedQueries() {
  const fixed = [
    '?spec=nosuchfunction',
    '?spec=soft_round(alpha=1e308)',
    '?spec=soft_round(alpha=-1e-320)',
    '?spec=soft_round(alpha=NaN)',
    '?spec=soft_round(alpha=inf)',
    '?spec=fourier_round(terms=2.5)',
    '?spec=soft_round(alpha=1,alpha=2)',
    `?spec=${'x'.repeat(10000)}`,
    `?spec=soft_round(${'alpha=1,'.repeat(1500)})`,
    '?spec=%E0%A4%A',
    '?spec=%',
    '?spec=%ZZround',
    '?spec=%FF%FE',
    '?spec=round&spec=spiky',
    '?dtype=f16',
    '?dtype=f32&dtype=f64',
    '?from=3&to=-3',
    '?from=1&to=1',
    '?from=-1e300&to=1e300',
    '?from=abc',
    '?to=',
    '?from=NaN&to=Infinity',
    `?${Array.from({ length: 50 }, () => 'pin=round').join('&')}`,
    '?pin=nope',
    '?pin=soft_round(alpha=-4)',
    '?show=everything',
    '?show=true,fd,bogus',
    '?unknown=1',
    '?spec=round/',
    '?spec=/identity',
    '?spec=round(',
    '?spec=round)',
    '?spec=preset:nope',
    '?spec=preset:',
    '?spec=heaviside(h0=0.3)',
    '?spec=round/sigmoid(k=0)',
    '?spec=soft_round(alpha=3)/triangle(width=2)',
    '?spec=🙂',
    `?${'&'.repeat(5000)}spec=bad`,
    `?spec=round&pin=${'a'.repeat(20000)}`,
  ];
  const pieces = ['soft_round', 'round', 'heaviside', 'sigmoid', 'triangle', 'alpha', 'terms', 'lambda', '(', ')', '=', ',', '/', '%', '%2', '1e999', '-0', 'NaN', 'preset:', ' ', '+', 'ü'];
  const keys = ['spec', 'from', 'to', 'dtype', 'pin', 'show', 'specc', ''];
  const next = random(7);
  const generated = [];
  while (fixed.length + generated.length < 110) {
    const key = keys[Math.floor(next() * keys.length)];
    let value = '';
    const length = 1 + Math.floor(next() * 6);
    for (let i = 0; i < length; i += 1) value += pieces[Math.floor(next() * pieces.length)];
    const query = `?${key}=${value}`;
    if (!/^\?(spec|pin)=(soft_round|round|heaviside|sigmoid|triangle)$/.test(query)) generated.push(query);
  }
  return [...fixed, ...generated];
}

test('malformed URLs each show an alert, keep a plot and throw nothing', async () => {
  const queries = malformedQueries();
  assert.ok(queries.length >= 100);
  let failed = 0;
  let alerted = 0;
  for (const query of queries) {
    const { page, context, problems } = await openPage(browser, query);
    const text = await alertText(page);
    const ink = await inkedPixels(page, 'plot-forward');
    if (text) alerted += 1;
    const responsive = await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(true))));
    if (!text || ink < 2000 || problems.length > 0 || !responsive) {
      failed += 1;
      console.log(`failed: ${query.slice(0, 120)}: alert '${text}', ink ${ink}, ${problems.join('; ')}`);
    }
    await context.close();
  }
  console.log(`page abuse: ${queries.length} tried, ${failed} failed (${alerted} alerts shown)`);
  assert.equal(failed, 0);
});

test('the page still responds to the controls after a malformed URL', async () => {
  const { page, context, problems } = await openPage(browser, '?spec=%ZZ&from=9&to=1');
  assert.notEqual(await alertText(page), '');
  const before = await canvasHash(page, 'plot-forward');
  await page.getByRole('combobox', { name: 'preset', exact: true }).selectOption('round-ste');
  assert.notEqual(await canvasHash(page, 'plot-forward'), before);
  assert.equal(await alertText(page), '');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Content-Security-Policy refuses other origins and inline script', async () => {
  const { page, context } = await openPage(browser, '');
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(policy, /default-src 'self'/);
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  assert.equal(await page.locator('script:not([src])').count(), 0, 'the page has no inline script');
  const violated = await page.evaluate(async () => {
    const seen = [];
    document.addEventListener('securitypolicyviolation', (event) => seen.push(event.effectiveDirective));
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true;';
    document.body.append(script);
    await fetch('http://127.0.0.2:9/').catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { seen, inlineRan: window.inlineRan === true };
  });
  assert.equal(violated.inlineRan, false, 'inline script ran');
  assert.ok(violated.seen.includes('script-src-elem'), `violations: ${violated.seen}`);
  assert.ok(violated.seen.includes('connect-src'), `violations: ${violated.seen}`);
  await context.close();
});
