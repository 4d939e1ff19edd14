//! The rate cards the page reads: the bundled ones, plus an organization's card served next to
//! the page as `ratecards.json` and one the user picked (kept in this browser only). Each is
//! validated by the loader the CLI uses (`compact_organization`, as `Catalog::with_organization`)
//! and kept in compact form, so the cards are put together again without a JSON parser
//! (`Catalog::with_organization_compact`); the scenario's figures are read at its day (`at=`,
//! else today) in its edition (`rc=`, else the current one).
use std::sync::Arc;

use ptcalc_core::link::{self, LinkProblem, LinkWarning};
use ptcalc_core::{Offering, Scenario};
use ptcalc_ratecards::{
    AsOf, Catalog, CompactCard, Date, Edition, FigureChange, FigureConflict, Opened, ResolveError,
};

/// Where an organization's card came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// `ratecards.json` next to the page, loaded at start.
    Served,
    /// A file the user picked.
    Picked,
}

/// An organization's card the page has loaded.
#[derive(Clone, Debug, PartialEq)]
pub struct OrgCard {
    /// The file's name (`ratecards.json` when served).
    pub name: String,
    /// The card in compact form ([`CompactCard::bytes`]): what the cards are built from.
    pub compact: Arc<[u8]>,
    /// [`ptcalc_ratecards::card_fingerprint`] of the card's JSON.
    pub fingerprint: String,
    /// Where it came from.
    pub origin: Origin,
    /// The ids of its offerings.
    pub offerings: Vec<String>,
}

/// The cards in use: the bundled catalog with the served card, then the picked one, added.
#[derive(Clone, Debug)]
pub struct Cards {
    /// The catalog every figure is read from.
    pub catalog: Arc<Catalog>,
    /// The served card, when it has offerings.
    pub served: Option<OrgCard>,
    /// The picked card.
    pub picked: Option<OrgCard>,
}

impl PartialEq for Cards {
    fn eq(&self, other: &Cards) -> bool {
        self.served == other.served && self.picked == other.picked
    }
}

impl Default for Cards {
    fn default() -> Cards {
        Cards {
            catalog: Arc::new(ptcalc_ratecards::catalog().clone()),
            served: None,
            picked: None,
        }
    }
}

/// Reads an organization's card: the loader's own error text (file, line and column, what
/// is allowed) when it is not a valid card. The one place the page turns a card's JSON into
/// an [`OrgCard`].
///
/// The page reads a card's JSON in its tools' worker (`orgcards.rs`); this is the same read
/// done here, for the native tests.
///
/// # Errors
/// The card does not parse or validate against the bundled catalog.
#[cfg(test)]
pub fn read_card(name: &str, text: &str, origin: Origin) -> Result<OrgCard, String> {
    ptcalc_ratecards::compact_organization(name, text)
        .map(|card| OrgCard::from_compact(name, origin, card))
        .map_err(|e| e.to_string())
}

/// An organization's card kept in compact form (a browser's storage), read again without
/// JSON and checked against the bundled catalog.
///
/// # Errors
/// The bytes are damaged, of another format version, or the card no longer loads.
pub fn reopen_card(name: &str, compact: Vec<u8>, origin: Origin) -> Result<OrgCard, String> {
    CompactCard::from_bytes(name, compact)
        .map(|card| OrgCard::from_compact(name, origin, card))
        .map_err(|e| e.to_string())
}

impl OrgCard {
    /// The page's card from a card read into compact form (by [`read_card`], or in a worker).
    pub fn from_compact(name: &str, origin: Origin, card: CompactCard) -> OrgCard {
        OrgCard {
            name: name.to_string(),
            compact: card.bytes.into(),
            fingerprint: card.fingerprint,
            origin,
            offerings: card.offerings,
        }
    }
}

/// Bytes as lowercase hex, for text-only storage.
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

/// The bytes [`to_hex`] wrote; `None` for anything else.
pub fn from_hex(text: &str) -> Option<Vec<u8>> {
    let digit = |c: u8| {
        char::from(c)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    };
    let b = text.as_bytes();
    if !b.len().is_multiple_of(2) {
        return None;
    }
    b.chunks_exact(2)
        .map(|p| match p {
            [hi, lo] => Some(digit(*hi)? << 4 | digit(*lo)?),
            _ => None,
        })
        .collect()
}

impl Cards {
    /// These cards with `served` and `picked` in place of the current ones.
    ///
    /// # Errors
    /// A card fails to load on top of the other (two cards may not share an offering id).
    pub fn with(served: Option<OrgCard>, picked: Option<OrgCard>) -> Result<Cards, String> {
        let mut catalog = ptcalc_ratecards::catalog().clone();
        for card in served.iter().chain(picked.iter()) {
            catalog = catalog
                .with_organization_compact(&card.name, &card.compact)
                .map_err(|e| e.to_string())?;
        }
        Ok(Cards {
            catalog: Arc::new(catalog),
            served,
            picked,
        })
    }

    /// The card whose fingerprint a link names for `offering`: the picked card's when it has
    /// the offering, else the served one's.
    pub fn card_of(&self, offering: &str) -> Option<&OrgCard> {
        [self.picked.as_ref(), self.served.as_ref()]
            .into_iter()
            .flatten()
            .find(|c| c.offerings.iter().any(|o| o == offering))
    }

    /// The scenario with its `org=` fingerprint set to the card its offering comes from
    /// (cleared for a bundled offering).
    pub fn stamp(&self, mut s: Scenario) -> Scenario {
        s.org_card = self.card_of(&s.offering).map(|c| c.fingerprint.clone());
        s
    }

    /// The scenario the page holds, stamped with these cards (organization fingerprint) and
    /// opened on `today` as `ptcalc eval` opens its link (`Catalog::open_scenario_on`).
    pub fn open_scenario(&self, s: Scenario, today: Date) -> Opened {
        self.catalog.open_scenario_on(self.stamp(s), today)
    }

    /// Opens a parsed link against these cards on `today`: the scenario (its `rc=` kept only
    /// when the link had one), its problems, and what changed since an older edition.
    pub fn open(
        &self,
        parsed: &link::Parsed,
        today: Date,
    ) -> (Scenario, Vec<LinkWarning>, Vec<FigureChange>) {
        let had_edition = parsed.scenario.edition.is_some();
        let opened = self.catalog.open_parsed(parsed.clone(), today);
        let mut scenario = opened.scenario;
        let unknown_edition = |w: &LinkWarning| w.problem == LinkProblem::UnknownEdition;
        if !had_edition || opened.warnings.iter().any(unknown_edition) {
            scenario.edition = None;
        }
        (scenario, opened.warnings, opened.changed_since)
    }

    /// The offering the scenario names, with the figures of its edition in force on its day.
    ///
    /// # Errors
    /// Why the offering cannot be used (unknown id, deployment not offered).
    pub fn base_offering(&self, s: &Scenario, today: Date) -> Result<Offering, ResolveError> {
        self.catalog.offering_for_as_of(s, as_of(s, today))
    }

    /// The recorded conflicts on the scenario's figures (none for `custom`).
    pub fn conflicts(&self, s: &Scenario, today: Date) -> Vec<FigureConflict> {
        self.catalog
            .conflicts(&s.offering, s.deployment, as_of(s, today))
            .unwrap_or_default()
    }
}

/// The scenario's day: `at=`, else `today`.
pub fn day(s: &Scenario, today: Date) -> Date {
    s.at.and_then(|d| Date::new(d.year, d.month, d.day))
        .unwrap_or(today)
}

/// The day and edition the scenario's figures are read at (an unknown `rc=` reads the
/// current edition; opening the link said so).
pub fn as_of(s: &Scenario, today: Date) -> AsOf {
    AsOf {
        date: day(s, today),
        edition: s
            .edition
            .as_deref()
            .and_then(|k| Edition::parse(k).ok())
            .unwrap_or_else(Edition::current),
    }
}

/// The day the page takes as today: the browser's clock, in UTC (the CLI's rule).
#[cfg(target_arch = "wasm32")]
pub fn today() -> Date {
    let now = js_sys::Date::new_0();
    let (y, m, d) = (
        now.get_utc_full_year(),
        now.get_utc_month() + 1,
        now.get_utc_date(),
    );
    u16::try_from(y)
        .ok()
        .and_then(|y| Date::new(y, m as u8, d as u8))
        .unwrap_or_else(|| Edition::current().date())
}

/// The day the page takes as today; natively (tests) the current edition's date.
#[cfg(not(target_arch = "wasm32"))]
pub fn today() -> Date {
    Edition::current().date()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORG: &str = include_str!("../../../tests/data/org-ratecard.json");
    const BAD: &str = include_str!("../../../tests/data/org-ratecard-bad.json");

    #[test]
    fn a_picked_card_adds_its_offerings_marked_and_fingerprinted() {
        let card = read_card("org.json", ORG, Origin::Picked).expect("valid card");
        assert_eq!(
            Some(&card.fingerprint),
            ptcalc_ratecards::card_fingerprint(ORG).as_ref()
        );
        assert!(!card.offerings.is_empty());
        let cards = Cards::with(None, Some(card.clone())).expect("loads");
        let id = &card.offerings[0];
        assert!(cards.catalog.entry(id).is_some_and(|e| e.organization));
        let s = cards.stamp(Scenario {
            offering: id.clone(),
            ..Scenario::default()
        });
        assert!(link::format(&s).contains(&format!("org={}", card.fingerprint)));
        // The card replaces the bundled azure/gpt-4.1; another bundled offering carries no
        // fingerprint.
        assert!(card.offerings.iter().any(|o| o == "azure/gpt-4.1"));
        let bundled = Scenario {
            offering: "vertex/gemini-2.5-flash".into(),
            org_card: Some("0123456789ab".into()),
            ..Scenario::default()
        };
        assert_eq!(cards.stamp(bundled).org_card, None);
    }

    #[test]
    fn a_card_kept_in_compact_form_gives_the_cards_its_json_gives() {
        let card = read_card("org.json", ORG, Origin::Picked).expect("valid card");
        let kept = from_hex(&to_hex(&card.compact)).expect("hex");
        let again = reopen_card("org.json", kept, Origin::Picked).expect("reopens");
        assert_eq!(again, card);
        let from_json = ptcalc_ratecards::catalog()
            .with_organization("org.json", ORG)
            .expect("loads");
        let cards = Cards::with(None, Some(again)).expect("loads");
        assert_eq!(cards.catalog.entries(), from_json.entries());
        let id = &card.offerings[0];
        for d in ptcalc_core::Deployment::ALL {
            assert_eq!(
                cards.catalog.resolve(id, d),
                from_json.resolve(id, d),
                "{d:?}"
            );
        }
        let e = reopen_card("org.json", card.compact[..20].to_vec(), Origin::Picked).unwrap_err();
        assert!(e.starts_with("org.json: "), "{e}");
    }

    #[test]
    fn hex_reads_back_what_it_wrote_and_nothing_else() {
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(from_hex(&to_hex(&bytes)), Some(bytes));
        for bad in ["0", "0g", "é0", "+1"] {
            assert_eq!(from_hex(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_bad_card_is_refused_with_its_line_and_column() {
        let e = read_card("org-bad.json", BAD, Origin::Picked).unwrap_err();
        assert!(e.starts_with("org-bad.json"), "{e}");
    }

    #[test]
    fn an_old_edition_link_keeps_its_edition_and_lists_the_changes() {
        let cards = Cards::default();
        let today: Date = "2026-11-27".parse().expect("date");
        let (s, problems, changed) = cards.open(
            &link::parse("v=1&o=openai/o3-scale&t=30d&rc=2026-11-27"),
            today,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(s.edition.as_deref(), Some("2026-11-27"));
        // Edition 2026-12-06 put the o3 Scale Tier back at 25,000 TPM (AUDIT-2026-12.md).
        assert!(changed
            .iter()
            .any(|c| c.old == Some(5_000.0) && c.new == Some(25_000.0)));
        let old = cards.base_offering(&s, today).expect("resolves");
        let now = cards
            .base_offering(&Scenario { edition: None, ..s }, today)
            .expect("resolves");
        assert_ne!(
            old.pools[0].capacity_per_unit_per_minute,
            now.pools[0].capacity_per_unit_per_minute
        );
        // A link without `rc=` is not stamped in the address bar.
        let (plain, _, changed) = cards.open(&link::parse("v=1"), today);
        assert_eq!((plain.edition, changed.len()), (None, 0));
    }
}
