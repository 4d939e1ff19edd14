//! `ptcalc chart`: the page's charts as SVG or PNG files, drawn by the same code. With a
//! directory for `--out`, the file is named after the offering, term, date and chart.
use std::path::{Path, PathBuf};

use ptcalc_charts::{render_svg_with, ChartKind, Theme};
use ptcalc_core::calendar::Day;
use ptcalc_core::export::chart_file_name;

use crate::args::ImageFormat;
use crate::context::Context;
use crate::error::CliError;
use crate::png::svg_to_png;

/// What to draw and where.
pub struct ChartRequest<'a> {
    /// Which chart.
    pub kind: ChartKind,
    /// The link or query.
    pub link: &'a str,
    /// A file, or an existing directory.
    pub out: &'a str,
    /// SVG or PNG (`None`: from the file's extension, else SVG).
    pub format: Option<ImageFormat>,
    /// PNG scale.
    pub scale: f32,
    /// Chart size in pixels.
    pub size: (u32, u32),
    /// Dark theme.
    pub dark: bool,
}

/// Draws the chart into its file. Returns the note to print (link warnings, where the
/// file went), or why it could not.
pub fn run(ctx: &Context, r: &ChartRequest) -> Result<String, CliError> {
    let opened = ctx.catalog.open_link_on(r.link, ctx.today);
    let analysis = ctx
        .catalog
        .evaluate_opened(&opened)
        .map_err(CliError::Scenario)?;
    let theme = if r.dark {
        Theme::dark()
    } else {
        Theme::light()
    };
    let (width, height) = r.size;
    let svg = render_svg_with(r.kind, &analysis, width, height, &theme)
        .map_err(|e| CliError::Chart(r.kind, e))?;
    let out = Path::new(r.out);
    let format = r
        .format
        .unwrap_or_else(|| match out.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("png") => ImageFormat::Png,
            _ => ImageFormat::Svg,
        });
    let path: PathBuf = if out.is_dir() {
        let d = opened.as_of.date;
        let day = Day::new(d.year(), d.month(), d.day()).unwrap_or(Day {
            year: 1970,
            month: 1,
            day: 1,
        });
        out.join(chart_file_name(
            &opened.scenario.offering,
            opened.scenario.term,
            day,
            r.kind,
            format.extension(),
        ))
    } else {
        out.to_path_buf()
    };
    let bytes = match format {
        ImageFormat::Svg => svg.into_bytes(),
        ImageFormat::Png => svg_to_png(&svg, r.scale).map_err(CliError::Png)?,
    };
    std::fs::write(&path, bytes).map_err(|error| CliError::Write {
        path: path.display().to_string(),
        error,
    })?;
    let mut note = String::new();
    for w in &opened.warnings {
        note.push_str(&format!("warning: {w}\n"));
    }
    let pixels = match format {
        ImageFormat::Svg => format!("{width}×{height}"),
        ImageFormat::Png => format!(
            "{}×{} pixels",
            (width as f32 * r.scale).ceil(),
            (height as f32 * r.scale).ceil()
        ),
    };
    note.push_str(&format!(
        "wrote {} ({} chart, {pixels})\n",
        path.display(),
        r.kind.as_str()
    ));
    Ok(note)
}
