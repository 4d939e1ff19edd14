//! The checks behind the fuzz targets: each takes the fuzzer's bytes, runs one input path of
//! ptcalc end to end and panics (a libFuzzer crash) on a broken promise: a panic inside
//! ptcalc, a NaN or infinity in a reported figure, a link that does not survive its own
//! round trip, a streamed import that differs from the whole-file one, an error without a
//! message. The targets in `fuzz_targets/` are one call each; README, "Hardening".
#![forbid(unsafe_code)]

use ptcalc_core::link::{format, format_link, parse};
use ptcalc_core::report::{evaluate as evaluate_offering, Analysis};
use ptcalc_core::verdict::verdict;
use ptcalc_core::{Offering, Scenario};
use ptcalc_ratecards::{catalog, load, load_compact, open_link, Catalog, LoadError};
use ptcalc_usage::summary::LoadSummary;
use ptcalc_usage::{
    describe, import_bytes, Format, ImportError, ImportOptions, Importer, Selection, Usage,
};

#[path = "../../ptcalc-ratecards/tests/support/finite.rs"]
pub mod finite;

/// The text ptcalc is handed: a link or a file is text, and invalid UTF-8 reaches the
/// parsers as replacement characters (the page and the CLI read text the same way).
fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Any bytes as a link: parsing never fails, and the canonical link of what was read reads
/// back to the same scenario with no warning, and formats to itself (format ∘ parse is
/// idempotent). The same holds after the rate cards made the scenario servable.
pub fn link(data: &[u8]) {
    let link = text(data);
    let parsed = parse(&link);
    for w in &parsed.warnings {
        assert!(!w.message.is_empty(), "a warning without a message: {w:?}");
    }
    let canonical = format_link(&parsed.scenario, &parsed.presentation);
    let again = parse(&canonical);
    assert_eq!(
        again.scenario, parsed.scenario,
        "{canonical} reads back to another scenario"
    );
    assert_eq!(
        again.presentation, parsed.presentation,
        "{canonical} reads back to another presentation"
    );
    assert!(
        again.warnings.is_empty(),
        "the canonical link {canonical} has warnings: {:?}",
        again.warnings
    );
    assert_eq!(
        format_link(&again.scenario, &again.presentation),
        canonical,
        "format ∘ parse is not idempotent"
    );

    let opened = open_link(&link);
    let canonical = format(&opened.scenario);
    let again = parse(&canonical);
    assert_eq!(
        again.scenario, opened.scenario,
        "the servable scenario's link {canonical} reads back to another scenario"
    );
    assert!(
        again.warnings.is_empty(),
        "{canonical}: {:?}",
        again.warnings
    );
}

/// Any bytes as a link, all the way to the report the page and `ptcalc eval` show: no
/// panic, and either a report whose every figure is finite or an error with a message.
pub fn report(data: &[u8]) {
    let opened = open_link(&text(data));
    match ptcalc_ratecards::evaluate(&opened.scenario) {
        Ok(analysis) => check_analysis(&analysis, &opened.scenario),
        Err(e) => assert!(!e.to_string().is_empty(), "an error without a message"),
    }
}

/// Every reported figure finite, the model's own series too, and a verdict to show.
pub fn check_analysis(analysis: &Analysis, scenario: &Scenario) {
    let bad = finite::non_finite(&analysis.report);
    assert!(
        bad.is_empty(),
        "non-finite figures for {}: {bad:?}",
        format(scenario)
    );
    assert!(
        analysis.multipliers.iter().all(|m| m.is_finite()),
        "a non-finite traffic multiplier for {}",
        format(scenario)
    );
    for v in [
        analysis.on_demand_usd_per_month,
        Some(analysis.batch_usd_per_month),
    ]
    .into_iter()
    .flatten()
    {
        assert!(
            v.is_finite(),
            "a non-finite monthly cost for {}",
            format(scenario)
        );
    }
    assert!(
        !verdict(&analysis.report).text.is_empty(),
        "an empty verdict"
    );
}

/// Any bytes as a usage file, after `prefix` (a format's header line, or nothing for
/// format detection and the JSON formats). See [`usage_import`].
pub fn usage(prefix: &[u8], expected: Option<Format>, data: &[u8]) {
    let mut file = Vec::with_capacity(prefix.len() + data.len());
    file.extend_from_slice(prefix);
    file.extend_from_slice(data);
    usage_import(&file, expected);
}

/// A usage file imported whole and streamed in small chunks (a chunk boundary falls
/// everywhere across the fuzz runs): both give the same result, a file is either read
/// (in the expected format, with finite, non-negative minutes) or rejected with a message,
/// and what was read summarizes into a link code that decodes to the same minutes.
pub fn usage_import(file: &[u8], expected: Option<Format>) {
    let options = ImportOptions::default();
    let whole = import_bytes(file, options);
    let chunk = 1 + file.len() % 61;
    let mut importer = Importer::new(options);
    let streamed = file
        .chunks(chunk)
        .try_for_each(|c| importer.feed(c).map(|_| ()))
        .and_then(|()| importer.finish());
    assert_eq!(whole, streamed, "streamed in {chunk}-byte chunks");
    match whole {
        Ok(usage) => check_usage(&usage, expected),
        Err(e) => check_error(&e),
    }
}

fn check_error(e: &ImportError) {
    assert!(
        !e.to_string().trim().is_empty(),
        "an error without a message: {e:?}"
    );
}

fn check_usage(usage: &Usage, expected: Option<Format>) {
    if let Some(format) = expected {
        assert_eq!(usage.format, format, "the header names another format");
    }
    for w in &usage.warnings {
        assert!(!w.to_string().is_empty(), "a warning without a message");
    }
    let mut selections = vec![Selection::All];
    selections.extend(
        usage
            .series_names()
            .into_iter()
            .map(|n| Selection::Named(n.to_owned())),
    );
    for which in &selections {
        let series = match usage.select(which) {
            Ok(series) => series,
            Err(e) => {
                check_error(&e);
                continue;
            }
        };
        assert_eq!(series.minutes(), usage.minutes, "{which:?}");
        let total = series.total();
        if let Some(t) = total.iter().position(|v| !v.is_finite() || *v < 0.0) {
            panic!("minute {t} of {which:?} holds {} tokens", total[t]);
        }
        match describe(usage, which) {
            Ok(d) => {
                let bad = d
                    .percentiles
                    .iter()
                    .map(|(_, v)| v)
                    .chain(&d.tokens)
                    .chain([&d.mean_tokens_per_minute, &d.peak_tokens_per_minute])
                    .any(|v| !v.is_finite());
                assert!(!bad, "a non-finite description of {which:?}: {d:?}");
            }
            Err(e) => check_error(&e),
        }
        if let Ok((summary, _)) = LoadSummary::from_series(&total, series.start_unix_minute) {
            assert_eq!(summary.minutes(), total.len());
            let code = summary.encode();
            match LoadSummary::decode(&code) {
                Ok(back) => {
                    assert_eq!(back.minutes(), total.len(), "{code}");
                    check_summary(&back);
                }
                Err(e) => panic!("the summary {code} does not decode: {e}"),
            }
        }
    }
}

/// Any bytes as a load-summary code from a link: it decodes to a finite, non-negative
/// curve, or is refused with a message; a decoded summary re-encodes to one that decodes
/// to the same summary.
pub fn usage_summary(data: &[u8]) {
    let code = text(data);
    match LoadSummary::decode(&code) {
        Ok(summary) => {
            check_summary(&summary);
            let again = summary.encode();
            match LoadSummary::decode(&again) {
                Ok(back) => assert_eq!(back, summary, "{code} → {again}"),
                Err(e) => panic!("{code} re-encoded as {again}, which does not decode: {e}"),
            }
        }
        Err(e) => assert!(!e.to_string().is_empty(), "an error without a message"),
    }
}

fn check_summary(s: &LoadSummary) {
    assert!(s.minutes() > 0);
    if let Some(t) = s.curve().iter().position(|v| !v.is_finite() || *v < 0.0) {
        panic!("minute {t} of the decoded curve is {}", s.curve()[t]);
    }
    for p in 1..=100 {
        assert!(s.percentile(p).is_finite(), "P{p} is not finite");
    }
    let peak = s.peak();
    assert!(peak.is_finite());
    for x in [0.0, 0.5, 1.0, peak / 2.0, peak] {
        assert!(
            s.overflow(x).is_finite(),
            "the overflow above {x} is not finite"
        );
    }
    assert!(s.week().iter().flatten().all(|v| v.is_finite()));
}

/// Any bytes as a rate-card file in the bundled format: it loads (and then every
/// offering resolves, or says why not, and evaluates to finite figures) or is refused
/// with an error naming the file.
pub fn ratecard(data: &[u8]) {
    let text = text(data);
    match load(&[("fuzz.json", &text)]) {
        Ok(catalog) => check_catalog(&catalog, false),
        Err(e) => {
            let message = e.to_string();
            assert!(message.starts_with("fuzz.json"), "{message}");
        }
    }
}

/// Any bytes as an organization's rate card added to the bundled catalog: the same
/// promises as [`ratecard`], for the organization's offerings.
pub fn ratecard_org(data: &[u8]) {
    let text = text(data);
    match catalog().with_organization("org.json", &text) {
        Ok(with) => check_catalog(&with, true),
        Err(e) => {
            let message = e.to_string();
            assert!(message.starts_with("org.json"), "{message}");
        }
    }
}

/// Any bytes as compact rate cards (what the page builds its catalog from, and keeps an
/// organization's card as): as bundled cards, and as an organization's card over the bundled
/// ones. Decoding never panics; what decodes is validated and meets [`ratecard`]'s promises;
/// what does not is refused with an error naming the file.
///
/// Seeds: an organization's compact card and the same card as a bundled file.
pub fn ratecard_compact(data: &[u8]) {
    match load_compact(data) {
        Ok(catalog) => check_catalog(&catalog, false),
        // A damaged input names the compact file; one that decodes but does not validate
        // names the card file inside it, as `load` does.
        Err(e @ LoadError::Compact { .. }) => {
            let message = e.to_string();
            assert!(message.starts_with("bundled.bin: "), "{message}");
        }
        Err(e) => assert!(!e.to_string().is_empty(), "an error without a message"),
    }
    match catalog().with_organization_compact("org.bin", data) {
        Ok(with) => check_catalog(&with, true),
        Err(e) => {
            let message = e.to_string();
            assert!(message.starts_with("org.bin"), "{message}");
        }
    }
}

fn check_catalog(catalog: &Catalog, organization_only: bool) {
    for w in catalog.check() {
        assert!(!w.to_string().is_empty());
    }
    for entry in catalog.entries() {
        if organization_only && !entry.organization {
            continue;
        }
        for &deployment in &entry.deployments {
            let offering = match catalog.resolve(&entry.id, deployment) {
                Ok(offering) => offering,
                Err(e) => {
                    assert!(!e.to_string().is_empty());
                    continue;
                }
            };
            for &term in &entry.terms {
                let scenario = Scenario {
                    offering: entry.id.clone(),
                    deployment,
                    term,
                    ..Scenario::default()
                };
                evaluate_card(&scenario, &offering);
            }
        }
    }
}

fn evaluate_card(scenario: &Scenario, offering: &Offering) {
    match evaluate_offering(scenario, offering) {
        Ok(analysis) => check_analysis(&analysis, scenario),
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}
