//! Numbers as people read and write them: `250k`, `1.5M`, `$48,037`, `$48.0k`, `12.5%`.
//! Parsing accepts plain decimals and k/M/B/T suffixes; formatting for links picks the
//! shortest spelling that parses back to exactly the same value.
use alloc::format;
use alloc::string::{String, ToString};

/// Every suffix a number may carry.
const SUFFIXES: [(char, f64); 4] = [('k', 1e3), ('M', 1e6), ('B', 1e9), ('T', 1e12)];

/// The suffixes links are written with. `T` is read but not written, so the canonical
/// links written before it was accepted (`in=1000B`) stay byte-identical.
const LINK_SUFFIXES: [(char, f64); 3] = [('k', 1e3), ('M', 1e6), ('B', 1e9)];

/// Parses a plain decimal with an optional `k`, `M`, `B` or `T` suffix. Rejects NaN,
/// infinities, empty strings and anything else.
///
/// ```
/// use ptcalc_core::numfmt::parse_number;
/// assert_eq!(parse_number("250k"), Some(250_000.0));
/// assert_eq!(parse_number("1.5M"), Some(1_500_000.0));
/// assert_eq!(parse_number("1T"), Some(1e12));
/// assert_eq!(parse_number("0.2"), Some(0.2));
/// assert_eq!(parse_number("NaN"), None);
/// assert_eq!(parse_number("1e308"), Some(1e308));
/// assert_eq!(parse_number("abc"), None);
/// ```
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() || text.len() > 40 {
        return None;
    }
    let (digits, factor) = match text.chars().last() {
        Some(c) => match SUFFIXES
            .iter()
            .find(|(s, _)| *s == c || (c == 'K' && *s == 'k'))
        {
            Some((_, f)) => (&text[..text.len() - 1], *f),
            None => (text, 1.0),
        },
        None => return None,
    };
    // Only digits, one dot, an optional leading sign and an exponent: no "inf", "nan".
    if !digits
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
        || !digits.chars().any(|c| c.is_ascii_digit())
    {
        return None;
    }
    let value: f64 = digits.parse().ok()?;
    let value = value * factor;
    value.is_finite().then_some(value)
}

/// The shortest link spelling of `value` that parses back to exactly `value`.
///
/// ```
/// use ptcalc_core::numfmt::{format_number, parse_number};
/// assert_eq!(format_number(250_000.0), "250k");
/// assert_eq!(format_number(1_500_000.0), "1.5M");
/// assert_eq!(format_number(0.2), "0.2");
/// assert_eq!(format_number(3.0), "3");
/// for v in [0.1, 123_456.789, 2.5e9, 7.0e-5] {
///     assert_eq!(parse_number(&format_number(v)), Some(v));
/// }
/// ```
pub fn format_number(value: f64) -> String {
    shortest(value, &LINK_SUFFIXES)
}

/// The shortest spelling of `value` with any suffix (`1T`, `10M`), parsing back to exactly
/// `value`: how messages and the README spell a limit, so a limit can be typed as read.
///
/// ```
/// use ptcalc_core::numfmt::{parse_number, spell_number};
/// assert_eq!(spell_number(1e12), "1T");
/// assert_eq!(spell_number(10_000.0), "10k");
/// assert_eq!(spell_number(-50.0), "-50");
/// assert_eq!(parse_number(&spell_number(1e12)), Some(1e12));
/// ```
pub fn spell_number(value: f64) -> String {
    shortest(value, &SUFFIXES)
}

fn shortest(value: f64, suffixes: &[(char, f64)]) -> String {
    let mut best = value.to_string();
    for &(suffix, factor) in suffixes {
        let mantissa = value / factor;
        if mantissa.abs() < 1.0 {
            continue;
        }
        let candidate = format!("{mantissa}{suffix}");
        if candidate.len() < best.len() && parse_number(&candidate) == Some(value) {
            best = candidate;
        }
    }
    best
}

/// Whole dollars with thousands separators: `$48,037`. Negative values get a minus sign.
///
/// ```
/// use ptcalc_core::numfmt::usd;
/// assert_eq!(usd(48_037.4), "$48,037");
/// assert_eq!(usd(-1_500.0), "-$1,500");
/// assert_eq!(usd(12.3456), "$12.35");
/// ```
pub fn usd(value: f64) -> String {
    if !value.is_finite() {
        return String::from("–");
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let v = value.abs();
    if v < 100.0 {
        return format!("{sign}${v:.2}");
    }
    format!("{sign}${}", group_thousands(libm::round(v) as u64))
}

/// Compact dollars for axes and tight spaces: `$48.0k`, `$1.2M`, `$950`.
///
/// ```
/// use ptcalc_core::numfmt::usd_compact;
/// assert_eq!(usd_compact(48_037.0), "$48.0k");
/// assert_eq!(usd_compact(1_234_567.0), "$1.2M");
/// assert_eq!(usd_compact(950.0), "$950");
/// ```
pub fn usd_compact(value: f64) -> String {
    let sign = if value < 0.0 { "-" } else { "" };
    format!("{sign}${}", compact(value.abs()))
}

/// Compact counts: `1.2B`, `450k`, `12`.
///
/// ```
/// use ptcalc_core::numfmt::compact;
/// assert_eq!(compact(1_234_000_000.0), "1.2B");
/// assert_eq!(compact(450_000.0), "450k");
/// assert_eq!(compact(2_500.0), "2.5k");
/// assert_eq!(compact(12.0), "12");
/// assert_eq!(compact(999_950.0), "1.0M");
/// assert_eq!(compact(99_960.0), "100k");
/// assert_eq!(compact(1.5e12), "1.5T");
/// ```
pub fn compact(value: f64) -> String {
    if !value.is_finite() {
        return String::from("–");
    }
    let v = value.abs();
    let sign = if value < 0.0 { "-" } else { "" };
    const UNITS: [(f64, &str); 5] = [(1.0, ""), (1e3, "k"), (1e6, "M"), (1e9, "B"), (1e12, "T")];
    let mut i = UNITS.iter().rposition(|(f, _)| v >= *f).unwrap_or(0);
    loop {
        let (factor, suffix) = UNITS[i];
        let (text, shown) = mantissa(v / factor, suffix.is_empty());
        // 999,950 rounds to "1000k": say "1.0M" instead.
        if shown >= 1000.0 && i + 1 < UNITS.len() {
            i += 1;
            continue;
        }
        return format!("{sign}{text}{suffix}");
    }
}

/// A mantissa as `compact` shows it, and the value that text reads as.
fn mantissa(m: f64, plain: bool) -> (String, f64) {
    let whole = if plain {
        m >= 10.0 || m == libm::round(m)
    } else {
        m >= 100.0
    };
    let text = match (whole, plain) {
        (true, _) => format!("{}", libm::round(m) as u64),
        (false, true) => format!("{m:.2}"),
        (false, false) => format!("{m:.1}"),
    };
    let shown: f64 = text.parse().unwrap_or(m);
    // 99.96k with one decimal reads "100.0k": above 100 no decimals are shown.
    if !whole && shown >= if plain { 10.0 } else { 100.0 } {
        return (format!("{}", libm::round(m) as u64), libm::round(m));
    }
    (text, shown)
}

/// A share as a percentage with at most one decimal: `12.5%`, `100%`.
///
/// ```
/// use ptcalc_core::numfmt::percent;
/// assert_eq!(percent(0.125), "12.5%");
/// assert_eq!(percent(1.0), "100%");
/// assert_eq!(percent(-0.0001), "0%");
/// assert_eq!(percent(-0.02), "-2%");
/// ```
pub fn percent(share: f64) -> String {
    if !share.is_finite() {
        return String::from("–");
    }
    let s = format!("{:.1}", share * 100.0);
    let s = s.strip_suffix(".0").map(String::from).unwrap_or(s);
    // -0.04% rounds to "-0": nothing is negative about it.
    let s = if s == "-0" { String::from("0") } else { s };
    format!("{s}%")
}

/// A count with thousands separators: `742,034,205`.
///
/// ```
/// use ptcalc_core::numfmt::count;
/// assert_eq!(count(0), "0");
/// assert_eq!(count(1_000), "1,000");
/// assert_eq!(count(742_034_205), "742,034,205");
/// ```
pub fn count(n: u64) -> String {
    group_thousands(n)
}

fn group_thousands(mut n: u64) -> String {
    if n == 0 {
        return String::from("0");
    }
    let mut groups = alloc::vec::Vec::new();
    while n > 0 {
        groups.push(n % 1000);
        n /= 1000;
    }
    let mut out = String::new();
    for (i, g) in groups.iter().rev().enumerate() {
        if i == 0 {
            out.push_str(&g.to_string());
        } else {
            out.push_str(&format!(",{g:03}"));
        }
    }
    out
}

/// Simple arithmetic over numbers as [`parse_number`] reads them: `3M*1.3`, `2M + 500k`,
/// `1.5M/60`. `*` and `/` bind before `+` and `-`; no parentheses. `None` for anything
/// else, a division by zero or a result that is not finite. A plain number parses as itself.
///
/// ```
/// use ptcalc_core::numfmt::parse_expression;
/// assert_eq!(parse_expression("3M*1.3"), Some(3_900_000.0));
/// assert_eq!(parse_expression("2M + 500k"), Some(2_500_000.0));
/// assert_eq!(parse_expression("1.2M/60"), Some(20_000.0));
/// assert_eq!(parse_expression("1 + 2 * 3"), Some(7.0));
/// assert_eq!(parse_expression("-5"), Some(-5.0));
/// assert_eq!(parse_expression("250k"), Some(250_000.0));
/// assert_eq!(parse_expression("1/0"), None);
/// assert_eq!(parse_expression("3M*"), None);
/// assert_eq!(parse_expression("12abc"), None);
/// ```
pub fn parse_expression(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() || text.len() > 80 {
        return None;
    }
    if let Some(v) = parse_number(text) {
        return Some(v);
    }
    // Split into terms at + and - that follow an operand (not a sign or an exponent's sign).
    let mut sum = 0.0;
    let mut sign = 1.0;
    let mut start = 0;
    let bytes = text.as_bytes();
    for i in 0..=bytes.len() {
        let at_end = i == bytes.len();
        let split = !at_end
            && matches!(bytes[i], b'+' | b'-')
            && i > start
            && !text[start..i].trim().is_empty()
            && !matches!(bytes[i - 1], b'e' | b'E' | b'*' | b'/');
        if at_end || split {
            sum += sign * product(&text[start..i])?;
            if !at_end {
                sign = if bytes[i] == b'-' { -1.0 } else { 1.0 };
                start = i + 1;
            }
        }
    }
    sum.is_finite().then_some(sum)
}

/// `a*b/c` over numbers.
fn product(text: &str) -> Option<f64> {
    let mut value: Option<f64> = None;
    let mut op = b'*';
    let mut start = 0;
    let bytes = text.as_bytes();
    for i in 0..=bytes.len() {
        if i == bytes.len() || matches!(bytes[i], b'*' | b'/') {
            let n = parse_number(&text[start..i])?;
            value = Some(match (value, op) {
                (None, _) => n,
                (Some(_), b'/') if n == 0.0 => return None,
                (Some(v), b'/') => v / n,
                (Some(v), _) => v * n,
            });
            if i < bytes.len() {
                op = bytes[i];
                start = i + 1;
            }
        }
    }
    value.filter(|v| v.is_finite())
}

/// A share typed as people type them, as a fraction: `60`, `60%` and `0.6` all mean 60%.
/// With a `%` sign, or at 1 and above, the number is a percentage; below 1 without a `%`
/// it is a fraction (so `0.5` is 50%, and `0.5%` is half a percent). Arithmetic is allowed.
///
/// ```
/// use ptcalc_core::numfmt::parse_share;
/// assert_eq!(parse_share("60"), Some(0.6));
/// assert_eq!(parse_share("60%"), Some(0.6));
/// assert_eq!(parse_share("0.6"), Some(0.6));
/// assert_eq!(parse_share("0.5%"), Some(0.005));
/// assert_eq!(parse_share("100"), Some(1.0));
/// assert_eq!(parse_share("0"), Some(0.0));
/// assert_eq!(parse_share("abc"), None);
/// ```
pub fn parse_share(text: &str) -> Option<f64> {
    let text = text.trim();
    let (number, percent_sign) = match text.strip_suffix('%') {
        Some(n) => (n, true),
        None => (text, false),
    };
    let v = parse_expression(number)?;
    Some(if percent_sign || v >= 1.0 {
        v / 100.0
    } else {
        v
    })
}

/// A share as the number a percentage field shows (`60`, `12.5`, `0.3`): the fraction × 100
/// in its shortest exact spelling.
///
/// ```
/// use ptcalc_core::numfmt::share_as_percent;
/// assert_eq!(share_as_percent(0.6), "60");
/// assert_eq!(share_as_percent(0.125), "12.5");
/// assert_eq!(share_as_percent(0.003), "0.3");
/// ```
pub fn share_as_percent(share: f64) -> String {
    // Rounded to 10 significant digits so 0.07 × 100 reads 7, not 7.000000000000001.
    let p = share * 100.0;
    let rounded = libm::round(p * 1e9) / 1e9;
    format_number(rounded)
}

/// `value` rounded to `digits` significant digits, in the link's spelling: a number derived
/// by the model (a peak-to-average from a quiet share, a share from a measured load) read by
/// a person, the exact value kept underneath.
///
/// ```
/// use ptcalc_core::numfmt::significant;
/// assert_eq!(significant(4.124293785310734, 3), "4.12");
/// assert_eq!(significant(50.497287523, 3), "50.5");
/// assert_eq!(significant(1_999_999.9999999998, 6), "2M");
/// assert_eq!(significant(0.0, 3), "0");
/// ```
pub fn significant(value: f64, digits: i32) -> String {
    if value == 0.0 || !value.is_finite() {
        return format_number(value);
    }
    let exponent = libm::floor(libm::log10(libm::fabs(value))) as i32;
    let scale = libm::pow(10.0, f64::from(digits - 1 - exponent));
    format_number(libm::round(value * scale) / scale)
}

/// Whether a number's link spelling carries more significant digits than a person types
/// (`4.124293785310734`): a derived value, shown rounded for reading.
///
/// ```
/// use ptcalc_core::numfmt::is_derived_spelling;
/// assert!(is_derived_spelling("4.124293785310734"));
/// assert!(!is_derived_spelling("4.125") && !is_derived_spelling("2.5M") && !is_derived_spelling("1000000"));
/// ```
pub fn is_derived_spelling(text: &str) -> bool {
    let digits: alloc::string::String = text.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').trim_end_matches('0').len() > 7
}

/// A number for a form field: as spelled in the link when a person could have typed it,
/// else ([`is_derived_spelling`]) to four significant digits.
///
/// ```
/// use ptcalc_core::numfmt::number_for_field;
/// assert_eq!(number_for_field(4.124293785310734), "4.124");
/// assert_eq!(number_for_field(2.5), "2.5");
/// ```
pub fn number_for_field(value: f64) -> String {
    let spelled = format_number(value);
    if is_derived_spelling(&spelled) {
        significant(value, 4)
    } else {
        spelled
    }
}

/// A share for a percentage field, as [`number_for_field`] of the percentage.
///
/// ```
/// use ptcalc_core::numfmt::share_for_field;
/// assert_eq!(share_for_field(0.50497287523), "50.5");
/// assert_eq!(share_for_field(0.05), "5");
/// ```
pub fn share_for_field(share: f64) -> String {
    let percent = share_as_percent(share);
    if is_derived_spelling(&percent) {
        significant(share * 100.0, 4)
    } else {
        percent
    }
}
