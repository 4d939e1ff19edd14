//! Exports: the results as JSON (the CLI's `eval --format json`, from the same
//! `EvalDocument`), CSV (`ptcalc_core::export::report_csv`), a Markdown summary to paste into a doc,
//! and every chart as SVG and PNG (2×, drawn from the SVG on a canvas), all from the same
//! chart code as the page. With two or more workloads, the portfolio as JSON, CSV and
//! Markdown, from the CLI's own `PortfolioDocument`. Files are offered as Blob URLs; nothing
//! leaves the browser.
use leptos::prelude::*;
use ptcalc_charts::Theme;
use ptcalc_core::link;
use ptcalc_core::numfmt::{percent, usd};
use ptcalc_core::report::Analysis;
use ptcalc_core::verdict::units;
use ptcalc_core::{ChartKind, Offering, Scenario};
use ptcalc_ratecards::{Catalog, Date, EvalDocument, PortfolioDocument};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::address::page_address;

use crate::chart_source::{self, KINDS};
use crate::sources::figures;
use crate::state::Calc;

/// The size charts are exported at (CSS pixels; the PNG doubles it).
pub const EXPORT_SIZE: (u32, u32) = (1000, 520);

/// `ptcalc-azure-gpt-4.1-1y-2026-11-27-hybrid.svg`: the offering, the term, the date and
/// what the file holds. Anything but lowercase letters, digits, `.` and `-` becomes `-`.
pub fn file_name(scenario: &Scenario, what: &str, extension: &str, date: &str) -> String {
    let offering: String = scenario
        .offering
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!(
        "ptcalc-{offering}-{}-{date}-{what}.{extension}",
        scenario.term.as_str()
    )
}

/// The JSON `ptcalc eval '<link>' --format json` prints for the scenario.
///
/// # Errors
/// When serde_json cannot write a number (as a sentence).
pub fn json(document: &EvalDocument) -> Result<String, String> {
    document.json().map_err(|e| e.to_string())
}

/// The CSV: one row per term and per provisioning point.
pub fn csv(document: &EvalDocument) -> String {
    ptcalc_core::export::report_csv(&document.report)
}

/// A portfolio export's format: what `ptcalc portfolio --format json|csv|md` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PortfolioFormat {
    /// `--format json`.
    Json,
    /// `--format csv`.
    Csv,
    /// `--format md`.
    Markdown,
}

impl PortfolioFormat {
    /// Every format, in the order the Export card offers them.
    pub const ALL: [PortfolioFormat; 3] = [
        PortfolioFormat::Json,
        PortfolioFormat::Csv,
        PortfolioFormat::Markdown,
    ];

    /// The file extension, which is also the `data-export` suffix.
    pub fn extension(self) -> &'static str {
        match self {
            PortfolioFormat::Json => "json",
            PortfolioFormat::Csv => "csv",
            PortfolioFormat::Markdown => "md",
        }
    }

    fn mime(self) -> &'static str {
        match self {
            PortfolioFormat::Json => "application/json",
            PortfolioFormat::Csv => "text/csv",
            PortfolioFormat::Markdown => "text/markdown",
        }
    }

    fn label(self) -> &'static str {
        match self {
            PortfolioFormat::Json => "Portfolio (JSON)",
            PortfolioFormat::Csv => "Portfolio (CSV)",
            PortfolioFormat::Markdown => "Portfolio (Markdown)",
        }
    }
}

/// The portfolio export of `query` (the page's portfolio link) priced on `today`: its file
/// name, text and MIME type, the text byte for byte what
/// `ptcalc --today <today> portfolio '<query>' --format json|csv|md` prints.
///
/// # Errors
/// A workload cannot be priced (as a sentence).
pub fn portfolio_file(
    catalog: &Catalog,
    query: &str,
    today: Date,
    format: PortfolioFormat,
) -> Result<(String, String, &'static str), String> {
    let document =
        PortfolioDocument::open(catalog, &[query.to_string()], today).map_err(|e| e.to_string())?;
    let text = match format {
        PortfolioFormat::Json => document.json().map_err(|e| e.to_string())?,
        PortfolioFormat::Csv => document.csv(),
        PortfolioFormat::Markdown => document.text(true),
    };
    let name = format!(
        "ptcalc-portfolio-{}.{}",
        document.as_of.date,
        format.extension()
    );
    Ok((name, text, format.mime()))
}

/// Text made inert in Markdown: characters that start markup or HTML are escaped.
fn md_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c if "\\`*_[]()#|!".contains(c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The Markdown summary: verdict, key figures, units, every figure used with its source
/// and date, and the link.
///
/// # Errors
/// The scenario cannot be evaluated (as a sentence).
pub fn markdown(
    document: &EvalDocument,
    scenario: &Scenario,
    offering: &Offering,
    page: &str,
) -> String {
    let r = &document.report;
    let money = |v: Option<f64>| v.map(usd).unwrap_or_else(|| String::from("–"));
    let unit = &r.offering.unit;
    let mut out = format!(
        "## ptcalc: {} ({}, {})\n\n**{}**\n\n",
        md_text(&r.offering.name),
        md_text(r.offering.deployment.as_str()),
        md_text(r.offering.term.as_str()),
        md_text(&document.verdict)
    );
    out.push_str("| figure | per month |\n| --- | --- |\n");
    for (name, v) in [
        ("All on-demand", r.monthly.on_demand),
        ("Fully provisioned", r.monthly.full_provisioned),
        ("Best hybrid", r.monthly.hybrid),
    ] {
        out.push_str(&format!("| {name} | {} |\n", money(v)));
    }
    if let Some(h) = &r.hybrid {
        out.push_str(&format!(
            "\nHybrid: {} reserved, {} utilized, {} of tokens overflow to on-demand.\n",
            md_text(&units(h.units, unit)),
            percent(h.utilization),
            percent(h.overflow_share)
        ));
    }
    if let Some(required) = r.units.required {
        out.push_str(&format!(
            "Full provisioning needs {} (minimum {}, then steps of {}).\n",
            md_text(&units(required, unit)),
            r.units.min_units,
            r.units.increment
        ));
    }
    if !r.warnings.is_empty() {
        out.push_str("\n### Warnings\n\n");
        for w in &r.warnings {
            match &w.key {
                Some(key) => {
                    out.push_str(&format!("- {}: {}\n", md_text(key), md_text(&w.message)))
                }
                None => out.push_str(&format!("- {}\n", md_text(&w.message))),
            }
        }
    }
    out.push_str("\n### Figures used\n\n");
    let discount = scenario.overrides.discount_percent;
    for f in figures(offering, scenario.hours_per_month, discount) {
        let source = match &f.provenance {
            Some(p) => format!("{} ({})", md_text(&p.source), md_text(&p.as_of)),
            None => md_text(f.unsourced),
        };
        out.push_str(&format!(
            "- {}: {} — {}\n",
            md_text(&f.name),
            md_text(&f.value),
            source
        ));
    }
    let full = format!("{page}?{}", link::format(scenario));
    out.push_str(&format!(
        "\nScenario: <{}>\n",
        full.replace('>', "%3E").replace('<', "%3C")
    ));
    out
}

/// The chart as a standalone SVG document (light theme on white), at [`EXPORT_SIZE`].
///
/// # Errors
/// What is missing to draw it, or plotters' failure.
pub fn chart_svg(kind: ChartKind, analysis: &Analysis) -> Result<String, String> {
    let model = chart_source::model(kind, analysis, EXPORT_SIZE.0, EXPORT_SIZE.1)?;
    model
        .to_svg(&Theme::for_dark(false))
        .map_err(|e| e.to_string())
}

/// Offers `parts` as a file named `name` through a Blob URL and a temporary link.
fn download(name: &str, mime: &str, blob: Option<web_sys::Blob>, text: Option<&str>) {
    let blob = match (blob, text) {
        (Some(b), _) => Some(b),
        (None, Some(text)) => {
            let parts = js_sys::Array::of1(&JsValue::from_str(text));
            let options = web_sys::BlobPropertyBag::new();
            options.set_type(mime);
            web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()
        }
        (None, None) => None,
    };
    let Some(blob) = blob else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document().create_element("a") {
        if let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() {
            a.set_href(&url);
            a.set_download(name);
            a.set_hidden(true);
            if let Some(body) = document().body() {
                let _ = body.append_child(&a);
                a.click();
                a.remove();
            }
        }
    }
    // Revoke once the download has started.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
}

/// Draws `svg` on a canvas at twice its size and offers the PNG.
fn download_png(name: String, svg: &str, status: RwSignal<String>) {
    let parts = js_sys::Array::of1(&JsValue::from_str(svg));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let Ok(image) = web_sys::HtmlImageElement::new() else {
        return;
    };
    let (w, h) = (EXPORT_SIZE.0 * 2, EXPORT_SIZE.1 * 2);
    let img = image.clone();
    let source = url.clone();
    let on_load = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&source);
        let canvas = document()
            .create_element("canvas")
            .ok()
            .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok());
        let Some(canvas) = canvas else { return };
        canvas.set_width(w);
        canvas.set_height(h);
        let context = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok());
        let Some(context) = context else { return };
        let _ = context.draw_image_with_html_image_element_and_dw_and_dh(
            &img,
            0.0,
            0.0,
            w.into(),
            h.into(),
        );
        let on_blob =
            Closure::once_into_js(
                move |blob: JsValue| match blob.dyn_into::<web_sys::Blob>() {
                    Ok(blob) => download(&name, "image/png", Some(blob), None),
                    Err(_) => status.set(String::from("The browser could not encode the PNG.")),
                },
            );
        let _ = canvas.to_blob_with_type(on_blob.unchecked_ref(), "image/png");
    });
    image.set_onload(Some(on_load.unchecked_ref()));
    image.set_src(&url);
}

/// The exports card: results as JSON, CSV and Markdown, every chart as SVG and PNG.
#[component]
pub fn Exports() -> impl IntoView {
    let calc = Calc::from_context();
    let status = RwSignal::new(String::new());
    // Every export describes the scenario as evaluated (the what-if applied) on the day its
    // figures are priced at, from the analysis the page already holds.
    let text_export = move |what: &'static str| {
        move |_| {
            let opened = calc.opened.get_untracked();
            let date = opened.as_of.date.to_string();
            let made =
                calc.document()
                    .map_err(|e| e.to_string())
                    .and_then(|document| {
                        Ok(match what {
                            "json" => (json(&document)?, "application/json", "results", "json"),
                            "csv" => (csv(&document), "text/csv", "results", "csv"),
                            _ => {
                                let offering = calc.offering.get_untracked().ok_or_else(|| {
                                    String::from("the offering cannot be resolved")
                                })?;
                                let page = page_address();
                                let text = markdown(&document, &opened.scenario, &offering, &page);
                                (text, "text/markdown", "summary", "md")
                            }
                        })
                    });
            match made {
                Ok((text, mime, name, ext)) => {
                    download(
                        &file_name(&opened.scenario, name, ext, &date),
                        mime,
                        None,
                        Some(&text),
                    );
                    status.set(String::new());
                }
                Err(e) => status.set(format!("Nothing to export: {e}")),
            }
        }
    };
    let chart_export = move |kind: ChartKind, png: bool| {
        move |_| {
            let opened = calc.opened.get_untracked();
            let svg = calc.shown.with_untracked(|a| match a {
                Some(a) => chart_svg(kind, a),
                None => Err(String::from("no results yet")),
            });
            let ext = if png { "png" } else { "svg" };
            let date = opened.as_of.date.to_string();
            let name = file_name(&opened.scenario, kind.as_str(), ext, &date);
            match svg {
                Ok(svg) if png => download_png(name, &svg, status),
                Ok(svg) => download(&name, "image/svg+xml", None, Some(&svg)),
                Err(e) => status.set(format!("Nothing to export: {e}")),
            }
        }
    };
    // Read in the component: an event handler runs outside the owner that holds the context.
    let shown_as = crate::form::PresentationSignal::from_context().0;
    let comparison_export = move |json: bool| {
        move |_| match shown_as
            .with_untracked(|p| crate::compare::export_file(calc, &p.compare, json))
        {
            Ok((name, text, mime)) => {
                download(&name, mime, None, Some(&text));
                status.set(String::new());
            }
            Err(e) => status.set(format!("Nothing to export: {e}")),
        }
    };
    let workloads = use_context::<crate::workloads::Workloads>();
    let several = move || workloads.is_some_and(|w| w.all.with(|l| l.len() >= 2));
    let portfolio_export = move |format: PortfolioFormat| {
        move |_| {
            let made = workloads
                .ok_or_else(|| String::from("no workloads"))
                .and_then(|w| w.query.get_untracked())
                .and_then(|query| {
                    calc.cards
                        .with_untracked(|c| portfolio_file(&c.catalog, &query, calc.today, format))
                });
            match made {
                Ok((name, text, mime)) => {
                    download(&name, mime, None, Some(&text));
                    status.set(String::new());
                }
                Err(e) => status.set(format!("Nothing to export: {e}")),
            }
        }
    };
    // Built each time the buttons are shown: a view is not copied (Leptos' erased views).
    let portfolio_buttons = move || {
        PortfolioFormat::ALL
            .into_iter()
            .map(|f| {
                view! {
                    <button type="button" data-export=format!("portfolio-{}", f.extension()) on:click=portfolio_export(f)>{f.label()}</button>" "
                }
            })
            .collect_view()
    };
    let charts = KINDS
        .into_iter()
        .map(|kind| {
            let name = kind.as_str();
            view! {
                <li>
                    <span class="export-chart">{kind.title()}</span>" "
                    <button type="button" data-export=format!("{name}-svg") on:click=chart_export(kind, false)>"SVG"</button>" "
                    <button type="button" data-export=format!("{name}-png") on:click=chart_export(kind, true)>"PNG"</button>
                </li>
            }
        })
        .collect_view();
    view! {
        <section id="exports" class="card exports" aria-labelledby="exports-title">
            <h2 id="exports-title">"Export"</h2>
            <p>
                <button type="button" data-export="json" on:click=text_export("json")>"Results (JSON)"</button>" "
                <button type="button" data-export="csv" on:click=text_export("csv")>"Results (CSV)"</button>" "
                <button type="button" data-export="md" on:click=text_export("md")>"Summary (Markdown)"</button>
            </p>
            <p>
                <button type="button" data-export="compare-json" on:click=comparison_export(true)>"Comparison (JSON)"</button>" "
                <button type="button" data-export="compare-csv" on:click=comparison_export(false)>"Comparison (CSV)"</button>
            </p>
            <Show when=several>
                <p class="portfolio-exports">{portfolio_buttons()}</p>
            </Show>
            <ul class="export-charts">{charts}</ul>
            <p id="export-status" role="status">{move || status.get()}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cards::{self, Cards};
    use ptcalc_ratecards::Opened;

    fn scenario(query: &str) -> Scenario {
        link::parse(query).scenario
    }

    const TODAY: &str = "2026-11-27";

    /// What the page holds for `s` on `cards`: the scenario opened on the day, and the
    /// document of its one evaluation (`Calc::opened`, `Calc::outcome`, `Calc::document`).
    fn held(cards: &Cards, s: &Scenario) -> (Opened, EvalDocument) {
        let opened = cards.open_scenario(s.clone(), TODAY.parse().expect("date"));
        let analysis =
            crate::resolve::evaluate_opened(&cards.catalog, &opened, None).expect("evaluates");
        let document = EvalDocument::of(&analysis, &opened);
        (opened, document)
    }

    fn cli_json(query: &str) -> String {
        let today = TODAY.parse().expect("date");
        let (document, _) =
            ptcalc_ratecards::eval_link_on(ptcalc_ratecards::catalog(), query, today)
                .expect("evaluates");
        document.json().expect("json")
    }

    #[test]
    fn file_names_carry_offering_term_date_and_content() {
        let s = scenario("v=1");
        assert_eq!(
            file_name(&s, "hybrid", "svg", "2026-11-27"),
            "ptcalc-azure-gpt-4.1-1y-2026-11-27-hybrid.svg"
        );
    }

    #[test]
    fn the_json_export_is_the_cli_document() {
        // A horizon that crosses the end of a promotion (priced month by month) too.
        for query in [
            "v=1&in=2M",
            "v=1&o=azure/gpt-5.6-sol&t=hourly&in=200k&out=40k&h=6",
        ] {
            let (_, document) = held(&Cards::default(), &scenario(query));
            assert_eq!(json(&document).expect("json"), cli_json(query), "{query}");
        }
        let (_, document) = held(&Cards::default(), &scenario("v=1&in=2M"));
        let text = json(&document).expect("json");
        assert!(text.contains("\"answer_range\""));
        assert!(text.contains("\"verdict\""));
        assert!(text.ends_with("}\n"));
    }

    /// An organization's offering is exported as the page shows it, with its card's
    /// fingerprint in the link, not as the bundled offering it replaces or the default.
    #[test]
    fn exports_read_the_organizations_card() {
        const ORG: &str = include_str!("../../../tests/data/org-ratecard.json");
        let card = cards::read_card("org.json", ORG, cards::Origin::Picked).expect("valid card");
        let org = Cards::with(None, Some(card.clone())).expect("loads");
        let id = card
            .offerings
            .iter()
            .find(|o| ptcalc_ratecards::catalog().entry(o).is_none())
            .expect("the card has an offering of its own");
        let s = scenario(&format!("v=1&o={id}"));
        let (opened, document) = held(&org, &s);
        let text = json(&document).expect("json");
        assert!(text.contains(&format!("o={id}")), "{text}");
        assert!(
            text.contains(&format!("org={}", card.fingerprint)),
            "{text}"
        );
        // Without the card the offering is not served.
        let bundled = Cards::default().open_scenario(s.clone(), TODAY.parse().expect("date"));
        assert_ne!(bundled.scenario.offering, *id);
        let o = org.base_offering(&s, opened.as_of.date).expect("offering");
        let md = markdown(&document, &opened.scenario, &o, "https://x.example/p/");
        assert!(md.contains(&format!("org={}", card.fingerprint)), "{md}");
    }

    #[test]
    fn the_csv_has_a_row_per_term_and_per_point() {
        let s = scenario("v=1");
        let (_, document) = held(&Cards::default(), &s);
        let text = csv(&document);
        let report = document.report;
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1 + report.terms.len() + report.points.len());
        assert!(lines[0].contains("total_usd_per_month"));
        let hybrid = report.hybrid.as_ref().expect("hybrid");
        let p_row = lines
            .iter()
            .find(|l| l.starts_with("point,"))
            .expect("a point row");
        assert_eq!(p_row.split(',').count(), lines[0].split(',').count());
        // The scenario's own term row carries the report's hybrid total, to the digit.
        let column = |name: &str| {
            lines[0]
                .split(',')
                .position(|c| c == name)
                .unwrap_or_else(|| panic!("no {name} column"))
        };
        let term = format!("term,{},", s.term.as_str());
        let row: Vec<&str> = lines
            .iter()
            .find(|l| l.starts_with(&term))
            .expect("the scenario's term row")
            .split(',')
            .collect();
        let total: f64 = row[column("total_usd_per_month")]
            .parse()
            .expect("a number");
        assert_eq!(total, hybrid.total_usd);
        assert_eq!(row[column("units")], hybrid.units.to_string());
    }

    #[test]
    fn the_markdown_summary_names_verdict_sources_and_link() {
        let s = scenario("v=1");
        let o = ptcalc_ratecards::offering_for(&s).expect("offering");
        let (opened, document) = held(&Cards::default(), &s);
        let md = markdown(&document, &opened.scenario, &o, "https://x.example/p/");
        let verdict = document.verdict.clone();
        assert!(md.contains(&md_text(&verdict)), "{md}");
        assert!(md.contains("https://x.example/p/?v=1&rc="), "{md}");
        assert!(
            md.contains("learn.microsoft.com") || md.contains("azure.microsoft.com"),
            "{md}"
        );
    }

    #[test]
    fn markup_stays_text_in_markdown() {
        assert_eq!(
            md_text("<script>x</script>"),
            "&lt;script&gt;x&lt;/script&gt;"
        );
    }

    /// The three-workload example (README, CLI goldens) as the page holds it: one portfolio
    /// link. Each export is what the library writes for the CLI, and the JSON and CSV are the
    /// CLI's golden files byte for byte.
    #[test]
    fn the_portfolio_exports_are_the_cli_output() {
        let links = [
            "v=1&name=chat&in=100k&out=10k&cache=0.3&shape=business&pa=3",
            "v=1&name=nightly batch&in=60k&out=6k&cache=0.3&shape=night&pa=2.5",
            "v=1&name=agent&in=50k&out=5k&cache=0.3&shape=flat",
        ]
        .map(String::from);
        let list: Vec<Scenario> = links.iter().map(|l| scenario(l)).collect();
        let query = link::portfolio::format_portfolio(&list, &Default::default()).expect("a link");
        let today: Date = TODAY.parse().expect("date");
        let catalog = ptcalc_ratecards::catalog();
        let cli = PortfolioDocument::open(catalog, &links, today).expect("priced");
        for format in PortfolioFormat::ALL {
            let (name, text, _) = portfolio_file(catalog, &query, today, format).expect("made");
            let expected = match format {
                PortfolioFormat::Json => cli.json().expect("json"),
                PortfolioFormat::Csv => cli.csv(),
                PortfolioFormat::Markdown => cli.text(true),
            };
            assert_eq!(text, expected, "{format:?}");
            assert_eq!(
                name,
                format!("ptcalc-portfolio-{TODAY}.{}", format.extension())
            );
        }
        let golden = |f| portfolio_file(catalog, &query, today, f).expect("made").1;
        assert_eq!(
            golden(PortfolioFormat::Json),
            include_str!("../../ptcalc-cli/tests/golden/portfolio-three-workloads.json")
        );
        assert_eq!(
            golden(PortfolioFormat::Csv),
            include_str!("../../ptcalc-cli/tests/golden/portfolio-three-workloads.csv")
        );
    }

    #[test]
    fn every_chart_exports_as_svg() {
        let s = scenario("v=1");
        let a = ptcalc_ratecards::evaluate(&s).expect("evaluates");
        for kind in KINDS {
            assert!(chart_svg(kind, &a).expect("svg").starts_with("<svg"));
        }
    }
}
