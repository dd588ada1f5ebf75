// The plain-data halves of www/listen.js and www/record.js, in Node without a
// browser: what Listen would play (pans, times, pitches following each curve,
// silence where a curve is not finite, a click at each jump) and how the recorder
// stacks the plots. The Web Audio and MediaRecorder halves need a browser and are
// driven by the page tests once the page calls them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HIGH_HZ, LOW_HZ, listen, plan } from '../../www/listen.js';
import { stack } from '../../www/record.js';

/** `count + 1` even samples of `backward` on [from, to], with a 0/1 step at 0 as f. */
function samples(backward, { from = -3, to = 3, count = 2400 } = {}) {
  const x = Array.from({ length: count + 1 }, (_, i) => from + ((to - from) * i) / count);
  return { x, f: x.map((v) => (v > 0 ? 1 : 0)), backward: x.map(backward), jumps: [0] };
}

const triangle = (v) => Math.max(0, 1 - Math.abs(v));

test('f plays in the left ear and the backward in the right, from 0 to the duration', () => {
  const sound = plan(samples(triangle), { seconds: 3 });
  assert.deepEqual(sound.tones.map((t) => [t.name, t.pan]), [['f', -1], ['backward', 1]]);
  for (const tone of sound.tones) {
    assert.equal(tone.times[0], 0);
    assert.equal(tone.times.at(-1), 3);
    assert.ok(tone.times.every((t, i) => i === 0 || t > tone.times[i - 1]), `${tone.name} times ascend`);
    assert.equal(tone.times.length, tone.hz.length);
  }
});

test('each pitch follows its own curve from its minimum (low) to its maximum (high)', () => {
  const sound = plan(samples(triangle), { seconds: 2 });
  const [f, backward] = sound.tones;
  // The step: the lowest pitch before the jump at t = 1 s, the highest after.
  f.times.forEach((t, i) => assert.equal(f.hz[i], t <= 1 ? LOW_HZ : HIGH_HZ, `f at ${t} s`));
  // The triangle: highest at x = 0 (t = 1 s), lowest beyond |x| = 1, rising between.
  const peak = backward.hz.indexOf(Math.max(...backward.hz));
  assert.equal(backward.times[peak], 1);
  assert.equal(backward.hz[peak], HIGH_HZ);
  backward.times.forEach((t, i) => {
    const x = -3 + 3 * t;
    if (Math.abs(x) >= 1) assert.equal(backward.hz[i], LOW_HZ, `0 at x = ${x}`);
    if (i > 0 && x > -1 && x <= 0) assert.ok(backward.hz[i] > backward.hz[i - 1], `rising at x = ${x}`);
  });
});

test('a curve is silent exactly where it is not finite', () => {
  const nanAbove = (v) => (v > 1 ? NaN : v < -2 ? Infinity : 0.5 * v);
  const [, backward] = plan(samples(nanAbove), { seconds: 3 }).tones;
  backward.times.forEach((t, i) => {
    const x = -3 + 2 * t;
    assert.equal(backward.hz[i] === null, x > 1 || x < -2, `at x = ${x}`);
  });
  assert.ok(backward.hz.some((hz) => hz === HIGH_HZ), 'the finite maximum still maps to the top');
});

test('a peak narrower than a time slot is still heard at its height', () => {
  const spike = (v) => (Math.abs(v - 0.7) < 1e-3 ? 1 : 0);
  const [, backward] = plan(samples(spike, { count: 60000 }), { seconds: 3 }).tones;
  assert.ok(backward.hz.includes(HIGH_HZ));
  assert.ok(backward.times.length < 60000 / 10, `${backward.times.length} events`);
});

test('a constant curve plays the middle pitch, and clicks mark the jumps in range', () => {
  const data = samples(() => 1);
  data.jumps = [-5, -1.5, 0, 1.5, 3, 4];
  const sound = plan(data, { seconds: 3 });
  assert.ok(sound.tones[1].hz.every((hz) => Math.abs(hz - Math.sqrt(LOW_HZ * HIGH_HZ)) < 1e-9));
  assert.deepEqual(sound.clicks, [0.75, 1.5, 2.25, 3]);
});

test('bad input is refused with a message', () => {
  assert.throws(() => plan({ x: [0, 1], f: [0], backward: [0, 1] }), /one value per x/);
  assert.throws(() => plan(samples(triangle), { seconds: 0 }), /seconds > 0/);
});

/**
 * A stand-in for an AudioContext that records what is scheduled on it: each node's
 * kind, connections, start and stop times and parameter events.
 */
function fakeAudioContext() {
  const nodes = [];
  const param = (value) => ({
    value,
    events: [],
    setValueAtTime(v, t) { this.events.push(['set', v, t]); },
    linearRampToValueAtTime(v, t) { this.events.push(['ramp', v, t]); },
    setTargetAtTime(v, t) { this.events.push(['target', v, t]); },
  });
  const node = (kind, extra = {}) => {
    const made = {
      kind,
      outputs: [],
      connect(next) { this.outputs.push(next); return next; },
      disconnect() { this.outputs = []; },
      start(t) { this.started = t; },
      stop(t) { this.stopped = t ?? 'now'; this.ended?.(); },
      addEventListener(name, handler) { if (name === 'ended') this.ended = handler; },
      ...extra,
    };
    nodes.push(made);
    return made;
  };
  return {
    nodes,
    state: 'running',
    currentTime: 10,
    sampleRate: 48000,
    destination: node('destination'),
    createGain: () => node('gain', { gain: param(1) }),
    createOscillator: () => node('oscillator', { frequency: param(440) }),
    createStereoPanner: () => node('panner', { pan: param(0) }),
    createBufferSource: () => node('click'),
    createBuffer: (channels, length) => ({ getChannelData: () => new Float32Array(length) }),
  };
}

test('listen schedules two panned tones over the duration and a click per jump', async () => {
  const audio = fakeAudioContext();
  const played = listen(audio, samples(triangle), { seconds: 3 });
  const kinds = (kind) => audio.nodes.filter((n) => n.kind === kind);
  assert.deepEqual(kinds('panner').map((p) => p.pan.value), [-1, 1]);
  const oscillators = kinds('oscillator');
  assert.equal(oscillators.length, 2);
  for (const oscillator of oscillators) {
    const start = oscillator.started;
    assert.ok(start >= audio.currentTime && oscillator.stopped > start + 3, `${start}..${oscillator.stopped}`);
    const hz = oscillator.frequency.events.map((e) => e[1]);
    assert.ok(Math.min(...hz) === LOW_HZ && Math.max(...hz) === HIGH_HZ);
  }
  const clicks = kinds('click');
  assert.deepEqual(clicks.map((c) => c.started - oscillators[0].started), [1.5]);
  played.stop();
  await played.finished;
  assert.ok(oscillators.every((o) => o.stopped === 'now'));
});

test('the recorder stacks the plots top to bottom at their own sizes', () => {
  assert.deepEqual(stack([{ width: 1200, height: 500 }, { width: 1000, height: 400 }]), {
    width: 1200,
    height: 900,
    tops: [0, 500],
  });
  assert.deepEqual(stack([]), { width: 0, height: 0, tops: [] });
});
