//! The page's download size: every file of `dist/`, raw and gzip -9, in two totals against
//! issue 19's targets. The **first load** is what the page needs before the answer shows
//! (the page, the first module and its glue, the CSS, the loader, the icon, the service
//! worker, the served rate card); the **whole site** adds the tools loaded at their first
//! use (the tools' worker, `ptcalc-worker-*`) and the host pages' API module. The service
//! worker caches every file after the first visit for offline use, in the background.
//!
//! The committed budget (`crates/xtask/size-budget.toml`, [`Budget`]) holds the page to its
//! size: `cargo xtask test` (right after the release build) and `cargo xtask bench size
//! --check` fail when the first module, the first load or the whole site grows past it
//! ([`check`]).

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use crate::error::Error;
use crate::process::display;
use crate::workspace::Workspace;

/// Issue 19's target for the first load, gzip, in bytes (300 KB, 1 KB = 1000 B).
pub const FIRST_LOAD_TARGET_GZIP_BYTES: u64 = 300_000;
/// Issue 19's target for the whole site, tools included, gzip, in bytes (500 KB).
pub const WHOLE_SITE_TARGET_GZIP_BYTES: u64 = 500_000;

/// Whether a file is part of the first load: not a tool loaded at its first use (the
/// tools' worker's files) nor the API module only host pages load.
pub fn first_load(name: &str) -> bool {
    !(name.starts_with("ptcalc-worker") || name == "ptcalc-api.js")
}

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
        "js" if name.starts_with("ptcalc-worker") && name.ends_with("_loader.js") => "tools loader",
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
        // Trunk's staging folder (`dist/.stage`, left behind by an interrupted build) is not
        // part of the page: the service worker lists no hidden file.
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
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

/// The table `cargo xtask bench` prints: one row per file, largest (gzip) first, saying
/// whether it is part of the first load, then the first load's and the whole site's totals
/// against issue 19's targets.
pub fn table(files: &[File]) -> String {
    let mut rows: Vec<&File> = files.iter().collect();
    rows.sort_by(|a, b| b.gzip_bytes.cmp(&a.gzip_bytes).then(a.name.cmp(&b.name)));
    let total = |first_only: bool| -> (u64, u64) {
        files
            .iter()
            .filter(|f| !first_only || first_load(&f.name))
            .fold((0, 0), |(r, g), f| (r + f.raw_bytes, g + f.gzip_bytes))
    };
    let (first_raw, first_gzip) = total(true);
    let (site_raw, site_gzip) = total(false);
    let width = rows
        .iter()
        .map(|f| f.name.len())
        .chain(["whole site".len()])
        .max()
        .unwrap_or(0);
    let mut out = String::from(
        "Page size (dist/; the first load is what the page needs before the answer shows, the rest is loaded at a tool's first use):\n",
    );
    let row = |out: &mut String, name: &str, what: &str, when: &str, raw: u64, gzip: u64| {
        let _ = writeln!(
            out,
            "  {name:<width$}  {what:<14}  {when:<10}  {:>11}  {:>11}",
            grouped(raw),
            grouped(gzip)
        );
    };
    let _ = writeln!(
        out,
        "  {:<width$}  {:<14}  {:<10}  {:>11}  {:>11}",
        "file", "what", "when", "bytes", "gzip -9"
    );
    for f in rows {
        let when = if first_load(&f.name) {
            "first load"
        } else {
            "on demand"
        };
        row(
            &mut out,
            &f.name,
            kind(&f.name),
            when,
            f.raw_bytes,
            f.gzip_bytes,
        );
    }
    row(&mut out, "first load", "", "", first_raw, first_gzip);
    row(&mut out, "whole site", "", "", site_raw, site_gzip);
    for (what, gzip, target) in [
        ("first load", first_gzip, FIRST_LOAD_TARGET_GZIP_BYTES),
        ("whole site", site_gzip, WHOLE_SITE_TARGET_GZIP_BYTES),
    ] {
        let verdict = if gzip <= target {
            format!(
                "{what} within issue 19's target: {} B gzip of {} B ({} B to spare)",
                grouped(gzip),
                grouped(target),
                grouped(target - gzip)
            )
        } else {
            format!(
                "{what} OVER issue 19's target: {} B gzip of {} B ({} B too many, {:.2}x)",
                grouped(gzip),
                grouped(target),
                grouped(gzip - target),
                gzip as f64 / target as f64
            )
        };
        let _ = writeln!(out, "  {verdict}");
    }
    out
}

/// The committed size budget, gzip -9 bytes (`crates/xtask/size-budget.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// The page's own WebAssembly module ([`first_module`]).
    pub first_module_gzip_bytes: u64,
    /// The files the page needs before the answer shows ([`first_load`]).
    pub first_load_gzip_bytes: u64,
    /// Every file of `dist/`, the tools loaded at their first use included.
    pub whole_site_gzip_bytes: u64,
}

const FIRST_MODULE_KEY: &str = "first_module_gzip_bytes";
const FIRST_LOAD_KEY: &str = "first_load_gzip_bytes";
const WHOLE_SITE_KEY: &str = "whole_site_gzip_bytes";
const KEYS: [&str; 3] = [FIRST_MODULE_KEY, FIRST_LOAD_KEY, WHOLE_SITE_KEY];

impl Budget {
    /// Reads the budget file's text: exactly the three keys, each a positive number of bytes.
    pub fn parse(text: &str) -> Result<Self, String> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
        if let Some(key) = table.keys().find(|k| !KEYS.contains(&k.as_str())) {
            return Err(format!(
                "unknown key `{key}` (expected `{FIRST_MODULE_KEY}`, `{FIRST_LOAD_KEY}` and `{WHOLE_SITE_KEY}`)"
            ));
        }
        let bytes = |key: &str| match table.get(key) {
            None => Err(format!("`{key}` is missing")),
            Some(toml::Value::Integer(n)) if *n > 0 => Ok(n.unsigned_abs()),
            Some(other) => Err(format!(
                "`{key}` must be a positive whole number of bytes, not {} `{}`",
                other.type_str(),
                match other {
                    toml::Value::Integer(n) => n.to_string(),
                    toml::Value::Float(x) => x.to_string(),
                    toml::Value::String(s) => s.clone(),
                    _ => String::from("…"),
                }
            )),
        };
        Ok(Self {
            first_module_gzip_bytes: bytes(FIRST_MODULE_KEY)?,
            first_load_gzip_bytes: bytes(FIRST_LOAD_KEY)?,
            whole_site_gzip_bytes: bytes(WHOLE_SITE_KEY)?,
        })
    }

    /// Reads the committed budget file.
    pub fn load(ws: &Workspace) -> Result<Self, Error> {
        let path = ws.size_budget();
        let text = fs::read_to_string(&path)
            .map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
        Self::parse(&text).map_err(|detail| Error::Config { file: path, detail })
    }
}

/// The first module: the page's own WebAssembly module, `ptcalc-web-<hash>_bg.wasm`, the one
/// the loader starts (a module loaded later, e.g. a worker's, has its own binary's name).
pub fn first_module(files: &[File]) -> Result<&File, String> {
    let mut modules = files
        .iter()
        .filter(|f| f.name.starts_with("ptcalc-web-") && f.name.ends_with("_bg.wasm"));
    match (modules.next(), modules.next()) {
        (Some(module), None) => Ok(module),
        (None, _) => Err("dist/ has no ptcalc-web-<hash>_bg.wasm: build the page first".into()),
        (Some(a), Some(b)) => Err(format!(
            "dist/ has more than one first module ({} and {}): clean dist/ and build again",
            a.name, b.name
        )),
    }
}

/// Compares the built page with the budget: `Ok` with one line of what is left to spare, or
/// `Err` with one line per figure past its budget, naming the file and the growth in bytes
/// and percent of the budget. Exactly at the budget is within it.
pub fn check(files: &[File], budget: &Budget) -> Result<String, String> {
    let module = first_module(files)?;
    let first: Vec<&File> = files.iter().filter(|f| first_load(&f.name)).collect();
    let first_total: u64 = first.iter().map(|f| f.gzip_bytes).sum();
    let total: u64 = files.iter().map(|f| f.gzip_bytes).sum();
    let figures = [
        (
            format!("first module {}", module.name),
            module.gzip_bytes,
            budget.first_module_gzip_bytes,
        ),
        (
            format!("first load ({} files)", first.len()),
            first_total,
            budget.first_load_gzip_bytes,
        ),
        (
            format!("whole site (all {} files of dist/)", files.len()),
            total,
            budget.whole_site_gzip_bytes,
        ),
    ];
    let over: Vec<String> = figures
        .iter()
        .filter(|(_, bytes, limit)| bytes > limit)
        .map(|(what, bytes, limit)| {
            format!(
                "{what}: {} B gzip, {} B ({:.1} %) over its budget of {} B",
                grouped(*bytes),
                grouped(bytes - limit),
                (bytes - limit) as f64 * 100.0 / *limit as f64,
                grouped(*limit)
            )
        })
        .collect();
    if over.is_empty() {
        Ok(figures
            .iter()
            .map(|(what, bytes, limit)| {
                format!(
                    "{what} {} B gzip of {} B ({} B to spare)",
                    grouped(*bytes),
                    grouped(*limit),
                    grouped(limit - bytes)
                )
            })
            .collect::<Vec<_>>()
            .join("; "))
    } else {
        Err(over.join("; "))
    }
}

/// Measures `dist/` and checks it against the committed budget (a step of `cargo xtask test`).
pub fn check_dist(ws: &Workspace) -> Result<String, Error> {
    let budget = Budget::load(ws)?;
    let files = measure(ws)?;
    check(&files, &budget).map_err(|detail| Error::OverBudget {
        file: ws.size_budget(),
        detail,
    })
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
    fn the_table_lists_every_file_largest_first_and_totals_the_first_load_and_the_site() {
        let files = [
            file("index.html", 1_638, 800),
            file("ptcalc-web-ab_bg.wasm", 600_000, 200_000),
            file("ptcalc-worker-cd_bg.wasm", 300_000, 120_000),
            file("style-1.css", 11_880, 3_300),
            file("sw.js", 2_649, 1_200),
        ];
        let table = table(&files);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 1 + 1 + 5 + 2 + 2, "{table}");
        assert!(lines[2].contains("ptcalc-web-ab_bg.wasm") && lines[2].contains("WebAssembly"));
        assert!(
            lines[2].contains("first load")
                && lines[2].contains("600,000")
                && lines[2].contains("200,000")
        );
        assert!(
            lines[3].contains("ptcalc-worker-cd_bg.wasm") && lines[3].contains("on demand"),
            "{table}"
        );
        assert!(lines[4].contains("style-1.css") && lines[4].contains("CSS"));
        assert!(lines[6].contains("index.html"), "{table}");
        assert!(
            lines[7].starts_with("  first load") && lines[7].contains("205,300"),
            "{table}"
        );
        assert!(
            lines[8].starts_with("  whole site") && lines[8].contains("325,300"),
            "{table}"
        );
        assert!(
            lines[9].contains("first load within issue 19's target: 205,300 B gzip of 300,000 B (94,700 B to spare)"),
            "{table}"
        );
        assert!(
            lines[10].contains("whole site within issue 19's target: 325,300 B gzip of 500,000 B"),
            "{table}"
        );
    }

    #[test]
    fn a_page_over_its_targets_says_by_how_much() {
        let table = table(&[
            file("a_bg.wasm", 1_420_934, 529_081),
            file("ptcalc-worker-1_bg.wasm", 1, 10_000),
        ]);
        assert!(
            table.contains("first load OVER issue 19's target: 529,081 B gzip of 300,000 B (229,081 B too many, 1.76x)"),
            "{table}"
        );
        assert!(
            table.contains("whole site OVER issue 19's target: 539,081 B gzip of 500,000 B"),
            "{table}"
        );
        // Exactly at the target is within it.
        assert!(table_of_gzip(FIRST_LOAD_TARGET_GZIP_BYTES).contains("first load within"));
        assert!(table_of_gzip(FIRST_LOAD_TARGET_GZIP_BYTES + 1).contains("first load OVER"));
    }

    fn table_of_gzip(gzip_bytes: u64) -> String {
        table(&[file("x.wasm", gzip_bytes, gzip_bytes)])
    }

    #[test]
    fn the_tools_and_the_api_module_are_not_part_of_the_first_load() {
        for name in [
            "ptcalc-worker-ab_bg.wasm",
            "ptcalc-worker-ab.js",
            "ptcalc-worker-ab_loader.js",
            "ptcalc-api.js",
        ] {
            assert!(!first_load(name), "{name}");
        }
        for name in [
            "index.html",
            "ptcalc-web-ab_bg.wasm",
            "ptcalc-web-ab.js",
            "start-1.js",
            "sw.js",
            "ratecards.json",
            "style-1.css",
            "favicon-2.svg",
        ] {
            assert!(first_load(name), "{name}");
        }
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
        assert_eq!(kind("ptcalc-worker-1a_loader.js"), "tools loader");
        assert_eq!(kind("ptcalc-worker-1a.js"), "JS glue");
    }

    const BUDGET: Budget = Budget {
        first_module_gzip_bytes: 600_000,
        first_load_gzip_bytes: 620_000,
        whole_site_gzip_bytes: 700_000,
    };

    fn page(module_gzip: u64, other_gzip: u64) -> Vec<File> {
        site(module_gzip, other_gzip, 50_000)
    }

    fn site(module_gzip: u64, other_gzip: u64, worker_gzip: u64) -> Vec<File> {
        vec![
            file("index.html", 1_638, other_gzip),
            file("ptcalc-web-26cd_bg.wasm", 1_700_000, module_gzip),
            file("ptcalc-worker-9e_bg.wasm", 300_000, worker_gzip),
        ]
    }

    #[test]
    fn the_budget_file_reads_its_three_figures_and_nothing_else() {
        let text = "# comment\nfirst_module_gzip_bytes = 653_000\nfirst_load_gzip_bytes = 672_000\nwhole_site_gzip_bytes = 800_000\n";
        assert_eq!(
            Budget::parse(text),
            Ok(Budget {
                first_module_gzip_bytes: 653_000,
                first_load_gzip_bytes: 672_000,
                whole_site_gzip_bytes: 800_000,
            })
        );
        let missing =
            Budget::parse("first_module_gzip_bytes = 1\nwhole_site_gzip_bytes = 3").unwrap_err();
        assert!(
            missing.contains("`first_load_gzip_bytes` is missing"),
            "{missing}"
        );
        let unknown = Budget::parse(
            "first_module_gzip_bytes = 1\nfirst_load_gzip_bytes = 2\nwhole_site_gzip_bytes = 3\ntotal = 3",
        )
        .unwrap_err();
        assert!(unknown.contains("unknown key `total`"), "{unknown}");
        for bad in ["0", "-5", "\"650 KB\"", "6.5e5"] {
            let text = format!("first_module_gzip_bytes = {bad}\nfirst_load_gzip_bytes = 2\nwhole_site_gzip_bytes = 3");
            let e = Budget::parse(&text).unwrap_err();
            assert!(e.contains("positive whole number of bytes"), "{bad}: {e}");
        }
        assert!(Budget::parse("first_module_gzip_bytes = ").is_err());
    }

    #[test]
    fn the_committed_budget_file_reads() {
        let text = include_str!("../size-budget.toml");
        let budget = Budget::parse(text).unwrap();
        assert!(budget.first_module_gzip_bytes < budget.first_load_gzip_bytes);
        assert!(budget.first_load_gzip_bytes < budget.whole_site_gzip_bytes);
    }

    #[test]
    fn a_page_within_its_budget_says_what_is_left() {
        let ok = check(&page(590_000, 20_000), &BUDGET).unwrap();
        assert_eq!(
            ok,
            "first module ptcalc-web-26cd_bg.wasm 590,000 B gzip of 600,000 B (10,000 B to spare); \
             first load (2 files) 610,000 B gzip of 620,000 B (10,000 B to spare); \
             whole site (all 3 files of dist/) 660,000 B gzip of 700,000 B (40,000 B to spare)"
        );
        // Exactly at both figures is within.
        assert!(check(&page(600_000, 20_000), &BUDGET).is_ok());
    }

    #[test]
    fn a_first_module_past_its_budget_names_the_file_and_the_growth() {
        let e = check(&page(630_000, 1_000), &BUDGET).unwrap_err();
        assert_eq!(
            e,
            "first module ptcalc-web-26cd_bg.wasm: 630,000 B gzip, 30,000 B (5.0 %) over its \
             budget of 600,000 B; first load (2 files): 631,000 B gzip, 11,000 B \
             (1.8 %) over its budget of 620,000 B"
        );
        assert!(check(&page(600_001, 0), &BUDGET)
            .unwrap_err()
            .contains("1 B (0.0 %) over its budget of 600,000 B"));
    }

    #[test]
    fn a_first_load_past_its_budget_alone_fails_too() {
        let e = check(&page(590_000, 40_000), &BUDGET).unwrap_err();
        assert_eq!(
            e,
            "first load (2 files): 630,000 B gzip, 10,000 B (1.6 %) over its \
             budget of 620,000 B"
        );
    }

    #[test]
    fn a_tool_past_the_whole_sites_budget_fails_alone() {
        let e = check(&site(590_000, 20_000, 100_001), &BUDGET).unwrap_err();
        assert_eq!(
            e,
            "whole site (all 3 files of dist/): 710,001 B gzip, 10,001 B (1.4 %) over its \
             budget of 700,000 B"
        );
    }

    #[test]
    fn the_first_module_is_the_pages_own() {
        let none = [file("index.html", 1, 1), file("worker_bg.wasm", 1, 1)];
        assert!(first_module(&none)
            .unwrap_err()
            .contains("no ptcalc-web-<hash>_bg.wasm"));
        let two = [
            file("ptcalc-web-aa_bg.wasm", 1, 1),
            file("ptcalc-web-bb_bg.wasm", 1, 1),
        ];
        assert!(first_module(&two).unwrap_err().contains("more than one"));
        let one = [
            file("ptcalc-web-aa.js", 1, 1),
            file("ptcalc-web-aa_bg.wasm", 1, 1),
            file("tools-cc_bg.wasm", 1, 1),
        ];
        assert_eq!(first_module(&one).unwrap().name, "ptcalc-web-aa_bg.wasm");
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
