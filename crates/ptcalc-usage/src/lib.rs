//! ptcalc-usage: real traffic for ptcalc. Vendor usage exports (Azure Monitor,
//! Log Analytics, CloudWatch, OpenAI, generic CSV and per-request logs) are read
//! into per-minute token series, and the per-minute load is summarized into a
//! short link-safe code that keeps the hybrid overflow and percentiles within 1 %.
//!
//! Modules: [`import`] (chunked reading, format detection), [`bucket`]
//! (per-minute sums, coarse data, gaps), [`usage`] (the result and its
//! warnings), [`summary`] (the link encoding, version 1, documented there),
//! [`wire`] (a usage as flat buffers, for the page's import worker),
//! [`generate`] (large synthetic files).
//!
//! Pure Rust with `std`, no I/O of its own: it compiles for
//! `wasm32-unknown-unknown`, and the page feeds it file slices with
//! [`Importer::feed`] so the browser stays responsive.
//!
//! ```
//! use ptcalc_usage::{import_bytes, ImportOptions, Selection, Format};
//! let csv = "timestamp [UTC],input tokens,output tokens,total tokens\n\
//!            2025-08-18 09:00:05,1200,300,1500\n\
//!            2025-08-18 09:00:40,800,100,900\n\
//!            2025-08-18 09:02:10,500,50,550\n";
//! let usage = import_bytes(csv.as_bytes(), ImportOptions::default()).unwrap();
//! assert_eq!(usage.format, Format::RequestLog);
//! let s = usage.select(&Selection::All).unwrap();
//! assert_eq!(s.input, vec![2000.0, 0.0, 500.0]); // minutes 09:00, 09:01, 09:02
//! ```
#![forbid(unsafe_code)]

pub mod bucket;
mod csv;
pub mod csv_formats;
mod describe;
pub mod error;
pub mod export;
mod format;
pub mod generate;
pub mod import;
pub mod json_formats;
mod kind;
pub mod measured_group;
pub mod measured_load;
pub mod summary;
pub mod time;
pub mod usage;
pub mod wire;

pub use bucket::{bucket_profile, MAX_DAYS, MAX_SERIES_DAYS};
pub use describe::{describe, describe_selected, Description, PERCENTILES};
pub use error::{ImportError, Location, Problem};
pub use format::Format;
pub use import::{import_bytes, import_reader, ImportOptions, Importer, Progress};
pub use kind::TokenKind;
pub use measured_group::{group_label, measured_group};
pub use measured_load::{measured_scenario, Measured, MeasuredError, MeasuredSteps, Step};
pub use usage::{MinuteSeries, Selection, Series, Usage, Warning};
