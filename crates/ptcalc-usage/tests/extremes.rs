//! Long usage inputs (issue 11, "Extremes"): a CSV line of a megabyte, and ten million rows
//! streamed through a reader in bounded memory, with the rows per second it reaches.
use std::io::{self, BufReader, Read, Write};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread;
use std::time::Instant;

use ptcalc_usage::generate::{write, Kind};
use ptcalc_usage::import::MAX_LINE_BYTES;
use ptcalc_usage::{import_bytes, import_reader, ImportError, ImportOptions, Importer, Selection};

#[test]
fn a_one_megabyte_line_is_read() {
    let note = "x".repeat(1_000_000);
    let file = format!(
        "time,input,output,note\n2025-08-18 09:00,90,10,{note}\n2025-08-18 09:01,30,10,short\n"
    );
    let usage =
        import_bytes(file.as_bytes(), ImportOptions::default()).expect("a 1 MB line is allowed");
    assert_eq!(
        usage.select(&Selection::All).unwrap().input,
        vec![90.0, 30.0]
    );
}

#[test]
fn a_line_over_the_limit_is_refused_naming_the_line_and_the_limit() {
    let note = "x".repeat(MAX_LINE_BYTES + 1);
    let file = format!("time,input,output,note\n2025-08-18 09:00,90,10,{note}\n");
    let whole = import_bytes(file.as_bytes(), ImportOptions::default());
    let mut importer = Importer::new(ImportOptions::default());
    let streamed = file
        .as_bytes()
        .chunks(64 * 1024)
        .try_for_each(|c| importer.feed(c).map(|_| ()))
        .and_then(|()| importer.finish());
    assert_eq!(whole, streamed);
    let message = whole.expect_err("too long").to_string();
    assert!(message.contains("line 2"), "{message}");
    assert!(
        message.contains(&format!("longer than {MAX_LINE_BYTES} bytes")),
        "{message}"
    );
}

/// Chunks in flight between the generating thread and the importer: with the writer's and
/// the reader's 64 KiB buffers, at most (DEPTH + 3) × 64 KiB of the file exist at once.
const DEPTH: usize = 4;
const CHUNK: usize = 64 * 1024;

/// A generated usage file as a `Read`: a thread writes it into a bounded channel.
struct Generated {
    chunks: Receiver<Vec<u8>>,
    current: Vec<u8>,
    at: usize,
}

struct Sender(SyncSender<Vec<u8>>);

impl Write for Sender {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = buf.len().min(CHUNK);
        self.0
            .send(buf[..n].to_vec())
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the importer stopped"))?;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Generated {
    fn new(kind: Kind, rows: u64) -> Generated {
        let (tx, rx) = sync_channel(DEPTH);
        thread::spawn(move || write(&mut Sender(tx), kind, rows, 7));
        Generated {
            chunks: rx,
            current: Vec::new(),
            at: 0,
        }
    }
}

impl Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.at == self.current.len() {
            match self.chunks.recv() {
                Ok(chunk) => (self.current, self.at) = (chunk, 0),
                Err(_) => return Ok(0), // the writer is done
            }
        }
        let n = buf.len().min(self.current.len() - self.at);
        buf[..n].copy_from_slice(&self.current[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Peak resident memory of this process in KiB (Linux), to show the bound holds.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn stream(rows: u64) -> Result<(), ImportError> {
    let start = Instant::now();
    let reader = BufReader::with_capacity(CHUNK, Generated::new(Kind::RequestLog, rows));
    let usage = import_reader(reader, ImportOptions::default())?;
    let seconds = start.elapsed().as_secs_f64();
    assert_eq!(usage.rows, rows);
    let total: f64 = usage.select(&Selection::All)?.total().iter().sum();
    assert!(total > 0.0 && total.is_finite());
    eprintln!(
        "{rows} request-log rows streamed: {} minutes in {seconds:.1} s = {:.0} rows/s; peak RSS {} MiB",
        usage.minutes,
        rows as f64 / seconds,
        peak_rss_kib().map_or("?".into(), |k| (k / 1024).to_string())
    );
    Ok(())
}

#[test]
fn two_hundred_thousand_rows_stream_through_a_reader() {
    stream(200_000).expect("the generated file imports");
}

/// About 480 MB of CSV, never held: the peak resident memory stays far below the file.
#[test]
#[ignore = "about a minute in a debug build: cargo test -p ptcalc-usage --release --test extremes -- --ignored --nocapture"]
fn ten_million_rows_stream_in_bounded_memory() {
    stream(10_000_000).expect("the generated file imports");
    if let Some(kib) = peak_rss_kib() {
        assert!(kib < 200 * 1024, "peak RSS {kib} KiB");
    }
}
