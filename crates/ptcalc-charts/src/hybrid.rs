//! Hybrid split: the monthly bill against the number of reserved units, from 0 (all
//! on-demand) to the units for the busiest minute. Reserved cost and overflow cost are
//! stacked; their sum is convex in the count and its minimum is the optimum K*
//! (`ptcalc_core::hybrid::sweep_thinned` evaluates every feasible count, or an even sample
//! of them when there are more than a chart can show).
//!
//! Per-dimension offerings (input and output reserved separately) put pool 0 on the
//! horizontal axis and hold the other pools at their own optimum, so the total at the
//! marked optimum is the report's hybrid total.
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use ptcalc_core::capacity::units_for_load;
use ptcalc_core::hybrid::{split_at, sweep_thinned, PoolEconomics, SplitPoint};
use ptcalc_core::numfmt::{percent, usd, usd_compact};
use ptcalc_core::report::{Analysis, PoolModel, PROVISIONING_PERCENTILES};

/// The most unit counts the chart evaluates (more than the pixels it is drawn on).
const MAX_POINTS: usize = 2_000;

use crate::axis::{AxisSpec, TickFormat, TickRule};
use crate::error::{ChartError, Missing};
use crate::frame::Frame;
use crate::legend::LegendEntry;
use crate::marker::{place_clear_of, trace, Marker, MarkerKind, Pending, Side};
use crate::model::{chart_parts, Chart, ChartBase};
use crate::paint;
use crate::table::Table;
use crate::theme::{Dash, Role, Theme};
use crate::words;
use ptcalc_core::chart::ChartKind;

/// Costs at one reserved count (all pools, batch included in the total).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HybridPoint {
    /// Reserved units of the pool on the horizontal axis.
    pub units: u64,
    /// Reserved cost per month.
    pub reserved_usd: f64,
    /// Overflow cost per month.
    pub overflow_usd: f64,
    /// Batch-tier cost per month (the same at every count).
    pub batch_usd: f64,
    /// The bill per month.
    pub total_usd: f64,
    /// Σ served / reserved capacity.
    pub utilization: f64,
    /// Share of tokens above the reserved capacity.
    pub overflow_share: f64,
}

/// A named count: a provisioning point (P50 … peak) or the optimum.
#[derive(Clone, Debug, PartialEq)]
pub struct NamedCount {
    /// `P90`, `peak`, `optimum`.
    pub label: String,
    /// The costs there.
    pub point: HybridPoint,
}

/// The hybrid split chart.
#[derive(Clone, Debug, PartialEq)]
pub struct HybridChart {
    /// Title, legend, notes, axes.
    pub base: ChartBase,
    /// Layout.
    pub frame: Frame,
    /// The unit on the horizontal axis (`PTU`, `input unit`).
    pub unit: String,
    /// The term priced (`1-year`).
    pub term_label: &'static str,
    /// Every feasible count from 0 to the peak's units.
    pub points: Vec<HybridPoint>,
    /// P50, P75, P90, P95, P99 and peak.
    pub percentiles: Vec<NamedCount>,
    /// The cheapest count.
    pub optimum: NamedCount,
    /// Units of the other pools, held at their optimum (per-dimension offerings).
    pub other_pools: Vec<(String, u64)>,
}

/// The economics of a pool on the analysis' term, or what is missing.
pub(crate) fn economics(pool: &PoolModel, analysis: &Analysis) -> Result<PoolEconomics, Missing> {
    pool.priced_economics(analysis.term)
        .map_err(|m| Missing::of(m, pool, analysis.term))
}

/// The cheapest count of one pool.
pub(crate) fn optimum_units(pool: &PoolModel, econ: &PoolEconomics) -> u64 {
    pool.optimum(econ).units
}

impl HybridChart {
    pub(crate) fn build(a: &Analysis, size: (u32, u32)) -> Result<HybridChart, ChartError> {
        let nothing = |m| ChartError::nothing(ChartKind::Hybrid, m);
        let pool = a
            .pools
            .first()
            .ok_or_else(|| nothing(Missing::EmptyWorkload))?;
        if pool.curve.total().is_nan() || pool.curve.total() <= 0.0 {
            return Err(nothing(Missing::EmptyWorkload));
        }
        let econ = economics(pool, a).map_err(nothing)?;
        let peak = pool.peak_units(1.0).unwrap_or(0);
        if peak == 0 {
            return Err(nothing(Missing::EmptyWorkload));
        }
        let mut others: Vec<SplitPoint> = Vec::new();
        let mut other_pools = Vec::new();
        for p in &a.pools[1..] {
            let e = economics(p, a).map_err(nothing)?;
            let k = optimum_units(p, &e);
            others.push(split_at(&p.curve, &e, k));
            other_pools.push((p.unit.clone(), k));
        }
        let batch = a.batch_usd_per_month;
        // Same arithmetic as the report (SplitPoint::combine, then + batch), so the totals match exactly.
        let point = |p: SplitPoint| {
            let mut parts = vec![p];
            parts.extend(others.iter().copied());
            let c = SplitPoint::combine(&parts);
            HybridPoint {
                units: p.units,
                reserved_usd: c.reserved_usd,
                overflow_usd: c.overflow_usd,
                batch_usd: batch,
                total_usd: c.total_usd + batch,
                utilization: c.utilization,
                overflow_share: c.overflow_share,
            }
        };
        // Every count when there are few; an even sample of MAX_POINTS when a huge
        // workload has millions (the optimum and P-points are exact markers either way).
        let points: Vec<HybridPoint> = sweep_thinned(&pool.curve, &econ, peak, MAX_POINTS)
            .into_iter()
            .map(point)
            .collect();
        let k_star = optimum_units(pool, &econ);
        let optimum = NamedCount {
            label: "optimum".into(),
            point: point(split_at(&pool.curve, &econ, k_star)),
        };
        let capacity = econ.capacity_per_unit_per_minute;
        let percentiles = PROVISIONING_PERCENTILES
            .iter()
            .map(|&pct| {
                let k = units_for_load(
                    pool.curve.percentile(pct),
                    capacity,
                    econ.min_units,
                    econ.increment,
                );
                let label = if pct == 100 {
                    "peak".to_string()
                } else {
                    format!("P{pct}")
                };
                NamedCount {
                    label,
                    point: point(split_at(&pool.curve, &econ, k)),
                }
            })
            .collect();

        let term_label = a.term.label();
        let unit = pool.unit.clone();
        let mut legend = vec![
            LegendEntry::area("reserved units", Role::Reserved),
            LegendEntry::area("overflow at on-demand prices", Role::Overflow),
        ];
        if batch > 0.0 {
            legend.push(LegendEntry::area("batch tier", Role::Batch));
        }
        legend.push(LegendEntry::line(
            "total per month",
            Role::Load,
            Dash::Solid,
            2,
        ));
        legend.push(LegendEntry::line(
            "all on-demand",
            Role::OnDemand,
            Dash::Long,
            2,
        ));
        let mut notes = vec![format!(
            "{term_label} term. Optimum {} at {}/month, {} utilization, {} of tokens overflow.",
            words::units(k_star, &unit),
            usd(optimum.point.total_usd),
            percent(optimum.point.utilization),
            percent(optimum.point.overflow_share)
        )];
        if !other_pools.is_empty() {
            let held: Vec<String> = other_pools
                .iter()
                .map(|(u, k)| words::units(*k, u))
                .collect();
            notes.push(format!(
                "Reserved {} on the horizontal axis; the other pool stays at its optimum ({}), included in the reserved and overflow bands.",
                words::plural(&unit),
                held.join(", ")
            ));
        }
        if batch > 0.0 {
            notes.push(format!(
                "Every total includes the batch tier's {}/month.",
                usd(batch)
            ));
        }
        let y_max = points.iter().map(|p| p.total_usd).fold(0.0, f64::max);
        let base = ChartBase {
            kind: ChartKind::Hybrid,
            title: ChartKind::Hybrid.title().to_string(),
            legend,
            notes,
            x: AxisSpec {
                title: words::units_axis(&unit),
                lo: 0.0,
                hi: peak.max(1) as f64,
                round_up: false,
                rule: TickRule::Whole,
                format: TickFormat::Count,
            },
            y: AxisSpec {
                title: "$ per month".into(),
                lo: 0.0,
                hi: y_max * 1.08,
                round_up: true,
                rule: TickRule::Nice,
                format: TickFormat::Usd,
            },
        };
        let frame = Frame::layout(&base, size.0, size.1)?;
        Ok(HybridChart {
            base,
            frame,
            unit,
            term_label,
            points,
            percentiles,
            optimum,
            other_pools,
        })
    }

    fn units_text(&self, k: u64) -> String {
        let mut s = words::units(k, &self.unit);
        for (unit, n) in &self.other_pools {
            s.push_str(&format!(" + {}", words::units(*n, unit)));
        }
        s
    }

    /// The point at the feasible count nearest to `units`.
    pub fn nearest(&self, units: f64) -> Option<&HybridPoint> {
        let i = self.points.partition_point(|p| (p.units as f64) < units);
        let candidates = [i.checked_sub(1), Some(i)];
        candidates
            .into_iter()
            .flatten()
            .filter_map(|j| self.points.get(j))
            .min_by(|a, b| {
                (a.units as f64 - units)
                    .abs()
                    .total_cmp(&(b.units as f64 - units).abs())
            })
    }

    /// P-points grouped by count (several percentiles can need the same units).
    fn percentile_groups(&self) -> Vec<(String, HybridPoint)> {
        let mut groups: Vec<(String, HybridPoint)> = Vec::new();
        for n in &self.percentiles {
            match groups.iter_mut().find(|(_, p)| p.units == n.point.units) {
                Some((label, _)) => {
                    label.push_str(", ");
                    label.push_str(&n.label);
                }
                None => groups.push((n.label.clone(), n.point)),
            }
        }
        groups
    }
}

impl Chart for HybridChart {
    chart_parts!();

    fn table(&self) -> Table {
        let batch = self.optimum.point.batch_usd > 0.0;
        let mut headers = vec!["point".to_string(), words::units_axis(&self.unit)];
        headers.extend(["reserved per month", "overflow per month"].map(String::from));
        if batch {
            headers.push("batch per month".into());
        }
        headers.extend(["total per month", "utilization", "overflow share"].map(String::from));
        let row = |label: &str, p: &HybridPoint| {
            let mut r = vec![
                label.to_string(),
                self.units_text(p.units),
                usd(p.reserved_usd),
                usd(p.overflow_usd),
            ];
            if batch {
                r.push(usd(p.batch_usd));
            }
            r.extend([
                usd(p.total_usd),
                percent(p.utilization),
                percent(p.overflow_share),
            ]);
            r
        };
        let mut named: Vec<(&str, &HybridPoint)> = vec![("optimum", &self.optimum.point)];
        if let Some(zero) = self.points.first() {
            named.push(("all on-demand", zero));
        }
        // With several pools only the charted pool sits at the P-point, so its rows are that
        // pool's figures, named as such ("P50, input pool"), not the combined P50 of the
        // provisioning-points table.
        let pool_labels: Vec<String> = self
            .percentiles
            .iter()
            .map(|n| {
                if self.other_pools.is_empty() {
                    n.label.clone()
                } else {
                    let pool = self.unit.strip_suffix(" unit").unwrap_or(&self.unit);
                    format!("{}, {pool} pool", n.label)
                }
            })
            .collect();
        named.extend(
            pool_labels
                .iter()
                .zip(&self.percentiles)
                .map(|(label, n)| (label.as_str(), &n.point)),
        );
        named.sort_by_key(|(_, p)| p.units);
        Table {
            caption: format!(
                "Monthly cost at the provisioning points and the optimum, {} term{}.",
                self.term_label,
                if self.other_pools.is_empty() {
                    ""
                } else {
                    "; other pools at their optimum"
                }
            ),
            headers,
            rows: named.into_iter().map(|(label, p)| row(label, p)).collect(),
        }
    }

    fn readout_at(&self, units: f64) -> Option<String> {
        let p = self.nearest(units)?;
        let mut s = format!(
            "{}: reserved {} + overflow {}",
            self.units_text(p.units),
            usd_compact(p.reserved_usd),
            usd_compact(p.overflow_usd)
        );
        if p.batch_usd > 0.0 {
            s.push_str(&format!(" + batch {}", usd_compact(p.batch_usd)));
        }
        s.push_str(&format!(" = {}/month", usd_compact(p.total_usd)));
        let mut names: Vec<&str> = self
            .percentiles
            .iter()
            .filter(|n| n.point.units == p.units)
            .map(|n| n.label.as_str())
            .collect();
        if p.units == self.optimum.point.units {
            names.insert(0, "optimum");
        }
        if !names.is_empty() {
            s.push_str(&format!(" ({})", names.join(", ")));
        }
        Some(s)
    }

    fn markers(&self) -> Vec<Marker> {
        let o = &self.optimum.point;
        let groups = self.percentile_groups();
        let same = groups
            .iter()
            .find(|(_, p)| p.units == o.units)
            .map(|(l, _)| format!(" = {l}"))
            .unwrap_or_default();
        let mut pending = vec![Pending::new(
            MarkerKind::Optimum,
            format!(
                "optimum{same}: {} · {}",
                self.units_text(o.units),
                usd_compact(o.total_usd)
            ),
            Role::Optimum,
            (o.units as f64, o.total_usd),
            Side::Above,
        )];
        for (label, p) in groups.into_iter().filter(|(_, p)| p.units != o.units) {
            pending.push(Pending::new(
                MarkerKind::Percentile,
                label,
                Role::Load,
                (p.units as f64, p.total_usd),
                Side::Above,
            ));
        }
        let total: Vec<(f64, f64)> = thin(&self.points, 400, o.units)
            .iter()
            .map(|p| (p.units as f64, p.total_usd))
            .collect();
        let reserved: Vec<(f64, f64)> = thin(&self.points, 400, o.units)
            .iter()
            .map(|p| (p.units as f64, p.reserved_usd))
            .collect();
        let on_demand = self
            .points
            .first()
            .map(|p| [(0.0, p.total_usd), (self.frame.x.hi, p.total_usd)]);
        let mut lines: Vec<&[(f64, f64)]> = vec![&total, &reserved];
        if let Some(od) = &on_demand {
            lines.push(od);
        }
        place_clear_of(&self.frame, pending, &trace(&self.frame, &lines))
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<(), ChartError> {
        let mut plot = paint::frame(root, &self.base, &self.frame, theme)?;
        let pts = thin(&self.points, 1200, self.optimum.point.units);
        let xy = |f: &dyn Fn(&HybridPoint) -> f64| -> Vec<(f64, f64)> {
            pts.iter().map(|p| (p.units as f64, f(p))).collect()
        };
        let zero = xy(&|_| 0.0);
        let reserved = xy(&|p| p.reserved_usd);
        let with_overflow = xy(&|p| p.reserved_usd + p.overflow_usd);
        let total = xy(&|p| p.total_usd);
        let a = theme.area_opacity;
        paint::band(&mut plot, &reserved, &zero, theme.reserved, a)?;
        paint::band(&mut plot, &with_overflow, &reserved, theme.overflow, a)?;
        if self.optimum.point.batch_usd > 0.0 {
            paint::band(&mut plot, &total, &with_overflow, theme.batch, a)?;
        }
        paint::line(&mut plot, &reserved, theme.reserved, 1, Dash::Solid)?;
        if let Some(first) = self.points.first() {
            let hi = self.frame.x.hi;
            let od = [(0.0, first.total_usd), (hi, first.total_usd)];
            paint::line(&mut plot, &od, theme.on_demand, 2, Dash::Long)?;
        }
        paint::line(&mut plot, &total, theme.load, 2, Dash::Solid)?;
        paint::markers(root, &mut plot, &self.frame, &self.markers(), theme)
    }
}

/// At most about `max` points for drawing, always keeping the first, the last and `keep`.
fn thin(points: &[HybridPoint], max: usize, keep: u64) -> Vec<HybridPoint> {
    if points.len() <= max {
        return points.to_vec();
    }
    let stride = points.len().div_ceil(max);
    points
        .iter()
        .enumerate()
        .filter(|(i, p)| i % stride == 0 || *i == points.len() - 1 || p.units == keep)
        .map(|(_, p)| *p)
        .collect()
}
