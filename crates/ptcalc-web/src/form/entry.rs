//! How the workload's rates are typed: as the month's average, as the busy hours' rate with
//! the quiet hours as a share of it (business shape), or as the peak minute; per second,
//! minute, hour, day or month. The link keeps the average per minute with the shape
//! (`ptcalc_core::entry` converts both ways); the form and the unit are presentation keys
//! (`entry`, `per`), so a link reopens in the same form and the figures never depend on them.
use leptos::prelude::*;
use ptcalc_core::entry::{
    average_of, business_peak_to_average, business_quiet_share, scenario_levels, EntryForm,
    Implied, Levels, RateUnit,
};
use ptcalc_core::link::{Key, Value};
use ptcalc_core::numfmt::{
    compact, format_number, parse_expression, parse_number, parse_share, share_for_field,
};
use ptcalc_core::scenario::{Presentation, ShapeKind, Volume};
use ptcalc_core::verdict::scale_traffic;
use ptcalc_core::Scenario;

use crate::edit;
use crate::state::Calc;

/// The page's presentation keys as a signal (the entry form and rate unit change while the
/// page is open; the address bar writes them).
#[derive(Clone, Copy, Debug)]
pub struct PresentationSignal(pub RwSignal<Presentation>);

impl PresentationSignal {
    /// Reads it from context (`App` provides it before the form is built).
    pub fn from_context() -> PresentationSignal {
        expect_context::<PresentationSignal>()
    }
}

/// The form and unit in effect: busy hours only with the business shape, and the average
/// for imported traffic (its levels are the file's, not a shape's).
pub fn effective(s: &Scenario, p: &Presentation) -> (EntryForm, RateUnit) {
    let form = if s.load.is_some() {
        EntryForm::Average
    } else {
        p.entry.for_shape(s.shape)
    };
    (form, p.per)
}

/// A number for a field: six significant digits in link spelling, so a converted rate
/// reads `2M`, not `1999999.9999999998`.
fn spelled(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format_number(v);
    }
    let scale = 10f64.powi(5 - v.abs().log10().floor() as i32);
    format_number((v * scale).round() / scale)
}

/// The average per minute a rate key holds (`in`, `out`, `rpm`).
fn average(key: Key, s: &Scenario) -> Option<f64> {
    match key.value(s) {
        Some(Value::Number(v)) => Some(v),
        _ => None,
    }
}

/// The levels of the scenario's shape; flat (all 1) for imported traffic and for a shape
/// that cannot be built (its own field says why).
fn levels_of(s: &Scenario) -> Levels {
    let flat = Levels {
        busy: 1.0,
        quiet: 1.0,
        peak: 1.0,
    };
    if s.load.is_some() {
        return flat;
    }
    // What the levels depend on (`entry::scenario_levels`): the shape, its peak-to-average
    // and seed, and the month's length.
    let key = (
        s.shape,
        s.peak_to_average.to_bits(),
        s.seed,
        s.minutes_per_month(),
    );
    LAST_LEVELS.with(|last| {
        if let Some((k, levels)) = *last.borrow() {
            if k == key {
                return levels;
            }
        }
        let levels = scenario_levels(s).unwrap_or(flat);
        *last.borrow_mut() = Some((key, levels));
        levels
    })
}

/// What [`levels_of`] depends on.
type LevelsKey = (ShapeKind, u64, u64, usize);

thread_local! {
    /// The last shape's levels. An edit asks for them four or five times (each rate field
    /// shown, the edit itself, the implied rates), and each time built the month's shape
    /// (43,800 multipliers) again: about 0.8 ms of an edit (issue 7).
    static LAST_LEVELS: std::cell::RefCell<Option<(LevelsKey, Levels)>> =
        const { std::cell::RefCell::new(None) };
}

/// The rate a field of `key` shows: the average, busy or peak rate per the chosen unit.
fn shown_rate(key: Key, s: &Scenario, p: &Presentation) -> Option<f64> {
    let (form, unit) = effective(s, p);
    let avg = average(key, s)?;
    let rate = Implied::of(avg, &levels_of(s)).entered(form);
    Some(unit.from_per_minute(rate, s.minutes_per_month()))
}

/// The scenario with `typed` entered as `key`'s rate in the chosen form and unit.
fn edit_rate(key: Key, s: &Scenario, p: &Presentation, typed: &str) -> Result<Scenario, String> {
    let (form, unit) = effective(s, p);
    let what = if key == Key::Rpm { "calls" } else { "tokens" };
    let value = parse_number(typed)
        .or_else(|| parse_expression(typed))
        .filter(|v| v.is_finite() && *v >= 0.0)
        .ok_or_else(|| {
            format!(
                "\"{}\" is not a rate: enter {what} per {} as a number from 0 (250k, 1.5M and 3M*1.3 work)",
                typed.trim(),
                unit.word()
            )
        })?;
    let mpm = s.minutes_per_month();
    let avg = average_of(unit.per_minute(value, mpm), form, &levels_of(s));
    key.edit(s, &format_number(avg)).map_err(|e| {
        format!(
            "{e}; that is the month's average per minute, from {} per {} as typed",
            spelled(value),
            unit.word()
        )
    })
}

/// The quiet hours' share of the busy rate the field shows (business shape).
fn shown_quiet(_key: Key, s: &Scenario, _p: &Presentation) -> Option<f64> {
    (s.shape == ShapeKind::Business)
        .then(|| business_quiet_share(s.peak_to_average, s.minutes_per_month()))
}

/// The scenario with the quiet hours at `typed` of the busy rate: the busy rates stay, the
/// peak-to-average and the average follow.
fn edit_quiet(_key: Key, s: &Scenario, _p: &Presentation, typed: &str) -> Result<Scenario, String> {
    let share = parse_share(typed)
        .filter(|v| (0.0..=1.0).contains(v))
        .ok_or_else(|| {
            format!(
                "\"{}\" is not a share: enter a percentage from 0 to 100 of the busy rate (5, 5% and 0.05 all mean 5%)",
                typed.trim()
            )
        })?;
    let pa = business_peak_to_average(share, s.minutes_per_month()).map_err(|e| e.to_string())?;
    let kept_busy = scale_traffic(s, s.peak_to_average / pa);
    Key::Pa
        .edit(&kept_busy, &format_number(pa))
        .map_err(|e| e.to_string())
}

/// What the user typed and the number the field showed for it.
#[derive(Clone, Debug, PartialEq)]
struct Draft {
    text: String,
    shown: Option<f64>,
    error: Option<String>,
}

type Shown = fn(Key, &Scenario, &Presentation) -> Option<f64>;
type Apply = fn(Key, &Scenario, &Presentation, &str) -> Result<Scenario, String>;

/// A text field whose number is derived from the scenario (a busy rate, a peak, a rate per
/// hour, the quiet share): typing converts to the link's keys; the text typed stays while it
/// still describes what is shown, and an invalid text says what is allowed and which value
/// the results are for.
#[component]
fn DerivedField(
    key: Key,
    id: &'static str,
    label: Signal<String>,
    suffix: Signal<String>,
    hint: Signal<String>,
    shown: Shown,
    apply: Apply,
    /// How a shown number is written in the field.
    write: fn(f64) -> String,
) -> impl IntoView {
    let calc = Calc::from_context();
    let presentation = PresentationSignal::from_context().0;
    let now = Memo::new(move |_| presentation.with(|p| calc.scenario.with(|s| shown(key, s, p))));
    let draft = RwSignal::new(None::<Draft>);
    let text_and_error = Memo::new(move |_| {
        let current = now.get();
        draft.with(|d| match d {
            Some(d) if d.shown == current => (d.text.clone(), d.error.clone()),
            _ => (current.map(write).unwrap_or_default(), None),
        })
    });
    let on_input = move |text: String| {
        let p = presentation.get_untracked();
        let edited = calc.scenario.with_untracked(|s| apply(key, s, &p, &text));
        match edited {
            Ok(next) => {
                draft.set(Some(Draft {
                    text,
                    shown: shown(key, &next, &p),
                    error: None,
                }));
                if calc.scenario.with_untracked(|s| *s != next) {
                    calc.scenario.set(next);
                }
            }
            Err(e) => {
                let used = now.get_untracked().map(write).unwrap_or_default();
                let mut message = crate::field::sentence(&e);
                if !used.is_empty() {
                    message.push_str(&format!(" The results are still for {used}."));
                }
                draft.set(Some(Draft {
                    text,
                    shown: now.get_untracked(),
                    error: Some(message),
                }));
            }
        }
    };
    let invalid = move || text_and_error.with(|(_, e)| e.is_some());
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = format!("{hint_id} {error_id}");
    view! {
        <div class="field" class:invalid=invalid data-key=key.as_str()>
            <label for=id>{move || label.get()}</label>
            <div class="input-row">
                <input
                    id=id
                    name=id.trim_start_matches("f-")
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || text_and_error.with(|(t, _)| t.clone())
                    aria-invalid=move || if invalid() { "true" } else { "false" }
                    aria-describedby=described
                    on:input:target=move |ev| on_input(ev.target().value())
                />
                <span class="suffix">{move || suffix.get()}</span>
            </div>
            <p id=hint_id class="hint">{move || hint.get()}</p>
            <p id=error_id class="error" aria-live="polite">{move || text_and_error.with(|(_, e)| e.clone())}</p>
        </div>
    }
}

/// The unit's short form after a slash (`tokens/h`).
fn unit_abbr(unit: RateUnit) -> &'static str {
    match unit {
        RateUnit::Second => "s",
        RateUnit::Minute => "min",
        RateUnit::Hour => "h",
        RateUnit::Day => "day",
        RateUnit::Month => "month",
    }
}

/// The field of one rate key (`in`, `out`, `rpm`) in the chosen form and unit.
#[component]
pub fn RateField(key: Key) -> impl IntoView {
    let calc = Calc::from_context();
    let presentation = PresentationSignal::from_context().0;
    let form_unit =
        Memo::new(move |_| presentation.with(|p| calc.scenario.with(|s| effective(s, p))));
    let (what, thing) = match key {
        Key::Rpm => ("Calls", "calls"),
        Key::Out => ("Output tokens", "tokens"),
        _ => ("Input tokens", "tokens"),
    };
    let label = Signal::derive(move || {
        let (form, unit) = form_unit.get();
        match form {
            EntryForm::Average => format!("{what} per {}", unit.word()),
            EntryForm::BusyQuiet => format!("{what} per {}, busy hours", unit.word()),
            EntryForm::Peak => format!("{what} per {}, peak minute", unit.word()),
        }
    });
    let suffix = Signal::derive(move || format!("{thing}/{}", unit_abbr(form_unit.get().1)));
    let hint = Signal::derive(move || {
        let (form, _) = form_unit.get();
        let cached = if key == Key::In {
            ", cached included"
        } else {
            ""
        };
        match form {
            EntryForm::Average => format!("Average over the month{cached}."),
            EntryForm::BusyQuiet => format!("The rate Mon–Fri 9–17{cached}."),
            EntryForm::Peak => format!("The busiest minute's rate{cached}."),
        }
    });
    let id = match key {
        Key::Rpm => "f-rpm",
        Key::Out => "f-out",
        _ => "f-in",
    };
    view! {
        <DerivedField key=key id=id label=label suffix=suffix hint=hint shown=shown_rate apply=edit_rate write=spelled/>
    }
}

/// The quiet hours as a share of the busy rate (busy-hours form, business shape).
#[component]
pub fn QuietField() -> impl IntoView {
    let calc = Calc::from_context();
    let hint = Signal::derive(move || {
        calc.scenario.with(|s| {
            format!(
                "Evenings, nights and weekends, as a share of the busy rate (0: nothing). Peak-to-average {}.",
                spelled(s.peak_to_average)
            )
        })
    });
    view! {
        <DerivedField
            key=Key::Pa
            id="f-quiet"
            label=Signal::stored("Quiet hours, share of the busy rate".to_string())
            suffix=Signal::stored("%".to_string())
            hint=hint
            shown=shown_quiet
            apply=edit_quiet
            write=share_for_field
        />
    }
}

/// The entry form and unit pickers.
#[component]
pub fn EntryPickers() -> impl IntoView {
    let calc = Calc::from_context();
    let presentation = PresentationSignal::from_context().0;
    let form_unit =
        Memo::new(move |_| presentation.with(|p| calc.scenario.with(|s| effective(s, p))));
    let imported = Memo::new(move |_| calc.scenario.with(|s| s.load.is_some()));
    let on_form = move |value: String| {
        let Some(form) = EntryForm::parse(&value) else {
            return;
        };
        // Busy and quiet hours are the business shape's: picking them picks the shape.
        if form == EntryForm::BusyQuiet {
            let next = calc.scenario.with_untracked(|s| {
                (s.shape != ShapeKind::Business && s.load.is_none())
                    .then(|| edit::switch_shape(s, ShapeKind::Business))
            });
            if let Some(next) = next {
                calc.scenario.set(next);
            }
        }
        presentation.update(|p| p.entry = form);
    };
    let on_unit = move |value: String| {
        if let Some(unit) = RateUnit::parse(&value) {
            presentation.update(|p| p.per = unit);
        }
    };
    let form_options = move || {
        let (current, _) = form_unit.get();
        EntryForm::ALL
            .into_iter()
            .filter(|f| !imported.get() || *f == EntryForm::Average)
            .map(|f| {
                let label = match f {
                    EntryForm::Average => "the month's average",
                    EntryForm::BusyQuiet => "busy and quiet hours (Mon–Fri 9–17)",
                    EntryForm::Peak => "the peak minute",
                };
                view! { <option value=f.as_str() selected=f == current>{label}</option> }
            })
            .collect::<Vec<_>>()
    };
    let unit_options = move || {
        let (_, current) = form_unit.get();
        RateUnit::ALL
            .into_iter()
            .map(|u| view! { <option value=u.as_str() selected=u == current>{format!("per {}", u.word())}</option> })
            .collect::<Vec<_>>()
    };
    view! {
        <div class="field entry-pickers">
            <label for="f-entry">"Rates as"</label>
            <div class="input-row">
                <select id="f-entry" on:change:target=move |ev| on_form(ev.target().value())>
                    {form_options}
                </select>
                <select id="f-per" aria-label="Time unit of the rates" on:change:target=move |ev| on_unit(ev.target().value())>
                    {unit_options}
                </select>
            </div>
        </div>
    }
}

/// One line per level: what the typed rates imply as the month's average, in busy hours,
/// in quiet hours and at the peak minute, in the chosen unit, so a misreading shows at once.
#[component]
pub fn ImpliedRates() -> impl IntoView {
    let calc = Calc::from_context();
    let presentation = PresentationSignal::from_context().0;
    let rows = move || {
        let unit = presentation.with(|p| p.per);
        calc.scenario.with(|s| implied_rows(s, unit))
    };
    view! {
        <dl id="implied" class="implied" aria-label="What these rates imply">
            {move || {
                rows()
                    .into_iter()
                    .map(|(name, level, text)| {
                        view! {
                            <div>
                                <dt>{name}</dt>
                                <dd data-level=level>{text}</dd>
                            </div>
                        }
                    })
                    .collect::<Vec<_>>()
            }}
        </dl>
    }
}

/// The implied rates as `(name, data-level, text)` rows; only the average for imported traffic.
fn implied_rows(s: &Scenario, unit: RateUnit) -> Vec<(&'static str, &'static str, String)> {
    let mpm = s.minutes_per_month();
    let levels = levels_of(s);
    let per = format!("/{}", unit_abbr(unit));
    let kinds: Vec<(f64, &str)> = match s.volume {
        Volume::Tokens {
            input_tpm,
            output_tpm,
        } => vec![(input_tpm, " in"), (output_tpm, " out")],
        Volume::Calls {
            calls_per_minute, ..
        } => {
            let tokens = s.volume.as_tokens();
            let (i, o) = match tokens {
                Volume::Tokens {
                    input_tpm,
                    output_tpm,
                } => (input_tpm, output_tpm),
                Volume::Calls { .. } => (0.0, 0.0),
            };
            vec![(calls_per_minute, " calls"), (i, " in"), (o, " out")]
        }
    };
    let line = |pick: fn(&Implied) -> f64| -> String {
        let parts: Vec<String> = kinds
            .iter()
            .map(|(avg, name)| {
                let rate = pick(&Implied::of(*avg, &levels));
                format!("{}{name}", compact(unit.from_per_minute(rate, mpm)))
            })
            .collect();
        format!("{}{per}", parts.join(" · "))
    };
    let mut rows = vec![("Average", "average", line(|r| r.average))];
    if s.load.is_none() {
        rows.push(("Busy hours", "busy", line(|r| r.busy)));
        rows.push(("Quiet hours", "quiet", line(|r| r.quiet)));
        rows.push(("Peak minute", "peak", line(|r| r.peak)));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use ptcalc_core::link;

    #[test]
    fn the_remembered_levels_are_the_scenarios_own() {
        let with = |shape, pa, seed, hours| Scenario {
            shape,
            peak_to_average: pa,
            seed,
            hours_per_month: hours,
            ..Scenario::default()
        };
        let cases = [
            with(ShapeKind::Business, 2.0, 1, 730.0),
            with(ShapeKind::Business, 3.0, 1, 730.0),
            with(ShapeKind::Bursty, 3.0, 1, 730.0),
            with(ShapeKind::Bursty, 3.0, 2, 730.0),
            with(ShapeKind::Bursty, 3.0, 2, 720.0),
            with(ShapeKind::Business, 2.0, 1, 730.0),
        ];
        for s in &cases {
            // Asked twice: built, then remembered; each time equal to building it anew.
            for _ in 0..2 {
                assert_eq!(levels_of(s), scenario_levels(s).expect("valid"), "{s:?}");
            }
        }
    }

    fn busy() -> Presentation {
        Presentation {
            entry: EntryForm::BusyQuiet,
            ..Presentation::default()
        }
    }

    #[test]
    fn the_analysts_busy_rates_become_the_average_and_ratio_of_the_link() {
        let p = busy();
        let s = edit::switch_shape(&Scenario::default(), ShapeKind::Business);
        let s = edit_rate(Key::In, &s, &p, "2M").expect("valid");
        let s = edit_rate(Key::Out, &s, &p, "200k").expect("valid");
        let s = edit_quiet(Key::Pa, &s, &p, "0").expect("valid");
        // 177 busy hours of 730: the average is the busy rate × 177/730, pa 730/177.
        assert!((s.peak_to_average - 730.0 / 177.0).abs() < 1e-12);
        let avg = average(Key::In, &s).expect("tokens");
        assert!((avg - 2e6 * 177.0 / 730.0).abs() < 1e-6, "{avg}");
        assert_eq!(spelled(shown_rate(Key::In, &s, &p).expect("shown")), "2M");
        assert_eq!(
            spelled(shown_rate(Key::Out, &s, &p).expect("shown")),
            "200k"
        );
        assert_eq!(shown_quiet(Key::Pa, &s, &p), Some(0.0));
        assert!(link::parse(&link::format(&s)).warnings.is_empty());
    }

    #[test]
    fn a_quiet_share_keeps_the_busy_rate() {
        let p = busy();
        let s = edit::switch_shape(&Scenario::default(), ShapeKind::Business);
        let s = edit_rate(Key::In, &s, &p, "1M").expect("valid");
        let s = edit_quiet(Key::Pa, &s, &p, "10%").expect("valid");
        assert_eq!(spelled(shown_rate(Key::In, &s, &p).expect("shown")), "1M");
        assert!((shown_quiet(Key::Pa, &s, &p).expect("business") - 0.1).abs() < 1e-12);
        let e = edit_quiet(Key::Pa, &s, &p, "150").unwrap_err();
        assert!(e.contains("from 0 to 100"), "{e}");
    }

    #[test]
    fn rates_per_hour_and_peaks_convert_to_the_average_per_minute() {
        let hourly = Presentation {
            per: RateUnit::Hour,
            ..Presentation::default()
        };
        let s = edit_rate(Key::In, &Scenario::default(), &hourly, "60M").expect("valid");
        assert_eq!(average(Key::In, &s), Some(1e6));
        let peak = Presentation {
            entry: EntryForm::Peak,
            per: RateUnit::Second,
            ..Presentation::default()
        };
        let flat = edit::switch_shape(&Scenario::default(), ShapeKind::Flat);
        let s = edit_rate(Key::Out, &flat, &peak, "100").expect("valid");
        assert_eq!(average(Key::Out, &s), Some(6_000.0));
        let e = edit_rate(Key::In, &s, &peak, "-5").unwrap_err();
        assert!(e.contains("per second"), "{e}");
        let e = edit_rate(Key::In, &s, &peak, "1e20").unwrap_err();
        assert!(e.contains("per second as typed"), "{e}");
    }

    #[test]
    fn busy_hours_fall_back_to_the_average_off_the_business_shape() {
        let s = Scenario::default(); // diurnal
        assert_eq!(effective(&s, &busy()).0, EntryForm::Average);
        let rows = implied_rows(&s, RateUnit::Minute);
        assert_eq!(rows[0].2, "500k in · 50.0k out/min");
        assert_eq!(rows.len(), 4);
    }
}
