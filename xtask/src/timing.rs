//! How long each stage of a command took, printed as a small table.

use std::time::{Duration, Instant};

/// The stages run so far, each with its wall-clock time and whether it succeeded.
#[derive(Default)]
pub struct Stages {
    done: Vec<(String, Duration, bool)>,
}

impl Stages {
    /// Runs `stage`, recording its time under `name` whether it succeeds or fails, and returns
    /// its result.
    pub fn time<T>(
        &mut self,
        name: &str,
        stage: impl FnOnce() -> Result<T, String>,
    ) -> Result<T, String> {
        let start = Instant::now();
        let result = stage();
        self.done
            .push((name.to_owned(), start.elapsed(), result.is_ok()));
        result
    }

    /// Prints one line a stage (a failed stage is marked), then their sum.
    pub fn print(&self) {
        let width = self.done.iter().map(|(n, ..)| n.len()).max().unwrap_or(0);
        println!("\n{:<width$}  {:>8}", "stage", "time");
        let mut sum = Duration::ZERO;
        for (name, took, ok) in &self.done {
            let mark = if *ok { "" } else { "  (failed)" };
            println!("{name:<width$}  {:>8}{mark}", minutes(*took));
            sum += *took;
        }
        println!("{:<width$}  {:>8}", "all stages", minutes(sum));
    }
}

/// `m:ss`.
fn minutes(d: Duration) -> String {
    let s = d.as_secs();
    format!("{}:{:02}", s / 60, s % 60)
}
