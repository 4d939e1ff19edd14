//! The page's one door to `ptcalc-charts`: a chart's model laid out for the page's width
//! (the same model gives the SVG, the data table and the hover readout, so all three agree)
//! and its SVG in the page's colour scheme.
use ptcalc_charts::theme::Rgb;
use ptcalc_charts::Theme;
use ptcalc_core::report::Analysis;

pub use ptcalc_charts::{ChartKind, ChartModel};

/// Page order: the hybrid split first (it is the decision).
pub const KINDS: [ChartKind; 5] = ChartKind::ALL;

/// The smallest size the charts crate lays out.
const MIN: (u32, u32) = ptcalc_charts::MIN_SIZE;

/// The model of `kind` laid out at `width` × `height`.
///
/// # Errors
/// What is missing to draw it, as a sentence (e.g. "enter one (cap, …)").
pub fn model(kind: ChartKind, a: &Analysis, width: u32, height: u32) -> Result<ChartModel, String> {
    ptcalc_charts::model_sized(kind, a, width.max(MIN.0), height.max(MIN.1))
        .map_err(|e| e.to_string())
}

/// The page's theme: transparent over the card, label halos in the card's colour
/// (`--card` in web/style.css).
fn theme(dark: bool) -> Theme {
    let mut theme = Theme::for_dark(dark).transparent();
    theme.halo = if dark {
        Rgb(0x1a, 0x1f, 0x25)
    } else {
        Rgb(0xff, 0xff, 0xff)
    };
    theme
}

/// The chart as an SVG document.
///
/// # Errors
/// When plotters fails.
pub fn svg(model: &ChartModel, dark: bool) -> Result<String, String> {
    model.to_svg(&theme(dark)).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ptcalc_core::link;

    fn analysis(query: &str) -> Analysis {
        let s = link::parse(query).scenario;
        let base = crate::resolve::base_offering(&s).expect("resolves");
        crate::resolve::evaluate(&s, &base).expect("evaluates")
    }

    #[test]
    fn every_chart_of_the_default_scenario_is_drawn() {
        let a = analysis("v=1");
        for kind in KINDS {
            let m = model(kind, &a, 640, 320).expect("model");
            assert!(svg(&m, false).expect("svg").starts_with("<svg"));
            assert!(svg(&m, true).expect("svg").starts_with("<svg"));
        }
    }

    #[test]
    fn an_enormous_workload_draws_every_chart_without_sweeping_billions_of_counts() {
        // 1T tokens a minute: billions of feasible counts; the hybrid chart samples them.
        let a = analysis("v=1&in=1000B&out=1000B");
        for kind in KINDS {
            let m = model(kind, &a, 640, 320).expect("model");
            assert!(svg(&m, false).expect("svg").starts_with("<svg"));
        }
    }
}
