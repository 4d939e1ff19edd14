//! Load duration: every minute of the month sorted from busiest to quietest (the
//! `LoadCurve`), against the reserved capacity K*·C at the hybrid optimum. The area under
//! both is served by reserved units; the part of the curve above the capacity overflows
//! to on-demand. 43,800 minutes (or 2.6 million seconds) are drawn as ~400 buckets, each
//! at its maximum, so the peak survives; the bucket edges are read from the core's grid
//! (`LoadCurve::busiest`), so nothing sorts the series. Per-dimension offerings show pool 0 (input) and say so.
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use ptcalc_core::hybrid::split_at;
use ptcalc_core::numfmt::{compact, percent};
use ptcalc_core::report::Analysis;

use crate::axis::{AxisSpec, TickFormat, TickRule};
pub use crate::capacity::CapacityLine;
use crate::capacity::{capacity_lines, other_pools_note, CapacityLines, LineRole};
use crate::downsample::bucket_starts;
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

/// Points drawn along the curve.
pub const BUCKETS: usize = 400;
/// Shares of the month listed in the table.
const TABLE_SHARES: [f64; 14] = [
    0.0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0,
];

/// The load-duration chart.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadChart {
    /// Title, legend, notes, axes.
    pub base: ChartBase,
    /// Layout.
    pub frame: Frame,
    /// Unit name.
    pub unit: String,
    /// Minutes in the month.
    pub minutes: usize,
    /// (share of the month, tokens per minute), busiest first; non-increasing.
    pub points: Vec<(f64, f64)>,
    /// (share of the month, tokens per minute) at the table's shares, exact.
    pub profile: Vec<(f64, f64)>,
    /// Capacity at the hybrid optimum (or full provisioning when no optimum can be priced).
    pub reserved: Option<CapacityLine>,
    /// Whether `reserved` is the optimum (else full provisioning).
    pub reserved_is_optimum: bool,
    /// Capacity of full provisioning, when it differs from `reserved`.
    pub full: Option<CapacityLine>,
    /// Σ served / capacity at `reserved`.
    pub utilization: Option<f64>,
    /// Share of tokens above `reserved`.
    pub overflow_share: Option<f64>,
    /// Share of minutes above `reserved`.
    pub minutes_above_share: Option<f64>,
}

impl LoadChart {
    pub(crate) fn build(a: &Analysis, size: (u32, u32)) -> Result<LoadChart, ChartError> {
        let nothing = |m| ChartError::nothing(ChartKind::LoadDuration, m);
        let pool = a
            .pools
            .first()
            .ok_or_else(|| nothing(Missing::EmptyWorkload))?;
        let curve = &pool.curve;
        let n = curve.minutes();
        if n == 0 || curve.total().is_nan() || curve.total() <= 0.0 {
            return Err(nothing(Missing::EmptyWorkload));
        }
        // The curve is read at the bucket edges by selection on the core's grid (each
        // bucket of the sorted curve has its maximum at its first minute), never sorted:
        // 415 queries instead of an O(n log n) sort of up to millions of points.
        let mut points: Vec<(f64, f64)> = bucket_starts(n, BUCKETS)
            .map(|start| (start as f64 / n as f64, curve.busiest(start)))
            .collect();
        points.push((1.0, curve.busiest(n - 1)));
        let at_share = |s: f64| curve.busiest(((s * n as f64) as usize).min(n - 1));
        let profile = TABLE_SHARES.iter().map(|&s| (s, at_share(s))).collect();

        let mut notes = Vec::new();
        let CapacityLines {
            reserved,
            reserved_is_optimum: is_optimum,
            full,
            note,
        } = capacity_lines(a, pool);
        notes.extend(note);
        let (mut utilization, mut overflow_share, mut minutes_above_share) = (None, None, None);
        if let Some(r) = &reserved {
            let cap = r.tokens_per_minute;
            let overflow = curve.overflow(cap);
            let capacity_tokens = cap * n as f64;
            utilization = (capacity_tokens > 0.0)
                .then(|| ((curve.total() - overflow) / capacity_tokens).clamp(0.0, 1.0));
            overflow_share = Some((overflow / curve.total()).clamp(0.0, 1.0));
            minutes_above_share = Some(curve.minutes_above(cap) as f64 / n as f64);
            // Cross-check with the core's split where it can be priced (same formula).
            if let Some(econ) = pool.economics(a.term) {
                let s = split_at(curve, &econ, r.units);
                utilization = Some(s.utilization);
                overflow_share = Some(s.overflow_share);
            }
        }
        notes.extend(other_pools_note(a, pool));

        let mut legend = vec![LegendEntry::line(
            "load per minute, busiest first",
            Role::Load,
            Dash::Solid,
            2,
        )];
        if let Some(r) = &reserved {
            legend.push(r.legend(
                &pool.unit,
                LineRole::Reserved {
                    optimum: is_optimum,
                },
            ));
            if let Some(f) = &full {
                legend.push(f.legend(&pool.unit, LineRole::Full));
            }
            if let Some(u) = utilization {
                legend.push(LegendEntry::area(
                    format!("served, {} utilization", percent(u)),
                    Role::Reserved,
                ));
            }
            if let Some(o) = overflow_share {
                legend.push(LegendEntry::area(
                    format!("overflow, {} of tokens", percent(o)),
                    Role::Overflow,
                ));
            }
        }
        let y_max = curve
            .peak()
            .max(
                reserved
                    .as_ref()
                    .map(|r| r.tokens_per_minute)
                    .unwrap_or(0.0),
            )
            .max(full.as_ref().map(|f| f.tokens_per_minute).unwrap_or(0.0));
        let base = ChartBase {
            kind: ChartKind::LoadDuration,
            title: ChartKind::LoadDuration.title().to_string(),
            legend,
            notes,
            x: AxisSpec {
                title: "share of the month, busiest minutes first".into(),
                lo: 0.0,
                hi: 1.0,
                round_up: false,
                rule: TickRule::Nice,
                format: TickFormat::Percent,
            },
            y: AxisSpec::tokens_per_minute(pool.name, y_max),
        };
        let frame = Frame::layout(&base, size.0, size.1)?;
        Ok(LoadChart {
            base,
            frame,
            unit: pool.unit.clone(),
            minutes: n,
            points,
            profile,
            reserved,
            reserved_is_optimum: is_optimum,
            full,
            utilization,
            overflow_share,
            minutes_above_share,
        })
    }

    /// The drawn point nearest to `share`.
    pub fn nearest(&self, share: f64) -> Option<(f64, f64)> {
        self.points
            .iter()
            .copied()
            .min_by(|a, b| (a.0 - share).abs().total_cmp(&(b.0 - share).abs()))
    }
}

impl Chart for LoadChart {
    chart_parts!();

    fn table(&self) -> Table {
        let cap = self.reserved.as_ref().map(|r| r.tokens_per_minute);
        let rows = self
            .profile
            .iter()
            .map(|&(s, load)| {
                let mut r = vec![percent(s), compact(load)];
                if let Some(c) = cap {
                    r.push(compact(load.min(c)));
                    r.push(compact((load - c).max(0.0)));
                }
                r
            })
            .collect();
        let mut headers = vec![
            "share of the month".to_string(),
            "load, tokens per minute".to_string(),
        ];
        if cap.is_some() {
            headers.push("served by reserved units".into());
            headers.push("overflow".into());
        }
        let caption = match &self.reserved {
            Some(r) => format!(
                "Per-minute load sorted from busiest, against {} reserved ({} tokens per minute).",
                words::units(r.units, &self.unit),
                compact(r.tokens_per_minute)
            ),
            None => "Per-minute load sorted from busiest; no reserved capacity to compare.".into(),
        };
        Table {
            caption,
            headers,
            rows,
        }
    }

    fn readout_at(&self, share: f64) -> Option<String> {
        let (s, load) = self.nearest(share)?;
        let mut out = format!(
            "busiest {} of minutes: above {} tokens/min",
            percent(s),
            compact(load)
        );
        if let Some(r) = &self.reserved {
            out.push_str(&format!(
                " · reserved {} ({})",
                compact(r.tokens_per_minute),
                words::units(r.units, &self.unit)
            ));
            if load > r.tokens_per_minute {
                out.push_str(&format!(
                    " · overflow {}",
                    compact(load - r.tokens_per_minute)
                ));
            }
        }
        Some(out)
    }

    fn markers(&self) -> Vec<Marker> {
        let mut pending = Vec::new();
        if let Some(r) = &self.reserved {
            let what = if self.reserved_is_optimum {
                "optimum"
            } else {
                "full provisioning"
            };
            let mut m = Pending::new(
                MarkerKind::Capacity,
                format!("{what}: {}", words::units(r.units, &self.unit)),
                Role::Reserved,
                (1.0, r.tokens_per_minute),
                Side::AboveLeft,
            )
            .without_dot();
            m.anchor = Some((
                self.frame.plot.right as f64 - 4.0,
                self.frame.y_px(r.tokens_per_minute),
            ));
            pending.push(m);
            if let Some(share) = self.minutes_above_share.filter(|s| *s > 0.0) {
                pending.push(Pending::new(
                    MarkerKind::Crossing,
                    // The minutes alone mislead (100% of minutes may carry 0.4% of tokens).
                    match self.overflow_share {
                        Some(tokens) => format!(
                            "overflow in {} of minutes, {} of tokens",
                            percent(share),
                            percent(tokens)
                        ),
                        None => format!("overflow in {} of minutes", percent(share)),
                    },
                    Role::Overflow,
                    (share, r.tokens_per_minute),
                    Side::AboveRight,
                ));
            }
        }
        if let Some(f) = &self.full {
            let mut m = Pending::new(
                MarkerKind::Capacity,
                format!("full provisioning: {}", words::units(f.units, &self.unit)),
                Role::Reserved,
                (1.0, f.tokens_per_minute),
                Side::AboveLeft,
            )
            .without_dot();
            m.anchor = Some((
                self.frame.plot.right as f64 - 4.0,
                self.frame.y_px(f.tokens_per_minute),
            ));
            pending.push(m);
        }
        place_clear_of(&self.frame, pending, &trace(&self.frame, &[&self.points]))
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<(), ChartError> {
        let mut plot = paint::frame(root, &self.base, &self.frame, theme)?;
        let zero: Vec<(f64, f64)> = self.points.iter().map(|p| (p.0, 0.0)).collect();
        let a = theme.area_opacity;
        match &self.reserved {
            Some(r) => {
                let c = r.tokens_per_minute;
                let served: Vec<(f64, f64)> =
                    self.points.iter().map(|p| (p.0, p.1.min(c))).collect();
                let cap: Vec<(f64, f64)> = self.points.iter().map(|p| (p.0, c)).collect();
                let above: Vec<(f64, f64)> =
                    self.points.iter().map(|p| (p.0, p.1.max(c))).collect();
                paint::band(&mut plot, &served, &zero, theme.reserved, a)?;
                paint::band(&mut plot, &above, &cap, theme.overflow, a)?;
            }
            None => paint::band(&mut plot, &self.points, &zero, theme.load, a * 0.5)?,
        }
        paint::line(&mut plot, &self.points, theme.load, 2, Dash::Solid)?;
        paint::capacity_lines(
            &mut plot,
            self.frame.x.hi,
            self.full.as_ref(),
            self.reserved.as_ref(),
            theme,
        )?;
        paint::markers(root, &mut plot, &self.frame, &self.markers(), theme)
    }
}
