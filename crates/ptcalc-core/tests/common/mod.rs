//! Helpers the portfolio test files share (`mod common;` in each).
#![allow(dead_code)]

use ptcalc_core::portfolio::Portfolio;
use ptcalc_core::scenario::Overrides;

/// 1970-01-05 00:00 UTC, a Monday, in Unix minutes.
pub const MONDAY: i64 = 4 * 1_440;

/// A custom offering of 40,000 tokens a minute per unit at $300 a month, gpt-4.1-like
/// token prices.
pub fn custom_40k() -> Overrides {
    Overrides {
        capacity_per_unit_per_minute: Some(40_000.0),
        usd_per_unit_month: Some(300.0),
        input_usd_per_mtok: Some(2.0),
        cached_usd_per_mtok: Some(0.5),
        output_usd_per_mtok: Some(8.0),
        ..Overrides::default()
    }
}

/// Equal to 1e-9 of the larger (or of 1).
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Every chargeback rule sums to its pool's cost (by use with the pool's idle line).
pub fn assert_rules_add_up(p: &Portfolio) {
    for (index, pool) in p.pools.iter().enumerate() {
        let (mut by_use, mut proportional, mut shapley) = (pool.idle_usd, 0.0, 0.0);
        for w in p.workloads.iter().filter(|w| w.pool == index) {
            by_use += w.chargeback.by_use.monthly_usd;
            proportional += w.chargeback.proportional.monthly_usd;
            shapley += w.chargeback.shapley.monthly_usd;
        }
        assert!(
            close(by_use, pool.monthly_usd),
            "by use {by_use} vs {}",
            pool.monthly_usd
        );
        assert!(
            close(proportional, pool.monthly_usd),
            "proportional {proportional} vs {}",
            pool.monthly_usd
        );
        assert!(
            close(shapley, pool.monthly_usd),
            "shapley {shapley} vs {}",
            pool.monthly_usd
        );
    }
}
