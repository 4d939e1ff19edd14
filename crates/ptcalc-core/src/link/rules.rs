//! Rules between keys that no single key's range can say: what a link resets (with a
//! warning naming the key) and what a field edit refuses at the edited field.
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::{Key, LinkProblem, LinkWarning};
use crate::numfmt::format_number;
use crate::offering::{Deployment, CUSTOM_ID};
use crate::scenario::{Scenario, ShapeKind};
use crate::traffic::max_peak_to_average;

/// A rule between keys that no single key's range can say.
pub(super) struct Rule {
    /// The keys it involves: editing any of them checks it.
    pub(super) keys: &'static [Key],
    /// The key a link's warning names.
    pub(super) reported_at: Key,
    /// What is wrong, if anything.
    pub(super) problem: fn(&Scenario) -> Option<String>,
    /// Makes the scenario valid again (when reading a link) and says how.
    pub(super) repair: fn(&mut Scenario) -> String,
}

pub(super) const RULES: [Rule; 9] = [
    Rule {
        keys: &[Key::Grp, Key::Gload, Key::Load],
        reported_at: Key::Grp,
        problem: |s| {
            ((s.group.is_some() || s.group_load.is_some()) && s.load.is_none()).then(|| {
                String::from(
                    "a group joins workloads imported together (load=), and this one has no load=",
                )
            })
        },
        repair: |s| {
            s.group = None;
            s.group_load = None;
            String::from("grp and gload ignored")
        },
    },
    Rule {
        keys: &[Key::Gload, Key::Grp],
        reported_at: Key::Gload,
        problem: |s| {
            (s.group_load.is_some() && s.group.is_none())
                .then(|| String::from("a group's summary needs the group (grp=)"))
        },
        repair: |s| {
            s.group_load = None;
            String::from("ignored")
        },
    },
    Rule {
        keys: &[Key::Load, Key::Shape, Key::Pa, Key::Seed],
        reported_at: Key::Shape,
        problem: |s| {
            let d = Scenario::default();
            (s.load.is_some()
                && (s.shape != d.shape
                    || s.peak_to_average != d.peak_to_average
                    || s.seed != d.seed))
                .then(|| String::from("the imported traffic (load) replaces the synthetic shape"))
        },
        repair: |s| {
            let d = Scenario::default();
            s.shape = d.shape;
            s.peak_to_average = d.peak_to_average;
            s.seed = d.seed;
            String::from("shape, pa and seed ignored")
        },
    },
    Rule {
        keys: &[Key::D, Key::O],
        reported_at: Key::D,
        problem: |s| {
            (s.offering == CUSTOM_ID && s.deployment != Deployment::Global).then(|| {
                format!(
                    "{CUSTOM_ID} has no deployment types, so {} does not apply",
                    s.deployment.as_str()
                )
            })
        },
        repair: |s| {
            s.deployment = Deployment::Global;
            format!("{} used", Deployment::Global.as_str())
        },
    },
    Rule {
        keys: &[Key::Cache, Key::Cw],
        reported_at: Key::Cw,
        problem: |s| {
            (s.cached_share + s.cache_write_share > 1.0).then(|| {
                format!(
                    "cache {} + cw {} exceed the whole input",
                    format_number(s.cached_share),
                    format_number(s.cache_write_share)
                )
            })
        },
        repair: |s| {
            s.cache_write_share = 0.0;
            String::from("cw reset to 0")
        },
    },
    Rule {
        keys: &[Key::Pa, Key::Shape],
        reported_at: Key::Pa,
        problem: |s| {
            (s.shape == ShapeKind::Flat && s.peak_to_average != Scenario::default().peak_to_average)
                .then(|| {
                    String::from(
                        "the flat shape has no peak-to-average ratio (every minute is the average)",
                    )
                })
        },
        repair: |s| {
            s.peak_to_average = Scenario::default().peak_to_average;
            String::from("ignored")
        },
    },
    Rule {
        keys: &[Key::Pa, Key::Shape, Key::Mh, Key::Seed],
        reported_at: Key::Pa,
        problem: |s| {
            let max = shape_maximum(s)?;
            (s.peak_to_average > max + 1e-12).then(|| {
                format!(
                    "{} is above the {} shape's maximum of {:.3} for this month",
                    format_number(s.peak_to_average),
                    s.shape.as_str(),
                    max
                )
            })
        },
        repair: |s| {
            let max = shape_maximum(s).unwrap_or(f64::INFINITY);
            let fallback = Scenario::default().peak_to_average.min(max).max(1.0);
            s.peak_to_average = fallback;
            format!("{} used", format_number(fallback))
        },
    },
    Rule {
        keys: &[Key::Seed, Key::Shape],
        reported_at: Key::Seed,
        problem: |s| {
            (s.shape != ShapeKind::Bursty && s.seed != Scenario::default().seed).then(|| {
                format!(
                    "only the bursty shape has a seed, and the shape is {}",
                    s.shape.as_str()
                )
            })
        },
        repair: |s| {
            s.seed = Scenario::default().seed;
            String::from("ignored")
        },
    },
    Rule {
        keys: &[Key::Pu, Key::Pm],
        reported_at: Key::Pu,
        problem: |s| {
            let o = &s.overrides;
            (o.usd_per_unit_hour.is_some() && o.usd_per_unit_month.is_some()).then(|| {
                String::from("pu and pm both give the unit price; leave one of them empty")
            })
        },
        repair: |s| {
            s.overrides.usd_per_unit_hour = None;
            String::from("pm used, pu ignored")
        },
    },
];

/// Applies the rules between keys that a link (or an edit elsewhere, such as switching
/// the shape) can break: each value that cannot apply is reset, with a warning naming its
/// key and saying what was used. [`parse`] ends with it.
///
/// ```
/// use ptcalc_core::{link::settle, scenario::ShapeKind, Scenario};
/// let mut s = Scenario { shape: ShapeKind::Flat, seed: 7, ..Scenario::default() };
/// let warnings = settle(&mut s);
/// assert_eq!(warnings[0].key, "seed");
/// assert_eq!(s.seed, Scenario::default().seed);
/// ```
pub fn settle(s: &mut Scenario) -> Vec<LinkWarning> {
    RULES
        .iter()
        .filter_map(|rule| {
            let problem = (rule.problem)(s)?;
            let fix = (rule.repair)(s);
            Some(LinkWarning {
                key: rule.reported_at.as_str().to_string(),
                problem: LinkProblem::Conflict,
                message: format!("{problem}: {fix}"),
            })
        })
        .collect()
}

/// The largest peak-to-average ratio the scenario's shape reaches this month (`None` for flat).
fn shape_maximum(s: &Scenario) -> Option<f64> {
    (s.shape != ShapeKind::Flat)
        .then(|| max_peak_to_average(s.shape, s.minutes_per_month(), s.seed))
}
