//! An organization's own rate card (negotiated prices, private offers): loaded with
//! [`Catalog::with_organization`](crate::Catalog::with_organization), and known in links by
//! a short fingerprint of its content, so a link can say which card it was made with
//! without carrying the card. [`compact_organization`] reads the card's JSON once into its
//! compact form, which a page keeps and loads without a JSON parser
//! ([`Catalog::with_organization_compact`](crate::Catalog::with_organization_compact)).
use crate::catalog::{parse, Catalog};
use crate::error::LoadError;

/// An organization's card read and checked against the bundled catalog, in its compact
/// form: what a page keeps instead of the JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompactCard {
    /// The card in compact form (with its fingerprint), for
    /// [`Catalog::with_organization_compact`].
    pub bytes: Vec<u8>,
    /// [`card_fingerprint`] of the card's JSON.
    pub fingerprint: String,
    /// The ids of its offerings in the current edition, in file order.
    pub offerings: Vec<String>,
}

/// Reads an organization's card as [`Catalog::with_organization`] does on the bundled
/// catalog (the same errors, with line and column) and returns its compact form, its
/// fingerprint and its offerings.
///
/// # Errors
/// The card does not parse, validate or load on top of the bundled catalog.
///
/// ```
/// let json = r#"{"schema_version": 1, "sources": {}, "offerings": []}"#;
/// let card = ptcalc_ratecards::compact_organization("org.json", json).unwrap();
/// assert_eq!(Some(card.fingerprint), ptcalc_ratecards::card_fingerprint(json));
/// let err = ptcalc_ratecards::compact_organization("org.json", "{").unwrap_err();
/// assert!(err.to_string().starts_with("org.json:1:"));
/// ```
pub fn compact_organization(name: &str, text: &str) -> Result<CompactCard, LoadError> {
    let file = parse(name, text)?;
    let fingerprint = card_fingerprint(text).unwrap_or_default();
    let bytes = crate::compact::encode_organization(&fingerprint, &file);
    let with = crate::catalog().with_organization_file(name, file, Some(fingerprint.clone()))?;
    Ok(CompactCard {
        bytes,
        fingerprint,
        offerings: organization_offerings(&with),
    })
}

/// An organization's card's JSON read into its compact form, not yet checked against the
/// bundled catalog: what a reader without the catalog (the page's tools worker) hands on.
/// [`CompactCard::from_bytes`] (or [`Catalog::with_organization_compact`]) checks it, with
/// the errors [`compact_organization`] gives; the JSON's own errors (line and column) are
/// this function's, as [`compact_organization`]'s.
///
/// # Errors
/// The card's JSON does not parse into a card.
///
/// ```
/// use ptcalc_ratecards::{compact_organization, organization_bytes, CompactCard};
/// let json = r#"{"schema_version": 1, "sources": {}, "offerings": []}"#;
/// let bytes = organization_bytes("org.json", json).unwrap();
/// assert_eq!(CompactCard::from_bytes("org.json", bytes), compact_organization("org.json", json));
/// assert!(organization_bytes("org.json", "{").unwrap_err().to_string().starts_with("org.json:1:"));
/// ```
pub fn organization_bytes(name: &str, text: &str) -> Result<Vec<u8>, LoadError> {
    let file = parse(name, text)?;
    let fingerprint = card_fingerprint(text).unwrap_or_default();
    Ok(crate::compact::encode_organization(&fingerprint, &file))
}

impl CompactCard {
    /// The card from its compact bytes (as kept by a page), checked against the bundled
    /// catalog as [`compact_organization`] checks the JSON; no JSON is read.
    ///
    /// # Errors
    /// The bytes are damaged or from another format version, or the card does not load.
    ///
    /// ```
    /// use ptcalc_ratecards::{compact_organization, CompactCard};
    /// let json = r#"{"schema_version": 1, "sources": {}, "offerings": []}"#;
    /// let card = compact_organization("org.json", json).unwrap();
    /// assert_eq!(CompactCard::from_bytes("org.json", card.bytes.clone()), Ok(card));
    /// ```
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<CompactCard, LoadError> {
        let (fingerprint, file) =
            crate::compact::decode_organization(&bytes).map_err(|error| LoadError::Compact {
                file: name.into(),
                error,
            })?;
        let with =
            crate::catalog().with_organization_file(name, file, Some(fingerprint.clone()))?;
        Ok(CompactCard {
            bytes,
            fingerprint,
            offerings: organization_offerings(&with),
        })
    }
}

/// The organization's offerings of a catalog's current edition.
fn organization_offerings(catalog: &Catalog) -> Vec<String> {
    catalog
        .entries()
        .iter()
        .filter(|e| e.organization)
        .map(|e| e.id.clone())
        .collect()
}

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
