//! A [`Usage`] as two flat buffers, for a message between two WebAssembly modules (the page
//! and its import worker): the per-minute tokens as one `f64` array (a `Float64Array`,
//! transferred without a copy) and everything else as a few bytes. Decoding is two copies
//! and no parsing of text, so the module that receives it needs neither the importer nor a
//! JSON reader.
//!
//! Layout of the bytes (little-endian): the version byte [`VERSION`], the format's index in
//! [`Format::ALL`], `start_unix_minute` (i64), `minutes`, `step_minutes`, `missing_minutes`
//! and `rows` (u64 each), the series' names (a u32 count, then each name as a u32 length
//! and its UTF-8), the warnings (a u32 count, then each as a tag byte and its fields). The
//! tokens are series by series, each its four kinds in [`TokenKind::ALL`] order, each kind
//! `minutes` numbers.
//!
//! ```
//! use ptcalc_usage::{import_bytes, wire, ImportOptions};
//! let csv = b"time,input,output\n2025-08-18T00:00Z,100,10\n2025-08-18T00:01Z,50,5\n";
//! let usage = import_bytes(csv, ImportOptions::default()).unwrap();
//! let (meta, tokens) = wire::encode(&usage);
//! assert_eq!(wire::decode(&meta, &tokens), Ok(usage));
//! ```
use std::fmt;

use crate::usage::{Series, Usage, Warning};
use crate::{Format, TokenKind};

/// The layout's version: the first byte of the encoded bytes.
pub const VERSION: u8 = 1;

/// Why encoded bytes could not be read back (a page and a worker of different releases).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WireError {
    /// The first byte is not [`VERSION`].
    Version(u8),
    /// The bytes end before a field, or a value is out of range, at this byte.
    Malformed(usize),
    /// The tokens array does not hold `series × 4 × minutes` numbers.
    Tokens { expected: usize, found: usize },
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WireError::Version(v) => write!(
                f,
                "the import tool answered in another version ({v}, expected {VERSION}); reload the page"
            ),
            WireError::Malformed(at) => write!(
                f,
                "the import tool's answer is damaged (at byte {at}); reload the page"
            ),
            WireError::Tokens { expected, found } => write!(
                f,
                "the import tool's answer has {found} numbers instead of {expected}; reload the page"
            ),
        }
    }
}

impl core::error::Error for WireError {}

/// The warnings' tags, in the order of [`Warning`]'s variants.
const COARSE: u8 = 0;
const GAPS: u8 = 1;
const OUT_OF_ORDER: u8 = 2;
const REPEATS: u8 = 3;
const IRREGULAR_STEP: u8 = 4;
const IGNORED: u8 = 5;
const LEGACY_DUPLICATES: u8 = 6;
const MORE_PAGES: u8 = 7;
const CACHED_ABOVE_INPUT: u8 = 8;

/// `usage` as its bytes and its tokens (see the module's layout).
pub fn encode(usage: &Usage) -> (Vec<u8>, Vec<f64>) {
    let mut out = Bytes(Vec::with_capacity(64));
    out.0.push(VERSION);
    let format = Format::ALL.iter().position(|f| *f == usage.format);
    out.0.push(format.map_or(u8::MAX, |i| i as u8));
    out.u64(usage.start_unix_minute as u64);
    out.u64(usage.minutes as u64);
    out.u64(usage.step_minutes);
    out.u64(usage.missing_minutes);
    out.u64(usage.rows);
    out.names(usage.series().iter().map(|s| s.name.as_str()));
    out.u32(usage.warnings.len());
    for w in &usage.warnings {
        match w {
            Warning::Coarse {
                step_minutes,
                peak_factor,
            } => {
                out.0.push(COARSE);
                out.u64(*step_minutes);
                out.u64(peak_factor.to_bits());
            }
            Warning::Gaps { missing_minutes } => out.tagged(GAPS, *missing_minutes),
            Warning::OutOfOrder { rows } => out.tagged(OUT_OF_ORDER, *rows),
            Warning::Repeats { rows } => out.tagged(REPEATS, *rows),
            Warning::IrregularStep { seconds } => out.tagged(IRREGULAR_STEP, *seconds as u64),
            Warning::Ignored { names } => {
                out.0.push(IGNORED);
                out.names(names.iter().map(String::as_str));
            }
            Warning::LegacyDuplicates { names } => {
                out.0.push(LEGACY_DUPLICATES);
                out.names(names.iter().map(String::as_str));
            }
            Warning::MorePages => out.0.push(MORE_PAGES),
            Warning::CachedAboveInput { rows } => out.tagged(CACHED_ABOVE_INPUT, *rows),
        }
    }
    let mut tokens = Vec::with_capacity(usage.series().len() * 4 * usage.minutes);
    for s in usage.series() {
        for kind in TokenKind::ALL {
            tokens.extend_from_slice(s.tokens(kind));
        }
    }
    (out.0, tokens)
}

/// The [`Usage`] that [`encode`] made these buffers from, equal to it bit for bit.
///
/// # Errors
/// The bytes are not of this [`VERSION`], end early, hold a value out of range, or the
/// tokens do not fit the minutes and series they announce.
pub fn decode(meta: &[u8], tokens: &[f64]) -> Result<Usage, WireError> {
    let mut r = Reader { bytes: meta, at: 0 };
    let version = r.u8()?;
    if version != VERSION {
        return Err(WireError::Version(version));
    }
    let at = r.at;
    let format = *Format::ALL
        .get(usize::from(r.u8()?))
        .ok_or(WireError::Malformed(at))?;
    let start_unix_minute = r.u64()? as i64;
    let minutes = r.usize()?;
    let step_minutes = r.u64()?;
    let missing_minutes = r.u64()?;
    let rows = r.u64()?;
    let names = r.names()?;
    let count = r.u32()?;
    let mut warnings = Vec::with_capacity(count.min(16));
    for _ in 0..count {
        let at = r.at;
        warnings.push(match r.u8()? {
            COARSE => Warning::Coarse {
                step_minutes: r.u64()?,
                peak_factor: f64::from_bits(r.u64()?),
            },
            GAPS => Warning::Gaps {
                missing_minutes: r.u64()?,
            },
            OUT_OF_ORDER => Warning::OutOfOrder { rows: r.u64()? },
            REPEATS => Warning::Repeats { rows: r.u64()? },
            IRREGULAR_STEP => Warning::IrregularStep {
                seconds: r.u64()? as i64,
            },
            IGNORED => Warning::Ignored { names: r.names()? },
            LEGACY_DUPLICATES => Warning::LegacyDuplicates { names: r.names()? },
            MORE_PAGES => Warning::MorePages,
            CACHED_ABOVE_INPUT => Warning::CachedAboveInput { rows: r.u64()? },
            _ => return Err(WireError::Malformed(at)),
        });
    }
    if r.at != meta.len() {
        return Err(WireError::Malformed(r.at));
    }
    let expected = names
        .len()
        .checked_mul(4)
        .and_then(|n| n.checked_mul(minutes))
        .ok_or(WireError::Malformed(0))?;
    if tokens.len() != expected {
        return Err(WireError::Tokens {
            expected,
            found: tokens.len(),
        });
    }
    let mut chunks = tokens.chunks_exact(minutes.max(1));
    let mut kind = || chunks.next().map_or_else(Vec::new, <[f64]>::to_vec);
    let series = names
        .into_iter()
        .map(|name| Series {
            name,
            kinds: [kind(), kind(), kind(), kind()],
        })
        .collect::<Vec<_>>();
    let mut usage = Usage::new(
        format,
        start_unix_minute,
        series,
        step_minutes,
        missing_minutes,
        rows,
        warnings,
    );
    // `Usage::new` counts the minutes from the first series; a usage without series keeps
    // the number it was sent with.
    usage.minutes = minutes;
    Ok(usage)
}

struct Bytes(Vec<u8>);

impl Bytes {
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    fn u32(&mut self, v: usize) {
        self.0
            .extend_from_slice(&u32::try_from(v).unwrap_or(u32::MAX).to_le_bytes());
    }

    fn tagged(&mut self, tag: u8, v: u64) {
        self.0.push(tag);
        self.u64(v);
    }

    fn names<'a>(&mut self, names: impl ExactSizeIterator<Item = &'a str>) {
        self.u32(names.len());
        for name in names {
            self.u32(name.len());
            self.0.extend_from_slice(name.as_bytes());
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], WireError> {
        let end = self
            .at
            .checked_add(n)
            .ok_or(WireError::Malformed(self.at))?;
        let taken = self
            .bytes
            .get(self.at..end)
            .ok_or(WireError::Malformed(self.at))?;
        self.at = end;
        Ok(taken)
    }

    fn u8(&mut self) -> Result<u8, WireError> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<usize, WireError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }

    fn u64(&mut self) -> Result<u64, WireError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }

    fn usize(&mut self) -> Result<usize, WireError> {
        let at = self.at;
        usize::try_from(self.u64()?).map_err(|_| WireError::Malformed(at))
    }

    fn names(&mut self) -> Result<Vec<String>, WireError> {
        let count = self.u32()?;
        let mut names = Vec::with_capacity(count.min(64));
        for _ in 0..count {
            let len = self.u32()?;
            let at = self.at;
            let text =
                std::str::from_utf8(self.take(len)?).map_err(|_| WireError::Malformed(at))?;
            names.push(text.to_owned());
        }
        Ok(names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{import_bytes, ImportOptions};

    fn every_warning() -> Vec<Warning> {
        vec![
            Warning::Coarse {
                step_minutes: 60,
                peak_factor: 2.5,
            },
            Warning::Gaps { missing_minutes: 7 },
            Warning::OutOfOrder { rows: 3 },
            Warning::Repeats { rows: u64::MAX },
            Warning::IrregularStep { seconds: -90 },
            Warning::Ignored {
                names: vec!["Latency".into(), "é ✓".into()],
            },
            Warning::LegacyDuplicates {
                names: vec![String::new()],
            },
            Warning::MorePages,
            Warning::CachedAboveInput { rows: 1 },
        ]
    }

    fn same_bits(a: &Usage, b: &Usage) {
        assert_eq!(a.series().len(), b.series().len());
        for (x, y) in a.series().iter().zip(b.series()) {
            assert_eq!(x.name, y.name);
            for kind in TokenKind::ALL {
                let bits = |s: &Series| {
                    s.tokens(kind)
                        .iter()
                        .map(|v| v.to_bits())
                        .collect::<Vec<_>>()
                };
                assert_eq!(bits(x), bits(y), "{} {kind:?}", x.name);
            }
        }
    }

    #[test]
    fn a_usage_with_every_warning_and_odd_numbers_comes_back_bit_for_bit() {
        let odd = [
            0.0,
            -0.0,
            1e-310,
            f64::MAX,
            0.1 + 0.2,
            f64::NAN,
            f64::INFINITY,
        ];
        let series = ["gpt-4.1", "", "ünïcode/✓"]
            .iter()
            .enumerate()
            .map(|(i, name)| Series {
                name: (*name).to_string(),
                kinds: core::array::from_fn(|k: usize| {
                    odd.iter().map(|v| v * (1 + i + k) as f64).collect()
                }),
            })
            .collect::<Vec<Series>>();
        for format in Format::ALL {
            let usage = Usage::new(
                format,
                -29_000_000,
                series.clone(),
                1_440,
                12,
                u64::MAX - 1,
                every_warning(),
            );
            let (meta, tokens) = encode(&usage);
            let back = decode(&meta, &tokens).expect("decodes");
            same_bits(&usage, &back);
            assert_eq!(back.format, format);
            assert_eq!(back.start_unix_minute, -29_000_000);
            assert_eq!(
                (
                    back.minutes,
                    back.step_minutes,
                    back.missing_minutes,
                    back.rows
                ),
                (odd.len(), 1_440, 12, u64::MAX - 1)
            );
            assert_eq!(back.warnings, every_warning());
            // Bit for bit: encoding the decoded usage gives the very same buffers.
            let (meta2, tokens2) = encode(&back);
            assert_eq!(meta, meta2);
            let bits = |t: &[f64]| t.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&tokens), bits(&tokens2));
        }
    }

    #[test]
    fn an_imported_file_comes_back_equal() {
        let csv = "time,deployment,input,output\n2025-08-18T00:00Z,a,100,10\n2025-08-18T00:03Z,b,50,5\n2025-08-18T00:01Z,a,1,1\n";
        let usage = import_bytes(csv.as_bytes(), ImportOptions::default()).expect("imports");
        assert_eq!(usage.series().len(), 2);
        let (meta, tokens) = encode(&usage);
        assert_eq!(tokens.len(), 2 * 4 * usage.minutes);
        assert_eq!(decode(&meta, &tokens), Ok(usage));
    }

    #[test]
    fn a_usage_without_series_keeps_its_minutes() {
        let mut usage = Usage::new(Format::WideCsv, 0, Vec::new(), 1, 0, 0, Vec::new());
        usage.minutes = 5;
        let (meta, tokens) = encode(&usage);
        assert!(tokens.is_empty());
        assert_eq!(decode(&meta, &tokens), Ok(usage));
    }

    #[test]
    fn damaged_or_foreign_buffers_are_refused_not_misread() {
        let usage = import_bytes(
            b"time,input,output\n2025-08-18T00:00Z,100,10\n2025-08-18T00:01Z,5,1\n",
            ImportOptions::default(),
        )
        .expect("imports");
        let (meta, tokens) = encode(&usage);
        let mut other = meta.clone();
        other[0] = VERSION + 1;
        assert_eq!(
            decode(&other, &tokens),
            Err(WireError::Version(VERSION + 1))
        );
        for cut in 0..meta.len() {
            assert!(decode(&meta[..cut], &tokens).is_err(), "cut at {cut}");
        }
        let mut longer = meta.clone();
        longer.push(0);
        assert!(matches!(
            decode(&longer, &tokens),
            Err(WireError::Malformed(_))
        ));
        assert_eq!(
            decode(&meta, &tokens[1..]),
            Err(WireError::Tokens {
                expected: 8,
                found: 7
            })
        );
        let mut format = meta;
        format[1] = 200;
        assert_eq!(decode(&format, &tokens), Err(WireError::Malformed(1)));
        assert!(WireError::Version(9)
            .to_string()
            .contains("reload the page"));
    }
}
