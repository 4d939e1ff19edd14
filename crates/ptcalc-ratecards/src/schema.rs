//! The JSON shape of a bundled rate-card file (`data/<vendor>.json`), as serde reads it.
//! Every figure names a key in the file's `sources` table; missing figures are `null`
//! or absent, never zero. The README's "Rate cards" section describes the fields.
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use ptcalc_core::capacity::PerKind;
use ptcalc_core::offering::Confidence;
use ptcalc_core::{Deployment, Term, TokenKind};
use serde::de::{self, IntoDeserializer, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::date::Date;
use crate::edition::{AsOf, Edition};

/// The schema version this crate reads.
pub(crate) const SCHEMA_VERSION: u32 = 1;

/// One rate-card file.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, schemars(rename = "RateCard"))]
pub(crate) struct File {
    pub schema_version: u32,
    /// The vendor of every offering (`azure`, `vertex`, `bedrock`, `openai`, `xai`). An
    /// organization's card may leave it out and mix vendors: each id's prefix names its own.
    #[serde(default)]
    pub vendor: Option<String>,
    #[serde(default)]
    pub calibration: Option<Calibration>,
    pub sources: BTreeMap<String, Source>,
    #[serde(default)]
    pub price_sets: BTreeMap<String, Vec<PriceSpec>>,
    /// Shared on-demand deployment multipliers, named by `on_demand.deployment_multipliers`.
    #[serde(default)]
    pub multiplier_sets: BTreeMap<String, MultiplierSet>,
    pub offerings: Vec<OfferingSpec>,
    /// Remarks on the whole card, for its readers (what was looked for and not found).
    #[serde(default)]
    pub notes: Vec<String>,
    /// What each kind of commitment locks you into (`commitments.rs`), last in the file.
    #[serde(default)]
    pub commitments: Vec<crate::commitments::CommitmentSpec>,
    /// Set by the loader, never read from JSON: the card is an organization's own, so
    /// every figure in it is the organization's.
    #[serde(skip)]
    pub organization: bool,
}

/// On-demand price multipliers per non-global deployment, shared by many offerings.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct MultiplierSet {
    /// Price multiplier per non-global deployment (1.10 = 10% dearer).
    pub multipliers: ByDeployment<f64>,
    pub source: String,
    /// Other values a source gives for a multiplier.
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
}

/// Deployment multipliers: inline, or the name of a shared `multiplier_sets` entry.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(untagged)]
pub(crate) enum MultipliersSpec {
    Set(String),
    Inline(ByDeployment<f64>),
}

impl Default for MultipliersSpec {
    fn default() -> Self {
        MultipliersSpec::Inline(ByDeployment::default())
    }
}

/// Where figures come from: a URL and/or a description of the copy read, its date, and
/// how sure we are.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct Source {
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub via: Option<String>,
    /// ISO date (`2026`, `2026-08` or `2026-08-29`); `null` when the source carries none.
    pub as_of: Option<String>,
    #[cfg_attr(test, schemars(schema_with = "json_schema::confidence"))]
    pub confidence: Confidence,
}

/// A vendor-wide sanity rule: one fully used unit-month of capacity, priced at the
/// on-demand input rate, should cost about `usd_per_unit_month`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct Calibration {
    pub usd_per_unit_month: f64,
    pub minutes_per_month: f64,
    /// Allowed relative deviation (0.05 = ±5%).
    pub tolerance: f64,
    pub source: String,
    /// Why the rule holds, for readers of the file.
    #[serde(default, rename = "note")]
    pub _note: Option<String>,
}

/// A deployment key as written in the files (the link spelling).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub(crate) enum DeploymentKey {
    #[serde(rename = "global")]
    Global,
    #[serde(rename = "datazone")]
    DataZone,
    #[serde(rename = "regional")]
    Regional,
}

impl From<DeploymentKey> for Deployment {
    fn from(k: DeploymentKey) -> Deployment {
        match k {
            DeploymentKey::Global => Deployment::Global,
            DeploymentKey::DataZone => Deployment::DataZone,
            DeploymentKey::Regional => Deployment::Regional,
        }
    }
}

/// One value per deployment type; a missing key means "not offered / not published".
#[derive(Debug, Clone, Copy, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, bound(deserialize = "T: Deserialize<'de>"))]
pub(crate) struct ByDeployment<T> {
    #[serde(default)]
    pub global: Option<T>,
    #[serde(default)]
    pub datazone: Option<T>,
    #[serde(default)]
    pub regional: Option<T>,
}

impl<T> Default for ByDeployment<T> {
    fn default() -> Self {
        ByDeployment {
            global: None,
            datazone: None,
            regional: None,
        }
    }
}

impl<T> ByDeployment<T> {
    pub fn get_ref(&self, d: Deployment) -> Option<&T> {
        match d {
            Deployment::Global => self.global.as_ref(),
            Deployment::DataZone => self.datazone.as_ref(),
            Deployment::Regional => self.regional.as_ref(),
        }
    }

    /// The deployments that have a value, in `Deployment::ALL` order.
    pub fn present_ref(&self) -> impl Iterator<Item = (Deployment, &T)> + '_ {
        Deployment::ALL
            .into_iter()
            .filter_map(|d| self.get_ref(d).map(|v| (d, v)))
    }
}

impl<T: Copy> ByDeployment<T> {
    pub fn get(&self, d: Deployment) -> Option<T> {
        match d {
            Deployment::Global => self.global,
            Deployment::DataZone => self.datazone,
            Deployment::Regional => self.regional,
        }
    }

    /// The deployments that have a value, in `Deployment::ALL` order.
    pub fn present(&self) -> impl Iterator<Item = (Deployment, T)> + '_ {
        Deployment::ALL
            .into_iter()
            .filter_map(|d| self.get(d).map(|v| (d, v)))
    }
}

/// How a unit price is quoted: dollars per unit per hour, day, week, month or year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub(crate) enum Basis {
    #[serde(rename = "per_hour")]
    Hour,
    #[serde(rename = "per_day")]
    Day,
    #[serde(rename = "per_week")]
    Week,
    #[serde(rename = "per_month")]
    Month,
    #[serde(rename = "per_year")]
    Year,
}

/// A unit price on one term, per deployment.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct PriceSpec {
    #[cfg_attr(test, schemars(schema_with = "json_schema::term"))]
    pub term: Term,
    pub basis: Basis,
    pub price: ByDeployment<Dated<f64>>,
    pub source: String,
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    /// First edition that lists this price; absent = every edition.
    #[serde(default)]
    pub added_in: Option<Edition>,
    /// First edition that no longer lists it; absent = still listed.
    #[serde(default)]
    pub removed_in: Option<Edition>,
}

/// Two sources disagree: `chosen` is the value in the card, `other` the rejected one.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct Conflict {
    /// What the figure is, for people ("output weight").
    pub figure: String,
    /// Which figure it is, typed (`unit_price.1m`, `on_demand.input`, …).
    #[serde(default)]
    #[cfg_attr(test, schemars(schema_with = "json_schema::conflict_on"))]
    pub field: Option<crate::figures::ConflictOn>,
    pub chosen: f64,
    pub other: f64,
    /// Where `other` comes from, and why it was not chosen.
    pub other_source: String,
    /// The deployments the conflict concerns; empty = all.
    #[serde(default)]
    pub deployments: Vec<DeploymentKey>,
}

/// One reservable offering, for all its deployments.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct OfferingSpec {
    pub id: String,
    pub model: String,
    #[serde(default)]
    pub model_version: Option<String>,
    pub name: String,
    pub unit: String,
    pub deployments: Vec<DeploymentKey>,
    /// Terms the vendor offers, priced or not.
    #[cfg_attr(test, schemars(schema_with = "json_schema::terms"))]
    pub terms: Vec<Term>,
    pub pools: Vec<PoolSpec>,
    #[serde(default)]
    pub on_demand: Option<OnDemandSpec>,
    #[serde(default)]
    pub batch: Option<BatchSpec>,
    #[serde(default)]
    pub long_context_on_reserved: Option<bool>,
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    #[serde(default)]
    pub notes: Vec<String>,
    /// First edition that lists this offering; absent = every edition.
    #[serde(default)]
    pub added_in: Option<Edition>,
    /// First edition that no longer lists it; absent = still listed.
    #[serde(default)]
    pub removed_in: Option<Edition>,
    /// The model's lifecycle on this vendor: dates with their sources, and what a
    /// reservation is bought for.
    #[serde(default)]
    pub lifecycle: Option<LifecycleSpec>,
    /// How this offering is checked against LiteLLM's community price list
    /// (`second_opinion.rs`): the list's keys, and each known difference with its reason.
    #[serde(default)]
    pub second_opinion: Option<SecondOpinionSpec>,
}

/// An offering's entry in the second opinion: which keys of LiteLLM's list hold its model,
/// and the differences the card explains.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct SecondOpinionSpec {
    /// The list's keys to try, first found wins; they replace the vendor's rule
    /// (`second_opinion::litellm_keys`). Bedrock has no rule: its keys are versioned ids.
    #[serde(default)]
    pub keys: Vec<String>,
    /// Differences between the list and the card, each with why the card is kept.
    #[serde(default)]
    pub explained: Vec<ExplainedSpec>,
}

/// One difference the card explains: the list's value for one figure, and why the card's
/// value stands. It explains that value only: when the list changes, the figure is
/// compared afresh.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ExplainedSpec {
    pub figure: crate::second_opinion::OpinionFigure,
    /// The list's value: dollars per 1M tokens for a price, `YYYY-MM-DD` for `retired`.
    pub theirs: crate::second_opinion::Theirs,
    /// Why the card keeps its own value (a promotion the list has not caught, a list
    /// that is wrong, a date not found in the vendor's own page…).
    pub reason: String,
    /// The source that supports the card's value (a key of `sources`).
    pub source: String,
}

/// What a reservation is bought for, per the vendor's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub(crate) enum ReservationKey {
    /// The units serve this model only (Vertex GSUs, Bedrock model units, Scale Tier units).
    Model,
    /// The reservation matches deployment type, region and scope (Azure PTU reservations).
    DeploymentType,
}

impl From<ReservationKey> for ptcalc_core::lifecycle::ReservationMatches {
    fn from(k: ReservationKey) -> Self {
        match k {
            ReservationKey::Model => ptcalc_core::lifecycle::ReservationMatches::Model,
            ReservationKey::DeploymentType => {
                ptcalc_core::lifecycle::ReservationMatches::DeploymentType
            }
        }
    }
}

/// A model's lifecycle: each event a list of dated entries (one per deployment type where
/// they differ; a date no longer held is kept with `removed_in`).
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct LifecycleSpec {
    /// What a reservation is bought for.
    pub reservation_matches: ReservationKey,
    /// Where the vendor says so.
    pub reservation_source: String,
    /// Generally available from.
    #[serde(default)]
    pub generally_available: Vec<LifeDateSpec>,
    /// Closed to new customers (or new projects) from.
    #[serde(default)]
    pub closed_to_new: Vec<LifeDateSpec>,
    /// Retired or shut down on (requests fail from this day).
    #[serde(default)]
    pub retired: Vec<LifeDateSpec>,
}

impl LifecycleSpec {
    /// The three events with their card spellings.
    pub fn events(&self) -> [(&'static str, &[LifeDateSpec]); 3] {
        [
            ("generally_available", &self.generally_available),
            ("closed_to_new", &self.closed_to_new),
            ("retired", &self.retired),
        ]
    }
}

/// One lifecycle date with its source.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct LifeDateSpec {
    /// The day, `YYYY-MM-DD` (checked at load, naming the field).
    pub on: String,
    pub source: String,
    /// The deployments it applies to; empty = all.
    #[serde(default)]
    pub deployments: Vec<DeploymentKey>,
    /// The replacement the vendor names (on a retirement).
    #[serde(default)]
    pub successor: Option<String>,
    /// Dates other sources give for the same event, and why they were not chosen.
    #[serde(default)]
    pub conflicts: Vec<DateConflict>,
    /// For people: what the date means (who is blocked, what keeps running).
    #[serde(default)]
    pub note: Option<String>,
    /// First edition that holds this date; absent = every edition.
    #[serde(default)]
    pub added_in: Option<Edition>,
    /// First edition that no longer holds it; absent = still held.
    #[serde(default)]
    pub removed_in: Option<Edition>,
}

/// Another source's date for a lifecycle event.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct DateConflict {
    /// The other day, `YYYY-MM-DD`.
    pub on: String,
    /// Its source (a key of `sources`).
    pub source: String,
    /// Why it was not chosen.
    pub note: String,
}

/// One pool of reserved capacity.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct PoolSpec {
    /// Empty for a normalized pool, else `input` or `output`.
    #[serde(default)]
    pub name: String,
    pub unit: String,
    /// `null` when the vendor does not publish throughput per unit.
    pub capacity: Option<CapacitySpec>,
    pub min_units: ByDeployment<Dated<u64>>,
    pub increment: ByDeployment<Dated<u64>>,
    /// Capacity weight per token kind; `null` or absent = not published (resolved as 1, flagged).
    pub weights: KindValues,
    /// Weights that are assumptions, with the reason shown to the user.
    #[serde(default)]
    pub assumed_weights: AssumedWeights,
    /// Kinds whose on-demand cost this pool's overflow carries; absent = all four.
    #[serde(default)]
    #[cfg_attr(test, schemars(schema_with = "json_schema::billed"))]
    pub billed: Option<Vec<TokenKind>>,
    #[serde(default)]
    pub prices: PricesSpec,
}

/// One optional figure per token kind; unknown kinds are refused (a typo must not
/// silently turn a figure into "not published").
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct KindValues {
    #[serde(default)]
    pub input: Option<Dated<f64>>,
    #[serde(default)]
    pub cached_input: Option<Dated<f64>>,
    #[serde(default)]
    pub cache_write: Option<Dated<f64>>,
    #[serde(default)]
    pub output: Option<Dated<f64>>,
}

impl KindValues {
    /// The figure for `kind`, with its history.
    pub fn dated(&self, kind: TokenKind) -> Option<&Dated<f64>> {
        match kind {
            TokenKind::Input => self.input.as_ref(),
            TokenKind::CachedInput => self.cached_input.as_ref(),
            TokenKind::CacheWrite => self.cache_write.as_ref(),
            TokenKind::Output => self.output.as_ref(),
        }
    }

    /// The values at `at`; `None` where not published.
    pub fn per_kind(&self, at: AsOf) -> PerKind<Option<f64>> {
        PerKind::default().map(|k, _: Option<f64>| self.dated(k).and_then(|d| d.value_at(at)))
    }

    /// The value for `kind` at `at`.
    pub fn get(&self, kind: TokenKind, at: AsOf) -> Option<f64> {
        self.dated(kind).and_then(|d| d.value_at(at))
    }
}

/// The reason a weight is an assumption, per kind.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct AssumedWeights {
    #[serde(default)]
    pub input: Option<String>,
    #[serde(default)]
    pub cached_input: Option<String>,
    #[serde(default)]
    pub cache_write: Option<String>,
    #[serde(default)]
    pub output: Option<String>,
}

impl AssumedWeights {
    pub fn get(&self, kind: TokenKind) -> Option<&str> {
        match kind {
            TokenKind::Input => self.input.as_deref(),
            TokenKind::CachedInput => self.cached_input.as_deref(),
            TokenKind::CacheWrite => self.cache_write.as_deref(),
            TokenKind::Output => self.output.as_deref(),
        }
    }
}

/// Unit prices: the name of a shared `price_sets` entry, or a list.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(untagged)]
pub(crate) enum PricesSpec {
    Set(String),
    List(Vec<PriceSpec>),
}

impl Default for PricesSpec {
    fn default() -> Self {
        PricesSpec::List(Vec::new())
    }
}

/// Published throughput of one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub(crate) enum Per {
    Second,
    Minute,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct CapacitySpec {
    /// Normalized tokens per `per`, as the vendor publishes it.
    pub tokens_per_unit: Dated<f64>,
    pub per: Per,
    pub source: String,
}

impl CapacitySpec {
    /// Tokens per unit per minute for a published value per `per`.
    pub fn per_minute(&self, tokens_per_unit: f64) -> f64 {
        match self.per {
            Per::Second => tokens_per_unit * 60.0,
            Per::Minute => tokens_per_unit,
        }
    }
}

/// On-demand list prices for the global deployment, with multipliers for the others.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct OnDemandSpec {
    /// Dollars per 1M tokens; `null` or absent = not published.
    pub usd_per_mtok: KindValues,
    pub source: String,
    /// Price multiplier per non-global deployment (1.10 = 10% dearer), inline or a
    /// shared set's name.
    #[serde(default)]
    pub deployment_multipliers: MultipliersSpec,
    /// The source of inline multipliers (a shared set names its own).
    #[serde(default)]
    pub multiplier_source: Option<String>,
}

/// The batch tier as a fraction of on-demand.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct BatchSpec {
    pub multiplier: f64,
    /// The deployments with a batch tier; empty = all.
    #[serde(default)]
    pub deployments: Vec<DeploymentKey>,
    pub source: String,
}

/// A figure: one value (in force at every date, in every edition), or its history as a
/// list of values with the dates they are in force and the editions that hold them.
#[derive(Debug, Clone)]
pub(crate) enum Dated<T> {
    Value(T),
    History(Vec<Valued<T>>),
}

/// One value of a figure's history.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct Valued<T> {
    pub value: T,
    /// First day in force; absent = since always.
    #[serde(default)]
    pub effective_from: Option<Date>,
    /// Last day in force (a promotion's stated end); absent = until replaced.
    #[serde(default)]
    pub until: Option<Date>,
    /// The source of this value, if not the figure's own.
    #[serde(default)]
    pub source: Option<String>,
    /// First edition of the cards that holds this value; absent = every edition.
    #[serde(default)]
    pub added_in: Option<Edition>,
    /// First edition that no longer holds it (a correction); absent = still held.
    #[serde(default)]
    pub removed_in: Option<Edition>,
}

/// Whether an item with these edition bounds is part of `edition`.
pub(crate) fn in_edition(
    added_in: Option<Edition>,
    removed_in: Option<Edition>,
    edition: Edition,
) -> bool {
    added_in.is_none_or(|a| a <= edition) && removed_in.is_none_or(|r| edition < r)
}

impl<T> Valued<T> {
    pub fn in_edition(&self, edition: Edition) -> bool {
        in_edition(self.added_in, self.removed_in, edition)
    }

    pub fn in_force(&self, date: Date) -> bool {
        self.effective_from.is_none_or(|f| f <= date) && self.until.is_none_or(|u| date <= u)
    }
}

impl<T: Copy> Dated<T> {
    /// The value in force at `at.date` among those `at.edition` holds, and the source
    /// that value names (if not the figure's own). When none is in force yet, the earliest
    /// one; `None` when the edition holds no value.
    pub fn at(&self, at: AsOf) -> Option<(T, Option<&str>)> {
        self.entry_at(at)
            .map(|(v, e)| (v, e.and_then(|e| e.source.as_deref())))
    }

    /// The value in force at `at` (as [`Dated::at`]) with its history entry, if it has one.
    pub fn entry_at(&self, at: AsOf) -> Option<(T, Option<&Valued<T>>)> {
        match self {
            Dated::Value(v) => Some((*v, None)),
            Dated::History(list) => {
                let held = || list.iter().filter(|v| v.in_edition(at.edition));
                held()
                    .filter(|v| v.in_force(at.date))
                    .max_by_key(|v| v.effective_from)
                    .or_else(|| held().min_by_key(|v| v.effective_from))
                    .map(|v| (v.value, Some(v)))
            }
        }
    }

    /// The value alone, as [`Dated::at`].
    pub fn value_at(&self, at: AsOf) -> Option<T> {
        self.at(at).map(|(v, _)| v)
    }

    /// Every value, with its history entry (none for a single value).
    pub fn values(&self) -> Vec<(T, Option<&Valued<T>>)> {
        match self {
            Dated::Value(v) => vec![(*v, None)],
            Dated::History(list) => list.iter().map(|v| (v.value, Some(v))).collect(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Dated<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DatedVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for DatedVisitor<T> {
            type Value = Dated<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, or a list of {\"value\", \"effective_from\", \"until\", \"source\", \"added_in\", \"removed_in\"} objects")
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(Dated::Value)
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(Dated::Value)
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(Dated::Value)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut list = Vec::new();
                while let Some(v) = seq.next_element::<Valued<T>>()? {
                    list.push(v);
                }
                if list.is_empty() {
                    return Err(de::Error::invalid_length(0, &"at least one value"));
                }
                Ok(Dated::History(list))
            }
        }

        d.deserialize_any(DatedVisitor(PhantomData))
    }
}

/// JSON Schema of the card format, generated from these types with schemars in tests
/// (`ratecard.schema.json`); the types from ptcalc-core get their schema from their own
/// spelling tables, so the schema cannot drift from what serde reads.
#[cfg(test)]
pub(crate) mod json_schema {
    use ptcalc_core::offering::Confidence;
    use ptcalc_core::{Term, TokenKind};
    use schemars::gen::SchemaGenerator;
    use schemars::schema::{
        ArrayValidation, InstanceType, Metadata, Schema, SchemaObject, StringValidation,
        SubschemaValidation,
    };
    use schemars::JsonSchema;

    use super::{Dated, Valued};
    use crate::date::Date;
    use crate::edition::Edition;

    fn strings(values: impl IntoIterator<Item = String>, description: &str) -> Schema {
        SchemaObject {
            instance_type: Some(InstanceType::String.into()),
            enum_values: Some(values.into_iter().map(serde_json::Value::String).collect()),
            metadata: Some(Box::new(Metadata {
                description: Some(description.into()),
                ..Default::default()
            })),
            ..Default::default()
        }
        .into()
    }

    fn array(items: Schema, nullable: bool) -> Schema {
        let mut types = vec![InstanceType::Array];
        if nullable {
            types.push(InstanceType::Null);
        }
        SchemaObject {
            instance_type: Some(types.into()),
            array: Some(Box::new(ArrayValidation {
                items: Some(items.into()),
                ..Default::default()
            })),
            ..Default::default()
        }
        .into()
    }

    /// Every confidence serde reads, in its JSON spelling.
    pub(crate) const CONFIDENCES: [Confidence; 7] = [
        Confidence::Official,
        Confidence::OfficialViaThirdParty,
        Confidence::Unofficial,
        Confidence::Derived,
        Confidence::Assumption,
        Confidence::UserEntered,
        Confidence::Organization,
    ];

    pub(crate) fn confidence(_: &mut SchemaGenerator) -> Schema {
        let names = CONFIDENCES
            .iter()
            .filter_map(|c| match serde_json::to_value(c) {
                Ok(serde_json::Value::String(s)) => Some(s),
                _ => None,
            });
        strings(names, "How sure the figure is. user_entered is refused in cards; organization only in an organization's card (every figure of which is marked so anyway).")
    }

    pub(crate) fn term(_: &mut SchemaGenerator) -> Schema {
        strings(
            Term::ALL.iter().map(|t| t.as_str().to_string()),
            "A commitment term, as written in links (t=).",
        )
    }

    pub(crate) fn terms(g: &mut SchemaGenerator) -> Schema {
        array(term(g), false)
    }

    pub(crate) fn conflict_on(_: &mut SchemaGenerator) -> Schema {
        let mut names: Vec<serde_json::Value> = crate::figures::ConflictOn::all()
            .into_iter()
            .map(|c| serde_json::Value::String(c.as_str()))
            .collect();
        names.push(serde_json::Value::Null);
        SchemaObject {
            instance_type: Some(vec![InstanceType::String, InstanceType::Null].into()),
            enum_values: Some(names),
            metadata: Some(Box::new(Metadata {
                description: Some("Which figure the conflict is about.".into()),
                ..Default::default()
            })),
            ..Default::default()
        }
        .into()
    }

    pub(crate) fn billed(_: &mut SchemaGenerator) -> Schema {
        let kinds = strings(
            TokenKind::ALL
                .iter()
                .map(|&k| crate::validate::kind_key(k).to_string()),
            "A token kind.",
        );
        array(kinds, true)
    }

    impl JsonSchema for Date {
        fn schema_name() -> String {
            "Date".into()
        }

        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            SchemaObject {
                instance_type: Some(InstanceType::String.into()),
                format: Some("date".into()),
                string: Some(Box::new(StringValidation {
                    pattern: Some("^[0-9]{4}-[0-9]{2}-[0-9]{2}$".into()),
                    ..Default::default()
                })),
                metadata: Some(Box::new(Metadata {
                    description: Some("A calendar day, YYYY-MM-DD.".into()),
                    ..Default::default()
                })),
                ..Default::default()
            }
            .into()
        }
    }

    impl JsonSchema for Edition {
        fn schema_name() -> String {
            "Edition".into()
        }

        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            strings(
                Edition::all().iter().map(|e| e.key.to_string()),
                "An edition of the bundled cards, oldest first.",
            )
        }
    }

    impl<T: JsonSchema> JsonSchema for Dated<T> {
        fn schema_name() -> String {
            format!("Dated_{}", T::schema_name())
        }

        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            let one = g.subschema_for::<T>();
            let mut history = SchemaObject {
                instance_type: Some(InstanceType::Array.into()),
                array: Some(Box::new(ArrayValidation {
                    items: Some(g.subschema_for::<Valued<T>>().into()),
                    min_items: Some(1),
                    ..Default::default()
                })),
                ..Default::default()
            };
            history.metadata().description =
                Some("The figure's history: the value in force at a date, in an edition.".into());
            SchemaObject {
                subschemas: Some(Box::new(SubschemaValidation {
                    one_of: Some(vec![one, history.into()]),
                    ..Default::default()
                })),
                metadata: Some(Box::new(Metadata {
                    description: Some("One value, or its history.".into()),
                    ..Default::default()
                })),
                ..Default::default()
            }
            .into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::File;
    use serde_json::Value;

    /// The schema of the card format, as committed.
    const COMMITTED: &str = include_str!("../ratecard.schema.json");

    fn generated() -> String {
        let schema = schemars::gen::SchemaSettings::draft07()
            .into_generator()
            .into_root_schema_for::<File>();
        match serde_json::to_string_pretty(&schema) {
            Ok(text) => text + "\n",
            Err(e) => panic!("schema does not serialize: {e}"),
        }
    }

    /// Regenerate with `PTCALC_UPDATE_SCHEMA=1 cargo test -p ptcalc-ratecards --lib schema`.
    #[test]
    fn the_committed_json_schema_is_the_one_generated_from_the_types() {
        let now = generated();
        if std::env::var_os("PTCALC_UPDATE_SCHEMA").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/ratecard.schema.json");
            if let Err(e) = std::fs::write(path, &now) {
                panic!("cannot write {path}: {e}");
            }
            return;
        }
        assert!(
            COMMITTED == now,
            "ratecard.schema.json is stale: run PTCALC_UPDATE_SCHEMA=1 cargo test -p ptcalc-ratecards --lib schema"
        );
    }

    /// A small validator for the JSON Schema keywords the generated schema uses; an
    /// unknown keyword fails the test, so the check never silently skips a rule.
    fn validate(root: &Value, schema: &Value, v: &Value, path: &str) -> Result<(), String> {
        let Some(obj) = schema.as_object() else {
            return match schema {
                Value::Bool(true) => Ok(()),
                _ => Err(format!("{path}: not allowed")),
            };
        };
        for (k, rule) in obj {
            match k.as_str() {
                "$schema" | "title" | "description" | "default" | "format" | "definitions" => {}
                "$ref" => {
                    let name = rule
                        .as_str()
                        .and_then(|r| r.strip_prefix("#/definitions/"))
                        .ok_or_else(|| format!("{path}: unsupported $ref {rule}"))?;
                    validate(root, &root["definitions"][name], v, path)?;
                }
                "type" => {
                    let types: Vec<&str> = match rule {
                        Value::String(t) => vec![t.as_str()],
                        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                        _ => return Err(format!("{path}: bad type rule")),
                    };
                    let ok = types.iter().any(|t| match *t {
                        "object" => v.is_object(),
                        "array" => v.is_array(),
                        "string" => v.is_string(),
                        "number" => v.is_number(),
                        "integer" => v.is_u64() || v.is_i64(),
                        "boolean" => v.is_boolean(),
                        "null" => v.is_null(),
                        _ => false,
                    });
                    if !ok {
                        return Err(format!("{path}: {v} is not of type {types:?}"));
                    }
                }
                "enum" => {
                    if !rule.as_array().is_some_and(|a| a.contains(v)) {
                        return Err(format!("{path}: {v} is not one of {rule}"));
                    }
                }
                "properties" | "required" | "additionalProperties" => {
                    let Some(map) = v.as_object() else { continue };
                    let props = obj.get("properties").and_then(Value::as_object);
                    if k == "required" {
                        for r in rule
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(Value::as_str)
                        {
                            if !map.contains_key(r) {
                                return Err(format!("{path}: missing {r}"));
                            }
                        }
                    }
                    for (key, x) in map {
                        let p = format!("{path}.{key}");
                        match props.and_then(|ps| ps.get(key)) {
                            Some(sub) if k == "properties" => validate(root, sub, x, &p)?,
                            Some(_) => {}
                            None if k == "additionalProperties" => validate(root, rule, x, &p)?,
                            None => {}
                        }
                    }
                }
                "items" => {
                    for (i, x) in v.as_array().into_iter().flatten().enumerate() {
                        validate(root, rule, x, &format!("{path}[{i}]"))?;
                    }
                }
                "minItems" => {
                    let min = rule.as_u64().unwrap_or(0) as usize;
                    if v.as_array().is_some_and(|a| a.len() < min) {
                        return Err(format!("{path}: fewer than {min} items"));
                    }
                }
                "minimum" => {
                    if let (Some(x), Some(m)) = (v.as_f64(), rule.as_f64()) {
                        if x < m {
                            return Err(format!("{path}: {x} is below {m}"));
                        }
                    }
                }
                "pattern" => {
                    assert_eq!(rule, "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "unknown pattern");
                    let text = v.as_str().unwrap_or("");
                    let ok = text.len() == 10
                        && text.bytes().enumerate().all(|(i, b)| {
                            if i == 4 || i == 7 {
                                b == b'-'
                            } else {
                                b.is_ascii_digit()
                            }
                        });
                    if v.is_string() && !ok {
                        return Err(format!("{path}: {v} is not YYYY-MM-DD"));
                    }
                }
                "anyOf" | "oneOf" | "allOf" => {
                    let subs = rule.as_array().cloned().unwrap_or_default();
                    let passed = subs
                        .iter()
                        .filter(|sub| validate(root, sub, v, path).is_ok())
                        .count();
                    let ok = match k.as_str() {
                        "anyOf" => passed >= 1,
                        "oneOf" => passed == 1,
                        _ => passed == subs.len(),
                    };
                    if !ok {
                        return Err(format!("{path}: {v} matches {passed} of the {k} schemas"));
                    }
                }
                other => {
                    return Err(format!(
                        "{path}: the test validator does not know `{other}`"
                    ))
                }
            }
        }
        Ok(())
    }

    fn check(text: &str) -> Result<(), String> {
        let root: Value = serde_json::from_str(COMMITTED).map_err(|e| e.to_string())?;
        let card: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        validate(&root, &root, &card, "$")
    }

    #[test]
    fn every_bundled_card_and_the_sample_organization_card_match_the_schema() {
        for (name, text) in crate::BUNDLED {
            if let Err(e) = check(text) {
                panic!("{name}: {e}");
            }
        }
        let sample = include_str!("../../../tests/data/org-ratecard.json");
        if let Err(e) = check(sample) {
            panic!("org-ratecard.json: {e}");
        }
    }

    #[test]
    fn the_schema_refuses_what_the_loader_refuses() {
        let bad = include_str!("../../../tests/data/org-ratecard-bad.json");
        let e = check(bad).unwrap_err();
        assert!(e.contains("outptu"), "{e}");
        for broken in [
            r#"{"schema_version": 1, "sources": {}, "offerings": [], "extra": 1}"#,
            r#"{"schema_version": 1, "sources": {}}"#,
            r#"{"schema_version": 1, "sources": {"s": {"via": "x", "as_of": null, "confidence": "sure"}}, "offerings": []}"#,
        ] {
            assert!(check(broken).is_err(), "{broken}");
        }
    }

    #[test]
    fn the_schema_lists_every_confidence_serde_reads() {
        for c in super::json_schema::CONFIDENCES {
            let name = serde_json::to_value(c).expect("serializes");
            assert!(COMMITTED.contains(&name.to_string()), "{name}");
        }
    }
}
