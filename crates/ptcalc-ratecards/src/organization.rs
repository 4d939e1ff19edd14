//! An organization's own rate card (negotiated prices, private offers): loaded with
//! [`Catalog::with_organization`](crate::Catalog::with_organization), and known in links by
//! a short fingerprint of its content, so a link can say which card it was made with
//! without carrying the card.

/// A short, stable fingerprint of a rate card's content: 12 hex digits of the 64-bit
/// FNV-1a hash of the card's canonical JSON (keys sorted, no whitespace), so reformatting
/// the file does not change it. `None` if the text is not JSON.
///
/// ```
/// use ptcalc_ratecards::card_fingerprint;
/// let a = card_fingerprint(r#"{"b": 1, "a": [1, 2]}"#).unwrap();
/// let b = card_fingerprint("{\n  \"a\": [1, 2],\n  \"b\": 1\n}").unwrap();
/// assert_eq!(a, b);
/// assert_eq!(a.len(), 12);
/// assert_ne!(a, card_fingerprint(r#"{"a": [1, 2], "b": 2}"#).unwrap());
/// assert_eq!(card_fingerprint("not json"), None);
/// ```
pub fn card_fingerprint(text: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let mut canonical = String::new();
    write_canonical(&value, &mut canonical);
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in canonical.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    Some(format!("{hash:016x}")[..12].to_string())
}

/// Minified JSON with object keys sorted, whatever map order serde_json was built with.
fn write_canonical(v: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                if let Some(x) = map.get(k) {
                    write_canonical(x, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(x, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}
