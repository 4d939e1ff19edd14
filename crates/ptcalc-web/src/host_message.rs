//! The one message a host page may post into an embedded frame: `{type: "ptcalc:scenario",
//! scenario: "v=1&…"}` shows another scenario. The rule (README, "Embed"): only from the
//! frame's parent window; an object with exactly the fields `type` and `scenario`, both
//! strings; the scenario a link query of at most [`MAX_SCENARIO_CHARS`] characters that reads
//! without a single problem and carries no presentation key. Anything else leaves the
//! scenario and every figure as they were. The shape is checked here on plain data, so the
//! rule is tested natively; `embed.rs` turns the posted JavaScript value into [`Field`]s.
use core::fmt;

use ptcalc_core::link;
use ptcalc_core::scenario::Presentation;
use ptcalc_core::Scenario;
use ptcalc_ratecards::Date;
use serde::Serialize;

use crate::cards::Cards;

/// The `type` of the message that sets the scenario.
pub const SCENARIO_TYPE: &str = "ptcalc:scenario";

/// The `type` of the frame's answer to a ptcalc message it refused.
pub const ERROR_TYPE: &str = "ptcalc:error";

/// The longest `scenario` accepted, in UTF-16 code units (a JavaScript string's length): far
/// above any scenario's link (a `load=` summary is a few hundred characters), far below what
/// would cost time to read.
pub const MAX_SCENARIO_CHARS: u32 = 32_768;

/// One field of a posted object, as far as the rule needs it: a string is copied only when
/// it is short enough to be a scenario.
#[derive(Clone, Debug, PartialEq)]
pub enum Field {
    /// A string of at most [`MAX_SCENARIO_CHARS`].
    Text(String),
    /// A longer string, by its length (not copied).
    LongText(u32),
    /// Any other value, by its JavaScript `typeof` (`number`, `object`, …).
    Other(String),
}

/// Why a message was not applied.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// Not a ptcalc message (not an object, or its `type` does not start with `ptcalc:`):
    /// other scripts share the channel, so it is ignored without a word.
    NotOurs,
    /// A `ptcalc:` type the frame does not take.
    UnknownType(String),
    /// Fields other than exactly `type` and `scenario`.
    Fields(Vec<String>),
    /// `scenario` is not a string.
    NotText(String),
    /// `scenario` is longer than [`MAX_SCENARIO_CHARS`].
    TooLong(u32),
    /// The scenario carries presentation keys (`embed`, `view`, `theme`).
    Presentation,
    /// The scenario's link has problems, as `(key, why)`.
    Link(Vec<ptcalc_core::link::LinkWarning>),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHAPE: &str = "post {type: \"ptcalc:scenario\", scenario: \"v=1&…\"}";
        match self {
            Refusal::NotOurs => write!(f, "not a ptcalc message"),
            Refusal::UnknownType(t) => {
                write!(f, "the type {t:?} is not one the frame takes: {SHAPE}")
            }
            Refusal::Fields(found) => write!(
                f,
                "the message has the fields {}; it must have exactly `type` and `scenario`: {SHAPE}",
                found
                    .iter()
                    .map(|k| format!("`{}`", k.chars().take(40).collect::<String>()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Refusal::NotText(kind) => write!(
                f,
                "`scenario` is a JavaScript {kind}, not a string: send a link query such as \"v=1&in=2M\""
            ),
            Refusal::TooLong(n) => write!(
                f,
                "`scenario` has {n} characters; at most {MAX_SCENARIO_CHARS} are allowed"
            ),
            Refusal::Presentation => write!(
                f,
                "`scenario` carries `embed`, `view` or `theme`; the frame's own link sets how it is shown, the message only the scenario"
            ),
            Refusal::Link(problems) => {
                write!(f, "the scenario's link has problems, so nothing changed: ")?;
                let lines: Vec<String> = problems
                    .iter()
                    .take(5)
                    .map(|w| format!("{}: {}", w.key, w.message))
                    .collect();
                write!(f, "{}", lines.join("; "))?;
                if problems.len() > 5 {
                    write!(f, "; and {} more", problems.len() - 5)?;
                }
                Ok(())
            }
        }
    }
}

/// The frame's answer to its parent when it refused a ptcalc message.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ErrorMessage {
    /// Always `"ptcalc:error"`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Why, as a sentence.
    pub error: String,
}

impl ErrorMessage {
    /// The answer to `refusal`.
    pub fn new(refusal: &Refusal) -> ErrorMessage {
        ErrorMessage {
            kind: ERROR_TYPE,
            error: refusal.to_string(),
        }
    }
}

/// Whether a message whose `type` is `kind` is meant for ptcalc at all.
pub fn is_ours(kind: Option<&str>) -> bool {
    kind.is_some_and(|k| k.starts_with("ptcalc:"))
}

/// The scenario query of a message with the fields `fields` (own enumerable keys, in order).
///
/// # Errors
/// The [`Refusal`] naming what does not fit the rule.
pub fn read(fields: &[(String, Field)]) -> Result<String, Refusal> {
    let kind = fields
        .iter()
        .find(|(k, _)| k == "type")
        .and_then(|(_, v)| match v {
            Field::Text(t) => Some(t.as_str()),
            _ => None,
        });
    if !is_ours(kind) {
        return Err(Refusal::NotOurs);
    }
    if kind != Some(SCENARIO_TYPE) {
        return Err(Refusal::UnknownType(
            kind.unwrap_or_default().chars().take(40).collect(),
        ));
    }
    let names: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
    if names.len() != 2 || !names.contains(&"type") || !names.contains(&"scenario") {
        return Err(Refusal::Fields(
            fields.iter().map(|(k, _)| k.clone()).collect(),
        ));
    }
    match fields.iter().find(|(k, _)| k == "scenario").map(|(_, v)| v) {
        Some(Field::Text(query)) => Ok(query.clone()),
        Some(Field::LongText(n)) => Err(Refusal::TooLong(*n)),
        Some(Field::Other(kind)) => Err(Refusal::NotText(kind.clone())),
        None => Err(Refusal::Fields(
            names.iter().map(|k| k.to_string()).collect(),
        )),
    }
}

/// The scenario a message's query describes, read as the page reads its own link: against
/// the page's cards (an organization's offering included) on the page's day.
///
/// # Errors
/// [`Refusal::Presentation`] or [`Refusal::Link`]: a message changes the scenario only when
/// every key of it could be used.
pub fn scenario_of(query: &str, cards: &Cards, today: Date) -> Result<Scenario, Refusal> {
    let parsed = link::parse(query);
    if parsed.presentation != Presentation::default() {
        return Err(Refusal::Presentation);
    }
    let (scenario, problems, _) = cards.open(&parsed, today);
    if problems.is_empty() {
        Ok(scenario)
    } else {
        Err(Refusal::Link(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(k: &str, v: &str) -> (String, Field) {
        (k.into(), Field::Text(v.into()))
    }

    /// A message read by a page with the bundled cards on 2026-11-27.
    fn bundled(query: &str) -> Result<Scenario, Refusal> {
        scenario_of(
            query,
            &Cards::default(),
            "2026-11-27".parse().expect("date"),
        )
    }

    /// Embeds read an organization's offering as the page does (the page's cards), not
    /// with the bundled cards alone, which refuse it.
    #[test]
    fn a_message_naming_an_organizations_offering_is_read_with_the_pages_cards() {
        const ORG: &str = include_str!("../../../tests/data/org-ratecard.json");
        let card = crate::cards::read_card("org.json", ORG, crate::cards::Origin::Picked)
            .expect("valid card");
        let id = card
            .offerings
            .iter()
            .find(|o| ptcalc_ratecards::catalog().entry(o).is_none())
            .expect("the card has an offering of its own")
            .clone();
        let org = Cards::with(None, Some(card)).expect("loads");
        let query = format!("v=1&o={id}&t=1m");
        let today = "2026-11-27".parse().expect("date");
        assert_eq!(scenario_of(&query, &org, today).map(|s| s.offering), Ok(id));
        assert!(matches!(bundled(&query), Err(Refusal::Link(_))));
    }

    #[test]
    fn the_documented_shape_is_read() {
        let q = read(&[text("type", SCENARIO_TYPE), text("scenario", "v=1&in=2M")]);
        assert_eq!(q.as_deref(), Ok("v=1&in=2M"));
        // Field order does not matter.
        let q = read(&[text("scenario", "v=1"), text("type", SCENARIO_TYPE)]);
        assert_eq!(q.as_deref(), Ok("v=1"));
        let s = bundled("v=1&in=2M").expect("a clean link");
        assert_eq!(link::format(&s), "v=1&in=2M");
    }

    #[test]
    fn messages_of_other_scripts_are_not_ours() {
        assert_eq!(read(&[]), Err(Refusal::NotOurs));
        assert_eq!(read(&[text("type", "webpackOk")]), Err(Refusal::NotOurs));
        assert_eq!(
            read(&[("type".into(), Field::Other("number".into()))]),
            Err(Refusal::NotOurs)
        );
        assert_eq!(read(&[text("scenario", "v=1")]), Err(Refusal::NotOurs));
    }

    #[test]
    fn a_ptcalc_message_of_the_wrong_shape_is_refused_with_a_reason() {
        let extra = read(&[
            text("type", SCENARIO_TYPE),
            text("scenario", "v=1"),
            text("html", "<b>"),
        ]);
        assert!(matches!(extra, Err(Refusal::Fields(ref f)) if f.len() == 3));
        assert!(extra
            .unwrap_err()
            .to_string()
            .contains("exactly `type` and `scenario`"));
        assert!(matches!(
            read(&[text("type", SCENARIO_TYPE)]),
            Err(Refusal::Fields(_))
        ));
        assert_eq!(
            read(&[
                text("type", SCENARIO_TYPE),
                ("scenario".into(), Field::Other("object".into()))
            ]),
            Err(Refusal::NotText("object".into()))
        );
        assert_eq!(
            read(&[
                text("type", SCENARIO_TYPE),
                ("scenario".into(), Field::LongText(1_000_000))
            ]),
            Err(Refusal::TooLong(1_000_000))
        );
        assert!(matches!(
            read(&[text("type", "ptcalc:height"), text("scenario", "v=1")]),
            Err(Refusal::UnknownType(_))
        ));
    }

    #[test]
    fn a_link_with_any_problem_or_a_presentation_key_changes_nothing() {
        for bad in [
            "v=1&in=12abc",
            "v=1&o=acme/nope",
            "v=1&zzz=1",
            "v=1&in=<img src=x onerror=alert(1)>",
        ] {
            let refusal = bundled(bad).expect_err(bad);
            assert!(matches!(refusal, Refusal::Link(_)), "{bad}: {refusal:?}");
            assert!(refusal.to_string().contains("nothing changed"), "{bad}");
        }
        for shown in ["v=1&embed=1", "v=1&view=verdict", "v=1&theme=dark"] {
            assert_eq!(bundled(shown), Err(Refusal::Presentation), "{shown}");
        }
    }

    #[test]
    fn the_error_answer_has_its_documented_shape() {
        let m = ErrorMessage::new(&Refusal::TooLong(40_000));
        assert_eq!(m.kind, "ptcalc:error");
        assert_eq!(
            m.error,
            "`scenario` has 40000 characters; at most 32768 are allowed"
        );
    }
}
