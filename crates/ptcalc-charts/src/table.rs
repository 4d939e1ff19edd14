//! A chart's numbers as a table: the page's "show data" view and the accessible
//! alternative to the picture. Same figures as drawn, formatted with `numfmt`.

/// Rows of formatted cells under a caption.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// What the table shows (and what is missing from it).
    pub caption: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// One row per drawn point, each as long as `headers`.
    pub rows: Vec<Vec<String>>,
}
