//! What every command reads from: the rate cards (bundled, plus an organization's card
//! given with `--ratecards`) and the day taken as today (`--today`, else the system clock).
//! The day is read here once and passed down; nothing further in reads the clock.
//! `PTCALC_NO_CLOCK=1` turns the clock off: a run without `--today` then fails instead of
//! pricing at whatever day it happens to be (the CLI's tests set it, so a test that forgets
//! `--today` fails at once rather than on the day a dated price takes effect).
use std::time::{SystemTime, UNIX_EPOCH};

use ptcalc_ratecards::{Catalog, Date};

use crate::error::CliError;

/// The rate cards and today's date, fixed for one run.
pub struct Context {
    /// The offerings links resolve against.
    pub catalog: Catalog,
    /// The day a link without `at=` is priced at.
    pub today: Date,
}

impl Context {
    /// The bundled cards with `ratecards` (a file path) added, and `today` or the system date.
    ///
    /// # Errors
    /// The file cannot be read, or is not a valid rate card (the message names the
    /// file's line and column, or the field, and what is allowed).
    pub fn new(ratecards: Option<&str>, today: Option<Date>) -> Result<Context, CliError> {
        if let Some(e) = ptcalc_ratecards::catalog_error() {
            return Err(CliError::Bundled(e.clone()));
        }
        let bundled = ptcalc_ratecards::catalog();
        let catalog = match ratecards {
            None => bundled.clone(),
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|error| CliError::Read {
                    path: path.to_string(),
                    error,
                })?;
                bundled
                    .with_organization(path, &text)
                    .map_err(CliError::Ratecards)?
            }
        };
        let today = match today {
            Some(day) => day,
            None if std::env::var_os(NO_CLOCK).is_some_and(|v| !v.is_empty()) => {
                return Err(CliError::NoClock)
            }
            None => system_today(),
        };
        Ok(Context { catalog, today })
    }
}

/// The environment variable that turns the system clock off.
pub const NO_CLOCK: &str = "PTCALC_NO_CLOCK";

/// Today in UTC from the system clock (1970-01-01 if the clock is before it).
fn system_today() -> Date {
    let days = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0);
    Date::new(1970, 1, 1)
        .map(|epoch| epoch.add_days(days as i64))
        .unwrap_or_else(|| ptcalc_ratecards::Edition::current().date())
}
