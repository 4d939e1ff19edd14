//! The busy-hours spelling of a link. A person who types the busy hours' rate and the quiet
//! hours' share of it (`entry=busy`, `business` shape) gets a link that keeps what they
//! typed: `in`, `out` and `rpm` are the busy hours' rates per `per`, `quiet` is the quiet
//! hours' percentage, and `pa` is not written (it follows from `quiet`). Reading such a link
//! converts back to the month's average and the peak-to-average the model uses
//! (`entry::average_of`, `entry::business_peak_to_average`), so the figures are those the
//! person saw. Without `quiet`, `entry=busy` is only how the form asks and the link keeps
//! averages (links written before this spelling read as they always did).
use alloc::string::String;

use crate::entry::{
    average_of, business_peak_to_average, business_quiet_share, EntryForm, Implied, Levels,
};
use crate::scenario::{Presentation, Scenario, ShapeKind, Volume};

/// Significant digits a converted rate or share is written with: enough that a value typed
/// with up to ten digits comes back exactly (the conversion's error is about 1e-15), few
/// enough that a rate reads `1M`, not `999999.9999999999`.
const DIGITS: i32 = 10;

/// Whether `s` is written in the busy-hours spelling under `p`.
fn applies(s: &Scenario, p: &Presentation) -> bool {
    p.entry == EntryForm::BusyQuiet && s.shape == ShapeKind::Business && s.load.is_none()
}

/// `x` rounded to [`DIGITS`] significant digits.
fn significant(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let exponent = libm::floor(libm::log10(libm::fabs(x))) as i32;
    let scale = libm::pow(10.0, f64::from(DIGITS - 1 - exponent));
    libm::round(x * scale) / scale
}

/// The busy-hours levels of the business shape at `pa`: busy rate = `pa` × average (the
/// shape is two levels, busy and quiet; `entry::levels`).
fn business_levels(pa: f64, minutes: usize) -> Levels {
    let quiet = business_quiet_share(pa, minutes) * pa;
    Levels {
        busy: pa,
        quiet,
        peak: pa,
    }
}

/// The scenario and presentation to write for `s` under `p`: in the busy-hours spelling, the
/// rates as busy rates per `p.per`, `pa` at its default and `quiet` set; otherwise `None`
/// (write `s` as it is).
pub(super) fn spelled(s: &Scenario, p: &Presentation) -> Option<(Scenario, Presentation)> {
    if !applies(s, p) {
        return None;
    }
    let minutes = s.minutes_per_month();
    let levels = business_levels(s.peak_to_average, minutes);
    let busy = |average: f64| {
        let per_minute = Implied::of(average, &levels).entered(EntryForm::BusyQuiet);
        significant(p.per.from_per_minute(per_minute, minutes))
    };
    let mut out = s.clone();
    out.volume = s.volume.map_rates(busy);
    out.peak_to_average = s.defaults_for().peak_to_average;
    let mut presentation = p.clone();
    presentation.quiet_percent = Some(significant(
        business_quiet_share(s.peak_to_average, minutes) * 100.0,
    ));
    // Only a spelling that reads back to the same figures: what a person typed does (up to
    // ten digits; the page's own conversions may leave the last bit or two apart, far below
    // any figure shown); an average converted from elsewhere (an old link's `pa=4`) may not,
    // and keeps the averages.
    let (mut back, mut shown) = (out.clone(), presentation.clone());
    back.peak_to_average = s.peak_to_average;
    let close = |a: f64, b: f64| (a - b).abs() <= 4.0 * f64::EPSILON * a.abs().max(b.abs());
    let same = read(&mut back, &mut shown).is_ok()
        && close(back.peak_to_average, s.peak_to_average)
        && rates(&back.volume)
            .iter()
            .zip(rates(&s.volume))
            .all(|(a, b)| close(*a, b));
    same.then_some((out, presentation))
}

/// The rates of a volume, in order (tokens in and out, or calls).
fn rates(v: &Volume) -> [f64; 2] {
    match *v {
        Volume::Tokens {
            input_tpm,
            output_tpm,
        } => [input_tpm, output_tpm],
        Volume::Calls {
            calls_per_minute, ..
        } => [calls_per_minute, calls_per_minute],
    }
}

/// Reads a busy-hours link back: `quiet` (taken out of `p`) gives `pa`, and the rates read
/// as busy rates per `p.per` become the month's averages. Without `quiet`, nothing changes.
///
/// # Errors
/// A sentence saying why `quiet` was not used (the link then keeps its rates as averages).
pub(super) fn read(s: &mut Scenario, p: &mut Presentation) -> Result<(), String> {
    let Some(percent) = p.quiet_percent.take() else {
        return Ok(());
    };
    if !applies(s, p) {
        return Err(String::from(
            "ignored: it is only read with entry=busy and shape=business (the rates are then the busy hours')",
        ));
    }
    let minutes = s.minutes_per_month();
    let pa = business_peak_to_average(percent / 100.0, minutes)
        .map_err(|e| alloc::format!("ignored: {e}"))?;
    s.peak_to_average = pa;
    let levels = business_levels(pa, minutes);
    let average = |busy: f64| {
        average_of(
            p.per.per_minute(busy, minutes),
            EntryForm::BusyQuiet,
            &levels,
        )
    };
    s.volume = s.volume.map_rates(average);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::RateUnit;
    use crate::link::{format_link, parse};

    fn busy_form(per: RateUnit) -> Presentation {
        Presentation {
            entry: EntryForm::BusyQuiet,
            per,
            ..Presentation::default()
        }
    }

    /// What the page does when a person types a busy rate and a quiet share: the model's
    /// average and peak-to-average from what was typed.
    fn typed(busy_per_unit: f64, quiet_share: f64, per: RateUnit) -> Scenario {
        let mut s = Scenario {
            shape: ShapeKind::Business,
            ..Scenario::default()
        };
        let minutes = s.minutes_per_month();
        s.peak_to_average = business_peak_to_average(quiet_share, minutes).expect("share");
        let levels = business_levels(s.peak_to_average, minutes);
        let avg = |typed: f64| {
            average_of(
                per.per_minute(typed, minutes),
                EntryForm::BusyQuiet,
                &levels,
            )
        };
        s.volume = Volume::Tokens {
            input_tpm: avg(busy_per_unit),
            output_tpm: avg(busy_per_unit / 10.0),
        };
        s
    }

    #[test]
    fn a_busy_link_keeps_what_was_typed_and_reads_back_to_the_same_figures() {
        for (busy, quiet, per) in [
            (2_000_000.0, 0.05, RateUnit::Minute),
            (1_500.0, 0.2, RateUnit::Second),
            (90_000_000.0, 0.0, RateUnit::Hour),
            (333_333.0, 0.125, RateUnit::Minute),
        ] {
            let s = typed(busy, quiet, per);
            let p = busy_form(per);
            let text = format_link(&s, &p);
            assert!(!text.contains("pa="), "{text}");
            assert!(text.contains("entry=busy"), "{text}");
            let back = parse(&text);
            assert!(back.warnings.is_empty(), "{text}: {:?}", back.warnings);
            // Bit for bit: the figures are those the person saw.
            assert_eq!(back.scenario, s, "{text}");
            assert_eq!(back.presentation.quiet_percent, None);
            assert_eq!(format_link(&back.scenario, &back.presentation), text);
        }
        let text = format_link(
            &typed(2_000_000.0, 0.05, RateUnit::Minute),
            &busy_form(RateUnit::Minute),
        );
        assert!(text.contains("in=2M&out=200k"), "{text}");
        assert!(text.contains("quiet=5"), "{text}");
    }

    #[test]
    fn the_pages_order_of_edits_keeps_the_busy_spelling() {
        // The page: the busy rate typed at the shape's default ratio, then the quiet share,
        // which keeps the busy rates (`verdict::scale_traffic`) and moves the average.
        let s = typed(2_000_000.0, 0.3, RateUnit::Minute);
        let minutes = s.minutes_per_month();
        let pa = business_peak_to_average(0.0, minutes).expect("share");
        let mut kept = crate::verdict::scale_traffic(&s, s.peak_to_average / pa);
        kept.peak_to_average = pa;
        let text = format_link(&kept, &busy_form(RateUnit::Minute));
        assert!(
            text.contains("in=2M&out=200k") && text.contains("quiet=0"),
            "{text}"
        );
    }

    #[test]
    fn averages_that_would_not_read_back_exactly_keep_the_average_spelling() {
        let p = parse("v=1&in=2M&out=200k&shape=business&pa=4&entry=busy&per=h");
        let text = format_link(&p.scenario, &p.presentation);
        assert_eq!(
            text,
            "v=1&in=2M&out=200k&shape=business&pa=4&entry=busy&per=h"
        );
    }

    #[test]
    fn quiet_without_the_busy_form_is_ignored_with_a_reason() {
        let p = parse("v=1&in=1M&quiet=5");
        assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
        assert_eq!(p.warnings[0].key, "quiet");
        assert!(p.warnings[0].message.contains("entry=busy"));
        assert_eq!(p.scenario, parse("v=1&in=1M").scenario);
    }

    #[test]
    fn an_old_busy_link_without_quiet_keeps_its_averages() {
        let p = parse("v=1&in=500k&shape=business&pa=3&entry=busy");
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        assert_eq!(p.scenario.peak_to_average, 3.0);
        assert!(
            matches!(p.scenario.volume, Volume::Tokens { input_tpm, .. } if input_tpm == 500_000.0)
        );
    }
}
