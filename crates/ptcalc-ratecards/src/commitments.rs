//! What a commitment locks you into, from the vendors' own terms: whether it can be
//! cancelled, refunded, exchanged or resized, whether the model can change during the term,
//! and what happens to traffic above the reservation. Each vendor file's `commitments`
//! section (last in the file) holds one entry per kind of commitment, applying to the
//! file's offerings by unit and term; every fact names a source like every other figure,
//! and a fact no source states is absent ("not published"). The shortest term and whether
//! throughput per unit is published are read from the offering's own figures.
//! Sources: `shared/research/pooling.md` ("Who can share what") and the pages it cites.
use ptcalc_core::offering::Provenance;
use ptcalc_core::{Deployment, Term};
use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::edition::AsOf;
use crate::resolve::provenance;
use crate::schema::File;

/// One kind of commitment in a vendor file, as serde reads it.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct CommitmentSpec {
    /// A name for people ("Azure PTU reservation").
    pub name: String,
    /// The terms it covers.
    #[cfg_attr(test, schemars(schema_with = "crate::schema::json_schema::terms"))]
    pub terms: Vec<Term>,
    /// The units of the offerings it covers (`PTU`, `model unit`…); empty: every offering
    /// of the file.
    #[serde(default)]
    pub units: Vec<String>,
    /// Whether the commitment can be ended before its term.
    #[serde(default)]
    pub cancellable: Option<FactSpec<bool>>,
    /// Whether money comes back on cancelling, with its cap.
    #[serde(default)]
    pub refundable: Option<RefundSpec>,
    /// Whether it can be exchanged for another commitment.
    #[serde(default)]
    pub exchangeable: Option<FactSpec<bool>>,
    /// Whether the reserved quantity can change during the term.
    #[serde(default)]
    pub resizable: Option<FactSpec<Resize>>,
    /// Whether the model served can change during the term.
    #[serde(default)]
    pub model_change: Option<FactSpec<ModelChange>>,
    /// What happens to traffic above the reservation.
    #[serde(default)]
    pub overflow: Option<FactSpec<Overflow>>,
}

/// One fact: its value, the source key, and the vendor's words in short.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct FactSpec<T> {
    pub value: T,
    pub source: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// Whether a cancelled commitment is refunded, and the vendor's cap.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RefundSpec {
    pub value: bool,
    /// The most that may be refunded in a rolling 12 months, in US dollars.
    #[serde(default)]
    pub cap_usd_per_12_months: Option<f64>,
    pub source: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// Whether the reserved quantity can change during the term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Resize {
    /// Up or down.
    Any,
    /// Only more units (a new purchase, or an increase of the order).
    IncreaseOnly,
    /// Neither.
    No,
}

/// Whether the model served can change during the term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ModelChange {
    /// The commitment is not tied to a model.
    Any,
    /// Another model of the same publisher, with notice.
    SamePublisher,
    /// Only for custom (fine-tuned) models.
    CustomModelsOnly,
    /// Never.
    No,
}

/// What happens to traffic above the reservation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Overflow {
    /// It is served and billed pay-as-you-go (by default).
    PayAsYouGo,
    /// It is refused (429).
    Throttled,
    /// Refused (429) unless spillover to a pay-as-you-go deployment is turned on.
    ThrottledUnlessSpillover,
}

impl Resize {
    /// In words.
    pub fn words(self) -> &'static str {
        match self {
            Resize::Any => "up or down",
            Resize::IncreaseOnly => "increase only",
            Resize::No => "no",
        }
    }
}

impl ModelChange {
    /// In words.
    pub fn words(self) -> &'static str {
        match self {
            ModelChange::Any => "yes (not tied to a model)",
            ModelChange::SamePublisher => "same publisher, with notice",
            ModelChange::CustomModelsOnly => "custom models only",
            ModelChange::No => "no",
        }
    }
}

impl Overflow {
    /// In words.
    pub fn words(self) -> &'static str {
        match self {
            Overflow::PayAsYouGo => "spills to pay-as-you-go",
            Overflow::Throttled => "throttled (429)",
            Overflow::ThrottledUnlessSpillover => "throttled (429) unless spillover is on",
        }
    }
}

/// A fact with where it comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sourced<T> {
    /// The fact.
    pub value: T,
    /// The vendor's words in short, when the card gives them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Source, date and confidence.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// What committing to one offering on one term locks you into. Every fact is `None` when no
/// source states it ("not published").
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Flexibility {
    /// The term these facts are for.
    pub term: Term,
    /// The kind of commitment, as the card names it (`None`: the card describes none).
    pub commitment: Option<String>,
    /// The shortest term the offering sells (with its price's source).
    pub minimum_term: Option<Sourced<Term>>,
    /// Whether it can be ended before the term.
    pub cancellable: Option<Sourced<bool>>,
    /// Whether a cancelled commitment is refunded.
    pub refundable: Option<Sourced<bool>>,
    /// The vendor's cap on refunds in a rolling 12 months, in US dollars.
    pub refund_cap_usd_per_12_months: Option<f64>,
    /// Whether it can be exchanged for another commitment.
    pub exchangeable: Option<Sourced<bool>>,
    /// Whether the reserved quantity can change during the term.
    pub resizable: Option<Sourced<Resize>>,
    /// Whether the model served can change during the term.
    pub model_change: Option<Sourced<ModelChange>>,
    /// What happens to traffic above the reservation.
    pub overflow: Option<Sourced<Overflow>>,
    /// Whether the vendor publishes the throughput one unit carries (with the capacity
    /// figure's source when it does; `false`: the user must enter it).
    pub throughput_per_unit_published: Sourced<bool>,
}

impl Catalog {
    /// What committing to offering `id` (in `deployment`) on `term` locks you into, as of
    /// `at`. `None` when the catalog has no such offering.
    ///
    /// ```
    /// use ptcalc_core::{Deployment, Term};
    /// use ptcalc_ratecards::{catalog, AsOf, Resize};
    /// let f = catalog().flexibility("azure/gpt-4.1", Deployment::Global, Term::Month1, AsOf::current()).unwrap();
    /// assert_eq!(f.resizable.unwrap().value, Resize::IncreaseOnly);
    /// assert_eq!(f.refund_cap_usd_per_12_months, Some(50_000.0));
    /// let s = catalog().flexibility("openai/gpt-4.1-scale", Deployment::Global, Term::Days30, AsOf::current()).unwrap();
    /// assert!(s.cancellable.is_none(), "OpenAI states no cancellation rule");
    /// ```
    pub fn flexibility(
        &self,
        id: &str,
        deployment: Deployment,
        term: Term,
        at: AsOf,
    ) -> Option<Flexibility> {
        let (file, unit) = self.file_of(id, at)?;
        let offering = self.resolve_as_of(id, deployment, at).ok()?;
        let spec = file
            .commitments
            .iter()
            .find(|c| c.terms.contains(&term) && (c.units.is_empty() || c.units.contains(&unit)));
        let fact = |f: &Option<FactSpec<bool>>| fact(file, f);
        // The shortest term the offering sells and prices (a shared price set may list
        // terms this offering does not offer).
        let sold = self
            .entry_as_of(id, at)
            .map(|e| e.terms)
            .unwrap_or_default();
        let shortest = offering.pools.first().and_then(|p| {
            p.prices
                .iter()
                .filter(|tp| sold.contains(&tp.term))
                .min_by_key(|tp| tp.term)
        });
        let capacity = offering
            .pools
            .iter()
            .map(|p| {
                p.capacity_provenance
                    .clone()
                    .filter(|_| p.capacity_per_unit_per_minute.is_some())
            })
            .collect::<Option<Vec<_>>>()
            .and_then(|v| v.into_iter().next());
        Some(Flexibility {
            term,
            commitment: spec.map(|c| c.name.clone()),
            minimum_term: shortest.map(|tp| Sourced {
                value: tp.term,
                note: None,
                provenance: tp.provenance.clone(),
            }),
            cancellable: spec.and_then(|c| fact(&c.cancellable)),
            refundable: spec
                .and_then(|c| c.refundable.as_ref())
                .and_then(|r| sourced(file, r.value, &r.source, &r.note)),
            refund_cap_usd_per_12_months: spec
                .and_then(|c| c.refundable.as_ref())
                .and_then(|r| r.cap_usd_per_12_months),
            exchangeable: spec.and_then(|c| fact(&c.exchangeable)),
            resizable: spec.and_then(|c| self::fact(file, &c.resizable)),
            model_change: spec.and_then(|c| self::fact(file, &c.model_change)),
            overflow: spec.and_then(|c| self::fact(file, &c.overflow)),
            throughput_per_unit_published: match capacity {
                Some(provenance) => Sourced {
                    value: true,
                    note: None,
                    provenance,
                },
                None => Sourced {
                    value: false,
                    note: Some(String::from(
                        "the vendor publishes no throughput per unit: enter your own (cap)",
                    )),
                    provenance: offering
                        .pools
                        .iter()
                        .find_map(|p| p.prices.first().map(|tp| tp.provenance.clone()))
                        .unwrap_or_else(Provenance::user_entered),
                },
            },
        })
    }
}

fn sourced<T>(file: &File, value: T, source: &str, note: &Option<String>) -> Option<Sourced<T>> {
    Some(Sourced {
        value,
        note: note.clone(),
        provenance: provenance(file, source)?,
    })
}

fn fact<T: Copy>(file: &File, f: &Option<FactSpec<T>>) -> Option<Sourced<T>> {
    f.as_ref()
        .and_then(|f| sourced(file, f.value, &f.source, &f.note))
}

/// Checks a file's commitments: named, with terms, every source known, a cap positive.
pub(crate) fn validate(
    f: &File,
    mut source_ref: impl FnMut(&str, &str) -> Result<(), String>,
) -> Result<(), (String, String)> {
    for (i, c) in f.commitments.iter().enumerate() {
        let at = format!("commitments[{i}]");
        if c.name.trim().is_empty() {
            return Err((at, "name is empty".into()));
        }
        if c.terms.is_empty() {
            return Err((at, "terms is empty: name the terms it covers".into()));
        }
        let sources = [
            c.cancellable.as_ref().map(|f| (&f.source, &f.note)),
            c.refundable.as_ref().map(|f| (&f.source, &f.note)),
            c.exchangeable.as_ref().map(|f| (&f.source, &f.note)),
            c.resizable.as_ref().map(|f| (&f.source, &f.note)),
            c.model_change.as_ref().map(|f| (&f.source, &f.note)),
            c.overflow.as_ref().map(|f| (&f.source, &f.note)),
        ];
        for (source, note) in sources.into_iter().flatten() {
            source_ref(&at, source).map_err(|m| (at.clone(), m))?;
            if note.as_ref().is_some_and(|n| n.trim().is_empty()) {
                return Err((at, "a note is empty".into()));
            }
        }
        if let Some(cap) = c.refundable.as_ref().and_then(|r| r.cap_usd_per_12_months) {
            if !(cap.is_finite() && cap > 0.0) {
                return Err((
                    at,
                    format!("refundable.cap_usd_per_12_months {cap} must be positive and finite"),
                ));
            }
        }
    }
    Ok(())
}

/// Every source key the file's commitments cite.
pub(crate) fn cited(f: &File) -> impl Iterator<Item = &str> {
    f.commitments.iter().flat_map(|c| {
        [
            c.cancellable.as_ref().map(|f| f.source.as_str()),
            c.refundable.as_ref().map(|f| f.source.as_str()),
            c.exchangeable.as_ref().map(|f| f.source.as_str()),
            c.resizable.as_ref().map(|f| f.source.as_str()),
            c.model_change.as_ref().map(|f| f.source.as_str()),
            c.overflow.as_ref().map(|f| f.source.as_str()),
        ]
        .into_iter()
        .flatten()
    })
}
