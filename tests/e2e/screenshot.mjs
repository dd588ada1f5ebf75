// `cargo xtask screenshot`: writes the README's picture of the page,
// assets/screenshot.png, from the page served at GRADSCOPE_URL.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { saveFrontDoor } from './front-door.js';
import { launch } from './harness.js';

const path = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'assets', 'screenshot.png');
const browser = await launch();
try {
  const problems = await saveFrontDoor(browser, path);
  if (problems.length > 0) {
    console.error(`the page had problems: ${problems.join('; ')}`);
    process.exitCode = 1;
  } else {
    console.log(`wrote ${path}`);
  }
} finally {
  await browser.close();
}
