// The training lab's page figure for `cargo xtask bench-train` (and `bench`): the
// page served at GRADSCOPE_URL trains the view `?spec=SPEC&task=spikes` (SpyTorch's
// tutorial 1, its 1,000 epochs) in its Web Worker, pressed like a person presses
// Train, RUNS times, each in a fresh browser context. Writes to GRADSCOPE_BENCH_OUT
// each run's epochs, the seconds the worker reports from its first step to "done",
// and the run's CSV as Export run saves it (xtask compares it with the CLI's).

import { writeFileSync } from 'node:fs';
import { launch } from '../tests/e2e/harness.js';

const BASE = process.env.GRADSCOPE_URL ?? 'http://127.0.0.1:8080/';
const OUT = process.env.GRADSCOPE_BENCH_OUT;
const SPEC = process.env.GRADSCOPE_TRAIN_SPEC ?? 'heaviside/snntorch_fast_sigmoid(slope=100)';
const RUNS = Number(process.env.GRADSCOPE_TRAIN_RUNS ?? 3);
/** A full run takes seconds; this is only there so a broken page ends the bench. */
const TIMEOUT_MS = 10 * 60 * 1000;

async function main() {
  const browser = await launch();
  const runs = [];
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`train-page: ${error.message}`));
    await page.goto(new URL(`?spec=${encodeURIComponent(SPEC)}&task=spikes`, BASE).href);
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
    await page.getByRole('button', { name: 'Train' }).click();
    await page.waitForFunction(() => window.gradscopeTraining?.lastRun, null, { timeout: TIMEOUT_MS, polling: 200 });
    runs.push(await page.evaluate(() => window.gradscopeTraining.lastRun));
    await context.close();
  }
  await browser.close();
  writeFileSync(OUT, JSON.stringify({ runs }));
}

await main();
