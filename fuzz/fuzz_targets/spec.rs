//! Fuzzes the spec parser: any text either parses to an estimator whose canonical
//! form parses back to the same estimator, or gives an error with a message. Never a
//! panic.

#![no_main]

use gradscope::Estimator;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match text.parse::<Estimator>() {
        Ok(estimator) => {
            let canonical = estimator.to_string();
            let again: Estimator = canonical.parse().expect("a canonical spec parses");
            assert_eq!(again, estimator, "round trip of {canonical}");
            assert_eq!(again.to_string(), canonical);
        }
        Err(error) => assert!(!error.to_string().is_empty()),
    }
});
