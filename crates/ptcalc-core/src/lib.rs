//! The math behind ptcalc: should you reserve LLM capacity (Azure PTU, Vertex GSU,
//! Bedrock model units, OpenAI Scale Tier) or pay per token, and how much to reserve
//! while peaks spill over to on-demand.
//!
//! Every formula follows the model in the README ("The model"); each module names
//! the concept it computes. The crate is `no_std` + `alloc` so it runs unchanged in
//! the browser (WASM), the CLI and on a microcontroller target.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
// `!(x > 0.0)` is how this crate rejects NaN together with non-positive values.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod breakeven;
pub mod calendar;
pub mod capacity;
pub mod chart;
pub mod entry;
pub mod error;
pub mod export;
pub mod horizon;
pub mod hybrid;
pub mod lifecycle;
pub mod link;
pub mod load_summary;
pub mod numfmt;
pub mod offering;
pub mod portfolio;
pub mod prices;
pub mod report;
pub mod scenario;
pub mod sizing;
pub mod terms;
pub mod traffic;
pub mod unit_name;
pub mod verdict;
pub mod workload;

pub use capacity::{PerKind, TokenKind};
pub use chart::ChartKind;
pub use error::Error;
pub use offering::{Deployment, Offering, Pool, TermPrice};
pub use report::{evaluate, Report};
pub use scenario::Scenario;
pub use terms::PriceBasis;
pub use terms::Term;
