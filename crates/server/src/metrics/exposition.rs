//! The text exposition of [`Metrics`] plus the queue gauges read from the store at scrape time.

use std::fmt::Write;

use super::Metrics;
use crate::store::{PhotoCheckBacklog, QueueDepth};

/// Label values are province codes and route templates; escaped all the same.
fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

impl Metrics {
    /// Every metric, with the queue depths and the photo checks' backlog the store reported
    /// (`oldest_age`: how long the oldest queued check has waited).
    pub fn render(
        &self,
        depths: &[QueueDepth],
        checks: &PhotoCheckBacklog,
        oldest_age: f64,
    ) -> String {
        let mut out = String::new();
        header(&mut out, "reviewdesk_queue_open", "gauge", "Open submissions per province.");
        for depth in depths {
            let province = escape(&depth.province);
            let _ =
                writeln!(out, "reviewdesk_queue_open{{province=\"{province}\"}} {}", depth.open);
        }
        header(
            &mut out,
            "reviewdesk_queue_due_soon",
            "gauge",
            "Open submissions due within one working day (at risk of missing the promised answer).",
        );
        for depth in depths {
            let province = escape(&depth.province);
            let _ = writeln!(
                out,
                "reviewdesk_queue_due_soon{{province=\"{province}\"}} {}",
                depth.due_soon
            );
        }
        let counts = self.counts();
        header(&mut out, "reviewdesk_claims_total", "counter", "Submissions leased by claims.");
        let _ = writeln!(out, "reviewdesk_claims_total {}", counts.claims);
        header(&mut out, "reviewdesk_decisions_total", "counter", "New decisions by outcome.");
        for outcome in ["approve", "reject"] {
            let count = counts.decisions.get(outcome).copied().unwrap_or(0);
            let _ = writeln!(out, "reviewdesk_decisions_total{{outcome=\"{outcome}\"}} {count}");
        }
        let name = "reviewdesk_http_request_duration_seconds";
        header(&mut out, name, "histogram", "Request latency per route template and method.");
        for ((route, method), histogram) in &counts.requests {
            let labels = format!("route=\"{}\",method=\"{}\"", escape(route), escape(method));
            histogram.write(&mut out, name, &labels);
        }
        let name = "reviewdesk_image_checks_queued";
        header(
            &mut out,
            name,
            "gauge",
            "Submissions whose photo checks have not ended (claimed or not).",
        );
        let _ = writeln!(out, "{name} {}", checks.queued);
        let name = "reviewdesk_image_checks_oldest_queued_seconds";
        header(
            &mut out,
            name,
            "gauge",
            "How long the oldest queued photo check has waited (0: none queued).",
        );
        let _ = writeln!(out, "{name} {oldest_age}");
        let name = "reviewdesk_image_checks_total";
        header(&mut out, name, "counter", "Runs of a submission's photo checks by outcome.");
        for outcome in ["done", "failed", "retried", "lost"] {
            let count = counts.image_check_outcomes.get(outcome).copied().unwrap_or(0);
            let _ = writeln!(out, "{name}{{outcome=\"{outcome}\"}} {count}");
        }
        let name = "reviewdesk_image_check_duration_seconds";
        header(&mut out, name, "histogram", "Photo checks (OCR) of one submission.");
        counts.image_checks.write(&mut out, name, "");
        let name = "reviewdesk_image_check_wait_seconds";
        header(&mut out, name, "histogram", "From intake to the photo checks' recorded outcome.");
        counts.image_check_waits.write(&mut out, name, "");
        let name = "reviewdesk_outbox_lag_seconds";
        header(&mut out, name, "histogram", "Outbox lag desktops report (oldest unsent decision).");
        counts.outbox_lag.write(&mut out, name, "");
        out
    }
}
