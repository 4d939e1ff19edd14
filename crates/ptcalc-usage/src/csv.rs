//! A small RFC 4180 record splitter: fields separated by a delimiter, optionally
//! quoted with `"` (a doubled `""` inside is one quote). The line is copied once into a
//! reused buffer and each field is a span of it (a quoted field with doubled quotes is
//! unescaped after the line), so a million rows cost no allocation and one copy per row.

/// The fields of one record: spans of one buffer.
#[derive(Debug, Default)]
pub(crate) struct Record {
    buf: String,
    spans: Vec<(usize, usize)>,
}

impl Record {
    /// Field `i`, trimmed of surrounding blanks.
    pub fn get(&self, i: usize) -> Option<&str> {
        let (start, end) = *self.spans.get(i)?;
        self.buf.get(start..end).map(str::trim_ascii)
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Splits `line` (no line terminator) into this record.
    ///
    /// # Errors
    /// A sentence when a quoted field is not closed or text follows its closing quote.
    pub fn split(&mut self, line: &str, delimiter: u8) -> Result<(), &'static str> {
        self.buf.clear();
        self.spans.clear();
        self.buf.push_str(line);
        let b = line.as_bytes();
        if memchr::memchr(b'"', b).is_none() {
            // no quotes (most files): every field is the text between two delimiters
            // (fields are a few bytes: a plain loop beats a search call per field)
            let mut start = 0;
            for (end, c) in b.iter().enumerate() {
                if *c == delimiter {
                    self.spans.push((start, end));
                    start = end + 1;
                }
            }
            self.spans.push((start, b.len()));
            return Ok(());
        }
        let mut i = 0;
        loop {
            // skip blanks before a possible opening quote
            let mut j = i;
            while j < b.len() && (b[j] == b' ' || b[j] == b'\t') && b[j] != delimiter {
                j += 1;
            }
            if j < b.len() && b[j] == b'"' {
                let mut k = j + 1;
                let mut seg = k;
                // the field's text: a span of the line until a doubled quote, then
                // unescaped after the line
                let mut span: Option<(usize, usize)> = None;
                loop {
                    match memchr::memchr(b'"', &b[k..]) {
                        None => return Err("a quoted field is not closed"),
                        Some(p) => {
                            let q = k + p;
                            let doubled = b.get(q + 1) == Some(&b'"');
                            let piece = if doubled { seg..q + 1 } else { seg..q };
                            span = Some(match span {
                                None if !doubled => (piece.start, piece.end),
                                None => {
                                    let start = self.buf.len();
                                    self.buf.push_str(&line[piece]);
                                    (start, self.buf.len())
                                }
                                Some((start, _)) => {
                                    self.buf.push_str(&line[piece]);
                                    (start, self.buf.len())
                                }
                            });
                            if doubled {
                                k = q + 2;
                                seg = k;
                            } else {
                                k = q + 1;
                                break;
                            }
                        }
                    }
                }
                while k < b.len() && (b[k] == b' ' || b[k] == b'\t') && b[k] != delimiter {
                    k += 1;
                }
                self.spans.push(span.unwrap_or((0, 0)));
                if k == b.len() {
                    return Ok(());
                }
                if b[k] != delimiter {
                    return Err("text follows a closing quote");
                }
                i = k + 1;
            } else {
                let end = memchr::memchr(delimiter, &b[i..]).map_or(b.len(), |p| i + p);
                self.spans.push((i, end));
                if end == b.len() {
                    return Ok(());
                }
                i = end + 1;
            }
        }
    }
}

/// Whether `text` leaves a quoted field open (an odd number of quotes): the
/// record then continues on the next line.
pub(crate) fn open_quote(text: &[u8]) -> bool {
    memchr::memchr_iter(b'"', text).count() % 2 == 1
}

/// The delimiter of a header line: `,` unless the line has none and has `;` or a tab.
pub(crate) fn delimiter(header: &str) -> u8 {
    if header.contains(',') {
        b','
    } else if header.contains(';') {
        b';'
    } else if header.contains('\t') {
        b'\t'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(line: &str) -> Vec<String> {
        let mut r = Record::default();
        r.split(line, b',').unwrap();
        (0..r.len())
            .map(|i| r.get(i).unwrap().to_string())
            .collect()
    }

    #[test]
    fn quoted_fields_keep_commas_and_quotes() {
        assert_eq!(
            fields(r#""8/18/2025, 12:00:38.941 AM",InputTokens, 12 ,"say ""hi""""#),
            vec![
                "8/18/2025, 12:00:38.941 AM",
                "InputTokens",
                "12",
                r#"say "hi""#
            ]
        );
        assert_eq!(fields("a,,b,"), vec!["a", "", "b", ""]);
    }

    /// The splitter as first written (a copy of every field): the oracle for the spans.
    fn split_oracle(line: &str, delimiter: u8) -> Result<Vec<String>, &'static str> {
        let mut buf = String::new();
        let mut ends: Vec<usize> = Vec::new();
        let fields = |buf: &String, ends: &Vec<usize>| -> Vec<String> {
            (0..ends.len())
                .map(|i| {
                    buf[if i == 0 { 0 } else { ends[i - 1] }..ends[i]]
                        .trim_ascii()
                        .to_string()
                })
                .collect()
        };
        let b = line.as_bytes();
        let mut i = 0;
        loop {
            // skip blanks before a possible opening quote
            let mut j = i;
            while j < b.len() && (b[j] == b' ' || b[j] == b'\t') && b[j] != delimiter {
                j += 1;
            }
            if j < b.len() && b[j] == b'"' {
                let mut k = j + 1;
                let mut seg = k;
                loop {
                    match b[k..].iter().position(|c| *c == b'"') {
                        None => return Err("a quoted field is not closed"),
                        Some(p) => {
                            let q = k + p;
                            if b.get(q + 1) == Some(&b'"') {
                                buf.push_str(&line[seg..=q]);
                                k = q + 2;
                                seg = k;
                            } else {
                                buf.push_str(&line[seg..q]);
                                k = q + 1;
                                break;
                            }
                        }
                    }
                }
                while k < b.len() && (b[k] == b' ' || b[k] == b'\t') && b[k] != delimiter {
                    k += 1;
                }
                ends.push(buf.len());
                if k == b.len() {
                    return Ok(fields(&buf, &ends));
                }
                if b[k] != delimiter {
                    return Err("text follows a closing quote");
                }
                i = k + 1;
            } else {
                let end = b[i..]
                    .iter()
                    .position(|c| *c == delimiter)
                    .map_or(b.len(), |p| i + p);
                buf.push_str(&line[i..end]);
                ends.push(buf.len());
                if end == b.len() {
                    return Ok(fields(&buf, &ends));
                }
                i = end + 1;
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn spans_give_the_fields_the_copying_splitter_gave(line in "[a1 \t,;\"]{0,24}") {
            let mut r = Record::default();
            let got = r.split(&line, b',').map(|()| {
                (0..r.len()).map(|i| r.get(i).unwrap_or("?").to_string()).collect::<Vec<_>>()
            });
            proptest::prop_assert_eq!(got, split_oracle(&line, b','));
        }
    }

    #[test]
    fn broken_quoting_is_an_error() {
        let mut r = Record::default();
        assert!(r.split(r#""open,1"#, b',').is_err());
        assert!(r.split(r#""a"b,1"#, b',').is_err());
    }
}
