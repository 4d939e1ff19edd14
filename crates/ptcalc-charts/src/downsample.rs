//! Downsampling long per-minute series for drawing: split into equal buckets and keep
//! each bucket's max (so the peak survives) and mean (so the volume reads right).

/// One bucket of a series.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Bucket {
    /// Index of the bucket's first element.
    pub start: usize,
    /// Number of elements.
    pub len: usize,
    /// Largest element.
    pub max: f64,
    /// Mean element.
    pub mean: f64,
}

/// `values` split into `count` buckets of (nearly) equal length (the load-duration chart
/// reads only their starts, from the core's grid: [`bucket_starts`]).
#[cfg(test)]
pub(crate) fn buckets(values: &[f64], count: usize) -> Vec<Bucket> {
    let n = values.len();
    let count = count.clamp(1, n.max(1));
    if n == 0 {
        return Vec::new();
    }
    (0..count)
        .map(|i| {
            let (a, b) = (i * n / count, (i + 1) * n / count);
            let slice = &values[a..b.max(a + 1).min(n)];
            let max = slice.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let mean = slice.iter().sum::<f64>() / slice.len() as f64;
            Bucket {
                start: a,
                len: slice.len(),
                max,
                mean,
            }
        })
        .collect()
}

/// The first index of each of the `count` buckets [`buckets`] splits `n` elements into.
pub(crate) fn bucket_starts(n: usize, count: usize) -> impl Iterator<Item = usize> {
    let count = if n == 0 { 0 } else { count.clamp(1, n) };
    (0..count).map(move |i| i * n / count)
}

/// Buckets of exactly `size` elements (the last may be shorter).
pub(crate) fn fixed_buckets(values: &[f64], size: usize) -> Vec<Bucket> {
    let size = size.max(1);
    values
        .chunks(size)
        .enumerate()
        .map(|(i, slice)| Bucket {
            start: i * size,
            len: slice.len(),
            max: slice.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            mean: slice.iter().sum::<f64>() / slice.len() as f64,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_peak_survives_downsampling() {
        let mut v = vec![1.0; 43_800];
        v[12_345] = 9.0;
        let b = buckets(&v, 400);
        assert_eq!(b.len(), 400);
        assert_eq!(b.iter().map(|b| b.max).fold(0.0, f64::max), 9.0);
        assert_eq!(b.iter().map(|b| b.len).sum::<usize>(), 43_800);
    }

    #[test]
    fn bucket_starts_are_the_starts_of_the_buckets() {
        for (n, count) in [(43_800, 400), (7, 400), (1, 3), (0, 5), (401, 400)] {
            let v: Vec<f64> = (0..n).map(|i| i as f64).collect();
            let want: Vec<usize> = buckets(&v, count).iter().map(|b| b.start).collect();
            assert_eq!(bucket_starts(n, count).collect::<Vec<_>>(), want, "n {n}");
        }
    }

    #[test]
    fn fixed_buckets_cover_everything() {
        let v: Vec<f64> = (0..100).map(f64::from).collect();
        let b = fixed_buckets(&v, 15);
        assert_eq!(b.len(), 7);
        assert_eq!(b[6].len, 10);
        assert_eq!(b[0].mean, 7.0);
    }
}
