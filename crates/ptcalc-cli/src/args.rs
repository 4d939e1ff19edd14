//! Command-line arguments, parsed by hand: few commands, exact messages.
use std::fmt;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

/// What to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Help,
    Version,
    Eval {
        link: Option<String>,
        format: Format,
    },
    Ratecards {
        format: Format,
        check: bool,
    },
    Chart {
        kind: String,
        link: Option<String>,
        out: String,
        width: u32,
        height: u32,
        dark: bool,
    },
}

/// A usage mistake, as one line naming the argument and what is allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn usage(message: impl Into<String>) -> UsageError {
    UsageError(message.into())
}

fn format_value(value: Option<&String>, allowed: &[(&str, Format)]) -> Result<Format, UsageError> {
    let names: Vec<&str> = allowed.iter().map(|(n, _)| *n).collect();
    let Some(value) = value else {
        return Err(usage(format!(
            "--format needs a value: {}",
            names.join(", ")
        )));
    };
    allowed
        .iter()
        .find(|(n, _)| n == value)
        .map(|(_, f)| *f)
        .ok_or_else(|| {
            usage(format!(
                "--format {value:?} is not allowed: use {}",
                names.join(", ")
            ))
        })
}

/// Parses the arguments after the program name.
pub fn parse(argv: &[String]) -> Result<Command, UsageError> {
    let Some(command) = argv.first() else {
        return Ok(Command::Help);
    };
    let rest = &argv[1..];
    match command.as_str() {
        "-h" | "--help" | "help" => Ok(Command::Help),
        "-V" | "--version" => Ok(Command::Version),
        "eval" => {
            let mut link = None;
            let mut format = Format::Text;
            let mut i = 0;
            while i < rest.len() {
                match rest[i].as_str() {
                    "--format" | "-f" => {
                        format = format_value(
                            rest.get(i + 1),
                            &[
                                ("text", Format::Text),
                                ("json", Format::Json),
                                ("md", Format::Markdown),
                            ],
                        )?;
                        i += 1;
                    }
                    s if s.starts_with("--format=") => {
                        let v = s["--format=".len()..].to_string();
                        format = format_value(
                            Some(&v),
                            &[
                                ("text", Format::Text),
                                ("json", Format::Json),
                                ("md", Format::Markdown),
                            ],
                        )?;
                    }
                    s if s.starts_with('-') && s.len() > 1 => {
                        return Err(usage(format!(
                            "eval: unknown option {s:?}: allowed are --format text|json|md"
                        )));
                    }
                    s => {
                        if link.is_some() {
                            return Err(usage(format!(
                                "eval takes one link or query, got a second one: {s:?} (quote the link so the shell keeps the & in it)"
                            )));
                        }
                        link = Some(s.to_string());
                    }
                }
                i += 1;
            }
            Ok(Command::Eval { link, format })
        }
        "ratecards" => {
            let mut format = Format::Text;
            let mut check = false;
            let mut i = 0;
            while i < rest.len() {
                match rest[i].as_str() {
                    "--format" | "-f" => {
                        format = format_value(rest.get(i + 1), &[("text", Format::Text), ("json", Format::Json)])?;
                        i += 1;
                    }
                    "--check" => check = true,
                    s => return Err(usage(format!("ratecards: unknown argument {s:?}: allowed are --format text|json and --check"))),
                }
                i += 1;
            }
            Ok(Command::Ratecards { format, check })
        }
        "chart" => parse_chart(rest),
        other => Err(usage(format!(
            "unknown command {other:?}: use eval, ratecards, chart or --help"
        ))),
    }
}

fn size_value(flag: &str, value: Option<&String>) -> Result<u32, UsageError> {
    let allowed = "a whole number of pixels from 240 to 4000";
    let Some(value) = value else {
        return Err(usage(format!("{flag} needs a value: {allowed}")));
    };
    match value.parse::<u32>() {
        Ok(v) if (240..=4000).contains(&v) => Ok(v),
        _ => Err(usage(format!(
            "{flag} {value:?} is not allowed: use {allowed}"
        ))),
    }
}

fn parse_chart(rest: &[String]) -> Result<Command, UsageError> {
    let kinds = "breakeven, hybrid, load, traffic or terms";
    let Some(kind) = rest.first().filter(|k| !k.starts_with('-')) else {
        return Err(usage(format!("chart needs a kind: {kinds}")));
    };
    let (mut link, mut out, mut width, mut height, mut dark) = (None, None, 720, 420, false);
    let mut i = 1;
    while i < rest.len() {
        match rest[i].as_str() {
            "--out" | "-o" => {
                out = Some(
                    rest.get(i + 1)
                        .cloned()
                        .ok_or_else(|| usage("--out needs a file name, e.g. --out chart.svg"))?,
                );
                i += 1;
            }
            "--width" => {
                width = size_value("--width", rest.get(i + 1))?;
                i += 1;
            }
            "--height" => {
                height = size_value("--height", rest.get(i + 1))?;
                i += 1;
            }
            "--dark" => dark = true,
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(usage(format!("chart: unknown option {s:?}: allowed are --out FILE.svg, --width, --height, --dark")));
            }
            s => {
                if link.is_some() {
                    return Err(usage(format!(
                        "chart takes one link or query, got a second one: {s:?}"
                    )));
                }
                link = Some(s.to_string());
            }
        }
        i += 1;
    }
    let out = out.ok_or_else(|| usage("chart needs --out FILE.svg"))?;
    Ok(Command::Chart {
        kind: kind.clone(),
        link,
        out,
        width,
        height,
        dark,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn eval_takes_a_link_and_a_format() {
        assert_eq!(
            parse(&args(&["eval", "v=1&in=1M", "--format", "json"])),
            Ok(Command::Eval {
                link: Some("v=1&in=1M".into()),
                format: Format::Json
            })
        );
    }

    #[test]
    fn bad_format_names_what_is_allowed() {
        let e = parse(&args(&["eval", "--format", "xml"])).unwrap_err();
        assert!(e.0.contains("text, json, md"), "{e}");
        let e = parse(&args(&["ratecards", "--format", "md"])).unwrap_err();
        assert!(e.0.contains("text, json"), "{e}");
    }

    #[test]
    fn chart_needs_a_kind_and_an_output() {
        assert_eq!(
            parse(&args(&["chart", "hybrid", "v=1", "--out", "x.svg"])),
            Ok(Command::Chart {
                kind: "hybrid".into(),
                link: Some("v=1".into()),
                out: "x.svg".into(),
                width: 720,
                height: 420,
                dark: false
            })
        );
        assert!(parse(&args(&["chart"])).is_err());
        assert!(parse(&args(&["chart", "hybrid"])).is_err());
        assert!(parse(&args(&[
            "chart", "hybrid", "--out", "x.svg", "--width", "9"
        ]))
        .is_err());
    }

    #[test]
    fn unknown_command_and_option_are_refused() {
        assert!(parse(&args(&["frobnicate"])).is_err());
        assert!(parse(&args(&["eval", "--fast"])).is_err());
        assert!(parse(&args(&["eval", "a", "b"])).is_err());
    }
}
