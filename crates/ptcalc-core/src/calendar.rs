//! A calendar day for the link's `at=` key: the date a scenario's prices are read at.
//! Only what the link needs (read, check, write `YYYY-MM-DD`); the rate cards do the
//! day arithmetic on their own date type.
use alloc::string::String;
use core::fmt;

/// A calendar day, years 1970 to 9999, written `YYYY-MM-DD`.
///
/// ```
/// use ptcalc_core::calendar::Day;
/// let d = Day::parse("2026-11-27").unwrap();
/// assert_eq!((d.year, d.month, d.day), (2026, 11, 27));
/// assert_eq!(d.to_string(), "2026-11-27");
/// assert!(Day::parse("2026-02-29").is_none());
/// assert!(Day::parse("2026-1-5").is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    /// The year, 1970 to 9999.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, from 1.
    pub day: u8,
}

fn days_in_month(year: u16, month: u8) -> u8 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 31,
    }
}

impl Day {
    /// The day, if it exists (years 1970 to 9999).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Day> {
        ((1970..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month))
        .then_some(Day { year, month, day })
    }

    /// Reads `YYYY-MM-DD` (exactly that many digits), `None` when it is not a real day.
    pub fn parse(text: &str) -> Option<Day> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: core::ops::Range<usize>| -> Option<u16> {
            let part = &text[r];
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        Day::new(
            digits(0..4)?,
            u8::try_from(digits(5..7)?).ok()?,
            u8::try_from(digits(8..10)?).ok()?,
        )
    }

    /// The day as written in links.
    pub fn to_text(self) -> String {
        alloc::format!("{self}")
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        let text = String::deserialize(d)?;
        Day::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(alloc::format!(
                "`{text}` is not a date: write YYYY-MM-DD (e.g. 2026-11-27)"
            ))
        })
    }
}
