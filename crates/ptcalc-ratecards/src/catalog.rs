//! The catalog: every offering of every loaded rate card, as menu entries and as
//! resolved `Offering`s per deployment type.
use ptcalc_core::{Deployment, Offering, Term};

use std::collections::HashSet;
use std::sync::Arc;

use crate::check::{self, CheckWarning};
use crate::date::Date;
use crate::edition::{AsOf, Edition};
use crate::error::{LoadError, ResolveError};
use crate::figures::{self, ConflictOn, Figure, FigureChange, FigureConflict};
use crate::schema::{in_edition, File, OfferingSpec};
use crate::{compact, resolve, validate};

/// A vendor family, one rate-card file each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Vendor {
    /// Azure OpenAI and Microsoft Foundry provisioned throughput (PTU).
    Azure,
    /// Google Vertex AI provisioned throughput (GSU).
    Vertex,
    /// AWS Bedrock model units and the Reserved service tier.
    Bedrock,
    /// OpenAI Scale Tier and Reserved Tier.
    OpenAi,
    /// xAI provisioned throughput.
    Xai,
}

impl Vendor {
    /// Every vendor, in menu order.
    pub const ALL: [Vendor; 5] = [
        Vendor::Azure,
        Vendor::Vertex,
        Vendor::Bedrock,
        Vendor::OpenAi,
        Vendor::Xai,
    ];

    /// The id prefix and file `vendor` field (`azure`, `vertex`, `bedrock`, `openai`, `xai`).
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
            Vendor::Xai => "xai",
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
            Vendor::Xai => "xAI",
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
    /// Whether the offering comes from the organization's own rate card.
    pub organization: bool,
}

impl Entry {
    /// The vendor's name for menus ("Azure OpenAI / Foundry", "Google Vertex AI", …).
    pub fn vendor_label(&self) -> &'static str {
        self.vendor.label()
    }
}

/// Every offering of the loaded rate cards, in every edition.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    /// The parsed files, kept to resolve an offering at any date and edition.
    files: Vec<Arc<Loaded>>,
    /// Every offering spec of every edition: (file index, offering index).
    specs: Vec<(usize, usize)>,
    /// The current edition's menu, as of its date.
    entries: Vec<Entry>,
    /// Parallel to `entries`: the index into `specs`.
    entry_specs: Vec<usize>,
    /// Non-fatal findings of the load (unused or undated sources).
    findings: Vec<CheckWarning>,
    /// The fingerprints ([`crate::card_fingerprint`]) of the organizations' cards loaded.
    organization_cards: Vec<String>,
}

/// One parsed, validated file.
#[derive(Debug)]
pub(crate) struct Loaded {
    /// The file's vendor; `None` for an organization's card that mixes vendors.
    pub vendor: Option<Vendor>,
    pub file: File,
}

impl Loaded {
    /// The vendor of one of the file's offerings (validated at load).
    fn vendor_of(&self, spec: &OfferingSpec) -> Vendor {
        validate::id_vendor(self.vendor, &spec.id).unwrap_or(Vendor::Azure)
    }
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
        catalog.add_checked(name, parse(name, text)?)?;
    }
    catalog.refresh_entries();
    Ok(catalog)
}

/// Builds the catalog from the compact form of the bundled files (`data/bundled.bin`,
/// written by `cargo xtask cards`): no JSON is read, and each file is then validated and
/// added as [`load`] does with the same files' JSON, so both give the same catalog.
///
/// # Errors
/// The bytes are not the compact form of bundled cards ([`LoadError::Compact`]), or a file
/// fails validation.
///
/// ```
/// let err = ptcalc_ratecards::load_compact(b"ptrc").unwrap_err();
/// assert!(err.to_string().contains("cut short"));
/// ```
pub fn load_compact(bytes: &[u8]) -> Result<Catalog, LoadError> {
    let files = compact::decode_bundled(bytes).map_err(|error| LoadError::Compact {
        file: "bundled.bin".into(),
        error,
    })?;
    let mut catalog = Catalog::default();
    for (name, file) in files {
        catalog.add_checked(&name, file)?;
    }
    catalog.refresh_entries();
    Ok(catalog)
}

/// Reads one file's JSON into the rate-card types. An error names the line, the column,
/// the field (`offerings[2].pools[0].min_units.global`) and what is wrong.
pub(crate) fn parse(name: &str, text: &str) -> Result<File, LoadError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let file: File = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        json_error(name, e.inner(), path)
    })?;
    de.end().map_err(|e| json_error(name, &e, String::new()))?;
    Ok(file)
}

fn json_error(file: &str, e: &serde_json::Error, path: String) -> LoadError {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    LoadError::Json {
        file: file.into(),
        line: e.line(),
        column: e.column(),
        path: if path == "." { String::new() } else { path },
        message,
    }
}

impl Catalog {
    /// Validates a parsed bundled-format file and adds it.
    fn add_checked(&mut self, name: &str, file: File) -> Result<(), LoadError> {
        let vendor = validate::file(name, &file)?;
        self.add(name, vendor, file)
    }

    /// Adds a validated file's offerings; an id already loaded is a duplicate.
    fn add(&mut self, name: &str, vendor: Option<Vendor>, file: File) -> Result<(), LoadError> {
        let index = self.files.len();
        // Sets, not scans: a card of 10,000 offerings loads in linear time (README, Hardening).
        let mut taken: HashSet<String> = self
            .specs
            .iter()
            .map(|&(f, o)| self.files[f].file.offerings[o].id.clone())
            .collect();
        for (i, spec) in file.offerings.iter().enumerate() {
            if !taken.insert(spec.id.clone()) {
                return Err(LoadError::DuplicateId {
                    file: name.into(),
                    id: spec.id.clone(),
                });
            }
            self.specs.push((index, i));
        }
        self.findings.extend(check::file_findings(name, &file));
        self.files.push(Arc::new(Loaded { vendor, file }));
        Ok(())
    }

    /// This catalog with an organization's own rate card (same JSON format; `vendor` may
    /// be left out to mix vendors): an offering whose id is already loaded replaces it in
    /// every edition, a new id is added. Every figure of the card is marked as the
    /// organization's ([`Confidence::Organization`](ptcalc_core::offering::Confidence)),
    /// and its entries have `organization: true`. Errors name the file, the line and
    /// column or the field, and what is allowed; the catalog is unchanged on error.
    ///
    /// ```
    /// let card = r#"{"schema_version": 1, "sources": {}, "offerings": []}"#;
    /// let with = ptcalc_ratecards::catalog().with_organization("ratecards.json", card).unwrap();
    /// assert_eq!(with.entries().len(), ptcalc_ratecards::catalog().entries().len());
    /// let err = ptcalc_ratecards::catalog().with_organization("ratecards.json", "{").unwrap_err();
    /// assert!(err.to_string().starts_with("ratecards.json:1:"));
    /// ```
    pub fn with_organization(&self, name: &str, text: &str) -> Result<Catalog, LoadError> {
        let file = parse(name, text)?;
        self.with_organization_file(name, file, crate::card_fingerprint(text))
    }

    /// This catalog with an organization's card in its compact form
    /// ([`compact_organization`](crate::compact_organization)): exactly the catalog
    /// [`Catalog::with_organization`] gives with the card's JSON, read without a JSON
    /// parser. The card is validated again (the bytes may come from a browser's storage).
    ///
    /// # Errors
    /// The bytes are not an organization's compact card ([`LoadError::Compact`]), or the
    /// card does not validate or load on top of this catalog.
    ///
    /// ```
    /// use ptcalc_ratecards::{catalog, compact_organization};
    /// let json = r#"{"schema_version": 1, "sources": {}, "offerings": []}"#;
    /// let card = compact_organization("org.json", json).unwrap();
    /// let with = catalog().with_organization_compact("org.json", &card.bytes).unwrap();
    /// assert!(with.has_organization_card(&card.fingerprint));
    /// assert!(catalog().with_organization_compact("org.json", &card.bytes[..9]).is_err());
    /// ```
    pub fn with_organization_compact(
        &self,
        name: &str,
        bytes: &[u8],
    ) -> Result<Catalog, LoadError> {
        let (fingerprint, file) =
            compact::decode_organization(bytes).map_err(|error| LoadError::Compact {
                file: name.into(),
                error,
            })?;
        self.with_organization_file(name, file, Some(fingerprint).filter(|f| !f.is_empty()))
    }

    /// [`Catalog::with_organization`] after the card is read, whatever it was read from.
    pub(crate) fn with_organization_file(
        &self,
        name: &str,
        mut file: File,
        fingerprint: Option<String>,
    ) -> Result<Catalog, LoadError> {
        file.organization = true;
        let vendor = validate::file(name, &file)?;
        let mut out = self.clone();
        let replaced: HashSet<&str> = file.offerings.iter().map(|o| o.id.as_str()).collect();
        let files = &out.files;
        out.specs
            .retain(|&(f, o)| !replaced.contains(&files[f].file.offerings[o].id.as_str()));
        out.add(name, vendor, file)?;
        out.refresh_entries();
        out.organization_cards.extend(fingerprint);
        Ok(out)
    }

    /// Whether an organization's card with this fingerprint (a link's `org=`) is loaded.
    pub fn has_organization_card(&self, fingerprint: &str) -> bool {
        self.organization_cards.iter().any(|f| f == fingerprint)
    }

    /// Rebuilds the current edition's menu.
    fn refresh_entries(&mut self) {
        let at = AsOf::current();
        self.entries.clear();
        self.entry_specs.clear();
        for (k, &(f, o)) in self.specs.iter().enumerate() {
            let loaded = &self.files[f];
            let spec = &loaded.file.offerings[o];
            if in_edition(spec.added_in, spec.removed_in, at.edition) {
                self.entries.push(resolve::entry(
                    loaded.vendor_of(spec),
                    &loaded.file,
                    spec,
                    at,
                ));
                self.entry_specs.push(k);
            }
        }
    }

    /// The spec with this id that `edition` lists, with its file.
    fn spec(&self, id: &str, edition: Edition) -> Option<(&Loaded, &OfferingSpec)> {
        self.specs.iter().find_map(|&(f, o)| {
            let loaded = &self.files[f];
            let spec = &loaded.file.offerings[o];
            (spec.id == id && in_edition(spec.added_in, spec.removed_in, edition))
                .then_some((loaded.as_ref(), spec))
        })
    }

    /// The file that holds offering `id` in `at.edition`, with the offering's unit.
    pub(crate) fn file_of(&self, id: &str, at: AsOf) -> Option<(&File, String)> {
        self.spec(id, at.edition)
            .map(|(loaded, spec)| (&loaded.file, spec.unit.clone()))
    }

    /// Every offering spec `edition` lists, with its vendor, in file order.
    pub(crate) fn specs_in(
        &self,
        edition: Edition,
    ) -> impl Iterator<Item = (Vendor, &OfferingSpec)> + '_ {
        self.specs.iter().filter_map(move |&(f, o)| {
            let loaded = &self.files[f];
            let spec = &loaded.file.offerings[o];
            in_edition(spec.added_in, spec.removed_in, edition)
                .then(|| (loaded.vendor_of(spec), spec))
        })
    }

    /// Every offering id `edition` lists, in file order.
    pub(crate) fn ids_in(&self, edition: Edition) -> Vec<String> {
        self.specs
            .iter()
            .map(|&(f, o)| &self.files[f].file.offerings[o])
            .filter(|spec| in_edition(spec.added_in, spec.removed_in, edition))
            .map(|spec| spec.id.clone())
            .collect()
    }

    /// Every offering of the current edition, in file order (Azure, Vertex, Bedrock,
    /// OpenAI for the bundled cards).
    ///
    /// ```
    /// let azure = ptcalc_ratecards::catalog().entries().iter().filter(|e| e.id.starts_with("azure/")).count();
    /// assert!(azure > 0);
    /// ```
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The current edition's entry with this id.
    ///
    /// ```
    /// let e = ptcalc_ratecards::catalog().entry("azure/gpt-4.1").unwrap();
    /// assert_eq!(e.unit, "PTU");
    /// ```
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The entry with this id as `at.edition` lists it, with its terms as of `at.date`
    /// (an offering removed since, e.g. for an old link).
    ///
    /// ```
    /// use ptcalc_ratecards::{AsOf, Edition};
    /// let first = AsOf::edition(Edition::first());
    /// let old = ptcalc_ratecards::catalog().entry_as_of("bedrock/claude-opus-5-reserved", first);
    /// assert!(old.is_some());
    /// assert!(ptcalc_ratecards::catalog().entry("bedrock/claude-opus-5-reserved").is_none());
    /// ```
    pub fn entry_as_of(&self, id: &str, at: AsOf) -> Option<Entry> {
        let (loaded, spec) = self.spec(id, at.edition)?;
        Some(resolve::entry(
            loaded.vendor_of(spec),
            &loaded.file,
            spec,
            at,
        ))
    }

    /// Whether the catalog has no offering (as after a failed bundled load).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The offering `id` resolved for `deployment` with the current edition's figures in
    /// force at that edition's date: plain numbers with provenance, ready for
    /// `ptcalc_core::evaluate`. Use [`Catalog::resolve_as_of`] for another date or edition.
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
        self.resolve_as_of(id, deployment, AsOf::current())
    }

    /// The offering `id` for `deployment` with the values `at.edition` holds that are in
    /// force at `at.date`: a promotion's price inside its dates, the regular price outside.
    ///
    /// ```
    /// use ptcalc_core::Deployment;
    /// use ptcalc_ratecards::{catalog, AsOf};
    /// let at = |d: &str| AsOf::at(d.parse().unwrap());
    /// let promo = catalog().resolve_as_of("azure/gpt-5.6-sol", Deployment::Global, at("2026-11-15")).unwrap();
    /// assert_eq!(promo.on_demand_usd_per_mtok.input, Some(4.0));
    /// let after = catalog().resolve_as_of("azure/gpt-5.6-sol", Deployment::Global, at("2026-12-15")).unwrap();
    /// assert_eq!(after.on_demand_usd_per_mtok.input, Some(5.0));
    /// ```
    pub fn resolve_as_of(
        &self,
        id: &str,
        deployment: Deployment,
        at: AsOf,
    ) -> Result<Offering, ResolveError> {
        let (loaded, spec) = self.spec(id, at.edition).ok_or_else(|| {
            if self.spec(id, Edition::current()).is_some()
                || self
                    .specs
                    .iter()
                    .any(|&(f, o)| self.files[f].file.offerings[o].id == id)
            {
                ResolveError::NotInEdition {
                    id: id.into(),
                    edition: at.edition,
                }
            } else {
                ResolveError::UnknownOffering { id: id.into() }
            }
        })?;
        let offered: Vec<Deployment> = spec.deployments.iter().map(|&k| k.into()).collect();
        if !offered.contains(&deployment) {
            return Err(ResolveError::DeploymentNotOffered {
                id: id.into(),
                requested: deployment,
                allowed: offered,
            });
        }
        Ok(resolve::offering(&loaded.file, spec, deployment, at))
    }

    /// Every figure of offering `id` for `deployment` as `at.edition` holds them and in
    /// force at `at.date`, each with its dates and source: what the page shows next to a
    /// result ("as of …").
    ///
    /// ```
    /// use ptcalc_core::Deployment;
    /// use ptcalc_ratecards::{catalog, AsOf, FigureKind};
    /// use ptcalc_core::TokenKind;
    /// let at = AsOf::at("2026-10-01".parse().unwrap());
    /// let figures = catalog().figures("azure/gpt-5.6-sol", Deployment::Global, at).unwrap();
    /// let input = figures.iter().find(|f| f.what == FigureKind::OnDemand(TokenKind::Input)).unwrap();
    /// assert_eq!((input.value, input.until.map(|d| d.to_string())), (4.0, Some("2026-11-30".into())));
    /// ```
    pub fn figures(
        &self,
        id: &str,
        deployment: Deployment,
        at: AsOf,
    ) -> Result<Vec<Figure>, ResolveError> {
        self.resolve_as_of(id, deployment, at)?;
        let (loaded, spec) = self
            .spec(id, at.edition)
            .ok_or_else(|| ResolveError::UnknownOffering { id: id.into() })?;
        Ok(figures::offering_figures(
            &loaded.file,
            spec,
            deployment,
            at,
        ))
    }

    /// Every figure of every offering `at.edition` lists whose source is more than
    /// `max_age_days` older than `at.date` (a source dated `2026-08` counts from
    /// 2026-08-31), figures shared by deployments merged. Undated sources are not listed
    /// here; [`Catalog::check`] names them. Use [`STALE_AFTER_DAYS`](crate::STALE_AFTER_DAYS)
    /// for the page's 180-day mark.
    ///
    /// ```
    /// use ptcalc_ratecards::{catalog, AsOf, STALE_AFTER_DAYS};
    /// let stale = catalog().figures_older_than(AsOf::at("2026-11-27".parse().unwrap()), STALE_AFTER_DAYS);
    /// assert!(stale.iter().any(|f| f.offering == "bedrock/claude-v2")); // an April 2024 price
    /// assert!(stale.iter().all(|f| f.age_days("2026-11-27".parse().unwrap()).unwrap() > 180));
    /// ```
    pub fn figures_older_than(&self, at: AsOf, max_age_days: i64) -> Vec<Figure> {
        let mut out = Vec::new();
        for &(f, o) in &self.specs {
            let loaded = &self.files[f];
            let spec = &loaded.file.offerings[o];
            if !in_edition(spec.added_in, spec.removed_in, at.edition) {
                continue;
            }
            let mut all = Vec::new();
            for &k in &spec.deployments {
                all.extend(figures::offering_figures(&loaded.file, spec, k.into(), at));
            }
            out.extend(
                figures::merge_deployments(all)
                    .into_iter()
                    .filter(|fig| fig.age_days(at.date).is_some_and(|age| age > max_age_days)),
            );
        }
        out
    }

    /// The figures of offering `id` for `deployment` whose value changes after `from.date`
    /// and up to `months` months later (a promotion that ends, a price that takes effect),
    /// in date order, as `from.edition` holds them. Price a horizon month by month with
    /// [`Catalog::resolve_monthly`].
    ///
    /// ```
    /// use ptcalc_core::Deployment;
    /// use ptcalc_ratecards::{catalog, AsOf};
    /// let from = AsOf::at("2026-11-01".parse().unwrap());
    /// let changes = catalog().changes_within("azure/gpt-5.6-sol", Deployment::Global, from, 12).unwrap();
    /// assert!(changes.iter().all(|c| c.on.map(|d| d.to_string()) == Some("2026-12-01".into())));
    /// assert!(changes.iter().any(|c| c.old == Some(4.0) && c.new == Some(5.0)));
    /// ```
    pub fn changes_within(
        &self,
        id: &str,
        deployment: Deployment,
        from: AsOf,
        months: u32,
    ) -> Result<Vec<FigureChange>, ResolveError> {
        let mut previous = self.figures(id, deployment, from)?;
        let (loaded, spec) = self
            .spec(id, from.edition)
            .ok_or_else(|| ResolveError::UnknownOffering { id: id.into() })?;
        let to = from.date.add_months(months);
        let mut out = Vec::new();
        for day in figures::change_days(spec, &loaded.file, from.date, to, from) {
            let at = AsOf { date: day, ..from };
            let now = figures::offering_figures(&loaded.file, spec, deployment, at);
            out.extend(figures::diff(id, deployment, &previous, &now, Some(day)));
            previous = now;
        }
        Ok(out)
    }

    /// The offering in force at the start of each of `months` months from `from.date`
    /// (month 0 is `from.date` itself), for a horizon priced month by month.
    ///
    /// ```
    /// use ptcalc_core::Deployment;
    /// use ptcalc_ratecards::{catalog, AsOf};
    /// let from = AsOf::at("2026-10-15".parse().unwrap());
    /// let months = catalog().resolve_monthly("azure/gpt-5.6-sol", Deployment::Global, from, 3).unwrap();
    /// let input: Vec<Option<f64>> = months.iter().map(|(_, o)| o.on_demand_usd_per_mtok.input).collect();
    /// assert_eq!(input, vec![Some(4.0), Some(4.0), Some(5.0)]);
    /// ```
    pub fn resolve_monthly(
        &self,
        id: &str,
        deployment: Deployment,
        from: AsOf,
        months: u32,
    ) -> Result<Vec<(Date, Offering)>, ResolveError> {
        (0..months)
            .map(|m| {
                let date = from.date.add_months(m);
                self.resolve_as_of(id, deployment, AsOf { date, ..from })
                    .map(|o| (date, o))
            })
            .collect()
    }

    /// The conflicts recorded on the figures of offering `id` for `deployment` as of `at`:
    /// the value used, the other value and its source. A page shows each where the figure
    /// is used and offers the other value as an override (e.g. the Data Zone 1-month
    /// reservation: 260 used, 286 per a third party).
    ///
    /// ```
    /// use ptcalc_core::{Deployment, Term};
    /// use ptcalc_ratecards::{catalog, AsOf, ConflictOn};
    /// let c = catalog().conflicts("azure/gpt-4.1", Deployment::DataZone, AsOf::current()).unwrap();
    /// let month = c.iter().find(|c| c.on == Some(ConflictOn::UnitPrice(Term::Month1))).unwrap();
    /// assert_eq!((month.chosen, month.other), (260.0, 286.0));
    /// assert!(catalog().conflicts("azure/gpt-4.1", Deployment::Global, AsOf::current()).unwrap().is_empty());
    /// ```
    pub fn conflicts(
        &self,
        id: &str,
        deployment: Deployment,
        at: AsOf,
    ) -> Result<Vec<FigureConflict>, ResolveError> {
        self.resolve_as_of(id, deployment, at)?;
        let (loaded, spec) = self
            .spec(id, at.edition)
            .ok_or_else(|| ResolveError::UnknownOffering { id: id.into() })?;
        Ok(resolve::conflicts(&loaded.file, spec, deployment, at)
            .into_iter()
            .map(|(c, per_second)| {
                let scale = if per_second && c.field == Some(ConflictOn::Capacity) {
                    60.0
                } else {
                    1.0
                };
                FigureConflict {
                    offering: id.into(),
                    deployment,
                    on: c.field,
                    figure: c.figure.clone(),
                    chosen: c.chosen * scale,
                    other: c.other * scale,
                    other_source: c.other_source.clone(),
                }
            })
            .collect())
    }

    /// Every figure that differs between editions `old` and `new` when both are read at
    /// `date` (old value → new value, with the source), and every offering added or
    /// removed between them. Empty when the editions hold the same values.
    ///
    /// ```
    /// use ptcalc_ratecards::{catalog, Edition};
    /// let (first, second) = (Edition::first(), Edition::parse("2026-11-27").unwrap());
    /// let changes = catalog().edition_changes(first, second, second.date());
    /// assert!(changes.iter().any(|c| c.offering == "openai/o3-scale" && c.old == Some(25_000.0) && c.new == Some(5_000.0)));
    /// assert!(catalog().edition_changes(Edition::current(), Edition::current(), Edition::current().date()).is_empty());
    /// ```
    pub fn edition_changes(&self, old: Edition, new: Edition, date: Date) -> Vec<FigureChange> {
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for &(f, o) in &self.specs {
            let id = self.files[f].file.offerings[o].id.as_str();
            if !seen.contains(&id) {
                seen.push(id);
                out.extend(self.offering_edition_changes(id, old, new, date));
            }
        }
        out
    }

    /// The changes of one offering between editions `old` and `new` read at `date`, all
    /// its deployments merged: what an old link's notice lists.
    pub fn offering_edition_changes(
        &self,
        id: &str,
        old: Edition,
        new: Edition,
        date: Date,
    ) -> Vec<FigureChange> {
        let (a, b) = (AsOf { date, edition: old }, AsOf { date, edition: new });
        let before = self.spec(id, old);
        let after = self.spec(id, new);
        let presence = |old_present: bool, spec: &OfferingSpec| FigureChange {
            offering: id.into(),
            deployments: spec.deployments.iter().map(|&k| k.into()).collect(),
            what: None,
            old: old_present.then_some(1.0),
            new: (!old_present).then_some(1.0),
            on: None,
            provenance: None,
        };
        match (before, after) {
            (None, None) => Vec::new(),
            (Some((_, s)), None) => vec![presence(true, s)],
            (None, Some((_, s))) => vec![presence(false, s)],
            (Some((la, sa)), Some((lb, sb))) => {
                let mut changes = Vec::new();
                for d in Deployment::ALL {
                    let offered =
                        |s: &OfferingSpec| s.deployments.iter().any(|&k| Deployment::from(k) == d);
                    let fa = if offered(sa) {
                        figures::offering_figures(&la.file, sa, d, a)
                    } else {
                        Vec::new()
                    };
                    let fb = if offered(sb) {
                        figures::offering_figures(&lb.file, sb, d, b)
                    } else {
                        Vec::new()
                    };
                    changes.extend(figures::diff(id, d, &fa, &fb, None));
                }
                figures::merge_changes(changes)
            }
        }
    }

    /// Warnings about the loaded cards, one line each: figures that miss the vendor's
    /// calibration rule (Azure: input TPM per PTU × 43,800 × Global input price ÷ 1e6
    /// within ±5% of $260) at the current edition's date, and sources that are unused or
    /// undated. A warning flags a figure; it never changes one.
    ///
    /// ```
    /// let warnings = ptcalc_ratecards::catalog().check();
    /// assert!(warnings.iter().any(|w| w.to_string().starts_with("azure/o1:")));
    /// ```
    pub fn check(&self) -> Vec<CheckWarning> {
        let mut out = self.findings.clone();
        for (entry, &k) in self.entries.iter().zip(&self.entry_specs) {
            let (f, o) = self.specs[k];
            let loaded = &self.files[f];
            let spec = &loaded.file.offerings[o];
            let Some(calibration) = loaded.file.calibration.as_ref() else {
                continue;
            };
            let offerings: Vec<Offering> = entry
                .deployments
                .iter()
                .map(|&d| resolve::offering(&loaded.file, spec, d, AsOf::current()))
                .collect();
            if let Some(w) = check::calibration(entry, &offerings, calibration) {
                out.push(w);
            }
        }
        out
    }

    /// Offerings whose model is retired on `at.date`, or retires within `within_days` of
    /// it, soonest first (one line per offering and retirement day; deployments that share
    /// the day are listed together). What `ptcalc ratecards --check` prints.
    ///
    /// ```
    /// use ptcalc_ratecards::{catalog, AsOf};
    /// let at = AsOf::at("2026-12-05".parse().unwrap());
    /// let list = catalog().retirements(at, 180);
    /// let o3 = list.iter().find(|r| r.id == "openai/o3-scale").unwrap();
    /// assert_eq!((o3.on.as_str(), o3.days_from_today), ("2026-12-10", 5));
    /// assert!(list.iter().any(|r| r.id == "azure/o1" && r.days_from_today < 0));
    /// assert!(!list.iter().any(|r| r.id == "azure/gpt-5.6-sol")); // 2028-01-11
    /// ```
    pub fn retirements(&self, at: AsOf, within_days: i64) -> Vec<Retirement> {
        let mut out: Vec<Retirement> = Vec::new();
        for entry in &self.entries {
            for &d in &entry.deployments {
                let Ok(o) = self.resolve_as_of(&entry.id, d, at) else {
                    continue;
                };
                let Some(l) = o.lifecycle else { continue };
                let Some(r) = l.retired else { continue };
                if r.days_from_scenario > within_days {
                    continue;
                }
                match out.iter_mut().find(|x| x.id == entry.id && x.on == r.on) {
                    Some(x) => x.deployments.push(d),
                    None => out.push(Retirement {
                        id: entry.id.clone(),
                        model: l.model.clone(),
                        deployments: vec![d],
                        on: r.on.clone(),
                        days_from_today: r.days_from_scenario,
                        successor: l.successor.clone(),
                        source: r.provenance.source.clone(),
                    }),
                }
            }
        }
        out.sort_by(|a, b| a.on.cmp(&b.on).then(a.id.cmp(&b.id)));
        out
    }
}

/// An offering whose model is retired or retiring ([`Catalog::retirements`]).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Retirement {
    /// The offering's id.
    pub id: String,
    /// The model.
    pub model: String,
    /// The deployments retiring on `on`.
    pub deployments: Vec<Deployment>,
    /// The retirement day.
    pub on: String,
    /// Days from the day asked about (0 or less: retired).
    pub days_from_today: i64,
    /// The replacement the vendor names.
    pub successor: Option<String>,
    /// Where the day comes from.
    pub source: String,
}

impl std::fmt::Display for Retirement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let deployments: Vec<&str> = self.deployments.iter().map(|d| d.as_str()).collect();
        let when = if self.days_from_today <= 0 {
            format!(
                "retired on {} ({} days ago)",
                self.on, -self.days_from_today
            )
        } else {
            format!("retires on {} (in {} days)", self.on, self.days_from_today)
        };
        write!(
            f,
            "{} ({}): {} {when}",
            self.id,
            deployments.join(", "),
            self.model
        )?;
        if let Some(s) = &self.successor {
            write!(f, "; successor {s}")?;
        }
        write!(f, " [{}]", self.source)
    }
}
