//! Timestamps of usage exports, read into UTC seconds since the Unix epoch.
//!
//! Accepted: RFC 3339 (`2025-08-18T00:01:00Z`, `…+02:00`, fractional seconds),
//! `YYYY-MM-DD HH:MM[:SS]` and `YYYY-MM-DD` (no zone: read as UTC), the Azure
//! portal's `8/18/2025, 12:00:38.941 AM` (its columns say `[UTC]`), and Unix
//! seconds (10 digits) or milliseconds (13 digits). Calendar math after
//! H. Hinnant, "chrono-Compatible Low-Level Date Algorithms" (days_from_civil).

/// Whether a timestamp carried its zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    /// `Z` or an offset, or a Unix number: an absolute instant.
    Explicit,
    /// No zone written: read as UTC.
    Naive,
}

/// A parsed timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// UTC seconds since 1970-01-01T00:00:00Z (fractions dropped).
    pub seconds: i64,
    /// Whether the text carried a zone.
    pub zone: Zone,
}

/// Days from 1970-01-01 to the civil date.
///
/// ```
/// use ptcalc_usage::time::days_from_civil;
/// assert_eq!(days_from_civil(1970, 1, 1), 0);
/// assert_eq!(days_from_civil(2025, 8, 18), 20_318);
/// ```
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date (year, month, day) of a day count from 1970-01-01.
///
/// ```
/// use ptcalc_usage::time::civil_from_days;
/// assert_eq!(civil_from_days(20_318), (2025, 8, 18));
/// ```
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `YYYY-MM-DDTHH:MMZ` for a Unix minute (for messages and `describe`).
///
/// ```
/// use ptcalc_usage::time::format_minute;
/// assert_eq!(format_minute(29_257_920), "2025-08-18T00:00Z");
/// ```
pub fn format_minute(unix_minute: i64) -> String {
    let days = unix_minute.div_euclid(1_440);
    let m = unix_minute.rem_euclid(1_440);
    let (y, mo, d) = civil_from_days(days);
    format!("{y:04}-{mo:02}-{d:02}T{:02}:{:02}Z", m / 60, m % 60)
}

/// Minute of the week for a Unix minute, 0 = Monday 00:00 UTC (1970-01-01 was a Thursday).
///
/// ```
/// use ptcalc_usage::time::minute_of_week;
/// assert_eq!(minute_of_week(29_257_920), 0); // Monday 2025-08-18 00:00
/// ```
pub fn minute_of_week(unix_minute: i64) -> usize {
    (unix_minute + 3 * 1_440).rem_euclid(7 * 1_440) as usize
}

/// Reads a timestamp; `None` when the text is none of the accepted forms.
///
/// ```
/// use ptcalc_usage::time::{parse, Zone};
/// let a = parse("2025-08-18T00:01:30Z").unwrap();
/// assert_eq!(a.seconds, 1_755_475_290);
/// assert_eq!(parse("2025-08-18 02:01:30+02:00").unwrap().seconds, a.seconds);
/// assert_eq!(parse("2025-08-18 00:01:30").unwrap().zone, Zone::Naive);
/// assert_eq!(parse("1755475290").unwrap().seconds, a.seconds);
/// assert_eq!(parse("1755475290000").unwrap().seconds, a.seconds);
/// assert_eq!(parse("8/18/2025, 12:01:30.941 AM").unwrap().seconds, a.seconds);
/// assert!(parse("yesterday").is_none());
/// ```
pub fn parse(text: &str) -> Option<Stamp> {
    parse_with(text, &mut DateCache::default())
}

/// The day of the last `YYYY-MM-DD` read: a file's rows share their date for a day's worth
/// of rows, so a date is worked out once per day, not once per row.
#[derive(Clone, Debug, Default)]
pub(crate) struct DateCache {
    date: [u8; 10],
    day: Option<i64>,
}

/// [`parse`], with the last date's day remembered in `dates`.
pub(crate) fn parse_with(text: &str, dates: &mut DateCache) -> Option<Stamp> {
    let t = text.trim_ascii();
    let b = t.as_bytes();
    if b.is_empty() {
        return None;
    }
    if b.iter().all(|c| c.is_ascii_digit() || *c == b'.') {
        return parse_unix(t);
    }
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        return parse_iso(b, dates);
    }
    if b.contains(&b'/') {
        return parse_us(t);
    }
    None
}

fn parse_unix(t: &str) -> Option<Stamp> {
    let value: f64 = t.parse().ok()?;
    let int_digits = t.split('.').next().map_or(0, str::len);
    let seconds = match int_digits {
        9 | 10 => value,
        12 | 13 => value / 1_000.0,
        _ => return None,
    };
    Some(Stamp {
        seconds: seconds.floor() as i64,
        zone: Zone::Explicit,
    })
}

// Inlined: called six times per timestamp with constant widths (a million rows' worth of calls).
#[inline(always)]
fn digits(b: &[u8], from: usize, len: usize) -> Option<u32> {
    let s = b.get(from..from + len)?;
    let mut v = 0u32;
    for c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

fn valid_date(y: i64, m: u32, d: u32) -> bool {
    if !(1..=12).contains(&m) || d == 0 {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let len = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    d <= len
}

/// `b` is at least 10 bytes with `-` at 4 and 7.
fn parse_iso(b: &[u8], dates: &mut DateCache) -> Option<Stamp> {
    let day = match dates.day {
        Some(day) if b[..10] == dates.date => day,
        _ => {
            let y = i64::from(digits(b, 0, 4)?);
            let mo = digits(b, 5, 2)?;
            let d = digits(b, 8, 2)?;
            if !valid_date(y, mo, d) {
                return None;
            }
            let day = days_from_civil(y, mo, d);
            dates.date.copy_from_slice(&b[..10]);
            dates.day = Some(day);
            day
        }
    };
    if b.len() == 10 {
        return Some(Stamp {
            seconds: day * 86_400,
            zone: Zone::Naive,
        });
    }
    if b[10] != b'T' && b[10] != b't' && b[10] != b' ' {
        return None;
    }
    let h = digits(b, 11, 2)?;
    if b.get(13) != Some(&b':') {
        return None;
    }
    let mi = digits(b, 14, 2)?;
    let mut i = 16;
    let mut s = 0;
    if b.get(i) == Some(&b':') {
        s = digits(b, i + 1, 2)?;
        i += 3;
        if b.get(i) == Some(&b'.') || b.get(i) == Some(&b',') {
            i += 1;
            let start = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return None;
            }
        }
    }
    if h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let local = day * 86_400 + i64::from(h * 3_600 + mi * 60 + s.min(59));
    let rest = &b[i..];
    let rest = if rest.first() == Some(&b' ') {
        &rest[1..]
    } else {
        rest
    };
    match rest {
        [] => Some(Stamp {
            seconds: local,
            zone: Zone::Naive,
        }),
        [b'Z'] | [b'z'] => Some(Stamp {
            seconds: local,
            zone: Zone::Explicit,
        }),
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let (oh, om) = match tail.len() {
                5 if tail[2] == b':' => (digits(tail, 0, 2)?, digits(tail, 3, 2)?),
                4 => (digits(tail, 0, 2)?, digits(tail, 2, 2)?),
                2 => (digits(tail, 0, 2)?, 0),
                _ => return None,
            };
            if oh > 23 || om > 59 {
                return None;
            }
            let offset = i64::from(oh * 3_600 + om * 60);
            let seconds = if *sign == b'+' {
                local - offset
            } else {
                local + offset
            };
            Some(Stamp {
                seconds,
                zone: Zone::Explicit,
            })
        }
        _ => None,
    }
}

/// `M/D/YYYY, h:mm[:ss[.fff]] AM|PM` (Azure portal CSV export).
fn parse_us(t: &str) -> Option<Stamp> {
    let (date, time) = match t.split_once(',') {
        Some((d, rest)) => (d.trim(), rest.trim()),
        None => match t.split_once(' ') {
            Some((d, rest)) => (d.trim(), rest.trim()),
            None => (t, ""),
        },
    };
    let mut parts = date.split('/');
    let mo: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    let y: i64 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1_000..=9_999).contains(&y) || !valid_date(y, mo, d) {
        return None;
    }
    let day = days_from_civil(y, mo, d);
    if time.is_empty() {
        return Some(Stamp {
            seconds: day * 86_400,
            zone: Zone::Naive,
        });
    }
    let (clock, meridiem) = match time.rsplit_once(' ') {
        Some((c, m)) => (c.trim(), Some(m.trim().to_ascii_uppercase())),
        None => (time, None),
    };
    let mut f = clock.split(':');
    let mut h: u32 = f.next()?.parse().ok()?;
    let mi: u32 = f.next()?.parse().ok()?;
    let s: u32 = match f.next() {
        Some(sec) => sec.split('.').next()?.parse().ok()?,
        None => 0,
    };
    if f.next().is_some() || mi > 59 || s > 60 {
        return None;
    }
    match meridiem.as_deref() {
        Some("AM") if (1..=12).contains(&h) => h %= 12,
        Some("PM") if (1..=12).contains(&h) => h = h % 12 + 12,
        None if h <= 23 => {}
        _ => return None,
    }
    Some(Stamp {
        seconds: day * 86_400 + i64::from(h * 3_600 + mi * 60 + s.min(59)),
        zone: Zone::Naive,
    })
}

/// An ISO 8601 duration as Azure writes intervals and time grains (`PT1M`,
/// `PT5M`, `PT1H`, `P1D`), in seconds.
///
/// ```
/// use ptcalc_usage::time::parse_duration;
/// assert_eq!(parse_duration("PT1M"), Some(60));
/// assert_eq!(parse_duration("PT1H"), Some(3_600));
/// assert_eq!(parse_duration("P1D"), Some(86_400));
/// assert_eq!(parse_duration("1 minute"), None);
/// ```
pub fn parse_duration(text: &str) -> Option<i64> {
    let t = text.trim().to_ascii_uppercase();
    let rest = t.strip_prefix('P')?;
    let mut total = 0i64;
    let mut in_time = false;
    let mut number = String::new();
    for c in rest.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' => number.push(c),
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                total += n * match (unit, in_time) {
                    ('D', false) => 86_400,
                    ('W', false) => 7 * 86_400,
                    ('H', true) => 3_600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
            }
        }
    }
    (number.is_empty() && total > 0).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_remembered_date_reads_as_a_fresh_one(
            stamps in prop::collection::vec(
                (0u32..3, 1u32..13, prop_oneof![Just(1u32), Just(29), Just(31), 0u32..33], 0u32..25, "|Z|\\+02:00| "),
                1..30,
            ),
        ) {
            let mut dates = DateCache::default();
            for (y, mo, d, h, zone) in stamps {
                let text = format!("{}-{mo:02}-{d:02}T{h:02}:07:09{zone}", 2023 + y);
                prop_assert_eq!(parse_with(&text, &mut dates), parse(&text), "{}", text);
            }
        }
    }

    #[test]
    fn civil_round_trips_over_centuries() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn impossible_dates_and_times_are_refused() {
        for bad in [
            "2025-02-30 00:00",
            "2025-13-01",
            "2025-01-01 24:00",
            "2025-01-01T10:00+25:00",
            "13/1/2025, 1:00 AM",
            "1/1/2025, 13:00 PM",
            "12345",
            "2025-01-01T10",
        ] {
            assert!(parse(bad).is_none(), "{bad} should be refused");
        }
    }

    #[test]
    fn noon_and_midnight_in_twelve_hour_clock() {
        let midnight = parse("1/1/2025, 12:00:00 AM").unwrap().seconds;
        let noon = parse("1/1/2025, 12:00:00 PM").unwrap().seconds;
        assert_eq!(noon - midnight, 12 * 3_600);
        assert_eq!(midnight % 86_400, 0);
    }
}
