// Catalog formulas written by hand in JavaScript over Float64Arrays, the baselines of
// `cargo xtask bench`: each twin computes what its catalog entry computes in float64
// (src/catalog/), one output at every x, as a person would write it for a page.
// JavaScript has no float32 arithmetic, so the twins are float64 only.

const logistic = (z) => 1 / (1 + Math.exp(-z));

/** Rounds half to even, as tf.round and the catalog's round do. */
function roundHalfEven(x) {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function softRound(xs, out, alpha, eps) {
  const z = Math.tanh(alpha / 2) * 2;
  for (let i = 0; i < xs.length; i += 1) {
    const x = xs[i];
    if (alpha < eps) {
      out[i] = x;
    } else {
      const m = Math.floor(x) + 0.5;
      out[i] = m + Math.tanh(alpha * (x - m)) / z;
    }
  }
}

function softRoundDerivative(xs, out, alpha, eps) {
  const z = Math.tanh(alpha / 2) * 2;
  for (let i = 0; i < xs.length; i += 1) {
    const x = xs[i];
    if (alpha < eps) {
      out[i] = 1;
    } else {
      const t = Math.tanh(alpha * (x - (Math.floor(x) + 0.5)));
      out[i] = (1 / z) * (1 - t * t) * alpha;
    }
  }
}

function fourierSum(xs, out, terms, derivative) {
  for (let i = 0; i < xs.length; i += 1) {
    const x = xs[i];
    let sum = 0;
    for (let n = 1; n <= terms; n += 1) {
      const c = 2 * Math.PI * n;
      const coefficient = (n % 2 === 0 ? 1 : -1) / (Math.PI * n);
      sum += coefficient * (derivative ? Math.cos(c * x) * c : Math.sin(c * x));
    }
    out[i] = (derivative ? 1 : x) + sum;
  }
}

/** Each twin: the catalog spec it mirrors, the output, and the loop. */
export const TWINS = [
  { spec: 'identity', output: 'f', run: (xs, out) => { for (let i = 0; i < xs.length; i += 1) out[i] = xs[i]; } },
  { spec: 'identity', output: 'true', run: (xs, out) => { for (let i = 0; i < xs.length; i += 1) out[i] = 1; } },
  { spec: 'relu', output: 'f', run: (xs, out) => { for (let i = 0; i < xs.length; i += 1) out[i] = xs[i] > 0 ? xs[i] : 0; } },
  { spec: 'relu', output: 'true', run: (xs, out) => { for (let i = 0; i < xs.length; i += 1) out[i] = xs[i] > 0 ? 1 : 0; } },
  {
    spec: 'heaviside',
    output: 'f',
    run: (xs, out) => {
      for (let i = 0; i < xs.length; i += 1) {
        const x = xs[i];
        out[i] = x > 0 ? 1 : x < 0 ? 0 : x === 0 ? 1 : x;
      }
    },
  },
  { spec: 'round', output: 'f', run: (xs, out) => { for (let i = 0; i < xs.length; i += 1) out[i] = roundHalfEven(xs[i]); } },
  { spec: 'sigmoid', output: 'f', run: (xs, out) => { for (let i = 0; i < xs.length; i += 1) out[i] = logistic(xs[i]); } },
  {
    spec: 'sigmoid',
    output: 'true',
    run: (xs, out) => {
      for (let i = 0; i < xs.length; i += 1) {
        const s = logistic(xs[i]);
        out[i] = s * (1 - s);
      }
    },
  },
  { spec: 'soft_round', output: 'f', run: (xs, out) => softRound(xs, out, 3, 0.001) },
  { spec: 'soft_round', output: 'true', run: (xs, out) => softRoundDerivative(xs, out, 3, 0.001) },
  { spec: 'fourier_round', output: 'f', run: (xs, out) => fourierSum(xs, out, 5, false) },
  { spec: 'fourier_round', output: 'true', run: (xs, out) => fourierSum(xs, out, 5, true) },
  {
    spec: 'identity/sigmoid',
    output: 'backward',
    run: (xs, out) => {
      for (let i = 0; i < xs.length; i += 1) {
        const s = logistic(xs[i]);
        out[i] = s * (1 - s);
      }
    },
  },
  { spec: 'identity/triangle', output: 'backward', run: (xs, out) => { for (let i = 0; i < xs.length; i += 1) out[i] = Math.max(1 - Math.abs(xs[i]), 0); } },
  {
    spec: 'identity/snntorch_atan',
    output: 'backward',
    run: (xs, out) => {
      for (let i = 0; i < xs.length; i += 1) {
        const u = (Math.PI / 2) * 2 * xs[i];
        out[i] = 2 / 2 / (1 + u * u);
      }
    },
  },
  {
    spec: 'identity/snntorch_sigmoid',
    output: 'backward',
    run: (xs, out) => {
      for (let i = 0; i < xs.length; i += 1) {
        const e = Math.exp(-25 * xs[i]);
        out[i] = (25 * e) / ((e + 1) * (e + 1));
      }
    },
  },
];

/** The derivative of a sigmoid of slope k at every x: the backward the pages drag. */
export function sigmoidBackward(xs, out, k) {
  for (let i = 0; i < xs.length; i += 1) {
    const s = logistic(k * xs[i]);
    out[i] = k * s * (1 - s);
  }
}

export { softRound, softRoundDerivative, fourierSum };
