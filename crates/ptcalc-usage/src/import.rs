//! The streaming importer: bytes go in by chunks of any size (a browser file
//! slice, a `BufRead` buffer), lines are read as they complete, and only the
//! unfinished last line of a chunk is kept. Memory is bounded by the period's
//! minutes, not the file's size. JSON documents (one point per minute at most)
//! are collected and read at the end.
use std::io::BufRead;

use crate::bucket::Buckets;
use crate::csv::{self, Record};
use crate::csv_formats::{settle_generations, CsvFormat};
use crate::error::{ImportError, Location, Problem, MAX_PROBLEMS};
use crate::json_formats::{self, MAX_JSON_BYTES};
use crate::usage::Usage;
use crate::Format;

/// Bytes at the start of a file that are looked at before anything is read: a NUL
/// among them marks a binary file.
pub const SNIFF_BYTES: usize = 8_192;

/// The longest CSV record read, in bytes.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// Choices the user makes before importing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ImportOptions {
    /// For data coarser than a minute: the busiest minute of a bucket is this
    /// many times the bucket's mean (1 = spread evenly). See [`crate::bucket_profile`].
    pub peak_factor: f64,
}

impl Default for ImportOptions {
    fn default() -> ImportOptions {
        ImportOptions { peak_factor: 1.0 }
    }
}

/// How far an import got, after each chunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Bytes fed so far.
    pub bytes: u64,
    /// Data rows read so far (CSV; JSON points are counted at the end).
    pub rows: u64,
    /// The format, once recognized.
    pub format: Option<Format>,
}

enum State {
    Start,
    Csv {
        reader: Option<Box<CsvFormat>>,
        delimiter: u8,
        buckets: Box<Buckets>,
    },
    Json(Vec<u8>),
}

/// A chunked import. Feed it bytes, then finish it; to cancel, drop it (nothing
/// outside it changes until [`Importer::finish`] returns a [`Usage`]). In the
/// page, feed one file slice per task and yield to the browser between them;
/// [`Progress::bytes`] over the file size is the progress bar.
///
/// ```
/// use ptcalc_usage::{Importer, ImportOptions, Format};
/// let mut imp = Importer::new(ImportOptions::default());
/// imp.feed(b"time,input,outp").unwrap();
/// imp.feed(b"ut\n2025-08-18T00:00Z,100,10\n2025-08-18T00:01Z,50,5\n").unwrap();
/// let usage = imp.finish().unwrap();
/// assert_eq!(usage.format, Format::WideCsv);
/// assert_eq!(usage.minutes, 2);
/// ```
pub struct Importer {
    options: ImportOptions,
    bytes: u64,
    line: u64,
    record_line: u64,
    pending: Vec<u8>,
    pending_start: u64,
    carry: Vec<u8>,
    record: Record,
    state: State,
    problems: Vec<Problem>,
    failed: Option<ImportError>,
}

impl std::fmt::Debug for Importer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Importer")
            .field("bytes", &self.bytes)
            .field("line", &self.line)
            .finish_non_exhaustive()
    }
}

impl Importer {
    /// A new import.
    pub fn new(options: ImportOptions) -> Importer {
        Importer {
            options,
            bytes: 0,
            line: 0,
            record_line: 0,
            pending: Vec::new(),
            pending_start: 0,
            carry: Vec::new(),
            record: Record::default(),
            state: State::Start,
            problems: Vec::new(),
            failed: None,
        }
    }

    /// How far the import got.
    pub fn progress(&self) -> Progress {
        let (rows, format) = match &self.state {
            State::Csv {
                reader, buckets, ..
            } => (buckets.rows, reader.as_ref().map(|r| r.format)),
            _ => (0, None),
        };
        Progress {
            bytes: self.bytes,
            rows,
            format,
        }
    }

    /// Reads the next bytes of the file.
    ///
    /// # Errors
    /// The file's rejection, as soon as it is certain (binary content, an
    /// unknown header, or [`MAX_PROBLEMS`] bad rows); the import is then over.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<Progress, ImportError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let result = self.feed_inner(chunk);
        if let Err(e) = &result {
            self.failed = Some(e.clone());
        }
        result.map(|()| self.progress())
    }

    fn feed_inner(&mut self, chunk: &[u8]) -> Result<(), ImportError> {
        let offset = self.bytes;
        self.bytes += chunk.len() as u64;
        if let State::Start = self.state {
            self.pending.extend_from_slice(chunk);
            self.check_binary()?;
            // Nothing else is read before the whole sniffed head is here, so a file is
            // judged the same however it is cut into chunks (found by the usage fuzz targets).
            if self.pending.len() < SNIFF_BYTES + 3 {
                return Ok(());
            }
            return self.start();
        }
        if let State::Json(doc) = &mut self.state {
            doc.extend_from_slice(chunk);
            if doc.len() as u64 > MAX_JSON_BYTES {
                return Err(ImportError::TooLarge {
                    bytes: doc.len() as u64,
                    max_bytes: MAX_JSON_BYTES,
                });
            }
            return Ok(());
        }
        let mut data = chunk;
        let mut pos = offset;
        if !self.pending.is_empty() {
            match memchr::memchr(b'\n', data) {
                None => {
                    self.pending.extend_from_slice(data);
                    return self.check_length(self.pending.len());
                }
                Some(p) => {
                    let mut line = std::mem::take(&mut self.pending);
                    line.extend_from_slice(&data[..p]);
                    self.line(&line, self.pending_start)?;
                    line.clear();
                    self.pending = line;
                    data = &data[p + 1..];
                    pos += p as u64 + 1;
                }
            }
        }
        while let Some(p) = memchr::memchr(b'\n', data) {
            self.line(&data[..p], pos)?;
            data = &data[p + 1..];
            pos += p as u64 + 1;
        }
        if self.pending.is_empty() {
            self.pending_start = pos;
        }
        self.pending.extend_from_slice(data);
        self.check_length(self.pending.len())
    }

    /// Chooses the format from the bytes held so far (at least [`SNIFF_BYTES`] past a
    /// byte-order mark, or the whole file at its end) and reads them as that format.
    fn start(&mut self) -> Result<(), ImportError> {
        self.check_binary()?;
        let text = self
            .pending
            .strip_prefix(b"\xef\xbb\xbf")
            .unwrap_or(&self.pending);
        let Some(first) = text.iter().copied().find(|b| !b.is_ascii_whitespace()) else {
            return Ok(());
        };
        let held = std::mem::take(&mut self.pending);
        if first == b'{' || first == b'[' {
            self.state = State::Json(Vec::new());
        } else {
            self.state = State::Csv {
                reader: None,
                delimiter: b',',
                buckets: Box::default(),
            };
        }
        // `held` is every byte fed so far: read it again as the chosen format
        self.bytes = 0;
        self.feed_inner(&held)
    }

    /// A NUL byte among the first [`SNIFF_BYTES`] held (past a byte-order mark).
    fn check_binary(&self) -> Result<(), ImportError> {
        let text = self
            .pending
            .strip_prefix(b"\xef\xbb\xbf")
            .unwrap_or(&self.pending);
        match text.iter().take(SNIFF_BYTES).position(|b| *b == 0) {
            Some(p) => Err(ImportError::Binary { offset: p as u64 }),
            None => Ok(()),
        }
    }

    fn check_length(&self, len: usize) -> Result<(), ImportError> {
        if len > MAX_LINE_BYTES {
            return Err(ImportError::Rows(vec![Problem {
                at: Location::line(self.line + 1),
                message: format!(
                    "a line longer than {MAX_LINE_BYTES} bytes; expected a CSV record per line"
                ),
            }]));
        }
        Ok(())
    }

    /// One physical line (no `\n`).
    fn line(&mut self, raw: &[u8], offset: u64) -> Result<(), ImportError> {
        // A line completed within one chunk is held to the same limit as one still pending.
        self.check_length(raw.len())?;
        self.line += 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if !self.carry.is_empty() {
            self.carry.push(b'\n');
            self.carry.extend_from_slice(raw);
            self.check_length(self.carry.len())?;
            if csv::open_quote(&self.carry) {
                return Ok(());
            }
            let record = std::mem::take(&mut self.carry);
            return self.record(&record, offset);
        }
        self.record_line = self.line;
        if memchr::memchr(b'"', raw).is_some() && csv::open_quote(raw) {
            self.carry.extend_from_slice(raw);
            return Ok(());
        }
        self.record(raw, offset)
    }

    fn record(&mut self, raw: &[u8], offset: u64) -> Result<(), ImportError> {
        if let Some(p) = memchr::memchr(0, raw) {
            return Err(ImportError::Binary {
                offset: offset + p as u64,
            });
        }
        let text = match std::str::from_utf8(raw) {
            Ok(t) => t,
            Err(e) => {
                return Err(ImportError::Binary {
                    offset: offset + e.valid_up_to() as u64,
                })
            }
        };
        let text = if text.starts_with('\u{feff}') {
            text.trim_start_matches('\u{feff}')
        } else {
            text
        };
        // a record that starts with a visible ASCII character is not blank (most are)
        let visible = text.as_bytes().first().is_some_and(u8::is_ascii_graphic);
        if !visible && text.trim().is_empty() {
            return Ok(());
        }
        let line = self.record_line;
        let State::Csv {
            reader,
            delimiter,
            buckets,
        } = &mut self.state
        else {
            return Ok(());
        };
        match reader {
            None => {
                if text.starts_with('#') || text.starts_with("sep=") {
                    return Ok(());
                }
                *delimiter = csv::delimiter(text);
                self.record.split(text, *delimiter).map_err(|m| {
                    ImportError::Rows(vec![Problem {
                        at: Location::line(line),
                        message: format!("{m} in the header"),
                    }])
                })?;
                *reader = Some(Box::new(CsvFormat::from_header(&self.record)?));
            }
            Some(r) => {
                let outcome = match self.record.split(text, *delimiter) {
                    Err(m) => Err(Problem {
                        at: Location::line(line),
                        message: format!("{m}; expected fields separated by commas"),
                    }),
                    Ok(()) => r.row(&self.record, line, buckets),
                };
                if let Err(p) = outcome {
                    self.problems.push(p);
                    if self.problems.len() >= MAX_PROBLEMS {
                        return Err(ImportError::Rows(self.problems.clone()));
                    }
                }
            }
        }
        Ok(())
    }

    /// Ends the import and returns what was read.
    ///
    /// # Errors
    /// The file's rejection: nothing is imported unless every row was read.
    pub fn finish(mut self) -> Result<Usage, ImportError> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        if let State::Start = self.state {
            self.start()?;
        }
        if !self.pending.is_empty() && !matches!(self.state, State::Start) {
            let last = std::mem::take(&mut self.pending);
            self.line(&last, self.pending_start)?;
        }
        if !self.carry.is_empty() {
            self.problems.push(Problem {
                at: Location::line(self.record_line),
                message: "a quoted field is not closed before the end of the file".into(),
            });
        }
        if !self.problems.is_empty() {
            return Err(ImportError::Rows(self.problems));
        }
        let peak = self.options.peak_factor;
        match self.state {
            State::Start => Err(ImportError::Empty),
            State::Csv { reader: None, .. } => Err(ImportError::Empty),
            State::Csv {
                reader: Some(r),
                mut buckets,
                ..
            } => {
                if r.format == Format::AzureLogAnalyticsCsv {
                    settle_generations(&mut buckets, r.drop_legacy());
                    if buckets.series_count() == 0 || buckets.rows == 0 {
                        if buckets.rows == 0 {
                            return Err(ImportError::NoRows);
                        }
                        return Err(ImportError::MissingColumn {
                            format: r.format.name(),
                            expected: "MetricName rows ProcessedPromptTokens and GeneratedTokens, or InputTokens and OutputTokens".into(),
                            found: r.warnings().iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
                        });
                    }
                }
                buckets.finish(r.format, r.rules(), peak, r.warnings())
            }
            State::Json(doc) => {
                let value: serde_json::Value = serde_json::from_slice(&doc).map_err(|e| {
                    ImportError::Rows(vec![Problem {
                        at: Location {
                            line: Some(e.line() as u64),
                            column: Some(format!("character {}", e.column())),
                        },
                        message: format!("invalid JSON ({e}); expected a complete JSON export"),
                    }])
                })?;
                drop(doc);
                let format = json_formats::detect(&value).ok_or_else(|| {
                    let text = value.to_string();
                    ImportError::UnknownFormat {
                        found: text.chars().take(80).collect(),
                    }
                })?;
                json_formats::import(&value, format, peak)
            }
        }
    }
}

/// Imports from a reader, chunk by chunk, in bounded memory.
///
/// # Errors
/// The file's rejection, or an I/O error as a one-problem [`ImportError::Rows`].
pub fn import_reader<R: BufRead>(
    mut reader: R,
    options: ImportOptions,
) -> Result<Usage, ImportError> {
    let mut imp = Importer::new(options);
    loop {
        let buf = reader.fill_buf().map_err(|e| {
            ImportError::Rows(vec![Problem {
                at: Location::line(imp.line + 1),
                message: format!("the file could not be read: {e}"),
            }])
        })?;
        if buf.is_empty() {
            break;
        }
        let n = buf.len();
        imp.feed(buf)?;
        reader.consume(n);
    }
    imp.finish()
}

/// Imports a file held in memory.
///
/// # Errors
/// The file's rejection.
pub fn import_bytes(bytes: &[u8], options: ImportOptions) -> Result<Usage, ImportError> {
    let mut imp = Importer::new(options);
    imp.feed(bytes)?;
    imp.finish()
}
