// The README's picture of the page: one view, opened in Chromium as a person would,
// saved as a PNG. The page tests save it under target/screenshots/ and check it;
// `cargo xtask screenshot` (screenshot.mjs) writes the copy kept in assets/.

import { openPage } from './harness.js';

/**
 * The view the README shows: snnTorch's sigmoid surrogate in float32, NaN below
 * x = -3.42 (shaded), its implied forward NaN with it, snnTorch's atan pinned beside it.
 */
export const FRONT_DOOR = {
  query: '?spec=heaviside(h0=0)/snntorch_sigmoid&from=-5&to=3&dtype=f32&pin=heaviside(h0=0)/snntorch_atan(alpha=2)&show=true,implied',
  width: 1200,
  height: 860,
  scale: 1,
};

/**
 * Opens the README's view, saves its viewport as a PNG at `path`, and returns what
 * went wrong on the way (console errors, uncaught exceptions, requests outside the
 * origin, and the alert's text if it showed one).
 */
export async function saveFrontDoor(browser, path) {
  const { width, height, scale } = FRONT_DOOR;
  const { page, context, problems } = await openPage(browser, FRONT_DOOR.query, { width, height, scale });
  const alert = page.getByRole('alert');
  if (await alert.isVisible()) problems.push(`alert: ${await alert.textContent()}`);
  await page.screenshot({ path });
  await context.close();
  return problems;
}
