//! An offering as the math sees it: plain numbers for one vendor model and one
//! deployment type, already resolved from a rate card (or entered by the user for
//! `custom`). Each figure carries its provenance so the page and the CLI can cite it.
use alloc::string::String;
use alloc::vec::Vec;
#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use crate::capacity::PerKind;
use crate::terms::{PriceBasis, Term};

/// Where a deployment's tokens may be processed (Azure names; other vendors use `Global`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Deployment {
    /// Any region worldwide.
    #[default]
    Global,
    /// Within a data zone (EU, US).
    DataZone,
    /// One region.
    Regional,
}

impl Deployment {
    /// Every deployment type.
    pub const ALL: [Deployment; 3] = [
        Deployment::Global,
        Deployment::DataZone,
        Deployment::Regional,
    ];

    /// The link spelling (`global`, `datazone`, `regional`).
    pub fn as_str(self) -> &'static str {
        match self {
            Deployment::Global => "global",
            Deployment::DataZone => "datazone",
            Deployment::Regional => "regional",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Deployment::Global => "Global",
            Deployment::DataZone => "Data Zone",
            Deployment::Regional => "Regional",
        }
    }

    /// Parses the link spelling.
    pub fn parse(s: &str) -> Option<Deployment> {
        Deployment::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// How sure we are of a figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Confidence {
    /// The vendor's own documentation or price page.
    Official,
    /// A vendor figure seen through a dated third-party copy.
    OfficialViaThirdParty,
    /// A figure seen only on an unofficial copy or mirror of a vendor page.
    Unofficial,
    /// Arithmetic on published figures.
    Derived,
    /// A stated assumption (editable).
    Assumption,
    /// Entered by the user (link override or `custom`).
    UserEntered,
    /// From the user's organization's own rate card (negotiated price, private offer).
    Organization,
}

impl Confidence {
    /// A short label.
    pub fn label(self) -> &'static str {
        match self {
            Confidence::Official => "official",
            Confidence::OfficialViaThirdParty => "official via third party",
            Confidence::Unofficial => "unofficial copy",
            Confidence::Derived => "derived",
            Confidence::Assumption => "assumption",
            Confidence::UserEntered => "entered by you",
            Confidence::Organization => "your organization's",
        }
    }
}

/// Where a figure comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Provenance {
    /// Source URL (or a description when there is no URL).
    pub source: String,
    /// The date the source carries (ISO 8601, possibly just year-month).
    pub as_of: String,
    /// How sure we are.
    pub confidence: Confidence,
}

impl Provenance {
    /// The provenance of a figure the user typed.
    pub fn user_entered() -> Provenance {
        Provenance {
            source: String::from("entered by you"),
            as_of: String::new(),
            confidence: Confidence::UserEntered,
        }
    }
}

/// A price for one term.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct TermPrice {
    /// The term.
    pub term: Term,
    /// The quoted price per unit.
    pub price: PriceBasis,
    /// Where it comes from.
    pub provenance: Provenance,
}

/// A pool of reserved capacity sized on its own: one for normalized offerings
/// (Azure PTU, Vertex GSU, Bedrock model units), two (input, output) for
/// per-dimension offerings (OpenAI Scale Tier, Bedrock reserved TPM).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Pool {
    /// Empty for a normalized pool, else `input` or `output`.
    pub name: String,
    /// The unit's name (PTU, GSU, model unit, input unit…).
    pub unit: String,
    /// Normalized tokens per minute one unit carries; `None` when the vendor does not publish it.
    pub capacity_per_unit_per_minute: Option<f64>,
    /// Provenance of the capacity and the weights.
    pub capacity_provenance: Option<Provenance>,
    /// The smallest count one can buy.
    pub min_units: u64,
    /// Counts above the minimum go in steps of this.
    pub increment: u64,
    /// Capacity consumed per token of each kind.
    pub weights: PerKind<f64>,
    /// Which kinds' on-demand cost this pool's overflow carries (each kind is billed by exactly one pool).
    pub billed: PerKind<bool>,
    /// Unit prices per term.
    pub prices: Vec<TermPrice>,
}

impl Pool {
    /// The price on `term`, if published.
    pub fn price(&self, term: Term) -> Option<&TermPrice> {
        self.prices.iter().find(|p| p.term == term)
    }

    /// Dollars per unit per month on `term`, if priced.
    pub fn usd_per_unit_month(&self, term: Term, hours_per_month: f64) -> Option<f64> {
        self.price(term)
            .map(|p| p.price.usd_per_unit_month(hours_per_month))
    }
}

/// One reservable offering, resolved for one deployment type.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Offering {
    /// The link id, e.g. `azure/gpt-4.1`.
    pub id: String,
    /// A name for people, e.g. `Azure OpenAI gpt-4.1 (PTU)`.
    pub name: String,
    /// The unit's name as the vendor says it.
    pub unit: String,
    /// The deployment type the figures are for.
    pub deployment: Deployment,
    /// One normalized pool, or an input and an output pool.
    pub pools: Vec<Pool>,
    /// On-demand list prices in dollars per 1M tokens; `None` where not published.
    pub on_demand_usd_per_mtok: PerKind<Option<f64>>,
    /// Provenance of the on-demand prices.
    pub on_demand_provenance: Option<Provenance>,
    /// Batch price as a fraction of on-demand (0.5 = half price); `None` when no batch tier.
    pub batch_multiplier: Option<f64>,
    /// `Some(false)` when long-context requests are not served by reserved capacity.
    pub long_context_on_reserved: Option<bool>,
    /// Notes to show beside the figures (conflicts, caveats).
    pub notes: Vec<String>,
    /// The model's lifecycle on the day the figures were resolved for, where the cards
    /// record one (`None` for `custom` and for models without recorded dates).
    #[cfg_attr(feature = "serde", serde(default))]
    pub lifecycle: Option<crate::lifecycle::Lifecycle>,
}

impl Offering {
    /// The terms any pool has a price for, shortest first.
    pub fn terms(&self) -> Vec<Term> {
        Term::ALL
            .into_iter()
            .filter(|t| self.pools.iter().any(|p| p.price(*t).is_some()))
            .collect()
    }

    /// Whether input and output are reserved separately.
    pub fn is_per_dimension(&self) -> bool {
        self.pools.len() > 1
    }
}

/// The offering id that takes every figure from the scenario.
pub const CUSTOM_ID: &str = "custom";

impl Offering {
    /// A `custom` offering built only from the user's figures: capacity `cap`,
    /// `min` (default 1), `inc` (default 1), weights (input 1, cached `wcache`
    /// default 1, cache write 1, output `wout` default 1), the unit price `pu`/`pm`
    /// for `term` less the discount `disc`, on-demand `pin`/`pcache`/`pcw`/`pout`. What
    /// the user did not enter stays absent.
    ///
    /// ```
    /// use ptcalc_core::{scenario::Overrides, Offering, PriceBasis, Term};
    /// let o = Overrides { usd_per_unit_hour: Some(10.0), discount_percent: Some(35.0), ..Overrides::default() };
    /// let custom = Offering::custom(&o, Term::Month1);
    /// assert_eq!(custom.pools[0].prices[0].price, PriceBasis::PerHour(6.5));
    /// ```
    pub fn custom(overrides: &crate::scenario::Overrides, term: Term) -> Offering {
        let o = overrides;
        let mut prices = Vec::new();
        if let Some(price) = user_unit_price(o) {
            prices.push(TermPrice {
                term,
                price: discounted(price, o.discount_percent),
                provenance: Provenance::user_entered(),
            });
        }
        let on_demand = PerKind {
            input: o.input_usd_per_mtok,
            cached_input: o.cached_usd_per_mtok,
            cache_write: o.cache_write_usd_per_mtok,
            output: o.output_usd_per_mtok,
        };
        Offering {
            id: String::from(CUSTOM_ID),
            name: String::from("Custom offering"),
            unit: String::from("unit"),
            deployment: Deployment::Global,
            pools: alloc::vec![Pool {
                name: String::new(),
                unit: String::from("unit"),
                capacity_per_unit_per_minute: o.capacity_per_unit_per_minute,
                capacity_provenance: o
                    .capacity_per_unit_per_minute
                    .map(|_| Provenance::user_entered()),
                min_units: o.min_units.unwrap_or(1),
                increment: o.increment.unwrap_or(1),
                weights: PerKind {
                    input: 1.0,
                    cached_input: o.cached_weight.unwrap_or(1.0),
                    cache_write: 1.0,
                    output: o.output_weight.unwrap_or(1.0),
                },
                billed: PerKind {
                    input: true,
                    cached_input: true,
                    cache_write: true,
                    output: true
                },
                prices,
            }],
            on_demand_provenance: on_demand
                .input
                .or(on_demand.output)
                .map(|_| Provenance::user_entered()),
            on_demand_usd_per_mtok: on_demand,
            batch_multiplier: None,
            long_context_on_reserved: None,
            notes: Vec::new(),
            lifecycle: None,
        }
    }

    /// The offering a scenario is evaluated against: `custom` built from the scenario's
    /// entries alone, any other offering with them typed over the rate card's. The one rule
    /// the report, the page and the charts share.
    pub fn effective(&self, overrides: &crate::scenario::Overrides, term: Term) -> Offering {
        if self.id == CUSTOM_ID {
            Offering::custom(overrides, term)
        } else {
            self.with_overrides(overrides, term)
        }
    }

    /// The offering with the user's figures typed over the rate card's. Capacity,
    /// minimum, increment and weights apply to normalized (single-pool) offerings;
    /// `pu`/`pm` set the price of `term`; `disc` takes a percentage off every unit price;
    /// `pin`… replace on-demand prices. Overridden figures are marked as entered by the user.
    pub fn with_overrides(&self, overrides: &crate::scenario::Overrides, term: Term) -> Offering {
        let o = overrides;
        let mut out = self.clone();
        let single = out.pools.len() == 1;
        for pool in &mut out.pools {
            if single {
                if let Some(cap) = o.capacity_per_unit_per_minute {
                    pool.capacity_per_unit_per_minute = Some(cap);
                    pool.capacity_provenance = Some(Provenance::user_entered());
                }
                if let Some(v) = o.min_units {
                    pool.min_units = v;
                }
                if let Some(v) = o.increment {
                    pool.increment = v;
                }
                if let Some(v) = o.output_weight {
                    pool.weights.output = v;
                }
                if let Some(v) = o.cached_weight {
                    pool.weights.cached_input = v;
                }
                if let Some(price) = user_unit_price(o) {
                    pool.prices.retain(|p| p.term != term);
                    pool.prices.push(TermPrice {
                        term,
                        price,
                        provenance: Provenance::user_entered(),
                    });
                }
            }
            for p in &mut pool.prices {
                p.price = discounted(p.price, o.discount_percent);
            }
        }
        let od = &mut out.on_demand_usd_per_mtok;
        let mut touched = false;
        for (slot, value) in [
            (&mut od.input, o.input_usd_per_mtok),
            (&mut od.cached_input, o.cached_usd_per_mtok),
            (&mut od.cache_write, o.cache_write_usd_per_mtok),
            (&mut od.output, o.output_usd_per_mtok),
        ] {
            if let Some(v) = value {
                *slot = Some(v);
                touched = true;
            }
        }
        if touched {
            out.on_demand_provenance = Some(Provenance::user_entered());
        }
        out
    }
}

/// A unit price less a discount in percent (`disc`); unchanged without one.
fn discounted(price: PriceBasis, discount_percent: Option<f64>) -> PriceBasis {
    match discount_percent {
        Some(disc) => price.scaled(1.0 - disc / 100.0),
        None => price,
    }
}

/// The unit price the user typed: `pm` ($/unit-month) if given, else `pu` ($/unit-hour).
fn user_unit_price(o: &crate::scenario::Overrides) -> Option<PriceBasis> {
    o.usd_per_unit_month
        .map(PriceBasis::PerMonth)
        .or(o.usd_per_unit_hour.map(PriceBasis::PerHour))
}
