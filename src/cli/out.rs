//! Printing to stdout without panicking when the reader has gone: a closed pipe
//! (`takt check ... | head -1`) ends takt quietly with exit code 141, as Unix tools that die of
//! SIGPIPE do.

use std::fmt::Arguments;
use std::io::{ErrorKind, Write};

/// Exit code when stdout is a closed pipe (128 + SIGPIPE).
pub const EXIT_BROKEN_PIPE: i32 = 141;

/// Writes one line to stdout.
pub fn line(args: Arguments<'_>) {
    let mut stdout = std::io::stdout().lock();
    let written = stdout
        .write_fmt(args)
        .and_then(|()| stdout.write_all(b"\n"))
        .and_then(|()| stdout.flush());
    if let Err(err) = written {
        if err.kind() == ErrorKind::BrokenPipe {
            std::process::exit(EXIT_BROKEN_PIPE);
        }
        // Any other failure to print (a full disk behind a redirect) is told on stderr.
        let _ = writeln!(std::io::stderr(), "error: cannot write to stdout: {err}");
        std::process::exit(2);
    }
}

/// `println!` that survives a closed stdout (see the module docs).
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::out::line(format_args!($($arg)*))
    };
}
pub(crate) use outln;

/// Writes one line to stderr; a closed stderr is ignored (there is nobody left to tell).
pub fn err_line(args: Arguments<'_>) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr
        .write_fmt(args)
        .and_then(|()| stderr.write_all(b"\n"));
}

/// `eprintln!` that survives a closed stderr.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::cli::out::err_line(format_args!($($arg)*))
    };
}
pub(crate) use errln;
