//! The presets: each seed answer, reproducible in one click, with the story the page
//! tells beside the plot (what the code did, what the plot shows, the fix).

use super::Preset;

/// Every preset, in the order of `catalog.md`.
pub(super) const PRESETS: &[Preset] = &[
    Preset {
        id: "heaviside-sign-sigmoid",
        spec: "heaviside(h0=0)/sigmoid(k=1)",
        range: None,
        source: "seed 000, question",
        did: "Overrode the gradient of tf.sign with a sigmoid derivative and built the step from the sign, so H(0) = 0.",
        shows: "A step whose value at 0 is 0 (open dot above, filled below) and a smooth bell-shaped gradient of height 1/4.",
        fix: "Decide what H(0) should be and say it; the sigmoid surrogate itself works.",
    },
    Preset {
        id: "heaviside-ge-triangle",
        spec: "heaviside(h0=1)/triangle",
        range: None,
        source: "seed 000, accepted answer",
        did: "Used tf.greater_equal for the step (H(0) = 1) with an Identity gradient override, shaped into a triangle.",
        shows: "The step with H(0) = 1 and a triangular gradient that is 0 beyond |x| = 1.",
        fix: "None needed: this is a sound surrogate. Widen the triangle if inputs live far from 0.",
    },
    Preset {
        id: "heaviside-no-grad",
        spec: "heaviside(h0=1)/zero",
        range: None,
        source: "seed 000, answer 0",
        did: "Wrote the step as 1 - max(0, sign(-x)), which TensorFlow differentiates to nothing.",
        shows: "A correct step and a gradient that is 0 everywhere: nothing upstream ever learns.",
        fix: "Pair the step with a surrogate backward (triangle, sigmoid, straight-through).",
    },
    Preset {
        id: "spiky",
        spec: "spiky",
        range: None,
        source: "seed 001",
        did: "Computed the sawtooth in NumPy through tf.py_func and registered its gradient by hand.",
        shows: "The sawtooth jumps down at every k + 0.5; its derivative is 1 on the rising half and 0 on the flat half, with a delta at each jump that autograd never sees.",
        fix: "Nothing to fix in the gradient; prefer tf ops over py_func so the graph stays differentiable and portable.",
    },
    Preset {
        id: "s-lambda-nan",
        spec: "hard_threshold(lambda=5)/nan",
        range: Some([-10.0, 10.0]),
        source: "seed 002, question",
        did: "Built hard thresholding as f / relu(f - lambda) * f, which divides 0 by 0 wherever |x| <= lambda.",
        shows: "The forward looks right but every gradient is NaN (shaded), and one NaN poisons the whole update.",
        fix: "Use tf.where(|x| > lambda, x, 0), as in the s-lambda-where preset.",
    },
    Preset {
        id: "s-lambda-relu",
        spec: "soft_threshold(lambda=5)",
        range: Some([-10.0, 10.0]),
        source: "seed 002",
        did: "Replaced the hard threshold by relu(x - lambda) - relu(-x - lambda).",
        shows: "It trains (gradient 1 outside [-lambda, lambda]) but every kept value is shifted by lambda.",
        fix: "Keep it if shrinkage is wanted; otherwise use tf.where for the hard threshold.",
    },
    Preset {
        id: "s-lambda-where",
        spec: "hard_threshold(lambda=5)",
        range: Some([-10.0, 10.0]),
        source: "seed 002, answer",
        did: "Used tf.where(|x| > lambda, x, 0).",
        shows: "Jumps at ±lambda drawn as jumps, gradient 1 outside and 0 inside: hard thresholding done right.",
        fix: "None needed.",
    },
    Preset {
        id: "round-no-grad",
        spec: "round/zero",
        range: None,
        source: "seed 003, question",
        did: "Called tf.round inside the model.",
        shows: "A staircase whose gradient is 0 everywhere (TensorFlow returns None): training stalls.",
        fix: "Use a straight-through estimator (round-ste) or a smooth approximation (soft-round).",
    },
    Preset {
        id: "round-ste",
        spec: "round/identity",
        range: None,
        source: "seed 003, x - stop_gradient(x - round(x)) and @tf.custom_gradient",
        did: "Rounded in the forward and passed the gradient straight through.",
        shows: "The staircase with a flat gradient of 1: back-propagation believes the function is the identity (see the implied forward).",
        fix: "None needed: the standard straight-through estimator.",
    },
    Preset {
        id: "round-sin",
        spec: "sin_round",
        range: None,
        source: "seed 003",
        did: "Approximated rounding by x - sin(2 pi x) / (2 pi).",
        shows: "A smooth staircase, flat at the integers, with gradient 1 - cos(2 pi x) between 0 and 2.",
        fix: "None needed; the gradient vanishes exactly at integers, where rounded values sit.",
    },
    Preset {
        id: "round-clamp",
        spec: "clamp_round",
        range: None,
        source: "seed 003, maximum/minimum trick",
        did: "Built a step as a clipped ramp min(max(x - 0.499, 0) * 10000, 1).",
        shows: "A step with gradient 10000 on a ramp of width 1e-4 and 0 everywhere else: almost no input ever sees a gradient.",
        fix: "Use a straight-through or a soft surrogate instead of a steep ramp.",
    },
    Preset {
        id: "round-fourier",
        spec: "fourier_round(terms=5)",
        range: None,
        source: "seed 003",
        did: "Approximated rounding by a truncated Fourier series of the sawtooth.",
        shows: "Ringing steps (Gibbs overshoot) and a gradient that swings between negative values and 2N + 1.",
        fix: "Few terms give smooth but inexact steps; more terms sharpen them and make the gradient wilder.",
    },
    Preset {
        id: "round-sigmoid",
        spec: "sigmoid_round(slope=1000,center=0.5)",
        range: Some([0.0, 1.0]),
        source: "seed 003",
        did: "Approximated one rounding step by a steep sigmoid at 0.5, computed stably.",
        shows: "A single sharp step whose gradient is a spike of height slope/4 at 0.5 and 0 elsewhere.",
        fix: "Lower the slope so the gradient reaches the inputs, or use a straight-through estimator.",
    },
    Preset {
        id: "soft-round",
        spec: "soft_round(alpha=3)",
        range: None,
        source: "seed 003, tensorflow-compression",
        did: "Used tfc.soft_round (Agustsson & Theis 2020).",
        shows: "A differentiable staircase whose sharpness alpha moves between the identity (0) and round (large).",
        fix: "None needed: anneal alpha upwards during training.",
    },
    Preset {
        id: "sigmoid-or-binary",
        spec: "sigmoid_or_binary(u=0.2)/sigmoid(k=1)",
        range: None,
        source: "seed 004, answer",
        did: "Chose at random between the sigmoid and the binary step in the forward, always back-propagating the sigmoid's gradient.",
        shows: "For this draw (u = 0.2) the forward is the binary step, while the gradient is the sigmoid's.",
        fix: "None needed; drag u past 0.5 to see the other branch.",
    },
    Preset {
        id: "saturated-sigmoid",
        spec: "saturated_sigmoid",
        range: None,
        source: "seed 004, question",
        did: "Used Kaiser & Bengio's saturating sigmoid max(0, min(1, 1.2 sigmoid(x) - 0.1)).",
        shows: "A sigmoid that reaches exactly 0 and 1, with a gradient that is exactly 0 beyond |x| ≈ 2.4.",
        fix: "None needed; inputs beyond the kinks get no gradient.",
    },
    Preset {
        id: "relu-pass-through",
        spec: "relu/identity",
        range: None,
        source: "seed 004, question as written",
        did: "Wrapped tf.where(x > 0, x, 0) in tf.grad_pass_through, meaning to build a binary step.",
        shows: "The forward is a ReLU, not a step: tf.where(x > 0, x, 0) keeps x, it does not output 1.",
        fix: "Write tf.where(x > 0, 1.0, 0.0) (the heaviside forward) inside grad_pass_through.",
    },
    Preset {
        id: "round-sigmoid-naive",
        spec: "sigmoid_round_naive(slope=1000,center=0.5)",
        range: Some([0.0, 1.5]),
        source: "seed 003, as written",
        did: "Computed the sigmoid step as e / (e + 1) with e = exp(1000 (x - 0.5)).",
        shows: "In float32, exp overflows for x above about 0.589 and both value and gradient become NaN (shaded); float64 holds out to about 1.2.",
        fix: "Use tf.sigmoid, which saturates instead of overflowing (the round-sigmoid preset).",
    },
    Preset {
        id: "sign-no-grad",
        spec: "sign(s0=1)/zero",
        range: None,
        source: "seed 000, answer 1",
        did: "Wrote the step as sign(sign(x) + 0.1), which is -1 below 0 and +1 from 0 on.",
        shows: "A sign function (not a 0/1 step) with +1 at 0 and no gradient anywhere.",
        fix: "Map to {0, 1} with (sign + 1) / 2 and give it a surrogate backward.",
    },
    Preset {
        id: "snntorch-default",
        spec: "heaviside(h0=0)/snntorch_atan(alpha=2)",
        range: None,
        source: "snnTorch 1.0.0, snntorch.Leaky's default spike_grad",
        did: "snnTorch neurons spike with (mem - threshold > 0).float() and back-propagate surrogate.atan(alpha=2); the neuron subtracts its threshold of 1.0 first, so x here is mem - 1.",
        shows: "A step with H(0) = 0 and an arctangent-derivative bump of height alpha/2 = 1 centred at 0, with heavy tails.",
        fix: "None needed; raise alpha for a narrower, taller bump.",
    },
    Preset {
        id: "spikingjelly-default",
        spec: "heaviside(h0=1)/spikingjelly_sigmoid(alpha=4)",
        range: None,
        source: "SpikingJelly 2.0.0, neuron.LIFNode's default surrogate_function",
        did: "SpikingJelly neurons spike with (v - v_threshold >= 0) and back-propagate surrogate.Sigmoid(alpha=4); v_threshold is 1.0, so x here is v - 1.",
        shows: "A step with H(0) = 1 (unlike snnTorch and Norse) and a sigmoid-derivative bump of height alpha/4 = 1.",
        fix: "None needed; note the value at exactly 0 differs between libraries.",
    },
    Preset {
        id: "norse-default",
        spec: "heaviside(h0=0)/norse_super(alpha=100)",
        range: None,
        source: "Norse 1.1.0, LIFParameters defaults (method \"super\", alpha 100)",
        did: "Norse's LIF neurons call threshold(v - v_th, \"super\", 100) with v_th = 1.0, so x here is v - 1.",
        shows: "The SuperSpike gradient 1 / (|x| + 1)^2 of height 1: alpha = 100 is passed but the code never uses it (drag it: nothing moves).",
        fix: "To change the width, pick another method (tanh, circ, heavi_erfc use alpha) or write the surrogate yourself.",
    },
    Preset {
        id: "larq-ste-sign",
        spec: "sign(s0=1)/larq_ste_sign(clip_value=1)",
        range: None,
        source: "Larq 0.14.0, larq.quantizers.SteSign (the default input quantizer of binarized layers)",
        did: "Larq binarizes with sign(sign(x) + 0.1), so sign(0) = +1, and passes the gradient straight through where |x| <= 1.",
        shows: "A sign step that is never 0, and a box gradient of 1 on [-1, 1] (both ends included) and 0 outside.",
        fix: "None needed; inputs that drift beyond the clip value stop learning, which batch normalisation before the quantizer prevents.",
    },
    Preset {
        id: "tfc-soft-round",
        spec: "tfc_soft_round(alpha=3)",
        range: None,
        source: "tensorflow-compression 2.14.1, tfc.soft_round",
        did: "tensorflow-compression's soft rounding (Agustsson & Theis 2020) with alpha 3.",
        shows: "The same curve as the core soft_round: a differentiable staircase whose gradient peaks between integers.",
        fix: "None needed; anneal alpha upwards during training and use soft_round_conditional_mean at inference.",
    },
];

#[cfg(test)]
mod tests {
    use super::PRESETS;
    use crate::Estimator;

    #[test]
    fn every_preset_spec_parses_and_ids_are_unique() {
        for (i, preset) in PRESETS.iter().enumerate() {
            assert!(
                preset.spec.parse::<Estimator>().is_ok(),
                "{}: {}",
                preset.id,
                preset.spec
            );
            assert!(
                PRESETS[..i].iter().all(|p| p.id != preset.id),
                "{} twice",
                preset.id
            );
            assert!(!preset.did.is_empty() && !preset.shows.is_empty() && !preset.fix.is_empty());
        }
    }

    #[test]
    fn each_preset_is_recognised_as_itself() {
        for preset in PRESETS {
            let estimator: Estimator = preset.spec.parse().unwrap();
            let first = PRESETS
                .iter()
                .find(|p| p.spec.parse::<Estimator>().unwrap() == estimator)
                .unwrap();
            assert_eq!(first.id, preset.id, "two presets show the same estimator");
        }
    }
}
