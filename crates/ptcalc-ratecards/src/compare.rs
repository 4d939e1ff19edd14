//! A comparison: one workload on many offerings, each at its best (on-demand, full or
//! hybrid, on its cheapest term), ranked by monthly cost, with what each commitment locks
//! you into. Every row is the evaluation of the scenario with only its offering (and
//! deployment) changed, through [`Catalog::evaluate_as_of`]'s path, with the month's
//! traffic built once for all rows (it depends on the shape, not the offering); a test
//! checks each row against evaluating its own link alone, bit for bit.
use std::fmt;

use ptcalc_core::link::format;
use ptcalc_core::offering::CUSTOM_ID;
use ptcalc_core::report::{Best, MissingFigure, MonthTraffic, Report, TrafficInputs};
use ptcalc_core::scenario::Overrides;
use ptcalc_core::verdict::{range_of, Range};
use ptcalc_core::{Deployment, Scenario, Term};
use serde::{Serialize, Serializer};

use crate::catalog::{Catalog, Entry, Vendor};
use crate::commitments::Flexibility;
use crate::edition::AsOf;
use crate::pipeline::{EvaluateError, Opened};

/// What every comparison says next to its figures.
pub const COMPARE_NOTE: &str = "Token counts are the workload's as given, on every offering; models differ in quality and tokenize differently, so this compares price and commitment, not model quality.";

/// Which offerings to compare the scenario's workload on (the scenario's own is always in).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// The scenario's model wherever the cards sell it: its own offering in every deployment
    /// type, and every offering whose model has the same name once normalized
    /// ([`model_key`]), in each of their deployment types.
    SameModel,
    /// Every offering of the cards, each in the scenario's deployment type where offered,
    /// else its first.
    All,
    /// The words of a list (`cmp=`, `--offerings`): an id (in the scenario's deployment
    /// type where offered, else its first), `id~deployment`, a vendor (all of its
    /// offerings) or `all`.
    List(Vec<String>),
}

/// One offering to compare on, as a list names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfferingChoice {
    /// The offering id.
    pub id: String,
    /// The deployment type, when the list names one (`id~datazone`).
    pub deployment: Option<Deployment>,
}

/// Why a comparison could not be made.
#[derive(Clone, Debug, PartialEq)]
pub enum CompareError {
    /// The list names nothing.
    Empty,
    /// A list word names no offering of the cards.
    UnknownOffering {
        /// The word as given.
        given: String,
        /// Ids that look like it.
        suggestions: Vec<String>,
    },
    /// `id~word` where word is not a deployment type.
    UnknownDeployment {
        /// The word as given.
        given: String,
    },
    /// `id~deployment` for a deployment type the offering is not sold in.
    NotOffered {
        /// The offering id.
        id: String,
        /// The deployment asked for.
        deployment: Deployment,
        /// The ones it is sold in.
        allowed: Vec<Deployment>,
    },
    /// `custom` named in a list for a scenario on another offering.
    CustomElsewhere,
    /// An offering could not be evaluated.
    Evaluate {
        /// The offering id.
        offering: String,
        /// Why.
        error: EvaluateError,
    },
}

impl fmt::Display for CompareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let allowed = "an offering id (`ptcalc ratecards` lists them), an id with `~` and a deployment type (azure/gpt-4.1~datazone), a vendor (azure, vertex, bedrock or openai) or all";
        match self {
            CompareError::Empty => {
                write!(f, "the list of offerings is empty: name at least one, as {allowed}")
            }
            CompareError::UnknownOffering { given, suggestions } => {
                write!(f, "no rate card has the offering \"{given}\"")?;
                if !suggestions.is_empty() {
                    write!(f, " (did you mean {}?)", suggestions.join(", "))?;
                }
                write!(f, ": use {allowed}")
            }
            CompareError::UnknownDeployment { given } => write!(
                f,
                "\"{given}\": the part after ~ is not a deployment type: use global, datazone or regional"
            ),
            CompareError::NotOffered {
                id,
                deployment,
                allowed,
            } => {
                let allowed: Vec<&str> = allowed.iter().map(|d| d.as_str()).collect();
                write!(
                    f,
                    "{id} is not offered as {} (allowed: {})",
                    deployment.as_str(),
                    allowed.join(", ")
                )
            }
            CompareError::CustomElsewhere => f.write_str(
                "custom can be compared only as the scenario's own offering (o=custom): its figures come from the link",
            ),
            CompareError::Evaluate { offering, error } => write!(f, "{offering}: {error}"),
        }
    }
}

impl std::error::Error for CompareError {}

/// The multiples of the traffic over which a row's answer holds (`null`: still at the end
/// of the scan, ÷10 or ×10), as `eval`'s `answer_range`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct AnswerRange {
    /// The smallest multiple with the same answer.
    pub low: Option<f64>,
    /// The largest.
    pub high: Option<f64>,
}

impl AnswerRange {
    /// The range for a table cell: "×0.6–×2.4", "below ×0.1–×3", "×0.5–beyond ×10"
    /// (`–` for no range); the CLI's and the page's comparison tables write it so.
    pub fn words(range: Option<AnswerRange>) -> String {
        use ptcalc_core::verdict::{times, RANGE_SCAN};
        match range {
            None => "–".into(),
            Some(r) => format!(
                "{}–{}",
                r.low.map_or_else(
                    || format!("below ×{}", times(RANGE_SCAN.0)),
                    |x| format!("×{}", times(x))
                ),
                r.high.map_or_else(
                    || format!("beyond ×{}", times(RANGE_SCAN.1)),
                    |x| format!("×{}", times(x))
                )
            ),
        }
    }
}

impl From<Range> for AnswerRange {
    fn from(r: Range) -> AnswerRange {
        AnswerRange {
            low: r.low,
            high: r.high,
        }
    }
}

/// One offering of a comparison. Money in US dollars per month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// 1 for the cheapest; rows without a cost (a figure missing) come last.
    pub rank: usize,
    /// The offering id.
    pub offering: String,
    /// Its name for people.
    pub name: String,
    /// The vendor (`azure`, `vertex`, `bedrock`, `openai`, `xai`; `null` for custom).
    pub vendor: Option<&'static str>,
    /// The model as the vendor names it (empty for custom).
    pub model: String,
    /// The deployment type evaluated.
    pub deployment: Deployment,
    /// The unit reserved (PTU, GSU, model unit…).
    pub unit: String,
    /// Whether this is the scenario's own offering and deployment.
    pub own: bool,
    /// The link that evaluates this row alone (`ptcalc eval` gives the same figures).
    pub scenario: String,
    /// The best answer at this traffic, as `eval`'s `best` (`null` without an on-demand price).
    pub best: Option<Best>,
    /// The best answer's monthly cost.
    pub monthly_usd: Option<f64>,
    /// All on-demand on this offering.
    pub on_demand_usd: Option<f64>,
    /// The best answer's saving against this offering's own on-demand.
    pub saving_vs_on_demand_usd: Option<f64>,
    /// That saving as a share of the on-demand bill.
    pub saving_share: Option<f64>,
    /// The break-even utilization on [`Row::break_even_term`].
    pub break_even_utilization: Option<f64>,
    /// The best answer's term, or, when the best is on-demand, the term with the lowest
    /// break-even utilization (the commitment nearest to paying off).
    pub break_even_term: Option<Term>,
    /// The best answer's cost per million tokens of this workload's mix.
    pub usd_per_mtok: Option<f64>,
    /// The shortest term on which reserving (full or hybrid) beats on-demand.
    pub shortest_winning_term: Option<Term>,
    /// The traffic multiples over which the answer holds.
    pub answer_range: Option<AnswerRange>,
    /// The figures the cards lack for this offering (`capacity`, `unit_price`,
    /// `on_demand_price`): the figures that need them are `null`, never invented.
    #[serde(serialize_with = "missing_names")]
    pub missing: Vec<MissingFigure>,
    /// What committing on [`Row::break_even_term`] locks you into (`null` for custom).
    pub flexibility: Option<Flexibility>,
}

/// A comparison, ranked by monthly cost.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// The scenario's canonical link.
    pub scenario: String,
    /// [`COMPARE_NOTE`].
    pub note: &'static str,
    /// One per offering, cheapest first.
    pub rows: Vec<Row>,
}

/// The JSON name of a missing figure.
pub fn missing_name(m: MissingFigure) -> &'static str {
    match m {
        MissingFigure::Capacity => "capacity",
        MissingFigure::UnitPrice => "unit_price",
        MissingFigure::OnDemandPrice => "on_demand_price",
    }
}

fn missing_names<S: Serializer>(missing: &[MissingFigure], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(missing.iter().map(|m| missing_name(*m)))
}

/// A model name normalized for matching across vendors: lowercase, every run of other
/// characters than letters and digits one `-` (`gpt-4.1`, `GPT 4.1` and `gpt_4_1` match;
/// `claude-3-7-sonnet` and `claude-3.7-sonnet` too).
///
/// ```
/// use ptcalc_ratecards::model_key;
/// assert_eq!(model_key("claude-3.7-sonnet"), model_key("claude-3-7-sonnet"));
/// assert_ne!(model_key("gpt-4.1"), model_key("gpt-4.1-mini"));
/// ```
pub fn model_key(model: &str) -> String {
    let mut out = String::new();
    for c in model.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Splits a list as `--offerings` and `cmp=` write it: words separated by commas.
///
/// # Errors
/// [`CompareError::Empty`] when it names nothing.
///
/// ```
/// let words = ptcalc_ratecards::parse_offerings(" azure/gpt-4.1~datazone, openai ").unwrap();
/// assert_eq!(words, ["azure/gpt-4.1~datazone", "openai"]);
/// assert!(ptcalc_ratecards::parse_offerings(" , ").is_err());
/// ```
pub fn parse_offerings(text: &str) -> Result<Vec<String>, CompareError> {
    let words: Vec<String> = text
        .split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    if words.is_empty() {
        Err(CompareError::Empty)
    } else {
        Ok(words)
    }
}

/// [`Catalog::compare`] on the bundled cards.
///
/// # Errors
/// As [`Catalog::compare`].
pub fn compare(opened: &Opened, selection: &Selection) -> Result<Comparison, CompareError> {
    crate::catalog().compare(opened, selection)
}

impl Catalog {
    /// The offerings `selection` names, the scenario's own first, each once.
    ///
    /// # Errors
    /// A list word that names no offering, deployment type or vendor; an empty list.
    pub fn compare_choices(
        &self,
        own: &Scenario,
        selection: &Selection,
        at: AsOf,
    ) -> Result<Vec<OfferingChoice>, CompareError> {
        let mut out = vec![OfferingChoice {
            id: own.offering.clone(),
            deployment: Some(own.deployment),
        }];
        let entries = self.entries_as_of(at);
        let every_deployment = |e: &Entry| -> Vec<OfferingChoice> {
            e.deployments
                .iter()
                .map(|d| OfferingChoice {
                    id: e.id.clone(),
                    deployment: Some(*d),
                })
                .collect()
        };
        let bare = |e: &Entry| OfferingChoice {
            id: e.id.clone(),
            deployment: None,
        };
        match selection {
            Selection::SameModel => {
                if let Some(mine) = entries.iter().find(|e| e.id == own.offering) {
                    let key = model_key(&mine.model);
                    out.extend(every_deployment(mine));
                    for e in entries.iter().filter(|e| e.id != mine.id) {
                        if model_key(&e.model) == key {
                            out.extend(every_deployment(e));
                        }
                    }
                }
            }
            Selection::All => out.extend(entries.iter().map(bare)),
            Selection::List(words) => {
                if words.is_empty() {
                    return Err(CompareError::Empty);
                }
                for word in words {
                    out.extend(self.choices_of(word, own, &entries)?);
                }
            }
        }
        let mut seen: Vec<(String, Option<Deployment>)> = Vec::new();
        out.retain(|c| {
            let key = (
                c.id.clone(),
                c.deployment.or(Some(own.deployment)).filter(|d| {
                    entries
                        .iter()
                        .find(|e| e.id == c.id)
                        .is_none_or(|e| e.deployments.contains(d))
                }),
            );
            if seen.contains(&key) {
                false
            } else {
                seen.push(key);
                true
            }
        });
        Ok(out)
    }

    /// The offerings of the edition `at` names, as of its date.
    fn entries_as_of(&self, at: AsOf) -> Vec<Entry> {
        if at == AsOf::current() {
            return self.entries().to_vec();
        }
        self.ids_in(at.edition)
            .into_iter()
            .filter_map(|id| self.entry_as_of(&id, at))
            .collect()
    }

    fn choices_of(
        &self,
        word: &str,
        own: &Scenario,
        entries: &[Entry],
    ) -> Result<Vec<OfferingChoice>, CompareError> {
        let bare = |e: &Entry| OfferingChoice {
            id: e.id.clone(),
            deployment: None,
        };
        if word == "all" {
            return Ok(entries.iter().map(bare).collect());
        }
        if let Some(vendor) = Vendor::parse(word) {
            return Ok(entries
                .iter()
                .filter(|e| e.vendor == vendor)
                .map(bare)
                .collect());
        }
        let (id, deployment) = match word.split_once('~') {
            Some((id, d)) => (
                id,
                Some(
                    Deployment::parse(d).ok_or_else(|| CompareError::UnknownDeployment {
                        given: word.to_string(),
                    })?,
                ),
            ),
            None => (word, None),
        };
        if id == CUSTOM_ID {
            return if own.offering == CUSTOM_ID {
                Ok(Vec::new())
            } else {
                Err(CompareError::CustomElsewhere)
            };
        }
        let Some(entry) = entries.iter().find(|e| e.id == id) else {
            let key = model_key(id.rsplit('/').next().unwrap_or(id));
            let suggestions = entries
                .iter()
                .filter(|e| !key.is_empty() && model_key(&e.id).contains(&key))
                .take(5)
                .map(|e| e.id.clone())
                .collect();
            return Err(CompareError::UnknownOffering {
                given: word.to_string(),
                suggestions,
            });
        };
        if let Some(d) = deployment {
            if !entry.deployments.contains(&d) {
                return Err(CompareError::NotOffered {
                    id: entry.id.clone(),
                    deployment: d,
                    allowed: entry.deployments.clone(),
                });
            }
        }
        Ok(vec![OfferingChoice {
            id: entry.id.clone(),
            deployment,
        }])
    }

    /// The scenario of `opened` evaluated on every offering `selection` names (its own
    /// always included), ranked by the best answer's monthly cost. A row is the scenario
    /// with its offering and deployment replaced (the figures typed into the link are the
    /// scenario's own offering's, so other rows use the cards'), made servable as a link is
    /// (a term the offering lacks falls back to its longest), and evaluated as
    /// [`Catalog::evaluate_as_of`] does at the link's date and edition.
    ///
    /// # Errors
    /// What [`Catalog::compare_choices`] refuses; an offering that cannot be evaluated.
    ///
    /// ```
    /// use ptcalc_ratecards::{catalog, Selection};
    /// let opened = catalog().open_link_on("v=1&o=azure/gpt-4.1", "2026-11-27".parse().unwrap());
    /// let c = catalog().compare(&opened, &Selection::SameModel).unwrap();
    /// assert!(c.rows.iter().any(|r| r.offering == "openai/gpt-4.1-scale"));
    /// assert_eq!(c.rows.iter().filter(|r| r.own).count(), 1);
    /// assert!(c.rows.windows(2).all(|w| w[0].monthly_usd <= w[1].monthly_usd));
    /// ```
    pub fn compare(
        &self,
        opened: &Opened,
        selection: &Selection,
    ) -> Result<Comparison, CompareError> {
        // The month's traffic is the same on every offering: built once, reused by each row.
        let traffic = MonthTraffic::build(&TrafficInputs::of(&opened.scenario)).ok();
        self.compare_with(opened, selection, traffic.as_ref())
    }

    /// [`Catalog::compare`] with the month's traffic already built for the scenario
    /// (`MonthTraffic::build(&TrafficInputs::of(&opened.scenario))`, as a page holds it), so a
    /// comparison after an edit of the rates builds none. `None` builds it per row, as an
    /// evaluation without one does.
    ///
    /// # Errors
    /// As [`Catalog::compare`].
    pub fn compare_with(
        &self,
        opened: &Opened,
        selection: &Selection,
        traffic: Option<&MonthTraffic>,
    ) -> Result<Comparison, CompareError> {
        let own = &opened.scenario;
        let at = opened.as_of;
        let choices = self.compare_choices(own, selection, at)?;
        let mut rows = Vec::with_capacity(choices.len());
        for choice in &choices {
            let is_own =
                choice.id == own.offering && choice.deployment.is_none_or(|d| d == own.deployment);
            let mut s = own.clone();
            if !is_own {
                s.offering = choice.id.clone();
                s.deployment = choice.deployment.unwrap_or(own.deployment);
                s.overrides = Overrides::default();
                s.units = None;
            }
            let s = self.servable(s, Vec::new(), at).scenario;
            let analysis = self.evaluate_as_of_with(&s, at, traffic).map_err(|error| {
                CompareError::Evaluate {
                    offering: choice.id.clone(),
                    error,
                }
            })?;
            let range = range_of(&analysis);
            rows.push(self.row(&s, is_own, &analysis.report, range, at));
        }
        rows.sort_by(|a, b| match (a.monthly_usd, b.monthly_usd) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        for (i, row) in rows.iter_mut().enumerate() {
            row.rank = i + 1;
        }
        Ok(Comparison {
            scenario: format(own),
            note: COMPARE_NOTE,
            rows,
        })
    }

    /// One row from the report of its scenario `s`.
    fn row(&self, s: &Scenario, own: bool, r: &Report, range: Option<Range>, at: AsOf) -> Row {
        let entry = self.entry_as_of(&s.offering, at);
        let od = r.monthly.on_demand;
        let full_units = r.units.required.unwrap_or(0);
        // A term the model's lifecycle rules out (it outlives the model) never wins, as it is
        // never the answer (`Lifecycle::may_answer`).
        let answerable = |t: &ptcalc_core::report::TermRow| {
            r.offering
                .lifecycle
                .as_ref()
                .is_none_or(|l| l.may_answer(t.term))
        };
        let wins = |t: &ptcalc_core::report::TermRow| {
            answerable(t)
                && od.is_some_and(|od| {
                    t.full_provisioned
                        .is_some_and(|f| f < od - 1e-9 && full_units > 0)
                        || t.hybrid
                            .as_ref()
                            .is_some_and(|h| h.total_usd < od - 1e-9 && h.units > 0)
                })
        };
        let shortest_winning_term = r.terms.iter().filter(|t| wins(t)).map(|t| t.term).min();
        let break_even = match r.best.as_ref().and_then(|b| b.term) {
            Some(term) => r
                .terms
                .iter()
                .find(|t| t.term == term)
                .map(|t| (t.break_even_utilization, Some(term))),
            None => r
                .terms
                .iter()
                .filter_map(|t| t.break_even_utilization.map(|u| (u, t.term)))
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(u, term)| (Some(u), Some(term))),
        };
        let (break_even_utilization, break_even_term) = break_even.unwrap_or((None, None));
        let monthly_usd = r.best.as_ref().map(|b| b.monthly_usd);
        let tokens = r.load.tokens_per_month;
        let flexibility_term = break_even_term
            .or_else(|| entry.as_ref().and_then(|e| e.priced_terms.first().copied()))
            .unwrap_or(s.term);
        Row {
            rank: 0,
            offering: s.offering.clone(),
            name: r.offering.name.clone(),
            vendor: entry.as_ref().map(|e| e.vendor.as_str()),
            model: entry.as_ref().map(|e| e.model.clone()).unwrap_or_default(),
            deployment: s.deployment,
            unit: r.offering.unit.clone(),
            own,
            scenario: r.scenario.clone(),
            best: r.best.clone(),
            monthly_usd,
            on_demand_usd: od,
            saving_vs_on_demand_usd: r.best.as_ref().map(|b| b.saving_vs_on_demand_usd),
            saving_share: r.best.as_ref().map(|b| b.saving_share),
            break_even_utilization,
            break_even_term,
            usd_per_mtok: monthly_usd
                .filter(|_| tokens > 0.0)
                .map(|m| m / tokens * 1e6),
            shortest_winning_term,
            answer_range: range.map(AnswerRange::from),
            missing: r.missing_figures(),
            flexibility: if s.offering == CUSTOM_ID {
                None
            } else {
                self.flexibility(&s.offering, s.deployment, flexibility_term, at)
            },
        }
    }
}
