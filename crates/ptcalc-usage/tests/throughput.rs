//! Import speed on a generated 1,000,000-row CSV, streamed through a small
//! reader buffer (run: `cargo test -p ptcalc-usage --release --test throughput -- --ignored --nocapture`).
use std::time::Instant;

use ptcalc_usage::generate::{write, Kind};
use ptcalc_usage::{import_reader, ImportOptions, Importer};

fn measure(kind: Kind, rows: u64) {
    let mut file = Vec::new();
    write(&mut file, kind, rows, 1).expect("in-memory write");
    let start = Instant::now();
    let reader = std::io::BufReader::with_capacity(64 * 1024, file.as_slice());
    let usage = import_reader(reader, ImportOptions::default()).expect("generated file imports");
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(usage.rows, rows);
    println!(
        "{kind:?}: {rows} rows, {:.1} MB, {} minutes in {secs:.3} s = {:.0} rows/s, {:.0} MB/s",
        file.len() as f64 / 1e6,
        usage.minutes,
        rows as f64 / secs,
        file.len() as f64 / 1e6 / secs
    );
    // the page's path: 1 MiB slices through the chunked importer
    let start = Instant::now();
    let mut imp = Importer::new(ImportOptions::default());
    for slice in file.chunks(1 << 20) {
        imp.feed(slice).expect("generated file imports");
    }
    let again = imp.finish().expect("generated file imports");
    assert_eq!(again, usage);
    println!("  in 1 MiB chunks: {:.3} s", start.elapsed().as_secs_f64());
}

#[test]
#[ignore = "benchmark: run with --release --ignored --nocapture"]
fn million_row_csv_import_speed() {
    measure(Kind::WideCsv, 1_000_000);
    measure(Kind::RequestLog, 1_000_000);
}
