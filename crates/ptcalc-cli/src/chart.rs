//! `ptcalc chart`: the page's charts as SVG files, drawn by the same code.
use ptcalc_charts::{render_svg_with, ChartKind, Theme};

/// Draws `kind` for the link into `out`. Returns the note to print (link warnings, where
/// the file went), or a one-line error.
pub fn run(
    kind: ChartKind,
    link: &str,
    out: &str,
    (width, height): (u32, u32),
    dark: bool,
) -> Result<String, String> {
    let opened = ptcalc_ratecards::open_link(link);
    let analysis =
        ptcalc_ratecards::evaluate(&opened.scenario).map_err(|e| format!("scenario: {e}"))?;
    let theme = if dark { Theme::dark() } else { Theme::light() };
    let svg = render_svg_with(kind, &analysis, width, height, &theme)
        .map_err(|e| format!("{}: {e}", kind.as_str()))?;
    std::fs::write(out, svg).map_err(|e| format!("--out {out:?}: cannot write the file: {e}"))?;
    let mut note = String::new();
    for w in &opened.warnings {
        note.push_str(&format!("warning: {w}\n"));
    }
    note.push_str(&format!(
        "wrote {out} ({} chart, {width}×{height})\n",
        kind.as_str()
    ));
    Ok(note)
}
