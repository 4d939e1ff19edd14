//! Times each step of an import natively, as the page runs them after the file is read:
//! parsing, selecting the series, describing it, weighting, summarizing, and the
//! scenario's evaluation on the summary.
//!
//! `cargo run -p ptcalc-usage --release --example profile -- FILE [CHUNK_BYTES [REPEAT]]`
//! (the parse time is the fastest of REPEAT runs).
use std::time::Instant;

use ptcalc_core::load_summary::LoadSummary;
use ptcalc_core::report::evaluate;
use ptcalc_core::verdict::{answer_range, scale_traffic, Answer};
use ptcalc_core::{Offering, Scenario};
use ptcalc_usage::{describe, measured_scenario, ImportOptions, Importer, Selection};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: profile FILE [CHUNK_BYTES [REPEAT]]");
        std::process::exit(2);
    };
    let chunk: usize = args
        .get(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(1024 * 1024);
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let repeat: usize = args.get(2).and_then(|c| c.parse().ok()).unwrap_or(1);
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1e3;
    // the fastest of `repeat` runs: on a shared machine the others measure the neighbours
    let mut parse = f64::INFINITY;
    let mut read = None;
    for _ in 0..repeat.max(1) {
        let t = Instant::now();
        let mut imp = Importer::new(ImportOptions::default());
        for c in bytes.chunks(chunk) {
            if let Err(e) = imp.feed(c) {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
        match imp.finish() {
            Ok(u) => read = Some(u),
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
        parse = parse.min(ms(t));
    }
    let Some(usage) = read else { return };
    println!(
        "parse      {parse:8.1} ms  {:.1} MB/s, {} rows, {} minutes",
        bytes.len() as f64 / parse / 1e3,
        usage.rows,
        usage.minutes
    );
    let t = Instant::now();
    let data = usage.select(&Selection::All).expect("all");
    println!("select     {:8.1} ms", ms(t));
    let t = Instant::now();
    let d = describe(&usage, &Selection::All).expect("all");
    println!("describe   {:8.1} ms  ({} minutes)", ms(t), d.minutes);
    let t = Instant::now();
    let load = data.weighted([1.0; 4]);
    println!("weighted   {:8.1} ms", ms(t));
    let t = Instant::now();
    let (s, f) = LoadSummary::from_series(&load, data.start_unix_minute).expect("summary");
    println!(
        "summarize  {:8.1} ms  overflow error {:.5}, percentile error {:.5}",
        ms(t),
        f.overflow_error,
        f.percentile_error
    );
    let t = Instant::now();
    let text = s.encode();
    println!("encode     {:8.1} ms  {} characters", ms(t), text.len());
    let t = Instant::now();
    let custom = |s: &Scenario| Ok::<_, ()>(Offering::custom(&s.overrides, s.term));
    let m = measured_scenario(&Scenario::default(), &data, custom).expect("scenario");
    println!("scenario   {:8.1} ms  (weights, summary, decode)", ms(t));
    let t = Instant::now();
    let a = evaluate(&m.scenario, &m.offering);
    println!(
        "evaluate   {:8.1} ms  ({})",
        ms(t),
        if a.is_ok() { "ok" } else { "error" }
    );
    let t = Instant::now();
    let mut calls = 0;
    let _ = answer_range(|x| {
        calls += 1;
        evaluate(&scale_traffic(&m.scenario, x), &m.offering)
            .ok()
            .and_then(|a| Answer::of(&a.report))
    });
    println!("range      {:8.1} ms  ({calls} evaluations)", ms(t));
}
