//! Counts of units as vendors say them (`90 PTU`, `3 model units`), from the core's one
//! rule, and the reserved-units axis title built on it.
pub(crate) use ptcalc_core::unit_name::{plural, units};

/// The reserved-units axis title: `reserved units (PTU)`, `reserved model units`.
pub(crate) fn units_axis(unit: &str) -> String {
    if ptcalc_core::unit_name::takes_plural(unit) {
        format!("reserved {}", plural(unit))
    } else {
        format!("reserved units ({unit})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_unit_names_read_naturally() {
        assert_eq!(units(90, "PTU"), "90 PTU");
        assert_eq!(units(3, "model unit"), "3 model units");
        assert_eq!(units(1, "model unit"), "1 model unit");
        assert_eq!(units(1_500, "GSU"), "1,500 GSU");
        assert_eq!(units_axis("GSU"), "reserved units (GSU)");
        assert_eq!(units_axis("1K TPM"), "reserved units (1K TPM)");
        assert_eq!(units_axis("input unit"), "reserved input units");
    }
}
