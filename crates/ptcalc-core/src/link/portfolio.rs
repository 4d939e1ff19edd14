//! The portfolio link: several workloads in one link (issue 17). The first workload is
//! written with today's single-scenario keys, so a one-workload portfolio link is today's
//! link; each further workload is one `w=` value holding its own single-scenario query
//! (without `v=`: the link's `v=` versions every part), escaped so it stays one value.
//! The outer link keeps the presentation keys; a `w=` part carries only scenario keys.
//!
//! A link of two or more workloads is at most [`MAX_QUERY_CHARS`] characters (its query)
//! and [`MAX_WORKLOADS`] workloads: [`format_portfolio`] refuses a longer one with
//! [`PortfolioLinkError`] rather than cut it. Reading is lenient: a longer link is read
//! whole, and workloads beyond [`MAX_WORKLOADS`] are ignored with a warning.
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

use super::{decode, format_link, parse, Key, Parsed, Target, VERSION};
use crate::portfolio::workload_name;
use crate::scenario::{Presentation, Scenario};

/// The key of each further workload.
pub const WORKLOAD_KEY: &str = "w";
/// The longest query (characters after `?`) written for two or more workloads: with a page
/// address of up to 100 characters the link stays within 2,000, which wikis, chat tools
/// and browsers keep whole.
pub const MAX_QUERY_CHARS: usize = 1_900;
/// The most workloads one link carries.
pub const MAX_WORKLOADS: usize = 20;

/// What a `w=` value must escape: what would end the value or the query (`&`, `#`), what
/// decoding changes (`%`, `+`), spaces, quotes and angle brackets. `=`, `,` and `/` stay
/// readable.
const PART: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b'<')
    .add(b'>')
    .add(b'\'')
    .add(b'`');

/// Why a portfolio cannot be written as one link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PortfolioLinkError {
    /// The query would be longer than [`MAX_QUERY_CHARS`].
    TooLong {
        /// Its length in characters.
        chars: usize,
    },
    /// More than [`MAX_WORKLOADS`] workloads.
    TooMany {
        /// How many.
        workloads: usize,
    },
}

impl fmt::Display for PortfolioLinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PortfolioLinkError::TooLong { chars } => write!(
                f,
                "the portfolio's link would be {chars} characters, above the limit of {MAX_QUERY_CHARS} that keeps a link whole in wikis and chat tools: the address keeps the last link within it; remove a workload or shorten names"
            ),
            PortfolioLinkError::TooMany { workloads } => write!(
                f,
                "{workloads} workloads are more than the {MAX_WORKLOADS} one link carries: remove a workload"
            ),
        }
    }
}

impl core::error::Error for PortfolioLinkError {}

/// A part of a portfolio link that was not used, naming its workload.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PortfolioWarning {
    /// The workload's name (`name=`, else "workload N").
    pub workload: String,
    /// The key as written.
    pub key: String,
    /// What was wrong and what is allowed.
    pub message: String,
}

impl fmt::Display for PortfolioWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {}: {}", self.workload, self.key, self.message)
    }
}

/// A portfolio link cut into one single-scenario query per workload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parts {
    /// Each workload's query: the first is the link without its `w=` values (presentation
    /// keys included); each further one a `w=` value, decoded.
    pub queries: Vec<String>,
    /// Problems with the parts themselves (keys inside a part are the parts' own warnings):
    /// (1-based workload, key, message).
    pub warnings: Vec<(usize, String, String)>,
}

/// Cuts a full page URL or a query into its workloads' queries (see the module).
///
/// ```
/// use ptcalc_core::link::portfolio::split;
/// let parts = split("?v=1&name=chat&in=100k&w=name=agent%26shape=flat");
/// assert_eq!(parts.queries, ["v=1&name=chat&in=100k", "v=1&name=agent&shape=flat"]);
/// ```
pub fn split(link: &str) -> Parts {
    let query = query_of(link);
    let mut first: Vec<&str> = Vec::new();
    let mut queries = Vec::new();
    let mut warnings = Vec::new();
    let mut ignored = 0usize;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        if decode(raw_key) != WORKLOAD_KEY {
            first.push(pair);
            continue;
        }
        if queries.len() + 1 >= MAX_WORKLOADS {
            ignored += 1;
            continue;
        }
        let part = decode(raw_value);
        let number = queries.len() + 2;
        let mut kept: Vec<&str> = Vec::new();
        for inner in part.split('&').filter(|p| !p.is_empty()) {
            let key = decode(inner.split_once('=').map_or(inner, |(k, _)| k));
            let presentation = Key::parse(&key)
                .is_some_and(|k| matches!(k.spec().target, Target::Presentation(_)));
            if key == WORKLOAD_KEY || presentation {
                warnings.push((
                    number,
                    key,
                    String::from("belongs to the whole link, not to one workload's part: ignored"),
                ));
            } else {
                kept.push(inner);
            }
        }
        let has_version = kept
            .iter()
            .any(|p| decode(p.split_once('=').map_or(p, |(k, _)| k)) == Key::V.as_str());
        let mut q = if has_version {
            String::new()
        } else {
            format!("{}={VERSION}", Key::V.as_str())
        };
        for p in kept {
            if !q.is_empty() {
                q.push('&');
            }
            q.push_str(p);
        }
        queries.push(q);
    }
    queries.insert(0, first.join("&"));
    if ignored > 0 {
        warnings.push((
            MAX_WORKLOADS,
            String::from(WORKLOAD_KEY),
            format!(
                "the link names {} workloads, more than the {MAX_WORKLOADS} one link carries: the last {ignored} are ignored",
                MAX_WORKLOADS + ignored
            ),
        ));
    }
    Parts { queries, warnings }
}

/// A parsed portfolio link.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedPortfolio {
    /// Every workload, in link order (the first one's presentation is the link's).
    pub workloads: Vec<Parsed>,
    /// Every part not used, naming its workload.
    pub warnings: Vec<PortfolioWarning>,
}

/// Reads a portfolio link (or any single-scenario link, a portfolio of one). Never fails:
/// each bad part falls back as [`parse`] does and is named with its workload and key.
///
/// ```
/// use ptcalc_core::link::portfolio::parse_portfolio;
/// let p = parse_portfolio("v=1&name=chat&w=name=agent%26pa=lots");
/// assert_eq!(p.workloads.len(), 2);
/// assert_eq!(p.warnings[0].workload, "agent");
/// assert_eq!(p.warnings[0].key, "pa");
/// ```
pub fn parse_portfolio(link: &str) -> ParsedPortfolio {
    let parts = split(link);
    let workloads: Vec<Parsed> = parts.queries.iter().map(|q| parse(q)).collect();
    let name = |i: usize| {
        workloads.get(i).map_or_else(
            || format!("workload {}", i + 1),
            |p| workload_name(&p.scenario, i),
        )
    };
    let mut warnings = Vec::new();
    for (number, key, message) in &parts.warnings {
        warnings.push(PortfolioWarning {
            workload: name(number - 1),
            key: key.clone(),
            message: message.clone(),
        });
    }
    for (i, p) in workloads.iter().enumerate() {
        warnings.extend(p.warnings.iter().map(|w| PortfolioWarning {
            workload: name(i),
            key: w.key.clone(),
            message: w.message.clone(),
        }));
    }
    ParsedPortfolio {
        workloads,
        warnings,
    }
}

/// The canonical portfolio link (no leading `?`): the first workload as
/// [`format_link`] writes it with `presentation`, then one `w=` per further workload.
/// One workload gives exactly [`format_link`]'s link, whatever its length.
///
/// # Errors
/// Two or more workloads whose link exceeds [`MAX_QUERY_CHARS`], or more than
/// [`MAX_WORKLOADS`] workloads: never a cut link.
///
/// ```
/// use ptcalc_core::link::portfolio::{format_portfolio, parse_portfolio};
/// use ptcalc_core::scenario::{Presentation, ShapeKind};
/// use ptcalc_core::Scenario;
/// let chat = Scenario { name: Some("chat".into()), ..Scenario::default() };
/// let agent = Scenario { name: Some("agent".into()), shape: ShapeKind::Flat, ..Scenario::default() };
/// let link = format_portfolio(&[chat.clone(), agent.clone()], &Presentation::default()).unwrap();
/// assert_eq!(link, "v=1&name=chat&w=name=agent%26shape=flat");
/// let back = parse_portfolio(&link);
/// assert_eq!(back.workloads[1].scenario, agent);
/// assert!(back.warnings.is_empty());
/// ```
pub fn format_portfolio(
    workloads: &[Scenario],
    presentation: &Presentation,
) -> Result<String, PortfolioLinkError> {
    let Some((first, rest)) = workloads.split_first() else {
        return Ok(format_link(&Scenario::default(), presentation));
    };
    if workloads.len() > MAX_WORKLOADS {
        return Err(PortfolioLinkError::TooMany {
            workloads: workloads.len(),
        });
    }
    let mut out = format_link(first, presentation);
    let version = format!("{}={VERSION}", Key::V.as_str());
    for s in rest {
        let own = super::format(s);
        let part = own
            .strip_prefix(&version)
            .map_or(own.as_str(), |p| p.trim_start_matches('&'));
        out.push('&');
        out.push_str(WORKLOAD_KEY);
        out.push('=');
        out.push_str(&utf8_percent_encode(part, PART).to_string());
    }
    let chars = out.chars().count();
    if !rest.is_empty() && chars > MAX_QUERY_CHARS {
        return Err(PortfolioLinkError::TooLong { chars });
    }
    Ok(out)
}

/// The query of a full URL, a `?query` or a bare query, without its fragment.
fn query_of(link: &str) -> &str {
    let query = link.split('#').next().unwrap_or("");
    match query.find('?') {
        Some(i) => &query[i + 1..],
        None if query.contains("://") => "",
        None => query,
    }
}
