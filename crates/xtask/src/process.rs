//! Running child processes: echo the command, inherit the terminal, turn failures into [`Error`]s.

use std::io;
use std::process::{Command, Stdio};

use crate::error::Error;

/// Shell-like rendering of a command for logs and error messages.
pub fn display(command: &Command) -> String {
    let mut parts: Vec<String> = command
        .get_envs()
        .filter(|(key, _)| *key != "PATH")
        .map(|(key, value)| match value {
            Some(value) => format!("{}={}", key.to_string_lossy(), value.to_string_lossy()),
            None => format!("-u {}", key.to_string_lossy()),
        })
        .collect();
    if !parts.is_empty() {
        parts.insert(0, "env".to_owned());
    }
    parts.push(command.get_program().to_string_lossy().into_owned());
    parts.extend(
        command
            .get_args()
            .map(|arg| arg.to_string_lossy().into_owned()),
    );
    parts.join(" ")
}

/// Runs `command` with the terminal attached; an unsuccessful exit is an error.
pub fn run(command: &mut Command) -> Result<(), Error> {
    let shown = display(command);
    println!("$ {shown}");
    let status = command
        .status()
        .map_err(|e| spawn_error(command, &shown, e))?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::CommandFailed {
            command: shown,
            status,
        })
    }
}

/// Runs `command` with standard error attached and returns its standard output; an unsuccessful
/// exit is an error.
pub fn output(command: &mut Command) -> Result<String, Error> {
    let shown = display(command);
    let out = command
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| spawn_error(command, &shown, e))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(Error::CommandFailed {
            command: shown,
            status: out.status,
        })
    }
}

/// Runs `command` quietly and returns its trimmed standard output, or `None` if the program is
/// missing or fails. Used to ask installed tools for their version.
pub fn probe(command: &mut Command) -> Option<String> {
    let output = command
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

fn spawn_error(command: &Command, shown: &str, error: io::Error) -> Error {
    let program = command.get_program().to_string_lossy().into_owned();
    if error.kind() == io::ErrorKind::NotFound {
        Error::ProgramNotFound {
            hint: "run `cargo xtask setup` (or install it) and try again".to_owned(),
            program,
        }
    } else {
        Error::io(format!("starting `{shown}`"), error)
    }
}
