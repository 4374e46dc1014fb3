//! Readers of the standard benchmark files: classic job shop (`jsp`) and Brandimarte flexible job
//! shop (`fjs`).

mod fjs;
mod jsp;
mod shop;
mod tokens;

pub use fjs::{parse_fjs, read_fjs};
pub use jsp::{parse_jsp, read_jsp};
