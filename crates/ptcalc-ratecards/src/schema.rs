//! The JSON shape of a bundled rate-card file (`data/<vendor>.json`), as serde reads it.
//! Every figure names a key in the file's `sources` table; missing figures are `null`
//! or absent, never zero. The README's "Rate cards" section describes the fields.
use std::collections::BTreeMap;

use ptcalc_core::capacity::PerKind;
use ptcalc_core::offering::Confidence;
use ptcalc_core::{Deployment, Term, TokenKind};
use serde::Deserialize;

/// The schema version this crate reads.
pub(crate) const SCHEMA_VERSION: u32 = 1;

/// One rate-card file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct File {
    pub schema_version: u32,
    pub vendor: String,
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
}

/// On-demand price multipliers per non-global deployment, shared by many offerings.
#[derive(Debug, Deserialize)]
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
#[serde(deny_unknown_fields)]
pub(crate) struct Source {
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub via: Option<String>,
    /// ISO date (`2026`, `2026-08` or `2026-08-29`); `null` when the source carries none.
    pub as_of: Option<String>,
    pub confidence: Confidence,
}

/// A vendor-wide sanity rule: one fully used unit-month of capacity, priced at the
/// on-demand input rate, should cost about `usd_per_unit_month`.
#[derive(Debug, Clone, Deserialize)]
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
#[serde(deny_unknown_fields)]
pub(crate) struct ByDeployment<T> {
    #[serde(default = "none")]
    pub global: Option<T>,
    #[serde(default = "none")]
    pub datazone: Option<T>,
    #[serde(default = "none")]
    pub regional: Option<T>,
}

fn none<T>() -> Option<T> {
    None
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
#[serde(deny_unknown_fields)]
pub(crate) struct PriceSpec {
    pub term: Term,
    pub basis: Basis,
    pub price: ByDeployment<f64>,
    pub source: String,
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
}

/// Two sources disagree: `chosen` is the value in the card, `other` the rejected one.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Conflict {
    /// What the figure is, for people ("output weight").
    pub figure: String,
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
}

/// One pool of reserved capacity.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PoolSpec {
    /// Empty for a normalized pool, else `input` or `output`.
    #[serde(default)]
    pub name: String,
    pub unit: String,
    /// `null` when the vendor does not publish throughput per unit.
    pub capacity: Option<CapacitySpec>,
    pub min_units: ByDeployment<u64>,
    pub increment: ByDeployment<u64>,
    /// Capacity weight per token kind; `null` or absent = not published (resolved as 1, flagged).
    pub weights: KindValues,
    /// Weights that are assumptions, with the reason shown to the user.
    #[serde(default)]
    pub assumed_weights: AssumedWeights,
    /// Kinds whose on-demand cost this pool's overflow carries; absent = all four.
    #[serde(default)]
    pub billed: Option<Vec<TokenKind>>,
    #[serde(default)]
    pub prices: PricesSpec,
}

/// One optional figure per token kind; unknown kinds are refused (a typo must not
/// silently turn a figure into "not published").
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct KindValues {
    #[serde(default)]
    pub input: Option<f64>,
    #[serde(default)]
    pub cached_input: Option<f64>,
    #[serde(default)]
    pub cache_write: Option<f64>,
    #[serde(default)]
    pub output: Option<f64>,
}

impl KindValues {
    pub fn get(&self, kind: TokenKind) -> Option<f64> {
        self.per_kind().get(kind)
    }

    pub fn per_kind(&self) -> PerKind<Option<f64>> {
        PerKind {
            input: self.input,
            cached_input: self.cached_input,
            cache_write: self.cache_write,
            output: self.output,
        }
    }
}

/// The reason a weight is an assumption, per kind.
#[derive(Debug, Default, Deserialize)]
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
#[serde(rename_all = "snake_case")]
pub(crate) enum Per {
    Second,
    Minute,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CapacitySpec {
    /// Normalized tokens per `per`, as the vendor publishes it.
    pub tokens_per_unit: f64,
    pub per: Per,
    pub source: String,
}

impl CapacitySpec {
    pub fn per_minute(&self) -> f64 {
        match self.per {
            Per::Second => self.tokens_per_unit * 60.0,
            Per::Minute => self.tokens_per_unit,
        }
    }
}

/// On-demand list prices for the global deployment, with multipliers for the others.
#[derive(Debug, Deserialize)]
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
#[serde(deny_unknown_fields)]
pub(crate) struct BatchSpec {
    pub multiplier: f64,
    /// The deployments with a batch tier; empty = all.
    #[serde(default)]
    pub deployments: Vec<DeploymentKey>,
    pub source: String,
}
