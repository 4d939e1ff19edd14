//! The catalog: every offering of every loaded rate card, as menu entries and as
//! resolved `Offering`s per deployment type.
use ptcalc_core::{Deployment, Offering, Term};

use crate::check::{self, CheckWarning};
use crate::error::{LoadError, ResolveError};
use crate::schema::{Calibration, File};
use crate::{resolve, validate};

/// A vendor family, one rate-card file each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Vendor {
    /// Azure OpenAI and Microsoft Foundry provisioned throughput (PTU).
    Azure,
    /// Google Vertex AI provisioned throughput (GSU).
    Vertex,
    /// AWS Bedrock model units and the Reserved service tier.
    Bedrock,
    /// OpenAI Scale Tier.
    OpenAi,
}

impl Vendor {
    /// Every vendor, in menu order.
    pub const ALL: [Vendor; 4] = [
        Vendor::Azure,
        Vendor::Vertex,
        Vendor::Bedrock,
        Vendor::OpenAi,
    ];

    /// The id prefix and file `vendor` field (`azure`, `vertex`, `bedrock`, `openai`).
    ///
    /// ```
    /// assert_eq!(ptcalc_ratecards::Vendor::OpenAi.as_str(), "openai");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Vendor::Azure => "azure",
            Vendor::Vertex => "vertex",
            Vendor::Bedrock => "bedrock",
            Vendor::OpenAi => "openai",
        }
    }

    /// The vendor's name for menus.
    ///
    /// ```
    /// assert_eq!(ptcalc_ratecards::Vendor::Vertex.label(), "Google Vertex AI");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            Vendor::Azure => "Azure OpenAI / Foundry",
            Vendor::Vertex => "Google Vertex AI",
            Vendor::Bedrock => "AWS Bedrock",
            Vendor::OpenAi => "OpenAI",
        }
    }

    /// Parses the id prefix.
    ///
    /// ```
    /// use ptcalc_ratecards::Vendor;
    /// assert_eq!(Vendor::parse("bedrock"), Some(Vendor::Bedrock));
    /// assert_eq!(Vendor::parse("anthropic"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Vendor> {
        Vendor::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// One offering as a menu shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The link id, e.g. `azure/gpt-4.1`.
    pub id: String,
    /// The vendor family.
    pub vendor: Vendor,
    /// The model as the vendor names it.
    pub model: String,
    /// The model version, where the vendor gives one.
    pub model_version: Option<String>,
    /// A name for people, e.g. `Azure OpenAI gpt-4.1 (PTU)`.
    pub name: String,
    /// The unit's name (PTU, GSU, model unit…).
    pub unit: String,
    /// The deployment types it is offered in.
    pub deployments: Vec<Deployment>,
    /// The terms the vendor offers, priced or not, shortest first.
    pub terms: Vec<Term>,
    /// The terms with a published unit price in at least one deployment, shortest first.
    pub priced_terms: Vec<Term>,
    /// Whether the vendor publishes throughput per unit (else the user must enter it).
    pub capacity_published: bool,
    /// Whether on-demand prices are in the card (else the user must enter them).
    pub has_on_demand: bool,
    /// Whether input and output are reserved separately.
    pub per_dimension: bool,
}

impl Entry {
    /// The vendor's name for menus ("Azure OpenAI / Foundry", "Google Vertex AI", …).
    pub fn vendor_label(&self) -> &'static str {
        self.vendor.label()
    }
}

/// Every offering of the loaded rate cards.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    entries: Vec<Entry>,
    /// Parallel to `entries`: one resolved offering per entry deployment.
    offerings: Vec<Vec<Offering>>,
    /// Parallel to `entries`: the vendor's calibration rule, if its file has one.
    calibrations: Vec<Option<Calibration>>,
    /// Non-fatal findings of the load (unused or undated sources).
    findings: Vec<CheckWarning>,
}

/// Parses and validates rate-card files, given as `(file name, JSON text)`.
/// All or nothing: the first problem found is returned, naming its file.
///
/// ```
/// let bad = r#"{"schema_version": 1, "vendor": "azure", "sources": {}, "offerings": [{"id": "x"}]}"#;
/// let err = ptcalc_ratecards::load(&[("azure.json", bad)]).unwrap_err();
/// assert!(err.to_string().starts_with("azure.json:"));
/// ```
pub fn load(files: &[(&str, &str)]) -> Result<Catalog, LoadError> {
    let mut catalog = Catalog::default();
    for &(name, text) in files {
        let file: File = serde_json::from_str(text).map_err(|e| json_error(name, &e))?;
        let vendor = validate::file(name, &file)?;
        for spec in &file.offerings {
            if catalog.entries.iter().any(|e| e.id == spec.id) {
                return Err(LoadError::DuplicateId {
                    file: name.into(),
                    id: spec.id.clone(),
                });
            }
            let (entry, offerings) = resolve::build(vendor, &file, spec);
            catalog.entries.push(entry);
            catalog.offerings.push(offerings);
            catalog.calibrations.push(file.calibration.clone());
        }
        catalog.findings.extend(check::file_findings(name, &file));
    }
    Ok(catalog)
}

fn json_error(file: &str, e: &serde_json::Error) -> LoadError {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    LoadError::Json {
        file: file.into(),
        line: e.line(),
        column: e.column(),
        message,
    }
}

impl Catalog {
    /// Every offering, in file order (Azure, Vertex, Bedrock, OpenAI for the bundled cards).
    ///
    /// ```
    /// let azure = ptcalc_ratecards::catalog().entries().iter().filter(|e| e.id.starts_with("azure/")).count();
    /// assert!(azure > 0);
    /// ```
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry with this id.
    ///
    /// ```
    /// let e = ptcalc_ratecards::catalog().entry("azure/gpt-4.1").unwrap();
    /// assert_eq!(e.unit, "PTU");
    /// ```
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// Whether the catalog has no offering (as after a failed bundled load).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The offering `id` resolved for `deployment`: plain numbers with provenance,
    /// ready for `ptcalc_core::evaluate`.
    ///
    /// ```
    /// use ptcalc_core::{Deployment, Term};
    /// let o = ptcalc_ratecards::catalog().resolve("azure/gpt-4.1", Deployment::Global).unwrap();
    /// assert_eq!(o.pools[0].capacity_per_unit_per_minute, Some(3_000.0));
    /// assert_eq!(o.terms(), vec![Term::Hourly, Term::Month1, Term::Year1]);
    /// let err = ptcalc_ratecards::catalog().resolve("azure/llama-3.3-70b-instruct", Deployment::Regional);
    /// assert!(err.unwrap_err().to_string().contains("global or datazone"));
    /// ```
    pub fn resolve(&self, id: &str, deployment: Deployment) -> Result<Offering, ResolveError> {
        let (i, entry) = self
            .entries
            .iter()
            .enumerate()
            .find(|(_, e)| e.id == id)
            .ok_or_else(|| ResolveError::UnknownOffering { id: id.into() })?;
        self.offerings
            .get(i)
            .and_then(|list| list.iter().find(|o| o.deployment == deployment))
            .cloned()
            .ok_or_else(|| ResolveError::DeploymentNotOffered {
                id: id.into(),
                requested: deployment,
                allowed: entry.deployments.clone(),
            })
    }

    /// Warnings about the loaded cards, one line each: figures that miss the vendor's
    /// calibration rule (Azure: input TPM per PTU × 43,800 × Global input price ÷ 1e6
    /// within ±5% of $260), and sources that are unused or undated.
    ///
    /// ```
    /// let warnings = ptcalc_ratecards::catalog().check();
    /// assert!(warnings.iter().any(|w| w.to_string().starts_with("azure/o1:")));
    /// ```
    pub fn check(&self) -> Vec<CheckWarning> {
        let mut out = self.findings.clone();
        for ((entry, offerings), calibration) in self
            .entries
            .iter()
            .zip(&self.offerings)
            .zip(&self.calibrations)
        {
            if let Some(w) = calibration
                .as_ref()
                .and_then(|c| check::calibration(entry, offerings, c))
            {
                out.push(w);
            }
        }
        out
    }
}
