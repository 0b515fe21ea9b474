//! The supervision endpoints (`/api/v1/supervision/...`) on [`Transport`]: the decision log and
//! its export, a case's timeline, the second-review list and verdicts, golden items, statistics,
//! the supervisor's saved views, and the audit chain's verification. Supervisors only; the server refuses anyone else
//! (`403 supervisors_only`), and that refusal is passed on unchanged.

use reqwest::{header, Method, RequestBuilder};
use reviewdesk_domain::wire::case_search::{CaseSearchQuery, CaseSearchResult};
use reviewdesk_domain::wire::queue_overview::{QueueOverview, RevokedLease};
use reviewdesk_domain::wire::saved_views::{SaveViewRequest, SavedView};
use reviewdesk_domain::wire::supervision::{
    AuditVerification, DecisionLogPage, DecisionLogQuery, ExportQuery, GoldenItem,
    PlantGoldenRequest, ReportQuery, SecondReviewItem, SecondReviewReceipt, SecondReviewRequest,
    Stats, StatsQuery, Timeline,
};
use serde::Serialize;

use super::{network, read_json, Transport, TransportError};

/// An exported decision log: the file's bytes and the name the server suggests for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    pub bytes: Vec<u8>,
    /// From `Content-Disposition`, when the server sent one.
    pub filename: Option<String>,
}

impl Transport {
    /// `GET /api/v1/supervision/decisions?…`: one page of the decision log, newest first.
    pub async fn decision_log(
        &self,
        query: &DecisionLogQuery,
    ) -> Result<DecisionLogPage, TransportError> {
        let request = self.with_query(&["supervision", "decisions"], query)?;
        read_json(self.send(request).await?).await
    }

    /// `GET /api/v1/supervision/decisions/export?…`: the filtered log as CSV or XLSX.
    pub async fn export_decisions(
        &self,
        query: &ExportQuery,
    ) -> Result<ExportFile, TransportError> {
        let request = self.with_query(&["supervision", "decisions", "export"], query)?;
        let response = self.send(request).await?;
        let filename = response
            .headers()
            .get(header::CONTENT_DISPOSITION)
            .and_then(|value| value.to_str().ok())
            .and_then(disposition_filename);
        let bytes = response.bytes().await.map_err(network)?.to_vec();
        Ok(ExportFile { bytes, filename })
    }

    /// `GET /api/v1/supervision/cases?q=…`: cases of the province by case number, applicant id,
    /// ID number or name (audited by the server).
    pub async fn find_cases(&self, q: &str) -> Result<CaseSearchResult, TransportError> {
        let query = CaseSearchQuery { q: q.to_owned() };
        let request = self.with_query(&["supervision", "cases"], &query)?;
        read_json(self.send(request).await?).await
    }

    /// `GET /api/v1/supervision/queue`: the province's queue right now.
    pub async fn queue_overview(&self) -> Result<QueueOverview, TransportError> {
        let request = self.request(Method::GET, &["supervision", "queue"])?;
        read_json(self.send(request).await?).await
    }

    /// `POST /api/v1/supervision/queue/{id}/release`: takes a live lease back (收回).
    pub async fn revoke_lease(&self, submission_id: &str) -> Result<RevokedLease, TransportError> {
        let path = ["supervision", "queue", submission_id, "release"];
        read_json(self.send(self.post(&path, &serde_json::json!({}))?).await?).await
    }

    /// `GET /api/v1/supervision/views`: the supervisor's saved views, by slot.
    pub async fn saved_views(&self) -> Result<Vec<SavedView>, TransportError> {
        let request = self.request(Method::GET, &["supervision", "views"])?;
        read_json(self.send(request).await?).await
    }

    /// `PUT /api/v1/supervision/views/{name}`: saves the filters under the name.
    pub async fn save_view(
        &self,
        name: &str,
        request: &SaveViewRequest,
    ) -> Result<SavedView, TransportError> {
        let request = self.request(Method::PUT, &["supervision", "views", name])?.json(request);
        read_json(self.send(request).await?).await
    }

    /// `DELETE /api/v1/supervision/views/{name}`.
    pub async fn delete_view(&self, name: &str) -> Result<(), TransportError> {
        self.send(self.request(Method::DELETE, &["supervision", "views", name])?).await?;
        Ok(())
    }

    /// `GET /api/v1/supervision/report?month=YYYY-MM`: a month's statistics as XLSX.
    pub async fn monthly_report(&self, month: &str) -> Result<Vec<u8>, TransportError> {
        let query = ReportQuery { month: month.to_owned() };
        let request = self.with_query(&["supervision", "report"], &query)?;
        let response = self.send(request).await?;
        Ok(response.bytes().await.map_err(network)?.to_vec())
    }

    /// `GET /api/v1/supervision/submissions/{id}/timeline`.
    pub async fn timeline(&self, submission_id: &str) -> Result<Timeline, TransportError> {
        let segments = ["supervision", "submissions", submission_id, "timeline"];
        read_json(self.send(self.request(Method::GET, &segments)?).await?).await
    }

    /// `GET /api/v1/supervision/second-reviews`: four-eyes items and the QA sample.
    pub async fn second_reviews(&self) -> Result<Vec<SecondReviewItem>, TransportError> {
        let request = self.request(Method::GET, &["supervision", "second-reviews"])?;
        read_json(self.send(request).await?).await
    }

    /// `POST /api/v1/supervision/second-reviews`: 201 new, 200 a replay of the same `id`.
    pub async fn second_review(
        &self,
        verdict: &SecondReviewRequest,
    ) -> Result<SecondReviewReceipt, TransportError> {
        read_json(self.send(self.post(&["supervision", "second-reviews"], verdict)?).await?).await
    }

    /// `POST /api/v1/supervision/golden`: plants a copy of a decided case in the queue.
    pub async fn plant_golden(
        &self,
        request: &PlantGoldenRequest,
    ) -> Result<GoldenItem, TransportError> {
        read_json(self.send(self.post(&["supervision", "golden"], request)?).await?).await
    }

    /// `GET /api/v1/supervision/stats?from=…&to=…`.
    pub async fn stats(&self, query: &StatsQuery) -> Result<Stats, TransportError> {
        let request = self.with_query(&["supervision", "stats"], query)?;
        read_json(self.send(request).await?).await
    }

    /// `GET /api/v1/supervision/audit/verify`.
    pub async fn verify_audit(&self) -> Result<AuditVerification, TransportError> {
        let request = self.request(Method::GET, &["supervision", "audit", "verify"])?;
        read_json(self.send(request).await?).await
    }

    /// A GET whose query string is `query` encoded as a form (absent options left out).
    pub(super) fn with_query(
        &self,
        segments: &[&str],
        query: &impl Serialize,
    ) -> Result<RequestBuilder, TransportError> {
        let mut url = self.url(segments)?;
        let pairs = query_pairs(query)?;
        if !pairs.is_empty() {
            url.query_pairs_mut().extend_pairs(pairs);
        }
        let request = self.http.request(Method::GET, url);
        Ok(match &self.token {
            Some(token) => request.bearer_auth(token),
            None => request,
        })
    }
}

/// The flat `key=value` pairs of a query type, as `serde_urlencoded` makes them: `None` left out,
/// strings as they are, numbers and booleans as text. Nested values are refused.
fn query_pairs(query: &impl Serialize) -> Result<Vec<(String, String)>, TransportError> {
    let bad = |detail: String| TransportError::BadAnswer { detail };
    let value = serde_json::to_value(query).map_err(|error| bad(error.to_string()))?;
    let serde_json::Value::Object(fields) = value else {
        return Err(bad("查询参数不是一组字段".to_owned()));
    };
    let mut pairs = Vec::with_capacity(fields.len());
    for (key, value) in fields {
        let text = match value {
            serde_json::Value::Null => continue,
            serde_json::Value::String(text) => text,
            serde_json::Value::Bool(flag) => flag.to_string(),
            serde_json::Value::Number(number) => number.to_string(),
            other => return Err(bad(format!("查询参数 {key} 不是单个值：{other}"))),
        };
        pairs.push((key, text));
    }
    Ok(pairs)
}

/// The file name of a `Content-Disposition: attachment` header: `filename*=UTF-8''…` (percent-
/// encoded) first, else `filename="…"`. Any folder part is dropped.
pub fn disposition_filename(header: &str) -> Option<String> {
    let mut plain = None;
    for part in header.split(';').map(str::trim) {
        if let Some(encoded) = part.strip_prefix("filename*=") {
            let encoded = encoded.split_once("''").map_or(encoded, |(_, rest)| rest);
            let decoded = percent_decode(encoded)?;
            return base_name(&decoded);
        }
        if let Some(quoted) = part.strip_prefix("filename=") {
            plain = base_name(quoted.trim_matches('"'));
        }
    }
    plain
}

fn base_name(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    (!base.is_empty() && base != "." && base != "..").then(|| base.to_owned())
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use reviewdesk_domain::review::Outcome;
    use reviewdesk_domain::wire::supervision::{DecisionLogFilter, ExportFormat};

    use super::*;

    #[test]
    fn queries_are_flat_pairs_without_the_absent_options() {
        let query = DecisionLogQuery {
            filter: DecisionLogFilter {
                reviewer: Some("王 审核".to_owned()),
                from: NaiveDate::from_ymd_opt(2026, 12, 1),
                outcome: Some(Outcome::Reject),
                overturned: Some(true),
                ..DecisionLogFilter::default()
            },
            cursor: None,
            limit: Some(50),
        };
        let mut pairs = query_pairs(&query).unwrap();
        pairs.sort();
        let expected: Vec<(String, String)> = [
            ("from", "2026-12-01"),
            ("limit", "50"),
            ("outcome", "reject"),
            ("overturned", "true"),
            ("reviewer", "王 审核"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        assert_eq!(pairs, expected);
        let export =
            ExportQuery { format: ExportFormat::Xlsx, full: true, ..ExportQuery::default() };
        let mut pairs = query_pairs(&export).unwrap();
        pairs.sort();
        assert_eq!(
            pairs,
            [("format".to_owned(), "xlsx".to_owned()), ("full".to_owned(), "true".to_owned())]
        );
    }

    #[test]
    fn the_suggested_file_name_comes_from_the_disposition_header() {
        assert_eq!(
            disposition_filename(
                "attachment; filename=\"log.csv\"; filename*=UTF-8''%E5%AE%A1.csv"
            ),
            Some("审.csv".to_owned())
        );
        assert_eq!(
            disposition_filename("attachment; filename=\"../../x.xlsx\""),
            Some("x.xlsx".to_owned())
        );
        assert_eq!(disposition_filename("attachment"), None);
        assert_eq!(disposition_filename("attachment; filename=\"..\""), None);
    }
}
