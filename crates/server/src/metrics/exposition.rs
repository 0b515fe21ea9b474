//! The text exposition of [`Metrics`] plus the queue gauges read from the store at scrape time.

use std::fmt::Write;

use super::Metrics;
use crate::store::QueueDepth;

/// Label values are province codes and route templates; escaped all the same.
fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

impl Metrics {
    /// Every metric, with the queue depths the store reported.
    pub fn render(&self, depths: &[QueueDepth]) -> String {
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
        let name = "reviewdesk_image_check_duration_seconds";
        header(&mut out, name, "histogram", "Photo checks (OCR) of one submission.");
        counts.image_checks.write(&mut out, name, "");
        let name = "reviewdesk_outbox_lag_seconds";
        header(&mut out, name, "histogram", "Outbox lag desktops report (oldest unsent decision).");
        counts.outbox_lag.write(&mut out, name, "");
        out
    }
}
