//! A calendar date (`YYYY-MM-DD`, proleptic Gregorian), small enough to need no crate:
//! the day a price takes effect or ends, the date a scenario is evaluated at, the date a
//! source carries. Day arithmetic uses the days-from-civil algorithm
//! (<https://howardhinnant.github.io/date_algorithms.html>).
use std::fmt;
use std::str::FromStr;

/// A calendar day. Ordered chronologically; displayed and parsed as `YYYY-MM-DD`.
///
/// ```
/// use ptcalc_ratecards::Date;
/// let d: Date = "2026-11-30".parse().unwrap();
/// assert_eq!(d.add_days(1).to_string(), "2026-12-01");
/// assert_eq!(d.add_months(3).to_string(), "2027-02-28");
/// assert!("2026-02-30".parse::<Date>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a text is not a date: the text and what is allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError {
    /// The text given.
    pub text: String,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a date: write YYYY-MM-DD with a real day, years 1970 to 9999 (e.g. 2026-11-27)",
            self.text
        )
    }
}

impl std::error::Error for DateError {}

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 31,
    }
}

impl Date {
    /// The date, if it exists (years 1970 to 9999).
    ///
    /// ```
    /// use ptcalc_ratecards::Date;
    /// assert!(Date::new(2028, 2, 29).is_some());
    /// assert!(Date::new(2026, 2, 29).is_none());
    /// ```
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        ((1970..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month))
        .then_some(Date { year, month, day })
    }

    /// A date from parts known to be valid (the edition table); not checked.
    pub(crate) const fn from_parts(year: u16, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, from 1.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01.
    fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    fn from_days(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        let clamp = |v: i64, lo: i64, hi: i64| v.clamp(lo, hi);
        Date {
            year: clamp(year, 1970, 9999) as u16,
            month: clamp(month, 1, 12) as u8,
            day: clamp(day, 1, 31) as u8,
        }
    }

    /// The date `n` days later (earlier if negative), kept within 1970-01-01..9999-12-31.
    pub fn add_days(self, n: i64) -> Date {
        let lo = Date {
            year: 1970,
            month: 1,
            day: 1,
        };
        let hi = Date {
            year: 9999,
            month: 12,
            day: 31,
        };
        Date::from_days((self.days() + n).clamp(lo.days(), hi.days()))
    }

    /// The same day `n` months later, on the month's last day when it is shorter
    /// (2026-01-31 + 1 month = 2026-02-28); stops at 9999-12-31.
    pub fn add_months(self, n: u32) -> Date {
        let total = u32::from(self.year) * 12 + u32::from(self.month) - 1 + n;
        let year = total / 12;
        if year > 9999 {
            return Date {
                year: 9999,
                month: 12,
                day: 31,
            };
        }
        let year = year as u16;
        let month = (total % 12 + 1) as u8;
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    /// Days from `self` to `later` (negative if `later` is earlier).
    ///
    /// ```
    /// use ptcalc_ratecards::Date;
    /// let a: Date = "2026-05-31".parse().unwrap();
    /// assert_eq!(a.days_until("2026-11-27".parse().unwrap()), 180);
    /// ```
    pub fn days_until(self, later: Date) -> i64 {
        later.days() - self.days()
    }

    /// The last day of the period an ISO date of any precision names: `2026` →
    /// 2026-12-31, `2026-08` → 2026-08-31, `2026-08-29` → itself. `None` if malformed.
    pub fn end_of_period(text: &str) -> Option<Date> {
        let parts: Vec<&str> = text.split('-').collect();
        let num = |p: &str, n: usize| {
            (p.len() == n && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse::<u16>().ok())
                .flatten()
        };
        match parts.as_slice() {
            [y] => Date::new(num(y, 4)?, 12, 31),
            [y, m] => {
                let (y, m) = (num(y, 4)?, num(m, 2)?);
                let m = u8::try_from(m).ok()?;
                (1..=12).contains(&m).then_some(())?;
                Date::new(y, m, days_in_month(y, m))
            }
            [_, _, _] => text.parse().ok(),
            _ => None,
        }
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        let err = || DateError { text: s.into() };
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(err());
        }
        let digits = |r: std::ops::Range<usize>| {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse::<u16>().ok()
            } else {
                None
            }
        };
        let (y, m, d) = (digits(0..4), digits(5..7), digits(8..10));
        match (y, m, d) {
            (Some(y), Some(m), Some(d)) => Date::new(
                y,
                u8::try_from(m).map_err(|_| err())?,
                u8::try_from(d).map_err(|_| err())?,
            )
            .ok_or_else(err),
            _ => Err(err()),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().expect(s)
    }

    #[test]
    fn day_arithmetic_crosses_months_years_and_leap_days() {
        assert_eq!(d("2026-12-31").add_days(1), d("2027-01-01"));
        assert_eq!(d("2028-02-28").add_days(1), d("2028-02-29"));
        assert_eq!(d("2027-03-01").add_days(-1), d("2027-02-28"));
        assert_eq!(d("1970-01-01").add_days(-5), d("1970-01-01"));
        assert_eq!(d("2026-01-01").days_until(d("2027-01-01")), 365);
        assert_eq!(d("2028-01-01").days_until(d("2029-01-01")), 366);
        for s in ["1970-01-01", "2000-02-29", "2026-11-27", "9999-12-31"] {
            assert_eq!(Date::from_days(d(s).days()), d(s));
        }
    }

    #[test]
    fn months_keep_the_day_or_end_on_the_last_day() {
        assert_eq!(d("2026-01-31").add_months(1), d("2026-02-28"));
        assert_eq!(d("2026-11-27").add_months(12), d("2027-11-27"));
        assert_eq!(d("2026-11-27").add_months(0), d("2026-11-27"));
        assert_eq!(d("9999-06-01").add_months(12), d("9999-12-31"));
    }

    #[test]
    fn only_real_dates_in_the_iso_form_parse() {
        for bad in [
            "",
            "2026-1-01",
            "2026/01/01",
            "2026-13-01",
            "2026-02-29",
            "1969-12-31",
            "2026-00-10",
            "+026-01-01",
            "2026-01-011",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
        let e = "2026-02-30".parse::<Date>().unwrap_err();
        assert!(e.to_string().contains("YYYY-MM-DD"), "{e}");
    }

    #[test]
    fn a_partial_date_ends_at_the_end_of_its_period() {
        assert_eq!(Date::end_of_period("2025"), Some(d("2025-12-31")));
        assert_eq!(Date::end_of_period("2026-02"), Some(d("2026-02-28")));
        assert_eq!(Date::end_of_period("2026-08-29"), Some(d("2026-08-29")));
        assert_eq!(Date::end_of_period("2026-8"), None);
    }
}
