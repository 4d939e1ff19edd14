//! Cost over the horizon by term: one group of bars per priced term (full provisioning
//! and the hybrid optimum, `report.terms[*].horizon_full / horizon_hybrid`) beside all
//! on-demand (`report.horizon_on_demand`), which is also drawn as a reference line.
use plotters::coord::Shift;
use plotters::prelude::{Color, DrawingArea, DrawingBackend, Rectangle};
use ptcalc_core::numfmt::{percent, usd, usd_compact};
use ptcalc_core::report::{Analysis, BestOption};
use ptcalc_core::Term;

use crate::axis::{AxisSpec, TickFormat, TickRule};
use crate::error::{drawing, ChartError, Missing};
use crate::frame::{text_width, Frame};
use crate::legend::LegendEntry;
use crate::marker::{place, Marker, MarkerKind, Pending, Side};
use crate::model::{chart_parts, Chart, ChartBase};
use crate::paint;
use crate::table::Table;
use crate::theme::{Dash, Role, Theme};
use ptcalc_core::chart::ChartKind;

fn role(option: BestOption) -> Role {
    match option {
        BestOption::OnDemand => Role::OnDemand,
        BestOption::Full => Role::Reserved,
        BestOption::Hybrid => Role::Optimum,
    }
}

fn label(option: BestOption) -> &'static str {
    match option {
        BestOption::OnDemand => "all on-demand",
        BestOption::Full => "full",
        BestOption::Hybrid => "hybrid",
    }
}

/// One bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// Category index on the horizontal axis.
    pub group: usize,
    /// The term (none for on-demand).
    pub term: Option<Term>,
    /// Which option.
    pub option: BestOption,
    /// Left edge, axis units.
    pub x0: f64,
    /// Right edge, axis units.
    pub x1: f64,
    /// Dollars over the horizon.
    pub usd: f64,
}

/// One priced term's figures.
#[derive(Clone, Debug, PartialEq)]
pub struct TermFigures {
    /// The term.
    pub term: Term,
    /// Whether it is the scenario's term.
    pub chosen: bool,
    /// Full provisioning over the horizon.
    pub full: Option<f64>,
    /// Hybrid optimum over the horizon.
    pub hybrid: Option<f64>,
}

/// The terms chart.
#[derive(Clone, Debug, PartialEq)]
pub struct TermsChart {
    /// Title, legend, notes, axes.
    pub base: ChartBase,
    /// Layout.
    pub frame: Frame,
    /// Months in the horizon.
    pub horizon_months: u32,
    /// All on-demand over the horizon.
    pub on_demand: Option<f64>,
    /// Every priced term.
    pub terms: Vec<TermFigures>,
    /// The bars drawn.
    pub bars: Vec<Bar>,
    /// Category labels (long, short), one per group.
    pub groups: Vec<(String, String)>,
}

impl TermsChart {
    pub(crate) fn build(a: &Analysis, size: (u32, u32)) -> Result<TermsChart, ChartError> {
        let r = &a.report;
        let finite = |v: Option<f64>| v.filter(|x| x.is_finite());
        let on_demand = finite(r.horizon_on_demand);
        let terms: Vec<TermFigures> = r
            .terms
            .iter()
            .map(|row| TermFigures {
                term: row.term,
                chosen: row.term == a.term,
                full: finite(row.horizon_full),
                hybrid: finite(row.horizon_hybrid),
            })
            .collect();
        let mut groups = Vec::new();
        let mut bars = Vec::new();
        if let Some(od) = on_demand {
            bars.push(Bar {
                group: 0,
                term: None,
                option: BestOption::OnDemand,
                x0: -0.3,
                x1: 0.3,
                usd: od,
            });
            groups.push(("on-demand".to_string(), "on-demand".to_string()));
        }
        let mut notes = Vec::new();
        let mut unpriced = Vec::new();
        for t in &terms {
            let g = groups.len();
            let c = g as f64;
            if let Some(v) = t.full {
                bars.push(Bar {
                    group: g,
                    term: Some(t.term),
                    option: BestOption::Full,
                    x0: c - 0.38,
                    x1: c - 0.02,
                    usd: v,
                });
            }
            if let Some(v) = t.hybrid {
                bars.push(Bar {
                    group: g,
                    term: Some(t.term),
                    option: BestOption::Hybrid,
                    x0: c + 0.02,
                    x1: c + 0.38,
                    usd: v,
                });
            }
            if t.full.is_none() && t.hybrid.is_none() {
                unpriced.push(t.term.label());
            }
            let long = if t.chosen {
                format!("{} (yours)", t.term.label())
            } else {
                t.term.label().to_string()
            };
            groups.push((long, t.term.as_str().to_string()));
        }
        if bars.is_empty() {
            return Err(ChartError::nothing(
                ChartKind::Terms,
                Missing::HorizonFigures,
            ));
        }
        if !unpriced.is_empty() {
            let why = a
                .pools
                .iter()
                .find_map(|p| {
                    p.capacity_per_unit_per_minute
                        .is_none()
                        .then(|| Missing::Capacity {
                            unit: p.unit.clone(),
                        })
                })
                .map(|m| format!(": {m}"))
                .unwrap_or_else(|| " (a figure is missing)".into());
            notes.push(format!(
                "{} cannot be priced over the horizon{why}.",
                unpriced.join(", ")
            ));
        }
        if bars.iter().all(|b| b.option == BestOption::OnDemand) {
            notes.push(if terms.is_empty() {
                "No term has a unit price: only on-demand is shown.".to_string()
            } else {
                "Only on-demand is shown.".to_string()
            });
        }
        if on_demand.is_none() {
            notes.push(format!("No on-demand figure: {}.", Missing::OnDemandPrice));
        }
        let months = r.horizon_months;
        let mut head = format!("Total over {months} months");
        if r.growth_percent != 0.0 {
            head.push_str(&format!(" with {}% monthly growth", r.growth_percent));
        }
        notes.insert(
            0,
            format!("{head}; each term is renewed for as long as the horizon lasts."),
        );

        let mut legend = Vec::new();
        if on_demand.is_some() {
            legend.push(LegendEntry::bar("all on-demand", Role::OnDemand));
        }
        if bars.iter().any(|b| b.option == BestOption::Full) {
            legend.push(LegendEntry::bar("full provisioning", Role::Reserved));
        }
        if bars.iter().any(|b| b.option == BestOption::Hybrid) {
            legend.push(LegendEntry::bar("hybrid optimum", Role::Optimum));
        }
        let y_max = bars.iter().map(|b| b.usd).fold(0.0, f64::max);
        let n = groups.len();
        let base = ChartBase {
            kind: ChartKind::Terms,
            title: ChartKind::Terms.title().to_string(),
            legend,
            notes,
            x: AxisSpec {
                title: "commitment term".into(),
                lo: -0.5,
                hi: n as f64 - 0.5,
                round_up: false,
                rule: TickRule::Fixed((0..n).map(|i| i as f64).collect()),
                format: TickFormat::Category(groups.clone()),
            },
            y: AxisSpec {
                title: format!("$ over {months} months"),
                lo: 0.0,
                hi: y_max * 1.15,
                round_up: true,
                rule: TickRule::Nice,
                format: TickFormat::Usd,
            },
        };
        let frame = Frame::layout(&base, size.0, size.1)?;
        Ok(TermsChart {
            base,
            frame,
            horizon_months: months,
            on_demand,
            terms,
            bars,
            groups,
        })
    }

    /// The cheapest bar.
    pub fn cheapest(&self) -> Option<&Bar> {
        self.bars.iter().min_by(|a, b| a.usd.total_cmp(&b.usd))
    }
}

impl Chart for TermsChart {
    chart_parts!();

    fn table(&self) -> Table {
        let money = |v: Option<f64>| v.map(usd).unwrap_or_else(|| "–".into());
        let saving = |h: Option<f64>| match (h, self.on_demand) {
            (Some(h), Some(od)) if od > 0.0 => percent((od - h) / od),
            _ => "–".into(),
        };
        let mut rows: Vec<Vec<String>> = self
            .terms
            .iter()
            .map(|t| {
                let label = if t.chosen {
                    format!("{} (your term)", t.term.label())
                } else {
                    t.term.label().to_string()
                };
                vec![
                    label,
                    money(t.full),
                    money(t.hybrid),
                    money(self.on_demand),
                    saving(t.hybrid),
                ]
            })
            .collect();
        if rows.is_empty() {
            rows.push(vec![
                "no priced term".into(),
                "–".into(),
                "–".into(),
                money(self.on_demand),
                "–".into(),
            ]);
        }
        Table {
            caption: format!(
                "Cost over {} months by term and option.",
                self.horizon_months
            ),
            headers: [
                "term",
                "full provisioning",
                "hybrid optimum",
                "all on-demand",
                "hybrid saving vs on-demand",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        }
    }

    fn readout_at(&self, x: f64) -> Option<String> {
        let g = x.round().max(0.0) as usize;
        let bars: Vec<&Bar> = self.bars.iter().filter(|b| b.group == g).collect();
        let name = &self.groups.get(g)?.0;
        let parts: Vec<String> = bars
            .iter()
            .map(|b| format!("{} {}", label(b.option), usd_compact(b.usd)))
            .collect();
        let mut s = format!(
            "{name} over {} months: {}",
            self.horizon_months,
            parts.join(" · ")
        );
        if bars.iter().all(|b| b.option != BestOption::OnDemand) {
            if let Some(od) = self.on_demand {
                s.push_str(&format!(" (on-demand {})", usd_compact(od)));
            }
        }
        Some(s)
    }

    fn markers(&self) -> Vec<Marker> {
        let cheapest = self.cheapest().cloned();
        let size = self.frame.fonts.label;
        let slot_px = |b: &Bar| (self.frame.x_px(b.x1) - self.frame.x_px(b.x0)) * 1.2;
        let mut pending = Vec::new();
        if let Some(c) = &cheapest {
            pending.push(Pending::new(
                MarkerKind::Bar,
                format!("cheapest: {}", usd_compact(c.usd)),
                role(c.option),
                ((c.x0 + c.x1) / 2.0, c.usd),
                Side::Above,
            ));
        }
        for b in &self.bars {
            if Some(b) == cheapest.as_ref() {
                continue;
            }
            let label = usd_compact(b.usd);
            if text_width(&label, size) <= slot_px(b) {
                pending.push(Pending::new(
                    MarkerKind::Bar,
                    label,
                    Role::Load,
                    ((b.x0 + b.x1) / 2.0, b.usd),
                    Side::Above,
                ));
            }
        }
        place(
            &self.frame,
            pending.into_iter().map(Pending::without_dot).collect(),
        )
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<(), ChartError> {
        let mut plot = paint::frame(root, &self.base, &self.frame, theme)?;
        for b in &self.bars {
            let color = theme.color(role(b.option)).plot();
            let corners = [(b.x0, 0.0), (b.x1, b.usd)];
            plot.draw_series([
                Rectangle::new(corners, color.mix(paint::BAR_OPACITY).filled()),
                Rectangle::new(corners, color.stroke_width(1)),
            ])
            .map_err(drawing)?;
        }
        if let Some(od) = self.on_demand {
            let (lo, hi) = (self.frame.x.lo, self.frame.x.hi);
            paint::line(
                &mut plot,
                &[(lo, od), (hi, od)],
                theme.on_demand,
                2,
                Dash::Long,
            )?;
        }
        paint::markers(root, &mut plot, &self.frame, &self.markers(), theme)
    }
}
