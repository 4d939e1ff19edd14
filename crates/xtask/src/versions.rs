//! Tool versions: the pinned ones, and the ones read from Cargo.lock and Trunk.toml.
//!
//! The locked version of a crate comes from `cargo pkgid` (cargo reads its own lockfile, so a
//! lockfile layout change cannot fool us); Trunk.toml is parsed with the `toml` crate.

use std::fs;
use std::path::Path;

use crate::error::Error;
use crate::process::output;
use crate::workspace::Workspace;

/// Trunk 0.22 needs a newer rustc than the project's toolchain.
pub const TRUNK: &str = "0.21.14";

/// The crate whose version the wasm-bindgen CLI must match exactly.
pub const WASM_BINDGEN_CRATE: &str = "wasm-bindgen";

/// The version of `package` in the workspace's Cargo.lock (`cargo pkgid PACKAGE`), which must
/// be unique.
pub fn locked_version(ws: &Workspace, package: &str) -> Result<String, Error> {
    let pkgid = output(ws.cargo().args(["pkgid", "--offline", package]))
        .or_else(|_| output(ws.cargo().args(["pkgid", package])))?;
    version_of_pkgid(&pkgid, package).map_err(|detail| Error::Config {
        file: ws.cargo_lock(),
        detail,
    })
}

/// `registry+https://…#wasm-bindgen@0.2.100` (or `…#0.2.100` when the name is the URL's last
/// segment) → `0.2.100`.
fn version_of_pkgid(pkgid: &str, package: &str) -> Result<String, String> {
    let fragment = pkgid
        .trim()
        .rsplit_once('#')
        .map(|(_, f)| f)
        .ok_or_else(|| format!("`cargo pkgid {package}` printed `{pkgid}`, with no version"))?;
    let version = match fragment.split_once('@') {
        Some((name, version)) if name == package => version,
        Some((name, _)) => {
            return Err(format!(
                "`cargo pkgid {package}` named another package, `{name}`"
            ))
        }
        None => fragment,
    };
    let looks_like_version = version
        .split('.')
        .all(|part| !part.is_empty() && part.chars().next().is_some_and(|c| c.is_ascii_digit()));
    if looks_like_version && version.split('.').count() >= 3 {
        Ok(version.to_owned())
    } else {
        Err(format!(
            "`cargo pkgid {package}` printed `{pkgid}`, whose version `{version}` is not a semver version"
        ))
    }
}

/// The string value of `key` in `[section]` of a TOML document; `None` when absent or not a string.
pub fn toml_string(toml: &str, section: &str, key: &str) -> Result<Option<String>, String> {
    let table: toml::Table = toml.parse().map_err(|e: toml::de::Error| e.to_string())?;
    Ok(table
        .get(section)
        .and_then(|s| s.get(key))
        .and_then(|v| v.as_str())
        .map(str::to_owned))
}

/// `[section] key` of Trunk.toml (or any TOML file), with the path in the error.
pub fn toml_file_string(path: &Path, section: &str, key: &str) -> Result<Option<String>, Error> {
    toml_string(&read(path)?, section, key).map_err(|detail| Error::Config {
        file: path.to_owned(),
        detail,
    })
}

/// Reads a file for version lookups, with the path in the error.
pub fn read(path: &Path) -> Result<String, Error> {
    fs::read_to_string(path).map_err(|e| Error::io(format!("reading {}", path.display()), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_version_of_a_pkgid() {
        assert_eq!(
            version_of_pkgid(
                "registry+https://github.com/rust-lang/crates.io-index#wasm-bindgen@0.2.100\n",
                "wasm-bindgen"
            ),
            Ok("0.2.100".to_owned())
        );
        assert_eq!(
            version_of_pkgid("https://github.com/rust-lang/crates.io-index#0.2.100", "x"),
            Ok("0.2.100".to_owned())
        );
        assert!(version_of_pkgid("path+file:///a/b#other@1.0.0", "wasm-bindgen").is_err());
        assert!(version_of_pkgid("no fragment", "wasm-bindgen").is_err());
        assert!(version_of_pkgid("x#wasm-bindgen@latest", "wasm-bindgen").is_err());
    }

    #[test]
    fn reads_the_locked_wasm_bindgen_of_this_workspace() -> Result<(), Error> {
        let ws = Workspace::locate()?;
        let version = locked_version(&ws, WASM_BINDGEN_CRATE)?;
        // The web crate pins the same version with `=`; the two must agree.
        let web = read(
            &ws.cargo_lock()
                .with_file_name("crates/ptcalc-web/Cargo.toml"),
        )?;
        assert!(
            web.contains(&format!("\"={version}\"")),
            "crates/ptcalc-web/Cargo.toml does not pin wasm-bindgen ={version}"
        );
        Ok(())
    }

    #[test]
    fn reads_a_section_key() {
        let toml = "trunk-version = \"^0.21\"\n[build]\nwasm_opt = \"no\"\n\n[tools]\n# pinned\nwasm_bindgen = \"0.2.130\" # comment\nwasm_opt = \"version_132\"\n";
        let get = |s, k| toml_string(toml, s, k).ok().flatten();
        assert_eq!(get("tools", "wasm_bindgen").as_deref(), Some("0.2.130"));
        assert_eq!(get("tools", "wasm_opt").as_deref(), Some("version_132"));
        assert_eq!(get("build", "wasm_opt").as_deref(), Some("no"));
        assert_eq!(get("tools", "sass"), None);
        assert!(toml_string("[tools\nx = 1", "tools", "x").is_err());
    }
}
