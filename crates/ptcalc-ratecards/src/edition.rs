//! Editions of the bundled cards: each release of the data has a short key, so a link can
//! record the figures it was made with. Values in the data carry `added_in` / `removed_in`
//! edition keys, so any edition can be resolved again and compared with another.
use std::fmt;

use crate::date::Date;

/// One release of the bundled rate cards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EditionInfo {
    /// The key written in links (`rc=`) and in the data's `added_in` / `removed_in`.
    pub key: &'static str,
    /// The day the edition's figures were last checked; the default evaluation date of
    /// the edition.
    pub date: Date,
    /// What the edition changed, for people.
    pub summary: &'static str,
}

const fn date(year: u16, month: u8, day: u8) -> Date {
    Date::from_parts(year, month, day)
}

/// Every edition, oldest first. The last one is the current edition.
const EDITIONS: [EditionInfo; 4] = [
    EditionInfo {
        key: "2026-11-22",
        date: date(2026, 11, 22),
        summary: "first bundled cards: Azure PTU, Vertex GSU, Bedrock model units and Reserved tier, OpenAI Scale Tier",
    },
    EditionInfo {
        key: "2026-11-27",
        date: date(2026, 11, 27),
        summary: "corrections of the 2026-11-27 audit: dated prices (gpt-5.6-sol promotion), o3 Scale Tier capacity, Bedrock Reserved-tier models, new offerings",
    },
    EditionInfo {
        key: "2026-12-06",
        date: date(2026, 12, 6),
        summary: "the 2026-12-05 re-audit: model lifecycles (retired, closed to new customers, retiring), the gemini-3.6/3.7-flash price rise of 2027-01-01 as dated values, both o3 Scale Tier capacities with their dates",
    },
    EditionInfo {
        key: "2026-12-06b",
        date: date(2026, 12, 6),
        summary: "offerings buyers can buy today: OpenAI Reserved Tier, xAI provisioned throughput, Vertex Gemini 3.8 Flash and Gemini 4 (dated prices), the re-audit's remaining items",
    },
];

/// An edition of the bundled cards, ordered oldest first.
///
/// ```
/// use ptcalc_ratecards::Edition;
/// let first = Edition::parse("2026-11-22").unwrap();
/// assert!(first < Edition::current());
/// assert_eq!(Edition::current().key(), Edition::all().last().unwrap().key);
/// assert!(Edition::parse("2020-01-01").unwrap_err().to_string().contains("2026-11-27"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edition(usize);

/// An edition key that names no edition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditionError {
    /// The key given.
    pub key: String,
}

impl fmt::Display for EditionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys: Vec<&str> = EDITIONS.iter().map(|e| e.key).collect();
        write!(
            f,
            "`{}` is not a rate-card edition: use one of {}",
            self.key,
            keys.join(", ")
        )
    }
}

impl std::error::Error for EditionError {}

impl Edition {
    /// The edition the bundled data is at now.
    pub fn current() -> Edition {
        Edition(EDITIONS.len() - 1)
    }

    /// The first edition: the figures of links made before editions were recorded.
    pub fn first() -> Edition {
        Edition(0)
    }

    /// Every edition, oldest first.
    pub fn all() -> &'static [EditionInfo] {
        &EDITIONS
    }

    /// The edition with this key.
    pub fn parse(key: &str) -> Result<Edition, EditionError> {
        EDITIONS
            .iter()
            .position(|e| e.key == key)
            .map(Edition)
            .ok_or_else(|| EditionError { key: key.into() })
    }

    /// The edition's description.
    pub fn info(self) -> &'static EditionInfo {
        &EDITIONS[self.0.min(EDITIONS.len() - 1)]
    }

    /// The key, e.g. `2026-11-27`.
    pub fn key(self) -> &'static str {
        self.info().key
    }

    /// The day the edition's figures were checked.
    pub fn date(self) -> Date {
        self.info().date
    }
}

/// The point a figure is read at: the date its value must be in force, and the edition of
/// the cards whose values count. [`AsOf::current`] is the current edition at its own date.
///
/// ```
/// use ptcalc_ratecards::{AsOf, Edition};
/// let now = AsOf::current();
/// assert_eq!((now.edition, now.date), (Edition::current(), Edition::current().date()));
/// let later = AsOf::at("2027-01-15".parse().unwrap());
/// assert_eq!(later.edition, Edition::current());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AsOf {
    /// The day whose prices apply.
    pub date: Date,
    /// The edition whose values count.
    pub edition: Edition,
}

impl AsOf {
    /// The current edition, at its own date (the bundled cards' default).
    pub fn current() -> AsOf {
        AsOf::edition(Edition::current())
    }

    /// The current edition at `date`.
    pub fn at(date: Date) -> AsOf {
        AsOf {
            date,
            edition: Edition::current(),
        }
    }

    /// `edition` at its own date.
    pub fn edition(edition: Edition) -> AsOf {
        AsOf {
            date: edition.date(),
            edition,
        }
    }
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl<'de> serde::Deserialize<'de> for Edition {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Edition, D::Error> {
        let key = String::deserialize(d)?;
        Edition::parse(&key).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editions_are_listed_oldest_first_with_keys_naming_their_days() {
        for pair in EDITIONS.windows(2) {
            assert!(pair[0].date <= pair[1].date, "{pair:?}");
            assert_ne!(pair[0].key, pair[1].key, "{pair:?}");
        }
        for e in EDITIONS {
            // The day, then a letter for a second edition released on the same day.
            let day = e.date.to_string();
            let suffix = e.key.strip_prefix(day.as_str());
            assert!(
                suffix
                    .is_some_and(|s| s.is_empty()
                        || (s.len() == 1 && s.bytes().all(|b| b.is_ascii_lowercase()))),
                "{e:?}"
            );
        }
        let same_day = EDITIONS.windows(2).filter(|p| p[0].date == p[1].date);
        for pair in same_day {
            assert!(pair[0].key < pair[1].key, "{pair:?}");
        }
    }
}
