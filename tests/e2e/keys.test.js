// The table of view keys as the page wires it: every key that has a control in the
// table (Rust's url_state::KEYS, read through the module's view_keys()) has that
// control in the page, carrying its data-key; driving each control once changes the
// view and the URL says so; and no data-key names a key the table lacks.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './harness.js';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** The table of keys, from the page's own module. */
async function viewKeys(page) {
  return page.evaluate(async () => (await import('./www/pkg/gradscope.js')).view_keys());
}

/** The URL's values of `key`, once the URL has caught up with the view (the page's
 * own query, which leaves out keys at their defaults). */
async function urlValues(page, key) {
  await page.waitForFunction(
    () => window.location.search.slice(1) === window.gradscopePage.query(),
    null,
    { timeout: 5000 },
  );
  return page.evaluate((name) => new URLSearchParams(window.location.search).getAll(name), key);
}

test('every control of the table of keys edits its key and the URL follows', async () => {
  const { page, context, problems } = await openPage(browser, '');
  const keys = await viewKeys(page);
  const names = new Set(keys.map((key) => key.name));
  const tagged = await page.evaluate(() => [...document.querySelectorAll('[data-key]')].map((e) => e.dataset.key));
  for (const name of tagged) {
    assert.ok(names.has(name), `data-key="${name}" is not a key of the table`);
  }
  const driven = [];
  for (const key of keys.filter((k) => k.control !== 'editor')) {
    const controls = page.locator(`[data-key="${key.name}"]`);
    assert.ok((await controls.count()) >= 1, `no control carries data-key="${key.name}"`);
    const before = await urlValues(page, key.name);
    if (key.control === 'number') {
      await controls.first().fill(key.example);
      await controls.first().press('Enter');
      await controls.first().blur();
    } else if (key.control === 'select') {
      const current = await controls.first().inputValue();
      const other = key.options.find((option) => option !== current);
      await controls.first().selectOption(other);
    } else if (key.control === 'checkboxes') {
      assert.equal(await controls.count(), key.options.length, `${key.name}: one checkbox per word`);
      await controls.first().click();
    }
    const after = await urlValues(page, key.name);
    assert.notDeepEqual(after, before, `${key.name}: the URL did not change`);
    driven.push(key.name);
  }
  assert.ok(driven.length >= 4, `only ${driven.join(', ')} were driven`);
  assert.equal(await page.locator('[role="alert"]').isVisible(), false, 'an edit was refused');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a refused number keeps the view and says why in the alert', async () => {
  const { page, context, problems } = await openPage(browser, '?from=-2&to=2');
  const from = page.getByRole('spinbutton', { name: 'from', exact: true });
  await from.fill('5');
  await from.press('Enter');
  const alert = page.locator('[role="alert"]');
  await alert.waitFor({ state: 'visible' });
  assert.match(await alert.textContent(), /less than/);
  assert.equal(await from.inputValue(), '-2', 'the box shows the last good value again');
  assert.deepEqual(await urlValues(page, 'from'), ['-2']);
  assert.deepEqual(problems, []);
  await context.close();
});
