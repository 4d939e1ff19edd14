//! Traffic: the first week of the month (minute 0 = Monday 00:00) minute by minute,
//! drawn as 15-minute buckets (peak minute and average), with the reserved capacity at
//! the hybrid optimum and at full provisioning. What rises above the optimum's line
//! overflows to on-demand. Per-dimension offerings show pool 0 (input) and say so.
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use ptcalc_core::numfmt::compact;
use ptcalc_core::report::Analysis;

use crate::axis::{weekday_label, AxisSpec, TickFormat, TickRule};
use crate::capacity::CapacityLine;
use crate::capacity::{capacity_lines, other_pools_note, CapacityLines, LineRole};
use crate::downsample::fixed_buckets;
use crate::error::{ChartError, Missing};
use crate::frame::Frame;
use crate::legend::LegendEntry;
use crate::marker::{place, Marker, MarkerKind, Pending, Side};
use crate::model::{chart_parts, Chart, ChartBase};
use crate::paint;
use crate::table::Table;
use crate::theme::{Dash, Role, Theme};
use crate::words;
use ptcalc_core::chart::ChartKind;

/// Minutes in the week drawn.
pub const WEEK_MINUTES: usize = 7 * 24 * 60;
/// Minutes per drawn bucket (672 buckets for a week).
pub const BUCKET_MINUTES: usize = 15;

/// One bucket of the week.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrafficBucket {
    /// Start, hours from Monday 00:00.
    pub start_hour: f64,
    /// Length in hours.
    pub hours: f64,
    /// Busiest minute, tokens per minute.
    pub max: f64,
    /// Average minute, tokens per minute.
    pub mean: f64,
}

/// The traffic chart.
#[derive(Clone, Debug, PartialEq)]
pub struct TrafficChart {
    /// Title, legend, notes, axes.
    pub base: ChartBase,
    /// Layout.
    pub frame: Frame,
    /// Unit name.
    pub unit: String,
    /// Minutes drawn (a week, or the whole month when shorter).
    pub minutes: usize,
    /// 15-minute buckets.
    pub buckets: Vec<TrafficBucket>,
    /// Hourly peak and average (the table's rows).
    pub hourly: Vec<TrafficBucket>,
    /// Capacity at the hybrid optimum (or full provisioning when no optimum can be priced).
    pub reserved: Option<CapacityLine>,
    /// Whether `reserved` is the optimum.
    pub reserved_is_optimum: bool,
    /// Capacity of full provisioning, when it differs.
    pub full: Option<CapacityLine>,
}

fn to_hours(b: crate::downsample::Bucket) -> TrafficBucket {
    TrafficBucket {
        start_hour: b.start as f64 / 60.0,
        hours: b.len as f64 / 60.0,
        max: b.max,
        mean: b.mean,
    }
}

impl TrafficChart {
    pub(crate) fn build(a: &Analysis, size: (u32, u32)) -> Result<TrafficChart, ChartError> {
        let nothing = |m| ChartError::nothing(ChartKind::Traffic, m);
        let pool = a
            .pools
            .first()
            .ok_or_else(|| nothing(Missing::EmptyWorkload))?;
        // Imported traffic keeps its distribution, not its order: draw its average week
        // (hourly means) instead of the sorted month.
        let from_summary: Option<Vec<f64>> = a.week.as_ref().map(|hours| {
            let mean = pool.curve.mean();
            hours
                .iter()
                .flat_map(|h| core::iter::repeat_n(h.unwrap_or(0.0) * mean, 60))
                .collect()
        });
        let minutes = from_summary
            .as_ref()
            .map_or(pool.demand.len(), Vec::len)
            .min(WEEK_MINUTES);
        let week = match &from_summary {
            Some(series) => &series[..minutes],
            None => &pool.demand[..minutes],
        };
        if !week.iter().any(|d| *d > 0.0) {
            return Err(nothing(Missing::EmptyWorkload));
        }
        let buckets: Vec<TrafficBucket> = fixed_buckets(week, BUCKET_MINUTES)
            .into_iter()
            .map(to_hours)
            .collect();
        let hourly: Vec<TrafficBucket> =
            fixed_buckets(week, 60).into_iter().map(to_hours).collect();

        let mut notes = Vec::new();
        let CapacityLines {
            reserved,
            reserved_is_optimum: is_optimum,
            full,
            note,
        } = capacity_lines(a, pool);
        notes.extend(note);
        if let Some(hours) = &a.week {
            let missing = hours.iter().filter(|h| h.is_none()).count();
            let mut line = String::from(
                "Imported traffic: the average week of its hourly means (UTC); minute peaks are in the load-duration chart.",
            );
            if missing > 0 {
                line.push_str(&format!(
                    " {missing} hours of the week had no data (drawn as 0)."
                ));
            }
            notes.push(line);
        }
        if minutes < WEEK_MINUTES {
            notes.push(format!(
                "The month is shorter than a week: all {} hours are shown.",
                minutes / 60
            ));
        }
        notes.extend(other_pools_note(a, pool));

        let mut legend = vec![LegendEntry::line(
            "busiest minute of each 15 min",
            Role::Load,
            Dash::Solid,
            1,
        )];
        match &reserved {
            Some(r) => {
                legend.push(r.legend(
                    &pool.unit,
                    LineRole::Reserved {
                        optimum: is_optimum,
                    },
                ));
                if r.units > 0 {
                    legend.push(LegendEntry::area(
                        "average, served by reserved units",
                        Role::Reserved,
                    ));
                }
                if buckets.iter().any(|b| b.max > r.tokens_per_minute) {
                    legend.push(LegendEntry::area(
                        "peaks above it overflow to on-demand",
                        Role::Overflow,
                    ));
                }
            }
            None => legend.push(LegendEntry::area("average", Role::Load)),
        }
        if let Some(f) = &full {
            legend.push(f.legend(&pool.unit, LineRole::Full));
        }
        let y_max = buckets
            .iter()
            .map(|b| b.max)
            .chain(reserved.iter().map(|r| r.tokens_per_minute))
            .chain(full.iter().map(|f| f.tokens_per_minute))
            .fold(0.0, f64::max);
        let hours = minutes as f64 / 60.0;
        let day_ticks: Vec<f64> = (0..=7)
            .map(|d| d as f64 * 24.0)
            .filter(|h| *h <= hours + 1e-9)
            .collect();
        let base = ChartBase {
            kind: ChartKind::Traffic,
            title: ChartKind::Traffic.title().to_string(),
            legend,
            notes,
            x: AxisSpec {
                title: "day of the week (minute 0 = Monday 00:00)".into(),
                lo: 0.0,
                hi: hours,
                round_up: false,
                rule: if day_ticks.len() >= 2 {
                    TickRule::Fixed(day_ticks)
                } else {
                    TickRule::Nice
                },
                format: TickFormat::Weekday,
            },
            y: AxisSpec::tokens_per_minute(pool.name, y_max),
        };
        let frame = Frame::layout(&base, size.0, size.1)?;
        Ok(TrafficChart {
            base,
            frame,
            unit: pool.unit.clone(),
            minutes,
            buckets,
            hourly,
            reserved,
            reserved_is_optimum: is_optimum,
            full,
        })
    }

    /// The bucket containing `hour`.
    pub fn bucket_at(&self, hour: f64) -> Option<&TrafficBucket> {
        let i = self
            .buckets
            .partition_point(|b| b.start_hour + b.hours <= hour);
        self.buckets
            .get(i.min(self.buckets.len().saturating_sub(1)))
    }

    /// (hour, value) as a step line: each bucket flat across its width.
    fn steps(&self, f: impl Fn(&TrafficBucket) -> f64) -> Vec<(f64, f64)> {
        self.buckets
            .iter()
            .flat_map(|b| [(b.start_hour, f(b)), (b.start_hour + b.hours, f(b))])
            .collect()
    }
}

impl Chart for TrafficChart {
    chart_parts!();

    fn table(&self) -> Table {
        let caption = match &self.reserved {
            Some(r) => format!(
                "Hourly peak and average load in the first week; reserved capacity {} tokens per minute ({}).",
                compact(r.tokens_per_minute),
                words::units(r.units, &self.unit)
            ),
            None => "Hourly peak and average load in the first week.".into(),
        };
        Table {
            caption,
            headers: [
                "hour",
                "peak, tokens per minute",
                "average, tokens per minute",
            ]
            .map(String::from)
            .to_vec(),
            rows: self
                .hourly
                .iter()
                .map(|b| vec![weekday_label(b.start_hour), compact(b.max), compact(b.mean)])
                .map(|mut r| {
                    if !r[0].contains(':') {
                        r[0].push_str(" 00:00");
                    }
                    r
                })
                .collect(),
        }
    }

    fn readout_at(&self, hour: f64) -> Option<String> {
        let b = self.bucket_at(hour)?;
        let mut s = format!(
            "{}: peak {}, average {} tokens/min",
            weekday_label(b.start_hour),
            compact(b.max),
            compact(b.mean)
        );
        if let Some(r) = &self.reserved {
            s.push_str(&format!(
                " · reserved {} ({})",
                compact(r.tokens_per_minute),
                words::units(r.units, &self.unit)
            ));
        }
        Some(s)
    }

    fn markers(&self) -> Vec<Marker> {
        let right = self.frame.plot.right as f64 - 4.0;
        let mut pending = Vec::new();
        for (line, what) in [
            (
                &self.reserved,
                if self.reserved_is_optimum {
                    "optimum"
                } else {
                    "full provisioning"
                },
            ),
            (&self.full, "full provisioning"),
        ] {
            if let Some(l) = line {
                let mut m = Pending::new(
                    MarkerKind::Capacity,
                    format!("{what}: {}", words::units(l.units, &self.unit)),
                    Role::Reserved,
                    (self.frame.x.hi, l.tokens_per_minute),
                    Side::AboveLeft,
                )
                .without_dot();
                m.anchor = Some((right, self.frame.y_px(l.tokens_per_minute)));
                pending.push(m);
            }
        }
        place(&self.frame, pending)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<(), ChartError> {
        let mut plot = paint::frame(root, &self.base, &self.frame, theme)?;
        let a = theme.area_opacity;
        let zero = self.steps(|_| 0.0);
        match &self.reserved {
            Some(r) => {
                let c = r.tokens_per_minute;
                paint::band(
                    &mut plot,
                    &self.steps(|b| b.mean.min(c)),
                    &zero,
                    theme.reserved,
                    a,
                )?;
                paint::band(
                    &mut plot,
                    &self.steps(|b| b.max.max(c)),
                    &self.steps(|_| c),
                    theme.overflow,
                    a,
                )?;
            }
            None => paint::band(
                &mut plot,
                &self.steps(|b| b.mean),
                &zero,
                theme.load,
                a * 0.6,
            )?,
        }
        paint::line(
            &mut plot,
            &self.steps(|b| b.max),
            theme.load,
            1,
            Dash::Solid,
        )?;
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
