//! Bundled rate cards for ptcalc: Azure OpenAI / Foundry PTU, Google Vertex AI GSU,
//! AWS Bedrock model units and Reserved-tier TPM, OpenAI Scale Tier. The JSON under
//! `data/` is compiled in, validated on first use and resolved into
//! `ptcalc_core::Offering`s whose every price and capacity figure carries its source,
//! as-of date and confidence. The figures come from `shared/research/ratecards.md`.
//!
//! ```
//! use ptcalc_core::Deployment;
//! let catalog = ptcalc_ratecards::catalog();
//! assert!(ptcalc_ratecards::catalog_error().is_none());
//! let o = catalog.resolve("vertex/gemini-2.5-flash", Deployment::Global).unwrap();
//! assert_eq!(o.pools[0].capacity_per_unit_per_minute, Some(161_400.0));
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod catalog;
mod check;
mod error;
mod resolve;
mod scenario;
mod schema;
mod validate;

use std::sync::OnceLock;

pub use catalog::{load, Catalog, Entry, Vendor};
pub use check::CheckWarning;
pub use error::{LoadError, ResolveError};
pub use scenario::{evaluate, offering_for, open_link, servable, EvaluateError, Opened};

/// The bundled rate-card files, `(file name, JSON text)`, in menu order.
pub const BUNDLED: [(&str, &str); 4] = [
    ("azure.json", include_str!("../data/azure.json")),
    ("vertex.json", include_str!("../data/vertex.json")),
    ("bedrock.json", include_str!("../data/bedrock.json")),
    ("openai.json", include_str!("../data/openai.json")),
];

fn bundled() -> &'static (Catalog, Option<LoadError>) {
    static BUNDLED_CATALOG: OnceLock<(Catalog, Option<LoadError>)> = OnceLock::new();
    BUNDLED_CATALOG.get_or_init(|| match load(&BUNDLED) {
        Ok(catalog) => (catalog, None),
        Err(e) => (Catalog::default(), Some(e)),
    })
}

/// The bundled catalog, parsed once. Never panics: if the bundled data failed to
/// load (a test guards against it), this is empty and [`catalog_error`] says why.
///
/// ```
/// assert!(!ptcalc_ratecards::catalog().is_empty());
/// ```
pub fn catalog() -> &'static Catalog {
    &bundled().0
}

/// Why the bundled catalog is empty, if it is.
///
/// ```
/// assert_eq!(ptcalc_ratecards::catalog_error(), None);
/// ```
pub fn catalog_error() -> Option<&'static LoadError> {
    bundled().1.as_ref()
}
