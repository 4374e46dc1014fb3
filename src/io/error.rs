//! Input errors: every problem found in the files read, each with file, line, column and a stable code.

use crate::model::ErrorCode;
use std::fmt;
use std::path::{Path, PathBuf};

/// One problem with an input file: where it is, a stable code, what is wrong and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// The file (or folder) concerned, as the user named it.
    pub file: PathBuf,
    /// 1-based line in the file, when the problem sits on one line.
    pub line: Option<usize>,
    /// The column (header name) concerned, when the problem sits in one cell.
    pub column: Option<String>,
    /// Stable code, e.g. [`ErrorCode::NotANumber`] (`NOT_A_NUMBER`).
    pub code: ErrorCode,
    /// What is wrong, quoting the offending value.
    pub message: String,
    /// What would fix it.
    pub hint: String,
}

impl InputError {
    /// A problem with `file` as a whole; add the place with [`InputError::at_line`] and
    /// [`InputError::in_column`].
    pub fn new(
        file: impl AsRef<Path>,
        code: ErrorCode,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Self {
            file: file.as_ref().to_path_buf(),
            line: None,
            column: None,
            code,
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// The same problem, placed on a 1-based line.
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// The same problem, placed in a column.
    pub fn in_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ": column '{column}'")?;
        }
        write!(f, ": error[{}]: {}", self.code, self.message)?;
        if !self.hint.is_empty() {
            write!(f, "\n  hint: {}", self.hint)?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

/// Every problem found while reading input, in file order and line order within a file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct InputErrors(pub Vec<InputError>);

impl InputErrors {
    /// The problems.
    pub fn iter(&self) -> std::slice::Iter<'_, InputError> {
        self.0.iter()
    }

    /// Number of problems.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there is no problem (never the case for an error that was returned).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The problems with a given code: an [`ErrorCode`] or its string form (`"NOT_A_NUMBER"`).
    pub fn with_code<'a, C>(&'a self, code: C) -> impl Iterator<Item = &'a InputError> + 'a
    where
        C: 'a,
        ErrorCode: PartialEq<C>,
    {
        self.0.iter().filter(move |e| e.code == code)
    }
}

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl From<InputError> for InputErrors {
    fn from(error: InputError) -> Self {
        Self(vec![error])
    }
}

impl<'a> IntoIterator for &'a InputErrors {
    type Item = &'a InputError;
    type IntoIter = std::slice::Iter<'a, InputError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Maps an I/O failure on `path` to an input error that names the path and says what to do.
pub fn io_error(path: &Path, action: &str, error: &std::io::Error) -> InputError {
    let (code, hint) = match error.kind() {
        std::io::ErrorKind::NotFound => (ErrorCode::MissingFile, "check the path"),
        std::io::ErrorKind::PermissionDenied => {
            (ErrorCode::UnreadableFile, "check the file's permissions")
        }
        _ => (
            ErrorCode::UnreadableFile,
            "check that the path is a readable file",
        ),
    };
    InputError::new(
        path,
        code,
        format!("cannot {action} '{}': {error}", path.display()),
        hint,
    )
}
