//! The page's download size: every file of `dist/`, raw and gzip -9, against the budget of
//! issue 7 (everything the page loads at most 250 KB gzip). The service worker (`sw.js`)
//! caches every file of the release for offline use, so a first visit fetches all of them:
//! the total is the whole folder, not only what `index.html` names.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use crate::error::Error;
use crate::process::display;
use crate::workspace::Workspace;

/// Issue 7's budget for everything the page loads, gzip, in bytes (250 KB, 1 KB = 1000 B).
pub const BUDGET_GZIP_BYTES: u64 = 250_000;

/// One file of the release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Path under `dist/`, `/`-separated.
    pub name: String,
    pub raw_bytes: u64,
    pub gzip_bytes: u64,
}

/// What a file is, for the table (from its name).
fn kind(name: &str) -> &'static str {
    let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
    match extension {
        "wasm" => "WebAssembly",
        "js" if name == "sw.js" => "service worker",
        "js" if name == "ptcalc-api.js" => "JS API module",
        "js" if name.starts_with("start-") => "loader",
        "js" => "JS glue",
        "css" => "CSS",
        "svg" | "ico" | "png" => "icon",
        "html" => "HTML",
        _ => "other",
    }
}

/// Every file under `dist` (sub-folders included, e.g. wasm-bindgen's `snippets/`), by name.
pub fn measure(ws: &Workspace) -> Result<Vec<File>, Error> {
    let dist = ws.dist();
    if !dist.join("index.html").is_file() {
        return Err(Error::Usage(format!(
            "{} has no built page (index.html is missing): run `cargo xtask build` first",
            dist.display()
        )));
    }
    let mut paths = Vec::new();
    collect(&dist, &mut paths)?;
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let raw_bytes = fs::metadata(&path)
            .map_err(|e| Error::io(format!("reading {}", path.display()), e))?
            .len();
        let name = path
            .strip_prefix(&dist)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        files.push(File {
            name,
            raw_bytes,
            gzip_bytes: gzip_bytes(ws, &path)?,
        });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

fn collect(dir: &Path, paths: &mut Vec<std::path::PathBuf>) -> Result<(), Error> {
    let entries =
        fs::read_dir(dir).map_err(|e| Error::io(format!("reading {}", dir.display()), e))?;
    for entry in entries {
        let path = entry
            .map_err(|e| Error::io(format!("reading {}", dir.display()), e))?
            .path();
        if path.is_dir() {
            collect(&path, paths)?;
        } else {
            paths.push(path);
        }
    }
    Ok(())
}

/// The length of `gzip -9 -n -c FILE`: the compression a static server applies, at its best
/// (`-n`: no file name or time stamp in the header, so a size is repeatable).
pub fn gzip_bytes(ws: &Workspace, file: &Path) -> Result<u64, Error> {
    let mut command = ws.command("gzip");
    command.args(["-9", "-n", "-c"]).arg(file);
    let shown = display(&command);
    let out = command.output().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::ProgramNotFound {
            program: "gzip".into(),
            hint: "install gzip (Debian: `apt-get install gzip`) and try again".into(),
        },
        _ => Error::io(format!("starting `{shown}`"), e),
    })?;
    if !out.status.success() {
        return Err(Error::CommandFailed {
            command: shown,
            status: out.status,
        });
    }
    Ok(out.stdout.len() as u64)
}

/// The table `cargo xtask bench` prints: one row per file, largest (gzip) first, then the
/// total against [`BUDGET_GZIP_BYTES`].
pub fn table(files: &[File]) -> String {
    let mut rows: Vec<&File> = files.iter().collect();
    rows.sort_by(|a, b| b.gzip_bytes.cmp(&a.gzip_bytes).then(a.name.cmp(&b.name)));
    let raw_total: u64 = files.iter().map(|f| f.raw_bytes).sum();
    let gzip_total: u64 = files.iter().map(|f| f.gzip_bytes).sum();
    let width = rows
        .iter()
        .map(|f| f.name.len())
        .chain(["total".len()])
        .max()
        .unwrap_or(0);
    let mut out = String::from(
        "Page size (dist/; the service worker caches every file, so a first visit loads them all):\n",
    );
    let _ = writeln!(
        out,
        "  {:<width$}  {:<14}  {:>11}  {:>11}",
        "file", "what", "bytes", "gzip -9"
    );
    for f in rows {
        let _ = writeln!(
            out,
            "  {:<width$}  {:<14}  {:>11}  {:>11}",
            f.name,
            kind(&f.name),
            grouped(f.raw_bytes),
            grouped(f.gzip_bytes)
        );
    }
    let _ = writeln!(
        out,
        "  {:<width$}  {:<14}  {:>11}  {:>11}",
        "total",
        "",
        grouped(raw_total),
        grouped(gzip_total)
    );
    let verdict = if gzip_total <= BUDGET_GZIP_BYTES {
        format!(
            "within budget: {} B gzip of {} B ({} B to spare)",
            grouped(gzip_total),
            grouped(BUDGET_GZIP_BYTES),
            grouped(BUDGET_GZIP_BYTES - gzip_total)
        )
    } else {
        format!(
            "OVER BUDGET: {} B gzip of {} B ({} B too many, {:.2}x)",
            grouped(gzip_total),
            grouped(BUDGET_GZIP_BYTES),
            grouped(gzip_total - BUDGET_GZIP_BYTES),
            gzip_total as f64 / BUDGET_GZIP_BYTES as f64
        )
    };
    let _ = writeln!(out, "  {verdict}");
    out
}

/// `1234567` → `1,234,567`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, raw_bytes: u64, gzip_bytes: u64) -> File {
        File {
            name: name.into(),
            raw_bytes,
            gzip_bytes,
        }
    }

    #[test]
    fn the_table_lists_every_file_largest_first_and_totals_against_the_budget() {
        let files = [
            file("index.html", 1_638, 800),
            file("ptcalc-web-ab_bg.wasm", 600_000, 200_000),
            file("style-1.css", 11_880, 3_300),
            file("sw.js", 2_649, 1_200),
        ];
        let table = table(&files);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 1 + 1 + 4 + 1 + 1, "{table}");
        assert!(lines[2].contains("ptcalc-web-ab_bg.wasm") && lines[2].contains("WebAssembly"));
        assert!(lines[2].contains("600,000") && lines[2].contains("200,000"));
        assert!(lines[3].contains("style-1.css") && lines[3].contains("CSS"));
        assert!(lines[5].contains("index.html"), "{table}");
        assert!(lines[6].contains("total") && lines[6].contains("205,300"));
        assert!(
            lines[7].contains("within budget: 205,300 B gzip of 250,000 B (44,700 B to spare)"),
            "{table}"
        );
    }

    #[test]
    fn a_page_over_budget_says_by_how_much() {
        let table = table(&[file("a_bg.wasm", 1_420_934, 529_081)]);
        assert!(
            table.contains("OVER BUDGET: 529,081 B gzip of 250,000 B (279,081 B too many, 2.12x)"),
            "{table}"
        );
        // Exactly at the budget is within it.
        assert!(table_of_gzip(BUDGET_GZIP_BYTES).contains("within budget"));
        assert!(table_of_gzip(BUDGET_GZIP_BYTES + 1).contains("OVER BUDGET"));
    }

    fn table_of_gzip(gzip_bytes: u64) -> String {
        table(&[file("x.wasm", gzip_bytes, gzip_bytes)])
    }

    #[test]
    fn kinds_come_from_the_names_trunk_and_xtask_write() {
        assert_eq!(kind("ptcalc-web-26cd_bg.wasm"), "WebAssembly");
        assert_eq!(kind("ptcalc-web-26cd.js"), "JS glue");
        assert_eq!(kind("start-89f6.js"), "loader");
        assert_eq!(kind("sw.js"), "service worker");
        assert_eq!(kind("ptcalc-api.js"), "JS API module");
        assert_eq!(kind("favicon-9c4d.svg"), "icon");
        assert_eq!(kind("embed-ca62.css"), "CSS");
        assert_eq!(kind("index.html"), "HTML");
        assert_eq!(kind("README"), "other");
    }

    #[test]
    fn grouped_digits() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(250_000), "250,000");
        assert_eq!(grouped(1_420_934), "1,420,934");
    }
}
