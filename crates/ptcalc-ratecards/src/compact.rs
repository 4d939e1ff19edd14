//! The compact form of parsed rate-card files: the very types the JSON is read into
//! (`schema.rs`), written field by field as bytes, so the page builds its catalog without a
//! JSON parser (issue 19). Numbers are their 8 IEEE-754 bytes (figures are bit-exact),
//! lengths and counts LEB128 varints, enums one tag byte, dates and editions as parts or
//! keys. The decoder is hand-written and checked: a truncated or damaged input is refused
//! with a [`DecodeError`], never a panic. Validation and the catalog then take the path a
//! JSON card takes (`catalog.rs`).
use std::collections::BTreeMap;
use std::fmt;

use ptcalc_core::offering::Confidence;
use ptcalc_core::{Term, TokenKind};

use crate::commitments::{CommitmentSpec, FactSpec, ModelChange, Overflow, RefundSpec, Resize};
use crate::date::Date;
use crate::edition::Edition;
use crate::figures::ConflictOn;
use crate::schema::{
    AssumedWeights, Basis, BatchSpec, ByDeployment, Calibration, CapacitySpec, Conflict,
    DateConflict, Dated, DeploymentKey, ExplainedSpec, File, KindValues, LifeDateSpec,
    LifecycleSpec, MultiplierSet, MultipliersSpec, OfferingSpec, OnDemandSpec, Per, PoolSpec,
    PriceSpec, PricesSpec, ReservationKey, SecondOpinionSpec, Source, Valued,
};
use crate::second_opinion::{OpinionFigure, Theirs};

/// The first bytes of every compact form.
const MAGIC: [u8; 4] = *b"ptrc";

/// The version of the layout below; a change of any type it writes is a new version (the
/// committed `data/bundled.bin` is then written again by `cargo xtask cards`).
pub(crate) const FORMAT_VERSION: u8 = 1;

/// What follows the header: the bundled files, or one organization's card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
enum Kind {
    /// `(file name, file)` pairs, in menu order.
    Bundled = b'B',
    /// The card's fingerprint, then the card.
    Organization = b'O',
}

/// Why bytes are not a compact rate card: what is wrong, and at which byte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// The offset of the byte that could not be read.
    pub at: usize,
    /// What is wrong there.
    pub problem: DecodeProblem,
}

/// What is wrong in a compact rate card ([`DecodeError`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeProblem {
    /// The bytes do not start with the compact form's mark.
    NotCompact,
    /// Written by a build with another layout.
    Version {
        /// The version found.
        found: u8,
    },
    /// Bundled cards where an organization's card was expected, or the other way round.
    WrongKind {
        /// The kind byte found.
        found: u8,
    },
    /// The bytes end in the middle of a value.
    Truncated,
    /// A tag that names no variant of the type.
    BadTag {
        /// The type read.
        what: &'static str,
        /// The tag found.
        tag: u8,
    },
    /// A varint longer than 64 bits.
    BadVarint,
    /// A number that does not fit its field, or a length longer than the bytes left.
    TooLarge {
        /// The value found.
        value: u64,
    },
    /// A text that is not UTF-8.
    NotUtf8,
    /// A value its type refuses (a day that does not exist, an unknown edition…).
    BadValue {
        /// The type read.
        what: &'static str,
        /// The value, as far as it could be read.
        value: String,
    },
    /// A figure's history with no value.
    EmptyHistory,
    /// A key twice in a table.
    DuplicateKey {
        /// The key.
        key: String,
    },
    /// Bytes left after the card.
    Trailing {
        /// How many.
        bytes: usize,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.at;
        match &self.problem {
            DecodeProblem::NotCompact => {
                f.write_str("not a compact rate card (it lacks the `ptrc` mark): read the card's JSON instead")
            }
            DecodeProblem::Version { found } => write!(
                f,
                "a compact rate card of format {found}, but this build reads format {FORMAT_VERSION}: read the card's JSON again"
            ),
            DecodeProblem::WrongKind { found } => write!(
                f,
                "a compact rate card of another kind (`{}`): bundled cards and an organization's card are not interchangeable",
                char::from(*found).escape_default()
            ),
            DecodeProblem::Truncated => write!(
                f,
                "the compact rate card is cut short at byte {at}: read the card's JSON again"
            ),
            other => {
                write!(f, "the compact rate card is damaged at byte {at}: ")?;
                match other {
                    DecodeProblem::BadTag { what, tag } => write!(f, "tag {tag} is not a {what}"),
                    DecodeProblem::BadVarint => f.write_str("a number runs past 64 bits"),
                    DecodeProblem::TooLarge { value } => {
                        write!(f, "{value} is larger than its field or the bytes left")
                    }
                    DecodeProblem::NotUtf8 => f.write_str("a text is not UTF-8"),
                    DecodeProblem::BadValue { what, value } => {
                        write!(f, "`{value}` is not a {what}")
                    }
                    DecodeProblem::EmptyHistory => f.write_str("a figure's history has no value"),
                    DecodeProblem::DuplicateKey { key } => write!(f, "the key `{key}` appears twice"),
                    DecodeProblem::Trailing { bytes } => {
                        write!(f, "{bytes} bytes follow the end of the card")
                    }
                    DecodeProblem::NotCompact
                    | DecodeProblem::Version { .. }
                    | DecodeProblem::WrongKind { .. }
                    | DecodeProblem::Truncated => Ok(()),
                }?;
                f.write_str(": read the card's JSON again")
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// A cursor over compact bytes; every read is checked. The first problem met is kept
/// (`error`) and every read after it gives nothing, so decoders are straight-line code that
/// returns a placeholder on a problem (no early return, no partial value to drop), and
/// [`decode_framed`] turns a kept problem into the error.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    error: Option<DecodeError>,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader {
            bytes,
            at: 0,
            error: None,
        }
    }

    /// Keeps the first problem (at byte `at`); nothing is read after it.
    #[cold]
    #[inline(never)]
    fn fail(&mut self, at: usize, problem: DecodeProblem) {
        if self.error.is_none() {
            self.error = Some(DecodeError { at, problem });
        }
        self.at = self.bytes.len();
    }

    fn failed(&self) -> bool {
        self.error.is_some()
    }

    fn left(&self) -> usize {
        self.bytes.len().saturating_sub(self.at)
    }

    /// `n` bytes, or none (a problem kept) when fewer are left.
    fn take(&mut self, n: usize) -> &'a [u8] {
        match self.bytes.get(self.at..).and_then(|rest| rest.get(..n)) {
            Some(out) if !self.failed() => {
                self.at += n;
                out
            }
            _ => {
                self.fail(self.at, DecodeProblem::Truncated);
                &[]
            }
        }
    }

    fn byte(&mut self) -> u8 {
        self.take(1).first().copied().unwrap_or(0)
    }

    fn varint(&mut self) -> u64 {
        let start = self.at;
        let mut value: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte();
            let part = u64::from(b & 0x7f);
            if shift == 63 && part > 1 {
                break;
            }
            value |= part << shift;
            if b & 0x80 == 0 {
                return value;
            }
        }
        self.fail(start, DecodeProblem::BadVarint);
        0
    }

    /// A count of items that take at least one byte each: never more than the bytes left,
    /// so a damaged length cannot ask for a huge allocation.
    fn len(&mut self) -> usize {
        let start = self.at;
        let n = self.varint();
        match usize::try_from(n) {
            Ok(n) if n <= self.left() => n,
            _ => {
                self.fail(start, DecodeProblem::TooLarge { value: n });
                0
            }
        }
    }

    /// A tag that names no variant of `what`, just read.
    fn bad_tag(&mut self, what: &'static str, tag: u8) {
        self.fail(
            self.at.saturating_sub(1),
            DecodeProblem::BadTag { what, tag },
        );
    }
}

/// A type with a compact form: `decode` reads back exactly what `encode` wrote.
pub(crate) trait Compact: Sized {
    /// Appends the compact form.
    fn encode(&self, out: &mut Vec<u8>);
    /// Reads one value. On a problem the reader keeps it and this returns a placeholder,
    /// which [`decode_framed`] never hands out; never panics.
    fn decode(r: &mut Reader<'_>) -> Self;
}

fn put_varint(mut v: u64, out: &mut Vec<u8>) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_str(s: &str, out: &mut Vec<u8>) {
    put_varint(s.len() as u64, out);
    out.extend_from_slice(s.as_bytes());
}

impl Compact for u64 {
    fn encode(&self, out: &mut Vec<u8>) {
        put_varint(*self, out);
    }

    fn decode(r: &mut Reader<'_>) -> Self {
        r.varint()
    }
}

impl Compact for u32 {
    fn encode(&self, out: &mut Vec<u8>) {
        put_varint(u64::from(*self), out);
    }

    fn decode(r: &mut Reader<'_>) -> Self {
        let start = r.at;
        let v = r.varint();
        u32::try_from(v).unwrap_or_else(|_| {
            r.fail(start, DecodeProblem::TooLarge { value: v });
            0
        })
    }
}

impl Compact for f64 {
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }

    fn decode(r: &mut Reader<'_>) -> Self {
        let mut b = [0u8; 8];
        if let Ok(bytes) = <[u8; 8]>::try_from(r.take(8)) {
            b = bytes;
        }
        f64::from_le_bytes(b)
    }
}

impl Compact for bool {
    fn encode(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }

    fn decode(r: &mut Reader<'_>) -> Self {
        match r.byte() {
            0 => false,
            1 => true,
            tag => {
                r.bad_tag("bool", tag);
                false
            }
        }
    }
}

impl Compact for String {
    fn encode(&self, out: &mut Vec<u8>) {
        put_str(self, out);
    }

    fn decode(r: &mut Reader<'_>) -> Self {
        let n = r.len();
        let start = r.at;
        match std::str::from_utf8(r.take(n)) {
            Ok(s) => s.to_string(),
            Err(_) => {
                r.fail(start, DecodeProblem::NotUtf8);
                String::new()
            }
        }
    }
}

impl<T: Compact> Compact for Option<T> {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(v) => {
                out.push(1);
                v.encode(out);
            }
        }
    }

    fn decode(r: &mut Reader<'_>) -> Self {
        match r.byte() {
            0 => None,
            1 => Some(T::decode(r)),
            tag => {
                r.bad_tag("option", tag);
                None
            }
        }
    }
}

impl<T: Compact> Compact for Vec<T> {
    fn encode(&self, out: &mut Vec<u8>) {
        put_varint(self.len() as u64, out);
        for v in self {
            v.encode(out);
        }
    }

    fn decode(r: &mut Reader<'_>) -> Self {
        let n = r.len();
        let mut out = Vec::new();
        for _ in 0..n {
            if r.failed() {
                break;
            }
            out.push(T::decode(r));
        }
        out
    }
}

impl<V: Compact> Compact for BTreeMap<String, V> {
    fn encode(&self, out: &mut Vec<u8>) {
        put_varint(self.len() as u64, out);
        for (k, v) in self {
            k.encode(out);
            v.encode(out);
        }
    }

    fn decode(r: &mut Reader<'_>) -> Self {
        let n = r.len();
        let mut out = BTreeMap::new();
        for _ in 0..n {
            if r.failed() {
                break;
            }
            let start = r.at;
            let k = String::decode(r);
            let v = V::decode(r);
            if out.contains_key(&k) {
                r.fail(start, DecodeProblem::DuplicateKey { key: k });
                break;
            }
            out.insert(k, v);
        }
        out
    }
}

impl<A: Compact, B: Compact> Compact for (A, B) {
    fn encode(&self, out: &mut Vec<u8>) {
        self.0.encode(out);
        self.1.encode(out);
    }

    fn decode(r: &mut Reader<'_>) -> Self {
        let a = A::decode(r);
        (a, B::decode(r))
    }
}

impl Compact for Date {
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.year().to_le_bytes());
        out.extend_from_slice(&[self.month(), self.day()]);
    }

    fn decode(r: &mut Reader<'_>) -> Self {
        let start = r.at;
        let parts = match *r.take(4) {
            [y0, y1, m, d] => Some((u16::from_le_bytes([y0, y1]), m, d)),
            _ => None,
        };
        let day = parts.and_then(|(y, m, d)| Date::new(y, m, d));
        match (parts, day) {
            (_, Some(day)) => day,
            (Some((y, m, d)), None) => {
                let value = format!("{y:04}-{m:02}-{d:02}");
                r.fail(
                    start,
                    DecodeProblem::BadValue {
                        what: "date",
                        value,
                    },
                );
                Date::from_parts(1970, 1, 1)
            }
            (None, None) => Date::from_parts(1970, 1, 1),
        }
    }
}

/// A value written by its text key (an edition, a conflict's field): the key survives a
/// reordering of the table it names. `placeholder` when the key names nothing.
fn decode_keyed<T>(
    r: &mut Reader<'_>,
    what: &'static str,
    find: impl FnOnce(&str) -> Option<T>,
    placeholder: T,
) -> T {
    let start = r.at;
    let key = String::decode(r);
    if r.failed() {
        return placeholder;
    }
    find(&key).unwrap_or_else(|| {
        r.fail(start, DecodeProblem::BadValue { what, value: key });
        placeholder
    })
}

impl Compact for Edition {
    fn encode(&self, out: &mut Vec<u8>) {
        put_str(self.key(), out);
    }

    fn decode(r: &mut Reader<'_>) -> Self {
        decode_keyed(
            r,
            "rate-card edition",
            |k| Edition::parse(k).ok(),
            Edition::first(),
        )
    }
}

impl Compact for ConflictOn {
    fn encode(&self, out: &mut Vec<u8>) {
        put_str(&self.as_str(), out);
    }

    fn decode(r: &mut Reader<'_>) -> Self {
        decode_keyed(
            r,
            "conflict field",
            |k| ConflictOn::all().into_iter().find(|c| c.as_str() == k),
            ConflictOn::Capacity,
        )
    }
}

/// A fieldless enum as one tag byte; the match is exhaustive, so a new variant must be
/// given a tag here before the crate builds. A bad tag decodes as the first variant (a
/// placeholder: the reader keeps the problem).
macro_rules! compact_enum {
    ($ty:ident { $first:ident = $first_tag:literal $(, $variant:ident = $tag:literal)* $(,)? }) => {
        impl Compact for $ty {
            fn encode(&self, out: &mut Vec<u8>) {
                out.push(match self {
                    $ty::$first => $first_tag,
                    $($ty::$variant => $tag,)*
                });
            }

            fn decode(r: &mut Reader<'_>) -> Self {
                match r.byte() {
                    $first_tag => $ty::$first,
                    $($tag => $ty::$variant,)*
                    tag => {
                        r.bad_tag(stringify!($ty), tag);
                        $ty::$first
                    }
                }
            }
        }
    };
}

/// A struct as its fields in order (the list must name every field, or it does not build);
/// `skip` fields are not in the card's JSON either and decode to their default.
macro_rules! compact_struct {
    ($ty:ident $(<$t:ident>)? { $($field:ident),* $(,)? } $(skip { $($skip:ident),* })?) => {
        impl$(<$t: Compact>)? Compact for $ty$(<$t>)? {
            fn encode(&self, out: &mut Vec<u8>) {
                let $ty { $($field,)* $($($skip: _,)*)? } = self;
                $($field.encode(out);)*
            }

            fn decode(r: &mut Reader<'_>) -> Self {
                $ty {
                    $($field: Compact::decode(r),)*
                    $($($skip: Default::default(),)*)?
                }
            }
        }
    };
}

compact_enum!(Term { Hourly = 0, NoCommit = 1, Week1 = 2, Days30 = 3, Month1 = 4, Month3 = 5, Month6 = 6, Year1 = 7 });
compact_enum!(TokenKind { Input = 0, CachedInput = 1, CacheWrite = 2, Output = 3 });
compact_enum!(Confidence {
    Official = 0,
    OfficialViaThirdParty = 1,
    Unofficial = 2,
    Derived = 3,
    Assumption = 4,
    UserEntered = 5,
    Organization = 6,
});
compact_enum!(DeploymentKey { Global = 0, DataZone = 1, Regional = 2 });
compact_enum!(Basis { Hour = 0, Day = 1, Week = 2, Month = 3, Year = 4 });
compact_enum!(Per { Second = 0, Minute = 1 });
compact_enum!(ReservationKey { Model = 0, DeploymentType = 1 });
compact_enum!(Resize { Any = 0, IncreaseOnly = 1, No = 2 });
compact_enum!(ModelChange { Any = 0, SamePublisher = 1, CustomModelsOnly = 2, No = 3 });
compact_enum!(Overflow { PayAsYouGo = 0, Throttled = 1, ThrottledUnlessSpillover = 2 });
compact_enum!(OpinionFigure { Input = 0, CachedInput = 1, Output = 2, Retired = 3 });

impl<T: Compact> Compact for Dated<T> {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Dated::Value(v) => {
                out.push(0);
                v.encode(out);
            }
            Dated::History(list) => {
                out.push(1);
                list.encode(out);
            }
        }
    }

    fn decode(r: &mut Reader<'_>) -> Self {
        match r.byte() {
            1 => {
                let start = r.at;
                let list = Vec::decode(r);
                if list.is_empty() {
                    r.fail(start, DecodeProblem::EmptyHistory);
                }
                Dated::History(list)
            }
            tag => {
                if tag != 0 {
                    r.bad_tag("dated figure", tag);
                }
                Dated::Value(T::decode(r))
            }
        }
    }
}

/// A two-variant enum whose variants each hold one value (the cards' untagged enums).
macro_rules! compact_either {
    ($ty:ident { $a:ident($ta:ty) = 0, $b:ident($tb:ty) = 1 }) => {
        impl Compact for $ty {
            fn encode(&self, out: &mut Vec<u8>) {
                match self {
                    $ty::$a(v) => {
                        out.push(0);
                        v.encode(out);
                    }
                    $ty::$b(v) => {
                        out.push(1);
                        v.encode(out);
                    }
                }
            }

            fn decode(r: &mut Reader<'_>) -> Self {
                match r.byte() {
                    1 => $ty::$b(<$tb>::decode(r)),
                    tag => {
                        if tag != 0 {
                            r.bad_tag(stringify!($ty), tag);
                        }
                        $ty::$a(<$ta>::decode(r))
                    }
                }
            }
        }
    };
}

compact_either!(MultipliersSpec { Set(String) = 0, Inline(ByDeployment<f64>) = 1 });
compact_either!(PricesSpec { Set(String) = 0, List(Vec<PriceSpec>) = 1 });
compact_either!(Theirs { Usd(f64) = 0, Day(String) = 1 });

compact_struct!(File {
    schema_version, vendor, calibration, sources, price_sets, multiplier_sets, offerings,
    notes, commitments,
} skip { organization });
compact_struct!(MultiplierSet {
    multipliers,
    source,
    conflicts
});
compact_struct!(Source {
    url,
    via,
    as_of,
    confidence
});
compact_struct!(Calibration {
    usd_per_unit_month,
    minutes_per_month,
    tolerance,
    source,
    _note
});
compact_struct!(ByDeployment<T> { global, datazone, regional });
compact_struct!(PriceSpec {
    term,
    basis,
    price,
    source,
    conflicts,
    added_in,
    removed_in
});
compact_struct!(Conflict {
    figure,
    field,
    chosen,
    other,
    other_source,
    deployments
});
compact_struct!(OfferingSpec {
    id,
    model,
    model_version,
    name,
    unit,
    deployments,
    terms,
    pools,
    on_demand,
    batch,
    long_context_on_reserved,
    conflicts,
    notes,
    added_in,
    removed_in,
    lifecycle,
    second_opinion,
});
compact_struct!(SecondOpinionSpec { keys, explained });
compact_struct!(ExplainedSpec {
    figure,
    theirs,
    reason,
    source
});
compact_struct!(LifecycleSpec {
    reservation_matches,
    reservation_source,
    generally_available,
    closed_to_new,
    retired,
});
compact_struct!(LifeDateSpec {
    on,
    source,
    deployments,
    successor,
    conflicts,
    note,
    added_in,
    removed_in,
});
compact_struct!(DateConflict { on, source, note });
compact_struct!(PoolSpec {
    name,
    unit,
    capacity,
    min_units,
    increment,
    weights,
    assumed_weights,
    billed,
    prices,
});
compact_struct!(KindValues {
    input,
    cached_input,
    cache_write,
    output
});
compact_struct!(AssumedWeights {
    input,
    cached_input,
    cache_write,
    output
});
compact_struct!(CapacitySpec {
    tokens_per_unit,
    per,
    source
});
compact_struct!(OnDemandSpec {
    usd_per_mtok,
    source,
    deployment_multipliers,
    multiplier_source
});
compact_struct!(BatchSpec {
    multiplier,
    deployments,
    source
});
compact_struct!(Valued<T> { value, effective_from, until, source, added_in, removed_in });
compact_struct!(CommitmentSpec {
    name,
    terms,
    units,
    cancellable,
    refundable,
    exchangeable,
    resizable,
    model_change,
    overflow,
});
compact_struct!(FactSpec<T> { value, source, note });
compact_struct!(RefundSpec {
    value,
    cap_usd_per_12_months,
    source,
    note
});

fn encode_framed(kind: Kind, write: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 * 1024);
    out.extend_from_slice(&MAGIC);
    out.push(FORMAT_VERSION);
    out.push(kind as u8);
    write(&mut out);
    out
}

fn decode_framed<T: Compact>(kind: Kind, bytes: &[u8]) -> Result<T, DecodeError> {
    let header = |at: usize, problem: DecodeProblem| Err(DecodeError { at, problem });
    let Some((mark, rest)) = bytes.split_first_chunk::<4>() else {
        return header(0, DecodeProblem::NotCompact);
    };
    if *mark != MAGIC {
        return header(0, DecodeProblem::NotCompact);
    }
    match *rest {
        [] | [_] => return header(bytes.len(), DecodeProblem::Truncated),
        [found, ..] if found != FORMAT_VERSION => {
            return header(4, DecodeProblem::Version { found })
        }
        [_, found, ..] if found != kind as u8 => {
            return header(5, DecodeProblem::WrongKind { found })
        }
        _ => {}
    }
    let mut r = Reader::new(bytes);
    r.at = 6;
    let value = T::decode(&mut r);
    if r.error.is_none() && r.left() > 0 {
        let bytes = r.left();
        r.fail(r.at, DecodeProblem::Trailing { bytes });
    }
    match r.error {
        Some(e) => Err(e),
        None => Ok(value),
    }
}

/// The compact form of parsed bundled files, `(file name, file)` in menu order (written by
/// `cargo xtask cards` through the staleness test below).
#[cfg(test)]
pub(crate) fn encode_bundled(files: &[(String, File)]) -> Vec<u8> {
    encode_framed(Kind::Bundled, |out| {
        put_varint(files.len() as u64, out);
        for file in files {
            file.encode(out);
        }
    })
}

/// The files [`encode_bundled`] wrote.
pub(crate) fn decode_bundled(bytes: &[u8]) -> Result<Vec<(String, File)>, DecodeError> {
    decode_framed(Kind::Bundled, bytes)
}

/// The compact form of an organization's parsed card, with its fingerprint.
pub(crate) fn encode_organization(fingerprint: &str, file: &File) -> Vec<u8> {
    encode_framed(Kind::Organization, |out| {
        put_str(fingerprint, out);
        file.encode(out);
    })
}

/// The fingerprint and card [`encode_organization`] wrote.
pub(crate) fn decode_organization(bytes: &[u8]) -> Result<(String, File), DecodeError> {
    decode_framed(Kind::Organization, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{parse, Catalog};
    use proptest::prelude::*;

    const ORG: &str = include_str!("../../../tests/data/org-ratecard.json");
    const ORG_BAD: &str = include_str!("../../../tests/data/org-ratecard-bad.json");

    /// The bundled JSON, parsed.
    fn bundled_files() -> Vec<(String, File)> {
        crate::BUNDLED
            .iter()
            .map(|&(name, text)| match parse(name, text) {
                Ok(file) => (name.to_string(), file),
                Err(e) => panic!("{e}"),
            })
            .collect()
    }

    /// Written again with `cargo xtask cards` (which sets `PTCALC_UPDATE_CARDS=1`).
    #[test]
    fn the_committed_bundled_bin_is_the_encoding_of_the_json_cards() {
        let now = encode_bundled(&bundled_files());
        if std::env::var_os("PTCALC_UPDATE_CARDS").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/bundled.bin");
            if let Err(e) = std::fs::write(path, &now) {
                panic!("cannot write {path}: {e}");
            }
            return;
        }
        assert!(
            crate::BUNDLED_COMPACT == now.as_slice(),
            "data/bundled.bin is not the compact form of data/*.json: run `cargo xtask cards`"
        );
    }

    #[test]
    fn the_encoding_is_deterministic() {
        assert_eq!(
            encode_bundled(&bundled_files()),
            encode_bundled(&bundled_files())
        );
    }

    #[test]
    fn every_bundled_file_decodes_to_what_was_encoded() {
        for (name, file) in bundled_files() {
            let files = vec![(name.clone(), file)];
            let bytes = encode_bundled(&files);
            let back = match decode_bundled(&bytes) {
                Ok(back) => back,
                Err(e) => panic!("{name}: {e}"),
            };
            // Debug prints every field, f64s in their shortest exact form; the bytes of the
            // encoding again compare every bit.
            assert_eq!(format!("{back:?}"), format!("{files:?}"), "{name}");
            assert_eq!(encode_bundled(&back), bytes, "{name}");
        }
    }

    /// The catalog's whole state (every parsed file, spec, entry, finding) and a few prices.
    fn same_catalog(a: &Catalog, b: &Catalog) {
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        use ptcalc_core::Deployment;
        for e in a.entries() {
            for d in Deployment::ALL {
                assert_eq!(a.resolve(&e.id, d), b.resolve(&e.id, d), "{} {d:?}", e.id);
            }
        }
        assert_eq!(a.check(), b.check());
    }

    #[test]
    fn the_catalog_from_the_compact_cards_is_the_catalog_from_the_json() {
        let json = match crate::load(&crate::BUNDLED) {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        same_catalog(&json, crate::catalog());
        assert_eq!(crate::catalog_error(), None);
        for link in [
            "v=1&o=azure/gpt-4.1&t=1m&d=datazone",
            "v=1&o=azure/gpt-5.6-sol&at=2026-11-15",
            "v=1&o=openai/o3-scale&t=30d&rc=2026-11-27",
        ] {
            let today = crate::Edition::current().date();
            let a = json.open_link_on(link, today);
            let b = crate::catalog().open_link_on(link, today);
            assert_eq!(a.scenario, b.scenario, "{link}");
            let a = json.evaluate_opened(&a).map(|x| format!("{:?}", x.report));
            let b = crate::catalog()
                .evaluate_opened(&b)
                .map(|x| format!("{:?}", x.report));
            assert!(a.is_ok(), "{link}: {a:?}");
            assert_eq!(a, b, "{link}");
        }
    }

    #[test]
    fn an_organization_card_in_compact_form_gives_the_catalog_its_json_gives() {
        let bundled = crate::catalog();
        let card = match crate::compact_organization("org.json", ORG) {
            Ok(card) => card,
            Err(e) => panic!("{e}"),
        };
        let from_json = bundled.with_organization("org.json", ORG);
        let from_compact = bundled.with_organization_compact("org.json", &card.bytes);
        match (from_json, from_compact) {
            (Ok(a), Ok(b)) => {
                same_catalog(&a, &b);
                assert!(b.has_organization_card(&card.fingerprint));
                let ids: Vec<&str> = b
                    .entries()
                    .iter()
                    .filter(|e| e.organization)
                    .map(|e| e.id.as_str())
                    .collect();
                assert_eq!(ids, card.offerings);
            }
            (a, b) => panic!("{a:?} / {b:?}"),
        }
        assert_eq!(
            crate::CompactCard::from_bytes("org.json", card.bytes.clone()),
            Ok(card)
        );
        // The same refusal, with its line and column, as the JSON path.
        assert_eq!(
            crate::compact_organization("org-bad.json", ORG_BAD).map(|c| c.bytes),
            bundled
                .with_organization("org-bad.json", ORG_BAD)
                .map(|_| Vec::new())
        );
    }

    #[test]
    fn bytes_of_another_kind_version_or_none_are_refused_with_a_sentence() {
        let card = crate::compact_organization("org.json", ORG).map(|c| c.bytes);
        let Ok(card) = card else { panic!("{card:?}") };
        let problem = |bytes: &[u8]| decode_organization(bytes).map(|_| ()).unwrap_err();
        assert_eq!(problem(b"{}").problem, DecodeProblem::NotCompact);
        let mut other = card.clone();
        other[4] = FORMAT_VERSION + 1;
        assert_eq!(
            problem(&other).problem,
            DecodeProblem::Version {
                found: FORMAT_VERSION + 1
            }
        );
        assert!(problem(&other).to_string().contains("JSON again"));
        assert!(matches!(
            problem(crate::BUNDLED_COMPACT).problem,
            DecodeProblem::WrongKind { .. }
        ));
        let mut longer = card.clone();
        longer.push(0);
        assert_eq!(
            problem(&longer).problem,
            DecodeProblem::Trailing { bytes: 1 }
        );
        let e = crate::catalog()
            .with_organization_compact("org.json", &card[..card.len() - 1])
            .map(|_| ())
            .unwrap_err();
        assert!(e.to_string().starts_with("org.json: "), "{e}");
        assert!(e.to_string().contains("cut short"), "{e}");
    }

    #[test]
    fn a_varint_past_64_bits_or_a_length_past_the_end_is_refused() {
        let problem = |r: Reader<'_>| r.error.map(|e| e.problem);
        let mut r = Reader::new(&[0xff; 11]);
        assert_eq!(r.varint(), 0);
        assert_eq!(problem(r), Some(DecodeProblem::BadVarint));
        let mut r = Reader::new(&[0x05, b'a']);
        assert_eq!(String::decode(&mut r), "");
        assert_eq!(problem(r), Some(DecodeProblem::TooLarge { value: 5 }));
        for v in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            let mut out = Vec::new();
            v.encode(&mut out);
            let mut r = Reader::new(&out);
            assert_eq!(u64::decode(&mut r), v);
            assert_eq!((r.left(), problem(r)), (0, None));
        }
    }

    fn org_bytes() -> Vec<u8> {
        match crate::compact_organization("org.json", ORG) {
            Ok(card) => card.bytes,
            Err(e) => panic!("{e}"),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// A cut anywhere is refused (never a panic, never a shorter card).
        #[test]
        fn a_truncated_card_is_refused(cut in 0.0f64..1.0) {
            let bundled = crate::BUNDLED_COMPACT;
            let at = (bundled.len() as f64 * cut) as usize;
            prop_assert!(decode_bundled(&bundled[..at]).is_err());
            let org = org_bytes();
            let at = (org.len() as f64 * cut) as usize;
            let e = crate::catalog().with_organization_compact("org.json", &org[..at]);
            prop_assert!(e.is_err());
        }

        /// Flipped bytes decode to another card that then validates or not, or are refused:
        /// never a panic.
        #[test]
        fn damaged_bytes_never_panic(
            flips in proptest::collection::vec((0.0f64..1.0, 1u8..=255), 1..8)
        ) {
            let mut org = org_bytes();
            let mut bundled = crate::BUNDLED_COMPACT.to_vec();
            for (at, x) in flips {
                let i = (org.len() as f64 * at) as usize;
                if let Some(b) = org.get_mut(i) {
                    *b ^= x;
                }
                let i = (bundled.len() as f64 * at) as usize;
                if let Some(b) = bundled.get_mut(i) {
                    *b ^= x;
                }
            }
            if let Err(e) = crate::catalog().with_organization_compact("org.json", &org) {
                prop_assert!(e.to_string().starts_with("org.json: "), "{}", e);
            }
            if let Err(e) = decode_bundled(&bundled) {
                prop_assert!(!e.to_string().is_empty());
            }
        }
    }
}
