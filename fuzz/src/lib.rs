//! The checks the fuzz targets run; `tests/fuzz_corpus.rs` of takt replays the corpora through the
//! same file on stable Rust.
#![forbid(unsafe_code)]

pub mod checks;
