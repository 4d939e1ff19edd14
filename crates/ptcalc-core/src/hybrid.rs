//! The hybrid split: reserve K units, serve min(d_t, K·C) on them, spill the rest
//! to on-demand. total(K) = K × unit price per month + p × Σ overflow_t.
//!
//! The overflow at a capacity x only needs the minutes above x and their sum:
//! Σ max(0, d_t − x) = (sum of the minutes above x) − (their count) × x. So demand is
//! not sorted: one pass buckets every minute on a grid of cells over [0, peak] (about
//! one cell per four minutes), and suffix sums over the cells give every capacity's
//! overflow from the cells above it plus a scan of the one cell that holds x. Order
//! statistics (percentiles) are a selection inside one cell. Preparing a series is
//! O(n); a query is O(log n + one cell). total(K) is convex in K (overflow is convex
//! in capacity), so the optimum is found by binary search on its slope; `sweep`
//! evaluates every feasible count for charts.
use alloc::sync::Arc;
use alloc::vec::Vec;

use crate::capacity::round_up_to_feasible;
use crate::sizing::nearest_rank;

/// Minutes per grid cell, on average over [0, peak]: fine enough that most cells hold a
/// handful of minutes, coarse enough that the grid stays smaller than the series.
const MINUTES_PER_CELL: usize = 4;
/// At most this many cells (2.6 million per-second points still get 131,072).
const MAX_CELLS: usize = 1 << 17;
/// A cell with more minutes than this (many minutes at nearly one load, as in a burst
/// plateau or a tight band) is sorted once, busiest first, with running sums, so a query
/// in it is a binary search instead of a scan. Only such cells are sorted: a series
/// whose minutes spread over the grid is prepared in linear time.
const SCAN_LIMIT: usize = 256;

/// Per-minute demand bucketed for overflow and percentile queries: the load-duration
/// curve without the sort.
///
/// A curve is a grid of minutes times a factor: [`LoadCurve::new`] builds the grid (the
/// factor is 1, and every answer is the grid's, exactly); [`LoadCurve::scaled`] shares the
/// grid at another factor, as every pool of a scenario has the month's multipliers × its
/// tokens per minute: one grid for the month, no O(n) work per pool. A scaled curve answers
/// by the same identities `split_at_scale` uses: overflow(k·d, x) = k·overflow(d, x/k).
#[derive(Clone, Debug, PartialEq)]
pub struct LoadCurve {
    cells: Arc<Cells>,
    factor: f64,
}

/// The minutes of a series bucketed on a grid of cells over [0, peak].
#[derive(Clone, Debug, PartialEq)]
struct Cells {
    /// The minutes (negative and non-finite values as 0), grouped by cell, lowest cell
    /// first; unordered inside a cell except the sorted (heavy) cells, busiest first.
    by_cell: Vec<f64>,
    /// cell_of(d) = min(⌊d × cells_per_load⌋, cells − 1): monotone in d, so every minute
    /// in a higher cell is strictly above every minute in a lower one.
    cells_per_load: f64,
    /// Cell j holds by_cell[start[j]..start[j + 1]]; cells + 1 entries.
    start: Vec<usize>,
    /// sum_from[j] = Σ of the minutes in cells j and above; cells + 1 entries.
    sum_from: Vec<f64>,
    /// The cells holding more than `SCAN_LIMIT` minutes, ascending by cell.
    sorted: Vec<SortedCell>,
    /// The busiest minute.
    peak: f64,
}

/// A heavy cell, sorted busiest first: running[i] = sum of its i busiest minutes (empty
/// when every minute in the cell is the same load).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SortedCell {
    cell: usize,
    running: Vec<f64>,
    /// Σ of the cell's minutes.
    total: f64,
}

impl SortedCell {
    /// Cell `j` (its minutes `cell`) sorted busiest first with running sums when it holds
    /// more than `SCAN_LIMIT` minutes; `None` for a cell scanned instead.
    pub(crate) fn of(j: usize, cell: &mut [f64]) -> Option<SortedCell> {
        if cell.len() <= SCAN_LIMIT {
            return None;
        }
        let (low, high) = cell
            .iter()
            .fold((f64::INFINITY, 0.0), |(l, h): (f64, f64), d| {
                (l.min(*d), h.max(*d))
            });
        if low == high {
            // One load repeated (a plateau): already in order, and its sum is all a
            // query needs.
            return Some(SortedCell {
                cell: j,
                running: Vec::new(),
                total: low * cell.len() as f64,
            });
        }
        cell.sort_unstable_by(|a, b| b.total_cmp(a));
        let mut running = Vec::with_capacity(cell.len() + 1);
        let mut sum = 0.0;
        running.push(sum);
        for d in cell.iter() {
            sum += d;
            running.push(sum);
        }
        Some(SortedCell {
            cell: j,
            total: sum,
            running,
        })
    }
}

/// The grid a series is bucketed on: `cells` cells of equal width over [0, peak].
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Grid {
    /// Number of cells (at least 1).
    pub cells: usize,
    /// cell_of(d) = min(⌊d × cells_per_load⌋, cells − 1).
    pub cells_per_load: f64,
}

impl Grid {
    /// The grid of a series of `minutes` minutes whose busiest is `peak`.
    pub(crate) fn new(minutes: usize, peak: f64) -> Grid {
        let cells = (minutes / MINUTES_PER_CELL).clamp(1, MAX_CELLS);
        // An all-zero series (or a peak so small the ratio overflows) is one cell.
        let cells_per_load = Some(cells as f64 / peak)
            .filter(|r| r.is_finite())
            .unwrap_or(0.0);
        Grid {
            cells,
            cells_per_load,
        }
    }

    /// The cell of a load. A float-to-u32 conversion saturates (and loads are ≥ 0), so
    /// this is a monotone map onto 0..cells.
    #[inline]
    pub(crate) fn cell_of(&self, load: f64) -> usize {
        ((load * self.cells_per_load) as u32).min((self.cells - 1) as u32) as usize
    }
}

/// A minute's load as a curve counts it: negative and non-finite values as 0.
#[inline]
pub(crate) fn clean(d: f64) -> f64 {
    // `d <= MAX` is false for NaN and ±∞, `d > 0` for NaN, −0 and negatives.
    if d > 0.0 && d <= f64::MAX {
        d
    } else {
        0.0
    }
}

/// The busiest minute of a series (cleaned).
pub(crate) fn peak_of(demand: &[f64]) -> f64 {
    demand
        .iter()
        .map(|&d| clean(d))
        .fold(0.0, |m: f64, d| if d > m { d } else { m })
}

/// The minutes strictly above `load` and their sum, from the cell holding `load` (its
/// minutes `cell`, sorted when `sorted`) and the `count` minutes of sum `sum` in the cells
/// above it: the one place the sum above a load is added up, so every curve that groups
/// minutes by the same cells answers with the same bits.
pub(crate) fn above_in_cell(
    cell: &[f64],
    sorted: Option<&SortedCell>,
    load: f64,
    mut count: usize,
    mut sum: f64,
) -> (usize, f64) {
    match sorted {
        Some(s) => {
            let k = cell.partition_point(|d| *d > load);
            count += k;
            sum += match s.running.get(k) {
                Some(running) => *running,
                // A plateau: all of it or none.
                None if k > 0 => s.total,
                None => 0.0,
            };
        }
        None => {
            for d in cell.iter().filter(|d| **d > load) {
                count += 1;
                sum += d;
            }
        }
    }
    (count, sum)
}

/// The `offset`-th lowest minute of a cell (sorted busiest first when `sorted`, else at
/// most `SCAN_LIMIT` minutes in any order).
pub(crate) fn nth_in_cell(cell: &[f64], sorted: bool, offset: usize) -> f64 {
    if sorted {
        return cell[cell.len() - 1 - offset];
    }
    let mut scratch = [0.0; SCAN_LIMIT];
    let scratch = &mut scratch[..cell.len()];
    scratch.copy_from_slice(cell);
    *scratch.select_nth_unstable_by(offset, f64::total_cmp).1
}

/// What pricing asks of a month's per-minute load. [`LoadCurve`] answers it; so does a
/// portfolio's subset curve, with the same bits (`portfolio`).
pub trait Load {
    /// Number of minutes.
    fn minutes(&self) -> usize;
    /// Σ d_t.
    fn total(&self) -> f64;
    /// The busiest minute.
    fn peak(&self) -> f64;
    /// The nearest-rank percentile (1..=100) of per-minute demand.
    fn percentile(&self, percentile: u8) -> f64;
    /// Σ max(0, d_t − capacity).
    fn overflow(&self, capacity: f64) -> f64;
}

impl Load for LoadCurve {
    fn minutes(&self) -> usize {
        LoadCurve::minutes(self)
    }
    fn total(&self) -> f64 {
        LoadCurve::total(self)
    }
    fn peak(&self) -> f64 {
        LoadCurve::peak(self)
    }
    fn percentile(&self, percentile: u8) -> f64 {
        LoadCurve::percentile(self, percentile)
    }
    fn overflow(&self, capacity: f64) -> f64 {
        LoadCurve::overflow(self, capacity)
    }
}

/// Σ max(0, d_t − capacity) from the minutes strictly above the capacity and their sum,
/// as every [`Load`] computes it.
#[inline]
pub(crate) fn overflow_from(capacity: f64, above: (usize, f64)) -> f64 {
    (above.1 - above.0 as f64 * capacity).max(0.0)
}

impl LoadCurve {
    /// Prepares a demand series (negative and non-finite values count as 0) in O(n)
    /// (see `Cells::new`).
    ///
    /// ```
    /// use ptcalc_core::hybrid::LoadCurve;
    /// let c = LoadCurve::new(&[1.0, 3.0, 2.0, f64::NAN, -4.0]);
    /// assert_eq!(c.minutes(), 5);
    /// assert_eq!(c.total(), 6.0);
    /// assert_eq!(c.peak(), 3.0);
    /// assert_eq!(c.descending(), vec![3.0, 2.0, 1.0, 0.0, 0.0]);
    /// ```
    pub fn new(demand: &[f64]) -> LoadCurve {
        LoadCurve {
            cells: Arc::new(Cells::new(demand)),
            factor: 1.0,
        }
    }

    /// This curve with every minute × `factor`, sharing the grid (O(1)): the curve of a
    /// series proportional to this one. `None` when `factor` is not > 0 and finite, or the
    /// scaled peak would not be finite: build that series' curve with [`LoadCurve::new`]
    /// (which counts non-finite minutes as 0).
    ///
    /// ```
    /// use ptcalc_core::hybrid::LoadCurve;
    /// let month = LoadCurve::new(&[0.5, 1.5, 1.0, 1.0]);
    /// let pool = month.scaled(2_000.0).unwrap();
    /// assert_eq!(pool.peak(), 3_000.0);
    /// assert_eq!(pool.total(), 8_000.0);
    /// assert_eq!(pool.overflow(2_000.0), 1_000.0);
    /// assert_eq!(pool.percentile(50), 2_000.0);
    /// assert!(month.scaled(0.0).is_none());
    /// ```
    pub fn scaled(&self, factor: f64) -> Option<LoadCurve> {
        let factor = self.factor * factor;
        let fits = factor > 0.0 && factor <= f64::MAX && (factor * self.cells.peak) <= f64::MAX;
        fits.then(|| LoadCurve {
            cells: Arc::clone(&self.cells),
            factor,
        })
    }

    /// Minutes strictly above `load` and their sum.
    fn above(&self, load: f64) -> (usize, f64) {
        if self.factor == 1.0 {
            return self.cells.above(load);
        }
        let (count, sum) = self.cells.above(load / self.factor);
        (count, self.factor * sum)
    }

    /// × the factor (exactly the grid's value at factor 1).
    fn times(&self, v: f64) -> f64 {
        if self.factor == 1.0 {
            v
        } else {
            self.factor * v
        }
    }

    /// Every minute sorted from highest to lowest: O(n log n) on what the cells leave
    /// unsorted. For tests and exports; a chart samples `busiest` instead.
    pub fn descending(&self) -> Vec<f64> {
        let mut out = self.cells.descending();
        if self.factor != 1.0 {
            out.iter_mut().for_each(|d| *d *= self.factor);
        }
        out
    }

    /// The `i`-th busiest minute (0 = the peak, clamped to the quietest), the load-duration
    /// curve at position `i` without sorting: O(log n + one cell).
    ///
    /// ```
    /// use ptcalc_core::hybrid::LoadCurve;
    /// let c = LoadCurve::new(&[1.0, 3.0, 2.0, 5.0]);
    /// assert_eq!(c.busiest(0), 5.0);
    /// assert_eq!(c.busiest(2), 2.0);
    /// assert_eq!(c.busiest(9), 1.0);
    /// ```
    pub fn busiest(&self, i: usize) -> f64 {
        let n = self.minutes();
        self.times(self.cells.ascending(n.saturating_sub(1).saturating_sub(i)))
    }

    /// Number of minutes.
    pub fn minutes(&self) -> usize {
        self.cells.by_cell.len()
    }

    /// Σ d_t.
    pub fn total(&self) -> f64 {
        self.times(self.cells.sum_from.first().copied().unwrap_or(0.0))
    }

    /// The busiest minute.
    pub fn peak(&self) -> f64 {
        self.times(self.cells.peak)
    }

    /// The mean minute.
    pub fn mean(&self) -> f64 {
        if self.minutes() == 0 {
            0.0
        } else {
            self.total() / self.minutes() as f64
        }
    }

    /// The nearest-rank percentile (1..=100) of per-minute demand, by selection.
    ///
    /// ```
    /// use ptcalc_core::hybrid::LoadCurve;
    /// let c = LoadCurve::new(&(1..=100).map(f64::from).collect::<Vec<_>>());
    /// assert_eq!(c.percentile(99), 99.0);
    /// assert_eq!(c.percentile(100), 100.0);
    /// assert_eq!(c.percentile(50), 50.0);
    /// ```
    pub fn percentile(&self, percentile: u8) -> f64 {
        let n = self.minutes();
        if n == 0 {
            return 0.0;
        }
        self.times(self.cells.ascending(nearest_rank(percentile, n) - 1))
    }

    /// Minutes with demand strictly above `capacity`. O(log n + one cell).
    pub fn minutes_above(&self, capacity: f64) -> usize {
        self.above(capacity).0
    }

    /// Σ max(0, d_t − capacity): the tokens that spill over. O(log n + one cell).
    ///
    /// ```
    /// use ptcalc_core::hybrid::LoadCurve;
    /// let c = LoadCurve::new(&[1.0, 3.0, 2.0, 5.0]);
    /// assert_eq!(c.overflow(2.0), 4.0); // (5 − 2) + (3 − 2)
    /// assert_eq!(c.overflow(0.0), 11.0);
    /// assert_eq!(c.overflow(9.0), 0.0);
    /// ```
    pub fn overflow(&self, capacity: f64) -> f64 {
        let capacity = capacity.max(0.0);
        overflow_from(capacity, self.above(capacity))
    }

    /// The capacity above which at most `share` of the minutes lie: the (1 − share)
    /// quantile. With `share` = the break-even utilization u*, this is where the
    /// optimum reservation sits (the newsvendor critical fraction). `None` for
    /// `share` ≥ 1 (reserving nothing is optimal) or an empty curve.
    ///
    /// ```
    /// use ptcalc_core::hybrid::LoadCurve;
    /// let c = LoadCurve::new(&(1..=100).map(f64::from).collect::<Vec<_>>());
    /// assert_eq!(c.capacity_with_share_above(0.25), Some(75.0));
    /// assert_eq!(c.capacity_with_share_above(1.5), None);
    /// ```
    pub fn capacity_with_share_above(&self, share: f64) -> Option<f64> {
        let n = self.minutes();
        if n == 0 || !(share < 1.0) {
            return None;
        }
        let k = libm::floor(share.max(0.0) * n as f64) as usize;
        Some(self.busiest(k.min(n - 1)))
    }
}

impl Cells {
    fn minutes(&self) -> usize {
        self.by_cell.len()
    }

    /// Prepares a demand series (negative and non-finite values count as 0) in O(n):
    /// one pass for the peak, one to count the minutes per cell, one to group them by
    /// cell, one to sum each cell.
    ///
    /// ```
    /// use ptcalc_core::hybrid::LoadCurve;
    /// let c = LoadCurve::new(&[1.0, 3.0, 2.0, f64::NAN, -4.0]);
    /// assert_eq!(c.minutes(), 5);
    /// assert_eq!(c.total(), 6.0);
    /// assert_eq!(c.peak(), 3.0);
    /// assert_eq!(c.descending(), vec![3.0, 2.0, 1.0, 0.0, 0.0]);
    /// ```
    fn new(demand: &[f64]) -> Cells {
        let peak = peak_of(demand);
        let n = demand.len();
        let grid = Grid::new(n, peak);
        let (cells, cells_per_load) = (grid.cells, grid.cells_per_load);
        let cell_of = |d: f64| grid.cell_of(d);

        // A counting sort on the cell number: count each cell's minutes, then place
        // them cell by cell. The cell is recomputed rather than kept: a buffer of cell
        // numbers costs more (fresh memory) than the multiply it saves.
        let mut start = alloc::vec![0usize; cells + 1];
        let counts = &mut start[1..];
        for &d in demand {
            counts[cell_of(clean(d))] += 1;
        }
        let mut running = 0;
        for s in start.iter_mut() {
            running += *s;
            *s = running;
        }
        let mut next = start.clone();
        let mut by_cell = alloc::vec![0.0; n];
        // Indexed as slices: a `Vec`'s index is a call where the build optimizes for size.
        let (next_free, placed) = (next.as_mut_slice(), by_cell.as_mut_slice());
        for &d in demand {
            let d = clean(d);
            let slot = &mut next_free[cell_of(d)];
            placed[*slot] = d;
            *slot += 1;
        }
        // Each cell's sum from its run of grouped minutes (in a register: accumulating
        // per cell in time order would chain a plateau's minutes through memory), then
        // suffix sums.
        // A plateau (one load repeated) is summed as load × count: one rounding instead
        // of one per minute.
        let mut sum_from = alloc::vec![0.0; cells + 1];
        let (grouped, suffix) = (by_cell.as_slice(), sum_from.as_mut_slice());
        for (j, bounds) in start.windows(2).enumerate().rev() {
            let run = &grouped[bounds[0]..bounds[1]];
            let sum = match run.first() {
                Some(&first) if run.iter().all(|d| *d == first) => first * run.len() as f64,
                _ => run.iter().sum(),
            };
            suffix[j] = suffix[j + 1] + sum;
        }

        let mut sorted = Vec::new();
        for (j, bounds) in start.windows(2).enumerate() {
            if bounds[1] - bounds[0] > SCAN_LIMIT {
                sorted.extend(SortedCell::of(j, &mut by_cell[bounds[0]..bounds[1]]));
            }
        }
        Cells {
            by_cell,
            cells_per_load,
            start,
            sum_from,
            sorted,
            peak,
        }
    }

    /// The cell `load` falls in, by the same expression `new` bucketed the minutes with.
    fn cell_of(&self, load: f64) -> usize {
        Grid {
            cells: self.start.len() - 1,
            cells_per_load: self.cells_per_load,
        }
        .cell_of(load)
    }

    fn cell(&self, j: usize) -> &[f64] {
        &self.by_cell[self.start[j]..self.start[j + 1]]
    }

    fn sorted_cell(&self, j: usize) -> Option<&SortedCell> {
        self.sorted
            .binary_search_by_key(&j, |s| s.cell)
            .ok()
            .map(|i| &self.sorted[i])
    }

    /// The number of minutes strictly above `load` and their sum: the cells above the
    /// one holding `load`, plus that cell scanned (or binary-searched when sorted).
    fn above(&self, load: f64) -> (usize, f64) {
        let n = self.minutes();
        if n == 0 || load.is_nan() {
            return (0, 0.0);
        }
        let j = self.cell_of(load);
        above_in_cell(
            self.cell(j),
            self.sorted_cell(j),
            load,
            n - self.start[j + 1],
            self.sum_from[j + 1],
        )
    }

    /// The `rank`-th lowest minute (0-based): a selection inside the one cell that holds it.
    fn ascending(&self, rank: usize) -> f64 {
        let n = self.minutes();
        if n == 0 {
            return 0.0;
        }
        let rank = rank.min(n - 1);
        // The last cell starting at or below `rank` is the non-empty one holding it.
        let j = self.start.partition_point(|s| *s <= rank) - 1;
        nth_in_cell(
            self.cell(j),
            self.sorted_cell(j).is_some(),
            rank - self.start[j],
        )
    }

    /// Every minute sorted from highest to lowest: O(n log n) on what the cells leave
    /// unsorted. For tests and exports; a chart samples `busiest` instead.
    fn descending(&self) -> Vec<f64> {
        let mut out = Vec::with_capacity(self.minutes());
        for j in (0..self.start.len() - 1).rev() {
            let from = out.len();
            out.extend_from_slice(self.cell(j));
            if self.sorted_cell(j).is_none() {
                out[from..].sort_unstable_by(|a, b| b.total_cmp(a));
            }
        }
        out
    }
}

/// What reserving capacity costs and carries for one pool.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PoolEconomics {
    /// Normalized tokens per minute per unit.
    pub capacity_per_unit_per_minute: f64,
    /// Smallest purchasable count.
    pub min_units: u64,
    /// Step above the minimum.
    pub increment: u64,
    /// Dollars per unit per month on the term.
    pub usd_per_unit_month: f64,
    /// On-demand dollars per normalized token (the price of overflow).
    pub usd_per_normalized_token: f64,
}

/// Costs and shares at one reserved count.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SplitPoint {
    /// Reserved units.
    pub units: u64,
    /// Units × price per month.
    pub reserved_usd: f64,
    /// Overflow tokens × on-demand price.
    pub overflow_usd: f64,
    /// reserved + overflow.
    pub total_usd: f64,
    /// Σ served / (K·C·minutes); 0 with no units.
    pub utilization: f64,
    /// Σ overflow / Σ demand: the share spilled (or throttled with spillover off).
    pub overflow_share: f64,
    /// Normalized tokens served by reserved capacity in the month.
    pub served_tokens: f64,
    /// Normalized tokens that spill over in the month.
    pub overflow_tokens: f64,
    /// Normalized tokens the reserved units could carry in the month.
    pub capacity_tokens: f64,
}

impl SplitPoint {
    /// Several pools' splits as one (per-dimension offerings): costs and tokens add,
    /// shares are recomputed from the sums; `units` is the total count.
    pub fn combine(parts: &[SplitPoint]) -> SplitPoint {
        let mut c = SplitPoint {
            units: 0,
            reserved_usd: 0.0,
            overflow_usd: 0.0,
            total_usd: 0.0,
            utilization: 0.0,
            overflow_share: 0.0,
            served_tokens: 0.0,
            overflow_tokens: 0.0,
            capacity_tokens: 0.0,
        };
        for p in parts {
            c.units += p.units;
            c.reserved_usd += p.reserved_usd;
            c.overflow_usd += p.overflow_usd;
            c.total_usd += p.total_usd;
            c.served_tokens += p.served_tokens;
            c.overflow_tokens += p.overflow_tokens;
            c.capacity_tokens += p.capacity_tokens;
        }
        let demand = c.served_tokens + c.overflow_tokens;
        c.utilization = if c.capacity_tokens > 0.0 {
            (c.served_tokens / c.capacity_tokens).clamp(0.0, 1.0)
        } else {
            0.0
        };
        c.overflow_share = if demand > 0.0 {
            (c.overflow_tokens / demand).clamp(0.0, 1.0)
        } else {
            0.0
        };
        c
    }
}

/// The split at `units` reserved.
///
/// ```
/// use ptcalc_core::hybrid::{split_at, LoadCurve, PoolEconomics};
/// let curve = LoadCurve::new(&[100.0, 300.0]);
/// let econ = PoolEconomics { capacity_per_unit_per_minute: 100.0, min_units: 1, increment: 1,
///     usd_per_unit_month: 10.0, usd_per_normalized_token: 0.5 };
/// let s = split_at(&curve, &econ, 2);
/// assert_eq!(s.reserved_usd, 20.0);
/// assert_eq!(s.overflow_usd, 50.0); // 100 tokens spill at $0.5
/// assert_eq!(s.utilization, 300.0 / 400.0);
/// assert_eq!(s.overflow_share, 0.25);
/// ```
pub fn split_at(curve: &LoadCurve, econ: &PoolEconomics, units: u64) -> SplitPoint {
    split_at_scale(curve, econ, units, 1.0)
}

/// The split at `units` when every minute's demand is `scale` × the curve's
/// (a larger or smaller workload of the same shape): overflow(s·d, x) = s·overflow(d, x/s).
pub fn split_at_scale<L: Load + ?Sized>(
    curve: &L,
    econ: &PoolEconomics,
    units: u64,
    scale: f64,
) -> SplitPoint {
    if !(scale > 0.0) {
        let empty = LoadCurve::new(&[]);
        let mut p = split_at(&empty, econ, units);
        p.capacity_tokens =
            units as f64 * econ.capacity_per_unit_per_minute * curve.minutes() as f64;
        return p;
    }
    let capacity = units as f64 * econ.capacity_per_unit_per_minute;
    let overflow = scale * curve.overflow(capacity / scale);
    let total = scale * curve.total();
    let served = (total - overflow).max(0.0);
    let reserved_usd = units as f64 * econ.usd_per_unit_month;
    let overflow_usd = overflow * econ.usd_per_normalized_token;
    let capacity_tokens = capacity * curve.minutes() as f64;
    SplitPoint {
        units,
        reserved_usd,
        overflow_usd,
        total_usd: reserved_usd + overflow_usd,
        utilization: if capacity_tokens > 0.0 {
            (served / capacity_tokens).clamp(0.0, 1.0)
        } else {
            0.0
        },
        overflow_share: if total > 0.0 {
            (overflow / total).clamp(0.0, 1.0)
        } else {
            0.0
        },
        served_tokens: served,
        overflow_tokens: overflow,
        capacity_tokens,
    }
}

/// The j-th feasible non-zero count: min + j × increment.
pub fn nth_feasible(min_units: u64, increment: u64, j: u64) -> u64 {
    min_units
        .max(1)
        .saturating_add(j.saturating_mul(increment.max(1)))
}

/// Every feasible count from 0 up to the first one ≥ `max_units`: 0, min, min + inc, …
///
/// ```
/// use ptcalc_core::hybrid::feasible_counts;
/// assert_eq!(feasible_counts(15, 5, 27).collect::<Vec<_>>(), vec![0, 15, 20, 25, 30]);
/// assert_eq!(feasible_counts(15, 5, 0).collect::<Vec<_>>(), vec![0]);
/// ```
pub fn feasible_counts(
    min_units: u64,
    increment: u64,
    max_units: u64,
) -> impl Iterator<Item = u64> {
    let top = round_up_to_feasible(max_units, min_units, increment);
    let steps = if top == 0 {
        0
    } else {
        (top - min_units.max(1)) / increment.max(1) + 1
    };
    core::iter::once(0).chain((0..steps).map(move |j| nth_feasible(min_units, increment, j)))
}

/// The split at every feasible count up to `max_units`. O(counts × log n).
pub fn sweep(curve: &LoadCurve, econ: &PoolEconomics, max_units: u64) -> Vec<SplitPoint> {
    feasible_counts(econ.min_units, econ.increment, max_units)
        .map(|k| split_at(curve, econ, k))
        .collect()
}

/// The split at up to `max_points` feasible counts spread evenly from 0 to `max_units`
/// (always 0, the minimum and the top): what a chart draws when a workload has more
/// counts than pixels. With few counts it is exactly `sweep`.
///
/// ```
/// use ptcalc_core::hybrid::{sweep_thinned, sweep, LoadCurve, PoolEconomics};
/// let curve = LoadCurve::new(&[1e9; 10]);
/// let econ = PoolEconomics { capacity_per_unit_per_minute: 1.0, min_units: 1, increment: 1,
///     usd_per_unit_month: 1.0, usd_per_normalized_token: 1e-6 };
/// let points = sweep_thinned(&curve, &econ, 1_000_000_000, 500);
/// assert!(points.len() <= 502);
/// assert_eq!(points.first().map(|p| p.units), Some(0));
/// assert_eq!(points.last().map(|p| p.units), Some(1_000_000_000));
/// assert_eq!(sweep_thinned(&curve, &econ, 40, 500), sweep(&curve, &econ, 40));
/// ```
pub fn sweep_thinned(
    curve: &LoadCurve,
    econ: &PoolEconomics,
    max_units: u64,
    max_points: usize,
) -> Vec<SplitPoint> {
    let top = round_up_to_feasible(max_units, econ.min_units, econ.increment);
    if top == 0 {
        return alloc::vec![split_at(curve, econ, 0)];
    }
    let last = (top - econ.min_units.max(1)) / econ.increment.max(1);
    let steps = (max_points.max(2) as u64 - 1).min(last.max(1));
    let mut points = alloc::vec![split_at(curve, econ, 0)];
    let mut previous = None;
    for i in 0..=steps {
        // Evenly spread indices, first and last included, in integer arithmetic.
        let j = if steps == 0 {
            0
        } else {
            ((u128::from(last) * u128::from(i)) / u128::from(steps)) as u64
        };
        if previous == Some(j) {
            continue;
        }
        previous = Some(j);
        points.push(split_at(
            curve,
            econ,
            nth_feasible(econ.min_units, econ.increment, j),
        ));
    }
    points
}

/// The lowest total among `points`; ties go to fewer units.
pub fn cheapest(points: &[SplitPoint]) -> Option<SplitPoint> {
    points
        .iter()
        .copied()
        .fold(None, |best: Option<SplitPoint>, p| match best {
            Some(b)
                if b.total_usd < p.total_usd
                    || (b.total_usd == p.total_usd && b.units <= p.units) =>
            {
                Some(b)
            }
            _ => Some(p),
        })
}

/// The feasible count in 0..=`max_units` (rounded up to feasible) that minimizes a
/// convex cost `cost(K)`; ties go to fewer units. O(log(counts)) evaluations.
pub fn argmin_convex(
    min_units: u64,
    increment: u64,
    max_units: u64,
    cost: impl Fn(u64) -> f64,
) -> u64 {
    let top = round_up_to_feasible(max_units, min_units, increment);
    if top == 0 {
        return 0;
    }
    let last = (top - min_units.max(1)) / increment.max(1);
    let at = |j: u64| cost(nth_feasible(min_units, increment, j));
    // Smallest j whose next step does not lower the cost.
    let (mut lo, mut hi) = (0u64, last);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if at(mid + 1) < at(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let best = nth_feasible(min_units, increment, lo);
    if cost(0) <= cost(best) {
        0
    } else {
        best
    }
}

/// The cheapest split with at most `max_units` (rounded up to feasible): the hybrid optimum K*.
///
/// ```
/// use ptcalc_core::hybrid::{optimum, sweep, cheapest, LoadCurve, PoolEconomics};
/// let demand: Vec<f64> = (0..1_000).map(|t| 1_000.0 + (t % 100) as f64 * 20.0).collect();
/// let curve = LoadCurve::new(&demand);
/// let econ = PoolEconomics { capacity_per_unit_per_minute: 100.0, min_units: 1, increment: 1,
///     usd_per_unit_month: 60.0, usd_per_normalized_token: 0.001 };
/// let best = optimum(&curve, &econ, 30);
/// assert_eq!(Some(best.units), cheapest(&sweep(&curve, &econ, 30)).map(|p| p.units));
/// ```
pub fn optimum(curve: &LoadCurve, econ: &PoolEconomics, max_units: u64) -> SplitPoint {
    let k = argmin_convex(econ.min_units, econ.increment, max_units, |k| {
        split_at(curve, econ, k).total_usd
    });
    split_at(curve, econ, k)
}
