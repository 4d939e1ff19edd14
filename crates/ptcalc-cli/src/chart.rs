//! `ptcalc chart`: the page's charts as SVG files, drawn by the same code.
use ptcalc_charts::{render_svg_with, ChartKind, Theme};

use crate::context::Context;
use crate::error::CliError;

/// Draws `kind` for the link into `out`. Returns the note to print (link warnings, where
/// the file went), or why it could not.
pub fn run(
    ctx: &Context,
    kind: ChartKind,
    link: &str,
    out: &str,
    (width, height): (u32, u32),
    dark: bool,
) -> Result<String, CliError> {
    let opened = ctx.catalog.open_link_on(link, ctx.today);
    let analysis = ctx
        .catalog
        .evaluate_opened(&opened)
        .map_err(CliError::Scenario)?;
    let theme = if dark { Theme::dark() } else { Theme::light() };
    let svg = render_svg_with(kind, &analysis, width, height, &theme)
        .map_err(|e| CliError::Chart(kind, e))?;
    std::fs::write(out, svg).map_err(|error| CliError::Write {
        path: out.to_string(),
        error,
    })?;
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
