//! Counts of reserved units as vendors say them: `90 PTU`, `1 model unit`, `3 model units`,
//! `1,500 GSU`. A unit name takes an `s` in the plural when it is a word (it ends in a
//! lower-case letter other than `s`), never when it is an abbreviation (`PTU`, `1K TPM`).
//! The page, the CLI and the charts all say counts through these functions.
use alloc::format;
use alloc::string::String;

use crate::numfmt::count;

/// Whether `unit` takes a plural `s`: `model unit` does, `PTU` and `1K TPM` do not.
///
/// ```
/// use ptcalc_core::unit_name::takes_plural;
/// assert!(takes_plural("Scale Tier unit"));
/// assert!(!takes_plural("GSU"));
/// ```
pub fn takes_plural(unit: &str) -> bool {
    unit.chars().last().is_some_and(|c| c.is_ascii_lowercase()) && !unit.ends_with('s')
}

/// The unit's name for several: `model units`, `PTU`.
///
/// ```
/// use ptcalc_core::unit_name::plural;
/// assert_eq!(plural("input unit"), "input units");
/// assert_eq!(plural("PTU"), "PTU");
/// ```
pub fn plural(unit: &str) -> String {
    if takes_plural(unit) {
        format!("{unit}s")
    } else {
        String::from(unit)
    }
}

/// `n` units with the vendor's unit name, the count grouped by thousands.
///
/// ```
/// use ptcalc_core::unit_name::units;
/// assert_eq!(units(90, "PTU"), "90 PTU");
/// assert_eq!(units(1, "model unit"), "1 model unit");
/// assert_eq!(units(3, "model unit"), "3 model units");
/// assert_eq!(units(2, "Scale Tier unit"), "2 Scale Tier units");
/// assert_eq!(units(2, "1K TPM"), "2 1K TPM");
/// assert_eq!(units(742_034_205, "PTU"), "742,034,205 PTU");
/// ```
pub fn units(n: u64, unit: &str) -> String {
    if n == 1 {
        format!("{} {unit}", count(n))
    } else {
        format!("{} {}", count(n), plural(unit))
    }
}
