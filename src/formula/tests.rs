//! Unit tests of parsing, printing and errors.
