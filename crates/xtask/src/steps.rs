//! Named, timed steps with a header before and an outcome line after, plus a final summary.

use std::time::{Duration, Instant};

use crate::error::Error;

/// The steps run so far by one xtask command.
#[derive(Debug, Default)]
pub struct Steps {
    records: Vec<Record>,
}

#[derive(Debug)]
struct Record {
    name: String,
    elapsed: Duration,
    /// `Ok(outcome)` or `Err(())` for a failed step (the error itself is reported by `main`).
    outcome: Result<String, ()>,
}

impl Steps {
    /// Runs one step. `step` returns a short outcome ("ok", "already installed: …").
    pub fn run<F>(&mut self, name: &str, step: F) -> Result<(), Error>
    where
        F: FnOnce() -> Result<String, Error>,
    {
        println!("\n==> {name}");
        let start = Instant::now();
        let result = step();
        let elapsed = start.elapsed();
        let outcome = match &result {
            Ok(outcome) => {
                println!("<== {name}: {outcome} ({})", seconds(elapsed));
                Ok(outcome.clone())
            }
            Err(_) => {
                println!("<== {name}: FAILED ({})", seconds(elapsed));
                Err(())
            }
        };
        self.records.push(Record {
            name: name.to_owned(),
            elapsed,
            outcome,
        });
        result.map(|_| ())
    }

    /// Prints a table of the steps run so far (if any) and forgets them.
    pub fn finish(&mut self) {
        if self.records.is_empty() {
            return;
        }
        let width = self.records.iter().map(|r| r.name.len()).max().unwrap_or(0);
        let total: Duration = self.records.iter().map(|r| r.elapsed).sum();
        println!("\nsummary:");
        for record in self.records.drain(..) {
            let outcome = record.outcome.unwrap_or_else(|()| "FAILED".to_owned());
            println!(
                "  {:<width$}  {:>8}  {outcome}",
                record.name,
                seconds(record.elapsed)
            );
        }
        println!("  {:<width$}  {:>8}", "total", seconds(total));
    }
}

fn seconds(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}
