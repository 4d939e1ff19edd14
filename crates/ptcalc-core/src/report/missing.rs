//! Which figure is missing before a reservation can be priced against on-demand: the
//! throughput per unit, a unit price on the term, or an on-demand price. One rule, read by
//! the report's splits, the verdict, the charts and the page.
use alloc::vec::Vec;

use crate::hybrid::PoolEconomics;
use crate::terms::Term;

use super::{PoolModel, Report, WarningCode};

/// A figure the model needs and the offering lacks (enter it in the link).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MissingFigure {
    /// Tokens per minute one unit carries (`cap`).
    Capacity,
    /// A unit price on the chosen term (`pu` or `pm`).
    UnitPrice,
    /// On-demand input and output prices (`pin`, `pout`).
    OnDemandPrice,
}

impl PoolModel {
    /// The pool's economics on `term` with an on-demand price to spill overflow to, or the
    /// first figure missing for them, in the order capacity, unit price, on-demand price.
    ///
    /// # Errors
    /// The missing figure.
    pub fn priced_economics(&self, term: Term) -> Result<PoolEconomics, MissingFigure> {
        if self.capacity_per_unit_per_minute.is_none() {
            return Err(MissingFigure::Capacity);
        }
        let econ = self.economics(term).ok_or(MissingFigure::UnitPrice)?;
        self.usd_per_normalized_token
            .ok_or(MissingFigure::OnDemandPrice)?;
        Ok(econ)
    }
}

impl WarningCode {
    /// The figure a warning asks for, when it is one of the three the model needs.
    pub fn missing_figure(self) -> Option<MissingFigure> {
        match self {
            WarningCode::NoCapacity => Some(MissingFigure::Capacity),
            WarningCode::NoUnitPrice => Some(MissingFigure::UnitPrice),
            WarningCode::NoOnDemandPrice => Some(MissingFigure::OnDemandPrice),
            _ => None,
        }
    }
}

impl Report {
    /// Every figure the report's warnings ask for, in the order they were raised.
    pub fn missing_figures(&self) -> Vec<MissingFigure> {
        self.warnings
            .iter()
            .filter_map(|w| w.code.missing_figure())
            .collect()
    }
}
