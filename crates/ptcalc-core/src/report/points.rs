//! The provisioning points: each pool sized for the P50, P75, P90, P95, P99 minute or the
//! peak of its demand (`capacity`), and what that split costs on the chosen term (`hybrid`).
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::capacity::units_for_load;
use crate::hybrid::{split_at, SplitPoint};
use crate::terms::Term;

use super::{NamedPoint, PoolModel, Split, PROVISIONING_PERCENTILES};

/// The points on `term`; none unless every pool has capacity, a unit price and an
/// on-demand price.
pub(super) fn provisioning_points(
    pools: &[PoolModel],
    term: Term,
    batch_usd_per_month: f64,
) -> Vec<NamedPoint> {
    if !pools.iter().all(|p| p.priced_economics(term).is_ok()) {
        return Vec::new();
    }
    PROVISIONING_PERCENTILES
        .iter()
        .filter_map(|&pct| {
            let parts: Option<Vec<SplitPoint>> = pools
                .iter()
                .map(|pool| {
                    let econ = pool.economics(term)?;
                    let load = pool.curve.percentile(pct);
                    let k = units_for_load(
                        load,
                        econ.capacity_per_unit_per_minute,
                        econ.min_units,
                        econ.increment,
                    );
                    Some(split_at(&pool.curve, &econ, k))
                })
                .collect();
            parts.map(|parts| NamedPoint {
                label: if pct == 100 {
                    String::from("peak")
                } else {
                    format!("P{pct}")
                },
                percentile: pct,
                split: Split::with_batch(&SplitPoint::combine(&parts), batch_usd_per_month),
            })
        })
        .collect()
}
