//! The load summary a link carries instead of the data. The codec lives in
//! [`ptcalc_core::load_summary`] (no_std, so the page, the CLI and the core's evaluation
//! read the same `load=` text); its encoding, version 1, is documented there. Re-exported
//! here so importers and their tests keep one path.
pub use ptcalc_core::load_summary::*;

// An import this crate accepts must fit in a summary.
const _: () = assert!(MAX_MINUTES == crate::bucket::MAX_DAYS as usize * 1_440);
