//! The offerings of edition 2026-12-06b (issue 16, "the offerings buyers can buy today"):
//! OpenAI Reserved Tier, whose unit is $1 a minute of list-price usage, so a unit used fully
//! at list price breaks even at 100%; xAI provisioned throughput, bought for at least 30
//! days; Vertex gemini-3.8-flash and Gemini 4 with their dated prices. Figures checked by
//! hand against the card's sources.
use ptcalc_core::report::{Analysis, MissingFigure};
use ptcalc_core::{Deployment, PriceBasis, Term};
use ptcalc_ratecards::{catalog, AsOf, Date, Edition};

fn day(s: &str) -> Date {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn eval(link: &str, today: &str) -> Analysis {
    let opened = catalog().open_link_on(link, day(today));
    catalog().evaluate_opened(&opened).expect("evaluates")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

const RESERVED: [&str; 7] = [
    "openai/gpt-5.6-sol-reserved",
    "openai/gpt-5.6-terra-reserved",
    "openai/gpt-5.6-luna-reserved",
    "openai/gpt-6-astra-reserved",
    "openai/gpt-6-sol-reserved",
    "openai/gpt-6-luna-reserved",
    "openai/gpt-6.1-sol-reserved",
];

#[test]
fn a_reserved_tier_unit_holds_one_dollar_a_minute_at_the_list_price_of_each_token_kind() {
    for id in RESERVED {
        let o = catalog()
            .resolve_as_of(id, Deployment::Global, AsOf::at(day("2026-12-06")))
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        let pool = &o.pools[0];
        let capacity = pool.capacity_per_unit_per_minute.expect("capacity");
        let prices = o.on_demand_usd_per_mtok;
        let input = prices.input.expect("input price");
        // A unit's input tokens per minute cost $1 at list price …
        assert!(
            close(capacity * input / 1e6, 1.0),
            "{id}: {capacity} × {input}"
        );
        // … and every kind weighs its price against input's, so a full minute of any mix
        // costs $1 too.
        for (weight, price) in [
            (pool.weights.cached_input, prices.cached_input),
            (pool.weights.output, prices.output),
        ] {
            let price = price.expect("price");
            assert!(
                close(weight * input, price),
                "{id}: {weight} × {input} ≠ {price}"
            );
        }
        // OpenAI publishes no Reserved Tier price: the user enters it.
        assert!(pool.price(Term::Month1).is_none(), "{id}");
    }
}

#[test]
fn reserved_tier_breaks_even_at_full_use_when_priced_at_list_and_at_half_use_at_half_price() {
    // $60 a unit-hour is $1 a minute: the list-price value of a unit.
    for (id, mix) in [
        ("openai/gpt-5.6-sol-reserved", "in=400k&out=40k&cache=0.3"),
        (
            "openai/gpt-6-astra-reserved",
            "in=100k&out=20k&cache=0.6&cw=0.1",
        ),
        ("openai/gpt-6-luna-reserved", "in=5M&out=1M&cache=0"),
    ] {
        let full = eval(&format!("v=1&o={id}&{mix}&pu=60"), "2026-12-06");
        let u = full.report.break_even_utilization.expect("break-even");
        assert!(close(u, 1.0), "{id}: break-even {u}");
        let half = eval(&format!("v=1&o={id}&{mix}&pu=30"), "2026-12-06");
        let u = half.report.break_even_utilization.expect("break-even");
        assert!(close(u, 0.5), "{id}: break-even {u}");
    }
}

#[test]
fn reserved_tier_without_an_entered_price_asks_for_one() {
    let a = eval(
        "v=1&o=openai/gpt-6-sol-reserved&in=500k&out=50k",
        "2026-12-06",
    );
    assert_eq!(a.report.missing_figures(), vec![MissingFigure::UnitPrice]);
    assert!(a.report.break_even_utilization.is_none());
}

#[test]
fn a_reserved_tier_unit_holds_more_tokens_while_the_list_price_is_lower() {
    // gpt-5.6-sol was $4 input from 2026-08-21 through 2026-11-30, $5 before and after.
    let cap = |date: &str| {
        catalog()
            .resolve_as_of(
                "openai/gpt-5.6-sol-reserved",
                Deployment::Global,
                AsOf::at(day(date)),
            )
            .expect("sol")
            .pools[0]
            .capacity_per_unit_per_minute
    };
    assert_eq!(cap("2026-08-01"), Some(200_000.0));
    assert_eq!(cap("2026-10-01"), Some(250_000.0));
    assert_eq!(cap("2026-12-06"), Some(200_000.0));
}

#[test]
fn xai_units_are_bought_for_30_days_at_ten_dollars_a_unit_day_per_direction() {
    let o = catalog()
        .resolve("xai/grok-4-1-fast-reasoning", Deployment::Global)
        .expect("xai");
    let entry = catalog()
        .entry("xai/grok-4-1-fast-reasoning")
        .expect("entry");
    assert_eq!(entry.terms, vec![Term::Days30]);
    assert_eq!(entry.vendor_label(), "xAI");
    assert!(entry.per_dimension);
    let tpm: Vec<Option<f64>> = o
        .pools
        .iter()
        .map(|p| p.capacity_per_unit_per_minute)
        .collect();
    assert_eq!(tpm, vec![Some(31_500.0), Some(12_500.0)]);
    for pool in &o.pools {
        let price = pool.price(Term::Days30).expect("30-day price").price;
        assert_eq!(price, PriceBasis::PerDay(10.0));
        assert!(pool.price(Term::Month1).is_none());
    }
    // A link asking for a 1-month term gets the 30-day minimum, and says so.
    let opened = catalog().open_link_on(
        "v=1&o=xai/grok-4-1-fast-reasoning&t=1m&in=31.5k&out=12.5k&cache=0",
        day("2026-12-06"),
    );
    assert_eq!(opened.scenario.term, Term::Days30);
    assert!(
        opened.warnings.iter().any(|w| w.key == "t"),
        "{:?}",
        opened.warnings
    );
}

#[test]
fn xai_units_never_pay_for_themselves_at_these_prices_as_the_hand_sum_says() {
    // 31,500 input and 12,500 output tokens a minute, flat, all month (730 h = 43,800 min):
    // on demand 31,500 × 43,800 × $0.20/1M + 12,500 × 43,800 × $0.50/1M = $275.94 + $273.75;
    // a unit costs $10 a day × 730 / 24 days = $304.17 a month, so the input unit breaks even
    // at 304.17 / 275.94 = 110.2% use and the output unit at 304.17 / 273.75 = 111.1%.
    let a = eval(
        "v=1&o=xai/grok-4-1-fast-reasoning&in=31.5k&out=12.5k&cache=0&shape=flat",
        "2026-12-06",
    );
    let on_demand = a.report.monthly.on_demand.expect("on-demand");
    assert!(close(on_demand, 275.94 + 273.75), "{on_demand}");
    let unit_month = 10.0 * 730.0 / 24.0;
    let break_even: Vec<f64> = a
        .report
        .pools
        .iter()
        .map(|p| p.break_even_utilization.expect("break-even"))
        .collect();
    assert!(close(break_even[0], unit_month / 275.94), "{break_even:?}");
    assert!(close(break_even[1], unit_month / 273.75), "{break_even:?}");
    // Reserving costs more than the pay-as-you-go it replaces: on demand is the answer.
    let best = a.report.best.as_ref().expect("best");
    assert_eq!(best.term, None, "{best:?}");
}

#[test]
fn gemini_4_argon_and_carbon_cost_twice_as_much_from_2026_12_01_and_3_8_flash_from_2027() {
    let input = |id: &str, date: &str| {
        catalog()
            .resolve_as_of(id, Deployment::Global, AsOf::at(day(date)))
            .unwrap_or_else(|e| panic!("{id}: {e}"))
            .on_demand_usd_per_mtok
    };
    for id in ["vertex/gemini-4-argon", "vertex/gemini-4-carbon"] {
        let before = input(id, "2026-11-30");
        let after = input(id, "2026-12-01");
        assert_eq!(
            (before.input, before.output),
            (Some(2.0), Some(10.0)),
            "{id}"
        );
        assert_eq!((after.input, after.output), (Some(4.0), Some(20.0)), "{id}");
        assert_eq!(after.cached_input, Some(0.2), "{id}");
    }
    let hydrogen = input("vertex/gemini-4-hydrogen", "2026-12-06");
    assert_eq!((hydrogen.input, hydrogen.output), (Some(1.5), Some(7.5)));
    let flash = |date| input("vertex/gemini-3.8-flash", date);
    assert_eq!(
        (flash("2026-12-31").input, flash("2026-12-31").output),
        (Some(0.75), Some(3.75))
    );
    assert_eq!(
        (flash("2027-01-01").input, flash("2027-01-01").output),
        (Some(1.5), Some(7.5))
    );
    // No GSU throughput is published for them: a scenario asks for it.
    let a = eval(
        "v=1&o=vertex/gemini-4-argon&t=1m&in=100k&out=10k",
        "2026-12-06",
    );
    assert_eq!(a.report.missing_figures(), vec![MissingFigure::Capacity]);
}

#[test]
fn the_new_offerings_are_not_in_the_editions_older_links_name() {
    let old = AsOf::edition(Edition::parse("2026-12-06").expect("edition"));
    for id in RESERVED.iter().copied().chain([
        "xai/grok-4-1-fast-reasoning",
        "vertex/gemini-3.8-flash",
        "vertex/gemini-4-argon",
    ]) {
        assert!(catalog().entry(id).is_some(), "{id}");
        assert!(catalog().entry_as_of(id, old).is_none(), "{id}");
    }
}

#[test]
fn xai_worked_example_buys_four_input_and_four_output_units() {
    // docs.x.ai: 100,000 input TPM ÷ 31,500 → 4 units, 50,000 output TPM ÷ 12,500 → 4 units,
    // 8 × $10 = $80 a day; a 730-hour month is 730 / 24 days.
    let a = eval(
        "v=1&o=xai/grok-4-1-fast-reasoning&in=100k&out=50k&cache=0&shape=flat",
        "2026-12-06",
    );
    let units: Vec<Option<u64>> = a.report.pools.iter().map(|p| p.required_units).collect();
    assert_eq!(units, vec![Some(4), Some(4)]);
    let full = a
        .report
        .monthly
        .full_provisioned
        .expect("full provisioning");
    assert!(close(full, 80.0 * 730.0 / 24.0), "{full}");
}
