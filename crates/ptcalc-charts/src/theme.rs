//! Colours by meaning, the same in every chart, from the Okabe–Ito palette
//! (<https://jfly.uni-koeln.de/color/>), which stays distinguishable with the common
//! colour-vision deficiencies. Lines also differ by dash pattern, so grayscale and
//! print still read.
use plotters::style::RGBColor;

/// A colour, `#RRGGBB` for CSS via [`Rgb::hex`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#RRGGBB`.
    ///
    /// ```
    /// assert_eq!(ptcalc_charts::theme::okabe_ito::BLUE.hex(), "#0072B2");
    /// ```
    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }

    pub(crate) fn plot(self) -> RGBColor {
        RGBColor(self.0, self.1, self.2)
    }
}

/// The eight Okabe–Ito colours.
pub mod okabe_ito {
    use super::Rgb;
    /// Black.
    pub const BLACK: Rgb = Rgb(0x00, 0x00, 0x00);
    /// Orange.
    pub const ORANGE: Rgb = Rgb(0xE6, 0x9F, 0x00);
    /// Sky blue.
    pub const SKY_BLUE: Rgb = Rgb(0x56, 0xB4, 0xE9);
    /// Bluish green.
    pub const BLUISH_GREEN: Rgb = Rgb(0x00, 0x9E, 0x73);
    /// Yellow.
    pub const YELLOW: Rgb = Rgb(0xF0, 0xE4, 0x42);
    /// Blue.
    pub const BLUE: Rgb = Rgb(0x00, 0x72, 0xB2);
    /// Vermillion.
    pub const VERMILLION: Rgb = Rgb(0xD5, 0x5E, 0x00);
    /// Reddish purple.
    pub const REDDISH_PURPLE: Rgb = Rgb(0xCC, 0x79, 0xA7);
}

/// What a mark means; the theme turns it into a colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Paying per token.
    OnDemand,
    /// Reserved units and the tokens they serve.
    Reserved,
    /// Tokens above the reserved capacity, billed on-demand.
    Overflow,
    /// The cheapest reserved count (the hybrid optimum).
    Optimum,
    /// The scenario as entered ("you are here").
    Current,
    /// The workload itself (per-minute load, total cost).
    Load,
    /// The batch tier's share, part of every option.
    Batch,
    /// A commitment term, by its position among the priced terms.
    Term(usize),
}

/// How a line is stroked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dash {
    /// Unbroken.
    Solid,
    /// Long dashes (on-demand).
    Long,
    /// Short dashes.
    Short,
    /// Dots (the current scenario).
    Dotted,
}

impl Dash {
    /// Dash and gap lengths in pixels, `None` for solid.
    pub fn pattern(self) -> Option<(u32, u32)> {
        match self {
            Dash::Solid => None,
            Dash::Long => Some((9, 5)),
            Dash::Short => Some((4, 4)),
            Dash::Dotted => Some((2, 4)),
        }
    }

    /// The dash of the other term at `index` (the scenario's term is solid).
    pub fn for_term(index: usize) -> Dash {
        [Dash::Short, Dash::Dotted, Dash::Short, Dash::Dotted][index % 4]
    }
}

/// Colours for one page appearance. `Theme::light()` and `Theme::dark()` fill the
/// background; `.transparent()` leaves it to the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    /// Background fill; `None` leaves the SVG transparent.
    pub background: Option<Rgb>,
    /// The page colour behind the chart: label halos use it (also when `background` is `None`).
    pub halo: Rgb,
    /// Titles, labels, the total line.
    pub text: Rgb,
    /// Notes and secondary labels.
    pub muted: Rgb,
    /// Grid lines.
    pub grid: Rgb,
    /// Axis lines and ticks.
    pub axis: Rgb,
    /// Paying per token.
    pub on_demand: Rgb,
    /// Reserved capacity.
    pub reserved: Rgb,
    /// Overflow to on-demand.
    pub overflow: Rgb,
    /// The optimum marker and the hybrid option.
    pub optimum: Rgb,
    /// The current scenario.
    pub current: Rgb,
    /// The workload (load curve, total cost).
    pub load: Rgb,
    /// The batch tier.
    pub batch: Rgb,
    /// One colour per priced term other than the scenario's (which is drawn as
    /// `reserved`), by position, cycled.
    pub terms: [Rgb; 4],
    /// Opacity of filled areas.
    pub area_opacity: f64,
    /// Font family (a CSS generic family: web fonts may not be loaded when drawing).
    pub font_family: &'static str,
}

impl Theme {
    /// For a light page, white background.
    pub fn light() -> Theme {
        use okabe_ito::*;
        Theme {
            background: Some(Rgb(0xFF, 0xFF, 0xFF)),
            halo: Rgb(0xFF, 0xFF, 0xFF),
            text: Rgb(0x1A, 0x1A, 0x1A),
            muted: Rgb(0x59, 0x59, 0x59),
            grid: Rgb(0xE3, 0xE3, 0xE3),
            axis: Rgb(0x73, 0x73, 0x73),
            on_demand: ORANGE,
            reserved: BLUE,
            overflow: VERMILLION,
            optimum: BLUISH_GREEN,
            current: REDDISH_PURPLE,
            load: Rgb(0x33, 0x33, 0x33),
            batch: Rgb(0x99, 0x99, 0x99),
            terms: [SKY_BLUE, BLACK, Rgb(0x99, 0x99, 0x99), YELLOW],
            area_opacity: 0.35,
            font_family: "sans-serif",
        }
    }

    /// For a dark page: the same meanings, lighter where blue and black would vanish.
    pub fn dark() -> Theme {
        use okabe_ito::*;
        Theme {
            background: Some(Rgb(0x16, 0x18, 0x1C)),
            halo: Rgb(0x16, 0x18, 0x1C),
            text: Rgb(0xEC, 0xEC, 0xEC),
            muted: Rgb(0xB0, 0xB0, 0xB0),
            grid: Rgb(0x33, 0x36, 0x3B),
            axis: Rgb(0x8C, 0x8C, 0x8C),
            on_demand: ORANGE,
            reserved: SKY_BLUE,
            overflow: VERMILLION,
            optimum: BLUISH_GREEN,
            current: REDDISH_PURPLE,
            load: Rgb(0xDD, 0xDD, 0xDD),
            batch: Rgb(0x80, 0x80, 0x80),
            terms: [YELLOW, Rgb(0xEC, 0xEC, 0xEC), Rgb(0x80, 0x80, 0x80), BLUE],
            area_opacity: 0.45,
            font_family: "sans-serif",
        }
    }

    /// `Theme::dark()` when `dark`, else `Theme::light()`.
    pub fn for_dark(dark: bool) -> Theme {
        if dark {
            Theme::dark()
        } else {
            Theme::light()
        }
    }

    /// The same theme without a background fill.
    pub fn transparent(mut self) -> Theme {
        self.background = None;
        self
    }

    /// The colour of a meaning.
    ///
    /// ```
    /// use ptcalc_charts::theme::{okabe_ito, Role, Theme};
    /// assert_eq!(Theme::light().color(Role::Optimum), okabe_ito::BLUISH_GREEN);
    /// ```
    pub fn color(&self, role: Role) -> Rgb {
        match role {
            Role::OnDemand => self.on_demand,
            Role::Reserved => self.reserved,
            Role::Overflow => self.overflow,
            Role::Optimum => self.optimum,
            Role::Current => self.current,
            Role::Load => self.load,
            Role::Batch => self.batch,
            Role::Term(i) => self.terms[i % self.terms.len()],
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::light()
    }
}
