//! Fuzzes the URL-state parser: any query gives a view (with messages for what was
//! refused), and the view written back reads back to itself with no message.

#![no_main]

use gradscope::url_state::{read_query, write_query};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else { return };
    let (view, _messages) = read_query(query);
    let written = write_query(&view);
    let (again, messages) = read_query(&written);
    assert!(messages.is_empty(), "{written}: {messages:?}");
    assert_eq!(again, view, "round trip of {written}");
});
