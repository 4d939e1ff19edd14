//! A usage file becomes a scenario: the volume and cache shares from the file's
//! means, the traffic from its per-minute load weighted as the offering weighs
//! tokens, carried as a `load=` summary. The CLI (`eval --usage`) and the page
//! call this one function, so the same file gives the same link in both.
use ptcalc_core::load_summary::{Summarizer, SummaryError, SummaryText};
use ptcalc_core::scenario::Volume;
use ptcalc_core::{Offering, Scenario};

use crate::MinuteSeries;

/// The scenario on a file's measured load.
#[derive(Clone, Debug)]
pub struct Measured {
    /// The scenario with the volume, cache shares and `load=` summary set.
    pub scenario: Scenario,
    /// The offering the load was weighted for.
    pub offering: Offering,
    /// The offering-weighted per-minute load that was summarized.
    pub load: Vec<f64>,
    /// The summary's text (what `load=` carries).
    pub summary: String,
}

/// Why a file's load could not become a scenario.
#[derive(Clone, Debug, PartialEq)]
pub enum MeasuredError<E> {
    /// The scenario's offering could not be resolved.
    Offering(E),
    /// The load could not be summarized.
    Summary(SummaryError),
}

/// Rounds to 4 significant digits: a link writes the volume short, and the measured mean
/// is no more exact than that.
fn short(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 0.0;
    }
    let magnitude = 10f64.powi(3 - v.log10().floor() as i32);
    (v * magnitude).round() / magnitude
}

/// The weights of the four token kinds for `offering`: its pool's, or all tokens alike
/// for an offering that reserves input and output separately.
pub fn load_weights(offering: &Offering) -> [f64; 4] {
    match offering.pools.as_slice() {
        [pool] => [
            pool.weights.input,
            pool.weights.cached_input,
            pool.weights.cache_write,
            pool.weights.output,
        ],
        _ => [1.0; 4],
    }
}

/// `base` on the measured load `data`. `offering_for` resolves the scenario's offering
/// (the CLI as of the link's date, the page with today's cards); it is called after the
/// volume is set. The shape, peak-to-average ratio and seed go back to their defaults:
/// the summary replaces them.
///
/// # Errors
/// The offering's error, or why the load cannot be summarized (no load at all).
pub fn measured_scenario<E>(
    base: &Scenario,
    data: &MinuteSeries,
    offering_for: impl FnOnce(&Scenario) -> Result<Offering, E>,
) -> Result<Measured, MeasuredError<E>> {
    let mut steps = MeasuredSteps::new(base, data, offering_for)?;
    loop {
        match steps.step().map_err(MeasuredError::Summary)? {
            Step::Done(m) => return Ok(*m),
            Step::More(more) => steps = *more,
        }
    }
}

/// [`measured_scenario`] in steps, for the page to let the browser run between them with
/// a long period: [`MeasuredSteps::new`] sets the volume, resolves the offering and sorts
/// the weighted load; each [`MeasuredSteps::step`] tries one encoding of the summary
/// ([`Summarizer`]), usually one.
#[derive(Debug)]
pub struct MeasuredSteps {
    scenario: Scenario,
    offering: Offering,
    load: Vec<f64>,
    summarizer: Summarizer,
}

/// Where [`MeasuredSteps::step`] got to.
#[derive(Debug)]
pub enum Step {
    /// Another step is needed.
    More(Box<MeasuredSteps>),
    /// The scenario on the measured load.
    Done(Box<Measured>),
}

impl MeasuredSteps {
    /// The first step of [`measured_scenario`] (same arguments).
    ///
    /// # Errors
    /// The offering's error, or why the load cannot be summarized (no load at all).
    pub fn new<E>(
        base: &Scenario,
        data: &MinuteSeries,
        offering_for: impl FnOnce(&Scenario) -> Result<Offering, E>,
    ) -> Result<MeasuredSteps, MeasuredError<E>> {
        let mut s = base.clone();
        // A load measured now is not one of a group's series (`grp=`, `measured_group`).
        s.group = None;
        s.group_load = None;
        let n = data.minutes().max(1) as f64;
        let sum = |v: &[f64]| v.iter().sum::<f64>();
        let (input, cached, cache_write, output) = (
            sum(&data.input),
            sum(&data.cached),
            sum(&data.cache_write),
            sum(&data.output),
        );
        let all_input = input + cached + cache_write;
        s.volume = Volume::Tokens {
            input_tpm: short(all_input / n),
            output_tpm: short(output / n),
        };
        let share = |part: f64| {
            if all_input > 0.0 {
                (part / all_input * 1_000.0).round() / 1_000.0
            } else {
                0.0
            }
        };
        s.cached_share = share(cached);
        s.cache_write_share = share(cache_write).min(1.0 - s.cached_share);
        let offering = offering_for(&s).map_err(MeasuredError::Offering)?;
        let load = data.weighted(load_weights(&offering));
        let summarizer =
            Summarizer::new(&load, data.start_unix_minute).map_err(MeasuredError::Summary)?;
        Ok(MeasuredSteps {
            scenario: s,
            offering,
            load,
            summarizer,
        })
    }

    /// Tries one encoding of the summary.
    ///
    /// # Errors
    /// Why the summary cannot be carried (longer than a link can hold).
    pub fn step(mut self) -> Result<Step, SummaryError> {
        let Some(done) = self.summarizer.step() else {
            return Ok(Step::More(Box::new(self)));
        };
        let (summary, _) = done?;
        // The summary as made is the one its text decodes to: not decoded again.
        let carried = SummaryText::from_summary(summary)?;
        let text = carried.as_str().to_string();
        let mut s = self.scenario;
        let defaults = Scenario::default();
        s.shape = defaults.shape;
        s.peak_to_average = defaults.peak_to_average;
        s.seed = defaults.seed;
        s.load = Some(carried);
        Ok(Step::Done(Box::new(Measured {
            scenario: s,
            offering: self.offering,
            load: self.load,
            summary: text,
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{import_bytes, ImportOptions, Selection};

    fn data(csv: &str) -> MinuteSeries {
        import_bytes(csv.as_bytes(), ImportOptions::default())
            .unwrap()
            .select(&Selection::All)
            .unwrap()
    }

    fn custom(s: &Scenario) -> Result<Offering, ()> {
        Ok(Offering::custom(&s.overrides, s.term))
    }

    #[test]
    fn the_means_set_the_volume_and_cache_shares() {
        let d = data(
            "timestamp,input_tokens,cached_tokens,output_tokens\n\
             2025-08-18T00:00Z,1000,500,100\n\
             2025-08-18T00:01Z,3000,500,300\n",
        );
        let m = measured_scenario(&Scenario::default(), &d, custom).unwrap();
        match m.scenario.volume {
            Volume::Tokens {
                input_tpm,
                output_tpm,
            } => {
                // The file's input includes its cached part: (1000 + 3000) / 2.
                assert_eq!(input_tpm, 2_000.0);
                assert_eq!(output_tpm, 200.0);
            }
            other => panic!("expected a token volume, got {other:?}"),
        }
        assert_eq!(m.scenario.cached_share, 0.25);
        assert!(m.scenario.load.is_some());
        assert_eq!(m.load.len(), 2);
        assert!(!m.summary.is_empty());
    }

    #[test]
    fn a_file_without_load_is_refused() {
        let d = MinuteSeries {
            start_unix_minute: 0,
            input: vec![0.0; 3],
            cached: vec![0.0; 3],
            cache_write: vec![0.0; 3],
            output: vec![0.0; 3],
        };
        let e = measured_scenario(&Scenario::default(), &d, custom).unwrap_err();
        assert!(matches!(e, MeasuredError::Summary(_)), "{e:?}");
    }

    #[test]
    fn the_offering_error_is_returned() {
        let d = data("time,input,output\n2025-08-18T00:00Z,5,1\n2025-08-18T00:01Z,5,1\n");
        let e =
            measured_scenario(&Scenario::default(), &d, |_| Err::<Offering, _>("no")).unwrap_err();
        assert_eq!(e, MeasuredError::Offering("no"));
    }

    #[test]
    fn short_keeps_four_significant_digits() {
        assert_eq!(short(123_456.0), 123_500.0);
        assert_eq!(short(0.0), 0.0);
        assert_eq!(short(f64::NAN), 0.0);
    }
}
