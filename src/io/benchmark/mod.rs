//! Readers of the standard benchmark files: classic job shop (`jsp`) and Brandimarte flexible job
//! shop (`fjs`).

mod fjs;
mod jsp;
mod shop;
mod tokens;

pub use fjs::read_fjs;
pub use jsp::read_jsp;
