//! `ptcalc portfolio`: several workload links in, one reservation decision per capacity
//! pool and each pool's cost split by every chargeback rule out (`ptcalc_core::portfolio`),
//! as text, JSON, Markdown or CSV. The document and its writers are
//! `ptcalc_ratecards::PortfolioDocument`, which the page's exports call too.
use ptcalc_ratecards::{EvaluateError, PortfolioDocument, PortfolioOpenError};

use crate::args::Format;
use crate::context::Context;
use crate::error::CliError;

/// Opens each link against the rate cards and prices the portfolio. A portfolio link
/// (`w=` parts, `ptcalc_core::link::portfolio`) gives each of its workloads in turn.
pub fn run(ctx: &Context, links: &[String], format: Format) -> Result<String, CliError> {
    let document =
        PortfolioDocument::open(&ctx.catalog, links, ctx.today).map_err(|e| match e {
            PortfolioOpenError::Workload { position, error } => CliError::Workload {
                position,
                error: EvaluateError::Resolve(error),
            },
            PortfolioOpenError::Portfolio(e) => CliError::Portfolio(e),
        })?;
    Ok(match format {
        Format::Json => document.json().map_err(CliError::Json)?,
        Format::Text => document.text(false),
        Format::Markdown => document.text(true),
        Format::Csv => document.csv(),
    })
}
