//! A pool subset's load curve, lean: what [`LoadCurve`] answers on the same series, to the
//! bit, without grouping every minute by cell. `LoadCurve::new` places all n minutes cell by
//! cell (a counting sort) and sorts the heavy cells; the exact Shapley split prices 2^N
//! subsets and asks each curve only a few questions: the overflow at purchasable counts and
//! one percentile. So one pass counts each cell's minutes and sums them in time order (the
//! order `LoadCurve::new` sums a cell's run, with its plateau rule), and keeps only the
//! minutes of the cells those questions fall in; a question elsewhere reads its cell from
//! the series (slower, the same answer).
//!
//! [`LoadCurve`]: crate::hybrid::LoadCurve
use alloc::vec::Vec;

use crate::hybrid::{above_in_cell, clean, nth_in_cell, overflow_from, Grid, Load, SortedCell};
use crate::sizing::nearest_rank;

/// Set in a cell's count while the pass has seen two different loads in it.
const MIXED: u32 = 1 << 31;

/// One cell during the pass (16 bytes: the pass touches one cell per minute).
#[derive(Clone, Copy, Default)]
struct Cell {
    /// Its one load while every minute in it is that load; once [`MIXED`], the Σ of its
    /// minutes in time order (the repeated load's minutes summed when the first other
    /// load arrives).
    value: f64,
    /// Its minutes, with [`MIXED`].
    count: u32,
    /// 0, or 1 + its index in `kept`.
    keep: u32,
}

impl Cell {
    /// Counts minute `d` in, summing in time order as `LoadCurve::new` sums a cell's run.
    /// Selects, not branches, on the common paths: a cell's second minute is as likely to
    /// differ from its first as not.
    #[inline]
    fn add(&mut self, d: f64) {
        let (count, value) = (self.count, self.value);
        let mixed = count & MIXED != 0;
        let differs = count != 0 && d != value;
        if !mixed && differs && count > 1 {
            // A repeated load meets another: its minutes summed one by one, then this one.
            let mut sum = 0.0;
            for _ in 0..count {
                sum += value;
            }
            self.value = sum + d;
        } else {
            let sum = value + d;
            self.value = if count == 0 {
                d
            } else if mixed || differs {
                sum
            } else {
                value
            };
        }
        self.count = (count + 1) | if differs { MIXED } else { 0 };
    }

    /// What the cell adds to the suffix sums: load × count for one load repeated (as
    /// `LoadCurve::new` adds a plateau), else its sum in time order.
    fn sum(&self) -> f64 {
        if self.count & MIXED == 0 {
            self.value * self.minutes() as f64
        } else {
            self.value
        }
    }

    fn minutes(&self) -> usize {
        (self.count & !MIXED) as usize
    }
}

/// A cell whose minutes are kept, in time order (sorted busiest first when heavy).
#[derive(Debug)]
struct Kept {
    cell: usize,
    start: usize,
    len: usize,
    sorted: Option<SortedCell>,
}

/// The per-cell counts and sums of one series on its grid, and the minutes of the kept
/// cells; reused from subset to subset (no allocation once grown).
#[derive(Default)]
pub(super) struct CellSums {
    grid: Option<Grid>,
    minutes: usize,
    peak: f64,
    total: f64,
    cells: Vec<Cell>,
    /// Per cell: the minutes in the cells above it, and their sum as `LoadCurve`'s suffix
    /// sums add it up.
    above_count: Vec<usize>,
    above_sum: Vec<f64>,
    /// (cell, minute) of every minute in a kept cell, in time order (one spare slot).
    log: Vec<(u32, f64)>,
    kept: Vec<Kept>,
    members: Vec<f64>,
}

impl CellSums {
    /// Counts and sums `demand` (whose busiest minute is `peak`, as `LoadCurve` takes it)
    /// cell by cell, keeping the minutes of the cells that hold a capacity in
    /// `capacities` and of the top cell (the busiest minute: the 100th percentile).
    /// `every_cell` keeps them all (when the capacities are more than the cells).
    pub fn fill(
        &mut self,
        demand: &[f64],
        peak: f64,
        capacities: impl Iterator<Item = f64>,
        every_cell: bool,
    ) {
        let n = demand.len();
        let grid = Grid::new(n, peak);
        self.grid = Some(grid);
        self.minutes = n;
        self.peak = peak;
        self.cells.clear();
        self.cells.resize(grid.cells, Cell::default());
        self.kept.clear();
        let keep = |cells: &mut [Cell], kept: &mut Vec<Kept>, j: usize| {
            if cells[j].keep == 0 {
                kept.push(Kept {
                    cell: j,
                    start: 0,
                    len: 0,
                    sorted: None,
                });
                cells[j].keep = kept.len() as u32;
            }
        };
        if every_cell {
            for j in 0..grid.cells {
                keep(&mut self.cells, &mut self.kept, j);
            }
        } else {
            keep(&mut self.cells, &mut self.kept, grid.cells - 1);
            for x in capacities {
                // As `LoadCurve::overflow` asks: the capacity, at least 0.
                let x = x.max(0.0);
                if !x.is_nan() {
                    keep(&mut self.cells, &mut self.kept, grid.cell_of(x));
                }
            }
        }

        // The pass: each minute's cell counted and summed, in time order; a kept cell's
        // minute logged (written always, kept by advancing: no branch).
        if self.log.len() < n + 1 {
            self.log.resize(n + 1, (0, 0.0));
        }
        let mut logged = 0;
        let cells = &mut self.cells[..];
        let log = &mut self.log[..];
        for &d in demand {
            let d = clean(d);
            let j = grid.cell_of(d);
            let cell = &mut cells[j];
            cell.add(d);
            log[logged] = (j as u32, d);
            logged += usize::from(cell.keep != 0);
        }

        // LoadCurve's suffix sums: from the top cell down, a cell of one load repeated
        // added as load × count, any other as its sum in time order.
        self.above_count.clear();
        self.above_count.resize(grid.cells, 0);
        self.above_sum.clear();
        self.above_sum.resize(grid.cells, 0.0);
        let (mut count, mut sum) = (0usize, 0.0);
        for j in (0..grid.cells).rev() {
            self.above_count[j] = count;
            self.above_sum[j] = sum;
            let cell = &self.cells[j];
            if cell.count == 0 {
                continue;
            }
            sum += cell.sum();
            count += cell.minutes();
        }
        self.total = sum;

        // The kept cells' minutes grouped by cell, in time order.
        let mut start = 0;
        for k in &mut self.kept {
            k.start = start;
            start += self.cells[k.cell].minutes();
        }
        self.members.clear();
        self.members.resize(start, 0.0);
        for &(j, d) in &self.log[..logged] {
            let k = &mut self.kept[(self.cells[j as usize].keep - 1) as usize];
            self.members[k.start + k.len] = d;
            k.len += 1;
        }
        for k in &mut self.kept {
            k.sorted = SortedCell::of(k.cell, &mut self.members[k.start..k.start + k.len]);
        }
    }

    /// The curve of the series last filled (`demand` is that series).
    pub fn curve<'a>(&'a self, demand: &'a [f64]) -> SubsetCurve<'a> {
        SubsetCurve { sums: self, demand }
    }
}

/// [`LoadCurve`]'s answers for a series counted by [`CellSums::fill`].
pub(super) struct SubsetCurve<'a> {
    sums: &'a CellSums,
    demand: &'a [f64],
}

impl SubsetCurve<'_> {
    fn grid(&self) -> Grid {
        self.sums.grid.unwrap_or_else(|| Grid::new(0, 0.0))
    }

    /// Cell `j`'s minutes (time order, or sorted when heavy) to `f`: the kept ones, or read
    /// from the series.
    fn with_cell<R>(&self, j: usize, f: impl FnOnce(&[f64], Option<&SortedCell>) -> R) -> R {
        match self.sums.cells.get(j).map(|c| c.keep) {
            Some(keep) if keep > 0 => {
                let k = &self.sums.kept[(keep - 1) as usize];
                f(
                    &self.sums.members[k.start..k.start + k.len],
                    k.sorted.as_ref(),
                )
            }
            _ => {
                let grid = self.grid();
                let mut cell: Vec<f64> = self
                    .demand
                    .iter()
                    .map(|&d| clean(d))
                    .filter(|&d| grid.cell_of(d) == j)
                    .collect();
                let sorted = SortedCell::of(j, &mut cell);
                f(&cell, sorted.as_ref())
            }
        }
    }

    fn above(&self, load: f64) -> (usize, f64) {
        if self.sums.minutes == 0 || load.is_nan() {
            return (0, 0.0);
        }
        let j = self.grid().cell_of(load);
        self.with_cell(j, |cell, sorted| {
            above_in_cell(
                cell,
                sorted,
                load,
                self.sums.above_count[j],
                self.sums.above_sum[j],
            )
        })
    }
}

impl Load for SubsetCurve<'_> {
    fn minutes(&self) -> usize {
        self.sums.minutes
    }

    fn total(&self) -> f64 {
        self.sums.total
    }

    fn peak(&self) -> f64 {
        self.sums.peak
    }

    fn percentile(&self, percentile: u8) -> f64 {
        let n = self.sums.minutes;
        if n == 0 {
            return 0.0;
        }
        let rank = (nearest_rank(percentile, n) - 1).min(n - 1);
        // The first cell with more than `rank` minutes in it and below it holds the rank.
        let below_or_in = |j: usize| n - self.sums.above_count[j];
        let j = self
            .sums
            .above_count
            .partition_point(|&above| n - above <= rank)
            .min(self.sums.above_count.len() - 1);
        let minutes = self.sums.cells[j].minutes();
        let offset = rank - (below_or_in(j) - minutes);
        self.with_cell(j, |cell, sorted| {
            nth_in_cell(cell, sorted.is_some(), offset)
        })
    }

    fn overflow(&self, capacity: f64) -> f64 {
        let capacity = capacity.max(0.0);
        overflow_from(capacity, self.above(capacity))
    }
}

/// Adds `add` to `base` minute by minute into `out` (`out[t] = base[t] + add[t]`, the sum
/// `PoolPrep::add` makes) and returns the busiest minute of the result, as
/// [`LoadCurve::peak`] takes it.
pub(super) fn add_into(out: &mut [f64], base: &[f64], add: &[f64]) -> f64 {
    const LANES: usize = 8;
    let mut peak = [0.0f64; LANES];
    let mut out_chunks = out.chunks_exact_mut(LANES);
    let mut base_chunks = base.chunks_exact(LANES);
    let mut add_chunks = add.chunks_exact(LANES);
    for ((o, b), a) in (&mut out_chunks).zip(&mut base_chunks).zip(&mut add_chunks) {
        for k in 0..LANES {
            o[k] = b[k] + a[k];
            let d = clean(o[k]);
            peak[k] = if d > peak[k] { d } else { peak[k] };
        }
    }
    let mut top = peak
        .iter()
        .fold(0.0, |m: f64, &d| if d > m { d } else { m });
    for ((o, b), a) in out_chunks
        .into_remainder()
        .iter_mut()
        .zip(base_chunks.remainder())
        .zip(add_chunks.remainder())
    {
        *o = b + a;
        let d = clean(*o);
        top = if d > top { d } else { top };
    }
    top
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hybrid::LoadCurve;
    use proptest::prelude::*;

    fn series() -> impl Strategy<Value = Vec<f64>> {
        // A few loads repeated (plateaus and heavy cells, whose sums one by one differ from
        // load × count) or spread, with the odd zero.
        let few = prop::sample::select(alloc::vec![0.0, 0.1, 0.3, 1.1, 2.7, 3.3]);
        prop_oneof![
            prop::collection::vec(few, 0..3_000),
            prop::collection::vec(0.0f64..1e6, 0..3_000),
            (1usize..3_000).prop_map(|n| alloc::vec![0.1; n]),
            prop::collection::vec(
                prop_oneof![Just(3.0), Just(3.0), 0.0f64..10.0, Just(0.0)],
                0..3_000
            ),
        ]
    }

    proptest! {
        /// The lean curve answers every overflow and percentile question exactly as
        /// `LoadCurve` does, kept cell or not.
        #[test]
        fn answers_like_load_curve(
            demand in series(),
            asked in prop::collection::vec(0.0f64..1.2, 1..20),
            percentiles in prop::collection::vec(1u8..=100, 1..5),
            every in any::<bool>(),
        ) {
            let curve = LoadCurve::new(&demand);
            let peak = curve.peak();
            let capacities: Vec<f64> = asked.iter().map(|a| a * peak).collect();
            let mut sums = CellSums::default();
            // Keep only half the asked cells: the others are read from the series.
            sums.fill(&demand, peak, capacities.iter().copied().step_by(2), every);
            let lean = sums.curve(&demand);
            prop_assert_eq!(lean.minutes(), curve.minutes());
            prop_assert_eq!(lean.total().to_bits(), curve.total().to_bits());
            prop_assert_eq!(Load::peak(&lean).to_bits(), curve.peak().to_bits());
            for &x in capacities.iter().chain([0.0, peak, 2.0 * peak + 1.0].iter()) {
                prop_assert_eq!(Load::overflow(&lean, x).to_bits(), curve.overflow(x).to_bits(), "overflow at {}", x);
            }
            for &p in &percentiles {
                prop_assert_eq!(Load::percentile(&lean, p).to_bits(), curve.percentile(p).to_bits(), "P{}", p);
            }
        }

        #[test]
        fn add_into_is_the_sum_and_its_peak(
            pairs in prop::collection::vec((0.0f64..1e9, 0.0f64..1e9), 0..100),
        ) {
            let (a, b): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
            let mut out = alloc::vec![0.0; a.len()];
            let peak = add_into(&mut out, &a, &b);
            let mut expected = a.clone();
            for (s, d) in expected.iter_mut().zip(&b) {
                *s += d;
            }
            prop_assert_eq!(&out, &expected);
            prop_assert_eq!(peak.to_bits(), LoadCurve::new(&expected).peak().to_bits());
        }
    }
}
