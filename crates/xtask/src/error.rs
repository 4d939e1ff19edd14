//! The one error type of xtask: every failure says what was being done and how to fix it.

use std::fmt;
use std::io;
use std::path::PathBuf;
use std::process::ExitStatus;

/// Everything that can make an xtask command fail.
#[derive(Debug)]
pub enum Error {
    /// Bad command line.
    Usage(String),
    /// A file-system or socket operation failed.
    Io {
        /// What was being done, e.g. "reading /repo/Cargo.lock".
        context: String,
        source: io::Error,
    },
    /// A program is not installed (spawning it reported "not found").
    ProgramNotFound { program: String, hint: String },
    /// A command ran and exited unsuccessfully.
    CommandFailed { command: String, status: ExitStatus },
    /// A tool could not be installed or has the wrong version after installing.
    Install { tool: String, detail: String },
    /// A project file (Cargo.lock, Trunk.toml, …) does not contain what xtask relies on.
    Config { file: PathBuf, detail: String },
    /// The built page grew past the committed size budget (`file`); `detail` names each
    /// file or total over it and by how much.
    OverBudget { file: PathBuf, detail: String },
}

impl Error {
    /// Wraps an I/O error with what was being done.
    pub fn io(context: impl Into<String>, source: io::Error) -> Self {
        Self::Io {
            context: context.into(),
            source,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Usage(message) => write!(f, "{message}"),
            Self::Io { context, source } => write!(f, "{context}: {source}"),
            Self::ProgramNotFound { program, hint } => {
                write!(f, "`{program}` was not found on PATH; {hint}")
            }
            Self::CommandFailed { command, status } => {
                write!(f, "command failed ({status}): {command}")
            }
            Self::Install { tool, detail } => write!(f, "could not install {tool}: {detail}"),
            Self::Config { file, detail } => write!(f, "{}: {detail}", file.display()),
            Self::OverBudget { file, detail } => write!(
                f,
                "the page grew past its size budget in {}: {detail}",
                file.display()
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
