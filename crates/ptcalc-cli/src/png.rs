//! PNG export: the chart's SVG (drawn by the same chart code as the page and the SVG
//! export) rasterized with resvg at a scale (2× for slides). resvg was chosen over
//! plotters' bitmap backend because it renders the exact SVG file the SVG export writes
//! (one drawing path, so the PNG cannot differ from the SVG) and needs no C libraries;
//! plotters' bitmap text would need font-kit (freetype/fontconfig) or a second text path.
//! Text uses the system's fonts (DejaVu, Liberation, Arial, Helvetica or Noto Sans).
use std::fmt;

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{Options, Tree};

/// Sans-serif families tried, in order, for the charts' `sans-serif` text.
const SANS: [&str; 5] = [
    "DejaVu Sans",
    "Liberation Sans",
    "Arial",
    "Helvetica",
    "Noto Sans",
];

/// Why a PNG could not be made.
#[derive(Debug)]
pub enum PngError {
    /// No font is installed, so the chart's text cannot be drawn.
    NoFonts,
    /// The chart's SVG was not readable (a defect; tests guard against it).
    Svg(String),
    /// The image is too large to hold.
    TooLarge(u32, u32),
    /// Encoding failed.
    Encode(String),
}

impl fmt::Display for PngError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PngError::NoFonts => f.write_str(
                "no fonts are installed to draw the chart's text: install DejaVu Sans (or any sans-serif font), or use --format svg",
            ),
            PngError::Svg(e) => write!(f, "the chart's SVG could not be read: {e}"),
            PngError::TooLarge(w, h) => {
                write!(f, "a {w}×{h} image is too large: use a smaller --width, --height or --scale")
            }
            PngError::Encode(e) => write!(f, "the PNG could not be encoded: {e}"),
        }
    }
}

impl std::error::Error for PngError {}

/// Rasterizes `svg` at `scale` × its size.
///
/// # Errors
/// See [`PngError`].
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, PngError> {
    let mut options = Options::default();
    let db = options.fontdb_mut();
    db.load_system_fonts();
    if db.is_empty() {
        return Err(PngError::NoFonts);
    }
    let family = SANS
        .iter()
        .find(|name| {
            db.faces()
                .any(|f| f.families.iter().any(|(family, _)| family == *name))
        })
        .map(|s| s.to_string())
        .or_else(|| {
            db.faces()
                .next()
                .and_then(|f| f.families.first().map(|(name, _)| name.clone()))
        })
        .ok_or(PngError::NoFonts)?;
    db.set_sans_serif_family(family.clone());
    options.font_family = family;
    let tree = Tree::from_str(svg, &options).map_err(|e| PngError::Svg(e.to_string()))?;
    let size = tree.size();
    let (w, h) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    let mut pixmap = Pixmap::new(w, h).ok_or(PngError::TooLarge(w, h))?;
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}
