//! The workload as people know it: the month's average, the rate in busy hours with the
//! quiet hours as a share of it (business shape), or the peak minute; per second, minute,
//! hour, day or month. Every form converts to the one the link stores (average tokens per
//! minute, `shape`, `pa`) and back, using the shape's own levels (`traffic::multipliers`).
use crate::error::Error;
use crate::scenario::{Scenario, ShapeKind};
use crate::traffic::{is_business_minute, multipliers};

/// How the workload's rates are entered (the `entry` link key; the figures never depend on it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum EntryForm {
    /// The month's average rate.
    #[default]
    Average,
    /// The rate in busy hours (Mon–Fri 09:00–17:00) and the quiet hours' rate as a share of it.
    BusyQuiet,
    /// The busiest minute's rate.
    Peak,
}

impl EntryForm {
    /// Every form, in the order the page offers them.
    pub const ALL: [EntryForm; 3] = [EntryForm::Average, EntryForm::BusyQuiet, EntryForm::Peak];

    /// The form's name in links.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryForm::Average => "avg",
            EntryForm::BusyQuiet => "busy",
            EntryForm::Peak => "peak",
        }
    }

    /// The form named `name`, if any.
    pub fn parse(name: &str) -> Option<EntryForm> {
        EntryForm::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// The form that applies to `shape`: busy and quiet hours are the business shape's,
    /// so any other shape is entered as the average.
    ///
    /// ```
    /// use ptcalc_core::{entry::EntryForm, scenario::ShapeKind};
    /// assert_eq!(EntryForm::BusyQuiet.for_shape(ShapeKind::Diurnal), EntryForm::Average);
    /// assert_eq!(EntryForm::BusyQuiet.for_shape(ShapeKind::Business), EntryForm::BusyQuiet);
    /// assert_eq!(EntryForm::Peak.for_shape(ShapeKind::Flat), EntryForm::Peak);
    /// ```
    pub fn for_shape(self, shape: ShapeKind) -> EntryForm {
        match self {
            EntryForm::BusyQuiet if shape != ShapeKind::Business => EntryForm::Average,
            form => form,
        }
    }
}

/// The time unit a rate is entered per (the `per` link key; the link stores per minute).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum RateUnit {
    /// Per second.
    Second,
    /// Per minute.
    #[default]
    Minute,
    /// Per hour.
    Hour,
    /// Per day (24 hours).
    Day,
    /// Per month (the scenario's month: 730 hours unless `mh` says otherwise).
    Month,
}

impl RateUnit {
    /// Every unit, shortest first.
    pub const ALL: [RateUnit; 5] = [
        RateUnit::Second,
        RateUnit::Minute,
        RateUnit::Hour,
        RateUnit::Day,
        RateUnit::Month,
    ];

    /// The unit's name in links.
    pub fn as_str(self) -> &'static str {
        match self {
            RateUnit::Second => "s",
            RateUnit::Minute => "min",
            RateUnit::Hour => "h",
            RateUnit::Day => "d",
            RateUnit::Month => "mo",
        }
    }

    /// The unit named `name`, if any.
    pub fn parse(name: &str) -> Option<RateUnit> {
        RateUnit::ALL.into_iter().find(|u| u.as_str() == name)
    }

    /// The unit in words, after "per" (`second`, …, `month`).
    pub fn word(self) -> &'static str {
        match self {
            RateUnit::Second => "second",
            RateUnit::Minute => "minute",
            RateUnit::Hour => "hour",
            RateUnit::Day => "day",
            RateUnit::Month => "month",
        }
    }

    /// Minutes in one unit, for a month of `minutes_per_month` minutes.
    ///
    /// ```
    /// use ptcalc_core::entry::RateUnit;
    /// assert_eq!(RateUnit::Second.minutes(43_800), 1.0 / 60.0);
    /// assert_eq!(RateUnit::Day.minutes(43_800), 1_440.0);
    /// assert_eq!(RateUnit::Month.minutes(43_800), 43_800.0);
    /// ```
    pub fn minutes(self, minutes_per_month: usize) -> f64 {
        match self {
            RateUnit::Second => 1.0 / 60.0,
            RateUnit::Minute => 1.0,
            RateUnit::Hour => 60.0,
            RateUnit::Day => 1_440.0,
            RateUnit::Month => minutes_per_month as f64,
        }
    }

    /// A rate per this unit as a rate per minute (`Second`: × 60).
    ///
    /// ```
    /// use ptcalc_core::entry::RateUnit;
    /// assert_eq!(RateUnit::Second.per_minute(100.0, 43_800), 6_000.0);
    /// assert_eq!(RateUnit::Hour.per_minute(6_000.0, 43_800), 100.0);
    /// ```
    pub fn per_minute(self, rate: f64, minutes_per_month: usize) -> f64 {
        match self {
            RateUnit::Second => rate * 60.0,
            _ => rate / self.minutes(minutes_per_month),
        }
    }

    /// A rate per minute as a rate per this unit (the inverse of [`RateUnit::per_minute`]).
    pub fn from_per_minute(self, rate_per_minute: f64, minutes_per_month: usize) -> f64 {
        match self {
            RateUnit::Second => rate_per_minute / 60.0,
            _ => rate_per_minute * self.minutes(minutes_per_month),
        }
    }
}

/// A shape's levels as multiples of the month's average rate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Levels {
    /// The mean over the busy minutes (Mon–Fri 09:00–17:00); for `business`, exactly `pa`.
    pub busy: f64,
    /// The mean over every other minute; for `business`, the level that keeps the mean at 1.
    pub quiet: f64,
    /// The busiest minute (for `business` and `bursty`, exactly `pa`).
    pub peak: f64,
}

/// The levels of `shape` with peak-to-average `pa` over a month of `minutes` minutes.
///
/// ```
/// use ptcalc_core::{entry::levels, scenario::ShapeKind};
/// let l = levels(ShapeKind::Business, 3.0, 1, 43_800).unwrap();
/// assert_eq!((l.busy, l.peak), (3.0, 3.0));
/// // 10,620 busy minutes at 3, the other 33,180 at (43,800 − 3 × 10,620) ÷ 33,180.
/// assert!((l.quiet - (43_800.0 - 31_860.0) / 33_180.0).abs() < 1e-12);
/// assert_eq!(levels(ShapeKind::Flat, 1.6, 1, 43_800).unwrap().peak, 1.0);
/// ```
///
/// # Errors
/// As [`multipliers`]: `pa` below 1 or above the shape's maximum, or an empty month.
pub fn levels(shape: ShapeKind, pa: f64, seed: u64, minutes: usize) -> Result<Levels, Error> {
    let m = multipliers(shape, pa, seed, minutes)?;
    let (mut busy_sum, mut busy_n, mut quiet_sum, mut quiet_n, mut peak) = (0.0, 0, 0.0, 0, 0.0);
    for (t, v) in m.iter().enumerate() {
        if is_business_minute(t) {
            busy_sum += v;
            busy_n += 1;
        } else {
            quiet_sum += v;
            quiet_n += 1;
        }
        if *v > peak {
            peak = *v;
        }
    }
    let mean = |sum: f64, n: usize| if n == 0 { 1.0 } else { sum / n as f64 };
    let (busy, quiet) = match shape {
        // Exactly the shape's definition, not a sum that rounds.
        ShapeKind::Business => {
            let quiet = m
                .iter()
                .enumerate()
                .find(|(t, _)| !is_business_minute(*t))
                .map_or(1.0, |(_, v)| *v);
            (pa, quiet)
        }
        _ => (mean(busy_sum, busy_n), mean(quiet_sum, quiet_n)),
    };
    Ok(Levels { busy, quiet, peak })
}

/// The levels of a scenario's synthetic shape (its `shape`, `pa`, `seed` and month).
///
/// ```
/// use ptcalc_core::{entry::scenario_levels, Scenario};
/// let l = scenario_levels(&Scenario::default()).unwrap(); // diurnal, pa 1.6
/// assert!(l.peak > 1.5 && l.quiet < 1.0);
/// ```
///
/// # Errors
/// As [`levels`].
pub fn scenario_levels(s: &Scenario) -> Result<Levels, Error> {
    levels(s.shape, s.peak_to_average, s.seed, s.minutes_per_month())
}

/// Business minutes and all minutes of a month, as `f64`.
fn business_split(minutes: usize) -> (f64, f64) {
    let busy = (0..minutes).filter(|t| is_business_minute(*t)).count();
    (busy as f64, minutes as f64)
}

/// The business shape's peak-to-average for quiet hours at `quiet_share` of the busy rate:
/// N ÷ (busy minutes + share × quiet minutes). The average rate is then busy rate ÷ `pa`.
///
/// ```
/// use ptcalc_core::entry::business_peak_to_average;
/// // Nothing at night over 730 h (177 busy hours): the shape's maximum, 730 ÷ 177.
/// assert!((business_peak_to_average(0.0, 43_800).unwrap() - 730.0 / 177.0).abs() < 1e-12);
/// assert_eq!(business_peak_to_average(1.0, 43_800).unwrap(), 1.0);
/// assert!(business_peak_to_average(1.5, 43_800).is_err());
/// ```
///
/// # Errors
/// `QuietShareOutOfRange` for a share outside 0…1; `InvalidMonth` for a month without a busy minute.
pub fn business_peak_to_average(quiet_share: f64, minutes: usize) -> Result<f64, Error> {
    if !(0.0..=1.0).contains(&quiet_share) {
        return Err(Error::QuietShareOutOfRange(quiet_share));
    }
    let (busy, all) = business_split(minutes);
    if busy == 0.0 {
        return Err(Error::InvalidMonth(minutes as f64 / 60.0));
    }
    Ok(all / (busy + quiet_share * (all - busy)))
}

/// The quiet hours' rate as a share of the busy rate, for the business shape at `pa`
/// (the inverse of [`business_peak_to_average`]).
///
/// ```
/// use ptcalc_core::entry::{business_peak_to_average, business_quiet_share};
/// let pa = business_peak_to_average(0.05, 43_800).unwrap();
/// assert!((business_quiet_share(pa, 43_800) - 0.05).abs() < 1e-12);
/// ```
pub fn business_quiet_share(pa: f64, minutes: usize) -> f64 {
    let (busy, all) = business_split(minutes);
    let quiet = all - busy;
    if quiet == 0.0 || !(pa > 0.0) {
        return 1.0;
    }
    let level = ((all - pa * busy) / quiet).max(0.0);
    (level / pa).clamp(0.0, 1.0)
}

/// The implied rates of one quantity (a token kind, or calls), per minute.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Implied {
    /// The month's average.
    pub average: f64,
    /// The mean over busy hours (Mon–Fri 09:00–17:00).
    pub busy: f64,
    /// The mean over the other hours.
    pub quiet: f64,
    /// The busiest minute.
    pub peak: f64,
}

impl Implied {
    /// The rates implied by an average rate and the shape's levels.
    ///
    /// ```
    /// use ptcalc_core::entry::{Implied, Levels};
    /// let l = Levels { busy: 4.0, quiet: 0.1, peak: 4.0 };
    /// let r = Implied::of(100.0, &l);
    /// assert_eq!((r.average, r.busy, r.quiet, r.peak), (100.0, 400.0, 10.0, 400.0));
    /// ```
    pub fn of(average_per_minute: f64, levels: &Levels) -> Implied {
        Implied {
            average: average_per_minute,
            busy: average_per_minute * levels.busy,
            quiet: average_per_minute * levels.quiet,
            peak: average_per_minute * levels.peak,
        }
    }

    /// The rate shown in `form` (the quiet share is not a rate: see [`business_quiet_share`]).
    pub fn entered(&self, form: EntryForm) -> f64 {
        match form {
            EntryForm::Average => self.average,
            EntryForm::BusyQuiet => self.busy,
            EntryForm::Peak => self.peak,
        }
    }
}

/// The month's average rate per minute for a rate typed in `form`: the busy rate ÷ the busy
/// level, the peak ÷ the peak level, the average as is. A level of 0 (no busy minute) gives 0.
///
/// ```
/// use ptcalc_core::entry::{average_of, EntryForm, Levels};
/// let l = Levels { busy: 4.0, quiet: 0.0, peak: 5.0 };
/// assert_eq!(average_of(2_000_000.0, EntryForm::BusyQuiet, &l), 500_000.0);
/// assert_eq!(average_of(1_000.0, EntryForm::Peak, &l), 200.0);
/// assert_eq!(average_of(7.0, EntryForm::Average, &l), 7.0);
/// ```
pub fn average_of(entered_per_minute: f64, form: EntryForm, levels: &Levels) -> f64 {
    let level = match form {
        EntryForm::Average => 1.0,
        EntryForm::BusyQuiet => levels.busy,
        EntryForm::Peak => levels.peak,
    };
    if level > 0.0 {
        entered_per_minute / level
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MONTH: usize = 43_800;

    #[test]
    fn busy_and_quiet_rates_give_back_the_average_and_ratio_they_came_from() {
        // The analyst of issue 12: 2M a minute in business hours, 1% of that at night.
        let busy_rate = 2_000_000.0;
        for share in [0.0, 0.01, 0.2, 0.5, 1.0] {
            let pa = business_peak_to_average(share, MONTH).expect("valid");
            let l = levels(ShapeKind::Business, pa, 1, MONTH).expect("within the maximum");
            let avg = average_of(busy_rate, EntryForm::BusyQuiet, &l);
            // The shape's own series: busy minutes at busy_rate, quiet at share × busy_rate.
            let m = multipliers(ShapeKind::Business, pa, 1, MONTH).expect("valid");
            let at = |t: usize| avg * m[t];
            assert!((at(9 * 60) - busy_rate).abs() < 1e-6, "busy at {share}");
            assert!((at(0) - share * busy_rate).abs() < 1e-6, "quiet at {share}");
            assert!((business_quiet_share(pa, MONTH) - share).abs() < 1e-12);
            let monthly: f64 = m.iter().map(|x| x * avg).sum();
            let expected = busy_rate * (10_620.0 + share * 33_180.0);
            assert!((monthly - expected).abs() < 1e-6 * expected, "{share}");
        }
    }

    #[test]
    fn the_peak_is_the_average_times_the_shapes_busiest_minute() {
        for (shape, pa) in [
            (ShapeKind::Flat, 1.0),
            (ShapeKind::Business, 3.0),
            (ShapeKind::Diurnal, 1.8),
            (ShapeKind::Bursty, 4.0),
        ] {
            let l = levels(shape, pa, 7, MONTH).expect("valid");
            let m = multipliers(shape, pa, 7, MONTH).expect("valid");
            let max = m.iter().copied().fold(0.0, f64::max);
            assert_eq!(l.peak, max, "{shape:?}");
            let avg = average_of(900.0, EntryForm::Peak, &l);
            assert!((avg * max - 900.0).abs() < 1e-9, "{shape:?}");
        }
        // The business and bursty shapes put their peak at exactly `pa`.
        assert_eq!(
            levels(ShapeKind::Business, 3.0, 1, MONTH).unwrap().peak,
            3.0
        );
        assert_eq!(levels(ShapeKind::Bursty, 4.0, 1, MONTH).unwrap().peak, 4.0);
    }

    #[test]
    fn levels_average_to_one_over_the_month() {
        for shape in ShapeKind::ALL {
            let l = levels(shape, 1.5, 3, MONTH).expect("valid");
            let (busy, all) = business_split(MONTH);
            let mean = (l.busy * busy + l.quiet * (all - busy)) / all;
            assert!((mean - 1.0).abs() < 1e-9, "{shape:?}: {mean}");
            assert!(l.peak >= l.busy.max(l.quiet) - 1e-12);
        }
    }

    #[test]
    fn a_quiet_share_outside_zero_to_one_is_refused_with_the_range() {
        let e = business_peak_to_average(-0.1, MONTH).unwrap_err();
        assert!(alloc::format!("{e}").contains("from 0% to 100%"), "{e}");
        assert!(business_peak_to_average(f64::NAN, MONTH).is_err());
    }

    #[test]
    fn rates_convert_between_units_both_ways() {
        for unit in RateUnit::ALL {
            let per_minute = 12_345.0;
            let shown = unit.from_per_minute(per_minute, MONTH);
            assert!((unit.per_minute(shown, MONTH) - per_minute).abs() < 1e-9);
            assert_eq!(RateUnit::parse(unit.as_str()), Some(unit));
        }
        assert_eq!(RateUnit::Month.per_minute(43_800.0, MONTH), 1.0);
        for form in EntryForm::ALL {
            assert_eq!(EntryForm::parse(form.as_str()), Some(form));
        }
    }
}
