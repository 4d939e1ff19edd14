//! Resolves an offering's recorded lifecycle (`lifecycle` in the cards) for one deployment
//! and day: the dates in force in the edition, how far they are from the day, which terms
//! bought that day still run at retirement, and how many whole months the model has left.
//! The rule that uses them is `ptcalc_core::lifecycle`.
use ptcalc_core::lifecycle::{LifeEvent, Lifecycle};
use ptcalc_core::{Deployment, Term};

use crate::date::Date;
use crate::edition::AsOf;
use crate::resolve::provenance;
use crate::schema::{in_edition, File, LifeDateSpec, OfferingSpec};

/// The entry of `list` that `at.edition` holds for `d`: one naming `d` first, else one for
/// every deployment.
pub(crate) fn pick(list: &[LifeDateSpec], d: Deployment, at: AsOf) -> Option<&LifeDateSpec> {
    let held = || {
        list.iter()
            .filter(move |x| in_edition(x.added_in, x.removed_in, at.edition))
    };
    held()
        .find(|x| x.deployments.iter().any(|&k| Deployment::from(k) == d))
        .or_else(|| held().find(|x| x.deployments.is_empty()))
}

/// The day after the last day of `term` bought on `start` (a term without commitment can
/// be left the next day).
pub(crate) fn term_end(term: Term, start: Date) -> Date {
    match term {
        Term::Hourly | Term::NoCommit => start.add_days(1),
        Term::Week1 => start.add_days(7),
        Term::Days30 => start.add_days(30),
        Term::Month1 => start.add_months(1),
        Term::Month3 => start.add_months(3),
        Term::Month6 => start.add_months(6),
        Term::Year1 => start.add_months(12),
    }
}

/// Whole months from `from` that end on or before `retired`.
fn months_before(from: Date, retired: Date) -> u32 {
    (0..=1200u32)
        .take_while(|m| from.add_months(m + 1) <= retired)
        .count() as u32
}

/// The lifecycle of `spec` for `d` as of `at`; `None` when the edition records no date.
pub(crate) fn resolve(
    f: &File,
    spec: &OfferingSpec,
    d: Deployment,
    at: AsOf,
    notes: &mut Vec<String>,
) -> Option<Lifecycle> {
    let l = spec.lifecycle.as_ref()?;
    let day = |x: &LifeDateSpec| x.on.parse::<Date>().ok();
    let mut event = |name: &str, x: &LifeDateSpec| -> Option<LifeEvent> {
        let on = day(x)?;
        let provenance = provenance(f, &x.source)?;
        for c in &x.conflicts {
            let other = provenance_source(f, &c.source);
            notes.push(format!(
                "Sources disagree on the day {} is {name}: {on} is used ({}); {} per {other} ({}).",
                spec.model, provenance.source, c.on, c.note
            ));
        }
        if let Some(n) = &x.note {
            notes.push(format!("{} {name} on {on}: {n}", spec.model));
        }
        Some(LifeEvent {
            on: on.to_string(),
            days_from_scenario: at.date.days_until(on),
            provenance,
        })
    };
    let ga = pick(&l.generally_available, d, at);
    let closed = pick(&l.closed_to_new, d, at);
    let retired = pick(&l.retired, d, at);
    if ga.is_none() && closed.is_none() && retired.is_none() {
        return None;
    }
    let retire_day = retired.and_then(day);
    Some(Lifecycle {
        model: spec.model.clone(),
        reservation_matches: l.reservation_matches.into(),
        reservation_provenance: provenance(f, &l.reservation_source)?,
        generally_available: ga.and_then(|x| event("generally available", x)),
        closed_to_new: closed.and_then(|x| event("closed to new customers", x)),
        retired: retired.and_then(|x| event("retired", x)),
        successor: retired.and_then(|x| x.successor.clone()),
        terms_past_retirement: Term::ALL
            .into_iter()
            .filter(|&t| retire_day.is_some_and(|r| term_end(t, at.date) > r))
            .collect(),
        months_in_service: retire_day.map(|r| months_before(at.date, r)),
    })
}

fn provenance_source(f: &File, key: &str) -> String {
    provenance(f, key).map(|p| p.source).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn a_term_runs_past_retirement_only_if_it_still_runs_on_the_retirement_day() {
        let start = day("2026-12-05");
        assert_eq!(term_end(Term::Month3, start), day("2027-03-05"));
        assert!(term_end(Term::Month3, start) <= day("2027-03-31"));
        assert!(term_end(Term::Year1, start) > day("2027-03-31"));
        assert!(term_end(Term::Hourly, start) > start);
    }

    #[test]
    fn months_in_service_counts_whole_months_ending_by_retirement() {
        assert_eq!(months_before(day("2026-12-05"), day("2027-03-31")), 3);
        assert_eq!(months_before(day("2026-12-05"), day("2027-01-05")), 1);
        assert_eq!(months_before(day("2026-12-05"), day("2026-12-31")), 0);
        assert_eq!(months_before(day("2027-01-01"), day("2026-12-31")), 0);
    }
}
