//! A second opinion on the cards: every on-demand list price (input, cached input, output)
//! and retirement day compared with LiteLLM's community price list
//! (`model_prices_and_context_window.json`, MIT, <https://github.com/BerriAI/litellm>). A
//! difference is *explained* only by data in the card: a dated value of the same figure
//! (a promotion the list still shows, a rise it already shows), a date conflict recorded on
//! the lifecycle entry, or an offering's `second_opinion.explained` entry naming its reason
//! and source. Anything else *differs*, and updating the cards starts from that list.
use std::collections::BTreeMap;
use std::fmt;

use ptcalc_core::{Deployment, TokenKind};
use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Vendor};
use crate::date::Date;
use crate::edition::AsOf;
use crate::lifecycle;
use crate::schema::{Dated, LifeDateSpec, OfferingSpec};

/// Prices closer than this share of the larger one agree (the list stores dollars per
/// token, so `2e-6 × 1e6` is `2.0000000000000004`).
const SAME_PRICE_SHARE: f64 = 1e-9;

/// A figure the second opinion compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum OpinionFigure {
    /// On-demand input, dollars per 1M tokens (the list's `input_cost_per_token`).
    Input,
    /// On-demand cached input (`cache_read_input_token_cost`).
    CachedInput,
    /// On-demand output (`output_cost_per_token`).
    Output,
    /// The day the model is retired (the list's `deprecation_date`).
    Retired,
}

impl OpinionFigure {
    /// Every figure, in the order they are listed.
    pub const ALL: [OpinionFigure; 4] = [
        OpinionFigure::Input,
        OpinionFigure::CachedInput,
        OpinionFigure::Output,
        OpinionFigure::Retired,
    ];

    /// The card's spelling.
    ///
    /// ```
    /// assert_eq!(ptcalc_ratecards::OpinionFigure::CachedInput.as_str(), "cached_input");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            OpinionFigure::Input => "input",
            OpinionFigure::CachedInput => "cached_input",
            OpinionFigure::Output => "output",
            OpinionFigure::Retired => "retired",
        }
    }

    fn kind(self) -> Option<TokenKind> {
        match self {
            OpinionFigure::Input => Some(TokenKind::Input),
            OpinionFigure::CachedInput => Some(TokenKind::CachedInput),
            OpinionFigure::Output => Some(TokenKind::Output),
            OpinionFigure::Retired => None,
        }
    }
}

/// A value of a compared figure: dollars per 1M tokens, or a day.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Theirs {
    /// Dollars per 1M tokens.
    Usd(f64),
    /// A day, `YYYY-MM-DD`.
    Day(String),
}

impl Theirs {
    fn same(&self, other: &Theirs) -> bool {
        match (self, other) {
            (Theirs::Usd(a), Theirs::Usd(b)) => same_price(*a, *b),
            (Theirs::Day(a), Theirs::Day(b)) => a == b,
            _ => false,
        }
    }
}

impl fmt::Display for Theirs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Theirs::Usd(v) => write!(f, "${v}"),
            Theirs::Day(d) => f.write_str(d),
        }
    }
}

fn same_price(a: f64, b: f64) -> bool {
    (a - b).abs() <= SAME_PRICE_SHARE * a.abs().max(b.abs())
}

/// How the card and the list compare on one figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    /// Same value (for `retired`: the list's day is the card's retirement or its
    /// closed-to-new day).
    Agree,
    /// Different, and the card says why (`reason`, `source`).
    Explained,
    /// Different, and the card does not say why: check the vendor's page.
    Differs,
    /// The list has a value the card lacks (not a failure: a lead to follow).
    OursMissing,
    /// The card has a value the list lacks.
    TheirsMissing,
}

impl Agreement {
    /// The word printed by `ptcalc ratecards --compare`.
    pub fn as_str(self) -> &'static str {
        match self {
            Agreement::Agree => "agree",
            Agreement::Explained => "explained",
            Agreement::Differs => "differs",
            Agreement::OursMissing => "ours missing",
            Agreement::TheirsMissing => "theirs missing",
        }
    }
}

/// One figure of one offering, the card's value beside the list's.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OpinionRow {
    /// The offering id.
    pub offering: String,
    /// The list's key compared with.
    pub key: String,
    /// Which figure.
    pub figure: OpinionFigure,
    /// The card's value in force on the day compared (`null`: not in the card).
    pub ours: Option<Theirs>,
    /// The list's value (`null`: not in the list).
    pub theirs: Option<Theirs>,
    /// How they compare.
    pub agreement: Agreement,
    /// Why they differ, or which of the card's values the list matches.
    pub reason: Option<String>,
    /// The source of the reason (a key of the card's `sources`).
    pub source: Option<String>,
}

/// An offering with figures to compare whose model the list lacks under every key tried.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unlisted {
    /// The offering id.
    pub offering: String,
    /// The keys tried (empty: no rule for the vendor and no `second_opinion.keys`).
    pub tried: Vec<String>,
}

/// The comparison of the cards with one copy of the list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SecondOpinion {
    /// The day whose card values are compared, `YYYY-MM-DD`.
    pub date: String,
    /// The edition of the cards.
    pub edition: String,
    /// One row per offering and figure that either side holds.
    pub rows: Vec<OpinionRow>,
    /// Offerings the list lacks.
    pub unlisted: Vec<Unlisted>,
}

impl SecondOpinion {
    /// The rows with this agreement.
    pub fn with(&self, agreement: Agreement) -> impl Iterator<Item = &OpinionRow> {
        self.rows.iter().filter(move |r| r.agreement == agreement)
    }

    /// How many rows have this agreement.
    pub fn count(&self, agreement: Agreement) -> usize {
        self.with(agreement).count()
    }
}

/// The figures of one entry of the list this module reads.
#[derive(Clone, Debug, Default, PartialEq)]
struct ListEntry {
    input: Option<f64>,
    cached_input: Option<f64>,
    output: Option<f64>,
    retired: Option<String>,
}

impl ListEntry {
    fn get(&self, figure: OpinionFigure) -> Option<Theirs> {
        match figure {
            OpinionFigure::Input => self.input.map(Theirs::Usd),
            OpinionFigure::CachedInput => self.cached_input.map(Theirs::Usd),
            OpinionFigure::Output => self.output.map(Theirs::Usd),
            OpinionFigure::Retired => self.retired.clone().map(Theirs::Day),
        }
    }
}

/// A copy of LiteLLM's `model_prices_and_context_window.json`: per key, the on-demand
/// prices (converted to dollars per 1M tokens) and the `deprecation_date`. Entries that
/// are not objects, and fields that are not numbers or days (the list's `sample_spec`), are
/// skipped.
#[derive(Clone, Debug, Default)]
pub struct PriceList {
    entries: BTreeMap<String, ListEntry>,
}

/// Why a price list cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PriceListError {
    /// Not JSON: where and what.
    Json {
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// What serde_json says.
        message: String,
    },
    /// JSON, but not an object of models.
    NotAnObject,
}

impl fmt::Display for PriceListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PriceListError::Json {
                line,
                column,
                message,
            } => write!(
                f,
                "line {line} column {column}: {message} (expected LiteLLM's model_prices_and_context_window.json)"
            ),
            PriceListError::NotAnObject => f.write_str(
                "not a price list: expected a JSON object of models, as LiteLLM's model_prices_and_context_window.json",
            ),
        }
    }
}

impl std::error::Error for PriceListError {}

impl PriceList {
    /// Reads the list's JSON text.
    ///
    /// ```
    /// use ptcalc_ratecards::PriceList;
    /// let list = PriceList::parse(r#"{"gpt-4.1": {"input_cost_per_token": 2e-6}}"#).unwrap();
    /// assert_eq!(list.len(), 1);
    /// let err = PriceList::parse("{\n  \"gpt-4.1\": {,}\n}").unwrap_err();
    /// assert!(err.to_string().starts_with("line 2 column 15:"));
    /// ```
    ///
    /// # Errors
    /// Not JSON (with its line and column), or not an object.
    pub fn parse(text: &str) -> Result<PriceList, PriceListError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| PriceListError::Json {
                line: e.line(),
                column: e.column(),
                message: {
                    let full = e.to_string();
                    let suffix = format!(" at line {} column {}", e.line(), e.column());
                    full.strip_suffix(&suffix).unwrap_or(&full).to_string()
                },
            })?;
        let serde_json::Value::Object(map) = value else {
            return Err(PriceListError::NotAnObject);
        };
        let per_mtok = |e: &serde_json::Value, field: &str| {
            e.get(field)
                .and_then(serde_json::Value::as_f64)
                .filter(|v| v.is_finite() && *v >= 0.0)
                // Per token to per 1M tokens, to a billionth of a dollar: 4e-7 × 1e6 is
                // 0.39999999999999997, and the list's prices have fewer digits than that.
                .map(|v| (v * 1e15).round() / 1e9)
        };
        let entries = map
            .iter()
            .filter(|(_, e)| e.is_object())
            .map(|(key, e)| {
                let retired = e
                    .get("deprecation_date")
                    .and_then(serde_json::Value::as_str)
                    .filter(|d| d.len() == 10 && d.parse::<Date>().is_ok())
                    .map(String::from);
                let entry = ListEntry {
                    input: per_mtok(e, "input_cost_per_token"),
                    cached_input: per_mtok(e, "cache_read_input_token_cost"),
                    output: per_mtok(e, "output_cost_per_token"),
                    retired,
                };
                (key.clone(), entry)
            })
            .collect();
        Ok(PriceList { entries })
    }

    /// How many entries the list holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the list holds no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether the list has this key.
    pub fn contains(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }
}

/// The list's keys tried for a model of `vendor`, first found wins (the mapping; an
/// offering's `second_opinion.keys` replaces it). The model is lowercased, spaces become
/// `-`:
/// - Azure: `azure/<model>` (Azure OpenAI), `azure_ai/<model>` (Foundry partner models),
///   then `<model>` (OpenAI's own price, which Azure's Global list price follows);
/// - Vertex: `vertex_ai/<model>`, `<model>` (the list's Vertex Gemini entries),
///   then `gemini/<model>` (Google AI Studio);
/// - OpenAI: `<model>`;
/// - xAI: `xai/<model>`;
/// - Bedrock: none (the list keys Bedrock by versioned model ids, given in the card).
///
/// ```
/// use ptcalc_ratecards::{litellm_keys, Vendor};
/// assert_eq!(litellm_keys(Vendor::Azure, "DeepSeek-R1")[1], "azure_ai/deepseek-r1");
/// assert_eq!(litellm_keys(Vendor::OpenAi, "gpt-4.1"), vec!["gpt-4.1"]);
/// assert!(litellm_keys(Vendor::Bedrock, "Claude Sonnet 4.5").is_empty());
/// ```
pub fn litellm_keys(vendor: Vendor, model: &str) -> Vec<String> {
    let m: String = model
        .trim()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-");
    match vendor {
        Vendor::Azure => vec![format!("azure/{m}"), format!("azure_ai/{m}"), m],
        Vendor::Vertex => vec![format!("vertex_ai/{m}"), m.clone(), format!("gemini/{m}")],
        Vendor::OpenAi => vec![m],
        Vendor::Xai => vec![format!("xai/{m}")],
        Vendor::Bedrock => Vec::new(),
    }
}

/// The keys tried for an offering: its card's `second_opinion.keys`, else the rule.
pub(crate) fn keys_for(vendor: Vendor, spec: &OfferingSpec) -> Vec<String> {
    match &spec.second_opinion {
        Some(s) if !s.keys.is_empty() => s.keys.clone(),
        _ => litellm_keys(vendor, &spec.model),
    }
}

/// Whether the offering has a figure the second opinion compares.
pub(crate) fn has_figures(spec: &OfferingSpec) -> bool {
    spec.on_demand.is_some()
        || spec
            .lifecycle
            .as_ref()
            .is_some_and(|l| !l.retired.is_empty() || !l.closed_to_new.is_empty())
}

/// The rows of one offering against one entry of the list, on `at`.
pub(crate) fn compare_offering(
    spec: &OfferingSpec,
    key: &str,
    theirs: &PriceList,
    at: AsOf,
) -> Vec<OpinionRow> {
    let Some(entry) = theirs.entries.get(key) else {
        return Vec::new();
    };
    let deployment = spec
        .deployments
        .iter()
        .map(|&k| Deployment::from(k))
        .find(|&d| d == Deployment::Global)
        .or_else(|| spec.deployments.first().map(|&k| k.into()))
        .unwrap_or(Deployment::Global);
    let mut rows = Vec::new();
    for figure in OpinionFigure::ALL {
        let their = entry.get(figure);
        let (ours, matched) = match figure.kind() {
            Some(kind) => price(spec, kind, their.as_ref(), at),
            None => retirement(spec, deployment, their.as_ref(), at),
        };
        let row = |agreement, reason: Option<String>, source: Option<String>| OpinionRow {
            offering: spec.id.clone(),
            key: key.into(),
            figure,
            ours: ours.clone(),
            theirs: their.clone(),
            agreement,
            reason,
            source,
        };
        let out = match (&ours, &their) {
            (None, None) => continue,
            (None, Some(_)) => row(Agreement::OursMissing, None, None),
            (Some(_), None) => row(Agreement::TheirsMissing, None, None),
            (Some(o), Some(t)) if o.same(t) => row(Agreement::Agree, None, None),
            (Some(_), Some(t)) => match matched.or_else(|| explained(spec, figure, t)) {
                Some(Match::Agree(reason)) => row(Agreement::Agree, Some(reason), None),
                Some(Match::Explained(reason, source)) => {
                    row(Agreement::Explained, Some(reason), source)
                }
                None => row(Agreement::Differs, None, None),
            },
        };
        rows.push(out);
    }
    rows
}

/// How a differing value of the list is accounted for by the card.
enum Match {
    /// It is another of the card's dates for the same model (closed to new customers).
    Agree(String),
    /// The card says why it differs.
    Explained(String, Option<String>),
}

/// The card's price on `at`, and how another of its dated values accounts for `theirs`.
fn price(
    spec: &OfferingSpec,
    kind: TokenKind,
    theirs: Option<&Theirs>,
    at: AsOf,
) -> (Option<Theirs>, Option<Match>) {
    let Some(dated) = spec
        .on_demand
        .as_ref()
        .and_then(|o| o.usd_per_mtok.dated(kind))
    else {
        return (None, None);
    };
    let ours = dated.value_at(at).map(Theirs::Usd);
    let own_source = spec.on_demand.as_ref().map(|o| o.source.clone());
    let other = theirs.and_then(|t| dated_match(dated, t, at, own_source));
    (ours, other)
}

/// Another value the card holds for the figure in this edition, equal to the list's.
fn dated_match(
    dated: &Dated<f64>,
    theirs: &Theirs,
    at: AsOf,
    own_source: Option<String>,
) -> Option<Match> {
    let Theirs::Usd(t) = theirs else { return None };
    dated
        .values()
        .into_iter()
        .filter_map(|(v, e)| e.map(|e| (v, e)))
        .filter(|(v, e)| e.in_edition(at.edition) && !e.in_force(at.date) && same_price(*v, *t))
        .map(|(v, e)| {
            let from = e.effective_from.map_or("always".into(), |d| d.to_string());
            let span = match e.until {
                Some(u) => format!("from {from} until {u}"),
                None => format!("from {from}"),
            };
            let when = if e.effective_from.is_some_and(|f| f > at.date) {
                "a later value"
            } else {
                "an earlier value"
            };
            Match::Explained(
                format!("the list holds {when} of the card: ${v} {span}"),
                e.source.clone().or(own_source.clone()),
            )
        })
        .next()
}

/// The card's retirement day on `at` for `deployment`, and how its other lifecycle dates
/// account for `theirs`.
fn retirement(
    spec: &OfferingSpec,
    deployment: Deployment,
    theirs: Option<&Theirs>,
    at: AsOf,
) -> (Option<Theirs>, Option<Match>) {
    let Some(l) = &spec.lifecycle else {
        return (None, None);
    };
    let retired: Option<&LifeDateSpec> = lifecycle::pick(&l.retired, deployment, at);
    let closed: Option<&LifeDateSpec> = lifecycle::pick(&l.closed_to_new, deployment, at);
    let ours = retired.map(|r| Theirs::Day(r.on.clone()));
    let Some(Theirs::Day(t)) = theirs else {
        return (ours, None);
    };
    if let Some(c) = closed.filter(|c| &c.on == t) {
        let reason = format!(
            "the list's deprecation date is the card's closed_to_new day ({})",
            c.on
        );
        // With no retirement in the card, the list's date is accounted for entirely.
        return (
            ours.or(Some(Theirs::Day(c.on.clone()))),
            Some(Match::Agree(reason)),
        );
    }
    let conflict = retired
        .into_iter()
        .flat_map(|r| r.conflicts.iter())
        .find(|c| &c.on == t)
        .map(|c| {
            Match::Explained(
                format!("a conflict recorded in the card: {}", c.note),
                Some(c.source.clone()),
            )
        });
    (ours, conflict)
}

/// The card's `second_opinion.explained` entry for this figure and value of the list.
fn explained(spec: &OfferingSpec, figure: OpinionFigure, theirs: &Theirs) -> Option<Match> {
    spec.second_opinion
        .as_ref()?
        .explained
        .iter()
        .find(|e| e.figure == figure && e.theirs.same(theirs))
        .map(|e| Match::Explained(e.reason.clone(), Some(e.source.clone())))
}

impl Catalog {
    /// Compares every offering of `at.edition` that has an on-demand price or a lifecycle
    /// date with LiteLLM's price list: the card's values in force on `at.date`, the list's,
    /// and whether they agree, the card explains the difference, or they differ. Offerings
    /// whose model the list lacks are listed apart.
    ///
    /// ```
    /// use ptcalc_ratecards::{catalog, Agreement, AsOf, PriceList};
    /// let list = PriceList::parse(r#"{"azure/gpt-4.1": {"input_cost_per_token": 2e-6, "output_cost_per_token": 9e-6}}"#).unwrap();
    /// let opinion = catalog().second_opinion(&list, AsOf::at("2026-12-06".parse().unwrap()));
    /// let rows: Vec<_> = opinion.rows.iter().filter(|r| r.offering == "azure/gpt-4.1").collect();
    /// assert_eq!(rows[0].agreement, Agreement::Agree);   // input 2.0
    /// assert_eq!(rows[2].agreement, Agreement::Differs); // output 8.0 against 9.0
    /// ```
    pub fn second_opinion(&self, list: &PriceList, at: AsOf) -> SecondOpinion {
        let mut rows = Vec::new();
        let mut unlisted = Vec::new();
        for (vendor, spec) in self.specs_in(at.edition) {
            if !has_figures(spec) {
                continue;
            }
            let tried = keys_for(vendor, spec);
            match tried.iter().find(|k| list.contains(k)) {
                Some(key) => rows.extend(compare_offering(spec, key, list, at)),
                None => unlisted.push(Unlisted {
                    offering: spec.id.clone(),
                    tried,
                }),
            }
        }
        SecondOpinion {
            date: at.date.to_string(),
            edition: at.edition.to_string(),
            rows,
            unlisted,
        }
    }

    /// Every key of the list the second opinion may read for `at.edition`'s offerings:
    /// what a snapshot of the list must keep (`tests/data/litellm/`).
    pub fn second_opinion_keys(&self, at: AsOf) -> Vec<String> {
        let mut keys: Vec<String> = self
            .specs_in(at.edition)
            .filter(|(_, spec)| has_figures(spec))
            .flat_map(|(vendor, spec)| keys_for(vendor, spec))
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }
}
