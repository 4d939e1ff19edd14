//! What can go wrong loading a rate card or looking an offering up: one variant per
//! failure, each displayed as a sentence that names the file and the figure.
use std::fmt;

use ptcalc_core::Deployment;

/// A rate-card file that cannot be used. The catalog is all or nothing: one bad
/// figure rejects the load, so a page never shows a half-checked card.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadError {
    /// The text is not JSON, or does not have the rate-card shape.
    Json {
        /// The file's name.
        file: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// The field, e.g. `offerings[2].pools[0].min_units.global` (empty at the top).
        path: String,
        /// serde's description.
        message: String,
    },
    /// A `schema_version` this crate does not read.
    SchemaVersion {
        /// The file's name.
        file: String,
        /// The version found.
        found: u32,
    },
    /// A `vendor` this crate does not know.
    UnknownVendor {
        /// The file's name.
        file: String,
        /// The vendor found.
        vendor: String,
    },
    /// An offering id that is not `<vendor>/<model>` in `[a-z0-9.-]`.
    BadId {
        /// The file's name.
        file: String,
        /// The id found.
        id: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The same offering id twice (in one file or across files).
    DuplicateId {
        /// The file with the second occurrence.
        file: String,
        /// The id.
        id: String,
    },
    /// A number that is not finite or outside its allowed range.
    BadNumber {
        /// The file's name.
        file: String,
        /// Where: an offering id, a source key or a price set.
        at: String,
        /// The field, e.g. `pools[0].capacity.tokens_per_unit`.
        field: String,
        /// The value found.
        value: f64,
        /// What is allowed, e.g. "positive and finite".
        allowed: &'static str,
    },
    /// A unit count (minimum or increment) below 1.
    BadCount {
        /// The file's name.
        file: String,
        /// The offering id.
        at: String,
        /// The field, e.g. `pools[0].min_units.global`.
        field: String,
        /// The value found.
        value: u64,
    },
    /// A figure names a source key that the file's `sources` table lacks.
    UnknownSource {
        /// The file's name.
        file: String,
        /// Where the reference is.
        at: String,
        /// The missing key.
        key: String,
    },
    /// A pool names a price set that the file's `price_sets` table lacks.
    UnknownPriceSet {
        /// The file's name.
        file: String,
        /// The offering id.
        at: String,
        /// The missing key.
        key: String,
    },
    /// Bytes that are not the compact form of a card (damaged, cut short, or written by
    /// another version).
    Compact {
        /// The card's name.
        file: String,
        /// What is wrong, and at which byte.
        error: crate::compact::DecodeError,
    },
    /// Any other inconsistency (a deployment without a minimum, a kind billed twice…).
    Invalid {
        /// The file's name.
        file: String,
        /// Where: an offering id, a source key or a price set.
        at: String,
        /// What is wrong, as a sentence.
        message: String,
    },
}

impl LoadError {
    /// The file the error is in.
    pub fn file(&self) -> &str {
        match self {
            LoadError::Json { file, .. }
            | LoadError::SchemaVersion { file, .. }
            | LoadError::UnknownVendor { file, .. }
            | LoadError::BadId { file, .. }
            | LoadError::DuplicateId { file, .. }
            | LoadError::BadNumber { file, .. }
            | LoadError::BadCount { file, .. }
            | LoadError::UnknownSource { file, .. }
            | LoadError::UnknownPriceSet { file, .. }
            | LoadError::Compact { file, .. }
            | LoadError::Invalid { file, .. } => file,
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Json { file, line, column, path, message } => {
                if path.is_empty() {
                    write!(f, "{file}:{line}:{column}: not a valid rate card: {message}")
                } else {
                    write!(f, "{file}:{line}:{column}: not a valid rate card: {path}: {message}")
                }
            }
            LoadError::SchemaVersion { file, found } => write!(
                f,
                "{file}: schema_version {found} is not supported: this build reads version {}",
                crate::schema::SCHEMA_VERSION
            ),
            LoadError::UnknownVendor { file, vendor } => {
                let names: Vec<&str> = crate::Vendor::ALL.iter().map(|v| v.as_str()).collect();
                write!(f, "{file}: unknown vendor `{vendor}`: use one of {}", names.join(", "))
            }
            LoadError::BadId { file, id, reason } => write!(f, "{file}: offering id `{id}` {reason}"),
            LoadError::DuplicateId { file, id } => {
                write!(f, "{file}: offering id `{id}` appears twice: ids must be unique")
            }
            LoadError::BadNumber { file, at, field, value, allowed } => {
                write!(f, "{file}: {at}: {field} is {value}: it must be {allowed}")
            }
            LoadError::BadCount { file, at, field, value } => {
                write!(f, "{file}: {at}: {field} is {value}: it must be at least 1")
            }
            LoadError::UnknownSource { file, at, key } => write!(
                f,
                "{file}: {at}: source `{key}` is not in the file's sources table: every figure needs its provenance"
            ),
            LoadError::UnknownPriceSet { file, at, key } => {
                write!(f, "{file}: {at}: price set `{key}` is not in the file's price_sets table")
            }
            LoadError::Compact { file, error } => write!(f, "{file}: {error}"),
            LoadError::Invalid { file, at, message } => write!(f, "{file}: {at}: {message}"),
        }
    }
}

impl std::error::Error for LoadError {}

/// An offering that cannot be resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResolveError {
    /// No offering has this id.
    UnknownOffering {
        /// The id asked for.
        id: String,
    },
    /// The offering exists, but not in the edition asked for (added later, or removed).
    NotInEdition {
        /// The id asked for.
        id: String,
        /// The edition asked for.
        edition: crate::Edition,
    },
    /// The offering exists but not for this deployment type.
    DeploymentNotOffered {
        /// The offering's id.
        id: String,
        /// The deployment asked for.
        requested: Deployment,
        /// The deployments it is offered in.
        allowed: Vec<Deployment>,
    },
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::UnknownOffering { id } => write!(
                f,
                "no rate card has the offering `{id}`: pick one from the list (e.g. azure/gpt-4.1) or use custom"
            ),
            ResolveError::NotInEdition { id, edition } => write!(
                f,
                "the offering `{id}` is not in rate-card edition {edition}: use the current edition ({}) or pick another offering",
                crate::Edition::current()
            ),
            ResolveError::DeploymentNotOffered { id, requested, allowed } => {
                let names: Vec<&str> = allowed.iter().map(|d| d.as_str()).collect();
                write!(
                    f,
                    "{id} is not offered as {} ({}): choose {}",
                    requested.label(),
                    requested.as_str(),
                    names.join(" or ")
                )
            }
        }
    }
}

impl std::error::Error for ResolveError {}
