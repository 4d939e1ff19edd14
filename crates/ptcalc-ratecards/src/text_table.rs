//! Tables and headings in plain text (columns aligned) or Markdown: every text and Markdown
//! output of the CLI, and the page's exports that repeat one, write with these.
use std::fmt::Write;

/// A table in text (columns right-aligned, `left` left-aligned) or Markdown; every command's
/// text and Markdown output writes its tables with it.
///
/// ```
/// let mut out = String::new();
/// let rows = vec![vec![String::from("a"), String::from("1")]];
/// ptcalc_ratecards::text_table::table(&mut out, true, &["name", "n"], &rows, None);
/// assert_eq!(out, "| name | n |\n| --- | --- |\n| a | 1 |\n");
/// ```
pub fn table(
    out: &mut String,
    md: bool,
    headers: &[&str],
    rows: &[Vec<String>],
    left: Option<usize>,
) {
    let widths: Vec<usize> = (0..headers.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([headers[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<String>| -> String {
        if md {
            format!("| {} |\n", cells.join(" | "))
        } else {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (c, w))| {
                    if Some(i) == left {
                        format!("{c:<w$}")
                    } else {
                        format!("{c:>w$}")
                    }
                })
                .collect();
            format!("  {}\n", padded.join("  ").trim_end())
        }
    };
    out.push_str(&line(headers.iter().map(|h| h.to_string()).collect()));
    if md {
        out.push_str(&format!("|{}\n", " --- |".repeat(headers.len())));
    }
    for r in rows {
        out.push_str(&line(r.clone()));
    }
}

/// A section heading in text or Markdown.
///
/// ```
/// let mut out = String::new();
/// ptcalc_ratecards::text_table::heading(&mut out, true, "Pools");
/// assert_eq!(out, "\n## Pools\n\n");
/// ```
pub fn heading(out: &mut String, md: bool, title: &str) {
    if md {
        let _ = writeln!(out, "\n## {title}\n");
    } else {
        let _ = writeln!(out, "\n{title}");
    }
}
