//! Guided tours: a list of views, each with a note, that a teacher walks through one
//! step at a time (`tour=seeds&step=k` in the page's URL). Each step's view is a URL
//! query string, read by [`crate::url_state::read_query`] exactly as a link is, so a
//! tour is data like the presets, and a teacher's own tour is one more entry in
//! [`TOURS`].

/// A guided tour.
#[derive(Debug)]
pub struct Tour {
    /// The id used in URLs (`tour=seeds`).
    pub id: &'static str,
    /// What the tour is about, in a few words.
    pub title: &'static str,
    /// The steps, in order.
    pub steps: &'static [TourStep],
}

/// One step of a tour: a view and what to say about it.
#[derive(Debug)]
pub struct TourStep {
    /// The view as a URL query string (`spec=..&from=..&to=..&dtype=..&pin=..&show=..`).
    pub view: &'static str,
    /// The note shown beside the plots.
    pub note: TourNote,
}

/// A step's note in three parts, as a preset's.
#[derive(Debug)]
pub struct TourNote {
    /// What the seed's code did.
    pub code: &'static str,
    /// What the plot shows.
    pub shows: &'static str,
    /// The fix.
    pub fix: &'static str,
}

/// Every tour's id, in [`TOURS`] order (the page's `tour` select).
pub const TOUR_IDS: [&str; TOURS.len()] = ids_of!(TOURS);

/// Every tour.
pub(super) const TOURS: &[Tour] = &[Tour {
    id: "seeds",
    title: "The five seed questions: steps, sawtooths, thresholds, rounding and binary neurons",
    steps: SEEDS,
}];

/// `tour=seeds`: seeds 000 to 004 in order, the broken version beside the fixed one
/// where the answers disagree.
const SEEDS: &[TourStep] = &[
    TourStep {
        view: "spec=preset:heaviside-sign-sigmoid",
        note: TourNote {
            code: "Seed 000 wants a step function that still passes a gradient: the question builds the step from tf.sign and overrides the sign's gradient with a sigmoid's derivative, so H(0) = 0.",
            shows: "The step jumps at 0 and takes the value 0 there (filled dot below, open dot above); the backward is a bell of height 1/4 whose area over [-3, 3] is about 0.9.",
            fix: "The sigmoid surrogate works; decide what H(0) should be and say so in the code.",
        },
    },
    TourStep {
        view: "spec=preset:heaviside-ge-triangle&pin=preset:heaviside-sign-sigmoid&show=true,implied",
        note: TourNote {
            code: "The accepted answer of 000 builds the step with tf.greater_equal, so H(0) = 1, and overrides its gradient with Identity shaped into the triangle max(0, 1 - |x|).",
            shows: "Beside the question's version (pinned), the two steps agree everywhere but at 0; the triangle is 0 beyond |x| = 1 and has area exactly 1, so the implied forward (dashed) climbs from 0 to 1 like the step itself.",
            fix: "Either surrogate trains; widen the triangle if the inputs live far from 0.",
        },
    },
    TourStep {
        view: "spec=preset:heaviside-no-grad&pin=preset:sign-no-grad",
        note: TourNote {
            code: "Answers 0 and 1 of 000 build the step only from ops whose gradient is zero: 1 - max(0, sign(-x)), and sign(sign(x) + 0.1).",
            shows: "Both backwards are 0 everywhere, so nothing upstream of the step ever learns; answer 1 (pinned) is not even a 0/1 step but a sign from -1 to +1.",
            fix: "Give the step a surrogate backward, as the accepted answer does, and map a sign to {0, 1} with (sign + 1) / 2.",
        },
    },
    TourStep {
        view: "spec=preset:spiky&show=true,fd",
        note: TourNote {
            code: "Seed 001 computes a sawtooth in NumPy through tf.py_func and registers its gradient by hand: 1 on the rising half of each unit interval, 0 on the flat half.",
            shows: "The sawtooth drops back to 0 at every k + 0.5; between the drops the registered gradient matches the finite difference, and the arrows mark the drops, deltas of size -0.5 that autograd never sees.",
            fix: "The gradient is right where it exists; write the function with TensorFlow ops instead of py_func so the graph stays differentiable and portable.",
        },
    },
    TourStep {
        view: "spec=preset:s-lambda-nan",
        note: TourNote {
            code: "Seed 002 writes hard thresholding, keep x only where |x| > lambda, as f / relu(f - lambda) * f.",
            shows: "The forward looks right and jumps at ±5, yet the gradient is NaN at every x (shaded), even where |x| > lambda: the 0/0 of the division poisons it, and one NaN in a batch makes the whole update NaN.",
            fix: "Select instead of dividing: tf.where(|x| > lambda, x, 0), the next step.",
        },
    },
    TourStep {
        view: "spec=preset:s-lambda-where&pin=preset:s-lambda-relu",
        note: TourNote {
            code: "The answers of 002: tf.where(|x| > lambda, x, 0) keeps the hard threshold, and relu(x - lambda) - relu(-x - lambda) replaces it by a soft one.",
            shows: "Both gradients are 1 outside [-5, 5] and 0 inside; tf.where jumps at ±5 and keeps x (the arrows are its jumps, deltas autograd never sees), while the relu version (pinned) is continuous but shifts every kept value by lambda.",
            fix: "Use tf.where for a hard threshold; keep the relu form only where shrinkage is wanted.",
        },
    },
    TourStep {
        view: "spec=preset:round-ste&pin=preset:round-no-grad&show=true,implied",
        note: TourNote {
            code: "Seed 003 rounds inside a model: tf.round has no gradient (None), so the answers pass the gradient straight through, with x - stop_gradient(x - round(x)) or @tf.custom_gradient.",
            shows: "Both forwards are the same staircase; the gradient of tf.round alone (pinned) is 0 everywhere, the straight-through one is 1 everywhere, and its implied forward (dashed) is the identity line through the stairs.",
            fix: "Use the straight-through estimator where the forward must really round.",
        },
    },
    TourStep {
        view: "spec=preset:round-sin&pin=preset:soft-round&pin=preset:round-fourier",
        note: TourNote {
            code: "Other answers of 003 replace rounding by a smooth function and keep its true gradient: x - sin(2 pi x) / (2 pi), soft rounding as in tensorflow-compression, and a Fourier series of five terms.",
            shows: "Three smooth staircases: the sine version's gradient runs from 0 at the integers to 2 between them, soft rounding's peaks on every riser, and the Fourier series rings around each step, its gradient dipping below 0 and peaking at 11.",
            fix: "Smooth versions train but never round exactly: sharpen them during training (soft rounding's alpha) and round for real at inference.",
        },
    },
    TourStep {
        view: "spec=preset:round-clamp",
        note: TourNote {
            code: "Another 003 answer builds the step from maximum and minimum: min(max(x - 0.499, 0) * 10000, 1), a ramp 1e-4 wide.",
            shows: "A step at 0.499 whose gradient is 10000 on the ramp and exactly 0 everywhere else: its area is 1, as a step's should be, but almost no input ever lands on the ramp.",
            fix: "Use a straight-through or a smooth surrogate whose gradient reaches the inputs.",
        },
    },
    TourStep {
        view: "spec=preset:round-sigmoid-naive&dtype=f32&pin=preset:round-sigmoid",
        note: TourNote {
            code: "A 003 answer writes the sigmoid step as e / (e + 1) with e = exp(1000 (x - 0.5)), here in float32 as models usually run.",
            shows: "exp overflows above x = 0.589 in float32, and value and gradient turn NaN there (shaded), while the stable sigmoid (pinned) saturates at 1 with gradient 0; in float64 the NaN only moves out to x = 1.21.",
            fix: "Use tf.sigmoid, which saturates instead of overflowing.",
        },
    },
    TourStep {
        view: "spec=preset:relu-pass-through&pin=heaviside(h0=0)/identity",
        note: TourNote {
            code: "Seed 004 wants a binary neuron with a straight-through gradient: its question wraps tf.where(x > 0, x, 0) in tf.grad_pass_through.",
            shows: "That forward is a ReLU, not a step, since tf.where(x > 0, x, 0) keeps x; the intended step with the same gradient (pinned) jumps from 0 to 1 at 0.",
            fix: "Write tf.where(x > 0, 1.0, 0.0) inside tf.grad_pass_through.",
        },
    },
    TourStep {
        view: "spec=preset:sigmoid-or-binary&pin=preset:saturated-sigmoid",
        note: TourNote {
            code: "The answer of 004 draws u at random and outputs the sigmoid when u > 0.5 and the binary step otherwise, always back-propagating the sigmoid's gradient; the question had tried Kaiser & Bengio's saturated sigmoid.",
            shows: "For this draw (u = 0.2) the forward is the binary step while the gradient is the sigmoid's bell; the saturated sigmoid (pinned) reaches 0 and 1 exactly, and its gradient is 0 beyond |x| = 2.4.",
            fix: "Both train; drag u past 0.5 to see the sigmoid branch, and keep inputs between the saturated sigmoid's kinks.",
        },
    },
];
