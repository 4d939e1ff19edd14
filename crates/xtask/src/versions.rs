//! Tool versions: the pinned ones, and the ones read from Cargo.lock and Trunk.toml.
//!
//! The files are parsed line by line (xtask has no dependencies); the layouts they rely on are
//! what cargo writes for Cargo.lock and what this repository's Trunk.toml contains.

use std::fs;
use std::path::Path;

use crate::error::Error;

/// Trunk 0.22 needs a newer rustc than the project's toolchain.
pub const TRUNK: &str = "0.21.14";

/// The crate whose version the wasm-bindgen CLI must match exactly.
pub const WASM_BINDGEN_CRATE: &str = "wasm-bindgen";

/// The version of `package` in a Cargo.lock, which must be unique.
pub fn locked_version(lock: &str, package: &str) -> Result<String, String> {
    let mut name: Option<&str> = None;
    let mut found: Vec<&str> = Vec::new();
    for line in lock.lines().map(str::trim) {
        if line == "[[package]]" {
            name = None;
        } else if let Some(value) = string_value(line, "name") {
            name = Some(value);
        } else if let Some(value) = string_value(line, "version") {
            if name == Some(package) {
                found.push(value);
            }
        }
    }
    match found.as_slice() {
        [version] => Ok((*version).to_owned()),
        [] => Err(format!("no `{package}` package")),
        several => Err(format!(
            "several versions of `{package}` ({}); the wasm-bindgen CLI can match only one",
            several.join(", ")
        )),
    }
}

/// The string value of `key` in `[section]` of a simple TOML file (no inline tables).
pub fn toml_string(toml: &str, section: &str, key: &str) -> Option<String> {
    let mut current = "";
    for line in toml.lines().map(str::trim) {
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = header.trim();
        } else if current == section {
            if let Some(value) = string_value(line, key) {
                return Some(value.to_owned());
            }
        }
    }
    None
}

/// `key = "value"` (optionally followed by a comment) → `value`.
fn string_value<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line
        .strip_prefix(key)?
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(&rest[..end])
}

/// Reads a file for version lookups, with the path in the error.
pub fn read(path: &Path) -> Result<String, Error> {
    fs::read_to_string(path).map_err(|e| Error::io(format!("reading {}", path.display()), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "cfg-if",
]

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.131"
"#;

    #[test]
    fn finds_the_locked_version() {
        assert_eq!(
            locked_version(LOCK, "wasm-bindgen"),
            Ok("0.2.130".to_owned())
        );
        assert_eq!(
            locked_version(LOCK, "wasm-bindgen-macro"),
            Ok("0.2.131".to_owned())
        );
        assert!(locked_version(LOCK, "leptos").is_err());
    }

    #[test]
    fn rejects_two_versions() {
        let lock = format!("{LOCK}\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.99\"\n");
        assert!(locked_version(&lock, "wasm-bindgen").is_err());
    }

    #[test]
    fn reads_a_section_key() {
        let toml = "trunk-version = \"^0.21\"\n[build]\nwasm_opt = \"no\"\n\n[tools]\n# pinned\nwasm_bindgen = \"0.2.130\" # comment\nwasm_opt = \"version_132\"\n";
        assert_eq!(
            toml_string(toml, "tools", "wasm_bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            toml_string(toml, "tools", "wasm_opt").as_deref(),
            Some("version_132")
        );
        assert_eq!(
            toml_string(toml, "build", "wasm_opt").as_deref(),
            Some("no")
        );
        assert_eq!(toml_string(toml, "tools", "sass"), None);
    }

    #[test]
    fn key_must_match_whole_word() {
        assert_eq!(string_value("name = \"x\"", "name"), Some("x"));
        assert_eq!(string_value("names = \"x\"", "name"), None);
        assert_eq!(string_value("name = 3", "name"), None);
    }
}
