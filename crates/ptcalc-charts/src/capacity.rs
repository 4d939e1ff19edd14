//! The reserved capacity the load and traffic charts draw over the demand: the hybrid
//! optimum (or full provisioning when the optimum cannot be priced) and, when it differs,
//! full provisioning, both for the first pool.
use ptcalc_core::report::{Analysis, PoolModel};

use crate::hybrid::{economics, optimum_units};
use crate::legend::LegendEntry;
use crate::theme::{Dash, Role};
use crate::words;

/// A reserved capacity drawn as a horizontal line.
#[derive(Clone, Debug, PartialEq)]
pub struct CapacityLine {
    /// Units reserved.
    pub units: u64,
    /// Their capacity, tokens per minute.
    pub tokens_per_minute: f64,
}

/// The lines to draw and why one may be missing.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CapacityLines {
    /// The optimum, or full provisioning when no optimum can be priced.
    pub reserved: Option<CapacityLine>,
    /// Whether `reserved` is the hybrid optimum.
    pub reserved_is_optimum: bool,
    /// Full provisioning, when it differs from `reserved`.
    pub full: Option<CapacityLine>,
    /// What could not be shown, as a sentence.
    pub note: Option<String>,
}

impl CapacityLine {
    /// Its legend line: "reserved: 90 PTU (optimum)" solid, or "full provisioning: 245 PTU" dashed.
    pub(crate) fn legend(&self, unit: &str, role: LineRole) -> LegendEntry {
        let units = words::units(self.units, unit);
        let (label, dash) = match role {
            LineRole::Reserved { optimum: true } => {
                (format!("reserved: {units} (optimum)"), Dash::Solid)
            }
            LineRole::Reserved { optimum: false } => (
                format!("reserved: {units} (full provisioning)"),
                Dash::Solid,
            ),
            LineRole::Full => (format!("full provisioning: {units}"), Dash::Short),
        };
        LegendEntry::line(label, Role::Reserved, dash, 2)
    }
}

/// Which capacity a line shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LineRole {
    /// The reserved count drawn solid; `optimum` when it is the hybrid optimum.
    Reserved {
        /// Whether it is the hybrid optimum (else full provisioning).
        optimum: bool,
    },
    /// Full provisioning drawn dashed beside the optimum.
    Full,
}

/// The capacity lines of `pool` in `a`.
pub(crate) fn capacity_lines(a: &Analysis, pool: &PoolModel) -> CapacityLines {
    let line = |units: u64, c: f64| CapacityLine {
        units,
        tokens_per_minute: units as f64 * c,
    };
    let full = pool
        .capacity_per_unit_per_minute
        .and_then(|c| pool.required_units(1.0).map(|k| line(k, c)));
    let (reserved, reserved_is_optimum, note) =
        match (economics(pool, a), pool.capacity_per_unit_per_minute) {
            (Ok(econ), Some(c)) => (Some(line(optimum_units(pool, &econ), c)), true, None),
            (Err(missing), _) => {
                let note = match &full {
                    Some(_) => format!("No optimum to show: {missing}."),
                    None => format!("No reserved capacity to show: {missing}."),
                };
                (full.clone(), false, Some(note))
            }
            (Ok(_), None) => (None, false, None),
        };
    let full = full.filter(|f| Some(f.units) != reserved.as_ref().map(|r| r.units));
    CapacityLines {
        reserved,
        reserved_is_optimum,
        full,
        note,
    }
}

/// "The input pool is shown; the output pool is sized separately." for per-dimension offerings.
pub(crate) fn other_pools_note(a: &Analysis, shown: &PoolModel) -> Option<String> {
    let others: Vec<String> = a
        .pools
        .get(1..)?
        .iter()
        .map(|p| format!("{} pool", p.name))
        .collect();
    (!others.is_empty()).then(|| {
        format!(
            "The {} pool is shown; the {} is sized separately.",
            shown.name,
            others.join(" and ")
        )
    })
}
