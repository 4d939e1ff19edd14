//! A model's lifecycle as it bears on a reservation bought on the scenario's day: when the
//! vendor closes the model to new customers and retires it, and whether a reservation
//! follows the model (Vertex GSUs, Bedrock model units, OpenAI Scale Tier units) or the
//! deployment type (Azure PTU reservations). The rate cards resolve the dates against the
//! scenario's day; this module holds the rule (README, "The model", *Lifecycle*).
use alloc::string::String;
use alloc::vec::Vec;
#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use crate::offering::Provenance;
use crate::terms::Term;

/// What a reservation is bought for, per the vendor's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ReservationMatches {
    /// The units serve this model only: when it retires, the rest of the term is paid for
    /// nothing (or, where the vendor lets an order move, for a model with other figures).
    Model,
    /// The reservation discounts any deployment of its type, region and scope: it outlives
    /// the model, whose deployment must move to a successor.
    DeploymentType,
}

/// One dated event of the lifecycle, as seen from the scenario's day.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct LifeEvent {
    /// The day (ISO 8601, `YYYY-MM-DD`).
    pub on: String,
    /// Days from the scenario's day to `on`: 0 or less once it has happened.
    pub days_from_scenario: i64,
    /// Where the date comes from.
    pub provenance: Provenance,
}

impl LifeEvent {
    /// Whether the event has happened on the scenario's day (it happens at the start of `on`).
    pub fn has_happened(&self) -> bool {
        self.days_from_scenario <= 0
    }
}

/// The lifecycle of an offering's model for one deployment type, resolved for a day.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Lifecycle {
    /// The model, as the vendor names it.
    pub model: String,
    /// What a reservation is bought for.
    pub reservation_matches: ReservationMatches,
    /// Where the reservation rule comes from.
    pub reservation_provenance: Provenance,
    /// Generally available from.
    pub generally_available: Option<LifeEvent>,
    /// Closed to new customers (or projects) from.
    pub closed_to_new: Option<LifeEvent>,
    /// Retired (shut down) on.
    pub retired: Option<LifeEvent>,
    /// The model the vendor names as the replacement.
    pub successor: Option<String>,
    /// Terms whose commitment, bought on the scenario's day, still runs on the retirement day.
    pub terms_past_retirement: Vec<Term>,
    /// Whole months from the scenario's day before retirement (`None`: no retirement known).
    pub months_in_service: Option<u32>,
}

impl Lifecycle {
    /// Whether the model is retired on the scenario's day.
    pub fn is_retired(&self) -> bool {
        self.retired.as_ref().is_some_and(LifeEvent::has_happened)
    }

    /// Whether `term` may be the answer: never once the model is retired; for a reservation
    /// that follows the model, only if the term ends before the retirement day. An Azure
    /// reservation (deployment type) outlives the model and stays an answer, with a warning.
    ///
    /// ```
    /// use ptcalc_core::lifecycle::{Lifecycle, ReservationMatches};
    /// use ptcalc_core::offering::Provenance;
    /// use ptcalc_core::Term;
    /// let mut l = Lifecycle { model: "m".into(), reservation_matches: ReservationMatches::Model,
    ///     reservation_provenance: Provenance::user_entered(), generally_available: None,
    ///     closed_to_new: None, retired: None, successor: None,
    ///     terms_past_retirement: vec![Term::Year1], months_in_service: Some(3) };
    /// assert!(!l.may_answer(Term::Year1) && l.may_answer(Term::Month1));
    /// l.reservation_matches = ReservationMatches::DeploymentType;
    /// assert!(l.may_answer(Term::Year1));
    /// ```
    pub fn may_answer(&self, term: Term) -> bool {
        if self.is_retired() {
            return false;
        }
        match self.reservation_matches {
            ReservationMatches::Model => !self.terms_past_retirement.contains(&term),
            ReservationMatches::DeploymentType => true,
        }
    }
}
