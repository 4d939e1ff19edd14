//! Bundled rate cards for ptcalc: Azure OpenAI / Foundry PTU, Google Vertex AI GSU,
//! AWS Bedrock model units and Reserved-tier TPM, OpenAI Scale Tier. The JSON under
//! `data/` is compiled in (as JSON for `ratecards --check` and the schema, and in the compact
//! form [`BUNDLED_COMPACT`] the catalog is built from), validated on first use and resolved into
//! `ptcalc_core::Offering`s whose every price and capacity figure carries its source,
//! as-of date and confidence. The figures come from `shared/research/ratecards.md`; the
//! 2026-11 audit's resolution is in `AUDIT-2026-11.md`.
//!
//! - **Dates.** A figure may carry several values with `effective_from` / `until`;
//!   [`Catalog::resolve_as_of`] takes an [`AsOf`] (a [`Date`] and an [`Edition`]) and uses
//!   the value in force. [`Catalog::resolve`] is the current edition at its own date.
//!   [`Catalog::figures_older_than`], [`Catalog::changes_within`] and
//!   [`Catalog::resolve_monthly`] serve the stale-figure marks and the horizon view.
//! - **Editions.** Each release of the data has a key ([`Edition::all`]); values carry
//!   `added_in` / `removed_in`, so an old link resolves as it did, and
//!   [`Catalog::offering_edition_changes`] lists what changed since (old → new, source).
//!   [`Catalog::open_link_on`] opens a link at its `rc=` edition and `at=` day (or the
//!   caller's today), stamps the edition into the scenario and lists the changes since;
//!   [`Catalog::evaluate_opened`] prices it, a horizon month by month where a price changes.
//! - **Your own cards.** [`Catalog::with_organization`] adds or replaces offerings by id
//!   from an organization's card (figures marked as the organization's);
//!   [`card_fingerprint`] names such a card in a link; [`JSON_SCHEMA`] describes the format.
//! - **Conflicts.** [`Catalog::conflicts`] lists the recorded disagreements with both
//!   values, typed by [`ConflictOn`]; [`FigureConflict::switch`] turns the other value into
//!   the link's override, so a page can switch in one click.
//! - **Comparison.** [`Catalog::compare`] evaluates one workload on many offerings (the
//!   scenario's model everywhere, a list, or all), each row as [`Catalog::evaluate_as_of`]
//!   evaluates it alone, ranked by monthly cost, with [`Catalog::flexibility`]: what each
//!   commitment locks you into, from the cards' `commitments` sections.
//! - **Second opinion.** [`Catalog::second_opinion`] compares every on-demand price and
//!   retirement day with LiteLLM's community price list ([`PriceList`]); a difference the
//!   card explains (a dated value, a recorded conflict, `second_opinion.explained`) is not
//!   one to act on.
//! - **Stale figures.** [`is_stale`] is the 180-day rule ([`STALE_AFTER_DAYS`]) the page's
//!   marks and `ptcalc ratecards --check` share.
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
mod commitments;
mod compact;
mod compare;
mod comparison_document;
mod date;
mod document;
mod edition;
mod error;
mod figures;
mod lifecycle;
mod organization;
mod pipeline;
mod portfolio_document;
mod resolve;
mod schema;
mod second_opinion;
mod switch;
pub mod text_table;
mod validate;

use std::sync::OnceLock;

pub use catalog::{load, load_compact, Catalog, Entry, Retirement, Vendor};
pub use check::CheckWarning;
pub use commitments::{Flexibility, ModelChange, Overflow, Resize, Sourced};
pub use compact::{DecodeError, DecodeProblem};
pub use compare::{
    compare, missing_name, model_key, parse_offerings, AnswerRange, CompareError, Comparison,
    OfferingChoice, Row, Selection, COMPARE_NOTE,
};
pub use comparison_document::{comparison_csv, ComparisonDocument};
pub use date::{Date, DateError};
pub use document::{
    eval_link, eval_link_on, json_text, AsOfJson, ChangeJson, EvalDocument, RangeJson,
};
pub use edition::{AsOf, Edition, EditionError, EditionInfo};
pub use error::{LoadError, ResolveError};
pub use figures::{
    is_stale, source_age_days, ConflictOn, Figure, FigureChange, FigureConflict, FigureKind,
    PricePer, STALE_AFTER_DAYS,
};
pub use organization::{card_fingerprint, compact_organization, organization_bytes, CompactCard};
pub use pipeline::{
    cards_age_warning, evaluate, evaluate_as_of, offering_for, offering_for_as_of, open_link,
    open_link_as_of, servable, servable_as_of, EvaluateError, Opened, CARDS_OLD_AFTER_DAYS,
};
pub use portfolio_document::{
    portfolio_answer, portfolio_csv, PortfolioDocument, PortfolioOpenError, WorkloadWarning,
};
pub use second_opinion::{
    litellm_keys, Agreement, OpinionFigure, OpinionRow, PriceList, PriceListError, SecondOpinion,
    Theirs, Unlisted,
};

/// The JSON Schema (draft-07) of the rate-card format, generated from the types this crate
/// reads (a test keeps the committed `ratecard.schema.json` equal to the generated one).
/// Publish it next to an organization's card so editors can check it.
///
/// ```
/// let schema: serde_json::Value = serde_json::from_str(ptcalc_ratecards::JSON_SCHEMA).unwrap();
/// assert_eq!(schema["title"], "RateCard");
/// ```
pub const JSON_SCHEMA: &str = include_str!("../ratecard.schema.json");

/// The bundled rate-card files, `(file name, JSON text)`, in menu order.
pub const BUNDLED: [(&str, &str); 5] = [
    ("azure.json", include_str!("../data/azure.json")),
    ("vertex.json", include_str!("../data/vertex.json")),
    ("bedrock.json", include_str!("../data/bedrock.json")),
    ("openai.json", include_str!("../data/openai.json")),
    ("xai.json", include_str!("../data/xai.json")),
];

/// [`BUNDLED`] in compact form ([`load_compact`]), what [`catalog`] is built from: written
/// by `cargo xtask cards`, and a test fails when it is not the encoding of `data/*.json`.
/// The page's module carries these bytes and no JSON of the bundled cards.
pub const BUNDLED_COMPACT: &[u8] = include_bytes!("../data/bundled.bin");

fn bundled() -> &'static (Catalog, Option<LoadError>) {
    static BUNDLED_CATALOG: OnceLock<(Catalog, Option<LoadError>)> = OnceLock::new();
    BUNDLED_CATALOG.get_or_init(|| match load_compact(BUNDLED_COMPACT) {
        Ok(catalog) => (catalog, None),
        Err(e) => (Catalog::default(), Some(e)),
    })
}

/// The bundled catalog, decoded from [`BUNDLED_COMPACT`] once. Never panics: if the bundled data failed to
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
