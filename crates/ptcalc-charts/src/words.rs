//! Counts of units as vendors say them: `90 PTU`, `3 model units`, `8 output units`.

/// `n` units of `unit`, pluralising names that end in "unit".
pub(crate) fn units(n: u64, unit: &str) -> String {
    if unit.ends_with("unit") && n != 1 {
        format!("{n} {unit}s")
    } else {
        format!("{n} {unit}")
    }
}

/// The unit's name for several: `PTU`, `model units`.
pub(crate) fn plural(unit: &str) -> String {
    if unit.ends_with("unit") {
        format!("{unit}s")
    } else {
        unit.to_string()
    }
}

/// The reserved-units axis title: `reserved units (PTU)`, `reserved model units`.
pub(crate) fn units_axis(unit: &str) -> String {
    if unit.ends_with("unit") {
        format!("reserved {unit}s")
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
        assert_eq!(units_axis("GSU"), "reserved units (GSU)");
        assert_eq!(units_axis("input unit"), "reserved input units");
    }
}
