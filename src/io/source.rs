//! Input held in memory: the bytes of one file and the name its errors give it.

use super::error::{InputError, io_error};
use crate::model::ErrorCode;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One input file in memory: the name errors give it (a path, or any name the caller chooses) and
/// its bytes. Every reader of takt has a form that takes [`Source`]s, so that input can come from
/// strings, network buffers or archives as well as from files.
///
/// ```
/// use takt::io::Source;
/// let jsp = Source::new("tiny.jsp", "1 1\n0 5\n");
/// let instance = takt::io::parse_jsp(&jsp)?;
/// assert_eq!(instance.name(), "tiny");
/// # Ok::<(), takt::io::InputErrors>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The name errors give the file, e.g. `orders.csv` or `plant/orders.csv`.
    pub name: PathBuf,
    /// The file's bytes: UTF-8 text, optionally with a byte-order mark.
    pub bytes: Vec<u8>,
}

impl Source {
    /// A source from its name and contents (a `&str`, `String`, `Vec<u8>` or `&[u8]`).
    pub fn new(name: impl Into<PathBuf>, contents: impl AsRef<[u8]>) -> Self {
        Self {
            name: name.into(),
            bytes: contents.as_ref().to_vec(),
        }
    }

    /// Reads a source to its end from `reader`.
    ///
    /// # Errors
    /// `UNREADABLE_FILE` naming `name` when the reader fails.
    pub fn from_reader(
        name: impl Into<PathBuf>,
        mut reader: impl Read,
    ) -> Result<Self, InputError> {
        let name = name.into();
        let mut bytes = Vec::new();
        match reader.read_to_end(&mut bytes) {
            Ok(_) => Ok(Self { name, bytes }),
            Err(e) => Err(io_error(&name, "read", &e)),
        }
    }

    /// Reads the file at `path`; errors will name `path`.
    ///
    /// # Errors
    /// `MISSING_FILE` when the file does not exist, `UNREADABLE_FILE` when it cannot be read.
    pub fn from_path(path: &Path) -> Result<Self, InputError> {
        match std::fs::read(path) {
            Ok(bytes) => Ok(Self {
                name: path.to_path_buf(),
                bytes,
            }),
            Err(e) => Err(io_error(path, "read", &e)),
        }
    }

    /// The text, without a leading byte-order mark.
    ///
    /// # Errors
    /// `NOT_UTF8` at the line of the first byte that is not UTF-8; `INVISIBLE_CHARACTER` for a
    /// NUL byte (a UTF-16 file read as UTF-8, or a binary file).
    pub fn text(&self) -> Result<&str, InputError> {
        let text = match std::str::from_utf8(&self.bytes) {
            Ok(text) => text,
            Err(e) => {
                let valid = &self.bytes[..e.valid_up_to()];
                let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
                let utf16 =
                    self.bytes.starts_with(&[0xFF, 0xFE]) || self.bytes.starts_with(&[0xFE, 0xFF]);
                let hint = if utf16 {
                    "the file is UTF-16; save it as UTF-8 (CSV UTF-8 in spreadsheet programs)"
                } else {
                    "save the file as UTF-8 (CSV UTF-8 in spreadsheet programs)"
                };
                return Err(InputError::new(
                    &self.name,
                    ErrorCode::NotUtf8,
                    "the file is not UTF-8 text",
                    hint,
                )
                .at_line(line));
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if let Some(at) = text.find('\0') {
            let line = text[..at].matches('\n').count() + 1;
            return Err(InputError::new(
                &self.name,
                ErrorCode::InvisibleCharacter,
                "the file holds a NUL character (U+0000)",
                "save the file as UTF-8 text (a UTF-16 or binary file reads this way)",
            )
            .at_line(line));
        }
        Ok(text)
    }
}
