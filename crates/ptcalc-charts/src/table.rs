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

impl Table {
    /// The table as CSV (quoted where needed), for export.
    ///
    /// ```
    /// use ptcalc_charts::Table;
    /// let t = Table { caption: String::new(), headers: vec!["a".into(), "b".into()],
    ///     rows: vec![vec!["$1,000".into(), "x".into()]] };
    /// assert_eq!(t.to_csv(), "a,b\n\"$1,000\",x\n");
    /// ```
    pub fn to_csv(&self) -> String {
        let cell = |s: &String| {
            if s.contains([',', '"', '\n']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.clone()
            }
        };
        let mut out = String::new();
        for row in core::iter::once(&self.headers).chain(self.rows.iter()) {
            out.push_str(&row.iter().map(cell).collect::<Vec<_>>().join(","));
            out.push('\n');
        }
        out
    }
}
