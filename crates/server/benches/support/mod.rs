//! Shared by the bench binaries: a run's rate and latency percentiles.

use std::time::Duration;

pub struct Figures {
    pub per_second: f64,
    pub p50: Duration,
    pub p99: Duration,
}

/// `count` operations done in `total`, with one latency sample per call (a call may do several
/// operations, e.g. a batched claim).
pub fn figures(mut samples: Vec<Duration>, count: usize, total: Duration) -> Figures {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q) as usize];
    Figures { per_second: count as f64 / total.as_secs_f64(), p50: at(0.5), p99: at(0.99) }
}
