// Shared set-up for the page tests: Debian's Chromium driven by playwright-core, the
// page served by `cargo xtask test` at GRADSCOPE_URL, and checks that record console
// errors, uncaught exceptions and any request that leaves the page's origin.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.GRADSCOPE_URL ?? 'http://127.0.0.1:8080/';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOTS = join(ROOT, 'target', 'screenshots');
export const CLI = process.env.GRADSCOPE_CLI ?? join(ROOT, 'target', 'debug', 'gradscope');

/** The flags Chromium needs as root on a machine with no network. */
const FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
}

/**
 * Opens the page with `query` in a fresh context and waits until it has drawn.
 * Returns { page, problems } where problems collects console errors, uncaught
 * exceptions and requests outside the origin.
 */
export async function openPage(browser, query = '', { width = 1200, height = 900, scale = 1 } = {}) {
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: scale,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const problems = [];
  const origin = new URL(BASE_URL).origin;
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught exception: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      problems.push(`request outside the origin: ${url}`);
    }
  });
  await page.goto(`${BASE_URL}${query}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
  return { page, context, problems };
}

/** Counts the pixels of a canvas that are painted and not (near) white. */
export async function inkedPixels(page, id) {
  return page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId);
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) {
      const opaque = data[i + 3] > 0;
      if (opaque && (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200)) inked += 1;
    }
    return inked;
  }, id);
}

/** A plot with fewer inked pixels than this counts as blank. */
const MIN_INK = 2000;

/** Fails unless both plots of the page hold a drawing (`label` names the view). */
export async function assertTwoPlots(page, label) {
  for (const id of ['plot-forward', 'plot-backward']) {
    const ink = await inkedPixels(page, id);
    assert.ok(ink >= MIN_INK, `${label}: ${id} looks blank (${ink} inked pixels)`);
  }
}

/** A hash of a canvas's pixels, to tell whether a drawing changed. */
export async function canvasHash(page, id) {
  return page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId);
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let hash = 2166136261;
    for (let i = 0; i < data.length; i += 1) {
      hash = Math.imul(hash ^ data[i], 16777619);
    }
    return hash >>> 0;
  }, id);
}

/** Saves a screenshot under target/screenshots/ as an artefact of the run. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The text of the alert region, or '' when it is hidden. */
export async function alertText(page) {
  const alert = page.getByRole('alert');
  return (await alert.isVisible()) ? (await alert.textContent()) ?? '' : '';
}
