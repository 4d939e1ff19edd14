//! Load-time validation of one parsed rate-card file: every number positive and
//! finite, counts at least 1, ids well formed, every figure tied to a source, and the
//! pools consistent with the offering's deployments and terms.
use ptcalc_core::offering::Confidence;
use ptcalc_core::{Deployment, TokenKind};

use crate::catalog::Vendor;
use crate::date::Date;
use crate::edition::Edition;
use crate::error::LoadError;
use crate::schema::{
    in_edition, ByDeployment, Conflict, Dated, File, LifeDateSpec, LifecycleSpec, MultipliersSpec,
    OfferingSpec, PoolSpec, PriceSpec, PricesSpec, SCHEMA_VERSION,
};
use crate::second_opinion::{OpinionFigure, Theirs};

const POSITIVE: &str = "positive and finite";

/// Checks a parsed file; returns its vendor, if it names one.
pub(crate) fn file(name: &str, f: &File) -> Result<Option<Vendor>, LoadError> {
    if f.schema_version != SCHEMA_VERSION {
        return Err(LoadError::SchemaVersion {
            file: name.into(),
            found: f.schema_version,
        });
    }
    let vendor = match &f.vendor {
        Some(v) => Some(Vendor::parse(v).ok_or_else(|| LoadError::UnknownVendor {
            file: name.into(),
            vendor: v.clone(),
        })?),
        None if f.organization => None,
        None => {
            return Err(LoadError::Invalid {
                file: name.into(),
                at: "vendor".into(),
                message: "a bundled card names its vendor (azure, vertex, bedrock or openai); only an organization's card may mix vendors".into(),
            })
        }
    };
    let v = Validator { file: name, f };
    v.sources()?;
    if let Some(c) = &f.calibration {
        let at = "calibration";
        v.positive(at, "usd_per_unit_month", c.usd_per_unit_month)?;
        v.positive(at, "minutes_per_month", c.minutes_per_month)?;
        v.positive(at, "tolerance", c.tolerance)?;
        v.source_ref(at, &c.source)?;
    }
    for (key, set) in &f.price_sets {
        let at = format!("price_sets.{key}");
        v.prices(&at, set, &Deployment::ALL)?;
    }
    for (key, set) in &f.multiplier_sets {
        let at = format!("multiplier_sets.{key}");
        v.multipliers(&at, "multipliers", &set.multipliers, &Deployment::ALL)?;
        v.source_ref(&at, &set.source)?;
        v.conflicts(&at, &set.conflicts, &Deployment::ALL)?;
    }
    for o in &f.offerings {
        v.offering(vendor, o)?;
    }
    if !f.organization {
        for (key, src) in &f.sources {
            if src.confidence == Confidence::Organization {
                return Err(v.invalid(
                    &format!("sources.{key}"),
                    "confidence organization is for an organization's own card, not the bundled ones",
                ));
            }
        }
    }
    for (i, n) in f.notes.iter().enumerate() {
        v.text("file", &format!("notes[{i}]"), n)?;
    }
    crate::commitments::validate(f, |_, key| {
        if f.sources.contains_key(key) {
            Ok(())
        } else {
            Err(format!(
                "cites the unknown source `{key}`: add it to `sources`"
            ))
        }
    })
    .map_err(|(at, message)| v.invalid(&at, message))?;
    Ok(vendor)
}

/// The vendor an offering id names, given the file's vendor (if any).
pub(crate) fn id_vendor(file_vendor: Option<Vendor>, id: &str) -> Result<Vendor, String> {
    match file_vendor {
        Some(v) => check_id(v, id).map(|()| v),
        None => {
            let prefix = id.split_once('/').map(|(p, _)| p).unwrap_or("");
            let v = Vendor::parse(prefix).ok_or_else(|| {
                format!("must start with a vendor: azure/, vertex/, bedrock/ or openai/ (found `{prefix}`)")
            })?;
            check_id(v, id).map(|()| v)
        }
    }
}

struct Validator<'a> {
    file: &'a str,
    f: &'a File,
}

impl Validator<'_> {
    fn invalid(&self, at: &str, message: impl Into<String>) -> LoadError {
        LoadError::Invalid {
            file: self.file.into(),
            at: at.into(),
            message: message.into(),
        }
    }

    fn number(
        &self,
        at: &str,
        field: &str,
        value: f64,
        ok: bool,
        allowed: &'static str,
    ) -> Result<(), LoadError> {
        if value.is_finite() && ok {
            Ok(())
        } else {
            Err(LoadError::BadNumber {
                file: self.file.into(),
                at: at.into(),
                field: field.into(),
                value,
                allowed,
            })
        }
    }

    fn positive(&self, at: &str, field: &str, value: f64) -> Result<(), LoadError> {
        self.number(at, field, value, value > 0.0, POSITIVE)
    }

    fn count(&self, at: &str, field: &str, value: u64) -> Result<(), LoadError> {
        if value >= 1 {
            Ok(())
        } else {
            Err(LoadError::BadCount {
                file: self.file.into(),
                at: at.into(),
                field: field.into(),
                value,
            })
        }
    }

    fn source_ref(&self, at: &str, key: &str) -> Result<(), LoadError> {
        if self.f.sources.contains_key(key) {
            Ok(())
        } else {
            Err(LoadError::UnknownSource {
                file: self.file.into(),
                at: at.into(),
                key: key.into(),
            })
        }
    }

    fn text(&self, at: &str, field: &str, value: &str) -> Result<(), LoadError> {
        if value.trim().is_empty() {
            Err(self.invalid(at, format!("{field} is empty")))
        } else {
            Ok(())
        }
    }

    fn sources(&self) -> Result<(), LoadError> {
        for (key, s) in &self.f.sources {
            let at = format!("sources.{key}");
            if s.url.is_none() && s.via.is_none() {
                return Err(self.invalid(&at, "a source needs a url or a via description"));
            }
            if let Some(url) = &s.url {
                if !(url.starts_with("https://") || url.starts_with("http://"))
                    || url.contains(char::is_whitespace)
                {
                    return Err(self.invalid(&at, format!("url `{url}` is not an http(s) address")));
                }
            }
            if let Some(via) = &s.via {
                self.text(&at, "via", via)?;
            }
            if let Some(as_of) = &s.as_of {
                if !is_iso_date(as_of) {
                    return Err(self.invalid(
                        &at,
                        format!("as_of `{as_of}` is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"),
                    ));
                }
            }
            if s.confidence == Confidence::UserEntered {
                return Err(self.invalid(
                    &at,
                    "confidence user_entered is for figures a user types, not for rate cards",
                ));
            }
        }
        Ok(())
    }

    fn conflicts(
        &self,
        at: &str,
        conflicts: &[Conflict],
        offered: &[Deployment],
    ) -> Result<(), LoadError> {
        for (i, c) in conflicts.iter().enumerate() {
            let field = format!("conflicts[{i}]");
            self.text(at, &format!("{field}.figure"), &c.figure)?;
            self.text(at, &format!("{field}.other_source"), &c.other_source)?;
            self.positive(at, &format!("{field}.chosen"), c.chosen)?;
            self.positive(at, &format!("{field}.other"), c.other)?;
            self.subset(
                at,
                &format!("{field}.deployments"),
                c.deployments.iter().map(|&k| k.into()),
                offered,
            )?;
        }
        Ok(())
    }

    fn multipliers(
        &self,
        at: &str,
        field: &str,
        m: &ByDeployment<f64>,
        offered: &[Deployment],
    ) -> Result<(), LoadError> {
        for (d, v) in m.present() {
            self.positive(at, &format!("{field}.{}", d.as_str()), v)?;
        }
        self.subset(at, field, m.present().map(|(d, _)| d), offered)
    }

    fn subset(
        &self,
        at: &str,
        field: &str,
        used: impl IntoIterator<Item = Deployment>,
        offered: &[Deployment],
    ) -> Result<(), LoadError> {
        for d in used {
            if !offered.contains(&d) {
                return Err(self.invalid(
                    at,
                    format!(
                        "{field} names {} but the offering is not offered there",
                        d.as_str()
                    ),
                ));
            }
        }
        Ok(())
    }

    fn prices(
        &self,
        at: &str,
        prices: &[PriceSpec],
        offered: &[Deployment],
    ) -> Result<(), LoadError> {
        for (i, p) in prices.iter().enumerate() {
            let field = format!("prices[{i}] ({})", p.term.as_str());
            if prices[..i].iter().any(|q| {
                q.term == p.term
                    && editions_overlap((q.added_in, q.removed_in), (p.added_in, p.removed_in))
                    && q.price
                        .present_ref()
                        .any(|(d, _)| p.price.get_ref(d).is_some())
            }) {
                return Err(self.invalid(
                    at,
                    format!("{field}: the term is priced twice for one deployment"),
                ));
            }
            self.source_ref(at, &p.source)?;
            self.editions(at, &field, p.added_in, p.removed_in)?;
            if p.price.present_ref().next().is_none() {
                return Err(self.invalid(at, format!("{field}: no deployment has a price")));
            }
            for (d, v) in p.price.present_ref() {
                self.dated(
                    at,
                    &format!("{field}.price.{}", d.as_str()),
                    v,
                    Value::Positive,
                )?;
            }
            self.subset(
                at,
                &format!("{field}.price"),
                p.price.present_ref().map(|(d, _)| d),
                offered,
            )?;
            self.conflicts(at, &p.conflicts, offered)?;
        }
        Ok(())
    }

    fn offering(&self, vendor: Option<Vendor>, o: &OfferingSpec) -> Result<(), LoadError> {
        id_vendor(vendor, &o.id).map_err(|reason| LoadError::BadId {
            file: self.file.into(),
            id: o.id.clone(),
            reason,
        })?;
        let at = o.id.as_str();
        self.editions(at, "offering", o.added_in, o.removed_in)?;
        self.text(at, "model", &o.model)?;
        self.text(at, "name", &o.name)?;
        self.text(at, "unit", &o.unit)?;
        if o.deployments.is_empty() {
            return Err(self.invalid(at, "deployments is empty"));
        }
        let offered: Vec<Deployment> = o.deployments.iter().map(|&k| k.into()).collect();
        if has_duplicates(&o.deployments) {
            return Err(self.invalid(at, "deployments lists a deployment twice"));
        }
        if o.terms.is_empty() {
            return Err(self.invalid(
                at,
                "terms is empty: list the terms the vendor offers, priced or not",
            ));
        }
        if has_duplicates(&o.terms) {
            return Err(self.invalid(at, "terms lists a term twice"));
        }
        match o.pools.len() {
            1 if o.pools[0].name.is_empty() => {}
            1 => return Err(self.invalid(at, "a single pool must have an empty name")),
            2 if o.pools[0].name == "input" && o.pools[1].name == "output" => {}
            2 => {
                return Err(self.invalid(
                    at,
                    "two pools must be named input and output, in that order",
                ))
            }
            n => {
                return Err(self.invalid(
                    at,
                    format!("{n} pools: an offering has one pool, or an input and an output pool"),
                ))
            }
        }
        let mut billed_by = [0usize; 4];
        for (i, pool) in o.pools.iter().enumerate() {
            self.pool(at, i, o, pool, &offered)?;
            let billed = pool
                .billed
                .clone()
                .unwrap_or_else(|| TokenKind::ALL.to_vec());
            for (k, kind) in TokenKind::ALL.into_iter().enumerate() {
                billed_by[k] += billed.iter().filter(|&&b| b == kind).count();
            }
        }
        for (k, kind) in TokenKind::ALL.into_iter().enumerate() {
            if billed_by[k] != 1 {
                return Err(self.invalid(
                    at,
                    format!(
                        "{} is billed by {} pools: each token kind is billed by exactly one pool",
                        kind_name(kind),
                        billed_by[k]
                    ),
                ));
            }
        }
        if let Some(od) = &o.on_demand {
            self.source_ref(at, &od.source)?;
            let mut any = false;
            for kind in TokenKind::ALL {
                if let Some(v) = od.usd_per_mtok.dated(kind) {
                    any = true;
                    self.dated(
                        at,
                        &format!("on_demand.usd_per_mtok.{}", kind_key(kind)),
                        v,
                        Value::Positive,
                    )?;
                }
            }
            if !any {
                return Err(self.invalid(at, "on_demand has no price: leave on_demand out instead"));
            }
            match &od.deployment_multipliers {
                MultipliersSpec::Inline(m) => {
                    self.multipliers(at, "on_demand.deployment_multipliers", m, &offered)?;
                    match (&od.multiplier_source, m.present().next()) {
                        (Some(s), _) => self.source_ref(at, s)?,
                        (None, Some(_)) => {
                            return Err(self.invalid(
                                at,
                                "on_demand.deployment_multipliers needs a multiplier_source",
                            ))
                        }
                        (None, None) => {}
                    }
                }
                MultipliersSpec::Set(key) => {
                    if !self.f.multiplier_sets.contains_key(key) {
                        return Err(self.invalid(
                            at,
                            format!("on_demand.deployment_multipliers names `{key}`, which the file's multiplier_sets table lacks"),
                        ));
                    }
                    if od.multiplier_source.is_some() {
                        return Err(self.invalid(
                            at,
                            "on_demand.multiplier_source is for inline multipliers: a multiplier set names its own source",
                        ));
                    }
                }
            }
        }
        if let Some(l) = &o.lifecycle {
            self.lifecycle(at, l, &offered)?;
        }
        if let Some(s) = &o.second_opinion {
            for (i, k) in s.keys.iter().enumerate() {
                self.text(at, &format!("second_opinion.keys[{i}]"), k)?;
            }
            for (i, e) in s.explained.iter().enumerate() {
                let field = format!("second_opinion.explained[{i}]");
                self.source_ref(at, &e.source)?;
                self.text(at, &format!("{field}.reason"), &e.reason)?;
                match (&e.theirs, e.figure) {
                    (Theirs::Day(d), OpinionFigure::Retired) => {
                        self.day(at, &format!("{field}.theirs"), d)?;
                    }
                    (Theirs::Usd(v), f) if f != OpinionFigure::Retired => {
                        self.number(at, &format!("{field}.theirs"), *v, *v >= 0.0, "0 or more")?;
                    }
                    _ => {
                        return Err(self.invalid(
                            at,
                            format!("{field}.theirs: a day (YYYY-MM-DD) for retired, dollars per 1M tokens for a price"),
                        ))
                    }
                }
            }
        }
        if let Some(b) = &o.batch {
            self.number(
                at,
                "batch.multiplier",
                b.multiplier,
                b.multiplier > 0.0 && b.multiplier <= 1.0,
                "in (0, 1]",
            )?;
            self.source_ref(at, &b.source)?;
            self.subset(
                at,
                "batch.deployments",
                b.deployments.iter().map(|&k| k.into()),
                &offered,
            )?;
        }
        self.conflicts(at, &o.conflicts, &offered)?;
        for (i, n) in o.notes.iter().enumerate() {
            self.text(at, &format!("notes[{i}]"), n)?;
        }
        Ok(())
    }

    fn pool(
        &self,
        at: &str,
        i: usize,
        o: &OfferingSpec,
        pool: &PoolSpec,
        offered: &[Deployment],
    ) -> Result<(), LoadError> {
        let p = format!("pools[{i}]");
        self.text(at, &format!("{p}.unit"), &pool.unit)?;
        if let Some(c) = &pool.capacity {
            self.dated(
                at,
                &format!("{p}.capacity.tokens_per_unit"),
                &c.tokens_per_unit,
                Value::Positive,
            )?;
            self.source_ref(at, &c.source)?;
        }
        self.per_deployment_counts(at, &format!("{p}.min_units"), &pool.min_units, offered)?;
        self.per_deployment_counts(at, &format!("{p}.increment"), &pool.increment, offered)?;
        let mut carries = false;
        for kind in TokenKind::ALL {
            let field = format!("{p}.weights.{}", kind_key(kind));
            match pool.weights.dated(kind) {
                Some(w) => {
                    self.dated(at, &field, w, Value::NonNegative)?;
                    carries |= w.values().iter().any(|&(v, _)| v > 0.0);
                }
                None => carries = true,
            }
            if let Some(reason) = pool.assumed_weights.get(kind) {
                self.text(
                    at,
                    &format!("{p}.assumed_weights.{}", kind_key(kind)),
                    reason,
                )?;
            }
        }
        if !carries {
            return Err(self.invalid(
                at,
                format!("{p}.weights are all zero: the pool would carry nothing"),
            ));
        }
        let list = match &pool.prices {
            PricesSpec::List(list) => {
                self.prices(&format!("{at} {p}"), list, offered)?;
                list.as_slice()
            }
            // Shared sets are checked once, against every deployment, in `file`.
            PricesSpec::Set(key) => {
                self.f
                    .price_sets
                    .get(key)
                    .map(Vec::as_slice)
                    .ok_or_else(|| LoadError::UnknownPriceSet {
                        file: self.file.into(),
                        at: at.into(),
                        key: key.clone(),
                    })?
            }
        };
        for price in list {
            if !o.terms.contains(&price.term) {
                return Err(self.invalid(
                    at,
                    format!(
                        "{p} prices the {} term, which terms does not list",
                        price.term.as_str()
                    ),
                ));
            }
        }
        Ok(())
    }

    fn per_deployment_counts(
        &self,
        at: &str,
        field: &str,
        counts: &ByDeployment<Dated<u64>>,
        offered: &[Deployment],
    ) -> Result<(), LoadError> {
        for &d in offered {
            let f = format!("{field}.{}", d.as_str());
            match counts.get_ref(d) {
                Some(n) => {
                    self.history(at, &f, n)?;
                    for (v, _) in n.values() {
                        self.count(at, &f, v)?;
                    }
                }
                None => {
                    return Err(self.invalid(at, format!("{field} has no value for {}", d.as_str())))
                }
            }
        }
        self.subset(at, field, counts.present_ref().map(|(d, _)| d), offered)
    }

    /// Every value of a dated figure in range, and its history consistent.
    fn dated(&self, at: &str, field: &str, v: &Dated<f64>, rule: Value) -> Result<(), LoadError> {
        self.history(at, field, v)?;
        for (x, _) in v.values() {
            match rule {
                Value::Positive => self.positive(at, field, x)?,
                Value::NonNegative => {
                    self.number(at, field, x, x >= 0.0, "zero or more and finite")?
                }
            }
        }
        Ok(())
    }

    /// A history's entries: dates in order, sources known, editions in order, and in any
    /// one edition no two open-ended values starting the same day.
    fn history<T: Copy>(&self, at: &str, field: &str, v: &Dated<T>) -> Result<(), LoadError> {
        let Dated::History(list) = v else {
            return Ok(());
        };
        for (i, e) in list.iter().enumerate() {
            let f = format!("{field}[{i}]");
            if let (Some(from), Some(until)) = (e.effective_from, e.until) {
                if until < from {
                    return Err(self.invalid(
                        at,
                        format!("{f}: until {until} is before effective_from {from}"),
                    ));
                }
            }
            if let Some(s) = &e.source {
                self.source_ref(at, s)?;
            }
            self.editions(at, &f, e.added_in, e.removed_in)?;
            let clash = list[..i].iter().any(|o| {
                o.until.is_none()
                    && e.until.is_none()
                    && o.effective_from == e.effective_from
                    && editions_overlap((o.added_in, o.removed_in), (e.added_in, e.removed_in))
            });
            if clash {
                return Err(self.invalid(
                    at,
                    format!("{f}: two values take effect on the same day in one edition: give one an effective_from, an until or edition bounds"),
                ));
            }
        }
        Ok(())
    }

    /// A lifecycle: real days, known sources, deployments the offering has, no two dates
    /// for one event and deployment in the same edition, and the events in order
    /// (available, closed, retired) where they share an edition and a deployment.
    fn lifecycle(
        &self,
        at: &str,
        l: &LifecycleSpec,
        offered: &[Deployment],
    ) -> Result<(), LoadError> {
        self.source_ref(at, &l.reservation_source)?;
        let mut dated: Vec<(usize, Date, &LifeDateSpec)> = Vec::new();
        for (rank, (event, list)) in l.events().into_iter().enumerate() {
            for (i, d) in list.iter().enumerate() {
                let field = format!("lifecycle.{event}[{i}]");
                let day = self.day(at, &format!("{field}.on"), &d.on)?;
                self.source_ref(at, &d.source)?;
                self.editions(at, &field, d.added_in, d.removed_in)?;
                let keys: Vec<Deployment> = d.deployments.iter().map(|&k| k.into()).collect();
                if let Some(k) = keys.iter().find(|k| !offered.contains(k)) {
                    return Err(self.invalid(
                        at,
                        format!(
                            "{field}.deployments: {} is not one of the offering's deployments",
                            k.as_str()
                        ),
                    ));
                }
                if let Some(s) = &d.successor {
                    self.text(at, &format!("{field}.successor"), s)?;
                }
                for (j, c) in d.conflicts.iter().enumerate() {
                    let cf = format!("{field}.conflicts[{j}]");
                    self.day(at, &format!("{cf}.on"), &c.on)?;
                    self.source_ref(at, &c.source)?;
                    self.text(at, &format!("{cf}.note"), &c.note)?;
                }
                for (k, other) in list[..i].iter().enumerate() {
                    let shared = d.deployments.is_empty() == other.deployments.is_empty()
                        && (d.deployments.is_empty()
                            || d.deployments.iter().any(|x| other.deployments.contains(x)));
                    if shared
                        && editions_overlap(
                            (d.added_in, d.removed_in),
                            (other.added_in, other.removed_in),
                        )
                    {
                        return Err(self.invalid(
                            at,
                            format!("{field} and lifecycle.{event}[{k}] give the same event for the same deployment in one edition: record the other source's date under conflicts"),
                        ));
                    }
                }
                dated.push((rank, day, d));
            }
        }
        for (ra, a, da) in &dated {
            for (rb, b, db) in &dated {
                let covers = |x: &LifeDateSpec, y: &LifeDateSpec| {
                    x.deployments.is_empty()
                        || y.deployments.is_empty()
                        || x.deployments.iter().any(|k| y.deployments.contains(k))
                };
                if ra < rb
                    && a > b
                    && covers(da, db)
                    && editions_overlap((da.added_in, da.removed_in), (db.added_in, db.removed_in))
                {
                    let names = ["generally_available", "closed_to_new", "retired"];
                    return Err(self.invalid(
                        at,
                        format!(
                            "lifecycle.{} ({a}) is after lifecycle.{} ({b})",
                            names[*ra], names[*rb]
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// A calendar day in `YYYY-MM-DD`, or an error naming the field.
    fn day(&self, at: &str, field: &str, text: &str) -> Result<Date, LoadError> {
        match text.parse::<Date>() {
            Ok(d) if text.len() == 10 => Ok(d),
            _ => Err(self.invalid(
                at,
                format!(
                    "{field}: `{text}` is not a calendar day: write YYYY-MM-DD (e.g. 2027-03-31)"
                ),
            )),
        }
    }

    fn editions(
        &self,
        at: &str,
        field: &str,
        added_in: Option<Edition>,
        removed_in: Option<Edition>,
    ) -> Result<(), LoadError> {
        match (added_in, removed_in) {
            (Some(a), Some(r)) if r <= a => Err(self.invalid(
                at,
                format!("{field}: removed_in {r} is not after added_in {a}"),
            )),
            _ => Ok(()),
        }
    }
}

/// How a figure's values must be.
#[derive(Clone, Copy)]
enum Value {
    Positive,
    NonNegative,
}

/// Whether two edition ranges share an edition.
fn editions_overlap(
    a: (Option<Edition>, Option<Edition>),
    b: (Option<Edition>, Option<Edition>),
) -> bool {
    Edition::all()
        .iter()
        .filter_map(|e| Edition::parse(e.key).ok())
        .any(|e| in_edition(a.0, a.1, e) && in_edition(b.0, b.1, e))
}

fn has_duplicates<T: PartialEq>(items: &[T]) -> bool {
    items
        .iter()
        .enumerate()
        .any(|(i, a)| items[..i].contains(a))
}

/// The JSON key of a token kind.
pub(crate) fn kind_key(kind: TokenKind) -> &'static str {
    match kind {
        TokenKind::Input => "input",
        TokenKind::CachedInput => "cached_input",
        TokenKind::CacheWrite => "cache_write",
        TokenKind::Output => "output",
    }
}

/// A token kind for people.
pub(crate) fn kind_name(kind: TokenKind) -> &'static str {
    match kind {
        TokenKind::Input => "input",
        TokenKind::CachedInput => "cached input",
        TokenKind::CacheWrite => "cache write",
        TokenKind::Output => "output",
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a plausible month and day.
pub(crate) fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    let in_range =
        |p: &str, lo: u32, hi: u32| p.parse::<u32>().is_ok_and(|v| (lo..=hi).contains(&v));
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && in_range(m, 1, 12),
        [y, m, d] => {
            digits(y, 4) && digits(m, 2) && digits(d, 2) && in_range(m, 1, 12) && in_range(d, 1, 31)
        }
        _ => false,
    }
}

/// `<vendor>/<model>`, the model part lowercase `[a-z0-9.-]`, starting with a letter or digit.
fn check_id(vendor: Vendor, id: &str) -> Result<(), String> {
    let Some((prefix, model)) = id.split_once('/') else {
        return Err(format!(
            "has no `/`: write it as {}/<model>",
            vendor.as_str()
        ));
    };
    if prefix != vendor.as_str() {
        return Err(format!(
            "must start with `{}/` in this file",
            vendor.as_str()
        ));
    }
    if model.is_empty() || model.len() > 64 {
        return Err("needs a model part of 1 to 64 characters after the `/`".into());
    }
    if !model
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return Err("may only use a-z, 0-9, `.` and `-` after the `/`".into());
    }
    if !model.as_bytes()[0].is_ascii_alphanumeric() || model.ends_with(['.', '-']) {
        return Err("must start and end with a letter or digit after the `/`".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_accept_year_month_and_day_precision_only() {
        for ok in ["2026", "2026-08", "2026-08-29", "2024-12-31"] {
            assert!(is_iso_date(ok), "{ok}");
        }
        for bad in [
            "",
            "26",
            "2026-8",
            "2026-13",
            "2026-08-32",
            "2026/08",
            "Aug 2026",
            "2026-08-29-1",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }

    #[test]
    fn ids_must_carry_the_file_vendor_and_the_link_alphabet() {
        assert!(check_id(Vendor::Azure, "azure/gpt-4.1").is_ok());
        assert!(check_id(Vendor::Azure, "vertex/gpt-4.1").is_err());
        assert!(check_id(Vendor::Azure, "azure/GPT-4.1").is_err());
        assert!(check_id(Vendor::Azure, "azure/gpt 4.1").is_err());
        assert!(check_id(Vendor::Azure, "azure/").is_err());
        assert!(check_id(Vendor::Azure, "azure/-x").is_err());
        assert!(check_id(Vendor::Azure, "gpt-4.1").is_err());
    }
}
