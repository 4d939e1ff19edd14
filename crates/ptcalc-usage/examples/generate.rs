//! Writes a large synthetic usage file to stdout.
//!
//! `cargo run -p ptcalc-usage --release --example generate -- request-log 1000000 > log.csv`
//! `cargo run -p ptcalc-usage --release --example generate -- wide 43200 [seed] > month.csv`
use ptcalc_usage::generate::{write, Kind};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let kind = match args.first().map(String::as_str) {
        Some("request-log") => Kind::RequestLog,
        Some("wide") => Kind::WideCsv,
        _ => {
            eprintln!("usage: generate (request-log|wide) ROWS [SEED]");
            std::process::exit(2);
        }
    };
    let parse = |i: usize, default: u64| -> u64 {
        args.get(i)
            .map_or(Some(default), |a| a.parse().ok())
            .unwrap_or_else(|| {
                eprintln!("ROWS and SEED are whole numbers");
                std::process::exit(2)
            })
    };
    let rows = parse(1, 1_000_000);
    let seed = parse(2, 1);
    if let Err(e) = write(&mut std::io::stdout().lock(), kind, rows, seed) {
        eprintln!("could not write: {e}");
        std::process::exit(1);
    }
}
