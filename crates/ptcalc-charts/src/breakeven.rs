//! Break-even: the monthly bill of each option as the workload grows or shrinks with
//! the same mix and shape (`Analysis::at_scale`), from zero to three times the larger of
//! the current volume and the furthest break-even volume. On-demand is a straight line;
//! full provisioning is a staircase (units come in steps), so each step's edges are
//! added to the ~80 samples; the hybrid optimum on the chosen term bends between them.
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use ptcalc_core::hybrid::feasible_counts;
use ptcalc_core::numfmt::{compact, usd, usd_compact};
use ptcalc_core::report::Analysis;
use ptcalc_core::Term;

use crate::axis::{AxisSpec, TickFormat, TickRule};
use crate::error::{ChartError, Missing};
use crate::frame::Frame;
use crate::legend::LegendEntry;
use crate::marker::{place_clear_of, trace, Marker, MarkerKind, Pending, Side};
use crate::model::{chart_parts, Chart, ChartBase};
use crate::paint;
use crate::table::Table;
use crate::theme::{Dash, Role, Theme};
use ptcalc_core::chart::ChartKind;

/// Grid samples across the volume axis (plus zero).
pub const SAMPLES: usize = 80;
/// The volume axis runs to this multiple of max(current volume, break-even volumes).
pub const RANGE_FACTOR: f64 = 3.0;
/// Staircase edges drawn per term at most; denser steps are below a pixel anyway.
const MAX_EDGES: usize = 600;

/// The options' monthly costs at one volume.
#[derive(Clone, Debug, PartialEq)]
pub struct VolumeSample {
    /// Tokens per month.
    pub tokens_per_month: f64,
    /// All on-demand.
    pub on_demand: Option<f64>,
    /// Full provisioning on each term of [`BreakEvenChart::terms`], in order.
    pub full: Vec<Option<f64>>,
    /// Units of full provisioning (the same on every term).
    pub full_units: u64,
    /// The hybrid optimum on the chosen term.
    pub hybrid: Option<f64>,
}

/// One term's full-provisioning staircase.
#[derive(Clone, Debug, PartialEq)]
pub struct TermLine {
    /// The term.
    pub term: Term,
    /// Whether it is the scenario's term (drawn emphasised).
    pub chosen: bool,
    /// Colour slot.
    pub role: Role,
    /// Stroke.
    pub dash: Dash,
    /// (tokens per month, $ per month), samples and step edges.
    pub points: Vec<(f64, f64)>,
    /// Where it crosses on-demand for good, tokens per month.
    pub break_even_tokens_per_month: Option<f64>,
}

/// The break-even chart.
#[derive(Clone, Debug, PartialEq)]
pub struct BreakEvenChart {
    /// Title, legend, notes, axes.
    pub base: ChartBase,
    /// Layout.
    pub frame: Frame,
    /// Unit name.
    pub unit: String,
    /// The scenario's term.
    pub term: Term,
    /// The scenario's tokens per month.
    pub current_tokens_per_month: f64,
    /// The scenario's bill on its best hybrid (or on-demand when there is none).
    pub current_usd_per_month: f64,
    /// On-demand cost per token (the slope of the on-demand line).
    pub on_demand_usd_per_token: f64,
    /// Grid samples (the table's rows).
    pub samples: Vec<VolumeSample>,
    /// One staircase per priced term that can be priced at every volume.
    pub terms: Vec<TermLine>,
    /// The hybrid optimum on the chosen term: (tokens per month, $ per month).
    pub hybrid: Vec<(f64, f64)>,
}

impl BreakEvenChart {
    pub(crate) fn build(a: &Analysis, size: (u32, u32)) -> Result<BreakEvenChart, ChartError> {
        let nothing = |m| ChartError::nothing(ChartKind::BreakEven, m);
        let r = &a.report;
        let volume = r.load.tokens_per_month;
        if volume.is_nan() || volume <= 0.0 {
            return Err(nothing(Missing::EmptyWorkload));
        }
        let od_month = a
            .on_demand_usd_per_month
            .filter(|v| v.is_finite())
            .ok_or_else(|| nothing(Missing::OnDemandPrice))?;
        let rows: Vec<(Term, &ptcalc_core::report::TermRow)> =
            r.terms.iter().map(|row| (row.term, row)).collect();
        let furthest = rows
            .iter()
            .filter_map(|(_, row)| row.break_even_tokens_per_month)
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        let x_max = RANGE_FACTOR * volume.max(furthest);
        let s_max = x_max / volume;
        let grid: Vec<f64> = (0..=SAMPLES)
            .map(|i| s_max * i as f64 / SAMPLES as f64)
            .collect();

        let mut notes = Vec::new();
        let mut lines: Vec<TermLine> = Vec::new();
        let (mut never, mut unknown, mut unpriced) = (Vec::new(), Vec::new(), Vec::new());
        let mut never_why: Option<(Term, &String)> = None;
        for (term, row) in &rows {
            let mut scales = grid.clone();
            scales.push(s_max * 1e-6); // the minimum purchase right after zero
            scales.extend(step_edges(a, s_max));
            scales.sort_by(f64::total_cmp);
            scales.dedup();
            let points: Vec<(f64, f64)> = scales
                .iter()
                .filter_map(|&s| {
                    a.at_scale(*term, s)
                        .full
                        .filter(|v| v.is_finite())
                        .map(|f| (s * volume, f))
                })
                .collect();
            if points.len() < 2 {
                unpriced.push(term.label());
                continue;
            }
            let chosen = *term == a.term;
            let others = lines.iter().filter(|l| !l.chosen).count();
            lines.push(TermLine {
                term: *term,
                chosen,
                role: if chosen {
                    Role::Reserved
                } else {
                    Role::Term(others)
                },
                dash: if chosen {
                    Dash::Solid
                } else {
                    Dash::for_term(others)
                },
                points,
                break_even_tokens_per_month: row
                    .break_even_tokens_per_month
                    .filter(|v| v.is_finite()),
            });
            match (row.break_even_tokens_per_month, &row.break_even_never) {
                (Some(_), _) => {}
                (None, Some(why)) => {
                    never.push(term.label());
                    if never_why.is_none() || chosen {
                        never_why = Some((*term, why));
                    }
                }
                (None, None) => unknown.push(term.label()),
            }
        }
        if !never.is_empty() {
            let why = never_why
                .map(|(t, why)| format!(" On {}: {why}.", t.label()))
                .unwrap_or_default();
            notes.push(format!(
                "Full provisioning never beats on-demand on {}.{why}",
                never.join(", ")
            ));
        }
        if !unknown.is_empty() {
            notes.push(format!(
                "No break-even volume on {} (a figure is missing).",
                unknown.join(", ")
            ));
        }
        if !unpriced.is_empty() {
            notes.push(format!(
                "Full provisioning on {} cannot be priced at every volume.",
                unpriced.join(", ")
            ));
        }
        if rows.is_empty() || lines.is_empty() {
            let why = a
                .pools
                .iter()
                .find_map(|p| {
                    let missing = p.priced_economics(a.term).err()?;
                    Some(Missing::of(missing, p, a.term))
                })
                .unwrap_or(Missing::UnitPrice { term: a.term });
            notes.push(format!("Only on-demand is drawn: {why}."));
        }
        let samples: Vec<VolumeSample> = grid
            .iter()
            .map(|&s| {
                let at = a.at_scale(a.term, s);
                VolumeSample {
                    tokens_per_month: s * volume,
                    on_demand: at.on_demand,
                    full: lines.iter().map(|l| a.at_scale(l.term, s).full).collect(),
                    full_units: at.full_units,
                    hybrid: at.hybrid,
                }
            })
            .collect();
        let mut hybrid_scales = grid.clone();
        hybrid_scales.push(s_max * 1e-6);
        hybrid_scales.sort_by(f64::total_cmp);
        let hybrid: Vec<(f64, f64)> = hybrid_scales
            .iter()
            .filter_map(|&s| {
                a.at_scale(a.term, s)
                    .hybrid
                    .filter(|v| v.is_finite())
                    .map(|h| (s * volume, h))
            })
            .collect();

        let mut legend = vec![LegendEntry::line(
            "all on-demand",
            Role::OnDemand,
            Dash::Long,
            2,
        )];
        for l in &lines {
            let label = format!(
                "full, {}{}",
                l.term.label(),
                if l.chosen { " (your term)" } else { "" }
            );
            legend.push(LegendEntry::line(
                label,
                l.role,
                l.dash,
                if l.chosen { 3 } else { 2 },
            ));
        }
        if hybrid.len() >= 2 {
            legend.push(LegendEntry::line(
                format!("hybrid optimum, {}", a.term.label()),
                Role::Optimum,
                Dash::Solid,
                2,
            ));
        }
        legend.push(LegendEntry::line(
            "you are here",
            Role::Current,
            Dash::Dotted,
            2,
        ));
        let sizing = match r.load.sizing_percentile {
            100 => "the busiest minute".to_string(),
            p => format!("the P{p} minute"),
        };
        notes.insert(0, format!("Same token mix and traffic shape at every volume; full provisioning buys units for {sizing}."));

        // The y range covers on-demand, the hybrid and your term; dearer terms run off the top.
        let finite_max =
            |it: &mut dyn Iterator<Item = f64>| it.filter(|v| v.is_finite()).fold(0.0, f64::max);
        let mut y_max = finite_max(
            &mut [od_month * s_max]
                .into_iter()
                .chain(hybrid.iter().map(|p| p.1)),
        );
        y_max = y_max.max(finite_max(
            &mut lines
                .iter()
                .filter(|l| l.chosen)
                .flat_map(|l| l.points.iter().map(|p| p.1)),
        ));
        if y_max <= 0.0 {
            y_max = finite_max(&mut lines.iter().flat_map(|l| l.points.iter().map(|p| p.1)));
        }
        let y_max = y_max.max(1.0) * 1.05;
        let base = ChartBase {
            kind: ChartKind::BreakEven,
            title: ChartKind::BreakEven.title().to_string(),
            legend,
            notes,
            x: AxisSpec {
                title: "tokens per month".into(),
                lo: 0.0,
                hi: x_max,
                round_up: false,
                rule: TickRule::Nice,
                format: TickFormat::Count,
            },
            y: AxisSpec {
                title: "$ per month".into(),
                lo: 0.0,
                hi: y_max,
                round_up: true,
                rule: TickRule::Nice,
                format: TickFormat::Usd,
            },
        };
        let frame = Frame::layout(&base, size.0, size.1)?;
        let current = r
            .monthly
            .hybrid
            .filter(|_| hybrid.len() >= 2)
            .unwrap_or(od_month);
        Ok(BreakEvenChart {
            base,
            frame,
            unit: r.offering.unit.clone(),
            term: a.term,
            current_tokens_per_month: volume,
            current_usd_per_month: current,
            on_demand_usd_per_token: od_month / volume,
            samples,
            terms: lines,
            hybrid,
        })
    }

    /// The sample nearest to `tokens_per_month`.
    pub fn nearest(&self, tokens_per_month: f64) -> Option<&VolumeSample> {
        self.samples.iter().min_by(|a, b| {
            (a.tokens_per_month - tokens_per_month)
                .abs()
                .total_cmp(&(b.tokens_per_month - tokens_per_month).abs())
        })
    }
}

/// Scales at which full provisioning steps up a unit count, on both sides of each step.
fn step_edges(a: &Analysis, s_max: f64) -> Vec<f64> {
    let mut edges = Vec::new();
    for pool in &a.pools {
        let (Some(c), Some(top)) = (
            pool.capacity_per_unit_per_minute,
            pool.required_units(s_max),
        ) else {
            continue;
        };
        if pool.sizing_load.is_nan() || pool.sizing_load <= 0.0 {
            continue;
        }
        for k in feasible_counts(pool.min_units, pool.increment, top).skip(1) {
            let s = k as f64 * c / pool.sizing_load;
            if s >= s_max || edges.len() > MAX_EDGES {
                break;
            }
            edges.push(s);
            edges.push(s * (1.0 + 1e-6));
        }
    }
    if edges.len() > MAX_EDGES {
        edges.clear();
    }
    edges
}

impl Chart for BreakEvenChart {
    chart_parts!();

    fn table(&self) -> Table {
        let mut headers = vec!["tokens per month".to_string(), "all on-demand".to_string()];
        headers.extend(
            self.terms
                .iter()
                .map(|l| format!("full, {}", l.term.label())),
        );
        headers.push("full provisioning units".into());
        headers.push(format!("hybrid optimum, {}", self.term.label()));
        let money = |v: Option<f64>| v.map(usd).unwrap_or_else(|| "–".into());
        let rows = self
            .samples
            .iter()
            .map(|s| {
                let mut r = vec![compact(s.tokens_per_month), money(s.on_demand)];
                r.extend(s.full.iter().map(|v| money(*v)));
                r.push(s.full_units.to_string());
                r.push(money(s.hybrid));
                r
            })
            .collect();
        let be: Vec<String> = self
            .terms
            .iter()
            .filter_map(|l| {
                l.break_even_tokens_per_month
                    .map(|v| format!("{} at {} tokens/month", l.term.label(), compact(v)))
            })
            .collect();
        let caption = if be.is_empty() {
            "Monthly cost of each option by monthly token volume; no break-even volume.".to_string()
        } else {
            format!(
                "Monthly cost of each option by monthly token volume. Break-even: {}.",
                be.join("; ")
            )
        };
        Table {
            caption,
            headers,
            rows,
        }
    }

    fn readout_at(&self, tokens: f64) -> Option<String> {
        let s = self.nearest(tokens)?;
        let mut parts = vec![format!("{} tokens/month", compact(s.tokens_per_month))];
        if let Some(v) = s.on_demand {
            parts.push(format!("on-demand {}", usd_compact(v)));
        }
        for (l, v) in self.terms.iter().zip(&s.full) {
            if let Some(v) = v {
                parts.push(format!("full {} {}", l.term.label(), usd_compact(*v)));
            }
        }
        if let Some(v) = s.hybrid {
            parts.push(format!("hybrid {}", usd_compact(v)));
        }
        let head = parts.remove(0);
        Some(format!("{head}: {}", parts.join(" · ")))
    }

    fn markers(&self) -> Vec<Marker> {
        let v = self.current_tokens_per_month;
        let top = self.frame.plot.top as f64;
        let mut current = Pending::new(
            MarkerKind::Current,
            format!("you are here: {} tokens/month", compact(v)),
            Role::Current,
            (v, self.current_usd_per_month),
            Side::Right,
        );
        current.anchor = Some((self.frame.x_px(v), top + self.frame.fonts.label));
        let mut pending = vec![current];
        for l in &self.terms {
            if let Some(be) = l
                .break_even_tokens_per_month
                .filter(|be| *be <= self.frame.x.hi)
            {
                pending.push(Pending::new(
                    MarkerKind::BreakEven,
                    format!("break-even {}: {}", l.term.label(), compact(be)),
                    l.role,
                    (be, be * self.on_demand_usd_per_token),
                    Side::AboveLeft,
                ));
            }
        }
        // Dearer terms leave through the top: name them where they do.
        let y_hi = self.frame.y.hi;
        for l in &self.terms {
            if let Some(w) = l
                .points
                .windows(2)
                .find(|w| w[0].1 <= y_hi && w[1].1 > y_hi)
            {
                let t = (y_hi - w[0].1) / (w[1].1 - w[0].1);
                let x = w[0].0 + t * (w[1].0 - w[0].0);
                pending.push(
                    Pending::new(
                        MarkerKind::Series,
                        format!("{} ↑", l.term.label()),
                        l.role,
                        (x, y_hi),
                        Side::Left,
                    )
                    .without_dot(),
                );
            }
        }
        let x_hi = self.frame.x.hi;
        let od = [(0.0, 0.0), (x_hi, x_hi * self.on_demand_usd_per_token)];
        let mut lines: Vec<&[(f64, f64)]> = vec![&od, &self.hybrid];
        lines.extend(self.terms.iter().map(|l| l.points.as_slice()));
        place_clear_of(&self.frame, pending, &trace(&self.frame, &lines))
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<(), ChartError> {
        let mut plot = paint::frame(root, &self.base, &self.frame, theme)?;
        let (x_hi, y_hi) = (self.frame.x.hi, self.frame.y.hi);
        // "You are here" first, under everything else.
        let v = self.current_tokens_per_month;
        paint::line(
            &mut plot,
            &[(v, 0.0), (v, y_hi)],
            theme.current,
            2,
            Dash::Dotted,
        )?;
        let slope = self.on_demand_usd_per_token;
        let x_end = if slope * x_hi > y_hi && slope > 0.0 {
            y_hi / slope
        } else {
            x_hi
        };
        let od = [(0.0, 0.0), (x_end, x_end * slope)];
        let others = self.terms.iter().filter(|l| !l.chosen);
        for l in others.chain(self.terms.iter().filter(|l| l.chosen)) {
            for run in paint::clip_above(&l.points, y_hi) {
                paint::line(
                    &mut plot,
                    &run,
                    theme.color(l.role),
                    if l.chosen { 3 } else { 2 },
                    l.dash,
                )?;
            }
        }
        for run in paint::clip_above(&self.hybrid, y_hi) {
            paint::line(&mut plot, &run, theme.optimum, 2, Dash::Solid)?;
        }
        paint::line(&mut plot, &od, theme.on_demand, 2, Dash::Long)?;
        paint::markers(root, &mut plot, &self.frame, &self.markers(), theme)
    }
}
