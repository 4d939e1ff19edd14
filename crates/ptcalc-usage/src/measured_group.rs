//! A file's series as one group of workloads (README "Portfolio"): each series its own
//! workload, as [`measured_scenario`] makes it (its volume, cache shares and `load=`), all
//! with one group label (`grp=`) and, on the first, the summary of their summed load
//! (`gload=`), which prices a pool holding the whole group. The CLI
//! (`ptcalc portfolio LINK --usage FILE --series all`) and the page's "One workload per
//! series" call this one function, so both write the same link.
use ptcalc_core::load_summary::{LoadSummary, SummaryText};
use ptcalc_core::{Offering, Scenario};

use crate::measured_load::{measured_scenario, Measured, MeasuredError};
use crate::MinuteSeries;

/// The label of a group of `size` workloads: six hex digits of the FNV-1a hash of its
/// joint summary, so the same file gives the same label everywhere and two files' groups
/// are told apart, then `-` and the size, so a portfolio notices a workload removed from
/// the group or copied into it (README "Portfolio").
///
/// ```
/// use ptcalc_usage::measured_group::group_label;
/// assert_eq!(group_label("BG2B", 2).len(), 8);
/// assert!(group_label("BG2B", 3).ends_with("-3"));
/// assert_ne!(group_label("BG2B", 2), group_label("BG2C", 2));
/// ```
pub fn group_label(joint_summary: &str, size: usize) -> String {
    let h = joint_summary
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    format!("{:06x}-{size}", h >> 40)
}

/// Each `(name, data)` a workload on `base` named after its series (an empty name leaves
/// the workload unnamed), as [`measured_scenario`] makes it; with two or more, all carry
/// one `grp=` label and the first the summary of their summed offering-weighted load
/// (`gload=`, made by the summarizer that makes `load=`). The series must come from one
/// file (the same minutes).
///
/// # Errors
/// As [`measured_scenario`] for any series, or for the summed load.
pub fn measured_group<E>(
    base: &Scenario,
    series: &[(String, MinuteSeries)],
    mut offering_for: impl FnMut(&Scenario) -> Result<Offering, E>,
) -> Result<Vec<Measured>, MeasuredError<E>> {
    let mut out = Vec::with_capacity(series.len());
    for (name, data) in series {
        let mut s = base.clone();
        s.name = Some(name.clone()).filter(|n| !n.is_empty());
        out.push(measured_scenario(&s, data, &mut offering_for)?);
    }
    if out.len() < 2 {
        return Ok(out);
    }
    let minutes = out.iter().map(|m| m.load.len()).max().unwrap_or(0);
    let mut sum = vec![0.0; minutes];
    for m in &out {
        for (s, d) in sum.iter_mut().zip(&m.load) {
            *s += d;
        }
    }
    let start = series.first().map_or(0, |(_, d)| d.start_unix_minute);
    let (joint, _) = LoadSummary::from_series(&sum, start).map_err(MeasuredError::Summary)?;
    let joint = SummaryText::from_summary(joint).map_err(MeasuredError::Summary)?;
    let label = group_label(joint.as_str(), out.len());
    for m in &mut out {
        m.scenario.group = Some(label.clone());
    }
    out[0].scenario.group_load = Some(joint);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{import_bytes, ImportOptions, Selection};

    #[test]
    fn every_series_gets_the_group_and_the_first_its_summary() {
        let csv = "time,deployment,input,output\n\
                   2025-08-18T00:00Z,a,100,10\n2025-08-18T00:00Z,b,50,5\n\
                   2025-08-18T00:01Z,a,300,30\n2025-08-18T00:01Z,b,10,1\n\
                   2025-08-18T00:02Z,a,200,20\n2025-08-18T00:02Z,b,90,9\n";
        let usage = import_bytes(csv.as_bytes(), ImportOptions::default()).unwrap();
        let series: Vec<(String, MinuteSeries)> = usage
            .series_names()
            .iter()
            .map(|n| {
                let d = usage.select(&Selection::Named(n.to_string())).unwrap();
                (n.to_string(), d)
            })
            .collect();
        assert_eq!(series.len(), 2, "{:?}", usage.series_names());
        let custom = |s: &Scenario| Ok::<_, ()>(Offering::custom(&s.overrides, s.term));
        let group = measured_group(&Scenario::default(), &series, custom).unwrap();
        let label = group[0].scenario.group.clone().expect("a group");
        assert!(group
            .iter()
            .all(|m| m.scenario.group.as_ref() == Some(&label)));
        assert!(group[0].scenario.group_load.is_some());
        assert!(group[1].scenario.group_load.is_none());
        // The joint summary is the summed load's, as `load=` of the file's whole sum.
        let all = usage.select(&Selection::All).unwrap();
        let whole = measured_scenario(&Scenario::default(), &all, custom).unwrap();
        assert_eq!(
            group[0].scenario.group_load.as_ref().map(|t| t.as_str()),
            Some(whole.summary.as_str())
        );
        assert_eq!(label, group_label(&whole.summary, 2));
        // One series: no group.
        let one = measured_group(&Scenario::default(), &series[..1], custom).unwrap();
        assert_eq!(one[0].scenario.group, None);
    }
}
