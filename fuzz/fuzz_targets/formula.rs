//! Fuzzes formulas: any text either is refused with a message, or parses to a
//! formula whose canonical form parses back to the same formula, and which evaluates
//! (forward and both reverse passes) in f32 and f64 for every framework at the
//! special x without panicking, one x or all at once giving the same. The first
//! bytes choose the x.

#![no_main]

use gradscope::formula::{Formula, Framework};
use libfuzzer_sys::fuzz_target;

/// x where conventions show: signed zeros, subnormals, huge, infinite, NaN.
const SPECIAL: [f64; 12] = [
    0.0,
    -0.0,
    1.0,
    -0.5,
    2.5,
    1e-30,
    1e-40,
    88.0,
    1e30,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
];

fn same(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}

fn evaluate(formula: &Formula, extra: f64) {
    let mut xs = SPECIAL.to_vec();
    xs.push(extra);
    let all = formula.evaluate(&xs);
    for (i, &x) in xs.iter().enumerate() {
        let one = formula.evaluate(&[x]);
        assert!(same(one.value[0], all.value[i]), "{formula} at {x}");
        assert!(same(one.gradient[0], all.gradient[i]), "{formula} at {x}");
        assert!(same(one.true_gradient[0], all.true_gradient[i]), "{formula} at {x}");
    }
    let xs32: Vec<f32> = xs.iter().map(|&x| x as f32).collect();
    let result = formula.evaluate(&xs32);
    assert_eq!(result.gradient.len(), xs32.len());
}

fuzz_target!(|data: &[u8]| {
    let (head, text) = data.split_at(data.len().min(8));
    let Ok(text) = std::str::from_utf8(text) else { return };
    let mut bits = [0u8; 8];
    bits[..head.len()].copy_from_slice(head);
    let extra = f64::from_le_bytes(bits);
    match text.parse::<Formula>() {
        Err(error) => assert!(!error.to_string().is_empty()),
        Ok(formula) => {
            let canonical = formula.to_string();
            let again: Formula = canonical.parse().expect("a canonical formula parses");
            assert_eq!(again, formula, "round trip of {canonical}");
            assert_eq!(again.to_string(), canonical);
            for framework in Framework::ALL {
                evaluate(&formula.with_framework(framework), extra);
            }
        }
    }
});
