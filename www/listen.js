// Listen: a view's forward f(x) and its backward as two tones swept from the left end
// of the range to the right over a few seconds, as Desmos's audio trace does. f plays
// in the left ear and the backward in the right; each pitch follows its value,
// mapped over that curve's own range; a click marks each jump; a curve is silent
// where it is NaN or infinite. Plain Web Audio, no dependency: `plan` turns the
// samples into times and pitches (plain data, testable without audio), `listen`
// schedules them on an AudioContext.

/** The lowest and highest pitch in hertz: a curve's minimum and maximum. */
export const LOW_HZ = 220;
export const HIGH_HZ = 880;

/** Time slots per second of sound; each keeps its slot's lowest and highest value. */
const SLOTS_PER_SECOND = 200;
/** The loudness of each tone (0 to 1), leaving room for two tones and the clicks. */
const LEVEL = 0.2;
/** How fast a tone fades in or out, in seconds (a time constant, so no pops). */
const FADE = 0.01;
/** How long one click lasts, in seconds. */
const CLICK_SECONDS = 0.008;
/** A short delay before the sound starts, so that the first events are not late. */
const LEAD_SECONDS = 0.05;

/**
 * What `listen` plays, as plain data.
 *
 * @param {{x: number[], f: number[], backward: number[], jumps?: number[]}} samples
 *   ascending x, the forward and backward at each x (NaN or ±Infinity where not
 *   finite), and the x of the forward's jumps.
 * @param {{seconds?: number, low?: number, high?: number}} [options] the duration
 *   (default 3 s) and the pitch range in hertz.
 * @returns {{seconds: number, tones: {name: string, pan: number,
 *   times: number[], hz: (number|null)[]}[], clicks: number[]}}
 *   for f (pan -1, left) and the backward (pan +1, right), the times in seconds from
 *   the start and the pitch at each (null where silent); and the times of the clicks.
 */
export function plan(samples, { seconds = 3, low = LOW_HZ, high = HIGH_HZ } = {}) {
  const { x, f, backward, jumps = [] } = samples;
  if (!(seconds > 0) || !(low > 0) || !(high >= low)) {
    throw new RangeError(`listen needs seconds > 0 and 0 < low <= high, not ${seconds}, ${low}, ${high}`);
  }
  if (x.length !== f.length || x.length !== backward.length) {
    throw new RangeError(`x, f and backward must have one value per x (${x.length}, ${f.length}, ${backward.length})`);
  }
  const from = x[0];
  const span = x[x.length - 1] - from;
  const timeOf = (value) => (span > 0 ? ((value - from) / span) * seconds : 0);
  const times = x.map(timeOf);
  const slots = Math.max(1, Math.round(seconds * SLOTS_PER_SECOND));
  const tone = (name, pan, values) => {
    const kept = extremesPerSlot(times, values, slots, seconds);
    const pitch = pitchScale(values, low, high);
    return {
      name,
      pan,
      times: kept.map((i) => times[i]),
      hz: kept.map((i) => (Number.isFinite(values[i]) ? pitch(values[i]) : null)),
    };
  };
  const inside = jumps.filter((j) => j >= from && j <= from + span);
  return {
    seconds,
    tones: [tone('f', -1, f), tone('backward', 1, backward)],
    clicks: inside.map(timeOf),
  };
}

/**
 * A function from a value to a pitch: the curve's finite minimum to `low`, its
 * maximum to `high`, on a log scale (equal value steps sound like equal intervals);
 * the middle pitch for a constant curve.
 */
function pitchScale(values, low, high) {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (Number.isFinite(v)) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  const ratio = high / low;
  if (!(max > min)) {
    return () => low * Math.sqrt(ratio);
  }
  return (v) => low * ratio ** ((v - min) / (max - min));
}

/**
 * The indices to play: in each of `slots` time slots, its first and last sample and
 * those of its lowest and highest finite value, in x order, so that a narrow peak is
 * heard; a slot with a non-finite value also keeps its first one, so that silence is
 * heard too.
 */
function extremesPerSlot(times, values, slots, seconds) {
  const slotOf = (t) => Math.min(slots - 1, Math.floor((t / seconds) * slots));
  const kept = [];
  let first = 0;
  while (first < times.length) {
    const slot = slotOf(times[first]);
    let end = first;
    let [low, high, silent] = [-1, -1, -1];
    for (; end < times.length && slotOf(times[end]) === slot; end += 1) {
      const v = values[end];
      if (!Number.isFinite(v)) {
        if (silent < 0) silent = end;
      } else {
        if (low < 0 || v < values[low]) low = end;
        if (high < 0 || v > values[high]) high = end;
      }
    }
    const chosen = new Set([first, low, high, silent, end - 1].filter((i) => i >= 0));
    kept.push(...[...chosen].sort((a, b) => a - b));
    first = end;
  }
  return kept;
}

/** One click: a burst of noise that dies away over CLICK_SECONDS. */
function clickBuffer(audioContext) {
  const length = Math.max(1, Math.round(audioContext.sampleRate * CLICK_SECONDS));
  const buffer = audioContext.createBuffer(1, length, audioContext.sampleRate);
  const data = buffer.getChannelData(0);
  for (let i = 0; i < length; i += 1) {
    data[i] = (Math.random() * 2 - 1) * (1 - i / length) ** 2;
  }
  return buffer;
}

/** Schedules one tone's pitches and fades on an oscillator and its gain. */
function scheduleTone(tone, oscillator, gain, start) {
  let audible = false;
  tone.times.forEach((t, i) => {
    const hz = tone.hz[i];
    const at = start + t;
    if (hz === null) {
      if (audible) gain.gain.setTargetAtTime(0, at, FADE);
      audible = false;
      return;
    }
    if (audible) {
      oscillator.frequency.linearRampToValueAtTime(hz, at);
    } else {
      oscillator.frequency.setValueAtTime(hz, at);
      gain.gain.setTargetAtTime(LEVEL, at, FADE);
      audible = true;
    }
  });
}

/**
 * Plays f (left ear) and the backward (right ear) as two tones over `seconds`, with a
 * click at each jump. Call it from a user gesture (a click on `Listen`), which lets
 * the context start.
 *
 * @param {AudioContext} audioContext where to play.
 * @param {{x: number[], f: number[], backward: number[], jumps?: number[]}} samples
 *   as for `plan`.
 * @param {{seconds?: number}} [options] the duration, 3 s by default.
 * @returns {{stop: () => void, finished: Promise<void>}} `stop` silences it at once;
 *   `finished` resolves when it has played or been stopped.
 */
export function listen(audioContext, samples, { seconds = 3 } = {}) {
  const sound = plan(samples, { seconds });
  if (audioContext.state === 'suspended') {
    audioContext.resume();
  }
  const start = audioContext.currentTime + LEAD_SECONDS;
  const end = start + sound.seconds;
  const output = audioContext.createGain();
  output.connect(audioContext.destination);
  const sources = sound.tones.map((tone) => {
    const oscillator = audioContext.createOscillator();
    const gain = audioContext.createGain();
    gain.gain.value = 0;
    const panner = audioContext.createStereoPanner();
    panner.pan.value = tone.pan;
    oscillator.connect(gain).connect(panner).connect(output);
    scheduleTone(tone, oscillator, gain, start);
    gain.gain.setTargetAtTime(0, end, FADE);
    oscillator.start(start);
    oscillator.stop(end + 10 * FADE);
    return oscillator;
  });
  const click = clickBuffer(audioContext);
  for (const t of sound.clicks) {
    const source = audioContext.createBufferSource();
    source.buffer = click;
    source.connect(output);
    source.start(start + t);
    sources.push(source);
  }
  const finished = new Promise((resolve) => {
    sources[0].addEventListener('ended', () => {
      output.disconnect();
      resolve();
    });
  });
  const stop = () => {
    for (const source of sources) {
      source.stop();
    }
  };
  return { stop, finished };
}
