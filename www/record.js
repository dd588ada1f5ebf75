// Record: a WebM video of the plots while something animates them (a parameter
// sweeping its range), with the browser's own MediaRecorder, so that no encoder
// ships in the page. The canvases are composited onto one canvas, stacked top to
// bottom at their own pixel sizes, and that canvas's stream is recorded. Plain
// JavaScript, no dependency.

/** The containers tried in order; the first the browser supports is used. */
const WEBM_TYPES = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'];

/**
 * Where each canvas goes on the composite: stacked top to bottom, left-aligned.
 *
 * @param {{width: number, height: number}[]} sizes each canvas's size in pixels.
 * @returns {{width: number, height: number, tops: number[]}} the composite's size
 *   and each canvas's top edge on it.
 */
export function stack(sizes) {
  const tops = [];
  let height = 0;
  let width = 0;
  for (const size of sizes) {
    tops.push(height);
    height += size.height;
    width = Math.max(width, size.width);
  }
  return { width, height, tops };
}

/** The first WebM type this browser's MediaRecorder supports, or null. */
export function webmType() {
  if (typeof MediaRecorder === 'undefined') {
    return null;
  }
  return WEBM_TYPES.find((type) => MediaRecorder.isTypeSupported(type)) ?? null;
}

/**
 * Records `canvases` as one WebM video while `step(t)` animates them, t going from 0
 * to 1 over `seconds` (one call per animation frame, the last with t = 1).
 *
 * @param {HTMLCanvasElement[]} canvases the plots, stacked top to bottom.
 * @param {(t: number) => (void|Promise<void>)} step redraws the canvases for time t.
 * @param {{seconds?: number, fps?: number, background?: string,
 *   signal?: AbortSignal}} [options] how long (4 s), the frame rate (30), the colour
 *   behind the canvases (white), and a signal that stops the recording early.
 * @returns {Promise<Blob>} the video (`video/webm`); rejects with a message naming
 *   what is missing when the browser cannot record, and with the signal's reason
 *   when aborted.
 */
export async function record(canvases, step, { seconds = 4, fps = 30, background = '#fff', signal } = {}) {
  const type = webmType();
  if (type === null) {
    throw new Error('this browser cannot record video: MediaRecorder with WebM is missing');
  }
  if (!(seconds > 0) || !(fps > 0) || canvases.length === 0) {
    throw new RangeError(`record needs canvases, seconds > 0 and fps > 0, not ${canvases.length}, ${seconds}, ${fps}`);
  }
  const layout = stack(canvases.map((c) => ({ width: c.width, height: c.height })));
  const composite = document.createElement('canvas');
  composite.width = layout.width;
  composite.height = layout.height;
  const context = composite.getContext('2d');
  const paint = () => {
    context.fillStyle = background;
    context.fillRect(0, 0, layout.width, layout.height);
    canvases.forEach((canvas, i) => context.drawImage(canvas, 0, layout.tops[i]));
  };
  paint();
  const stream = composite.captureStream(fps);
  const recorder = new MediaRecorder(stream, { mimeType: type });
  const chunks = [];
  recorder.addEventListener('dataavailable', (event) => {
    if (event.data.size > 0) chunks.push(event.data);
  });
  const stopped = new Promise((resolve, reject) => {
    recorder.addEventListener('stop', resolve);
    recorder.addEventListener('error', (event) => reject(event.error ?? new Error('recording failed')));
  });
  recorder.start();
  try {
    await animate(seconds, async (t) => {
      signal?.throwIfAborted();
      await step(t);
      paint();
    });
  } finally {
    stream.getTracks().forEach((track) => track.stop());
    recorder.stop();
  }
  await stopped;
  return new Blob(chunks, { type: 'video/webm' });
}

/** Calls `frame(t)` once per animation frame, t from 0 to 1 over `seconds`. */
async function animate(seconds, frame) {
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const start = await nextFrame();
  await frame(0);
  for (;;) {
    const now = await nextFrame();
    const t = Math.min(1, (now - start) / (seconds * 1000));
    await frame(t);
    if (t >= 1) return;
  }
}
