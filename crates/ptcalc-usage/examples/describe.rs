//! What `ptcalc usage FILE` will print, until the CLI wires it:
//! `cargo run -p ptcalc-usage --example describe -- FILE [SERIES]`
use std::io::BufReader;

use ptcalc_usage::summary::LoadSummary;
use ptcalc_usage::{describe, import_reader, ImportOptions, Selection};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: describe FILE [SERIES]");
        std::process::exit(2);
    };
    let file = std::fs::File::open(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    let usage = import_reader(BufReader::new(file), ImportOptions::default()).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    let which = args
        .get(1)
        .map_or(Selection::All, |s| Selection::Named(s.clone()));
    match describe(&usage, &which) {
        Ok(d) => print!("{d}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1)
        }
    }
    let load = usage.select(&which).map(|s| s.total()).unwrap_or_default();
    match LoadSummary::from_series(&load, usage.start_unix_minute) {
        Ok((s, f)) => println!(
            "summary:  {} ({} characters; overflow within {:.2} %, percentiles within {:.2} %)",
            s.encode(),
            s.encode().len(),
            100.0 * f.overflow_error,
            100.0 * f.percentile_error
        ),
        Err(e) => eprintln!("{e}"),
    }
}
